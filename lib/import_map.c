/*
 * Import maps: the built-in layouts (the spreadsheet, the CFPB export),
 * their detection from a header line, and maps in YAML read with the
 * null rules of the configuration (yamlnode.h), problems as
 * FILE:LINE:COL. The conversion of records is import.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "import.h"
#include "text.h"
#include "xmalloc.h"
#include "yamlnode.h"

static const char *const target_names[IT__COUNT] = {
	"source_id", "received_at", "channel", "customer", "contact",
	"customer_id", "owner", "department", "category", "severity",
	"summary", "details", "status", "resolved_at", "resolution", "remedy",
	"root_cause", "idea", "note",
};

const char *
import_target_name(int t)
{
	return t >= 0 && t < IT__COUNT ? target_names[t] : "?";
}

int
import_target_lookup(const char *name)
{
	int i;

	for (i = 0; i < IT__COUNT; i++)
		if (strcmp(target_names[i], name) == 0)
			return i;
	return -1;
}

static const char *const date_order_names[] = { "ymd", "dmy", "mdy" };

int
date_order_lookup(const char *name)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(date_order_names[i], name) == 0)
			return i;
	return -1;
}

const char *
date_order_name(int order)
{
	return order >= 0 && order < 3 ? date_order_names[order] : "?";
}

/*
 * The built-in layouts. Values are pairs (from, to); a "to" of "" leaves
 * the field unset.
 */
struct builtin_rule {
	int target;
	const char *cols[IMPORT_MAX_COLS];
	const char *fallback;
	const char *const *values;
};

struct builtin_layout {
	const char *layout;
	const char *source;
	int dates;
	const char *const *header;   /* every column of the layout */
	const struct builtin_rule *rules;
};

static const char *const spreadsheet_header[] = {
	"Case Owner", "Department", "Date received",
	"Date followed-up with customer", "Resolved and followed up (Y/N)",
	"Customer Name", "Issue", "Resolution", "Proposed Improvement Idea",
	NULL
};

static const char *const spreadsheet_status[] = {
	"Y", "closed", "y", "closed", "Yes", "closed", "yes", "closed",
	"N", "", "n", "", "No", "", "no", "", NULL
};

static const struct builtin_rule spreadsheet_rules[] = {
	{ IT_OWNER, { "Case Owner" }, NULL, NULL },
	{ IT_DEPARTMENT, { "Department" }, NULL, NULL },
	{ IT_RECEIVED_AT, { "Date received" }, NULL, NULL },
	{ IT_RESOLVED_AT, { "Date followed-up with customer" }, NULL, NULL },
	{ IT_STATUS, { "Resolved and followed up (Y/N)" }, NULL,
	    spreadsheet_status },
	{ IT_CUSTOMER, { "Customer Name" }, NULL, NULL },
	{ IT_SUMMARY, { "Issue" }, NULL, NULL },
	{ IT_RESOLUTION, { "Resolution" }, NULL, NULL },
	{ IT_IDEA, { "Proposed Improvement Idea" }, NULL, NULL },
	{ -1, { NULL }, NULL, NULL },
};

static const char *const cfpb_header[] = {
	"Date received", "Product", "Sub-product", "Issue", "Sub-issue",
	"Consumer complaint narrative", "Company public response", "Company",
	"State", "ZIP code", "Tags", "Consumer consent provided?",
	"Submitted via", "Date sent to company",
	"Company response to consumer", "Timely response?",
	"Consumer disputed?", "Complaint ID", NULL
};

static const char *const cfpb_channel[] = {
	"Web", "web", "Web Referral", "web", "Phone", "phone",
	"Postal mail", "letter", "Email", "email", NULL
};

static const char *const cfpb_status[] = {
	"Closed with explanation", "closed",
	"Closed with monetary relief", "closed",
	"Closed with non-monetary relief", "closed",
	"Closed with relief", "closed",
	"Closed without relief", "closed",
	"Closed", "closed",
	"In progress", "new",
	"Untimely response", "new",
	NULL
};

static const char *const cfpb_resolution[] = {
	"In progress", "", "Untimely response", "", NULL
};

static const char *const cfpb_remedy[] = {
	"Closed with explanation", "explanation",
	"Closed with monetary relief", "refund",
	"Closed with relief", "refund",
	"Closed with non-monetary relief", "",
	"Closed without relief", "",
	"Closed", "", "In progress", "", "Untimely response", "",
	NULL
};

