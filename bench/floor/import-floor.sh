#!/bin/sh
# import-floor.sh BIN SRC DB SQL: the floor of an import. DB is made an
# empty complaint database (by BIN) and SQL a script that writes every
# row of SRC (a database complaint import filled) into it the cheapest
# way SQLite offers: one INSERT ... SELECT a table; the full indexes and
# the triggers set aside and rebuilt (the partial ones, which hold few
# rows, kept up: cheaper here than a scan each to rebuild them); the
# search index filled once at the end from SRC's complaints and their
# one event each, read in order (the values tokenized again, as import
# indexes the values it has in hand);
# the same page cache and journal (a new database's: in memory, no
# syncs), one transaction. No CSV, no JSON, no hashing, no per-row
# statement: what is left is what SQLite must do to store the rows
# import stores.
set -eu
bin=$1 src=$2 db=$3 sql=$4
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" escalate --auto >/dev/null
aside="(type = 'index' AND tbl_name = 'complaint' AND sql IS NOT NULL
    AND sql NOT LIKE 'CREATE UNIQUE %' AND sql NOT LIKE '% WHERE %')
    OR (type = 'trigger' AND (name = 'event_chained'
    OR name GLOB 'complaint_fts_*'))"
{
	echo "PRAGMA journal_mode = MEMORY;"
	echo "PRAGMA synchronous = OFF;"
	echo "PRAGMA cache_size = -1048576;"
	echo "ATTACH '$src' AS s;"
	echo "BEGIN IMMEDIATE;"
	sqlite3 "$db" "SELECT 'DROP ' || type || ' \"' || name || '\";'
	    FROM sqlite_master WHERE $aside"
	echo "INSERT INTO complaint SELECT * FROM s.complaint;"
	echo "INSERT INTO import_file SELECT * FROM s.import_file;"
	echo "INSERT INTO event SELECT * FROM s.event;"
	echo "INSERT INTO idea SELECT * FROM s.idea;"
	sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE $aside
	    ORDER BY type = 'trigger'"
	echo "INSERT INTO complaint_fts(rowid, f_summary, f_details, f_notes,
	    f_resolution, f_root_cause, f_lessons, f_attachments)
	    SELECT c.id, c.summary, c.details, nullif(substr(e.note,
	    instr(e.note, char(10)) + 1), e.note), c.resolution,
	    c.root_cause, c.lessons, NULL
	    FROM s.event e JOIN s.complaint c ON c.id = e.complaint_id;"
	echo "COMMIT;"
} >"$sql"
