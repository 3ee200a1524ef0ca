/* SPDX-License-Identifier: ISC */
/*
 * sysloop: system-call and fork+exec cost, to be run once directly and once inside a sandbox
 * (`make bench` syscall section).  Built static, so that it runs the same way in both places.
 *
 *   sysloop [-g GETPPID_CALLS] [-f FORK_EXECS] [-c CHUNKS] [-x PROGRAM]
 *
 *   getppid    GETPPID_CALLS raw getppid system calls (default 10,000,000): a syscall the
 *              seccomp filter always allows, so the kernel's action cache should make the
 *              filter free for it
 *   fork+exec  FORK_EXECS times (default 2000): fork, the child sends its stdout to /dev/null and
 *              execs PROGRAM (default: the static stamp payload, tests/bench/stamp.c; give its
 *              path as seen where sysloop runs), the parent waits for it
 * Each loop is cut into CHUNKS equal chunks (default 10), each timed with CLOCK_MONOTONIC; the
 * figure reported is the median chunk, which a burst of activity from another VM spoils less than
 * the total.  Output, one line each: "getppid_ns <ns per call>" and "forkexec_us <µs per
 * fork+exec+wait>", then the same for the fastest chunk ("getppid_ns_min", "forkexec_us_min").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_CHUNKS 1000

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double min_of(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

int main(int argc, char **argv)
{
	static double chunk[MAX_CHUNKS];
	static char *const envp[] = { NULL };
	const char *prog = NULL;
	long calls = 10000000, forks = 2000, chunks = 10, per, i, c;
	char *args[2];
	int opt, devnull;
	double t, gp_med, gp_min;

	while ((opt = getopt(argc, argv, "g:f:c:x:")) != -1) {
		switch (opt) {
		case 'g':
			calls = bench_count("-g", optarg, 1, 2000000000L);
			break;
		case 'f':
			forks = bench_count("-f", optarg, 1, 10000000L);
			break;
		case 'c':
			chunks = bench_count("-c", optarg, 1, MAX_CHUNKS);
			break;
		case 'x':
			prog = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc || !prog) {
		fprintf(stderr, "usage: sysloop [-g GETPPID_CALLS] [-f FORK_EXECS] [-c CHUNKS] -x PROGRAM\n");
		return 2;
	}
	if (calls < chunks || forks < chunks) {
		fprintf(stderr, "sysloop: every loop needs at least CHUNKS (%ld) iterations\n", chunks);
		return 2;
	}
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0) {
		perror("sysloop: /dev/null");
		return 1;
	}
	args[0] = (char *)prog;
	args[1] = NULL;

	/* getppid */
	per = calls / chunks;
	for (c = 0; c < chunks; c++) {
		t = now_ns();
		for (i = 0; i < per; i++)
			(void)syscall(SYS_getppid);
		chunk[c] = (now_ns() - t) / (double)per;
	}
	gp_min = min_of(chunk, (int)chunks);
	gp_med = median(chunk, (int)chunks);

	/* fork+exec */
	per = forks / chunks;
	for (c = 0; c < chunks; c++) {
		t = now_ns();
		for (i = 0; i < per; i++) {
			pid_t pid = fork();
			int st;

			if (pid < 0) {
				perror("sysloop: fork");
				return 1;
			}
			if (pid == 0) {
				if (dup2(devnull, STDOUT_FILENO) < 0)
					_exit(126);
				execve(prog, args, envp);
				_exit(127);
			}
			while (waitpid(pid, &st, 0) < 0) {
				if (errno != EINTR) {
					perror("sysloop: waitpid");
					return 1;
				}
			}
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
				fprintf(stderr, "sysloop: %s failed (wait status %#x)\n", prog, (unsigned)st);
				return 1;
			}
		}
		chunk[c] = (now_ns() - t) / 1e3 / (double)per;
	}
	printf("getppid_ns %.2f\nforkexec_us %.2f\n", gp_med, median(chunk, (int)chunks));
	printf("getppid_ns_min %.2f\nforkexec_us_min %.2f\n", gp_min, min_of(chunk, (int)chunks));
	return 0;
}
