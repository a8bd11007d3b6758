/*
 * search's query language, parsed (search.h).
 */
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "xmalloc.h"

static const char accepted[] = "words, \"a phrase\", OR between two terms, "
    "-word to exclude, prefix*";

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
add(struct search_query *q, char *text, int phrase, int prefix,
    int negated)
{
	struct search_term *t;

	q->t = xrealloc(q->t, (q->n + 1) * sizeof(*q->t));
	t = &q->t[q->n++];
	t->text = text;
	t->phrase = phrase;
	t->prefix = prefix;
	t->negated = negated;
	t->or_next = 0;
}

void
search_query_release(struct search_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		free(q->t[i].text);
	free(q->t);
	q->t = NULL;
	q->n = 0;
}

int
search_parse(const char *text, struct search_query *q, struct error *err)
{
	const char *p = text;
	size_t wanted = 0;
	int pending_or = 0, rc;

	q->t = NULL;
	q->n = 0;
	if (strlen(text) > SEARCH_QUERY_MAX)
		return error_set(err, EX_DATAERR, "the query is longer than "
		    "%d bytes", SEARCH_QUERY_MAX);
	for (;;) {
		const char *start;
		int negated = 0, prefix = 0, phrase = 0;
		size_t len;

		while (space(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		if (*p == '-') {
			negated = 1;
			p++;
		}
		if (*p == '"') {
			const char *end = strchr(p + 1, '"');

			if (end == NULL) {
				rc = error_set(err, EX_DATAERR, "unclosed "
				    "quote in the query (accepted: %s)",
				    accepted);
				goto fail;
			}
			phrase = 1;
			start = p + 1;
			len = (size_t)(end - start);
			p = end + 1;
			if (*p == '*') {
				prefix = 1;
				p++;
			}
		} else {
			start = p;
			while (*p != '\0' && !space(*p) && *p != '"')
				p++;
			len = (size_t)(p - start);
			if (len > 0 && start[len - 1] == '*') {
				prefix = 1;
				len--;
			}
			/* OR, in capitals and alone, joins two terms. */
			if (!negated && !prefix && len == 2 &&
			    strncmp(start, "OR", 2) == 0) {
				if (q->n == 0 || pending_or) {
					rc = error_set(err, EX_DATAERR,
					    "OR needs a term on each side "
					    "(accepted: %s)", accepted);
					goto fail;
				}
				pending_or = 1;
				continue;
			}
		}
		if (phrase && len == 0) {
			rc = error_set(err, EX_DATAERR, "an empty phrase in "
			    "the query (accepted: %s)", accepted);
			goto fail;
		}
		if (!phrase && (len == 0 || strspn(start, "*-") >= len)) {
			rc = error_set(err, EX_DATAERR, "a lone '%s' in the "
			    "query; give a word after - and before * "
			    "(accepted: %s)", negated ? "-" : "*", accepted);
			goto fail;
		}
		if (pending_or) {
			if (negated || q->t[q->n - 1].negated) {
				rc = error_set(err, EX_DATAERR, "an excluded "
				    "term cannot be joined by OR (accepted: "
				    "%s)", accepted);
				goto fail;
			}
			q->t[q->n - 1].or_next = 1;
			pending_or = 0;
		}
		add(q, xstrndup(start, len), phrase, prefix, negated);
		if (!negated)
			wanted++;
	}
	if (pending_or) {
		rc = error_set(err, EX_DATAERR, "OR needs a term on each side "
		    "(accepted: %s)", accepted);
		goto fail;
	}
	if (q->n == 0) {
		rc = error_set(err, EX_DATAERR, "the query is empty; give "
		    "what to search for (accepted: %s)", accepted);
		goto fail;
	}
	if (wanted == 0) {
		rc = error_set(err, EX_DATAERR, "the query only excludes; "
		    "give at least one word to find (accepted: %s)",
		    accepted);
		goto fail;
	}
	return 0;
fail:
	search_query_release(q);
	return rc;
}
