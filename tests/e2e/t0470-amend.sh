#!/bin/bash
# complaint amend: recorded fields corrected with before/after in the
# history; --received recomputes the deadlines; nothing else changes.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Anm Smith" --channel phone -m "Kettle" --contact ann@example.com >/dev/null
complaint ack 1 >/dev/null
complaint show 1 --format json >"$T/before.json"

expect 0 "correct the name and channel" complaint amend 1 --customer " Ann   Smith " --channel email --reason "Misspelt; came by e-mail"
assert "prints nothing" [ ! -s "$T/out" ]
complaint show 1 --format json >"$T/out"
out_has '"customer":"Ann Smith"'
out_has '"channel":"email"'
out_has '"status":"acknowledged"' "status stays"
out_has '"ack_due":"2026-11-20T10:00:00Z"' "deadlines stay"
complaint show 1 >"$T/out"
out_has "customer: Anm Smith -> Ann Smith"
out_has "channel: phone -> email"
out_has "Misspelt; came by e-mail"

expect 0 "the other fields" complaint amend 1 --contact 0123 --customer-id C-9 --department sales --summary "Broken kettle" --details "It leaks" --public --reason fix
complaint show 1 --format json >"$T/out"
out_has '"contact":"0123"'
out_has '"customer_id":"C-9"'
out_has '"department":"sales"'
out_has '"summary":"Broken kettle"'
out_has '"details":"It leaks"'
out_has '"public":true'
printf 'From a file\n' >"$T/d.txt"
expect 0 "--details-file" complaint amend 1 --details-file "$T/d.txt" --no-public --reason fix
complaint show 1 --format json >"$T/out"
out_has '"details":"From a file\n"'
out_has '"public":false'
expect 0 "details on standard input" sh -c 'echo "From stdin" | "$COMPLAINT_BIN" amend 1 - --reason fix'
complaint show 1 --format json >"$T/out"
out_has '"details":"From stdin\n"'

expect 0 "--received recomputes the deadlines" complaint amend 1 --received 2026-11-16T10:00 --reason "Logged late"
complaint show 1 --format json >"$T/out"
out_has '"received_at":"2026-11-16T10:00:00Z"'
out_has '"ack_due":"2026-11-17T10:00:00Z"'
out_lacks '"resolve_due":"2027-01-14T10:00:00Z"' "resolve_due moved"

db_snapshot
expect 64 "no field" complaint amend 1 --reason x
err_has "name at least one field to correct"
expect 64 "no reason" complaint amend 1 --summary x
err_has "--reason is required"
expect 65 "an empty reason" complaint amend 1 --summary x --reason " "
expect 65 "an unknown channel" complaint amend 1 --channel pigeon --reason x
err_has "unknown channel 'pigeon'"
expect 65 "a received time in the future" complaint amend 1 --received 2027-01-01 --reason x
expect 65 "a bad received time" complaint amend 1 --received yesterdayish --reason x
expect 65 "a blank customer" complaint amend 1 --customer "   " --reason x
expect 65 "the recorded value" complaint amend 1 --channel email --reason x
err_has "nothing to correct"
expect 64 "details twice" complaint amend 1 --details a --details-file "$T/d.txt" --reason x
expect 66 "no such details file" complaint amend 1 --details-file "$T/none" --reason x
expect 66 "no such complaint" complaint amend 9 --summary x --reason x
expect 64 "no reference" complaint amend --summary x --reason x
expect 64 "extra argument" complaint amend 1 2 --summary x --reason x
db_unchanged "refusals left the database as it was"
search_index_ok
done_testing
