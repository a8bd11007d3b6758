/*
 * What every command sees: the context that main() sets up according to
 * the command's flags, and helpers for option parsing and output.
 *
 * Adding a command:
 *   1. write cmd/<name>.c with its usage, its option table and
 *      cmd_<name>(), defining `const struct command cmd_<name>_def`;
 *   2. declare it below and add it to the table in cmd/complaint.c;
 *   3. write man/complaint-<name>.1 with the same synopsis as the usage;
 *   4. write tests/e2e/tNNNN-<name>-*.sh;
 *   5. the completions ask the binary, so they need nothing.
 */
#ifndef COMPLAINT_CMD_H
#define COMPLAINT_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "account.h"
#include "buf.h"
#include "complaint.h"
#include "config.h"
#include "store.h"
#include "error.h"
#include "lifecycle.h"
#include "output.h"

/* What a command needs before it runs. */
#define NEED_CONFIG 0x1 /* the configuration, time zone and clock */
#define NEED_DB     0x2 /* the database, in a read transaction */
#define WRITES      0x4 /* ... in one write transaction (BEGIN IMMEDIATE) */
/* Writes in some uses only, through cmd_begin_write() (followup and
 * review record): takes --idempotency-key, applied when it writes. */
#define MAY_WRITE   0x8
/* Checks the whole file besides its own work: the store may use a
 * second thread (verify, store_integrity_start()). */
#define THREADS     0x10

/* What cmd_begin_write() returns when an --idempotency-key was used
 * before with the same arguments: the command stops, main() replays. */
#define IDEM_REPLAY (-2)

struct ctx {
	struct config cfg;
	struct store *db;         /* NULL until opened */
	const char *db_path;
	const char *config_path; /* NULL: built-in defaults */
	const char *config_target; /* where init writes: the path asked for,
				    * else the XDG default */
	const char *actor;       /* --as, COMPLAINT_USER, else the account */
	char account[ACCOUNT_MAX]; /* who the system says runs us */
	/* The global options as given (NULL when not), for a command that
	 * runs others with the same ones (mcp). */
	struct {
		const char *db, *config, *as;
	} global;
	int64_t now;
	int stdout_tty;
	int color;
	/*
	 * Write commands put their standard output and warnings here; main()
	 * prints them only after the transaction committed, so nothing is
	 * reported that did not happen.
	 */
	struct buf out;
	struct buf warnings;
	struct error err;
	/*
	 * Set by a write command that only shows what it would do (escalate
	 * --dry-run): main() rolls the transaction back, yet prints out and
	 * warnings as if it had committed.
	 */
	int dry_run;
	/*
	 * Set by erase: after the commit, main() empties the write-ahead
	 * log so that no erased text stays in it, and warns when a reader
	 * keeps it from doing so.
	 */
	int checkpoint;
	/*
	 * --idempotency-key (SPEC 2): the key (NULL without one), the digest
	 * of the arguments it is bound to, whether the write transaction is
	 * open (any write purges expired keys), and the first run's record
	 * when this one replays it.
	 */
	struct {
		const char *key;
		char digest[65];
		int writing;
		int replay;
		struct idem_record rec;
	} idem;
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct ctx *ctx);
	unsigned flags;
	const char *summary;
	const char *usage;             /* synopsis lines, as in the man page */
	const char *short_opts;        /* getopt_long optstring */
	const struct option *long_opts;
};

extern const struct command cmd_log_def;
extern const struct command cmd_show_def;
extern const struct command cmd_list_def;
extern const struct command cmd_note_def;
extern const struct command cmd_init_def;
extern const struct command cmd_config_def;
extern const struct command cmd_ack_def;
extern const struct command cmd_assess_def;
extern const struct command cmd_resolve_def;
extern const struct command cmd_followup_def;
extern const struct command cmd_review_def;
extern const struct command cmd_reopen_def;
extern const struct command cmd_escalate_def;
extern const struct command cmd_report_def;
extern const struct command cmd_import_def;
extern const struct command cmd_export_def;
extern const struct command cmd_verify_def;
extern const struct command cmd_erase_def;
extern const struct command cmd_backup_def;
extern const struct command cmd_migrate_def;
extern const struct command cmd_mcp_def;
extern const struct command cmd_letter_def;
extern const struct command cmd_attach_def;
extern const struct command cmd_search_def;
extern const struct command cmd_assign_def;
extern const struct command cmd_amend_def;
extern const struct command cmd_void_def;
extern const struct command cmd_merge_def;
extern const struct command cmd_mail_def;

