#!/bin/bash
# Faults: kill -9 at random moments of a stream of log, note and erase
# calls, at least 50 kills. After each, the database opens, passes
# integrity_check and verify, and every call that reported success is
# there.
. "$(dirname "$0")/lib.sh"

# At least ROUNDS rounds and 50 kills, however fast the machine is.
ROUNDS=${KILL_ROUNDS:-60}
complaint log --customer "Seed" --channel phone >/dev/null
: >"$T/acked"
killed=0 completed=0 bad=0 round=0
while { [ "$round" -lt "$ROUNDS" ] || [ "$killed" -lt 50 ]; } && [ "$round" -lt 1000 ]; do
	round=$((round + 1))
	# Three writers at once, so some die holding the lock or mid-commit
	# (the binary itself in the background, so that $! is its pid).
	pids=
	for w in 1 2 3; do
		case $(( (round + w) % 5 )) in
		0) "$COMPLAINT_BIN" note 1 "note $round.$w" >"$T/out.$w" 2>/dev/null & ;;
		1) "$COMPLAINT_BIN" erase --ref 1 --reason "round $round" >"$T/out.$w" 2>/dev/null & ;;
		*) "$COMPLAINT_BIN" log --customer "K $round.$w" --channel web -m "round $round" >"$T/out.$w" 2>/dev/null & ;;
		esac
		pids="$pids $!"
	done
	# A random moment in a process's few milliseconds of life.
	sleep "$(printf "0.%03d" $((RANDOM % 100)))"
	kill -9 $pids 2>/dev/null
	w=0
	for pid in $pids; do
		w=$((w + 1))
		wait "$pid"
		rc=$?
		if [ "$rc" -eq 137 ]; then
			killed=$((killed + 1))
		elif [ "$rc" -eq 0 ]; then
			completed=$((completed + 1))
			grep '^CMP-' "$T/out.$w" >>"$T/acked"
		fi
	done
	ic=$(sqlite3 -cmd ".timeout 5000" "$COMPLAINT_DB" "PRAGMA integrity_check" 2>&1)
	if [ "$ic" != ok ]; then
		bad=$((bad + 1)); echo "# round $round: integrity_check: $ic"
	fi
	if ! complaint verify --quiet 2>"$T/verr"; then
		bad=$((bad + 1)); echo "# round $round: verify failed: $(cat "$T/verr")"
	fi
done
echo "# $killed processes killed, $completed completed"
assert "at least 50 processes were killed ($killed)" [ "$killed" -ge 50 ]
assert "every round left a sound, verified database" [ "$bad" -eq 0 ]

# Every reference that was reported is stored.
complaint list --format tsv >"$T/all"
missing=0
while read -r ref; do
	grep -q "^$ref	" "$T/all" || { missing=$((missing + 1)); echo "# lost $ref"; }
done <"$T/acked"
assert "no acknowledged complaint was lost ($(wc -l <"$T/acked") acknowledged)" [ "$missing" -eq 0 ]
expect 0 "writes carry on afterwards" complaint log --customer After --channel phone
expect 0 "and verify" complaint verify

done_testing
