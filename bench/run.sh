#!/bin/sh
# run.sh: the benchmarks behind bench/RESULTS.md (`make bench`). Builds the
# floors and the 10,000 / 100,000 / 1,000,000-complaint databases (reused
# between runs), then times complaint against its floor in interleaved
# rounds and prints one Markdown table row per measurement. A section
# whose command this binary lacks is skipped with a note.
#
# Environment: RUNS (timed rounds, default 41), SECTIONS (a list of
# version log show list lifecycle auto followup concurrent report imported
# import export mail team, and PostgreSQL's pglog pgshow pglifecycle
# pgreport pgimport pgconcurrent (bench/pg.sh, beside a throwaway server
# from tests/pg/server.sh, or COMPLAINT_TEST_PG's); default all), SIZES (the databases built, default
# "10000 100000 1000000"; the sections over 1M need the last), BENCH_KEEP=1 keeps the scratch databases,
# COMPLAINT_BIN another binary to time (then without the static-link
# experiment), BENCH_DATA another directory for the databases (one per
# schema version).
set -eu

cd "$(dirname "$0")/.."
top=$PWD
D=${BENCH_DATA:-$top/bench/data}
B=$D/bin
BIN=${COMPLAINT_BIN:-$top/complaint}
RUNS=${RUNS:-41}
SECTIONS=${SECTIONS:-version log show list lifecycle auto followup concurrent report imported import export mail team pglog pgshow pglifecycle pgreport pgimport pgconcurrent}
SIZES=${SIZES:-10000 100000 1000000}
NOW=2026-11-19T10:00:00Z
NOW_EPOCH=1795082400
BIG=$D/c1000000.db
WORK=$D/work.db

export LC_ALL=C TZ=UTC COMPLAINT_NOW=$NOW COMPLAINT_USER=alice
export COMPLAINT_CONFIG=$top/config.example.yaml
export HOME=$D/home XDG_CONFIG_HOME=$D/home/.config XDG_DATA_HOME=$D/home/.local
unset COMPLAINT_DB NO_COLOR || true
mkdir -p "$B" "$HOME"

# ---- tools ---------------------------------------------------------------

cflags="-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -O2"
sqlflags=$(pkg-config --cflags sqlite3)
# The floors link SQLite as the Makefile links complaint (statically when
# the archive is there), so a ratio measures the work, not the loader.
if [ -f "$(pkg-config --variable=libdir sqlite3)/libsqlite3.a" ]; then
	sqllibs="-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic -lm"
else
	sqllibs=$(pkg-config --libs sqlite3)
fi
# shellcheck disable=SC2086
cc $cflags -o "$B/timeit" bench/floor/timeit.c
for f in insert update show blob; do
	# shellcheck disable=SC2086
	cc $cflags $sqlflags -o "$B/$f" "bench/floor/$f.c" $sqllibs
done
# The PostgreSQL floors link libpq as any client would (complaint loads
# it with dlopen at its first postgresql:// open: the same library).
HAVE_PG=
if pkg-config --exists libpq 2>/dev/null; then
	for f in pg_insert pg_update pg_show; do
		# shellcheck disable=SC2046,SC2086
		cc $cflags $(pkg-config --cflags libpq) -o "$B/$f" \
		    "bench/floor/$f.c" $(pkg-config --libs libpq)
	done
	HAVE_PG=1
fi
# complaint itself is linked statically now (see the Makefile), so the
# dynamic/static experiment of the first run has nothing left to compare.
STATIC=

for n in $SIZES; do
	COMPLAINT=$BIN sh bench/gen.sh $n "$D/c$n.db"
done

# ---- reporting -----------------------------------------------------------

# shellcheck source=bench/lib.sh
. bench/lib.sh

echo "# $(date -u +%Y-%m-%dT%H:%MZ) nproc=$(nproc) runs=$RUNS load: $(cut -d " " -f 1-3 /proc/loadavg)"
echo
echo "| measurement | complaint ms | floor ms | ratio | CPU ms | floor CPU ms | CPU ratio | target | result |"
echo "|---|---:|---:|---:|---:|---:|---:|---|---|"

# A scratch copy of the 1,000,000-complaint database for writers.
fresh_work() {
	rm -f "$WORK" "$WORK-wal" "$WORK-shm"
	cp "$BIG" "$WORK"
}

# ids FILE SQL: the ids SQL selects from the scratch database, one a line.
ids() {
	sqlite3 "$WORK" "$2" >"$1"
	if [ "$(wc -l <"$1")" -lt $((RUNS + 3)) ]; then
		echo "run.sh: too few complaints for $1" >&2
		exit 1
	fi
}

