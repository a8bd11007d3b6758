#!/bin/bash
# The bash completion: run _complaint with COMP_WORDS and COMP_CWORD set
# as bash sets them, and check COMPREPLY. Every candidate comes from the
# binary, so these also prove the scripts follow the configuration.
. "$(dirname "$0")/lib.sh"

# shellcheck source=/dev/null
. "$TESTS_SRCDIR/completions/complaint.bash"

# complete WORD... : COMPREPLY for the last word, one line each, sorted.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_complaint
	if [ ${#COMPREPLY[@]} -gt 0 ]; then
		printf '%s\n' "${COMPREPLY[@]}" | sort
	fi
}

# reply_is DESC EXPECTED WORD...: the sorted replies are EXPECTED.
reply_is() {
	desc=$1 want=$2
	shift 2
	got=$(complete_words "$@")
	if [ "$got" = "$(printf '%s\n' "$want" | sed '/^$/d' | sort)" ]; then
		pass "$desc"
	else
		fail "$desc"
		printf '#   want: %s\n#   got:  %s\n' "$(echo $want)" "$(echo $got)"
	fi
}

assert "complete -F _complaint is registered" complete -p complaint

reply_is "commands" "$(complaint --list-cmds; echo help)" complaint ""
reply_is "commands by prefix" "letter
list
log" complaint l
reply_is "commands after global options" "list" complaint --db "$T/x.db" li
reply_is "global options" "--as
--config
--db
--help
--idempotency-key
--version" complaint --
reply_is "commands after --idempotency-key KEY" "list" complaint --idempotency-key k-1 li
reply_is "no values offered for a key" "" complaint --idempotency-key ""
reply_is "options of log" "$(complaint log --list-options | sed 's/=$//'; echo --help)" complaint log --
reply_is "mail among the commands" "mail" complaint ma
reply_is "options of mail" "--channel
--help" complaint mail --
reply_is "channels after mail --channel" "$(complaint --list-values channels)" complaint mail --channel ""
reply_is "mail takes no operand" "" complaint mail ""
reply_is "--send of ack" "--send" complaint ack 1 --se
reply_is "--send of resolve" "--send" complaint resolve 1 --sen
reply_is "--send and --sent of letter" "--send
--sent" complaint letter 1 --sen
reply_is "options of verify" "--head
--help
--quiet" complaint verify --
reply_is "options of log by prefix" "--customer
--customer-id" complaint log --cus
reply_is "channels after --channel" "phone
chat
email
letter
in-person
social
web" complaint log --channel ""
reply_is "channels by prefix" "in-person" complaint log --customer Ann --channel i
reply_is "--channel=VALUE in one word" "email" complaint log --channel=e
reply_is "--channel=VALUE split at =" "email" complaint log --channel = e
reply_is "categories with spaces are quoted" 'service\ issue
staff\ conduct' complaint list --category s
reply_is "formats of list" "table
tsv
csv
json
ndjson" complaint list --format ""
reply_is "formats of show, from its usage" "table
json" complaint show --format ""
reply_is "levels" "frontline
complaint-manager
senior-management
independent-review" complaint list --level ""
reply_is "statuses and open after list --status" "new
acknowledged
assessed
resolved
closed
open" complaint list --status ""
reply_is "open by prefix" "open" complaint list --status o
reply_is "the last of a comma-separated --status" "new,acknowledged
new,assessed" complaint list --status new,a
reply_is "report --by fields" "category
channel" complaint report --by c
reply_is "report --by all fields" "$(complaint --list-values fields)" complaint report --by ""
reply_is "the second --by field" "category,month" complaint report --by category,m
reply_is "report --return kinds" "fca
asic-idr" complaint report --return ""
reply_is "report --as-of is an option" "--as-of" complaint report --as
reply_is "commands after help" "show" complaint help sh
reply_is "config subcommands" "check
show" complaint config ""
reply_is "no refs without a database" "" complaint show ""
on_sqlite assert "completion created no database" test ! -e "$COMPLAINT_DB"

complaint log --customer Ann --channel phone >/dev/null
complaint log --customer Bob --channel chat --resolution "refunded" >/dev/null
complaint log --customer Cy --channel web >/dev/null
complaint --as carol log --customer Di --channel web --owner dave >/dev/null
reply_is "show offers every recent ref, resolved too" "CMP-000001
CMP-000002
CMP-000003
CMP-000004" complaint show ""
reply_is "refs by prefix" "CMP-000003" complaint note CMP-000003
reply_is "note offers a resolved ref" "CMP-000002" complaint note CMP-000002
reply_is "followup REF offers a resolved ref" "CMP-000002" complaint followup CMP-000002
reply_is "refs after show --format json" "CMP-000001
CMP-000002
CMP-000003
CMP-000004" complaint show --format json ""
reply_is "refs after --repeat-of, resolved too" "CMP-000001
CMP-000002
CMP-000003
CMP-000004" complaint log --repeat-of ""
reply_is "ack offers open refs only" "CMP-000001
CMP-000003
CMP-000004" complaint ack ""
reply_is "reopen offers resolved and closed refs only" "CMP-000002" complaint reopen ""
reply_is "review REF offers resolved and closed refs only" "CMP-000002" complaint review ""
reply_is "owners and actors seen after --owner" "alice
carol
dave" complaint list --owner ""
reply_is "--owner by prefix" "dave" complaint followup --due --owner d
reply_is "names seen after the global --as" "carol" complaint --as c
reply_is "no ref for note's TEXT" "" complaint note CMP-000001 ""
reply_is "no operands for list" "" complaint list ""

# Values follow --config and --db typed before the command.
cat >"$T/conf.yaml" <<'YAML'
reference_prefix: ACME
channels: [phone, fax]
YAML
reply_is "channels of --config" "phone
fax" complaint --config "$T/conf.yaml" log --channel ""
reply_is "refs of --config's prefix" "ACME-000001
ACME-000002
ACME-000003
ACME-000004" complaint --config="$T/conf.yaml" show ""
reply_is "refs of another --db" "" complaint --db "$T/other.db" show ""
assert "completion created no other database" test ! -e "$T/other.db"

done_testing
