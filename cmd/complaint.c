/*
 * complaint: the one binary. Parses the global options by hand, finds the
 * command in the table, sets up what the command's flags ask for (the
 * configuration, the clock, the database and its transaction), runs it,
 * and turns its result into an exit status (as git.c's run_builtin).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "idempotency.h"
#include "mailmsg.h"
#include "name.h"
#include "report.h"
#include "timeutil.h"
#include "xmalloc.h"

#ifndef COMPLAINT_VERSION
#define COMPLAINT_VERSION "unknown"
#endif

/* In the order of the process (SPEC 1), then the records' tools. */
static const struct command *const commands[] = {
	&cmd_log_def,
	&cmd_mail_def,
	&cmd_ack_def,
	&cmd_assess_def,
	&cmd_escalate_def,
	&cmd_resolve_def,
	&cmd_followup_def,
	&cmd_review_def,
	&cmd_reopen_def,
	&cmd_assign_def,
	&cmd_amend_def,
	&cmd_void_def,
	&cmd_merge_def,
	&cmd_report_def,
	&cmd_show_def,
	&cmd_list_def,
	&cmd_note_def,
	&cmd_letter_def,
	&cmd_attach_def,
	&cmd_search_def,
	&cmd_init_def,
	&cmd_config_def,
	&cmd_import_def,
	&cmd_export_def,
	&cmd_verify_def,
	&cmd_erase_def,
	&cmd_backup_def,
	&cmd_migrate_def,
	&cmd_mcp_def,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char global_usage[] =
    "usage: complaint [--db PATH] [--config PATH] [--as NAME]\n"
    "                 [--idempotency-key KEY] COMMAND [ARGS]\n"
    "       complaint --version\n"
    "       complaint help [COMMAND]\n";

/*
 * Open the database only if it exists, never creating one: completion
 * (--list-values refs) must not leave a database behind a tab key.
 */
#define DB_IF_EXISTS 0x100

const struct command *
command_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

const struct command *const *
command_table(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

static void
print_overview(FILE *fp)
{
	size_t i;

	fputs(global_usage, fp);
	fputs("\ncommands:\n", fp);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "   %-10s %s\n", commands[i]->name,
		    commands[i]->summary);
	fputs("\nSee 'complaint help COMMAND' for the options of one command,"
	    " and complaint(1).\n", fp);
}

static void
print_command_help(const struct command *cmd, FILE *fp)
{
	fprintf(fp, "complaint %s: %s\n\n%s", cmd->name, cmd->summary,
	    cmd->usage);
}

/*
 * Show manual page PAGE with man(1): FILE when not NULL (man -l), else
 * the installed page. 0 when man showed it, -1 when man is missing or has
 * no such page (its complaint about that is hidden: the caller falls back
 * to the usage text).
 */
static int
run_man(const char *page, const char *file)
{
	pid_t pid;
	int status, fd;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, STDERR_FILENO);
		if (file)
			execlp("man", "man", "-l", file, (char *)NULL);
		else
			execlp("man", "man", page, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * The page PAGE.1 of the tree this binary was built in (as git finds its
 * build tree's documentation): beside the executable's real path (the
 * ./complaint copy), two levels up (build/VARIANT/complaint), or under
 * ../share/man/man1 (a prefix man(1) does not search). NULL when none.
 */
static const char *
build_tree_page(const char *page, char *buf, size_t len)
{
	static const char *const rel[] = {
		"man", "../../man", "../share/man/man1",
	};
	char exe[PATH_MAX], *slash;
	ssize_t n;
	size_t i;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if ((size_t)snprintf(buf, len, "%s/%s/%s.1", exe, rel[i],
		    page) >= len)
			continue;
		if (access(buf, R_OK) == 0)
			return buf;
	}
	return NULL;
}

/*
 * `help CMD` and `CMD --help`: the manual page for a person at a
 * terminal (as git does), the build tree's when the binary has one beside
 * it, else the installed one; the usage text for a pipe or when there is
 * no page. -h always prints the usage.
 */
static void
command_help(const struct command *cmd)
{
	char page[64], file[PATH_MAX];
	const char *local;

	if (isatty(STDOUT_FILENO)) {
		snprintf(page, sizeof(page), "complaint-%s", cmd->name);
		local = build_tree_page(page, file, sizeof(file));
		if (local && run_man(page, local) == 0)
			return;
		if (run_man(page, NULL) == 0)
			return;
	}
	print_command_help(cmd, stdout);
}

/* Optimal string alignment distance, for "did you mean". */
static int
edit_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int d[32][32];

	if (la > 30 || lb > 30)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

static int
unknown_command(const char *name)
{
	struct buf b = BUF_INIT;
	int best = 3, n = 0;
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		int dist = edit_distance(name, commands[i]->name);

		if (strncmp(commands[i]->name, name, strlen(name)) == 0)
			dist = 1;
		if (dist < best) {
			best = dist;
			buf_reset(&b);
			n = 0;
		}
		if (dist == best) {
			buf_printf(&b, "%s'%s'", n ? " or " : "",
			    commands[i]->name);
			n++;
		}
	}
	if (n > 0)
		cmd_error_print("unknown command '%s'; did you mean %s?", name,
		    buf_str(&b));
	else
		cmd_error_print("unknown command '%s' (see 'complaint help')",
		    name);
	buf_release(&b);
	return EX_USAGE;
}

/*
 * --list-values KIND for completion scripts: one value per line. The
 * kinds that read the database: refs (open complaints), refs:CMD (what
 * CMD's REF accepts, see ref_sets) and names (owners and actors seen).
 */
static const char *const value_kinds[] = {
	"channels", "categories", "severities", "levels", "remedies",
	"formats", "statuses", "status-filters", "fields", "commands",
	"refs", "refs:CMD", "names", NULL
};
#define VALUE_KINDS_TEXT "channels, categories, severities, levels, " \
	"remedies, formats, statuses, status-filters, fields, commands, " \
	"refs, refs:CMD or names"

/* The complaints each command's REF accepts; any other command takes
 * any complaint (show, note, followup, erase --ref, log --repeat-of). */
static const struct {
	const char *cmd;
	enum complaint_set set;
} ref_sets[] = {
	{ "ack", CSET_OPEN }, { "assess", CSET_OPEN },
	{ "escalate", CSET_OPEN }, { "resolve", CSET_OPEN },
	{ "reopen", CSET_DONE }, { "review", CSET_DONE },
};
/* The newest of the resolved or of all complaints that completion offers. */
#define RECENT_REFS 500

static int
ref_set_of(const char *kind, enum complaint_set *set)
{
	size_t i;

	if (strcmp(kind, "refs") == 0) {
		*set = CSET_OPEN;
		return 0;
	}
	if (strncmp(kind, "refs:", 5) != 0 || command_lookup(kind + 5) == NULL)
		return -1;
	*set = CSET_ALL;
	for (i = 0; i < sizeof(ref_sets) / sizeof(ref_sets[0]); i++)
		if (strcmp(ref_sets[i].cmd, kind + 5) == 0)
			*set = ref_sets[i].set;
	return 0;
}

static void
print_list(const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		printf("%s\n", l->v[i]);
}

static int
print_ref(int64_t id, void *arg)
{
	struct ctx *ctx = arg;
	char ref[REF_MAX];

	cmd_ref(ctx, id, ref, sizeof(ref));
	printf("%s\n", ref);
	return 0;
}

static int
print_name(const char *name, void *arg)
{
	(void)arg;
	printf("%s\n", name);
	return 0;
}

static int
list_values(int argc, char **argv, struct ctx *ctx)
{
	const char *kind = argv[argc - 1];
	enum complaint_set set;
	int i;

	if (strcmp(kind, "channels") == 0)
		print_list(&ctx->cfg.channels);
	else if (strcmp(kind, "categories") == 0)
		print_list(&ctx->cfg.categories);
	else if (strcmp(kind, "severities") == 0)
		print_list(&ctx->cfg.severities);
	else if (strcmp(kind, "remedies") == 0)
		print_list(&ctx->cfg.remedies);
	else if (strcmp(kind, "levels") == 0) {
		for (i = 0; config_level_name(&ctx->cfg, i) != NULL; i++)
			printf("%s\n", config_level_name(&ctx->cfg, i));
	} else if (strcmp(kind, "formats") == 0) {
		for (i = 0; i <= OUT_NDJSON; i++)
			printf("%s\n", out_format_name((enum out_format)i));
	} else if (strcmp(kind, "statuses") == 0 ||
	    strcmp(kind, "status-filters") == 0) {
		for (i = 0; i < ST__COUNT; i++)
			printf("%s\n", status_name(i));
		/* list --status also takes "open", all but resolved, closed. */
		if (strcmp(kind, "status-filters") == 0)
			printf("open\n");
	} else if (strcmp(kind, "fields") == 0) {
		for (i = 0; report_dim_name((enum report_dim)i) != NULL; i++)
			printf("%s\n", report_dim_name((enum report_dim)i));
	} else if (strcmp(kind, "names") == 0 && ctx->db != NULL) {
		return store_name_each(ctx->db, print_name, NULL,
		    &ctx->err);
	} else if (ref_set_of(kind, &set) == 0 && ctx->db != NULL)
		return store_id_each_in(ctx->db, set,
		    set == CSET_OPEN ? 0 : RECENT_REFS, print_ref, ctx,
		    &ctx->err);
	return 0;
}

static const struct option no_options[] = {
	{ NULL, 0, NULL, 0 },
};

/* Hidden: values come from the configuration (and database) in force,
 * set up as for any command. */
static const struct command list_values_def = {
	"--list-values", list_values, NEED_CONFIG, "", "", "", no_options,
};
static const struct command list_refs_def = {
	"--list-values", list_values, NEED_CONFIG | NEED_DB | DB_IF_EXISTS,
	"", "", "", no_options,
};

/* --list-options for completion scripts: one option per line. */
static void
list_options(const struct command *cmd)
{
	const struct option *o;

	for (o = cmd->long_opts; o && o->name; o++)
		printf("--%s%s\n", o->name, o->has_arg ? "=" : "");
}

static const char *
default_path(const char *xdg_var, const char *home_rel, const char *leaf,
    char *buf, size_t len)
{
	const char *xdg = getenv(xdg_var), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		snprintf(buf, len, "%s/complaint/%s", xdg, leaf);
	else if (home && *home)
		snprintf(buf, len, "%s/%s/complaint/%s", home, home_rel, leaf);
	else
		return NULL;
	return buf;
}

/*
 * --config, COMPLAINT_CONFIG, then the first existing default file. The
 * path asked for, else the user's default, is also where init writes.
 */
static const char *
find_config(const char *opt, const char **target)
{
	static char path[PATH_MAX];
	const char *env = getenv("COMPLAINT_CONFIG");
	const char *user;

	user = default_path("XDG_CONFIG_HOME", ".config", "config.yaml", path,
	    sizeof(path));
	*target = user;
	if (opt)
		return *target = opt;
	if (env && *env)
		return *target = env;
	if (user && access(user, F_OK) == 0)
		return user;
	if (access("/etc/complaint/config.yaml", F_OK) == 0)
		return "/etc/complaint/config.yaml";
	return NULL;
}

/*
 * Who the work is done for: --as, else COMPLAINT_USER, else the account
 * itself (SPEC 2); a name as name_check() accepts it (EX_DATAERR
 * otherwise), stored tidied.
 */
static int
find_actor(const char *opt, struct ctx *ctx)
{
	static char *actor;
	const char *s = opt, *what = "--as";
	int rc;

	if (s == NULL || *s == '\0')
		s = getenv("COMPLAINT_USER"), what = "COMPLAINT_USER";
	if (s == NULL || *s == '\0')
		s = ctx->account, what = "the account";
	if ((rc = name_check(s, what, &ctx->err)) != 0)
		return rc;
	free(actor);
	actor = name_tidy(s);
	ctx->actor = actor;
	return 0;
}

/*
 * With roles configured, acting for someone else is for the accounts of
 * roles.delegates alone (an agent's gateway); without roles, anyone may.
 */
static int
check_delegation(struct ctx *ctx)
{
	if (!ctx->cfg.has_roles || strcmp(ctx->actor, ctx->account) == 0 ||
	    strlist_find(&ctx->cfg.delegates, ctx->account) >= 0)
		return 0;
	return error_set(&ctx->err, EX_NOPERM, "account %s may not act as "
	    "%s: only the accounts of roles.delegates may use --as or "
	    "COMPLAINT_USER to name someone else", ctx->account, ctx->actor);
}

/*
 * The --idempotency-key in force for CMD: the option, else
 * COMPLAINT_IDEMPOTENCY_KEY. The option on a command that never writes
 * is a usage error; the variable, which a script sets for all it runs,
 * is ignored there. A malformed key is a usage error either way.
 */
static int
idem_key_of(const struct command *cmd, const char *opt, struct ctx *ctx)
{
	const char *env = getenv("COMPLAINT_IDEMPOTENCY_KEY");
	int writes = (cmd->flags & (WRITES | MAY_WRITE)) != 0;

	if (opt) {
		if (!writes)
			return error_set(&ctx->err, EX_USAGE, "--idempotency-key"
			    " applies to commands that write; '%s' does not "
			    "(see complaint(1))", cmd->name);
		ctx->idem.key = opt;
		return idem_key_check(opt, "--idempotency-key", &ctx->err);
	}
	if (env == NULL || *env == '\0' || !writes)
		return 0;
	ctx->idem.key = env;
	return idem_key_check(env, "COMPLAINT_IDEMPOTENCY_KEY", &ctx->err);
}

/* Whether ARGV asks for help before any "--". */
static int
wants_help(int argc, char **argv, const char *flag)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], flag) == 0)
			return 1;
	}
	return 0;
}

