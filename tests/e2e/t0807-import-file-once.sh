#!/bin/bash
# complaint import: the file an import came from is stored once (schema
# 17). Each creation event keeps the line's number (schema 20; "line N"
# in 17, which still reads the same) and a reference to its
# import_file row; show, export and verify read the note whole, the
# chain proves the name, an erasure takes the reference with the note,
# and the guards keep the reference as written. complaint-import(1),
# complaint-verify(1).
. "$(dirname "$0")/lib.sh"

printf '%s\n' \
    'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea' \
    'agent07,Billing,14/11/2023,16/11/2023,Y,Ann Smith,Charged twice,Refund issued,' \
    'agent08,Retail,15/11/2023,,N,Bob Jones,Parcel damaged,,' >"$T/a.csv"
cp "$T/a.csv" "$T/b.csv"

COMPLAINT_NOW=2026-11-02T09:00:00Z expect 0 "import a file" complaint import "$T/a.csv"
assert "its name is stored once" \
    [ "$(db_query "SELECT count(*) || ' ' || min(name) FROM import_file")" = "1 $T/a.csv" ]
assert "each creation keeps its line and the file's reference" \
    [ "$(db_query "SELECT note || '@' || import_file FROM event ORDER BY id" | tr '\n' ,)" = "2@1,3@1," ]

expect 0 "show gives the note back whole" complaint show 2 --format json
out_has '"note":"imported from '"$T"'/a.csv line 3"'
expect 0 "export gives it back whole" complaint export --format ndjson
out_has '"note":"imported from '"$T"'/a.csv line 2"'
out_has '"note":"imported from '"$T"'/a.csv line 3"'
expect 0 "the text listing of the history too" complaint show 1
out_has "imported from $T/a.csv line 2"
db_save new
behind_back "UPDATE event SET note = 'line 2' WHERE id = 1"
expect 0 "a note kept as schema 17 wrote it reads the same" complaint show 1 --format json
out_has '"note":"imported from '"$T"'/a.csv line 2"'
expect 0 "and proves the same" complaint verify
db_restore new

COMPLAINT_NOW=2026-11-02T10:00:00Z expect 0 "the same file again" complaint import "$T/a.csv"
COMPLAINT_NOW=2026-11-02T11:00:00Z expect 0 "another file" complaint import "$T/b.csv"
assert "a file imported again keeps its row; another gets one" \
    [ "$(db_query "SELECT count(*) FROM import_file")" = 2 ]
assert "the second import of a.csv names the first row" \
    [ "$(db_query "SELECT count(*) FROM event WHERE import_file = 1")" = 4 ]
expect 0 "show names the other file" complaint show 5 --format json
out_has '"note":"imported from '"$T"'/b.csv line 2"'

printf 'fields:\n  customer: Who\n  summary: What\n  note: Memo\n  received_at: When\ndates: ymd\n' >"$T/memo.yaml"
printf 'Who,What,Memo,When\nEve,Broken kettle,called twice,2026-11-01\n' >"$T/memo.csv"
COMPLAINT_NOW=2026-11-02T12:00:00Z expect 0 "a file with a note column" complaint import --map "$T/memo.yaml" "$T/memo.csv"
expect 0 "show gives the record's note after the line" complaint show 7 --format json
out_has '"note":"imported from '"$T"'/memo.csv line 2\nMemo: called twice"'
expect 0 "search finds the record's note, not the file" complaint search twice
out_has "CMP-000007"
expect 0 "verify proves every note" complaint verify
out_has "ok: 7 events (0 erased)"

