#!/bin/bash
# The bad-input catalogue: options, values, references, times, files,
# configurations and templates that every command must refuse, each with
# its exit code and a fragment of its one-line message, and a digest of
# the database before and after proving that nothing changed.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone -m "seed" >/dev/null
complaint log --customer "Bob" --channel email >/dev/null
me=$(db_account)
printf 'roles:\n  managers: [carol]\n  delegates: ["%s"]\n' "$me" >"$T/roles.yaml"
printf 'roles:\n  managers: ["%s"]\n' "$me" >"$T/nodelegates.yaml"
printf 'timezone: [\n' >"$T/broken.yaml"
printf 'no_such_key: 1\n' >"$T/unknown-key.yaml"
printf 'timezone: Mars/Olympus\n' >"$T/bad-zone.yaml"
printf 'deadlines:\n  resolve: 8 fortnights\n' >"$T/bad-duration.yaml"
printf 'templates:\n  acknowledgement: "Dear {nobody}"\n' >"$T/bad-template.yaml"
printf 'templates:\n  acknowledgement: "Dear {customer"\n' >"$T/open-template.yaml"
printf 'channels: []\n' >"$T/empty-list.yaml"
printf 'calendar:\n  opens: "18:00"\n  closes: "09:00"\n' >"$T/bad-hours.yaml"
printf 'busy_timeout: -5\n' >"$T/bad-busy.yaml"
printf '\xff\xfe not utf-8\n' >"$T/binary.yaml"
printf 'not a database, just text\n' >"$T/text.db"
printf 'bad \xff utf-8\n' >"$T/bad-utf8.txt"
mkdir "$T/adir"
db_snapshot
n=0

# bad STATUS FRAGMENT ARGS...: refused with STATUS, one line naming
# the problem, and the database as it was.
bad() {
	want=$1 frag=$2
	shift 2
	n=$((n + 1))
	expect "$want" "bad input $n: complaint $*" complaint "$@"
	err_has "$frag" "bad input $n: message has '$frag'"
	err_lines 1
	db_unchanged "bad input $n: database unchanged"
}

# Global options and commands.
bad 64 "unknown command 'lgo'" lgo
bad 64 "unknown command" frobnicate
bad 64 "--db" --db
bad 64 "unknown option" --nonsense list

# log: options and values.
bad 64 "--customer is required" log --channel phone
bad 64 "--channel is required" log --customer Ann
bad 64 "unknown option" log --customer Ann --channel phone --colour red
bad 64 "option '--channel' needs a value" log --customer Ann --channel
bad 65 "unknown channel 'pigeon'" log --customer Ann --channel pigeon
bad 65 "unknown category 'weather'" log --customer Ann --channel phone --category weather
bad 65 "customer" log --customer "" --channel phone
bad 65 "--owner is blank" log --customer Ann --channel phone --owner ""
bad 65 "time" log --customer Ann --channel phone --received yesterdayish
bad 65 "time" log --customer Ann --channel phone --received 2026-13-45
bad 65 "time" log --customer Ann --channel phone --received "2026-11-19T25:00:00Z"
bad 65 "future" log --customer Ann --channel phone --received 2030-01-01
bad 64 "details once" log --customer Ann --channel phone --details x --details-file "$T/bad-utf8.txt"
bad 66 "cannot read" log --customer Ann --channel phone --details-file "$T/missing.txt"
bad 74 "cannot read" log --customer Ann --channel phone --details-file "$T/adir"
bad 65 "UTF-8" log --customer Ann --channel phone --details-file "$T/bad-utf8.txt"
bad 65 "UTF-8" log --customer "$(printf 'A\xffn')" --channel phone
bad 65 "reference" log --customer Ann --channel phone --repeat-of "CMP-zz"
bad 66 "no complaint 'CMP-000099'" log --customer Ann --channel phone --repeat-of CMP-000099
bad 64 "--repeat" log --customer Ann --channel phone --repeat --repeat-of 1
bad 65 "years 1900 to 9999" log --customer Ann --channel phone --received 0000-01-01
bad 65 "years 1900 to 9999" log --customer Ann --channel phone --received 1899-12-31T23:00:00Z
bad 65 "--owner contains a control character" log --customer Ann --channel phone --owner $'bob\tx'
bad 65 "owner is not valid UTF-8" log --customer Ann --channel phone --owner "$(printf 'b\xffb')"

