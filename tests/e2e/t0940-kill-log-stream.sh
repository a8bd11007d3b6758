#!/bin/bash
# Faults: kill -9 at random moments of a stream of log, note and erase
# calls, at least 50 kills. After each, the database opens, passes
# integrity_check and verify, and every call that reported success is
# there.
. "$(dirname "$0")/lib.sh"

# killat MS CMD...: CMD, killed (-9) MS milliseconds after its start
# unless it ended first; 137 when it was killed. timeout waits for CMD
# itself (--foreground), so that CMD's end is reaped and counted like any
# child's; MS is at least 1, as timeout 0 would never kill.
killat() {
	local at=$1
	shift
	timeout --foreground --preserve-status -s KILL \
	    "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))" "$@"
}

# At least ROUNDS rounds, 50 kills and 50 calls that completed, however
# fast the machine is. A writer is killed at a random moment of the
# first WIN ms of its life; WIN follows what the rounds find (wider
# when all three writers were killed, narrower when none was), so that
# both kills and completed calls come, as fast under a sanitizer or a
# loaded machine as on an idle one, and no round waits for nothing.
ROUNDS=${KILL_ROUNDS:-60}
win=40
complaint log --customer "Seed" --channel phone >/dev/null
: >"$T/acked"
killed=0 completed=0 bad=0 round=0
while { [ "$round" -lt "$ROUNDS" ] || [ "$killed" -lt 50 ] ||
    [ "$completed" -lt 50 ]; } && [ "$round" -lt 1000 ]; do
	round=$((round + 1))
	rk=0
	# The shell reports each killed job ("Killed ...") on its standard
	# error when it reaps it: the group's, sent nowhere.
	{
		# Three writers at once, so some die holding the lock or mid-commit;
		# one that finishes first is not waited for past its end.
		pids=
		for w in 1 2 3; do
			at=$((RANDOM % win + 1))
			case $(( (round + w) % 5 )) in
			0) killat "$at" "$COMPLAINT_BIN" note 1 "note $round.$w" >"$T/out.$w" 2>/dev/null & ;;
			1) killat "$at" "$COMPLAINT_BIN" erase --ref 1 --reason "round $round" >"$T/out.$w" 2>/dev/null & ;;
			*) killat "$at" "$COMPLAINT_BIN" log --customer "K $round.$w" --channel web -m "round $round" >"$T/out.$w" 2>/dev/null & ;;
			esac
			pids="$pids $!"
		done
		w=0
		for pid in $pids; do
			w=$((w + 1))
			wait "$pid"
			rc=$?
			if [ "$rc" -eq 137 ]; then
				killed=$((killed + 1)) rk=$((rk + 1))
			elif [ "$rc" -eq 0 ]; then
				completed=$((completed + 1))
				grep '^CMP-' "$T/out.$w" >>"$T/acked"
			fi
		done
	} 2>/dev/null
	if [ "$rk" -eq 3 ] && [ "$win" -lt 3000 ]; then
		win=$((win * 2))
	elif [ "$rk" -eq 0 ] && [ "$win" -gt 3 ]; then
		win=$((win * 2 / 3))
	fi
	ic=ok
	[ "$(engine)" = sqlite ] &&
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
assert "at least 50 calls completed ($completed)" [ "$completed" -ge 50 ]
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

# kill -9 during an escalation sweep and a large import, when this
# binary has those commands: each is one transaction, so after a kill
# the sweep's or the import's complaints are all there or none are.
has() { complaint --list-cmds | grep -qx "$1"; }
if has escalate; then
	for round in $(seq 20); do
		{
			killat $((RANDOM % win + 1)) "$COMPLAINT_BIN" escalate --auto >/dev/null 2>&1
			rc=$?
		} 2>/dev/null
		[ "$rc" -eq 0 ] || [ "$rc" -eq 137 ] || echo "# escalate --auto exited $rc"
		complaint verify --quiet || echo "# verify failed after escalate round $round" >>"$T/sweep.fail"
	done
	assert "escalation sweeps killed at random leave a verified database" [ ! -s "$T/sweep.fail" ]
fi
# The import: the fixture 22 times over under fresh Complaint IDs, 6600
# records, as large as the full CFPB sample, so that kills land inside it.
csv="$T/big.csv"
python3 - "$TESTS_SRCDIR/tests/data/cfpb-sample.csv" "$csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    r = csv.reader(f)
    header = next(r)
    rows = list(r)
idcol = header.index('Complaint ID')
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(header)
    for copy in range(22):
        for row in rows:
            row = list(row)
            row[idcol] = '%d%s' % (copy + 1, row[idcol])
            w.writerow(row)
PY
if has import; then
	# One import left to finish: a killed one must hold all of its
	# complaints or none, however slow the machine is (when every round
	# was killed, a complete count from the rounds themselves was missing
	# and the last check did not run).
	COMPLAINT_DB="$T/import0.db" expect 0 "an import left alone completes" complaint import "$csv"
	full=$(sqlite3 "$T/import0.db" "SELECT count(*) FROM complaint")
	# Killed at a random moment of its first IWIN ms; a third less after
	# an import that finished first, as that one killed nothing.
	iwin=3000
	for round in $(seq 10); do
		db="$T/import$round.db"
		{
			if COMPLAINT_DB="$db" killat $((RANDOM % iwin + 1)) \
			    "$COMPLAINT_BIN" import "$csv" >/dev/null 2>&1; then
				iwin=$((iwin * 2 / 3 + 1))
			fi
		} 2>/dev/null
		# A first import killed before its commit leaves no file (the
		# database is built aside); the sqlite3 shell would create one.
		n=0
		[ -e "$db" ] && n=$(sqlite3 -cmd ".timeout 5000" "$db" "SELECT count(*) FROM complaint" 2>/dev/null || echo 0)
		# A kill just after the commit still leaves the whole import.
		[ "$n" -ne 0 ] && echo "$n" >>"$T/import.counts"
		if [ -e "$db" ]; then
			[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || echo "# round $round: integrity_check" >>"$T/import.fail"
			COMPLAINT_DB="$db" complaint verify --quiet || echo "# round $round: verify" >>"$T/import.fail"
		fi
	done
	assert "every killed import left a sound, verified database" [ ! -s "$T/import.fail" ]
	assert "imports are all or nothing (complete: $full)" [ "$(sort -u "$T/import.counts" 2>/dev/null | wc -l)" -le 1 ]
	assert "a partial count never differs from a complete import" \
	    [ -z "$(sort -u "$T/import.counts" 2>/dev/null | grep -vx "$full")" ]
fi

done_testing