/*
 * Check the command's options before anything is set up, so that a
 * usage error never creates a database or reads a configuration.
 */
static int
precheck_options(const struct command *cmd, int argc, char **argv,
    struct ctx *ctx)
{
	int c;

	optind = 0;
	opterr = 0;
	while ((c = cmd_getopt(cmd, argc, argv, ctx)) != -1)
		if (c == '?')
			return EX_USAGE;
	return 0;
}

/* After erase: no erased text may stay in the -wal file (SPEC 10). */
static int
empty_wal(struct ctx *ctx)
{
	int pinned, rc;

	if ((rc = store_purge_log(ctx->db, &pinned, &ctx->err)) != 0)
		return rc;
	if (pinned)
		buf_printf(&ctx->warnings, "complaint: warning: another "
		    "connection is reading '%s', so the erased text may "
		    "remain in it or in '%s-wal' until that reader is done "
		    "and the last connection closes\n", ctx->db_path,
		    ctx->db_path);
	return 0;
}

static int
setup_and_run(const struct command *cmd, int argc, char **argv,
    struct ctx *ctx, const char *db_opt, const char *config_opt,
    const char *as_opt)
{
	static char dbpath[PATH_MAX];
	const char *env;
	int rc, mkdirs = 0, opened = 0, server;

	if ((rc = precheck_options(cmd, argc, argv, ctx)) != 0)
		return rc;
	account_of_process(ctx->account, sizeof(ctx->account));
	ctx->global.db = db_opt;
	ctx->global.config = config_opt;
	ctx->global.as = as_opt;
	if ((rc = find_actor(as_opt, ctx)) != 0)
		return rc;
	if (ctx->idem.key)
		idem_digest(ctx->actor, argc, argv, ctx->idem.digest);
	ctx->config_path = find_config(config_opt, &ctx->config_target);
	if (cmd->flags & (NEED_CONFIG | NEED_DB)) {
		if (ctx->config_path) {
			/* config_load() starts again from the defaults. */
			config_release(&ctx->cfg);
			if ((rc = config_load(&ctx->cfg, ctx->config_path,
			    &ctx->err)) != 0)
				return rc;
		}
		if ((rc = tz_set(ctx->cfg.timezone, &ctx->err)) != 0)
			return rc;
		if ((rc = clock_now(&ctx->now, &ctx->err)) != 0)
			return rc;
	}
	if (cmd->flags & NEED_DB) {
		env = getenv("COMPLAINT_DB");
		if (db_opt)
			ctx->db_path = db_opt;
		else if (env && *env)
			ctx->db_path = env;
		else if (ctx->cfg.database)
			ctx->db_path = ctx->cfg.database;
		else {
			ctx->db_path = default_path("XDG_DATA_HOME",
			    ".local/share", "complaints.db", dbpath,
			    sizeof(dbpath));
			mkdirs = 1;
			if (ctx->db_path == NULL)
				return error_set(&ctx->err, EX_CANTCREAT,
				    "no database: set --db, COMPLAINT_DB or "
				    "HOME");
		}
	}
	/* Completion's value lists act for nobody. A database server
	 * says who the account is once connected (below). */
	server = (cmd->flags & NEED_DB) &&
	    store_engine_of(ctx->db_path) != STORE_SQLITE;
	if ((cmd->flags & (NEED_CONFIG | NEED_DB)) &&
	    !(cmd->flags & DB_IF_EXISTS) && !server &&
	    (rc = check_delegation(ctx)) != 0)
		return rc;
	if ((cmd->flags & NEED_DB) && (!(cmd->flags & DB_IF_EXISTS) ||
	    store_engine_of(ctx->db_path) != STORE_SQLITE ||
	    access(ctx->db_path, F_OK) == 0)) {
		struct store_options so;

		/* A command that only reads never creates a database; one
		 * that writes makes it appear only once it has committed, so
		 * a refused command leaves nothing behind. */
		memset(&so, 0, sizeof(so));
		so.busy_ms = ctx->cfg.busy_timeout_ms;
		so.mkdir_parents = mkdirs && (cmd->flags & WRITES);
		so.flags = cmd->flags & WRITES ? STORE_OPEN_DEFER :
		    STORE_OPEN_EXISTING;
		if (cmd->flags & THREADS)
			so.flags |= STORE_OPEN_THREADS;
		if ((rc = store_open(&ctx->db, ctx->db_path, &so,
		    &ctx->err)) != 0)
			return rc;
		/* On a server the account is the role it authenticated
		 * (SPEC 2): the default actor, and whom roles check. */
		if (server) {
			snprintf(ctx->account, sizeof(ctx->account), "%s",
			    store_account(ctx->db));
			if ((rc = find_actor(as_opt, ctx)) != 0 ||
			    (!(cmd->flags & DB_IF_EXISTS) &&
			    (rc = check_delegation(ctx)) != 0))
				return rc;
			if (ctx->idem.key)
				idem_digest(ctx->actor, argc, argv,
				    ctx->idem.digest);
		}
		if ((rc = store_begin(ctx->db, cmd->flags & WRITES,
		    &ctx->err)) != 0)
			return rc;
		opened = 1;
		if ((cmd->flags & WRITES) && (rc = cmd_idem_begin(ctx)) != 0) {
			store_rollback(ctx->db);
			return rc == IDEM_REPLAY ? ctx->idem.rec.status : rc;
		}
	}

	optind = 0;
	opterr = 0;
	rc = cmd->fn(argc, argv, ctx);

	/* What a keyed write printed and how it ended, in its transaction;
	 * a failure stores nothing, so that a retry runs again. */
	if (opened && !ctx->idem.replay && ctx->idem.key &&
	    ctx->idem.writing && !ctx->dry_run &&
	    (rc == 0 || rc == EX_CONDITION)) {
		struct idem_record r;
		int prc;

		memset(&r, 0, sizeof(r));
		memcpy(r.digest, ctx->idem.digest, sizeof(r.digest));
		r.command = (char *)cmd->name;
		r.at = ctx->now;
		r.status = rc;
		r.out = ctx->out.len ? (char *)buf_str(&ctx->out) : NULL;
		r.out_len = ctx->out.len;
		if ((prc = store_idem_put(ctx->db, ctx->idem.key, &r,
		    &ctx->err)) != 0)
			rc = prc;
	}

	if (opened && ctx->idem.replay) {
		store_rollback(ctx->db);
		rc = ctx->idem.rec.status;
	} else if (opened) {
		if ((rc == 0 || rc == EX_CONDITION) && ctx->dry_run) {
			store_rollback(ctx->db);
		} else if (rc == 0 || rc == EX_CONDITION) {
			int crc = store_commit(ctx->db, &ctx->err);

			if (crc != 0)
				rc = crc;
			else if (ctx->checkpoint)
				rc = empty_wal(ctx);
		} else {
			store_rollback(ctx->db);
		}
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct ctx ctx;
	const struct command *cmd;
	const char *db_opt = NULL, *config_opt = NULL, *as_opt = NULL;
	const char *values_kind = NULL, *nocolor, *key_opt = NULL;
	char *values_argv[3];
	int i, rc = 0;

	memset(&ctx, 0, sizeof(ctx));
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], **slot = NULL;
		size_t len;

		if (strcmp(a, "--version") == 0) {
			printf("complaint %s\n", COMPLAINT_VERSION);
			goto out;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_overview(stdout);
			goto out;
		}
		if (strcmp(a, "--list-cmds") == 0) {
			size_t j;

			for (j = 0; j < NCOMMANDS; j++)
				printf("%s\n", commands[j]->name);
			goto out;
		}
		if (strncmp(a, "--db", 4) == 0)
			slot = &db_opt, len = 4;
		else if (strncmp(a, "--config", 8) == 0)
			slot = &config_opt, len = 8;
		else if (strncmp(a, "--as", 4) == 0)
			slot = &as_opt, len = 4;
		else if (strncmp(a, "--idempotency-key", 17) == 0)
			slot = &key_opt, len = 17;
		else if (strncmp(a, "--list-values", 13) == 0)
			slot = &values_kind, len = 13;
		if (slot == NULL || (a[len] != '\0' && a[len] != '=')) {
			cmd_error_print("unknown option '%s' (see "
			    "'complaint help')", a);
			return EX_USAGE;
		}
		if (a[len] == '=') {
			*slot = a + len + 1;
		} else if (i + 1 < argc) {
			*slot = argv[++i];
		} else {
			cmd_error_print("option '%s' needs a value", a);
			return EX_USAGE;
		}
		if (**slot == '\0') {
			cmd_error_print("option '%.*s' needs a non-empty value",
			    (int)len, a);
			return EX_USAGE;
		}
	}
	if (values_kind) {
		size_t k;

		enum complaint_set set;
		int db_kind = ref_set_of(values_kind, &set) == 0 ||
		    strcmp(values_kind, "names") == 0;

		for (k = 0; !db_kind && value_kinds[k] != NULL; k++)
			if (strcmp(values_kind, value_kinds[k]) == 0 &&
			    strcmp(values_kind, "refs:CMD") != 0)
				break;
		if (strncmp(values_kind, "refs:", 5) == 0 && !db_kind) {
			cmd_error_print("unknown command '%s' in --list-values "
			    "refs:CMD (see 'complaint help')", values_kind + 5);
			return EX_USAGE;
		}
		if ((!db_kind && value_kinds[k] == NULL) || i < argc) {
			cmd_error_print("%s '%s' for --list-values (expected "
			    VALUE_KINDS_TEXT ")", i < argc ?
			    "unexpected argument" : "unknown kind", i < argc ?
			    argv[i] : values_kind);
			return EX_USAGE;
		}
		if (strcmp(values_kind, "commands") == 0) {
			for (k = 0; k < NCOMMANDS; k++)
				printf("%s\n", commands[k]->name);
			goto out;
		}
		values_argv[0] = "--list-values";
		values_argv[1] = (char *)values_kind;
		values_argv[2] = NULL;
		cmd = db_kind ? &list_refs_def : &list_values_def;
		argc = 2;
		argv = values_argv;
		goto setup;
	}
	if (i >= argc) {
		print_overview(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			print_overview(stdout);
			goto out;
		}
		if ((cmd = command_lookup(argv[i + 1])) == NULL)
			return unknown_command(argv[i + 1]);
		command_help(cmd);
		goto out;
	}
	if ((cmd = command_lookup(argv[i])) == NULL)
		return unknown_command(argv[i]);
	argc -= i;
	argv += i;
	if (wants_help(argc, argv, "-h")) {
		print_command_help(cmd, stdout);
		goto out;
	}
	if (wants_help(argc, argv, "--help")) {
		command_help(cmd);
		goto out;
	}
	if (wants_help(argc, argv, "--list-options")) {
		list_options(cmd);
		goto out;
	}
	if ((rc = idem_key_of(cmd, key_opt, &ctx)) != 0) {
		cmd_error_print("%s", ctx.err.msg);
		return rc;
	}

