/* SPDX-License-Identifier: ISC */
/*
 * One session's cgroups: <mount>/<parent>/<alias>/ holds the alias's limits, <alias>/<monitor>.<start>/
 * is the session's leaf.  Everything is opened relative to directory fds, names with O_NOFOLLOW.
 *
 * The sandbox joins by itself (cg_session_join) through fds opened here: the supervisor writing the
 * sandbox's pid into cgroup.procs takes cgroup_threadgroup_rwsem for writing and waits for an RCU
 * grace period, 7-13 ms per login on the build machine, while a thread writing "0" into its own
 * v1 "tasks" moves without that lock (research/perf/REPORT.md §1, §4).  On v2 the supervisor uses
 * clone3(CLONE_INTO_CGROUP) with v2_leaf_fd instead, and cgroup.procs is only the fallback.
 */
#define _GNU_SOURCE /* O_PATH */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cgroup-internal.h"

#define V1_MEM	 "memory.limit_in_bytes"
#define V1_MEMSW "memory.memsw.limit_in_bytes"
#define V1_HIER	 "memory.use_hierarchy"

/* What one pass of cg_session_open works from. */
struct req {
	const char *parent, *alias;
	const struct ss_limits *lim;
	const char *leaf;
	pid_t monitor;
};

static void path_add(char *path, size_t sz, const char *name)
{
	size_t n = strlen(path);

	if (n < sz)
		snprintf(path + n, sz - n, "/%s", name);
}

/* mkdir (when missing) and open one component; path names it for messages */
static int mkdir_open(int dirfd, const char *name, int ctrl, const char *path, struct ss_error *err)
{
	int r = cg_mkdirat(dirfd, name, 0755, ctrl);

	if (r < 0 && r != -EEXIST)
		return ss_fail(err, -r, "cgroup: mkdir %s: %s", path, strerror(-r));
	r = cg_open_dir(dirfd, name, O_RDONLY);
	if (r < 0)
		return ss_fail(err, -r, "cgroup: open %s: %s", path, strerror(-r));
	return r;
}

static int write_limit(int afd, const char *path, const char *file, const char *value, struct ss_error *err)
{
	int r = cg_write_at(afd, file, value);

	if (r == -ENOENT)
		return ss_fail(err, ENOENT, "cgroup: %s/%s does not exist (controller not available there)", path,
			       file);
	if (r < 0)
		return ss_fail(err, -r, "cgroup: writing \"%s\" to %s/%s: %s", value, path, file, strerror(-r));
	return 0;
}

/* A swap limit where the kernel keeps no swap accounts: only 0 and max are accepted (see the
 * comment in v1_memory), anything else cannot be enforced. */
static int swap_unaccounted(const struct ss_limits *lim, const char *path, const char *file, struct ss_error *err)
{
	if (lim->memory_swap == 0 || lim->memory_swap == SS_LIMIT_MAX)
		return 0;
	return ss_fail(err, EOPNOTSUPP,
		       "cgroup: memory_swap %llu cannot be enforced: %s/%s is missing (swap accounting is off; "
		       "boot with swapaccount=1)",
		       lim->memory_swap, path, file);
}

/* cgroup v2: enable the controllers in want for the children of the node at fd (root included),
 * writing only those not enabled yet. */
static int v2_enable(int fd, unsigned want, const char *path, struct ss_error *err)
{
	char cur[256], req[64] = "";
	unsigned missing;
	int n = cg_read_at(fd, "cgroup.subtree_control", cur, sizeof(cur));

	if (n < 0)
		return ss_fail(err, -n, "cgroup: %s/cgroup.subtree_control: %s", path, strerror(-n));
	missing = want & ~cg_ctrl_bits(cur, strcspn(cur, "\n"), ' ');
	if (!missing)
		return 0;
	for (int c = 0; c < CG_NCTRL; c++)
		if (missing & CG_BIT(c))
			snprintf(req + strlen(req), sizeof(req) - strlen(req), "%s+%s", req[0] ? " " : "",
				 cg_ctrl_name[c]);
	n = cg_write_at(fd, "cgroup.subtree_control", req);
	if (n == -EBUSY)
		return ss_fail(err, EBUSY,
			       "cgroup: writing \"%s\" to %s/cgroup.subtree_control: busy (the cgroup has processes "
			       "of its own, and v2 enables controllers for children only of cgroups without any)",
			       req, path);
	if (n == -ENOENT)
		return ss_fail(err, ENOENT,
			       "cgroup: writing \"%s\" to %s/cgroup.subtree_control: controller not available (not "
			       "enabled in the parent's cgroup.subtree_control)",
			       req, path);
	if (n < 0)
		return ss_fail(err, -n, "cgroup: writing \"%s\" to %s/cgroup.subtree_control: %s", req, path,
			       strerror(-n));
	return 0;
}

