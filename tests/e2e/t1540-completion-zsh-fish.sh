#!/bin/bash
# The zsh and fish completions load in their shells without error and
# offer what t1530 checks of bash: zsh's _complaint run with stub compadd
# and compset, fish through `complete -C`. A shell that is not installed is noted and skipped (.ci/run
# installs both).
. "$(dirname "$0")/lib.sh"

COMPL="$TESTS_SRCDIR/completions"
mkdir -p "$T/bin"
ln -s "$COMPLAINT_BIN" "$T/bin/complaint"
PATH="$T/bin:$PATH"

if command -v zsh >/dev/null 2>&1; then
	expect 0 "_complaint parses (zsh -n)" zsh -n "$COMPL/_complaint"
	expect 0 "compinit picks up _complaint for complaint" zsh -f -c '
	    fpath=("$1" $fpath)
	    autoload -Uz compinit && compinit -u -D
	    [[ $_comps[complaint] == _complaint ]]' zsh "$COMPL"
	err_lines 0
	# _complaint outside a completion widget: compadd and compset are
	# stubs that print what would be offered (zsh filters by prefix).
	zsh_complete() {
		want=$1
		shift
		run zsh -f -c '
		    compadd() {
			if [[ $1 == -a ]]; then print -l -- ${(P)2}
			else shift; print -l -- "$@"; fi
		    }
		    compset() { return 1 }
		    _files() { print FILES }
		    words=("$@"); CURRENT=$#; PREFIX=${@[-1]}
		    source "$0/_complaint"' "$COMPL" "$@"
		sed '/^$/d' "$T/out" | sort >"$T/got"
		printf '%s\n' "$want" | sed '/^$/d' | sort >"$T/want"
		if [ "$status" -eq 0 ] && cmp -s "$T/want" "$T/got" &&
		    [ ! -s "$T/err" ]; then
			pass "zsh: $*"
		else
			fail "zsh: $*"
			diff "$T/want" "$T/got" | head -n 5 | sed 's/^/#   /'
		fi
	}
	zsh_complete "$(complaint --list-values status-filters)" complaint list --status ""
	zsh_complete "$(complaint --list-values fields)" complaint report --by ""
	zsh_complete "$(complaint --list-values channels)" complaint mail --channel ""
	complaint --db "$T/z.db" log --customer Ann --channel phone --owner dave >/dev/null
	complaint --db "$T/z.db" log --customer Bob --channel chat --resolution done >/dev/null
	zsh_complete "CMP-000002" complaint --db "$T/z.db" reopen ""
	zsh_complete "CMP-000001
CMP-000002" complaint --db "$T/z.db" note ""
	zsh_complete "CMP-000001" complaint --db "$T/z.db" ack ""
	zsh_complete "alice
dave" complaint --db "$T/z.db" list --owner ""
	zsh_complete "alice
dave" complaint --db "$T/z.db" --as ""
else
	echo "# skip: zsh is not installed"
fi

if command -v fish >/dev/null 2>&1; then
	expect 0 "complaint.fish parses (fish --no-execute)" \
	    fish --no-execute "$COMPL/complaint.fish"
	fish_complete() {
		run fish -c "source '$COMPL/complaint.fish'; complete -C '$1'"
		sed 's/\t.*//' "$T/out" | sort >"$T/got"
		printf '%s\n' "$2" | sed '/^$/d' | sort >"$T/want"
		if [ "$status" -eq 0 ] && cmp -s "$T/want" "$T/got" &&
		    [ ! -s "$T/err" ]; then
			pass "fish: $1"
		else
			fail "fish: $1"
			diff "$T/want" "$T/got" | head -n 5 | sed 's/^/#   /'
		fi
	}
	fish_complete "complaint " "$(complaint --list-cmds; echo help)"
	fish_complete "complaint log --cus" "--customer
--customer-id"
	fish_complete "complaint log --channel " "$(complaint --list-values channels)"
	fish_complete "complaint mail --" "--channel
--help"
	fish_complete "complaint ack 1 --se" "--send"
	fish_complete "complaint letter 1 --sen" "--send
--sent"
	fish_complete "complaint log --channel=e" "--channel=email"
	fish_complete "complaint list --category s" "service issue
staff conduct"
	fish_complete "complaint show --format " "table
json"
	fish_complete "complaint config " "check
show"
	complaint log --customer Ann --channel phone >/dev/null
	complaint log --customer Bob --channel chat --resolution done >/dev/null
	fish_complete "complaint show " "CMP-000001
CMP-000002"
	fish_complete "complaint ack " "CMP-000001"
	fish_complete "complaint reopen " "CMP-000002"
	fish_complete "complaint review " "CMP-000002"
	fish_complete "complaint followup " "CMP-000001
CMP-000002"
	fish_complete "complaint list --status o" "open"
	fish_complete "complaint list --status new,a" "new,acknowledged
new,assessed"
	fish_complete "complaint report --by m" "month"
	fish_complete "complaint list --owner " "alice"
	fish_complete "complaint --as " "alice"
	fish_complete "complaint note 1 " ""
else
	echo "# skip: fish is not installed"
fi

done_testing