/* What log records (cmd/log.c), also for mail. */
struct log_args {
	const char *customer, *channel, *contact, *customer_id, *department;
	const char *category, *summary, *details, *details_file, *received;
	const char *owner, *resolution, *repeat_of, *regime;
	int public, repeat, details_stdin, vulnerable;
};
/* A new complaint of A with DETAILS (taken, may be NULL), its reference
 * printed and its id in *ID (when not NULL); the texts checked before. */
int cmd_log_new(struct ctx *ctx, const struct log_args *a, char *details,
    int64_t *id);
/* A repeat contact on complaint ID (SPEC 4), its reference printed. */
int cmd_log_repeat(struct ctx *ctx, int64_t id, const struct log_args *a,
    const char *details);

/* One file of SIZE bytes read through RD onto complaint C (loaded),
 * with its history event naming it (cmd/attach.c); prints its id when
 * PRINT. */
int cmd_attach_one(struct ctx *ctx, struct complaint *c, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *note, int print);

/*
 * A letter sent by e-mail (--send on ack, resolve, letter; cmd/letter.c).
 * cmd_send_prepare builds the message for letter TEXT of kind KIND to
 * C's contact (EX_IOERR when the contact is not an address) and appends
 * " by e-mail to ADDRESS" to NOTE; cmd_send_now, the last step before the
 * commit, records its Message-ID and pipes it to mail.sendmail
 * (EX_IOERR when that fails: the caller's transaction rolls back).
 */
struct outgoing {
	struct buf msg;
	char *message_id;
};
int cmd_send_prepare(struct ctx *ctx, const struct complaint *c,
    const char *kind, const char *text, struct outgoing *o,
    struct buf *note);
int cmd_send_now(struct ctx *ctx, int64_t id, struct outgoing *o);
void cmd_send_release(struct outgoing *o);

/* --reason TEXT of CMD: given, not too long, not blank. */
int cmd_check_reason(const struct command *cmd, struct ctx *ctx,
    const char *reason);
/*
 * The arguments of void and reopen: one REF, --reason TEXT (option
 * REASON_OPT, checked by cmd_check_reason()) and a flag without a value
 * (option FLAG_OPT: void --undo, reopen --mistake), into *REF, *REASON
 * and *FLAG (1 when given).
 */
int cmd_ref_reason_flag(const struct command *cmd, struct ctx *ctx,
    int argc, char **argv, int reason_opt, int flag_opt, const char **ref,
    const char **reason, int *flag);

/* config.example.yaml, compiled in for init. */
extern const char example_config[];

/* The command table (cmd/complaint.c): one by name, or all N of them. */
const struct command *command_lookup(const char *name);
const struct command *const *command_table(size_t *n);

/*
 * getopt_long over ARGV for CMD with our own messages: returns the option
 * (or -1 at the end); an unknown option or a missing argument sets
 * ctx->err to EX_USAGE and returns '?'.
 */
int cmd_getopt(const struct command *cmd, int argc, char **argv,
    struct ctx *ctx);
