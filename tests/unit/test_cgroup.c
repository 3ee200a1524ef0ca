/* SPDX-License-Identifier: ISC */
/*
 * cgroup/: layout detection on recorded inputs (tests/unit/cgroup-fixtures), then cg_session_* on a
 * fake tree in a temporary directory (the test hook plays cgroupfs: it fills each new directory with
 * interface files and empties it before rmdir), then, as root on a host with v1 memory and pids,
 * one real session: limits read back, a forked child joining (also as uid 10000 in a user
 * namespace), and everything gone after close.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../cgroup/cgroup-internal.h"
#include "tap.h"

#define MiB	 (1024ULL * 1024)
#define DEAD_PID 4194305 /* 2^22 + 1: above the largest pid_max, never a live process */

/* ---- small helpers ---- */

static const char *pth(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *pth(const char *fmt, ...)
{
	static char ring[8][1024];
	static unsigned i;
	char *b = ring[i++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(ring[0]), fmt, ap);
	va_end(ap);
	return b;
}

/* whole file, or NULL; caller frees */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, used = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t n;

		if (used + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = used + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + used, 1, cap - used - 1, f);
		used += n;
		if (n == 0)
			break;
	}
	fclose(f);
	buf[used] = '\0';
	return buf;
}

/* file content without trailing newline, "<missing>" if unreadable */
static const char *content(const char *path)
{
	static char ring[4][256];
	static unsigned i;
	char *b = ring[i++ % 4];
	char *s = slurp(path);

	if (!s)
		return "<missing>";
	snprintf(b, sizeof(ring[0]), "%s", s);
	b[strcspn(b, "\n")] = '\0';
	free(s);
	return b;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void rm_rf(const char *dir)
{
	(void)nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

static unsigned long long own_start(pid_t pid)
{
	char *s = slurp(pth("/proc/%d/stat", (int)pid));
	unsigned long long v = 0;
	char *p = s ? strrchr(s, ')') : NULL;

	/* independent of the module's parser: field 22 is the 20th after the comm */
	for (int f = 3; p && f <= 22; f++) {
		p = strchr(p, ' ');
		if (p && f == 22)
			v = strtoull(p + 1, NULL, 10);
		else if (p)
			p++;
	}
	free(s);
	return v;
}

/* ---- detection on recorded inputs ---- */

static const char *fixdir(void)
{
	static char dir[512];
	const char *env = getenv("CG_FIXTURES");
	const char *slash = strrchr(__FILE__, '/');

	if (env)
		return env;
	snprintf(dir, sizeof(dir), "%.*scgroup-fixtures", slash ? (int)(slash - __FILE__ + 1) : 0, __FILE__);
	return dir;
}

static int detect_fixture(const char *name, struct cg_host *h, struct ss_error *err)
{
	char *mi = slurp(pth("%s/%s/mountinfo", fixdir(), name));
	char *self = slurp(pth("%s/%s/cgroup", fixdir(), name));
	char *ctl = slurp(pth("%s/%s/cgroup.controllers", fixdir(), name));
	int r;

	if (!mi || !self) {
		printf("# fixture %s/%s is missing\n", fixdir(), name);
		r = -ENOENT;
	} else {
		r = cg_detect_parse(mi, self, ctl, h, err);
	}
	free(mi);
	free(self);
	free(ctl);
	return r;
}

static void test_detect_fixtures(void)
{
	const unsigned mp = CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS);
	struct ss_error err = { 0 };
	struct cg_host h;

	is_int(detect_fixture("hybrid", &h, &err), 0, "hybrid: parsed");
	is_str(cg_layout_name(h.layout), "hybrid", "hybrid: layout");
	is_str(h.v2_mount, "/sys/fs/cgroup/unified", "hybrid: cgroup2 mount");
	is_uint(h.v2_controllers, 0, "hybrid: unified has none of memory/pids/cpu (only hugetlb)");
	is_str(h.v1_mount[CG_MEMORY], "/sys/fs/cgroup/memory", "hybrid: v1 memory");
	is_str(h.v1_mount[CG_PIDS], "/sys/fs/cgroup/pids", "hybrid: v1 pids");
	is_str(h.v1_mount[CG_CPU], "/sys/fs/cgroup/cpu", "hybrid: v1 cpu (not cpuacct, not cpuset)");
	ok(strncmp(h.self_v1[CG_MEMORY], "/process_api/", 13) == 0, "hybrid: own memory cgroup '%s'",
	   h.self_v1[CG_MEMORY]);
	is_str(h.self_v1[CG_PIDS], "/", "hybrid: own pids cgroup");
	is_str(h.self_v2, "/", "hybrid: own unified cgroup");

	is_int(detect_fixture("v2", &h, &err), 0, "v2: parsed");
	is_str(cg_layout_name(h.layout), "v2", "v2: layout");
	is_str(h.v2_mount, "/sys/fs/cgroup", "v2: mount");
	is_uint(h.v2_controllers, mp | CG_BIT(CG_CPU), "v2: memory, pids and cpu available");
	ok(!h.v1_mount[CG_MEMORY][0] && !h.v1_mount[CG_PIDS][0] && !h.v1_mount[CG_CPU][0], "v2: no v1 hierarchy");
	is_str(h.self_v2, "/user.slice/user-1000.slice/session-3.scope", "v2: own cgroup");

	is_int(detect_fixture("v1", &h, &err), 0, "v1: parsed");
	is_str(cg_layout_name(h.layout), "v1", "v1: layout");
	is_str(h.v2_mount, "", "v1: no cgroup2");
	is_str(h.v1_mount[CG_MEMORY], "/sys/fs/cgroup/memory", "v1: memory");
	is_str(h.v1_mount[CG_PIDS], "/sys/fs/cgroup/pids", "v1: pids");
	is_str(h.v1_mount[CG_CPU], "/sys/fs/cgroup/cpu,cpuacct", "v1: cpu from the combined cpu,cpuacct mount");
	is_str(h.self_v1[CG_CPU], "/user.slice", "v1: own cpu cgroup from the cpu,cpuacct line");
	is_str(h.self_v1[CG_MEMORY], "/user.slice/user-1000.slice/session-2.scope", "v1: own memory cgroup");

	is_int(detect_fixture("v2-nomemory", &h, &err), 0, "v2 without memory: parsed");
	is_str(cg_layout_name(h.layout), "none", "v2 without memory: no usable layout");
	is_str(h.v2_mount, "/sys/fs/cgroup", "v2 without memory: mount still reported (for --doctor)");
	is_uint(h.v2_controllers, CG_BIT(CG_PIDS) | CG_BIT(CG_CPU), "v2 without memory: pids and cpu only");

	is_int(detect_fixture("none", &h, &err), 0, "none: parsed");
	is_str(cg_layout_name(h.layout), "none", "none: layout");
	ok(!h.v2_mount[0] && !h.v1_mount[CG_MEMORY][0] && !h.v1_mount[CG_PIDS][0], "none: no mounts");
}

static void test_detect_inline(void)
{
	struct ss_error err = { 0 };
	struct cg_host h;
	char longmi[1024];
	int r;

	/* the unified mount of a hybrid host carrying memory and pids (cgroup_no_v1=memory,pids) */
	r = cg_detect_parse("1 0 0:1 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
			    "2 0 0:2 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n",
			    "0::/\n", "memory pids\n", &h, &err);
	ok(r == 0 && h.layout == CG_LAYOUT_V2 && strcmp(h.v2_mount, "/sys/fs/cgroup/unified") == 0,
	   "cgroup2 with memory+pids wins over v1 controllers");
	/* controllers unreadable: the cgroup2 mount counts as having none */
	r = cg_detect_parse("1 0 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "", NULL, &h, &err);
	ok(r == 0 && h.layout == CG_LAYOUT_NONE && h.v2_controllers == 0, "cgroup2 with unreadable controllers: none");
	/* a bind mount of a sub-cgroup first, the real root second; optional fields; escapes */
	r = cg_detect_parse("7 1 0:9 /sub /mnt/sub rw shared:3 master:1 - cgroup2 cgroup2 rw\n"
			    "8 1 0:9 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"
			    "9 1 0:10 / /cg/my\\040mem rw - cgroup cgroup rw,memory\n"
			    "10 1 0:11 / /cg/cpuset rw - cgroup cgroup rw,cpuset\n"
			    "11 1 0:12 / /cg/memory,pids rw - cgroup cgroup rw,memory,pids\n",
			    NULL, "memory\n", &h, &err);
	ok(r == 0 && strcmp(h.v2_mount, "/sys/fs/cgroup") == 0, "cgroup2: the mount of the root is preferred");
	is_str(h.v1_mount[CG_MEMORY], "/cg/my mem", "\\040 in a mount point is unescaped; first memory mount kept");
	is_str(h.v1_mount[CG_PIDS], "/cg/memory,pids", "co-mounted memory,pids serves pids");
	is_str(h.v1_mount[CG_CPU], "", "cpuset is not cpu");
	is_str(cg_layout_name(h.layout), "hybrid", "v1 memory + cgroup2 without pids: hybrid");
	/* malformed line */
	r = cg_detect_parse("1 0 0:1 / /x rw cgroup2 cgroup2 rw\n", "", NULL, &h, &err);
	ok(r == -EINVAL && strstr(err.msg, "line 1"), "mountinfo without ' - ' is an error: %s", err.msg);
	r = cg_detect_parse(NULL, "", NULL, &h, &err);
	is_int(r, -EINVAL, "no mountinfo");
	/* a mount point that does not fit cg_host is not used */
	snprintf(longmi, sizeof(longmi), "1 0 0:1 / /%0300d rw - cgroup cgroup rw,memory\n", 0);
	r = cg_detect_parse(longmi, "", NULL, &h, &err);
	ok(r == 0 && h.layout == CG_LAYOUT_NONE && !h.v1_mount[CG_MEMORY][0], "overlong mount point ignored");
	/* self cgroup paths may contain ':' */
	r = cg_detect_parse("", "0::/a:b\n3:memory:/m:n\n", NULL, &h, &err);
	ok(r == 0 && strcmp(h.self_v2, "/a:b") == 0 && strcmp(h.self_v1[CG_MEMORY], "/m:n") == 0,
	   "own cgroup paths with ':'");
}

static void test_helpers(void)
{
	struct ss_error err = { 0 };
	unsigned long long v = 0;
	pid_t pid = 0;

	ok(cg_valid_relpath("secure_shell") && cg_valid_relpath("a/b.c/d@e-f_1"), "valid parents");
	ok(!cg_valid_relpath("") && !cg_valid_relpath("/abs") && !cg_valid_relpath("a/") && !cg_valid_relpath("a//b") &&
		   !cg_valid_relpath("a/../b") && !cg_valid_relpath("..") && !cg_valid_relpath("a/./b") &&
		   !cg_valid_relpath("a b") && !cg_valid_relpath(NULL),
	   "invalid parents rejected");
	ok(cg_valid_component("alice") && !cg_valid_component("a/b") && !cg_valid_component(".") &&
		   !cg_valid_component(""),
	   "components");
	ok(cg_parse_leaf_name("123.456", &pid, &v) && pid == 123 && v == 456, "leaf name parsed");
	ok(!cg_parse_leaf_name("0.5", &pid, &v) && !cg_parse_leaf_name("012.5", &pid, &v) &&
		   !cg_parse_leaf_name("12.05", &pid, &v) && !cg_parse_leaf_name("1.2.3", &pid, &v) &&
		   !cg_parse_leaf_name("12", &pid, &v) && !cg_parse_leaf_name("a.1", &pid, &v) &&
		   !cg_parse_leaf_name("99999999999.1", &pid, &v) && !cg_parse_leaf_name("1.", &pid, &v),
	   "non-leaf names rejected");
	is_int(cg_proc_starttime(getpid(), &v, &err), 0, "own start time");
	is_uint(v, own_start(getpid()), "start time agrees with an independent parse");
	is_int(cg_proc_starttime(DEAD_PID, &v, &err), -ENOENT, "start time of a pid that cannot exist");
	ok(cg_keyed_value("low 0\nhigh 0\noom 1\noom_kill 3\noom_group_kill 0\n", "oom_kill", &v) && v == 3,
	   "keyed value");
	ok(!cg_keyed_value("oom_kill_disable 0\n", "oom_kill", &v), "keyed value needs the exact key");
	is_uint(cg_v1_shares(100), 1024, "weight 100 = 1024 shares");
	is_uint(cg_v1_shares(1), 10, "weight 1 = 10 shares");
	is_uint(cg_v1_shares(0), 2, "shares at least 2");
	{
		struct ss_limits l = { .memory_set = true, .memory = 64 * MiB, .memory_swap = 0 };

		is_uint(cg_memsw_value(&l), 64 * MiB, "memsw = memory + 0");
		l.memory_swap = SS_LIMIT_MAX;
		is_uint(cg_memsw_value(&l), SS_LIMIT_MAX, "memsw with unlimited swap");
		l.memory_swap = SS_LIMIT_MAX - 1;
		is_uint(cg_memsw_value(&l), SS_LIMIT_MAX, "memsw saturates");
	}
}

/* ---- the fake tree ---- */

static struct fake {
	char root[128];
	bool no_memsw, no_swap; /* swap accounting off */
	bool flat;		/* v1 memory.use_hierarchy reads 0 (set to 1: EBUSY while a child exists) */
	const char *omit;	/* an interface file not to create */
	const char *busy;	/* rmdir of this name fails EBUSY ... */
	int busy_left;		/* ... this many times (-1: always) */
	int vanish_left;	/* the alias node is removed before this many leaf mkdirs */
	int leaf_mkdirs, rmdirs;
} fake;

static void fake_file(int dfd, const char *name, const char *text)
{
	int fd;

	if (fake.omit && strcmp(name, fake.omit) == 0)
		return;
	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) < 0 || close(fd) < 0) {
		printf("Bail out! fake file %s\n", name);
		exit(1);
	}
}

