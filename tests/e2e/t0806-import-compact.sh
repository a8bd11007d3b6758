#!/bin/bash
# complaint import: a creation event that stores no changes (schema 15,
# EVENT_CREATED). Nothing is lost: show, export and the replay give the
# changes back as a stored event would; verify proves them through the
# row and the later events; an edit behind the tool's back is caught;
# erase keeps what it must. complaint-verify(1), "Imported complaints".
. "$(dirname "$0")/lib.sh"

printf '%s\r\n' \
    'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea' \
    'agent07,Billing,14/11/2023,16/11/2023,Y,Ann Smith,"Charged twice, ""urgent""",Refund issued,Check the till' \
    'agent08,Retail,15/11/2023,,N,Bob Jones,Parcel arrived damaged,,' \
    'agent09,Logistics,16/11/2023,20/11/2023,Y,Cy Young,"Waited on hold' \
    'for an hour",Apology sent,' >"$T/sheet.csv"

# A complaint logged first, so that import adds to a database in use.
COMPLAINT_NOW=2026-11-01T09:00:00Z complaint log --customer "Dee Logged" --channel phone -m "Damaged toaster" >/dev/null
COMPLAINT_NOW=2026-11-02T09:00:00Z expect 0 "import the spreadsheet" complaint import "$T/sheet.csv"
err_has "imported 3, skipped 0"

assert "the three creation events store no changes and no digest" \
    [ "$(db_query "SELECT count(*) FROM event WHERE form = 1 AND changes IS NULL AND digest IS NULL AND action = 'import'")" = 3 ]
assert "the logged complaint's creation stores its changes" \
    [ "$(db_query "SELECT count(*) FROM event WHERE complaint_id = 1 AND form IS NULL AND changes IS NOT NULL AND digest IS NOT NULL")" = 1 ]

expect 0 "show gives the creation's changes back" complaint show 2 --format json
out_has '"action":"import"'
out_has '"changes":{"status":[null,"closed"],"received_at":[null,"2023-11-14T00:00:00Z"]'
out_has '"customer":[null,"Ann Smith"]'
out_has '"summary":[null,"Charged twice, \"urgent\""]'
out_has '"note":"imported from '"$T"'/sheet.csv line 2"'
expect 0 "a record over two lines" complaint show 4 --format json
out_has '"summary":[null,"Waited on hold\r\nfor an hour"]'
expect 0 "verify the imported history" complaint verify
out_has "ok: 4 events (0 erased)"

expect 0 "search finds the logged and the imported complaints" complaint search damaged
out_has "CMP-000001"
out_has "CMP-000003"

# Worked on after the import: the creation's values come back through
# the later events' "before" values.
COMPLAINT_NOW=2026-11-03T09:00:00Z complaint assign 3 --to agent09 >/dev/null
COMPLAINT_NOW=2026-11-03T10:00:00Z complaint reopen 2 --reason "charged again" >/dev/null
expect 0 "show after reassignment" complaint show 3 --format json
out_has '"owner":[null,"agent08"]'
out_has '"owner":["agent08","agent09"]'
expect 0 "show after reopening" complaint show 2 --format json
out_has '"changes":{"status":[null,"closed"]'
out_has '"status":["closed","new"]'
expect 0 "export gives the creation's changes back" complaint export --format ndjson
out_has '"changes":{"status":[null,"new"],"received_at":[null,"2023-11-15T00:00:00Z"]'
expect 0 "verify after later events" complaint verify
out_has "ok: 6 events (0 erased)"
expect 0 "the replay reads the creation" complaint report --as-of 2026-11-02T12:00:00Z --format json
out_has '"received":4,"open":2,"resolved":2'
expect 0 "and the reopening after it" complaint report --as-of 2026-11-03T12:00:00Z --format json
out_has '"received":4,"open":3,"resolved":1'

