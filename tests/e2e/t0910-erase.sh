#!/bin/bash
# complaint erase: the right to erasure. Personal data goes from the
# complaints, their history and the file; numbers, dates and outcomes
# stay; the erasure is recorded and verify still passes.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann Smith" --channel phone --contact ann@example.com \
    --customer-id C-77 --summary "Parcel for Ann Smith crushed" >/dev/null
COMPLAINT_NOW=2026-11-19T11:00:00Z complaint note 1 "Ann Smith rang again from 07700 900123" >/dev/null
complaint log --customer "Bob Jones" --channel email --summary "Overcharged" >/dev/null
COMPLAINT_NOW=2026-11-20T09:00:00Z complaint log --customer "ANN SMITH" --channel chat \
    --resolution "Refunded Ann Smith in full" >/dev/null 2>&1
db_snapshot

# Refusals change nothing.
expect 64 "a reason is required" complaint erase --customer "Ann Smith"
err_has "--reason is required"
expect 64 "one of --customer and --ref" complaint erase --reason x
err_has "exactly one of --customer and --ref is required"
expect 64 "not both" complaint erase --customer A --ref 1 --reason x
expect 64 "no stray arguments" complaint erase --ref 1 --reason x extra
expect 65 "an empty reason" complaint erase --ref 1 --reason "  "
err_has "the reason is empty"
expect 65 "an empty customer" complaint erase --customer "" --reason x
expect 66 "an unknown customer" complaint erase --customer "Nobody" --reason x
err_has "no complaints for customer 'Nobody'"
expect 66 "an unknown reference" complaint erase --ref CMP-000099 --reason x
err_has "no complaint 'CMP-000099'"
expect 65 "a malformed reference" complaint erase --ref CMP-x --reason x
me=$(db_account)
printf 'roles:\n  managers: [alice]\n  delegates: ["%s"]\n' "$me" >"$T/roles.yaml"
printf 'roles:\n  managers: ["%s"]\n' "$me" >"$T/manager.yaml"
expect 77 "only managers' accounts erase when roles are set" complaint --config "$T/roles.yaml" --as alice erase --ref 1 --reason x
err_has "account $me may not erase personal data"
expect 77 "and --as a manager is no way round" complaint --config "$T/manager.yaml" --as carol erase --ref 1 --reason x
err_has "account $me may not act as carol: only the accounts of roles.delegates may"
db_unchanged "refusals leave the database as it was"

# By name, in any case: both of Ann's complaints, not Bob's.
COMPLAINT_NOW=2026-11-21T09:00:00Z expect 0 "erase a customer" env -u COMPLAINT_USER "$COMPLAINT_BIN" --config "$T/manager.yaml" erase --customer "ann smith" --reason "erasure request 2026-118"
out_is "CMP-000001
CMP-000003"
expect 0 "show the erased complaint" complaint show 1 --format json
out_has '"customer":"[erased]"'
out_has '"contact":"[erased]"'
out_has '"customer_id":"[erased]"'
out_has '"summary":"[erased]"'
out_has '"status":"new"' "the status stays"
out_has '"received_at":"2026-11-19T10:00:00Z"' "the dates stay"
out_has '"channel":"phone"' "the channel stays"
out_has '"action":"erase"' "the erasure is in the history"
out_has 'erasure request 2026-118' "with its reason"
out_lacks 'Ann' "no trace of the name in show"
out_lacks '07700' "nor of the note's text"
expect 0 "show the resolved one" complaint show 3 --format json
out_has '"resolution":"[erased]"'
out_has '"status":"resolved"' "the outcome stays"
out_has '"first_contact":true'
expect 0 "Bob is untouched" complaint show 2 --format json
out_has '"customer":"Bob Jones"'
out_has '"summary":"Overcharged"'

no_trace() { ! db_dump | grep -qi "$1"; }
assert "no trace in the whole database" no_trace "ann smith\|ann@\|C-77\|07700\|crushed"
on_sqlite assert "no trace in the file's bytes" sh -c '! grep -qai "ann smith\|ann@example\|07700" "$1"' _ "$COMPLAINT_DB"
expect 0 "verify passes after erasure" complaint verify
out_has "(3 erased)"

db_snapshot
expect 65 "erasing twice" complaint erase --ref 1 --reason again
err_has "CMP-000001 is already erased"
expect 66 "the name is gone" complaint erase --customer "Ann Smith" --reason again
db_unchanged "a second erasure changes nothing"