static int v2_limits(int afd, const char *path, const struct ss_limits *lim, struct ss_error *err)
{
	char v[64], q[32];
	int r = 0;

	if (lim->memory_set) {
		cg_fmt_limit(v, sizeof(v), lim->memory, "max");
		r = write_limit(afd, path, "memory.max", v, err);
	}
	if (r == 0 && lim->memory_swap_set) {
		cg_fmt_limit(v, sizeof(v), lim->memory_swap, "max");
		r = cg_write_at(afd, "memory.swap.max", v);
		if (r == -ENOENT)
			r = swap_unaccounted(lim, path, "memory.swap.max", err);
		else if (r < 0)
			r = ss_fail(err, -r, "cgroup: writing \"%s\" to %s/memory.swap.max: %s", v, path, strerror(-r));
	}
	if (r == 0 && lim->memory_high_set) {
		cg_fmt_limit(v, sizeof(v), lim->memory_high, "max");
		r = write_limit(afd, path, "memory.high", v, err);
	}
	if (r == 0 && lim->pids_set) {
		cg_fmt_limit(v, sizeof(v), lim->pids, "max");
		r = write_limit(afd, path, "pids.max", v, err);
	}
	if (r == 0 && lim->cpu_weight_set) {
		snprintf(v, sizeof(v), "%u", lim->cpu_weight);
		r = write_limit(afd, path, "cpu.weight", v, err);
	}
	if (r == 0 && lim->cpu_max_set) {
		cg_fmt_limit(q, sizeof(q), lim->cpu_max_quota, "max");
		snprintf(v, sizeof(v), "%s %llu", q, cg_cpu_period(lim));
		r = write_limit(afd, path, "cpu.max", v, err);
	}
	return r;
}

/*
 * v1 memory: memory.limit_in_bytes, and memory.memsw.limit_in_bytes = memory + swap.  The kernel
 * keeps memsw >= memory at every step, so raising needs memory first and lowering memsw first:
 * memory first, and on EINVAL memsw first.  Without swap accounting (no memsw file) a swap limit
 * of 0 is accepted, as on hosts without swap: the memory limit still holds RAM, but swap use
 * would then be unaccounted.  Any other swap value is refused.
 */
/*
 * v1 before Linux 5.11: with memory.use_hierarchy 0 (the kernel's default on hosts where no init
 * system sets it, systemd does) a cgroup's limit holds its own tasks only, not its children's:
 * the sessions' leaves would run without any.  The alias node takes its parent's value when it is
 * made and can be switched to 1 while it has no children (EBUSY otherwise); one that stays 0
 * refuses the login.  No file (a kernel without the switch) or 1 is hierarchical.  From 5.11 on
 * it always is: not read there.
 */
static bool always_hierarchical(void)
{
	static int known = -1;
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (cg_test.pre_5_11)
		return false;
	if (known < 0)
		known = uname(&u) == 0 && sscanf(u.release, "%u.%u", &major, &minor) == 2 &&
			(major > 5 || (major == 5 && minor >= 11));
	return known == 1;
}

