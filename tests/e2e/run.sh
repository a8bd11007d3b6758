#!/bin/sh
# Run the end-to-end test scripts and print one summary line:
# "e2e (ENGINE): N passed, N failed" (", N skipped" when checks were
# skipped as the other engine's alone). ENGINE is postgresql when
# COMPLAINT_TEST_PG names a server (tests/pg/server.sh), else sqlite.
# Exits non-zero when any check failed or any script died.
#
#   sh tests/e2e/run.sh [-j N] [SCRIPT...]
#
# -j N runs N scripts at once (default: the number of online processors).
# Each script's output is collected and printed whole, in the scripts'
# order, without its "ok" lines; the longest scripts start first, and the
# concurrency load tests run last, alone. The
# environment passes through to every script (COMPLAINT_BIN at least).
dir=$(cd "$(dirname "$0")" && pwd)
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=${2:?"-j needs a number"}; shift 2 ;;
	-j*) jobs=${1#-j}; shift ;;
	--) shift; break ;;
	-*) echo "run.sh: unknown option '$1' (expected -j N)" >&2; exit 64 ;;
	*) break ;;
	esac
done
case $jobs in
''|*[!0-9]*|0) echo "run.sh: -j '$jobs' is not a positive number" >&2; exit 64 ;;
esac
if [ $# -gt 0 ]; then
	scripts=
	for t in "$@"; do scripts="$scripts $(cd "$(dirname "$t")" && pwd)/$(basename "$t")"; done
else
	scripts=$(ls "$dir"/t[0-9]*.sh)
fi

# Load tests that assert no writer waits past the busy timeout: they run
# after the others, one at a time, so that the suite's own parallelism
# is not what they measure.
alone="t0930 t0720 t0935 t2000 t2010"
# The scripts that take longest (wall clock, on two processors), started
# first so that they do not end the run alone; the rest follow in order.
slow="t0805 t0940 t1140 t0150 t0960 t0920 t0830 t1800"
order= last=
for s in $slow; do
	for t in $scripts; do
		case $(basename "$t") in "$s"-*) order="$order $t" ;; esac
	done
done
for s in $alone; do
	for t in $scripts; do
		case $(basename "$t") in "$s"-*) last="$last $t" ;; esac
	done
done
for t in $scripts; do
	case " $order $last " in *" $t "*) ;; *) order="$order $t" ;; esac
done

out=$(mktemp -d "${TMPDIR:-/tmp}/complaint-e2e.XXXXXX") || exit 1
trap 'rm -rf "$out"' EXIT
trap 'exit 130' INT TERM

# Each script's output to OUT/NAME.out, then its exit status to
# OUT/NAME.rc, the sign that it has finished.
run_each='
	n=$(basename "$1" .sh)
	bash "$1" >"$0/$n.out" 2>&1
	echo $? >"$0/$n.rc.tmp" && mv "$0/$n.rc.tmp" "$0/$n.rc"
'
{
	[ -z "$order" ] || printf '%s\n' $order |
		xargs -P "$jobs" -n 1 sh -c "$run_each" "$out"
	[ -z "$last" ] || printf '%s\n' $last |
		xargs -P 1 -n 1 sh -c "$run_each" "$out"
} &
runner=$!

pass=0 fail=0 skip=0 broken=
for t in $scripts; do
	n=$(basename "$t" .sh)
	while [ ! -e "$out/$n.rc" ]; do
		if ! kill -0 "$runner" 2>/dev/null && [ ! -e "$out/$n.rc" ]; then
			echo "1" >"$out/$n.rc"
			break
		fi
		sleep 0.2
	done
	rc=$(cat "$out/$n.rc")
	grep -v -e '^ok ' -e '^# skip ' "$out/$n.out" 2>/dev/null
	p=$(grep -c '^ok ' "$out/$n.out" 2>/dev/null)
	f=$(grep -c '^not ok ' "$out/$n.out" 2>/dev/null)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	k=$(grep -c '^# skip ' "$out/$n.out" 2>/dev/null)
	skip=$((skip + ${k:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		broken="$broken $n.sh"
		fail=$((fail + 1))
	fi
done
wait "$runner"
[ -n "$broken" ] && echo "scripts that died:$broken"
engine=sqlite
[ -z "${COMPLAINT_TEST_PG:-}" ] || engine=postgresql
skipped=
[ "$skip" -eq 0 ] || skipped=", $skip skipped"
echo "e2e ($engine): $pass passed, $fail failed$skipped"
[ "$fail" -eq 0 ]
