/*
 * Unit tests of the e-mail parser and builder (lib/mailmsg.c): what a
 * message becomes (sender, subject, thread, text, files, why it is
 * skipped), HTML made text, references in subjects, addresses, and a
 * built letter parsed back. Each test shuts GMime down at its end, so
 * `make valgrind` sees whatever it leaks. That needs Check's fork mode
 * (its default, and make valgrind's): GMime cannot be set up again in a
 * process after its shutdown, and with CK_FORK=no its second set-up
 * leaks what the first shutdown freed.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mailmsg.h"
#include "xmalloc.h"

static void
gmime_off(void)
{
	mailmsg_shutdown();
}

static void
parse_ok(const char *text, struct mailmsg *m)
{
	struct error err;

	memset(&err, 0, sizeof(err));
	ck_assert_msg(mailmsg_parse(text, strlen(text), m, &err) == 0, "%s",
	    err.msg);
}

static int
parse_fails(const char *text, size_t len)
{
	struct mailmsg m;
	struct error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = mailmsg_parse(text, len, &m, &err);
	mailmsg_release(&m);
	return rc;
}

START_TEST(test_plain)
{
	struct mailmsg m;

	parse_ok("From: \"Smith, Ann\" <ann@example.com>\r\n"
	    "Subject: Kettle\r\nMessage-ID: <a1@example.com>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "It leaks =E2=80=94 a lot, and this is a soft=\r\n break.\r\n\r\n",
	    &m);
	ck_assert_ptr_null(m.skip);
	ck_assert_str_eq(m.from_name, "Smith, Ann");
	ck_assert_str_eq(m.from_addr, "ann@example.com");
	ck_assert_str_eq(m.subject, "Kettle");
	ck_assert_str_eq(m.message_id, "a1@example.com");
	ck_assert_str_eq(m.body, "It leaks \xe2\x80\x94 a lot, and this is a "
	    "soft break.");
	ck_assert_uint_eq(m.nrefs, 0);
	ck_assert_uint_eq(m.nfiles, 0);
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_refs)
{
	struct mailmsg m;

	parse_ok("From: ann@example.com\nSubject: Re: x\n"
	    "In-Reply-To: <b@x>\nReferences: <a@x>\n <b@x> <c@x>\n\nok\n", &m);
	ck_assert_uint_eq(m.nrefs, 3);
	ck_assert_str_eq(m.refs[0], "b@x");
	ck_assert_str_eq(m.refs[1], "a@x");
	ck_assert_str_eq(m.refs[2], "c@x");
	ck_assert_ptr_null(m.from_name);
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_encoded_words)
{
	struct mailmsg m;

	parse_ok("From: =?ISO-8859-1?Q?Fran=E7ois?= <f@example.fr>\n"
	    "Subject: =?UTF-8?B?WsO2ZQ==?= and =?iso-8859-1?q?caf=E9?=\n"
	    "Content-Type: text/plain; charset=ISO-8859-1\n"
	    "Content-Transfer-Encoding: 8bit\n\ncaf\xe9\n", &m);
	ck_assert_str_eq(m.from_name, "Fran\xc3\xa7ois");
	ck_assert_str_eq(m.subject, "Z\xc3\xb6" "e and caf\xc3\xa9");
	ck_assert_str_eq(m.body, "caf\xc3\xa9");
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_undeclared_8bit)
{
	struct mailmsg m;

	/* No charset and bytes that are not UTF-8: read as Windows-1252. */
	parse_ok("From: a@example.com\nSubject: r\xe9sum\xe9\n\n"
	    "na\xefve \x80 5\n", &m);
	ck_assert_str_eq(m.body, "na\xc3\xafve \xe2\x82\xac 5");
	ck_assert_ptr_nonnull(m.subject);
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_multipart_files)
{
	struct mailmsg m;

	parse_ok("From: a@example.com\nSubject: files\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
	    "Content-Type: multipart/alternative; boundary=\"c\"\n\n--c\n"
	    "Content-Type: text/plain\n\nplain wins\n--c\n"
	    "Content-Type: text/html\n\n<p>html loses</p>\n--c--\n--b\n"
	    "Content-Type: application/octet-stream\n"
	    "Content-Disposition: attachment;\n"
	    " filename*0*=UTF-8''%C3%A9t%C3%A9;\n filename*1=\".bin\"\n"
	    "Content-Transfer-Encoding: base64\n\nAAEC/w==\n--b\n"
	    "Content-Type: image/png; name=\"../../etc/passwd\"\n"
	    "Content-Transfer-Encoding: base64\n\niVBORw0K\n--b\n"
	    "Content-Type: application/pdf\n\n%PDF\n--b\n"
	    "Content-Type: message/rfc822\n\nFrom: x@y\nSubject: inner\n\n"
	    "hi\n--b--\n", &m);
	ck_assert_str_eq(m.body, "plain wins");
	ck_assert_uint_eq(m.nfiles, 4);
	/* RFC 2231 continuations and charset. */
	ck_assert_str_eq(m.files[0].name, "\xc3\xa9t\xc3\xa9.bin");
	ck_assert_uint_eq(m.files[0].len, 4);
	ck_assert_mem_eq(m.files[0].data, "\x00\x01\x02\xff", 4);
	/* No directory survives in a name. */
	ck_assert_str_eq(m.files[1].name, "passwd");
	ck_assert_uint_eq(m.files[1].len, 6);
	/* No name at all: one made from the type. */
	ck_assert_str_eq(m.files[2].name, "part-3.pdf");
	ck_assert_str_eq(m.files[3].name, "message-4.eml");
	ck_assert_ptr_nonnull(strstr((char *)m.files[3].data,
	    "Subject: inner"));
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_html_only)
{
	struct mailmsg m;

	parse_ok("From: a@example.com\nSubject: h\n"
	    "Content-Type: text/html; charset=utf-8\n\n"
	    "<html><head><style>x{}</style></head><body>"
	    "<p>One &amp; two&#33;</p><p>Three<br>four</p></body></html>\n",
	    &m);
	ck_assert_str_eq(m.body, "One & two!\n\nThree\nfour");
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_html_text)
{
	static const struct {
		const char *html, *want;
	} cases[] = {
		{ "plain", "plain" },
		{ "a  \n  b", "a b" },
		{ "<P>x</P><DIV>y</DIV>", "x\n\ny" },
		{ "<ul><li>a</li><li>b</li></ul>", "- a\n- b" },
		{ "&lt;tag&gt; &quot;q&quot; &#x263a; &#65;", "<tag> \"q\" "
		  "\xe2\x98\xba A" },
		{ "&unknown; & &#0; &#xd800;", "&unknown; & \xef\xbf\xbd "
		  "\xef\xbf\xbd" },
		{ "<script>alert('x')</script>seen<!-- hidden -->", "seen" },
		{ "<title>T</title>body", "body" },
		{ "cut <b", "cut" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = mailmsg_html_text(cases[i].html,
		    strlen(cases[i].html));

		ck_assert_msg(strcmp(got, cases[i].want) == 0,
		    "%zu: got '%s', want '%s'", i, got, cases[i].want);
		free(got);
	}
}
END_TEST

START_TEST(test_skip)
{
	static const char *const msgs[] = {
		"From: a@x.com\nAuto-Submitted: auto-replied\n\nx\n",
		"From: a@x.com\nAuto-Submitted: auto-generated; x=y\n\nx\n",
		"From: a@x.com\nPrecedence: Bulk\n\nx\n",
		"From: a@x.com\nPrecedence: junk\n\nx\n",
		"From: a@x.com\nList-Id: <l.x.com>\n\nx\n",
		"From: a@x.com\nX-Autoreply: yes\n\nx\n",
		"Return-Path: <>\nFrom: a@x.com\n\nx\n",
		"From: MAILER-DAEMON@x.com\n\nx\n",
		"From: a@x.com\nContent-Type: multipart/report; "
		    "boundary=z\n\n--z\n\nx\n--z--\n",
	};
	struct mailmsg m;
	size_t i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		parse_ok(msgs[i], &m);
		ck_assert_msg(m.skip != NULL, "%zu not skipped", i);
		mailmsg_release(&m);
	}
	parse_ok("From: a@x.com\nAuto-Submitted: no\nPrecedence: first-class"
	    "\n\nx\n", &m);
	ck_assert_ptr_null(m.skip);
	mailmsg_release(&m);
	parse_ok("From: mailer-daemon-fan@x.com\n\nx\n", &m);
	ck_assert_ptr_null(m.skip);
	mailmsg_release(&m);
}
END_TEST

