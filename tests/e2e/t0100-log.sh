#!/bin/bash
# complaint log: intake, deadlines, first-contact resolution, repeats,
# details sources and every refusal, each leaving the database as it was.
. "$(dirname "$0")/lib.sh"

# Thursday 2026-11-19 10:00 UTC (London is on GMT).
expect 0 "log prints the reference alone" complaint log --customer "Ann Smith" --channel phone -m "Late delivery"
out_is "CMP-000001"
expect 0 "second reference" complaint log --customer "Bob" --channel email --category billing --summary "Overcharged" --contact bob@example.com --customer-id C-2 --department sales --public
out_is "CMP-000002"
on_sqlite assert "database is private to its owner" sh -c '[ "$(stat -c %a "$1")" = 600 ]' _ "$COMPLAINT_DB"

expect 0 "show json" complaint show CMP-000001 --format json
out_has '"ref":"CMP-000001"'
out_has '"status":"new"'
out_has '"owner":"alice"'
out_has '"channel":"phone"'
out_has '"received_at":"2026-11-19T10:00:00Z"'
out_has '"ack_due":"2026-11-20T10:00:00Z"' "acknowledge by 24h later"
out_has '"resolve_due":"2027-01-14T10:00:00Z"' "resolve within 8 weeks"
out_has '"contacts":1'
out_has '"level":"frontline"'
out_has '"public":false'
expect 0 "show json second" complaint show 2 --format json
out_has '"customer_id":"C-2"'
out_has '"contact":"bob@example.com"'
out_has '"department":"sales"'
out_has '"category":"billing"'
out_has '"public":true'

expect 0 "--owner gives it to someone else" complaint log --customer Cy --channel chat --owner carol
expect 0 "show 3" complaint show 3 --format json
out_has '"owner":"carol"'

expect 0 "--received back-fills" complaint log --customer Di --channel letter --received "2026-11-16 09:30"
expect 0 "show 4" complaint show 4 --format json
out_has '"received_at":"2026-11-16T09:30:00Z"'
out_has '"ack_due":"2026-11-17T09:30:00Z"'

expect 0 "resolved at first contact" complaint log --customer Ed --channel in-person --resolution "Replaced on the spot"
expect 0 "show 5" complaint show 5 --format json
out_has '"status":"resolved"'
out_has '"first_contact":true'
out_has '"resolved_at":"2026-11-19T10:00:00Z"'
out_has '"followup_due":null' "no follow-up owed after first-contact resolution"

# Details from an option, a file, standard input.
printf 'line one\nline two\n' >"$T/details.txt"
expect 0 "--details-file" complaint log --customer Fay --channel web --details-file "$T/details.txt"
complaint show 6 --format json >"$T/out"
out_has '"details":"line one\nline two\n"'
expect 0 "details from stdin" sh -c 'printf "from stdin" | "$0" log --customer Gus --channel web -' "$COMPLAINT_BIN"
complaint show 7 --format json >"$T/out"
out_has '"details":"from stdin"'

# A plain log for a customer with open complaints warns, and still logs.
expect 0 "warns about open complaints" complaint log --customer "ann smith" --channel chat
out_is "CMP-000008"
err_has "warning: ann smith already has open complaints: CMP-000001 (owner alice)"

# Repeat contacts go back to the existing complaint and its owner.
expect 0 "--repeat-of records a contact" complaint --as bob log --repeat-of cmp-000003 --channel phone -m "Called again"
out_is "CMP-000003"
err_has "owner carol owes a call-back"
complaint show 3 --format json >"$T/out"
out_has '"contacts":2'
out_has '"callback_due":"2026-11-19T17:00:00Z"' "call-back due by the close of business (cob)"
expect 0 "--repeat finds the most recent open one by name" complaint log --repeat --customer "ANN SMITH" --channel phone
out_is "CMP-000008"
expect 0 "--repeat by customer id" complaint log --repeat --customer-id C-2 --channel phone
out_is "CMP-000002"
expect 0 "bare number reference" complaint log --repeat-of 2 --channel email
out_is "CMP-000002"
complaint show 2 --format json >"$T/out"
out_has '"contacts":3'
expect 0 "history records each contact" complaint show 2
out_has "contact"

