#!/bin/bash
# complaint mail: each message of the corpus (tests/data/mail, written by
# its make-corpus.py) with what it must become: a new complaint with its
# sender, subject, text and files; a repeat contact on the complaint its
# subject or References name; nothing at all for auto-replies, bounces,
# list traffic and a second delivery; 65 for what is no message.
. "$(dirname "$0")/lib.sh"

M=$TESTS_SRCDIR/tests/data/mail
# One key of complaint REF's JSON.
field() { complaint show "$1" --format json | jq -r ".$2"; }
attachments() { complaint attach "$1" --list --format tsv | cut -f2,3,4 | tail -n +2; }

# Refusals first: nothing is created.
expect 64 "an argument is refused" complaint mail extra <"$M/plain.eml"
err_has "the message comes on standard input"
expect 65 "an unknown channel" complaint mail --channel pigeon <"$M/plain.eml"
err_has "channel"
expect 65 "garbage bytes are no message" complaint mail <"$M/garbage.bin"
err_has "not an e-mail message"
expect 65 "a message without a sender" complaint mail <"$M/no-from.eml"
err_has "no From header"
expect 65 "empty input" complaint mail </dev/null
# GMime is loaded when mail first needs it: a library of its name that
# is not GMime 3 is 69 (EX_UNAVAILABLE), and nothing else needs it.
if command -v cc >/dev/null 2>&1; then
	mkdir fakelib
	echo 'int not_gmime;' >fakelib/fake.c
	cc -shared -fPIC -o fakelib/libgmime-3.0.so.0 fakelib/fake.c
	expect 69 "a GMime without its functions" env LD_LIBRARY_PATH="$T/fakelib" "$COMPLAINT_BIN" mail <"$M/plain.eml"
	err_has "cannot load GMime for e-mail"
	expect 0 "other commands do not load it" env LD_LIBRARY_PATH="$T/fakelib" "$COMPLAINT_BIN" --version
fi
assert "nothing refused created the database" [ ! -e "$COMPLAINT_DB" ]

# A plain message: a new complaint, owned by the acting user.
expect 0 "plain text" complaint mail <"$M/plain.eml"
out_is "CMP-000001"
assert "customer from the display name" [ "$(field 1 customer)" = "Ann Smith" ]
assert "contact from the address" [ "$(field 1 contact)" = "ann@example.com" ]
assert "summary from the subject" [ "$(field 1 summary)" = "Kettle leaks" ]
assert "channel email" [ "$(field 1 channel)" = "email" ]
assert "owner the acting user" [ "$(field 1 owner)" = "alice" ]
assert "quoted-printable decoded, soft breaks joined" [ "$(field 1 details)" = "The kettle I bought leaks from the base. I want a refund — it cost £49.99, and this line is long enough to be soft-broken by quoted-printable encoding." ]

# The same Message-ID again (a retry of the mail server): recorded once.
db_snapshot
expect 0 "a second delivery" complaint mail <"$M/plain.eml"
out_is "CMP-000001"
err_has "message <plain-1@example.com> is already recorded on CMP-000001"
db_unchanged "a second delivery records nothing"

# Multipart with a PDF named in RFC 2231.
printf 'mail:\n  owner: Olive Owner\n' >owner.yaml
expect 0 "multipart with a PDF" complaint --config owner.yaml mail <"$M/pdf.eml"
out_is "CMP-000002"
assert "mail.owner owns it" [ "$(field 2 owner)" = "Olive Owner" ]
assert "the text part is the details" [ "$(field 2 details)" = "I was charged twice; the invoice is attached." ]
assert "the PDF attached under its RFC 2231 name" [ "$(attachments 2)" = "$(printf 'Réclamation facture.pdf\tapplication/pdf\t142')" ]
complaint attach 2 --get "$(complaint attach 2 --list --format tsv | tail -n 1 | cut -f1)" >got.pdf
assert "the PDF's bytes decoded from base64" grep -q '^%PDF-1.4' got.pdf

# HTML alone: readable text.
expect 0 "HTML only" complaint mail <"$M/html-only.eml"
assert "no display name: the address is the customer" [ "$(field 3 customer)" = "carol@example.com" ]
assert "HTML made text: tags out, entities in, paragraphs kept" [ "$(field 3 details)" = "$(printf 'The staff at the Leeds branch were rude & unhelpful.\n\nI waited 40 minutes \342\200\223 twice.\n\n- Monday\n- Tuesday')" ]

