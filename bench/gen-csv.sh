#!/bin/sh
# gen-csv.sh N FILE: N records in the "Customer Issue Reporting"
# spreadsheet layout (its nine columns, dates as DD/MM/YYYY), for the
# import benchmark of issue 5: three years of dates, 50 case owners, 4
# departments, 300,000 customers, 90% resolved and followed up, some
# quoted commas, quotes and line breaks, CRLF line ends as spreadsheets
# write them. Reused while N, the knobs and the header match.
#
# Knobs: OPEN_PCT (default 10), the share left open, the latest ones;
# FOLLOWUP_DAYS (default 30), follow-ups fall 1 to that many days after
# receipt. OPEN_PCT=20 FOLLOWUP_DAYS=7 is the imported shape of issue 19,
# where whole-day durations repeat in long runs.
set -eu

n=$1
file=$2
open_pct=${OPEN_PCT:-10}
days=${FOLLOWUP_DAYS:-30}
HEADER="Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea"

if [ -f "$file" ] && [ "$(head -n 1 "$file" | tr -d '\r')" = "$HEADER" ] &&
    [ "$(cat "$file.n" 2>/dev/null)" = "$n $open_pct $days" ]; then
	exit 0
fi
echo "gen-csv: writing $file ($n records)" >&2
mkdir -p "$(dirname "$file")"
{
	printf '%s\r\n' "$HEADER"
	sqlite3 -init /dev/null -csv :memory: "
	WITH r AS (SELECT value AS i,
	       1700000000 + value * (94608000 / $n) AS recv,
	       value > $n - $n * $open_pct / 100 AS open FROM generate_series(1, $n))
	SELECT printf('agent%02d', (i * 69069) % 50),
	       CASE i % 4 WHEN 0 THEN 'Retail' WHEN 1 THEN 'Billing'
	            WHEN 2 THEN 'Logistics' ELSE 'Customer service' END,
	       strftime('%d/%m/%Y', recv, 'unixepoch'),
	       CASE WHEN open THEN '' ELSE strftime('%d/%m/%Y',
	            recv + 86400 * (1 + i % $days), 'unixepoch') END,
	       CASE WHEN open THEN 'N' ELSE 'Y' END,
	       'Customer ' || ((i * 40503) % 300000),
	       CASE WHEN i % 50 = 0
	            THEN 'Ordered twice, charged ' || char(10) ||
	                 'three times, \"urgent\", please call'
	            WHEN i % 5 = 0 THEN 'Parcel arrived damaged, box crushed'
	            WHEN i % 5 = 1 THEN 'Waited 40 minutes on hold'
	            WHEN i % 5 = 2 THEN 'Billed after cancelling'
	            WHEN i % 5 = 3 THEN 'Rude reply from the shop'
	            ELSE 'Product stopped working after a week' END,
	       CASE WHEN open THEN '' ELSE 'Refund issued and apology' END,
	       CASE WHEN i % 20 = 0 THEN 'Check parcels before dispatch'
	            ELSE '' END
	FROM r" | sed 's/$/\r/'
} >"$file.tmp"
mv "$file.tmp" "$file"
echo "$n $open_pct $days" >"$file.n"
