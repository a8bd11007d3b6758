#!/bin/bash
# report: a voided complaint counts nowhere, a merged one counts once, as
# its target; the counts change by exactly those complaints.
. "$(dirname "$0")/lib.sh"

for c in Ann Bo Cy Di; do
	complaint log --customer "$c" --channel phone --category billing -m "$c" >/dev/null 2>&1
done
complaint resolve 2 --resolution done --justified yes --amount 10 >/dev/null
complaint resolve 4 --resolution done --justified no >/dev/null

count() { complaint report --format json >"$T/out"; }
count
out_has '"received":4,"open":2,"resolved":2' "before: four received"
out_has '"redress":10.00'
cp "$T/out" before
# Later steps happen later, so that --as-of can tell them apart.
export COMPLAINT_NOW=2026-11-19T11:00:00Z

expect 0 "void one resolved with redress" complaint void 2 --reason "Test entry"
count
out_has '"received":3,"open":2,"resolved":1' "void: one fewer received and resolved"
out_has '"upheld_pct":0' "its upheld resolution is gone"
out_has '"redress":0' "its redress is gone"
expect 0 "by category too" complaint report --by category --format json
out_has '"category":"billing","received":3'

expect 0 "merge an open one into another" complaint merge 3 --into 1 --reason dup
count
out_has '"received":2,"open":1,"resolved":1' "merge: counted once, as the target"
out_has '"repeat_pct":50' "the target now has two contacts"

expect 0 "undo the void" complaint void 2 --undo --reason oops
count
out_has '"received":3,"open":1,"resolved":2' "restored: counted again"
expect 0 "--as-of now replays the void, the merge and the undoing" complaint report --format json --as-of now
out_has '"received":3,"open":1,"resolved":2' "as the live report"
expect 0 "--as-of before them: all four" complaint report --format json --as-of 2026-11-19T10:00:00Z
assert "as the live report was then" cmp -s before "$T/out"
done_testing