setup:
	ctx.stdout_tty = isatty(STDOUT_FILENO);
	/* no-color.org: set and not empty. */
	nocolor = getenv("NO_COLOR");
	ctx.color = ctx.stdout_tty && (nocolor == NULL || *nocolor == '\0');
	config_defaults(&ctx.cfg);
	rc = setup_and_run(cmd, argc, argv, &ctx, db_opt, config_opt, as_opt);

	/* Only now that the transaction is settled: report what happened. */
	if (ctx.idem.replay) {
		fwrite(ctx.idem.rec.out ? ctx.idem.rec.out : "", 1,
		    ctx.idem.rec.out_len, stdout);
	} else if (rc == 0 || rc == EX_CONDITION) {
		/* Each warning is escaped already (cmd_warn()); this keeps
		 * any other from reaching the terminal raw. */
		cmd_put_text(stderr, buf_str(&ctx.warnings),
		    ctx.warnings.len);
		fwrite(buf_str(&ctx.out), 1, ctx.out.len, stdout);
	} else {
		/* The message may echo input or data: one escaped line. */
		cmd_error_print("%s", ctx.err.msg[0] ? ctx.err.msg :
		    "failed");
	}
	store_close(ctx.db);
	mailmsg_shutdown();
	idem_record_release(&ctx.idem.rec);
	config_release(&ctx.cfg);
	buf_release(&ctx.out);
	buf_release(&ctx.warnings);
out:
	/* Output lost to a full disk or a closed pipe must not pass as
	 * success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "complaint: write error on standard output: "
		    "%s\n", strerror(errno));
		return EX_IOERR;
	}
	return rc;
}