expect 0 "multipart/alternative" complaint mail <"$M/alternative.eml"
assert "text/plain preferred to HTML" [ "$(field 4 details)" = "The parcel is two weeks late." ]
assert "the HTML alternative is no attachment" [ -z "$(attachments 4)" ]

expect 0 "an inline image" complaint mail <"$M/inline-image.eml"
assert "HTML body beside the image" [ "$(field 5 details)" = "See the photo:" ]
assert "the inline image attached" [ "$(attachments 5)" = "$(printf 'box.png\timage/png\t70')" ]

expect 0 "an ISO-8859-1 body and encoded words" complaint mail <"$M/latin1.eml"
assert "name decoded from ISO-8859-1" [ "$(field 6 customer)" = "François Léger" ]
assert "subject decoded" [ "$(field 6 summary)" = "Réclamation" ]
assert "body converted to UTF-8" [ "$(field 6 details)" = "Le café était froid, très déçu." ]

expect 0 "a Shift_JIS body in base64" complaint mail <"$M/shift-jis.eml"
assert "Shift_JIS name" [ "$(field 7 customer)" = "田中" ]
assert "Shift_JIS subject" [ "$(field 7 summary)" = "苦情" ]
assert "Shift_JIS body" [ "$(field 7 details)" = "商品が壊れていました。" ]

expect 0 "encoded-word names" complaint mail <"$M/encoded-names.eml"
assert "UTF-8 B-encoded sender" [ "$(field 8 customer)" = "Zoë Østergaard" ]
assert "UTF-8 Q-encoded subject" [ "$(field 8 summary)" = "Bad service — again" ]
assert "RFC 2047 file name decoded" [ "$(attachments 8)" = "$(printf 'køkken.png\timage/png\t70')" ]

# Replies: a repeat contact, the text a note, no new complaint.
expect 0 "a reply naming an earlier message in References" complaint mail <"$M/reply.eml"
out_is "CMP-000001"
err_has "CMP-000001: repeat contact (contact 2)"
assert "contacts counted" [ "$(field 1 contacts)" = "2" ]
assert "the reply's text is in the history" sh -c "\"\$COMPLAINT_BIN\" show 1 --format json | jq -r '.events[-1].note' | grep -q 'Still no refund'"
expect 0 "a subject naming [cmp-000002] in lower case" complaint mail <"$M/subject-ref.eml"
out_is "CMP-000002"
assert "contacts counted on 2" [ "$(field 2 contacts)" = "2" ]
assert "no complaint was added" [ "$(complaint list --format tsv | tail -n +2 | wc -l)" -eq 8 ]
# A reply to a complaint merged into another goes to the one it became.
complaint merge 4 --into 1 --reason "same customer, same kettle" >/dev/null 2>&1
printf 'From: Dan Brown <dan@example.com>\nSubject: Re: Late delivery\nMessage-ID: <alt-2@example.com>\nReferences: <alt-1@example.com>\n\nStill late.\n' >alt-reply.eml
expect 0 "a reply to a merged complaint" complaint mail <alt-reply.eml
out_is "CMP-000001"
printf 'mail:\n  owner: ""\n' >badowner.yaml
expect 78 "an empty mail.owner" complaint --config badowner.yaml mail <alt-reply.eml
err_has "mail.owner"

# Recorded nowhere: exit 0, one line on stderr.
db_snapshot
for f in auto-reply bounce list; do
	expect 0 "$f: exit 0" complaint mail <"$M/$f.eml"
	assert "$f: nothing on stdout" [ ! -s "$T/out" ]
	err_has "not recorded: an auto-reply, a bounce or list traffic"
	err_lines 1
done
printf 'From: ann@example.com\nSubject: hi\nPrecedence: bulk\n\nx\n' >bulk.eml
expect 0 "Precedence: bulk" complaint mail <bulk.eml
err_has "Precedence: bulk"
printf 'Return-Path: <>\nFrom: ann@example.com\nSubject: hi\n\nx\n' >null.eml
expect 0 "a null sender" complaint mail <null.eml
err_has "a null sender"
printf 'From: ann@example.com\nSubject: hi\nAuto-Submitted: no\nMessage-ID: <ok-1@x>\n\nx\n' >human.eml
db_unchanged "auto-replies, bounces and lists record nothing"
expect 0 "Auto-Submitted: no is a person" complaint mail <human.eml
out_is "CMP-000009"

