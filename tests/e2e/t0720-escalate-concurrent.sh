#!/bin/bash
# escalate --auto while agents log: no writer fails, and every complaint
# is escalated exactly once however the sweeps and writers interleave.
. "$(dirname "$0")/lib.sh"

cat >rules.yaml <<'YAML'
escalation:
  rules:
    - name: a-day-old
      when: {age: {gte: 1d}}
      to: complaint-manager
YAML
export COMPLAINT_CONFIG="$T/rules.yaml"
LATER=2026-11-21T10:00:00Z  # the sweeps run two days on

i=0
while [ $i -lt 20 ]; do
	complaint log --customer "Early $i" --channel phone >/dev/null || echo fail >>writer.fail
	i=$((i + 1))
done

writer() {
	n=0
	while [ $n -lt 15 ]; do
		"$COMPLAINT_BIN" log --customer "Writer $1 call $n" --channel chat \
		    >/dev/null 2>>"writer$1.err" || echo "writer $1: exit $?" >>writer.fail
		n=$((n + 1))
	done
}
sweeper() {
	n=0
	while [ $n -lt 5 ]; do
		COMPLAINT_NOW=$LATER "$COMPLAINT_BIN" escalate --auto --format tsv \
		    >>"sweep$1.out" 2>>"sweep$1.err" || echo "sweeper $1: exit $?" >>sweep.fail
		n=$((n + 1))
	done
}

pids=
for w in 1 2 3 4; do writer $w & pids="$pids $!"; done
for s in 1 2 3; do sweeper $s & pids="$pids $!"; done
for p in $pids; do wait "$p"; done
COMPLAINT_NOW=$LATER "$COMPLAINT_BIN" escalate --auto --format tsv >sweep0.out

assert "no writer failed" [ ! -e writer.fail ]
assert "no sweep failed" [ ! -e sweep.fail ]
q() { db_query "$1"; }
assert "every complaint was recorded" [ "$(q 'SELECT count(*) FROM complaint')" = 80 ]
assert "every complaint was escalated" [ "$(q 'SELECT count(*) FROM complaint WHERE level = 1')" = 80 ]
assert "exactly one escalation event each" [ "$(q "SELECT count(DISTINCT complaint_id) || ' ' || count(*) FROM event WHERE action = 'escalate'")" = "80 80" ]
assert "one firing each" [ "$(q 'SELECT count(*) FROM rule_fired')" = 80 ]
cat sweep*.out | grep -v '^ref' | cut -f1 | sort >reported
assert "the sweeps reported each escalation once" [ "$(wc -l <reported)" = 80 ]
assert "... and no complaint twice" [ -z "$(uniq -d reported)" ]
done_testing