/* Files the module writes start empty: cg_write_at does not truncate (cgroupfs needs no
 * O_TRUNC), so what a test reads back is exactly what was written. */
static void populate(int dfd, int ctrl)
{
	if (ctrl < 0) {
		fake_file(dfd, "cgroup.procs", "");
		fake_file(dfd, "cgroup.subtree_control", "\n");
		fake_file(dfd, "memory.max", "");
		if (!fake.no_swap)
			fake_file(dfd, "memory.swap.max", "");
		fake_file(dfd, "memory.high", "");
		fake_file(dfd, "memory.peak", "4096\n");
		fake_file(dfd, "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n");
		fake_file(dfd, "pids.max", "");
		fake_file(dfd, "pids.peak", "7\n");
		fake_file(dfd, "cpu.weight", "");
		fake_file(dfd, "cpu.max", "");
		return;
	}
	fake_file(dfd, "tasks", "");
	fake_file(dfd, "cgroup.procs", "");
	if (ctrl == CG_MEMORY) {
		fake_file(dfd, "memory.limit_in_bytes", "");
		if (!fake.no_memsw)
			fake_file(dfd, "memory.memsw.limit_in_bytes", "");
		fake_file(dfd, "memory.max_usage_in_bytes", "12345\n");
		fake_file(dfd, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
		fake_file(dfd, "memory.use_hierarchy", fake.flat ? "0\n" : "1\n");
	}
	if (ctrl == CG_PIDS)
		fake_file(dfd, "pids.max", "");
	if (ctrl == CG_CPU) {
		fake_file(dfd, "cpu.shares", "");
		fake_file(dfd, "cpu.cfs_period_us", "");
		fake_file(dfd, "cpu.cfs_quota_us", "");
	}
}

static bool always_hierarchical_kernel(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	return uname(&u) == 0 && sscanf(u.release, "%u.%u", &major, &minor) == 2 &&
	       (major > 5 || (major == 5 && minor >= 11));
}

static bool has_subdir(int dirfd)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	bool found = false;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return true; /* cannot tell: as busy */
	}
	while (!found && (e = readdir(d)))
		found = e->d_type == DT_DIR && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return found;
}

