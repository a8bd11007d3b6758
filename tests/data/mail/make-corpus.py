#!/usr/bin/env python3
"""Writes the e-mail corpus of tests/e2e/t0150-mail.sh beside itself.

Real-shaped messages, written byte by byte (not through a MIME library,
so the parser under test meets them as a mail server hands them over).
The files are committed; run this again after changing it. The 20 MB
attachment is made by the test itself, not kept here.
"""
import base64
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))

# A minimal PDF and a 1x1 PNG: enough for libmagic to name their types.
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")
PNG = base64.b64decode(
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Dw"
    b"HwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


def b64(data):
    s = base64.b64encode(data)
    return b"\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + b"\n"


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def head(frm, subject, msgid, extra=b""):
    return (b"Return-Path: <sender@example.org>\n"
            b"From: " + frm + b"\n"
            b"To: complaints@acme.test\n"
            b"Subject: " + subject + b"\n"
            b"Date: Thu, 19 Nov 2026 09:30:00 +0000\n"
            b"Message-ID: <" + msgid + b">\n" + extra +
            b"MIME-Version: 1.0\n")


write("plain.eml", head(b"Ann Smith <ann@example.com>", b"Kettle leaks",
                        b"plain-1@example.com") +
      b"Content-Type: text/plain; charset=utf-8\n"
      b"Content-Transfer-Encoding: quoted-printable\n\n" +
      quopri.encodestring("The kettle I bought leaks from the base. "
                          "I want a refund \u2014 it cost \u00a349.99, and "
                          "this line is long enough to be soft-broken "
                          "by quoted-printable encoding.\n".encode()))

write("pdf.eml", head(b"Bob Jones <bob@example.com>", b"Invoice wrong",
                      b"pdf-1@example.com") +
      b"Content-Type: multipart/mixed; boundary=\"XX\"\n\n"
      b"This is a multi-part message in MIME format.\n"
      b"--XX\n"
      b"Content-Type: text/plain; charset=us-ascii\n\n"
      b"I was charged twice; the invoice is attached.\n"
      b"--XX\n"
      b"Content-Type: application/pdf\n"
      b"Content-Disposition: attachment;\n"
      b" filename*=UTF-8''R%C3%A9clamation%20facture.pdf\n"
      b"Content-Transfer-Encoding: base64\n\n" + b64(PDF) +
      b"--XX--\n")

write("html-only.eml", head(b"carol@example.com", b"Rude staff",
                            b"html-1@example.com") +
      b"Content-Type: text/html; charset=utf-8\n"
      b"Content-Transfer-Encoding: 8bit\n\n"
      b"<html><head><title>x</title><style>p{color:red}</style></head>"
      b"<body><p>The staff at the <b>Leeds</b> branch were rude &amp; "
      b"unhelpful.</p>\n<p>I waited&nbsp;40 minutes &#8211; twice.</p>"
      b"<ul><li>Monday</li><li>Tuesday</li></ul>"
      b"<script>alert(1)</script></body></html>\n")

write("alternative.eml", head(b"Dan Brown <dan@example.com>",
                              b"Late delivery", b"alt-1@example.com") +
      b"Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
      b"--alt\n"
      b"Content-Type: text/plain; charset=utf-8\n\n"
      b"The parcel is two weeks late.\n"
      b"--alt\n"
      b"Content-Type: text/html; charset=utf-8\n\n"
      b"<p>The parcel is <i>two weeks</i> late (HTML).</p>\n"
      b"--alt--\n")

write("inline-image.eml", head(b"Eve Adams <eve@example.com>",
                               b"Damaged box", b"inline-1@example.com") +
      b"Content-Type: multipart/related; boundary=\"rel\"\n\n"
      b"--rel\n"
      b"Content-Type: text/html; charset=utf-8\n\n"
      b"<p>See the photo:</p><img src=\"cid:photo1\">\n"
      b"--rel\n"
      b"Content-Type: image/png; name=\"box.png\"\n"
      b"Content-Disposition: inline; filename=\"box.png\"\n"
      b"Content-ID: <photo1>\n"
      b"Content-Transfer-Encoding: base64\n\n" + b64(PNG) +
      b"--rel--\n")

write("latin1.eml", head(b"=?iso-8859-1?q?Fran=E7ois_L=E9ger?= "
                         b"<francois@example.fr>",
                         b"=?iso-8859-1?q?R=E9clamation?=",
                         b"latin1-1@example.fr") +
      b"Content-Type: text/plain; charset=ISO-8859-1\n"
      b"Content-Transfer-Encoding: 8bit\n\n" +
      "Le caf\u00e9 \u00e9tait froid, tr\u00e8s d\u00e9\u00e7u.\n"
      .encode("iso-8859-1"))

sjis_subject = base64.b64encode("\u82e6\u60c5".encode("shift_jis"))
write("shift-jis.eml", head(b"=?Shift_JIS?B?" +
                            base64.b64encode("\u7530\u4e2d".encode(
                                "shift_jis")) + b"?= <tanaka@example.jp>",
                            b"=?Shift_JIS?B?" + sjis_subject + b"?=",
                            b"sjis-1@example.jp") +
      b"Content-Type: text/plain; charset=Shift_JIS\n"
      b"Content-Transfer-Encoding: base64\n\n" +
      b64("\u5546\u54c1\u304c\u58ca\u308c\u3066\u3044\u307e\u3057\u305f"
          "\u3002\n".encode("shift_jis")))

write("encoded-names.eml", head(b"=?UTF-8?B?" + base64.b64encode(
    "Zo\u00eb \u00d8stergaard".encode()) + b"?= <zoe@example.dk>",
    b"=?UTF-8?Q?Bad_service_=E2=80=94_again?=", b"names-1@example.dk") +
    b"Content-Type: multipart/mixed; boundary=\"nm\"\n\n"
    b"--nm\n"
    b"Content-Type: text/plain; charset=utf-8\n\n"
    b"Photo attached.\n"
    b"--nm\n"
    b"Content-Type: image/png\n"
    b"Content-Disposition: attachment; filename=\"=?UTF-8?Q?k=C3=B8kken?="
    b".png\"\n"
    b"Content-Transfer-Encoding: base64\n\n" + b64(PNG) +
    b"--nm--\n")

write("reply.eml", head(b"Ann Smith <ann@example.com>", b"Re: your reply",
                        b"reply-1@example.com",
                        b"In-Reply-To: <unknown@elsewhere.test>\n"
                        b"References: <unknown@elsewhere.test>\n"
                        b" <plain-1@example.com>\n") +
      b"Content-Type: text/plain; charset=utf-8\n\n"
      b"Still no refund.\n\n> quoted earlier text\n")

write("subject-ref.eml", head(b"Bob Jones <bob@example.com>",
                              b"RE: [cmp-000002] Invoice wrong",
                              b"ref-1@example.com") +
      b"Content-Type: text/plain; charset=utf-8\n\n"
      b"Any news?\n")

write("auto-reply.eml", head(b"Ann Smith <ann@example.com>",
                             b"Out of office", b"auto-1@example.com",
                             b"Auto-Submitted: auto-replied\n") +
      b"Content-Type: text/plain\n\nI am away until Monday.\n")

write("bounce.eml", b"Return-Path: <>\n"
      b"From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>\n"
      b"To: complaints@acme.test\n"
      b"Subject: Undelivered Mail Returned to Sender\n"
      b"Message-ID: <bounce-1@mx.acme.test>\n"
      b"MIME-Version: 1.0\n"
      b"Content-Type: multipart/report; report-type=delivery-status;"
      b" boundary=\"rp\"\n\n"
      b"--rp\n"
      b"Content-Type: text/plain\n\nThe message could not be delivered.\n"
      b"--rp\n"
      b"Content-Type: message/delivery-status\n\n"
      b"Reporting-MTA: dns; mx.acme.test\n\n"
      b"Final-Recipient: rfc822; nobody@example.com\nAction: failed\n"
      b"Status: 5.1.1\n"
      b"--rp--\n")

write("list.eml", head(b"Newsletter <news@lists.example.net>",
                       b"Weekly digest", b"list-1@lists.example.net",
                       b"Precedence: list\n"
                       b"List-Id: <weekly.lists.example.net>\n") +
      b"Content-Type: text/plain\n\nThis week's news.\n")

write("no-from.eml", b"Subject: orphan\nMessage-ID: <nf-1@example.com>\n\n"
      b"No sender at all.\n")

# Bytes that are no message at all: binary with NULs.
write("garbage.bin", bytes((i * 37 + 11) % 256 for i in range(600)))
