#!/bin/bash
# complaint attach: any bytes kept in the database by SHA-256, the type
# from the content, the exact bytes back, the same file stored once, a
# 25 MB file streamed, an oversize one refused with nothing stored.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann Smith" --channel email --summary "Kettle" >/dev/null
complaint log --customer "Bob Jones" --channel phone --summary "Late" >/dev/null
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\2\0\0\0\220wS\336' >photo.png
printf 'a\0b\377c' >raw.bin
printf 'From: ann@example.com\nSubject: kettle\n\nIt leaks.\n' >mail.txt
mkdir adir
db_snapshot

# Refusals change nothing.
expect 64 "a reference is required" complaint attach
expect 64 "files are required" complaint attach 1
err_has "give the files to attach"
expect 64 "--list and --get go separately" complaint attach 1 --list --get 1
expect 64 "--list takes the reference alone" complaint attach 1 --list raw.bin
expect 64 "-o goes with --get" complaint attach 1 raw.bin -o x
expect 64 "--format goes with --list" complaint attach 1 raw.bin --format csv
expect 66 "an unknown complaint" complaint attach CMP-000099 raw.bin
err_has "no complaint 'CMP-000099'"
expect 65 "a malformed reference" complaint attach CMP-x raw.bin
expect 66 "a missing file" complaint attach 1 raw.bin nosuch.bin
err_has "cannot open 'nosuch.bin'"
expect 65 "a directory" complaint attach 1 adir
err_has "is not a regular file"
printf 'limits:\n  attachment: 4B\n' >small.yaml
expect 65 "a file over limits.attachment" complaint --config small.yaml attach 1 mail.txt
err_has "over the limit of 4 (limits.attachment"
expect 65 "one file over the limit stores none of them" complaint --config small.yaml attach 1 raw.bin mail.txt
printf 'limits:\n  attachment: 4XB\n' >bad.yaml
expect 78 "a bad limits.attachment" complaint --config bad.yaml attach 1 raw.bin
err_has "expected a size from 1 byte to 1GB"
expect 65 "a bad attachment id" complaint attach 1 --get x
expect 66 "no attachment yet" complaint attach 1 --get 1
db_unchanged "refusals leave the database as it was"

expect 0 "attach three files" complaint attach 1 photo.png raw.bin mail.txt --note "sent by Ann"
out_is "1
2
3"
expect 0 "list them" complaint attach 1 --list
out_is "id	name	type	size	sha256	added_at	added_by
1	photo.png	image/png	33	$(sha256sum photo.png | cut -c1-64)	2026-11-19T10:00:00Z	alice
2	raw.bin	application/octet-stream	5	$(sha256sum raw.bin | cut -c1-64)	2026-11-19T10:00:00Z	alice
3	mail.txt	$(complaint attach 1 --list --format json | sed -n 's/.*"name":"mail.txt","type":"\([^"]*\)".*/\1/p')	49	$(sha256sum mail.txt | cut -c1-64)	2026-11-19T10:00:00Z	alice"
expect 0 "the list as JSON" complaint attach 1 --list --format json
out_has '"name":"photo.png","type":"image/png","size":33'
expect 0 "get the exact bytes" complaint attach 1 --get 2
assert "the bytes are the file's" cmp -s "$T/out" raw.bin
expect 0 "get into a file" complaint attach 1 --get 1 -o back.png
assert "the file is the photo" cmp -s back.png photo.png
expect 73 "never over an existing file" complaint attach 1 --get 1 -o back.png
expect 66 "an attachment of another complaint" complaint attach 2 --get 1
expect 0 "the history records it" complaint show 1
out_has "attachment 1: photo.png (image/png, 33 bytes, sha256 $(sha256sum photo.png | cut -c1-64))"
out_has "sent by Ann"
expect 0 "verify covers the attach events" complaint verify
out_has "" "verify runs"
expect 0 "show lists them" complaint show 1
out_has "attachments:"
out_has "    2  raw.bin  application/octet-stream  5 bytes"
expect 0 "show --format json lists them" complaint show 1 --format json
out_has '"attachments":[{"id":1,"name":"photo.png","type":"image/png","size":33,"sha256":"'"$(sha256sum photo.png | cut -c1-64)"'","added_at":"2026-11-19T10:00:00Z","added_by":"alice","erased":false}'
expect 0 "export --format json lists them" complaint export --format json
out_has '"name":"mail.txt"'
expect 0 "show without attachments has no heading" complaint show 2
out_lacks "attachments:"

# The same bytes, on another complaint: stored once.
expect 0 "attach the same file to another complaint" complaint attach 2 raw.bin
assert "the bytes are stored once" [ "$(db_query 'SELECT count(*) FROM attachment_blob')" = 3 ]

# 25 MB, the default limit, streams in and comes back exact; one byte
# more is refused.
head -c $((25 * 1024 * 1024)) /dev/urandom >big.bin
expect 0 "a 25 MB file" complaint attach 2 big.bin
expect 0 "it comes back exact" complaint attach 2 --get 5 -o big.back
assert "25 MB, the same bytes" cmp -s big.bin big.back
head -c 1 /dev/zero >>big.bin
db_snapshot
expect 65 "one byte over 25MB" complaint attach 2 big.bin
db_unchanged "the oversize file stored nothing"

# Erasure takes the bytes of the erased complaint's files, not those a
# kept complaint shares.
expect 0 "erase Ann" complaint erase --ref 1 --reason "request"
expect 65 "erased bytes are gone" complaint attach 1 --get 1
err_has "was erased"
expect 0 "Bob's copy of raw.bin stays" complaint attach 2 --get 4
assert "the shared bytes are intact" cmp -s "$T/out" raw.bin
assert "only shared and Bob's bytes are left" [ "$(db_query 'SELECT count(*) FROM attachment_blob')" = 2 ]
expect 0 "verify after erasure" complaint verify

search_index_ok
done_testing
