#!/bin/bash
# complaint import --map: the BofA extract (tests/data/cfpb-bofa.csv, cut
# from the public CFPB database) through the shipped map
# (tests/data/maps/cfpb-bofa.yaml), --dates, and bad maps.
. "$(dirname "$0")/lib.sh"

BOFA="$TESTS_SRCDIR/tests/data/cfpb-bofa.csv"
MAP="$TESTS_SRCDIR/tests/data/maps/cfpb-bofa.yaml"

# An independent reading of the file, once (python3's csv module):
# "records" and "COLUMN=VALUE", each with its count, one a line;
# pycount FILE KEY[|VALUE...] adds those up (0 when absent).
python3 - "$BOFA" >"$T/facts" <<'PY'
import csv, sys, collections
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
print('records\t%d' % len(rows))
for col in ('Submitted via', 'Company response to consumer'):
    for val, n in collections.Counter(r[col] for r in rows).items():
        print('%s=%s\t%d' % (col, val, n))
PY
pycount() {
	awk -F '\t' -v k="$2" '
	    BEGIN { if (split(k, a, "=") == 2) { col = a[1] "="; n = split(a[2], v, "|")
		for (i = 1; i <= n; i++) want[col v[i]] = 1 } else want[k] = 1 }
	    $1 in want { s += $2 } END { print s + 0 }' "$T/facts"
}

complaint list >/dev/null
db_snapshot
expect 65 "the BofA layout is not known without a map" complaint import "$BOFA"
err_has "$BOFA:1: unknown layout (expected the header line of the Customer Issue Reporting spreadsheet or of the CFPB complaint export; for any other, give --map FILE.yaml)"
db_unchanged

expect 0 "the BofA extract imports through its map" complaint import --map "$MAP" "$BOFA"
records=$(pycount "$BOFA" records)
assert "python3 counts 300 records in the fixture" [ "$records" -eq 300 ]
for via in Web 'Web Referral' Referral Phone 'Postal mail' Fax Email; do
	assert "the fixture has channel '$via'" [ "$(pycount "$BOFA" "Submitted via=$via")" -gt 0 ]
done
assert "one complaint per record" [ "$(db_query 'SELECT count(*) FROM complaint')" -eq "$records" ]
err_has "imported $records, skipped 0, duplicates 0"
count() { db_query "SELECT count(*) FROM complaint WHERE $1"; }
assert "Web Referral and Web are web" [ "$(count "channel = 'web'")" -eq "$(pycount "$BOFA" 'Submitted via=Web|Web Referral')" ]
assert "Postal mail is letter" [ "$(count "channel = 'letter'")" -eq "$(pycount "$BOFA" 'Submitted via=Postal mail')" ]
assert "Fax is kept as it is" [ "$(count "channel = 'Fax'")" -eq "$(pycount "$BOFA" 'Submitted via=Fax')" ]
assert "In progress stays open" [ "$(count "status = 'new'")" -eq "$(pycount "$BOFA" 'Company response to consumer=In progress|Untimely response')" ]
assert "explanations are kept" [ "$(count "remedy = 'explanation'")" -eq "$(pycount "$BOFA" 'Company response to consumer=Closed with explanation')" ]
# 4848023: submitted 2021-10-24, sent to the company 2021-10-27.
id=$(db_query "SELECT id FROM complaint WHERE source = 'cfpb' AND source_id = '4848023'")
expect 0 "show one" complaint show "$id" --format json
out_has '"received_at":"2021-10-23T23:00:00Z"' "Date submitted is the received date"
out_has '"closed_at":"2021-10-26T23:00:00Z"' "Date received (sent to company) closes it"
out_has '"channel":"Referral"'
out_has '"remedy":"explanation"'
out_has 'State: NY'
expect 0 "importing again adds nothing" complaint import --map "$MAP" "$BOFA"
err_has "imported 0, skipped 0, duplicates $records"

# A small map of our own: dmy dates, defaults, translations.
cat >"$T/shop.yaml" <<'YAML'
source: shop
dates: dmy
fields:
  source_id: Ref
  received_at: When
  customer: Who
  channel: How
  summary: [What, More]
  status: State
defaults:
  owner: carol
values:
  channel:
    Tel: phone
  status:
    Done: resolved
