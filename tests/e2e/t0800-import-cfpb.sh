#!/bin/bash
# complaint import of the CFPB export (tests/data/cfpb-sample.csv, cut
# from the public CFPB database; t0805 imports the full files): counts checked
# against python3's csv module, narratives byte for byte, channels,
# statuses, dates (ISO and M/D/YYYY), deadlines, history, idempotence,
# --strict.
. "$(dirname "$0")/lib.sh"

SAMPLE="$TESTS_SRCDIR/tests/data/cfpb-sample.csv"

# An independent reading of the file, once (python3's csv module):
# "records", "mdy" (M/D/YYYY dates) and "COLUMN=VALUE", each with its
# count, one a line; pycount FILE KEY looks one up (0 when absent).
python3 - "$SAMPLE" >"$T/facts" <<'PY'
import csv, sys, collections
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
print('records\t%d' % len(rows))
print('mdy\t%d' % sum(1 for r in rows if '/' in r['Date received']))
for col in ('Submitted via', 'Company response to consumer', 'Product'):
    for val, n in collections.Counter(r[col] for r in rows).items():
        print('%s=%s\t%d' % (col, val, n))
PY
pycount() {
	awk -F '\t' -v k="$2" '$1 == k { n = $2 } END { print n + 0 }' "$T/facts"
}

# The fixture keeps the cases below (tests/data/cut.py chose them).
records=$(pycount "$SAMPLE" records)
assert "python3 counts 300 records in the fixture" [ "$records" -eq 300 ]
assert "the fixture ends its lines with CRLF" python3 -c 'import sys; sys.exit(open(sys.argv[1], "rb").readline()[-2:] != b"\r\n")' "$SAMPLE"
assert "the fixture has M/D/YYYY dates" [ "$(pycount "$SAMPLE" mdy)" -gt 0 ]
for via in Web Referral Phone 'Postal mail' Fax Email; do
	assert "the fixture has channel '$via'" [ "$(pycount "$SAMPLE" "Submitted via=$via")" -gt 0 ]
done
for resp in 'Closed with explanation' 'Closed with monetary relief' \
    'Closed with non-monetary relief' Closed 'In progress' 'Untimely response'; do
	assert "the fixture has response '$resp'" [ "$(pycount "$SAMPLE" "Company response to consumer=$resp")" -gt 0 ]
done

expect 0 "the CFPB sample imports" complaint import "$SAMPLE"
assert "one complaint per record" [ "$(db_query 'SELECT count(*) FROM complaint')" -eq "$records" ]
assert "one import event per complaint" [ "$(db_query "SELECT count(*) FROM event WHERE action = 'import'")" -eq "$records" ]
err_has "imported $records, skipped 0, duplicates 0"
err_has "(layout cfpb)"
n=$(pycount "$SAMPLE" 'Product=Debt collection')
err_has "new category 'Debt collection' in $n records (not in the configuration)"
n=$(pycount "$SAMPLE" 'Submitted via=Referral')
err_has "new channel 'Referral' in $n records"

# Channels: Web -> web, Postal mail -> letter, Referral kept as it is.
count() { db_query "SELECT count(*) FROM complaint WHERE $1"; }
assert "Web became web" [ "$(count "channel = 'web'")" -eq "$(pycount "$SAMPLE" 'Submitted via=Web')" ]
assert "Postal mail became letter" [ "$(count "channel = 'letter'")" -eq "$(pycount "$SAMPLE" 'Submitted via=Postal mail')" ]
assert "Phone became phone" [ "$(count "channel = 'phone'")" -eq "$(pycount "$SAMPLE" 'Submitted via=Phone')" ]
assert "Email became email" [ "$(count "channel = 'email'")" -eq "$(pycount "$SAMPLE" 'Submitted via=Email')" ]
assert "Referral kept as it is" [ "$(count "channel = 'Referral'")" -eq "$(pycount "$SAMPLE" 'Submitted via=Referral')" ]
assert "Fax kept as it is" [ "$(count "channel = 'Fax'")" -eq "$(pycount "$SAMPLE" 'Submitted via=Fax')" ]
# Status: In progress and Untimely response stay open, the rest closed.
open=$(( $(pycount "$SAMPLE" 'Company response to consumer=In progress') + $(pycount "$SAMPLE" 'Company response to consumer=Untimely response') ))
assert "open ones are new" [ "$(count "status = 'new'")" -eq "$open" ]
assert "the rest are closed" [ "$(count "status = 'closed'")" -eq "$((records - open))" ]
assert "monetary relief is a refund with no amount" [ "$(count "remedy = 'refund' AND amount IS NULL")" -eq "$(pycount "$SAMPLE" 'Company response to consumer=Closed with monetary relief')" ]

# Narratives, line breaks and all, byte for byte, by Complaint ID.
if [ "$(engine)" = postgresql ]; then
	db_query "SELECT json_object_agg(source_id, details) FROM complaint"
else
	db_query "SELECT json_group_object(source_id, details) FROM complaint"
fi >"$T/details.json"
python3 - "$SAMPLE" "$T/details.json" >"$T/narratives" <<'PY'
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    want = {r['Complaint ID']: r['Consumer complaint narrative'] or None
            for r in csv.DictReader(f)}
with open(sys.argv[2], encoding='utf-8') as f:
    got = json.load(f)
multi = sum(1 for v in want.values() if v and '\n' in v)
print('same' if got == want else 'different', multi)
PY
assert "narratives are kept byte for byte" grep -qx "same [1-9][0-9]*" "$T/narratives"

