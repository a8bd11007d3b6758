/*
 * Unit tests for lib/jsonrpc.c: what is a JSON-RPC 2.0 request or
 * notification, which error code each bad message gets, and the answers.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

Suite *jsonrpc_suite(void);

static const struct {
	const char *text;
	int rc;
	const char *method;  /* when rc is 0 */
	int has_id;          /* a request (1) or a notification (0) */
	const char *bad_id;  /* the id an error answers, as JSON, or NULL */
	const char *msg;     /* the start of err.msg, when rc is not 0 */
} parse_rows[] = {
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", 0, "ping", 1,
	    NULL, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/list\","
	    "\"params\":{}}", 0, "tools/list", 1, NULL, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
	    0, "notifications/initialized", 0, NULL, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", 0, "ping",
	    0, NULL, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":null}",
	    0, "ping", 1, NULL, NULL },
	{ "", RPC_PARSE_ERROR, NULL, 0, NULL, "parse error" },
	{ "{", RPC_PARSE_ERROR, NULL, 0, NULL, "parse error" },
	{ "garbage", RPC_PARSE_ERROR, NULL, 0, NULL, "parse error" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"method\":\"b\"}",
	    RPC_PARSE_ERROR, NULL, 0, NULL, "parse error" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}",
	    RPC_PARSE_ERROR, NULL, 0, NULL, "parse error" },
	{ "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
	    RPC_INVALID_REQUEST, NULL, 0, NULL,
	    "invalid request: batches are not supported" },
	{ "42", RPC_INVALID_REQUEST, NULL, 0, NULL,
	    "invalid request: not an object" },
	{ "{\"id\":7,\"method\":\"ping\"}", RPC_INVALID_REQUEST, NULL, 0, "7",
	    "invalid request: \"jsonrpc\" must be \"2.0\"" },
	{ "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}",
	    RPC_INVALID_REQUEST, NULL, 0, "7", "invalid request" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"q\"}", RPC_INVALID_REQUEST, NULL, 0,
	    "\"q\"", "invalid request: no method" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":5}", RPC_INVALID_REQUEST,
	    NULL, 0, "3", "invalid request: no method" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", RPC_INVALID_REQUEST,
	    NULL, 0, "3", "invalid request: responses are not expected" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}",
	    RPC_INVALID_REQUEST, NULL, 0, NULL,
	    "invalid request: the id is neither a string nor a number" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":[1]}",
	    RPC_INVALID_REQUEST, NULL, 0, "4",
	    "invalid request: params must be an object" },
};

START_TEST(test_parse)
{
	struct rpc_message m;
	struct error err = { 0, "" };
	json_t *bad_id = NULL;
	const char *text = parse_rows[_i].text;
	char *id;
	int rc;

	rc = rpc_parse(text, strlen(text), &m, &bad_id, &err);
	ck_assert_int_eq(rc, parse_rows[_i].rc);
	if (rc == 0) {
		ck_assert_str_eq(m.method, parse_rows[_i].method);
		ck_assert_int_eq(m.id != NULL, parse_rows[_i].has_id);
		ck_assert_ptr_null(bad_id);
		rpc_message_release(&m);
		return;
	}
	ck_assert_ptr_null(m.root);
	ck_assert_msg(strncmp(err.msg, parse_rows[_i].msg,
	    strlen(parse_rows[_i].msg)) == 0, "%s", err.msg);
	if (parse_rows[_i].bad_id == NULL) {
		ck_assert_ptr_null(bad_id);
		return;
	}
	ck_assert_ptr_nonnull(bad_id);
	id = json_dumps(bad_id, JSON_ENCODE_ANY | JSON_COMPACT);
	ck_assert_str_eq(id, parse_rows[_i].bad_id);
	free(id);
	json_decref(bad_id);
}
END_TEST

START_TEST(test_too_large)
{
	struct rpc_message m;
	struct error err = { 0, "" };
	json_t *bad_id;

	/* The length alone refuses it: nothing is read. */
	ck_assert_int_eq(rpc_parse("{}", RPC_MAX_MESSAGE + 1, &m, &bad_id,
	    &err), RPC_INVALID_REQUEST);
	ck_assert_ptr_null(bad_id);
	ck_assert_msg(strstr(err.msg, "refused") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_answers)
{
	json_t *id = json_integer(9);
	char *s;

	s = rpc_result(id, json_pack("{s:s}", "a", "line\nbreak"));
	ck_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":"
	    "{\"a\":\"line\\nbreak\"}}");
	free(s);
	s = rpc_result(NULL, NULL);
	ck_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}");
	free(s);
	s = rpc_error(id, RPC_METHOD_NOT_FOUND, "unknown method 'x'");
	ck_assert_str_eq(s, "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":"
	    "{\"code\":-32601,\"message\":\"unknown method 'x'\"}}");
	free(s);
	json_decref(id);
}
END_TEST

Suite *
jsonrpc_suite(void)
{
	Suite *s = suite_create("jsonrpc");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0, (int)NELEM(parse_rows));
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_answers);
	suite_add_tcase(s, tc);
	return s;
}
