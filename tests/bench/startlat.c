/* SPDX-License-Identifier: ISC */
/*
 * startlat: interleaved start-latency benchmark for sandbox launchers.
 *
 *   startlat [-n RUNS] [-w WARMUP] [-b BASELINE] [-p PAYLOAD] [-t TIMEOUT_S]
 *            [-f CONFIG] [-s SUMMARY.tsv] [-r RAW.tsv] [NAME=COMMAND ...]
 *
 * Each command is "NAME=COMMAND": NAME is the row label (anything but '='), COMMAND is split into
 * words like a shell would (blanks separate; '...', "..." and \ quote; nothing is expanded).
 * Leading words of the form VAR=value set that variable for this command only.  The text
 * {payload} in any word is replaced by the -p path.  A config file (-f) holds one command per
 * line; blank lines and lines starting with '#' are skipped and a trailing '\' continues a line.
 *
 * The payload (tests/bench/stamp.c) writes "stamp <CLOCK_MONOTONIC ns>" to its stdout, which is
 * a pipe to us.  For every launch:
 *   start  stamp - t0, where t0 is read just before posix_spawn: how long until the command runs
 *   whole  until the spawned process itself has been reaped (what time(1) or hyperfine report)
 *   gone   until every descendant has been reaped: we are a child subreaper, so anything the
 *          launcher leaves behind (bwrap's pid 1 finishing the namespace teardown) is ours to wait
 *          for, and no launch overlaps the next
 *   cpu    user+system time of every process reaped (wait4 rusage includes what they reaped)
 * A command that prints no stamp (e.g. "secure_shell -c true") only gets whole/gone/cpu.
 *
 * Rounds: WARMUP unrecorded rounds, then RUNS rounds; each round runs every command once, and the
 * order rotates by one each round, so slow drifts of the machine hit every command alike.
 * Reported: median, p10 and p90 per command, and the median over rounds of the per-round ratio
 * to the BASELINE command (default "bwrap" when such a row exists).
 * Defaults: RUNS and WARMUP from the environment, else 100 and 3.  Exit status 1 if any launch
 * failed (non-zero exit, signal, timeout), 2 on usage errors.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

extern char **environ;

#define MAX_CMDS 32
#define ERR_KEEP 1024

struct sample {
	double start, whole, gone, cpu; /* ms; start is NAN when no stamp was printed */
};

struct cmd {
	char *name;
	char *text; /* the COMMAND as given, for the listing */
	char **argv;
	char **envp;
	struct sample *s; /* one per recorded round */
	int fails;
	char *first_err;
};

static struct cmd cmds[MAX_CMDS];
static int n_cmds;
static const char *payload;

static volatile sig_atomic_t timed_out;
static bool run_timed_out; /* the current launch hit its timeout */

/* ---- small helpers ---- */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return def;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < 0 || n > 1000000)
		die("%s=%s is not a count", name, v);
	return (int)n;
}

static int arg_int(const char *opt, const char *v)
{
	char what[8];

	snprintf(what, sizeof(what), "-%s", opt);
	return (int)bench_count(what, v, 0, 1000000);
}

/* every occurrence of {payload} in w replaced */
static char *subst_payload(const char *w)
{
	static const char key[] = "{payload}";
	const size_t klen = sizeof(key) - 1;
	size_t n = 0, plen;
	const char *p;
	char *out, *o;

	if (!strstr(w, key))
		return xstrdup(w);
	if (!payload)
		die("'%s' uses {payload} but no -p PAYLOAD was given", w);
	plen = strlen(payload);
	for (p = w; (p = strstr(p, key)); p += klen)
		n++;
	out = o = xmalloc(strlen(w) + n * plen + 1);
	while ((p = strstr(w, key))) {
		memcpy(o, w, (size_t)(p - w));
		o += p - w;
		memcpy(o, payload, plen);
		o += plen;
		w = p + klen;
	}
	strcpy(o, w);
	return out;
}

/* Shell-like word splitting without expansion.  Returns the number of words, -1 on a dangling
 * quote or backslash. */
