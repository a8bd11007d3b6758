#!/bin/bash
# Names as people expect (SPEC 4): stored trimmed, matched by Unicode case
# folding after NFC for --customer, --owner, log --repeat, the
# open-complaint warning and erase --customer; --owner me; an --owner
# that owns nothing warns.
. "$(dirname "$0")/lib.sh"

# Stored trimmed, inner white space collapsed.
expect 0 "log a name with stray spaces" complaint log --customer "  Ann   Smith " --channel phone -m one
expect 0 "show it" complaint show 1 --format json
out_has '"customer":"Ann Smith"'
expect 0 "log with a precomposed name" complaint log --customer "Zoë Ångström-Nakamura" --channel phone -m two

# --customer: Unicode case folding, NFC, white space.
expect 0 "list --customer in lower case, Unicode" complaint list --customer "zoë ångström-nakamura"
out_has "CMP-000002"
out_lacks "CMP-000001"
expect 0 "list --customer with combining accents" complaint list --customer "$(printf 'ZOE\xcc\x88  A\xcc\x8angstro\xcc\x88m-NAKAMURA')"
out_has "CMP-000002"
expect 0 "list --customer with extra spaces" complaint list --customer " ann  SMITH"
out_has "CMP-000001"
out_lacks "CMP-000002"

# The open-complaint warning and log --repeat see the variants as one.
expect 0 "a new complaint warns of the open one" complaint log --customer "$(printf 'zoe\xcc\x88 \xc3\xa5ngstr\xc3\xb6m-nakamura')" --channel email -m three
err_has "already has open complaints: CMP-000002 (owner alice)"
expect 0 "log --repeat finds it across case and form" complaint log --repeat --customer "ZOË  ÅNGSTRÖM-NAKAMURA" --channel chat
out_is "CMP-000003"
err_has "repeat contact"

# --owner: case folding, me, and a warning when it owns nothing.
complaint --as "Zoë" log --customer "Bob" --channel phone >/dev/null
expect 0 "list --owner folds case" complaint list --owner ZOË
out_has "CMP-000004"
out_lacks "CMP-000001"
expect 0 "list --owner me is the acting user" complaint --as zoë list --owner me
out_has "CMP-000004"
out_lacks "CMP-000001"
expect 0 "log --owner me owns it" complaint --as "  Carol  " log --customer "Dan" --channel phone --owner me
expect 0 "the owner is stored trimmed" complaint show 5 --format json
out_has '"owner":"Carol"'
expect 0 "list --owner with no complaint warns" complaint list --owner Nobody
err_has "warning: no complaint is owned by 'Nobody'"
err_lines 1
expect 0 "an owner who owns something does not warn" complaint list --owner alice
err_lines 0
complaint assess 1 --complex >/dev/null 2>&1
expect 0 "followup --due --owner nobody warns" complaint followup --due --owner nobody
err_has "no complaint is owned by 'nobody'"
expect 0 "followup --due --owner ALICE folds case" complaint followup --due --owner ALICE
out_has "CMP-000001"
expect 0 "export --owner nobody warns" complaint export --owner nobody --format json
err_has "no complaint is owned by 'nobody'"

# An --owner that is not a name is refused.
db_snapshot
expect 65 "list --owner with a newline" complaint list --owner $'alice\nbob'
err_has "--owner contains a control character"
expect 65 "log --owner blank" complaint log --customer Ann --channel phone --owner "   "
err_has "--owner is blank"
db_unchanged "refused owners change nothing"

# Import stores names trimmed too.
printf 'id,received_at,channel,customer,owner\nX1,2026-11-18,phone,"  Eve   Adams ","  Frank  "\n' >"$T/in.csv"
printf 'fields:\n  source_id: id\n  received_at: received_at\n  channel: channel\n  customer: customer\n  owner: owner\n' >"$T/map.yaml"
expect 0 "import names with stray spaces" complaint import --map "$T/map.yaml" "$T/in.csv"
expect 0 "list the imported complaint by its tidy name" complaint list --customer "eve adams" --format json
out_has '"customer":"Eve Adams"'
out_has '"owner":"Frank"'

# erase --customer erases every Unicode variant of the name (issue 12).
expect 0 "erase by a variant of the name" complaint erase --customer "ZOË ÅNGSTRÖM-NAKAMURA" --reason "erasure request"
out_is "CMP-000002
CMP-000003"
traces() { db_dump | grep -ci -e 'ngstr' -e 'nakamura' || true; }
expect 0 "no trace of any variant is left" traces
out_is "0"

done_testing