# --as and COMPLAINT_USER: a name on one line, in UTF-8, not blank.
bad 65 "--as is not valid UTF-8" --as "$(printf 'al\xffice')" log --customer Ann --channel phone
bad 65 "--as contains a control character" --as $'alice\tbob' log --customer Ann --channel phone
bad 65 "--as contains a control character" --as $'alice\x7f' list
bad 65 "--as is blank" --as "   " log --customer Ann --channel phone
COMPLAINT_USER=$'a\tb' bad 65 "COMPLAINT_USER contains a control character" log --customer Ann --channel phone

# Amounts that the report's sum could not carry.
bad 65 "amount '9999999999999.99' is too large (at most 999999999.99)" resolve 1 --resolution x --amount 9999999999999.99
bad 65 "too large" resolve 1 --resolution x --amount 1000000000

# show.
bad 64 "reference" show
bad 65 "reference" show "CMP-"
bad 65 "reference" show "; DROP TABLE complaint"
bad 66 "no complaint 'CMP-000042'" show 42
bad 65 "invalid reference '0'" show 0
bad 64 "format" show 1 --format yaml
bad 64 "unknown option" show 1 --verbose

# list.
bad 64 "format" list --format xml
bad 65 "status" list --status pending
bad 65 "level 'galaxy'" list --level galaxy
bad 65 "time" list --since "last tuesday"
bad 65 "time" list --until 2026-02-30
bad 65 "limit" list --limit -3
bad 65 "limit" list --limit lots
bad 65 "invalid limit '99999999999999999999'" list --limit 99999999999999999999
bad 65 "empty status" list --status ''
bad 65 "years 1900 to 9999" list --since 0000-01-01
bad 65 "--owner contains a control character" list --owner $'alice\tbob'
bad 64 "unexpected argument" list everything

# note.
bad 64 "a reference and the text are required" note 1
bad 64 "too many arguments" note 1 two words
bad 65 "the note is empty" note 1 "   "
bad 66 "no complaint 'CMP-000077'" note 77 "hello"
bad 65 "reference" note "CMP-1-2" "hello"
bad 65 "UTF-8" note 1 "$(printf 'bad \xc3')"

# erase.
bad 64 "--reason is required" erase --ref 1
bad 64 "exactly one of --customer and --ref" erase --reason x
bad 65 "the reason is empty" erase --ref 1 --reason ""
bad 66 "no complaints for customer 'Zed'" erase --customer Zed --reason x
bad 77 "may not erase personal data" --config "$T/roles.yaml" erase --ref 1 --reason x
bad 77 "may not act as bob: only the accounts of roles.delegates" --config "$T/nodelegates.yaml" --as bob note 1 x
bad 77 "may not act as alice" --config "$T/nodelegates.yaml" list

# verify and backup.
bad 64 "unexpected argument" verify now
bad 65 "invalid head 'xyz' (expected the 64 hexadecimal digits" verify --head xyz
bad 65 "is not in the chain" verify --head 0000000000000000000000000000000000000000000000000000000000000000
bad 64 "needs a value" verify --head
bad 64 "the file to write is required" backup
bad 73 "exists; a backup never overwrites" backup "$T/text.db"
bad 73 "cannot create" backup "$T/no/dir/copy.db"

# Databases that are not usable.
bad 73 "is a directory" --db "$T/adir" list
bad 74 "is corrupt or not a database" --db "$T/text.db" list
bad 74 "is corrupt or not a database" --db "$T/text.db" log --customer Ann --channel phone
bad 66 "no database '$T/typo.db'" --db "$T/typo.db" verify
bad 66 "no database '$T/typo.db'" --db "$T/typo.db" show 1
bad 65 "unknown channel" --db "$T/typo.db" log --customer Ann --channel pigeon
bad 64 "--channel is required" --db "$T/typo.db" log --customer Ann
assert "no database created by a read or a refusal" [ ! -e "$T/typo.db" ]
: >"$T/zero.db"
bad 66 "no complaint database in '$T/zero.db': the file is empty" --db "$T/zero.db" verify

