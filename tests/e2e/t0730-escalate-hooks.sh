#!/bin/bash
# Rules are applied after each log, assess, followup and reopen of the
# complaint concerned (SPEC 5), not only by the sweep.
. "$(dirname "$0")/lib.sh"

cat >"$T/rules.yaml" <<'YAML'
escalation:
  levels: [complaint-manager, senior-management, independent-review]
  rules:
    - name: critical
      when: {severity: critical}
      to: senior-management
    - name: repeat
      when: {contacts: {gte: 2}}
      to: complaint-manager
    - name: third-contact
      when: {contacts: {gte: 3}}
      to: independent-review
YAML
export COMPLAINT_CONFIG="$T/rules.yaml"

complaint log --customer Ann --channel phone >/dev/null
complaint log --customer Bob --channel phone >/dev/null
expect 0 "assess applies the rules" complaint assess 1 --severity critical
err_has "CMP-000001 escalated to senior-management by rule critical"
complaint show 1 --format json >"$T/out"
out_has '"level":"senior-management"'
out_has '"callback_due":' "a passed-on complaint owes a call-back"

complaint resolve 2 --resolution "Refunded" >/dev/null
expect 0 "followup unsatisfied reopens, counts a contact, applies the rules" complaint followup 2 --outcome unsatisfied
err_has "CMP-000002 escalated to complaint-manager by rule repeat"
complaint resolve 2 --resolution "Refunded again" >/dev/null
expect 0 "reopen counts a contact and applies the rules" complaint reopen 2 --reason "Appeal"
err_has "CMP-000002 escalated to independent-review by rule third-contact"
complaint show 2 --format json >"$T/out"
out_has '"level":"independent-review"'
out_has '"contacts":3'

expect 0 "a rule escalates a complaint once" complaint assess 1 --severity critical
assert "no second escalation" sh -c '! grep -q escalated "$0"' "$T/err"
expect 0 "the sweep finds nothing left to do" complaint escalate --auto
assert "and prints nothing" [ ! -s "$T/out" ]
done_testing
