#!/bin/bash
# complaint init, config check and config show: the starter file, strict
# validation with FILE:LINE:COL, and the configuration in force.
. "$(dirname "$0")/lib.sh"

expect 0 "init writes the starter configuration" complaint init
out_is "$HOME/.config/complaint/config.yaml"
assert "it is the documented example" cmp "$HOME/.config/complaint/config.yaml" "$TESTS_SRCDIR/config.example.yaml"
expect 73 "init never overwrites" complaint init
err_has "exists; use --force to overwrite it"
echo "organisation: Mine" >"$HOME/.config/complaint/config.yaml"
expect 0 "init --force overwrites" complaint init --force
assert "overwritten" cmp "$HOME/.config/complaint/config.yaml" "$TESTS_SRCDIR/config.example.yaml"
expect 0 "init PATH" complaint init "$T/etc/my.yaml"
assert "written at PATH, parents created" test -f "$T/etc/my.yaml"
expect 0 "init honours XDG_CONFIG_HOME" env XDG_CONFIG_HOME="$T/xdg" "$COMPLAINT_BIN" init
assert "under XDG_CONFIG_HOME" test -f "$T/xdg/complaint/config.yaml"
expect 0 "init honours --config" complaint --config "$T/c2.yaml" init
assert "at --config" test -f "$T/c2.yaml"
expect 64 "init takes one path" complaint init a b

# A link planted where init writes, in a directory others may write to:
# never followed. Without --force it is something there; with --force
# the link itself is replaced, and what it pointed to is untouched.
mkdir -m 1777 "$T/shared"
printf 'precious\n' >"$T/precious"
ln -s "$T/precious" "$T/shared/complaint.yaml"
expect 73 "init refuses a planted link" complaint init "$T/shared/complaint.yaml"
err_has "exists; use --force"
assert "the link's target is untouched" [ "$(cat "$T/precious")" = precious ]
ln -s "$T/nowhere" "$T/shared/dangling.yaml"
expect 73 "init refuses a dangling planted link" complaint init "$T/shared/dangling.yaml"
assert "nothing created through the dangling link" [ ! -e "$T/nowhere" ]
expect 0 "init --force replaces the link itself" complaint init --force "$T/shared/complaint.yaml"
assert "the link's target is still untouched" [ "$(cat "$T/precious")" = precious ]
assert "a regular file now" [ ! -L "$T/shared/complaint.yaml" -a -f "$T/shared/complaint.yaml" ]
expect 0 "and it is a valid configuration" complaint config check "$T/shared/complaint.yaml"
assert "no temporary file left" [ "$(ls -A "$T/shared" | wc -l)" -eq 2 ]

expect 0 "the starter configuration checks clean" complaint config check "$T/etc/my.yaml"
assert "silently" test ! -s "$T/out" -a ! -s "$T/err"
expect 0 "config check with no file checks the one in force" complaint config check

# The user's configuration is found and applied.
cat >"$HOME/.config/complaint/config.yaml" <<'YAML'
reference_prefix: ACME
channels: [phone, fax]
YAML
expect 0 "the XDG configuration applies" complaint log --customer A --channel fax
out_is "ACME-000001"
expect 65 "its channel list replaces the default" complaint log --customer A --channel web
err_has "expected one of: phone, fax"
expect 0 "config show prints the configuration in force" complaint config show
out_has "reference_prefix: ACME"
out_has "organisation: Acme Ltd" "defaults fill what the file leaves out"
cp "$T/out" "$T/shown.yaml"
expect 0 "config show output loads back" complaint --config "$T/shown.yaml" config show
assert "and prints the same" cmp "$T/out" "$T/shown.yaml"

# COMPLAINT_CONFIG and --config win, in that order.
printf 'reference_prefix: ENV\n' >"$T/env.yaml"
printf 'reference_prefix: OPT\n' >"$T/opt.yaml"
expect 0 "COMPLAINT_CONFIG wins over XDG" env COMPLAINT_CONFIG="$T/env.yaml" "$COMPLAINT_BIN" --db "$T/e.db" log --customer A --channel web
out_is "ENV-000001"
expect 0 "--config wins over COMPLAINT_CONFIG" env COMPLAINT_CONFIG="$T/env.yaml" "$COMPLAINT_BIN" --config "$T/opt.yaml" --db "$T/o.db" log --customer A --channel web
out_is "OPT-000001"
printf 'database: %s\n' "$T/fromconfig.db" >"$T/dbcfg.yaml"
expect 0 "the configuration's database" env -u COMPLAINT_DB "$COMPLAINT_BIN" --config "$T/dbcfg.yaml" log --customer A --channel web
assert "database from the configuration" test -f "$T/fromconfig.db"

# Bad configurations: every command refuses, with the position.
cat >"$T/bad.yaml" <<'YAML'
organisation: Acme
chanels: [phone]
deadlines:
  acknowledge: soon
escalation:
  rules:
    - name: big
      when: {amount: {greater: 100}}
      to: senior-management
YAML
db_snapshot
expect 78 "a bad configuration stops a command" complaint --config "$T/bad.yaml" log --customer A --channel phone
err_has "bad.yaml:2:1: unknown key 'chanels'"
db_unchanged "nothing was written under a bad configuration"
expect 78 "config check lists every problem" complaint config check "$T/bad.yaml"
err_has "bad.yaml:2:1:"
err_has "bad.yaml:4:16:"
err_has "unknown operator 'greater'"
err_has "complaint: $T/bad.yaml: 3 problems"
assert "each problem once" [ "$(grep -c "unknown key 'chanels'" "$T/err")" -eq 1 ]
expect 78 "config show refuses a bad configuration" complaint --config "$T/bad.yaml" config show
expect 66 "a missing --config file" complaint --config "$T/nope.yaml" list
err_has "cannot read configuration"
expect 66 "config check of a missing file" complaint config check "$T/nope.yaml"
printf 'organisation: [unclosed\n' >"$T/syntax.yaml"
expect 78 "a YAML syntax error" complaint config check "$T/syntax.yaml"
err_has "syntax.yaml:"
printf 'timezone: Mars/Olympus\n' >"$T/tz.yaml"
expect 78 "an unknown time zone" complaint --config "$T/tz.yaml" list
err_has "unknown time zone 'Mars/Olympus'"
printf 'templates:\n  acknowledgement: "Dear {custmer}"\n' >"$T/tpl.yaml"
expect 78 "an unknown template placeholder" complaint --config "$T/tpl.yaml" list
err_has "{custmer}"
expect 64 "config without a subcommand" complaint config
expect 64 "config with an unknown subcommand" complaint config edit
done_testing
