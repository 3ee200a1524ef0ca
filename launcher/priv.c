/* SPDX-License-Identifier: ISC */
/*
 * Every operation that needs the setuid-root privilege lives here, behind a closed switch.
 * Each case re-validates its own arguments, because a bug elsewhere must not turn this file into
 * a general "do X as root" service.  In the unprivileged install the same code runs with the
 * caller's rights and simply fails where those rights do not reach.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <unistd.h>

#include "../cgroup/cgroup.h"
#include "devnodes.h"
#include "parse.h"
#include "priv.h"
#include "ss.h"

static bool setuid_mode;
static uid_t user_uid;
static gid_t user_gid;

/* setfsuid() reports no errors; calling it twice returns the id now in force. */
static int set_fs_ids(uid_t u, gid_t g)
{
	(void)setfsgid(g);
	(void)setfsuid(u);
	if ((uid_t)setfsuid(u) != u || (gid_t)setfsgid(g) != g)
		return -EPERM;
	return 0;
}

/*
 * The effective capabilities (setuid mode): none, but while an operation here runs (on: the
 * permitted set, which keeps them all).  So the code outside this file that the monitor runs (the
 * NSS lookups and their modules, the parsers, the message loop) has none, beside file-system ids
 * that are the caller's already.
 */
static int set_effective(bool on)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	for (size_t i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		d[i].effective = on ? d[i].permitted : 0;
	return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
}

int priv_init(uid_t ruid, gid_t rgid)
{
	user_uid = ruid;
	user_gid = rgid;
	setuid_mode = geteuid() == 0 && ruid != 0;
	if (!setuid_mode)
		return 0;
	return set_fs_ids(ruid, rgid) < 0 ? -EPERM : set_effective(false);
}

static void lower_fs(void)
{
	/* Failing to give up privilege must never leave us running on with it. */
	if (setuid_mode && (set_fs_ids(user_uid, user_gid) < 0 || set_effective(false) < 0))
		abort();
}

int priv_give_up(void)
{
	if (!setuid_mode)
		return 0;
	/* (setresuid needs CAP_SETUID in effect; leaving uid 0 everywhere empties every set) */
	if (set_effective(true) < 0 || setgroups(0, NULL) < 0 || setresgid(user_gid, user_gid, user_gid) < 0 ||
	    setresuid(user_uid, user_uid, user_uid) < 0 || geteuid() != user_uid || getegid() != user_gid) {
		(void)set_effective(false);
		return -1;
	}
	setuid_mode = false;
	return 0;
}

static int raise_fs(void)
{
	int r;

	if (!setuid_mode)
		return 0;
	if ((r = set_effective(true)) < 0)
		return r;
	if ((r = set_fs_ids(0, 0)) < 0)
		lower_fs();
	return r;
}

/* A directory, root's (setuid mode), with none of the forbidden mode bits: its mode bits (07777),
 * else -errno. */
static int is_root_dir(int fd, mode_t forbidden)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (setuid_mode && st.st_uid != 0)
		return -EPERM;
	if (st.st_mode & forbidden)
		return -EPERM;
	return (int)(st.st_mode & 07777);
}

