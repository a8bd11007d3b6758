# complaint: build, test, install. GNU make.
#
#   make                  the binary, ./complaint
#   make check            unit tests (Check) and end-to-end tests, the
#                         e2e scripts E2E_JOBS at once (all processors),
#                         the unit tests, lint and replay beside them,
#                         then the e2e tests again against a throwaway
#                         PostgreSQL server when PostgreSQL is installed
#   make e2e-pg           the e2e tests against PostgreSQL alone
#   make check-clone      the build and the e2e tests in a fresh clone of
#                         the committed state, with nothing beside it
#   make check SANITIZE=1 the same under ASan and UBSan
#   make valgrind         the unit tests under valgrind (memcheck)
#   make fuzz             each libFuzzer target for FUZZ_SECONDS (60)
#   make demo             a short walk-through on a throwaway database
#   make install          PREFIX (/usr/local) and DESTDIR honoured
#
# `make demo` and `make check` first install missing Debian packages
# (see `deps` below) so that a fresh machine needs nothing else.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share
DESTDIR  ?=

CC       ?= cc
PKG_CONFIG ?= pkg-config
OPTFLAGS ?= -O2 -g
WARNINGS  = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	    -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
DEFINES   = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	    -DCOMPLAINT_VERSION='"$(VERSION)"'

SANITIZE ?=
ifeq ($(SANITIZE),1)
VARIANT   = san
SANFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=undefined
OPTFLAGS  = -O1 -g
else
VARIANT   = release
SANFLAGS  =
endif

B         = build/$(VARIANT)

# Quiet by default, as git and Linux build: V=1 shows every command.
ifeq ($(V),1)
Q =
QUIET_CC =
QUIET_LINK =
QUIET_AR =
else
Q = @
QUIET_CC = @echo '   CC     $@';
QUIET_LINK = @echo '   LINK   $@';
QUIET_AR = @echo '   AR     $@';
endif
DEPCFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3 yaml-0.1 jansson 2>/dev/null) \
	    $(GMIME_CFLAGS)
# GMime 3 (mail, --send): its headers only, as system headers outside
# our warnings. lib/mailmsg.c loads the library (dlopen) when a command
# first needs it: linked, GLib, GObject, GIO and theirs would cost every
# start of every command 3 ms (bench/RESULTS.md, issue 17).
GMIME_CFLAGS = $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags gmime-3.0 2>/dev/null))
DLLIBS       = -ldl
# SQLite and libyaml are linked statically when their archives exist (the
# Debian -dev packages ship them): resolving libsqlite3.so's symbols at
# every start costs more than the rest of a short command. STATIC_DEPS=0
# links them dynamically. libmagic is not linked at all: lib/filetype.c
# loads it (dlopen) when attach first needs it, so that no other command
# maps it and the compression libraries it brings.
STATIC_DEPS ?= 1
LIBDIR_DEPS = $(shell $(PKG_CONFIG) --variable=libdir sqlite3 2>/dev/null)
ifeq ($(STATIC_DEPS)$(wildcard $(LIBDIR_DEPS)/libsqlite3.a),1$(LIBDIR_DEPS)/libsqlite3.a)
DEPLIBS   = -Wl,-Bstatic -lsqlite3 -lyaml -ljansson -lunistring -Wl,-Bdynamic \
	    $(DLLIBS) -lm
else
DEPLIBS   = $(shell $(PKG_CONFIG) --libs sqlite3 yaml-0.1 jansson 2>/dev/null) \
	    -lunistring $(DLLIBS) -lm