/* Empty a directory of its files, as rmdir on cgroupfs would; false if it has subdirectories. */
static bool depopulate(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *e;
	bool subdirs;
	DIR *d;

	if (fd < 0)
		return true;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return true;
	}
	subdirs = has_subdir(fd);
	while (!subdirs && (e = readdir(d)))
		if (e->d_type == DT_REG)
			(void)unlinkat(fd, e->d_name, 0);
	closedir(d);
	return !subdirs;
}

static int fake_hook(enum cg_hook_op op, int dirfd, const char *name, int ctrl, void *arg)
{
	pid_t pid;
	unsigned long long start;
	(void)arg;

	switch (op) {
	case CG_HOOK_MKDIR_BEFORE:
		if (!cg_parse_leaf_name(name, &pid, &start))
			return 0;
		fake.leaf_mkdirs++;
		if (fake.vanish_left > 0) {
			/* another session's close removed the alias node just now */
			char self[64], alias[PATH_MAX];
			ssize_t n;

			fake.vanish_left--;
			snprintf(self, sizeof(self), "/proc/self/fd/%d", dirfd);
			n = readlink(self, alias, sizeof(alias) - 1);
			if (n > 0) {
				alias[n] = '\0';
				if (depopulate(AT_FDCWD, alias))
					(void)rmdir(alias);
			}
		}
		return 0;
	case CG_HOOK_MKDIR_AFTER: {
		int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd >= 0) {
			populate(fd, ctrl);
			close(fd);
		}
		return 0;
	}
	case CG_HOOK_WRITE_BEFORE:
		/* as the kernel: memory.use_hierarchy cannot change while the cgroup has children */
		return strcmp(name, "memory.use_hierarchy") || !has_subdir(dirfd) ? 0 : EBUSY;
	case CG_HOOK_RMDIR_BEFORE:
		fake.rmdirs++;
		if (fake.busy && strcmp(name, fake.busy) == 0 && fake.busy_left != 0) {
			if (fake.busy_left > 0)
				fake.busy_left--;
			return EBUSY;
		}
		(void)depopulate(dirfd, name);
		return 0;
	}
	return 0;
}

static void fake_reset(void)
{
	char root[sizeof(fake.root)];

	snprintf(root, sizeof(root), "%s", fake.root);
	memset(&fake, 0, sizeof(fake));
	snprintf(fake.root, sizeof(fake.root), "%s", root);
	rm_rf(fake.root);
	if (mkdir(fake.root, 0755) < 0 || mkdir(pth("%s/memory", root), 0755) < 0 ||
	    mkdir(pth("%s/pids", root), 0755) < 0 || mkdir(pth("%s/cpu", root), 0755) < 0 ||
	    mkdir(pth("%s/v2", root), 0755) < 0) {
		printf("Bail out! cannot make the fake tree under %s\n", root);
		exit(1);
	}
	put(pth("%s/v2/cgroup.subtree_control", root), "\n");
	put(pth("%s/v2/cgroup.procs", root), "");
}

static void fake_host_v1(struct cg_host *h)
{
	memset(h, 0, sizeof(*h));
	h->layout = CG_LAYOUT_V1;
	snprintf(h->v1_mount[CG_MEMORY], sizeof(h->v1_mount[0]), "%s/memory", fake.root);
	snprintf(h->v1_mount[CG_PIDS], sizeof(h->v1_mount[0]), "%s/pids", fake.root);
	snprintf(h->v1_mount[CG_CPU], sizeof(h->v1_mount[0]), "%s/cpu", fake.root);
}

static void fake_host_v2(struct cg_host *h)
{
	memset(h, 0, sizeof(*h));
	h->layout = CG_LAYOUT_V2;
	snprintf(h->v2_mount, sizeof(h->v2_mount), "%s/v2", fake.root);
	h->v2_controllers = CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) | CG_BIT(CG_CPU);
}

static const struct ss_limits lim_all = {
	.memory_set = true,
	.memory_swap_set = true,
	.pids_set = true,
	.cpu_weight_set = true,
	.cpu_max_set = true,
	.memory = 64 * MiB,
	.memory_swap = 0,
	.pids = 16,
	.cpu_weight = 50,
	.cpu_max_quota = 50000,
	.cpu_max_period = 100000,
};

static void test_v1_session(void)
{
	const char *R = fake.root;
	pid_t me = getpid();
	unsigned long long start = own_start(me);
	struct ss_error err = { 0 };
	struct cg_stats st;
	struct cg_session s;
	struct cg_host h;
	char leaf[48];
	int r;

	fake_reset();
	fake_host_v1(&h);
	snprintf(leaf, sizeof(leaf), "%d.%llu", (int)me, start);
	r = cg_session_open(&h, "ss/sub", "alice", &lim_all, me, start, &s, &err);
	if (!is_int(r, 0, "v1: open"))
		note("%s", err.msg);
	is_str(s.leaf_name, leaf, "v1: leaf is <monitor>.<starttime>");
	is_str(s.rel[CG_MEMORY], "ss/sub/alice", "v1: rel of memory");
	is_str(s.mount[CG_PIDS], pth("%s/pids", R), "v1: mount of pids");
	is_str(content(pth("%s/memory/ss/sub/alice/memory.limit_in_bytes", R)), "67108864", "v1: memory limit");
	is_str(content(pth("%s/memory/ss/sub/alice/memory.memsw.limit_in_bytes", R)), "67108864",
	       "v1: memsw = memory + 0 swap");
	is_str(content(pth("%s/pids/ss/sub/alice/pids.max", R)), "16", "v1: pids.max");
	is_str(content(pth("%s/cpu/ss/sub/alice/cpu.shares", R)), "512", "v1: cpu.shares = 50*1024/100");
	is_str(content(pth("%s/cpu/ss/sub/alice/cpu.cfs_period_us", R)), "100000", "v1: cfs period");
	is_str(content(pth("%s/cpu/ss/sub/alice/cpu.cfs_quota_us", R)), "50000", "v1: cfs quota");
	ok(exists(pth("%s/memory/ss/sub/alice/%s", R, leaf)) && exists(pth("%s/pids/ss/sub/alice/%s", R, leaf)) &&
		   exists(pth("%s/cpu/ss/sub/alice/%s", R, leaf)),
	   "v1: leaf in each hierarchy");
	ok(s.join_fd[CG_MEMORY] >= 0 && s.join_fd[CG_PIDS] >= 0 && s.join_fd[CG_CPU] >= 0 && s.nfd == 3 &&
		   s.v2_leaf_fd == -1 && !s.v2,
	   "v1: three tasks fds");
	ok(s.join_fd[CG_MEMORY] >= 0 && (fcntl(s.join_fd[CG_MEMORY], F_GETFD) & FD_CLOEXEC), "v1: fds are O_CLOEXEC");
	is_int(cg_session_join(&s, &err), 0, "v1: join");
	is_str(content(pth("%s/memory/ss/sub/alice/%s/tasks", R, leaf)), "0", "v1: \"0\" written to memory tasks");
	is_str(content(pth("%s/cpu/ss/sub/alice/%s/tasks", R, leaf)), "0", "v1: \"0\" written to cpu tasks");
	r = cg_session_close(&s, &st, &err);
	if (!is_int(r, 0, "v1: close"))
		note("%s", err.msg);
	ok(st.have_peak && st.memory_peak == 12345, "v1: peak from memory.max_usage_in_bytes");
	ok(st.have_oom && st.oom_kills == 2, "v1: oom kills from memory.oom_control");
	ok(!st.have_pids_peak, "v1: no pids peak");
	ok(!exists(pth("%s/memory/ss/sub/alice", R)) && !exists(pth("%s/pids/ss/sub/alice", R)) &&
		   !exists(pth("%s/cpu/ss/sub/alice", R)),
	   "v1: leaf and alias node removed in every hierarchy");
	ok(exists(pth("%s/memory/ss/sub", R)), "v1: the parent stays");
	ok(s.join_fd[CG_MEMORY] == -1 && s.nfd == 0, "v1: fds closed");
	is_int(cg_session_close(&s, &st, &err), 0, "v1: second close is a no-op");

	/* no cpu limits: no cpu node; no limits at all: memory and pids nodes still, for accounting */
	{
		struct ss_limits none = { 0 };

		r = cg_session_open(&h, "ss", "bob", &none, me, start, &s, &err);
		ok(r == 0 && exists(pth("%s/memory/ss/bob/%s", R, leaf)) && exists(pth("%s/pids/ss/bob/%s", R, leaf)) &&
			   !exists(pth("%s/cpu/ss/bob", R)) && s.nfd == 2,
		   "v1 without limits: memory and pids leaves, no cpu");
		is_str(content(pth("%s/memory/ss/bob/memory.limit_in_bytes", R)), "",
		       "v1 without limits: nothing written");
		is_int(cg_session_close(&s, NULL, &err), 0, "v1 without limits: close without stats");
	}
}

