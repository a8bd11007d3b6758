#!/bin/bash
# report groups by text exactly as stored: a backslash, a tab, a newline
# and letters beyond ASCII come back as they went in, on either engine
# (PostgreSQL streams the rows as COPY text, escaped on the way).
. "$(dirname "$0")/lib.sh"

complaint log --customer A --channel phone --category billing \
    --department 'bill\ing' --summary x >/dev/null
complaint log --customer B --channel phone --department "$(printf 'tab\tbed')" \
    --summary y >/dev/null
complaint log --customer C --channel phone --department "$(printf 'new\nline')" \
    --summary y >/dev/null
complaint log --customer D --channel phone --department 'ünï' --summary y >/dev/null
complaint resolve 1 --resolution done --root-cause "$(printf 'back\\slash\ttab')" >/dev/null

expect 0 "by a department with escapes" complaint report --by department --format json
out_is '[
{"department":"bill\\ing","received":1,"open":0,"resolved":1,"fcr_pct":0.0,"ack_in_time_pct":null,"resolved_in_time_pct":100.0,"median_ack_hours":null,"median_resolve_days":0.0,"escalated_pct":0.0,"upheld_pct":0.0,"repeat_pct":0.0,"satisfied_pct":null,"redress":0.00},
{"department":"new\nline","received":1,"open":1,"resolved":0,"fcr_pct":0.0,"ack_in_time_pct":null,"resolved_in_time_pct":null,"median_ack_hours":null,"median_resolve_days":null,"escalated_pct":0.0,"upheld_pct":null,"repeat_pct":0.0,"satisfied_pct":null,"redress":0.00},
{"department":"tab\tbed","received":1,"open":1,"resolved":0,"fcr_pct":0.0,"ack_in_time_pct":null,"resolved_in_time_pct":null,"median_ack_hours":null,"median_resolve_days":null,"escalated_pct":0.0,"upheld_pct":null,"repeat_pct":0.0,"satisfied_pct":null,"redress":0.00},
{"department":"ünï","received":1,"open":1,"resolved":0,"fcr_pct":0.0,"ack_in_time_pct":null,"resolved_in_time_pct":null,"median_ack_hours":null,"median_resolve_days":null,"escalated_pct":0.0,"upheld_pct":null,"repeat_pct":0.0,"satisfied_pct":null,"redress":0.00}
]'
expect 0 "the html report's root causes" complaint report --format html
out_has "$(printf '<title>back\\slash\ttab: 1</title>')"

done_testing
