/* SPDX-License-Identifier: ISC */
/*
 * seccomp_bench: what the launcher's seccomp step costs a login, measured with the launcher's own
 * code (launcher/seccomp.c, linked in by tests/bench/run.sh together with syscalls.c, parse*.c
 * and util.c).
 *
 *   seccomp_bench [-n SAMPLES] [-w WARMUP] [-r RAW.tsv] [-s SUMMARY] PROFILE_FILE WORK_DIR
 *
 * PROFILE_FILE is parsed with profile_parse() (a profile with `include` lines is refused: the
 * shipped default has none).  WORK_DIR must exist; the program makes WORK_DIR/cold (a state dir
 * that stays empty) and WORK_DIR/warm (whose seccomp/<key>.bpf cache it writes once, the way a
 * privileged login or `secure_shell --check` does).
 *
 * Every sample runs in a fresh child forked from a parent that has never compiled a filter, so
 * that, as in a login, libseccomp's code is faulted in by the process that uses it:
 *   compile  seccomp_prepare() with the cold state dir: resolve the profile's rules, cache miss,
 *            libseccomp builds and exports the BPF (what every login would pay without the cache,
 *            and what the unprivileged install pays at each login)
 *   cache    seccomp_prepare() with the warm state dir: resolve, key, read and verify the cache
 *   install  then, in the same child, prctl(PR_SET_NO_NEW_PRIVS) and seccomp_install(): the
 *            seccomp(2) call(s) the sandbox's pid 2 makes just before execve
 * Compile and cache children alternate (the order flips every round).  Times are CLOCK_MONOTONIC,
 * in microseconds; the summary gives median, p10 and p90 of each step and of prepare + install.
 *
 * Output: a markdown table on stdout; with -r one line per sample; with -s the medians as
 * NAME=VALUE lines (µs) for a script.  Runs as root (the cache
 * file must be root-owned to be trusted, as in the launcher).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "launcher.h"
#include "priv.h"

enum { S_COMPILE, S_CACHE, S_N };
static const char *const step_name[S_N] = { "compile", "cache" };

struct sample {
	double prepare, install; /* µs */
	int from_cache;
	int insns;
};

/*
 * The one privileged operation seccomp.c asks for: write <state_dir>/seccomp/<key>.bpf, as
 * launcher/priv.c does (0755 directory, temp file renamed into place, 0644).  We run as root.
 */
long priv_op(enum priv_op op, const struct priv_args *a)
{
	char dir[SS_PATH_MAX], tmp[SS_PATH_MAX], final[SS_PATH_MAX];
	int fd, r;

	if (op != PRIV_WRITE_SECCOMP)
		return -ENOSYS;
	if (ss_snprintf(dir, sizeof(dir), "%s/seccomp", a->path) < 0 ||
	    ss_snprintf(tmp, sizeof(tmp), "%s/%s.%d.tmp", dir, a->name, (int)getpid()) < 0 ||
	    ss_snprintf(final, sizeof(final), "%s/%s.bpf", dir, a->name) < 0)
		return -ENAMETOOLONG;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	r = ss_write_all(fd, a->data, a->len);
	if (r == 0 && fchmod(fd, 0644) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, final) < 0)
		r = -errno;
	if (r < 0)
		(void)unlink(tmp);
	return r;
}

static void load(const char *path, struct ss_profile *p)
{
	struct ss_diag d = { 0 };
	struct ss_error err;
	char *buf;
	size_t len, i;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	if (ss_read_fd(fd, SS_FILE_MAX, &buf, &len, &err) < 0)
		die("%s: %s", path, err.msg);
	close(fd);
	profile_init(p);
	if (profile_parse(p, path, buf, len, &d) > 0) {
		for (i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.msg[i]);
		die("%s does not parse", path);
	}
	if (p->n_includes)
		die("%s has include lines: give a profile without them", path);
	free(buf);
}

static void free_filter(struct ss_filter *f)
{
	for (int i = 0; i < 2; i++)
		free(f->insns[i]);
}

