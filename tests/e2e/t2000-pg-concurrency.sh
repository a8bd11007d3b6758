#!/bin/bash
# PostgreSQL: 16 writers log 25 complaints each at once. The head row
# every write locks first makes them take turns, as BEGIN IMMEDIATE does
# on SQLite: references 1..400 with no gap and none reused, and no writer
# told the database was busy.
. "$(dirname "$0")/lib.sh"
pg_only "a server's concurrent writers"

WRITERS=16 EACH=25
total=$((WRITERS * EACH))
mkdir "$T/w"
for w in $(seq "$WRITERS"); do
	(
		for i in $(seq "$EACH"); do
			"$COMPLAINT_BIN" log --customer "W$w-$i" --channel web \
			    >>"$T/w/refs.$w" 2>>"$T/w/err.$w"
			rc=$?
			[ "$rc" -eq 0 ] || echo "$rc" >>"$T/w/fail.$w"
		done
	) &
done
wait

assert "no writer failed (exit statuses: $(cat "$T"/w/fail.* 2>/dev/null | sort | uniq -c | tr '\n' ' '))" sh -c '! cat "$1"/w/fail.* 2>/dev/null | grep -q .' _ "$T"
assert "none was busy (75)" sh -c '! cat "$1"/w/fail.* 2>/dev/null | grep -qx 75' _ "$T"
assert "no writer printed an error" sh -c '! cat "$1"/w/err.* | grep -q .' _ "$T"
cat "$T"/w/refs.* | sort >"$T/refs"
seq "$total" | while read -r n; do printf 'CMP-%06d\n' "$n"; done >"$T/want"
assert "references 1..$total, each once, no gap" cmp -s "$T/refs" "$T/want"
assert "$total complaints stored" [ "$(db_query 'SELECT count(*) FROM complaint')" -eq "$total" ]
assert "ids 1..$total" [ "$(db_query "SELECT min(id) || ' ' || max(id) FROM complaint")" = "1 $total" ]
assert "$total events, one per complaint" [ "$(db_query 'SELECT count(DISTINCT complaint_id) FROM event')" -eq "$total" ]
expect 0 "the next log follows on" complaint log --customer Next --channel phone
out_is "CMP-$(printf '%06d' $((total + 1)))"
expect 0 "the history verifies" complaint verify
out_has "ok: $((total + 1)) events (0 erased)"

done_testing
