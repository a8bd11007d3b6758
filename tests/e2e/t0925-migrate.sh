#!/bin/bash
# complaint migrate --to URI: what it refuses on either engine. The copy
# itself, into a server, is t2050-pg-migrate's.
. "$(dirname "$0")/lib.sh"

expect 66 "no database to copy: none is created" \
    complaint --db "$T/none.db" migrate --to postgresql:///x
assert "the missing file stays missing" [ ! -e "$T/none.db" ]

complaint log --customer "Ann Smith" --channel phone >/dev/null
db_snapshot
expect 64 "--to is required" complaint migrate
err_has "--to URI is required"
err_lines 1
expect 64 "an operand is not --to" complaint migrate postgresql:///x
err_has "unexpected argument 'postgresql:///x'"
expect 64 "a file is no --to" complaint migrate --to "$T/copy.db"
err_has "--to takes a PostgreSQL database"
err_has "'complaint backup FILE' copies into a SQLite file"
assert "and no file is made" [ ! -e "$T/copy.db" ]
expect 64 "an empty --to" complaint migrate --to ""
if [ "$(engine)" = postgresql ]; then
	expect 64 "a PostgreSQL database is no source" \
	    complaint migrate --to "$(pg_uri "${pg_db}_x")"
	err_has "the database to copy from must be a SQLite file (--db); this one is postgresql"
fi
db_unchanged
expect 0 "migrate is documented" complaint help migrate
out_has "usage: complaint migrate --to URI"

search_index_ok
done_testing