START_TEST(test_not_a_message)
{
	static const char bin[] = "\x00\x01\x02garbage\xff";

	ck_assert_int_eq(parse_fails("", 0), EX_DATAERR);
	ck_assert_int_eq(parse_fails(bin, sizeof(bin)), EX_DATAERR);
	ck_assert_int_eq(parse_fails("just some words\nno headers\n", 27),
	    EX_DATAERR);
	ck_assert_int_eq(parse_fails("Subject: x\n\nno sender\n", 22),
	    EX_DATAERR);
	ck_assert_int_eq(parse_fails("From: nobody\n\nno address\n", 25),
	    EX_DATAERR);
}
END_TEST

START_TEST(test_subject_ref)
{
	int64_t n = 0;

	ck_assert_int_eq(mailmsg_subject_ref("Re: [CMP-000042] x", "CMP", &n),
	    1);
	ck_assert_int_eq(n, 42);
	ck_assert_int_eq(mailmsg_subject_ref("[cmp-7]", "CMP", &n), 1);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(mailmsg_subject_ref("[x] [ACME-12] y", "ACME", &n),
	    1);
	ck_assert_int_eq(n, 12);
	ck_assert_int_eq(mailmsg_subject_ref("CMP-000042 no brackets", "CMP",
	    &n), 0);
	ck_assert_int_eq(mailmsg_subject_ref("[CMP-]", "CMP", &n), 0);
	ck_assert_int_eq(mailmsg_subject_ref("[CMP-0]", "CMP", &n), 0);
	ck_assert_int_eq(mailmsg_subject_ref("[CMP-12x]", "CMP", &n), 0);
	ck_assert_int_eq(mailmsg_subject_ref("[CMPX-12]", "CMP", &n), 0);
	ck_assert_int_eq(mailmsg_subject_ref(NULL, "CMP", &n), 0);
}
END_TEST

