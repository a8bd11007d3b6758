#!/bin/sh
# gen-cfpb.sh N FILE: N records in the standard CFPB export layout, made
# by cycling through the real extract ../shared/data/cfpb-sample-2015-2020.csv
# (6,623 complaints, 1,532 with a consumer narrative) with fresh Complaint
# IDs, so that complaint import (the built-in CFPB layout) takes every one
# and the search benchmark of issue 15 runs over real complaint text.
# Reused while N and the source match. Needs the shared data: without it,
# prints why and exits 2 (run.sh then skips the section).
set -eu

n=$1
file=$2
src=${CFPB_SAMPLE:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data/cfpb-sample-2015-2020.csv}
if [ ! -f "$src" ]; then
	echo "gen-cfpb: no $src (the shared CFPB data)" >&2
	exit 2
fi
if [ -f "$file" ] && [ "$(cat "$file.n" 2>/dev/null)" = "$n $src" ]; then
	exit 0
fi
echo "gen-cfpb: writing $file ($n records)" >&2
mkdir -p "$(dirname "$file")"
# The header, then the sample's rows again and again, each with the ID
# 10,000,000 + i, in the sample's column order.
sqlite3 -init /dev/null -csv :memory: \
    ".import --csv '$src' s" \
    "CREATE TABLE k AS SELECT rowid AS k, * FROM s;" \
    ".headers on" \
    "WITH r AS (SELECT value AS i FROM generate_series(0, $n - 1))
     SELECT \"Date received\", \"Product\", \"Sub-product\", \"Issue\",
	    \"Sub-issue\", \"Consumer complaint narrative\",
	    \"Company public response\", \"Company\", \"State\",
	    \"ZIP code\", \"Tags\", \"Consumer consent provided?\",
	    \"Submitted via\", \"Date sent to company\",
	    \"Company response to consumer\", \"Timely response?\",
	    \"Consumer disputed?\", 10000000 + i AS \"Complaint ID\"
     FROM r JOIN k ON k.k = 1 + i % (SELECT count(*) FROM k)
     ORDER BY i" >"$file.tmp"
mv "$file.tmp" "$file"
echo "$n $src" >"$file.n"