static int v1_hierarchy(int afd, const char *path, struct ss_error *err)
{
	char v[16];
	int n = cg_read_at(afd, V1_HIER, v, sizeof(v)), r = 0;

	if (n == -ENOENT)
		return 0;
	if (n > 0 && v[0] == '0' && (r = cg_write_at(afd, V1_HIER, "1")) == 0)
		n = cg_read_at(afd, V1_HIER, v, sizeof(v));
	if (n < 0 && !r)
		return ss_fail(err, -n, "cgroup: reading %s/%s: %s", path, V1_HIER, strerror(-n));
	if (r || n <= 0 || strcmp(v, "1\n"))
		return ss_fail(err, r ? -r : EINVAL,
			       "cgroup: %s/%s is 0 and cannot be set to 1 (%s): the memory limit would not hold the "
			       "sessions below it (it can be set once the alias's sessions have ended; set it to 1 "
			       "on the cgroup parent for the aliases not logged in yet)",
			       path, V1_HIER,
			       r == -EBUSY ? "sessions still run below it"
			       : r	   ? strerror(-r)
					   : "it reads otherwise");
	return 0;
}

static int v1_memory(int afd, const char *path, const struct ss_limits *lim, struct ss_error *err)
{
	char mem[32], sw[32];
	bool want_sw = lim->memory_swap_set, sw_done = false;
	const char *failed = V1_MEM, *failed_val = mem;
	int r = 0;

	cg_fmt_limit(mem, sizeof(mem), lim->memory, "-1");
	cg_fmt_limit(sw, sizeof(sw), cg_memsw_value(lim), "-1");
	if (want_sw && faccessat(afd, V1_MEMSW, F_OK, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT)
			return ss_fail(err, errno, "cgroup: %s/%s: %s", path, V1_MEMSW, strerror(errno));
		r = swap_unaccounted(lim, path, V1_MEMSW, err);
		if (r < 0)
			return r;
		want_sw = false;
	}
	if (lim->memory_set) {
		r = cg_write_at(afd, V1_MEM, mem);
		if (r == -EINVAL && want_sw) {
			failed = V1_MEMSW, failed_val = sw;
			r = cg_write_at(afd, V1_MEMSW, sw);
			if (r == 0) {
				sw_done = true;
				failed = V1_MEM, failed_val = mem;
				r = cg_write_at(afd, V1_MEM, mem);
			}
		}
	}
	if (r == 0 && want_sw && !sw_done) {
		failed = V1_MEMSW, failed_val = sw;
		r = cg_write_at(afd, V1_MEMSW, sw);
	}
	if (r == -ENOENT)
		return ss_fail(err, ENOENT, "cgroup: %s/%s does not exist", path, failed);
	if (r < 0)
		return ss_fail(err, -r, "cgroup: writing \"%s\" to %s/%s: %s", failed_val, path, failed, strerror(-r));
	return 0;
}

/* v1: the limits of every controller in ctrls (one hierarchy may carry several). */
static int v1_limits(int afd, const char *path, unsigned ctrls, const struct ss_limits *lim, struct ss_error *err)
{
	char v[32];
	int r = 0;

	if ((ctrls & CG_BIT(CG_MEMORY)) && (lim->memory_set || lim->memory_swap_set))
		r = v1_memory(afd, path, lim, err);
	if (r == 0 && (ctrls & CG_BIT(CG_PIDS)) && lim->pids_set) {
		cg_fmt_limit(v, sizeof(v), lim->pids, "max");
		r = write_limit(afd, path, "pids.max", v, err);
	}
	if (r == 0 && (ctrls & CG_BIT(CG_CPU)) && lim->cpu_weight_set) {
		snprintf(v, sizeof(v), "%llu", cg_v1_shares(lim->cpu_weight));
		r = write_limit(afd, path, "cpu.shares", v, err);
	}
	if (r == 0 && (ctrls & CG_BIT(CG_CPU)) && lim->cpu_max_set) {
		/* period first: a quota is checked against the period in force */
		snprintf(v, sizeof(v), "%llu", cg_cpu_period(lim));
		r = write_limit(afd, path, "cpu.cfs_period_us", v, err);
		if (r == 0) {
			cg_fmt_limit(v, sizeof(v), lim->cpu_max_quota, "-1");
			r = write_limit(afd, path, "cpu.cfs_quota_us", v, err);
		}
	}
	return r;
}

/* A leaf is stale when its monitor is gone or the pid now names another process.  Anything
 * unexpected (unreadable stat) counts as alive: a leaf left behind costs nothing. */
