/* SPDX-License-Identifier: ISC */
/*
 * Which cgroup hierarchies this host has, from /proc/self/mountinfo, /proc/self/cgroup and the
 * unified mount's cgroup.controllers.  cg_detect_parse is pure (text in, struct out) so that it
 * is tested on inputs recorded from v2, hybrid, v1 and cgroup-less hosts.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup-internal.h"
#include "../launcher/mountinfo.h"

struct span {
	const char *p;
	size_t n;
};

static bool span_is(struct span s, const char *word)
{
	return s.n == strlen(word) && memcmp(s.p, word, s.n) == 0;
}

/* Split [p, end) at sep; returns the number of fields (at most max), or max + 1 if there are more. */
static size_t split(const char *p, const char *end, char sep, struct span *f, size_t max)
{
	size_t n = 0;

	for (;;) {
		const char *q = memchr(p, sep, (size_t)(end - p));

		if (n == max)
			return max + 1;
		f[n].p = p;
		f[n].n = q ? (size_t)(q - p) : (size_t)(end - p);
		n++;
		if (!q)
			return n;
		p = q + 1;
	}
}

unsigned cg_ctrl_bits(const char *list, size_t len, char sep)
{
	struct span f[64];
	size_t n = split(list, list + len, sep, f, 64);
	unsigned bits = 0;

	for (size_t i = 0; i < n && i < 64; i++)
		for (int c = 0; c < CG_NCTRL; c++)
			if (span_is(f[i], cg_ctrl_name[c]))
				bits |= CG_BIT(c);
	return bits;
}

static unsigned ctrl_bits(struct span list, char sep)
{
	return cg_ctrl_bits(list.p, list.n, sep);
}

/*
 * Keep the first mount of a hierarchy, but prefer one that shows the hierarchy's root ("/"):
 * a bind mount of a sub-cgroup (containers) sits next to it on some hosts.
 */
static void take_mount(char *dst, size_t dstsz, bool *dst_is_root, const char *mnt, bool is_root)
{
	if (dst[0] && (*dst_is_root || !is_root))
		return;
	snprintf(dst, dstsz, "%s", mnt);
	*dst_is_root = is_root;
}

static int parse_mountinfo(const char *text, struct cg_host *h, struct ss_error *err)
{
	bool v2_root = false, v1_root[CG_NCTRL] = { false };
	cleanup_free char *copy = strdup(text); /* parsed in place */
	char *cur = copy;
	unsigned lineno = 0;
	struct ss_mi m;
	int r;

	if (!copy)
		return ss_fail(err, ENOMEM, "mountinfo: %s", strerror(ENOMEM));
	while (lineno++, (r = ss_mountinfo_next(&cur, &m)) > 0) {
		bool cg2 = !strcmp(m.type, "cgroup2"), is_root = !strcmp(m.root, "/");

		if (!cg2 && strcmp(m.type, "cgroup"))
			continue;
		/* a mount point too long for cg_host is never used: its limits would be refused later
		 * as "not mounted", which is fail-closed */
		if (m.mp[0] != '/' || strlen(m.mp) >= sizeof(h->v2_mount))
			continue;
		if (cg2) {
			take_mount(h->v2_mount, sizeof(h->v2_mount), &v2_root, m.mp, is_root);
		} else {
			unsigned bits = cg_ctrl_bits(m.super, strlen(m.super), ',');

			for (int c = 0; c < CG_NCTRL; c++)
				if (bits & CG_BIT(c))
					take_mount(h->v1_mount[c], sizeof(h->v1_mount[c]), &v1_root[c], m.mp, is_root);
		}
	}
	if (r < 0)
		return ss_fail(err, EINVAL,
			       "mountinfo line %u: too few fields, no ' - ' separator, or a bad number or escape",
			       lineno);
	return 0;
}

