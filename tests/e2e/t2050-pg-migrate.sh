#!/bin/bash
# PostgreSQL: migrate --to copies a SQLite file whole into an empty
# database on the server, in one transaction: verify there ends at the
# file's head, every table holds the same rows, the server takes more
# history, and a database already holding rows is refused (65) as it is.
# Imported complaints (schema 15's form-1 events, schema 17's files
# named once) go there and back.
. "$(dirname "$0")/lib.sh"
pg_only "migrate into a server"

server=$COMPLAINT_DB
export COMPLAINT_DB="$T/team.db"
complaint log --customer "Ann Smith" --channel phone -m "Late" --contact ann@example.com >/dev/null
complaint log --customer Bob --channel email -m "Overcharged" >/dev/null
complaint log --customer "Cy" --channel web -m "Late again" >/dev/null
complaint note 1 "$(printf 'tab\there, a line\nbreak and a \\\\ backslash, Zoë 日本')" >/dev/null
complaint resolve 2 --resolution "Refunded" --remedy refund --amount 12.50 >/dev/null
complaint review 2 --idea "Check invoices twice" >/dev/null
printf 'bytes\0with a NUL\377' >"$T/scan.bin"
complaint attach 1 "$T/scan.bin" >/dev/null
complaint --idempotency-key k-1 note 2 "keyed" >/dev/null
complaint merge 3 --into 1 --reason "the same parcel" >/dev/null
complaint erase --ref 2 --reason "request" >/dev/null
expect 0 "verify the file" complaint verify
cp "$T/out" "$T/verify.file"
head=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$T/out")
events=$(sed -n 's/^ok: \([0-9]*\) events.*/\1/p' "$T/out")
assert "a head" [ "${#head}" -eq 64 ]
cp "$T/team.db" "$T/team.before"

expect 0 "migrate into the server" complaint migrate --to "$server"
out_is "migrated 3 complaints and $events events"
assert "the file is left as it was" cmp -s "$T/team.db" "$T/team.before"
export COMPLAINT_DB="$server"
expect 0 "verify on the server" complaint verify
out_has "head $head"
assert "as many events, as many erased, the same head" cmp -s "$T/out" "$T/verify.file"
for q in "SELECT count(*) FROM complaint" "SELECT count(*) FROM event" \
    "SELECT id || ' ' || coalesce(merged_into, 0) || ' ' || status FROM complaint ORDER BY id" \
    "SELECT note FROM event WHERE note IS NOT NULL ORDER BY id" \
    "SELECT sha256 || ' ' || size FROM attachment" \
    "SELECT idea || ' ' || status FROM idea" \
    "SELECT key || ' ' || status || ' ' || command FROM idempotency"; do
	assert "the same on both: $q" [ "$(db_query "$q")" = "$(sqlite3 "$T/team.db" "$q")" ]
done
# The file keeps a hash as its 32 bytes (schema 16), the server as its
# digits.
assert "the same hashes on both" [ "$(db_query "SELECT hash FROM event ORDER BY id")" = "$(sqlite3 "$T/team.db" "SELECT lower(hex(hash)) FROM event ORDER BY id")" ]
# The file stores a name's key only where it is not the name but for
# case (schema 19); the server stores every key, given it by the copy.
assert "the file leaves keys out" [ "$(sqlite3 "$T/team.db" "SELECT count(*) FROM complaint WHERE customer_key IS NULL")" -gt 0 ]
assert "the server holds every key" [ "$(db_query "SELECT count(*) FROM complaint WHERE customer_key IS NULL OR owner_key IS NULL")" = 0 ]
expect 0 "a customer is found by name on the server" complaint list --customer "ANN  smith"
out_has "CMP-000001"
expect 0 "the attachment's bytes came over" complaint attach 1 --get 1 -o "$T/back.bin"
assert "byte for byte" cmp -s "$T/scan.bin" "$T/back.bin"
expect 0 "search finds the copied notes" complaint search backslash
out_has "CMP-000001"
expect 0 "the key replays on the server" complaint --idempotency-key k-1 note 2 "keyed"
expect 0 "the server takes more history" complaint log --customer Dee --channel phone
out_is "CMP-000004"
expect 0 "which verifies" complaint verify

