#!/bin/bash
# complaint review: reviewing resolved and closed complaints, ideas and
# their status, the pending list, spikes, roles, and every refusal.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone --category delivery >/dev/null
complaint log --customer "Bob" --channel email --category billing >/dev/null
complaint log --customer "Cy" --channel web >/dev/null
complaint resolve 1 --resolution "Re-sent" --root-cause "courier" >/dev/null
COMPLAINT_NOW=2026-11-19T11:00:00Z complaint resolve 2 --resolution "Refund" >/dev/null
complaint followup 2 --outcome satisfied >/dev/null

expect 0 "--pending lists resolved, unreviewed" complaint review --pending
out_is "ref	resolved_at	owner	category	root_cause
CMP-000001	2026-11-19T10:00:00Z	alice	delivery	courier
CMP-000002	2026-11-19T11:00:00Z	alice	billing	"

expect 0 "review with two ideas prints their ids" complaint review 1 --root-cause "courier dropped it" --lessons "photograph parcels" --idea "Sturdier boxes" --idea "Switch courier"
out_is "1
2"
complaint show 1 --format json >"$T/out"
out_has '"reviewed_at":"2026-11-19T10:00:00Z"'
out_has '"root_cause":"courier dropped it"'
out_has '"lessons":"photograph parcels"'
out_has '"status":"resolved"' "review is a flag, not a status"
complaint show 1 >"$T/out"
out_has "idea 1: Sturdier boxes"

expect 0 "review a closed complaint" env COMPLAINT_NOW=2026-11-26T09:00:00Z "$COMPLAINT_BIN" --as bob review 2 --idea "Clearer bills"
out_is "3"
expect 0 "--pending is empty now" complaint review --pending
assert "no lone header" [ ! -s "$T/out" ]

expect 0 "--ideas" complaint review --ideas
out_is "id	ref	idea	status	proposed_at	proposed_by	decided_at
1	CMP-000001	Sturdier boxes	proposed	2026-11-19T10:00:00Z	alice	
2	CMP-000001	Switch courier	proposed	2026-11-19T10:00:00Z	alice	
3	CMP-000002	Clearer bills	proposed	2026-11-26T09:00:00Z	bob	"
expect 0 "--ideas --since" env COMPLAINT_NOW=2026-11-30T09:00:00Z "$COMPLAINT_BIN" review --ideas --since 1w
out_is "id	ref	idea	status	proposed_at	proposed_by	decided_at
3	CMP-000002	Clearer bills	proposed	2026-11-26T09:00:00Z	bob	"

expect 0 "--idea-status" env COMPLAINT_NOW=2026-11-30T09:00:00Z "$COMPLAINT_BIN" review --idea-status 1 agreed
expect 0 "--ideas --format json" complaint review --ideas --format ndjson
out_has '{"id":1,"ref":"CMP-000001","idea":"Sturdier boxes","status":"agreed","proposed_at":"2026-11-19T10:00:00Z","proposed_by":"alice","decided_at":"2026-11-30T09:00:00Z"}'
complaint show 1 >"$T/out"
out_has "idea 1: proposed -> agreed"

# Spikes: 6 billing complaints this week against none before.
for i in 1 2 3 4 5 6; do
	COMPLAINT_NOW=2026-11-18T10:00:00Z complaint log --customer "X$i" --channel web --category billing >/dev/null
done
expect 0 "--spikes" complaint review --spikes
out_is "category	recent	baseline	ratio	since
billing	7	0.00		2026-11-12T10:00:00Z"
printf 'spikes:\n  min_count: 8\n' >"$T/c.yaml"
expect 0 "--spikes under a higher floor" complaint --config "$T/c.yaml" review --spikes
assert "no spike, no lone header" [ ! -s "$T/out" ]

db_snapshot
expect 65 "review an open complaint" complaint review 3
err_has "CMP-000003 is still open (new); resolve it before reviewing it"
expect 65 "unknown idea status" complaint review --idea-status 1 maybe
err_has "unknown idea status 'maybe' (expected proposed, agreed, rejected or done)"
expect 65 "bad idea id" complaint review --idea-status x agreed
expect 66 "no such idea" complaint review --idea-status 99 done
err_has "no idea 99"
expect 65 "empty idea" complaint review 1 --idea " "
err_has "the idea is empty; describe it with --idea TEXT"
expect 66 "no such complaint" complaint review 50
expect 64 "nothing asked" complaint review
expect 64 "two modes" complaint review --pending --ideas
expect 64 "--idea with --pending" complaint review --pending --idea x
expect 64 "--since without --ideas" complaint review --pending --since 1w
expect 64 "--idea-status without a status" complaint review --idea-status 1
expect 64 "--format for a review" complaint review 1 --format json

# Roles: with roles configured, only managers' accounts review and decide.
# The account is the login (id -un; the role on a server): acting --as a
# manager is not being one.
me=$(db_account)
printf 'roles:\n  managers: [alice]\n  delegates: ["%s"]\n' "$me" >"$T/roles.yaml"
expect 77 "review needs a manager's account" complaint --config "$T/roles.yaml" --as alice review 1
err_has "account $me may not review CMP-000001: only the accounts of roles.managers may"
expect 77 "deciding on ideas needs a manager" complaint --config "$T/roles.yaml" --as alice review --idea-status 1 done
db_unchanged "refusals left the database as it was"
printf 'roles:\n  managers: ["%s"]\n' "$me" >"$T/manager.yaml"
expect 0 "a manager's account may" env -u COMPLAINT_USER "$COMPLAINT_BIN" --config "$T/manager.yaml" review 1 --lessons "again"
expect 0 "anyone may list" complaint --config "$T/roles.yaml" --as bob review --ideas
search_index_ok
done_testing
