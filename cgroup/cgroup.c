/* SPDX-License-Identifier: ISC */
/* cgroup/: file helpers by fd, names, values, /proc/<pid>/stat start times, and cg_print. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup-internal.h"

struct cg_test_hooks cg_test;
const char *const cg_ctrl_name[CG_NCTRL] = { [CG_MEMORY] = "memory", [CG_PIDS] = "pids", [CG_CPU] = "cpu" };

static int hook(enum cg_hook_op op, int dirfd, const char *name, int ctrl)
{
	return cg_test.fn ? cg_test.fn(op, dirfd, name, ctrl, cg_test.arg) : 0;
}

static bool component_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
	       c == '@' || c == '-';
}

/* n bytes at s form one component */
static bool valid_component_n(const char *s, size_t n)
{
	if (n == 0 || n > CG_COMPONENT_MAX)
		return false;
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!component_char(s[i]))
			return false;
	return true;
}

bool cg_valid_component(const char *s)
{
	return s && valid_component_n(s, strlen(s));
}

bool cg_valid_relpath(const char *s)
{
	if (!s || strlen(s) > CG_PARENT_MAX)
		return false;
	for (;;) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);

		if (!valid_component_n(s, n))
			return false;
		if (!slash)
			return true;
		s = slash + 1;
	}
}