db_snapshot
expect 65 "a database with rows is refused" env COMPLAINT_DB="$T/team.db" "$COMPLAINT_BIN" migrate --to "$server"
err_has "is not empty (its complaint table has rows): a copy goes into an empty database only"
err_lines 1
db_unchanged "the refused copy changed nothing"

# The copy is one transaction: a failure half-way leaves the new
# database empty (here a complaint too wide for the server's text: a
# NUL byte, which PostgreSQL's text cannot hold).
other=$(new_db other)
cp "$T/team.before" "$T/bad.db"
sqlite3 "$T/bad.db" "UPDATE complaint SET lessons = CAST(x'41004200' AS TEXT) WHERE id = 3" 2>/dev/null
expect 65 "a row the server refuses" env COMPLAINT_DB="$T/bad.db" "$COMPLAINT_BIN" migrate --to "$other"
assert "and the database is left with no rows" [ "$(psql_db -A -t -q "$other" -c 'SELECT count(*) FROM complaint')" = 0 ]

# Schema 15: a file whose complaints came by import (creation events
# of form 1, which store no changes) migrates with the same head; more
# imported on the server, its backup verifies as a SQLite file.
sheet() {
	printf '%s\n' 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea'
	printf 'agent%d,Billing,1%d/11/2023,,N,"Customer %s","Issue %s","",""\n' "$@"
}
sheet 1 4 A A 2 5 B B >"$T/sheet1.csv"
sheet 3 6 C C >"$T/sheet2.csv"
expect 0 "import into a file" complaint --db "$T/sheet.db" import "$T/sheet1.csv"
expect 0 "which verifies" complaint --db "$T/sheet.db" verify
cp "$T/out" "$T/verify.sheet"
third=$(new_db third)
expect 0 "migrate the imported file" complaint --db "$T/sheet.db" migrate --to "$third"
out_is "migrated 2 complaints and 2 events"
expect 0 "verify on the server" complaint --db "$third" verify
assert "the same head" cmp -s "$T/out" "$T/verify.sheet"
assert "the forms came over" [ "$(psql_db -A -t -q "$third" -c 'SELECT count(*) FROM event WHERE form = 1 AND changes IS NULL AND digest IS NULL')" = 2 ]
assert "the file's name, stored once, came over (schema 17)" [ "$(psql_db -A -t -q "$third" -c "SELECT count(*) FROM event e JOIN import_file f ON f.id = e.import_file WHERE f.name = '$T/sheet1.csv'")" = 2 ]
expect 0 "import more on the server" complaint --db "$third" import "$T/sheet2.csv"
expect 0 "show gives the created values back" complaint --db "$third" show 3
out_has "Customer C"
expect 0 "the server verifies" complaint --db "$third" verify
cp "$T/out" "$T/verify.third"
expect 0 "back up the server" complaint --db "$third" backup "$T/sheet-back.db"
expect 0 "the backup verifies" complaint --db "$T/sheet-back.db" verify
assert "with the server's head" cmp -s "$T/out" "$T/verify.third"
assert "the forms went back" [ "$(sqlite3 "$T/sheet-back.db" 'SELECT count(*) FROM event WHERE form = 1 AND changes IS NULL AND digest IS NULL')" = 3 ]
assert "and the files' names" [ "$(sqlite3 "$T/sheet-back.db" 'SELECT group_concat(name, " ") FROM import_file ORDER BY id')" = "$T/sheet1.csv $T/sheet2.csv" ]

expect 64 "the server is no source" complaint migrate --to "$other"
err_has "must be a SQLite file"

done_testing
