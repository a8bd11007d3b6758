# lib.sh: what bench/run.sh and bench/pg.sh share (sourced): the Markdown
# rows and the section filter. Needs B (timeit's directory), BIN and
# SECTIONS.

note() {
	echo "| $1 | | | | | | | | skipped: $2 |"
}

has() {
	"$BIN" help "$1" >/dev/null 2>&1
}

# compare NAME TARGET [timeit options] -- A args :: B args
# The median of A over the median of B against TARGET (a ratio).
compare() {
	name=$1 target=$2
	shift 2
	out=$("$B/timeit" "$@") || { note "$name" "a command failed"; return 0; }
	echo "$out" | awk -v name="$name" -v t="$target" -F '\t' '
	    $1 == 0 { a = $2; ca = $6 } $1 == 1 { b = $2; cb = $6 }
	    END { r = a / b
		printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | <= %.2fx | %s |\n",
		    name, a, b, r, ca, cb, (cb > 0 ? ca / cb : 0), t,
		    (r <= t ? "pass" : "FAIL") }'
}

# absolute NAME LIMIT_MS [timeit options] -- A args
absolute() {
	name=$1 limit=$2
	shift 2
	out=$("$B/timeit" "$@") || { note "$name" "the command failed"; return 0; }
	echo "$out" | awk -v name="$name" -v t="$limit" -F '\t' '
	    $1 == 0 { printf "| %s | %.2f | | | %.2f | | | < %g ms | %s |\n",
		name, $2, $6, t, ($2 < t ? "pass" : "FAIL") }'
}

want() {
	case " $SECTIONS " in *" $1 "*) return 0 ;; esac
	return 1
}

# What the floors read, the same on both engines: the columns list
# prints (cmd/list.c), the report's fixed columns
# (lib/store/report_columns.h), and the query of followup --due
# (lib/store/sqlite_scan.c and pg_scan.c) before EPOCH, its first NULL
# written as NULL_TYPED (PostgreSQL's query types it: NULL::bigint).
LIST_COLUMNS="id, status, received_at, channel, customer, owner, category,
    severity, level, summary"
REPORT_COLUMNS="received_at, status, first_contact, acknowledged_at,
    ack_due, level, contacts, repeat_of, satisfied, resolved_at,
    resolve_due, justified, amount"
owed_sql() {
	echo "SELECT id, 0, callback_due, owner, customer, ${2:-NULL}
	    FROM complaint WHERE callback_due IS NOT NULL
	    AND callback_due < $1 AND voided_at IS NULL UNION ALL
	    SELECT id, 1, followup_due, owner, customer, followup_attempts
	    FROM complaint WHERE followup_due IS NOT NULL
	    AND followup_due < $1 AND voided_at IS NULL UNION ALL
	    SELECT id, 2, holding_due, owner, customer, NULL FROM complaint
	    WHERE holding_due IS NOT NULL AND holding_due < $1
	    AND status NOT IN ('resolved', 'closed') AND voided_at IS NULL
	    ORDER BY 3, 1, 2"
}
