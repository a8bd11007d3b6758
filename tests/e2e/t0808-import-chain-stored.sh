#!/bin/bash
# complaint import: an import's creation events store their hash only at
# every 1,024th event and at the last of the import (schema 20,
# CHAIN_STORED_EVERY in lib/chain.h); verify makes the others again and
# proves them by the next one stored. An event in such a run is erased
# (its run checked first), a change behind the tool's back anywhere in a
# run is found, and so is a history whose last hash was taken away.
# complaint-verify(1).
. "$(dirname "$0")/lib.sh"

# 1,100 rows: events 1 to 1,100, hashes stored at 1,024 and 1,100.
{
	echo 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea'
	i=1
	while [ "$i" -le 1100 ]; do
		echo "agent0$((i % 7)),Billing,14/11/2023,16/11/2023,Y,Customer $i,Charged twice $i,Refund issued,"
		i=$((i + 1))
	done
} >"$T/many.csv"
printf '%s\n' \
    'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea' \
    'agent07,Retail,15/11/2023,,N,Bob Jones,Parcel damaged,,' \
    'agent08,Retail,15/11/2023,,N,Cy Lee,Parcel lost,,' >"$T/few.csv"

expect 0 "import 1,100 rows" complaint import "$T/many.csv"
assert "hashes stored at the 1,024th event and the last" \
    [ "$(db_query "SELECT id FROM event WHERE hash IS NOT NULL ORDER BY id" | tr '\n' ,)" = "1024,1100," ]
expect 0 "the history verifies" complaint verify
out_has "ok: 1100 events (0 erased)"
head=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$T/out")
# The file keeps a hash as its 32 bytes, the server as its digits.
hex=hash
[ "$(engine)" = sqlite ] && hex="lower(hex(hash))"
assert "its head is the last event's stored hash" \
    [ "$(db_query "SELECT $hex FROM event WHERE id = 1100")" = "$head" ]

db_save imported
behind_back "UPDATE event SET hash = NULL WHERE id = 1100"
expect 65 "a history whose last hash was taken away" complaint verify
err_has "event 1100 (CMP-001100): the history's last event stores no hash"
err_lines 1
db_snapshot
expect 65 "erasing in the run it proved is refused" complaint erase --ref 1050 --reason "request"
err_has "event 1050 (CMP-001050) cannot be proven: no event after it stores a hash; nothing was erased: run 'complaint verify'"
err_lines 1
db_unchanged "the refused erasure changed nothing"
db_restore imported
# An import's creation made to look like another event, which would
# store its digest: the run cannot be made again past it.
behind_back "UPDATE event SET form = NULL WHERE id = 1060"
db_snapshot
expect 65 "erasing before it, in the run it breaks, is refused" complaint erase --ref 1050 --reason "request"
err_has "event 1050 (CMP-001050) cannot be proven: event 1060 has no digest or hash to check; nothing was erased: run 'complaint verify'"
err_lines 1
db_unchanged "the refused erasure changed nothing"
db_restore imported

expect 0 "a second import" complaint import "$T/few.csv"
assert "stores the hash of its last event only" \
    [ "$(db_query "SELECT id FROM event WHERE id > 1100 AND hash IS NOT NULL")" = 1102 ]
expect 0 "a logged complaint stores its hash" complaint log --customer Dee --channel phone -m "Kettle"
assert "as every event but an import's does" \
    [ "$(db_query "SELECT count(*) FROM event WHERE id = 1103 AND hash IS NOT NULL")" = 1 ]
expect 0 "and an event on an imported one too" complaint note 700 "called back"
expect 0 "all of it verifies" complaint verify
out_has "ok: 1104 events (0 erased)"

# The erasure of a complaint in a run checks the run against the next
# hash stored before it takes anything.
expect 0 "erase an imported complaint between stored hashes" complaint erase --ref 500 --reason "customer's request"
expect 0 "which verifies" complaint verify
out_has "ok: 1105 events (1 erased)"
assert "its creation keeps no hash of its own" \
    [ "$(db_query "SELECT count(*) FROM event WHERE id = 500 AND hash IS NULL AND redacted = 1")" = 1 ]

db_save ok
behind_back "UPDATE complaint SET customer = 'Someone Else' WHERE id = 300"
expect 65 "a complaint changed in a run" complaint verify
err_has "event 1024 (CMP-001024): hash mismatch (this event or one of the 1023 before it, back to event 1, which store no hash, was changed, inserted or deleted)"
err_lines 1
db_snapshot
expect 65 "erasing beside it is refused" complaint erase --ref 301 --reason "request"
err_has "event 301 (CMP-000301) cannot be proven: the events 1 to 1024 no longer match the hash stored at event 1024 (one was changed, inserted or deleted); nothing was erased: run 'complaint verify'"
err_lines 1
db_unchanged "the refused erasure changed nothing"
db_restore ok

behind_back "UPDATE event SET hash = NULL WHERE id = 1103"
expect 65 "an event not an import's creation without its hash" complaint verify
err_has "event 1103 (CMP-001103): hash missing or malformed"
db_restore ok
expect 0 "put back, it verifies" complaint verify

done_testing
