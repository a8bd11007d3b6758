#!/bin/bash
# SPEC 10: a command that only reads never creates a database (a missing
# one is 66, a typo in --db must not leave an empty database that
# verifies), and a refused command on a new path creates nothing; the
# first command that writes and commits makes the database appear whole.
. "$(dirname "$0")/lib.sh"

mkdir "$T/d"
new="$T/d/typo.db"
nothing_there() { assert "$1: nothing created" [ -z "$(ls -A "$T/d")" ]; }

for c in "verify" "list" "show 1" "report" "report --overdue" "export" \
    "followup --due" "review" "backup $T/copy.db"; do
	# shellcheck disable=SC2086
	expect 66 "$c on no database" complaint --db "$new" $c
	err_has "no database '$new' (a command that only reads never creates one)"
	err_lines 1
	nothing_there "$c"
done
assert "no backup written of no database" [ ! -e "$T/copy.db" ]

# Refused writes: usage errors, bad values, an unknown reference, a dry
# run. Each is refused as it always was, and leaves the directory empty.
expect 64 "a usage error" complaint --db "$new" log --customer Ann
nothing_there "a usage error"
expect 65 "a bad value" complaint --db "$new" log --customer Ann --channel pigeon
err_has "unknown channel 'pigeon'"
nothing_there "a bad value"
expect 66 "an unknown reference" complaint --db "$new" ack CMP-000001
nothing_there "an unknown reference"
expect 64 "a bad option value" complaint --db "$new" import --dates yyy -
nothing_there "a bad option value"
printf 'Nope\n1,2\n' >"$T/bad.csv"
expect 65 "a bad import" complaint --db "$new" import "$T/bad.csv"
nothing_there "a bad import"

# The first write that commits: the database appears, private, in WAL
# mode, with nothing built aside left beside it.
expect 0 "the first write creates it" complaint --db "$new" log --customer Ann --channel phone
assert "created mode 0600" [ "$(stat -c %a "$new")" = 600 ]
assert "in WAL mode" [ "$(sqlite3 "$new" 'PRAGMA journal_mode')" = wal ]
assert "only the database (and SQLite's files) in the directory" [ -z "$(ls -A "$T/d" | grep -v '^typo\.db')" ]
expect 0 "and it verifies" complaint --db "$new" verify
out_has "ok: 1 events"

# An empty file (made by hand, or a copy cut short) is no database to
# read: 66, and it is left as it was.
: >"$T/empty.db"
expect 66 "verify of an empty file" complaint --db "$T/empty.db" verify
err_has "no complaint database in '$T/empty.db': the file is empty"
assert "the empty file stays empty" [ ! -s "$T/empty.db" ]
expect 0 "a write makes it a database" complaint --db "$T/empty.db" log --customer Bob --channel phone
expect 0 "which verifies" complaint --db "$T/empty.db" verify

# On a server the database is the administrator's to create: a command
# that only reads finds no schema in a new one, says so and creates no
# table; a refused write creates none either; the first write does.
if [ "$(engine)" = postgresql ]; then
	pg_admin -c "$(pg_create "${pg_db}_bare" template0)" >/dev/null
	pg_dbs="$pg_dbs ${pg_db}_bare"
	bare=$(pg_uri "${pg_db}_bare")
	tables() { psql -X -A -t -q "$bare" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"; }
	for c in verify list report export; do
		expect 66 "$c on a database with no schema" complaint --db "$bare" $c
		err_lines 1
	done
	assert "no table created by reading" [ "$(tables)" = 0 ]
	expect 65 "a bad value on a database with no schema" complaint --db "$bare" log --customer Ann --channel pigeon
	expect 0 "the first write creates the schema" complaint --db "$bare" log --customer Ann --channel phone
	out_is "CMP-000001"
	assert "tables now" [ "$(tables)" -gt 0 ]
	expect 0 "and it verifies" complaint --db "$bare" verify
	out_has "ok: 1 events"
fi

done_testing
