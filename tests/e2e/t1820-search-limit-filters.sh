#!/bin/bash
# search --limit with filters: on SQLite the best ranked matches are
# tried first (10 x LIMIT + 1,000 of them, lib/store/sqlite_complaint.c),
# then the search reads by the filter instead; PostgreSQL joins first,
# but for statuses that take in closed ones, which it ranks first.
# Either way the same complaints come back, each once, best first, never
# more than the limit.
. "$(dirname "$0")/lib.sh"

# 1,300 imported complaints about a kettle on the phone, then three by
# e-mail about the same kettle, ranked after them (equal text: rowid).
{
	printf 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea\r\n'
	seq 1 1300 | awk '{ printf "agent%02d,Billing,%02d/%02d/2023,,N,\"Customer %d\",\"Kettle leaks\",\"\",\"\"\r\n", $1 % 50, $1 % 28 + 1, $1 % 12 + 1, $1 }'
} >"$T/kettles.csv"
expect 0 "1,300 kettles imported" complaint import "$T/kettles.csv"
for who in "Ann Late" "Bob Later" "Cem Last"; do
	complaint log --customer "$who" --channel email --summary "Kettle leaks" \
	    >/dev/null
done
# 1,100 toasters by e-mail: the filter --channel email then passes more
# complaints than are tried, but of the kettles only the last three.
{
	printf 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea\r\n'
	seq 1 1100 | awk '{ printf "agent%02d,Billing,%02d/%02d/2023,,N,\"Toaster %d\",\"Toaster burns\",\"\",\"\"\r\n", $1 % 50, $1 % 28 + 1, $1 % 12 + 1, $1 }'
} >"$T/toasters.csv"
expect 0 "1,100 toasters imported" complaint import "$T/toasters.csv"
db_query "UPDATE complaint SET channel = 'email' WHERE summary = 'Toaster burns'" >/dev/null
# Three kettles closed, one among the best ranked and two at the very
# end: --status closed ranks first on PostgreSQL too (closed is most of
# a database that has run a while), and takes the rest of the matches
# for what the tried ones did not give.
db_query "UPDATE complaint SET status = 'closed' WHERE id IN (5, 1302, 1303)" >/dev/null
db_snapshot

refs() { tail -n +2 "$T/out" | cut -f 1 | sort | tr '\n' ' '; }

expect 0 "a filter passing the last three of 1,303 matches" \
    complaint search kettle --channel email --limit 2 --format tsv
assert "two of the three e-mailed, no more" [ "$(tail -n +2 "$T/out" | wc -l)" -eq 2 ]
assert "each once" [ "$(tail -n +2 "$T/out" | cut -f 1 | sort -u | wc -l)" -eq 2 ]
out_lacks "phone" "no phone complaint passes the filter"
expect 0 "a limit above what passes" \
    complaint search kettle --channel email --limit 5 --format tsv
assert "the three e-mailed, each once" [ "$(refs)" = "CMP-001301 CMP-001302 CMP-001303 " ]
expect 0 "the same without a limit" \
    complaint search kettle --channel email --format tsv
assert "the same three" [ "$(refs)" = "CMP-001301 CMP-001302 CMP-001303 " ]

# A filter that passes most matches is found among the first tried.
expect 0 "a filter passing nearly all" \
    complaint search kettle --channel phone --limit 3 --format tsv
assert "three, each once" [ "$(tail -n +2 "$T/out" | cut -f 1 | sort -u | wc -l)" -eq 3 ]
out_lacks "email" "no e-mailed complaint"
expect 0 "a filter passing some of a few matches, most beyond the tried" \
    complaint search "kettle OR toaster" --channel email --limit 2 --format tsv
assert "two, each once" [ "$(tail -n +2 "$T/out" | cut -f 1 | sort -u | wc -l)" -eq 2 ]
expect 0 "a filter passing none" \
    complaint search kettle --channel chat --limit 3 --format tsv
assert "no rows" [ "$(tail -n +2 "$T/out" | wc -l)" -eq 0 ]
expect 0 "closed, the first found among the tried" \
    complaint search kettle --status closed --limit 1 --format tsv
assert "the best of the three" [ "$(refs)" = "CMP-000005 " ]
expect 0 "closed, one among the tried and one after" \
    complaint search kettle --status closed --limit 2 --format tsv
assert "the best two, each once" [ "$(refs)" = "CMP-000005 CMP-001302 " ]
expect 0 "closed, a limit above what passes" \
    complaint search kettle --status closed --limit 5 --format tsv
assert "all three, each once" [ "$(refs)" = "CMP-000005 CMP-001302 CMP-001303 " ]
db_unchanged "search changes nothing"

done_testing