static const struct builtin_rule cfpb_rules[] = {
	{ IT_SOURCE_ID, { "Complaint ID" }, NULL, NULL },
	{ IT_RECEIVED_AT, { "Date received" }, NULL, NULL },
	{ IT_CHANNEL, { "Submitted via" }, NULL, cfpb_channel },
	{ IT_CUSTOMER, { NULL }, "CFPB consumer", NULL },
	{ IT_CATEGORY, { "Product" }, NULL, NULL },
	{ IT_SUMMARY, { "Issue", "Sub-issue" }, NULL, NULL },
	{ IT_DETAILS, { "Consumer complaint narrative" }, NULL, NULL },
	{ IT_STATUS, { "Company response to consumer" }, NULL, cfpb_status },
	{ IT_RESOLVED_AT, { "Date sent to company" }, NULL, NULL },
	{ IT_RESOLUTION, { "Company response to consumer" }, NULL,
	    cfpb_resolution },
	{ IT_REMEDY, { "Company response to consumer" }, NULL, cfpb_remedy },
	{ IT_NOTE, { "Company", "Sub-product", "State", "ZIP code", "Tags",
	    "Company public response", "Timely response?",
	    "Consumer disputed?" }, NULL, NULL },
	{ -1, { NULL }, NULL, NULL },
};

static const struct builtin_layout builtin_layouts[] = {
	{ "spreadsheet", "spreadsheet", DATES_DMY, spreadsheet_header,
	    spreadsheet_rules },
	{ "cfpb", "cfpb", DATES_MDY, cfpb_header, cfpb_rules },
};
#define NLAYOUTS (sizeof(builtin_layouts) / sizeof(builtin_layouts[0]))

void
import_map_init(struct import_map *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < IT__COUNT; i++)
		memset(m->rule[i].idx, -1, sizeof(m->rule[i].idx));
}

void
import_map_release(struct import_map *m)
{
	size_t i, j;

	free(m->layout);
	free(m->source);
	for (i = 0; i < IT__COUNT; i++) {
		struct import_rule *r = &m->rule[i];

		for (j = 0; j < r->ncols; j++)
			free(r->cols[j]);
		free(r->fallback);
		for (j = 0; j < r->nvalues; j++) {
			free(r->values[j].from);
			free(r->values[j].to);
		}
		free(r->values);
	}
	import_map_init(m);
}

static void
rule_add_value(struct import_rule *r, const char *from, const char *to)
{
	r->values = xreallocarray(r->values, r->nvalues + 1,
	    sizeof(*r->values));
	r->values[r->nvalues].from = xstrdup(from);
	r->values[r->nvalues].to = to && *to ? xstrdup(to) : NULL;
	r->nvalues++;
}

/* Header names compare without surrounding blanks and ignoring case. */
static int
header_equal(const char *h, const char *name)
{
	size_t hl, nl = strlen(name);

	while (*h == ' ' || *h == '\t')
		h++;
	hl = strlen(h);
	while (hl > 0 && (h[hl - 1] == ' ' || h[hl - 1] == '\t'))
		hl--;
	return hl == nl && strncasecmp(h, name, nl) == 0;
}

int
import_header_find(const char *const *header, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (header_equal(header[i], name))
			return (int)i;
	return -1;
}

int
import_map_detect(struct import_map *m, const char *const *header,
    size_t n, struct error *err)
{
	size_t i, j;

	import_map_init(m);
	for (i = 0; i < NLAYOUTS; i++) {
		const struct builtin_layout *l = &builtin_layouts[i];
		const struct builtin_rule *br;

		for (j = 0; l->header[j]; j++)
			if (import_header_find(header, n, l->header[j]) < 0)
				break;
		if (l->header[j] != NULL)
			continue;
		m->layout = xstrdup(l->layout);
		m->source = xstrdup(l->source);
		m->dates = l->dates;
		for (br = l->rules; br->target >= 0; br++) {
			struct import_rule *r = &m->rule[br->target];

			for (j = 0; j < IMPORT_MAX_COLS && br->cols[j]; j++)
				r->cols[r->ncols++] = xstrdup(br->cols[j]);
			r->fallback = xstrdup_or_null(br->fallback);
			for (j = 0; br->values && br->values[j]; j += 2)
				rule_add_value(r, br->values[j],
				    br->values[j + 1]);
		}
		return 0;
	}
	return error_set(err, EX_DATAERR, "unknown layout (expected the "
	    "header line of the Customer Issue Reporting spreadsheet or of "
	    "the CFPB complaint export; for any other, give --map FILE.yaml)");
}