static bool leaf_stale(pid_t pid, unsigned long long start)
{
	struct ss_error ignored;
	unsigned long long now;
	int r = cg_proc_starttime(pid, &now, &ignored);

	if (r == -ENOENT || r == -ESRCH)
		return true;
	return r == 0 && now != start;
}

/* A directory entry that is some session's leaf: ours excluded, names not of our pattern and
 * non-directories never touched. */
static bool sibling_leaf(int afd, const struct dirent *e, const char *own, pid_t *pid, unsigned long long *start)
{
	struct stat st;

	if (!cg_parse_leaf_name(e->d_name, pid, start) || strcmp(e->d_name, own) == 0)
		return false;
	return e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN &&
				       fstatat(afd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode));
}

/*
 * Remove the alias's stale leaves.  Best effort: a leaf that still holds processes (EBUSY) or any
 * other failure leaves it for a later login.  Checking a leaf reads /proc/<pid>/stat of its
 * monitor, so a login checks at most CG_SWEEP_MAX of its siblings, starting at an offset chosen by
 * its own pid: O(1) per login even when one alias has hundreds of sessions, and every stale leaf
 * is reached by some later login.
 */
static void sweep(int afd, const char *own, pid_t self, int ctrl)
{
	int dfd = cg_open_dir(afd, ".", O_RDONLY);
	unsigned long long start;
	struct dirent *e;
	unsigned n = 0, i = 0, first;
	pid_t pid;
	DIR *d;

	if (dfd < 0)
		return;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	while ((e = readdir(d)))
		n += sibling_leaf(afd, e, own, &pid, &start);
	if (n == 0) { /* nothing to check (leaves that appear meanwhile are new) */
		closedir(d);
		return;
	}
	first = n > CG_SWEEP_MAX ? (unsigned)self % n : 0;
	rewinddir(d);
	while ((e = readdir(d))) {
		if (!sibling_leaf(afd, e, own, &pid, &start))
			continue;
		/* the window [first, first + CG_SWEEP_MAX) of the n leaves, wrapping around */
		if ((i++ + n - first) % n < CG_SWEEP_MAX && leaf_stale(pid, start))
			(void)!cg_rmdirat(afd, e->d_name, ctrl);
	}
	closedir(d);
}

/*
 * One hierarchy: mkdir -p <mount>/<parent>/<alias> (v2: controllers enabled on the way down),
 * the limits, the sweep, then the leaf and the fds to join it.  Slot is where the session keeps
 * it (the controller that leads the hierarchy on v1, [0] on v2); ctrl is passed to the test hook.
 */
static int open_hierarchy(const struct req *q, const char *mount, bool v2, unsigned ctrls, int slot,
			  struct cg_session *s, struct ss_error *err)
{
	const int ctrl = v2 ? -1 : slot;
	char path[CG_MSGPATH], parent[CG_PARENT_MAX + 1];
	cleanup_close int cur = -1, afd = -1, lfd = -1;
	int r;

	snprintf(s->mount[slot], sizeof(s->mount[slot]), "%s", mount);
	snprintf(s->rel[slot], sizeof(s->rel[slot]), "%s/%s", q->parent, q->alias);
	cur = cg_open_mount(mount, v2, err);
	if (cur < 0)
		return cur;
	snprintf(path, sizeof(path), "%s", mount);
	snprintf(parent, sizeof(parent), "%s", q->parent);
	for (char *comp = parent, *next; comp; comp = next) {
		int fd;

		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		if (v2 && (r = v2_enable(cur, ctrls, path, err)) < 0)
			return r;
		path_add(path, sizeof(path), comp);
		fd = mkdir_open(cur, comp, ctrl, path, err);
		if (fd < 0)
			return fd;
		close(cur);
		cur = fd;
	}
	if (v2 && (r = v2_enable(cur, ctrls, path, err)) < 0)
		return r;
	path_add(path, sizeof(path), q->alias);
	afd = mkdir_open(cur, q->alias, ctrl, path, err);
	if (afd < 0)
		return afd;
	if (v2 && (r = v2_enable(afd, ctrls, path, err)) < 0)
		return r;
	r = 0;
	if (!v2 && (ctrls & CG_BIT(CG_MEMORY)) && (q->lim->memory_set || q->lim->memory_swap_set) &&
	    !always_hierarchical() && (r = v1_hierarchy(afd, path, err)) == -EBUSY) {
		/* a leaf below: if a killed session's, the sweep takes it, and the switch is free */
		sweep(afd, q->leaf, q->monitor, ctrl);
		r = v1_hierarchy(afd, path, err);
	}
	if (r < 0)
		return r;
	r = v2 ? v2_limits(afd, path, q->lim, err) : v1_limits(afd, path, ctrls, q->lim, err);
	if (r < 0)
		return r;
	sweep(afd, q->leaf, q->monitor, ctrl);