/* mkdirat + open without following links; the directory ends root-owned (setuid mode) with mode. */
static int make_dir_at(int dirfd, const char *name, mode_t mode, mode_t forbidden)
{
	int fd;
	int r;

	if (mkdirat(dirfd, name, mode) == 0) {
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		/* mkdirat applied the umask; the sticky bit needs fchmod too */
		if (fchmod(fd, mode) < 0) {
			r = -errno;
			close(fd);
			return r;
		}
	} else if (errno == EEXIST) {
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return -errno;
	} else {
		return -errno;
	}
	r = is_root_dir(fd, forbidden);
	/* a login killed between the mkdirat and the fchmod (the caller may kill its own monitor)
	 * left the mode the umask (022, main.c) made: set it now, or the alias's /tmp would stay
	 * unwritable.  Any other mode is root's choice, left as it is. */
	if (r >= 0 && (mode_t)r != mode && (mode_t)r == (mode & ~(mode_t)022) && fchmod(fd, mode) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* 1 if the directory holds no entry but "." and "..", 0 if it holds one, -errno. */
static int dir_empty(int fd)
{
	DIR *d;
	struct dirent *e;
	int dfd, r = 1;

	dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* an offset of its own */
	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		r = -errno;
		close(dfd);
		return r;
	}
	errno = 0;
	while (r == 1 && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			r = 0;
	if (r == 1 && errno)
		r = -errno;
	closedir(d);
	return r;
}

/*
 * A new home is made under a name of its own in the home base, ".secure_shell-new-<name>" (no alias
 * name starts with a dot): mode 0000 and root's, chowned to the alias, given 0700, then renamed to
 * <name> (never over anything).  A first login killed on the way (the caller may kill its own
 * monitor) leaves only that name, never a half-made home that root might have made on purpose;
 * the next login of the alias finishes it, if it is an empty directory of root's or the alias's
 * (another login of the alias may be finishing it at the same moment: the steps are the same, and
 * the first rename wins).  0 when made, 1 when a left-over was finished, -EEXIST when <name>
 * appeared meanwhile (home.c checks it), -ENOTEMPTY when the left-over is anything else.
 *
 * Why safe: name is re-validated (no '/', no dots); the base fd was opened by the caller from the
 * root-owned config; the directory is opened with O_NOFOLLOW and chowned through that fd.
 */
static long op_make_home(const struct priv_args *a)
{
	cleanup_close int fd = -1;
	char tmp[64];
	struct stat st;
	bool made;

	if (a->dirfd < 0 || !ss_valid_alias(a->name) || a->uid != user_uid || a->gid != user_gid ||
	    ss_snprintf(tmp, sizeof(tmp), SS_HOME_NEW "%s", a->name) < 0)
		return -EINVAL;
	/* a home base the shared uid could write would let any alias pre-create another's home */
	if (is_root_dir(a->dirfd, S_IWGRP | S_IWOTH) < 0)
		return -EPERM;
	/* (unprivileged, the caller makes it, owned by it at once: there is no window) */
	made = mkdirat(a->dirfd, tmp, setuid_mode ? 0 : 0700) == 0;
	if (!made && errno != EEXIST)
		return -errno;
	fd = openat(a->dirfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -EEXIST : made ? -errno : -ENOTEMPTY; /* (ENOENT: renamed by another) */
	if (fstat(fd, &st) < 0)
		return -errno;
	/* root's, or already the alias's: another login of the alias may have got to it between our
	 * mkdirat and this look (nobody else can make a directory in the root-owned base) */
	if (st.st_uid != 0 && st.st_uid != a->uid)
		return made ? -EPERM : -ENOTEMPTY;
	if (!made && dir_empty(fd) != 1)
		return -ENOTEMPTY;
	if (fchown(fd, a->uid, a->gid) < 0 || fchmod(fd, 0700) < 0)
		return -errno;
	if (renameat2(a->dirfd, tmp, a->dirfd, a->name, RENAME_NOREPLACE) < 0) {
		int e = errno;

		/* NFS and a few others have no RENAME_NOREPLACE: a plain rename, which replaces at
		 * most an empty directory that appeared after this look (only root, or another login
		 * of the alias, can make one there) */
		if (e == EINVAL && fstatat(a->dirfd, a->name, &st, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT)
			e = renameat(a->dirfd, tmp, a->dirfd, a->name) < 0 ? errno : 0;
		else if (e == EINVAL)
			e = EEXIST;
		if (e == ENOENT) /* another login of the alias renamed it first */
			return -EEXIST;
		if (e == EEXIST || e == ENOTEMPTY) {
			(void)unlinkat(a->dirfd, tmp, AT_REMOVEDIR); /* <name> came meanwhile: ours goes */
			return -EEXIST;
		}
		if (e)
			return -e;
	}
	return made ? 0 : 1;
}

/* Why safe: state_dir comes from the root-owned config and must itself be root-owned and not
 * writable by others; every level below is created or opened with O_NOFOLLOW and checked. */
static long op_make_tmp(const struct priv_args *a)
{
	cleanup_close int sd = -1, base = -1, alias = -1, t1 = -1, t2 = -1;

	if (!a->path || !ss_valid_abs_path(a->path) || !ss_valid_alias(a->name))
		return -EINVAL;
	sd = open(a->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sd < 0)
		return -errno;
	if (is_root_dir(sd, S_IWGRP | S_IWOTH) < 0)
		return -EPERM;
	base = make_dir_at(sd, "tmp", 0700, 0077);
	if (base < 0)
		return base;
	alias = make_dir_at(base, a->name, 0755, S_IWGRP | S_IWOTH);
	if (alias < 0)
		return alias;
	t1 = make_dir_at(alias, "tmp", 01777, 0);
	if (t1 < 0)
		return t1;
	t2 = make_dir_at(alias, "var_tmp", 01777, 0);
	return t2 < 0 ? t2 : 0;
}

static long clone_now(const struct priv_args *a)
{
	long pid;

	if (a->cgroup_fd >= 0) {
		/* cgroup v2: born in the session's leaf, no migration (and no migration stall) at all */
		struct {
			uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
				set_tid_size, cgroup;
		} args = { .flags = a->flags | 0x200000000ULL /* CLONE_INTO_CGROUP */,
			   .exit_signal = SIGCHLD,
			   .cgroup = (uint64_t)a->cgroup_fd };

		pid = syscall(SYS_clone3, &args, sizeof(args));
	} else {
		pid = syscall(SYS_clone, a->flags | SIGCHLD, NULL, NULL, NULL, NULL);
	}
	return pid < 0 ? -errno : pid;
}

/*
 * The new user namespace belongs to the euid of its creator, and the kernel charges what is counted
 * per user inside it (inotify instances, ...) to that owner at the host level too.  With
 * namespace_owner set, the clone runs with that euid, so that the sessions draw on a budget of
 * their own instead of root's; no alias is that uid, so none can enter a sandbox.  Everything else
 * stays root's: SECBIT_NO_SETUID_FIXUP keeps the capabilities (hosts that forbid unprivileged user
 * namespaces still allow this one), and the fsuid stays 0 for the cgroup and file checks.  Undone in
 * the monitor right after (failing that, init is killed and the monitor aborts).  init keeps the
 * owner's euid: its new user namespace starts with no securebits, and it drops every id and
 * capability later and verifies the drop.  On cgroup v1, kernels 5.12-5.15 without the fix for
 * CVE-2021-4197 check the euid of whoever writes "tasks": there init's join is refused (fail closed).
 */
static long clone_as_owner(const struct priv_args *a)
{
	int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	long pid;

	if (a->ns_owner == 0 || a->ns_owner == user_uid || bits < 0)
		return -EINVAL;
	if (prctl(PR_SET_SECUREBITS, (unsigned long)bits | SECBIT_NO_SETUID_FIXUP, 0, 0, 0) < 0)
		return -errno;
	if (setresuid((uid_t)-1, a->ns_owner, (uid_t)-1) < 0) {
		pid = -errno;
		if (prctl(PR_SET_SECUREBITS, (unsigned long)bits, 0, 0, 0) < 0)
			abort();
		return pid;
	}
	(void)setfsuid(0);
	pid = (uid_t)setfsuid(0) == 0 ? clone_now(a) : -EPERM;
	if (pid == 0)
		return 0; /* init: see above */
	if (setresuid((uid_t)-1, 0, (uid_t)-1) < 0 || prctl(PR_SET_SECUREBITS, (unsigned long)bits, 0, 0, 0) < 0 ||
	    (uid_t)setfsuid(0) != 0 || (uid_t)setfsuid(0) != 0) {
		if (pid > 0)
			(void)kill((pid_t)pid, SIGKILL);
		abort();
	}
	return pid;
}

/* Why safe: the flags are restricted to namespace creation; the child returns to sandbox.c,
 * which opens the per-alias tmp directories and then switches to the alias's fs ids. */
static long op_clone(const struct priv_args *a)
{
	const unsigned long allowed = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS |
				      CLONE_NEWCGROUP | CLONE_NEWNET;

	if (a->flags & ~allowed)
		return -EINVAL;
	return setuid_mode && a->ns_owner != (uid_t)-1 ? clone_as_owner(a) : clone_now(a);
}

/* Why safe: the alias is re-validated; the parent comes from the root-owned config and is checked
 * again by the module; all paths are built under the cgroup mount points the module detected. */
static long op_cgroup_open(const struct priv_args *a)
{
	if (!ss_valid_alias(a->name) || !a->cg_host || !a->cg_parent || !a->cg_limits || !a->cg_session || !a->err)
		return -EINVAL;
	return cg_session_open(a->cg_host, a->cg_parent, a->name, a->cg_limits, getpid(), a->starttime, a->cg_session,
			       a->err);
}

static long op_cgroup_close(const struct priv_args *a)
{
	if (!a->cg_session || !a->cg_stats || !a->err)
		return -EINVAL;
	return cg_session_close(a->cg_session, a->cg_stats, a->err);
}

static int write_proc(pid_t pid, const char *file, const char *text)
{
	char path[64];
	cleanup_close int fd = -1;

	if (ss_snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file) < 0)
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	return ss_write_all(fd, text, strlen(text));
}

/* Why safe: maps exactly one id, the caller's own, onto itself: nothing inside the sandbox can
 * become another uid, and root (unmapped) stays unreachable.  setgroups is denied so the alias
 * cannot shed a group that a deny-ACL relies on. */
static long op_write_maps(const struct priv_args *a)
{
	char map[64];
	int r;

	if (a->pid <= 0 || a->uid != user_uid || a->gid != user_gid)
		return -EINVAL;
	r = write_proc(a->pid, "setgroups", "deny");
	if (r < 0 && r != -ENOENT)
		return r;
	if (ss_snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)a->uid, (unsigned)a->uid) < 0)
		return -EINVAL;
	r = write_proc(a->pid, "uid_map", map);
	if (r < 0)
		return r;
	if (ss_snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)a->gid, (unsigned)a->gid) < 0)
		return -EINVAL;
	return write_proc(a->pid, "gid_map", map);
}

