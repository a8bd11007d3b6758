#!/bin/bash
# complaint erase: the right to erasure. Personal data goes from the
# complaints, their history and the file; numbers, dates and outcomes
# stay; the erasure is recorded and verify still passes.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann Smith" --channel phone --contact ann@example.com \
    --customer-id C-77 --summary "Parcel for Ann Smith crushed" >/dev/null
COMPLAINT_NOW=2026-11-19T11:00:00Z complaint note 1 "Ann Smith rang again from 07700 900123" >/dev/null
complaint log --customer "Bob Jones" --channel email --summary "Overcharged" >/dev/null
COMPLAINT_NOW=2026-11-20T09:00:00Z complaint log --customer "ANN SMITH" --channel chat \
    --resolution "Refunded Ann Smith in full" >/dev/null 2>&1
db_snapshot

# Refusals change nothing.
expect 64 "a reason is required" complaint erase --customer "Ann Smith"
err_has "--reason is required"
expect 64 "one of --customer and --ref" complaint erase --reason x
err_has "exactly one of --customer and --ref is required"
expect 64 "not both" complaint erase --customer A --ref 1 --reason x
expect 64 "no stray arguments" complaint erase --ref 1 --reason x extra
expect 65 "an empty reason" complaint erase --ref 1 --reason "  "
err_has "the reason is empty"
expect 65 "an empty customer" complaint erase --customer "" --reason x
expect 66 "an unknown customer" complaint erase --customer "Nobody" --reason x
err_has "no complaints for customer 'Nobody'"
expect 66 "an unknown reference" complaint erase --ref CMP-000099 --reason x
err_has "no complaint 'CMP-000099'"
expect 65 "a malformed reference" complaint erase --ref CMP-x --reason x
printf 'roles:\n  managers: [carol]\n' >"$T/roles.yaml"
expect 77 "only managers erase when roles are set" complaint --config "$T/roles.yaml" erase --ref 1 --reason x
err_has "alice may not erase personal data"
db_unchanged "refusals leave the database as it was"

# By name, in any case: both of Ann's complaints, not Bob's.
COMPLAINT_NOW=2026-11-21T09:00:00Z expect 0 "erase a customer" complaint --config "$T/roles.yaml" --as carol erase --customer "ann smith" --reason "erasure request 2026-118"
out_is "CMP-000001
CMP-000003"
expect 0 "show the erased complaint" complaint show 1 --format json
out_has '"customer":"[erased]"'
out_has '"contact":"[erased]"'
out_has '"customer_id":"[erased]"'
out_has '"summary":"[erased]"'
out_has '"status":"new"' "the status stays"
out_has '"received_at":"2026-11-19T10:00:00Z"' "the dates stay"
out_has '"channel":"phone"' "the channel stays"
out_has '"action":"erase"' "the erasure is in the history"
out_has 'erasure request 2026-118' "with its reason"
out_lacks 'Ann' "no trace of the name in show"
out_lacks '07700' "nor of the note's text"
expect 0 "show the resolved one" complaint show 3 --format json
out_has '"resolution":"[erased]"'
out_has '"status":"resolved"' "the outcome stays"
out_has '"first_contact":true'
expect 0 "Bob is untouched" complaint show 2 --format json
out_has '"customer":"Bob Jones"'
out_has '"summary":"Overcharged"'

assert "no trace in the whole database" sh -c '! sqlite3 "$1" .dump | grep -qi "ann smith\|ann@\|C-77\|07700\|crushed"' _ "$COMPLAINT_DB"
assert "no trace in the file's bytes" sh -c '! grep -qai "ann smith\|ann@example\|07700" "$1"' _ "$COMPLAINT_DB"
expect 0 "verify passes after erasure" complaint verify
out_has "(3 erased)"

db_snapshot
expect 65 "erasing twice" complaint erase --ref 1 --reason again
err_has "CMP-000001 is already erased"
expect 66 "the name is gone" complaint erase --customer "Ann Smith" --reason again
db_unchanged "a second erasure changes nothing"

# By reference, and by contact.
expect 0 "erase by reference" complaint erase --ref 2 --reason "asked by letter"
out_is "CMP-000002"
complaint log --customer "Cy" --contact cy@example.com --channel web >/dev/null
expect 0 "erase by contact" complaint erase --customer cy@example.com --reason "asked by mail"
out_is "CMP-000004"
expect 0 "verify still passes" complaint verify
expect 0 "list still counts everything" complaint list --format tsv
assert "four complaints listed" [ "$(tail -n +2 "$T/out" | wc -l)" -eq 4 ]

# The history rebuilds to the erased state (it holds every change).
expect 0 "more history after erasure" complaint note 1 "call logged"
expect 0 "verify after more history" complaint verify

done_testing
