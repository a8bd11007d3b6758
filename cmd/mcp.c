/*
 * complaint mcp: the Model Context Protocol over stdio, so an AI agent's
 * client can call complaint's commands as tools. One JSON-RPC message a
 * line on standard input, one answer a line on standard output.
 *
 * Each tool is a command; its input schema is made from the command's
 * own option table (the one --help's synopsis, --list-options and the
 * completions come from). A call runs the command as a child process of
 * this same binary, so it is exactly the command: the same transaction,
 * roles, account and exit status, with nothing of this process's state
 * shared between calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "jsonrpc.h"
#include "xmalloc.h"

static const char usage[] = "usage: complaint mcp\n";

static const struct option options[] = {
	{ NULL, 0, NULL, 0 },
};

static int cmd_mcp(int, char **, struct ctx *);

const struct command cmd_mcp_def = {
	"mcp", cmd_mcp, 0,
	"serve the commands as MCP tools over stdio", usage, "", options,
};

/* The protocol revisions this server speaks, newest first. */
static const char *const protocol_versions[] = {
	"2025-06-18", "2025-03-26", "2024-11-05", NULL,
};

/* The property of a tool's arguments that holds its operands. */
#define ARGS_PROPERTY "args"
/* The property of a write tool's arguments passed as the global
 * --idempotency-key (SPEC 2). */
#define KEY_PROPERTY "idempotency_key"

/* Whether CMD writes, so that its tool takes KEY_PROPERTY. */
static int
takes_key(const struct command *cmd)
{
	return (cmd->flags & (WRITES | MAY_WRITE)) != 0;
}

/* What a tool call printed and how it ended. */
struct run {
	struct buf out, err;
	int status;
};

/* Whether command CMD is offered as a tool: all but this one and mail,
 * whose message comes on standard input, which a tool call has not. */
static int
is_tool(const struct command *cmd)
{
	return strcmp(cmd->name, "mcp") != 0 &&
	    strcmp(cmd->name, "mail") != 0;
}