/* Decimal digits only, no leading zero (so each number has one spelling), no overflow. */
static bool parse_dec(const char *s, size_t n, unsigned long long *out)
{
	unsigned long long v = 0;

	if (n == 0 || n > 20 || (s[0] == '0' && n > 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (ULLONG_MAX - (unsigned)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

bool cg_parse_leaf_name(const char *name, pid_t *pid, unsigned long long *start)
{
	const char *dot = strchr(name, '.');
	unsigned long long p;

	if (!dot || !parse_dec(name, (size_t)(dot - name), &p) || p == 0 || p > INT_MAX)
		return false;
	if (!parse_dec(dot + 1, strlen(dot + 1), start))
		return false;
	*pid = (pid_t)p;
	return true;
}

int cg_open_mount(const char *mount, bool v2, struct ss_error *err)
{
	cleanup_close int fd = -1;
	struct statfs sf;

	if (!mount || mount[0] != '/')
		return ss_fail(err, EINVAL, "cgroup mount point '%s' is not an absolute path", mount ? mount : "");
	fd = open(mount, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return ss_fail(err, errno, "cgroup: open %s: %s", mount, strerror(errno));
	if (fstatfs(fd, &sf) < 0)
		return ss_fail(err, errno, "cgroup: statfs %s: %s", mount, strerror(errno));
	/* a tmpfs mounted over the hierarchy since detection would take every limit without effect */
	if (!cg_test.fake_fs && sf.f_type != (v2 ? CGROUP2_SUPER_MAGIC : CGROUP_SUPER_MAGIC))
		return ss_fail(err, EXDEV, "cgroup: %s is not a cgroup%s file system", mount, v2 ? "2" : " (v1)");
	return ss_steal_fd(&fd);
}

int cg_mkdirat(int dirfd, const char *name, mode_t mode, int ctrl)
{
	int r = hook(CG_HOOK_MKDIR_BEFORE, dirfd, name, ctrl);

	if (r)
		return -r;
	if (mkdirat(dirfd, name, mode) < 0)
		return -errno;
	r = hook(CG_HOOK_MKDIR_AFTER, dirfd, name, ctrl);
	return r ? -r : 0;
}

int cg_rmdirat(int dirfd, const char *name, int ctrl)
{
	int r = hook(CG_HOOK_RMDIR_BEFORE, dirfd, name, ctrl);

	if (r)
		return -r;
	return unlinkat(dirfd, name, AT_REMOVEDIR) < 0 ? -errno : 0;
}

int cg_open_dir(int dirfd, const char *name, int extra_flags)
{
	int fd = openat(dirfd, name, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | extra_flags);

	return fd < 0 ? -errno : fd;
}

int cg_read_at(int dirfd, const char *name, char *buf, size_t bufsz)
{
	cleanup_close int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	size_t used = 0;

	if (fd < 0)
		return -errno;
	if (bufsz == 0 || bufsz > INT_MAX)
		return -EINVAL;
	while (used < bufsz - 1) {
		ssize_t n = read(fd, buf + used, bufsz - 1 - used);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	return (int)used;
}

int cg_write_at(int dirfd, const char *name, const char *value)
{
	int fd, r = hook(CG_HOOK_WRITE_BEFORE, dirfd, name, -1);
	size_t len = strlen(value);
	ssize_t n;

	if (r)
		return -r;
	if ((fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -errno;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO; /* cgroupfs takes a value whole or not at all */
	if (close(fd) < 0 && r == 0 && errno != EINTR)
		r = -errno;
	return r;
}

void cg_fmt_limit(char *buf, size_t sz, unsigned long long v, const char *max_word)
{
	if (v == SS_LIMIT_MAX)
		snprintf(buf, sz, "%s", max_word);
	else
		snprintf(buf, sz, "%llu", v);
}

bool cg_parse_ull(const char *s, unsigned long long *out)
{
	size_t n = strspn(s, "0123456789");
	unsigned long long v = 0;

	if (n == 0 || s[strspn(s + n, " \t\n") + n] != '\0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (v > (ULLONG_MAX - (unsigned)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

bool cg_keyed_value(const char *text, const char *key, unsigned long long *out)
{
	size_t klen = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char num[32];
		size_t n;

		if (strncmp(l, key, klen) != 0 || l[klen] != ' ')
			continue;
		n = strcspn(l + klen + 1, "\n");
		if (n >= sizeof(num))
			return false;
		memcpy(num, l + klen + 1, n);
		num[n] = '\0';
		return cg_parse_ull(num, out);
	}
	return false;
}

bool cg_limits_cpu(const struct ss_limits *lim)
{
	return lim->cpu_weight_set || lim->cpu_max_set;
}

bool cg_limits_any(const struct ss_limits *lim)
{
	return lim->memory_set || lim->memory_swap_set || lim->memory_high_set || lim->pids_set || cg_limits_cpu(lim);
}

unsigned long long cg_memsw_value(const struct ss_limits *lim)
{
	unsigned long long mem = lim->memory_set ? lim->memory : SS_LIMIT_MAX;

	if (mem == SS_LIMIT_MAX || lim->memory_swap == SS_LIMIT_MAX || mem > SS_LIMIT_MAX - lim->memory_swap)
		return SS_LIMIT_MAX;
	return mem + lim->memory_swap;
}

unsigned long long cg_v1_shares(unsigned weight)
{
	unsigned long long s = (unsigned long long)weight * 1024 / 100;

	return s < 2 ? 2 : s;
}

unsigned long long cg_cpu_period(const struct ss_limits *lim)
{
	return lim->cpu_max_period ? lim->cpu_max_period : 100000;
}

int cg_proc_starttime(pid_t pid, unsigned long long *starttime, struct ss_error *err)
{
	char path[32], buf[1024], *p;
	int n;

	if (pid <= 0)
		return ss_fail(err, EINVAL, "cgroup: invalid pid %d", (int)pid);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	n = cg_read_at(AT_FDCWD, path, buf, sizeof(buf));
	if (n < 0)
		return ss_fail(err, -n, "%s: %s", path, strerror(-n));
	/* comm (field 2) may hold spaces and ')': the fields resume after the last ')' */
	p = strrchr(buf, ')');
	if (!p)
		return ss_fail(err, EINVAL, "%s: unexpected format", path);
	p++;
	for (int field = 3; field <= 22; field++) {
		char *end;

		while (*p == ' ')
			p++;
		if (field == 22) {
			end = p + strcspn(p, " \n");
			if (end == p)
				break;
			*end = '\0';
			if (!cg_parse_ull(p, starttime))
				break;
			return 0;
		}
		p += strcspn(p, " \n");
	}
	return ss_fail(err, EINVAL, "%s: no start time (field 22)", path);
}

const char *cg_layout_name(enum cg_layout l)
{
	switch (l) {
	case CG_LAYOUT_NONE:
		return "none";
	case CG_LAYOUT_V1:
		return "v1";
	case CG_LAYOUT_HYBRID:
		return "hybrid";
	case CG_LAYOUT_V2:
		return "v2";
	}
	return "?";
}

/* --print: "(2G)" after byte counts that are a whole number of k/M/G/T */
static void print_limit(FILE *out, const char *file, unsigned long long v, bool bytes, const char *max_word,
			const char *note)
{
	static const char units[] = "kMGT";
	char val[32], human[32] = "";

	cg_fmt_limit(val, sizeof(val), v, max_word);
	if (bytes && v != SS_LIMIT_MAX && v >= 1024 && v % 1024 == 0) {
		unsigned long long x = v / 1024;
		int u = 0;

		while (u < 3 && x % 1024 == 0 && x >= 1024) {
			x /= 1024;
			u++;
		}
		snprintf(human, sizeof(human), " (%llu%c)", x, units[u]);
	}
	fprintf(out, "cgroup     %s %s%s%s%s\n", file, val, human, note ? " " : "", note ? note : "");
}

static void print_node(FILE *out, const char *mount, const char *parent, const char *alias, const char *what)
{
	if (mount[0])
		fprintf(out, "cgroup     node %s/%s/%s (%s)\n", mount, parent, alias, what);
	else
		fprintf(out, "cgroup     node none (%s: not mounted)\n", what);
}

void cg_print(const struct cg_host *h, const char *parent, const char *alias, const struct ss_limits *lim, FILE *out)
{
	/* v1 file names only where v1 would be used */
	bool v2 = h->layout == CG_LAYOUT_V2 || h->layout == CG_LAYOUT_NONE;
	const char *mem_max = v2 ? "max" : "-1"; /* v1 memory files spell "no limit" -1 */
	char quota[32];

	parent = parent ? parent : "?";
	alias = alias ? alias : "?";
	switch (h->layout) {
	case CG_LAYOUT_V2:
		fprintf(out, "cgroup     layout v2 (%s)\n", h->v2_mount);
		print_node(out, h->v2_mount, parent, alias, "one leaf per session below");
		break;
	case CG_LAYOUT_HYBRID:
	case CG_LAYOUT_V1:
		if (h->layout == CG_LAYOUT_HYBRID)
			fprintf(out, "cgroup     layout hybrid (v1 controllers; cgroup2 at %s without memory+pids)\n",
				h->v2_mount);
		else
			fprintf(out, "cgroup     layout v1\n");
		print_node(out, h->v1_mount[CG_MEMORY], parent, alias, "memory");
		print_node(out, h->v1_mount[CG_PIDS], parent, alias, "pids");
		if (cg_limits_cpu(lim))
			print_node(out, h->v1_mount[CG_CPU], parent, alias, "cpu");
		break;
	case CG_LAYOUT_NONE:
		fprintf(out, "cgroup     layout none (no cgroup2 with memory+pids, no v1 memory or pids hierarchy)\n");
		if (cg_limits_any(lim))
			fprintf(out,
				"cgroup     the limits below cannot be applied here: the session would be refused\n");
		break;
	}
	if (!cg_limits_any(lim)) {
		fprintf(out, "cgroup     limits none\n");
		return;
	}
	if (lim->memory_set)
		print_limit(out, v2 ? "memory.max" : "memory.limit_in_bytes", lim->memory, true, mem_max, NULL);
	if (lim->memory_swap_set) {
		if (v2)
			print_limit(out, "memory.swap.max", lim->memory_swap, true, "max", NULL);
		else
			print_limit(out, "memory.memsw.limit_in_bytes", cg_memsw_value(lim), true, "-1",
				    "[if swap accounting is on]");
	}
	if (lim->memory_high_set)
		print_limit(out, "memory.high", lim->memory_high, true, "max",
			    v2 || lim->memory_high == SS_LIMIT_MAX ? NULL : "[cgroup v2 only: refused here]");
	if (lim->pids_set)
		print_limit(out, "pids.max", lim->pids, false, "max", NULL);
	if (lim->cpu_weight_set) {
		if (v2)
			print_limit(out, "cpu.weight", lim->cpu_weight, false, "max", NULL);
		else
			print_limit(out, "cpu.shares", cg_v1_shares(lim->cpu_weight), false, "max", NULL);
	}
	if (lim->cpu_max_set) {
		cg_fmt_limit(quota, sizeof(quota), lim->cpu_max_quota, v2 ? "max" : "-1");
		if (v2) {
			fprintf(out, "cgroup     cpu.max %s %llu\n", quota, cg_cpu_period(lim));
		} else {
			fprintf(out, "cgroup     cpu.cfs_period_us %llu\n", cg_cpu_period(lim));
			fprintf(out, "cgroup     cpu.cfs_quota_us %s\n", quota);
		}
	}
}