# Size limits: limits.message refuses the whole message; an attachment
# over limits.attachment is named, not kept.
printf 'limits:\n  message: 200B\n' >small.yaml
sed 's/pdf-1@/pdf-2@/' "$M/pdf.eml" >pdf2.eml
db_snapshot
expect 65 "a message over limits.message" complaint --config small.yaml mail <pdf2.eml
err_has "over the limit of 200 bytes (limits.message"
db_unchanged
printf 'limits:\n  message: 1XB\n' >bad.yaml
expect 78 "a bad limits.message" complaint --config bad.yaml mail <"$M/plain.eml"
err_has "expected a size from 1 byte to 1GB"

# 20 MB in one attachment, base64 in a 27 MB message: within the
# defaults (25MB, 50MB), stored whole.
head -c 20971520 /dev/urandom >big.bin
{
	printf 'From: Big Sender <big@example.com>\nSubject: video\nMessage-ID: <big-1@example.com>\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n'
	printf 'Content-Type: text/plain\n\nThe video of the fault.\n--b\n'
	printf 'Content-Type: video/mp4\nContent-Disposition: attachment; filename=fault.mp4\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 big.bin
	printf -- '--b--\n'
} >big.eml
expect 0 "a 20 MB attachment" complaint mail <big.eml
out_is "CMP-000010"
complaint attach 10 --get "$(complaint attach 10 --list --format tsv | tail -n 1 | cut -f1)" >big.out
assert "its exact bytes back" cmp big.bin big.out
printf 'limits:\n  attachment: 1MB\n' >att.yaml
sed 's/big-1@/big-2@/' big.eml >big2.eml
expect 0 "an attachment over limits.attachment" complaint --config att.yaml mail <big2.eml
out_is "CMP-000011"
err_has "attachment 'fault.mp4' not kept"
assert "the complaint is kept without it" [ -z "$(attachments 11)" ]
assert "the history says so" sh -c "\"\$COMPLAINT_BIN\" show 11 | grep -q 'e-mail attachment not kept: fault.mp4'"
rm -f big.bin big.out big.eml big2.eml

# Busy: 75 (EX_TEMPFAIL), which a mail server retries; nothing written.
printf 'busy_timeout: 100\n' >busy.yaml
printf 'From: x@example.com\nSubject: busy\nMessage-ID: <busy-1@x>\n\nbody\n' >busy.eml
db_snapshot
hold_lock
expect 75 "busy: exit 75" sh -c '"$COMPLAINT_BIN" --config busy.yaml mail <busy.eml'
err_has "database is busy"
release_lock
db_unchanged "nothing written while busy"
expect 0 "the retry is taken" complaint --config busy.yaml mail <busy.eml
out_is "CMP-000012"
# Erasure forgets a complaint's Message-IDs: a later reply to one of its
# messages is a new complaint, not a contact on the erased one.
printf 'From: Fay <fay@example.com>\nSubject: Broken lamp\nMessage-ID: <fay-1@example.com>\n\nThe lamp broke.\n' >fay.eml
expect 0 "a complaint by mail" complaint mail <fay.eml
fay=$(cat "$T/out")
expect 0 "erased" complaint erase --ref "$fay" --reason "customer asked"
assert "no Message-ID of it is kept" [ "$(db_query "SELECT count(*) FROM message_id WHERE complaint_id = $((10#${fay#CMP-}))")" = 0 ]
printf 'From: Fay <fay@example.com>\nSubject: Re: Broken lamp\nMessage-ID: <fay-2@example.com>\nReferences: <fay-1@example.com>\n\nStill broken.\n' >fay-reply.eml
expect 0 "a reply to the erased complaint's message" complaint mail <fay-reply.eml
assert "is a new complaint" [ "$(cat "$T/out")" != "$fay" ]

expect 0 "verify at the end" complaint verify

search_index_ok
done_testing