static int split_words(const char *s, char ***out)
{
	size_t cap = 8, n = 0, len = strlen(s);
	char **words = xmalloc(cap * sizeof(*words));
	char *buf = xmalloc(len + 1);

	for (;;) {
		size_t b = 0;
		bool have = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		while (*s && *s != ' ' && *s != '\t') {
			have = true;
			if (*s == '\'') {
				const char *q = strchr(s + 1, '\'');

				if (!q)
					goto bad;
				memcpy(buf + b, s + 1, (size_t)(q - s - 1));
				b += (size_t)(q - s - 1);
				s = q + 1;
			} else if (*s == '"') {
				for (s++; *s != '"'; s++) {
					if (!*s)
						goto bad;
					if (*s == '\\' && s[1] && strchr("\\\"$`", s[1]))
						s++;
					buf[b++] = *s;
				}
				s++;
			} else if (*s == '\\') {
				if (!s[1])
					goto bad;
				buf[b++] = s[1];
				s += 2;
			} else {
				buf[b++] = *s++;
			}
		}
		if (have) {
			buf[b] = '\0';
			if (n + 2 > cap) {
				cap *= 2;
				words = realloc(words, cap * sizeof(*words));
				if (!words)
					die("out of memory");
			}
			words[n++] = subst_payload(buf);
		}
	}
	words[n] = NULL;
	free(buf);
	*out = words;
	return (int)n;
bad:
	free(buf);
	while (n)
		free(words[--n]);
	free(words);
	return -1;
}

/* VAR=value with a valid shell identifier as VAR */
static bool is_assignment(const char *w)
{
	const char *p = w;

	if (!(isalpha((unsigned char)*p) || *p == '_'))
		return false;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return *p == '=';
}

static bool same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return n == strcspn(b, "=") && !strncmp(a, b, n);
}

/* environ, with the assignments in words[0..k) replacing or adding variables */
static char **build_env(char **words, int k)
{
	size_t n = 0, i, o = 0;
	char **env;
	int j;

	while (environ[n])
		n++;
	env = xmalloc((n + (size_t)k + 1) * sizeof(*env));
	for (i = 0; i < n; i++) {
		bool overridden = false;

		for (j = 0; j < k; j++)
			if (same_name(environ[i], words[j]))
				overridden = true;
		if (!overridden)
			env[o++] = environ[i];
	}
	for (j = 0; j < k; j++)
		env[o++] = words[j];
	env[o] = NULL;
	return env;
}

static void add_cmd(const char *spec, const char *where)
{
	const char *eq = strchr(spec, '=');
	struct cmd *c;
	char **words;
	int n, k = 0, i;

	if (n_cmds == MAX_CMDS)
		die("more than %d commands", MAX_CMDS);
	if (!eq || eq == spec)
		die("%s: '%s' is not NAME=COMMAND", where, spec);
	c = &cmds[n_cmds];
	c->name = xmalloc((size_t)(eq - spec) + 1);
	memcpy(c->name, spec, (size_t)(eq - spec));
	c->name[eq - spec] = '\0';
	for (i = (int)strlen(c->name); i > 0 && isspace((unsigned char)c->name[i - 1]); i--)
		c->name[i - 1] = '\0';
	for (i = 0; i < n_cmds; i++)
		if (!strcmp(cmds[i].name, c->name))
			die("%s: the name '%s' is used twice", where, c->name);
	n = split_words(eq + 1, &words);
	if (n < 0)
		die("%s: unbalanced quote or trailing backslash in '%s'", where, spec);
	while (k < n && is_assignment(words[k]))
		k++;
	if (k == n)
		die("%s: '%s' has no command", where, spec);
	c->envp = build_env(words, k);
	c->argv = words + k;
	for (c->text = (char *)eq + 1; isspace((unsigned char)*c->text); c->text++)
		;
	c->text = xstrdup(c->text);
	n_cmds++;
}

static void read_config(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *acc = NULL, where[512];
	size_t cap = 0, acc_len = 0;
	ssize_t len;
	int lineno = 0, start = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) >= 0) {
		bool cont;
		char *p = line;

		lineno++;
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		cont = len > 0 && line[len - 1] == '\\';
		if (cont)
			line[--len] = '\0';
		if (!acc) {
			while (isspace((unsigned char)*p))
				p++;
			if (!*p || *p == '#') {
				if (cont)
					die("%s:%d: a comment or blank line cannot be continued", path, lineno);
				continue;
			}
			start = lineno;
		}
		acc = realloc(acc, acc_len + strlen(p) + 2);
		if (!acc)
			die("out of memory");
		memcpy(acc + acc_len, p, strlen(p) + 1);
		acc_len += strlen(p);
		if (cont) {
			acc[acc_len++] = ' ';
			acc[acc_len] = '\0';
			continue;
		}
		snprintf(where, sizeof(where), "%s:%d", path, start);
		add_cmd(acc, where);
		free(acc);
		acc = NULL;
		acc_len = 0;
	}
	if (acc)
		die("%s: the last line ends with a continuation", path);
	free(line);
	fclose(f);
}

