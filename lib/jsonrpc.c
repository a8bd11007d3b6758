/*
 * JSON-RPC 2.0 over lines: see jsonrpc.h.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"
#include "xmalloc.h"

static int
invalid(struct error *err, const char *why)
{
	error_set(err, RPC_INVALID_REQUEST, "invalid request: %s", why);
	return RPC_INVALID_REQUEST;
}

int
rpc_parse(const char *text, size_t len, struct rpc_message *m,
    json_t **id_out, struct error *err)
{
	json_error_t je;
	json_t *root, *v, *id;
	const char *version, *why;

	memset(m, 0, sizeof(*m));
	if (id_out)
		*id_out = NULL;
	if (len > RPC_MAX_MESSAGE) {
		error_set(err, RPC_INVALID_REQUEST, "message of %zu bytes "
		    "refused (at most %u)", len, RPC_MAX_MESSAGE);
		return RPC_INVALID_REQUEST;
	}
	/* Duplicate keys would let two readers see two messages. Any JSON
	 * value is read, so that one that is not an object is an invalid
	 * request, not a parse error. */
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &je);
	if (root == NULL) {
		error_set(err, RPC_PARSE_ERROR, "parse error at column %d: %s",
		    je.column, je.text);
		return RPC_PARSE_ERROR;
	}
	if (!json_is_object(root)) {
		why = json_is_array(root) ? "batches are not supported" :
		    "not an object";
		json_decref(root);
		return invalid(err, why);
	}
	id = json_object_get(root, "id");
	if (id != NULL && !json_is_string(id) && !json_is_integer(id) &&
	    !json_is_real(id) && !json_is_null(id)) {
		json_decref(root);
		return invalid(err, "the id is neither a string nor a number");
	}
	if (id_out && id != NULL && !json_is_null(id))
		*id_out = json_incref(id);
	v = json_object_get(root, "jsonrpc");
	version = json_is_string(v) ? json_string_value(v) : NULL;
	if (version == NULL || strcmp(version, "2.0") != 0) {
		json_decref(root);
		return invalid(err, "\"jsonrpc\" must be \"2.0\"");
	}
	v = json_object_get(root, "method");
	if (!json_is_string(v)) {
		why = json_object_get(root, "result") != NULL ||
		    json_object_get(root, "error") != NULL ?
		    "responses are not expected" : "no method";
		json_decref(root);
		return invalid(err, why);
	}
	m->method = json_string_value(v);
	v = json_object_get(root, "params");
	if (v != NULL && !json_is_object(v) && !json_is_null(v)) {
		json_decref(root);
		memset(m, 0, sizeof(*m));
		return invalid(err, "params must be an object");
	}
	m->params = json_is_object(v) ? v : NULL;
	m->root = root;
	m->id = id != NULL && !json_is_null(id) ? id : NULL;
	if (id_out && *id_out) {
		json_decref(*id_out);
		*id_out = NULL;
	}
	return 0;
}

void
rpc_message_release(struct rpc_message *m)
{
	json_decref(m->root);
	memset(m, 0, sizeof(*m));
}

/* The envelope of an answer to ID, with KEY set to VALUE (stolen). */
static char *
answer(json_t *id, const char *key, json_t *value)
{
	json_t *msg = json_object();
	char *s;

	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	json_object_set(msg, "id", id != NULL ? id : json_null());
	json_object_set_new(msg, key, value);
	/* Compact, hence one line: JSON strings escape their newlines. */
	s = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	return s != NULL ? s : xstrdup("{\"jsonrpc\":\"2.0\",\"id\":null,"
	    "\"error\":{\"code\":-32603,\"message\":\"internal error\"}}");
}

char *
rpc_result(json_t *id, json_t *result)
{
	return answer(id, "result", result != NULL ? result : json_object());
}

char *
rpc_error(json_t *id, int code, const char *message)
{
	return answer(id, "error", json_pack("{s:i, s:s}", "code", code,
	    "message", message));
}
