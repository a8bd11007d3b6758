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
