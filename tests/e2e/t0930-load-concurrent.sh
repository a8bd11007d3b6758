#!/bin/bash
# Load: 16 processes each log 200 complaints (50 on PostgreSQL) while
# listings, shows and verify run in a loop. Every complaint is stored
# under its own reference, no writer gives up at the default busy
# timeout (exit 75), and the file passes integrity_check and verify.
. "$(dirname "$0")/lib.sh"

# On a server, 50 each: the same sixteen writers and readers at once,
# but every command there is a connection of its own (a backend started
# and ended, libpq loaded), and 3200 of them cost some 85 s of CPU, most
# of the PostgreSQL suite's tail; t2000 adds 400 more writes there.
WRITERS=${LOAD_WRITERS:-16}
if [ "$(engine)" = postgresql ]; then
	EACH=${LOAD_EACH:-50}
else
	EACH=${LOAD_EACH:-200}
fi
mkdir "$T/w"
pids=

# No database yet: the first writers race to create it.
for w in $(seq "$WRITERS"); do
	(
		for i in $(seq "$EACH"); do
			complaint log --customer "Customer $w-$i" --channel phone \
			    -m "load $w $i" >>"$T/w/refs.$w" 2>>"$T/w/err.$w"
			rc=$?
			[ "$rc" -eq 0 ] || echo "$rc" >>"$T/w/fail.$w"
		done
	) &
	pids="$pids $!"
done

# Readers (and the escalation sweep) until the writers are done; each
# must succeed. Commands from other parts of the toolkit join the loop
# when this binary has them.
loop="list --format tsv --limit 50|list --open --reverse --format ndjson --limit 20|show 1 --format json|verify --quiet"
has() { complaint --list-cmds | grep -qx "$1"; }
has escalate && loop="$loop|escalate --auto"
has followup && loop="$loop|followup --due --format tsv"
has report && loop="$loop|report --format tsv|report --by channel --format csv"
(
	while [ ! -e "$T/w/stop" ]; do
		IFS='|'
		# shellcheck disable=SC2086
		set -- $loop
		unset IFS
		for r in "$@"; do
			# shellcheck disable=SC2086
			complaint $r >/dev/null 2>>"$T/w/reader.err"
			rc=$?
			# Before the first complaint exists, show says 66.
			[ "$rc" -eq 0 ] || [ "$rc" -eq 66 ] || echo "$r: $rc" >>"$T/w/reader.fail"
		done
	done
) &
reader=$!

wait $pids
touch "$T/w/stop"
wait "$reader"

total=$((WRITERS * EACH))
assert "no writer failed (exit statuses: $(cat "$T"/w/fail.* 2>/dev/null | sort | uniq -c | tr '\n' ' '))" sh -c '! cat "$1"/w/fail.* 2>/dev/null | grep -q .' _ "$T"
grep -hv "already has open complaints" "$T"/w/err.* | sort | uniq -c | head -n 5 | sed 's/^/# /'
assert "no writer printed an error" sh -c '! cat "$1"/w/err.* | grep -v "already has open complaints" | grep -q .' _ "$T"
assert "no reader failed" [ ! -s "$T/w/reader.fail" ]
assert "$total references printed" [ "$(cat "$T"/w/refs.* | wc -l)" -eq "$total" ]
assert "$total distinct references" [ "$(cat "$T"/w/refs.* | sort -u | wc -l)" -eq "$total" ]
assert "$total complaints stored" [ "$(db_query 'SELECT count(*) FROM complaint')" -eq "$total" ]
assert "$total events stored" [ "$(db_query 'SELECT count(*) FROM event')" -eq "$total" ]
on_sqlite assert "integrity_check is ok" sh -c '[ "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok ]' _ "$COMPLAINT_DB"
expect 0 "verify passes" complaint verify
out_has "ok: $total events (0 erased)"

done_testing