# html_bench NAME DB: the meeting pack (issue 18) of the whole record:
# its time (target 1 s) and its size (target under 1 MiB).
html_bench() {
	"$BIN" help report 2>/dev/null | grep -q 'format html' ||
	    { note "report --format html ($1)" "no --format html yet"; return 0; }
	absolute "report --format html ($1)" 1000 -n 11 -w 1 -- \
	    "$BIN" --db "$2" report --format html
	size=$("$BIN" --db "$2" report --format html | wc -c)
	echo "| report --format html size ($1) | $size bytes | | | | | | < 1048576 | $([ "$size" -lt 1048576 ] && echo pass || echo FAIL) |"
}

seq 1 $((RUNS + 3)) | sed 's/^/Bench Customer /' >"$D/customers"
[ ! -f "$BIG" ] || fresh_work

# ---- issue 2 -------------------------------------------------------------

if want version; then
	compare "--version vs /bin/true" 1.5 -n "$RUNS" -- \
	    "$BIN" --version :: /bin/true
	[ -z "$STATIC" ] ||
	compare "--version vs /bin/true, static SQLite+libyaml" 1.5 \
	    -n "$RUNS" -- "$STATIC" --version :: /bin/true
fi

if want log; then
	compare "log vs insert floor (1M)" 1.2 -n "$RUNS" \
	    -a "$D/customers" -- \
	    "$BIN" --db "$WORK" log --customer "{}" --channel phone \
	    --category delivery -m "Parcel arrived damaged" :: \
	    "$B/insert" "$WORK" "{}" $NOW_EPOCH
	[ -z "$STATIC" ] ||
	compare "log vs insert floor (1M), static" 1.2 -n "$RUNS" \
	    -a "$D/customers" -- \
	    "$STATIC" --db "$WORK" log --customer "{}" --channel phone \
	    --category delivery -m "Parcel arrived damaged" :: \
	    "$B/insert" "$WORK" "{}" $NOW_EPOCH
fi

if want show; then
	# Complaints with a few events each, spread over the file.
	ids "$D/show-ids" "SELECT id FROM complaint WHERE id % 10 = 0
	    AND resolved_at IS NOT NULL ORDER BY (id * 7919) % 100003
	    LIMIT $((RUNS + 3))"
	q="SELECT * FROM complaint WHERE id = {};
	    SELECT * FROM event WHERE complaint_id = {} ORDER BY id;"
	compare "show --format json vs show floor (1M)" 1.15 -n "$RUNS" \
	    -a "$D/show-ids" -- \
	    "$BIN" --db "$BIG" show --format json "{}" :: \
	    "$B/show" "$BIG" "{}"
	compare "show --format json vs sqlite3 -json (1M)" 1.0 -n "$RUNS" \
	    -a "$D/show-ids" -- \
	    "$BIN" --db "$BIG" show --format json "{}" :: \
	    sqlite3 -init /dev/null -json "$BIG" "$q"
	# Every row above reads config.example.yaml, every key documented:
	# libyaml's parse of it is a third of a show. With no file, the
	# built-in defaults (the same values) apply.
	(unset COMPLAINT_CONFIG
	compare "show --format json vs show floor, built-in defaults (1M)" \
	    1.15 -n "$RUNS" -a "$D/show-ids" -- \
	    "$BIN" --db "$BIG" show --format json "{}" :: \
	    "$B/show" "$BIG" "{}")
fi

if want list; then
	for n in 10000 100000 1000000; do
		db=$D/c$n.db
		rows=$("$BIN" --db "$db" list --owner agent07 --status new |
		    tail -n +2 | wc -l)
		absolute "list --owner agent07 --status new ($n; $rows rows)" \
		    10 -n "$RUNS" -- "$BIN" --db "$db" list --owner agent07 \
		    --status new
		rows=$("$BIN" --db "$db" list --since 1d | tail -n +2 | wc -l)
		absolute "list --since 1d ($n; $rows rows)" 10 -n "$RUNS" -- \
		    "$BIN" --db "$db" list --since 1d
	done
fi

# ---- issue 3 -------------------------------------------------------------

# lifecycle CMD SELECT-IDS [ARGS...]: CMD on one complaint a run against
# the update floor on the same complaint.
lifecycle() {
	cmd=$1 sel=$2 set=$3
	shift 3
	if ! has "$cmd"; then
		note "$cmd vs update floor (1M)" "no 'complaint $cmd' yet"
		return 0
	fi
	ids "$D/$cmd-ids" "$sel LIMIT $((RUNS + 3))"
	compare "$cmd vs update floor (1M)" 1.2 -n "$RUNS" \
	    -a "$D/$cmd-ids" -- "$BIN" --db "$WORK" "$cmd" "{}" "$@" :: \
	    "$B/update" "$WORK" "{}" $NOW_EPOCH "$set"
}

