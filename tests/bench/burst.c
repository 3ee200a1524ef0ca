/* SPDX-License-Identifier: ISC */
/*
 * burst: start N copies of a command at the same moment and time until all of them are running.
 *
 *   burst -n N [-t TIMEOUT_S] [-e ERRFILE] -- [VAR=value ...] PROGRAM [ARG ...]
 *
 * Every word may contain {i}, replaced by the copy's index as three digits (000, 001, ...), so
 * that each copy can log in as another alias.  Leading VAR=value words set the environment of the
 * copies (nothing else is passed on: they start from an empty environment, as startlat's do).
 * PROGRAM is an absolute path (no PATH search).
 *
 * The command must end up running the stamp payload (tests/bench/stamp.c), whose "stamp <ns>" line
 * goes to the copy's stdout, a pipe shared by all copies and read here; give the payload
 * `--sleep MS` so that all copies are alive together.
 *
 * How: N children are forked first and each waits on a shared "go" pipe; t0 is read just before
 * the pipe is closed, which releases all of them at once, and each then execs the command.  The
 * harness is a child subreaper, so it waits for everything the copies leave behind too.
 *
 * Output (stdout), NAME VALUE lines, times in ms since t0:
 *   started     stamps received (N when every copy ran its payload)
 *   first, median, p90, all   stamp times; "all" is when the last copy's payload was running
 *   reaped      when every process of the burst was gone
 *   cpu         user + system CPU time of every process of the burst, in ms (RUSAGE_CHILDREN:
 *               what we reaped, including what they had reaped)
 *   failed      copies (the processes forked here, not what they leave behind) that exited
 *               non-zero or were killed; the copies' stderr goes to ERRFILE (default /dev/null)
 * Exit status 0 when all N started and none failed, 1 otherwise, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_N 10000

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

/* w with every {i} replaced by idx (3 digits) */
static char *subst(const char *w, int idx)
{
	char num[16], *out, *o;
	const char *p;
	size_t n = 0;

	snprintf(num, sizeof(num), "%03d", idx);
	for (p = w; (p = strstr(p, "{i}")); p += 3)
		n++;
	out = o = malloc(strlen(w) + n * strlen(num) + 1);
	if (!out)
		die("out of memory");
	while ((p = strstr(w, "{i}"))) {
		memcpy(o, w, (size_t)(p - w));
		o += p - w;
		strcpy(o, num);
		o += strlen(num);
		w = p + 3;
	}
	strcpy(o, w);
	return out;
}

