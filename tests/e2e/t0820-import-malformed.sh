#!/bin/bash
# complaint import of broken files: each a clear FILE:LINE error, exit
# 65, and a database exactly as it was; --skip-bad; usage errors.
. "$(dirname "$0")/lib.sh"

H='Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea'
good='bob,sales,2026-11-02,2026-11-05,Y,Ann Smith,Late parcel,Refunded,Better boxes'

# Into an empty database, import drops and rebuilds the indexes: a
# refusal must leave them, and everything else, as they were. (SQLite
# files, on either engine's run: the indexes set aside are SQLite's.)
main_db=$COMPLAINT_DB
export COMPLAINT_DB="$T/empty.db"
empty_db
db_snapshot
printf '%s\n%s\nbob,sales,2026-11-02\n' "$H" "$good" >"$T/f0.csv"
expect 65 "a bad record in an empty database" complaint import "$T/f0.csv"
db_unchanged "the empty database and its indexes are as they were"
printf '%s\n%s\n%s\n' "$H" "$good" "$good" >"$T/g0.csv"
expect 0 "a good import into an empty database" complaint import "$T/g0.csv"
indexes() { sqlite3 "$1" "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaint' ORDER BY name"; }
COMPLAINT_DB="$T/fresh.db" "$COMPLAINT_BIN" escalate --auto >/dev/null
assert "its indexes are back, every one as created" [ "$(indexes "$COMPLAINT_DB")" = "$(indexes "$T/fresh.db")" ]
assert "and sound" [ "$(sqlite3 "$COMPLAINT_DB" 'PRAGMA integrity_check')" = ok ]
export COMPLAINT_DB="$main_db"

complaint log --customer Zed --channel phone >/dev/null
db_snapshot

refused() {
	desc=$1 file=$2 msg=$3
	expect 65 "$desc" complaint import "$file"
	err_has "$msg"
	db_unchanged "$desc: database unchanged"
}

printf '%s\r\n%s\r\n"bob,sales,2026-11-02\r\n' "$H" "$good" >"$T/f1.csv"
refused "an unterminated quote" "$T/f1.csv" "$T/f1.csv:4: unterminated quoted field (the quote opened on line 3 is never closed)"
printf '%s\n%s\nbob,sales,2026-11-02\n' "$H" "$good" >"$T/f2.csv"
refused "too few columns" "$T/f2.csv" "$T/f2.csv:3: 3 fields, expected 9 as in the header"
printf '%s\n%s,extra\n' "$H" "$good" >"$T/f3.csv"
refused "too many columns" "$T/f3.csv" "$T/f3.csv:2: 10 fields, expected 9 as in the header"
printf '%s\n%s\nbob,sales,2026-02-30,,N,Bo,x,,\n' "$H" "$good" >"$T/f4.csv"
refused "an invalid date" "$T/f4.csv" "$T/f4.csv:3: invalid date '2026-02-30' in column 'Date received' (expected YYYY-MM-DD or D/M/YYYY)"
printf '%s\nbob,sales,yesterday,,N,Bo,x,,\n' "$H" >"$T/f5.csv"
refused "a date in words" "$T/f5.csv" "$T/f5.csv:2: invalid date 'yesterday'"
printf '%s\nbob,sales,2027-01-01,,N,Bo,x,,\n' "$H" >"$T/f6.csv"
refused "a date in the future" "$T/f6.csv" "$T/f6.csv:2: received date '2027-01-01' is in the future"
printf '%s\nbob,sales,2026-11-02,,N,B\377o,x,,\n' "$H" >"$T/f7.csv"
refused "invalid UTF-8" "$T/f7.csv" "$T/f7.csv:2: column 'Customer Name' is not valid UTF-8"
: >"$T/f8.csv"
refused "an empty file" "$T/f8.csv" "$T/f8.csv: empty file (expected a header line and records)"
printf '%s\r\n' "$H" >"$T/f9.csv"
refused "a header only" "$T/f9.csv" "$T/f9.csv: no records after the header line"
printf '%s\nbob,sales,2026-11-02,,N,,x,,\n' "$H" >"$T/f10.csv"
refused "no customer" "$T/f10.csv" "$T/f10.csv:2: no customer (column 'Customer Name' is empty)"
printf '%s\nbob,sales,2026-11-02,,N,Bo,x"y,,\n' "$H" >"$T/f11.csv"
refused "a stray quote" "$T/f11.csv" "$T/f11.csv:2: quote inside an unquoted field"
printf '%s\nbob,sales,2026-11-05,2026-11-02,Y,Bo,x,,\n' "$H" >"$T/f12.csv"
refused "resolved before received" "$T/f12.csv" "$T/f12.csv:2: resolved on '2026-11-02', before it was received"
printf 'a,b,c\n1,2,3\n' >"$T/f13.csv"
refused "an unknown layout" "$T/f13.csv" "$T/f13.csv:1: unknown layout"
{ printf '%s\nbob,sales,2026-11-02,,N,Bo,"' "$H"; head -c 104857600 /dev/zero | tr '\0' x; printf '",,\n'; } >"$T/f14.csv"
refused "a 100 MB field" "$T/f14.csv" "$T/f14.csv:2: record is too long (more than 16777216 bytes)"
rm -f "$T/f14.csv"
{ printf '%s\nbob,sales,2026-11-02,,N,Bo,"' "$H"; head -c 1048577 /dev/zero | tr '\0' x; printf '",,\n'; } >"$T/f15.csv"
refused "a field over 1 MiB" "$T/f15.csv" "$T/f15.csv:2: column 'Issue' is too long (1048577 bytes; at most 1048576)"
expect 66 "a missing file" complaint import "$T/none.csv"
err_has "cannot read '$T/none.csv'"
expect 66 "a directory" complaint import "$T"
expect 64 "no file" complaint import
err_has "a file is required (- for standard input)"
expect 64 "two files" complaint import "$T/f1.csv" "$T/f2.csv"
expect 64 "an unknown option" complaint import --fast "$T/f1.csv"
db_unchanged "nothing at all was written"