/* One sample in a fresh child; the child writes its struct sample into the pipe. */
static int one(const struct ss_profile *p, const char *state_dir, struct sample *out)
{
	int pfd[2], st;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		struct sample s = { 0 };
		struct ss_filter f;
		struct ss_error err;
		double t0, t1, t2, t3;
		int r;

		close(pfd[0]);
		t0 = bench_now_us();
		r = seccomp_prepare(p, state_dir, false, &f, &err);
		t1 = bench_now_us();
		if (r < 0) {
			fprintf(stderr, "seccomp_bench: seccomp_prepare: %s\n", err.msg);
			_exit(1);
		}
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(1);
		t2 = bench_now_us();
		r = seccomp_install(&f);
		t3 = bench_now_us();
		if (r < 0) {
			fprintf(stderr, "seccomp_bench: seccomp_install: %s\n", strerror(-r));
			_exit(1);
		}
		s.prepare = t1 - t0;
		s.install = t3 - t2;
		s.from_cache = f.from_cache;
		s.insns = f.len[0] + (f.n > 1 ? f.len[1] : 0);
		_exit(write(pfd[1], &s, sizeof(s)) == (ssize_t)sizeof(s) ? 0 : 1);
	}
	close(pfd[1]);
	st = (int)read(pfd[0], out, sizeof(*out));
	close(pfd[0]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	return 0;
}

static void stats(double *v, int n, double out[3])
{
	out[0] = bench_quantile(v, n, 0.5);
	out[1] = bench_quantile(v, n, 0.1);
	out[2] = bench_quantile(v, n, 0.9);
}