/* VAR=value with a shell identifier as VAR */
static int is_assignment(const char *w)
{
	const char *p = w;

	if (!(isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return *p == '=';
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static unsigned long long stamp[MAX_N];
	static pid_t copy[MAX_N];
	const char *errfile = "/dev/null";
	int n = 0, timeout_s = 60, opt, go[2], out[2], errfd, devnull, started = 0, failed = 0, alive, i;
	unsigned long long t0, deadline, reaped;
	struct rusage ru;
	char buf[4096];
	size_t have = 0;

	while ((opt = getopt(argc, argv, "+n:t:e:")) != -1) {
		switch (opt) {
		case 'n':
			n = atoi(optarg);
			break;
		case 't':
			timeout_s = atoi(optarg);
			break;
		case 'e':
			errfile = optarg;
			break;
		default:
			return 2;
		}
	}
	if (n < 1 || n > MAX_N || timeout_s < 1 || optind >= argc)
		die("usage: burst -n N [-t TIMEOUT_S] [-e ERRFILE] -- [VAR=value ...] PROGRAM [ARG ...]");
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		die("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	errfd = open(errfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (errfd < 0)
		die("%s: %s", errfile, strerror(errno));
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0)
		die("/dev/null: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "burst: fork (copy %d): %s\n", i, strerror(errno));
			while (i > 0)
				kill(copy[--i], SIGKILL);
			while (wait(NULL) > 0 || errno == EINTR)
				;
			return 2;
		}
		copy[i] = pid;
		if (pid == 0) {
			int nw = argc - optind, ne = 0, na = 0;
			char **envp = calloc((size_t)nw + 1, sizeof(char *));
			char **av = calloc((size_t)nw + 1, sizeof(char *));
			char c;

			if (!envp || !av)
				_exit(125);
			for (int k = optind; k < argc; k++) {
				if (na == 0 && is_assignment(argv[k]))
					envp[ne++] = subst(argv[k], i);
				else
					av[na++] = subst(argv[k], i);
			}
			if (na == 0)
				_exit(125);
			close(go[1]);
			if (dup2(devnull, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
			    dup2(errfd, STDERR_FILENO) < 0)
				_exit(125);
			while (read(go[0], &c, 1) < 0 && errno == EINTR)
				; /* EOF: go */
			execve(av[0], av, envp);
			fprintf(stderr, "burst: %s: %s\n", av[0], strerror(errno));
			_exit(127);
		}
	}
	close(go[0]);
	close(out[1]);
	close(errfd);
	close(devnull);
	usleep(100000); /* let every copy reach its read() */
	t0 = now_ns();
	close(go[1]);

	deadline = t0 + (unsigned long long)timeout_s * 1000000000ULL;
	while (started < n) {
		struct pollfd p = { .fd = out[0], .events = POLLIN };
		unsigned long long now = now_ns();
		ssize_t r;
		char *nl;
		int wait_ms;

		if (now >= deadline)
			break;
		wait_ms = (int)((deadline - now) / 1000000ULL) + 1;
		r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		r = read(out[0], buf + have, sizeof(buf) - 1 - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break; /* every copy closed its stdout */
		have += (size_t)r;
		buf[have] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			unsigned long long ns;

			*nl = '\0';
			if (sscanf(buf, "stamp %llu", &ns) == 1 && started < n)
				stamp[started++] = ns;
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have + 1);
		}
		if (have == sizeof(buf) - 1)
			have = 0; /* junk without newlines: drop it */
	}
	if (started < n) {
		/* timed out: end the copies, by pid (their sandboxes die with them: PDEATHSIG) */
		fprintf(stderr, "burst: only %d of %d copies started within %d s; killing them\n", started, n,
			timeout_s);
		for (i = 0; i < n; i++)
			kill(copy[i], SIGKILL);
	}
	/* reap everything: the copies, and whatever they left behind (we are their subreaper) */
	alive = 1;
	while (alive) {
		int st;
		pid_t p = waitpid(-1, &st, 0);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			alive = 0;
			break;
		}
		/* only the copies count: bwrap's pid 1, for one, comes back to us when the outer bwrap has
		 * returned, and is killed by --die-with-parent */
		if ((WIFEXITED(st) && WEXITSTATUS(st) != 0) || WIFSIGNALED(st)) {
			for (i = 0; i < n; i++)
				if (copy[i] == p)
					failed++;
		}
	}
	reaped = now_ns();
	close(out[0]);
	if (getrusage(RUSAGE_CHILDREN, &ru) < 0)
		memset(&ru, 0, sizeof(ru));

	qsort(stamp, (size_t)started, sizeof(stamp[0]), cmp_ull);
	printf("n %d\nstarted %d\nfailed %d\n", n, started, failed);
	if (started) {
		printf("first %.2f\n", (double)(stamp[0] - t0) / 1e6);
		printf("median %.2f\n", (double)(stamp[started / 2] - t0) / 1e6);
		printf("p90 %.2f\n",
		       (double)(stamp[(started * 9) / 10 < started ? (started * 9) / 10 : started - 1] - t0) / 1e6);
		printf("all %.2f\n", (double)(stamp[started - 1] - t0) / 1e6);
	}
	printf("reaped %.2f\n", (double)(reaped - t0) / 1e6);
	printf("cpu %.2f\n", (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
				     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
	return started == n && failed == 0 ? 0 : 1;
}
