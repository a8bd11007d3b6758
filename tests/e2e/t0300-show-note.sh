#!/bin/bash
# complaint show and note: every reference form, the readable view, JSON
# with the history, notes on any complaint.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone -m "Late" --details "Two lines
of details" >/dev/null
for r in CMP-000001 cmp-000001 CMP-1 1; do
	expect 0 "show $r" complaint show "$r"
	out_has "CMP-000001"
done
expect 0 "readable view" complaint show 1
out_has "customer           Ann"
out_has "history:"
out_has "alice"
out_has "    of details"
expect 0 "note" complaint --as bob note 1 "Customer rang to chase"
expect 0 "note in history" complaint show 1 --format json
out_has '"action":"note"'
out_has '"note":"Customer rang to chase"'
out_has '"actor":"bob"'
out_has '"events":['
if command -v jq >/dev/null; then
	assert "json parses" jq -e '.events | length == 2' "$T/out"
	assert "log event records the values" jq -e '.events[0].changes.customer == [null, "Ann"]' "$T/out"
fi
expect 0 "ack" complaint ack 1 --eta 2026-11-27
expect 0 "the readable history shows each change" complaint show 1
out_has "      status: new -> acknowledged"
out_has "      acknowledged_at: - -> 2026-11-19 10:00"
out_has "      eta: - -> 2026-11-27 00:00"
complaint log --customer Ed --channel web --resolution done >/dev/null
expect 0 "a note on a resolved complaint" complaint note 2 "closed off"

# History values read as in the complaint itself (SPEC 7): level names,
# true/false, amounts as decimals, references; stored as before.
complaint log --customer Di --channel phone >/dev/null
complaint assess 3 --complex >/dev/null
complaint escalate 3 --to complaint-manager --reason "chased" >/dev/null 2>&1
complaint resolve 3 --resolution "Refunded" --amount 12.5 --remedy refund >/dev/null
complaint log --repeat-of 3 --channel phone >/dev/null 2>&1
expect 0 "history values in JSON" complaint show 3 --format json
out_has '"level":[null,"frontline"]'
out_has '"complex":[false,true]'
out_has '"public":[null,false]'
out_has '"amount":[null,12.50]'
out_lacks '"level":[null,0]'
out_lacks '"complex":[0,1]'
if command -v jq >/dev/null; then
	assert "a level change reads as the level does" jq -e '[.events[].changes.level | select(. != null)] | any(. == ["frontline", "complaint-manager"])' "$T/out"
	assert "the amount is the complaint's amount" jq -e '.amount == (.events[] | select(.action == "resolve") | .changes.amount[1])' "$T/out"
fi
assert "the stored history keeps its codes" [ "$(db_query "SELECT changes FROM event WHERE action = 'resolve' AND complaint_id = 3" | python3 -c 'import json, sys; print(json.load(sys.stdin)["amount"][1])')" = 1250 ]
expect 0 "the chain still verifies" complaint verify
expect 0 "export renders the history as show does" complaint export --format ndjson
out_has '"complex":[false,true]'
out_has '"amount":[null,12.50]'

printf 'From the phone log\nsecond line\n' >note.txt
expect 0 "note - reads standard input" complaint note 1 - <note.txt
expect 0 "the note read from standard input is stored" complaint show 1 --format json
out_has '"note":"From the phone log\nsecond line\n"'
out_lacks '"note":"-"'

db_snapshot
expect 65 "note - with blank standard input" complaint note 1 - <<<"   "
err_has "the note is empty"
printf 'a\0b' >nul.txt
expect 65 "note - with a NUL byte" complaint note 1 - <nul.txt
err_has "has a NUL byte"
expect 66 "show unknown" complaint show 99
err_has "no complaint 'CMP-000099'"
expect 65 "show malformed" complaint show ABC-12
expect 64 "show without a reference" complaint show
expect 64 "show two references" complaint show 1 2
expect 64 "show csv is not offered" complaint show 1 --format csv
expect 66 "note unknown" complaint note 42 "hello"
expect 64 "note without text" complaint note 1
expect 64 "note with two texts" complaint note 1 a b
expect 65 "empty note" complaint note 1 "  "
err_has "the note is empty; give the text to record"
db_unchanged
search_index_ok
done_testing
