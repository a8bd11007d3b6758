#!/bin/bash
# complaint mcp: the Model Context Protocol over stdio, driven by a small
# client speaking JSON-RPC 2.0 over pipes (tests/e2e/mcp-client.py).
. "$(dirname "$0")/lib.sh"

python3 "$TESTS_SRCDIR/tests/e2e/mcp-client.py" "$COMPLAINT_BIN" >"$T/client" 2>"$T/err"
rc=$?
# The client's own checks, named as this script's.
sed "s/^\\(not \\)\\{0,1\\}ok - /&$test_name: /" "$T/client"
n_pass=$((n_pass + $(grep -c '^ok - ' "$T/client")))
n_fail=$((n_fail + $(grep -c '^not ok - ' "$T/client")))
assert "the client ran to its end" [ "$rc" -eq 0 ]
assert "the client wrote nothing on stderr" [ ! -s "$T/err" ]

# What the calls did is in the database, as if typed.
expect 0 "show after the session" complaint show 1 --format json
out_has '"customer":"Ann Smith"'
expect 0 "history" complaint show 1
out_has "--not an option"

# No arguments; a usage error is the command's own.
expect 64 "mcp takes no arguments" complaint mcp extra
err_has "no arguments are taken"

# Global options reach the commands the tools run.
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log","arguments":{"customer":"Bo","channel":"chat"}}}' |
	"$COMPLAINT_BIN" --db "$T/other.db" --as bob mcp >"$T/out"
out_has '"text":"CMP-000001"'
expect 0 "the other database has it" complaint --db "$T/other.db" show 1 --format json
out_has '"owner":"bob"'

done_testing