endif
# PostgreSQL when libpq-dev is installed: its headers only, since
# lib/store/pg_libpq.c loads libpq (dlopen) when a command first opens a
# postgresql:// database; linked, libpq and the TLS, Kerberos and LDAP
# libraries it brings would be loaded by every command. Without it the
# driver's files are left out and a postgresql:// --db says so (78).
HAVE_PG  := $(shell $(PKG_CONFIG) --exists libpq 2>/dev/null && echo 1)
ifeq ($(HAVE_PG),1)
PGCFLAGS  = -DHAVE_PG $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null)
else
PGCFLAGS  =
endif
CHECKCFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECKLIBS   = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ALL_CFLAGS = $(WARNINGS) $(DEFINES) $(OPTFLAGS) $(SANFLAGS) $(DEPCFLAGS) \
	     $(PGCFLAGS) \
	     -Ilib $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC  = $(sort $(wildcard lib/*.c lib/store/*.c))
ifneq ($(HAVE_PG),1)
LIB_SRC := $(filter-out lib/store/pg%,$(LIB_SRC))
endif
CMD_SRC  = $(sort $(wildcard cmd/*.c))
CHECK_SRC = $(sort $(wildcard tests/unit/check_*.c))
UNIT_SRC = $(CHECK_SRC) tests/unit/scratch.c
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
CMD_OBJ  = $(CMD_SRC:%.c=$(B)/%.o)
UNIT_OBJ = $(UNIT_SRC:%.c=$(B)/%.o)
SUITES   = $(filter-out main,$(CHECK_SRC:tests/unit/check_%.c=%))

GEN_OBJ  = $(B)/gen/example_config.o
LIBCOMPLAINT = $(B)/libcomplaint.a
BIN          = $(B)/complaint
UNIT_RUNNER  = $(B)/check_complaint

MAN1 = $(sort $(wildcard man/*.1))
MAN5 = $(sort $(wildcard man/*.5))
MAN7 = $(sort $(wildcard man/*.7))

# Debian packages the build, the tests and the demo need.
DEB_PKGS = gcc make pkg-config libsqlite3-dev libyaml-dev libjansson-dev \
	   libunistring-dev libmagic-dev libgmime-3.0-dev libpq-dev check \
	   tzdata sqlite3 mandoc postgresql

.PHONY: all check check-clone unit e2e e2e-pg e2e-pg-maybe demo deps install uninstall clean lint bench \
	valgrind fuzz fuzz-build replay

all: complaint

complaint: $(BIN)
	@if [ "$(VARIANT)" = release ]; then cp $(BIN) $@; fi

$(BIN): $(CMD_OBJ) $(GEN_OBJ) $(LIBCOMPLAINT)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJ) $(GEN_OBJ) $(LIBCOMPLAINT) $(DEPLIBS)

# config.example.yaml as a C string, so init writes the documented file.
$(B)/gen/example_config.c: config.example.yaml
	@mkdir -p $(dir $@)
	@{ echo 'extern const char example_config[];'; \
	   echo 'const char example_config[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

$(B)/gen/example_config.o: $(B)/gen/example_config.c
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(LIBCOMPLAINT): $(LIB_OBJ)
	$(Q)rm -f $@
	$(QUIET_AR)$(AR) rcs $@ $(LIB_OBJ)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(CHECKCFLAGS) -I$(B)/tests/unit -MMD -MP -c -o $@ $<

# The runner's list of suites, one per tests/unit/check_<name>.c.
$(B)/tests/unit/suites.h: $(UNIT_SRC)
	@mkdir -p $(dir $@)
	@for s in $(SUITES); do echo "SUITE($$s)"; done > $@.tmp && mv $@.tmp $@

$(B)/tests/unit/check_main.o: $(B)/tests/unit/suites.h

$(UNIT_RUNNER): $(UNIT_OBJ) $(LIBCOMPLAINT)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(LIBCOMPLAINT) $(CHECKLIBS) \
	    $(DEPLIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

deps:
	@sh tests/deps.sh $(DEB_PKGS)

# Everything built at once, then the unit tests, lint and the fuzz
# replay one after another beside the end-to-end tests, so that each
# uses the processor time the other spends waiting (on fsync, locks and
# kills). -O prints each target's output whole when it ends; -k runs the
# others when one fails, so one run reports every failure.
check: deps
	@$(MAKE) --no-print-directory -j$(E2E_JOBS) $(BIN) $(UNIT_RUNNER) $(REPLAY_BINS)
	@$(MAKE) --no-print-directory -j2 -k -Otarget e2e unit lint replay
	@$(MAKE) --no-print-directory e2e-pg-maybe

# The tests' scratch files (databases, configurations) in the TMPDIR
# the caller set, else on the RAM disk /dev/shm when it has 2 GiB free,
# else in /tmp: on /dev/shm a test's fsyncs cost nothing, and they are
# there for a power cut, which no test makes (a kill -9 loses nothing
# that reached the kernel).
TEST_TMPDIR = $(or $(TMPDIR),$(shell d=/dev/shm; \
	[ -d $$d ] && [ -w $$d ] && \
	[ "$$(df -Pk $$d 2>/dev/null | awk 'NR == 2 { print $$4 }')" -ge 2097152 ] \
	2>/dev/null && echo $$d))
TEST_ENV = $(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR))

unit: $(UNIT_RUNNER)
	$(TEST_ENV) CK_DEFAULT_TIMEOUT=60 ./$(UNIT_RUNNER)

E2E_JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

e2e: $(BIN)
	@$(TEST_ENV) env -u COMPLAINT_TEST_PG COMPLAINT_BIN=$(CURDIR)/$(BIN) \
	    sh tests/e2e/run.sh -j $(E2E_JOBS)

# The same scripts against PostgreSQL: a throwaway server
# (tests/pg/server.sh) and a database per script.
e2e-pg: $(BIN)
	@$(TEST_ENV) COMPLAINT_BIN=$(CURDIR)/$(BIN) sh tests/pg/server.sh \
	    sh tests/e2e/run.sh -j $(E2E_JOBS)

# make check: the PostgreSQL run when the server and libpq are there,
# else one line saying the engine went untested.
PG_INSTALLED = $(shell { ls /usr/lib/postgresql/*/bin/initdb || \
	command -v initdb; } >/dev/null 2>&1 && command -v psql >/dev/null && \
	$(PKG_CONFIG) --exists libpq 2>/dev/null && echo yes)
