#!/bin/bash
# Letters (SPEC 5): letter REF --kind K prints any letter any time, --sent
# records it in the history; resolve prints the summary resolution letter
# when resolved by deadlines.summary (close of business on the third
# business day after the day of receipt, DISP 1.5), else the final
# response, and records which.
. "$(dirname "$0")/lib.sh"

at() { COMPLAINT_NOW=$1; export COMPLAINT_NOW; }
events() { complaint show "$1" --format json; }

# Default calendar: Europe/London (UTC in winter), Mon-Fri 09:00-17:00,
# holidays 2026-12-25 and 2026-12-28. 2026-11-02 is a Monday.
at 2026-11-02T10:00:00Z
expect 0 "log 1 on Monday 10:00" complaint log --customer "Ann Lee" --channel email -m "Card declined"
expect 0 "log 2 on Monday 10:00" complaint log --customer "Bo" --channel email -m "Fee"

# Resolved at 17:00 exactly on Thursday, the third business day: within.
at 2026-11-05T17:00:00Z
expect 0 "resolve 1 at Thursday 17:00" complaint resolve 1 --resolution "Limit raised" --remedy apology
out_has "We believe we have now resolved it" "the summary resolution letter"
out_lacks "This letter is our final response."
out_has "Financial Ombudsman Service" "the referral wording"
out_has "within six months" "the six-month time limit"
expect 0 "history records the summary letter" events 1
out_has "summary letter sent"

# One minute later: the final response.
at 2026-11-05T17:01:00Z
expect 0 "resolve 2 at Thursday 17:01" complaint resolve 2 --resolution "Fee refunded" --remedy refund --amount 25
out_has "This letter is our final response." "the final response"
out_lacks "We believe we have now resolved it"
out_has "Financial Ombudsman Service"
out_has "within six months"
expect 0 "history records the final response" events 2
out_has "final letter sent"

# Received Friday 16:59: days count from Saturday, so Wednesday 17:00.
at 2026-11-06T16:59:00Z
expect 0 "log 3 on Friday 16:59" complaint log --customer "Cy" --channel phone
at 2026-11-11T17:00:00Z
expect 0 "resolve 3 on Wednesday 17:00" complaint resolve 3 --resolution "Explained"
out_has "We believe we have now resolved it"
# Received Friday 17:01 (after closing): the same count, from Saturday.
at 2026-11-06T17:01:00Z
expect 0 "log 4 on Friday 17:01" complaint log --customer "Di" --channel phone
at 2026-11-11T17:01:00Z
expect 0 "resolve 4 on Wednesday 17:01" complaint resolve 4 --resolution "Explained"
out_has "This letter is our final response."

# Bank holidays inside the window: Wednesday 23 December, then Thursday
# 24, Tuesday 29 and Wednesday 30 (25 and 28 are holidays).
at 2026-12-23T10:00:00Z
expect 0 "log 5 before Christmas" complaint log --customer "Ed" --channel phone
at 2026-12-30T17:00:00Z
expect 0 "resolve 5 on 30 December 17:00" complaint resolve 5 --resolution "Sorted"
out_has "We believe we have now resolved it"

# letter prints any letter any time, writing nothing.
at 2026-12-31T10:00:00Z
db_snapshot
expect 0 "acknowledgement" complaint letter 1 --kind acknowledgement
out_has "Dear Ann Lee,"
expect 0 "final" complaint letter 2 --kind final
out_has "This letter is our final response."
out_has "Fee refunded"
expect 0 "holding" complaint letter cmp-000001 --kind holding
out_has "not yet been"
expect 0 "summary by the bare number" complaint letter 1 --kind summary
out_has "Limit raised"
db_unchanged "printing a letter writes nothing"

# Bad input: the exit codes, and nothing written.
expect 64 "--kind is required" complaint letter 1
err_has "--kind is required"
expect 64 "a reference is required" complaint letter --kind final
expect 65 "unknown kind" complaint letter 1 --kind final_response --sent
err_has "invalid letter kind 'final_response' (expected one of: acknowledgement, summary, holding, final)"
expect 65 "bad reference" complaint letter XYZ --kind final --sent
expect 66 "no such complaint" complaint letter 99 --kind final --sent
expect 64 "unknown option" complaint letter 1 --kind final --send-it
db_unchanged "refused letters write nothing"

# --sent records it as sent: an event in the history.
expect 0 "holding letter sent by hand" complaint letter 1 --kind holding --sent
out_has "not yet been"
expect 0 "show" complaint show 1 --format json
out_has '"action":"letter"'
out_has "holding letter sent"

# Every placeholder renders from the complaint, its regime and deadlines.
cat >config.yaml <<'YAML'
categories: [billing, payments]
regimes:
  payment-services:
    deadlines: {resolve: 15bd, summary: cob+1bd}
    when: {category: payments}
templates:
  final_response: "{ref}|{customer}|{category}|{regime}|{remedy}|{amount} {currency}|{owner}|{resolve_due}|{summary_due}|{holding_due}|{status}|{channel}\n"
YAML
export COMPLAINT_CONFIG=$T/config.yaml
at 2026-11-02T10:00:00Z
expect 0 "log 6 payments" complaint log --customer "Flo" --channel web --category payments
at 2026-11-03T17:01:00Z
expect 0 "resolve 6 after its regime's summary deadline (cob+1bd)" complaint resolve 6 --resolution "ok" --remedy refund --amount 9.5
out_is "CMP-000006|Flo|payments|payment-services|refund|9.50 GBP|alice|2026-11-23|2026-11-03|2026-12-28|resolved|web"
printf 'templates:\n  holding: "{nope}"\n' >bad.yaml
expect 78 "unknown placeholder in the holding template" complaint --config bad.yaml letter 1 --kind holding
err_has "unknown placeholder '{nope}'"

done_testing