/* Maps in YAML. */

struct map_loader {
	const char *path;
	yaml_document_t doc;
	struct error *err;
};

static int
map_error(struct map_loader *ld, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
map_error(struct map_loader *ld, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_set(ld->err, EX_CONFIG, "%s:%zu:%zu: %s", ld->path,
	    n->start_mark.line + 1, n->start_mark.column + 1, msg);
}

static yaml_node_t *
map_node(struct map_loader *ld, int id)
{
	return yaml_document_get_node(&ld->doc, id);
}

static const char *
scalar(const yaml_node_t *n)
{
	return yaml_node_text(n);
}

static int
is_null(const yaml_node_t *n)
{
	return yaml_node_is_null(n);
}

static int
map_target(struct map_loader *ld, yaml_node_t *k, int *t)
{
	const char *name = scalar(k);
	struct buf names = BUF_INIT;
	int i, rc;

	if (name && (*t = import_target_lookup(name)) >= 0)
		return 0;
	for (i = 0; i < IT__COUNT; i++)
		buf_printf(&names, "%s%s", i ? ", " : "", target_names[i]);
	rc = map_error(ld, k, "unknown field '%s' (expected one of: %s)",
	    name ? name : "?", buf_str(&names));
	buf_release(&names);
	return rc;
}

static int
map_fields(struct map_loader *ld, struct import_map *m, yaml_node_t *n)
{
	yaml_node_pair_t *p;
	int t, rc;

	if (n->type != YAML_MAPPING_NODE)
		return map_error(ld, n, "fields must map each field to a "
		    "column or a list of columns");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		yaml_node_t *k = map_node(ld, p->key), *v = map_node(ld, p->value);
		struct import_rule *r;

		if ((rc = map_target(ld, k, &t)) != 0)
			return rc;
		r = &m->rule[t];
		if (r->ncols > 0)
			return map_error(ld, k, "field '%s' is given twice",
			    target_names[t]);
		if (scalar(v) && !is_null(v)) {
			r->cols[r->ncols++] = xstrdup(scalar(v));
		} else if (v->type == YAML_SEQUENCE_NODE) {
			yaml_node_item_t *it;

			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++) {
				yaml_node_t *c = map_node(ld, *it);

				if (!scalar(c) || is_null(c))
					return map_error(ld, c, "a column is "
					    "named by a string");
				if (r->ncols == IMPORT_MAX_COLS)
					return map_error(ld, c, "at most %d "
					    "columns feed one field",
					    IMPORT_MAX_COLS);
				r->cols[r->ncols++] = xstrdup(scalar(c));
			}
			if (r->ncols == 0)
				return map_error(ld, v, "field '%s' names no "
				    "column", target_names[t]);
		} else {
			return map_error(ld, v, "field '%s' needs a column name "
			    "or a list of them", target_names[t]);
		}
	}
	return 0;
}

static int
map_defaults(struct map_loader *ld, struct import_map *m, yaml_node_t *n)
{
	yaml_node_pair_t *p;
	int t, rc;

	if (n->type != YAML_MAPPING_NODE)
		return map_error(ld, n, "defaults must map fields to values");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		yaml_node_t *k = map_node(ld, p->key), *v = map_node(ld, p->value);

		if ((rc = map_target(ld, k, &t)) != 0)
			return rc;
		if (!scalar(v) || is_null(v))
			return map_error(ld, v, "the default of '%s' must be a "
			    "string", target_names[t]);
		free(m->rule[t].fallback);
		m->rule[t].fallback = xstrdup(scalar(v));
	}
	return 0;
}