YAML
printf 'Ref,When,Who,How,What,More,State\nA1,18/11/2026,Ann,Tel,Late,very late,Done\nA2,1.2.2026,Bob,chat,Rude,,\n' >"$T/shop.csv"
expect 0 "a map of our own" complaint import --map "$T/shop.yaml" "$T/shop.csv"
err_has "imported 2"
ref_of() { db_query "SELECT id FROM complaint WHERE source = 'shop' AND source_id = '$1'"; }
complaint show "$(ref_of A1)" --format json >"$T/out"
out_has '"received_at":"2026-11-18T00:00:00Z"' "18/11/2026 read day first"
out_has '"owner":"carol"' "defaults fill the owner"
out_has '"channel":"phone"'
out_has '"summary":"Late / very late"'
out_has '"status":"resolved"'
out_has '"followup_due":' "a follow-up is owed after resolution"
complaint show "$(ref_of A2)" --format json >"$T/out"
out_has '"received_at":"2026-02-01T00:00:00Z"' "1.2.2026 is 1 February"
out_has '"status":"new"'

# --dates overrides the map's order.
printf 'Ref,When,Who,How,What,More,State\nA3,2/1/2026,Cy,Tel,x,,\n' >"$T/us.csv"
expect 0 "--dates mdy" complaint import --map "$T/shop.yaml" --dates mdy "$T/us.csv"
complaint show "$(ref_of A3)" --format json >"$T/out"
out_has '"received_at":"2026-02-01T00:00:00Z"' "2/1/2026 read month first"

db_snapshot
printf 'Ref,When,Who,How,What,More,State\nA4,2026-13-01,Di,Tel,x,,\n' >"$T/bad.csv"
expect 65 "an invalid date" complaint import --map "$T/shop.yaml" "$T/bad.csv"
err_has "$T/bad.csv:2: invalid date '2026-13-01' in column 'When' (expected YYYY-MM-DD or D/M/YYYY)"
printf 'Ref,When,Who,How,What,More,State\nA5,2026-11-01,Ed,Tel,x,,Lost\n' >"$T/bad.csv"
expect 65 "a status that is not one" complaint import --map "$T/shop.yaml" "$T/bad.csv"
err_has "$T/bad.csv:2: unknown status 'Lost' in column 'State'"
printf 'Ref,When,Who\nA6,2026-11-01,Ed\n' >"$T/bad.csv"
expect 65 "a column the map names is missing" complaint import --map "$T/shop.yaml" "$T/bad.csv"
err_has "$T/bad.csv:1: no column 'How' in the header (the map feeds channel from it)"
expect 64 "an unknown date order" complaint import --dates ydm "$T/bad.csv"
err_has "unknown date order 'ydm' (expected ymd, dmy or mdy)"

# Bad maps are configuration errors with their line and column.
printf 'fields:\n  received_at: When\n  colour: How\n' >"$T/m1.yaml"
expect 78 "an unknown field" complaint import --map "$T/m1.yaml" "$T/shop.csv"
err_has "$T/m1.yaml:3:3: unknown field 'colour' (expected one of: source_id, received_at,"
printf 'fields:\n  received_at: When\nsorce: x\n' >"$T/m2.yaml"
expect 78 "an unknown key" complaint import --map "$T/m2.yaml" "$T/shop.csv"
err_has "$T/m2.yaml:3:1: unknown key 'sorce' (expected source, dates, fields, defaults or values)"
printf 'fields:\n  customer: Who\n' >"$T/m3.yaml"
expect 78 "no received_at" complaint import --map "$T/m3.yaml" "$T/shop.csv"
err_has "fields has no column for received_at"
printf 'dates: ydm\nfields:\n  received_at: When\n' >"$T/m4.yaml"
expect 78 "a bad date order" complaint import --map "$T/m4.yaml" "$T/shop.csv"
err_has "$T/m4.yaml:1:8: unknown date order 'ydm'"
printf 'fields:\n  received_at: When\nvalues:\n  status:\n    Done: finished\n' >"$T/m5.yaml"
expect 78 "a translation to no status" complaint import --map "$T/m5.yaml" "$T/shop.csv"
err_has "$T/m5.yaml:5:11: unknown status 'finished'"
printf 'fields: [\n' >"$T/m6.yaml"
expect 78 "malformed YAML" complaint import --map "$T/m6.yaml" "$T/shop.csv"
err_has "$T/m6.yaml:2:1:"
expect 66 "a missing map" complaint import --map "$T/none.yaml" "$T/shop.csv"
err_has "cannot read map '$T/none.yaml'"
db_unchanged "bad maps and records changed nothing"
done_testing
