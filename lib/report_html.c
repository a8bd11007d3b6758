/*
 * report --format html: the figures of one pass of report_run_many()
 * (the headline, per month and week, per category, per root cause, and
 * per --by field), the spikes of review_spikes(), the ideas still
 * proposed, and the FCA bands of report_fca_run(), laid out as one page.
 * Charts are SVG drawn here: each point and bar carries its label and
 * value as data attributes and a <title>, so the page reads without
 * colour, without script, and in a screen reader.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "report_html.h"
#include "review.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Colours of the Okabe-Ito palette, told apart by the colour-blind; the
 * two series also differ in lightness, dash and marker, for grey print. */
#define C_A "#0072B2"  /* blue, dark in grey */
#define C_B "#D55E00"  /* vermillion, lighter in grey */
#define C_GRID "#d0d0d0"
#define C_TEXT "#222"

#define TOP_N 10         /* categories and root causes shown by name */
#define IDEAS_MAX 100    /* ideas listed; the rest counted */

void
html_escape(struct buf *o, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n, k;

	if (s == NULL)
		return;
	for (i = 0; u[i] != '\0'; i += n) {
		unsigned c = u[i];

		n = 1;
		switch (c) {
		case '&': buf_add(o, "&amp;", 5); continue;
		case '<': buf_add(o, "&lt;", 4); continue;
		case '>': buf_add(o, "&gt;", 4); continue;
		case '"': buf_add(o, "&quot;", 6); continue;
		case '\'': buf_add(o, "&#39;", 5); continue;
		case '\t': case '\n': buf_putc(o, (int)c); continue;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_add(o, "\xef\xbf\xbd", 3);
			continue;
		}
		if (c < 0x80) {
			buf_putc(o, (int)c);
			continue;
		}
		/* A whole, shortest UTF-8 sequence, or U+FFFD for the byte. */
		n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
		    c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		for (k = 1; k < n; k++)
			if ((u[i + k] & 0xc0) != 0x80)
				break;
		if (n == 0 || k < n ||
		    (c == 0xe0 && u[i + 1] < 0xa0) ||
		    (c == 0xed && u[i + 1] >= 0xa0) ||
		    (c == 0xf0 && u[i + 1] < 0x90) ||
		    (c == 0xf4 && u[i + 1] >= 0x90)) {
			buf_add(o, "\xef\xbf\xbd", 3);
			n = 1;
			continue;
		}
		buf_add(o, s + i, n);
	}
}

void
html_int(struct buf *o, int64_t n)
{
	char digits[32];
	int len, i;

	if (n < 0) {
		buf_putc(o, '-');
		n = -n;
	}
	len = snprintf(digits, sizeof(digits), "%lld", (long long)n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_putc(o, ',');
		buf_putc(o, digits[i]);
	}
}

/* The rows of one report, kept for the page. */
struct hrow {
	char *label;  /* NULL: none */
	struct report_stats s;
};

struct hrows {
	struct hrow *v;
	size_t n, cap;
	int grouped;  /* rows have a group value */
};

static int
collect(const char *const *group, const struct report_stats *s, void *arg)
{
	struct hrows *r = arg;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 32;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	r->v[r->n].label = r->grouped ? xstrdup_or_null(group[0]) : NULL;
	r->v[r->n].s = *s;
	r->n++;
	return 0;
}

static void
hrows_release(struct hrows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].label);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* The page being written. */
struct page {
	struct buf *o;
	const struct report_html_query *q;
	int64_t ideas_shown, ideas_more, spikes;
	const struct buf *fca_rows;  /* the FCA table's rows of the whole
	                              * record, from the pack's one scan */
};

/* A figure: VALUE is the text of the JSON report (NULL: null), shown as
 * DISPLAY (NULL: VALUE) with UNIT after it. */
static void
figure(struct page *p, const char *key, const char *label,
    const char *value, const char *display, const char *unit)
{
	struct buf *o = p->o;

	buf_puts(o, "<div class=\"fig\"><dt>");
	html_escape(o, label);
	buf_printf(o, "</dt><dd data-key=\"%s\" data-v=\"%s\">", key,
	    value ? value : "null");
	if (value == NULL) {
		buf_puts(o, "<span class=\"none\">none to count</span>");
	} else {
		html_escape(o, display ? display : value);
		if (unit)
			buf_printf(o, "<small>%s</small>", unit);
	}
	buf_puts(o, "</dd></div>\n");
}

static void
figure_int(struct page *p, const char *key, const char *label, int64_t n)
{
	struct buf num = BUF_INIT, disp = BUF_INIT;

	buf_printf(&num, "%lld", (long long)n);
	html_int(&disp, n);
	figure(p, key, label, buf_str(&num), buf_str(&disp), NULL);
	buf_release(&num);
	buf_release(&disp);
}

static void
figure_pct(struct page *p, const char *key, const char *label,
    int64_t num, int64_t den)
{
	char v[32];

	figure(p, key, label, report_pct(num, den, v, sizeof(v)), NULL, "%");
}