START_TEST(test_is_address)
{
	ck_assert(mailmsg_is_address("ann@example.com"));
	ck_assert(mailmsg_is_address("Ann Smith <ann@example.com>"));
	ck_assert(!mailmsg_is_address("0161 496 0000"));
	ck_assert(!mailmsg_is_address("ann@localhost"));
	ck_assert(!mailmsg_is_address("a@example.com, b@example.com"));
	ck_assert(!mailmsg_is_address("a@example.com\nBcc: x@y.z"));
	ck_assert(!mailmsg_is_address(""));
	ck_assert(!mailmsg_is_address(NULL));
}
END_TEST

START_TEST(test_build_roundtrip)
{
	struct mail_letter l;
	struct buf out = BUF_INIT;
	struct mailmsg m;
	struct error err;
	char *id = NULL;

	memset(&l, 0, sizeof(l));
	memset(&err, 0, sizeof(err));
	l.from = "Acme <complaints@acme.test>";
	l.to = "zoe@example.org";
	l.subject = "[CMP-000001] r\xc3\xa9ponse";
	l.body = "Dear Zo\xc3\xab,\n\nA line longer than seventy-six "
	    "characters, which quoted-printable must break softly.\n";
	l.in_reply_to = "x1@example.org";
	l.date = 1795000000;
	ck_assert_int_eq(mailmsg_build(&l, &out, &id, &err), 0);
	ck_assert_ptr_nonnull(id);
	ck_assert_ptr_nonnull(strstr(id, "@acme.test"));
	ck_assert_ptr_nonnull(strstr(buf_str(&out),
	    "Content-Transfer-Encoding: quoted-printable\n"));
	ck_assert_ptr_nonnull(strstr(buf_str(&out), "charset=utf-8"));
	ck_assert_ptr_nonnull(strstr(buf_str(&out), "Dear Zo=C3=AB,"));
	ck_assert_ptr_null(strstr(buf_str(&out), "Auto-Submitted"));
	ck_assert_ptr_null(strchr(buf_str(&out), '\r'));
	/* Read back by the parser: the same letter. */
	parse_ok(buf_str(&out), &m);
	ck_assert_ptr_null(m.skip);
	ck_assert_str_eq(m.from_addr, "complaints@acme.test");
	ck_assert_str_eq(m.subject, "[CMP-000001] r\xc3\xa9ponse");
	ck_assert_str_eq(m.message_id, id);
	ck_assert_uint_eq(m.nrefs, 1);
	ck_assert_str_eq(m.refs[0], "x1@example.org");
	ck_assert_str_eq(m.body, "Dear Zo\xc3\xab,\n\nA line longer than "
	    "seventy-six characters, which quoted-printable must break "
	    "softly.");
	mailmsg_release(&m);
	free(id);
	buf_release(&out);

	/* A received id that would malform the header is not sent back. */
	l.in_reply_to = "a b>@x";
	ck_assert_int_eq(mailmsg_build(&l, &out, &id, &err), 0);
	ck_assert_ptr_null(strstr(buf_str(&out), "In-Reply-To"));
	free(id);
	buf_release(&out);

	l.to = "not an address";
	ck_assert_int_eq(mailmsg_build(&l, &out, &id, &err), EX_IOERR);
	ck_assert_ptr_null(id);
	buf_release(&out);
}
END_TEST

