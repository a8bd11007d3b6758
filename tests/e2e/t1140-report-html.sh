#!/bin/bash
# complaint report --format html: the meeting pack. The page parses as
# HTML5, has every section, equals report --format json number for
# number, fetches nothing, keeps hostile text as text; then, when
# Chromium is installed, a real browser renders it, prints it to A4 and
# shows the charts' data in its DOM.
. "$(dirname "$0")/lib.sh"

CHECK="$TESTS_SRCDIR/tests/e2e/report-html-check.py"
cat >config.yaml <<'EOF'
categories: [billing, delivery, c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, c11]
EOF
export COMPLAINT_CONFIG="$T/config.yaml"

# log WHEN CATEGORY: a complaint received at WHEN; its reference.
log() {
	COMPLAINT_NOW=$1 complaint log --customer "$3" --channel phone \
	    --category "$2" -m "Problem" --received "$1"
}

empty_db
expect 0 "an empty database makes a page" complaint report --format html
out_has "<!DOCTYPE html>"
out_has "No spikes."

# Three months: September, October, November 2026, a complaint in every
# category (twelve but one: top ten and other), a spike of deliveries in
# the last week, resolutions with root causes and redress, ideas.
fixture() {
	n=0
	for c in billing c01 c02 c03 c04 c05 c06 c07 c08 c09 c10 c11; do
		n=$((n + 1))
		log "2026-09-$(printf %02d $((n + 1)))T10:00:00Z" "$c" "Cust $n" || return 1
	done
	for d in 01 05 09 13 17 21; do
		log "2026-10-${d}T09:30:00Z" billing "Oct $d" || return 1
	done
	for d in 13 14 16 17 18 18; do
		log "2026-11-${d}T11:00:00Z" delivery "Nov $d" || return 1
	done
	COMPLAINT_NOW=2026-09-02T12:00:00Z complaint ack 1 >/dev/null &&
	COMPLAINT_NOW=2026-10-02T09:00:00Z complaint ack 13 >/dev/null &&
	COMPLAINT_NOW=2026-09-08T10:00:00Z complaint resolve 1 \
	    --resolution "Refunded" --remedy refund --amount 12.50 \
	    --justified yes --root-cause '<script>alert("rc")</script>' &&
	COMPLAINT_NOW=2026-10-20T10:00:00Z complaint resolve 13 \
	    --resolution "Explained" --justified no --root-cause "Courier" &&
	COMPLAINT_NOW=2026-11-18T10:00:00Z complaint resolve 19 \
	    --resolution "Replaced" --remedy replacement --amount 40 \
	    --justified yes --root-cause "Courier" &&
	complaint review 13 --idea '<img src=x onerror=alert(1)> & "boxes"' &&
	complaint review 19 --idea "Agreed already" &&
	complaint review --idea-status 2 agreed
}
expect 0 "the data set" fixture

json() {
	complaint report "$@" --format json
}
mkdir whole period
expect 0 "the whole record as a page" complaint report --format html
cp "$T/out" whole.html
json >whole/all.json && json --by month >whole/month.json &&
json --by week >whole/week.json && json --by category >whole/category.json &&
json --by root-cause >whole/root-cause.json
expect 0 "the page is HTML5 with every section and the JSON's numbers" \
    python3 "$CHECK" whole.html whole
sed 's/^/#   /' "$T/out"

# Hostile text stays text.
run cat whole.html
out_lacks '<script>alert'
out_has '&lt;script&gt;alert(&quot;rc&quot;)&lt;/script&gt;' "a root cause's markup is escaped"
out_has '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;boxes&quot;' "an idea's markup is escaped"
out_lacks 'Agreed already' "an agreed idea awaits no decision"
out_has '>CMP-000013<' "the idea names its complaint"
out_has 'data-v="12.50"' "redress as the JSON writes it"
out_has '>other<' "the eleventh and twelfth categories are other"
out_has '<td data-key="recent" data-v="6">6</td>' "the delivery spike"
out_has 'The whole record, up to 2026-11-19.'

P="--since 2026-10-01 --until 2026-11-30"
# shellcheck disable=SC2086
expect 0 "a period with --by" complaint report --format html $P --by category
cp "$T/out" period.html
out_has 'From 2026-10-01 to 2026-11-30.' "the period is named"
# shellcheck disable=SC2086
{ json $P >period/all.json && json $P --by month >period/month.json &&
json $P --by week >period/week.json &&
json $P --by category >period/category.json &&
json $P --by category >period/by.json &&
json $P --by root-cause >period/root-cause.json &&
complaint report --return fca $P --format json >period/fca.json; }
expect 0 "the period's page equals its JSON, FCA bands and --by included" \
    python3 "$CHECK" period.html period
sed 's/^/#   /' "$T/out"

expect 0 "--period takes a half-year" complaint report --format html --period 2026H2
out_has 'From 2026-07-01 to 2026-12-31.'

db_snapshot
expect 64 "html with --trend is refused" complaint report --format html --trend week
err_has "--format html is the meeting pack"
expect 64 "html with two --by fields is refused" complaint report --format html --by category,month
err_has "--format html takes one --by field"
expect 64 "--period and --since together are refused" complaint report --format html --period 2026H2 --since 2026-01-01
expect 65 "a bad half-year is refused" complaint report --format html --period 2026H3
err_has "expected a half-year such as 2026H1"
expect 64 "--period without html or a return is refused" complaint report --period 2026H2
err_has "--period goes with --return fca or --format html"
db_unchanged "refusals change nothing"

# ---- a real browser ------------------------------------------------------

browser=
for b in chromium chromium-browser; do
	command -v "$b" >/dev/null && { browser=$b; break; }
done
if [ -z "$browser" ]; then
	echo "skipped: no chromium installed; the page was not rendered in a browser"
	done_testing
fi

chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --disable-dev-shm-usage \
	    --user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" \
	    2>"$T/chrome.err"
}

expect 0 "chromium takes a screenshot" chrome --screenshot="$T/shot.png" \
    --window-size=1280,1800 "file://$T/whole.html"
expect 0 "the screenshot is not blank" python3 - "$T/shot.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        w, h = struct.unpack(">II", data[pos + 8:pos + 16])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
# Rows that differ from the first: a blank page has none.
stride = len(raw) // h
rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(h)}
assert w == 1280 and len(rows) > 50, "blank: %d distinct rows" % len(rows)
EOF

expect 0 "chromium prints it to PDF" chrome --print-to-pdf="$T/pack.pdf" \
    --no-pdf-header-footer "file://$T/whole.html"
pages=$(python3 -c '
import re, sys
d = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/Type\s*/Page(?![s\w])", d)))' "$T/pack.pdf")
# Four A4 sheets: headline and volume; deadlines, categories and root
# causes; upheld and spikes; ideas and the FCA bands.
assert "the PDF has 4 A4 pages (got $pages)" [ "$pages" -eq 4 ]

expect 0 "chromium dumps the DOM" chrome --dump-dom "file://$T/whole.html"
out_has '<svg id="chart-volume"' "the volume chart is in the DOM"
out_has 'data-series="received"' "with its received series"
out_has '<rect class="bar"' "the bar charts are in the DOM"
out_has 'data-label="billing" data-v="7"' "a bar carries its data"
out_lacks '<script' "no script, none run"

done_testing