static void
headline(struct page *p, const struct report_stats *s)
{
	const struct config *cfg = p->q->cfg;
	char v[32], unit[48];

	buf_puts(p->o, "<section id=\"headline\" class=\"sheet\">\n"
	    "<h2>Headline figures</h2>\n<dl class=\"figs\">\n");
	figure_int(p, "received", "Complaints received", s->received);
	figure_int(p, "open", "Of those, still open today", s->open);
	figure_int(p, "resolved", "Complaints resolved", s->resolved);
	figure_pct(p, "fcr_pct", "Resolved at the first contact",
	    s->first_contact, s->received);
	figure_pct(p, "ack_in_time_pct", "Acknowledged within the deadline",
	    s->ack_in_time, s->acknowledged);
	figure_pct(p, "resolved_in_time_pct", "Resolved within the deadline",
	    s->resolved_in_time, s->resolved);
	figure(p, "median_ack_hours", "Typical time to acknowledge (median)",
	    report_tenths(s->median_ack_tenths, v, sizeof(v)), NULL,
	    " hours");
	figure(p, "median_resolve_days", "Typical time to resolve (median)",
	    report_tenths(s->median_resolve_tenths, v, sizeof(v)), NULL,
	    " days");
	figure_pct(p, "escalated_pct", "Escalated above the front line",
	    s->escalated, s->received);
	figure_pct(p, "upheld_pct", "Upheld (the customer was right)",
	    s->upheld, s->resolved);
	figure_pct(p, "repeat_pct", "Customers who had to come back",
	    s->repeats, s->received);
	figure_pct(p, "satisfied_pct", "Satisfied when followed up",
	    s->satisfied, s->followed_up);
	amount_format(s->redress, v, sizeof(v));
	snprintf(unit, sizeof(unit), " %s", cfg->currency);
	figure(p, "redress", "Redress paid or credited", v, NULL, unit);
	buf_puts(p->o, "</dl>\n</section>\n");
}

/* A round step of at least MAX/5 (1, 2 or 5 times a power of ten). */
static double
nice_step(double max)
{
	double raw = max / 5, mag, f;

	if (raw <= 0)
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* A series of a line chart: values per label, NAN for none. */
struct series {
	const char *name;
	const char *key;     /* the JSON column it shows */
	const double *v;
	const char *const *text; /* the JSON text of each value (NULL: null) */
	int style;           /* 0 solid blue circles, 1 dashed vermillion squares */
};

#define W 760
#define H 300
#define ML 56
#define MR 44
#define MT 34
#define MB 46

static double
x_at(size_t i, size_t n)
{
	double w = W - ML - MR;

	return n <= 1 ? ML + w / 2 : ML + w * (double)i / (double)(n - 1);
}

/*
 * A line chart of NS series over N labels, Y from 0 to YMAX (0: to the
 * largest value), a dashed line at TARGET when TARGET >= 0, values with
 * SUFFIX in the titles.
 */
static void
line_chart(struct page *p, const char *id, const char *title, size_t n,
    char *const *labels, const struct series *s, int ns, double ymax,
    double target, const char *suffix)
{
	struct buf *o = p->o;
	double max = 0, step, y0 = H - MB, ph = H - MT - MB, y;
	size_t i, every;
	int k, pen;

	for (k = 0; k < ns; k++)
		for (i = 0; i < n; i++)
			if (!isnan(s[k].v[i]) && s[k].v[i] > max)
				max = s[k].v[i];
	if (ymax > 0) {
		max = ymax;
		step = ymax / 4;
	} else {
		step = nice_step(max);
		max = step * ceil(max / step);
		if (max <= 0)
			max = step * 5;
	}
	buf_printf(o, "<figure class=\"chart\"><svg id=\"%s\" role=\"img\" "
	    "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "aria-labelledby=\"%s-t\"><title id=\"%s-t\">", id, W, H, id, id);
	html_escape(o, title);
	buf_puts(o, "</title>\n");
	/* Grid and the y axis labels. */
	for (y = 0; y <= max + step / 2; y += step) {
		double py = y0 - ph * y / max;

		buf_printf(o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"" C_GRID "\"/><text x=\"%d\" "
		    "y=\"%.1f\" text-anchor=\"end\">", ML, py, W - MR, py,
		    ML - 6, py + 4);
		html_int(o, (int64_t)llround(y));
		buf_printf(o, "%s</text>\n", suffix);
	}
	buf_printf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"" C_TEXT "\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%.0f\" stroke=\"" C_TEXT "\"/>\n", ML, H - MB, W - MR,
	    H - MB, ML, MT, ML, y0);
	/* X labels, at most about a dozen. */
	every = n > 12 ? (n + 11) / 12 : 1;
	for (i = 0; i < n; i += every) {
		buf_printf(o, "<text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\">", x_at(i, n), H - MB + 16);
		html_escape(o, labels[i] ? labels[i] : "none");
		buf_puts(o, "</text>\n");
	}
	if (target >= 0) {
		double py = y0 - ph * target / max;

		buf_printf(o, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\" stroke=\"" C_TEXT "\" "
		    "stroke-dasharray=\"2 3\"/><text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">target %.0f%s</text>\n", ML,
		    py, W - MR, py, W - MR, py - 4, target, suffix);
	}
	for (k = 0; k < ns; k++) {
		const char *col = s[k].style ? C_B : C_A;

		buf_printf(o, "<g class=\"series\" data-series=\"%s\">"
		    "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s "
		    "d=\"", s[k].key, col, s[k].style ?
		    " stroke-dasharray=\"7 4\"" : "");
		pen = 0;
		for (i = 0; i < n; i++) {
			if (isnan(s[k].v[i])) {
				pen = 0;
				continue;
			}
			buf_printf(o, "%c%.1f %.1f ", pen ? 'L' : 'M',
			    x_at(i, n), y0 - ph * s[k].v[i] / max);
			pen = 1;
		}
		buf_puts(o, "\"/>\n");
		for (i = 0; i < n; i++) {
			double px, py;

			if (isnan(s[k].v[i]))
				continue;
			px = x_at(i, n);
			py = y0 - ph * s[k].v[i] / max;
			if (s[k].style)
				buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"6\" height=\"6\" fill=\"%s\"",
				    px - 3, py - 3, col);
			else
				buf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\""
				    " r=\"3.5\" fill=\"%s\"", px, py, col);
			buf_puts(o, " data-label=\"");
			html_escape(o, labels[i] ? labels[i] : "none");
			buf_printf(o, "\" data-v=\"%s\"><title>",
			    s[k].text[i]);
			html_escape(o, labels[i] ? labels[i] : "none");
			buf_printf(o, ": %s %s%s</title></%s>\n", s[k].text[i],
			    s[k].name, suffix, s[k].style ? "rect" : "circle");
		}
		buf_puts(o, "</g>\n");
	}
	/* The legend, top left, with each series' own line and marker. */
	for (k = 0; k < ns; k++) {
		int lx = ML + 10 + k * 200;
		const char *col = s[k].style ? C_B : C_A;

		buf_printf(o, "<g class=\"legend\"><line x1=\"%d\" y1=\"14\" "
		    "x2=\"%d\" y2=\"14\" stroke=\"%s\" stroke-width=\"2.5\"%s/>",
		    lx, lx + 30, col, s[k].style ?
		    " stroke-dasharray=\"7 4\"" : "");
		if (s[k].style)
			buf_printf(o, "<rect x=\"%d\" y=\"11\" width=\"6\" "
			    "height=\"6\" fill=\"%s\"/>", lx + 12, col);
		else
			buf_printf(o, "<circle cx=\"%d\" cy=\"14\" r=\"3.5\" "
			    "fill=\"%s\"/>", lx + 15, col);
		buf_printf(o, "<text x=\"%d\" y=\"18\">", lx + 36);
		html_escape(o, s[k].name);
		buf_puts(o, "</text></g>\n");
	}
	buf_puts(o, "</svg></figure>\n");
}

