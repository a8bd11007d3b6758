#!/bin/sh
# import-floor.sh BIN SRC DB SQL: the floor of an import. DB is made an
# empty complaint database (by BIN) and SQL a script that writes every
# row of SRC (a database complaint import filled) into it the cheapest
# way SQLite offers: one INSERT ... SELECT a table, the same indexes and
# triggers set aside and rebuilt as import does (the search index filled
# once at the end), the same page cache and journal (a new database's:
# in memory, no syncs), one transaction. No CSV, no JSON, no hashing, no
# per-row statement: what is left is what SQLite must do to store the
# rows import stores.
set -eu
bin=$1 src=$2 db=$3 sql=$4
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" escalate --auto >/dev/null
aside="(type = 'index' AND tbl_name = 'complaint' AND sql IS NOT NULL
    AND sql NOT LIKE 'CREATE UNIQUE %')
    OR (type = 'trigger' AND name IN ('event_chained', 'complaint_fts_sync'))"
{
	echo "PRAGMA journal_mode = MEMORY;"
	echo "PRAGMA synchronous = OFF;"
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
	# The fill of lib/store/sqlite_schema.h's SCHEMA_FTS_INSERT.
	cat <<'SQL'
INSERT INTO complaint_fts(rowid, f_summary, f_details, f_notes,
  f_resolution, f_root_cause, f_lessons, f_attachments)
  SELECT c.id, c.summary, c.details,
    (SELECT group_concat(CASE WHEN e.action = 'import'
      THEN nullif(substr(e.note, instr(e.note, char(10)) + 1), e.note)
      ELSE e.note END, ' ') FROM event e
      WHERE e.complaint_id = c.id AND e.note IS NOT NULL),
    c.resolution, c.root_cause, c.lessons,
    (SELECT group_concat(a.name, ' ') FROM attachment a
      WHERE a.complaint_id = c.id)
  FROM complaint c;
SQL
	echo "COMMIT;"
} >"$sql"
