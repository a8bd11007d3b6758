#!/bin/sh
# pg.sh: the PostgreSQL rows of bench/RESULTS.md, run by bench/run.sh
# beside a throwaway server (tests/pg/server.sh sets COMPLAINT_TEST_PG,
# "postgresql:///?host=DIR&user=postgres"; set it yourself to use another
# server, whose databases bench_* this script drops and makes).
#
# Environment from run.sh: BIN, B (the floors and timeit), D (the
# databases; $D/c1000000.db is copied by migrate), RUNS, SECTIONS (pglog
# pgshow pglifecycle pgreport pgimport pgconcurrent), NOW_EPOCH.
set -eu

cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

# The report's floor on the server: the stream of its columns alone
# (the query complaint sends, without the counting).
REPORT_COPY="COPY (SELECT $REPORT_COLUMNS FROM complaint.complaint
    WHERE voided_at IS NULL AND merged_into IS NULL) TO STDOUT"

base=${COMPLAINT_TEST_PG:?pg.sh: no COMPLAINT_TEST_PG (run it under tests/pg/server.sh)}
# uri NAME: the server's database NAME.
uri() {
	echo "$base" | sed "s|:///?|:///$1?|"
}
admin=$(uri postgres)
BIGU=$(uri bench_big)
BIG=$D/c1000000.db

psql_q() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# fresh NAME: an empty database NAME.
fresh() {
	psql_q "$admin" -c "DROP DATABASE IF EXISTS $1" \
	    -c "CREATE DATABASE $1" >/dev/null
}

# The client's CPU (timeit's column) leaves out the server's, which is
# most of a PostgreSQL command's: the postmaster's own and its reaped
# backends' CPU (/proc/PID/stat), read around runs of one command alone.
# The postmaster's pid is the first line of its socket's lock file.
host=$(echo "$base" | sed -n 's/.*[?&]host=\([^&]*\).*/\1/p')
pm=$(head -n 1 "$host/.s.PGSQL.5432.lock" 2>/dev/null || true)
srv_ms() {
	awk -v t="$(getconf CLK_TCK)" '{ printf "%.0f\n",
	    ($14 + $15 + $16 + $17) * 1000 / t }' "/proc/$pm/stat"
}
# sub ARG CMD...: CMD with {} in its arguments replaced by ARG.
sub() {
	arg=$1
	shift
	for w do
		shift
		case $w in *"{}"*) w=$(printf '%s' "$w" | sed "s/{}/$arg/g") ;; esac
		set -- "$@" "$w"
	done
	"$@"
}
# srvcpu N ARGFILE CMD...: the server's CPU ms per run of CMD, {} in its
# arguments replaced by line i of ARGFILE in run i.
srvcpu() {
	n=$1 argf=$2
	shift 2
	if [ -z "$pm" ] || [ ! -r "/proc/$pm/stat" ]; then
		echo 0
		return 0
	fi
	s0=$(srv_ms)
	i=1
	while [ "$i" -le "$n" ]; do
		sub "$(sed -n "${i}p" "$argf")" "$@" >/dev/null 2>&1 || true
		i=$((i + 1))
	done
	sleep 0.3
	s1=$(srv_ms)
	awk -v a="$s0" -v b="$s1" -v n="$n" 'BEGIN { printf "%.1f\n", (b - a) / n }'
}
# srvrow NAME A-MS B-MS: the row of two srvcpu figures.
srvrow() {
	awk -v name="$1" -v a="$2" -v b="$3" 'BEGIN {
	    printf "| %s: server CPU per run | | | | %.1f | %.1f | %.2f | | |\n",
		name, a, b, (b > 0 ? a / b : 0) }'
}

# The sections on the 1M database need it (pgimport and pgconcurrent
# make their own).
need_big=
for sec in pglog pgshow pglifecycle pgreport; do
	if want "$sec"; then need_big=1; fi
done
if [ -n "$need_big" ] && [ ! -f "$BIG" ]; then
	note "PostgreSQL (1M)" "no $BIG (bench/gen.sh 1000000)"
	exit 0
fi

# ---- the 1M database: migrate --to, timed once ----------------------------

# BENCH_KEEP=1 keeps it on the server for the next run, which then
# skips the migrate.
if [ -z "$need_big" ]; then
	:
elif [ "${BENCH_KEEP:-0}" = 1 ] && [ "$(psql_q "$BIGU" -c \
    "SELECT count(*) >= 1000000 FROM complaint.complaint" 2>/dev/null)" = t ]; then
	note "migrate --to PostgreSQL (1M)" "kept from a run before (BENCH_KEEP=1)"