e2e-pg-maybe:
ifeq ($(PG_INSTALLED),yes)
	@$(MAKE) --no-print-directory e2e-pg
else
	@echo "e2e-pg: PostgreSQL not installed, engine skipped (apt-get install postgresql libpq-dev)"
endif

# What a user's clone sees: the committed state (HEAD) cloned into a
# temporary directory with no ../shared beside it, built and run through
# the e2e tests there. Uncommitted changes are not part of it.
check-clone:
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/complaint-clone.XXXXXX") || exit 1; \
	trap 'rm -rf "$$tmp"' EXIT; \
	head=$$(git rev-parse HEAD) && \
	git clone -q -n "$(CURDIR)" "$$tmp/complaint" && \
	git -C "$$tmp/complaint" checkout -q "$$head" && \
	echo "check-clone: $$head in $$tmp/complaint" && \
	env -u COMPLAINT_SHARED_DATA $(MAKE) -C "$$tmp/complaint" \
	    --no-print-directory -j$(E2E_JOBS) complaint && \
	env -u COMPLAINT_SHARED_DATA $(MAKE) -C "$$tmp/complaint" \
	    --no-print-directory -j2 -k -Otarget e2e lint && \
	env -u COMPLAINT_SHARED_DATA $(MAKE) -C "$$tmp/complaint" \
	    --no-print-directory e2e-pg-maybe

# Check forks each test; valgrind follows the children. Leaks are errors.
valgrind: $(UNIT_RUNNER)
	$(TEST_ENV) CK_DEFAULT_TIMEOUT=600 valgrind --quiet --trace-children=yes \
	    --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	    ./$(UNIT_RUNNER)

