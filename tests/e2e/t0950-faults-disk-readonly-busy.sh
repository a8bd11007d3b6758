#!/bin/bash
# Faults: a full disk, a read-only database and a lock held past the
# busy timeout. Each gives one clear line and its documented exit code,
# and leaves the database exactly as it was, sound and verified.
. "$(dirname "$0")/lib.sh"

for i in 1 2 3; do complaint log --customer "C$i" --channel phone >/dev/null; done
db_snapshot

# Disk full: a file size limit below what the write needs. SIGXFSZ is
# ignored, as a daemon would, so the write fails with EFBIG instead.
# (A server's disk is the server's: SQLite only.)
head -c 400000 /dev/urandom | base64 >"$T/big.txt"
if [ "$(engine)" = sqlite ]; then
expect 74 "a full disk" sh -c 'trap "" XFSZ; ulimit -f 64; exec "$0" log --customer Big --channel web --details-file "$1"' "$COMPLAINT_BIN" "$T/big.txt"
err_lines 1
err_has "complaint: "
assert "the message says what failed" grep -qE "disk|I/O|full" "$T/err"
db_unchanged "a full disk leaves the database as it was"
on_sqlite assert "integrity_check after a full disk" sh -c '[ "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok ]' _ "$COMPLAINT_DB"
expect 0 "verify after a full disk" complaint verify
expect 0 "and the same write succeeds with room" complaint log --customer Big --channel web --details-file "$T/big.txt"
db_snapshot
else
	skip "SQLite only: a full disk under the database file"
	expect 0 "a write with room" complaint log --customer Big --channel web --details-file "$T/big.txt"
	db_snapshot
fi

# A backup that runs out of room removes its partial file (a server's
# backup is a SQLite file too).
expect 74 "a backup on a full disk" sh -c 'trap "" XFSZ; ulimit -f 64; exec "$0" backup "$1"' "$COMPLAINT_BIN" "$T/full-backup.db"
assert "no partial backup is left" [ ! -e "$T/full-backup.db" ]

# A read-only database file: reads work, writes are refused. Root
# ignores file modes, so it gets a read-only bind mount instead.
readonly_run() {
	if [ "$(id -u)" -eq 0 ]; then
		unshare -m sh -c 'mount --bind -o ro "$0" "$0" && exec "$@"' "$COMPLAINT_DB" "$@"
	else
		chmod a-w "$COMPLAINT_DB"
		"$@"
		rc=$?
		chmod u+w "$COMPLAINT_DB"
		return $rc
	fi
}
if [ "$(engine)" != sqlite ]; then
	skip "SQLite only: a read-only database file"
elif [ "$(id -u)" -ne 0 ] || unshare -m true 2>/dev/null; then
	expect 0 "a read-only database can be listed" readonly_run "$COMPLAINT_BIN" list --format tsv
	out_has "CMP-000004"
	expect 0 "and verified" readonly_run "$COMPLAINT_BIN" verify
	expect 74 "a write to a read-only database" readonly_run "$COMPLAINT_BIN" log --customer D --channel phone
	err_has "is read-only"
	err_lines 1
	expect 74 "a note to a read-only database" readonly_run "$COMPLAINT_BIN" note 1 "hello"
	err_has "is read-only"
	db_unchanged "a read-only database is unchanged"
else
	pass "# skipped read-only checks: running as root without unshare"
fi

# Another process holds the write lock for longer than the busy timeout
# (100 ms here): the writer gives up with 75 and writes nothing.
printf 'busy_timeout: 100\n' >"$T/busy.yaml"
hold_lock
"$COMPLAINT_BIN" --config "$T/busy.yaml" log --customer E --channel phone >"$T/held.out" 2>"$T/held.err"; echo $? >"$T/held.rc"
release_lock
assert "a writer that waits too long exits 75" [ "$(cat "$T/held.rc")" = 75 ]
assert "saying the database is busy" grep -q "database is busy" "$T/held.err"
assert "and prints no reference" [ ! -s "$T/held.out" ]
db_unchanged "nothing half-written while busy"
expect 0 "the lock released, the write succeeds" complaint --config "$T/busy.yaml" log --customer E --channel phone
expect 0 "verify at the end" complaint verify

done_testing
