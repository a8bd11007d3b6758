#!/bin/sh
# Run a command beside a throwaway PostgreSQL server:
#
#   sh tests/pg/server.sh CMD [ARG...]
#
# The server lives in a new temporary directory: its cluster (initdb),
# its Unix socket and its log; no TCP port (listen_addresses=''), no
# durability (fsync=off and friends: a test server need not survive a
# crash), owned by the `postgres` user when run as root (the server
# refuses to run as root). CMD runs with COMPLAINT_TEST_PG set to a
# connection URI without a database name, "postgresql:///?host=DIR&
# user=postgres" (tests/e2e/lib.sh puts one in: postgresql:///NAME?...).
# When COMPLAINT_BIN names the binary, the database complaint_template
# gets the schema once, so that each test's CREATE DATABASE ... TEMPLATE
# is a file copy (COMPLAINT_TEST_PG_STRATEGY=FILE_COPY when the server
# has that choice). The server is stopped and the directory removed on
# every way out. Exit status: CMD's; 69 when PostgreSQL is not installed
# or the server does not start.
set -u

[ $# -gt 0 ] || { echo "usage: server.sh CMD [ARG...]" >&2; exit 64; }

# The newest server binaries: Debian keeps them out of PATH.
bindir=
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && bindir=$d
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
	bindir=$(dirname "$(command -v initdb)")
fi
if [ -z "$bindir" ] || ! command -v psql >/dev/null 2>&1; then
	echo "server.sh: PostgreSQL not installed (apt-get install postgresql libpq-dev)" >&2
	exit 69
fi
# The clients beside the server first: Debian's /usr/bin/psql and
# pg_dump are a Perl wrapper that costs some 25 ms of CPU a call, and the
# tests call psql a thousand times.
[ -x "$bindir/psql" ] && PATH=$bindir:$PATH && export PATH

dir=$(mktemp -d "${TMPDIR:-/tmp}/complaint-pg.XXXXXX") || exit 69
as=
if [ "$(id -u)" = 0 ]; then
	if ! id postgres >/dev/null 2>&1; then
		echo "server.sh: running as root needs the 'postgres' user to run the server" >&2
		rm -rf "$dir"
		exit 69
	fi
	chown postgres "$dir"
	chmod 0755 "$dir"
	as="runuser -u postgres --"
fi

started=0
stop() {
	if [ "$started" = 1 ]; then
		$as "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}
trap 'stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if ! $as "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
	echo "server.sh: initdb failed:" >&2
	tail -n 5 "$dir/initdb.log" >&2
	exit 69
fi
# Every setting for speed: nothing here must outlive the run.
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
autovacuum = off
jit = off
max_connections = 200
shared_buffers = 64MB
checkpoint_timeout = 30min
max_wal_size = 1GB
log_min_messages = warning
log_min_error_statement = panic
CONF
started=1
if ! $as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
    -t 60 start >/dev/null 2>&1; then
	echo "server.sh: the server did not start:" >&2
	tail -n 5 "$dir/server.log" >&2
	exit 69
fi

COMPLAINT_TEST_PG="postgresql:///?host=$dir&user=postgres"
export COMPLAINT_TEST_PG
if [ -n "${COMPLAINT_BIN:-}" ]; then
	# The schema is made by the first command that writes: escalate
	# --auto, with nothing to escalate, commits the schema alone (as
	# tests/e2e/lib.sh's empty_db makes an empty SQLite file).
	admin="postgresql:///postgres?host=$dir&user=postgres"
	tpl="postgresql:///complaint_template?host=$dir&user=postgres"
	psql -q -X -v ON_ERROR_STOP=1 "$admin" \
	    -c 'CREATE DATABASE complaint_template' >/dev/null &&
	    COMPLAINT_NOW=2026-01-01T00:00:00Z "$COMPLAINT_BIN" --db "$tpl" \
	    escalate --auto >/dev/null 2>&1
	if [ "$(psql -X -A -t -q "$tpl" -c 'SELECT count(*) FROM complaint.schema_version' 2>/dev/null)" = 1 ] &&
	    psql -q -X -v ON_ERROR_STOP=1 "$admin" \
	    -c "ALTER DATABASE complaint_template IS_TEMPLATE true" >/dev/null; then
		COMPLAINT_TEST_PG_TEMPLATE=complaint_template
		export COMPLAINT_TEST_PG_TEMPLATE
		# Copied file by file (PostgreSQL 15's default copies the
		# pages through the WAL): half the server's CPU a database.
		if [ "$(psql -X -A -t -q "$admin" -c 'SHOW server_version_num')" -ge 150000 ] 2>/dev/null; then
			COMPLAINT_TEST_PG_STRATEGY=FILE_COPY
			export COMPLAINT_TEST_PG_STRATEGY
		fi
	fi
fi
"$@"
