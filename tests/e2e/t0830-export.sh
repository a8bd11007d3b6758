#!/bin/bash
# complaint export: JSON and NDJSON with the history, CSV one row a
# complaint with no cell starting a formula, filters, and the spreadsheet
# layout whose import gives the same complaints back.
. "$(dirname "$0")/lib.sh"

empty_db
expect 0 "no complaints: an empty array" complaint export
out_is "[]"
expect 0 "no complaints: empty ndjson" complaint export --format ndjson
assert "nothing written" [ ! -s "$T/out" ]

COMPLAINT_NOW=2026-11-16T09:00:00Z complaint log --customer "Ann Smith" --channel phone -m "Late parcel" --details "$(printf 'line 1\nline 2')" >/dev/null
complaint log --customer "=HYPERLINK(\"x\")" --channel email --category billing -m "+1 charge, \"twice\"" --owner bob >/dev/null
complaint log --customer Cy --channel chat --resolution "Sorted there and then" >/dev/null
complaint note 1 "Called the courier" >/dev/null

expect 0 "json" complaint export
assert "valid JSON of 3 complaints" sh -c 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==3, d; print(d[0][\"events\"][1][\"note\"])" "$0" | grep -qx "Called the courier"' "$T/out"
out_has '"ref":"CMP-000001"'
out_has '"details":"line 1\nline 2"'
out_has '"events":[{"at":"2026-11-16T09:00:00Z","actor":"alice","account":"'"$(db_account)"'","action":"log","changes":{'
expect 0 "ndjson" complaint export --format ndjson
assert "one line per complaint" [ "$(wc -l <"$T/out")" -eq 3 ]
assert "every line is JSON with events" sh -c 'python3 -c "import json,sys; [json.loads(l)[\"events\"] for l in open(sys.argv[1])]" "$0"' "$T/out"
expect 0 "ndjson matches show --format json" complaint export --format ndjson --owner bob
python3 -c 'import json,sys; print(json.dumps(json.loads(open(sys.argv[1]).read()), sort_keys=True))' "$T/out" >"$T/export.json"
complaint show 2 --format json | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))' >"$T/show.json"
assert "export and show agree" cmp -s "$T/export.json" "$T/show.json"
# One writer for both: the same bytes, not only the same data.
complaint export --format ndjson --owner bob >"$T/export.line"
complaint show 2 --format json >"$T/show.line"
assert "show --format json is export's line, byte for byte" cmp -s "$T/export.line" "$T/show.line"


expect 0 "csv" complaint export --format csv
assert "header and three rows (one has a line break)" [ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))))' "$T/out")" -eq 4 ]
out_has 'ref,status,received_at,channel,customer,contact,customer_id,owner,'
out_has "\"'=HYPERLINK(\"\"x\"\")\"" "a formula is made inert"
out_has "\"'+1 charge, \"\"twice\"\"\""

expect 0 "filters" complaint export --format ndjson --status resolved
assert "one resolved" [ "$(wc -l <"$T/out")" -eq 1 ]
out_has '"customer":"Cy"'
expect 0 "--since" complaint export --format ndjson --since 2026-11-17
assert "two since the 17th" [ "$(wc -l <"$T/out")" -eq 2 ]
expect 0 "--channel" complaint export --format csv --channel email
assert "one email complaint" [ "$(wc -l <"$T/out")" -eq 2 ]

expect 64 "an unknown format" complaint export --format xml
expect 64 "table is not an export format" complaint export --format table
err_has "export writes json, ndjson or csv, not 'table'"
expect 64 "an unknown layout" complaint export --layout sheet
expect 64 "spreadsheet is csv" complaint export --layout spreadsheet --format json
expect 65 "an unknown status" complaint export --status lost
expect 64 "a stray argument" complaint export all