# --skip-bad imports the good records and lists each bad one.
printf '%s\n%s\nbob,sales,nope,,N,Bo,x,,\n%s\nshort\n' "$H" "$good" "$good" >"$T/mixed.csv"
expect 0 "--skip-bad" complaint import --skip-bad "$T/mixed.csv"
err_has "complaint: $T/mixed.csv:3: invalid date 'nope'"
err_has "complaint: $T/mixed.csv:5: 1 fields, expected 9 as in the header"
err_has "imported 2, skipped 2, duplicates 0, new values 0 (layout spreadsheet)"
assert "two more complaints" [ "$(db_query 'SELECT count(*) FROM complaint')" -eq 3 ]
# A broken CSV structure still stops the import, --skip-bad or not.
db_snapshot
expect 65 "--skip-bad does not skip a broken quote" complaint import --skip-bad "$T/f1.csv"
db_unchanged

# The spreadsheet's fields: owner, Y/N, follow-up date, idea.
expect 0 "the spreadsheet layout" complaint import "$T/mixed.csv" --skip-bad
id=$(db_query 'SELECT max(id) FROM complaint')
complaint show "$id" --format json >"$T/out"
out_has '"owner":"bob"' "Case Owner owns it"
out_has '"status":"closed"' "Y is resolved and followed up"
out_has '"closed_at":"2026-11-05T00:00:00Z"'
out_has '"customer":"Ann Smith"'
out_has '"resolution":"Refunded"'
out_has '"channel":"phone"' "the first configured channel"
out_has '"source":"spreadsheet"'
assert "the idea is linked to the complaint" [ "$(db_query "SELECT idea || '|' || status || '|' || proposed_by FROM idea WHERE complaint_id = $id")" = "Better boxes|proposed|bob" ]
printf '%s\n,,01/02/2026,,N,Cy,x,,\n' "$H" >"$T/owner.csv"
expect 0 "no owner: the acting user; D/M/YYYY" complaint --as dave import "$T/owner.csv"
id=$(db_query 'SELECT max(id) FROM complaint')
complaint show "$id" --format json >"$T/out"
out_has '"owner":"dave"'
out_has '"received_at":"2026-02-01T00:00:00Z"' "01/02/2026 is 1 February"
out_has '"status":"new"' "N without a resolution is new"
# A byte-order mark and CRLF line ends.
printf '\357\273\277%s\r\nann,,2026-11-02,,N,Di,x,Sorted,\r\n' "$H" >"$T/bom.csv"
expect 0 "a byte-order mark" complaint import "$T/bom.csv"
id=$(db_query 'SELECT max(id) FROM complaint')
complaint show "$id" --format json >"$T/out"
out_has '"status":"resolved"' "N with a resolution is resolved"
out_has '"owner":"ann"'
done_testing
