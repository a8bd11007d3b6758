#!/bin/sh
# ab.sh BEFORE AFTER: time two builds of complaint against each other in
# the same interleaved rounds (A B A B ...) on the same databases, for a
# change that must not change speed (issue 13's storage layer). Prints
# one Markdown row per command: each side's median wall and CPU time and
# the ratios AFTER / BEFORE.
#
# Environment: N (complaints in the database, default 100000), RUNS
# (timed rounds, default 21), IMPORT_N (records imported, default 100000),
# BENCH_DATA (where the databases live, default bench/data), ONLY (a
# list of the names below to run: log show note report followup
# escalate export import; default all).
set -eu

cd "$(dirname "$0")/.."
top=$PWD
A=$1
Bn=$2
N=${N:-100000}
RUNS=${RUNS:-21}
IMPORT_N=${IMPORT_N:-100000}
D=${BENCH_DATA:-$top/bench/data}
T=$D/bin
DB=$D/c$N.db
WORK=$D/ab-work.db
IMP=$D/ab-imp.db
NOW=2026-11-19T10:00:00Z

export LC_ALL=C TZ=UTC COMPLAINT_NOW=$NOW COMPLAINT_USER=alice
export COMPLAINT_CONFIG=$top/config.example.yaml
export HOME=$D/home XDG_CONFIG_HOME=$D/home/.config XDG_DATA_HOME=$D/home/.local
unset COMPLAINT_DB NO_COLOR || true
mkdir -p "$T" "$HOME"

cc -std=c11 -O2 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -o "$T/timeit" \
    bench/floor/timeit.c
COMPLAINT=$A sh bench/gen.sh "$N" "$DB"
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
cp "$DB" "$WORK"

echo "# $(date -u +%Y-%m-%dT%H:%MZ) nproc=$(nproc) runs=$RUNS N=$N load: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
echo "| command | before ms | after ms | ratio | before CPU ms | after CPU ms | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"

# row NAME: one table row from timeit's output on standard input.
row() {
	awk -v name="$1" -F '\t' '
	    $1 == 0 { a = $2; ca = $6 } $1 == 1 { b = $2; cb = $6 }
	    END { printf "| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |\n",
		name, a, b, b / a, ca, cb, (ca > 0 ? cb / ca : 0) }'
}

want() {
	case " ${ONLY:-log show note report followup escalate export import} " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# ab NAME TIMEIT-OPTIONS -- ARGS: complaint ARGS with each binary. The
# options are words without spaces.
ab() {
	name=$1
	shift
	opts=
	while [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	out=$("$T/timeit" $opts -- "$A" "$@" :: "$Bn" "$@") ||
	    { echo "| $name | | | | | | failed |"; return 0; }
	echo "$out" | row "$name"
}

seq 1 $((RUNS + 3)) | sed 's/^/Bench Customer /' >"$D/ab-customers"
sqlite3 "$WORK" "SELECT id FROM complaint WHERE id % 10 = 0
    AND resolved_at IS NOT NULL ORDER BY (id * 7919) % 100003
    LIMIT $((RUNS + 3))" >"$D/ab-ids"

want log && ab "log" -n "$RUNS" -a "$D/ab-customers" -- --db "$WORK" log \
    --customer "{}" --channel phone --category delivery \
    -m "Parcel arrived damaged"
want show && ab "show --format json" -n "$RUNS" -a "$D/ab-ids" -- --db "$DB" show \
    --format json "{}"
want note && ab "note (a lifecycle step)" -n "$RUNS" -a "$D/ab-ids" -- --db "$WORK" \
    note "{}" "Customer rang again"
want report && ab "report" -n "$RUNS" -w 1 -- --db "$DB" report
want report && ab "report --by category,month" -n "$RUNS" -w 1 -- --db "$DB" report \
    --by category,month
want report && ab "report --return fca --period 2026H1" -n "$RUNS" -w 1 -- --db "$DB" \
    report --return fca --period 2026H1
want followup && ab "followup --due" -n "$RUNS" -- --db "$DB" followup --due
want escalate && ab "escalate --auto --dry-run" -n "$RUNS" -w 1 -e 1 -- --db "$DB" \
    escalate --auto --dry-run
want export && ab "export --format ndjson" -n "$RUNS" -w 1 -- --db "$DB" export \
    --format ndjson

if ! want import; then
	:
elif sh bench/gen-csv.sh "$IMPORT_N" "$D/ab-issues.csv" &&
    out=$("$T/timeit" -n 5 -w 0 -p "rm -f '$IMP' '$IMP-wal' '$IMP-shm'" -- \
    "$A" --db "$IMP" import "$D/ab-issues.csv" :: \
    "$Bn" --db "$IMP" import "$D/ab-issues.csv"); then
	echo "$out" | row "import $IMPORT_N spreadsheet rows"
else
	echo "| import $IMPORT_N spreadsheet rows | | | | | | failed |"
fi
rm -f "$WORK" "$WORK-wal" "$WORK-shm" "$IMP" "$IMP-wal" "$IMP-shm"