/* The sweep tests: a fresh fake v1 host with the pids hierarchy only (one hierarchy keeps it
 * simple) and alice's alias node already there, its path in A. */
static void sweep_host(struct cg_host *h, char *A, size_t n)
{
	fake_reset();
	fake_host_v1(h);
	h->v1_mount[CG_MEMORY][0] = '\0';
	snprintf(A, n, "%s/pids/ss/alice", fake.root);
	if (mkdir(pth("%s/pids/ss", fake.root), 0755) < 0 || mkdir(A, 0755) < 0)
		printf("Bail out! mkdir\n");
	put(pth("%s/pids.max", A), "");
	put(pth("%s/tasks", A), "");
}

static void test_sweep(void)
{
	pid_t me = getpid(), pp = getppid();
	unsigned long long start = own_start(me), pstart = own_start(pp);
	struct ss_limits lim = { .pids_set = true, .pids = 5 };
	char A[256];
	struct ss_error err = { 0 };
	struct cg_session s;
	struct cg_host h;
	char live[48], wrong[48], dead[48], busy[48], notdir[48];
	int r;

	sweep_host(&h, A, sizeof(A));
	snprintf(live, sizeof(live), "%d.%llu", (int)pp, pstart);
	snprintf(wrong, sizeof(wrong), "%d.%llu", (int)me, start + 1);
	snprintf(dead, sizeof(dead), "%d.1", DEAD_PID);
	snprintf(busy, sizeof(busy), "%d.2", DEAD_PID);
	snprintf(notdir, sizeof(notdir), "%d.3", DEAD_PID);
	{
		const char *dirs[] = { live, wrong, dead, busy, "notaleaf", "0123.5", "12.3.4", "42" };

		for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			if (mkdir(pth("%s/%s", A, dirs[i]), 0755) < 0)
				printf("Bail out! mkdir %s\n", dirs[i]);
			put(pth("%s/%s/tasks", A, dirs[i]), "");
		}
	}
	put(pth("%s/%s", A, notdir), "a file named like a leaf\n");
	fake.busy = busy;
	fake.busy_left = -1;
	r = cg_session_open(&h, "ss", "alice", &lim, me, start, &s, &err);
	if (!is_int(r, 0, "sweep: open"))
		note("%s", err.msg);
	ok(exists(pth("%s/%s", A, live)), "sweep: leaf of a live monitor kept");
	ok(!exists(pth("%s/%s", A, wrong)), "sweep: leaf whose pid now has another start time removed");
	ok(!exists(pth("%s/%s", A, dead)), "sweep: leaf of a dead monitor removed");
	ok(exists(pth("%s/%s", A, busy)), "sweep: EBUSY (still has processes) ignored, leaf kept");
	ok(exists(pth("%s/notaleaf", A)) && exists(pth("%s/0123.5", A)) && exists(pth("%s/12.3.4", A)) &&
		   exists(pth("%s/42", A)) && exists(pth("%s/%s", A, notdir)),
	   "sweep: names not of the pattern, and non-directories, untouched");
	ok(exists(pth("%s/%s", A, s.leaf_name)), "sweep: own leaf created");
	is_str(content(pth("%s/pids.max", A)), "5", "sweep: limit written");
	fake.busy = NULL;
	r = cg_session_close(&s, NULL, &err);
	ok(r == 0 && !exists(pth("%s/%s", A, s.leaf_name)) && exists(A), "sweep: close keeps a node with other leaves");
}

/* A login checks at most CG_SWEEP_MAX sibling leaves: O(1) per login; later logins get the rest. */
static void test_sweep_bounded(void)
{
	pid_t me = getpid();
	unsigned long long start = own_start(me);
	struct ss_limits lim = { .pids_set = true, .pids = 5 };
	struct ss_error err = { 0 };
	struct cg_session s;
	struct cg_host h;
	char A[256];
	int left[4], r = 0;

	sweep_host(&h, A, sizeof(A));
	for (int i = 0; i < 20; i++) {
		if (mkdir(pth("%s/%d.%d", A, DEAD_PID, 100 + i), 0755) < 0)
			printf("Bail out! mkdir leaf %d\n", i);
		put(pth("%s/%d.%d/tasks", A, DEAD_PID, 100 + i), "");
	}
	for (int round = 0; round < 4; round++) {
		int n = 0;

		r |= cg_session_open(&h, "ss", "alice", &lim, me, start, &s, &err);
		r |= cg_session_close(&s, NULL, &err);
		for (int i = 0; i < 20; i++)
			n += exists(pth("%s/%d.%d", A, DEAD_PID, 100 + i));
		left[round] = n;
	}
	is_int(r, 0, "bounded sweep: four logins open and close");
	is_int(left[0], 20 - CG_SWEEP_MAX, "bounded sweep: one login removes CG_SWEEP_MAX of 20 stale leaves");
	is_int(left[1], 20 - 2 * CG_SWEEP_MAX, "bounded sweep: the next login removes as many more");
	is_int(left[2], 0, "bounded sweep: the third login (4 left, all within its window) removes the rest");
	ok(left[3] == 0 && !exists(A), "bounded sweep: then the alias node goes with the last session");
}

