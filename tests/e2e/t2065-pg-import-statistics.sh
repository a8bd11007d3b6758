#!/bin/bash
# PostgreSQL: an import of 1,000 complaints or more gathers the
# planner's statistics at its end (lib/store/pg_bulk.c): a database just
# imported had none until autovacuum came, and the planner took 800,000
# closed complaints for 8. A role that does not own the tables (an
# agent) is skipped by the server, silently; its import is the same.
. "$(dirname "$0")/lib.sh"
pg_only "the planner's statistics after an import"

sheet() {
	printf 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea\r\n'
	seq "$1" "$2" | awk '{ printf "agent%02d,Billing,%02d/%02d/2023,%02d/%02d/2023,Y,\"Customer %d\",\"Kettle leaks\",\"Refund\",\"\"\r\n", $1 % 50, $1 % 28 + 1, $1 % 12 + 1, $1 % 28 + 1, $1 % 12 + 1, $1 }'
}
stats() { db_query "SELECT count(*) FROM pg_stats WHERE schemaname = 'complaint' AND tablename = '$1'"; }

sheet 1 10 >"$T/few.csv"
expect 0 "ten complaints" complaint import "$T/few.csv"
sheet 11 1010 >"$T/many.csv"
agent=$(pg_login stats)
expect 0 "an agent imports a thousand" complaint --db "$(pg_as "$agent")" import "$T/many.csv"
err_lines 1
err_has "imported 1000, skipped 0"
assert "the agent may not gather them: the tables have none yet" [ "$(stats complaint)" = 0 ]

sheet 1011 2010 >"$T/more.csv"
expect 0 "the owner imports a thousand more" complaint import "$T/more.csv"
err_lines 1
assert "the complaints' statistics" [ "$(stats complaint)" -gt 0 ]
assert "the history's" [ "$(stats event)" -gt 0 ]
assert "the search index's" [ "$(stats complaint_fts)" -gt 0 ]
assert "taken from every row imported" [ "$(db_query "SELECT reltuples::bigint FROM pg_class WHERE oid = 'complaint.complaint'::regclass")" = 2010 ]
expect 0 "and it verifies" complaint verify
out_has "ok: 2010 events"

done_testing
