#!/bin/bash
# Terminal injection (SPEC 7): stored or typed text never reaches a
# terminal or stderr with its control characters; they show escaped (\e,
# \x07). Letters for a mailer keep newlines and tabs only. Machine
# formats escape in their own way and are unchanged.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
# Whether FILE has a control character other than newline and tab.
clean() { assert "$1" sh -c '! LC_ALL=C grep -q "$(printf "[\001-\010\013-\037\177]")" "$1"' _ "$2"; }

payload=$(printf 'Ann\033]0;pwned\a\033[2J')
forged=$(printf 'x\033[1;1H\033[2Kforged')
expect 0 "log stores the payload as typed" complaint log --customer "$payload" --channel phone -m "$forged" --details "$(printf 'line one\r\nline two\ttab\033[5m')"
complaint show 1 --format json >json1
assert "json escapes the payload (unchanged)" grep -qF '"customer":"Ann\u001b]0;pwned\u0007\u001b[2J"' json1

expect 0 "show" complaint show 1
clean "show prints no control character" "$T/out"
out_has 'customer           Ann\e]0;pwned\x07\e[2J' "show escapes the customer"
out_has 'summary            x\e[1;1H\e[2Kforged' "show escapes the summary"
out_has '    line one' "details keep their lines"
out_has 'line two	tab\e[5m' "details keep tabs, escape the rest"

# The open-complaint warning names the customer.
expect 0 "a second complaint of the same customer" complaint log --customer "$payload" --channel email
err_has 'warning: Ann\e]0;pwned\x07\e[2J already has open complaints'
clean "the warning has no control character" "$T/err"
err_lines 1

# ack to a pipe: the letter for a mailer.
expect 0 "ack prints the letter" complaint ack 1
clean "the letter has no control character but newline and tab" "$T/out"
out_has 'Ann\e]0;pwned\x07\e[2J'
assert "the letter keeps its lines" [ "$(wc -l <"$T/out")" -gt 1 ]

# followup --script.
complaint resolve 1 --resolution "$(printf 'Sent\033[8m hidden')" >/dev/null
expect 0 "followup --script" complaint followup 1 --script
clean "the script has no control character" "$T/out"
out_has 'Ann\e]0;pwned\x07\e[2J'

# escalate's call-back line names the owner: a stored owner, as an
# import or an older version may have left it.
db_query "UPDATE complaint SET owner = 'bob${ESC}[2J' WHERE id = 2" >/dev/null 2>&1
if [ "$(db_query "SELECT owner FROM complaint WHERE id = 2")" = "bob${ESC}[2J" ]; then
	expect 0 "escalate by hand" complaint escalate 2 --to complaint-manager --reason "chased"
	err_has 'owner bob\e[2J owes a call-back'
	clean "the call-back line has no control character" "$T/err"
	expect 0 "list on a pipe (tsv) keeps its own escaping" complaint list --format tsv
	out_has "bob${ESC}[2J" "tsv carries the stored bytes, as before"
fi

# import: a CFPB Product is a category, warned about as a new value.
H='Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID'
printf '%s\n11/02/2026,Mort\033[2Jgage,,Late,,,,Acme,NY,10001,,,Web,11/03/2026,Closed with explanation,Yes,N/A,9001\n' "$H" >cfpb.csv
expect 0 "import" complaint import cfpb.csv
err_has "new category 'Mort\e[2Jgage'"
clean "import's warnings have no control character" "$T/err"

# Error messages that echo input: one line, escaped.
expect 65 "show with a newline in the reference" complaint show "$(printf '1\n ')"
err_lines 1
clean "the error has no control character" "$T/err"
err_has '\n'
expect 64 "an unknown command with an escape" complaint "$(printf 'x\033]0;t\a')"
err_has "unknown command 'x\e]0;t\x07'"
err_lines 1

# On a terminal: the table escapes too.
if command -v script >/dev/null 2>&1; then
	script -qec "stty cols 200; $(printf '%q ' "$COMPLAINT_BIN" list)" /dev/null </dev/null >raw 2>&1
	tr -d '\r' <raw >"$T/out"
	out_has 'Ann\e]0;pwned\x07\e[2J' "the table escapes stored text"
	assert "no title or clear-screen sequence reaches the terminal" sh -c '! grep -qF "$(printf "\033]0;")" "$1" && ! grep -qF "$(printf "\033[2J")" "$1"' _ "$T/out"
	script -qec "stty cols 200; $(printf '%q ' "$COMPLAINT_BIN" show 1)" /dev/null </dev/null >raw 2>&1
	tr -d '\r' <raw >"$T/out"
	assert "show on a terminal: no escape sequence from the data" sh -c '! grep -qF "$(printf "\033]0;")" "$1" && ! grep -qF "$(printf "\033[2J")" "$1"' _ "$T/out"
fi
done_testing