/* ---- running one launch ---- */

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/* SIGKILL every descendant, found through /proc/PID/task/TID/children (depth first). */
static void kill_tree(pid_t pid, int depth)
{
	char path[64], buf[4096];
	DIR *d;
	struct dirent *e;

	if (depth > 64)
		return;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		char file[384];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s/children", path, e->d_name);
		f = fopen(file, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			char *tok, *save = NULL;

			for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
				pid_t child = (pid_t)atoi(tok);

				if (child > 0) {
					(void)kill(child, SIGSTOP);
					kill_tree(child, depth + 1);
					(void)kill(child, SIGKILL);
				}
			}
		}
		fclose(f);
	}
	closedir(d);
}

static void keep_error(struct cmd *c, int errfd, const char *what)
{
	char buf[ERR_KEEP];
	ssize_t n;
	size_t len;

	c->fails++;
	if (c->first_err)
		return;
	n = pread(errfd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	len = strlen(what) + strlen(buf) + 16;
	c->first_err = xmalloc(len);
	snprintf(c->first_err, len, "%s%s%s", what, buf[0] ? "; stderr: " : "", buf);
}

/* One launch of c; returns 0 if it exited 0 (the sample is filled in), -1 otherwise. */
static int run_once(struct cmd *c, int timeout_s, int errfd, struct sample *out)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	struct rusage ru;
	char buf[4096], what[128];
	double t0, cpu = 0;
	size_t got = 0;
	ssize_t n;
	int p[2], rc, st = 0, st2;
	pid_t pid, q;
	char *line;

	if (pipe2(p, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	if (ftruncate(errfd, 0) < 0 || lseek(errfd, 0, SEEK_SET) < 0)
		die("stderr buffer: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

	timed_out = 0;
	run_timed_out = false;
	t0 = now_ms();
	rc = posix_spawnp(&pid, c->argv[0], &fa, &at, c->argv, c->envp);
	close(p[1]);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		close(p[0]);
		snprintf(what, sizeof(what), "cannot run %s: %s", c->argv[0], strerror(rc));
		keep_error(c, errfd, what);
		return -1;
	}

	alarm((unsigned)timeout_s);
	while ((q = wait4(pid, &st, 0, &ru)) < 0) {
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
		if (timed_out) {
			kill_tree(getpid(), 0);
			alarm(2);
			timed_out = 0;
			run_timed_out = true;
		}
	}
	out->whole = now_ms() - t0;
	cpu += tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime);
	/* whatever the launcher left behind was re-parented to us: wait for all of it */
	for (;;) {
		q = wait4(-1, &st2, 0, &ru);
		if (q > 0) {
			cpu += tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime);
			continue;
		}
		if (errno == ECHILD)
			break;
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
		if (timed_out) {
			kill_tree(getpid(), 0);
			alarm(2);
			timed_out = 0;
			run_timed_out = true;
		}
	}
	out->gone = now_ms() - t0;
	alarm(0);
	out->cpu = cpu;

	/* every writer is gone now: the pipe holds all the output there will be */
	while (got < sizeof(buf) - 1 && (n = read(p[0], buf + got, sizeof(buf) - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	close(p[0]);
	buf[got] = '\0';
	out->start = NAN;
	for (line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, "stamp ", 6)) {
			double ms = strtod(line + 6, NULL) / 1e6;

			/* a stamp from outside this launch's lifetime is not one of ours */
			if (ms >= t0 && ms <= t0 + out->gone)
				out->start = ms - t0;
			break;
		}
	}

	if (run_timed_out) {
		snprintf(what, sizeof(what), "timed out after %d s", timeout_s);
		keep_error(c, errfd, what);
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		snprintf(what, sizeof(what), "killed by signal %d", WTERMSIG(st));
	else
		snprintf(what, sizeof(what), "exit status %d", WEXITSTATUS(st));
	keep_error(c, errfd, what);
	return -1;
}

/* ---- statistics ---- */

/* the q-quantile of the non-NAN values (linear interpolation); NAN if there are none */
static double quantile(const double *v, int n, double qq)
{
	double *t = xmalloc((size_t)n * sizeof(*t)), r;
	int m = 0, i;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			t[m++] = v[i];
	r = m ? bench_quantile(t, m, qq) : NAN;
	free(t);
	return r;
}

enum field { F_START, F_WHOLE, F_GONE, F_CPU };

static double field_of(const struct sample *s, enum field f)
{
	switch (f) {
	case F_START:
		return s->start;
	case F_WHOLE:
		return s->whole;
	case F_GONE:
		return s->gone;
	case F_CPU:
		return s->cpu;
	}
	return NAN;
}

struct stats {
	double med, p10, p90;
};

static struct stats stats_of(const struct cmd *c, int runs, enum field f)
{
	double *v = xmalloc((size_t)runs * sizeof(*v));
	struct stats s;
	int r;

	for (r = 0; r < runs; r++)
		v[r] = field_of(&c->s[r], f);
	s.med = quantile(v, runs, 0.5);
	s.p10 = quantile(v, runs, 0.1);
	s.p90 = quantile(v, runs, 0.9);
	free(v);
	return s;
}

/* median over rounds of c/base, taking only rounds where both have a value */
static double ratio_of(const struct cmd *c, const struct cmd *base, int runs, enum field f)
{
	double *v = xmalloc((size_t)runs * sizeof(*v)), r;
	int i;

	for (i = 0; i < runs; i++) {
		double a = field_of(&c->s[i], f), b = field_of(&base->s[i], f);

		v[i] = isnan(a) || isnan(b) || b <= 0 ? NAN : a / b;
	}
	r = quantile(v, runs, 0.5);
	free(v);
	return r;
}

static const char *num(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "–");
	else
		snprintf(buf, n, "%.2f", v);
	return buf;
}

static const char *spread(char *buf, size_t n, struct stats s)
{
	if (isnan(s.med))
		snprintf(buf, n, "–");
	else
		snprintf(buf, n, "%.2f (%.2f–%.2f)", s.med, s.p10, s.p90);
	return buf;
}

static void report(int runs, int warmup, const struct cmd *base, FILE *tsv)
{
	char a[64], b[64], c1[64], d[64], e[64], f[64];
	int i;

	printf("%d interleaved rounds (%d warm-up rounds not counted); times in ms, median (p10–p90)", runs, warmup);
	if (base)
		printf("; ratios are the median of per-round ratios to `%s`", base->name);
	printf("\n\n| command | ok runs | start | whole | all reaped | CPU |");
	if (base)
		printf(" start ÷ %s | whole ÷ %s |", base->name, base->name);
	printf("\n|---|---:|---:|---:|---:|---:|%s\n", base ? "---:|---:|" : "");
	if (tsv)
		fprintf(tsv, "name\tok\tfails\tstart_med\tstart_p10\tstart_p90\twhole_med\twhole_p10\twhole_p90\t"
			     "gone_med\tcpu_med\tratio_start\tratio_whole\n");
	for (i = 0; i < n_cmds; i++) {
		const struct cmd *c = &cmds[i];
		struct stats st = stats_of(c, runs, F_START), wh = stats_of(c, runs, F_WHOLE);
		struct stats go = stats_of(c, runs, F_GONE), cpu = stats_of(c, runs, F_CPU);
		double rs = base ? ratio_of(c, base, runs, F_START) : NAN;
		double rw = base ? ratio_of(c, base, runs, F_WHOLE) : NAN;

		printf("| `%s` | %d | %s | %s | %s | %s |", c->name, runs - c->fails, spread(a, sizeof(a), st),
		       spread(b, sizeof(b), wh), num(c1, sizeof(c1), go.med), num(d, sizeof(d), cpu.med));
		if (base)
			printf(" %s | %s |", num(e, sizeof(e), rs), num(f, sizeof(f), rw));
		putchar('\n');
		if (tsv)
			fprintf(tsv, "%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n",
				c->name, runs - c->fails, c->fails, st.med, st.p10, st.p90, wh.med, wh.p10, wh.p90,
				go.med, cpu.med, rs, rw);
	}
}

static void usage(void)
{
	fputs("usage: startlat [-n RUNS] [-w WARMUP] [-b BASELINE] [-p PAYLOAD] [-t TIMEOUT_S]\n"
	      "                [-f CONFIG] [-s SUMMARY.tsv] [-r RAW.tsv] [NAME=COMMAND ...]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *base_name = NULL, *config = NULL, *tsv_path = NULL, *raw_path = NULL;
	int runs = env_int("RUNS", 100), warmup = env_int("WARMUP", 3), timeout_s = 30;
	struct sigaction sa = { .sa_handler = on_alarm };
	const struct cmd *base = NULL;
	FILE *tsv = NULL, *raw = NULL;
	int opt, i, r, k, errfd, failed = 0;

	while ((opt = getopt(argc, argv, "n:w:b:p:t:f:s:r:h")) != -1) {
		switch (opt) {
		case 'n':
			runs = arg_int("n", optarg);
			break;
		case 'w':
			warmup = arg_int("w", optarg);
			break;
		case 'b':
			base_name = optarg;
			break;
		case 'p':
			payload = optarg;
			break;
		case 't':
			timeout_s = arg_int("t", optarg);
			break;
		case 'f':
			config = optarg;
			break;
		case 's':
			tsv_path = optarg;
			break;
		case 'r':
			raw_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (runs < 1 || timeout_s < 1)
		die("RUNS and the timeout must be at least 1");
	if (config)
		read_config(config);
	for (i = optind; i < argc; i++)
		add_cmd(argv[i], "argument");
	if (n_cmds == 0)
		usage();
	for (i = 0; i < n_cmds; i++) {
		if (base_name ? !strcmp(cmds[i].name, base_name) : !strcmp(cmds[i].name, "bwrap"))
			base = &cmds[i];
		cmds[i].s = xmalloc((size_t)runs * sizeof(struct sample));
	}
	if (base_name && !base)
		die("no command is named '%s'", base_name);

	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		die("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: a timeout interrupts wait4 */
	signal(SIGPIPE, SIG_IGN);
	errfd = memfd_create("startlat-stderr", MFD_CLOEXEC);
	if (errfd < 0)
		die("memfd_create: %s", strerror(errno));
	if (raw_path) {
		raw = fopen(raw_path, "w");
		if (!raw)
			die("%s: %s", raw_path, strerror(errno));
		fprintf(raw, "round\tposition\tname\tok\tstart_ms\twhole_ms\tgone_ms\tcpu_ms\n");
	}

	fprintf(stderr, "startlat: %d commands, %d warm-up + %d rounds\n", n_cmds, warmup, runs);
	for (r = -warmup; r < runs; r++) {
		for (k = 0; k < n_cmds; k++) {
			int idx = (((r + warmup) % n_cmds) + k) % n_cmds;
			struct cmd *c = &cmds[idx];
			struct sample s;
			int ok = run_once(c, timeout_s, errfd, &s) == 0;

			if (r < 0) {
				if (!ok) {
					fprintf(stderr, "startlat: '%s' failed during warm-up: %s\n  command: %s\n",
						c->name, c->first_err, c->text);
					return 1;
				}
				continue;
			}
			if (!ok)
				s.start = s.whole = s.gone = s.cpu = NAN;
			c->s[r] = s;
			if (raw)
				fprintf(raw, "%d\t%d\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\n", r, k, c->name, ok, s.start,
					s.whole, s.gone, s.cpu);
		}
		if (r >= 0 && (r + 1) % 20 == 0)
			fprintf(stderr, "startlat: %d/%d rounds\n", r + 1, runs);
	}
	if (raw && fclose(raw) != 0)
		die("%s: %s", raw_path, strerror(errno));

	if (tsv_path && !(tsv = fopen(tsv_path, "w")))
		die("%s: %s", tsv_path, strerror(errno));
	report(runs, warmup, base, tsv);
	if (tsv && fclose(tsv) != 0)
		die("%s: %s", tsv_path, strerror(errno));
	for (i = 0; i < n_cmds; i++) {
		if (!cmds[i].fails)
			continue;
		failed = 1;
		fprintf(stderr, "startlat: '%s' failed %d of %d runs; first failure: %s\n", cmds[i].name, cmds[i].fails,
			runs, cmds[i].first_err);
	}
	return failed;
}
