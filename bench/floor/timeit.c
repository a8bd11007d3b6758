/*
 * timeit: run several commands in interleaved rounds (A B A B ...) and
 * print each one's median wall time, so that the noise of a shared machine
 * falls on every side of a comparison alike. No shell sits between the
 * harness and the command: a shell would add its own start-up to both.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXCMDS 8

extern char **environ;

static const char usage[] =
    "usage: timeit [-n runs] [-w warmup] [-a argfile] [-p prep] [-e status]\n"
    "              [-i input] -- command [args] [:: command [args]] ...\n"
    "  {} in an argument (and in input) is replaced by line r of argfile\n"
    "  in round r\n"
    "  (warm-up rounds count); prep runs through sh -c, untimed, before\n"
    "  every timed command; status is a second accepted exit status;\n"
    "  input is every command's standard input (else /dev/null).\n"
    "output: one line per command: index, median, min, max wall time (ms),\n"
    "        max RSS (KiB), median CPU time (user + system, ms)\n";

struct cmd {
	char **argv;
	int argc;
	double *ms;
	double *cpu;
	long maxrss;
};

static char **args;
static size_t nargs;

static void
die(const char *msg)
{
	fprintf(stderr, "timeit: %s\n", msg);
	exit(2);
}

static void
read_args(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t len;

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (nargs == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			if ((args = realloc(args, alloc * sizeof(*args))) == NULL)
				die("out of memory");
		}
		if ((args[nargs++] = strdup(line)) == NULL)
			die("out of memory");
	}
	free(line);
	fclose(fp);
}

/* WORD with every {} replaced by SUB. */
static char *
substitute(const char *word, const char *sub)
{
	size_t n = strlen(word) + 1, sl = strlen(sub);
	const char *p;
	char *out, *q;

	for (p = word; (p = strstr(p, "{}")) != NULL; p += 2)
		n += sl;
	if ((out = malloc(n)) == NULL)
		die("out of memory");
	for (p = word, q = out; *p; ) {
		if (p[0] == '{' && p[1] == '}') {
			memcpy(q, sub, sl);
			q += sl;
			p += 2;
		} else {
			*q++ = *p++;
		}
	}
	*q = '\0';
	return out;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts V. */
static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Run ARGV with stdin from INPUT (or /dev/null), stdout and stderr on
 * /dev/null; its wait status. */
static int
run(char **argv, const char *input, double *ms, double *cpu, long *maxrss)
{
	posix_spawn_file_actions_t fa;
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, input ? input : "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(rc));
		exit(2);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4 failed");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	posix_spawn_file_actions_destroy(&fa);
	*ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (ru.ru_maxrss > *maxrss)
		*maxrss = ru.ru_maxrss;
	return status;
}

int
main(int argc, char **argv)
{
	struct cmd cmds[MAXCMDS];
	const char *argfile = NULL, *prep = NULL, *input = NULL;
	int runs = 30, warmup = 3, ok_status = 0, ncmds = 0, c, i, r;

	while ((c = getopt(argc, argv, "n:w:a:p:e:i:")) != -1) {
		switch (c) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 'a':
			argfile = optarg;
			break;
		case 'p':
			prep = optarg;
			break;
		case 'e':
			ok_status = atoi(optarg);
			break;
		case 'i':
			input = optarg;
			break;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (runs < 1 || warmup < 0 || optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	/* Split the rest of argv at "::" into commands. */
	for (i = optind; i < argc; ) {
		int start = i;

		if (ncmds == MAXCMDS)
			die("too many commands");
		while (i < argc && strcmp(argv[i], "::") != 0)
			i++;
		if (i == start)
			die("empty command");
		cmds[ncmds].argv = argv + start;
		cmds[ncmds].argc = i - start;
		cmds[ncmds].maxrss = 0;
		cmds[ncmds].ms = calloc((size_t)runs, sizeof(double));
		cmds[ncmds].cpu = calloc((size_t)runs, sizeof(double));
		if (cmds[ncmds].ms == NULL || cmds[ncmds].cpu == NULL)
			die("out of memory");
		ncmds++;
		if (i < argc)
			i++;
	}
	if (argfile)
		read_args(argfile);
	if (argfile && nargs < (size_t)(runs + warmup))
		die("argfile has fewer lines than warm-up plus runs");

	for (r = 0; r < warmup + runs; r++) {
		for (i = 0; i < ncmds; i++) {
			char *av[256], *in;
			double ms, cpu;
			int j, status;

			if (cmds[i].argc >= 255)
				die("too many arguments");
			for (j = 0; j < cmds[i].argc; j++)
				av[j] = argfile ? substitute(cmds[i].argv[j],
				    args[r]) : cmds[i].argv[j];
			av[j] = NULL;
			if (prep && (status = system(prep)) != 0)
				die("the prep command failed");
			in = input && argfile ? substitute(input, args[r]) :
			    (char *)input;
			status = run(av, in, &ms, &cpu, &cmds[i].maxrss);
			if (in != input)
				free(in);
			if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 &&
			    WEXITSTATUS(status) != ok_status)) {
				fprintf(stderr, "timeit: round %d: %s", r, av[0]);
				for (j = 1; av[j]; j++)
					fprintf(stderr, " %s", av[j]);
				fprintf(stderr, ": exit %d\n", WIFEXITED(status) ?
				    WEXITSTATUS(status) : 128 + WTERMSIG(status));
				return 1;
			}
			if (r >= warmup) {
				cmds[i].ms[r - warmup] = ms;
				cmds[i].cpu[r - warmup] = cpu;
			}
			if (argfile)
				for (j = 0; j < cmds[i].argc; j++)
					free(av[j]);
		}
	}
	for (i = 0; i < ncmds; i++) {
		double *ms = cmds[i].ms, med = median(ms, runs);

		printf("%d\t%.3f\t%.3f\t%.3f\t%ld\t%.3f\n", i, med, ms[0],
		    ms[runs - 1], cmds[i].maxrss, median(cmds[i].cpu, runs));
		free(ms);
		free(cmds[i].cpu);
	}
	return 0;
}