static int
map_values(struct map_loader *ld, struct import_map *m, yaml_node_t *n)
{
	yaml_node_pair_t *p, *q;
	int t, rc;

	if (n->type != YAML_MAPPING_NODE)
		return map_error(ld, n, "values must map fields to "
		    "translations");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		yaml_node_t *k = map_node(ld, p->key), *v = map_node(ld, p->value);

		if ((rc = map_target(ld, k, &t)) != 0)
			return rc;
		if (v->type != YAML_MAPPING_NODE)
			return map_error(ld, v, "the values of '%s' must map "
			    "each value in the file to the value to store",
			    target_names[t]);
		for (q = v->data.mapping.pairs.start;
		    q < v->data.mapping.pairs.top; q++) {
			yaml_node_t *from = map_node(ld, q->key);
			yaml_node_t *to = map_node(ld, q->value);

			if (!scalar(from))
				return map_error(ld, from, "a value to "
				    "translate must be a string");
			if (!scalar(to))
				return map_error(ld, to, "a translation must "
				    "be a string, or null to leave the field "
				    "unset");
			if (t == IT_STATUS && !is_null(to) &&
			    *scalar(to) != '\0' &&
			    status_lookup(scalar(to)) < 0)
				return map_error(ld, to, "unknown status '%s' "
				    "(expected new, acknowledged, assessed, "
				    "resolved or closed)", scalar(to));
			rule_add_value(&m->rule[t], scalar(from),
			    is_null(to) ? NULL : scalar(to));
		}
	}
	return 0;
}

static int
map_root(struct map_loader *ld, struct import_map *m, yaml_node_t *root)
{
	yaml_node_pair_t *p;
	int rc, have_fields = 0;

	if (root->type != YAML_MAPPING_NODE)
		return map_error(ld, root, "a map is a mapping with the keys "
		    "source, dates, fields, defaults and values");
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = map_node(ld, p->key), *v = map_node(ld, p->value);
		const char *key = scalar(k);

		if (key && strcmp(key, "source") == 0) {
			if (!scalar(v) || is_null(v))
				return map_error(ld, v, "source must be a "
				    "name, such as cfpb");
			free(m->source);
			m->source = xstrdup(scalar(v));
		} else if (key && strcmp(key, "dates") == 0) {
			if (!scalar(v) || (m->dates =
			    date_order_lookup(scalar(v))) < 0)
				return map_error(ld, v, "unknown date order "
				    "'%s' (expected ymd, dmy or mdy)",
				    scalar(v) ? scalar(v) : "?");
		} else if (key && strcmp(key, "fields") == 0) {
			if ((rc = map_fields(ld, m, v)) != 0)
				return rc;
			have_fields = 1;
		} else if (key && strcmp(key, "defaults") == 0) {
			if ((rc = map_defaults(ld, m, v)) != 0)
				return rc;
		} else if (key && strcmp(key, "values") == 0) {
			if ((rc = map_values(ld, m, v)) != 0)
				return rc;
		} else {
			return map_error(ld, k, "unknown key '%s' (expected "
			    "source, dates, fields, defaults or values)",
			    key ? key : "?");
		}
	}
	if (!have_fields)
		return map_error(ld, root, "the map has no fields");
	if (m->rule[IT_RECEIVED_AT].ncols == 0)
		return map_error(ld, root, "fields has no column for "
		    "received_at");
	return 0;
}

/* The default source of a map: its file name without directory and
 * extension. */
static char *
map_default_source(const char *path)
{
	const char *base = strrchr(path, '/');
	char *s, *dot;

	s = xstrdup(base ? base + 1 : path);
	if ((dot = strrchr(s, '.')) != NULL && dot != s)
		*dot = '\0';
	return s;
}

int
import_map_load(struct import_map *m, const char *path, struct error *err)
{
	struct map_loader ld;
	yaml_parser_t parser;
	yaml_node_t *root;
	FILE *fp;
	int rc;

	import_map_init(m);
	if ((fp = fopen(path, "r")) == NULL)
		return error_set(err, EX_NOINPUT, "cannot read map '%s': %s",
		    path, strerror(errno));
	ld.path = path;
	ld.err = err;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	if (!yaml_parser_load(&parser, &ld.doc)) {
		rc = error_set(err, EX_CONFIG, "%s:%zu:%zu: %s", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		fclose(fp);
		return rc;
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	m->layout = xstrdup(path);
	m->source = map_default_source(path);
	m->dates = DATES_YMD;
	if ((root = yaml_document_get_root_node(&ld.doc)) == NULL)
		rc = error_set(err, EX_CONFIG, "%s:1:1: the map is empty",
		    path);
	else
		rc = map_root(&ld, m, root);
	yaml_document_delete(&ld.doc);
	if (rc != 0)
		import_map_release(m);
	return rc;
}
