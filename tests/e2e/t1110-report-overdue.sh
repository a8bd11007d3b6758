#!/bin/bash
# complaint report --overdue: what is late now and by how much, most
# overdue first; --exit-code prints the rows and exits 1 when any.
. "$(dirname "$0")/lib.sh"
. "$TESTS_SRCDIR/tests/e2e/report-data.sh"

empty_db
expect 0 "nothing at all: nothing overdue" complaint report --overdue
assert "no rows, no lone header" [ ! -s "$T/out" ]
expect 0 "--exit-code with nothing overdue" complaint report --overdue --exit-code
assert "nothing printed" [ ! -s "$T/out" ]

expect 0 "the data set" report_data

# At Thu 11-19 10:00: A's follow-up was due Mon 11-09 09:00 (10 days and
# 1 hour: 241.0 hours); C's acknowledgement Tue 11-17 10:00 (48.0). B and
# D are settled; nothing is past its resolution deadline.
expect 0 "the overdue list" complaint report --overdue
out_is "ref	kind	due	late_hours	owner	customer	category
CMP-000001	followup	2026-11-09T09:00:00Z	241.0	alice	A	billing
CMP-000003	ack	2026-11-17T10:00:00Z	48.0	alice	C	billing"
expect 1 "--exit-code: something is overdue" complaint report --overdue --exit-code
out_is "ref	kind	due	late_hours	owner	customer	category
CMP-000001	followup	2026-11-09T09:00:00Z	241.0	alice	A	billing
CMP-000003	ack	2026-11-17T10:00:00Z	48.0	alice	C	billing" "--exit-code prints the rows"
expect 0 "json" complaint report --overdue --format json
out_has '"ref":"CMP-000003","kind":"ack","due":"2026-11-17T10:00:00Z","late_hours":48.0'

# A deadline exactly now is not yet missed.
COMPLAINT_NOW=2026-11-17T10:00:00Z expect 0 "at C's deadline" complaint report --overdue
out_lacks "CMP-000003"
out_has "CMP-000001	followup"
COMPLAINT_NOW=2026-11-17T10:05:00Z expect 0 "five minutes later" complaint report --overdue
out_has "CMP-000003	ack	2026-11-17T10:00:00Z	0.0" "late less than a tenth of an hour"
COMPLAINT_NOW=2026-11-09T09:00:00Z expect 0 "before anything fell due" complaint report --overdue --exit-code
assert "nothing printed" [ ! -s "$T/out" ]

# An open complaint past its resolution deadline (8 weeks from receipt).
COMPLAINT_NOW=2027-01-12T10:00:00Z expect 0 "weeks later" complaint report --overdue
out_has "CMP-000003	resolve	2027-01-11T10:00:00Z	24.0"
# Acknowledging C (stand-in for ack) and closing A's follow-up (for
# followup) clear them.
db_query "UPDATE complaint SET acknowledged_at = received_at + 60, status = 'acknowledged' WHERE id = 3;
    UPDATE complaint SET status = 'closed' WHERE id = 1;"
expect 0 "acknowledged and closed" complaint report --overdue --exit-code
assert "nothing printed" [ ! -s "$T/out" ]

done_testing