# The chain digests the note whole: the name is proven with it.
db_save clean
behind_back "UPDATE import_file SET name = 'elsewhere.csv' WHERE id = 2"
expect 65 "a file's name edited behind the tool's back" complaint verify
# Event 5 stores no hash (schema 20): the last of its import finds it.
err_has "complaint: event 6 (CMP-000006): hash mismatch (this event or one of the 1 before it, back to event 5, which store no hash, was changed, inserted or deleted)"
db_restore clean
behind_back "UPDATE event SET import_file = 2 WHERE id = 1"
expect 65 "an event pointed at another file" complaint verify
err_has "complaint: event 2 (CMP-000002): hash mismatch (this event or one of the 1 before it, back to event 1, which store no hash, was changed, inserted or deleted)"
db_restore clean
behind_back "DELETE FROM import_file WHERE id = 2"
expect 65 "a file's row deleted behind the tool's back" complaint verify
err_has "complaint: event 6 (CMP-000006): hash mismatch (this event or one of the 1 before it, back to event 5, which store no hash, was changed, inserted or deleted)"
db_restore clean

db_query "UPDATE event SET import_file = 2 WHERE id = 1" >/dev/null 2>&1
assert "the guard keeps the reference as written" \
    [ "$(db_query "SELECT import_file FROM event WHERE id = 1")" = 1 ]
db_query "UPDATE event SET import_file = NULL WHERE id = 1" >/dev/null 2>&1
assert "and does not let it go without the erasure" \
    [ "$(db_query "SELECT import_file FROM event WHERE id = 1")" = 1 ]

# Erasure: the note goes whole, the file's reference with it; the
# file's row stays for the other complaints, and goes with the last.
expect 0 "erase an imported complaint" complaint erase --ref 1 --reason gdpr
assert "its creation names no file and keeps the erased note" \
    [ "$(db_query "SELECT coalesce(import_file, 0) || ' ' || note FROM event WHERE id = 1")" = "0 [erased]" ]
expect 0 "show after the erasure" complaint show 1 --format json
out_has '"note":"[erased]"'
out_lacks "a.csv"
expect 0 "verify after the erasure" complaint verify
out_has "ok: 8 events (1 erased)"
assert "the file's row stays" [ "$(db_query "SELECT count(*) FROM import_file")" = 3 ]
expect 0 "erase the one complaint a file brought" complaint erase --ref 7 --reason gdpr
assert "the file's name goes with it" \
    [ "$(db_query "SELECT count(*) || ' ' || sum(CASE WHEN name LIKE '%memo.csv' THEN 1 ELSE 0 END) FROM import_file")" = "2 0" ]
expect 0 "verify after the second erasure" complaint verify
out_has "ok: 9 events (2 erased)"
expect 0 "a file's name erased is recorded again when imported again" complaint import --map "$T/memo.yaml" "$T/memo.csv"
expect 0 "and shown whole" complaint show 8 --format json
out_has '"note":"imported from '"$T"'/memo.csv line 2\nMemo: called twice"'

# An agent's login (the server's roles) may import and erase.
if [ "$(engine)" = postgresql ]; then
	login=$(pg_login ivy)
	COMPLAINT_NOW=2026-11-02T13:00:00Z expect 0 "an agent imports a file named before" complaint --db "$(pg_as "$login")" import "$T/b.csv"
	cp "$T/a.csv" "$T/c.csv"
	COMPLAINT_NOW=2026-11-02T13:00:00Z expect 0 "and another, a row of its own" complaint --db "$(pg_as "$login")" import "$T/c.csv"
	assert "which the agent's role may add" [ "$(db_query "SELECT count(*) FROM import_file")" = 4 ]
	expect 0 "an agent erases an imported complaint" complaint --db "$(pg_as "$login")" erase --ref 2 --reason gdpr
	expect 0 "and both complaints of c.csv" complaint --db "$(pg_as "$login")" erase --ref 11 --reason gdpr
	assert "the name stays while a complaint names it" \
	    [ "$(db_query "SELECT count(*) FROM import_file")" = 4 ]
	expect 0 "the second" complaint --db "$(pg_as "$login")" erase --ref 12 --reason gdpr
	assert "whose name the agent's role may take out" \
	    [ "$(db_query "SELECT count(*) || ' ' || sum(CASE WHEN name LIKE '%c.csv' THEN 1 ELSE 0 END) FROM import_file")" = "3 0" ]
	expect 0 "verify after the agent's work" complaint verify
	out_has "ok: 17 events (5 erased)"
else
	skip "PostgreSQL only: an agent's login imports and erases"
fi
done_testing
