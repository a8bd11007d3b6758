/*
 * Fuzz target: the JSON-RPC reader of `complaint mcp`. Any bytes are
 * read as a message or refused with a JSON-RPC error code, and every
 * answer written is one line of JSON that reads back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_line(char *line)
{
	json_t *back;

	if (strchr(line, '\n') != NULL)
		abort();
	if ((back = json_loads(line, 0, NULL)) == NULL)
		abort();
	json_decref(back);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpc_message m;
	struct error err;
	json_t *bad_id;
	int rc;

	error_clear(&err);
	rc = rpc_parse((const char *)data, size, &m, &bad_id, &err);
	if (rc == 0) {
		if (m.root == NULL || m.method == NULL)
			abort();
		check_line(rpc_result(m.id, json_string(m.method)));
		rpc_message_release(&m);
	} else {
		if (rc != RPC_PARSE_ERROR && rc != RPC_INVALID_REQUEST)
			abort();
		if (m.root != NULL || err.msg[0] == '\0')
			abort();
		check_line(rpc_error(bad_id, rc, err.msg));
		json_decref(bad_id);
	}
	return 0;
}