/* Set ctx->err: "CMD: message (see 'complaint CMD -h')", EX_USAGE. */
int cmd_usage_error(const struct command *cmd, struct ctx *ctx,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* --format VALUE into *fmt; EX_USAGE listing the formats when unknown.
 * ALLOW_MARKDOWN for report. */
int cmd_parse_format(const struct command *cmd, struct ctx *ctx,
    const char *value, int allow_markdown, enum out_format *fmt);
/* table on a terminal, tsv otherwise (as gh). */
enum out_format cmd_default_format(const struct ctx *ctx);
/* Terminal width for tables, 0 when not a terminal. */
int cmd_terminal_width(const struct ctx *ctx);
/* The cutting order of SPEC 7 for a listing's table, by column name:
 * references, statuses and kinds whole; summary, customer, then category
 * give way first (out_cut()). */
void cmd_table_fit(struct out *o);

/* The statuses --open stands for, as a bit set of enum status. */
#define CMD_OPEN_STATUSES \
	((1u << ST_NEW) | (1u << ST_ACKNOWLEDGED) | (1u << ST_ASSESSED))

/* --status "new,assessed" or "open" into a bit set of statuses;
 * EX_DATAERR naming the statuses when one is unknown. */
int cmd_parse_statuses(struct ctx *ctx, const char *value, unsigned *set);

/* --since SINCE and --until UNTIL (either may be NULL: that bound is left
 * as it is) into the half-open period [*FROM, *TO) of SPEC 3. */
int cmd_parse_period(struct ctx *ctx, const char *since, const char *until,
    int64_t *from, int64_t *to);

/*
 * The filter options of list, search and export, one meaning for all
 * three: each command's option table gives those it takes these values
 * (clear of its own, which start at 256).
 */
enum {
	OPT_FILTER_STATUS = 1024, OPT_FILTER_OPEN, OPT_FILTER_OWNER,
	OPT_FILTER_CATEGORY, OPT_FILTER_CHANNEL, OPT_FILTER_SEVERITY,
	OPT_FILTER_LEVEL, OPT_FILTER_DEPARTMENT, OPT_FILTER_CUSTOMER,
	OPT_FILTER_OVERDUE, OPT_FILTER_SINCE, OPT_FILTER_UNTIL,
	OPT_FILTER_LIMIT, OPT_FILTER_VOIDED, OPT_FILTER_ALL,
};
/* Those that list and search take, in the order their help and their
 * completion list them (export takes a part: its own table). */
/* clang-format off */
#define CMD_FILTER_OPTIONS \
	{ "status", required_argument, NULL, OPT_FILTER_STATUS }, \
	{ "open", no_argument, NULL, OPT_FILTER_OPEN }, \
	{ "owner", required_argument, NULL, OPT_FILTER_OWNER }, \
	{ "category", required_argument, NULL, OPT_FILTER_CATEGORY }, \
	{ "channel", required_argument, NULL, OPT_FILTER_CHANNEL }, \
	{ "severity", required_argument, NULL, OPT_FILTER_SEVERITY }, \
	{ "level", required_argument, NULL, OPT_FILTER_LEVEL }, \
	{ "department", required_argument, NULL, OPT_FILTER_DEPARTMENT }, \
	{ "customer", required_argument, NULL, OPT_FILTER_CUSTOMER }, \
	{ "overdue", no_argument, NULL, OPT_FILTER_OVERDUE }, \
	{ "since", required_argument, NULL, OPT_FILTER_SINCE }, \
	{ "until", required_argument, NULL, OPT_FILTER_UNTIL }, \
	{ "limit", required_argument, NULL, OPT_FILTER_LIMIT }
/* clang-format on */
/* A filter as its options give it: what needs the configuration, the
 * clock or the database waits for cmd_filter_finish(). */
struct cmd_filter {
	struct complaint_filter f;
	const char *since, *until, *level;
};
void cmd_filter_init(struct cmd_filter *cf);
/* Option OPT (getopt's ARG) into CF: -1 when OPT is no filter option,
 * else 0 or the exit status of a bad value. */
int cmd_filter_option(const struct command *cmd, struct ctx *ctx, int opt,
    const char *arg, struct cmd_filter *cf);
/* Once every option is read: the severity checked, the level, period
 * and owner resolved into CF->f. */
int cmd_filter_finish(struct ctx *ctx, struct cmd_filter *cf);

/* A REF argument in any accepted form, checked to exist. */
int cmd_parse_ref(struct ctx *ctx, const char *s, int64_t *id);
/*
 * The complaint REF names, for lifecycle STEP: loaded into BEFORE and
 * copied into AFTER (to be changed), or EX_DATAERR when SPEC 4 forbids
 * the step. Both are the caller's to release, also on error.
 */
int cmd_load_for_step(struct ctx *ctx, const char *ref, enum lc_step step,
    struct complaint *before, struct complaint *after);
/*
 * For a command that lists in main's read transaction but sometimes
 * writes (followup, review): turn the transaction into a write one
 * (BEGIN IMMEDIATE, so the busy timeout applies) before anything is
 * read. Listings thus never queue behind writers.
 */
int cmd_begin_write(struct ctx *ctx);
/* ',"attachments":[...]' of complaint ID onto B (show, export). */
int cmd_attachments_json(struct ctx *ctx, int64_t id, struct buf *b);
/*
 * In the write transaction just begun: purge the expired idempotency
 * keys, then look up the command's key. 0 to run the command;
 * IDEM_REPLAY with ctx->idem.rec filled when the same key and arguments
 * ran before; EX_DATAERR when the key was used with other arguments.
 */
int cmd_idem_begin(struct ctx *ctx);
/* Format ID as a reference of the configured prefix. */
void cmd_ref(const struct ctx *ctx, int64_t id, char *buf, size_t len);

/* A value that must be one of LIST (channel, category, ...): EX_DATAERR
 * naming WHAT and listing the accepted values. */
int cmd_check_listed(struct ctx *ctx, const char *what, const char *value,
    const struct strlist *list);

/* The --owner of a filter: a valid name (EX_DATAERR otherwise), "me"
 * for the acting user; warns when no complaint has that owner. */
int cmd_owner_filter(struct ctx *ctx, const char *value,
    const char **owner);

/* Text from a user: at most 1 MiB and valid UTF-8, else EX_DATAERR. */
int cmd_check_text(struct ctx *ctx, const char *what, const char *value);

/*
 * Messages for a person, through term_put() (SPEC 7): whatever text of a
 * user or of the database they carry, each is one line with no control
 * character. cmd_warn() queues "complaint: MESSAGE" for stderr once the
 * transaction is settled; cmd_error_print() prints it now. FMT has no
 * newline.
 */
void cmd_warn(struct ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cmd_error_print(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* LEN bytes at S to FP as lines of text for a person or a mailer: line
 * breaks and tabs kept, every other control character escaped. */
void cmd_put_text(FILE *fp, const char *s, size_t len);

/* Read all of FP (NAME in messages; WHAT names the text, as
 * "details"), at most TEXT_MAX bytes and no NUL, into a new string. */
int cmd_read_text(struct ctx *ctx, FILE *fp, const char *name,
    const char *what, char **out);

/* The columns of a listing (names of fields, or "ref"), each with the
 * field it names (NULL for "ref" and for a name that is no field):
 * looked up once, not for every row. At most CMD_COLUMNS_MAX. */
#define CMD_COLUMNS_MAX 64
struct cmd_columns {
	const char *const *names;
	const struct field *fields[CMD_COLUMNS_MAX];
	int n;
};
void cmd_columns_init(struct cmd_columns *cc, const char *const *names,
    int n);

/* Write the cells of complaint C for the columns CC into CELLS; TMP
 * holds formatted values (enough for CC's). */
#define CELL_TMP_LEN 48
void cmd_complaint_cells(const struct ctx *ctx, const struct complaint *c,
    const struct cmd_columns *cc, struct cell *cells,
    char (*tmp)[CELL_TMP_LEN]);

/*
 * When the configuration has roles, only the accounts of roles.managers
 * may ACTION ("reopen CMP-000042"): EX_NOPERM otherwise. The account is
 * checked, not the actor, which --as sets. This guards against mistakes
 * and impersonation, not against someone who can edit the database file.
 */
int cmd_require_role(struct ctx *ctx, const char *action);

/*
 * Apply the escalation rules to complaint C after a command changed it
 * (log, assess, followup, reopen), updating C; each escalation is told
 * on stderr through ctx->warnings. cmd/escalate.c.
 */
int cmd_apply_rules(struct ctx *ctx, struct complaint *c);

/* One JSON object of N named cells, appended to B. */
void cmd_cells_json(const char *const *cols, const struct cell *cells, int n,
    struct buf *b);

/*
 * An event's CHANGES (as stored: {"field":[before,after],...}, NULL for
 * none) as JSON for show and export: each value reads as in the
 * complaint's own JSON (SPEC 7: level names, true/false, amounts as
 * decimals, references), never the internal code. The stored text and
 * the hash chain over it are unchanged.
 */
void cmd_changes_json(const struct ctx *ctx, const char *changes,
    struct buf *b);

/*
 * The JSON of a complaint, one writer for show and export
 * (complaint_json.c): complaint_json_fields() opens the object with
 * "ref" and every field; the caller adds "events" (each through
 * complaint_json_event(), FIRST for the first), "attachments" and the
 * closing brace. The writer keeps a cache of the pieces that repeat.
 */
struct complaint_json;
struct complaint_json *complaint_json_new(const struct ctx *ctx);
void complaint_json_free(struct complaint_json *j);
void complaint_json_fields(struct complaint_json *j,
    const struct complaint_row *r, struct buf *b);
void complaint_json_event(struct complaint_json *j, const struct event *ev,
    int first, struct buf *b);
/* The row of a loaded complaint (its texts point into C). */
void complaint_row_of(const struct complaint *c, struct complaint_row *r);

/* Every key of a complaint in JSON order: "ref", then the fields. */
const char *const *cmd_complaint_all_columns(int *ncols);

#endif
