#!/bin/bash
# complaint void: hidden from listings and sweeps unless --voided/--all,
# every later step refused, --undo restores; refusals change nothing.
. "$(dirname "$0")/lib.sh"

complaint log --customer Ann --channel phone -m one >/dev/null
complaint log --customer Cy --channel web -m two >/dev/null
complaint assess 2 --complex >/dev/null
complaint log --customer Di --channel web -m three >/dev/null
complaint resolve 3 --resolution done >/dev/null

expect 0 "void a complaint" complaint void 2 --reason "Training entry"
assert "prints nothing" [ ! -s "$T/out" ]
complaint show 2 --format json >"$T/out"
out_has '"voided_at":"2026-11-19T10:00:00Z"'
expect 0 "list hides it" complaint list
out_lacks CMP-000002
out_has CMP-000001
expect 0 "list --voided shows it alone" complaint list --voided
out_has CMP-000002
out_lacks CMP-000001
expect 0 "list --all shows every one" complaint list --all
out_has CMP-000002
out_has CMP-000001
expect 0 "export hides it" complaint export --format ndjson
out_lacks CMP-000002
expect 0 "export --voided" complaint export --format ndjson --voided
out_has CMP-000002
out_lacks CMP-000001
expect 0 "export --all" complaint export --format ndjson --all
out_has CMP-000002
expect 0 "its call-back is not owed" env COMPLAINT_NOW=2027-01-01T00:00:00Z "$COMPLAINT_BIN" followup --due
out_lacks CMP-000002
expect 0 "report counts it nowhere" complaint report --format json
out_has '"received":2'
expect 0 "a note may still be added" complaint note 2 "Checked with the trainer"

db_snapshot
for step in "ack 2" "assess 2 --severity low" "resolve 2 --resolution x" "escalate 2 --to 1 --reason x" "followup 2 --outcome satisfied" "assign 2 --to bob" "amend 2 --summary x --reason y" "void 2 --reason again" "merge 2 --into 1 --reason x"; do
	# shellcheck disable=SC2086
	expect 65 "$step on a void complaint" complaint $step
	err_has "CMP-000002 is void (logged by mistake); restore it first with 'complaint void CMP-000002 --undo --reason TEXT'"
done
expect 65 "merging into a void complaint" complaint merge 1 --into 2 --reason x
err_has "cannot merge into CMP-000002: it is void"
expect 65 "undo on a complaint that is not void" complaint void 1 --undo --reason x
err_has "CMP-000001 is not void; nothing to undo"
expect 64 "no reason" complaint void 1
err_has "--reason is required"
expect 65 "an empty reason" complaint void 1 --reason "  "
expect 64 "no reference" complaint void --reason x
expect 64 "two references" complaint void 1 3 --reason x
expect 66 "no such complaint" complaint void 99 --reason x
expect 64 "--voided with --all" complaint list --voided --all
db_unchanged "refusals left the database as it was"

expect 0 "undo the void" complaint void 2 --undo --reason "Voided the wrong one"
expect 0 "listed again" complaint list
out_has CMP-000002
complaint show 2 --format json >"$T/out"
out_has '"voided_at":null'
complaint show 2 >"$T/out"
out_has "Voided the wrong one"
expect 0 "counted again" complaint report --format json
out_has '"received":3'
search_index_ok
done_testing