# Every record's dates, in both forms, as local midnight in London (the
# default zone) computed by python3: received, and closed on the date
# sent to the company unless still open.
python3 - "$SAMPLE" >"$T/dates.want" <<'PY'
import csv, sys
from datetime import datetime
from zoneinfo import ZoneInfo
london = ZoneInfo('Europe/London')
def midnight(s):
    if '/' in s:
        m, d, y = s.split('/')
    else:
        y, m, d = s.split('-')
    return int(datetime(int(y), int(m), int(d), tzinfo=london).timestamp())
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = sorted(csv.DictReader(f), key=lambda r: r['Complaint ID'])
for r in rows:
    still_open = r['Company response to consumer'] in ('In progress', 'Untimely response')
    closed = '' if still_open else midnight(r['Date sent to company'])
    print('%s|%d|%s' % (r['Complaint ID'], midnight(r['Date received']), closed))
PY
db_query "SELECT source_id, received_at, closed_at FROM complaint ORDER BY source_id" >"$T/dates.got"
assert "every record's dates, ISO and M/D/YYYY, read as python3 reads them" cmp -s "$T/dates.want" "$T/dates.got"

# One record in detail: dates, deadlines, history.
id=$(db_query "SELECT id FROM complaint WHERE source_id = '3384392'")
expect 0 "show the imported complaint" complaint show "$id" --format json
out_has '"received_at":"2019-09-23T23:00:00Z"' "received at local midnight (London, summer time)"
out_has '"ack_due":"2019-09-24T23:00:00Z"' "acknowledgement due 24h after receipt"
out_has '"resolve_due":"2019-11-19T00:00:00Z"' "resolution due 8 weeks after receipt"
out_has '"status":"closed"'
out_has '"closed_at":"2019-09-23T23:00:00Z"' "closed on the date sent to the company"
out_has '"summary":"Attempts to collect debt not owed / Debt is not yours"'
out_has '"source":"cfpb"'
out_has '"source_id":"3384392"'
out_has '"action":"import"'
out_has "imported from $SAMPLE line 3"
out_has 'Timely response?: Yes' "timeliness kept in the history"
out_has '"details":"transworld systems inc. \nis trying'

# Importing the same file again adds nothing.
db_snapshot
expect 0 "a second import adds nothing" complaint import "$SAMPLE"
err_has "imported 0, skipped 0, duplicates $records, new values 0"
db_unchanged "the second import changed nothing"

# M/D/YYYY dates, as some CFPB exports write them; stdin as "-".
head -n 1 "$SAMPLE" >"$T/us.csv"
printf '3/18/2020,Mortgage,,Trouble,,,,ACME,NY,100XX,,,Phone,3/20/2020,In progress,Yes,N/A,9000001\r\n' >>"$T/us.csv"
printf '2020-03-18,Mortgage,,Trouble,,,,ACME,NY,100XX,,,Email,2020-03-19,Closed with monetary relief,No,N/A,9000002\r\n' >>"$T/us.csv"
expect 0 "M/D/YYYY dates from standard input" sh -c '"$0" import - <"$1"' "$COMPLAINT_BIN" "$T/us.csv"
err_has "standard input: imported 2"
id=$(db_query "SELECT id FROM complaint WHERE source_id = '9000001'")
complaint show "$id" --format json >"$T/out"
out_has '"received_at":"2020-03-18T00:00:00Z"' "3/18/2020 is 18 March"
out_has '"status":"new"' "In progress stays open"
out_has '"channel":"phone"'
out_has '"resolution":null'
id=$(db_query "SELECT id FROM complaint WHERE source_id = '9000002'")
complaint show "$id" --format json >"$T/out"
out_has '"received_at":"2020-03-18T00:00:00Z"' "ISO dates read the same"
out_has '"resolved_at":"2020-03-19T00:00:00Z"'
out_has '"remedy":"refund"'

# --strict refuses values the configuration lacks, and changes nothing.
head -n 1 "$SAMPLE" >"$T/fax.csv"
printf '2020-03-18,billing,,Trouble,,,,ACME,NY,100XX,,,Fax,2020-03-19,Closed,Yes,N/A,9000003\r\n' >>"$T/fax.csv"
db_snapshot
expect 65 "--strict refuses a channel the configuration lacks" complaint import --strict "$T/fax.csv"
err_has "$T/fax.csv:2: unknown channel 'Fax' (expected one of: phone, chat, email, letter, in-person, social, web; without --strict it is imported as it is)"
db_unchanged "--strict refusal left the database as it was"
expect 0 "without --strict it is imported as it is" complaint import "$T/fax.csv"
err_has "new channel 'Fax' in 1 record (not in the configuration)"

# Import writes its events in bulk, chaining each to the last without
# reading it back and without the trigger that checks the chain (set
# aside for the transaction): the chain verifies across imports and the
# events written after them, and the trigger is back.
expect 0 "a complaint logged after the imports" complaint log --customer Ann --channel phone --summary "after import"
expect 0 "the whole history verifies after imports" complaint verify
on_sqlite assert "the chain trigger is back after the import" sh -c '[ "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type = '"'trigger'"' AND name = '"'event_chained'"'")" -eq 1 ]' _ "$COMPLAINT_DB"
assert "each import event follows the one before" [ "$(db_query "SELECT count(*) FROM event e JOIN event p ON p.id = e.id - 1")" -eq "$(( $(db_query 'SELECT count(*) FROM event') - 1 ))" ]
done_testing
