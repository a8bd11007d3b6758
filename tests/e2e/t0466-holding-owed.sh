#!/bin/bash
# Holding letters owed (SPEC 5, 8): a complaint still open at its
# deadlines.holding with no holding letter sent is listed as kind
# "holding" by followup --due and report --overdue, until it is resolved
# or letter --kind holding --sent records the letter.
. "$(dirname "$0")/lib.sh"

at() { COMPLAINT_NOW=$1; export COMPLAINT_NOW; }

cat >config.yaml <<'YAML'
categories: [billing, payments]
deadlines: {holding: 2w}
regimes:
  payment-services:
    deadlines: {holding: 15bd, resolve: 15bd}
    when: {category: payments}
YAML
export COMPLAINT_CONFIG=$T/config.yaml

at 2026-11-02T10:00:00Z
expect 0 "log 1 (top level: holding 2w)" complaint log --customer Ann --channel email --category billing
expect 0 "log 2 (payment-services: holding 15bd)" complaint log --customer Bo --channel email --category payments
expect 0 "log 3" complaint log --customer Cy --channel email --category billing

# Monday 16 November 10:00 is the holding deadline of 1 and 3.
at 2026-11-13T10:00:00Z
expect 0 "the Friday before: nothing owed yet" complaint followup --due
out_lacks "holding"
expect 0 "nor overdue" complaint report --overdue
out_lacks "holding"
at 2026-11-16T10:01:00Z
expect 0 "resolve 3 before listing" complaint resolve 3 --resolution "Done"
expect 1 "a minute later: holding letter owed for 1" complaint followup --due --exit-code --format tsv
out_has "CMP-000001	holding	2026-11-16T10:00:00Z"
out_lacks "CMP-000003" "resolved complaints owe no holding letter"
out_lacks "CMP-000002" "payment-services holds on until 15bd"
expect 0 "report --overdue lists it as holding" complaint report --overdue --format csv
out_has "CMP-000001,holding,"

# 15 business days of complaint 2 end on Monday 23 November 10:00.
at 2026-11-23T10:01:00Z
expect 0 "2 owes its holding letter too" complaint followup --due --format tsv
out_has "CMP-000002	holding	2026-11-23T10:00:00Z"

db_snapshot
expect 0 "printing the holding letter is not sending it" complaint letter 1 --kind holding
db_unchanged
expect 0 "holding letter of 1 sent" complaint letter 1 --kind holding --sent
expect 0 "1 owes no holding letter once sent" complaint followup --due --format tsv
out_lacks "CMP-000001"
out_has "CMP-000002	holding"
expect 0 "another kind sent leaves the holding letter owed" complaint letter 2 --kind acknowledgement --sent
expect 0 "2 still owes it" complaint report --overdue --format csv
out_has "CMP-000002,holding,"

done_testing
