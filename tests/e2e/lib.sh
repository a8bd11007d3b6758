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
#
# Engines: with COMPLAINT_TEST_PG set (a connection URI with no database
# name, as tests/pg/server.sh exports it) each script gets a database of
# its own on that server, COMPLAINT_DB is its URI, and it is dropped at
# the end. What only the SQLite file can show is marked:
#   engine                      prints sqlite or postgresql
#   sqlite_only WHY             the rest of the script is SQLite's: on
#                               PostgreSQL, one "skip" line and exit 0
#   pg_only WHY                 the converse
#   on_sqlite CMD...            CMD (a check) on SQLite; a skip line on
#                               PostgreSQL
#   pg_uri NAME                 the URI of database NAME on the test server
#   pg_psql [PSQL ARGS...]      psql on this script's database
#   db_query SQL                the rows of a portable query, either engine
set -u

: "${COMPLAINT_BIN:?set COMPLAINT_BIN to the complaint binary}"
TESTS_SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
# The full CFPB extracts, when the checkout has them beside it (optional).
SHARED_DATA=${COMPLAINT_SHARED_DATA:-$(cd "$TESTS_SRCDIR/.." && pwd)/shared/data}

T=$(mktemp -d "${TMPDIR:-/tmp}/complaint-test.XXXXXX")
test_name=$(basename "$0" .sh)
n_pass=0
n_fail=0
n_skip=0

engine() { if [ -n "${COMPLAINT_TEST_PG:-}" ]; then echo postgresql; else echo sqlite; fi; }

# postgresql:///?host=... with NAME put in as the database.
pg_uri() {
	case $COMPLAINT_TEST_PG in
	*\?*) printf '%s%s?%s\n' "${COMPLAINT_TEST_PG%%\?*}" "$1" "${COMPLAINT_TEST_PG#*\?}" ;;
	*) printf '%s%s\n' "$COMPLAINT_TEST_PG" "$1" ;;
	esac
}
# psql on the database under test, its tables (schema "complaint") in
# the search path as the driver puts them.
psql_db() { PGOPTIONS="-c search_path=complaint" psql -X "$@"; }
pg_psql() { psql_db -q -v ON_ERROR_STOP=1 "$COMPLAINT_DB" "$@"; }
pg_admin() {
	PGOPTIONS="-c client_min_messages=warning" \
	    psql -X -q -v ON_ERROR_STOP=1 "$(pg_uri postgres)" "$@"
}

# CREATE DATABASE NAME as a copy of FROM (default: the template with the
# schema, if any).
pg_create() {
	pg_cr_from=${2:-${COMPLAINT_TEST_PG_TEMPLATE:-}}
	printf 'CREATE DATABASE %s%s%s\n' "$1" "${pg_cr_from:+ TEMPLATE $pg_cr_from}" \
	    "${COMPLAINT_TEST_PG_STRATEGY:+ STRATEGY $COMPLAINT_TEST_PG_STRATEGY}"
}

pg_dbs=
cleanup() {
	for d in ${pg_db:-} $pg_dbs; do
		pg_admin -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" \
		    >/dev/null 2>&1
	done
	rm -rf "$T"
}
trap 'cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$T" || exit 1
mkdir -p home
export HOME="$T/home" LC_ALL=C TZ=UTC NO_COLOR=1
export COMPLAINT_NOW=2026-11-19T10:00:00Z COMPLAINT_USER=alice
export COMPLAINT_DB="$T/complaints.db"
unset COMPLAINT_CONFIG XDG_CONFIG_HOME XDG_DATA_HOME USER COLUMNS

# A database of the script's own, from the template that has the schema
# when there is one (a file copy: far cheaper than building it), named
# after the script and the process so parallel scripts never share.
pg_db=
if [ "$(engine)" = postgresql ]; then
	pg_db=$(printf 't_%s_%s' "$test_name" "$$" | tr 'A-Z.-' 'a-z__' |
	    tr -cd 'a-z0-9_')
	if ! pg_admin -c "$(pg_create "$pg_db")" \
	    >"$T/createdb.err" 2>&1; then
		echo "not ok - $test_name: cannot create database $pg_db"
		sed 's/^/#   /' "$T/createdb.err"
		pg_db=
		exit 1
	fi
	export COMPLAINT_DB="$(pg_uri "$pg_db")"
