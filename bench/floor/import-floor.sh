#!/bin/sh
# import-floor.sh BIN SRC DB SQL: the floor of an import. DB is made an
# empty complaint database (by BIN) and SQL a script that writes every
# row of SRC (a database complaint import filled) into it the cheapest
# way SQLite offers: one INSERT ... SELECT a table, the same indexes and
# trigger set aside and rebuilt as import does, the same page cache, one
# transaction. No CSV, no JSON, no hashing, no per-row statement: what
# is left is what SQLite must do to store the rows import stores.
set -eu
bin=$1 src=$2 db=$3 sql=$4
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" escalate --auto >/dev/null
aside="(type = 'index' AND tbl_name = 'complaint' AND sql IS NOT NULL
    AND sql NOT LIKE 'CREATE UNIQUE %')
    OR (type = 'trigger' AND name = 'event_chained')"
{
	echo "PRAGMA cache_size = -1048576;"
	echo "ATTACH '$src' AS s;"
	echo "BEGIN IMMEDIATE;"
	sqlite3 "$db" "SELECT 'DROP ' || type || ' \"' || name || '\";'
	    FROM sqlite_master WHERE $aside"
	echo "INSERT INTO complaint SELECT * FROM s.complaint;"
	echo "INSERT INTO event SELECT * FROM s.event;"
	echo "INSERT INTO idea SELECT * FROM s.idea;"
	sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE $aside
	    ORDER BY type = 'trigger'"
	echo "COMMIT;"
} >"$sql"