/* Horizontal bars: LABELS[i] with VALUES[i] (shown as TEXT[i]). */
static void
bar_chart(struct page *p, const char *id, const char *title, size_t n,
    const char *const *labels, const int64_t *values,
    char *const *text)
{
	struct buf *o = p->o;
	int64_t max = 1;
	int lw = 190, bh = 22, h = (int)n * bh + 16, x0 = lw + 8;
	double bw = W - x0 - 90;
	size_t i;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	buf_printf(o, "<figure class=\"chart\"><svg id=\"%s\" role=\"img\" "
	    "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "aria-labelledby=\"%s-t\"><title id=\"%s-t\">", id, W, h, id, id);
	html_escape(o, title);
	buf_puts(o, "</title>\n");
	buf_printf(o, "<line x1=\"%d\" y1=\"4\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"" C_TEXT "\"/>\n", x0, x0, h - 8);
	for (i = 0; i < n; i++) {
		int y = 8 + (int)i * bh;
		double w = bw * (double)values[i] / (double)max;

		buf_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    lw, y + 14);
		html_escape(o, labels[i]);
		buf_printf(o, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" "
		    "width=\"%.1f\" height=\"%d\" fill=\"" C_A "\" "
		    "data-label=\"", x0, y + 2, w > 0 || values[i] == 0 ? w :
		    1.0, bh - 6);
		html_escape(o, labels[i]);
		buf_printf(o, "\" data-v=\"%s\"><title>", text[i]);
		html_escape(o, labels[i]);
		buf_printf(o, ": %s</title></rect><text x=\"%.1f\" y=\"%d\">",
		    text[i], x0 + w + 6, y + 14);
		html_int(o, values[i]);
		buf_puts(o, "</text>\n");
	}
	buf_puts(o, "</svg></figure>\n");
}

/* A table cell with the JSON text V (NULL: null), shown as it is. */
static void
td(struct buf *o, const char *key, const char *v)
{
	buf_printf(o, "<td data-key=\"%s\" data-v=\"%s\">%s</td>", key,
	    v ? v : "null", v ? v : "&ndash;");
}

static void
td_int(struct buf *o, const char *key, int64_t n)
{
	buf_printf(o, "<td data-key=\"%s\" data-v=\"%lld\">", key,
	    (long long)n);
	html_int(o, n);
	buf_puts(o, "</td>");
}

static char *
dup_int(int64_t n)
{
	return xasprintf("%lld", (long long)n);
}

static char *
dup_pct(int64_t num, int64_t den)
{
	char v[32];
	const char *s = report_pct(num, den, v, sizeof(v));

	return xstrdup(s ? s : "null");
}

