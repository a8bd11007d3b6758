/*
 * Error objects: lib/ never prints or exits; it fills a struct error and
 * returns its status, which is also the process exit status (sysexits.h,
 * as documented in complaint(1)).
 */
#ifndef COMPLAINT_ERROR_H
#define COMPLAINT_ERROR_H

#include <sysexits.h>

/* Exit statuses of SPEC 9 that sysexits.h does not name. */
#define EX_CONDITION 1 /* the asked-for condition holds (--exit-code) */

struct error {
	int status;     /* 0 when no error */
	char msg[1024]; /* lowercase, no full stop, no "complaint: " prefix */
};

/* Record an error and return its status, so callers can write
 * "return error_set(err, EX_DATAERR, ...)". */
int error_set(struct error *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void error_clear(struct error *err);

#endif
