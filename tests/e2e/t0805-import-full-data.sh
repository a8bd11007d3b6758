#!/bin/bash
# complaint import of the full CFPB extracts in ../shared/data (beside the
# repository top; a user's clone has none, and then this test skips with
# one line): every record, counted and compared with python3's csv
# module, through the built-in layout and through the shipped BofA map.
. "$(dirname "$0")/lib.sh"

SAMPLE="$SHARED_DATA/cfpb-sample-2015-2020.csv"
BOFA="$SHARED_DATA/cfpb-bofa-2017-2023.csv"
MAP="$TESTS_SRCDIR/tests/data/maps/cfpb-bofa.yaml"
if [ ! -r "$SAMPLE" ] || [ ! -r "$BOFA" ]; then
	echo "skipped: $test_name: no full CFPB extracts in $SHARED_DATA"
	exit 0
fi

# The file's facts as python3 reads them, one "key value" a line.
facts() {
	python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
print('records', len(rows))
via = lambda *v: sum(1 for r in rows if r['Submitted via'] in v)
resp = lambda *v: sum(1 for r in rows if r['Company response to consumer'] in v)
print('web', via('Web', 'Web Referral'))
print('letter', via('Postal mail'))
print('phone', via('Phone'))
print('open', resp('In progress', 'Untimely response'))
narr = [r.get('Consumer complaint narrative') or '' for r in rows]
print('multiline', sum(1 for n in narr if '\n' in n))
PY
}
fact() { sed -n "s/^$2 //p" "$1"; }
nl=$'\n'
count() { db_query "SELECT count(*) FROM complaint WHERE source = 'cfpb' $1"; }

facts "$SAMPLE" >"$T/sample.facts"
expect 0 "the full CFPB sample imports" complaint import "$SAMPLE"
n=$(fact "$T/sample.facts" records)
err_has "imported $n, skipped 0, duplicates 0"
assert "one complaint per record ($n)" [ "$(count '')" -eq "$n" ]
assert "web" [ "$(count "AND channel = 'web'")" -eq "$(fact "$T/sample.facts" web)" ]
assert "letter" [ "$(count "AND channel = 'letter'")" -eq "$(fact "$T/sample.facts" letter)" ]
assert "phone" [ "$(count "AND channel = 'phone'")" -eq "$(fact "$T/sample.facts" phone)" ]
assert "open ones are new" [ "$(count "AND status = 'new'")" -eq "$(fact "$T/sample.facts" open)" ]
assert "multi-line narratives kept" [ "$(count "AND details LIKE '%$nl%'")" -eq "$(fact "$T/sample.facts" multiline)" ]

# A second database for the BofA extract: its complaints share the
# source 'cfpb' and some IDs would be duplicates of the sample's.
bofa_db=$(new_db bofa)
export COMPLAINT_DB="$bofa_db"
facts "$BOFA" >"$T/bofa.facts"
expect 0 "the full BofA extract imports through its map" complaint import --map "$MAP" "$BOFA"
n=$(fact "$T/bofa.facts" records)
err_has "imported $n, skipped 0, duplicates 0"
assert "one complaint per record ($n)" [ "$(count '')" -eq "$n" ]
assert "web and web referral" [ "$(count "AND channel = 'web'")" -eq "$(fact "$T/bofa.facts" web)" ]
assert "open ones are new" [ "$(count "AND status = 'new'")" -eq "$(fact "$T/bofa.facts" open)" ]
expect 0 "the whole history verifies" complaint verify
done_testing
