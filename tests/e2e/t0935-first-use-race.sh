#!/bin/bash
# Twelve processes meet a database that does not exist yet, 25 times
# over: one writer creates and migrates it, the other writers wait for
# it; none is refused (the header read mid-migration once looked like a
# foreign file, and the switch to WAL was refused outside the busy
# handler). A reader that comes before the database is there is told so
# (66) and creates nothing; one that comes after sees it whole, never
# half made. On a server: a new database with no schema yet, which the
# first writers create under an advisory lock.
. "$(dirname "$0")/lib.sh"

fresh_db() {
	if [ "$(engine)" = postgresql ]; then
		pg_admin -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" -c "$(pg_create "$pg_db" template0)" >/dev/null
	else
		rm -f "$COMPLAINT_DB" "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
	fi
}

: >"$T/errors"
for round in $(seq 25); do
	fresh_db
	pids=
	for i in $(seq 12); do
		if [ $((i % 3)) -eq 0 ]; then
			"$COMPLAINT_BIN" log --customer "R$round-$i" --channel web >/dev/null 2>>"$T/errors" &
		else
			( "$COMPLAINT_BIN" list >/dev/null 2>"$T/list.$i"
			  rc=$?
			  if [ "$rc" -eq 66 ] && { [ "$(engine)" = postgresql ] ||
			      grep -q "^complaint: no database '$COMPLAINT_DB'" "$T/list.$i"; }; then
				rc=0
			  else
				cat "$T/list.$i" >>"$T/errors"
			  fi
			  exit "$rc" ) &
		fi
		pids="$pids $!"
	done
	for pid in $pids; do
		wait "$pid" || echo "round $round: exit $?" >>"$T/errors"
	done
	[ "$(db_query 'SELECT count(*) FROM complaint')" = 4 ] ||
	    echo "round $round: not 4 complaints" >>"$T/errors"
done
sort "$T/errors" | uniq -c | head -n 5 | sed 's/^/# /'
assert "every first user succeeded" [ ! -s "$T/errors" ]
on_sqlite assert "no database built aside is left behind" [ -z "$(ls -A "$T" | grep '^\.complaints\.db')" ]
expect 0 "the last database verifies" complaint verify

done_testing