else
	fresh bench_big
	s0=$(srv_ms 2>/dev/null || echo 0)
	out=$("$B/timeit" -n 1 -w 0 -- "$BIN" --db "$BIG" migrate --to "$BIGU") ||
	    { note "migrate --to PostgreSQL (1M)" "migrate failed"; exit 0; }
	sleep 0.5   # the backend reaped
	s1=$(srv_ms 2>/dev/null || echo 0)
	echo "$out" | awk -F '\t' -v s=$((s1 - s0)) '$1 == 0 {
	    printf "| migrate --to PostgreSQL (1M complaints; server CPU %d ms) | %.0f | | | %.0f | | | once | |\n", s, $2, $6 }'
	psql_q "$BIGU" -c "VACUUM ANALYZE" >/dev/null
fi

# ---- issue 14: report on 1M -----------------------------------------------

if want pgreport; then
	# The floor: REPORT_COPY through psql.
	compare "PostgreSQL report (1M) vs COPY of its columns" 1.3 \
	    -n 11 -w 1 -- "$BIN" --db "$BIGU" report :: \
	    psql -X -q -o /dev/null "$BIGU" -c "$REPORT_COPY"
	srvrow "PostgreSQL report (1M) vs COPY of its columns" \
	    "$(srvcpu 3 /dev/null "$BIN" --db "$BIGU" report)" \
	    "$(srvcpu 3 /dev/null psql -X -q -o /dev/null "$BIGU" \
	    -c "$REPORT_COPY")"
	absolute "PostgreSQL report, all columns (1M)" 2000 -n 11 -w 1 -- \
	    "$BIN" --db "$BIGU" report
	absolute "PostgreSQL report --by category,month (1M)" 2000 \
	    -n 11 -w 1 -- "$BIN" --db "$BIGU" report --by category,month
fi

# ---- issue 14: log, show, a lifecycle step against libpq floors -----------

ids() {
	psql_q "$BIGU" -c "$2" >"$1"
	if [ "$(wc -l <"$1")" -lt $((RUNS + 3)) ]; then
		echo "pg.sh: too few complaints for $1" >&2
		exit 1
	fi
}

if want pglog; then
	compare "PostgreSQL log vs libpq floor (1M)" 1.3 -n "$RUNS" \
	    -a "$D/customers" -- \
	    "$BIN" --db "$BIGU" log --customer "{}" --channel phone \
	    --category delivery -m "Parcel arrived damaged" :: \
	    "$B/pg_insert" "$BIGU" "{}" "$NOW_EPOCH"
	srvrow "PostgreSQL log vs libpq floor (1M)" \
	    "$(srvcpu "$RUNS" "$D/customers" "$BIN" --db "$BIGU" log \
	    --customer "{}" --channel phone --category delivery \
	    -m "Parcel arrived damaged")" \
	    "$(srvcpu "$RUNS" "$D/customers" "$B/pg_insert" "$BIGU" "{}" \
	    "$NOW_EPOCH")"
fi

if want pgshow; then
	ids "$D/pg-show-ids" "SELECT id FROM complaint.complaint
	    WHERE id % 10 = 0 AND resolved_at IS NOT NULL
	    ORDER BY (id * 7919) % 100003 LIMIT $((RUNS + 3))"
	compare "PostgreSQL show --format json vs libpq floor (1M)" 1.3 \
	    -n "$RUNS" -a "$D/pg-show-ids" -- \
	    "$BIN" --db "$BIGU" show --format json "{}" :: \
	    "$B/pg_show" "$BIGU" "{}"
	srvrow "PostgreSQL show --format json vs libpq floor (1M)" \
	    "$(srvcpu "$RUNS" "$D/pg-show-ids" "$BIN" --db "$BIGU" show \
	    --format json "{}")" \
	    "$(srvcpu "$RUNS" "$D/pg-show-ids" "$B/pg_show" "$BIGU" "{}")"
fi

if want pglifecycle; then
	# complaint acks each first; the floor then makes the same change
	# to the same row (it reads no status), as the SQLite floor does.
	ids "$D/pg-ack-ids" "SELECT id FROM complaint.complaint
	    WHERE status = 'new' ORDER BY id DESC LIMIT $((RUNS + 3))"
	compare "PostgreSQL ack vs libpq floor (1M)" 1.3 -n "$RUNS" \
	    -a "$D/pg-ack-ids" -- "$BIN" --db "$BIGU" ack "{}" :: \
	    "$B/pg_update" "$BIGU" "{}" "$NOW_EPOCH" \
	    "status = 'acknowledged', acknowledged_at = \$1"
	# The server's CPU on other 'new' complaints.
	ids "$D/pg-ack-ids" "SELECT id FROM complaint.complaint
	    WHERE status = 'new' ORDER BY id DESC LIMIT $((RUNS + 3))"
	srvrow "PostgreSQL ack vs libpq floor (1M)" \
	    "$(srvcpu "$RUNS" "$D/pg-ack-ids" "$BIN" --db "$BIGU" ack "{}")" \
	    "$(srvcpu "$RUNS" "$D/pg-ack-ids" "$B/pg_update" "$BIGU" "{}" \
	    "$NOW_EPOCH" "status = 'acknowledged', acknowledged_at = \$1")"
