#!/bin/bash
# complaint report --return fca: the complaints-return summary by
# category for a half-year or any period.
. "$(dirname "$0")/lib.sh"
. "$TESTS_SRCDIR/tests/e2e/report-data.sh"

expect 0 "the data set" report_data
H='category	opened	outstanding_at_start	closed	closed_3bd	closed_4w	closed_4_8w	closed_over_8w	upheld	upheld_pct	redress'

# 2026H2 holds everything. billing: opened A C D; closed A (Mon 09:00 +
# 3bd is Wed 17:00; resolved Thu 09:00: within 4 weeks) and D (29 days:
# 4 to 8 weeks); upheld A: 1/2; 112.50. delivery: B at first contact.
expect 0 "--period 2026H2" complaint report --return fca --period 2026H2
out_is "$H
billing	3	0	2	0	1	1	0	1	50.0	112.50
delivery	1	0	1	1	0	0	0	0	0.0	0.00
total	4	0	3	1	1	1	0	1	33.3	112.50"

# November: D was received in October and still unresolved on the 1st.
expect 0 "--since and --until" complaint report --return fca --since 2026-11-01 --until 2026-11-30
out_is "$H
billing	2	1	2	0	1	1	0	1	50.0	112.50
delivery	1	0	1	1	0	0	0	0	0.0	0.00
total	3	1	3	1	1	1	0	1	33.3	112.50"

# The first half of 2026 had nothing: only the total, with nothing to
# take a share of.
expect 0 "an empty half-year" complaint report --return fca --period 2026H1
out_is "$H
total	0	0	0	0	0	0	0	0		0.00"
expect 0 "json" complaint report --return fca --period 2026h2 --format json
out_has '{"category":"total","opened":4,"outstanding_at_start":0,"closed":3,"closed_3bd":1,"closed_4w":1,"closed_4_8w":1,"closed_over_8w":0,"upheld":1,"upheld_pct":33.3,"redress":112.50}'

db_snapshot
expect 64 "no period" complaint report --return fca
err_has "--return fca needs a period"
expect 64 "--since alone" complaint report --return fca --since 2026-01-01
expect 64 "both a period and --since" complaint report --return fca --period 2026H1 --since 2026-01-01
expect 64 "unknown return" complaint report --return sec --period 2026H1
err_has "unknown return 'sec' (expected fca)"
expect 64 "no --by" complaint report --return fca --period 2026H1 --by owner
expect 65 "a bad half-year" complaint report --return fca --period 2026H3
err_has "invalid period '2026H3' (expected a half-year such as 2026H1 or 2026H2)"
db_unchanged

done_testing
