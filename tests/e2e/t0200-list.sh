#!/bin/bash
# complaint list: filters, ordering and every output format.
. "$(dirname "$0")/lib.sh"

complaint log --customer Ann --channel phone --category billing -m "Bill wrong" --received 2026-11-02 >/dev/null
complaint --as bob log --customer Bob --channel email --category delivery -m "Late, again" --received 2026-11-10 >/dev/null
complaint log --customer Cy --channel chat -m 'Tab	and "quote", comma' --resolution "Sorted" --received 2026-11-18 >/dev/null
complaint --as bob log --customer "=HYPERLINK(1)" --channel web -m "+1 formula" >/dev/null

expect 0 "tsv when piped, with a header" complaint list
out_is "ref	status	received_at	channel	customer	owner	category	severity	level	summary
CMP-000001	new	2026-11-02T00:00:00Z	phone	Ann	alice	billing		frontline	Bill wrong
CMP-000002	new	2026-11-10T00:00:00Z	email	Bob	bob	delivery		frontline	Late, again
CMP-000003	resolved	2026-11-18T00:00:00Z	chat	Cy	alice			frontline	Tab\tand \"quote\", comma
CMP-000004	new	2026-11-19T10:00:00Z	web	=HYPERLINK(1)	bob			frontline	+1 formula"

expect 0 "--owner and --status" complaint list --owner bob --status new --format tsv
assert "two of bob's" [ "$(grep -c '^CMP' "$T/out")" -eq 2 ]
expect 0 "--open" complaint list --open
out_lacks "CMP-000003"
expect 0 "--status resolved" complaint list --status resolved
out_has "CMP-000003"
out_lacks "CMP-000001"
expect 0 "--status list" complaint list --status new,resolved
assert "all four" [ "$(grep -c '^CMP' "$T/out")" -eq 4 ]
expect 0 "--category" complaint list --category delivery
out_has "CMP-000002"
out_lacks "CMP-000001"
expect 0 "--channel" complaint list --channel phone
out_has "CMP-000001"
out_lacks "CMP-000002"
expect 0 "--customer ignores case" complaint list --customer ann
out_has "CMP-000001"
out_lacks "CMP-000002"
expect 0 "--since a date" complaint list --since 2026-11-10
out_lacks "CMP-000001"
out_has "CMP-000002"
expect 0 "--until a date includes that day" complaint list --until 2026-11-10
out_has "CMP-000002"
out_lacks "CMP-000003"
expect 0 "--since a duration" complaint list --since 2d
out_has "CMP-000003"
out_lacks "CMP-000002"
expect 0 "--level" complaint list --level frontline
assert "all frontline" [ "$(grep -c '^CMP' "$T/out")" -eq 4 ]
expect 0 "--limit and --reverse" complaint list --limit 1 --reverse
out_has "CMP-000004"
out_lacks "CMP-000001"
expect 0 "--overdue: open past the acknowledgement deadline" complaint list --overdue
out_has "CMP-000001"
out_has "CMP-000002"
out_lacks "CMP-000004"

expect 0 "csv" complaint list --format csv --status new --owner bob
out_has "ref,status,received_at,channel,customer,owner,category,severity,level,summary"
out_has "'=HYPERLINK(1)" "csv never starts a formula"
out_has "'+1 formula"
expect 0 "csv quoting" complaint list --format csv --status resolved
out_has '"Tab	and ""quote"", comma"'

expect 0 "json" complaint list --format json
out_has '"ref":"CMP-000001"'
out_has '"resolve_due":'
out_has '"repeat_of":null' "json carries every complaint key"
if command -v jq >/dev/null; then
	assert "json parses, four objects" [ "$(jq length "$T/out")" = 4 ]
fi
expect 0 "ndjson" complaint list --format ndjson
assert "one line each" [ "$(wc -l <"$T/out")" -eq 4 ]
expect 0 "empty json is an empty array" complaint list --format json --owner nobody
out_is "[]"
expect 0 "an empty listing prints nothing, no lone header" complaint list --owner nobody
assert "nothing printed" [ ! -s "$T/out" ]

db_snapshot
expect 64 "unknown format" complaint list --format yaml
err_has "unknown format 'yaml'"
expect 65 "unknown status" complaint list --status pending
err_has "unknown status 'pending'"
expect 65 "unknown severity" complaint list --severity huge
expect 65 "unknown level" complaint list --level boss
expect 65 "bad --since" complaint list --since yesterday-ish
err_has "accepted"
expect 65 "bad --limit" complaint list --limit -3
expect 64 "stray argument" complaint list extra
db_unchanged
done_testing
