/*
 * The report's scan (store_report_scan()), what both engines read alike:
 * the fixed columns of a report row, in the order of its SELECT, before
 * the texts a report groups by. Private to lib/store/.
 */
#ifndef COMPLAINT_STORE_REPORT_COLUMNS_H
#define COMPLAINT_STORE_REPORT_COLUMNS_H

enum {
	COL_RECEIVED_AT, COL_STATUS, COL_FIRST_CONTACT, COL_ACKNOWLEDGED_AT,
	COL_ACK_DUE, COL_LEVEL, COL_CONTACTS, COL_REPEAT_OF, COL_SATISFIED,
	COL_RESOLVED_AT, COL_RESOLVE_DUE, COL_JUSTIFIED, COL_AMOUNT,
	COL__FIXED
};

#define REPORT_COLUMNS \
    "received_at, status, first_contact, acknowledged_at, ack_due, level," \
    " contacts, repeat_of, satisfied, resolved_at, resolve_due, justified," \
    " amount"

/* The same places for the FCA return, which counts by the times, the
 * verdict and the redress alone: the rest stay NULL, unread. */
#define REPORT_FCA_COLUMNS \
    "received_at, NULL, 0, NULL, NULL, 0," \
    " 0, NULL, NULL, resolved_at, NULL, justified," \
    " amount"

#endif