static void test_retry_and_busy(void)
{
	const char *R = fake.root;
	pid_t me = getpid(), pp = getppid();
	unsigned long long start = own_start(me), pstart = own_start(pp);
	struct ss_error err = { 0 };
	struct cg_session s, s2;
	struct cg_host h;
	int r;

	/* a concurrent close removes the alias node between its mkdir and the leaf's */
	fake_reset();
	fake_host_v1(&h);
	fake.vanish_left = 1;
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	if (!is_int(r, 0, "retry: open succeeds after the alias node vanished once"))
		note("%s", err.msg);
	is_int(fake.leaf_mkdirs, 4, "retry: memory leaf tried twice, then pids and cpu once");
	is_str(content(pth("%s/memory/ss/alice/memory.limit_in_bytes", R)), "67108864",
	       "retry: limits written again in the new node");
	ok(exists(pth("%s/memory/ss/alice/%s", R, s.leaf_name)), "retry: leaf exists");
	is_int(cg_session_close(&s, NULL, &err), 0, "retry: close");

	fake_reset();
	fake_host_v1(&h);
	fake.vanish_left = 100;
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == -ENOENT && strstr(err.msg, "mkdir"), "retry: gives up after %d passes: %s", CG_OPEN_TRIES, err.msg);
	is_int(fake.leaf_mkdirs, CG_OPEN_TRIES, "retry: bounded");
	ok(s.nfd == 0 && s.join_fd[CG_MEMORY] == -1 && !exists(pth("%s/memory/ss/alice", R)),
	   "retry: nothing left open or behind");

	/* a leaf still emptying: rmdir retried while EBUSY */
	fake_reset();
	fake_host_v1(&h);
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	fake.busy = s.leaf_name;
	fake.busy_left = 3;
	fake.rmdirs = 0;
	r = cg_session_close(&s, NULL, &err);
	ok(r == 0 && !exists(pth("%s/memory/ss/alice", R)), "busy: leaf removed after 3 EBUSY");
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	fake.busy = s.leaf_name;
	fake.busy_left = -1;
	r = cg_session_close(&s, NULL, &err);
	ok(r == -EBUSY && strstr(err.msg, "still has processes"), "busy: gives up: %s", err.msg);
	ok(exists(pth("%s/memory/ss/alice/%s", R, s.leaf_name)), "busy: leaf left for the sweep");
	fake.busy = NULL;

	/* two sessions of one alias: the node goes with the last one */
	fake_reset();
	fake_host_v1(&h);
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	r |= cg_session_open(&h, "ss", "alice", &lim_all, pp, pstart, &s2, &err);
	is_int(r, 0, "two sessions: both open");
	is_int(cg_session_close(&s, NULL, &err), 0, "two sessions: first closes");
	ok(!exists(pth("%s/pids/ss/alice/%s", R, s.leaf_name)) && exists(pth("%s/pids/ss/alice/%s", R, s2.leaf_name)),
	   "two sessions: only the first leaf removed, the node stays");
	is_int(cg_session_close(&s2, NULL, &err), 0, "two sessions: second closes");
	ok(!exists(pth("%s/pids/ss/alice", R)) && !exists(pth("%s/memory/ss/alice", R)),
	   "two sessions: node removed with the last leaf");
}

static void test_fail_closed(void)
{
	const char *R = fake.root;
	pid_t me = getpid();
	unsigned long long start = own_start(me);
	struct ss_error err = { 0 };
	struct ss_limits l;
	struct cg_session s;
	struct cg_host h;
	int r;

	fake_reset();
	fake_host_v1(&h);
	fake.no_memsw = true;
	l = lim_all;
	l.memory_swap = 1024 * MiB;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == -EOPNOTSUPP && strstr(err.msg, "memory.memsw.limit_in_bytes"), "no memsw, swap 1G: refused: %s",
	   err.msg);
	ok(!exists(pth("%s/memory/ss/alice", R)), "refused: the new node is removed again");
	l.memory_swap = 0;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == 0 && strcmp(content(pth("%s/memory/ss/alice/memory.limit_in_bytes", R)), "67108864") == 0,
	   "no memsw, swap 0: accepted (memory limit only)");
	(void)!cg_session_close(&s, NULL, &err);

	/* memory.use_hierarchy 0 (v1 before Linux 5.11, no systemd): the alias node's limit would not
	 * hold the leaves below it */
	cg_test.pre_5_11 = true;
	fake_reset();
	fake_host_v1(&h);
	fake.flat = true;
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == 0 && !strcmp(content(pth("%s/memory/ss/alice/memory.use_hierarchy", R)), "1") &&
		   exists(pth("%s/memory/ss/alice/%s", R, s.leaf_name)),
	   "v1 use_hierarchy 0 (before 5.11): set to 1 on the new alias node, its leaf made below");
	(void)!cg_session_close(&s, NULL, &err);
	/* an alias node of before the upgrade, still 0, with a leaf below: a killed session's is
	 * swept and the switch made; a running session's leaves it stuck: refused */
	for (int live = 0; live < 2; live++) {
		pid_t pp = getppid();
		char leaf[64];
		int afd = -1;

		fake_reset();
		fake_host_v1(&h);
		fake.flat = true;
		if (live)
			snprintf(leaf, sizeof(leaf), "%d.%llu", (int)pp, own_start(pp));
		else
			snprintf(leaf, sizeof(leaf), "%d.1", DEAD_PID);
		if (mkdir(pth("%s/memory/ss", R), 0755) < 0 || mkdir(pth("%s/memory/ss/alice", R), 0755) < 0 ||
		    (afd = open(pth("%s/memory/ss/alice", R), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
		    mkdir(pth("%s/memory/ss/alice/%s", R, leaf), 0755) < 0) {
			printf("Bail out! the old alias node\n");
			exit(1);
		}
		populate(afd, CG_MEMORY);
		close(afd);
		put(pth("%s/memory/ss/alice/%s/tasks", R, leaf), "");
		r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
		if (!live) {
			ok(r == 0 && !exists(pth("%s/memory/ss/alice/%s", R, leaf)) &&
				   !strcmp(content(pth("%s/memory/ss/alice/memory.use_hierarchy", R)), "1"),
			   "v1 use_hierarchy 0 with a killed session's leaf below: swept, then set to 1");
			(void)!cg_session_close(&s, NULL, &err);
		} else {
			ok(r == -EBUSY && strstr(err.msg, "/ss/alice/memory.use_hierarchy is 0 and cannot be set to 1 "
							  "(sessions still run below it)"),
			   "v1 use_hierarchy 0 with a running session's leaf below: refused: %s", err.msg);
			ok(exists(pth("%s/memory/ss/alice/%s", R, leaf)), "... that session's leaf left alone");
		}
	}
	fake_reset();
	fake_host_v1(&h);
	fake.omit = "memory.use_hierarchy";
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == 0, "v1 without memory.use_hierarchy (always hierarchical): accepted");
	(void)!cg_session_close(&s, NULL, &err);
	cg_test.pre_5_11 = false;
	if (always_hierarchical_kernel()) {
		fake_reset();
		fake_host_v1(&h);
		fake.flat = true;
		r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
		ok(r == 0 && !strcmp(content(pth("%s/memory/ss/alice/memory.use_hierarchy", R)), "0"),
		   "v1 on Linux 5.11 or later: memory.use_hierarchy is not read (always 1 there)");
		(void)!cg_session_close(&s, NULL, &err);
	} else {
		ok(1, "v1 on Linux 5.11 or later: memory.use_hierarchy is not read # SKIP this kernel is older");
	}

	fake_reset();
	fake_host_v1(&h);
	fake.omit = "pids.max";
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == -ENOENT && strstr(err.msg, "/ss/alice/pids.max"), "missing limit file: refused, named: %s", err.msg);
	ok(!exists(pth("%s/pids/ss/alice", R)) && !exists(pth("%s/memory/ss/alice", R)),
	   "missing limit file: nothing left behind");

	fake_reset();
	fake_host_v1(&h);
	h.v1_mount[CG_PIDS][0] = '\0';
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == -EOPNOTSUPP && strstr(err.msg, "pids"), "pids limit without a pids hierarchy: %s", err.msg);
	ok(!exists(pth("%s/memory/ss", R)), "refused before touching anything");
	fake_host_v1(&h);
	l = lim_all;
	l.memory_high_set = true;
	l.memory_high = 32 * MiB;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == -EOPNOTSUPP && strstr(err.msg, "memory_high"), "memory_high on v1: %s", err.msg);
	h.layout = CG_LAYOUT_NONE;
	is_int(cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err), -EOPNOTSUPP, "layout none");
	fake_host_v1(&h);
	is_int(cg_session_open(&h, "../x", "alice", &lim_all, me, start, &s, &err), -EINVAL, "parent ../x");
	is_int(cg_session_open(&h, "/abs", "alice", &lim_all, me, start, &s, &err), -EINVAL, "parent /abs");
	is_int(cg_session_open(&h, "ss", "a/b", &lim_all, me, start, &s, &err), -EINVAL, "alias a/b");
	is_int(cg_session_open(&h, "ss", "..", &lim_all, me, start, &s, &err), -EINVAL, "alias ..");
	is_int(cg_session_open(&h, "ss", "alice", &lim_all, 0, start, &s, &err), -EINVAL, "monitor 0");
	ok(s.nfd == 0 && s.join_fd[0] == -1 && s.v2_leaf_fd == -1, "failed open leaves a closed session");
	/* a symlink where a component should be is not followed */
	if (symlink("/tmp", pth("%s/memory/lnk", R)) == 0) {
		r = cg_session_open(&h, "lnk", "alice", &lim_all, me, start, &s, &err);
		ok(r == -ENOTDIR || r == -ELOOP, "symlinked parent refused: %s", err.msg);
	}
	/* a mount point that is not cgroupfs */
	cg_test.fake_fs = false;
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == -EXDEV && strstr(err.msg, "not a cgroup"), "non-cgroupfs mount refused: %s", err.msg);
	cg_test.fake_fs = true;
}