if want lifecycle; then
	# Disjoint pools, so one command's runs never prepare another's.
	# The third argument is the floor's state change: the columns the
	# command changes (read from the events it writes), so both sides
	# update the same indexes.
	lifecycle ack "SELECT id FROM complaint WHERE status = 'new'
	    ORDER BY id DESC" "status = 'acknowledged', acknowledged_at = ?1"
	lifecycle assess "SELECT id FROM complaint WHERE status =
	    'acknowledged' ORDER BY id DESC" "status = 'assessed',
	    severity = 'medium', priority = 3, impact = 2, urgency = 2,
	    assessed = 1" --severity medium --impact 2 --urgency 2
	lifecycle resolve "SELECT id FROM complaint WHERE status = 'assessed'
	    ORDER BY id DESC" "status = 'resolved', resolved_at = ?1,
	    resolution = 'Refunded the charge', remedy = 'refund',
	    amount = 1250, followup_due = ?1 + 172800" \
	    --resolution "Refunded the charge" --remedy refund --amount 12.50
	lifecycle followup "SELECT id FROM complaint WHERE status =
	    'resolved' ORDER BY id DESC" "status = 'closed', closed_at = ?1,
	    followup_due = NULL, satisfied = 'yes'" --outcome satisfied
	lifecycle note "SELECT id FROM complaint WHERE status = 'closed'
	    ORDER BY id" "" "Customer rang again about the refund"
	lifecycle reopen "SELECT id FROM complaint WHERE status = 'closed'
	    ORDER BY id DESC" "status = 'new', resolved_at = NULL,
	    closed_at = NULL, contacts = contacts + 1, satisfied = NULL" \
	    --reason "Customer appealed"
	lifecycle escalate "SELECT id FROM complaint WHERE status =
	    'acknowledged' AND level = 0 ORDER BY id" "level = 1,
	    callback_due = ?1 + 14400" --to complaint-manager \
	    --reason "Customer asked for a manager"
fi

if want auto; then
	if has escalate; then
		n=$("$BIN" --db "$BIG" escalate --auto --dry-run | tail -n +2 |
		    wc -l)
		absolute "escalate --auto --dry-run (1M, 100k open; $n due)" \
		    1000 -n 11 -w 1 -- "$BIN" --db "$BIG" escalate --auto \
		    --dry-run
		# Each timed run starts from a fresh copy (copied untimed).
		absolute "escalate --auto (1M, 100k open; $n escalations)" \
		    1000 -n 5 -w 0 -p "cp '$BIG' '$WORK.auto' && rm -f \
		    '$WORK.auto-wal' '$WORK.auto-shm'" -- \
		    "$BIN" --db "$WORK.auto" escalate --auto
		rm -f "$WORK.auto" "$WORK.auto-wal" "$WORK.auto-shm"
	else
		note "escalate --auto (1M, 100k open)" "no 'complaint escalate' yet"
	fi
fi

if want followup; then
	if has followup; then
		rows=$("$BIN" --db "$BIG" followup --due | tail -n +2 | wc -l)
		absolute "followup --due (1M; $rows rows)" 20 -n "$RUNS" -- \
		    "$BIN" --db "$BIG" followup --due
		# Nothing is due at a "now" before the first complaint.
		n=$(COMPLAINT_NOW=2023-11-01T00:00:00Z "$BIN" --db "$BIG" \
		    followup --due | tail -n +2 | wc -l)
		(export COMPLAINT_NOW=2023-11-01T00:00:00Z; absolute \
		    "followup --due --exit-code, nothing due (1M; $n rows)" 5 \
		    -n "$RUNS" -- "$BIN" --db "$BIG" followup --due --exit-code)
	else
		note "followup --due (1M)" "no 'complaint followup' yet"
	fi
fi

if want concurrent; then
	if has escalate; then
		sh bench/concurrent.sh "$BIN" "$BIG" "$D/conc.db"
	else
		note "escalate --auto with 20 writers" "no 'complaint escalate' yet"
	fi
fi

# ---- issue 4 -------------------------------------------------------------

