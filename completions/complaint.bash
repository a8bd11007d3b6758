# bash completion for complaint(1).
#
# Everything is asked of the binary itself, so that completion cannot
# drift from the code or the configuration in force: the commands from
# `complaint --list-cmds`, the options from `complaint CMD --list-options`,
# values from `complaint --list-values KIND` (channels, categories,
# severities, levels, remedies, status-filters, report fields, names of
# owners and actors seen, and refs:CMD, the references CMD accepts: open
# ones for ack, resolved or closed ones for reopen and review, any recent
# one for show, note, followup), and fixed choices (--format table|json,
# --outcome ...) from the usage text of `complaint CMD -h`.

# The complaint command and the global options typed so far, so that the
# values come from the same database and configuration.
_complaint_run()
{
	"${_complaint_argv[@]}" "$@" 2>/dev/null
}

# The fixed choices of option $2 of command $1 in its usage text.
_complaint_choices()
{
	_complaint_run "$1" -h | tr '[]' '  ' | awk -v o="--$2" '
	    { for (i = 1; i < NF; i++) if ($i == o) {
		if ($(i + 1) ~ /^[a-z0-9-]+(\|[a-z0-9-]+)+$/) {
			n = split($(i + 1), a, "|")
			for (j = 1; j <= n; j++) print a[j]
		}
		exit
	    } }'
}

# The operands of command $1 from its usage text: REF and FILE when it
# takes them (not as an option's value), and its subcommands, lowercase
# words right after "complaint CMD" (config check, config show).
_complaint_operands()
{
	_complaint_run "$1" -h | tr '[]' '  ' | awk -v c="$1" '
	    /^usage:/ { sub(/^usage:/, "") }
	    { for (i = 1; i <= NF; i++) {
		if ($i == "REF" && (i == 1 || $(i - 1) !~ /^-/)) ref = 1
		if (($i == "FILE" || $i == "PATH") && $(i - 1) !~ /^-/)
			file = 1
		if (i > 1 && $(i - 1) == c && $(i - 2) == "complaint" &&
		    $i ~ /^[a-z][a-z-]*$/) print $i
	    } }
	    END { if (ref) print "REF"; if (file) print "FILE" }'
}

# COMPREPLY from newline-separated candidates $1 matching $2, each
# quoted for the shell (categories have spaces; commas need no quoting).
_complaint_reply()
{
	local IFS=$'\n' w q
	COMPREPLY=()
	for w in $1; do
		[[ $w == "$2"* ]] || continue
		q=$(printf '%q' "$w")
		COMPREPLY+=("${q//\\,/,}")
	done
}

# Values for option $2 (no dashes) of command $1, matching $3.
_complaint_values()
{
	local kind= list=
	case $2 in
	channel|via) kind=channels ;;
	category) kind=categories ;;
	severity) kind=severities ;;
	level|to)
		# migrate --to takes a PostgreSQL URI: nothing to offer.
		[[ $1 == migrate ]] && return
		kind=levels; [[ $1 == assign ]] && kind=names ;;
	remedy) kind=remedies ;;
	status) kind=status-filters list=1 ;;
	by) kind=fields list=1 ;;
	owner|as|from) kind=names ;;
	repeat-of|ref|into) kind=refs:$1 ;;
	db|config|map|*-file|file)
		COMPREPLY=($(compgen -f -- "$3"))
		return ;;
	esac
	if [[ -n $kind ]]; then
		local values
		values=$(_complaint_run --list-values "$kind")
		# A comma-separated list (--status new,open): the last item.
		if [[ -n $list && $3 == *,* ]]; then
			values=$(printf '%s\n' "$values" | sed "s/^/${3%,*},/")
		fi
		_complaint_reply "$values" "$3"
	else
		_complaint_reply "$(_complaint_choices "$1" "$2")" "$3"
	fi
}

_complaint()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= i w cmd= cmd_at=0
	local -a _complaint_argv=("${COMP_WORDS[0]}")
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# "--opt=value" may arrive split at the "=" (COMP_WORDBREAKS).
	if [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]} cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*} cur=${cur#*=}
	fi

	# The global options, then the command.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db|--config|--as)
			((i + 1 < COMP_CWORD)) || break
			_complaint_argv+=("$w" "${COMP_WORDS[i + 1]}")
			((i++)) ;;
		--db=*|--config=*|--as=*) _complaint_argv+=("$w") ;;
		--idempotency-key)
			((i + 1 < COMP_CWORD)) || break
			((i++)) ;;
		-*) ;;
		*) cmd=$w cmd_at=$i; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		case $prev in
		--db|--config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--idempotency-key) return ;;
		--as)
			_complaint_reply "$(_complaint_run --list-values names)" \
			    "$cur"
			return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--db --config --as
			    --idempotency-key --version --help' -- "$cur"))
		else
			_complaint_reply "$(_complaint_run --list-cmds)
help" "$cur"
		fi
		return
	fi

	if [[ $cmd == help ]]; then
		((COMP_CWORD == cmd_at + 1)) &&
		    _complaint_reply "$(_complaint_run --list-cmds)" "$cur"
		return
	fi

	local opts
	opts=$(_complaint_run "$cmd" --list-options)
	# The value of an option that takes one.
	if [[ $prev == --* ]] && [[ $'\n'$opts$'\n' == *$'\n'"$prev="$'\n'* ]]
	then
		_complaint_values "$cmd" "${prev#--}" "$cur"
		return
	fi
	if [[ $cur == -* ]]; then
		_complaint_reply "$(printf '%s\n' "$opts" | sed 's/=$//')
--help" "$cur"
		return
	fi

	# Operands: count those already given, skipping options' values.
	local npos=0
	for ((i = cmd_at + 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == --* && $w != *=* &&
		    $'\n'$opts$'\n' == *$'\n'"$w="$'\n'* ]]; then
			((i++))
		elif [[ $w != -* && $w != = ]]; then
			((npos++))
		fi
	done
	local operands subs
	operands=$(_complaint_operands "$cmd")
	subs=$(printf '%s\n' "$operands" | grep -vx 'REF\|FILE')
	if ((npos == 0)) && [[ -n $subs ]]; then
		_complaint_reply "$subs" "$cur"
	elif ((npos == 0)) && [[ $'\n'$operands$'\n' == *$'\n'REF$'\n'* ]]
	then
		_complaint_reply "$(_complaint_run --list-values "refs:$cmd")" \
		    "$cur"
	elif [[ $'\n'$operands$'\n' == *$'\n'FILE$'\n'* ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=()
	fi
}

complete -F _complaint complaint