/* "hierarchy-id:controller-list:path" per line; "0::path" is the unified hierarchy. */
static void parse_self_cgroup(const char *text, struct cg_host *h)
{
	for (const char *l = text; *l;) {
		const char *end = strchr(l, '\n');
		struct span f[3];

		end = end ? end : l + strlen(l);
		/* the path may itself hold ':' (it is the last field): split twice by hand */
		f[0].p = l;
		f[0].n = strcspn(l, ":\n");
		if (l + f[0].n < end) {
			f[1].p = l + f[0].n + 1;
			f[1].n = strcspn(f[1].p, ":\n");
			if (f[1].p + f[1].n < end) {
				f[2].p = f[1].p + f[1].n + 1;
				f[2].n = (size_t)(end - f[2].p);
				if (span_is(f[0], "0") && f[1].n == 0) {
					if (f[2].n < sizeof(h->self_v2))
						snprintf(h->self_v2, sizeof(h->self_v2), "%.*s", (int)f[2].n, f[2].p);
				} else {
					unsigned bits = ctrl_bits(f[1], ',');

					for (int c = 0; c < CG_NCTRL; c++)
						if ((bits & CG_BIT(c)) && f[2].n < sizeof(h->self_v1[c]))
							snprintf(h->self_v1[c], sizeof(h->self_v1[c]), "%.*s",
								 (int)f[2].n, f[2].p);
				}
			}
		}
		l = *end ? end + 1 : end;
	}
}

int cg_detect_parse(const char *mountinfo, const char *self_cgroup, const char *v2_controllers, struct cg_host *h,
		    struct ss_error *err)
{
	const unsigned need = CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS);
	int r;

	memset(h, 0, sizeof(*h));
	if (!mountinfo)
		return ss_fail(err, EINVAL, "cgroup detection: no mountinfo");
	r = parse_mountinfo(mountinfo, h, err);
	if (r < 0)
		return r;
	if (self_cgroup)
		parse_self_cgroup(self_cgroup, h);
	if (h->v2_mount[0] && v2_controllers) {
		struct span all = { v2_controllers, strcspn(v2_controllers, "\n") };

		h->v2_controllers = ctrl_bits(all, ' ');
	}
	if (h->v2_mount[0] && (h->v2_controllers & need) == need)
		h->layout = CG_LAYOUT_V2;
	else if (h->v1_mount[CG_MEMORY][0] || h->v1_mount[CG_PIDS][0])
		h->layout = h->v2_mount[0] ? CG_LAYOUT_HYBRID : CG_LAYOUT_V1;
	else
		h->layout = CG_LAYOUT_NONE;
	return 0;
}

