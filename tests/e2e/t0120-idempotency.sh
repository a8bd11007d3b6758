#!/bin/bash
# --idempotency-key (SPEC 2): a write retried with its key replays the
# first run's output and exit status and writes nothing; the key with
# other arguments is 65; racing runs with one key write once; keys last
# limits.idempotency; malformed keys are usage errors.
. "$(dirname "$0")/lib.sh"

count() { db_query "SELECT count(*) FROM $1"; }

expect 0 "a keyed log" complaint --idempotency-key retry-1 log \
	--customer "Ann Smith" --channel phone --summary "Parcel damaged"
out_is "CMP-000001"
db_snapshot
expect 0 "the same log retried with its key" complaint --idempotency-key retry-1 log \
	--customer "Ann Smith" --channel phone --summary "Parcel damaged"
out_is "CMP-000001" "the retry prints the first run's reference"
assert "the retry warns of nothing" [ ! -s "$T/err" ]
db_unchanged "the retry wrote nothing"
assert "one complaint" [ "$(count complaint)" = 1 ]
expect 0 "the key from COMPLAINT_IDEMPOTENCY_KEY" env COMPLAINT_IDEMPOTENCY_KEY=retry-1 \
	"$COMPLAINT_BIN" log --customer "Ann Smith" --channel phone --summary "Parcel damaged"
out_is "CMP-000001"
db_unchanged "the variable's retry wrote nothing"

# The same key with other arguments, or for another user: 65, naming
# the first use, and nothing written.
expect 65 "the key with other arguments" complaint --idempotency-key retry-1 log \
	--customer "Ann Smith" --channel phone --summary "Parcel lost"
err_has "idempotency key 'retry-1' was first used at 2026-11-19 10:00 by 'complaint log'"
assert "one error line" [ "$(wc -l <"$T/err")" -eq 1 ]
db_unchanged "the reused key wrote nothing"
expect 65 "the key for another user" complaint --as bob --idempotency-key retry-1 log \
	--customer "Ann Smith" --channel phone --summary "Parcel damaged"
db_unchanged
expect 65 "the key on another command" complaint --idempotency-key retry-1 note 1 hello
db_unchanged
expect 65 "other spellings are other arguments" complaint --idempotency-key retry-1 log \
	--customer="Ann Smith" --channel phone --summary "Parcel damaged"

# A failed command stores nothing: a retry, mended, runs.
expect 65 "a keyed log that fails" complaint --idempotency-key fail-1 log \
	--customer "Bo" --channel pigeon
err_has "pigeon"
db_unchanged "the failure wrote nothing"
expect 0 "its mended retry with the same key runs" complaint --idempotency-key fail-1 log \
	--customer "Bo" --channel email
out_is "CMP-000002"
expect 0 "... and is replayed after" complaint --idempotency-key fail-1 log \
	--customer "Bo" --channel email
out_is "CMP-000002"
assert "two complaints" [ "$(count complaint)" = 2 ]

# Any write command takes a key: note, and a step.
expect 0 "a keyed note" complaint --idempotency-key note-1 note 1 "called back"
expect 0 "the note retried" complaint --idempotency-key note-1 note 1 "called back"
assert "one note in the history" [ "$(db_query "SELECT count(*) FROM event WHERE action = 'note'")" = 1 ]
expect 0 "a keyed ack" complaint --idempotency-key ack-1 ack 1
cp "$T/out" "$T/ack.first"
db_snapshot
expect 0 "the ack retried replays (a second ack would be refused)" \
	complaint --idempotency-key ack-1 ack 1
assert "the ack's output replayed byte for byte" cmp -s "$T/ack.first" "$T/out"
db_unchanged

# attach and letter --sent write too: a retried key adds no second file
# and records no second letter.
printf 'receipt\n' >"$T/receipt.txt"
expect 0 "a keyed attach" complaint --idempotency-key at-1 attach 1 "$T/receipt.txt"
cp "$T/out" "$T/attach.first"
expect 0 "the attach retried" complaint --idempotency-key at-1 attach 1 "$T/receipt.txt"
assert "the attach's output replayed" cmp -s "$T/attach.first" "$T/out"
assert "one attach in the history" [ "$(db_query "SELECT count(*) FROM event WHERE action = 'attach'")" = 1 ]
expect 0 "a keyed letter --sent" complaint --idempotency-key let-1 letter 1 --kind acknowledgement --sent
expect 0 "the letter retried" complaint --idempotency-key let-1 letter 1 --kind acknowledgement --sent
assert "one letter in the history" [ "$(db_query "SELECT count(*) FROM event WHERE action = 'letter'")" = 1 ]
expect 0 "printing a letter with a key writes nothing and keeps no key" \
	complaint --idempotency-key let-2 letter 1 --kind acknowledgement
expect 0 "... so the key records a later send" complaint --idempotency-key let-2 letter 1 --kind acknowledgement --sent
assert "two letters in the history" [ "$(db_query "SELECT count(*) FROM event WHERE action = 'letter'")" = 2 ]

