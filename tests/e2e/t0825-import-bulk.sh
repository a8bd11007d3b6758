#!/bin/bash
# complaint import in bulk (on PostgreSQL: rows sent by COPY in batches
# of 8,192, the search index filled once at the end): more records than
# a batch, each with its idea, all imported, found by search, verified;
# a record repeated in the same file is a duplicate whether its first is
# still waiting or already sent; a bad record after a batch was sent
# leaves the database as it was.
. "$(dirname "$0")/lib.sh"

# N spreadsheet records, the Nth's issue "Issue numberN", its idea
# "Idea N".
sheet() {
	printf 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea\r\n'
	seq 1 "$1" | awk '{ printf "agent%02d,Billing,%02d/%02d/2023,,N,\"Customer %d\",\"Issue number%d\",\"\",\"Idea %d\"\r\n", $1 % 50, $1 % 28 + 1, $1 % 12 + 1, $1, $1, $1 }'
}

empty_db
db_snapshot
{ sheet 9000; printf 'agent01,Billing,31/02/2023,,N,"Customer X","Bad date","",""\r\n'; } >"$T/bad.csv"
expect 65 "a bad record after the first batch" complaint import "$T/bad.csv"
err_has "bad.csv:9002:"
db_unchanged "nothing was written"

sheet 9000 >"$T/big.csv"
expect 0 "more records than a batch" complaint import "$T/big.csv"
err_has "imported 9000, skipped 0, duplicates 0"
assert "every complaint" [ "$(db_query 'SELECT count(*) FROM complaint')" = 9000 ]
assert "every idea, on its own complaint" [ "$(db_query "SELECT count(*) FROM idea i JOIN complaint c ON c.id = i.complaint_id WHERE 'Idea ' || substr(c.customer, 10) = i.idea")" = 9000 ]
expect 0 "the last found by search" complaint search number9000
out_has "CMP-009000"
expect 0 "the first too" complaint search number1
out_has "CMP-000001"
# Imported complaints are indexed as they are written, the rest by the
# fill at the end: either way the index holds, for every complaint, the
# words of what complaint_fts_src gives (SCHEMA_FTS_ROW in
# lib/store/sqlite_schema.h), and nothing else.
fts_same() {
	[ "$(db_query "SELECT count(*) FROM complaint_fts_docsize")" = "$(db_query 'SELECT count(*) FROM complaint')" ] &&
	    db_query "INSERT INTO complaint_fts(complaint_fts, rank) VALUES ('integrity-check', 1)"
}
on_sqlite assert "the search index holds what the trigger writes" fts_same
expect 0 "the whole history verifies" complaint verify
out_has "ok: 9000 events (0 erased)"

# COPY's text format escapes a tab, a backslash and a line break.
printf 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea\r\nagent1,Billing,01/02/2023,,N,"Customer Q","tab\there, back\\slash, a line\nbreak","",""\r\n' >"$T/esc.csv"
expect 0 "a record with a tab, a backslash and a line break" complaint import "$T/esc.csv"
expect 0 "kept byte for byte" complaint show 9001 --format json
out_has '"summary":"tab\there, back\\slash, a line\nbreak"'
out_has '"summary":[null,"tab\there, back\\slash, a line\nbreak"]'

# The CFPB layout has ids: the import is idempotent, within one file too.
{
	printf 'Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n'
	{ seq 1 8300; echo 8250; echo 5; } | awk '{ printf "2020-03-18,Mortgage,,Trouble paying,,,,ACME,FL,330XX,,Other,Web,2020-03-18,Closed with explanation,Yes,N/A,%d\n", $1 }'
} >"$T/cfpb.csv"
expect 0 "a file that repeats two of its records" complaint import "$T/cfpb.csv"
err_has "imported 8300, skipped 0, duplicates 2"
assert "each complaint once" [ "$(db_query "SELECT count(*) || ' ' || count(DISTINCT source_id) FROM complaint WHERE source_id IS NOT NULL")" = "8300 8300" ]
expect 0 "again: all duplicates" complaint import "$T/cfpb.csv"
err_has "imported 0, skipped 0, duplicates 8302"
expect 0 "and it verifies" complaint verify
out_has "ok: 17301 events (0 erased)"
on_sqlite assert "the search index, after an import into a full database" fts_same

done_testing
