#!/bin/bash
# PostgreSQL: backup writes the server's database, as one snapshot, to a
# new SQLite file that verify accepts with the server's head: erased
# events, attachments and idempotency keys included.
. "$(dirname "$0")/lib.sh"
pg_only "backup of a server's database"

complaint log --customer "Ann Smith" --channel phone -m "Late" --contact ann@example.com >/dev/null
complaint log --customer Bob --channel email -m "Overcharged" >/dev/null
complaint note 1 "$(printf 'tab\there, a line\nbreak and a \\\\ backslash')" >/dev/null
complaint resolve 2 --resolution "Refunded" --remedy refund --amount 12.50 >/dev/null
printf 'bytes\0with a NUL\377' >"$T/scan.bin"
complaint attach 1 "$T/scan.bin" >/dev/null
complaint --idempotency-key k-1 note 2 "keyed" >/dev/null
complaint erase --ref 2 --reason "request" >/dev/null
expect 0 "verify on the server" complaint verify
cp "$T/out" "$T/verify.server"
head=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$T/out")
assert "a head" [ "${#head}" -eq 64 ]
db_snapshot

expect 0 "back up the server" complaint backup "$T/copy.db"
assert "nothing on stdout" [ ! -s "$T/out" ]
assert "the copy is private" [ "$(stat -c %a "$T/copy.db")" = 600 ]
assert "a SQLite file" [ "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" = ok ]
assert "in WAL mode, standing alone" [ ! -e "$T/copy.db-wal" ]
expect 0 "the copy verifies" complaint --db "$T/copy.db" verify
assert "as many events, as many erased, the same head" cmp -s "$T/out" "$T/verify.server"
out_has "head $head"
for q in "SELECT count(*) FROM complaint" "SELECT count(*) FROM event" \
    "SELECT sha256 || ' ' || size FROM attachment" \
    "SELECT key || ' ' || status || ' ' || command FROM idempotency" \
    "SELECT note FROM event WHERE note IS NOT NULL ORDER BY id"; do
	assert "the same on both: $q" [ "$(db_query "$q")" = "$(sqlite3 "$T/copy.db" "$q")" ]
done
expect 0 "the attachment's bytes come back" complaint --db "$T/copy.db" attach 1 --get 1 -o "$T/back.bin"
assert "byte for byte" cmp -s "$T/scan.bin" "$T/back.bin"
expect 0 "the copy is searchable" complaint --db "$T/copy.db" search "backslash"
out_has "CMP-000001"
expect 0 "and takes more history" complaint --db "$T/copy.db" note 1 "after the backup"
expect 0 "which verifies" complaint --db "$T/copy.db" verify
assert "the copied hash as the server's digits, the new one as its 32 bytes" [ "$(sqlite3 "$T/copy.db" "SELECT typeof(hash) || length(hash) FROM event ORDER BY id DESC LIMIT 2" | tr '\n' ' ')" = "blob32 text64 " ]

expect 73 "never overwrites" complaint backup "$T/copy.db"
err_has "exists; a backup never overwrites a file"
db_unchanged "backing up changes nothing on the server"

done_testing