START_TEST(test_send)
{
	struct error err;

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(mailmsg_send("/bin/sh -c cat>/dev/null", "x\n", 2,
	    &err), 0);
	ck_assert_int_eq(mailmsg_send("/bin/false", "x\n", 2, &err),
	    EX_IOERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "exit status 1"));
	ck_assert_int_eq(mailmsg_send("/no/such/mailer", "x\n", 2, &err),
	    EX_IOERR);
	/* A mailer that quits without reading a large letter: no SIGPIPE
	 * kills us, and a letter not taken whole is an error. */
	{
		size_t n = 1 << 20;
		char *big = calloc(1, n);

		ck_assert_ptr_nonnull(big);
		memset(big, 'x', n);
		ck_assert_int_eq(mailmsg_send("/bin/true", big, n, &err),
		    EX_IOERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "cannot write"));
		free(big);
	}
}
END_TEST

Suite *mailmsg_suite(void);

Suite *
mailmsg_suite(void)
{
	Suite *s = suite_create("mailmsg");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, NULL, gmime_off);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_refs);
	tcase_add_test(tc, test_encoded_words);
	tcase_add_test(tc, test_undeclared_8bit);
	tcase_add_test(tc, test_multipart_files);
	tcase_add_test(tc, test_html_only);
	tcase_add_test(tc, test_skip);
	tcase_add_test(tc, test_not_a_message);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_checked_fixture(tc, NULL, gmime_off);
	tcase_add_test(tc, test_html_text);
	tcase_add_test(tc, test_subject_ref);
	tcase_add_test(tc, test_is_address);
	suite_add_tcase(s, tc);

	tc = tcase_create("out");
	tcase_add_checked_fixture(tc, NULL, gmime_off);
	tcase_add_test(tc, test_build_roundtrip);
	tcase_add_test(tc, test_send);
	suite_add_tcase(s, tc);
	return s;
}
