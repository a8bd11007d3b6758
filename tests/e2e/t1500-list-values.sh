#!/bin/bash
# The hidden completion helpers: --list-cmds, CMD --list-options and
# --list-values KIND, which the bash, zsh and fish scripts ask so that
# they never drift from the binary and the configuration in force.
. "$(dirname "$0")/lib.sh"

expect 0 "channels from the defaults" complaint --list-values channels
out_is "phone
chat
email
letter
in-person
social
web"
expect 0 "severities in rising order" complaint --list-values severities
out_is "low
medium
high
critical"
expect 0 "levels start at frontline" complaint --list-values levels
out_is "frontline
complaint-manager
senior-management
independent-review"
expect 0 "categories" complaint --list-values categories
out_has "product defect"
expect 0 "remedies" complaint --list-values remedies
out_has "replacement"
expect 0 "formats" complaint --list-values formats
out_is "table
tsv
csv
json
ndjson"
expect 0 "statuses" complaint --list-values statuses
out_is "new
acknowledged
assessed
resolved
closed"
expect 0 "commands, as --list-cmds" complaint --list-values commands
complaint --list-cmds >"$T/cmds"
assert "commands equal --list-cmds" cmp -s "$T/cmds" "$T/out"
expect 0 "--list-values=KIND" complaint --list-values=channels
out_has "in-person"

# Values follow the configuration in force, given either way.
cat >"$T/conf.yaml" <<'YAML'
reference_prefix: ACME
channels: [phone, fax]
escalation:
  levels: [manager]
  rules: []
YAML
expect 0 "channels from --config" complaint --config "$T/conf.yaml" --list-values channels
out_is "phone
fax"
expect 0 "levels from COMPLAINT_CONFIG" env COMPLAINT_CONFIG="$T/conf.yaml" "$COMPLAINT_BIN" --list-values levels
out_is "frontline
manager"

# refs: open complaints only, and no database is created to find none.
expect 0 "refs with no database" complaint --list-values refs
assert "stdout is empty" test ! -s "$T/out"
on_sqlite assert "refs created no database" test ! -e "$COMPLAINT_DB"
complaint log --customer Ann --channel phone >/dev/null
complaint log --customer Bob --channel chat --resolution "refunded" >/dev/null
complaint log --customer Cy --channel web >/dev/null
db_snapshot
expect 0 "refs of open complaints" complaint --list-values refs
out_is "CMP-000001
CMP-000003"
db_unchanged "listing refs changes nothing"
expect 0 "refs in the configured prefix" complaint --config "$T/conf.yaml" --list-values refs
out_is "ACME-000001
ACME-000003"

# refs:CMD: what CMD's REF accepts. Open ones for ack, resolved or
# closed ones for reopen and review, any (newest first) for the rest.
expect 0 "refs:ack are the open ones" complaint --list-values refs:ack
out_is "CMP-000001
CMP-000003"
expect 0 "refs:reopen are the resolved and closed ones" complaint --list-values refs:reopen
out_is "CMP-000002"
expect 0 "refs:review likewise" complaint --list-values refs:review
out_is "CMP-000002"
expect 0 "refs:show are all, newest first" complaint --list-values refs:show
out_is "CMP-000003
CMP-000002
CMP-000001"
expect 0 "refs:followup are all" complaint --list-values refs:followup
out_is "CMP-000003
CMP-000002
CMP-000001"
rm -f "$T/none.db"
expect 0 "refs:show with no database" complaint --db "$T/none.db" --list-values refs:show
assert "stdout is empty" test ! -s "$T/out"
assert "refs:show created no database" test ! -e "$T/none.db"
expect 64 "refs: of an unknown command" complaint --list-values refs:shwo
err_has "unknown command 'shwo' in --list-values refs:CMD"

# names: owners and actors seen, once each, in byte order.
complaint --as carol log --customer Di --channel web --owner dave >/dev/null
expect 0 "names seen" complaint --list-values names
out_is "alice
carol
dave"
expect 0 "names with no database" complaint --db "$T/none.db" --list-values names
assert "stdout is empty" test ! -s "$T/out"
assert "names created no database" test ! -e "$T/none.db"

# fields of report --by; what --status takes (the statuses and open).
expect 0 "fields" complaint --list-values fields
out_is "category
channel
department
owner
severity
level
status
root-cause
regime
week
month"
expect 0 "every field is one report --by takes" sh -c '
    for f in $("$0" --list-values fields); do
	"$0" report --by "$f" >/dev/null || exit 1
    done' "$COMPLAINT_BIN"
expect 0 "status-filters" complaint --list-values status-filters
out_is "new
acknowledged
assessed
resolved
closed
open"
expect 0 "every status filter is one list --status takes" sh -c '
    for s in $("$0" --list-values status-filters); do
	"$0" list --status "$s" >/dev/null || exit 1
    done' "$COMPLAINT_BIN"

expect 64 "unknown kind" complaint --list-values bogus
err_has "unknown kind 'bogus' for --list-values (expected channels"
expect 64 "kind missing" complaint --list-values
err_has "needs a value"
expect 64 "nothing may follow" complaint --list-values refs show
err_has "unexpected argument 'show'"
printf 'channels: [phone, phone]\n' >"$T/bad.yaml"
expect 78 "a bad configuration is reported" complaint --config "$T/bad.yaml" --list-values channels
assert "stdout is empty" test ! -s "$T/out"

expect 0 "--list-options" complaint list --list-options
out_has "--format="
out_has "--open"
out_lacks "--open="

done_testing
