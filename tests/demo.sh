#!/bin/sh
# make demo: a short walk-through of complaint on a throwaway database
# with the built-in defaults. Every command is shown before it runs.
set -e
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d "${TMPDIR:-/tmp}/complaint-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export COMPLAINT_DB="$dir/complaints.db" COMPLAINT_USER=alice
unset COMPLAINT_CONFIG
export XDG_CONFIG_HOME="$dir/config"

step() {
	printf '\n$ %s\n' "$*"
	eval "$@"
}

echo "complaint demo: a throwaway database in $dir, built-in defaults"
step 'complaint() { "$bin" "$@"; }'
step 'complaint log --customer "Ann Smith" --contact ann@example.com --channel phone --category delivery -m "Parcel arrived damaged"'
step 'complaint --as bob log --customer "Raj Patel" --channel email --category billing -m "Charged twice for one order"'
step 'complaint log --customer "Li Wei" --channel in-person -m "Queue too long" --resolution "Apologised; opened a second till"'
step 'complaint log --repeat --customer "ann smith" --channel chat -m "Still waiting for a reply"'
step 'complaint list --format table'
step 'complaint list --open --owner alice'
step 'complaint note CMP-000002 "Customer sent a copy of the bank statement"'
step 'complaint show CMP-000001'
step 'complaint show 2 --format json'
echo
echo "That was the intake. See README.md and complaint(1) for the rest."