# followup and review write only when they record: the key applies then.
expect 0 "resolve CMP-000002" complaint resolve 2 --resolution "sent again"
expect 0 "a keyed follow-up call" complaint --idempotency-key fu-1 followup 2 --outcome no-answer
expect 0 "the call retried" complaint --idempotency-key fu-1 followup 2 --outcome no-answer
assert "one follow-up recorded" [ "$(db_query "SELECT count(*) FROM event WHERE complaint_id = 2 AND action = 'followup'")" = 1 ]
expect 65 "the key with another outcome" complaint --idempotency-key fu-1 followup 2 --outcome satisfied
expect 0 "a key on the listing, which writes nothing, is accepted" \
	complaint --idempotency-key fu-2 followup --due
expect 0 "... and leaves no key behind" complaint --idempotency-key fu-2 followup 2 --outcome satisfied

# Eight processes racing with one key: one writes, the others wait and
# replay; all print the same reference.
pids=
for i in 1 2 3 4 5 6 7 8; do
	"$COMPLAINT_BIN" --idempotency-key race-1 log --customer "Cy Race" \
	    --channel web --summary "raced" >"$T/race.$i" 2>"$T/race.err.$i" &
	pids="$pids $!"
done
: >"$T/race.rc"
for pid in $pids; do wait "$pid"; echo $? >>"$T/race.rc"; done
assert "all eight exit 0" [ "$(sort -u "$T/race.rc")" = 0 ]
assert "all eight print one reference" [ "$(cat "$T"/race.[1-8] | sort -u | wc -l)" = 1 ]
assert "... CMP-000003" [ "$(cat "$T/race.1")" = CMP-000003 ]
assert "one complaint for the eight" [ "$(db_query "SELECT count(*) FROM complaint WHERE customer = 'Cy Race'")" = 1 ]

# Keys last limits.idempotency (default 7 days); any write purges older.
expect 0 "six days on, a retry still replays" env COMPLAINT_NOW=2026-11-25T10:00:00Z \
	"$COMPLAINT_BIN" --idempotency-key retry-1 log --customer "Ann Smith" \
	--channel phone --summary "Parcel damaged"
out_is "CMP-000001"
expect 0 "eight days on, the key is free again" env COMPLAINT_NOW=2026-11-27T10:00:00Z \
	"$COMPLAINT_BIN" --idempotency-key retry-1 log --customer "Ann Smith" \
	--channel phone --summary "Parcel lost"
out_is "CMP-000004"
assert "the expired keys are purged" [ "$(count idempotency)" = 1 ]
expect 0 "a write without a key purges too" env COMPLAINT_NOW=2026-12-05T10:00:00Z \
	"$COMPLAINT_BIN" note 1 "much later"
assert "... none is left" [ "$(count idempotency)" = 0 ]
cat >"$T/short.yaml" <<'YAML'
limits:
  idempotency: 1h
YAML
expect 0 "limits.idempotency: 1h" env COMPLAINT_CONFIG="$T/short.yaml" \
	"$COMPLAINT_BIN" --idempotency-key short-1 note 1 "first"
expect 0 "two hours on, the key is free" env COMPLAINT_CONFIG="$T/short.yaml" \
	COMPLAINT_NOW=2026-11-19T12:00:00Z "$COMPLAINT_BIN" --idempotency-key short-1 note 1 "second"
expect 0 "the configuration shows the limit" env COMPLAINT_CONFIG="$T/short.yaml" \
	"$COMPLAINT_BIN" config show
out_has "idempotency: 1h"
printf 'limits:\n  idempotency: cob\n' >"$T/bad.yaml"
expect 78 "limits.idempotency must be a length" env COMPLAINT_CONFIG="$T/bad.yaml" \
	"$COMPLAINT_BIN" note 1 "x"
err_has "limits.idempotency"

# Bad keys: 64 with what is accepted, nothing written.
db_snapshot
expect 64 "a key with a space" complaint --idempotency-key "a b" note 1 x
err_has "expected 1 to 200 printable ASCII characters, no spaces"
expect 64 "a key of 201 characters" complaint --idempotency-key "$(printf 'k%.0s' $(seq 201))" note 1 x
err_has "has 201 characters"
expect 0 "a key of 200 characters" complaint --idempotency-key "$(printf 'k%.0s' $(seq 200))" note 1 x
db_snapshot
expect 64 "a non-ASCII key" complaint --idempotency-key "clé" note 1 x
err_has "non-ASCII character at position 3"
expect 64 "a control character" complaint --idempotency-key "$(printf 'a\tb')" note 1 x
expect 64 "an empty key" complaint --idempotency-key= note 1 x
expect 64 "a key with no value" complaint --idempotency-key
expect 64 "a bad key in the variable" env COMPLAINT_IDEMPOTENCY_KEY="a b" "$COMPLAINT_BIN" note 1 x
err_has "COMPLAINT_IDEMPOTENCY_KEY has a space character"
db_unchanged "bad keys wrote nothing"

# Commands that only read: the option is a usage error; the variable,
# set for all a script runs, is ignored.
expect 64 "the option on list" complaint --idempotency-key r-1 list
err_has "--idempotency-key applies to commands that write; 'list' does not"
expect 0 "the variable on list is ignored" env COMPLAINT_IDEMPOTENCY_KEY=r-1 "$COMPLAINT_BIN" list
expect 64 "the option on mcp" complaint --idempotency-key r-1 mcp </dev/null
expect 0 "the usage names the option" complaint --help
out_has "[--idempotency-key KEY]"

expect 0 "the database verifies" complaint verify
done_testing