db_snapshot
expect 66 "--repeat with no open complaint" complaint log --repeat --customer Nobody --channel phone
err_has "no open complaint for customer 'Nobody'"
expect 66 "--repeat-of an unknown reference" complaint log --repeat-of CMP-000999 --channel phone
err_has "no complaint 'CMP-000999'"
expect 65 "--repeat-of a malformed reference" complaint log --repeat-of XYZ-1 --channel phone
err_has "invalid reference 'XYZ-1'"
expect 64 "--repeat and --repeat-of together" complaint log --repeat --repeat-of 1 --customer A
# A repeat contact keeps the complaint as it is: options it would drop
# are refused, not ignored.
expect 64 "--resolution with --repeat-of" complaint log --repeat-of 2 --channel phone --resolution "Sorted"
err_has "--resolution does not go with a repeat contact; record the contact, then 'complaint resolve REF'"
for opt in "--owner bob" "--department sales" "--category billing" "--public" "--received 2026-11-18"; do
	expect 64 "$opt with --repeat" complaint log --repeat --customer-id C-2 --channel phone $opt
	err_has "${opt%% *} does not go with a repeat contact"
done
expect 64 "missing --customer" complaint log --channel phone
err_has "--customer is required"
expect 64 "missing --channel" complaint log --customer A
err_has "--channel is required"
expect 64 "unknown option" complaint log --customer A --channel phone --colour red
expect 64 "stray argument" complaint log --customer A --channel phone extra
expect 64 "two details sources" complaint log --customer A --channel phone --details x --details-file "$T/details.txt"
expect 65 "unknown channel" complaint log --customer A --channel pigeon
err_has "unknown channel 'pigeon' (expected one of: phone, chat, email, letter, in-person, social, web)"
expect 65 "unknown category" complaint log --customer A --channel phone --category weather
err_has "unknown category 'weather'"
expect 65 "unparseable received time" complaint log --customer A --channel phone --received "last tuesday"
err_has "accepted"
expect 65 "received in the future" complaint log --customer A --channel phone --received 2027-01-01
err_has "in the future"
err_has "(expected now or earlier)"
expect 66 "unreadable details file" complaint log --customer A --channel phone --details-file "$T/nope.txt"
err_has "cannot read details file"
head -c 1048577 /dev/zero | tr '\0' x >"$T/big.txt"
expect 65 "details over 1 MiB" complaint log --customer A --channel phone --details-file "$T/big.txt"
err_has "too long"
expect 65 "invalid UTF-8" complaint log --customer "$(printf 'bad\377name')" --channel phone
err_has "not valid UTF-8"
expect 65 "empty customer" complaint log --customer "" --channel phone
err_has "customer name is empty; give --customer NAME"
expect 65 "empty owner" complaint log --customer A --channel phone --owner ""
err_has "--owner is blank (expected a person"
db_unchanged "refusals left the database as it was"

# Bad database locations.
expect 73 "database in a missing directory" complaint --db "$T/missing/dir/x.db" log --customer X --channel phone
err_has "cannot create database"
expect 66 "no database to list in a missing directory" complaint --db "$T/missing/dir/x.db" list
err_has "no database"
: >"$T/file"
expect 73 "database below a file" complaint --db "$T/file/x.db" log --customer X --channel phone
expect 73 "database path is a directory" complaint --db "$T" list
printf 'this is not a database, just some text that is long enough to matter....................................................' >"$T/corrupt.db"
expect 74 "corrupt database" complaint --db "$T/corrupt.db" list
err_has "not a database"
sqlite3 "$T/other.db" 'CREATE TABLE t(x); PRAGMA user_version=1;'
expect 74 "someone else's database" complaint --db "$T/other.db" list
err_has "not a complaint database"
complaint --db "$T/new.db" log --customer X --channel phone >/dev/null
sqlite3 "$T/new.db" 'PRAGMA user_version=99'
expect 74 "a newer schema is refused" complaint --db "$T/new.db" list
err_has "newer than this complaint knows"

# The history is append-only.
assert "history cannot be edited" fails db_query "UPDATE event SET actor = 'x'"
assert "history cannot be deleted" fails db_query "DELETE FROM event"
assert "the history is whole" [ "$(db_query "SELECT count(*) FROM event WHERE actor = 'x'")" = 0 ]
on_sqlite assert "database is in WAL mode" sh -c '[ "$(sqlite3 "$1" "PRAGMA journal_mode")" = wal ]' _ "$COMPLAINT_DB"
search_index_ok
done_testing