static void
free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
volume(struct page *p, const struct hrows *months, const struct hrows *weeks)
{
	/* Weeks for a short period, months otherwise. */
	const struct hrows *r = months->n > 6 ? months : weeks;
	const char *unit = r == months ? "month" : "week";
	double *a = xcalloc(r->n + 1, sizeof(*a));
	double *b = xcalloc(r->n + 1, sizeof(*b));
	char **ta = xcalloc(r->n + 1, sizeof(*ta));
	char **tb = xcalloc(r->n + 1, sizeof(*tb));
	char **labels = xcalloc(r->n + 1, sizeof(*labels));
	struct series s[2];
	char title[80];
	size_t i;

	for (i = 0; i < r->n; i++) {
		labels[i] = r->v[i].label;
		a[i] = (double)r->v[i].s.received;
		b[i] = (double)r->v[i].s.resolved;
		ta[i] = dup_int(r->v[i].s.received);
		tb[i] = dup_int(r->v[i].s.resolved);
	}
	s[0] = (struct series){ "received", "received", a,
	    (const char *const *)ta, 0 };
	s[1] = (struct series){ "resolved", "resolved", b,
	    (const char *const *)tb, 1 };
	buf_printf(p->o, "<section id=\"volume\" class=\"sheet\">\n"
	    "<h2>Volume: complaints received and resolved per %s</h2>\n",
	    unit);
	if (r->n == 0) {
		buf_puts(p->o, "<p>No complaints in the period.</p>\n");
	} else {
		snprintf(title, sizeof(title), "Complaints received and "
		    "resolved per %s", unit);
		line_chart(p, "chart-volume", title, r->n, labels, s, 2, 0, -1,
		    "");
	}
	buf_puts(p->o, "</section>\n");
	free(a);
	free(b);
	free_strs(ta, r->n);
	free_strs(tb, r->n);
	free(labels);
}

static void
deadlines(struct page *p, const struct hrows *months)
{
	const struct config *cfg = p->q->cfg;
	size_t n = months->n, i;
	double *a = xcalloc(n + 1, sizeof(*a)), *b = xcalloc(n + 1, sizeof(*b));
	char **ta = xcalloc(n + 1, sizeof(*ta));
	char **tb = xcalloc(n + 1, sizeof(*tb));
	char **labels = xcalloc(n + 1, sizeof(*labels));
	char ack[32], res[32];
	struct series s[2];

	for (i = 0; i < n; i++) {
		const struct report_stats *st = &months->v[i].s;

		labels[i] = months->v[i].label;
		ta[i] = dup_pct(st->ack_in_time, st->acknowledged);
		tb[i] = dup_pct(st->resolved_in_time, st->resolved);
		a[i] = strcmp(ta[i], "null") ? strtod(ta[i], NULL) : NAN;
		b[i] = strcmp(tb[i], "null") ? strtod(tb[i], NULL) : NAN;
	}
	s[0] = (struct series){ "acknowledged in time", "ack_in_time_pct", a,
	    (const char *const *)ta, 0 };
	s[1] = (struct series){ "resolved in time", "resolved_in_time_pct", b,
	    (const char *const *)tb, 1 };
	duration_format(&cfg->ack_deadline, ack, sizeof(ack));
	duration_format(&cfg->resolve_deadline, res, sizeof(res));
	buf_printf(p->o, "<section id=\"deadlines\" class=\"sheet\">\n"
	    "<h2>Deadlines met per month</h2>\n<p>The share of "
	    "acknowledgements made within %s of receipt and of resolutions "
	    "within %s, by the month they were made; the target is every "
	    "one on time. A month with nothing to measure has no point.</p>\n",
	    ack, res);
	if (n == 0)
		buf_puts(p->o, "<p>No complaints in the period.</p>\n");
	else
		line_chart(p, "chart-deadlines", "Deadlines met per month, "
		    "per cent", n, labels, s, 2, 100, 100, "%");
	buf_puts(p->o, "</section>\n");
	free(a);
	free(b);
	free_strs(ta, n);
	free_strs(tb, n);
	free(labels);
}

/* Order of the top-N rows: largest first, then by label. */
static const struct hrows *sort_rows;
static int sort_resolved;

static int64_t
row_count(const struct hrow *r)
{
	return sort_resolved ? r->s.resolved : r->s.received;
}