# The spreadsheet layout, and its import into another database.
printf 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea\n' >"$T/sheet.csv"
printf 'bob,sales,2026-11-02,2026-11-05,Y,Ann,"Late, again",Refunded,"Better\nboxes"\n' >>"$T/sheet.csv"
printf 'carol,,2026-11-03,2026-11-04,N,"-5 credit",Wrong bill,Credited,\n' >>"$T/sheet.csv"
printf 'dave,support,2026-11-04,,N,Di,Rude,,\n' >>"$T/sheet.csv"
expect 0 "import a sheet" complaint import "$T/sheet.csv"
expect 0 "export the spreadsheet layout" complaint export --layout spreadsheet --since 2026-11-01 --until 2026-11-15
cp "$T/out" "$T/export1.csv"
out_has 'bob,sales,2026-11-02,2026-11-05,Y,Ann,"Late, again",Refunded,"Better'
out_has "carol,,2026-11-03,2026-11-04,N,'-5 credit,Wrong bill,Credited,"
out_has 'dave,support,2026-11-04,,N,Di,Rude,,'
expect 0 "export a logged complaint at its exact time" complaint export --layout spreadsheet --customer "Ann Smith"
out_has 'alice,,2026-11-16 09:00,,N,Ann Smith,Late parcel,,'
complaint export --layout spreadsheet >"$T/all.csv"
expect 0 "the export imports into a new database" env COMPLAINT_DB="$T/copy.db" "$COMPLAINT_BIN" import "$T/all.csv"
err_has "imported 6, skipped 0"
expect 0 "and exports the same again" env COMPLAINT_DB="$T/copy.db" "$COMPLAINT_BIN" export --layout spreadsheet
assert "the round trip gives the same complaints" cmp -s "$T/out" "$T/all.csv"
fields='owner, department, received_at, customer, summary, resolution, status, resolved_at, closed_at'
db_query "SELECT $fields FROM complaint ORDER BY id" >"$T/a"
sqlite3 "$T/copy.db" "SELECT $fields FROM complaint ORDER BY id" >"$T/b"
assert "field by field" cmp -s "$T/a" "$T/b"
db_query "SELECT complaint_id, idea FROM idea ORDER BY id" >"$T/a"
sqlite3 "$T/copy.db" "SELECT complaint_id, idea FROM idea ORDER BY id" >"$T/b"
assert "ideas too" cmp -s "$T/a" "$T/b"
# Export writes its JSON straight from the rows, show from a loaded
# complaint: byte for byte the same for every complaint (show only adds
# line breaks around the events), odd values included.
odd_db=$(new_db odd)
export COMPLAINT_DB="$odd_db"
complaint log --customer "Ann" --channel email -m "plain" --owner bob >/dev/null
complaint log --customer "Bo" --channel chat -m "to escalate" >/dev/null
complaint log --customer "Cy" --channel web -m "to erase" --contact cy@example.com >/dev/null
complaint log --customer "Zoë \"Q\" 日本 😀" --channel phone --contact z@example.com -m "$(printf 'tab\there\\ \001 ctl \342\200\256 bidi')" --details "$(printf 'a\r\nb')" >/dev/null
complaint ack 4 --via email --eta 2026-11-25 >/dev/null
complaint assess 4 --severity high --impact 1 --urgency 2 --complex --note "ünï" >/dev/null
complaint resolve 4 --resolution "Refunded €12.50" --remedy refund --amount 12.5 --justified yes >/dev/null
complaint escalate 2 --to 1 --reason "asked" >/dev/null 2>&1
complaint erase --ref 3 --reason "request" >/dev/null
expect 0 "ndjson of odd values" complaint export --format ndjson
ok=1
for ref in 1 2 3 4; do
	complaint show $ref --format json >"$T/show" || ok=0
	python3 - "$T/show" "$T/out" $ref <<'PY' || ok=0
import sys
show = open(sys.argv[1], 'rb').read()
line = open(sys.argv[2], 'rb').read().split(b'\n')[int(sys.argv[3]) - 1]
want = show.replace(b'\n    {', b'{').replace(b'\n]', b']').rstrip(b'\n')
sys.exit(0 if want == line else 1)
PY
done
assert "export and show agree byte for byte" [ $ok -eq 1 ]
done_testing
