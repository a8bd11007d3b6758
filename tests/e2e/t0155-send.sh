#!/bin/bash
# --send on ack, resolve and letter: the letter as a MIME message (UTF-8,
# quoted-printable, the reference in the subject, a Message-ID kept so a
# reply threads back) piped to mail.sendmail, to the complaint's contact;
# a contact that is no address or a mailer that fails: 74, nothing kept.
. "$(dirname "$0")/lib.sh"

# A mailer that keeps its arguments and the message; one that fails, one
# killed by a signal.
cat >sendmail-ok <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$T/sent.args"
cat >"$T/sent.eml"
EOF
printf '#!/bin/sh\ncat >/dev/null\necho "no route to host" >&2\nexit 75\n' >sendmail-fail
printf '#!/bin/sh\nkill -9 $$\n' >sendmail-killed
chmod +x sendmail-ok sendmail-fail sendmail-killed
printf 'mail:\n  from: Acme Complaints <complaints@acme.test>\n  sendmail: %s -t -i\n' "$T/sendmail-ok" >ok.yaml
printf 'mail:\n  sendmail: %s\n' "$T/sendmail-fail" >fail.yaml
printf 'mail:\n  sendmail: %s\n' "$T/sendmail-killed" >killed.yaml
printf 'mail:\n  sendmail: %s\n' "$T/no-such-mailer" >missing.yaml
export COMPLAINT_CONFIG=$T/ok.yaml

complaint log --customer "Zoë Martin" --channel email --contact zoe@example.org --summary "Kettle" >/dev/null
complaint log --customer "Bob Jones" --channel phone --contact "0161 496 0000" --summary "Late" >/dev/null
complaint log --customer "Cy Young" --channel email --contact cy@example.com --summary "Bill" >/dev/null

# Refusals: nothing recorded, nothing sent.
db_snapshot
expect 74 "a contact that is no e-mail address" complaint ack 2 --send
err_has "the contact '0161 496 0000' is not an e-mail address"
assert "the mailer was not run" [ ! -e sent.eml ]
db_unchanged
expect 74 "a mailer that fails" complaint --config fail.yaml ack 1 --send
err_has "failed (exit status 75); nothing was recorded"
db_unchanged "a failed mailer records nothing"
expect 74 "a mailer killed by a signal" complaint --config killed.yaml resolve 1 --resolution "Refunded" --send
err_has "killed by signal 9"
db_unchanged
expect 74 "a mailer that does not exist" complaint --config missing.yaml letter 1 --kind holding --send
err_has "cannot run the mailer"
db_unchanged
expect 64 "--sent and --send go separately" complaint letter 1 --kind holding --sent --send
printf 'mail:\n  sendmail: sendmail -t\n' >rel.yaml
expect 78 "mail.sendmail must be an absolute path" complaint --config rel.yaml ack 1 --send
err_has "expected an absolute path"
printf 'mail:\n  from: nobody\n' >from.yaml
expect 78 "mail.from must be an address" complaint --config from.yaml ack 1 --send
err_has "invalid address 'nobody'"
db_unchanged

# ack --send: the letter on stdout as before, and mailed.
expect 0 "ack --send" complaint ack 1 --send
out_has "Dear Zoë Martin,"
assert "sendmail run with -t -i, no shell" [ "$(cat sent.args)" = "$(printf -- '-t\n-i')" ]
hdr() { sed '/^$/q' sent.eml | grep -i "^$1:" | sed "s/^[^:]*: //"; }
assert "To: the contact" [ "$(hdr To)" = "zoe@example.org" ]
assert "From: mail.from" [ "$(hdr From)" = "Acme Complaints <complaints@acme.test>" ]
assert "Subject: the reference first" [ "$(hdr Subject)" = "[CMP-000001] we have received your complaint" ]
assert "UTF-8 text" [ "$(hdr Content-Type)" = "text/plain; charset=utf-8" ]
assert "quoted-printable" [ "$(hdr Content-Transfer-Encoding)" = "quoted-printable" ]
assert "MIME-Version" [ "$(hdr MIME-Version)" = "1.0" ]
assert "a Date" [ -n "$(hdr Date)" ]
assert "no Auto-Submitted on a person's letter" [ -z "$(hdr Auto-Submitted)" ]
assert "no message taken in: a thread of its own" [ -z "$(hdr In-Reply-To)" ]
assert "the body in quoted-printable: Zoë is Zo=C3=AB" grep -q '^Dear Zo=C3=AB Martin,' sent.eml
assert "the body decodes back to the letter" sh -c "sed '1,/^\$/d' '$T/sent.eml' | python3 -c 'import quopri,sys; sys.stdout.write(quopri.decodestring(sys.stdin.buffer.read()).decode())' | grep -q 'reference CMP-000001'"
msgid=$(hdr Message-Id | tr -d '<>')
assert "a Message-ID" [ -n "$msgid" ]
assert "the history says it was mailed" sh -c "'$COMPLAINT_BIN' show 1 | grep -q 'acknowledgement letter sent by e-mail to zoe@example.org (Message-ID <$msgid>)'"
assert "acknowledged" [ "$(complaint show 1 --format json | jq -r .status)" = "acknowledged" ]

# The customer's reply names our Message-ID: a repeat contact on it,
# whatever the subject says.
{
	printf 'From: Zoë Martin <zoe@example.org>\nSubject: Re: your letter\n'
	printf 'Message-ID: <zoe-reply-1@example.org>\nIn-Reply-To: <%s>\n\n' "$msgid"
	printf 'Thanks, but still broken.\n'
} >reply.eml
expect 0 "a reply to the sent letter" complaint mail <reply.eml
out_is "CMP-000001"
assert "threaded back: a second contact" [ "$(complaint show 1 --format json | jq -r .contacts)" = "2" ]

# A complaint that came by e-mail: the letter answers the customer's
# latest message, so their mail client threads it.
printf 'From: Dee Lane <dee@example.com>\nSubject: Fridge\nMessage-ID: <dee-1@example.com>\n\nIt hums.\n' >dee1.eml
printf 'From: Dee Lane <dee@example.com>\nSubject: Re: [CMP-000004] Fridge\nMessage-ID: <dee-2@example.com>\n\nStill humming.\n' >dee2.eml
complaint mail <dee1.eml >/dev/null
complaint mail <dee2.eml >/dev/null 2>&1
rm -f sent.eml
expect 0 "ack --send of a complaint that came by e-mail" complaint ack 4 --send
assert "In-Reply-To: the customer's latest message" [ "$(hdr In-Reply-To)" = "<dee-2@example.com>" ]
assert "References: the same" [ "$(hdr References)" = "<dee-2@example.com>" ]

# resolve --send and letter --send.
rm -f sent.eml
expect 0 "resolve --send" complaint resolve 3 --resolution "Bill corrected" --send
assert "the letter mailed to its contact" [ "$(hdr To)" = "cy@example.com" ]
assert "subject of a response" [ "$(hdr Subject)" = "[CMP-000003] our response to your complaint" ]
assert "resolved" [ "$(complaint show 3 --format json | jq -r .status)" = "resolved" ]
rm -f sent.eml
expect 0 "letter --send" complaint letter 1 --kind holding --send
assert "holding letter subject" [ "$(hdr Subject)" = "[CMP-000001] an update on your complaint" ]
assert "it answers the customer's reply" [ "$(hdr In-Reply-To)" = "<zoe-reply-1@example.org>" ]
assert "recorded as sent: no holding letter owed" [ "$(complaint show 1 --format json | jq -r .holding_due)" = "null" ]
expect 0 "verify at the end" complaint verify

search_index_ok
done_testing