fi

# ---- issue 14: 16 writers on each engine ----------------------------------

if want pgconcurrent; then
	fresh bench_conc
	sh bench/writers.sh "$BIN" "$(uri bench_conc)" 16 25
	rm -f "$D/conc16.db" "$D/conc16.db-wal" "$D/conc16.db-shm"
	sh bench/writers.sh "$BIN" "$D/conc16.db" 16 25
	rm -f "$D/conc16.db" "$D/conc16.db-wal" "$D/conc16.db-shm"
	psql_q "$admin" -c "DROP DATABASE IF EXISTS bench_conc" >/dev/null
fi

# imported_figures URI LABEL: report and the listings on the database URI
# made by import, against psql's queries.
imported_figures() {
	u=$1 label=$2
	tab=$(printf '\t')
	compare "PostgreSQL report ($label) vs COPY of its columns" 1.3 \
	    -n 11 -w 1 -- "$BIN" --db "$u" report :: \
	    psql -X -q -o /dev/null "$u" -c "$REPORT_COPY"
	compare "PostgreSQL report vs report --by category,month ($label)" \
	    1.0 -n 11 -w 1 -- "$BIN" --db "$u" report :: \
	    "$BIN" --db "$u" report --by category,month
	n=$("$BIN" --db "$u" list --owner agent07 --status new | tail -n +2 |
	    wc -l)
	compare "PostgreSQL list --owner agent07 --status new vs psql's query ($label; $n rows)" \
	    1.3 -n "$RUNS" -- "$BIN" --db "$u" list --owner agent07 \
	    --status new :: psql -X -q -A -t -F "$tab" "$u" \
	    -c "SET search_path = complaint" -c "
	    SELECT $LIST_COLUMNS FROM complaint
	    WHERE status IN ('new') AND status <> 'closed'
	    AND owner_key = 'agent07'
	    AND voided_at IS NULL AND merged_into IS NULL
	    ORDER BY received_at, id"
	since=$(date -u -d 2026-11-01 +%s)
	n=$("$BIN" --db "$u" list --since 2026-11-01 | tail -n +2 | wc -l)
	compare "PostgreSQL list --since 2026-11-01 vs psql's query ($label; $n rows)" \
	    1.3 -n "$RUNS" -- "$BIN" --db "$u" list --since 2026-11-01 :: \
	    psql -X -q -A -t -F "$tab" "$u" \
	    -c "SET search_path = complaint" -c "
	    SELECT $LIST_COLUMNS FROM complaint
	    WHERE received_at >= $since AND voided_at IS NULL
	    AND merged_into IS NULL ORDER BY received_at, id"
	n=$("$BIN" --db "$u" followup --due | tail -n +2 | wc -l)
	compare "PostgreSQL followup --due vs psql's query ($label; $n rows)" \
	    1.3 -n 11 -w 1 -- "$BIN" --db "$u" followup --due :: \
	    psql -X -q -A -t -F "$tab" "$u" \
	    -c "SET search_path = complaint" \
	    -c "$(owed_sql "$NOW_EPOCH" NULL::bigint)"
	n=$("$BIN" --db "$u" report --overdue | tail -n +2 | wc -l)
	compare "PostgreSQL report --overdue vs psql's query ($label; $n rows)" \
	    1.3 -n 11 -w 1 -- "$BIN" --db "$u" report --overdue :: \
	    psql -X -q -A -t -F "$tab" "$u" \
	    -c "SET search_path = complaint" -c "
	    SELECT id, 0, ack_due, owner, customer, category FROM complaint
	    WHERE acknowledged_at IS NULL AND status NOT IN ('resolved',
	    'closed') AND ack_due < $NOW_EPOCH AND voided_at IS NULL UNION ALL
	    SELECT id, 1, resolve_due, owner, customer, category FROM complaint
	    WHERE status NOT IN ('resolved', 'closed')
	    AND resolve_due < $NOW_EPOCH AND voided_at IS NULL UNION ALL
	    SELECT id, 2, callback_due, owner, customer, category FROM complaint
	    WHERE callback_due IS NOT NULL AND callback_due < $NOW_EPOCH
	    AND status NOT IN ('resolved', 'closed') AND voided_at IS NULL
	    UNION ALL SELECT id, 3, followup_due, owner, customer, category
	    FROM complaint WHERE followup_due IS NOT NULL
	    AND followup_due < $NOW_EPOCH AND status = 'resolved'
	    AND voided_at IS NULL UNION ALL
	    SELECT id, 4, holding_due, owner, customer, category FROM complaint
	    WHERE holding_due IS NOT NULL AND holding_due < $NOW_EPOCH
	    AND status NOT IN ('resolved', 'closed') AND voided_at IS NULL
	    ORDER BY 3, 1, 2"
	# search: the best screenful of 'refund' (in every resolved
	# complaint), against psql ranking the index alone.
	for filter in "" "--status closed" "--status new"; do
		# shellcheck disable=SC2086
		compare "PostgreSQL search refund --limit 20${filter:+ $filter} vs psql's ranking ($label)" \
		    1.5 -n 11 -w 1 -- "$BIN" --db "$u" search refund --limit 20 \
		    $filter :: psql -X -q -A -t "$u" \
		    -c "SET search_path = complaint" -c "
		    SELECT complaint_id FROM complaint_fts
		    WHERE doc @@ to_tsquery('complaint_words', 'refund')
		    ORDER BY ts_rank(doc, to_tsquery('complaint_words', 'refund'))
		    DESC, complaint_id LIMIT 20"
	done
	# The replay's floor: psql streaming the history (a cursor, as
	# complaint's scans) with each imported creation's row.
	history="SELECT e.complaint_id, e.at, e.changes, coalesce(e.form, 0),
	    c.* FROM event e LEFT JOIN complaint c ON e.form = 1
	    AND e.changes IS NULL AND c.id = e.complaint_id
	    AND c.last_event = e.id WHERE e.at <= $NOW_EPOCH
	    ORDER BY e.complaint_id, e.id"
	compare "PostgreSQL report --as-of now vs psql reading the history ($label)" \
	    2.0 -n 5 -w 1 -- "$BIN" --db "$u" report --as-of now :: \
	    psql -X -q -A -t -v FETCH_COUNT=1024 "$u" \
	    -c "SET search_path = complaint" -c "$history"
	compare "PostgreSQL report --return fca --period 2026H1 --as-of now vs psql reading the history ($label)" \
	    2.0 -n 5 -w 1 -- "$BIN" --db "$u" report --return fca \
	    --period 2026H1 --as-of now :: \
	    psql -X -q -A -t -v FETCH_COUNT=1024 "$u" \
	    -c "SET search_path = complaint" -c "$history"
}