static void test_v2_session(void)
{
	const char *R = fake.root;
	pid_t me = getpid();
	unsigned long long start = own_start(me);
	struct ss_error err = { 0 };
	struct ss_limits l;
	struct cg_stats st;
	struct cg_session s;
	struct cg_host h;
	int r;

	fake_reset();
	fake_host_v2(&h);
	l = lim_all;
	l.memory_high_set = true;
	l.memory_high = 48 * MiB;
	l.cpu_max_quota = SS_LIMIT_MAX;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	if (!is_int(r, 0, "v2: open"))
		note("%s", err.msg);
	is_str(content(pth("%s/v2/cgroup.subtree_control", R)), "+memory +pids +cpu", "v2: root enables controllers");
	is_str(content(pth("%s/v2/ss/cgroup.subtree_control", R)), "+memory +pids +cpu", "v2: parent enables");
	is_str(content(pth("%s/v2/ss/alice/cgroup.subtree_control", R)), "+memory +pids +cpu",
	       "v2: alias node enables (per-session accounting)");
	is_str(content(pth("%s/v2/ss/alice/memory.max", R)), "67108864", "v2: memory.max");
	is_str(content(pth("%s/v2/ss/alice/memory.swap.max", R)), "0", "v2: memory.swap.max");
	is_str(content(pth("%s/v2/ss/alice/memory.high", R)), "50331648", "v2: memory.high");
	is_str(content(pth("%s/v2/ss/alice/pids.max", R)), "16", "v2: pids.max");
	is_str(content(pth("%s/v2/ss/alice/cpu.weight", R)), "50", "v2: cpu.weight");
	is_str(content(pth("%s/v2/ss/alice/cpu.max", R)), "max 100000", "v2: cpu.max without quota");
	is_str(content(pth("%s/v2/ss/alice/%s/memory.max", R, s.leaf_name)), "", "v2: nothing written in the leaf");
	ok(s.v2 && s.nfd == 1 && s.join_fd[0] >= 0 && s.join_fd[CG_PIDS] == -1 && s.v2_leaf_fd >= 0,
	   "v2: leaf fd and cgroup.procs fd");
	ok(s.v2_leaf_fd >= 0 && (fcntl(s.v2_leaf_fd, F_GETFL) & O_PATH), "v2: leaf fd is O_PATH");
	is_int(cg_session_join(&s, &err), 0, "v2: join");
	is_str(content(pth("%s/v2/ss/alice/%s/cgroup.procs", R, s.leaf_name)), "0", "v2: \"0\" in cgroup.procs");
	r = cg_session_close(&s, &st, &err);
	if (!is_int(r, 0, "v2: close"))
		note("%s", err.msg);
	ok(st.have_peak && st.memory_peak == 4096 && st.have_oom && st.oom_kills == 1 && st.have_pids_peak &&
		   st.pids_peak == 7,
	   "v2: memory.peak, oom_kill, pids.peak");
	ok(!exists(pth("%s/v2/ss/alice", R)) && exists(pth("%s/v2/ss", R)), "v2: alias node gone, parent stays");

	/* controllers already enabled at the root are not written again; quota set */
	fake_reset();
	fake_host_v2(&h);
	put(pth("%s/v2/cgroup.subtree_control", R), "cpuset cpu io memory pids\n");
	l = lim_all;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == 0, "v2: open with controllers already on at the root");
	is_str(content(pth("%s/v2/cgroup.subtree_control", R)), "cpuset cpu io memory pids",
	       "v2: root's subtree_control untouched");
	is_str(content(pth("%s/v2/ss/alice/cpu.max", R)), "50000 100000", "v2: cpu.max quota period");
	(void)!cg_session_close(&s, NULL, &err);
	/* no cpu limits: +cpu not asked for */
	fake_reset();
	fake_host_v2(&h);
	l = lim_all;
	l.cpu_weight_set = l.cpu_max_set = false;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == 0 && strcmp(content(pth("%s/v2/ss/cgroup.subtree_control", R)), "+memory +pids") == 0,
	   "v2: only memory and pids without cpu limits");
	(void)!cg_session_close(&s, NULL, &err);

	/* swap accounting off */
	fake_reset();
	fake_host_v2(&h);
	fake.no_swap = true;
	l = lim_all;
	l.memory_swap = 8 * MiB;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == -EOPNOTSUPP && strstr(err.msg, "memory.swap.max"), "v2: no memory.swap.max, swap 8M: %s", err.msg);
	l.memory_swap = 0;
	r = cg_session_open(&h, "ss", "alice", &l, me, start, &s, &err);
	ok(r == 0, "v2: no memory.swap.max, swap 0: accepted");
	(void)!cg_session_close(&s, NULL, &err);

	fake_host_v2(&h);
	h.v2_controllers &= ~CG_BIT(CG_CPU);
	r = cg_session_open(&h, "ss", "alice", &lim_all, me, start, &s, &err);
	ok(r == -EOPNOTSUPP && strstr(err.msg, "cpu"), "v2: cpu limits without the cpu controller: %s", err.msg);
}

static char *print_to_string(const struct cg_host *h, const struct ss_limits *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	cg_print(h, "secure_shell", "alice", l, f);
	fclose(f);
	return buf;
}

static bool all_lines_prefixed(const char *s)
{
	for (const char *l = s; *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, "cgroup     ", 11) != 0)
			return false;
		if (!strchr(l, '\n'))
			return false;
	}
	return true;
}

