# fish completion for complaint(1).
#
# As in complaint.bash, every candidate is asked of the binary, so that
# completion cannot drift from the code or the configuration in force:
# --list-cmds, CMD --list-options, --list-values KIND (refs:CMD for the
# references CMD accepts, names for --owner and --as, fields for --by,
# status-filters for --status), and fixed choices and operands from the
# usage text of CMD -h.

function __complaint_candidates
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l argv_ $words[1]
    set -l cmd
    set -l cmdpos 0
    set -l n (count $words)
    set -l i 2
    while test $i -le $n
        set -l w $words[$i]
        switch $w
            case --db --config --as
                if test $i -ge $n
                    break
                end
                set argv_ $argv_ $w $words[(math $i + 1)]
                set i (math $i + 1)
            case '--db=*' '--config=*' '--as=*'
                set argv_ $argv_ $w
            case --idempotency-key
                if test $i -ge $n
                    break
                end
                set i (math $i + 1)
            case '-*'
            case '*'
                set cmd $w
                set cmdpos $i
                break
        end
        set i (math $i + 1)
    end
    set -l prev $words[-1]

    if test -z "$cmd"
        switch $prev
            case --db --config
                __fish_complete_path $cur
                return
            case --idempotency-key
                return
            case --as
                $argv_ --list-values names 2>/dev/null
                return
        end
        if string match -q -- '-*' $cur
            printf '%s\n' --db --config --as --idempotency-key --version --help
        else
            $argv_ --list-cmds 2>/dev/null
            echo help
        end
        return
    end
    if test "$cmd" = help
        test $n -eq $cmdpos; and $argv_ --list-cmds 2>/dev/null
        return
    end

    set -l opts ($argv_ $cmd --list-options 2>/dev/null)
    set -l usage ($argv_ $cmd -h 2>/dev/null | string replace -a -r '[][]' ' ')
    set -l eq ''
    if string match -q -r -- '^--.*=' $cur
        set prev (string replace -r -- '=.*' '' $cur)
        set eq "$prev="
    end
    if string match -q -- '--*' $prev; and contains -- "$prev=" $opts
        set -l kind
        switch (string replace -- '--' '' $prev)
            case channel via
                set kind channels
            case category
                set kind categories
            case severity
                set kind severities
            case level to
                # migrate --to takes a PostgreSQL URI.
                test "$cmd" = migrate; and return
                set kind levels
                test "$cmd" = assign; and set kind names
            case remedy
                set kind remedies
            case status
                set kind status-filters
            case by
                set kind fields
            case owner as from
                set kind names
            case repeat-of ref into
                set kind refs:$cmd
            case db config map file '*-file'
                __fish_complete_path (string replace -- "$eq" '' $cur)
                return
        end
        if test -n "$kind"
            # A comma-separated list (--status new,open): the last item.
            set -l pre $eq
            if contains -- $kind status-filters fields; and string match -q -- '*,*' $cur
                set pre (string replace -r -- ',[^,]*$' ',' $cur)
            end
            $argv_ --list-values $kind 2>/dev/null | string replace -r -- '^' "$pre"
        else
            printf '%s\n' $usage | awk -v o=$prev '
            { for (i = 1; i < NF; i++) if ($i == o) {
                if ($(i + 1) ~ /^[a-z0-9-]+(\|[a-z0-9-]+)+$/) {
                    n = split($(i + 1), a, "|")
                    for (j = 1; j <= n; j++) print a[j]
                }
                exit
            } }' | string replace -r -- '^' "$eq"
        end
        return
    end
    if string match -q -- '-*' $cur
        string replace -r -- '=$' '' $opts
        echo --help
        return
    end

    # Operands: subcommands, a REF or a FILE, as the usage shows them.
    set -l npos 0
    set i (math $cmdpos + 1)
    while test $i -le $n
        set -l w $words[$i]
        if string match -q -- '--*' $w; and not string match -q -- '*=*' $w; and contains -- "$w=" $opts
            set i (math $i + 1)
        else if not string match -q -- '-*' $w
            set npos (math $npos + 1)
        end
        set i (math $i + 1)
    end
    set -l operands (printf '%s\n' $usage | awk -v c=$cmd '
    /^usage:/ { sub(/^usage:/, "") }
    { for (i = 1; i <= NF; i++) {
        if ($i == "REF" && (i == 1 || $(i - 1) !~ /^-/)) ref = 1
        if (($i == "FILE" || $i == "PATH") && $(i - 1) !~ /^-/)
            file = 1
        if (i > 2 && $(i - 1) == c && $(i - 2) == "complaint" &&
            $i ~ /^[a-z][a-z-]*$/) print $i
    } }
    END { if (ref) print "REF"; if (file) print "FILE" }')
    set -l subs (string match -v -r '^(REF|FILE)$' -- $operands)
    if test $npos -eq 0; and test (count $subs) -gt 0
        printf '%s\n' $subs
    else if test $npos -eq 0; and contains REF $operands
        $argv_ --list-values refs:$cmd 2>/dev/null
    else if contains FILE $operands
        __fish_complete_path $cur
    end
end

complete -c complaint -f -a '(__complaint_candidates)'
