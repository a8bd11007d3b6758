#!/bin/bash
# The same-day call-back is due at the close of business (deadlines.callback:
# cob, the default): the close of the day it is owed, or of the next
# business day after closing, over weekends and holidays, in local time.
. "$(dirname "$0")/lib.sh"

callback_due() {
	complaint show "$1" --format json | sed -n 's/.*"callback_due":"\([^"]*\)".*/\1/p'
}

# Default calendar: Europe/London, Monday to Friday 09:00-17:00, holidays
# 2026-12-25 and 2026-12-28. 2026-11-19 is a Thursday.
at() { COMPLAINT_NOW=$1; export COMPLAINT_NOW; }

at 2026-11-19T10:00:00Z
expect 0 "log" complaint log --customer Ann --channel phone -m "Late parcel"
expect 0 "assess complex at 10:00" complaint assess 1 --complex
assert "due at 17:00 that day" [ "$(callback_due 1)" = 2026-11-19T17:00:00Z ]

at 2026-11-19T16:59:00Z
expect 0 "log" complaint log --customer Ben --channel phone -m "Wrong size"
expect 0 "assess complex at 16:59" complaint assess 2 --complex
assert "16:59: still today's close" [ "$(callback_due 2)" = 2026-11-19T17:00:00Z ]

at 2026-11-19T17:00:00Z
expect 0 "log" complaint log --customer Cat --channel phone -m "No reply"
expect 0 "assess complex at 17:00" complaint assess 3 --complex
assert "17:00 exactly: the next business day's close" [ "$(callback_due 3)" = 2026-11-20T17:00:00Z ]

at 2026-11-20T17:01:00Z
expect 0 "log on Friday after closing" complaint log --customer Dan --channel phone -m "Broken"
expect 0 "assess complex" complaint assess 4 --complex
assert "Friday 17:01: Monday's close" [ "$(callback_due 4)" = 2026-11-23T17:00:00Z ]

at 2026-11-21T12:00:00Z
expect 0 "a repeat contact on Saturday" complaint log --repeat-of 1 --customer Ann --channel email
err_has "owes a call-back"
assert "one owed sooner already stays" [ "$(callback_due 1)" = 2026-11-19T17:00:00Z ]
expect 0 "log on Saturday" complaint log --customer Hal --channel web -m "Nobody called"
expect 0 "its repeat contact on Saturday" complaint log --repeat-of 5 --customer Hal --channel email
assert "a repeat contact on Saturday: Monday's close" [ "$(callback_due 5)" = 2026-11-23T17:00:00Z ]

at 2026-12-24T17:30:00Z
expect 0 "log on Christmas Eve after closing" complaint log --customer Eve --channel phone -m "Gift"
expect 0 "assess complex" complaint assess 6 --complex
assert "over Christmas and the bank holiday: Tuesday 29th" [ "$(callback_due 6)" = 2026-12-29T17:00:00Z ]

# Summer time: closing is 17:00 BST, 16:00 UTC.
at 2026-07-16T15:30:00Z
expect 0 "log in summer" complaint log --customer Fay --channel phone -m "Heat" --received 2026-07-16T15:30:00Z
expect 0 "assess complex at 16:30 BST" complaint assess 7 --complex
assert "summer: 17:00 BST is 16:00Z" [ "$(callback_due 7)" = 2026-07-16T16:00:00Z ]

# Another close of business from the configuration.
cat >cfg.yaml <<'YAML'
deadlines:
  callback: cob+1bd
YAML
at 2026-11-19T10:00:00Z
expect 0 "log" complaint --config cfg.yaml log --customer Gus --channel phone -m "x"
expect 0 "assess with cob+1bd" complaint --config cfg.yaml assess 8 --complex
assert "cob+1bd: Friday's close" [ "$(callback_due 8)" = 2026-11-20T17:00:00Z ]
expect 0 "config show writes it back" complaint --config cfg.yaml config show
out_has "callback: cob+1bd"

# A close of business is not a length.
printf 'spikes:\n  window: cob\n' >bad.yaml
expect 78 "spikes.window: cob refused" complaint --config bad.yaml config check
err_has "bad.yaml:2:11: invalid duration 'cob' for 'spikes.window'"
expect 65 "--since cob refused" complaint list --since cob
err_has "invalid time 'cob'"

done_testing
