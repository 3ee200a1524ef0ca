/* SPDX-License-Identifier: ISC */
/*
 * launcher/mounts.c: mounts_parse_mountinfo() reads /proc/PID/mountinfo text, and
 * mounts_to_cover() picks the proc and cgroup file systems under the new root that a login covers
 * (they would show the host's PID namespace, the other aliases' cgroup nodes).  And launcher/util.c: ss_read_fd(), which reads that file (its
 * size unknown in advance), here from a pipe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "mounts.h"
#include "mountinfo.h"
#include "tap.h"

#define MAXE 64

static struct mi_entry e[MAXE];
static char buf[16384];

/* parse text (copied: parsing is in place); the entry count */
static int parse(const char *text)
{
	snprintf(buf, sizeof(buf), "%s", text);
	return mounts_parse_mountinfo(buf, e, MAXE);
}

/* the chosen mount points joined with '|' */
static const char *chosen(int n, const char *under, const char *exclude)
{
	static char out[4096];
	size_t sel[MAXE], used = 0;
	int k = mounts_to_cover(e, (size_t)n, under, exclude, sel, MAXE), i;

	if (k < 0)
		return "(error)";
	out[0] = '\0';
	for (i = 0; i < k; i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s", i ? "|" : "", e[sel[i]].mp);
	return out;
}

static const char host[] = "22 1 0:21 / /oldroot rw,relatime shared:1 - ext4 /dev/vda rw\n"
			   "23 22 0:22 / /oldroot/proc rw,nosuid shared:2 - proc proc rw\n"
			   "40 30 0:30 / /newroot ro,relatime master:1 - ext4 /dev/vda rw\n"
			   "41 40 0:22 / /newroot/proc ro,nosuid - proc proc rw\n"
			   "50 41 0:23 / /newroot/proc/sys/fs/binfmt_misc ro - binfmt_misc binfmt_misc rw\n"
			   "51 41 0:22 /sys /newroot/proc/sys ro - proc proc rw\n"
			   "42 40 0:40 / /newroot/srv/chroot/proc ro - proc proc rw\n"
			   "52 42 0:40 /sys /newroot/srv/chroot/proc/sys ro - proc proc rw\n"
			   "43 40 0:41 / /newroot/sys ro - sysfs sysfs rw\n"
			   "44 40 0:42 / /newroot/build\\040tree/proc ro shared:7 master:3 - proc none rw\n"
			   "53 44 0:43 / /newroot/build\\040tree/proc ro - proc none rw\n"
			   "45 40 0:22 /sys /newroot/opt/sys ro - proc proc rw\n"
			   "46 40 0:43 / /newroot/procfs ro - proc proc rw\n"
			   "47 40 0:44 / /newrootx/proc ro - proc proc rw\n"
			   "48 40 0:45 / /newroot/mnt/t ro - tmpfs proc rw\n"
			   "49 40 0:46 / /newroot/a\\134b ro - proc proc rw";

/* ss_read_fd on a pipe that a child fills with n bytes (byte i is 'a' + i % 23): its result, with
 * *same set if what came back is exactly those bytes, NUL-terminated */
static int read_pipe(size_t n, size_t max, size_t *len, int *same)
{
	struct ss_error err;
	char *out = NULL;
	int p[2], r, st;
	pid_t pid;

	*len = 0;
	*same = 0;
	if (pipe(p) < 0 || (pid = fork()) < 0)
		return -1000;
	if (pid == 0) {
		char chunk[4096];

		close(p[0]);
		for (size_t i = 0; i < n;) {
			size_t k = n - i < sizeof(chunk) ? n - i : sizeof(chunk);

			for (size_t j = 0; j < k; j++)
				chunk[j] = (char)('a' + (i + j) % 23);
			if (ss_write_all(p[1], chunk, k) < 0)
				_exit(1);
			i += k;
		}
		_exit(0);
	}
	close(p[1]);
	r = ss_read_fd(p[0], max, &out, len, &err);
	close(p[0]);
	(void)waitpid(pid, &st, 0);
	if (r == 0) {
		*same = out[*len] == '\0';
		for (size_t i = 0; i < *len && *same; i++)
			*same = out[i] == (char)('a' + i % 23);
	}
	free(out);
	return r;
}

/* The hides plan_mounts() puts on the host's cgroup hierarchies, joined with '|' ("(!)" after one
 * not resolved in the new root or not skipped where absent).  The layout the detection found is
 * given, and must not matter: a hierarchy mounted elsewhere is covered after the plan. */
static const char *cgroup_hides(const char *v1_mem, const char *v1_pids, const char *v2)
{
	static struct mnt_list l;
	static char out[1024];
	static struct ss_config c = { .home_base = "/home",
				      .state_dir = "/var/lib/secure_shell",
				      .cgroup_parent = "secure_shell" };
	static struct ss_profile p;
	struct ss_ident id = { .name = "alice", .uid = 10000, .gid = 10000 };
	struct ss_plan pl = { .config = &c, .profile = &p, .id = &id, .dev = -1 };
	size_t used = 0;

	snprintf(pl.cg_host.v1_mount[CG_MEMORY], sizeof(pl.cg_host.v1_mount[0]), "%s", v1_mem);
	snprintf(pl.cg_host.v1_mount[CG_PIDS], sizeof(pl.cg_host.v1_mount[0]), "%s", v1_pids);
	snprintf(pl.cg_host.v2_mount, sizeof(pl.cg_host.v2_mount), "%s", v2);
	plan_mounts(&l, &pl, false);
	out[0] = '\0';
	for (size_t i = 0; i < l.n; i++)
		if (l.op[i].kind == MNT_HIDE && strstr(l.op[i].dest, "cgroup"))
			used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s%s", used ? "|" : "",
						 l.op[i].dest, l.op[i].in_root && l.op[i].optional ? "" : "(!)");
	return out;
}