fi

# Another empty database, NAME, on the engine under test: its file path,
# or the URI of a new database on the server (dropped at the end).
new_db() {
	if [ "$(engine)" = postgresql ]; then
		pg_admin -c "$(pg_create "${pg_db}_$1")" >/dev/null || return 1
		pg_dbs="$pg_dbs ${pg_db}_$1"
		pg_uri "${pg_db}_$1"
	else
		echo "$T/$1.db"
	fi
}

# The database as it is, kept as NAME; db_restore NAME puts it back
# (SQLite: a copy of the file; PostgreSQL: a database made from it).
db_save() {
	if [ "$(engine)" = postgresql ]; then
		pg_admin -c "DROP DATABASE IF EXISTS ${pg_db}_$1" -c "$(pg_create "${pg_db}_$1" "$pg_db")" >/dev/null &&
		    pg_dbs="$pg_dbs ${pg_db}_$1"
	else
		cp "$COMPLAINT_DB" "$T/$1.save"
	fi
}
db_restore() {
	if [ "$(engine)" = postgresql ]; then
		pg_admin -c "DROP DATABASE $pg_db WITH (FORCE)" -c "$(pg_create "$pg_db" "${pg_db}_$1")" >/dev/null
	else
		cp "$T/$1.save" "$COMPLAINT_DB"
		rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
	fi
}
# SQL run behind the tool's back, the history's append-only guards set
# aside for it (SQLite: dropped and put back as they were; PostgreSQL:
# the superuser's replica role, under which triggers do not fire).
behind_back() {
	if [ "$(engine)" = postgresql ]; then
		db_query "SET session_replication_role = replica; $1" >/dev/null
	else
		bb_u=$(sqlite3 "$COMPLAINT_DB" "SELECT sql FROM sqlite_master WHERE name = 'event_append_only_update'")
		bb_d=$(sqlite3 "$COMPLAINT_DB" "SELECT sql FROM sqlite_master WHERE name = 'event_append_only_delete'")
		sqlite3 "$COMPLAINT_DB" "DROP TRIGGER event_append_only_update;
		    DROP TRIGGER event_append_only_delete; $1; $bb_u; $bb_d;"
	fi
}

# A login role NAME_<script's database> in the agent group, and the URI
# of this script's database as that role (the test server trusts local
# connections: no password).
pg_login() {
	pg_admin -c "CREATE ROLE ${1}_$pg_db LOGIN IN ROLE ${2:-complaint_agent}" >/dev/null &&
	    echo "${1}_$pg_db"
}
pg_as() { printf '%s\n' "${COMPLAINT_DB/user=postgres/user=$1}"; }

# The account the engine authenticates: the login on SQLite, the
# session's role on the server.
db_account() {
	if [ "$(engine)" = postgresql ]; then
		db_query "SELECT session_user"
	else
		id -un
	fi
}

skip() { n_skip=$((n_skip + 1)); echo "# skip - $test_name: $1"; }
# (What ran before the marker counts as usual.)
sqlite_only() {
	if [ "$(engine)" != sqlite ]; then
		skip "SQLite only: $1"
		done_testing
	fi
}
pg_only() {
	if [ "$(engine)" != postgresql ]; then
		skip "PostgreSQL only: $1"
		done_testing
	fi
}
# One check that only the SQLite file can make: "on_sqlite expect 0 'the
# -wal file is gone' test ! -e ...". Its description (the word after
# expect's status, or assert's first word) goes into the skip line.
on_sqlite() {
	if [ "$(engine)" = sqlite ]; then
		"$@"
		return
	fi
	case $1 in
	expect) skip "SQLite only: $3" ;;
	assert) skip "SQLite only: $2" ;;
	*) skip "SQLite only: $*" ;;
	esac
}

complaint() { "$COMPLAINT_BIN" "$@"; }
# The database, created empty: only a command that writes creates one,
# and escalate --auto with nothing to escalate writes nothing.
empty_db() { complaint escalate --auto >/dev/null; }

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

# The rows of one query (portable SQL), fields separated by '|', on
# either engine: sqlite3 on the file, psql on the server.
# CMD fails (its stderr dropped): "assert 'history cannot be edited'
# fails db_query 'UPDATE event ...'".
fails() { ! "$@" 2>/dev/null; }
db_query() {
	case $COMPLAINT_DB in
	postgresql://* | postgres://*)
		psql_db -A -t -q -v ON_ERROR_STOP=1 "$COMPLAINT_DB" -c "$1" ;;
	*) sqlite3 "$COMPLAINT_DB" "$1" ;;
	esac
}

