#!/bin/bash
# Dispatch and global behaviour: help, version, unknown commands and
# options, exit codes, write errors.
. "$(dirname "$0")/lib.sh"

expect 0 "--version" complaint --version
out_has "complaint 0."
expect 64 "no command is a usage error" complaint
err_has "usage: complaint"
expect 0 "help lists the commands" complaint help
for c in log show list note init config; do out_has "   $c" "help lists $c"; done
expect 0 "help COMMAND" complaint help log
out_has "usage: complaint log"
expect 0 "COMMAND --help" complaint log --help
out_has "usage: complaint log"
expect 0 "COMMAND -h" complaint list -h
out_has "usage: complaint list"
expect 64 "unknown command" complaint lgo
err_has "unknown command 'lgo'; did you mean 'log'?"
expect 64 "unknown command, prefix" complaint sh
err_has "'show'"
expect 64 "help for an unknown command" complaint help nosuch
expect 64 "unknown global option" complaint --bogus list
err_has "unknown option '--bogus'"
expect 64 "global option without its value" complaint --db
expect 64 "unknown command option" complaint list --bogus
err_has "list: unknown option '--bogus'"
expect 64 "missing option value" complaint list --owner
err_has "needs a value"
expect 0 "--list-cmds for completion" complaint --list-cmds
out_has "log"
expect 0 "--list-options for completion" complaint log --list-options
out_has "--customer="

# Every command answers -h with its usage, without a database.
for c in $(complaint --list-cmds); do
	expect 0 "$c -h" env COMPLAINT_DB=/nonexistent/x.db "$COMPLAINT_BIN" "$c" -h
	out_has "usage: complaint $c" "$c -h shows its usage"
done

# Global options and their variables.
complaint --db "$T/a.db" log --customer Ann --channel phone >/dev/null
assert "--db wins over COMPLAINT_DB" test -f "$T/a.db"
on_sqlite assert "--db does not touch COMPLAINT_DB" test ! -f "$COMPLAINT_DB"
expect 0 "--as sets the owner" complaint --db "$T/a.db" --as bob log --customer Bo --channel chat
expect 0 "show as json" complaint --db "$T/a.db" show 2 --format json
out_has '"owner":"bob"'
expect 0 "COMPLAINT_USER sets the owner" env COMPLAINT_USER=carol "$COMPLAINT_BIN" --db "$T/a.db" log --customer C --channel web
complaint --db "$T/a.db" show 3 --format json >"$T/out"
out_has '"owner":"carol"'
expect 0 "the account is the fallback, not \$USER" env -u COMPLAINT_USER USER=dave "$COMPLAINT_BIN" --db "$T/a.db" log --customer D --channel web
complaint --db "$T/a.db" show 4 --format json >"$T/out"
out_has "\"owner\":\"$(id -un)\""

# The default database lives under XDG_DATA_HOME, created by the first
# command that writes; one that only reads never creates it.
expect 66 "no default database to list yet" env -u COMPLAINT_DB XDG_DATA_HOME="$T/xdg" "$COMPLAINT_BIN" list
err_has "no database '$T/xdg/complaint/complaints.db'"
assert "listing created nothing" test ! -e "$T/xdg"
expect 0 "default database under XDG_DATA_HOME" env -u COMPLAINT_DB XDG_DATA_HOME="$T/xdg" "$COMPLAINT_BIN" log --customer X --channel phone
assert "XDG database created" test -f "$T/xdg/complaint/complaints.db"
expect 0 "default database under ~/.local/share" env -u COMPLAINT_DB "$COMPLAINT_BIN" log --customer X --channel phone
assert "home database created" test -f "$HOME/.local/share/complaint/complaints.db"

# A malformed COMPLAINT_NOW is a usage error.
expect 64 "bad COMPLAINT_NOW" env COMPLAINT_NOW=yesterday "$COMPLAINT_BIN" list
err_has "COMPLAINT_NOW"

# Writing to a full device is an I/O error, not a silent success.
if [ -w /dev/full ]; then
	expect 74 "write error on stdout" sh -c '"$0" --db "$1" list --format tsv >/dev/full' "$COMPLAINT_BIN" "$T/a.db"
	err_has "write error"
	expect 74 "write error on --version" sh -c '"$0" --version >/dev/full' "$COMPLAINT_BIN"
fi
done_testing