static bool hex_key(const char *s)
{
	return s && strlen(s) == 16 && strspn(s, "0123456789abcdef") == 16;
}

/* Why safe: state_dir is root-owned and not writable by others; the file name is 16 hex digits;
 * the file is created O_EXCL|O_NOFOLLOW under a pid-unique name and renamed into place, so a
 * reader sees either the old file or the complete new one. */
static long op_write_seccomp(const struct priv_args *a)
{
	cleanup_close int sd = -1, dir = -1, fd = -1;
	char tmp[48], final[24];
	long r;

	if (!a->path || !ss_valid_abs_path(a->path) || !hex_key(a->name) || !a->data || a->len == 0 ||
	    a->len > (1u << 20))
		return -EINVAL;
	sd = open(a->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sd < 0)
		return -errno;
	if (is_root_dir(sd, S_IWGRP | S_IWOTH) < 0)
		return -EPERM;
	dir = make_dir_at(sd, "seccomp", 0755, S_IWGRP | S_IWOTH);
	if (dir < 0)
		return dir;
	if (ss_snprintf(tmp, sizeof(tmp), "%s.%d.tmp", a->name, (int)getpid()) < 0 ||
	    ss_snprintf(final, sizeof(final), "%s.bpf", a->name) < 0)
		return -EINVAL;
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	r = ss_write_all(fd, a->data, a->len);
	if (r == 0 && fchmod(fd, 0644) < 0)
		r = -errno;
	if (r == 0 && renameat(dir, tmp, dir, final) < 0)
		r = -errno;
	if (r < 0)
		(void)unlinkat(dir, tmp, 0);
	return r;
}

