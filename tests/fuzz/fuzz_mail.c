/*
 * Fuzz target: the e-mail parser of complaint mail (mailmsg_parse() on
 * GMime), on any bytes: it returns 0 or EX_DATAERR and nothing else;
 * what it returns is valid UTF-8 with no control character but line
 * breaks and tabs in the text; no file name is empty or has a '/'; each
 * file's bytes are readable to their length. The body, as HTML, also
 * goes through mailmsg_html_text(), and the subject through
 * mailmsg_subject_ref().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mailmsg.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s, int lines)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	if (!utf8_valid(s, strlen(s)))
		abort();
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\t'))) ||
		    *p == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mailmsg m;
	struct error err;
	unsigned sum = 0;
	int64_t num;
	size_t i, j;
	char *text;
	int rc;

	error_clear(&err);
	rc = mailmsg_parse((const char *)data, size, &m, &err);
	if (rc != 0 && (rc != EX_DATAERR || err.status != EX_DATAERR))
		abort();
	if (rc == 0 && m.skip == NULL) {
		if (m.from_addr == NULL || strchr(m.from_addr, '@') == NULL ||
		    m.body == NULL)
			abort();
		check_text(m.from_addr, 0);
		check_text(m.from_name, 0);
		check_text(m.subject, 0);
		check_text(m.message_id, 0);
		check_text(m.body, 1);
		for (i = 0; i < m.nrefs; i++)
			check_text(m.refs[i], 0);
		for (i = 0; i < m.nfiles; i++) {
			check_text(m.files[i].name, 0);
			if (m.files[i].name[0] == '\0' ||
			    strchr(m.files[i].name, '/') != NULL)
				abort();
			for (j = 0; j < m.files[i].len; j++)
				sum += m.files[i].data[j];
		}
		text = mailmsg_html_text(m.body, strlen(m.body));
		check_text(text, 1);
		free(text);
		(void)mailmsg_subject_ref(m.subject, "CMP", &num);
		/* Every byte of every file was read (ASan checks the
		 * lengths); the sum only keeps the reads. */
		if (sum == 1u && size == 0)
			abort();
	}
	mailmsg_release(&m);
	return 0;
}
