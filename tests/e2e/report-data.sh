# The data set of the t11NN-report-*.sh tests, sourced after lib.sh.
# Times are London local, which is UTC in November; "now" is Thursday
# 2026-11-19 10:00.
#
#   CMP-000001 A billing  phone rec Mon 11-02 09:00, acked 11:00 (2h),
#              resolved Thu 11-05 09:00 (3 days), upheld, 12.50,
#              satisfied; follow-up owed since Mon 11-09 09:00
#   CMP-000002 B delivery email rec Tue 11-10 09:00, resolved at first
#              contact (acked and resolved at once)
#   CMP-000003 C billing  chat  rec Mon 11-16 10:00, new: its
#              acknowledgement was due Tue 11-17 10:00
#   CMP-000004 D billing  phone rec Tue 10-20 09:00, acked 10:00 (1h),
#              resolved Wed 11-18 09:00 (29 days), not upheld, 100.00
#
# The lifecycle commands (ack, resolve, followup) are not on this branch
# yet: the UPDATEs below stand in for them, one per complaint. Their
# times are UTC: D was received at 09:00 London summer time, 08:00 UTC.
# (Seconds since the epoch from date(1), so the SQL is either engine's.)
report_data() {
	complaint log --customer A --channel phone --category billing \
	    --received "2026-11-02 09:00" >/dev/null &&
	complaint log --customer B --channel email --category delivery \
	    --received "2026-11-10 09:00" --resolution Refunded >/dev/null &&
	complaint log --customer C --channel chat --category billing \
	    --received "2026-11-16 10:00" >/dev/null &&
	complaint log --customer D --channel phone --category billing \
	    --received "2026-10-20 09:00" >/dev/null &&
	db_query "
	    UPDATE complaint SET status = 'resolved',
	        acknowledged_at = $(date -u -d '2026-11-02 11:00' +%s),
	        resolved_at = $(date -u -d '2026-11-05 09:00' +%s),
	        followup_due = $(date -u -d '2026-11-09 09:00' +%s),
	        justified = 'yes', amount = 1250, satisfied = 'yes'
	        WHERE id = 1;
	    UPDATE complaint SET status = 'resolved',
	        acknowledged_at = $(date -u -d '2026-10-20 09:00' +%s),
	        resolved_at = $(date -u -d '2026-11-18 09:00' +%s),
	        justified = 'no', amount = 10000
	        WHERE id = 4;"
}
