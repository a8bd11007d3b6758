/* The account the operating system authenticated this process as. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "account.h"

void
account_of_process(char *buf, size_t len)
{
	uid_t uid = geteuid();
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "%lu", (unsigned long)uid);
}