# SQLite's search index holds exactly the words of the text it indexes
# (FTS5's integrity-check against the view complaint_fts_src): every
# trigger that keeps it took out what it had put in. On the server the
# index is a table the triggers rewrite whole, and there is nothing to
# check. "search_index_ok [DB] [WHAT]".
search_index_ok() {
	[ "$(engine)" = sqlite ] || return 0
	assert "the search index matches the text${2:+ $2}" sqlite3 \
	    "${1:-$COMPLAINT_DB}" "INSERT INTO complaint_fts(complaint_fts, rank)
	    VALUES ('integrity-check', 1)"
}

# Another session holds the write lock until release_lock, as a writer
# between its first write and its commit would: SQLite, BEGIN IMMEDIATE
# in the sqlite3 shell; PostgreSQL, psql locking the tables against
# writes (reads go on). Returns once the lock is held.
hold_lock() {
	rm -f "$T/hold.fifo" "$T/hold.locked"
	mkfifo "$T/hold.fifo"
	if [ "$(engine)" = postgresql ]; then
		psql_db -q "$COMPLAINT_DB" <"$T/hold.fifo" >/dev/null 2>&1 &
	else
		sqlite3 "$COMPLAINT_DB" <"$T/hold.fifo" >/dev/null 2>&1 &
	fi
	holder=$!
	exec 7>"$T/hold.fifo"
	if [ "$(engine)" = postgresql ]; then
		printf 'BEGIN;\nLOCK TABLE complaint, event, idea, rule_fired IN EXCLUSIVE MODE;\n\\! touch %s/hold.locked\n' "$T" >&7
	else
		printf 'BEGIN IMMEDIATE;\nDELETE FROM rule_fired;\n.shell touch %s/hold.locked\n' "$T" >&7
	fi
	while [ ! -e "$T/hold.locked" ] && kill -0 "$holder" 2>/dev/null; do
		sleep 0.1
	done
}
release_lock() {
	printf 'ROLLBACK;\n' >&7
	exec 7>&-
	wait "$holder"
	rm -f "$T/hold.fifo" "$T/hold.locked"
}

# Everything stored, as text (SQLite's .dump, pg_dump's data).
db_dump() {
	case $COMPLAINT_DB in
	postgresql://* | postgres://*)
		# Its warning about the self-referencing complaint table is
		# no news; any other message is shown.
		pg_dump --data-only -d "$COMPLAINT_DB" 2>"$T/pg_dump.err"
		set -- $?
		grep -v 'circular foreign-key\|^pg_dump: detail\|^pg_dump: hint\|^pg_dump: warning: there are circular\|--disable-triggers\|^pg_dump:   ' "$T/pg_dump.err" >&2
		return "$1" ;;
	*) sqlite3 "$COMPLAINT_DB" .dump ;;
	esac
}

# A digest of everything stored, to prove a refused command changed nothing.
# On PostgreSQL: every row of every table, each as text, sorted (not
# pg_dump: a rolled-back insert moves a sequence, which is no change).
db_digest() {
	case $COMPLAINT_DB in
	postgresql://* | postgres://*)
		printf '%s\n' "SELECT format('SELECT %L || '' '' || x::text FROM %I.%I x ORDER BY 1', table_schema || '.' || table_name, table_schema, table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_schema, table_name \\gexec" |
		    psql -X -A -t -q "$COMPLAINT_DB" 2>&1 | sha256sum
		return ;;
	esac
	if [ -f "$COMPLAINT_DB" ]; then
		sqlite3 "$COMPLAINT_DB" .dump | sha256sum
	else
		echo none
	fi
}
db_snapshot() { snapshot=$(db_digest); }
db_unchanged() { assert "${1:-database unchanged}" [ "$(db_digest)" = "$snapshot" ]; }

done_testing() {
	skipped=
	[ "$n_skip" -eq 0 ] || skipped=", $n_skip skipped"
	echo "# $test_name: $n_pass passed, $n_fail failed$skipped"
	[ "$n_fail" -eq 0 ]
	exit $?
}