/* Removes what make_dev may have put into a half-built directory (names from the fixed lists). */
static void unmake_dev(int sd, const char *name, int d)
{
	size_t i;

	for (i = 0; i < SS_DEV_NODES; i++)
		(void)unlinkat(d, ss_dev_nodes[i].name, 0);
	for (i = 0; i < SS_DEV_LINKS; i++)
		(void)unlinkat(d, ss_dev_links[i].name, 0);
	(void)unlinkat(d, "pts", AT_REMOVEDIR);
	(void)unlinkat(d, "shm", AT_REMOVEDIR);
	(void)unlinkat(d, "console", 0);
	(void)unlinkat(sd, name, AT_REMOVEDIR);
}

/* Fills the new directory d (mode 0700, ours alone until the rename): the device nodes, the links,
 * the mount points of devpts and /dev/shm, and an empty file for the session's terminal. */
static int make_dev(int d)
{
	size_t i;
	int fd;

	for (i = 0; i < SS_DEV_NODES; i++) {
		const struct ss_dev_node *n = &ss_dev_nodes[i];

		/* the umask applies to mknodat; nobody else can reach d, so fchmodat cannot be misled */
		if (mknodat(d, n->name, S_IFCHR | 0666, makedev(n->major, n->minor)) < 0 ||
		    fchmodat(d, n->name, 0666, 0) < 0)
			return -errno;
	}
	for (i = 0; i < SS_DEV_LINKS; i++)
		if (symlinkat(ss_dev_links[i].target, d, ss_dev_links[i].name) < 0)
			return -errno;
	if (mkdirat(d, "pts", 0755) < 0 || mkdirat(d, "shm", 0755) < 0)
		return -errno;
	fd = openat(d, "console", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	return fchmod(d, 0755) < 0 ? -errno : 0;
}

/* 1 if name/type is one of the entries make_dev makes (type: a DT_* value, DT_UNKNOWN: any). */
static int dev_entry_known(const char *name, unsigned char type)
{
	size_t i;

	for (i = 0; i < SS_DEV_NODES; i++)
		if (!strcmp(name, ss_dev_nodes[i].name))
			return type == DT_CHR || type == DT_UNKNOWN;
	for (i = 0; i < SS_DEV_LINKS; i++)
		if (!strcmp(name, ss_dev_links[i].name))
			return type == DT_LNK || type == DT_UNKNOWN;
	if (!strcmp(name, "pts") || !strcmp(name, "shm"))
		return type == DT_DIR || type == DT_UNKNOWN;
	return !strcmp(name, "console") && (type == DT_REG || type == DT_UNKNOWN);
}

/*
 * The directory holds exactly what make_dev makes, and nothing else: no other name, and each
 * device node is root's, mode 0666, with the listed device number (a copy of the host's /dev
 * restored there by mistake would otherwise hand every sandbox its devices).  -EBADMSG if not.
 */
static int dev_is_ours(int d)
{
	union {
		char b[2048];
		struct dirent64 align;
	} buf;
	const size_t want = SS_DEV_NODES + SS_DEV_LINKS + 3;
	size_t seen = 0, i;
	struct stat st;
	long n;

	while ((n = syscall(SYS_getdents64, d, buf.b, sizeof(buf.b))) > 0) {
		for (long off = 0; off < n;) {
			const struct dirent64 *e = (const struct dirent64 *)(buf.b + off);

			off += e->d_reclen;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (!dev_entry_known(e->d_name, e->d_type) || ++seen > want)
				return -EBADMSG;
		}
	}
	if (n < 0)
		return -errno;
	if (seen != want)
		return -EBADMSG;
	for (i = 0; i < SS_DEV_NODES; i++) {
		const struct ss_dev_node *nd = &ss_dev_nodes[i];

		if (fstatat(d, nd->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return -errno;
		if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(nd->major, nd->minor) || st.st_uid != 0 ||
		    (st.st_mode & 07777) != 0666)
			return -EBADMSG;
	}
	if (fstatat(d, "console", &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 07777) != 0600 || st.st_size != 0)
		return -EBADMSG;
	return 0;
}

/* Builds <sd>/dev under a temporary name and renames it into place; 0 also when another login's
 * copy got there first.  A stale temporary directory of a login killed half-way (only root can
 * write state_dir: it is ours) is removed once and the build retried. */
static int build_dev(int sd)
{
	cleanup_close int nd = -1;
	struct statvfs sv;
	char tmp[32];
	int r;

	if (fstatvfs(sd, &sv) < 0)
		return -errno;
	if (sv.f_flag & ST_NODEV)
		return -EOPNOTSUPP; /* the nodes would not open: do not even make them */
	if (ss_snprintf(tmp, sizeof(tmp), "dev.%d.tmp", (int)getpid()) < 0)
		return -EINVAL;
	if (mkdirat(sd, tmp, 0700) < 0) {
		if (errno != EEXIST)
			return -errno;
		nd = openat(sd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nd >= 0) {
			unmake_dev(sd, tmp, nd);
			close(nd);
			nd = -1;
		}
		if (mkdirat(sd, tmp, 0700) < 0)
			return -errno;
	}
	nd = openat(sd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (nd < 0) {
		r = -errno;
		(void)unlinkat(sd, tmp, AT_REMOVEDIR);
		return r;
	}
	r = make_dev(nd);
	if (r == 0 && renameat2(sd, tmp, sd, "dev", RENAME_NOREPLACE) < 0)
		r = errno == EEXIST ? 1 : -errno; /* 1: another login's copy is in place */
	if (r != 0)
		unmake_dev(sd, tmp, nd); /* still under the temporary name */
	return r < 0 ? r : 0;
}

/*
 * Why safe: state_dir is re-validated (absolute, root-owned, not writable by group or others) and
 * everything below it is reached by fd without following links.  The directory is built under a
 * temporary name in mode 0700 and renamed into place whole (RENAME_NOREPLACE: a concurrent login
 * that won keeps its copy), so no login ever sees a half-made one.  What is made is fixed here:
 * six well-known character devices (null, zero, full, random, urandom, tty), five links, two empty
 * directories and an empty file, and an existing directory is used only if it holds exactly that
 * (dev_is_ours).  0 means: a root-owned directory that group and others cannot write, on a file
 * system that allows device nodes, whose device and inode numbers are put into *a->dev_id, so that
 * init, which must open it again by path in its own mount namespace, can tell it is the same one.
 * Anything else is -errno (-EBADMSG: not what make_dev makes), and the caller builds /dev per
 * login instead.  Unprivileged, the mknod fails and so does this.
 */
static long op_prepare_dev(const struct priv_args *a)
{
	cleanup_close int sd = -1, d = -1;
	struct statvfs sv;
	struct stat st;
	int r;

	if (!a->path || !ss_valid_abs_path(a->path) || !a->dev_id)
		return -EINVAL;
	sd = open(a->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sd < 0)
		return -errno;
	if (fstat(sd, &st) < 0)
		return -errno;
	if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	d = openat(sd, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d < 0 && errno == ENOENT) {
		r = build_dev(sd);
		if (r < 0)
			return r;
		d = openat(sd, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (d < 0)
		return -errno;
	if (fstat(d, &st) < 0 || fstatvfs(d, &sv) < 0)
		return -errno;
	if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	if (sv.f_flag & ST_NODEV)
		return -EOPNOTSUPP;
	r = dev_is_ours(d);
	if (r < 0)
		return r;
	a->dev_id->dev = st.st_dev;
	a->dev_id->ino = st.st_ino;
	return 0;
}

/*
 * Why safe: the line was formatted and sanitized by log.c and is passed to syslog() as data ("%s").
 * Only the real and saved uids change, for the one send, and are put back at once (or the process
 * aborts); the euid stays 0 throughout.  The kernel stamps a datagram to /dev/log with the sender's
 * real uid, and journald files the lines of a non-system uid into a journal that uid may read: sent
 * with the shared uid, every alias could read every alias's session records (who, when, from
 * where).  The saved uid becomes the caller's meanwhile, so that the caller may still signal us
 * (kill(2) accepts a sender whose uid matches the target's real or saved uid).
 */
static long op_syslog(const struct priv_args *a)
{
	uid_t r, e, s;

	if (!a->text)
		return -EINVAL;
	/* the ids themselves, not setuid_mode: a refusal can come before priv_init() */
	if (getresuid(&r, &e, &s) < 0)
		return -errno;
	if (e != 0 || r == 0) { /* not setuid (or root's own call): nothing to hide behind */
		syslog(a->prio, "%s", a->text);
		return 0;
	}
	if (setresuid(0, (uid_t)-1, r) < 0)
		return -errno;
	syslog(a->prio, "%s", a->text);
	/* setresuid also set the fs ids to the euid (0): priv_op's lower_fs() puts them back */
	if (setresuid(r, (uid_t)-1, s) < 0)
		abort();
	return 0;
}

long priv_op(enum priv_op op, const struct priv_args *a)
{
	long r;
	int saved;

	r = raise_fs();
	if (r < 0)
		return r;
	switch (op) {
	case PRIV_MAKE_HOME:
		r = op_make_home(a);
		break;
	case PRIV_MAKE_TMP:
		r = op_make_tmp(a);
		break;
	case PRIV_CLONE:
		r = op_clone(a);
		if (r == 0)
			return 0; /* the child: see op_clone */
		break;
	case PRIV_WRITE_MAPS:
		r = op_write_maps(a);
		break;
	case PRIV_WRITE_SECCOMP:
		r = op_write_seccomp(a);
		break;
	case PRIV_CGROUP_OPEN:
		r = op_cgroup_open(a);
		break;
	case PRIV_CGROUP_CLOSE:
		r = op_cgroup_close(a);
		break;
	case PRIV_PREPARE_DEV:
		r = op_prepare_dev(a);
		break;
	case PRIV_SYSLOG:
		r = op_syslog(a);
		break;
	default:
		abort();
	}
	saved = errno;
	lower_fs();
	errno = saved;
	return r;
}