/* procfs and cgroupfs report size 0: read until EOF into a growing buffer. */
static int read_text(int dirfd, const char *path, size_t max, char **out, struct ss_error *err)
{
	cleanup_close int fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	cleanup_free char *buf = NULL;
	size_t cap = 4096, used = 0;

	if (fd < 0)
		return ss_fail(err, errno, "%s: %s", path, strerror(errno));
	buf = ss_xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (used + 1 == cap) {
			char *nb;

			if (cap >= max)
				return ss_fail(err, EFBIG, "%s: larger than %zu bytes", path, max);
			nb = realloc(buf, cap * 2);
			if (!nb)
				return ss_fail(err, ENOMEM, "%s: out of memory", path);
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + used, cap - 1 - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ss_fail(err, errno, "%s: %s", path, strerror(errno));
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	*out = ss_steal(&buf);
	return 0;
}

/* One synthesized mountinfo line for the cgroup file system at path, if it is one (a directory,
 * not a symlink: the mount is opened with O_NOFOLLOW later). */
static bool synth_line(const char *path, const char *ctrls, char *buf, size_t cap, size_t *len)
{
	struct statfs sf;
	struct stat st;
	int n;

	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || statfs(path, &sf) < 0)
		return false;
	if ((unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC)
		n = snprintf(buf + *len, cap - *len, "1 1 0:1 / %s rw - cgroup2 cgroup2 rw\n", path);
	else if ((unsigned long)sf.f_type == CGROUP_SUPER_MAGIC && ctrls)
		/* a v1 hierarchy is mounted under the names of its controllers ("cpu,cpuacct") */
		n = snprintf(buf + *len, cap - *len, "1 1 0:1 / %s rw - cgroup cgroup rw,%s\n", path, ctrls);
	else
		return false;
	if (n < 0 || (size_t)n >= cap - *len)
		return false;
	*len += (size_t)n;
	return true;
}

/* The hierarchies /proc/self/cgroup names with a controller the launcher uses, each looked up
 * where its controller list says (/sys/fs/cgroup/memory, /sys/fs/cgroup/cpu,cpuacct), plus
 * /sys/fs/cgroup/unified.  false when one is not there (a pure v1 host has no unified mount):
 * the caller then scans the directory. */
static bool synth_named(const char *self, char *buf, size_t cap, size_t *len)
{
	for (const char *l = self; *l;) {
		const char *end = strchr(l, '\n'), *c1, *c2;
		char list[128], path[160];
		struct span ctrls;

		end = end ? end : l + strlen(l);
		c1 = memchr(l, ':', (size_t)(end - l));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (!c2)
			return false;
		ctrls.p = c1 + 1;
		ctrls.n = (size_t)(c2 - c1 - 1);
		if (ctrls.n == 0) {
			/* "0::/path": the unified hierarchy, which a pure v1 host lists without mounting
			 * it; anywhere else than systemd's "unified", the scan finds it */
			if (!synth_line("/sys/fs/cgroup/unified", NULL, buf, cap, len))
				return false;
		} else if (ctrl_bits(ctrls, ',')) {
			if (ctrls.n >= sizeof(list) || memchr(ctrls.p, '/', ctrls.n) || memchr(ctrls.p, ' ', ctrls.n))
				return false;
			memcpy(list, ctrls.p, ctrls.n);
			list[ctrls.n] = '\0';
			snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", list);
			if (!synth_line(path, list, buf, cap, len))
				return false;
		}
		l = *end ? end + 1 : end;
	}
	return true;
}

/*
 * The usual layouts, found by statfs magic instead of reading all of /proc/self/mountinfo (which
 * the kernel formats for every mount: most of the cost of detection at login).  Writes the
 * mountinfo lines cg_detect_parse needs, so that one function still makes every decision.
 * Returns false when /sys/fs/cgroup is neither a cgroup2 mount nor a tmpfs of v1 hierarchies.
 */
static bool synth_mountinfo(const char *self, char **out)
{
	struct statfs sf;
	size_t cap = 4096, len = 0;
	char *buf;
	DIR *d;
	struct dirent *e;

	if (statfs("/sys/fs/cgroup", &sf) < 0)
		return false;
	buf = ss_xmalloc(cap);
	buf[0] = '\0';
	if ((unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC) {
		snprintf(buf, cap, "1 1 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
		*out = buf;
		return true;
	}
	if ((unsigned long)sf.f_type != TMPFS_MAGIC) {
		free(buf);
		return false;
	}
	/* the hierarchies in use, by the names their controllers give them; else every entry */
	if (synth_named(self, buf, cap, &len)) {
		*out = buf;
		return true;
	}
	len = 0;
	buf[0] = '\0';
	if (!(d = opendir("/sys/fs/cgroup"))) {
		free(buf);
		return false;
	}
	while ((e = readdir(d))) {
		char path[300];

		if (e->d_type != DT_DIR || e->d_name[0] == '.' || strchr(e->d_name, ' ') ||
		    ss_snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", e->d_name) < 0)
			continue;
		(void)synth_line(path, e->d_name, buf, cap, &len);
	}
	closedir(d);
	*out = buf;
	return true;
}

int cg_detect(struct cg_host *h, struct ss_error *err)
{
	cleanup_free char *mountinfo = NULL, *self = NULL, *controllers = NULL;
	cleanup_close int v2fd = -1;
	int r;

	r = read_text(AT_FDCWD, "/proc/self/cgroup", 1 << 20, &self, err);
	if (r < 0)
		return r;
	if (!synth_mountinfo(self, &mountinfo)) {
		r = read_text(AT_FDCWD, "/proc/self/mountinfo", 16 << 20, &mountinfo, err);
		if (r < 0)
			return r;
	}
	/* first pass finds the unified mount, whose cgroup.controllers decides v2 vs hybrid */
	r = cg_detect_parse(mountinfo, self, NULL, h, err);
	if (r < 0 || !h->v2_mount[0])
		return r;
	v2fd = open(h->v2_mount, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	/* unreadable controllers: the unified mount counts as having none, as the header says */
	if (v2fd >= 0) {
		struct ss_error ignored;

		if (read_text(v2fd, "cgroup.controllers", 1 << 16, &controllers, &ignored) < 0)
			controllers = NULL;
	}
	return cg_detect_parse(mountinfo, self, controllers, h, err);
}
