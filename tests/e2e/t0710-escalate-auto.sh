#!/bin/bash
# complaint escalate --auto: the rules over every open complaint, once
# each; --dry-run shows the same and changes nothing; the rules also run
# after log and after a repeat contact.
. "$(dirname "$0")/lib.sh"

cat >rules.yaml <<'YAML'
escalation:
  rules:
    - name: public-exposure
      when: {public: true}
      to: complaint-manager
    - name: repeat-caller
      when: {contacts: {gte: 3}, level: frontline}
      to: complaint-manager
    - name: old
      when: {age: {gte: 3bd}}
      to: senior-management
YAML
export COMPLAINT_CONFIG="$T/rules.yaml"

# After log: a public complaint goes to the complaint manager at once.
expect 0 "log applies the rules" complaint log --customer Ann --channel social --public -m "Tweeted"
out_is "CMP-000001"
err_has "complaint: CMP-000001 escalated to complaint-manager by rule public-exposure"
complaint show 1 --format json >"$T/out"
out_has '"level":"complaint-manager"'
out_has '"callback_due":"2026-11-19T17:00:00Z"' "passed on: a call-back is owed"
expect 0 "history names the rule" complaint show 1
out_has "rule public-exposure"

# After a repeat contact: the third contact is what repeat-caller waits for.
complaint log --customer Bob --channel phone >/dev/null
expect 0 "second contact" complaint log --repeat-of 2 --channel phone
err_lines 1
expect 0 "third contact escalates" complaint log --repeat-of 2 --channel phone
out_is "CMP-000002"
err_has "complaint: CMP-000002 escalated to complaint-manager by rule repeat-caller"

# Resolved complaints are left alone, old or not.
complaint log --customer Cy --channel phone --received 2026-11-02 --resolution "Done" >/dev/null
complaint log --customer Di --channel phone >/dev/null
complaint log --customer Ed --channel letter --received "2026-11-17 09:00" >/dev/null

# Monday 2026-11-23 17:00: complaints 1, 2 and 4 are 23 business hours
# old, short of 3bd; 5 is over 5bd old.
db_snapshot
expect 0 "dry run" env COMPLAINT_NOW=2026-11-23T17:00:00Z "$COMPLAINT_BIN" escalate --auto --dry-run --format tsv
out_is "$(printf 'ref\trule\tfrom\tto\nCMP-000005\told\tfrontline\tsenior-management')"
db_unchanged "--dry-run changes nothing"

# Thursday 2026-11-26 10:00: complaints 1, 2 and 4 are now 3bd old too.
expect 0 "dry run, later" env COMPLAINT_NOW=2026-11-26T10:00:00Z "$COMPLAINT_BIN" escalate --auto --dry-run
cat >"$T/want_sweep" <<'TSV'
ref	rule	from	to
CMP-000001	old	complaint-manager	senior-management
CMP-000002	old	complaint-manager	senior-management
CMP-000004	old	frontline	senior-management
CMP-000005	old	frontline	senior-management
TSV
assert "tsv when piped, in order of reference" cmp -s "$T/want_sweep" "$T/out"
db_unchanged "--dry-run changes nothing, however much it shows"

expect 0 "the sweep" env COMPLAINT_NOW=2026-11-26T10:00:00Z "$COMPLAINT_BIN" escalate --auto
assert "the sweep prints what the dry run showed" cmp -s "$T/want_sweep" "$T/out"
expect 0 "show 4" complaint show 4 --format json
out_has '"level":"senior-management"'
out_has '"callback_due":"2026-11-26T17:00:00Z"'
expect 0 "history of 4" complaint show 4
out_has "rule old"
assert "one firing per complaint and rule" [ "$(db_query 'SELECT count(*) FROM rule_fired')" = 6 ]

db_snapshot
expect 0 "a second sweep escalates nothing" env COMPLAINT_NOW=2026-11-27T10:00:00Z "$COMPLAINT_BIN" escalate --auto --format csv
assert "nothing escalated prints nothing (cron stays quiet)" [ ! -s "$T/out" ]
db_unchanged "nothing to do changes nothing"

# Formats.
complaint log --customer Fay --channel phone --received "2026-11-18 09:00" >/dev/null
expect 0 "json" env COMPLAINT_NOW=2026-11-26T10:00:00Z "$COMPLAINT_BIN" escalate --auto --dry-run --format json
out_is "$(printf '[\n{"ref":"CMP-000006","rule":"old","from":"frontline","to":"senior-management"}\n]')"
expect 0 "ndjson" env COMPLAINT_NOW=2026-11-26T10:00:00Z "$COMPLAINT_BIN" escalate --auto --dry-run --format ndjson
out_is '{"ref":"CMP-000006","rule":"old","from":"frontline","to":"senior-management"}'
expect 64 "unknown format" complaint escalate --auto --format xml
err_has "unknown format 'xml'"

# No rules, no escalations.
printf 'escalation:\n  rules: []\n' >none.yaml
expect 0 "rules: [] turns it off" complaint --config none.yaml escalate --auto --dry-run
assert "nothing printed" [ ! -s "$T/out" ]

# The built-in rule: nothing is critical until assessed.
unset COMPLAINT_CONFIG
expect 0 "built-in rule" complaint escalate --auto
assert "nothing printed" [ ! -s "$T/out" ]
done_testing