if want report; then
	if has report; then
		compare "report, all columns (1M) vs sqlite3 shell" 1.0 \
		    -n 11 -w 1 -- "$BIN" --db "$BIG" report :: \
		    sqlite3 -init /dev/null "$BIG" ".read bench/report.sql"
		absolute "report, all columns (1M)" 500 -n 11 -w 1 -- \
		    "$BIN" --db "$BIG" report
		absolute "report --by category,month (1M)" 600 -n 11 -w 1 -- \
		    "$BIN" --db "$BIG" report --by category,month
		# Nothing is overdue at a "now" before the first complaint.
		(export COMPLAINT_NOW=2023-11-01T00:00:00Z; absolute \
		    "report --overdue --exit-code, nothing overdue (1M)" 5 \
		    -n "$RUNS" -- "$BIN" --db "$BIG" report --overdue --exit-code)
		rss=$("$B/timeit" -n 3 -w 0 -- "$BIN" --db "$BIG" report \
		    --by category,month | cut -f 5)
		echo "| report --by category,month peak RSS (1M) | $((rss / 1024)) MiB | | | | | | < 64 MiB | $([ "$rss" -lt 65536 ] && echo pass || echo FAIL) |"
		html_bench "1M" "$BIG"
		# Issue 16: as the history stood, replayed from the events
		# (gen.sh's history: one to three events a complaint).
		if "$BIN" help report 2>/dev/null | grep -q -- '--return'; then
			absolute "report --as-of (1M)" 2000 -n 5 -w 1 -- \
			    "$BIN" --db "$BIG" report \
			    --as-of 2026-06-30T00:00:00Z
			absolute "report --return fca --period 2026H1 (1M)" \
			    2000 -n 5 -w 1 -- "$BIN" --db "$BIG" report \
			    --return fca --period 2026H1
		else
			note "report --as-of, --return (1M)" "no --return yet"
		fi
	else
		note "report (1M)" "no 'complaint report' yet"
	fi
fi

# ---- issue 19: a database made by import ----------------------------------

