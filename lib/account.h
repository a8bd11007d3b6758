/*
 * Who the operating system says runs this process: the account, as
 * opposed to the actor a command claims to act for (--as,
 * COMPLAINT_USER). Pure: no storage.
 */
#ifndef COMPLAINT_ACCOUNT_H
#define COMPLAINT_ACCOUNT_H

#include <stddef.h>

#define ACCOUNT_MAX 256

/*
 * The login name of the effective user id (getpwuid(geteuid())), or the
 * number itself when it has no name. Environment variables play no
 * part: $USER and --as are claims, this is not. Into BUF of LEN bytes.
 */
void account_of_process(char *buf, size_t len);

#endif