# Behind the tool's back: the row is where the values come from, so an
# edited row breaks the chain at the creation.
db_save clean
behind_back "UPDATE complaint SET department = 'Fraud' WHERE id = 4"
expect 65 "an imported complaint edited behind the tool's back" complaint verify
err_has "complaint: event 4 (CMP-000004): hash mismatch"
db_snapshot
expect 65 "erase refuses a complaint whose creation no longer matches" complaint erase --ref 4 --reason gdpr
err_has "event 4 (CMP-000004) cannot be proven: the events 2 to 4 no longer match the hash stored at event 4 (one was changed, inserted or deleted); nothing was erased: run 'complaint verify'"
db_unchanged "erase changed nothing"
db_restore clean
behind_back "UPDATE event SET changes = replace(changes, '\"agent08\",\"agent09\"', '\"agent01\",\"agent09\"') WHERE action = 'assign'"
expect 65 "an edited 'before' of a later event changes the creation's values" complaint verify
# Event 3 stores no hash (schema 20): the next that does finds it.
err_has "complaint: event 4 (CMP-000004): hash mismatch (this event or one of the 2 before it, back to event 2, which store no hash, was changed, inserted or deleted)"
db_restore clean
behind_back "UPDATE event SET changes = replace(changes, '\"agent08\",\"agent09\"', '\"agent08\",\"agent07\"') WHERE action = 'assign'"
expect 65 "a later event that no longer leads to the row" complaint verify
err_has "complaint: event 5 (CMP-000003): its change of owner does not lead to the complaint as stored"
expect 65 "show cannot give the creation back either" complaint show 3
err_has "complaint: event 5 (complaint 3): its change of owner does not lead to the complaint as stored"
db_restore clean
behind_back "UPDATE event SET changes = '{}' WHERE id = 2"
expect 65 "changes written into a creation that stores none" complaint verify
err_has "event 2 (CMP-000002): stores changes or a digest its form has not"
db_restore clean

# Erasure: the creation keeps its changes, redacted, and the digest it
# was chained with; verify still proves what is left.
expect 0 "erase an imported, reopened complaint" complaint erase --ref 2 --reason gdpr
assert "the creation now stores its redacted changes and its digest" \
    [ "$(db_query "SELECT count(*) FROM event WHERE id = 2 AND form = 1 AND redacted = 1 AND digest IS NOT NULL AND changes LIKE '%\"customer\":[null,\"[erased]\"]%' AND changes LIKE '%\"department\":[null,\"Billing\"]%'")" = 1 ]
expect 0 "verify after the erasure" complaint verify
out_has "ok: 7 events (2 erased)"
expect 0 "show after the erasure" complaint show 2 --format json
out_has '"customer":[null,"[erased]"]'
out_has '"department":[null,"Billing"]'
behind_back "UPDATE complaint SET department = 'Fraud' WHERE id = 2"
expect 65 "an erased imported complaint edited behind the tool's back" complaint verify
err_has "CMP-000002: department differs from its history"
db_restore clean

# Search leaves out where an import came from, not the notes it brought.
expect 0 "search does not find the import's file and line" complaint search imported
out_lacks "CMP-"
printf 'fields:\n  customer: Who\n  summary: What\n  note: Memo\n  received_at: When\ndates: ymd\n' >"$T/memo.yaml"
printf 'Who,What,Memo,When\nEve,Broken kettle,called twice about the kettle,2026-11-01\n' >"$T/memo.csv"
expect 0 "import a note column" complaint import --map "$T/memo.yaml" "$T/memo.csv"
expect 0 "search finds the note an import brought" complaint search twice
out_has "CMP-000005"
out_has "Memo: called [twice] about the kettle"

# The guards know the form (the server's are t2020-pg-history's).
sqlite_only "the sqlite3 shell against the guards"
db_query "INSERT INTO event(complaint_id, at, actor, action, hash, account, form) VALUES (1, 1, 'x', 'import', 'ab', 'x', 0)" 2>/dev/null
assert "an event without a digest is refused unless its form stores none" [ "$(db_query 'SELECT count(*) FROM event')" = 7 ]
db_query "INSERT INTO event(complaint_id, at, actor, action, hash, digest, account, form) VALUES (1, 1, 'x', 'import', 'ab', 'cd', 'x', 1)" 2>/dev/null
assert "a creation that stores none may not store a digest" [ "$(db_query 'SELECT count(*) FROM event')" = 7 ]
db_query "UPDATE event SET form = NULL WHERE id = 3" 2>/dev/null
assert "a form never changes" [ "$(db_query 'SELECT form FROM event WHERE id = 3')" = 1 ]
done_testing
