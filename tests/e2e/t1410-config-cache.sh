#!/bin/bash
# The compiled configuration cache: an edited file applies at once, a
# cache directory that cannot be made never stops a command, and the
# cache file is private to its user.
. "$(dirname "$0")/lib.sh"

cfg="$T/config.yaml"
cache="$HOME/.cache/complaint"
export COMPLAINT_CONFIG="$cfg"
unset XDG_CACHE_HOME COMPLAINT_NO_CACHE

echo "reference_prefix: ACME" >"$cfg"
expect 0 "the first command parses and caches" complaint log --customer A --channel phone
out_is "ACME-000001"
assert "one cache file is written" test "$(ls "$cache" | wc -l)" -eq 1
assert "the cache file is mode 0600" test "$(stat -c %a "$cache"/config-*.bin)" = 600
assert "the cache directory is mode 0700" test "$(stat -c %a "$cache")" = 700
expect 0 "the second command reads it" complaint log --customer B --channel phone
out_is "ACME-000002"

# Edits between two commands apply to the second.
echo "reference_prefix: BETAX" >"$cfg"
expect 0 "an edited file (other size) applies" complaint log --customer C --channel phone
out_is "BETAX-000003"
echo "reference_prefix: GAMMA" >"$cfg.new"
mv "$cfg.new" "$cfg"
expect 0 "a file replaced by rename (same size) applies" complaint log --customer D --channel phone
out_is "GAMMA-000004"
printf 'reference_prefix: DELTA\n' >"$cfg"
expect 0 "a file rewritten in place (same size) applies" complaint log --customer E --channel phone
out_is "DELTA-000005"

# A damaged cache file is a miss.
for f in "$cache"/config-*.bin; do printf 'garbage' >"$f"; done
expect 0 "a damaged cache file is ignored" complaint log --customer F --channel phone
out_is "DELTA-000006"

# A bad configuration is never cached, and the cache never hides it.
echo "reference_prefix: [oops]" >"$cfg"
expect 78 "a bad file is refused" complaint list
err_has "config.yaml:1:"
expect 78 "config check reads the file itself" complaint config check "$cfg"
echo "reference_prefix: DELTA" >"$cfg"

# A file where the cache directory should be: no cache, no failure.
rm -rf "$HOME/.cache"
echo "not a directory" >"$HOME/.cache"
expect 0 "an unwritable cache directory is no error" complaint log --customer G --channel phone
out_is "DELTA-000007"
assert "silently" test ! -s "$T/err"
expect 0 "nor on the next command" complaint list
rm -f "$HOME/.cache"

# XDG_CACHE_HOME is honoured; COMPLAINT_NO_CACHE turns the cache off.
expect 0 "XDG_CACHE_HOME is honoured" env XDG_CACHE_HOME="$T/xdg" "$COMPLAINT_BIN" list
assert "the cache is under it" test -d "$T/xdg/complaint"
expect 0 "COMPLAINT_NO_CACHE turns the cache off" env COMPLAINT_NO_CACHE=1 "$COMPLAINT_BIN" list
assert "nothing is written" test ! -e "$HOME/.cache"

done_testing