static void test_print(void)
{
	struct cg_host h;
	struct ss_limits l = lim_all, none = { 0 };
	char *out;

	memset(&h, 0, sizeof(h));
	h.layout = CG_LAYOUT_V2;
	snprintf(h.v2_mount, sizeof(h.v2_mount), "/sys/fs/cgroup");
	h.v2_controllers = 7;
	l.memory = 2048 * MiB;
	out = print_to_string(&h, &l);
	ok(out && all_lines_prefixed(out), "print v2: every line starts with 'cgroup     '");
	ok(out && strstr(out, "cgroup     layout v2 (/sys/fs/cgroup)\n"), "print v2: layout");
	ok(out && strstr(out, "cgroup     node /sys/fs/cgroup/secure_shell/alice "), "print v2: node");
	ok(out && strstr(out, "cgroup     memory.max 2147483648 (2G)\n"), "print v2: memory.max with size");
	ok(out && strstr(out, "cgroup     pids.max 16\n") && strstr(out, "cgroup     cpu.max 50000 100000\n"),
	   "print v2: pids.max, cpu.max");
	free(out);
	out = print_to_string(&h, &none);
	ok(out && strstr(out, "cgroup     limits none\n"), "print: no limits");
	free(out);
	h.layout = CG_LAYOUT_NONE;
	out = print_to_string(&h, &l);
	ok(out && all_lines_prefixed(out) && strstr(out, "would be refused") && strstr(out, "cgroup     memory.max "),
	   "print none: says the limits cannot be applied");
	free(out);
	h.layout = CG_LAYOUT_HYBRID;
	snprintf(h.v2_mount, sizeof(h.v2_mount), "/sys/fs/cgroup/unified");
	snprintf(h.v1_mount[CG_MEMORY], sizeof(h.v1_mount[0]), "/sys/fs/cgroup/memory");
	snprintf(h.v1_mount[CG_PIDS], sizeof(h.v1_mount[0]), "/sys/fs/cgroup/pids");
	l.memory = 512 * MiB;
	out = print_to_string(&h, &l);
	for (const char *p = out; p && *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0'))
		note("%.*s", (int)strcspn(p, "\n"), p);
	ok(out && all_lines_prefixed(out), "print hybrid: prefixed");
	ok(out && strstr(out, "cgroup     node /sys/fs/cgroup/memory/secure_shell/alice (memory)\n") &&
		   strstr(out, "cgroup     node /sys/fs/cgroup/pids/secure_shell/alice (pids)\n"),
	   "print hybrid: one node per hierarchy");
	ok(out && strstr(out, "cgroup     node none (cpu: not mounted)\n"), "print hybrid: cpu hierarchy missing");
	ok(out && strstr(out, "cgroup     memory.limit_in_bytes 536870912 (512M)\n") &&
		   strstr(out, "cgroup     cpu.shares 512\n") && strstr(out, "cgroup     cpu.cfs_quota_us 50000\n"),
	   "print hybrid: v1 file names");
	free(out);
}

/* ---- the real host (root, v1 memory + pids) ---- */

struct real {
	struct cg_host h;
	char parent[64];
	pid_t pid; /* leaves of this test: <pid>.<start>, <pid>.<start+1>, <pid>.<start+2> */
	unsigned long long start;
};
static struct real *real_active; /* for the atexit cleanup */

static void real_cleanup(struct real *rl)
{
	for (int c = 0; c < CG_NCTRL; c++) {
		if (!rl->h.v1_mount[c][0])
			continue;
		for (unsigned i = 0; i < 3 && rl->pid; i++)
			(void)rmdir(
				pth("%s/%s/alice/%d.%llu", rl->h.v1_mount[c], rl->parent, (int)rl->pid, rl->start + i));
		(void)rmdir(pth("%s/%s/alice", rl->h.v1_mount[c], rl->parent));
		(void)rmdir(pth("%s/%s", rl->h.v1_mount[c], rl->parent));
	}
}

/* In a forked child: join, then report "<uid> <join result> <own cgroup lines>" on fd. */
static void child_report(const struct cg_session *s, int fd)
{
	struct ss_error e = { 0 };
	int r = cg_session_join(s, &e);
	char *self = slurp("/proc/self/cgroup");
	char line[4096];
	int n;

	n = snprintf(line, sizeof(line), "uid=%d join=%d %s\n%s", (int)getuid(), r, r ? e.msg : "", self ? self : "");
	if (n > 0)
		(void)!write(fd, line, (size_t)n > sizeof(line) ? sizeof(line) : (size_t)n);
	free(self);
}

static char *read_all_fd(int fd)
{
	static char buf[8192];
	size_t used = 0;
	ssize_t n;

	while (used + 1 < sizeof(buf) && (n = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	return buf;
}

/* fork; the child runs mode 0 (as root), 1 (uid 10000 in a new user namespace), 2 (uid 10000,
 * same namespace, first trying to open tasks itself); returns what it reported */
static char *run_child(const struct cg_session *s, int mode, const char *tasks_path)
{
	int out[2], sync[2], go[2];
	pid_t pid;
	char c = 0, *res;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(sync, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		close(out[0]);
		if (mode == 1) {
			if (unshare(CLONE_NEWUSER) < 0)
				_exit(10);
			if (write(sync[1], "u", 1) != 1 || read(go[0], &c, 1) != 1)
				_exit(11);
		}
		if (mode >= 1 && (setresgid(10000, 10000, 10000) < 0 || setresuid(10000, 10000, 10000) < 0))
			_exit(12);
		if (mode == 2) {
			int fd = open(tasks_path, O_WRONLY | O_CLOEXEC);
			char m[64];

			snprintf(m, sizeof(m), "own-open=%s\n", fd < 0 ? strerror(errno) : "ok");
			(void)!write(out[1], m, strlen(m));
		}
		child_report(s, out[1]);
		_exit(0);
	}
	close(out[1]);
	close(sync[1]);
	close(go[0]);
	if (pid > 0 && mode == 1 && read(sync[0], &c, 1) == 1) {
		int fd;

		/* map 10000 -> 10000, written by the (root) parent */
		if ((fd = open(pth("/proc/%d/setgroups", (int)pid), O_WRONLY)) >= 0) {
			(void)!write(fd, "deny", 4);
			close(fd);
		}
		if ((fd = open(pth("/proc/%d/uid_map", (int)pid), O_WRONLY)) >= 0) {
			(void)!write(fd, "10000 10000 1\n", 14);
			close(fd);
		}
		if ((fd = open(pth("/proc/%d/gid_map", (int)pid), O_WRONLY)) >= 0) {
			(void)!write(fd, "10000 10000 1\n", 14);
			close(fd);
		}
		(void)!write(go[1], "g", 1);
	}
	res = read_all_fd(out[0]);
	close(out[0]);
	close(sync[0]);
	close(go[1]);
	if (pid > 0) {
		int status = 0;

		(void)waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			note("child mode %d exited with status %d", mode, status);
	}
	return res;
}

static void test_real_host(void)
{
	struct real rl;
	struct ss_error err = { 0 };
	struct ss_limits l = { .memory_set = true, .memory = 64 * MiB, .pids_set = true, .pids = 16 };
	struct cg_session s, s2;
	struct cg_stats st;
	unsigned long long start = 0;
	pid_t me = getpid();
	bool cpu, memsw;
	char want[3][700], leaf[48];
	const char *M, *P;
	char *rep;
	int r;

	memset(&rl, 0, sizeof(rl));
	if (geteuid() != 0) {
		skip_not_root("real host session");
		return;
	}
	if (cg_detect(&rl.h, &err) < 0 || (rl.h.layout != CG_LAYOUT_V1 && rl.h.layout != CG_LAYOUT_HYBRID) ||
	    !rl.h.v1_mount[CG_MEMORY][0] || !rl.h.v1_mount[CG_PIDS][0]) {
		ok(1, "real host session # SKIP needs v1 memory and pids hierarchies (layout %s)",
		   cg_layout_name(rl.h.layout));
		return;
	}
	note("real host: layout %s, memory %s, pids %s, cpu %s", cg_layout_name(rl.h.layout), rl.h.v1_mount[CG_MEMORY],
	     rl.h.v1_mount[CG_PIDS], rl.h.v1_mount[CG_CPU][0] ? rl.h.v1_mount[CG_CPU] : "-");
	cpu = rl.h.v1_mount[CG_CPU][0] != '\0';
	if (cpu) {
		l.cpu_weight_set = l.cpu_max_set = true;
		l.cpu_weight = 50;
		l.cpu_max_quota = 50000;
		l.cpu_max_period = 100000;
	}
	M = rl.h.v1_mount[CG_MEMORY];
	P = rl.h.v1_mount[CG_PIDS];
	snprintf(rl.parent, sizeof(rl.parent), "ss-unit-%d", (int)me);
	memsw = exists(pth("%s/memory.memsw.limit_in_bytes", M));
	l.memory_swap_set = memsw;
	is_int(cg_proc_starttime(me, &start, &err), 0, "real: own start time");
	snprintf(leaf, sizeof(leaf), "%d.%llu", (int)me, start);
	rl.pid = me;
	rl.start = start;
	real_active = &rl;

	cg_test.fake_fs = false;
	cg_test.fn = NULL;
	r = cg_session_open(&rl.h, rl.parent, "alice", &l, me, start, &s, &err);
	if (!is_int(r, 0, "real: open %s/%s/alice", M, rl.parent)) {
		note("%s", err.msg);
		real_cleanup(&rl);
		real_active = NULL;
		return;
	}
	is_str(content(pth("%s/%s/alice/memory.limit_in_bytes", M, rl.parent)), "67108864",
	       "real: memory 64M read back");
	if (memsw)
		is_str(content(pth("%s/%s/alice/memory.memsw.limit_in_bytes", M, rl.parent)), "67108864",
		       "real: memsw 64M read back");
	is_str(content(pth("%s/%s/alice/pids.max", P, rl.parent)), "16", "real: pids 16 read back");
	if (cpu) {
		is_str(content(pth("%s/%s/alice/cpu.shares", rl.h.v1_mount[CG_CPU], rl.parent)), "512",
		       "real: cpu.shares");
		is_str(content(pth("%s/%s/alice/cpu.cfs_quota_us", rl.h.v1_mount[CG_CPU], rl.parent)), "50000",
		       "real: cfs quota");
	}

	/* raise then lower memory (+memsw) through other sessions of the alias: both write orders */
	if (memsw) {
		l.memory = 128 * MiB;
		r = cg_session_open(&rl.h, rl.parent, "alice", &l, me, start + 1, &s2, &err);
		ok(r == 0 &&
			   strcmp(content(pth("%s/%s/alice/memory.limit_in_bytes", M, rl.parent)), "134217728") == 0 &&
			   strcmp(content(pth("%s/%s/alice/memory.memsw.limit_in_bytes", M, rl.parent)), "134217728") ==
				   0,
		   "real: raising memory above memsw (memsw written first)%s%s", r ? ": " : "", r ? err.msg : "");
		(void)!cg_session_close(&s2, NULL, &err);
		l.memory = 48 * MiB;
		r = cg_session_open(&rl.h, rl.parent, "alice", &l, me, start + 2, &s2, &err);
		ok(r == 0 && strcmp(content(pth("%s/%s/alice/memory.limit_in_bytes", M, rl.parent)), "50331648") == 0 &&
			   strcmp(content(pth("%s/%s/alice/memory.memsw.limit_in_bytes", M, rl.parent)), "50331648") ==
				   0,
		   "real: lowering both%s%s", r ? ": " : "", r ? err.msg : "");
		(void)!cg_session_close(&s2, NULL, &err);
		ok(exists(pth("%s/%s/alice/%s", M, rl.parent, leaf)), "real: first session's leaf still there");
	}

	snprintf(want[0], sizeof(want[0]), "memory:/%s/alice/%s", rl.parent, leaf);
	snprintf(want[1], sizeof(want[1]), "pids:/%s/alice/%s", rl.parent, leaf);
	snprintf(want[2], sizeof(want[2]), "cpu:/%s/alice/%s", rl.parent, leaf);
	rep = run_child(&s, 0, NULL);
	ok(rep && strstr(rep, "join=0 "), "real: child joins as root");
	ok(rep && strstr(rep, want[0]) && strstr(rep, want[1]) && (!cpu || strstr(rep, want[2])),
	   "real: child's /proc/self/cgroup shows the leaf in memory, pids%s", cpu ? ", cpu" : "");
	if (!rep || !strstr(rep, "join=0 "))
		note("child said: %s", rep ? rep : "(nothing)");

	rep = run_child(&s, 1, NULL);
	ok(rep && strstr(rep, "uid=10000 join=0 ") && strstr(rep, want[0]) && strstr(rep, want[1]),
	   "real: uid 10000 in a new user namespace joins through tasks fds root opened before the fork");
	note("userns child said: %.*s", rep ? (int)strcspn(rep, "\n") : 0, rep ? rep : "");

	rep = run_child(&s, 2, pth("%s/%s/alice/%s/tasks", M, rl.parent, leaf));
	ok(rep && strstr(rep, "own-open=Permission denied") && strstr(rep, "uid=10000 join=0 ") && strstr(rep, want[0]),
	   "real: uid 10000 cannot open tasks itself, but the inherited fd works");
	if (rep && !strstr(rep, "own-open=Permission denied"))
		note("child said: %s", rep);

	{
		char *procs = slurp(pth("%s/%s/alice/%s/tasks", M, rl.parent, leaf));

		ok(procs && procs[0] == '\0', "real: leaf empty again after the children exited");
		free(procs);
	}
	r = cg_session_close(&s, &st, &err);
	if (!is_int(r, 0, "real: close"))
		note("%s", err.msg);
	ok(st.have_peak && st.memory_peak > 0, "real: peak memory %llu", st.memory_peak);
	ok(st.have_oom && st.oom_kills == 0, "real: no oom kills");
	ok(!exists(pth("%s/%s/alice", M, rl.parent)) && !exists(pth("%s/%s/alice", P, rl.parent)) &&
		   (!cpu || !exists(pth("%s/%s/alice", rl.h.v1_mount[CG_CPU], rl.parent))),
	   "real: leaf and alias node gone in every hierarchy");
	real_cleanup(&rl);
	real_active = NULL;
	ok(!exists(pth("%s/%s", M, rl.parent)) && !exists(pth("%s/%s", P, rl.parent)) &&
		   (!cpu || !exists(pth("%s/%s", rl.h.v1_mount[CG_CPU], rl.parent))),
	   "real: test parent removed");
}

static char tmpdir[] = "/tmp/ss-cgtest.XXXXXX";

/* also after a "Bail out!" exit: nothing of the test stays behind */
static void cleanup_all(void)
{
	if (strcmp(tmpdir + strlen(tmpdir) - 6, "XXXXXX") != 0)
		rm_rf(tmpdir);
	if (real_active)
		real_cleanup(real_active);
}

/* cg_detect finds the usual layouts by statfs; the result must equal what the full mountinfo says. */
static void test_detect_agrees(const struct cg_host *fast)
{
	char *mi = NULL, *self = NULL, *ctl = NULL, path[300];
	size_t len;
	struct cg_host full;
	struct ss_error err = { 0 };
	int fd, c;

	fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	ok(fd >= 0 && ss_read_fd(fd, 16 << 20, &mi, &len, &err) == 0, "read /proc/self/mountinfo");
	close(fd);
	fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
	ok(fd >= 0 && ss_read_fd(fd, 1 << 20, &self, &len, &err) == 0, "read /proc/self/cgroup");
	close(fd);
	if (fast->v2_mount[0] && snprintf(path, sizeof(path), "%s/cgroup.controllers", fast->v2_mount) > 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (ss_read_fd(fd, 1 << 16, &ctl, &len, &err) < 0)
			ctl = NULL;
		close(fd);
	}
	is_int(cg_detect_parse(mi, self, ctl, &full, &err), 0, "parse of the real mountinfo");
	is_int(fast->layout, full.layout, "statfs detection and mountinfo agree on the layout");
	is_str(fast->v2_mount, full.v2_mount, "... on the cgroup2 mount");
	is_int((long long)fast->v2_controllers, (long long)full.v2_controllers, "... on its controllers");
	for (c = 0; c < CG_NCTRL; c++)
		is_str(fast->v1_mount[c], full.v1_mount[c], "... on v1 hierarchy %d", c);
	free(mi);
	free(self);
	free(ctl);
}

int main(void)
{
	char *tmpl = tmpdir;
	struct cg_host h;
	struct ss_error err = { 0 };

	test_detect_fixtures();
	test_detect_inline();
	test_helpers();
	{
		int r = cg_detect(&h, &err);

		is_int(r, 0, "cg_detect on this host: layout %s", r ? err.msg : cg_layout_name(h.layout));
		test_detect_agrees(&h);
	}

	if (!mkdtemp(tmpl)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	atexit(cleanup_all);
	snprintf(fake.root, sizeof(fake.root), "%s/t", tmpl);
	cg_test.fake_fs = true;
	cg_test.fn = fake_hook;
	test_v1_session();
	test_sweep();
	test_sweep_bounded();
	test_retry_and_busy();
	test_fail_closed();
	test_v2_session();
	test_print();
	cg_test.fn = NULL;
	cg_test.fake_fs = false;
	rm_rf(tmpl);

	test_real_host();
	return done_testing();
}