int main(void)
{
	char longline[6000];
	int n;

	is_str(cgroup_hides("/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified"), "/sys/fs/cgroup",
	       "cgroup, hybrid: one hide over /sys/fs/cgroup, resolved in the new root, skipped where absent");
	is_str(cgroup_hides("", "", "/sys/fs/cgroup"), "/sys/fs/cgroup", "cgroup, v2: the same one");
	is_str(cgroup_hides("", "", ""), "/sys/fs/cgroup", "cgroup, no layout found: the same one");
	is_str(cgroup_hides("/cgroup/memory", "/sys/fs/cgroup/pids", "/srv/cgroup2"), "/sys/fs/cgroup",
	       "cgroup: hierarchies mounted elsewhere: the same one (they are covered after the plan)");
	n = parse(host);
	is_int(n, 16, "every line parsed");
	ok(n == 16 && e[0].id == 22 && e[0].parent == 1 && !e[0].proc && e[1].proc, "ids, parents and types");
	is_str(n == 16 ? e[10].mp : "", "/newroot/build tree/proc", "a mount point's escapes undone (\\040)");
	is_str(n == 16 ? e[15].mp : "", "/newroot/a\\b", "\\134 is a backslash");
	is_str(chosen(n, "/newroot", "/newroot/proc"),
	       "/newroot/srv/chroot/proc|/newroot/build tree/proc|/newroot/build tree/proc|/newroot/opt/sys|"
	       "/newroot/procfs|/newroot/a\\b",
	       "proc mounts under the new root, in order: not its /proc or below, not below one chosen (a proc "
	       "inside a chroot's), both of two stacked, not other types, not other prefixes");
	is_str(chosen(n, "/newroot/srv", NULL), "/newroot/srv/chroot/proc", "below a profile bind's destination");
	is_str(chosen(n, "/newroot/srv/chroot/proc", NULL), "/newroot/srv/chroot/proc",
	       "the destination itself counts");
	{ /* the shared line parser itself (the cgroup module's detection uses it too) */
		char text[] =
			"36 25 0:31 /a\\040b /sys/fs/cgroup/my\\011mem rw,nosuid shared:9 master:2 - cgroup cgroup "
			"rw,memory\n"
			"37 25 0:32 / /x rw - cgroup2 none rw\n";
		char *cur = text;
		struct ss_mi m;

		is_int(ss_mountinfo_next(&cur, &m), 1, "ss_mountinfo_next: a line");
		ok(m.id == 36 && m.parent == 25 && !strcmp(m.root, "/a b") && !strcmp(m.mp, "/sys/fs/cgroup/my\tmem") &&
			   !strcmp(m.type, "cgroup") && !strcmp(m.super, "rw,memory"),
		   "... ids, root and mount point unescaped, type and super options past two optional fields");
		is_int(ss_mountinfo_next(&cur, &m), 1, "... the next line");
		ok(m.id == 37 && !strcmp(m.mp, "/x") && !strcmp(m.type, "cgroup2") && !strcmp(m.super, "rw"),
		   "... its fields");
		is_int(ss_mountinfo_next(&cur, &m), 0, "... then the end");
		is_int(ss_mountinfo_next(&cur, &m), 0, "... and the end again");
	}
	{
		char t1[] = "1 0 0:1 / /x rw - ext4\n", t2[] = "\n1 0 0:1 / /x rw - ext4 /dev/a rw\n",
		     t3[] = "1 0 0:1 /a\\ /x rw - ext4 /dev/a rw", t4[] = "-1 0 0:1 / /x rw - ext4 /dev/a rw";
		char *c1 = t1, *c2 = t2, *c3 = t3, *c4 = t4;
		struct ss_mi m;

		is_int(ss_mountinfo_next(&c1, &m), -1, "ss_mountinfo_next: no source and super options: -1");
		is_int(ss_mountinfo_next(&c2, &m), -1, "ss_mountinfo_next: an empty line: -1");
		is_int(ss_mountinfo_next(&c3, &m), -1, "ss_mountinfo_next: a lone backslash in the root: -1");
		is_int(ss_mountinfo_next(&c4, &m), -1, "ss_mountinfo_next: a negative id: -1");
	}
	is_int(parse(""), 0, "an empty table: no entries");
	is_int(parse("41 40 0:22 / /newroot/proc ro - proc proc rw\n"), 1, "a trailing newline");
	is_str(chosen(1, "/newroot", "/newroot/proc"), "", "only the new root's own /proc: none");
	is_int(parse("41 40 0:22 / /newroot/x ro proc proc rw\n"), -1, "a line without the '-' separator: -1");
	is_int(parse("41 40 0:22 /\n"), -1, "a short line: -1");
	is_int(parse("41 40 0:22 / /newroot/a\\09 ro - proc p rw\n"), -1, "a bad escape: -1");
	is_int(parse("41 40 0:22 / /newroot/a\\000b ro - proc p rw\n"), -1, "an escaped NUL: -1");
	is_int(parse("4x 40 0:22 / /a ro - proc p rw\n"), -1, "a bad mount id: -1");
	/* a mount point longer than PATH_MAX (a FUSE mount anyone can make) is parsed, not refused */
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "60 40 0:50 / /newroot/", 22);
	snprintf(longline + 5000, sizeof(longline) - 5000, " rw - fuse.x x rw\n");
	is_int(parse(longline), 1, "a 5000-byte mount point is parsed");
	is_str(chosen(1, "/newroot", "/newroot/proc"), "", "... and, not being proc, not chosen");
	/* the look before the plan: is a proc mounted anywhere but at or below /proc? */
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n23 22 0:22 / /proc rw - proc proc rw\n"
		  "24 23 0:23 / /proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw\n"
		  "25 22 0:24 / /procx rw - tmpfs proc rw\n26 23 0:22 / /proc rw - proc proc rw\n");
	ok(n == 5 && !mounts_elsewhere(e, (size_t)n),
	   "procs only at /proc (two stacked there), other types below it and at /procx: none elsewhere");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n23 22 0:22 / /proc rw - proc proc rw\n"
		  "24 23 0:22 /sys /proc/sys ro - proc proc rw\n");
	ok(n == 3 && !mounts_elsewhere(e, (size_t)n),
	   "a proc bound below /proc (a container's /proc/sys): not elsewhere (its copy lies below the new /proc)");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n30 22 0:40 / /srv/chroot/proc rw - proc proc rw\n");
	ok(n == 2 && mounts_elsewhere(e, (size_t)n), "a chroot's proc, with none at /proc: elsewhere");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n30 22 0:40 / /proc2 rw - proc proc rw\n");
	ok(n == 2 && mounts_elsewhere(e, (size_t)n), "/proc2 is not /proc: elsewhere");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n");
	ok(n == 1 && !mounts_elsewhere(e, (size_t)n), "no proc at all: none elsewhere");
	/* ... and a cgroup file system anywhere but at or below /sys/fs/cgroup (hidden whole)? */
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n30 22 0:30 / /sys rw - sysfs sysfs rw\n"
		  "31 30 0:31 / /sys/fs/cgroup ro - tmpfs tmpfs ro\n"
		  "32 31 0:32 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
		  "33 31 0:33 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
		  "34 22 0:34 / /srv/cgroup rw - tmpfs cgroup rw\n");
	ok(n == 6 && !mounts_elsewhere(e, (size_t)n),
	   "hybrid: v1 and v2 hierarchies below /sys/fs/cgroup, a tmpfs named cgroup elsewhere: none elsewhere");
	ok(n == 6 && e[3].cgroup && e[4].cgroup && !e[2].cgroup && !e[5].cgroup, "... cgroup and cgroup2 told by type");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n32 22 0:32 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
	ok(n == 2 && !mounts_elsewhere(e, (size_t)n), "v2 at /sys/fs/cgroup itself: not elsewhere");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n32 22 0:32 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
		  "40 22 0:32 / /srv/chroot/sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
	ok(n == 3 && mounts_elsewhere(e, (size_t)n), "a second mount of the hierarchy (a chroot's /sys): elsewhere");
	n = parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n33 22 0:33 / /sys/fs/cgroupx rw - cgroup cgroup rw,pids\n");
	ok(n == 2 && mounts_elsewhere(e, (size_t)n), "/sys/fs/cgroupx is not /sys/fs/cgroup: elsewhere");
	n = parse("40 30 0:30 / /newroot ro - ext4 /dev/vda rw\n"
		  "60 40 0:50 / /newroot/sys/fs/cgroup ro - tmpfs tmpfs rw\n"
		  "61 60 0:51 / /newroot/sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n"
		  "62 60 0:52 / /newroot/sys/fs/cgroup/unified ro - cgroup2 cgroup2 rw\n"
		  "63 40 0:51 / /newroot/srv/c/memory ro - cgroup cgroup rw,memory\n"
		  "64 63 0:51 /x /newroot/srv/c/memory/x ro - cgroup cgroup rw,memory\n"
		  "65 40 0:53 / /newroot/proc ro - proc proc rw\n"
		  "66 65 0:52 / /newroot/proc/cg ro - cgroup2 cgroup2 rw\n"
		  "67 40 0:54 / /newroot/mnt/cgroup ro - tmpfs cgroup rw\n"
		  "68 22 0:52 / /oldroot/sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
	is_str(chosen(n, "/newroot", "/newroot/proc"),
	       "/newroot/sys/fs/cgroup/memory|/newroot/sys/fs/cgroup/unified|/newroot/srv/c/memory|/newroot/proc/cg",
	       "cgroup mounts under the new root, wherever they are (the cover finds those the hide over "
	       "/sys/fs/cgroup hides), not below one chosen, even below its /proc; not a tmpfs named cgroup");
	n = parse("40 30 0:30 / /newroot ro - ext4 /dev/vda rw\n"
		  "70 40 0:60 / /newroot/srv/cg ro - cgroup2 cgroup2 rw\n"
		  "71 70 0:61 / /newroot/srv/cg ro - tmpfs tmpfs rw\n"
		  "72 71 0:60 / /newroot/srv/cg/sub ro - cgroup2 cgroup2 rw\n"
		  "73 70 0:60 /x /newroot/srv/cg/x ro - cgroup2 cgroup2 rw\n"
		  "74 72 0:62 / /newroot/srv/cg/sub/p ro - proc proc rw\n");
	is_str(chosen(n, "/newroot", "/newroot/proc"), "/newroot/srv/cg|/newroot/srv/cg/sub",
	       "a mount stacked on a chosen one (a profile's bind onto it) holding a cgroup mount: that one is "
	       "chosen too (it stays in view when the one below is hidden); one in the chosen one's own tree, "
	       "or in that one's, is not");
	/* the device number of each mount's file system, and the path in it the mount shows */
	n = parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 8:1 /srv/home /home rw - ext4 /dev/sda1 rw\n"
		  "24 22 0:4294967295 /@home /mnt/b rw - btrfs /dev/sdb rw\n");
	ok(n == 3 && e[0].dev == SS_DEV(8, 1) && e[1].dev == e[0].dev && e[2].dev == SS_DEV(0, 4294967295ULL) &&
		   !strcmp(e[1].root, "/srv/home") && !strcmp(e[2].root, "/@home"),
	   "mountinfo: MAJ:MIN and the root of each mount");
	is_int(parse("22 1 8 / / rw - ext4 /dev/sda1 rw\n"), -1, "a device number without ':' is malformed");
	is_int(parse("22 1 8:4294967296 / / rw - ext4 /dev/sda1 rw\n"), -1, "a minor number past 32 bits is malformed");
	is_int(parse("22 1 :1 / / rw - ext4 /dev/sda1 rw\n"), -1, "an empty major number is malformed");
	/* the look before the plan: is a file system (holding a hidden path) mounted twice? */
	n = parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 0:22 / /proc rw - proc proc rw\n"
		  "24 22 0:22 / /mnt/proc rw - proc proc rw\n25 22 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
		  "26 22 0:30 / /mnt/cg rw - cgroup2 cgroup2 rw\n27 22 8:2 / /home rw - ext4 /dev/sda2 rw\n");
	ok(n == 6 && !mounts_fs_twice(e, (size_t)n), "procs and cgroups mounted twice do not count (covered whole)");
	ok(!mounts_fs_shown(e, (size_t)n, 5, "/", NULL) && !mounts_fs_shown(e, (size_t)n, 0, "/home", NULL),
	   "... nor is /home's file system, nor /'s, shown elsewhere");
	ok(!mounts_fs_shown(e, (size_t)n, 1, "/", NULL), "... a path on a proc: not asked (covered whole)");
	ok(mounts_fs_shown(e, (size_t)n, 99, "/", NULL), "... a mount not in the table: as if shown elsewhere");
	n = parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n27 22 8:2 / /home rw - ext4 /dev/sda2 rw\n"
		  "28 22 8:2 / /srv/chroot/home rw - ext4 /dev/sda2 rw\n");
	ok(n == 3 && mounts_fs_twice(e, (size_t)n) && mounts_fs_shown(e, (size_t)n, 1, "/", NULL) &&
		   mounts_fs_shown(e, (size_t)n, 1, "/bob", NULL) && !mounts_fs_shown(e, (size_t)n, 0, "/home", NULL),
	   "/home bound into a chroot: mounted twice, /home's file system shown elsewhere, /'s not");
	n = parse("22 1 0:5 / /run rw - tmpfs tmpfs rw\n23 22 0:5 /snapd/ns /run/snapd/ns rw - tmpfs tmpfs rw\n"
		  "24 22 0:5 /netns /run/netns rw - tmpfs tmpfs rw\n");
	ok(n == 3 && mounts_fs_twice(e, (size_t)n) && !mounts_fs_shown(e, (size_t)n, 0, "/user", NULL) &&
		   !mounts_fs_shown(e, (size_t)n, 0, "/dbus", NULL),
	   "/run bound onto parts of itself (snapd, iproute2): /run/user and /run/dbus are not shown elsewhere");
	ok(!mounts_fs_shown(e, (size_t)n, 0, "/snapd", "/oldroot") &&
		   mounts_fs_shown(e, (size_t)n, 0, "/snapd", "/run"),
	   "... only mounts whose mount point lies in the place asked about count");
	ok(mounts_fs_shown(e, (size_t)n, 0, "/snapd", NULL) && mounts_fs_shown(e, (size_t)n, 0, "/netns/x", NULL) &&
		   mounts_fs_shown(e, (size_t)n, 0, "/", NULL),
	   "... a path above one of those parts, or below, or the root: shown");
	{
		struct mi_entry noroot[2] = { { .id = 1, .dev = 7, .root = "/", .mp = "/" }, { .id = 2, .dev = 7 } };

		ok(mounts_fs_shown(noroot, 2, 0, "/home", NULL),
		   "... another mount whose root is not known: as if shown");
	}
	/* the path of a file system a path in a mount is, and where another mount shows it */
	{
		struct mi_entry m = { .root = "/srv/home", .mp = "/oldroot/home" };
		struct mi_entry r = { .root = "/", .mp = "/oldroot" }, s1 = { .root = "/", .mp = "/" };
		char out[64];

		ok(mounts_fs_path(&m, "/oldroot/home", out, sizeof(out)) == 0 && !strcmp(out, "/srv/home"),
		   "fs path: a mount's own mount point is its root (%s)", out);
		ok(mounts_fs_path(&m, "/oldroot/home/bob/x", out, sizeof(out)) == 0 && !strcmp(out, "/srv/home/bob/x"),
		   "fs path: below it, root and the rest (%s)", out);
		ok(mounts_fs_path(&r, "/oldroot/var/log", out, sizeof(out)) == 0 && !strcmp(out, "/var/log"),
		   "fs path: in a mount of the root (%s)", out);
		ok(mounts_fs_path(&s1, "/var/log", out, sizeof(out)) == 0 && !strcmp(out, "/var/log"),
		   "fs path: in a mount at / (%s)", out);
		ok(mounts_fs_path(&s1, "/", out, sizeof(out)) == 0 && !strcmp(out, "/"), "fs path: / at / (%s)", out);
		is_int(mounts_fs_path(&m, "/oldroot/homes", out, sizeof(out)), -1, "fs path: /homes is not in /home");
		is_int(mounts_fs_path(&m, "/oldroot/home/a-long-name-that-will-not-fit-in-the-sixty-four-bytes-given",
				      out, sizeof(out)),
		       -1, "fs path: too long for the buffer: -1");
		struct mi_entry c1 = { .root = "/", .mp = "/newroot" }, c2 = { .root = "/srv", .mp = "/newroot/mnt/s" },
				c3 = { .root = "/srv/home/bob", .mp = "/newroot/b" },
				c4 = { .root = "/srv/homes", .mp = "/newroot/h" },
				c5 = { .root = "/srv/home", .mp = "/newroot/srv/home" },
				c6 = { .root = "/srv/home/bob/f", .mp = "/newroot/f" };

		ok(mounts_view(&c1, "/srv/home", out, sizeof(out)) == 1 && !strcmp(out, "/newroot/srv/home"),
		   "view: a mount of the whole file system shows it below its mount point (%s)", out);
		ok(mounts_view(&c2, "/srv/home", out, sizeof(out)) == 1 && !strcmp(out, "/newroot/mnt/s/home"),
		   "view: a mount of a directory above it too (%s)", out);
		ok(mounts_view(&c5, "/srv/home", out, sizeof(out)) == 1 && !strcmp(out, "/newroot/srv/home"),
		   "view: a mount of that very directory, at its mount point (%s)", out);
		ok(mounts_view(&c3, "/srv/home", out, sizeof(out)) == 2 && !strcmp(out, "/newroot/b"),
		   "view: a mount of a directory below it: all of it (%s)", out);
		ok(mounts_view(&c6, "/srv/home", out, sizeof(out)) == 2 && !strcmp(out, "/newroot/f"),
		   "view: a mount of a file below it: all of it (%s)", out);
		is_int(mounts_view(&c4, "/srv/home", out, sizeof(out)), 0,
		       "view: /srv/homes shows nothing of /srv/home");
		ok(mounts_view(&c1, "/", out, sizeof(out)) == 1 && !strcmp(out, "/newroot"),
		   "view: the root of the file system, in a mount of it (%s)", out);
		ok(mounts_view(&c3, "/", out, sizeof(out)) == 2 && !strcmp(out, "/newroot/b"),
		   "view: the root of the file system hidden: a mount of a part of it, whole (%s)", out);
		ok(mounts_view(&s1, "/var", out, sizeof(out)) == 1 && !strcmp(out, "/var"),
		   "view: in a mount at / (%s)", out);
		is_int(mounts_view(&c1, "/a-long-name-that-will-not-fit-in-the-buffer-given-to-it", out, sizeof(out)),
		       -1, "view: too long for the buffer: -1");
	}
	/* Which mount hides what lies in another: the kernel's walk ended in t, at a path. */
	n = parse("1 0 0:1 / / rw - tmpfs staging rw\n"
		  "40 1 8:1 / /newroot ro - ext4 /dev/sda1 rw\n"
		  "41 40 8:1 /srv/home /newroot/home ro - ext4 /dev/sda1 rw\n"
		  "42 41 0:50 / /newroot/home ro - tmpfs tmpfs rw\n"
		  "43 42 8:1 /srv/home/alice /newroot/home/alice rw - ext4 /dev/sda1 rw\n"
		  "44 40 0:51 / /newroot/mnt ro - tmpfs tmpfs rw\n"
		  "45 44 8:1 / /newroot/mnt/copy ro - ext4 /dev/sda1 rw\n"
		  "46 45 0:52 / /newroot/mnt/copy/srv/home ro - tmpfs hide rw\n"
		  "47 40 0:53 / /newroot/opt ro - tmpfs tmpfs rw\n");
	ok(n == 9, "a new root to find hiders in");
	ok(mounts_hider(e, (size_t)n, 1, 3, "/newroot/home"),
	   "a tmpfs stacked on a bind of /home hides it (its child, at the same path)");
	ok(mounts_hider(e, (size_t)n, 1, 3, "/newroot/home/bob"), "... also where the walk stopped below it");
	ok(!mounts_hider(e, (size_t)n, 1, 1, "/newroot/home"), "a mount does not hide itself");
	ok(!mounts_hider(e, (size_t)n, 6, 1, "/newroot"), "a mount another lies in does not hide that one");
	ok(!mounts_hider(e, (size_t)n, 6, 5, "/newroot/mnt"), "... nor does a mount further up its chain");
	ok(mounts_hider(e, (size_t)n, 6, 7, "/newroot/mnt/copy/srv/home"),
	   "a hide in a copy of the file system, on the path to cover there: hidden");
	ok(!mounts_hider(e, (size_t)n, 6, 8, "/newroot/mnt/copy/srv/home"),
	   "a mount elsewhere (its mount point not on the path) is no hider, whatever the walk says");
	ok(!mounts_hider(e, (size_t)n, 6, 3, "/newroot/mnt/copy/srv/home"),
	   "... nor one whose mount point is not above the path");
	ok(!mounts_hider(e, (size_t)n, 6, (size_t)n, "/newroot/mnt/copy/srv/home"),
	   "a walk that ended in a mount not in the table: no hider");

	{
		struct mi_entry many[2];
		snprintf(buf, sizeof(buf), "%s", host);
		is_int(mounts_parse_mountinfo(buf, many, 2), -1, "more lines than entries: -1");
	}
	{
		size_t len;
		int same;

		is_int(read_pipe(40000, 1 << 20, &len, &same), 0, "ss_read_fd: 40000 bytes of unknown size");
		ok(len == 40000 && same, "... all of them, in order (the buffer grew twice)");
		is_int(read_pipe(16384, 16384, &len, &same), 0, "ss_read_fd: exactly max bytes");
		ok(len == 16384 && same, "... all of them");
		is_int(read_pipe(16385, 16384, &len, &same), -EFBIG, "ss_read_fd: max + 1 bytes: EFBIG");
		is_int(read_pipe(70000, 50000, &len, &same), -EFBIG, "ss_read_fd: past a max that is no power of two");
		is_int(read_pipe(0, 100, &len, &same), 0, "ss_read_fd: an empty pipe");
		ok(len == 0 && same, "... an empty string");
	}
	return done_testing();
}