# Configurations.
bad 66 "missing.yaml" --config "$T/missing.yaml" list
bad 78 "broken.yaml:" --config "$T/broken.yaml" list
bad 78 "no_such_key" --config "$T/unknown-key.yaml" log --customer Ann --channel phone
bad 78 "Mars/Olympus" --config "$T/bad-zone.yaml" list
bad 78 "fortnights" --config "$T/bad-duration.yaml" log --customer Ann --channel phone
bad 78 "nobody" --config "$T/bad-template.yaml" list
bad 78 "bad-hours.yaml:" --config "$T/bad-hours.yaml" list
bad 78 "empty-list.yaml:" --config "$T/empty-list.yaml" list
bad 78 "bad-busy.yaml:" --config "$T/bad-busy.yaml" list
bad 78 "binary.yaml" --config "$T/binary.yaml" list
bad 78 "unterminated placeholder '{customer'" --config "$T/open-template.yaml" list
# Hostile configurations: each limit is a problem at FILE:LINE:COL.
{
	printf 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
	for i in 1 2 3 4 5 6 7 8; do
		printf 'a%d: &a%d [' "$i" "$i"
		for j in 1 2 3 4 5 6 7 8 9 10; do
			printf '*a%d, ' "$((i - 1))"
		done
		printf 'x]\n'
	done
	printf 'channels: *a8\n'
} >"$T/alias-bomb.yaml"
{
	printf 'channels: '
	head -c 100000 /dev/zero | tr '\0' '['
	head -c 100000 /dev/zero | tr '\0' ']'
	printf '\n'
} >"$T/deep.yaml"
{
	printf 'channels: [x'
	head -c 300000 /dev/zero | sed 's/\x0/, x/g'
	printf ']\n'
} >"$T/long-list.yaml"
bad 78 "alias-bomb.yaml:4:45: aliases stand for more than 10000 nodes" --config "$T/alias-bomb.yaml" list
bad 78 "deep.yaml:1:42: lists and mappings nested more than 32 deep" --config "$T/deep.yaml" list
bad 78 "long-list.yaml:1:30012: a list with more than 10000 entries" --config "$T/long-list.yaml" list
bad 78 "/dev/zero:1:1: the configuration is larger than 1048576 bytes" --config /dev/zero list
expect 78 "config check of /dev/zero" complaint config check /dev/zero
err_has "/dev/zero:1:1: the configuration is larger than 1048576 bytes"
bad 64 "check or show" config
bad 64 "unknown subcommand 'edit'" config edit

# Control characters in what a message echoes back (SPEC 7): one line,
# shown escaped, no byte that could drive the terminal.
bad_ctl() {
	want=$1 frag=$2
	shift 2
	n=$((n + 1))
	# The description itself quoted, so the test's own output is clean.
	expect "$want" "bad input $n: complaint $(printf '%q ' "$@")" complaint "$@"
	err_has "$frag" "bad input $n: message has '$frag'"
	err_lines 1
	db_unchanged "bad input $n: database unchanged"
	assert "bad input $n: no raw control character on stderr" \
	    sh -c '! LC_ALL=C grep -q "$(printf "[\001-\011\013-\037\177]")" "$1"' _ "$T/err"
}
bad_ctl 65 "invalid reference '1\n'" show $'1\n'
bad_ctl 65 "invalid reference '1\n2'" show $'1\n2'
bad_ctl 65 "'CMP-1\e[2J'" note "$(printf 'CMP-1\033[2J')" hello
bad_ctl 64 "unknown command 'x\e]0;pwned\x07'" "$(printf 'x\033]0;pwned\a')"
bad_ctl 64 "unknown option '--x\r\e[1A'" list "$(printf -- '--x\r\033[1A')"
bad_ctl 65 "unknown channel 'ph\e[8mone'" log --customer Ann --channel "$(printf 'ph\033[8mone')"
bad_ctl 65 "unknown level '\u009b31m'" list --level "$(printf '\302\23331m')"
bad_ctl 65 "unknown category 'a\tb'" log --customer Ann --channel phone --category "$(printf 'a\tb')"
bad_ctl 66 "\e[2J" --config "$(printf '%s/x\033[2J.yaml' "$T")" list

# init never overwrites.
bad 73 "exists" init "$T/roles.yaml"

echo "# $n bad inputs"
assert "at least 60 bad inputs in the catalogue" [ "$n" -ge 60 ]
expect 0 "the database still verifies" complaint verify

done_testing
