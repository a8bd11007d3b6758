#!/bin/sh
# concurrent.sh BIN BIG SCRATCH: escalate --auto over a copy of BIG while
# 20 writers log public complaints (which the public-exposure rule
# escalates as they are logged). Prints one Markdown row: pass when no
# writer failed, every complaint was stored once, no escalation was
# doubled (at most one event per rule fired) and none was lost (a second
# sweep finds nothing).
set -eu

bin=$1 big=$2 db=$3
writers=20 each=25
export COMPLAINT_CONFIG
COMPLAINT_CONFIG=$(cd "$(dirname "$0")" && pwd)/concurrent.yaml
dir=$(mktemp -d)
trap 'rm -rf "$dir"; rm -f "$db" "$db-wal" "$db-shm"' EXIT

rm -f "$db" "$db-wal" "$db-shm"
cp "$big" "$db"
q() { sqlite3 "$db" "$1"; }
n0=$(q "SELECT count(*) FROM complaint")
e0=$(q "SELECT coalesce(max(id), 0) FROM event")
f0=$(q "SELECT count(*) FROM rule_fired")
due=$("$bin" --db "$db" escalate --auto --dry-run | tail -n +2 | wc -l)

w=1
while [ $w -le $writers ]; do
	(
		i=1
		while [ $i -le $each ]; do
			"$bin" --db "$db" log --customer "Writer $w-$i" \
			    --channel social --public -m "Posted about us" \
			    >/dev/null 2>>"$dir/err.$w" ||
			    echo "writer $w: exit $?" >>"$dir/fail"
			i=$((i + 1))
		done
	) &
	w=$((w + 1))
done
"$bin" --db "$db" escalate --auto >"$dir/auto.out" 2>"$dir/auto.err" ||
    echo "escalate --auto: exit $?" >>"$dir/fail"
wait

problems=""
[ -s "$dir/fail" ] && problems="$(sort "$dir/fail" | head -3 | tr '\n' ';')"
logged=$(($(q "SELECT count(*) FROM complaint") - n0))
[ "$logged" -eq $((writers * each)) ] ||
    problems="$problems $logged of $((writers * each)) complaints stored;"
fired=$(($(q "SELECT count(*) FROM rule_fired") - f0))
events=$(q "SELECT count(*) FROM event WHERE id > $e0
    AND action LIKE 'escalat%'")
[ "$events" -eq "$fired" ] ||
    problems="$problems $events escalation events for $fired rules fired;"
doubled=$(q "SELECT count(*) FROM (SELECT complaint_id, count(*) AS n
    FROM event WHERE id > $e0 AND action LIKE 'escalat%' GROUP BY 1) e
    WHERE n > (SELECT count(*) FROM rule_fired r
    WHERE r.complaint_id = e.complaint_id)")
[ "$doubled" -eq 0 ] || problems="$problems $doubled complaints doubled;"
left=$("$bin" --db "$db" escalate --auto --dry-run | tail -n +2 | wc -l)
[ "$left" -eq 0 ] || problems="$problems $left escalations left undone;"
swept=$(tail -n +2 "$dir/auto.out" | wc -l)

echo "| escalate --auto ($due due) with $writers writers x $each logs (1M) |" \
    "$swept swept, $fired fired, $logged logged | | | | | | none failed, lost or doubled |" \
    "${problems:-pass} |"
