#!/bin/bash
# complaint search: full-text over what complaints say, best first, with
# list's filters and formats; the query language is ours, never FTS5's.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann Smith" --channel email --summary "Kettle leaks" \
    --details "The kettle leaked boiling water on the counter" >/dev/null
complaint log --customer "Bob Jones" --channel phone --summary "Late delivery" >/dev/null
complaint log --customer "Cem Kaya" --channel chat --summary "Wrong colour" \
    --details "Ordered a red kettle, got a blue toaster" >/dev/null
complaint note 2 "Courier blamed the snowstorm" >/dev/null
printf 'x' >receipt-toaster.pdf
complaint attach 2 receipt-toaster.pdf >/dev/null
db_snapshot

# Bad queries: 65 with what is accepted; usage 64.
expect 64 "a query is required" complaint search
expect 64 "one argument" complaint search kettle water
err_has "quote the query"
expect 65 "an empty query" complaint search "  "
err_has "the query is empty"
expect 65 "an unclosed quote" complaint search '"boiling water'
err_has 'unclosed quote in the query (accepted: words, "a phrase", OR'
expect 65 "OR at the start" complaint search "OR kettle"
err_has "OR needs a term on each side"
expect 65 "OR at the end" complaint search "kettle OR"
expect 65 "OR OR" complaint search "kettle OR OR water"
expect 65 "only excluded words" complaint search -- "-kettle"
err_has "the query only excludes"
expect 65 "an excluded term in an OR" complaint search "kettle OR -water"
expect 65 "a lone star" complaint search "kettle *"
expect 65 "a lone minus" complaint search "kettle -"
expect 65 "an empty phrase" complaint search 'kettle ""'
expect 65 "a bad filter" complaint search kettle --severity nosuch
db_unchanged "searches never write"

# FTS5's own syntax is only text here: no error, no injection.
for q in 'kettle)' 'NEAR(kettle water)' 'summary:kettle' 'kettle AND' '^kettle' \
    'kettle NOT' "'; DROP TABLE complaint; --" '{f_summary}: x' 'a"b'; do
	run complaint search "$q"
	assert "'$q' is text or our own clear error (exit $status)" \
	    sh -c '[ "$1" -eq 0 ] || { [ "$1" -eq 65 ] && grep -q "(accepted: " "$2"; }' _ "$status" "$T/err"
	assert "'$q' is never an FTS5 error" sh -c '! grep -qi "fts5\|syntax error" "$1"' _ "$T/err"
done
db_unchanged "no query changed anything"

expect 0 "a word" complaint search kettle --format csv
tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"
out_is 'ref,status,received_at,customer,owner,summary,snippet
CMP-000001,new,2026-11-19T10:00:00Z,Ann Smith,alice,Kettle leaks,[Kettle] leaks
CMP-000003,new,2026-11-19T10:00:00Z,Cem Kaya,alice,Wrong colour,"Ordered a red [kettle], got a blue toaster"'
expect 0 "a phrase" complaint search '"boiling water"'
out_has "CMP-000001"
out_lacks "CMP-000003"
expect 0 "words must all be there" complaint search "kettle toaster"
out_has "CMP-000003"
out_lacks "CMP-000001"
expect 0 "OR" complaint search "snowstorm OR boiling"
out_has "CMP-000001"
out_has "CMP-000002"
expect 0 "-word excludes" complaint search "kettle -toaster"
out_has "CMP-000001"
out_lacks "CMP-000003"
expect 0 "prefix*" complaint search "snow*"
out_has "CMP-000002"
expect 0 "attachment names" complaint search "receipt"
out_has "CMP-000002"
expect 0 "the filters of list" complaint search kettle --customer "cem kaya"
out_has "CMP-000003"
out_lacks "CMP-000001"
expect 0 "no match prints nothing" complaint search zebra
assert "nothing printed" [ ! -s "$T/out" ]
expect 0 "JSON carries the complaint and the snippet" complaint search snowstorm --format json
out_has '"ref":"CMP-000002"'
out_has '"snippet":"Courier blamed the [snowstorm]'

# Kept in step: a resolution is found at once; erased text is not.
complaint resolve 3 --resolution "Sent the right kettle in crimson" >/dev/null
expect 0 "a new resolution is found" complaint search crimson
out_has "CMP-000003"
complaint erase --ref 2 --reason "request" >/dev/null
expect 0 "erased notes leave the index" complaint search snowstorm
assert "nothing printed" [ ! -s "$T/out" ]
expect 0 "erased attachment names leave the index" complaint search receipt
assert "nothing printed" [ ! -s "$T/out" ]

# --limit: the best N that pass the filters, in the order of the whole
# result (a small limit ranks the index first, then reads complaints).
for i in 1 2 3 4 5 6; do
	complaint log --customer "Dee $i" --channel phone --summary "Toaster sparks $i" \
	    --details "toaster toaster smoke $i" >/dev/null
done
complaint log --customer "Eve" --channel email --summary "Toaster" \
    --details "toaster toaster toaster toaster" >/dev/null
expect 0 "every toaster" complaint search toaster --format tsv
cut -f 1 "$T/out" >"$T/all"
expect 0 "the best three" complaint search toaster --limit 3 --format tsv
assert "are the first three of the whole result" sh -c 'head -n 4 "$1" | cmp -s - "$2"' _ "$T/all" "$(cut -f 1 "$T/out" >"$T/three"; echo "$T/three")"
expect 0 "the best two by phone" complaint search toaster --channel phone --limit 2 --format tsv
cut -f 1 "$T/out" >"$T/two"
complaint search toaster --channel phone --format tsv | cut -f 1 | head -n 3 >"$T/two.want"
assert "skip what the filter excludes, in rank order" cmp -s "$T/two.want" "$T/two"
out_lacks "Eve"
expect 0 "a limit beyond the matches" complaint search toaster --limit 999 --format tsv
assert "gives them all" sh -c 'cut -f 1 "$1" | cmp -s - "$2"' _ "$T/out" "$T/all"
expect 0 "a large limit takes the joined path" complaint search toaster --limit 5000 --format tsv
assert "and gives the same" sh -c 'cut -f 1 "$1" | cmp -s - "$2"' _ "$T/out" "$T/all"

# A listing: complaints voided as logged by mistake only when asked for.
complaint log --customer "Gus" --channel phone --summary "Logged by mistake" \
    --details "zebra crossing" >/dev/null
gus=$(complaint search zebra --format tsv | tail -n +2 | cut -f 1)
expect 0 "void it" complaint void "$gus" --reason "wrong customer"
expect 0 "search hides a voided complaint" complaint search zebra
out_lacks "$gus"
expect 0 "--all shows it" complaint search zebra --all
out_has "$gus"
expect 0 "--voided shows only them" complaint search "zebra OR toaster" --voided --format tsv
assert "one row, the voided one" [ "$(tail -n +2 "$T/out" | cut -f 1)" = "$gus" ]
expect 64 "--voided and --all together" complaint search zebra --voided --all

search_index_ok
done_testing