	/* after the limits: nothing ever runs in the leaf before they hold.  EEXIST is ours from an
	 * earlier pass (the name is this monitor's pid and start time); ENOENT is a concurrent
	 * close that removed the alias node in between, and makes the caller start over */
	path_add(path, sizeof(path), q->leaf);
	r = cg_mkdirat(afd, q->leaf, 0755, ctrl);
	if (r < 0 && r != -EEXIST)
		return ss_fail(err, -r, "cgroup: mkdir %s: %s", path, strerror(-r));
	lfd = cg_open_dir(afd, q->leaf, v2 ? O_PATH : O_RDONLY);
	if (lfd < 0)
		return ss_fail(err, -lfd, "cgroup: open %s: %s", path, strerror(-lfd));
	s->join_fd[slot] = openat(lfd, v2 ? "cgroup.procs" : "tasks", O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (s->join_fd[slot] < 0)
		return ss_fail(err, errno, "cgroup: open %s/%s: %s", path, v2 ? "cgroup.procs" : "tasks",
			       strerror(errno));
	s->nfd++;
	if (v2)
		s->v2_leaf_fd = ss_steal_fd(&lfd);
	return 0;
}

/* Refuse before touching anything what this host cannot enforce. */
static int check_host(const struct cg_host *h, const struct ss_limits *lim, struct ss_error *err)
{
	const bool mem = lim->memory_set || lim->memory_swap_set || lim->memory_high_set;

	switch (h->layout) {
	case CG_LAYOUT_NONE:
		return ss_fail(err, EOPNOTSUPP,
			       "cgroup: no usable hierarchy (no cgroup2 with memory and pids, no v1 memory or pids)");
	case CG_LAYOUT_V2:
		if (cg_limits_cpu(lim) && !(h->v2_controllers & CG_BIT(CG_CPU)))
			return ss_fail(err, EOPNOTSUPP, "cgroup: cpu limits asked for, but %s has no cpu controller",
				       h->v2_mount);
		return 0;
	case CG_LAYOUT_V1:
	case CG_LAYOUT_HYBRID:
		break;
	}
	if (mem && !h->v1_mount[CG_MEMORY][0])
		return ss_fail(err, EOPNOTSUPP, "cgroup: memory limits asked for, but no memory hierarchy is mounted");
	if (lim->memory_high_set && lim->memory_high != SS_LIMIT_MAX)
		return ss_fail(err, EOPNOTSUPP, "cgroup: memory_high needs cgroup v2 (memory.high); memory is v1 here");
	if (lim->pids_set && !h->v1_mount[CG_PIDS][0])
		return ss_fail(err, EOPNOTSUPP, "cgroup: pids limit asked for, but no pids hierarchy is mounted");
	if (cg_limits_cpu(lim) && !h->v1_mount[CG_CPU][0])
		return ss_fail(err, EOPNOTSUPP, "cgroup: cpu limits asked for, but no cpu hierarchy is mounted");
	return 0;
}

static void session_init(struct cg_session *s, enum cg_layout layout)
{
	memset(s, 0, sizeof(*s));
	s->layout = layout;
	s->v2 = layout == CG_LAYOUT_V2;
	for (int c = 0; c < CG_NCTRL; c++)
		s->join_fd[c] = -1;
	s->v2_leaf_fd = -1;
}

static int open_once(const struct cg_host *h, const struct req *q, struct cg_session *s, struct ss_error *err)
{
	unsigned group[CG_NCTRL] = { 0 };

	if (h->layout == CG_LAYOUT_V2) {
		unsigned ctrls = CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS);

		if (cg_limits_cpu(q->lim))
			ctrls |= CG_BIT(CG_CPU);
		return open_hierarchy(q, h->v2_mount, true, ctrls, 0, s, err);
	}
	/* memory and pids for accounting even without limits, cpu only for limits; controllers
	 * co-mounted in one hierarchy ("cpu,cpuacct", or even "memory,pids") share one leaf */
	for (int c = 0; c < CG_NCTRL; c++) {
		int lead = c;

		if (!h->v1_mount[c][0] || (c == CG_CPU && !cg_limits_cpu(q->lim)))
			continue;
		for (int p = 0; p < c; p++)
			if (group[p] && strcmp(h->v1_mount[p], h->v1_mount[c]) == 0)
				lead = p;
		group[lead] |= CG_BIT(c);
	}
	for (int c = 0; c < CG_NCTRL; c++) {
		int r;

		if (group[c] && (r = open_hierarchy(q, h->v1_mount[c], false, group[c], c, s, err)) < 0)
			return r;
	}
	return 0;
}

