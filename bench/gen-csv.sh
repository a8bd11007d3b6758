#!/bin/sh
# gen-csv.sh N FILE: N records in the "Customer Issue Reporting"
# spreadsheet layout, for the import benchmark of issue 5: realistic
# values (three years of dates, 50 agents, 7 channels, 5 categories, some
# quoted commas and line breaks), CRLF line ends as spreadsheets write
# them. Reused while N and the header match.
#
# The header is the layout's as this script knows it; when the importer
# recognises the layout by other header names, change HEADER to match.
set -eu

n=$1
file=$2
HEADER="Issue ID,Date Reported,Customer Name,Contact Info,Channel,Issue Category,Issue Description,Priority,Assigned To,Status,Resolution,Date Resolved"

if [ -f "$file" ] && [ "$(head -n 1 "$file" | tr -d '\r')" = "$HEADER" ] &&
    [ "$(cat "$file.n" 2>/dev/null)" = "$n" ]; then
	exit 0
fi
echo "gen-csv: writing $file ($n records)" >&2
mkdir -p "$(dirname "$file")"
{
	printf '%s\r\n' "$HEADER"
	sqlite3 -init /dev/null -csv :memory: "
	SELECT printf('ISS-%07d', value),
	       date(1700000000 + value * (94608000 / $n), 'unixepoch'),
	       'Customer ' || ((value * 40503) % 300000),
	       CASE WHEN value % 3 = 0
	            THEN 'c' || ((value * 40503) % 300000) || '@example.com'
	            ELSE '+44 20 7946 ' || printf('%04d', value % 10000) END,
	       CASE value % 7 WHEN 0 THEN 'Phone' WHEN 1 THEN 'Email'
	            WHEN 2 THEN 'Chat' WHEN 3 THEN 'Web' WHEN 4 THEN 'Letter'
	            WHEN 5 THEN 'In person' ELSE 'Social media' END,
	       CASE value % 5 WHEN 0 THEN 'Service issue'
	            WHEN 1 THEN 'Product defect' WHEN 2 THEN 'Billing'
	            WHEN 3 THEN 'Delivery' ELSE 'Staff conduct' END,
	       CASE WHEN value % 50 = 0
	            THEN 'Ordered twice, charged ' || char(10) ||
	                 'three times, \"urgent\", please call'
	            WHEN value % 2 = 0 THEN 'Parcel arrived damaged, box crushed'
	            ELSE 'Waited 40 minutes on hold' END,
	       CASE value % 4 WHEN 0 THEN 'Low' WHEN 1 THEN 'Medium'
	            WHEN 2 THEN 'High' ELSE 'Critical' END,
	       printf('agent%02d', (value * 69069) % 50),
	       CASE WHEN value > $n - $n / 10 THEN 'Open' ELSE 'Resolved' END,
	       CASE WHEN value > $n - $n / 10 THEN ''
	            ELSE 'Refund issued' END,
	       CASE WHEN value > $n - $n / 10 THEN ''
	            ELSE date(1700000000 + value * (94608000 / $n) +
	                 86400 * (1 + value % 30), 'unixepoch') END
	FROM generate_series(1, $n)" | sed 's/$/\r/'
} >"$file.tmp"
mv "$file.tmp" "$file"
echo "$n" >"$file.n"
