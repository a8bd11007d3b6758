#!/bin/bash
# complaint assign: one complaint or all of an owner's that are not
# closed handed over; owed calls move with them; refusals change nothing.
. "$(dirname "$0")/lib.sh"

complaint log --customer Ann --channel phone -m one --owner Bob >/dev/null
complaint log --customer Cy --channel web -m two --owner bob >/dev/null
complaint log --customer Di --channel web -m three --owner bob >/dev/null
complaint log --customer Ed --channel web -m four --owner alice >/dev/null
complaint assess 1 --complex >/dev/null
complaint resolve 2 --resolution done >/dev/null
complaint resolve 3 --resolution done >/dev/null
complaint followup 3 --outcome satisfied >/dev/null

expect 0 "hand over every complaint of bob" complaint assign --from ' BOB ' --to carol --reason "Bob on leave"
out_is "ref	from	to
CMP-000001	Bob	carol
CMP-000002	bob	carol"
complaint show 3 --format json >"$T/out"
out_has '"owner":"bob"' "a closed complaint stays"
expect 0 "the owed calls follow at once" env COMPLAINT_NOW=2027-01-01T00:00:00Z "$COMPLAINT_BIN" followup --due --owner carol
out_has "CMP-000001	callback"
out_has "CMP-000002	followup"
expect 0 "nothing owed by bob any more" env COMPLAINT_NOW=2027-01-01T00:00:00Z "$COMPLAINT_BIN" followup --due --owner bob
assert "no rows" [ ! -s "$T/out" ]
expect 0 "list --owner follows" complaint list --owner carol
out_has CMP-000001
out_has CMP-000002
complaint show 1 >"$T/out"
out_has "owner: Bob -> carol" "history has before and after"
out_has "Bob on leave"

expect 0 "one complaint, json listing format refused without --from" complaint assign 4 --to "  Dave   Smith "
complaint show 4 --format json >"$T/out"
out_has '"owner":"Dave Smith"' "names stored tidied"
expect 0 "--from as json" complaint assign --from carol --to alice --format json
out_has '"ref":"CMP-000001","from":"carol","to":"alice"'
expect 0 "nothing to hand over prints nothing" complaint assign --from nobody --to alice
assert "no rows" [ ! -s "$T/out" ]
err_has "nobody owns no complaint that is not closed"

db_snapshot
expect 65 "a closed complaint" complaint assign 3 --to carol
err_has "CMP-000003 is closed; only complaints not yet closed can be handed over"
expect 65 "the same owner" complaint assign 4 --to "dave smith"
err_has "CMP-000004 is owned by Dave Smith already"
expect 66 "no such complaint" complaint assign 40 --to carol
expect 65 "a bad reference" complaint assign XYZ --to carol
expect 64 "no --to" complaint assign 1
err_has "--to NAME is required"
expect 64 "no ref nor --from" complaint assign --to carol
expect 64 "both ref and --from" complaint assign 1 --from bob --to carol
expect 64 "--format without --from" complaint assign 1 --to carol --format json
expect 64 "an unknown format" complaint assign --from alice --to carol --format xml
expect 65 "a blank name" complaint assign 1 --to "   "
expect 65 "a control character in the name" complaint assign 1 --to "$(printf 'a\033b')"
expect 64 "extra argument" complaint assign 1 2 --to carol
db_unchanged "refusals left the database as it was"
done_testing
