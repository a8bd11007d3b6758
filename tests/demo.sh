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
echo "A day in the life (README.md): one complaint from receipt to review,"
echo "with COMPLAINT_NOW moving the clock over the days."
step 'export COMPLAINT_NOW=2026-11-19T09:30:00Z'
step 'complaint log --customer "Mia Jones" --contact mia@example.com --channel phone --category "product defect" -m "Kettle stopped working"'
step 'complaint ack CMP-000004 --via email --eta 2026-11-27'
step 'export COMPLAINT_NOW=2026-11-19T11:00:00Z'
step 'complaint assess 4 --severity medium --impact 2 --urgency 2 --justified yes --complex --note "Second fault this month"'
step 'complaint followup --due --format table'
step 'complaint followup 4 --outcome satisfied --note "Replacement agreed by phone"'
step 'export COMPLAINT_NOW=2026-11-20T15:00:00Z'
step 'complaint resolve 4 --resolution "Sent a new kettle" --remedy replacement --amount 4.95 --root-cause "Faulty thermostat batch"'
step 'export COMPLAINT_NOW=2026-11-24T10:00:00Z'
step 'complaint followup --due --exit-code --format table || echo "exit $? (something is due)"'
step 'complaint followup 4 --script'
step 'complaint followup 4 --outcome satisfied'
step 'complaint review --pending --format table'
step 'complaint review 4 --lessons "Check the batch before shipping" --idea "Test kettles from new batches"'
step 'complaint review --idea-status 1 agreed'
step 'complaint review --ideas --format table'
step 'complaint resolve 4 --resolution again || echo "exit $? (refused; nothing changed)"'
step 'complaint show 4'
echo
echo "See README.md and complaint(1) for the rest."
