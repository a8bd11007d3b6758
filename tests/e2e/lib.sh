# The end-to-end test harness, sourced by every tests/e2e/tNNNN-*.sh.
#
# Each script runs in its own temporary directory with a pinned clock,
# zone, locale and user, and an empty database. Exit codes are asserted
# exactly; a signal exit never passes.
#
#   expect STATUS DESC CMD...   run CMD, check its exit status
#   out_is TEXT / out_has FRAG / err_has FRAG / out_lacks FRAG
#   assert DESC TEST...         a shell test as a check
#   db_snapshot / db_unchanged DESC
#   done_testing                the summary line; exits non-zero on failure
set -u

: "${COMPLAINT_BIN:?set COMPLAINT_BIN to the complaint binary}"
TESTS_SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
# The full CFPB extracts, when the checkout has them beside it (optional).
SHARED_DATA=${COMPLAINT_SHARED_DATA:-$(cd "$TESTS_SRCDIR/.." && pwd)/shared/data}

T=$(mktemp -d "${TMPDIR:-/tmp}/complaint-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
mkdir -p home
export HOME="$T/home" LC_ALL=C TZ=UTC NO_COLOR=1
export COMPLAINT_NOW=2026-11-19T10:00:00Z COMPLAINT_USER=alice
export COMPLAINT_DB="$T/complaints.db"
unset COMPLAINT_CONFIG XDG_CONFIG_HOME XDG_DATA_HOME USER COLUMNS

complaint() { "$COMPLAINT_BIN" "$@"; }
# The database, created empty: only a command that writes creates one,
# and escalate --auto with nothing to escalate writes nothing.
empty_db() { complaint escalate --auto >/dev/null; }

n_pass=0
n_fail=0
test_name=$(basename "$0" .sh)

pass() { n_pass=$((n_pass + 1)); echo "ok - $test_name: $1"; }
fail() {
	n_fail=$((n_fail + 1))
	echo "not ok - $test_name: $1"
	if [ -s "$T/err" ]; then sed 's/^/#   stderr: /' "$T/err" | head -n 5; fi
}

run() { "$@" >"$T/out" 2>"$T/err"; status=$?; }

expect() {
	want=$1 desc=$2
	shift 2
	run "$@"
	if [ "$status" -ge 128 ] && [ "$want" -lt 128 ]; then
		fail "$desc (killed by signal $((status - 128)))"
	elif [ "$status" -eq "$want" ]; then
		pass "$desc"
	else
		fail "$desc (exit $status, expected $want)"
	fi
}

assert() {
	desc=$1
	shift
	if "$@" >/dev/null; then pass "$desc"; else fail "$desc"; fi
}

out_is() {
	printf '%s\n' "$1" >"$T/want"
	if cmp -s "$T/want" "$T/out"; then
		pass "${2:-output is as expected}"
	else
		fail "${2:-output is as expected}"
		diff "$T/want" "$T/out" | head -n 10 | sed 's/^/#   /'
	fi
}
out_has() { assert "${2:-stdout has '$1'}" grep -qF -- "$1" "$T/out"; }
out_lacks() { assert "${2:-stdout lacks '$1'}" sh -c '! grep -qF -- "$1" "$2"' _ "$1" "$T/out"; }
err_has() { assert "${2:-stderr has '$1'}" grep -qF -- "$1" "$T/err"; }
err_lines() { assert "stderr has $1 line(s)" [ "$(wc -l <"$T/err")" -eq "$1" ]; }

# A digest of everything stored, to prove a refused command changed nothing.
db_digest() {
	if [ -f "$COMPLAINT_DB" ]; then
		sqlite3 "$COMPLAINT_DB" .dump | sha256sum
	else
		echo none
	fi
}
db_snapshot() { snapshot=$(db_digest); }
db_unchanged() { assert "${1:-database unchanged}" [ "$(db_digest)" = "$snapshot" ]; }

done_testing() {
	echo "# $test_name: $n_pass passed, $n_fail failed"
	[ "$n_fail" -eq 0 ]
	exit $?
}
