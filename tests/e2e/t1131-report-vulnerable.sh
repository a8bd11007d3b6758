#!/bin/bash
# log/assess --vulnerable: the customer identified as in vulnerable
# circumstances, stored, shown in show/list/export, and counted in the
# FCA return's vulnerable column (PS25/19) when returns.fca.vulnerability
# is true.
. "$(dirname "$0")/lib.sh"

at() { t=$1; shift; COMPLAINT_NOW=$t complaint "$@" >/dev/null 2>&1; }

# A vulnerable at logging (11-02), B not, C assessed vulnerable on 11-20;
# all received in November.
at 2026-11-02T09:00:00Z log --customer A --channel phone --category billing --vulnerable
at 2026-11-03T09:00:00Z log --customer B --channel phone --category billing
at 2026-11-04T09:00:00Z log --customer C --channel phone --category delivery
at 2026-11-20T09:00:00Z assess 3 --vulnerable
COMPLAINT_NOW=2026-12-01T00:00:00Z

expect 0 "show json" complaint show 1 --format json
out_has '"vulnerable":true'
expect 0 "show json, not vulnerable" complaint show 2 --format json
out_has '"vulnerable":false'
expect 0 "list json" complaint list --format json
assert "two of three vulnerable" [ "$(grep -o '"vulnerable":true' "$T/out" | wc -l)" -eq 2 ]
expect 0 "export" complaint export
out_has '"vulnerable":[false,true]' "assess --vulnerable is in the history"
expect 0 "show lists the assessment" complaint show 3
out_has "vulnerable"

H='product	cause	opened	outstanding_at_start	closed	closed_3bd	closed_3bd_8w	closed_over_8w	upheld	upheld_pct	redress'
expect 0 "without returns.fca.vulnerability: no column" complaint report --return fca --since 2026-11-01 --until 2026-11-30
out_is "$H
billing		2	0	0	0	0	0	0		0.00
delivery		1	0	0	0	0	0	0		0.00
total		3	0	0	0	0	0	0		0.00"

cat >config.yaml <<'EOF'
returns:
  fca:
    vulnerability: true
EOF
export COMPLAINT_CONFIG="$T/config.yaml"
expect 0 "with it: the vulnerable column" complaint report --return fca --since 2026-11-01 --until 2026-11-30
out_is "$H	vulnerable
billing		2	0	0	0	0	0	0		0.00	1
delivery		1	0	0	0	0	0	0		0.00	1
total		3	0	0	0	0	0	0		0.00	2"
# As the records stood on 11-10, C was not yet identified as vulnerable.
expect 0 "as of 11-10" complaint report --return fca --since 2026-11-01 --until 2026-11-30 --as-of 2026-11-10
out_has "total		3	0	0	0	0	0	0		0.00	1"

db_snapshot
expect 64 "--vulnerable does not go with a repeat contact" complaint log --customer A --channel phone --repeat --vulnerable
err_has "--vulnerable does not go with a repeat contact"
expect 64 "assess with nothing" complaint assess 1
err_has "--complex, --vulnerable or --note"
db_unchanged

done_testing