/* <mount>/<rel>: the directory holding the alias node (*pfd) and the node itself (*afd). */
static int open_node(const char *mount, const char *rel, bool v2, int *pfd, int *afd, struct ss_error *err)
{
	char buf[sizeof(((struct cg_session *)0)->rel[0])];
	cleanup_close int cur = cg_open_mount(mount, v2, err);
	char *comp = buf;

	if (cur < 0)
		return cur;
	snprintf(buf, sizeof(buf), "%s", rel);
	for (char *next; (next = strchr(comp, '/')); comp = next) {
		int fd;

		*next++ = '\0';
		fd = cg_open_dir(cur, comp, O_RDONLY);
		if (fd < 0)
			return ss_fail(err, -fd, "cgroup: open %s/%s: %s", mount, rel, strerror(-fd));
		close(cur);
		cur = fd;
	}
	*afd = cg_open_dir(cur, comp, O_RDONLY);
	if (*afd < 0)
		return *afd == -ENOENT ? -ENOENT
				       : ss_fail(err, -*afd, "cgroup: open %s/%s: %s", mount, rel, strerror(-*afd));
	*pfd = ss_steal_fd(&cur);
	return 0;
}

static void read_stats(int afd, const char *leaf, bool v2, struct cg_stats *st)
{
	cleanup_close int lfd = cg_open_dir(afd, leaf, O_RDONLY);
	char buf[1024];

	if (lfd < 0)
		return;
	if (cg_read_at(lfd, v2 ? "memory.peak" : "memory.max_usage_in_bytes", buf, sizeof(buf)) > 0)
		st->have_peak = cg_parse_ull(buf, &st->memory_peak);
	if (cg_read_at(lfd, v2 ? "memory.events" : "memory.oom_control", buf, sizeof(buf)) > 0)
		st->have_oom = cg_keyed_value(buf, "oom_kill", &st->oom_kills);
	if (v2 && cg_read_at(lfd, "pids.peak", buf, sizeof(buf)) > 0)
		st->have_pids_peak = cg_parse_ull(buf, &st->pids_peak);
}

/* rmdir the leaf, waiting for exiting processes to leave it, then the alias node if idle. */
static int remove_nodes(int pfd, int afd, const char *alias, const char *leaf, int ctrl, const char *where,
			struct ss_error *err)
{
	int r;

	for (int i = 0;; i++) {
		r = cg_rmdirat(afd, leaf, ctrl);
		if (r != -EBUSY || i + 1 == CG_RMDIR_TRIES)
			break;
		usleep(CG_RMDIR_SLEEP_US);
	}
	if (r == -EBUSY)
		return ss_fail(err, EBUSY, "cgroup: %s/%s still has processes; left for the next login's sweep", where,
			       leaf);
	if (r < 0 && r != -ENOENT)
		return ss_fail(err, -r, "cgroup: rmdir %s/%s: %s", where, leaf, strerror(-r));
	/* busy or not empty while other sessions of the alias run: theirs to remove */
	r = cg_rmdirat(pfd, alias, ctrl);
	if (r < 0 && r != -EBUSY && r != -ENOTEMPTY && r != -ENOENT)
		return ss_fail(err, -r, "cgroup: rmdir %s: %s", where, strerror(-r));
	return 0;
}

