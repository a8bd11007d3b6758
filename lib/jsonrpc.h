/*
 * JSON-RPC 2.0 messages, one per line, as the Model Context Protocol's
 * stdio transport carries them: reading a request or notification, and
 * writing a result or an error. JSON itself is jansson's (Debian
 * libjansson-dev), so no JSON is parsed by hand here.
 */
#ifndef COMPLAINT_JSONRPC_H
#define COMPLAINT_JSONRPC_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

/* The error codes of JSON-RPC 2.0. */
#define RPC_PARSE_ERROR -32700
#define RPC_INVALID_REQUEST -32600
#define RPC_METHOD_NOT_FOUND -32601
#define RPC_INVALID_PARAMS -32602
#define RPC_INTERNAL_ERROR -32603

/* The longest message read: larger ones are refused whole. */
#define RPC_MAX_MESSAGE (16u << 20)

struct rpc_message {
	json_t *root;       /* the whole message, owned */
	json_t *id;         /* borrowed from root; NULL for a notification */
	const char *method; /* borrowed from root */
	json_t *params;     /* borrowed from root: an object, or NULL */
};

/*
 * Read one message from the LEN bytes of TEXT (no NUL needed). Returns
 * 0, or RPC_PARSE_ERROR (not JSON) or RPC_INVALID_REQUEST (JSON, but not
 * a JSON-RPC 2.0 request: a batch, no "jsonrpc":"2.0", no method, an id
 * that is neither a string nor a number, params neither an object nor
 * absent), with the reason in ERR->msg and *M empty. A message refused
 * as an invalid request may still carry its id in *ID_OUT (borrowed
 * from nothing: a new reference the caller decrefs), so the error can
 * answer it; NULL otherwise.
 */
int rpc_parse(const char *text, size_t len, struct rpc_message *m,
    json_t **id_out, struct error *err);
void rpc_message_release(struct rpc_message *m);

/*
 * One line (no newline) answering ID with RESULT, which is stolen; or
 * with an error CODE and MESSAGE. ID may be NULL (answered as null).
 * The caller frees the string.
 */
char *rpc_result(json_t *id, json_t *result);
char *rpc_error(json_t *id, int code, const char *message);

#endif