# By reference, and by contact.
expect 0 "erase by reference" complaint erase --ref 2 --reason "asked by letter"
out_is "CMP-000002"
complaint log --customer "Cy" --contact cy@example.com --channel web >/dev/null
expect 0 "erase by contact" complaint erase --customer cy@example.com --reason "asked by mail"
out_is "CMP-000004"
expect 0 "verify still passes" complaint verify
expect 0 "list still counts everything" complaint list --format tsv
assert "four complaints listed" [ "$(tail -n +2 "$T/out" | wc -l)" -eq 4 ]

# The history rebuilds to the erased state (it holds every change).
expect 0 "more history after erasure" complaint note 1 "call logged"
expect 0 "verify after more history" complaint verify

# The facts of erased events stay provable: an amount changed in a
# redacted event, with the guard dropped and put back, is caught.
ref=$(complaint log --customer "Dee Doe" --channel phone -m "Broken kettle")
complaint resolve "$ref" --resolution "Refunded Dee" --remedy refund --amount 12.50 >/dev/null
complaint review "$ref" --idea "Test kettles from Dee's batch" >/dev/null
expect 0 "erase a resolved complaint" complaint erase --ref "$ref" --reason "request 2026-120"
assert "the idea's text is erased too" [ "$(db_query "SELECT idea FROM idea WHERE complaint_id = 5")" = "[erased]" ]
expect 0 "review --ideas shows no trace" complaint review --ideas
out_lacks "kettles"
expect 0 "it verifies" complaint verify
db_save erased
ev=$(db_query "SELECT id FROM event WHERE complaint_id = 5 AND action = 'resolve'")
behind_back "UPDATE event SET changes = replace(changes, '[null,1250]', '[null,125000]') WHERE id = $ev;
    UPDATE complaint SET amount = 125000 WHERE id = 5"
assert "the amount was changed" [ "$(db_query "SELECT amount FROM complaint WHERE id = 5")" = 125000 ]
expect 65 "a changed amount in an erased event" complaint verify
err_has "event $ev (CMP-000005): its facts differ from what its erasure recorded"
db_restore erased
behind_back "UPDATE event SET changes = replace(changes, '\"refund\"', '\"apology\"') WHERE id = $ev;
    UPDATE complaint SET remedy = 'apology' WHERE id = 5"
expect 65 "a changed remedy in an erased event" complaint verify
err_has "event $ev (CMP-000005): its facts differ"
db_restore erased
behind_back "UPDATE event SET at = at + 86400 WHERE id = $ev"
expect 65 "a changed date in an erased event" complaint verify
err_has "event $ev (CMP-000005)"
db_restore erased

# Nothing erased stays in the write-ahead log, though another
# connection keeps the database open (so SQLite would keep the log).
# (A server's WAL and replicas are its own: complaint-erase(1).)
sqlite_only "SQLite's write-ahead log file emptied after an erasure"
fifo_in="$T/sql.in" fifo_out="$T/sql.out"
mkfifo "$fifo_in" "$fifo_out"
sqlite3 "$COMPLAINT_DB" <"$fifo_in" >"$fifo_out" &
reader=$!
exec 3>"$fifo_in" 4<"$fifo_out"
echo "SELECT count(*) FROM complaint;" >&3
read -r _ <&4
ref=$(complaint log --customer "Eve Walsecret" --channel phone -m "Walsecret's parcel")
assert "the name is in the log before" grep -qa Walsecret "$COMPLAINT_DB-wal"
expect 0 "erase while another connection is open" complaint erase --ref "$ref" --reason "request 2026-121"
assert "no warning" [ ! -s "$T/err" ]
assert "the log is emptied" [ ! -s "$COMPLAINT_DB-wal" ]
assert "no trace in the database file" sh -c '! grep -qa Walsecret "$1"' _ "$COMPLAINT_DB"

# A reader inside a transaction pins the old pages: erase says so.
ref=$(complaint log --customer "Fay Pinned" --channel phone)
echo "BEGIN; SELECT count(*) FROM complaint;" >&3
read -r _ <&4
printf 'busy_timeout: 50\n' >"$T/short.yaml"
expect 0 "erase while a reader holds a snapshot" complaint --config "$T/short.yaml" erase --ref "$ref" --reason "request 2026-122"
err_has "warning: another connection is reading"
err_has "the erased text may remain in it or in '$COMPLAINT_DB-wal'"
echo "COMMIT;" >&3
exec 3>&- 4<&-
wait "$reader"
expect 0 "all still verifies" complaint verify
assert "and, the reader gone, no trace is left" sh -c '! grep -qa "Fay Pinned" "$1"' _ "$COMPLAINT_DB"

search_index_ok
done_testing