# libFuzzer targets (tests/fuzz/fuzz_<name>.c) over the library built with
# clang and the fuzzer, ASan and UBSan; each runs FUZZ_SECONDS on a copy of
# its committed seed corpus (tests/fuzz/corpus/<name>), so new inputs do
# not dirty the tree. Crashes land in build/fuzz/crash-<name>-*.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS    = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined -O1 -g
FUZZ_SRC      = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES    = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS     = $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) lib/*.h lib/store/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARNINGS) $(DEFINES) $(FUZZ_FLAGS) $(DEPCFLAGS) $(PGCFLAGS) -Ilib \
	    -o $@ $< $(LIB_SRC) $(DEPLIBS)

fuzz-build: $(FUZZ_BINS)

# The same targets without libFuzzer, over their committed corpora: part
# of `make check`, so a fixed crash stays fixed without clang.
REPLAY_BINS = $(FUZZ_NAMES:%=$(B)/replay/fuzz_%)

$(B)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBCOMPLAINT)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(LIBCOMPLAINT) $(DEPLIBS)

replay: $(REPLAY_BINS)
	@for n in $(FUZZ_NAMES); do \
		printf '%s ' "$$n"; \
		./$(B)/replay/fuzz_$$n tests/fuzz/corpus/$$n/* || exit 1; \
	done

fuzz: $(FUZZ_BINS)
	@for n in $(FUZZ_NAMES); do \
		rm -rf build/fuzz/corpus-$$n; mkdir -p build/fuzz/corpus-$$n; \
		cp tests/fuzz/corpus/$$n/* build/fuzz/corpus-$$n/ 2>/dev/null; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		./build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
		    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix=build/fuzz/crash-$$n- \
		    build/fuzz/corpus-$$n || exit 1; \
	done

# The files already in the style of .clang-format, which `make lint`
# keeps there; a file joins the list once clang-format leaves it as it is.
# Not yet: lib/store/pg*.[ch] and lib/report*.c join next (they were being
# edited when the rest came in). The others wait for a layout clang-format
# 14 cannot be told: the arguments after a message split over lines
# ("..." "...") put on lines of their own, continuations inside nested
# parentheses and a for loop's clauses aligned rather than indented 4,
# and lists ending in a comma one item to a line. `clang-format FILE |
# diff FILE -` shows what a file still lacks.
FORMATTED = lib/account.c lib/account.h lib/audit.h lib/buf.c lib/buf.h \
	    lib/chain.c lib/chain.h lib/complaint.h lib/config_impl.h \
	    lib/config_read.h lib/configcache.h lib/conninfo.c lib/conninfo.h \
	    lib/csv.h lib/error.c lib/error.h lib/escalation.h lib/filetype.h \
	    lib/followup.c lib/followup.h lib/idempotency.h lib/import.h \
	    lib/jsonrpc.h lib/lifecycle.h lib/mailmsg.h lib/message.h \
	    lib/name.h lib/output.h lib/replay.h lib/review.h lib/safefile.h \
	    lib/search.h lib/sha256.h lib/stats.c lib/stats.h \
	    lib/store/driver.h lib/store/sqlite.h lib/store/sqlite_idem.c \
	    lib/store/sqlite_schema.c lib/store/sqlite_schema.h lib/strset.c \
	    lib/strset.h lib/template.h lib/text.c lib/text.h lib/timeutil.h \
	    lib/xmalloc.c lib/xmalloc.h lib/yamlnode.c lib/yamlnode.h

# Every manual page, linted by mandoc: any message at all fails. The
# storage layer holds: no SQLite outside lib/store/ (lib/README). The
# FORMATTED files are as clang-format writes them (when it is installed).
lint:
	@out=$$(mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7) 2>&1); \
	if [ -n "$$out" ]; then printf '%s\n' "$$out"; exit 1; fi; \
	echo "lint: $(words $(MAN1) $(MAN5) $(MAN7)) manual pages clean"
	@out=$$(grep -l sqlite3 cmd/*.[ch] lib/*.[ch]); \
	if [ -n "$$out" ]; then echo "lint: SQLite outside lib/store/:"; \
	    printf '%s\n' "$$out"; exit 1; fi; \
	echo "lint: no SQLite outside lib/store/"
	@if command -v clang-format >/dev/null; then \
	    clang-format --dry-run -Werror $(FORMATTED) && \
	    echo "lint: $(words $(FORMATTED)) files as .clang-format says"; \
	else echo "lint: clang-format not installed, style not checked"; fi

demo: deps
	@$(MAKE) --no-print-directory complaint
	@sh tests/demo.sh ./complaint

bench: complaint
	@sh bench/run.sh

# The binary of this build (SANITIZE=1 installs the sanitized one), the
# manual pages and the completions, each where its tool looks for it;
# uninstall removes exactly these files.
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  = $(DATADIR)/zsh/site-functions
FISHCOMPDIR = $(DATADIR)/fish/vendor_completions.d

install: $(BIN)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" \
	    "$(DESTDIR)$(MANDIR)/man5" "$(DESTDIR)$(MANDIR)/man7" \
	    "$(DESTDIR)$(BASHCOMPDIR)" \
	    "$(DESTDIR)$(ZSHCOMPDIR)" "$(DESTDIR)$(FISHCOMPDIR)"
	install -m 755 $(BIN) "$(DESTDIR)$(BINDIR)/complaint"
	install -m 644 $(MAN1) "$(DESTDIR)$(MANDIR)/man1/"
	install -m 644 $(MAN5) "$(DESTDIR)$(MANDIR)/man5/"
	$(if $(MAN7),install -m 644 $(MAN7) "$(DESTDIR)$(MANDIR)/man7/")
	install -m 644 completions/complaint.bash \
	    "$(DESTDIR)$(BASHCOMPDIR)/complaint"
	install -m 644 completions/_complaint "$(DESTDIR)$(ZSHCOMPDIR)/_complaint"
	install -m 644 completions/complaint.fish \
	    "$(DESTDIR)$(FISHCOMPDIR)/complaint.fish"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/complaint"
	for m in $(MAN1:man/%=%); do rm -f "$(DESTDIR)$(MANDIR)/man1/$$m"; done
	for m in $(MAN5:man/%=%); do rm -f "$(DESTDIR)$(MANDIR)/man5/$$m"; done
	for m in $(MAN7:man/%=%); do rm -f "$(DESTDIR)$(MANDIR)/man7/$$m"; done
	rm -f "$(DESTDIR)$(BASHCOMPDIR)/complaint" \
	    "$(DESTDIR)$(ZSHCOMPDIR)/_complaint" \
	    "$(DESTDIR)$(FISHCOMPDIR)/complaint.fish"

clean:
	rm -rf build complaint
