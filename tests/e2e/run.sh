#!/bin/sh
# Run every end-to-end test script and print one summary line:
# "N passed, N failed". Exits non-zero when any check failed or any
# script died.
dir=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 broken=
for t in "$dir"/t[0-9]*.sh; do
	out=$(bash "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' || true
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		broken="$broken $(basename "$t")"
		fail=$((fail + 1))
	fi
done
[ -n "$broken" ] && echo "scripts that died:$broken"
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
