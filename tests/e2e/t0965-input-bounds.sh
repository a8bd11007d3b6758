#!/bin/bash
# Bounds on what users type (issue 12, low findings): --as and --owner
# are names on one line; amounts stay within what report's sum carries,
# and the sum is checked; years run from 1900 to 9999; list --limit and
# --status refuse what they cannot mean. Each refusal is one line, its
# exit status, and the database as it was.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone -m seed >/dev/null
db_snapshot

refused() {
	want=$1 frag=$2 desc=$3
	shift 3
	expect "$want" "$desc" "$@"
	err_has "$frag" "$desc: says '$frag'"
	err_lines 1
	db_unchanged "$desc: database unchanged"
}

refused 65 "--as contains a control character" "--as with a newline" \
    complaint --as $'alice\nroot' log --customer Bob --channel phone
refused 65 "--as contains a control character" "--as with an escape" \
    complaint --as $'alice\e[2J' note 1 "x"
refused 65 "--as is not valid UTF-8" "--as in Latin-1" \
    complaint --as "$(printf 'Zo\xeb')" log --customer Bob --channel phone
refused 65 "--as is blank" "--as of blanks" \
    complaint --as "    " log --customer Bob --channel phone
COMPLAINT_USER=$'bob\r' refused 65 "COMPLAINT_USER contains a control character" \
    "COMPLAINT_USER with a carriage return" complaint log --customer Bob --channel phone
refused 65 "--owner contains a control character" "log --owner with a newline" \
    complaint log --customer Bob --channel phone --owner $'carol\ncarol'
expect 0 "--as with stray spaces is stored trimmed" complaint --as "  Dana   Scully " note 1 "checked"
expect 0 "the note's actor" complaint show 1 --format json
out_has '"actor":"Dana Scully"'
db_snapshot

# Amounts.
refused 65 "amount '9999999999999.99' is too large (at most 999999999.99)" \
    "an amount whose sum would overflow" \
    complaint resolve 1 --resolution "Refunded" --amount 9999999999999.99
expect 0 "the largest amount" complaint resolve 1 --resolution "Refunded" --amount 999999999.99
complaint log --customer "Cy" --channel phone >/dev/null
complaint resolve 2 --resolution "Refunded" --amount 999999999.99 >/dev/null
expect 0 "report adds the largest amounts up" complaint report --format json
out_has '"redress":1999999999.98'
# A file edited by hand may hold anything: the sum is checked, not wrapped.
db_query "UPDATE complaint SET amount = 9000000000000000000"
expect 65 "report refuses a redress it cannot add up" complaint report
err_has "the redress total is too large to add up"
err_lines 1
db_snapshot

# Years from 1900 to 9999.
refused 65 "accepted: years 1900 to 9999" "--received in year 0" \
    complaint log --customer Bob --channel phone --received 0000-01-01
refused 65 "accepted: years 1900 to 9999" "--received before 1900" \
    complaint log --customer Bob --channel phone --received 1899-12-31T12:00:00Z
refused 65 "accepted: years 1900 to 9999" "--since in year 1" \
    complaint list --since 0001-01-01
refused 65 "accepted: years 1900 to 9999" "ack --eta in year 0" \
    complaint ack 1 --eta 0000-06-01
expect 0 "1900 itself is accepted" complaint log --customer Bob --channel phone --received 1900-01-01
expect 0 "report --by month labels it as a year" complaint report --by month --format tsv --since 1900-01-01 --until 1900-02-01
out_has "1900-01"
db_snapshot

# list --limit and --status.
refused 65 "invalid limit '99999999999999999999'" "list --limit past 64 bits" \
    complaint list --limit 99999999999999999999
refused 65 "empty status" "list --status ''" complaint list --status ''
refused 65 "empty status in 'new,'" "list --status with an empty item" complaint list --status new,
expect 0 "list --limit at the largest" complaint list --limit 9223372036854775807 --format tsv
out_has "CMP-000001"

done_testing