int main(int argc, char **argv)
{
	static struct ss_profile prof;
	struct sample *s[S_N];
	char cold[SS_PATH_MAX], warm[SS_PATH_MAX], file[SS_PATH_MAX];
	const char *dirs[S_N], *raw_path = NULL, *sum_path = NULL;
	struct ss_filter f;
	struct ss_error err;
	struct stat stt;
	double *v, sum[S_N][3][3]; /* step, {prepare, install, total}, {med, p10, p90} */
	int n = 200, warmup = 5, opt, i, k;
	FILE *raw = NULL;

	while ((opt = getopt(argc, argv, "n:w:r:s:")) != -1) {
		switch (opt) {
		case 'n':
			n = (int)bench_count("-n", optarg, 0, 1000000);
			break;
		case 'w':
			warmup = (int)bench_count("-w", optarg, 0, 1000000);
			break;
		case 'r':
			raw_path = optarg;
			break;
		case 's':
			sum_path = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2 || n < 1)
		die("usage: seccomp_bench [-n SAMPLES] [-w WARMUP] [-r RAW.tsv] [-s SUMMARY] PROFILE_FILE WORK_DIR");
	load(argv[optind], &prof);
	if (ss_snprintf(cold, sizeof(cold), "%s/cold", argv[optind + 1]) < 0 ||
	    ss_snprintf(warm, sizeof(warm), "%s/warm", argv[optind + 1]) < 0)
		die("WORK_DIR is too long");
	if ((mkdir(cold, 0755) < 0 && errno != EEXIST) || (mkdir(warm, 0755) < 0 && errno != EEXIST))
		die("mkdir under %s: %s", argv[optind + 1], strerror(errno));
	dirs[S_COMPILE] = cold;
	dirs[S_CACHE] = warm;

	/* Fill the warm cache in a child: the parent stays a process that never compiled. */
	{
		pid_t pid = fork();
		int st;

		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0) {
			if (seccomp_prepare(&prof, warm, true, &f, &err) < 0) {
				fprintf(stderr, "seccomp_bench: seccomp_prepare: %s\n", err.msg);
				_exit(1);
			}
			if (ss_snprintf(file, sizeof(file), "%s/seccomp/%s.bpf", warm, f.key) < 0 ||
			    stat(file, &stt) < 0) {
				fprintf(stderr, "seccomp_bench: the cache file was not written\n");
				_exit(1);
			}
			printf("cache file: seccomp/%s.bpf, %lld bytes\n", f.key, (long long)stt.st_size);
			free_filter(&f);
			fflush(stdout);
			_exit(0);
		}
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			die("could not write the warm cache");
	}

	for (k = 0; k < S_N; k++)
		s[k] = calloc((size_t)n, sizeof(struct sample));
	v = calloc((size_t)n, sizeof(double));
	if (!s[0] || !s[1] || !v)
		die("out of memory");
	if (raw_path) {
		raw = fopen(raw_path, "w");
		if (!raw)
			die("%s: %s", raw_path, strerror(errno));
		fprintf(raw, "round\tstep\tprepare_us\tinstall_us\tfrom_cache\tinsns\n");
	}
	for (i = -warmup; i < n; i++) {
		for (int j = 0; j < S_N; j++) {
			struct sample t;

			k = (i & 1) ? S_N - 1 - j : j;
			if (one(&prof, dirs[k], &t) < 0)
				die("a %s sample failed", step_name[k]);
			if (t.from_cache != (k == S_CACHE))
				die("the %s sample %s the cache", step_name[k], t.from_cache ? "used" : "did not use");
			if (i < 0)
				continue;
			s[k][i] = t;
			if (raw)
				fprintf(raw, "%d\t%s\t%.2f\t%.2f\t%d\t%d\n", i, step_name[k], t.prepare, t.install,
					t.from_cache, t.insns);
		}
	}
	if (raw)
		fclose(raw);

	for (k = 0; k < S_N; k++) {
		for (i = 0; i < n; i++)
			v[i] = s[k][i].prepare;
		stats(v, n, sum[k][0]);
		for (i = 0; i < n; i++)
			v[i] = s[k][i].install;
		stats(v, n, sum[k][1]);
		for (i = 0; i < n; i++)
			v[i] = s[k][i].prepare + s[k][i].install;
		stats(v, n, sum[k][2]);
	}
	printf("filter: %d BPF instructions (%s)\n", s[S_COMPILE][0].insns,
	       prof.seccomp_mode == SS_SECCOMP_ALLOWLIST
		       ? "allowlist: two stacked filters"
		       : "denylist: the filter for syscalls newer than libseccomp, then the denylist");
	printf("samples: %d per path (%d warm-up samples not counted), each in a fresh child\n\n", n, warmup);
	printf("| path | seccomp_prepare() | seccomp_install() | prepare + install |\n|---|---:|---:|---:|\n");
	printf("| compile with libseccomp (empty state dir) | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | **%.0f** (%.0f–%.0f) |\n",
	       sum[S_COMPILE][0][0], sum[S_COMPILE][0][1], sum[S_COMPILE][0][2], sum[S_COMPILE][1][0],
	       sum[S_COMPILE][1][1], sum[S_COMPILE][1][2], sum[S_COMPILE][2][0], sum[S_COMPILE][2][1],
	       sum[S_COMPILE][2][2]);
	printf("| cached BPF (warm state dir) | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | **%.0f** (%.0f–%.0f) |\n",
	       sum[S_CACHE][0][0], sum[S_CACHE][0][1], sum[S_CACHE][0][2], sum[S_CACHE][1][0], sum[S_CACHE][1][1],
	       sum[S_CACHE][1][2], sum[S_CACHE][2][0], sum[S_CACHE][2][1], sum[S_CACHE][2][2]);
	if (sum_path) {
		FILE *o = fopen(sum_path, "w");

		if (!o)
			die("%s: %s", sum_path, strerror(errno));
		fprintf(o,
			"compile_total=%.1f\ncache_total=%.1f\ncompile_prepare=%.1f\ncache_prepare=%.1f\n"
			"compile_install=%.1f\ncache_install=%.1f\ninsns=%d\n",
			sum[S_COMPILE][2][0], sum[S_CACHE][2][0], sum[S_COMPILE][0][0], sum[S_CACHE][0][0],
			sum[S_COMPILE][1][0], sum[S_CACHE][1][0], s[S_COMPILE][0].insns);
		if (fclose(o) != 0)
			die("%s: %s", sum_path, strerror(errno));
	}
	for (k = 0; k < S_N; k++)
		free(s[k]);
	free(v);
	profile_free(&prof);
	return 0;
}
