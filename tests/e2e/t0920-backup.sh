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

done_testing
