#!/bin/bash
# complaint report --return asic-idr: ASIC's IDR data report, CSV, one
# record per complaint received in the period or open at its start, the
# codes mapped by returns.asic (the codes here are placeholders), checked
# against the dictionary's rules before anything is written, and the same
# when produced again after later changes.
. "$(dirname "$0")/lib.sh"

cat >config.yaml <<'EOF'
organisation: Example Credit Pty Ltd
timezone: Australia/Sydney
categories: [credit, insurance, other]
remedies: [refund, apology, none]
returns:
  asic:
    products: {credit: CRD01, insurance: INS01}
    issues: {"Incorrect fees": ISS07}
    outcomes: {refund: OUT02, apology: OUT05}
    channels: {phone: CH1, email: CH2}
EOF
export COMPLAINT_CONFIG="$T/config.yaml"

at() { t=$1; shift; COMPLAINT_NOW=$t complaint "$@" >/dev/null 2>&1; }
# CSV lines end in CRLF (RFC 4180); compared without the CRs.
lf() { tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"; }
logged() { at "$1" log --customer "$2" --channel "$3" --category "$4" --received "$1"; }

# Sydney is UTC+10 in winter, +11 in summer: 00:00Z is 10:00 or 11:00.
#  1 A credit phone rec 06-20, open on 07-01, closed 07-10 (20 days),
#    refund 50.00, Incorrect fees
#  2 B credit phone rec 06-01, closed 06-15: before the period
#  3 C insurance email rec 08-03, open: no issue or outcome yet
#  4 D credit email rec 09-01, closed 09-02 (1 day), apology
history() {
	logged 2026-06-01T00:00:00Z B phone credit &&
	logged 2026-06-20T00:00:00Z A phone credit &&
	at 2026-06-15T00:00:00Z resolve 1 --resolution Done --remedy none --root-cause "Incorrect fees" &&
	at 2026-07-10T00:00:00Z resolve 2 --resolution Refunded --remedy refund --amount 50 --root-cause "Incorrect fees" &&
	logged 2026-08-03T00:00:00Z C email insurance &&
	logged 2026-09-01T00:00:00Z D email credit &&
	at 2026-09-02T00:00:00Z resolve 4 --resolution Sorry --remedy apology --root-cause "Incorrect fees"
}
expect 0 "the history" history

COMPLAINT_NOW=2027-01-05T00:00:00Z
H=complaint_unique_identifier,brand,date_complaint_received,complaint_channel,product_or_service,complaint_issue,complaint_status,date_complaint_closed,days_to_close,complaint_outcome,compensation_amount
want_h2="$H
CMP-000002,Example Credit Pty Ltd,2026-06-20,CH1,CRD01,ISS07,Closed,2026-07-10,20,OUT02,50.00
CMP-000003,Example Credit Pty Ltd,2026-08-03,CH2,INS01,,Open,,,,
CMP-000004,Example Credit Pty Ltd,2026-09-01,CH2,CRD01,ISS07,Closed,2026-09-02,1,OUT05,"
expect 0 "the report for 2026H2, CSV by default" complaint report --return asic-idr --period 2026H2
assert "CRLF line ends" grep -q $'\r$' "$T/out"
lf
out_is "$want_h2"
cp "$T/out" lodged

# Later: D reopened, C closed, and a complaint of November logged late.
at 2027-01-10T00:00:00Z reopen 4 --reason Appeal
at 2027-01-10T01:00:00Z resolve 3 --resolution Done --remedy apology --root-cause "Incorrect fees"
at 2027-01-10T02:00:00Z log --customer E --channel phone --category credit --received 2026-11-10T00:00:00Z
COMPLAINT_NOW=2027-01-11T00:00:00Z
expect 0 "produced again" complaint report --return asic-idr --period 2026H2
lf
assert "byte-identical to the one lodged" cmp -s lodged "$T/out"
expect 0 "json on request" complaint report --return asic-idr --period 2026H2 --format json
out_has '{"complaint_unique_identifier":"CMP-000003","brand":"Example Credit Pty Ltd","date_complaint_received":"2026-08-03","complaint_channel":"CH2","product_or_service":"INS01","complaint_issue":null,"complaint_status":"Open","date_complaint_closed":null,"days_to_close":null,"complaint_outcome":null,"compensation_amount":null}'

expect 0 "a period with nothing: no file, the nil submission" complaint report --return asic-idr --period 2025H1
assert "nothing written" [ ! -s "$T/out" ]
err_has "no complaints in the period: ASIC takes a nil submission"

# The dictionary's rules, before anything is written.
at 2027-01-11T00:00:00Z log --customer F --channel phone --category other --received 2026-12-01T00:00:00Z
expect 78 "a category with no product code" complaint report --return asic-idr --period 2026H2 --as-of 2027-02-01
err_has "complaint: CMP-000006: no ASIC code for the category 'other' (map it in returns.asic.products)"
assert "nothing written" [ ! -s "$T/out" ]
at 2027-01-11T00:00:01Z log --customer G --channel chat --category credit --received 2026-12-01T00:00:00Z
sed -i 's/products: {credit: CRD01, insurance: INS01}/products: {credit: CRD01, insurance: INS01, other: OTH01}/' config.yaml
expect 78 "a channel with no code" complaint report --return asic-idr --period 2026H2 --as-of 2027-02-01
err_has "CMP-000007: no ASIC code for the channel 'chat' (map it in returns.asic.channels)"
sed -i 's/channels: {phone: CH1, email: CH2}/channels: {phone: CH1, email: CH2, chat: CH3}/' config.yaml
# Closed after the period: still open in it, and needing no issue yet.
at 2027-01-11T00:00:02Z resolve 7 --resolution Done --remedy refund
expect 0 "closed after the period: open in it" complaint report --return asic-idr --period 2026H2 --as-of 2027-02-01
lf
out_has "CMP-000007,Example Credit Pty Ltd,2026-12-01,CH3,CRD01,,Open,,,,"
# Written into December by hand: closed in the period, no root cause.
at 2026-12-20T00:00:00Z log --customer H --channel phone --category credit
at 2026-12-21T00:00:00Z resolve 8 --resolution Done --remedy refund
expect 65 "a closed complaint without a root cause" complaint report --return asic-idr --period 2026H2 --as-of 2027-02-01
err_has "CMP-000008 has no root cause, which the IDR data dictionary's mandatory element complaint_issue needs"
assert "nothing written" [ ! -s "$T/out" ]
expect 64 "no period" complaint report --return asic-idr
err_has "--return asic-idr needs a period"

done_testing