# The spreadsheet shape that users import: dates without times, so the
# durations are whole days repeating in long runs (8 in 10 resolved
# within a week). The database is made once, by complaint import, and
# reused while it is newer than its file.
if want imported; then
	if has import && has report; then
		csv=$D/issues1m-imported.csv
		IMP=$D/imported1m.db
		OPEN_PCT=20 FOLLOWUP_DAYS=7 sh bench/gen-csv.sh 1000000 "$csv"
		# Import itself (issue 19): records a second against the
		# physical floor, writing the final file once (cp of a
		# database the same import made).
		if [ ! -f "$IMP" ] || [ "$csv" -nt "$IMP" ] || [ "$BIN" -nt "$IMP" ]; then
			rm -f "$IMP" "$IMP-wal" "$IMP-shm"
			"$BIN" --db "$IMP" import "$csv" 2>/dev/null
		fi
		out=$("$B/timeit" -n "${IMPORT_RUNS:-3}" -w 0 \
		    -p "rm -f '$IMP.new' '$IMP.new-wal' '$IMP.new-shm' '$IMP.cp'" -- \
		    "$BIN" --db "$IMP.new" import "$csv" :: \
		    cp "$IMP" "$IMP.cp") ||
		    note "import 1M spreadsheet rows (imported shape)" "the import failed"
		# Its memory must not grow with the file: the peak resident
		# set of the 1M rows, against a 64 MiB mark.
		echo "$out" | awk -F '\t' '
		    $1 == 0 { a = $2; ca = $6; rss = $5 } $1 == 1 { b = $2; cb = $6 }
		    END { if (a == 0) exit
			rps = 1000000 / (a / 1000)
			printf "| import 1M spreadsheet rows (imported shape) vs cp of the result | %.0f | %.0f | %.1f | %.0f | %.0f | %.1f | >= 150000/s | %d/s %s |\n",
			    a, b, a / b, ca, cb, (cb > 0 ? ca / cb : 0), rps,
			    (rps >= 150000 ? "pass" : "FAIL")
			printf "| import 1M spreadsheet rows (imported shape): peak memory | %d KiB | | | | | | < 65536 KiB | %s |\n",
			    rss, (rss < 65536 ? "pass" : "FAIL") }'
		rm -f "$IMP.cp" "$IMP.new" "$IMP.new-wal" "$IMP.new-shm"
		n=$(sqlite3 "$IMP" "SELECT count(*) FROM complaint")
		bytes=$(stat -c %s "$IMP")
		echo "| bytes per complaint, SQLite (imported 1M, history and indexes included) | $((bytes / n)) | | | | | | <= 400 | $( [ $((bytes / n)) -le 400 ] && echo pass || echo FAIL) |"
		absolute "report, all columns (imported 1M)" 500 -n 11 -w 1 -- \
		    "$BIN" --db "$IMP" report
		absolute "report --by category,month (imported 1M)" 600 \
		    -n 11 -w 1 -- "$BIN" --db "$IMP" report --by category,month
		compare "report vs report --by category,month (imported 1M)" \
		    1.0 -n 11 -w 1 -- "$BIN" --db "$IMP" report :: \
		    "$BIN" --db "$IMP" report --by category,month
		absolute "report --as-of now (imported 1M)" 2000 -n 5 -w 1 -- \
		    "$BIN" --db "$IMP" report --as-of now
		# The listings' rows grow with the database (4,000 and 160,000
		# here): their figure is the ratio to the floor, whose row
		# gives the time too.
		rows=$("$BIN" --db "$IMP" list --owner agent07 --status new |
		    tail -n +2 | wc -l)
		# Its floor: the sqlite3 shell printing the same columns of
		# the same rows in the same order, by the same index, with
		# the words complaint sends (statuses without closed say so,
		# for the partial status index: schema 18).
		compare "list --owner agent07 --status new vs the sqlite3 shell's query (imported 1M; $rows rows)" \
		    1.0 -n "$RUNS" -- "$BIN" --db "$IMP" list --owner agent07 \
		    --status new :: sqlite3 -init /dev/null -tabs "$IMP" \
		    "SELECT $LIST_COLUMNS FROM complaint WHERE
		    coalesce(owner_key, owner) COLLATE NOCASE = 'agent07'
		    AND status = 'new' AND status <> 'closed'
		    AND voided_at IS NULL
		    AND merged_into IS NULL ORDER BY received_at, id"
		frows=$("$BIN" --db "$IMP" followup --due | tail -n +2 | wc -l)
		# The floors below are the sqlite3 shell reading what each
		# command reads (lib/store/sqlite_scan.c's query for followup,
		# the rows and history for export and --as-of, the integrity
		# check and every row for verify) and writing it out, without
		# the command's work on it: where that work is most of the
		# command (the replay, the history's JSON, the hashing) the
		# mark is twice the floor.
		compare "followup --due vs the sqlite3 shell's query (imported 1M; $frows rows)" \
		    1.0 -n "$RUNS" -- "$BIN" --db "$IMP" followup --due :: \
		    sqlite3 -init /dev/null -tabs "$IMP" "$(owed_sql "$NOW_EPOCH")"
		# The other listings timed on gen.sh's 1M, here on the
		# imported shape: the days since 1 November (list's own
		# columns and order), everything overdue (the query of
		# lib/store/sqlite_scan.c, 520,000 rows of ack and resolve
		# deadlines), and the sweep of escalate --auto --dry-run
		# (its floor the read of the open complaints' columns, the
		# rules being the command's work).
		since=$(date -u -d 2026-11-01 +%s)
		lrows=$("$BIN" --db "$IMP" list --since 2026-11-01 |
		    tail -n +2 | wc -l)
		compare "list --since 2026-11-01 vs the sqlite3 shell's query (imported 1M; $lrows rows)" \
		    1.0 -n "$RUNS" -- "$BIN" --db "$IMP" list --since 2026-11-01 :: \
		    sqlite3 -init /dev/null -tabs "$IMP" \
		    "SELECT $LIST_COLUMNS FROM complaint WHERE
		    received_at >= $since AND voided_at IS NULL
		    AND merged_into IS NULL ORDER BY received_at, id"
		orows=$("$BIN" --db "$IMP" report --overdue | tail -n +2 | wc -l)
		compare "report --overdue vs the sqlite3 shell's query (imported 1M; $orows rows)" \
		    1.0 -n 11 -w 1 -- "$BIN" --db "$IMP" report --overdue :: \
		    sqlite3 -init /dev/null -tabs "$IMP" "
		    SELECT id, 0, ack_due, owner, customer, category FROM complaint
		    INDEXED BY complaint_ack_pending WHERE acknowledged_at IS NULL
		    AND status NOT IN ('resolved', 'closed') AND ack_due < $NOW_EPOCH
		    AND voided_at IS NULL UNION ALL
		    SELECT id, 1, resolve_due, owner, customer, category FROM complaint
		    INDEXED BY complaint_resolve_pending WHERE status NOT IN
		    ('resolved', 'closed') AND resolve_due < $NOW_EPOCH
		    AND voided_at IS NULL UNION ALL
		    SELECT id, 2, callback_due, owner, customer, category FROM complaint
		    INDEXED BY complaint_callback WHERE callback_due IS NOT NULL
		    AND callback_due < $NOW_EPOCH AND status NOT IN ('resolved',
		    'closed') AND voided_at IS NULL UNION ALL
		    SELECT id, 3, followup_due, owner, customer, category FROM complaint
		    INDEXED BY complaint_followup WHERE followup_due IS NOT NULL
		    AND followup_due < $NOW_EPOCH AND status = 'resolved'
		    AND voided_at IS NULL UNION ALL
		    SELECT id, 4, holding_due, owner, customer, category FROM complaint
		    INDEXED BY complaint_holding WHERE holding_due IS NOT NULL
		    AND holding_due < $NOW_EPOCH AND status NOT IN ('resolved',
		    'closed') AND voided_at IS NULL ORDER BY 3, 1, 2"
		(export COMPLAINT_NOW=2023-11-01T00:00:00Z; absolute \
		    "report --overdue --exit-code, nothing overdue (imported 1M)" \
		    5 -n "$RUNS" -- "$BIN" --db "$IMP" report --overdue \
		    --exit-code)
		(export COMPLAINT_NOW=2023-11-01T00:00:00Z; absolute \
		    "followup --due --exit-code, nothing due (imported 1M)" 5 \
		    -n "$RUNS" -- "$BIN" --db "$IMP" followup --due --exit-code)
		erows=$("$BIN" --db "$IMP" escalate --auto --dry-run |
		    tail -n +2 | wc -l)
		open=$(sqlite3 "$IMP" "SELECT count(*) FROM complaint
		    WHERE status NOT IN ('resolved', 'closed')")
		compare "escalate --auto --dry-run vs the sqlite3 shell's read of the open complaints (imported 1M; $open open, $erows due)" \
		    2.0 -n 11 -w 1 -- "$BIN" --db "$IMP" escalate --auto \
		    --dry-run :: sqlite3 -init /dev/null -tabs "$IMP" \
		    "SELECT id, status, severity, category, channel, department,
		    owner, justified, level, public, complex, contacts, priority,
		    amount, received_at, updated_at, acknowledged_at, ack_due,
		    resolve_due FROM complaint INDEXED BY complaint_open
		    WHERE status NOT IN ('resolved', 'closed')
		    AND voided_at IS NULL ORDER BY id"
		# search on this shape: 'refund' is in every resolved
		# complaint (800,000), the best screenful against SQLite
		# ranking the same matches, and with filters that pass all
		# of them or none (the hand-over to the filter's index).
		rank="SELECT rowid FROM complaint_fts WHERE complaint_fts
		    MATCH 'refund' ORDER BY bm25(complaint_fts), rowid LIMIT 20"
		for filter in "" "--status closed" "--status new"; do
			# shellcheck disable=SC2086
			compare "search refund --limit 20${filter:+ $filter} vs sqlite3 ranking (imported 1M)" \
			    1.5 -n 11 -w 1 -- "$BIN" --db "$IMP" search refund \
			    --limit 20 $filter :: sqlite3 -init /dev/null "$IMP" \
			    "$rank"
		done
		compare "report, all columns (imported 1M) vs sqlite3 shell" 1.0 \
		    -n 11 -w 1 -- "$BIN" --db "$IMP" report :: \
		    sqlite3 -init /dev/null "$IMP" ".read bench/report.sql"
		# The history as the replay reads it, each imported creation
		# with its complaint's row.
		history="SELECT e.complaint_id, e.at, e.changes, e.form, c.*
		    FROM event e INDEXED BY event_complaint LEFT JOIN complaint c
		    ON c.id = CASE WHEN e.form = 1 THEN e.complaint_id END
		    AND c.last_event = e.id WHERE e.at <= $NOW_EPOCH
		    ORDER BY e.complaint_id, e.id"
		compare "report --as-of now vs the sqlite3 shell reading the history (imported 1M)" \
		    2.0 -n 5 -w 1 -- "$BIN" --db "$IMP" report --as-of now :: \
		    sqlite3 -init /dev/null "$IMP" "$history"
		# A return replays the history as --as-of does; --as-of now
		# counts what an import recorded after the half-year's end
		# (complaint-report(1)). asic-idr needs categories that
		# returns.asic maps, which this file's rows do not have.
		compare "report --return fca --period 2026H1 --as-of now vs the sqlite3 shell reading the history (imported 1M)" \
		    2.0 -n 5 -w 1 -- "$BIN" --db "$IMP" report --return fca \
		    --period 2026H1 --as-of now :: \
		    sqlite3 -init /dev/null "$IMP" "$history"
		compare "export --format ndjson vs the sqlite3 shell's JSON of the rows and history (imported 1M)" \
		    2.0 -n 3 -w 1 -- "$BIN" --db "$IMP" export --format ndjson :: \
		    sqlite3 -init /dev/null -json "$IMP" "SELECT * FROM complaint" \
		    "SELECT * FROM event"
		compare "verify vs the sqlite3 shell's integrity check and read of every row (imported 1M)" \
		    2.0 -n 1 -w 0 -- "$BIN" --db "$IMP" verify :: \
		    sqlite3 -init /dev/null "$IMP" "PRAGMA integrity_check(1)" \
		    "SELECT count(*), sum(length(hash)), sum(length(changes)),
		    sum(length(note)) FROM event" \
		    "SELECT count(*), sum(length(customer)) FROM complaint"
		html_bench "imported 1M" "$IMP"
	else
		note "report (imported 1M)" "no 'complaint import' or 'report' yet"
	fi
fi

# ---- issue 5 -------------------------------------------------------------

# import_floor NAME LIMIT_MS IMPORT-ARGS...: what SQLite alone needs to
# store the rows that import stores (bench/floor/import-floor.sh), timed
# on its own: the lowest time any import of the same file could reach.
import_floor() {
	name=$1 limit=$2
	shift 2
	rm -f "$imp.src" "$imp.src-wal" "$imp.src-shm"
	"$BIN" --db "$imp.src" import "$@" 2>/dev/null ||
	    { note "$name, SQLite floor" "the import failed"; return 0; }
	sh bench/floor/import-floor.sh "$BIN" "$imp.src" "$imp.empty" \
	    "$D/import-floor.sql"
	absolute "$name: SQLite floor, the same rows by INSERT ... SELECT" \
	    "$limit" -n 3 -w 0 \
	    -p "cp '$imp.empty' '$imp.floor'; rm -f '$imp.floor-wal' '$imp.floor-shm'" \
	    -- sqlite3 -init /dev/null "$imp.floor" ".read $D/import-floor.sql"
	rm -f "$imp".src* "$imp".empty* "$imp".floor*
}

if want import; then
	if has import; then
		sh bench/gen-csv.sh 1000000 "$D/issues1m.csv"
		imp=$D/import.db
		# Few rounds: one is a minute of a shared machine's time.
		out=$("$B/timeit" -n "${IMPORT_RUNS:-3}" -w 0 \
		    -p "rm -f '$imp' '$imp-wal' '$imp-shm' '$imp.plain'" -- \
		    "$BIN" --db "$imp" import "$D/issues1m.csv" :: \
		    sqlite3 -init /dev/null "$imp.plain" \
		    ".import --csv '$D/issues1m.csv' t") ||
		    note "import 1M spreadsheet rows" "the import failed"
		echo "$out" | awk -F '\t' '
		    $1 == 0 { a = $2; ca = $6 } $1 == 1 { b = $2; cb = $6 }
		    END { if (a == 0) exit
			r = a / b; rps = 1000000 / (a / 1000)
			printf "| import 1M spreadsheet rows vs sqlite3 .import | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | <= 1.00x | %s |\n",
			    a, b, r, ca, cb, (cb > 0 ? ca / cb : 0),
			    (r <= 1 ? "pass" : "FAIL")
			printf "| import 1M spreadsheet rows: records/s | %.0f | | | %.0f | | | >= 270000/s | %d/s %s |\n",
			    a, ca, rps, (rps >= 270000 ? "pass" : "FAIL") }'
		import_floor "import 1M spreadsheet rows" 3700 \
		    "$D/issues1m.csv"
		map=${BOFA_MAP:-$top/tests/data/maps/cfpb-bofa.yaml}
		if [ -f "$map" ]; then
			absolute "import --map BofA (62,516 records)" 500 -n 5 \
			    -w 0 -p "rm -f '$imp' '$imp-wal' '$imp-shm'" -- \
			    "$BIN" --db "$imp" import --map "$map" \
			    "$top/../shared/data/cfpb-bofa-2017-2023.csv"
			import_floor "import --map BofA (62,516 records)" 500 \
			    --map "$map" \
			    "$top/../shared/data/cfpb-bofa-2017-2023.csv"
		else
			note "import --map BofA" "no map at $map (set BOFA_MAP)"
		fi
		rm -f "$imp" "$imp-wal" "$imp-shm" "$imp.plain"
	else
		note "import 1M spreadsheet rows" "no 'complaint import' yet"
	fi
fi

if want export; then
	if has export; then
		absolute "export --format ndjson (1M)" 3000 -n 3 -w 1 -- \
		    "$BIN" --db "$BIG" export --format ndjson
		for n in 100000 1000000; do
			rss=$("$B/timeit" -n 1 -w 0 -- "$BIN" --db "$D/c$n.db" \
			    export --format ndjson | cut -f 5)
			echo "| export --format ndjson peak RSS ($n) | $((rss / 1024)) MiB | | | | | | flat | compare the sizes |"
		done
	else
		note "export --format ndjson (1M)" "no 'complaint export' yet"
	fi
fi

# ---- issue 15 ------------------------------------------------------------

# search over 1,000,000 complaints of real CFPB text (the shared sample,
# cycled with fresh IDs: bench/gen-cfpb.sh), made by import; attach of a
# 25 MB file against the blob floor. `log` against its floor (issue 2's
# row above) already maintains the search index on both sides: the
# index is kept by a trigger on the history, which the floor fires too.
if want team; then
	if has search && has attach; then
		csv=$D/cfpb1m.csv
		SDB=$D/cfpb1m.db
		if sh bench/gen-cfpb.sh 1000000 "$csv"; then
			if [ ! -f "$SDB" ] || [ "$csv" -nt "$SDB" ]; then
				rm -f "$SDB" "$SDB-wal" "$SDB-shm"
				"$BIN" --db "$SDB" import "$csv" 2>/dev/null
			fi
			# The best screenful (--limit 20), as a person asks,
			# against the 50 ms target; and every match, whose
			# time grows with the matches printed.
			for q in "late fee" "identity theft" "foreclosure notice"; do
				rows=$("$BIN" --db "$SDB" search "$q" --format tsv |
				    tail -n +2 | wc -l)
				absolute "search '$q' --limit 20 (CFPB 1M)" 50 \
				    -n "$RUNS" -- "$BIN" --db "$SDB" search "$q" \
				    --limit 20
				# The floor: SQLite ranking the same matches
				# in its own shell, nothing else read.
				compare "search '$q' --limit 20 vs sqlite3 ranking (CFPB 1M)" \
				    1.5 -n "$RUNS" -- "$BIN" --db "$SDB" search \
				    "$q" --limit 20 :: sqlite3 -init /dev/null \
				    "$SDB" "SELECT rowid FROM complaint_fts WHERE
				    complaint_fts MATCH '$q' ORDER BY
				    bm25(complaint_fts), rowid LIMIT 20"
				absolute "search '$q', all $rows rows (CFPB 1M)" \
				    1000 -n 11 -- "$BIN" --db "$SDB" search "$q"
			done
		else
			note "search (CFPB 1M)" "no shared CFPB sample"
		fi
		head -c 25000000 /dev/urandom >"$D/25mb.bin"
		A=$D/attach.db
		rm -f "$A" "$A-wal" "$A-shm"
		cp "$D/c10000.db" "$A"
		# Every run attaches other bytes (its last 20 are the clock),
		# as a new file would: the same bytes twice are stored once.
		seq 1 $((RUNS + 3)) >"$D/attach-ids"
		compare "attach 25 MB vs blob floor (10k)" 1.5 -n 11 -w 1 \
		    -a "$D/attach-ids" \
		    -p "date +%s%N | dd of='$D/25mb.bin' bs=1 seek=24999980 conv=notrunc status=none" -- \
		    "$BIN" --db "$A" attach "{}" "$D/25mb.bin" :: \
		    "$B/blob" "$A" "$D/25mb.bin"
		rm -f "$A" "$A-wal" "$A-shm" "$D/25mb.bin"
	else
		note "search and attach" "no 'complaint search' or 'attach' yet"
	fi
fi

# ---- issue 17: e-mail in --------------------------------------------------

# A typical 20 KB e-mail (bench/gen-mail.sh: text and HTML alternatives,
# quoted-printable) through mail, against log given the same fields and
# text; each round a new message and customer, on a copy of the 100k
# database, both writing to it in turn.
if want mail; then
	if has mail && [ -f "$D/c100000.db" ]; then
		mw=$D/mail-work.db
		rm -f "$mw" "$mw-wal" "$mw-shm"
		cp "$D/c100000.db" "$mw"
		rm -rf "$D/mail"
		sh bench/gen-mail.sh $((RUNS + 3)) "$D/mail"
		seq 1 $((RUNS + 3)) >"$D/mail-ids"
		compare "mail of a 20 KB message vs log of its fields (100k)" 1.3 \
		    -n "$RUNS" -a "$D/mail-ids" -i "$D/mail/{}.eml" -- \
		    "$BIN" --db "$mw" mail :: \
		    "$BIN" --db "$mw" log --customer "Bench Customer {}" \
		    --contact "customer{}@example.com" --channel email \
		    -m "Kettle leaks again (order {})" \
		    --details-file "$D/mail/{}.txt"
		rm -f "$mw" "$mw-wal" "$mw-shm"
	else
		note "mail of a 20 KB message vs log" "no 'complaint mail' or no 100k database"
	fi
fi

# ---- issue 14: PostgreSQL ---------------------------------------------------

if want pglog || want pgshow || want pglifecycle || want pgreport ||
    want pgimport || want pgconcurrent; then
	export B D BIN RUNS SECTIONS NOW_EPOCH
	if [ -z "$HAVE_PG" ]; then
		note "PostgreSQL" "no libpq (apt-get install libpq-dev)"
	elif [ -n "${COMPLAINT_TEST_PG:-}" ]; then
		sh bench/pg.sh
	else
		COMPLAINT_BIN='' sh tests/pg/server.sh sh bench/pg.sh ||
		    note "PostgreSQL" "no server (tests/pg/server.sh: $?)"
	fi
fi

echo
echo "load at the end: $(cut -d " " -f 1-3 /proc/loadavg)"
[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$WORK" "$WORK-wal" "$WORK-shm"
