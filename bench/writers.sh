#!/bin/sh
# writers.sh BIN DB WRITERS EACH: WRITERS processes each logging EACH
# complaints into DB (a SQLite file or a postgresql:// URI) at once.
# Prints one Markdown row: the wall time, logs per second, and pass when
# no writer failed and the references are 1..WRITERS*EACH with no gap.
set -eu

bin=$1 db=$2 writers=$3 each=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The schema first, so that the writers race on the head, not on its
# creation.
"$bin" --db "$db" escalate --auto >/dev/null
start=$(date +%s%N)
w=1
while [ "$w" -le "$writers" ]; do
	(
		i=1
		while [ "$i" -le "$each" ]; do
			"$bin" --db "$db" log --customer "Writer $w-$i" \
			    --channel phone -m "Writer $w log $i" \
			    >/dev/null 2>>"$dir/err.$w" ||
			    echo "writer $w: exit $?" >>"$dir/fail"
			i=$((i + 1))
		done
	) &
	w=$((w + 1))
done
wait
end=$(date +%s%N)

n=$((writers * each))
problems=
[ -s "$dir/fail" ] && problems="$(sort "$dir/fail" | uniq -c | head -3 | tr '\n' ';')"
refs=$("$bin" --db "$db" list --format tsv --all 2>/dev/null | tail -n +2 |
    cut -f 1 | sort | uniq | wc -l)
last=$("$bin" --db "$db" list --format tsv --all 2>/dev/null | tail -n +2 |
    cut -f 1 | sort | tail -n 1)
[ "$refs" -eq "$n" ] && [ "$last" = "$(printf 'CMP-%06d' "$n")" ] ||
    problems="$problems $refs references, the last $last;"
case $db in
postgres*) engine=PostgreSQL ;;
*) engine=SQLite ;;
esac
ms=$(((end - start) / 1000000))
echo "| $engine: $writers writers x $each logs | $ms | | | | | |" \
    "no failure, refs 1..$n | ${problems:-pass} $(awk -v n="$n" -v ms="$ms" 'BEGIN { printf "%.0f logs/s", n / (ms / 1000) }') |"
