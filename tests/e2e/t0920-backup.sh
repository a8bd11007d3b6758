#!/bin/bash
# complaint backup: a consistent, private copy while others write, that
# opens, verifies and holds everything committed before it began.
. "$(dirname "$0")/lib.sh"

for i in 1 2 3; do complaint log --customer "C$i" --channel phone >/dev/null; done
db_snapshot
expect 64 "a file is required" complaint backup
err_has "the file to write is required"
expect 64 "one file only" complaint backup a b
expect 0 "back up" complaint backup "$T/copy.db"
assert "nothing on stdout" [ ! -s "$T/out" ]
assert "the copy is private" [ "$(stat -c %a "$T/copy.db")" = 600 ]
assert "the copy stands alone (no -wal)" [ ! -e "$T/copy.db-wal" ]
expect 0 "the copy verifies" complaint --db "$T/copy.db" verify
out_has "ok: 3 events"
expect 0 "the copy lists" complaint --db "$T/copy.db" list --format tsv
assert "three complaints in the copy" [ "$(tail -n +2 "$T/out" | wc -l)" -eq 3 ]
assert "integrity_check of the copy" [ "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" = ok ]
assert "the copy is in WAL mode, as the original" [ "$(sqlite3 "$T/copy.db" 'PRAGMA journal_mode')" = wal ]
assert "nothing built aside is left" [ -z "$(ls -A "$T" | grep '^\.copy\.db')" ]

# A copy restored in place works with readers: a reader holding a read
# transaction does not hold up a writer (in the journal mode backups
# used to have, the writer gave up with 75).
printf 'busy_timeout: 100\n' >"$T/busy.yaml"
cp "$T/copy.db" "$T/restored.db"
cat >"$T/read.sql" <<SQL
BEGIN;
SELECT count(*) FROM complaint;
.shell "$COMPLAINT_BIN" --db "$T/restored.db" --config "$T/busy.yaml" log --customer R --channel phone >"$T/r.out" 2>"$T/r.err"; echo \$? >"$T/r.rc"
COMMIT;
SQL
sqlite3 "$T/restored.db" <"$T/read.sql" >/dev/null
assert "a writer beside a reader of the restored copy succeeds" [ "$(cat "$T/r.rc")" = 0 ]
assert "and says nothing on stderr" [ ! -s "$T/r.err" ]

# A copy made in the old journal mode is switched to WAL by the first
# writer; while a reader pins it, the busy message names readers, not
# another writer.
cp "$T/copy.db" "$T/old.db"
sqlite3 "$T/old.db" 'PRAGMA journal_mode=DELETE' >/dev/null
sed "s#restored\.db#old.db#" "$T/read.sql" >"$T/old.sql"
sqlite3 "$T/old.db" <"$T/old.sql" >/dev/null
assert "a writer pinned by a reader gives up with 75" [ "$(cat "$T/r.rc")" = 75 ]
assert "naming readers" grep -q "readers kept it open past the busy timeout" "$T/r.err"
assert "not another writer" sh -c '! grep -q "another writer" "$1"' _ "$T/r.err"
expect 0 "once the reader is gone, the write succeeds" complaint --db "$T/old.db" log --customer R --channel phone
assert "and the old copy is now in WAL mode" [ "$(sqlite3 "$T/old.db" 'PRAGMA journal_mode')" = wal ]

# Killed in the middle of writing (the file size limit stops it with a
# signal, as kill -9 would): nothing at FILE, and nothing left behind
# that verify would take for a backup.
mkdir "$T/cut"
assert "a backup is larger than the limit below" [ "$(stat -c %s "$T/copy.db")" -gt 61440 ]
{ ( ulimit -f 40; exec "$COMPLAINT_BIN" backup "$T/cut/copy.db" ); } 2>/dev/null
assert "the backup was killed" [ $? -gt 128 ]
assert "it was cut in the middle (something was written)" [ -n "$(ls -A "$T/cut")" ]
assert "no file at the backup's name" [ ! -e "$T/cut/copy.db" ]
expect 66 "verify of the cut backup's name" complaint --db "$T/cut/copy.db" verify
for f in "$T"/cut/.[!.]* "$T"/cut/*; do
	[ -e "$f" ] || continue
	case $f in *-journal|*-wal|*-shm) continue ;; esac
	"$COMPLAINT_BIN" --db "$f" verify >/dev/null 2>&1
	rc=$?
	assert "what the cut backup left ($(basename "$f")) does not verify" [ "$rc" -ne 0 ]
done

expect 73 "never overwrites" complaint backup "$T/copy.db"
err_has "exists; a backup never overwrites a file"
expect 73 "an unwritable place" complaint backup "$T/no/such/dir/copy.db"
err_has "cannot create"
db_unchanged "backing up changes nothing"

# While 4 writers log 25 complaints each, back up 5 times: every copy
# verifies and holds a prefix of the history.
for w in 1 2 3 4; do
	( for i in $(seq 25); do complaint log --customer "W$w-$i" --channel web >/dev/null || echo "writer $w failed" >>"$T/failures"; done ) &
done
for b in 1 2 3 4 5; do
	complaint backup "$T/live$b.db" 2>>"$T/failures" || echo "backup $b failed" >>"$T/failures"
done
wait
assert "no writer or backup failed" [ ! -s "$T/failures" ]
for b in 1 2 3 4 5; do
	expect 0 "live copy $b verifies" complaint --db "$T/live$b.db" verify
done
expect 0 "the live database verifies" complaint verify
out_has "ok: 103 events"

search_index_ok
done_testing