static int
top_cmp(const void *a, const void *b)
{
	const struct hrow *x = &sort_rows->v[*(const size_t *)a];
	const struct hrow *y = &sort_rows->v[*(const size_t *)b];

	if (row_count(x) != row_count(y))
		return row_count(x) > row_count(y) ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The TOP_N largest rows of R by received (or resolved), the rest as
 * "other", as a bar chart. */
static void
top_chart(struct page *p, const char *id, const char *title,
    const struct hrows *r, int resolved, const char *none_label)
{
	size_t *idx = xcalloc(r->n + 1, sizeof(*idx));
	const char **labels = xcalloc(TOP_N + 2, sizeof(*labels));
	int64_t *values = xcalloc(TOP_N + 2, sizeof(*values)), other = 0;
	char **text = xcalloc(TOP_N + 2, sizeof(*text));
	size_t i, n = 0, nother = 0, m = 0;

	for (i = 0; i < r->n; i++)
		idx[i] = i;
	sort_rows = r;
	sort_resolved = resolved;
	qsort(idx, r->n, sizeof(*idx), top_cmp);
	for (i = 0; i < r->n; i++)
		m += row_count(&r->v[i]) > 0;
	/* Eleven are shown by name: "other" would stand for one. */
	for (i = 0; i < r->n; i++) {
		const struct hrow *h = &r->v[idx[i]];

		if (row_count(h) == 0)
			continue;
		if (n < TOP_N || m == TOP_N + 1) {
			labels[n] = h->label ? h->label : none_label;
			values[n] = row_count(h);
			text[n] = dup_int(values[n]);
			n++;
		} else {
			other += row_count(h);
			nother++;
		}
	}
	if (nother > 0) {
		labels[n] = "other";
		values[n] = other;
		text[n] = dup_int(other);
		n++;
	}
	if (n == 0)
		buf_puts(p->o, "<p>None in the period.</p>\n");
	else
		bar_chart(p, id, title, n, labels, values, text);
	free(idx);
	free(labels);
	free(values);
	free_strs(text, n);
}

static void
categories(struct page *p, const struct hrows *cats,
    const struct hrows *causes)
{
	buf_puts(p->o, "<section id=\"categories\" class=\"sheet\">\n"
	    "<h2>Complaints by category</h2>\n<p>Complaints received in the "
	    "period, the ten largest categories by name and the rest as "
	    "other.</p>\n");
	top_chart(p, "chart-categories", "Complaints received by category",
	    cats, 0, "(no category)");
	buf_puts(p->o, "</section>\n<section id=\"root-causes\" "
	    "class=\"sheet\">\n<h2>Complaints by root cause</h2>\n<p>Complaints "
	    "resolved in the period, by the root cause found, the ten largest "
	    "by name and the rest as other.</p>\n");
	top_chart(p, "chart-root-causes", "Complaints resolved by root cause",
	    causes, 1, "(not recorded)");
	buf_puts(p->o, "</section>\n");
}

static void
upheld(struct page *p, const struct report_stats *all,
    const struct hrows *cats)
{
	struct buf *o = p->o;
	char v[32];
	size_t i;

	buf_printf(o, "<section id=\"upheld\" class=\"sheet\">\n<h2>Upheld "
	    "complaints and redress</h2>\n<p>Of the complaints resolved in "
	    "the period, the share found justified (upheld) and the redress "
	    "paid or credited, in %s.</p>\n<table>\n<thead><tr><th>category"
	    "</th><th>resolved</th><th>upheld</th><th>redress</th></tr>"
	    "</thead>\n<tbody>\n", p->q->cfg->currency);
	for (i = 0; i < cats->n; i++) {
		const struct report_stats *s = &cats->v[i].s;

		if (s->resolved == 0 && s->redress == 0)
			continue;
		buf_puts(o, "<tr><th scope=\"row\" data-category=\"");
		html_escape(o, cats->v[i].label ? cats->v[i].label : "");
		buf_puts(o, "\">");
		html_escape(o, cats->v[i].label ? cats->v[i].label :
		    "(no category)");
		buf_puts(o, "</th>");
		td_int(o, "resolved", s->resolved);
		td(o, "upheld_pct", report_pct(s->upheld, s->resolved, v,
		    sizeof(v)));
		amount_format(s->redress, v, sizeof(v));
		td(o, "redress", v);
		buf_puts(o, "</tr>\n");
	}
	buf_puts(o, "</tbody>\n<tfoot><tr><th scope=\"row\">all</th>");
	td_int(o, "resolved", all->resolved);
	td(o, "upheld_pct", report_pct(all->upheld, all->resolved, v,
	    sizeof(v)));
	amount_format(all->redress, v, sizeof(v));
	td(o, "redress", v);
	buf_puts(o, "</tr></tfoot>\n</table>\n<p class=\"note\">upheld: per "
	    "cent of those resolved.</p>\n</section>\n");
}

static int
spike_row(const struct spike *s, void *arg)
{
	struct page *p = arg;
	struct buf *o = p->o;
	char ratio[32];

	if (p->spikes++ == 0)
		buf_puts(o, "<table>\n<thead><tr><th>category</th><th>latest "
		    "window</th><th>usual per window</th><th>times usual</th>"
		    "</tr></thead>\n<tbody>\n");
	buf_puts(o, "<tr><th scope=\"row\">");
	html_escape(o, s->category);
	buf_puts(o, "</th>");
	td_int(o, "recent", s->recent);
	snprintf(ratio, sizeof(ratio), "%.2f", s->baseline);
	td(o, "baseline", ratio);
	if (s->baseline > 0)
		snprintf(ratio, sizeof(ratio), "%.1f",
		    (double)s->recent / s->baseline);
	else
		snprintf(ratio, sizeof(ratio), "new");
	buf_printf(o, "<td>%s</td></tr>\n", ratio);
	return 0;
}

static int
spikes(struct page *p, struct store *db, struct error *err)
{
	const struct config *cfg = p->q->cfg;
	int64_t at = p->q->until != TIME_NONE && p->q->until < p->q->now ?
	    p->q->until : p->q->now;
	char win[32], date[32];
	int rc;

	duration_format(&cfg->spike_window, win, sizeof(win));
	time_format_local_date(at, date, sizeof(date));
	buf_printf(p->o, "<section id=\"spikes\" class=\"sheet\">\n<h2>Spikes "
	    "that call for a special review</h2>\n<p>Categories whose "
	    "complaints in the %s up to %s number at least %d and at least "
	    "%g times their usual count over the %d windows before "
	    "(<code>complaint review --spikes</code>).</p>\n", win, date,
	    cfg->spike_min_count, cfg->spike_factor,
	    cfg->spike_baseline_windows);
	if ((rc = review_spikes(db, cfg, at, spike_row, p, err)) != 0)
		return rc;
	buf_puts(p->o, p->spikes ? "</tbody>\n</table>\n" :
	    "<p class=\"none\">No spikes.</p>\n");
	buf_puts(p->o, "</section>\n");
	return 0;
}

static int
idea_row(const struct idea *i, void *arg)
{
	struct page *p = arg;
	struct buf *o = p->o;
	char ref[REF_MAX], when[32];

	if (strcmp(i->status, "proposed") != 0)
		return 0;
	if (p->ideas_shown == IDEAS_MAX) {
		p->ideas_more++;
		return 0;
	}
	if (p->ideas_shown++ == 0)
		buf_puts(o, "<table>\n<thead><tr><th>idea</th><th>the idea"
		    "</th><th>complaint</th><th>proposed by</th><th>on</th>"
		    "</tr></thead>\n<tbody>\n");
	buf_printf(o, "<tr><td data-key=\"id\" data-v=\"%lld\">%lld</td>"
	    "<td class=\"text\">", (long long)i->id, (long long)i->id);
	html_escape(o, i->idea);
	buf_puts(o, "</td><td>");
	if (i->complaint_id != NUM_NONE) {
		ref_format(p->q->cfg->reference_prefix, i->complaint_id, ref,
		    sizeof(ref));
		html_escape(o, ref);
	}
	buf_puts(o, "</td><td>");
	html_escape(o, i->proposed_by);
	time_format_local_date(i->proposed_at, when, sizeof(when));
	buf_printf(o, "</td><td>%s</td></tr>\n", when);
	return 0;
}

static int
ideas(struct page *p, struct store *db, struct error *err)
{
	int rc;

	buf_puts(p->o, "<section id=\"ideas\" class=\"sheet\">\n<h2>Improvement"
	    " ideas awaiting a decision</h2>\n<p>Every idea still proposed, "
	    "oldest first; decide with <code>complaint review --idea-status "
	    "ID agreed</code> (or rejected, done).</p>\n");
	if ((rc = store_idea_each(db, TIME_NONE, idea_row, p, err)) != 0)
		return rc;
	if (p->ideas_shown)
		buf_puts(p->o, "</tbody>\n</table>\n");
	else
		buf_puts(p->o, "<p class=\"none\">No idea awaits a decision."
		    "</p>\n");
	if (p->ideas_more)
		buf_printf(p->o, "<p id=\"ideas-more\" data-v=\"%lld\">And "
		    "%lld more: <code>complaint review --ideas</code> lists "
		    "them all.</p>\n", (long long)p->ideas_more,
		    (long long)p->ideas_more);
	buf_puts(p->o, "</section>\n");
	return 0;
}

static int
fca_row(const char *product, const char *cause, int total,
    const struct report_fca *r, void *arg)
{
	struct page *p = arg;
	struct buf *o = p->o;
	char v[32];

	if (total)
		buf_puts(o, "</tbody>\n<tfoot>");
	buf_puts(o, "<tr><th scope=\"row\">");
	html_escape(o, total ? "total" : product ? product :
	    "(no category)");
	buf_puts(o, "</th>");
	buf_puts(o, "<td>");
	html_escape(o, total ? "" : cause ? cause : "(no root cause)");
	buf_puts(o, "</td>");
	td_int(o, "opened", r->opened);
	td_int(o, "outstanding_at_start", r->outstanding_start);
	td_int(o, "closed", r->closed);
	td_int(o, "closed_3bd", r->closed_3bd);
	td_int(o, "closed_3bd_8w", r->closed_8w);
	td_int(o, "closed_over_8w", r->closed_over_8w);
	td_int(o, "upheld", r->upheld);
	amount_format(r->redress, v, sizeof(v));
	td(o, "redress", v);
	buf_puts(o, "</tr>\n");
	if (total)
		buf_puts(o, "</tfoot>\n");
	return 0;
}

static int
fca(struct page *p, struct store *db, struct error *err)
{
	const struct report_html_query *q = p->q;
	int64_t until;
	int rc, whole;

	buf_puts(p->o, "<section id=\"fca\" class=\"sheet\">\n<h2>FCA "
	    "complaints return bands</h2>\n<p>As <code>complaint report "
	    "--return fca</code> counts them for the period: opened, open at "
	    "its start, closed, and the closed by how long they took (by close "
	    "of business on the third business day after receipt, after that "
	    "within 8 weeks, after 8 weeks; FCA DISP 1 Annex 1R), by product "
	    "group and cause.</p>\n<table>\n"
	    "<thead><tr><th>product</th><th>cause</th><th>opened</th>"
	    "<th>open at the start</th><th>closed</th><th>within 3 business "
	    "days</th><th>after that, within 8 weeks</th><th>over 8 weeks"
	    "</th><th>upheld</th><th>redress</th></tr></thead>\n<tbody>\n");
	/* The whole record needs no replay: it is as it stands. An engine
	 * that cannot replay its history yet still gets the rest of the
	 * pack for a period. */
	whole = q->since == TIME_NONE && q->until == TIME_NONE;
	if (!whole && !store_can_replay(db)) {
		buf_puts(p->o, "</tbody>\n</table>\n<p>Not available on "
		    "this database engine yet.</p>\n</section>\n");
		return 0;
	}
	if (whole) {
		buf_puts(p->o, buf_str(p->fca_rows));
	} else {
		until = q->until != TIME_NONE ? q->until : INT64_MAX;
		rc = report_fca_run(db, q->cfg, q->since, until,
		    until - 1 < q->now ? until - 1 : q->now, fca_row, p, err);
		if (rc != 0)
			return rc;
	}
	buf_puts(p->o, "</table>\n</section>\n");
	return 0;
}

static void
by_section(struct page *p, enum report_dim d, const struct hrows *r)
{
	static const char *const cols[] = {
		"received", "open", "resolved", "fcr_pct", "ack_in_time_pct",
		"resolved_in_time_pct", "median_ack_hours",
		"median_resolve_days", "escalated_pct", "upheld_pct",
		"repeat_pct", "satisfied_pct", "redress",
	};
	struct buf *o = p->o;
	char v[32];
	size_t i, k;

	buf_printf(o, "<section id=\"by\" class=\"sheet\">\n<h2>By %s</h2>\n"
	    "<p>The figures of <code>complaint report --by %s</code>.</p>\n"
	    "<table class=\"wide\">\n<thead><tr><th>%s</th>",
	    report_dim_name(d), report_dim_name(d), report_dim_column(d));
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		buf_printf(o, "<th>%s</th>", cols[k]);
	buf_puts(o, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->n; i++) {
		const struct report_stats *s = &r->v[i].s;

		buf_puts(o, "<tr><th scope=\"row\">");
		html_escape(o, r->v[i].label ? r->v[i].label : "none");
		buf_puts(o, "</th>");
		td_int(o, "received", s->received);
		td_int(o, "open", s->open);
		td_int(o, "resolved", s->resolved);
		td(o, "fcr_pct", report_pct(s->first_contact, s->received, v,
		    sizeof(v)));
		td(o, "ack_in_time_pct", report_pct(s->ack_in_time,
		    s->acknowledged, v, sizeof(v)));
		td(o, "resolved_in_time_pct", report_pct(s->resolved_in_time,
		    s->resolved, v, sizeof(v)));
		td(o, "median_ack_hours", report_tenths(s->median_ack_tenths,
		    v, sizeof(v)));
		td(o, "median_resolve_days", report_tenths(
		    s->median_resolve_tenths, v, sizeof(v)));
		td(o, "escalated_pct", report_pct(s->escalated, s->received, v,
		    sizeof(v)));
		td(o, "upheld_pct", report_pct(s->upheld, s->resolved, v,
		    sizeof(v)));
		td(o, "repeat_pct", report_pct(s->repeats, s->received, v,
		    sizeof(v)));
		td(o, "satisfied_pct", report_pct(s->satisfied, s->followed_up,
		    v, sizeof(v)));
		amount_format(s->redress, v, sizeof(v));
		td(o, "redress", v);
		buf_puts(o, "</tr>\n");
	}
	buf_puts(o, "</tbody>\n</table>\n</section>\n");
}

static const char style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
    "'DejaVu Sans',sans-serif;color:" C_TEXT ";max-width:60rem;"
    "margin:1.5rem auto;padding:0 1rem;line-height:1.4}\n"
    "h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;"
    "border-bottom:2px solid " C_A ";break-after:avoid}\n"
    ".period{font-size:1.05rem;margin:.3rem 0 0}\n"
    ".figs{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(13rem,1fr));gap:.6rem;margin:0}\n"
    ".fig{border:1px solid #bbb;border-radius:4px;padding:.4rem .6rem}\n"
    ".fig dt{font-size:.85rem}.fig dd{margin:0;font-size:1.5rem;"
    "font-weight:600}.fig small{font-size:.9rem;font-weight:400}\n"
    ".none{color:#555;font-style:italic;font-size:1rem;font-weight:400}\n"
    "figure{margin:.5rem 0;break-inside:avoid;page-break-inside:avoid}\n"
    "svg{width:100%;height:auto;font-size:12px;fill:" C_TEXT "}\n"
    "svg text{fill:" C_TEXT "}\n"
    "table{border-collapse:collapse;margin:.4rem 0;font-size:.9rem}\n"
    "th,td{border-bottom:1px solid #ccc;padding:.2rem .5rem;"
    "text-align:right;vertical-align:top}\n"
    "th:first-child,td.text{text-align:left}\n"
    "thead th{border-bottom:2px solid #888}tfoot th,tfoot td{"
    "font-weight:600;border-top:2px solid #888}\n"
    "table.wide{font-size:.75rem}\n"
    "tr{break-inside:avoid}\n"
    "footer{margin-top:2rem;font-size:.8rem;color:#555}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{margin:0;max-width:none;font-size:10pt}"
    ".break{break-before:page;page-break-before:always}"
    ".sheet{break-inside:avoid;page-break-inside:avoid}"
    "#ideas,#fca,#by,#upheld{break-inside:auto;page-break-inside:auto}}\n";

int
report_html(struct store *db, const struct report_html_query *q,
    struct buf *out, struct error *err)
{
	struct report_query rq[6];
	struct hrows rows[6];
	report_row_fn fns[6];
	void *args[6];
	struct page p, fp;
	struct buf fca_rows = BUF_INIT;
	const struct config *cfg = q->cfg;
	char from[32], to[32], now[32];
	size_t i, n = 5;
	int rc;

	memset(rq, 0, sizeof(rq));
	memset(rows, 0, sizeof(rows));
	for (i = 0; i < 6; i++) {
		rq[i].since = q->since;
		rq[i].until = q->until;
		rq[i].now = q->now;
		rq[i].cfg = cfg;
		fns[i] = collect;
		args[i] = &rows[i];
		rows[i].grouped = i > 0;
	}
	/* 0 all, 1 month, 2 week, 3 category, 4 root cause, 5 --by. */
	rq[1].ndims = rq[2].ndims = rq[3].ndims = rq[4].ndims = 1;
	rq[1].dims[0] = RD_MONTH;
	rq[2].dims[0] = RD_WEEK;
	rq[3].dims[0] = RD_CATEGORY;
	rq[4].dims[0] = RD_ROOT_CAUSE;
	if (q->by >= 0) {
		rq[5].ndims = 1;
		rq[5].dims[0] = (enum report_dim)q->by;
		n = 6;
	}
	/* The whole record's FCA bands are of the same rows as the rest:
	 * one scan for both, the bands' rows kept aside until their place
	 * in the page. */
	memset(&fp, 0, sizeof(fp));
	fp.o = &fca_rows;
	fp.q = q;
	if (q->since == TIME_NONE && q->until == TIME_NONE)
		rc = report_pack_run(db, rq, n, fns, args, fca_row, &fp, err);
	else
		rc = report_run_many(db, rq, n, fns, args, err);
	if (rc != 0)
		goto done;

	memset(&p, 0, sizeof(p));
	p.o = out;
	p.q = q;
	p.fca_rows = &fca_rows;
	time_format_local_date(q->now, now, sizeof(now));
	if (q->since != TIME_NONE)
		time_format_local_date(q->since, from, sizeof(from));
	if (q->until != TIME_NONE)
		time_format_local_date(q->until - 1, to, sizeof(to));
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>"
	    "Complaints report: ");
	html_escape(out, cfg->organisation);
	buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<header>\n<h1>Complaints report: ", style);
	html_escape(out, cfg->organisation);
	buf_puts(out, "</h1>\n<p class=\"period\" id=\"period\" data-since=\"");
	if (q->since != TIME_NONE)
		buf_puts(out, from);
	buf_puts(out, "\" data-until=\"");
	if (q->until != TIME_NONE)
		buf_puts(out, to);
	buf_puts(out, "\">");
	if (q->since == TIME_NONE && q->until == TIME_NONE)
		buf_printf(out, "The whole record, up to %s.", now);
	else if (q->since == TIME_NONE)
		buf_printf(out, "From the first record to %s.", to);
	else if (q->until == TIME_NONE)
		buf_printf(out, "From %s to %s.", from, now);
	else
		buf_printf(out, "From %s to %s.", from, to);
	buf_printf(out, " Complaints received in the period, and those "
	    "resolved in it; produced on %s.</p>\n</header>\n<main>\n", now);

	headline(&p, rows[0].n ? &rows[0].v[0].s : &(struct report_stats){0});
	volume(&p, &rows[1], &rows[2]);
	buf_puts(out, "<div class=\"break\"></div>\n");
	deadlines(&p, &rows[1]);
	categories(&p, &rows[3], &rows[4]);
	buf_puts(out, "<div class=\"break\"></div>\n");
	upheld(&p, rows[0].n ? &rows[0].v[0].s : &(struct report_stats){0},
	    &rows[3]);
	if ((rc = spikes(&p, db, err)) != 0)
		goto done;
	buf_puts(out, "<div class=\"break\"></div>\n");
	if ((rc = ideas(&p, db, err)) != 0 || (rc = fca(&p, db, err)) != 0)
		goto done;
	if (q->by >= 0) {
		buf_puts(out, "<div class=\"break\"></div>\n");
		by_section(&p, (enum report_dim)q->by, &rows[5]);
	}
	buf_puts(out, "</main>\n<footer>Made by <code>complaint report "
	    "--format html</code> from the records as they stood on ");
	buf_puts(out, now);
	buf_puts(out, ". Percentages are of those that could be measured; "
	    "&ldquo;none to count&rdquo; means nothing could.</footer>\n"
	    "</body>\n</html>\n");
done:
	for (i = 0; i < 6; i++)
		hrows_release(&rows[i]);
	buf_release(&fca_rows);
	return rc;
}
