#!/bin/bash
# Regimes (SPEC 8): named deadline sets chosen by their when (first match
# wins) or by log --regime, stored on the complaint, its deadlines
# computed from the regime's set, report --by regime.
. "$(dirname "$0")/lib.sh"

# Field $2 of complaint $1 as show --format json gives it ("null" for a
# null, nothing when there is no such key), read by the sqlite3 shell's
# JSON functions: as strict a parser as python3's, started in a few
# milliseconds where python3 takes fifty.
field() {
	complaint show "$1" --format json >"$T/field.json"
	sqlite3 :memory: "SELECT CASE json_type(o, '\$.$2') WHEN 'null'
	    THEN 'null' ELSE json_extract(o, '\$.$2') END
	    FROM (SELECT CASE json_type(j) WHEN 'array'
	    THEN json_extract(j, '\$[0]') ELSE j END AS o
	    FROM (SELECT readfile('$T/field.json') AS j))"
}

cat >config.yaml <<'YAML'
categories: [billing, payments, hardship, credit, banking]
regimes:
  fca:
    deadlines: {summary: cob+3bd, resolve: 8w}
  payment-services:
    deadlines: {resolve: 15bd}
    when: {category: [payments]}
  asic-hardship:
    deadlines: {resolve: 21d}
    when: {category: hardship}
  asic:
    deadlines: {resolve: 30d}
    when: {category: [hardship, credit]}
  cfpb:
    deadlines: {acknowledge: 15d, resolve: 60d}
YAML
export COMPLAINT_CONFIG=$T/config.yaml
# Monday 2026-11-02 10:00 (London is on UTC in November).
export COMPLAINT_NOW=2026-11-02T10:00:00Z

expect 0 "payments: payment-services by its when" complaint log --customer Ann --channel email --category payments
assert "regime payment-services" [ "$(field 1 regime)" = payment-services ]
# 15 business days of 8 open hours from Monday 10:00: three weeks on.
assert "resolve due in 15bd" [ "$(field 1 resolve_due)" = 2026-11-23T10:00:00Z ]
assert "acknowledge from the top level (24h)" [ "$(field 1 ack_due)" = 2026-11-03T10:00:00Z ]

expect 0 "hardship: the first matching regime wins" complaint log --customer Bo --channel email --category hardship
assert "regime asic-hardship, not asic" [ "$(field 2 regime)" = asic-hardship ]
assert "resolve due in 21 days" [ "$(field 2 resolve_due)" = 2026-11-23T10:00:00Z ]

expect 0 "credit: asic" complaint log --customer Cy --channel email --category credit
assert "regime asic" [ "$(field 3 regime)" = asic ]
assert "resolve due in 30 days" [ "$(field 3 resolve_due)" = 2026-12-02T10:00:00Z ]

expect 0 "cfpb by hand" complaint log --customer Di --channel email --category billing --regime cfpb
assert "regime cfpb" [ "$(field 4 regime)" = cfpb ]
assert "acknowledge in 15 days" [ "$(field 4 ack_due)" = 2026-11-17T10:00:00Z ]
assert "respond in 60 days" [ "$(field 4 resolve_due)" = 2027-01-01T10:00:00Z ]

expect 0 "fca by hand (a regime without when is chosen only by hand)" complaint log --customer Ed --channel email --category banking --regime fca
assert "regime fca" [ "$(field 5 regime)" = fca ]
assert "final response in 8 weeks" [ "$(field 5 resolve_due)" = 2026-12-28T10:00:00Z ]

expect 0 "no regime matches" complaint log --customer Flo --channel email --category billing
assert "regime null" [ "$(field 6 regime)" = null ]
assert "top-level resolve 8w" [ "$(field 6 resolve_due)" = 2026-12-28T10:00:00Z ]

expect 0 "--regime overrides the when" complaint log --customer Gus --channel email --category payments --regime cfpb
assert "regime cfpb by hand" [ "$(field 7 regime)" = cfpb ]

expect 0 "list json carries regime" complaint list --format json
out_has '"regime":"payment-services"'
expect 0 "export carries regime" complaint export --format json
out_has '"regime":"asic-hardship"'

expect 0 "report --by regime" complaint report --by regime --format csv
out_has "asic,1,"
out_has "cfpb,2,"
out_has "payment-services,1,"

expect 0 "config show writes the regimes back" complaint config show
out_has "payment-services:"
out_has "resolve: 15bd"

# Bad input: refused, nothing written.
db_snapshot
expect 65 "unknown regime" complaint log --customer Hal --channel email --regime nope
err_has "unknown regime 'nope' (expected one of: fca, payment-services, asic-hardship, asic, cfpb)"
db_unchanged "unknown regime writes nothing"
expect 64 "--regime on a repeat contact" complaint log --repeat-of 1 --regime fca
db_unchanged "repeat with --regime writes nothing"
expect 64 "report --by unknown lists regime" complaint report --by nope
err_has "root-cause, regime, week"

# Bad configurations: 78 with the place.
printf 'regimes:\n  x:\n    deadlines: {resolve: 3q}\n' >bad1.yaml
expect 78 "bad duration in a regime" complaint --config bad1.yaml list
err_has "bad1.yaml:3:"
printf 'regimes:\n  x:\n    deadlines: {answer: 3d}\n' >bad2.yaml
expect 78 "unknown deadline key" complaint --config bad2.yaml list
err_has "unknown key 'answer' in 'regimes.x.deadlines'"
printf 'regimes:\n  x:\n    when: {colour: red}\n' >bad3.yaml
expect 78 "unknown field in when" complaint --config bad3.yaml list
printf 'regimes:\n  x:\n    deadline: {resolve: 3d}\n' >bad4.yaml
expect 78 "unknown regime key" complaint --config bad4.yaml list
err_has "expected one of: deadlines, when"
printf 'regimes: [a, b]\n' >bad5.yaml
expect 78 "regimes must be a mapping" complaint --config bad5.yaml list
db_unchanged "bad configurations write nothing"

# Without regimes, --regime names none.
unset COMPLAINT_CONFIG
expect 65 "no regimes configured" complaint log --customer Ivy --channel email --regime fca
err_has "the configuration defines no regimes"

done_testing