static const struct option *
find_option(const struct command *cmd, const char *name)
{
	const struct option *o;

	for (o = cmd->long_opts; o != NULL && o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* The JSON Schema of CMD's arguments: a property per long option (a flag
 * is a boolean, an option with a value a string), and the operands. */
static json_t *
input_schema(const struct command *cmd)
{
	json_t *props = json_object();
	const struct option *o;

	for (o = cmd->long_opts; o != NULL && o->name != NULL; o++) {
		if (o->has_arg == no_argument)
			json_object_set_new(props, o->name, json_pack(
			    "{s:s, s:s+}", "type", "boolean", "description",
			    "the flag --", o->name));
		else
			json_object_set_new(props, o->name, json_pack(
			    "{s:s, s:s+}", "type", "string", "description",
			    "the value of --", o->name));
	}
	json_object_set_new(props, ARGS_PROPERTY, json_pack(
	    "{s:s, s:{s:s}, s:s}", "type", "array", "items", "type", "string",
	    "description", "the operands, in the order of the synopsis "
	    "(REF, TEXT, FILE...)"));
	if (takes_key(cmd))
		json_object_set_new(props, KEY_PROPERTY, json_pack(
		    "{s:s, s:s}", "type", "string", "description",
		    "--idempotency-key: a call repeated with the same key and "
		    "arguments returns the first call's result and writes "
		    "nothing (1 to 200 printable ASCII characters, no spaces)"));
	return json_pack("{s:s, s:o, s:b}", "type", "object", "properties",
	    props, "additionalProperties", 0);
}

static json_t *
tool_list(void)
{
	const struct command *const *table;
	json_t *tools = json_array();
	size_t i, n;

	table = command_table(&n);
	for (i = 0; i < n; i++) {
		const struct command *cmd = table[i];

		if (!is_tool(cmd))
			continue;
		json_array_append_new(tools, json_pack("{s:s, s:s+++, s:o}",
		    "name", cmd->name, "description", cmd->summary, ".\n\n",
		    cmd->usage, "The result is what the command prints (JSON "
		    "where the command has --format); a failure carries its "
		    "exit status (complaint(1)).",
		    "inputSchema", input_schema(cmd)));
	}
	return json_pack("{s:o}", "tools", tools);
}

/* Append to ARGV (of *N) the string S, copied. */
static void
push(char ***argv, size_t *n, const char *s)
{
	*argv = xreallocarray(*argv, *n + 2, sizeof(**argv));
	(*argv)[(*n)++] = xstrdup(s);
	(*argv)[*n] = NULL;
}

static void
free_argv(char **argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* A scalar argument as the text of a command-line value; NULL when it is
 * not a scalar. */
static char *
scalar_text(json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%.17g", json_real_value(v));
	return NULL;
}

/*
 * The command line of a call to CMD with ARGS: the global options this
 * server was started with, the command, its options as --name=value and
 * its operands after "--" (so an operand never reads as an option).
 * --format=json is added where the command has --format and the call
 * chose none. EX_USAGE with the reason in ERR for arguments that do not
 * fit the schema.
 */
static int
build_argv(const struct ctx *ctx, const struct command *cmd, json_t *args,
    char ***out, struct error *err)
{
	const char *key;
	json_t *v, *operands = NULL;
	char **argv = NULL, *s;
	size_t n = 0, i;

	push(&argv, &n, "complaint");
	if (ctx->global.db) {
		push(&argv, &n, "--db");
		push(&argv, &n, ctx->global.db);
	}
	if (ctx->global.config) {
		push(&argv, &n, "--config");
		push(&argv, &n, ctx->global.config);
	}
	if (ctx->global.as) {
		push(&argv, &n, "--as");
		push(&argv, &n, ctx->global.as);
	}
	if (args != NULL && !json_is_object(args)) {
		free_argv(argv);
		return error_set(err, EX_USAGE, "arguments must be an object");
	}
	if (takes_key(cmd) && (v = json_object_get(args, KEY_PROPERTY)) !=
	    NULL) {
		if (!json_is_string(v)) {
			free_argv(argv);
			return error_set(err, EX_USAGE, "argument '"
			    KEY_PROPERTY "' must be a string");
		}
		push(&argv, &n, "--idempotency-key");
		push(&argv, &n, json_string_value(v));
	}
	push(&argv, &n, cmd->name);
	json_object_foreach(args, key, v) {
		const struct option *o;

		if (strcmp(key, ARGS_PROPERTY) == 0) {
			operands = v;
			continue;
		}
		if (takes_key(cmd) && strcmp(key, KEY_PROPERTY) == 0)
			continue;
		if ((o = find_option(cmd, key)) == NULL) {
			free_argv(argv);
			return error_set(err, EX_USAGE, "unknown argument '%s' "
			    "for %s (see tools/list)", key, cmd->name);
		}
		if (o->has_arg == no_argument) {
			if (!json_is_boolean(v)) {
				free_argv(argv);
				return error_set(err, EX_USAGE, "argument '%s' "
				    "must be a boolean", key);
			}
			if (json_is_true(v)) {
				s = xasprintf("--%s", key);
				push(&argv, &n, s);
				free(s);
			}
			continue;
		}
		if ((s = scalar_text(v)) == NULL) {
			free_argv(argv);
			return error_set(err, EX_USAGE, "argument '%s' must be a "
			    "string or a number", key);
		}
		{
			char *opt = xasprintf("--%s=%s", key, s);

			push(&argv, &n, opt);
			free(opt);
		}
		free(s);
	}
	if (find_option(cmd, "format") != NULL &&
	    json_object_get(args, "format") == NULL)
		push(&argv, &n, "--format=json");
	if (operands != NULL) {
		if (!json_is_array(operands)) {
			free_argv(argv);
			return error_set(err, EX_USAGE, "argument '"
			    ARGS_PROPERTY "' must be an array of strings");
		}
		push(&argv, &n, "--");
		for (i = 0; i < json_array_size(operands); i++) {
			if ((s = scalar_text(json_array_get(operands, i))) ==
			    NULL) {
				free_argv(argv);
				return error_set(err, EX_USAGE, "argument '"
				    ARGS_PROPERTY "' must be an array of "
				    "strings");
			}
			push(&argv, &n, s);
			free(s);
		}
	}
	*out = argv;
	return 0;
}

/* Read FD until end of file into B; -1 on a read error. */
static int
drain(int fd, struct buf *b)
{
	char chunk[8192];
	ssize_t got;

	for (;;) {
		got = read(fd, chunk, sizeof(chunk));
		if (got > 0) {
			buf_add(b, chunk, (size_t)got);
			return 1;
		}
		if (got == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/*
 * Run this binary with ARGV, standard input from /dev/null (this
 * process's standard input is the protocol), collecting both outputs.
 */
static int
run_child(char **argv, struct run *r, struct error *err)
{
	int out[2], errp[2], status, fd;
	struct pollfd p[2];
	pid_t pid;

	if (pipe(out) == -1)
		return error_set(err, EX_OSERR, "pipe: %s", strerror(errno));
	if (pipe(errp) == -1) {
		close(out[0]);
		close(out[1]);
		return error_set(err, EX_OSERR, "pipe: %s", strerror(errno));
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		close(out[0]), close(out[1]), close(errp[0]), close(errp[1]);
		return error_set(err, EX_OSERR, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDONLY)) >= 0)
			dup2(fd, STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		close(out[0]), close(out[1]), close(errp[0]), close(errp[1]);
		execv("/proc/self/exe", argv);
		_exit(EX_OSERR);
	}
	close(out[1]);
	close(errp[1]);
	p[0] = (struct pollfd){ .fd = out[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = errp[0], .events = POLLIN };
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents && drain(p[0].fd, &r->out) <= 0) {
			close(p[0].fd);
			p[0].fd = -1;
		}
		if (p[1].revents && drain(p[1].fd, &r->err) <= 0) {
			close(p[1].fd);
			p[1].fd = -1;
		}
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return error_set(err, EX_OSERR, "waitpid: %s",
			    strerror(errno));
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
	return 0;
}

/* TEXT without its last newline, as a JSON string. */
static json_t *
text_value(const struct buf *b)
{
	size_t len = b->len;

	while (len > 0 && b->s[len - 1] == '\n')
		len--;
	return json_stringn(buf_str(b), len);
}

/*
 * The result of a tool call: what the command printed, and its exit
 * status. 0 and 1 (the condition of --exit-code holds) are answers;
 * any other status is a failure, carrying the command's message.
 */
static json_t *
call_result(const struct run *r)
{
	json_t *structured, *parsed;
	int failed = r->status != 0 && r->status != EX_CONDITION;
	json_t *text;

	structured = json_pack("{s:i}", "exit_status", r->status);
	if (failed) {
		text = text_value(&r->err);
		json_object_set(structured, "error", text);
	} else {
		text = text_value(&r->out);
		parsed = r->out.len > 0 ? json_loadb(r->out.s, r->out.len,
		    0, NULL) : NULL;
		json_object_set_new(structured, "output", parsed != NULL ?
		    parsed : json_incref(text));
	}
	return json_pack("{s:[{s:s, s:o}], s:o, s:b}", "content", "type",
	    "text", "text", text, "structuredContent", structured, "isError",
	    failed);
}

static char *
tools_call(const struct ctx *ctx, json_t *id, json_t *params)
{
	const struct command *cmd;
	struct error err = { 0, "" };
	struct run r = { 0 };
	json_t *name, *result;
	char **argv = NULL, *line;

	name = json_object_get(params, "name");
	if (!json_is_string(name))
		return rpc_error(id, RPC_INVALID_PARAMS, "tools/call needs "
		    "the tool's name");
	cmd = command_lookup(json_string_value(name));
	if (cmd == NULL || !is_tool(cmd)) {
		line = xasprintf("unknown tool '%s' (see tools/list)",
		    json_string_value(name));
		goto fail;
	}
	if (build_argv(ctx, cmd, json_object_get(params, "arguments"), &argv,
	    &err) != 0) {
		line = xstrdup(err.msg);
		goto fail;
	}
	if (run_child(argv, &r, &err) != 0) {
		free_argv(argv);
		return rpc_error(id, RPC_INTERNAL_ERROR, err.msg);
	}
	free_argv(argv);
	result = call_result(&r);
	buf_release(&r.out);
	buf_release(&r.err);
	return rpc_result(id, result);
fail:
	{
		char *answer = rpc_error(id, RPC_INVALID_PARAMS, line);

		free(line);
		return answer;
	}
}

static char *
initialize(json_t *id, json_t *params)
{
	const char *asked = json_string_value(json_object_get(params,
	    "protocolVersion"));
	const char *version = protocol_versions[0];
	size_t i;

	for (i = 0; asked != NULL && protocol_versions[i] != NULL; i++)
		if (strcmp(asked, protocol_versions[i]) == 0)
			version = asked;
	return rpc_result(id, json_pack("{s:s, s:{s:{s:b}}, s:{s:s, s:s}, "
	    "s:s}", "protocolVersion", version, "capabilities", "tools",
	    "listChanged", 0, "serverInfo", "name", "complaint", "version",
	    COMPLAINT_VERSION, "instructions", "Each tool is a complaint "
	    "command (see complaint(1)); options are arguments by their "
	    "long names, operands go in \"args\"."));
}

/* The answer to message M, or NULL for a notification. */
static char *
dispatch(const struct ctx *ctx, const struct rpc_message *m)
{
	char *answer = NULL, *msg;

	if (strcmp(m->method, "initialize") == 0)
		answer = initialize(m->id, m->params);
	else if (strcmp(m->method, "ping") == 0)
		answer = rpc_result(m->id, json_object());
	else if (strcmp(m->method, "tools/list") == 0)
		answer = rpc_result(m->id, tool_list());
	else if (strcmp(m->method, "tools/call") == 0)
		answer = tools_call(ctx, m->id, m->params);
	else if (m->id != NULL) {
		msg = xasprintf("unknown method '%s'", m->method);
		answer = rpc_error(m->id, RPC_METHOD_NOT_FOUND, msg);
		free(msg);
	}
	/* Notifications (no id) are never answered. */
	if (m->id == NULL) {
		free(answer);
		return NULL;
	}
	return answer;
}

static int
send_line(char *line)
{
	int rc = 0;

	if (line != NULL) {
		if (fputs(line, stdout) == EOF || putchar('\n') == EOF ||
		    fflush(stdout) == EOF)
			rc = -1;
		free(line);
	}
	return rc;
}

static int
cmd_mcp(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_mcp_def;
	struct rpc_message m;
	struct error err;
	json_t *bad_id;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int opt, rc;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1)
		return EX_USAGE;
	if (argc - optind != 0)
		return cmd_usage_error(cmd, ctx, "no arguments are taken");
	/* A key comes from each tool call: one inherited by every call
	 * would make the second write a replay of the first. */
	unsetenv("COMPLAINT_IDEMPOTENCY_KEY");
	json_set_alloc_funcs(xmalloc, free);
	while ((len = getline(&line, &cap, stdin)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		error_clear(&err);
		rc = rpc_parse(line, (size_t)len, &m, &bad_id, &err);
		if (rc != 0) {
			rc = send_line(rpc_error(bad_id, rc, err.msg));
			json_decref(bad_id);
		} else {
			rc = send_line(dispatch(ctx, &m));
			rpc_message_release(&m);
		}
		if (rc != 0) {
			free(line);
			return error_set(&ctx->err, EX_IOERR, "write error on "
			    "standard output: %s", strerror(errno));
		}
	}
	free(line);
	if (ferror(stdin))
		return error_set(&ctx->err, EX_IOERR, "read error on standard "
		    "input: %s", strerror(errno));
	return 0;
}
