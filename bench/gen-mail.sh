#!/bin/sh
# gen-mail.sh N DIR: N typical e-mailed complaints of about 20 KB for the
# mail benchmark (issue 17), DIR/I.eml for I in 1..N, each with its own
# Message-ID and sender, and DIR/I.txt, the text mail records as the
# details, for the `log` it is compared with. A typical message: a
# multipart/alternative with the text in quoted-printable and the same
# words in HTML, as a mail client writes them, with a signature.
set -eu

n=$1
dir=$2
mkdir -p "$dir"
para="I ordered the kettle on the 3rd and it arrived with a cracked base; \
the replacement you sent last week leaks from the same place. I have \
spent over an hour on the phone across three calls and nobody has called \
me back as promised. I would like a refund of £49.99 and an explanation."
i=1
while [ "$i" -le "$n" ]; do
	{
		printf 'Return-Path: <customer%d@example.com>\n' "$i"
		printf 'Received: from mx.example.com by mail.acme.test; Thu, 19 Nov 2026 09:%02d:00 +0000\n' $((i % 60))
		printf 'From: Bench Customer %d <customer%d@example.com>\n' "$i" "$i"
		printf 'To: complaints@acme.test\n'
		printf 'Subject: Kettle leaks again (order %d)\n' "$i"
		printf 'Date: Thu, 19 Nov 2026 09:30:00 +0000\n'
		printf 'Message-ID: <bench-%d@example.com>\n' "$i"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: multipart/alternative; boundary="b1"\n\n'
		printf -- '--b1\nContent-Type: text/plain; charset=utf-8\n'
		printf 'Content-Transfer-Encoding: quoted-printable\n\n'
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			printf '%s\n\n' "$para" | sed 's/£/=C2=A3/'
		done
		printf -- '-- \nBench Customer %d\n\n--b1\n' "$i"
		printf 'Content-Type: text/html; charset=utf-8\n'
		printf 'Content-Transfer-Encoding: quoted-printable\n\n'
		printf '<html><head><style>p{font-family:Arial}</style></head><body>\n'
		j=0
		while [ "$j" -lt 48 ]; do
			j=$((j + 1))
			printf '<div class=3D"para" style=3D"margin:0 0 1em 0"><p>%s</p></div>\n' \
			    "$para" | sed 's/£/=C2=A3/'
		done
		printf '</body></html>\n--b1--\n'
	} >"$dir/$i.eml"
	{
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			printf '%s\n\n' "$para"
		done
		printf -- '-- \nBench Customer %d' "$i"
	} >"$dir/$i.txt"
	i=$((i + 1))
done