# ---- issue 14: import of 1M spreadsheet rows through COPY -----------------

if want pgimport; then
	# PG_IMPORT_N rows (default 1,000,000), sent by COPY in batches
	# (lib/store/pg_bulk.c).
	rows=${PG_IMPORT_N:-1000000}
	# The shape of issue 19 (run.sh's section imported): 2 in 10 open,
	# whole-day durations in long runs.
	csv=$D/issues$rows-imported.csv
	OPEN_PCT=20 FOLLOWUP_DAYS=7 sh bench/gen-csv.sh "$rows" "$csv"
	IMPU=$(uri bench_import)
	PLAINU=$(uri bench_plain)
	# The floor: the same file into a plain table of text columns by
	# psql's \copy, as sqlite3 .import is SQLite's (its table made anew
	# in the timed run: a few ms against the floor). timeit's prep runs
	# before each command: it makes the import's database anew only
	# before complaint's turn, so that the last import stays to verify.
	fresh bench_plain
	skip=$D/pg-import-made
	rm -f "$skip"
	out=$("$B/timeit" -n "${IMPORT_RUNS:-1}" -w 0 \
	    -p "if [ -f '$skip' ]; then rm -f '$skip'; else psql -X -q '$admin' -c 'DROP DATABASE IF EXISTS bench_import' -c 'CREATE DATABASE bench_import' && touch '$skip'; fi" -- \
	    "$BIN" --db "$IMPU" import "$csv" :: \
	    psql -X -q "$PLAINU" -c "DROP TABLE IF EXISTS t" -c "CREATE TABLE t (a text, b text, c text, d text, e text, f text, g text, h text, i text)" -c "\\copy t FROM '$csv' (FORMAT csv, HEADER true)") ||
	    note "PostgreSQL import $rows spreadsheet rows" "the import failed"
	rm -f "$skip"
	# The client's peak memory too: flat whatever the file (issue 19).
	echo "$out" | awk -F '\t' -v n="$rows" '
	    $1 == 0 { a = $2; ca = $6; rss = $5 } $1 == 1 { b = $2; cb = $6 }
	    END { if (a == 0) exit
		rps = n / (a / 1000)
		printf "| PostgreSQL import %d spreadsheet rows vs psql \\\\copy | %.0f | %.0f | %.2f | %.0f | %.0f | | | |\n",
		    n, a, b, a / b, ca, cb
		printf "| PostgreSQL import %d spreadsheet rows: records/s | %.0f | | | %.0f | | | >= 100000/s | %d/s %s |\n", n,
		    a, ca, rps, (rps >= 100000 ? "pass" : "FAIL")
		printf "| PostgreSQL import %d spreadsheet rows: peak memory of the client | %d KiB | | | | | | < 65536 KiB | %s |\n", n,
		    rss, (rss < 65536 ? "pass" : "FAIL") }'
	# The storage figure (issue 19): every table of the schema with its
	# indexes and TOAST, over the complaints.
	bytes=$(psql_q "$IMPU" -c "SELECT sum(pg_total_relation_size(c.oid))
	    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    WHERE n.nspname = 'complaint' AND c.relkind = 'r'")
	n=$(psql_q "$IMPU" -c "SELECT count(*) FROM complaint.complaint")
	echo "| bytes per complaint, PostgreSQL (import of $rows, history and indexes included) | $((bytes / n)) | | | | | | <= 400 | $( [ $((bytes / n)) -le 400 ] && echo pass || echo FAIL) |"
	# verify reads each imported creation with its row (PG_CREATED_JOIN).
	out=$("$B/timeit" -n 1 -w 0 -- "$BIN" --db "$IMPU" verify) &&
	    echo "$out" | awk -F '\t' '$1 == 0 { printf "| PostgreSQL import %d: verify | %.0f | | | %.0f | | | passes | pass |\n", '"$rows"', $2, $6 }' ||
	    echo "| PostgreSQL import $rows: verify | | | | | | | passes | FAIL |"
	# The report and listing figures on the imported database (issue
	# 19), each against psql sending the query complaint sends (from
	# lib/store/pg_scan.c) with the rows written out.
	imported_figures "$IMPU" "import of $rows"
	# The floor in the same schema: PostgreSQL alone storing the rows
	# the import stored, as psql's \copy of them from files into a new
	# database the binary made (the same tables, indexes and guards),
	# the search trigger standing aside and the index filled once by the
	# schema's own function, as import does; one transaction. No CSV,
	# no hashing, no rows made: the least any import into this schema
	# could take on this machine.
	fresh bench_floor_empty
	"$BIN" --db "$(uri bench_floor_empty)" escalate --auto >/dev/null
	{
		echo "BEGIN;"
		echo "SET LOCAL complaint.bulk = on;"
		for t in complaint import_file event idea; do
			psql_q "$IMPU" -c "\\copy complaint.$t TO '$D/pg-floor-$t.copy'"
			printf '%s\n' "\\copy complaint.$t FROM '$D/pg-floor-$t.copy'"
		done
		echo "SET LOCAL complaint.bulk = off;"
		echo "SELECT complaint.complaint_fts_fill(0);"
		echo "COMMIT;"
	} >"$D/pg-floor.sql"
	absolute "PostgreSQL floor: the same $rows rows by \\copy into the same schema" \
	    $((rows / 100)) -n "${IMPORT_RUNS:-1}" -w 0 \
	    -p "psql -X -q '$admin' -c 'DROP DATABASE IF EXISTS bench_floor' -c 'CREATE DATABASE bench_floor TEMPLATE bench_floor_empty'" \
	    -- psql -X -q -o /dev/null -v ON_ERROR_STOP=1 "$(uri bench_floor)" \
	    -f "$D/pg-floor.sql"
	n=$(psql_q "$(uri bench_floor)" -c "SELECT count(*) FROM complaint.complaint_fts")
	[ "$n" = "$rows" ] ||
	    note "PostgreSQL floor" "its search index has $n rows, not $rows"
	rm -f "$D"/pg-floor*
	psql_q "$admin" -c "DROP DATABASE IF EXISTS bench_import" \
	    -c "DROP DATABASE IF EXISTS bench_plain" \
	    -c "DROP DATABASE IF EXISTS bench_floor" \
	    -c "DROP DATABASE IF EXISTS bench_floor_empty" >/dev/null
fi

[ "${BENCH_KEEP:-0}" = 1 ] ||
    psql_q "$admin" -c "DROP DATABASE IF EXISTS bench_big" >/dev/null