/* Remove (what there is of) the session's leaves and, where idle, its alias nodes; first error. */
static int release(struct cg_session *s, struct cg_stats *st, struct ss_error *err)
{
	int first = 0;

	for (int c = 0; c < CG_NCTRL; c++) {
		if (s->join_fd[c] >= 0)
			close(s->join_fd[c]);
		s->join_fd[c] = -1;
	}
	if (s->v2_leaf_fd >= 0)
		close(s->v2_leaf_fd);
	s->v2_leaf_fd = -1;
	s->nfd = 0;
	for (int c = 0; c < CG_NCTRL; c++) {
		cleanup_close int pfd = -1, afd = -1;
		struct ss_error e;
		char where[CG_MSGPATH];
		const char *alias;
		int r;

		if (!s->rel[c][0])
			continue;
		alias = strrchr(s->rel[c], '/');
		alias = alias ? alias + 1 : s->rel[c];
		snprintf(where, sizeof(where), "%s/%s", s->mount[c], s->rel[c]);
		r = open_node(s->mount[c], s->rel[c], s->v2, &pfd, &afd, &e);
		if (r == 0) {
			if (st && (s->v2 || c == CG_MEMORY))
				read_stats(afd, s->leaf_name, s->v2, st);
			r = remove_nodes(pfd, afd, alias, s->leaf_name, s->v2 ? -1 : c, where, &e);
		} else if (r == -ENOENT) {
			r = 0; /* already gone */
		}
		if (r < 0 && first == 0) {
			*err = e;
			first = r;
		}
		s->rel[c][0] = '\0';
	}
	return first;
}

int cg_session_open(const struct cg_host *h, const char *parent, const char *alias, const struct ss_limits *lim,
		    pid_t monitor, unsigned long long starttime, struct cg_session *s, struct ss_error *err)
{
	char leaf[sizeof(s->leaf_name)];
	struct req q = { parent, alias, lim, leaf, monitor };
	struct ss_error ignored;
	int r;

	if (!h || !lim || !s)
		return ss_fail(err, EINVAL, "cgroup: missing argument");
	session_init(s, h->layout);
	if (!cg_valid_relpath(parent))
		return ss_fail(err, EINVAL, "cgroup: invalid parent \"%s\"", parent ? parent : "");
	if (!cg_valid_component(alias))
		return ss_fail(err, EINVAL, "cgroup: invalid alias node name \"%s\"", alias ? alias : "");
	if (monitor <= 0)
		return ss_fail(err, EINVAL, "cgroup: invalid monitor pid %d", (int)monitor);
	r = check_host(h, lim, err);
	if (r < 0)
		return r;
	snprintf(leaf, sizeof(leaf), "%d.%llu", (int)monitor, starttime);
	for (int attempt = 1;; attempt++) {
		session_init(s, h->layout);
		snprintf(s->leaf_name, sizeof(s->leaf_name), "%s", leaf);
		r = open_once(h, &q, s, err);
		if (r == 0)
			return 0;
		(void)!release(s, NULL, &ignored); /* leaves created so far, a new alias node */
		if (r != -ENOENT || attempt == CG_OPEN_TRIES)
			return r;
	}
}

int cg_session_join(const struct cg_session *s, struct ss_error *err)
{
	for (int c = 0; c < CG_NCTRL; c++) {
		int r;

		if (s->join_fd[c] < 0)
			continue;
		/* v1 "tasks": moves the calling thread (the sandbox's init is single-threaded); v2
		 * cgroup.procs: the whole process, under the threadgroup lock (fallback only) */
		do
			r = (int)write(s->join_fd[c], "0", 1);
		while (r < 0 && errno == EINTR);
		if (r != 1)
			return ss_fail(err, r < 0 ? errno : EIO, "cgroup: joining %s/%s/%s: %s", s->mount[c], s->rel[c],
				       s->leaf_name, r < 0 ? strerror(errno) : "short write");
	}
	return 0;
}

int cg_session_close(struct cg_session *s, struct cg_stats *st, struct ss_error *err)
{
	if (st)
		memset(st, 0, sizeof(*st));
	return release(s, st, err);
}
