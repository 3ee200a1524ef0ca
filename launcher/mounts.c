/* SPDX-License-Identifier: ISC */
/*
 * The filesystem of a sandbox, as a list of plain operations: plan_mounts() builds it from the
 * plan, mounts_apply() executes it inside the new mount namespace, mounts_print() shows it for
 * --print.  One list for both, so what --print says is what a login gets.
 *
 * Layout while it runs (inside the child's private mount namespace):
 *   /          a small staging tmpfs: the synthesized /etc files, an empty directory and an empty
 *              file (what "hide" puts over a path), made read-only before anything is bound from it,
 *              so that those binds are read-only, nosuid and nodev from the start
 *   /oldroot   the host's tree, where bind sources are looked up
 *   /newroot   the future root: a recursive, read-only, nosuid, nodev bind of the host tree,
 *              with the private mounts on top; pivot_root makes it "/", and one lazy unmount of
 *              the staging root, stacked on it then, drops /oldroot with it (build_root).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/stat.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devnodes.h"
#include "mounts.h"
#include "mountinfo.h"

#define NEWROOT	   "/newroot"
#define OLDROOT	   "/oldroot"
#define EMPTY_DIR  "/empty"
#define EMPTY_FILE "/empty-file"
#define CGROUP_DIR "/sys/fs/cgroup" /* hidden whole (plan_mounts) */

/* dest must outlive the list: a literal, a profile string, or intern()ed. */
static struct mnt_op *add(struct mnt_list *l, enum mnt_kind k, const char *dest)
{
	struct mnt_op *op;

	if (l->n == MNT_MAX)
		abort(); /* the plan is bounded by the profile limits (256 mounts) plus a fixed set */
	op = &l->op[l->n++];
	memset(op, 0, sizeof(*op));
	op->kind = k;
	op->fd_slot = -1;
	op->dest = dest;
	return op;
}

/* A copy of a short formatted path kept in the list itself (paths built from the alias name). */
SS_PRINTF(2, 3) static const char *intern(struct mnt_list *l, const char *fmt, ...)
{
	char *p = l->names + l->names_used;
	size_t room = sizeof(l->names) - l->names_used;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		abort(); /* a handful of paths of at most ~80 bytes each */
	l->names_used += (size_t)n + 1;
	return p;
}

static void add_tmpfs(struct mnt_list *l, const char *dest, const char *data, bool ro)
{
	struct mnt_op *op = add(l, MNT_TMPFS, dest);

	op->data = data;
	if (ro)
		add(l, MNT_READONLY, dest);
}

static void add_bind(struct mnt_list *l, const char *src, const char *dest, bool ro)
{
	struct mnt_op *op = add(l, MNT_BIND, dest);

	op->src = src;
	op->ro = ro;
}

static void add_bind_fd(struct mnt_list *l, int slot, const char *dest)
{
	add(l, MNT_BIND_FD, dest)->fd_slot = slot;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* Host paths that hold other aliases' data: no bind source may be in one, or above one. */
static size_t sensitive_paths(const struct ss_config *c, const char **out)
{
	const char *const sens[] = { c->home_base, c->state_dir,	"/home",    "/tmp",
				     "/var/tmp",   "/run/user",		"/dev/shm", "/proc",
				     "/var/mail",  "/run/secure_shell", CGROUP_DIR };
	size_t i;

	for (i = 0; i < sizeof(sens) / sizeof(sens[0]) && i < MNT_SENSITIVE; i++)
		out[i] = sens[i];
	return i;
}

/* Directories of the host that hold other aliases' data: never visible inside. */
static void hide_host_dir(struct mnt_list *l, const char *path)
{
	static const char *const covered[] = { "/home", "/tmp", "/var/tmp", "/run/user", "/proc", "/dev" };
	char real[PATH_MAX];
	size_t i;

	/* replaced wholesale below anyway: the directory itself, or a path below it that leads below
	 * it (not /home/users -> /data/users: the tmpfs on /home would hide the link alone) */
	for (i = 0; i < sizeof(covered) / sizeof(covered[0]); i++)
		if (!strcmp(path, covered[i]) ||
		    (under(path, covered[i]) && realpath(path, real) && under(real, covered[i])))
			return;
	struct mnt_op *op = add(l, MNT_HIDE, path);

	op->optional = true; /* an empty read-only directory, in one mount call */
	op->in_root = true;  /* home_base or state_dir may be a symlink: hide what it names */
}

/* /dev: prepared once under state_dir (plan dev == 0: one bind, read-only, nosuid, noexec), or else
 * built for each login on a tmpfs, with the host's nodes bound onto empty files. */
static void plan_dev(struct mnt_list *l, bool tty, bool prepared)
{
	size_t i;

	if (prepared) {
		add_bind_fd(l, MNT_FD_DEV, "/dev");
	} else {
		add(l, MNT_TMPFS, "/dev")->data = "mode=0755,size=64k,nr_inodes=64";
		for (i = 0; i < SS_DEV_NODES; i++) {
			const char *dest = intern(l, "/dev/%s", ss_dev_nodes[i].name);

			add(l, MNT_TOUCH, dest);
			/* the host's node, so that the device is reachable despite nodev on user-ns mounts */
			add(l, MNT_BIND, dest)->src = dest;
		}
		for (i = 0; i < SS_DEV_LINKS; i++)
			add(l, MNT_SYMLINK, intern(l, "/dev/%s", ss_dev_links[i].name))->src = ss_dev_links[i].target;
		add(l, MNT_MKDIR, "/dev/pts");
		add(l, MNT_MKDIR, "/dev/shm");
		if (tty)
			add(l, MNT_TOUCH, "/dev/console");
		add(l, MNT_READONLY, "/dev");
	}
	add(l, MNT_DEVPTS, "/dev/pts");
	add_tmpfs(l, "/dev/shm", "mode=1777", false);
	/* the session's own terminal, as /dev/console (it lives on the host's devpts) */
	if (tty)
		add_bind_fd(l, MNT_FD_TTY, "/dev/console");
}

static void plan_proc(struct mnt_list *l)
{
	/* the writable kernel knobs; the rest of /proc is root-owned or per-process */
	static const char *const ro[] = { "/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus" };
	size_t i;

	add(l, MNT_PROC, "/proc");
	for (i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		struct mnt_op *op = add(l, MNT_SELF_BIND, ro[i]);

		op->optional = true;
		add(l, MNT_READONLY, ro[i])->optional = true;
	}
}

/* Host paths the launcher mounts on (or below) after the profile's mounts, by name, that a profile
 * may name an ancestor of: the session logs, /run/user, /var/tmp, the generated /etc files.  The
 * first SESSION_LOGS are the logs plan_run hides.  (The managed directories themselves, and anything
 * below them, no profile may mount on: ss_managed_path.) */
#define SESSION_LOGS 4
static const char *const launcher_paths[] = { "/run/utmp",	  "/var/log/wtmp", "/var/log/btmp",
					      "/var/log/lastlog", "/run/user",	   "/var/tmp",
					      "/etc/passwd",	  "/etc/group",	   "/etc/nsswitch.conf" };

static void plan_run(struct mnt_list *l, const struct ss_ident *id)
{
	const char *dir = intern(l, "/run/user/%u", (unsigned)id->uid);
	size_t i;

	add(l, MNT_TMPFS, "/run/user")->data = "mode=0755,size=16k,nr_inodes=16";
	l->op[l->n - 1].optional = true;
	add(l, MNT_MKDIR, dir)->optional = true;
	add(l, MNT_READONLY, "/run/user")->optional = true;
	add(l, MNT_TMPFS, dir)->data = "mode=0700";
	l->op[l->n - 1].optional = true;
	/* who/last would list every alias and its client address.  Resolved in the new root, like a
	 * profile's hide: a symbolic link on the way (/var/log -> /srv/log) leads to the file it names
	 * there, which is hidden; a log the host does not have is skipped. */
	for (i = 0; i < SESSION_LOGS; i++) {
		struct mnt_op *op = add(l, MNT_HIDE, launcher_paths[i]);

		op->optional = true;
		op->in_root = true;
	}
}

static const char *mount_data(const struct ss_mount *m)
{
	char *s;

	if (m->size == 0)
		return "mode=0755";
	if (asprintf(&s, "mode=0755,size=%llu", m->size) < 0)
		abort();
	return s;
}

static void plan_profile(struct mnt_list *l, const struct ss_profile *p)
{
	size_t i;

	for (i = 0; i < p->n_mounts; i++) {
		const struct ss_mount *m = &p->mounts[i];
		size_t first = l->n;
		struct mnt_op *op;

		switch (m->kind) {
		case SS_MNT_BIND_RO:
		case SS_MNT_BIND_RW:
			add_bind(l, m->src, m->dest, m->kind == SS_MNT_BIND_RO);
			break;
		case SS_MNT_HIDE:
			add(l, MNT_HIDE, m->dest);
			break;
		case SS_MNT_TMPFS:
			op = add(l, MNT_TMPFS, m->dest);
			op->data = mount_data(m);
			break;
		}
		for (; first < l->n; first++) {
			l->op[first].where = m->where;
			l->op[first].in_root = true;
		}
	}
}

void plan_mounts(struct mnt_list *l, const struct ss_plan *pl, bool tty)
{
	const struct ss_ident *id = pl->id;
	const char *home;

	l->n = 0;
	l->names_used = 0;
	l->n_sensitive = sensitive_paths(pl->config, l->sensitive);
	l->home_base = pl->config->home_base;
	l->state_dir = pl->config->state_dir;
	home = intern(l, "/home/%s", id->name);
	add(l, MNT_ROOT, "/");
	hide_host_dir(l, pl->config->home_base);
	hide_host_dir(l, pl->config->state_dir);
	/* The host's cgroup hierarchies: the nodes below cgroup_parent would tell who is logged in and
	 * what each alias uses, the rest what the host runs.  None of it is shown: one hide over
	 * /sys/fs/cgroup, and any cgroup mount elsewhere is covered once the plan has run
	 * (cover_other_mounts).  Nothing below them is looked at by name, so no node made meanwhile
	 * matters.  The session's limits are the host's business: the sandbox needs no cgroup path. */
	hide_host_dir(l, CGROUP_DIR);
	/* The profile's mounts first: the launcher's own (home, tmp, dev, proc, run/user, etc) go on
	 * top, so no profile line such as "bind_rw /var" can uncover the host's /var/tmp. */
	plan_profile(l, pl->profile);
	add_tmpfs(l, "/home", "mode=0755,size=16k,nr_inodes=16", false);
	add(l, MNT_MKDIR, home);
	add(l, MNT_READONLY, "/home");
	if (id->home_host)
		add_bind_fd(l, MNT_FD_HOME, home);
	else
		add(l, MNT_TMPFS, home)->data = "mode=0700";
	if (pl->shared_tmp) {
		add_bind_fd(l, MNT_FD_TMP, "/tmp");
		add_bind_fd(l, MNT_FD_VARTMP, "/var/tmp");
	} else {
		add_tmpfs(l, "/tmp", "mode=1777", false);
		add(l, MNT_TMPFS, "/var/tmp")->data = "mode=1777";
	}
	l->op[l->n - 1].optional = true; /* /var/tmp may not exist on the host */
	plan_dev(l, tty, pl->dev == 0);
	plan_proc(l);
	plan_run(l, id);
	add(l, MNT_FILE, "/etc/passwd")->src = "passwd";
	add(l, MNT_FILE, "/etc/group")->src = "group";
	add(l, MNT_FILE, "/etc/nsswitch.conf")->src = "nsswitch.conf";
}

static const char *exposes(const char *const *sens, size_t n, const char *src)
{
	for (size_t i = 0; i < n; i++)
		if (under(src, sens[i]) || under(sens[i], src) || !strcmp(src, "/"))
			return sens[i];
	return NULL;
}

/* Why a profile mount may not land on dest (NULL: it may).  The launcher's own mounts go on top of
 * the profile's, each reached by its name: through a bound directory, which another alias may be
 * able to change (swap a directory for a symlink) while they are made.  Checked on the text of the
 * profile, and on the path dest resolves to when the mount is made. */
static const char *dest_refused(const char *dest, bool bind, char *buf, size_t sz)
{
	if (ss_managed_path(dest))
		return "which the launcher builds itself";
	for (size_t k = 0; bind && k < sizeof(launcher_paths) / sizeof(launcher_paths[0]); k++)
		if (under(launcher_paths[k], dest) && strcmp(launcher_paths[k], dest))
			return ss_snprintf(buf, sz, "which would cover %s, where the launcher mounts its own",
					   launcher_paths[k]) < 0
				       ? "which would cover a path the launcher mounts on"
				       : buf;
	return NULL;
}

int mounts_check(const struct ss_profile *p, const struct ss_config *c, struct ss_error *err)
{
	const char *sens[MNT_SENSITIVE];
	size_t n = sensitive_paths(c, sens);
	const char *s;

	for (size_t i = 0; i < p->n_mounts; i++) {
		const struct ss_mount *m = &p->mounts[i];

		bool bind = m->kind == SS_MNT_BIND_RO || m->kind == SS_MNT_BIND_RW;
		char why[128];

		if (bind && (s = exposes(sens, n, m->src)))
			return ss_fail(err, EPERM,
				       "%s: bind source %s would expose %s, which holds other aliases' data", m->where,
				       m->src, s);
		if ((s = dest_refused(m->dest, bind, why, sizeof(why))))
			return ss_fail(err, EPERM, "%s: %s on %s, %s", m->where, bind ? "a bind" : "a mount", m->dest,
				       s);
	}
	return 0;
}

static const char *const kind_names[] = {
	[MNT_ROOT] = "root",	  [MNT_TMPFS] = "tmpfs",       [MNT_BIND] = "bind",	  [MNT_BIND_FD] = "bind",
	[MNT_SELF_BIND] = "bind", [MNT_READONLY] = "readonly", [MNT_PROC] = "proc",	  [MNT_DEVPTS] = "devpts",
	[MNT_MKDIR] = "mkdir",	  [MNT_TOUCH] = "file",	       [MNT_SYMLINK] = "symlink", [MNT_FILE] = "generated",
	[MNT_HIDE] = "hide",
};

void mounts_print(const struct mnt_list *l, const struct ss_plan *pl, FILE *out)
{
	static const char *const slots[] = {
		[MNT_FD_HOME] = NULL,	     [MNT_FD_TMP] = "tmp",
		[MNT_FD_VARTMP] = "var_tmp", [MNT_FD_TTY] = "the session's terminal",
		[MNT_FD_DEV] = NULL,
	};
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct mnt_op *op = &l->op[i];

		fprintf(out, "mount      %-9s %s", kind_names[op->kind], op->dest);
		switch (op->kind) {
		case MNT_ROOT:
			fprintf(out,
				" <- host / (recursive; read-only, nosuid, nodev; its other proc and cgroup mounts, and its other views of hidden paths, covered)");
			break;
		case MNT_BIND:
			if (op->in_root) /* a profile's */
				fprintf(out, " <- %s (recursive%s; the hides below it made in the copy too)", op->src,
					op->ro ? "; read-only" : "");
			else
				fprintf(out, " <- %s", op->src);
			break;
		case MNT_BIND_FD:
			if (op->fd_slot == MNT_FD_HOME)
				fprintf(out, " <- %s", pl->id->home_host);
			else if (op->fd_slot == MNT_FD_TTY)
				fprintf(out, " <- %s", slots[op->fd_slot]);
			else if (op->fd_slot == MNT_FD_DEV)
				fprintf(out, " <- %s/dev (made once by the launcher; read-only, nosuid, noexec)",
					pl->config->state_dir);
			else
				fprintf(out, " <- %s/tmp/%s/%s", pl->config->state_dir, pl->id->name,
					slots[op->fd_slot]);
			break;
		case MNT_SYMLINK:
			fprintf(out, " -> %s", op->src);
			break;
		case MNT_TMPFS:
			fprintf(out, " (%s)", op->data);
			break;
		default:
			break;
		}
		if (op->optional)
			fprintf(out, " [if present]");
		if (op->where)
			fprintf(out, " [%s]", op->where);
		fputc('\n', out);
	}
}

/* ---- execution, inside the child ---- */

static int fail(struct ss_error *err, const struct mnt_op *op, const char *what)
{
	int e = errno;

	return ss_fail(err, e, "%s %s%s%s: %s", what, op->dest, op->where ? " from " : "", op->where ? op->where : "",
		       strerror(e));
}

/* mount_setattr (Linux >= 5.12): set the MOUNT_ATTR_* bits in attrs on dfd/path (flags: AT_RECURSIVE,
 * AT_EMPTY_PATH). */
static int mount_attrs_at(int dfd, const char *path, unsigned flags, unsigned long long attrs)
{
	struct mount_attr attr = { .attr_set = attrs };

	return (int)syscall(SYS_mount_setattr, dfd, path, flags, &attr, sizeof(attr));
}

static int mount_attrs(const char *path, unsigned flags, unsigned long long attrs)
{
	return mount_attrs_at(AT_FDCWD, path, flags, attrs);
}

static int set_attr(const char *path, unsigned flags, bool ro)
{
	return mount_attrs(path, flags, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (ro ? MOUNT_ATTR_RDONLY : 0));
}

static int set_readonly(const char *path)
{
	return set_attr(path, 0, true);
}

/* The name through which mount(2) reaches what fd refers to: the magic link in the host's /proc. */
static int fd_link(char *buf, size_t sz, int fd)
{
	return ss_snprintf(buf, sz, OLDROOT "/proc/self/fd/%d", fd) < 0 ? -ENAMETOOLONG : 0;
}

/*
 * path resolved inside root (RESOLVE_IN_ROOT: absolute symlinks and ".." stay inside root): an
 * O_PATH fd, returned, and its canonical name read back from the fd into out, for the checks and
 * the messages.  The mount is then made on (or from) the fd itself, never by walking the name
 * again: a directory that another alias can write (a bind_rw, or a host directory of the shared
 * uid) could otherwise be changed into a symlink between the check and the mount.
 */
/* The canonical name of fd (below root) into out: 0 or -errno. */
static int fd_name(int fd, const char *root, char *out, size_t sz)
{
	char link[64];
	size_t rl = strlen(root);
	ssize_t n;

	if (fd_link(link, sizeof(link), fd) < 0)
		return -ENAMETOOLONG;
	n = readlink(link, out, sz - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n >= sz - 1)
		return -ENAMETOOLONG;
	out[n] = '\0';
	if (strncmp(out, root, rl) || (out[rl] != '/' && out[rl] != '\0'))
		return -EXDEV; /* cannot happen with RESOLVE_IN_ROOT; refuse rather than trust it */
	return 0;
}

/* openat2 of path in rootfd, retried on EAGAIN: a walk through ".." raced a rename or a mount
 * somewhere on the host (any alias can cause that), and the kernel asks for a retry.  Bounded, and
 * then an error like any other.  The fd, or -errno. */
static int open_in(int rootfd, const char *path, unsigned long long resolve)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = resolve };
	int fd = -1;

	if (rootfd < 0)
		return -EBADF; /* cannot happen: mounts_apply opened both roots */
	for (int tries = 0; tries < 8; tries++) {
		fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	return fd < 0 ? -errno : fd;
}

static int resolve_in(int rootfd, const char *root, const char *path, char *out, size_t sz)
{
	cleanup_close int fd = open_in(rootfd, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	int ret;

	if (fd < 0)
		return fd;
	if ((ret = fd_name(fd, root, out, sz)) < 0)
		return ret;
	ret = fd;
	fd = -1;
	return ret;
}

static int mount_root(struct ss_error *err)
{
	if (mount(OLDROOT, NEWROOT, NULL, MS_BIND | MS_REC, NULL) < 0)
		return ss_fail(err, errno, "bind of the host root: %s", strerror(errno));
	/* one call makes every mount of the copy read-only, nosuid, nodev */
	if (set_attr(NEWROOT, AT_RECURSIVE, true) < 0)
		return ss_fail(err, errno, "making the host root read-only (mount_setattr, Linux >= 5.12): %s",
			       strerror(errno));
	return 0;
}

static int write_file(const char *name, const char *content)
{
	cleanup_close int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0)
		return -1;
	return ss_write_all(fd, content, strlen(content)) < 0 ? -1 : 0;
}

/* The staging root becomes read-only (it is nosuid and nodev since its mount): a bind copies the
 * flags of its source mount, so what is bound from it later is read-only, nosuid and nodev. */
static int staging_readonly(struct ss_error *err)
{
	if (set_readonly("/") < 0)
		return ss_fail(err, errno, "read-only remount of the staging root: %s", strerror(errno));
	return 0;
}

/* While mounts_apply runs: the list (for the sensitive paths), the two trees, opened once, and
 * the profile binds made so far: where each source resolved on the host and where its copy is in
 * the new root, both canonical (for hides_in_binds). */
static struct {
	const struct mnt_list *l;
	int oldroot, newroot;
	struct stat newroot_st; /* the new root's directory, as newroot was opened */
	size_t n_bound;
	struct {
		char *src, *dst;
	} bound[MNT_MAX];
	bool sens_done;			/* sens_real filled in (at the first profile bind) */
	char *sens_real[MNT_SENSITIVE]; /* the sensitive paths as the host's links resolve them, or NULL */
} cx = { .oldroot = -1, .newroot = -1 };

/* Is path absolute and plain: no empty, "." or ".." component, no trailing slash (nor "/" itself)? */
static bool plain_path(const char *path)
{
	const char *c = path;

	if (*path != '/')
		return false;
	while (*c == '/' && c[1]) {
		const char *e = strchrnul(c + 1, '/');
		size_t n = (size_t)(e - c - 1);

		if (n == 0 || (n == 1 && c[1] == '.') || (n == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		c = e;
	}
	return *c == '\0';
}

/*
 * resolve_in(cx.newroot, NEWROOT, ...) for a mount target, one system call shorter where it can be:
 * a plain path that resolves with no symbolic link on the way names where it leads as it is, so the
 * canonical name needs no readlink.  (What the name is used for, dest_safe's walk, ends on the fd's
 * own inode anyway.)  Anything else, a link or a failure, takes resolve_in's way.
 */
static int resolve_target(const char *path, char *out, size_t sz)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS };
	int fd;

	if (cx.newroot >= 0 && plain_path(path) && ss_snprintf(out, sz, NEWROOT "%s", path) == 0) {
		fd = (int)syscall(SYS_openat2, cx.newroot, path, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno == ENOENT || errno == ENOTDIR || errno == EACCES)
			return -errno; /* no link was met: what resolve_in would say */
	}
	return resolve_in(cx.newroot, NEWROOT, path, out, sz);
}

/* Can the aliases' uid change the directory st describes (and so move or remove what is mounted in
 * it, or swap the names on the way)?  A sticky one only for the entries it owns (entry_owner). */
static bool alias_can_change(const struct stat *st)
{
	/* (root testing a profile with --profile: every directory is root's, and no alias is root) */
	return (st->st_uid == ss_rt.ruid && ss_rt.ruid != 0) ||
	       ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX));
}

#define GUARD_LINKS 40 /* symbolic links followed in one path, as the kernel's MAXSYMLINKS */

/*
 * A profile's path (a bind's source in the host tree, a mount's target in the new root) resolved
 * in root as resolve_in does (absolute links and ".." stay inside root), but following a symbolic
 * link only where no alias can change it: its directory out of the aliases' reach (as
 * alias_can_change says), and in a directory others may write (sticky) not one of the shared
 * uid's.  The way may pass through trees the aliases write (a bind_rw source, a host directory of
 * the shared uid), and there another alias could plant or re-point a link before a login and lead
 * the bind, or the mount, anywhere on the host: its core dumps, the system bus, a directory of its
 * own over /usr/local/bin.  Such a link gives -EPERM, its name in bad.  One component at a time,
 * each opened by fd from the one before, so nothing is looked up by name twice.  The fd, or -errno.
 */
SS_NOINLINE int mounts_resolve_guarded(int rootfd, const char *root, const char *path, char *out, size_t sz, char *bad,
				       size_t badsz)
{
	char todo[2 * SS_PATH_MAX + 2], next[2 * SS_PATH_MAX + 2], target[SS_PATH_MAX], comp[256];
	cleanup_close int cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	struct stat root_st, dir_st, st;
	struct statfs sf;
	const char *rest;
	int links = 0, r;

	if (cur < 0 || fstat(rootfd, &root_st) < 0)
		return -errno;
	if (ss_snprintf(todo, sizeof(todo), "%s", path) < 0)
		return -ENAMETOOLONG;
	for (rest = todo;;) {
		cleanup_close int nfd = -1;
		size_t len;
		ssize_t n;

		rest += strspn(rest, "/");
		if (!*rest)
			break;
		len = strcspn(rest, "/");
		if (len >= sizeof(comp))
			return -ENAMETOOLONG;
		memcpy(comp, rest, len);
		comp[len] = '\0';
		rest += len;
		if (!strcmp(comp, "."))
			continue;
		if (fstat(cur, &dir_st) < 0)
			return -errno;
		if (!strcmp(comp, "..")) {
			if (dir_st.st_dev == root_st.st_dev && dir_st.st_ino == root_st.st_ino)
				continue; /* at the root, ".." stays there */
			nfd = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		} else {
			nfd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		if (nfd < 0 || fstat(nfd, &st) < 0)
			return -errno;
		if (!S_ISLNK(st.st_mode)) {
			close(cur);
			cur = nfd;
			nfd = -1;
			continue;
		}
		/* proc's links (/proc/self, its fds, root, cwd) are the kernel's, not text to follow:
		 * refused, as RESOLVE_NO_MAGICLINKS does elsewhere */
		if (fstatfs(nfd, &sf) < 0 || sf.f_type == PROC_SUPER_MAGIC)
			return -ELOOP;
		if (alias_can_change(&dir_st) || ((dir_st.st_mode & (S_IWGRP | S_IWOTH)) && st.st_uid == ss_rt.ruid)) {
			const char *dir = fd_name(cur, root, next, sizeof(next)) == 0 ? next + strlen(root) : "...";

			(void)!ss_snprintf(bad, badsz, "%s/%s", dir, comp); /* (cut short if it must be) */
			return -EPERM;
		}
		if (++links > GUARD_LINKS)
			return -ELOOP;
		n = readlinkat(nfd, "", target, sizeof(target));
		if (n < 0)
			return -errno;
		if ((size_t)n >= sizeof(target))
			return -ENAMETOOLONG;
		target[n] = '\0';
		if (ss_snprintf(next, sizeof(next), "%s/%s", target, rest) < 0)
			return -ENAMETOOLONG;
		memcpy(todo, next, strlen(next) + 1);
		rest = todo;
		if (target[0] == '/') {
			close(cur);
			if ((cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 3)) < 0)
				return -errno;
		}
	}
	if ((r = fd_name(cur, root, out, sz)) < 0)
		return r;
	r = cur;
	cur = -1;
	return r;
}

/* A profile's path in root: one openat2 where no symbolic link is on the way (the canonical name is
 * then the path itself, if it is plain), else mounts_resolve_guarded. */
static int resolve_profile(int rootfd, const char *root, const char *path, char *out, size_t sz, char *bad,
			   size_t badsz)
{
	int fd = open_in(rootfd, path, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS), r;

	bad[0] = '\0';
	if (fd == -ELOOP)
		return mounts_resolve_guarded(rootfd, root, path, out, sz, bad, badsz);
	if (fd < 0)
		return fd;
	if (plain_path(path))
		r = ss_snprintf(out, sz, "%s%s", root, path) < 0 ? -ENAMETOOLONG : 0;
	else
		r = fd_name(fd, root, out, sz);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/*
 * The sensitive paths (home_base, /home, ...) are text; on the host a link may lie on the way to one
 * (/home -> var/home, /data -> /srv/data above home_base), and a source that resolves below where it
 * leads exposes it just the same.  So a resolved source is compared with each as the host resolves
 * it too (done once, at the first bind).  One the host does not have is compared as text only.
 */
SS_NOINLINE static const char *exposes_resolved(const char *src)
{
	char real[SS_PATH_MAX + 16];

	if (!cx.sens_done) {
		for (size_t i = 0; i < cx.l->n_sensitive; i++) {
			cleanup_close int fd = resolve_in(cx.oldroot, OLDROOT, cx.l->sensitive[i], real, sizeof(real));

			cx.sens_real[i] = fd >= 0 ? ss_xstrdup(real[sizeof(OLDROOT) - 1] ? real + sizeof(OLDROOT) - 1
											 : "/")
						  : NULL;
		}
		cx.sens_done = true;
	}
	for (size_t i = 0; i < cx.l->n_sensitive; i++)
		if (cx.sens_real[i] &&
		    (!strcmp(cx.sens_real[i], "/") || under(src, cx.sens_real[i]) || under(cx.sens_real[i], src)))
			return cx.l->sensitive[i];
	return NULL;
}

/* A profile's bind: the source resolved in the host tree (resolve_profile: through no link another
 * alias could change) and checked where it really leads, then cloned from that very fd, given its
 * flags while still detached, and attached on dfd. */
static int bind_in_root(const struct mnt_op *op, int dfd, const char *dst, struct ss_error *err)
{
	char src[SS_PATH_MAX + 16], bad[SS_PATH_MAX];
	cleanup_close int sfd = resolve_profile(cx.oldroot, OLDROOT, op->src, src, sizeof(src), bad, sizeof(bad)),
			  tree = -1;
	const char *s, *step = NULL, *real;
	struct stat s_st, d_st;

	if (sfd == -EPERM && bad[0])
		return ss_fail(err, EPERM,
			       "%s: bind source %s: the way to it follows the symbolic link %s, which uid %u can "
			       "change: another alias could point it anywhere on the host",
			       op->where, op->src, bad, (unsigned)ss_rt.ruid);
	if (sfd < 0)
		return ss_fail(err, -sfd, "bind %s on %s from %s: %s", op->src, op->dest, op->where, strerror(-sfd));
	/* a symlink may have led elsewhere: check where it really goes, against where each sensitive
	 * path really is too */
	real = src[sizeof(OLDROOT) - 1] ? src + sizeof(OLDROOT) - 1 : "/";
	if ((s = exposes(cx.l->sensitive, cx.l->n_sensitive, real)) || (s = exposes_resolved(real)))
		return ss_fail(err, EPERM, "%s: bind source %s resolves to %s, which would expose %s", op->where,
			       op->src, real, s);
	if (fstat(sfd, &s_st) < 0 || fstat(dfd, &d_st) < 0)
		return ss_fail(err, errno, "bind %s on %s from %s: %s", op->src, op->dest, op->where, strerror(errno));
	if (S_ISDIR(s_st.st_mode) != S_ISDIR(d_st.st_mode))
		return ss_fail(err, S_ISDIR(d_st.st_mode) ? EISDIR : ENOTDIR, "bind %s on %s from %s: %s", op->src,
			       op->dest, op->where,
			       S_ISDIR(d_st.st_mode) ? "the source is not a directory, the target is"
						     : "the source is a directory, the target is not");
	tree = (int)syscall(SYS_open_tree, sfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
	if (tree < 0)
		step = "open_tree";
	else if (mount_attrs_at(tree, "", AT_EMPTY_PATH | AT_RECURSIVE,
				MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (op->ro ? MOUNT_ATTR_RDONLY : 0)) < 0)
		step = "mount_setattr";
	else if (syscall(SYS_move_mount, tree, "", dfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		step = "move_mount";
	if (step)
		return ss_fail(err, errno, "bind %s on %s from %s: %s: %s", op->src, op->dest, op->where, step,
			       strerror(errno));
	if (cx.n_bound == MNT_MAX) /* cannot happen: a profile has at most 256 mount lines */
		return ss_fail(err, E2BIG, "bind %s on %s from %s: too many binds", op->src, op->dest, op->where);
	cx.bound[cx.n_bound].src = ss_xstrdup(src);
	cx.bound[cx.n_bound++].dst = ss_xstrdup(dst);
	return 0;
}

/* ss_on_fuse() of the new root's path rel (no leading slash); its buffer out of dest_safe's frame */
SS_NOINLINE static int on_fuse_in_root(const char *rel)
{
	char abs[SS_PATH_MAX + 32];

	return ss_snprintf(abs, sizeof(abs), NEWROOT "/%s", rel) < 0 ? -ENAMETOOLONG : ss_on_fuse(abs);
}

/*
 * A profile's mount target dst (resolved, canonical, the fd dfd), checked where it really is: not a
 * path the launcher builds, nor above one it mounts on by name (for a bind), and reached only through
 * directories the aliases' uid cannot change.  Otherwise another alias could, at any time, rename or
 * remove the mount point under the session (the mount moves, or goes, with it) or redirect the names
 * on the way.  The walk goes by fd from the new root and must end on dfd itself.
 */
static int dest_safe(const struct mnt_op *op, int dfd, const char *dst, struct stat *at_dfd, struct ss_error *err)
{
	const char *rel = dst[sizeof(NEWROOT) - 1] ? dst + sizeof(NEWROOT) - 1 : "/", *s;
	char why[128], path[SS_PATH_MAX + 16], *slash;
	struct stat st = cx.newroot_st;
	bool sticky = false;
	dev_t dev;
	int r;

	if ((s = dest_refused(rel, op->kind == MNT_BIND, why, sizeof(why))))
		return ss_fail(err, EPERM, "%s: %s resolves to %s, %s", op->where, op->dest, rel, s);
	if (ss_snprintf(path, sizeof(path), "%s", rel + 1) < 0)
		return ss_fail(err, ENAMETOOLONG, "%s: %s: %s", op->where, op->dest, strerror(ENAMETOOLONG));
	/* rel has no symbolic link in it: each prefix is looked at with lstat, in order, so each walk
	 * goes through directories already found to be out of the aliases' reach */
	for (slash = path;; *slash = '/') {
		if (alias_can_change(&st)) {
			*slash = '\0';
			return ss_fail(err, EPERM,
				       "%s: %s lies in /%s, which uid %u can change: another alias could move or remove "
				       "the mount",
				       op->where, rel, path, (unsigned)ss_rt.ruid);
		}
		sticky = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
		if (!(slash = strchr(slash + (slash != path), '/')))
			break;
		*slash = '\0';
		dev = st.st_dev;
		if (fstatat(cx.newroot, path, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			return ss_fail(err, EPERM, "%s: %s changed while it was checked", op->where, op->dest);
		/* a mount: FUSE reports whatever owner and mode its daemon likes */
		if (st.st_dev != dev) {
			r = on_fuse_in_root(path);
			if (r < 0)
				return ss_fail(err, EPERM, "%s: %s changed while it was checked", op->where, op->dest);
			if (r > 0)
				return ss_fail(
					err, EPERM,
					"%s: %s lies in /%s, a FUSE file system: its owners and modes are whatever "
					"its daemon says",
					op->where, rel, path);
		}
	}
	if (fstatat(cx.newroot, path, &st, AT_SYMLINK_NOFOLLOW) < 0 || fstat(dfd, at_dfd) < 0 ||
	    st.st_dev != at_dfd->st_dev || st.st_ino != at_dfd->st_ino)
		return ss_fail(err, EPERM, "%s: %s changed while it was checked", op->where, op->dest);
	if (sticky && st.st_uid == ss_rt.ruid)
		return ss_fail(err, EPERM,
			       "%s: %s is owned by uid %u, in a sticky directory: another alias could move or remove "
			       "the mount",
			       op->where, rel, (unsigned)ss_rt.ruid);
	return 0;
}

/* A path (resolve_in's result r) that leads nowhere: nothing there to hide or mount on.  For the
 * launcher's own operations (op->where unset) also a path the alias cannot reach (EACCES: a 0750
 * /var/log; the shell has the same ids and no more rights), or one through a file (ENOTDIR).  A
 * profile's hide skips only ENOENT: anything else refuses the login. */
static bool absent(const struct mnt_op *op, int r)
{
	return r == -ENOENT || (!op->where && (r == -ENOTDIR || r == -EACCES));
}

/* The launcher's own hides (op->where unset: the session logs, home_base, state_dir) cover a
 * regular file or a directory only.  Anything else holds none of the records: a host that links
 * wtmp to /dev/null (to keep no records) must not get a /dev/null that cannot be written.  *have
 * (if not NULL) tells whether *st is fd's. */
static bool launcher_hide_skips_st(const struct mnt_op *op, int fd, struct stat *st, bool *have)
{
	bool got;

	if (have)
		*have = false;
	if (op->kind != MNT_HIDE || op->where)
		return false;
	got = fstat(fd, st) == 0;
	if (have)
		*have = got;
	return got && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode);
}

static bool launcher_hide_skips(const struct mnt_op *op, int fd)
{
	struct stat st;

	return launcher_hide_skips_st(op, fd, &st, NULL);
}

/* An operation whose target was resolved in the new root (dfd): made on the fd, not by name.  known:
 * what fstat said of dfd already, or NULL. */
static int apply_in_root(const struct mnt_op *op, int dfd, const char *dst, const struct stat *known,
			 struct ss_error *err)
{
	char at[64], src[SS_PATH_MAX + 16];
	struct stat st;

	if (known)
		st = *known;
	if (op->where) {
		if (dest_safe(op, dfd, dst, &st, err) < 0)
			return -err->code;
		known = &st;
	}
	if (fd_link(at, sizeof(at), dfd) < 0)
		return ss_fail(err, ENAMETOOLONG, "path too long");
	switch (op->kind) {
	case MNT_BIND:
		return bind_in_root(op, dfd, dst, err);
	case MNT_TMPFS:
		if (mount("tmpfs", at, "tmpfs", MS_NOSUID | MS_NODEV, op->data) < 0)
			return fail(err, op, "tmpfs on");
		return 0;
	case MNT_HIDE: /* from the staging root, read-only, nosuid and nodev by now (staging_readonly) */
		if ((!known && fstat(dfd, &st) < 0) ||
		    mount(S_ISDIR(st.st_mode) ? EMPTY_DIR : EMPTY_FILE, at, NULL, MS_BIND, NULL) < 0)
			return fail(err, op, "hide");
		return 0;
	case MNT_FILE: /* what the host's symbolic link leads to (apply_one) */
		if (!known && fstat(dfd, &st) < 0)
			return fail(err, op, "generated");
		if (!S_ISREG(st.st_mode))
			return ss_fail(err, EINVAL,
				       "generated %s: the host's %s leads to %s, which is not a regular file", op->dest,
				       op->dest, dst[sizeof(NEWROOT) - 1] ? dst + sizeof(NEWROOT) - 1 : "/");
		/* where the link leads, the way must be one no alias can change, as for a profile's mount
		 * point: another alias that could rename or remove the file (through a bind_rw) would take
		 * the generated one with it, and choose this alias's passwd line (its home, its shell) */
		{
			char label[SS_PATH_MAX + 16];
			struct mnt_op chk = *op;

			if (ss_snprintf(label, sizeof(label), "generated %s", op->dest) < 0)
				return ss_fail(err, ENAMETOOLONG, "path too long");
			chk.where = label;
			if (dest_safe(&chk, dfd, dst, &st, err) < 0)
				return -err->code;
		}
		if (ss_snprintf(src, sizeof(src), "/%s", op->src) < 0 || mount(src, at, NULL, MS_BIND, NULL) < 0)
			return fail(err, op, "generated");
		return 0;
	default:
		abort(); /* plan_mounts resolves only these in the new root */
	}
}

/* Is there anything at path in the new root itself, a symbolic link not followed (one that leads
 * nowhere)? */
static bool names_something(const char *path)
{
	struct open_how how = { .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	cleanup_close int fd = (int)syscall(SYS_openat2, cx.newroot, path, &how, sizeof(how));

	return fd >= 0;
}

/*
 * op resolved in the new root (resolve_in) and made on what it leads to (apply_in_root).  A hide or a
 * generated file finds nothing to cover where the path is absent (and the launcher's own hides
 * leave alone what launcher_hide_skips says): no mount, and 0.  A profile's bind or tmpfs needs
 * its mount point.
 */
static int resolve_apply(const struct mnt_op *op, struct ss_error *err)
{
	char dst[SS_PATH_MAX + 16], bad[SS_PATH_MAX];
	/* a profile's target through no link another alias could change (resolve_profile) */
	cleanup_close int dfd = op->where ? resolve_profile(cx.newroot, NEWROOT, op->dest, dst, sizeof(dst), bad,
							    sizeof(bad))
					  : resolve_target(op->dest, dst, sizeof(dst));
	bool covers = op->kind == MNT_HIDE || op->kind == MNT_FILE, have = false;
	struct stat st;

	if (op->where && dfd == -EPERM && bad[0])
		return ss_fail(err, EPERM,
			       "%s: %s: the way to it follows the symbolic link %s, which uid %u can change: another "
			       "alias could point it elsewhere",
			       op->where, op->dest, bad, (unsigned)ss_rt.ruid);

	if (op->kind == MNT_FILE && dfd == -ENOENT && names_something(op->dest))
		return ss_fail(err, ENOENT,
			       "generated %s: the host's %s is a symbolic link that leads nowhere (whoever could "
			       "make what it names would choose what the sandbox reads there)",
			       op->dest, op->dest);
	if (covers && (absent(op, dfd) || (dfd >= 0 && launcher_hide_skips_st(op, dfd, &st, &have))))
		return 0;
	if (dfd == -ENOENT && op->where)
		return ss_fail(err, ENOENT, "%s on %s from %s: %s (the launcher does not create mount points)",
			       op->kind == MNT_BIND ? "bind" : "mount", op->dest, op->where, strerror(ENOENT));
	if (dfd < 0) {
		errno = -dfd;
		return fail(err, op,
			    op->kind == MNT_BIND   ? "bind on"
			    : op->kind == MNT_HIDE ? "hide"
			    : op->kind == MNT_FILE ? "generated"
						   : "mount on");
	}
	return apply_in_root(op, dfd, dst, have ? &st : NULL, err);
}

/* (This and the other helpers of mounts_apply with a path buffer of their own are kept out of its
 * frame: -fstack-clash-protection touches every page of a frame, and each page init touches first
 * is a page fault, ~2.5 µs on the VM of docs/performance.md.) */
SS_NOINLINE static int apply_one(const struct mnt_op *op, const char *dst, const int *fds, struct ss_error *err)
{
	char src[SS_PATH_MAX + 16];
	struct stat st;
	int fd;

	switch (op->kind) {
	case MNT_ROOT:
		return mount_root(err);
	case MNT_TMPFS:
		if (mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, op->data) < 0)
			return fail(err, op, "tmpfs on");
		return 0;
	case MNT_BIND:
	case MNT_SELF_BIND:
		if (ss_snprintf(src, sizeof(src), "%s%s", op->kind == MNT_BIND ? OLDROOT : NEWROOT,
				op->kind == MNT_BIND ? op->src : op->dest) < 0)
			return ss_fail(err, ENAMETOOLONG, "path too long");
		if (op->optional && lstat(src, &st) < 0)
			return 0;
		/* The host's device nodes onto the per-login /dev (they must keep working: no nodev), and
		 * parts of the new /proc onto themselves, which keep /proc's nosuid, nodev, noexec (a
		 * bind copies the flags of its source).  A profile's binds are made by bind_in_root. */
		if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
			return ss_fail(err, errno, "bind %s on %s: %s", op->kind == MNT_BIND ? op->src : op->dest,
				       op->dest, strerror(errno));
		return 0;
	case MNT_BIND_FD:
		if (fds[op->fd_slot] < 0) /* cannot happen: open_sources opens every source the plan names */
			return ss_fail(err, EBADF, "bind on %s: its source was not opened", op->dest);
		if (ss_snprintf(src, sizeof(src), OLDROOT "/proc/self/fd/%d", fds[op->fd_slot]) < 0 ||
		    mount(src, dst, NULL, MS_BIND, NULL) < 0)
			return fail(err, op, "bind on");
		if (op->fd_slot == MNT_FD_DEV) {
			/* root-made nodes (PRIV_PREPARE_DEV): devices must work, nothing else may */
			if (mount_attrs(dst, 0, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC) < 0)
				return fail(err, op, "read-only, nosuid, noexec on");
		} else if (op->fd_slot != MNT_FD_TTY && set_attr(dst, 0, false) < 0) {
			return fail(err, op, "nosuid,nodev on");
		}
		return 0;
	case MNT_READONLY:
		if (set_readonly(dst) < 0)
			return fail(err, op, "read-only remount of");
		return 0;
	case MNT_PROC:
		if (mount("proc", dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			return fail(err, op, "proc on");
		return 0;
	case MNT_DEVPTS:
		/* every devpts but the host's first draws on one count, kernel.pty.max less the
		 * reserve (3072 by default): max= keeps one session from taking them all */
		if (mount("devpts", dst, "devpts", MS_NOSUID | MS_NOEXEC,
			  "newinstance,ptmxmode=0666,mode=0620,max=" MNT_SESSION_PTYS) < 0)
			return fail(err, op, "devpts on");
		return 0;
	case MNT_MKDIR:
		if (mkdir(dst, 0755) < 0 && errno != EEXIST)
			return fail(err, op, "mkdir");
		return 0;
	case MNT_TOUCH:
		fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd < 0)
			return fail(err, op, "create");
		close(fd);
		return 0;
	case MNT_SYMLINK:
		if (symlink(op->src, dst) < 0)
			return fail(err, op, "symlink");
		return 0;
	/* From the staging root, read-only, nosuid and nodev by now (staging_readonly). */
	case MNT_FILE:
		if (lstat(dst, &st) < 0 || !S_ISREG(st.st_mode))
			/* a symbolic link (authselect's nsswitch.conf, NixOS's passwd) leads nowhere from the
			 * staging root: the generated file goes over what it leads to in the new root */
			return resolve_apply(op, err);
		if (ss_snprintf(src, sizeof(src), "/%s", op->src) < 0 || mount(src, dst, NULL, MS_BIND, NULL) < 0)
			return fail(err, op, "generated");
		return 0;
	case MNT_HIDE: /* every hide is resolved in the new root (resolve_apply, apply_in_root) */
		break;
	}
	abort();
}

int mounts_parse_mountinfo(char *mi, struct mi_entry *e, size_t max)
{
	struct ss_mi m;
	size_t n = 0;
	int r;

	while ((r = ss_mountinfo_next(&mi, &m)) > 0) {
		if (n == max)
			return -1;
		e[n].id = m.id;
		e[n].parent = m.parent;
		e[n].dev = m.dev;
		e[n].root = m.root;
		e[n].mp = m.mp;
		e[n].proc = !strcmp(m.type, "proc");
		e[n].cgroup = !strcmp(m.type, "cgroup") || !strcmp(m.type, "cgroup2");
		n++;
	}
	return r < 0 ? -1 : (int)n;
}

/* under(), where dir may be "/" too; and the part of such a path below dir ("" or "/...") */
static bool within(const char *path, const char *dir)
{
	return strcmp(dir, "/") ? under(path, dir) : *path == '/';
}

static const char *below(const char *path, const char *dir)
{
	return strcmp(dir, "/") ? path + strlen(dir) : strcmp(path, "/") ? path : "";
}

/* dir with rest ("" or "/...") below it */
static int join(char *out, size_t sz, const char *dir, const char *rest)
{
	return ss_snprintf(out, sz, "%s%s", *rest && !strcmp(dir, "/") ? "" : dir, rest);
}

/* The index in e[0..n) of the mount with this id, or n. */
static size_t by_id(const struct mi_entry *e, size_t n, unsigned long long id)
{
	size_t i;

	for (i = 0; i < n && e[i].id != id; i++)
		;
	return i;
}

/* Is e[t] one of the mounts e[c] lies in (its chain of parents)?  (The walk is bounded: a cycle
 * would be the kernel's bug.) */
static bool in_chain(const struct mi_entry *e, size_t n, size_t c, size_t t)
{
	for (size_t j = c, depth = 0; depth < n; depth++) {
		size_t k;

		k = by_id(e, n, e[j].parent);
		if (k == n || k == j)
			return false;
		if (k == t)
			return true;
		j = k;
	}
	return false;
}

bool mounts_hider(const struct mi_entry *e, size_t n, size_t c, size_t t, const char *path)
{
	return t < n && c < n && t != c && e[t].mp && within(path, e[t].mp) && !in_chain(e, n, c, t);
}

static int cmp_dev(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

bool mounts_fs_twice(const struct mi_entry *e, size_t n)
{
	cleanup_free unsigned long long *devs = n ? calloc(n, sizeof(*devs)) : NULL;
	size_t k = 0;

	if (n && !devs)
		return true; /* cannot tell: as if so */
	for (size_t i = 0; i < n; i++)
		if (!e[i].proc && !e[i].cgroup)
			devs[k++] = e[i].dev;
	if (k > 1)
		qsort(devs, k, sizeof(*devs), cmp_dev);
	for (size_t i = 1; i < k; i++)
		if (devs[i] == devs[i - 1])
			return true;
	return false;
}

bool mounts_fs_shown(const struct mi_entry *e, size_t n, size_t h, const char *fs, const char *in)
{
	if (h >= n || e[h].proc || e[h].cgroup)
		return h >= n;
	for (size_t i = 0; i < n; i++)
		if (i != h && e[i].dev == e[h].dev && !e[i].proc && !e[i].cgroup &&
		    (!in || (e[i].mp && within(e[i].mp, in))) &&
		    (!e[i].root || !fs || within(e[i].root, fs) || within(fs, e[i].root)))
			return true;
	return false;
}

int mounts_fs_path(const struct mi_entry *m, const char *mp_path, char *out, size_t sz)
{
	if (!m->root || !m->mp || !within(mp_path, m->mp))
		return -1;
	return join(out, sz, m->root, below(mp_path, m->mp)) < 0 ? -1 : 0;
}

int mounts_view(const struct mi_entry *c, const char *fs_path, char *out, size_t sz)
{
	if (!c->root || !c->mp)
		return 0;
	if (within(fs_path, c->root))
		return join(out, sz, c->mp, below(fs_path, c->root)) < 0 ? -1 : 1;
	if (within(c->root, fs_path))
		return ss_snprintf(out, sz, "%s", c->mp) < 0 ? -1 : 2;
	return 0;
}

static bool to_cover(const struct mi_entry *x, const char *prefix, const char *proc_dir)
{
	return under(x->mp, prefix) && (x->cgroup || (x->proc && !(proc_dir && under(x->mp, proc_dir))));
}

int mounts_to_cover(const struct mi_entry *e, size_t n, const char *prefix, const char *proc_dir, size_t *out,
		    size_t max)
{
	size_t i, j, k, depth, found = 0;

	for (i = 0; i < n; i++) {
		bool skip = !to_cover(&e[i], prefix, proc_dir);

		/* Inside the tree of one that is listed too: one of its parent mounts, and the one
		 * below that in its chain not stacked on it (at the same path).  Its path lies below
		 * that one's, which is covered, or else hidden by something on top: either way this one
		 * is out of reach.  Not merely below a listed one by path: a mount stacked on that one
		 * (a profile's bind onto it) may hold this one, in view; and one stacked on a listed one
		 * is listed as well (the cover finds which is on top).  (The walk is bounded: a cycle
		 * would be the kernel's bug.) */
		for (j = i, depth = 0; !skip && depth < n; depth++) {
			k = by_id(e, n, e[j].parent);
			if (k == n || k == j)
				break;
			skip = to_cover(&e[k], prefix, proc_dir) && strcmp(e[j].mp, e[k].mp);
			j = k;
		}
		if (skip)
			continue;
		if (found == max)
			return -1;
		out[found++] = i;
	}
	return (int)found;
}

/* The mount table at path, parsed: its text in *mi (the entries point into it) and its entries in
 * *e, both to be freed by the caller; returns the entry count.  when ("before" or "after" the
 * plan) tells the two reads apart in the messages. */
static int read_table(const char *path, const char *when, char **mi, struct mi_entry **e, struct ss_error *err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct ss_error rerr;
	size_t len = 0;
	int n;

	*mi = NULL;
	*e = NULL;
	if (fd < 0)
		return ss_fail(err, errno, "the mount table %s the plan (/proc/self/mountinfo): %s", when,
			       strerror(errno));
	/* 64 MiB: above what the kernel's fs.mount-max (100000 mounts by default) can list */
	if (ss_read_fd(fd, (size_t)64 << 20, mi, &len, &rerr) < 0)
		return ss_fail(err, rerr.code, "the mount table %s the plan (/proc/self/mountinfo): %s", when,
			       rerr.msg);
	/* a line is at least 20 bytes: that many entries at most */
	if (!(*e = calloc(len / 20 + 1, sizeof(**e))))
		return ss_fail(err, ENOMEM, "the mount table %s the plan: %s", when, strerror(ENOMEM));
	if ((n = mounts_parse_mountinfo(*mi, *e, len / 20 + 1)) < 0)
		return ss_fail(err, EINVAL, "the mount table %s the plan (/proc/self/mountinfo) cannot be read", when);
	return n;
}

bool mounts_elsewhere(const struct mi_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((e[i].proc && !under(e[i].mp, "/proc")) || (e[i].cgroup && !under(e[i].mp, CGROUP_DIR)))
			return true;
	return false;
}

/* Until mounts_scan_host() has looked: the whole mount table is searched after the plan. */
static bool host_mounts_elsewhere = true;

/* listmount(2) and statmount(2), Linux 6.8; the C library and the kernel headers of older
 * distributions have neither, so the little this needs is declared here (uapi/linux/mount.h).  The
 * numbers are those of the common table; alpha and MIPS number them otherwise, and without their
 * headers' numbers there the scan is not made (mountinfo is read). */
#if !defined(SYS_statmount) && !defined(__alpha__) && !defined(__mips__)
#define SYS_statmount 457
#endif
#if !defined(SYS_listmount) && !defined(__alpha__) && !defined(__mips__)
#define SYS_listmount 458
#endif
struct ss_mnt_id_req {
	uint32_t size, spare;
	uint64_t mnt_id, param;
};
struct ss_statmount {
	uint32_t size, mnt_opts;
	uint64_t mask;
	uint32_t sb_dev_major, sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags, fs_type;
	uint64_t mnt_id, mnt_parent_id;
	uint32_t mnt_id_old, mnt_parent_id_old;
	uint64_t mnt_attr, mnt_propagation, mnt_peer_group, mnt_master, propagate_from;
	uint32_t mnt_root, mnt_point;
	uint64_t spare2[50];
	char str[];
};
#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x00004000U /* Linux 6.8: the mount ids listmount and statmount use */
#endif
#define SS_LSMT_ROOT	       0xffffffffffffffffULL
#define SS_STATMOUNT_SB_BASIC  0x1U
#define SS_STATMOUNT_MNT_BASIC 0x2U
#define SS_STATMOUNT_MNT_ROOT  0x8U
#define SS_STATMOUNT_MNT_POINT 0x10U

/* The directories the plan replaces whole (a tmpfs, its own /run/user), which may hold the shared
 * uid's files of sessions on the host (an agent socket sshd makes in /tmp, the uid's runtime
 * directory): hidden like home_base and state_dir, wherever else the host shows them. */
static const char *const replaced[] = { "/home", "/tmp", "/var/tmp", "/dev/shm", "/run/user" };
#define N_REPLACED  (sizeof(replaced) / sizeof(replaced[0]))
#define N_HIDDEN(l) ((l)->n + 2 + N_REPLACED)

/*
 * The paths the plan hides, one by one (i below N_HIDDEN(l)): each hide, then home_base and
 * state_dir, which the plan hides in any case but not always with a hide (home_base /home lies
 * under the tmpfs over /home), then the directories it replaces; NULL for an i that is none (or
 * one that a hide names already).  tmp holds the op made up for those.
 */
static const struct mnt_op *hidden_path(const struct mnt_list *l, size_t i, struct mnt_op *tmp)
{
	const char *p;

	if (i < l->n)
		return l->op[i].kind == MNT_HIDE ? &l->op[i] : NULL;
	i -= l->n;
	if (!(p = i == 0 ? l->home_base : i == 1 ? l->state_dir : i - 2 < N_REPLACED ? replaced[i - 2] : NULL))
		return NULL;
	for (size_t j = 0; j < l->n; j++)
		if (l->op[j].kind == MNT_HIDE && !strcmp(l->op[j].dest, p))
			return NULL;
	*tmp = (struct mnt_op){ .kind = MNT_HIDE, .dest = p, .fd_slot = -1, .in_root = true };
	return tmp;
}

/* Which of the mounts e[0..n) (not proc or cgroup ones) share their file system with another one:
 * an array of n flags, to be freed; NULL if out of memory. */
static bool *dup_flags(const struct mi_entry *e, size_t n)
{
	struct dev_at {
		unsigned long long dev; /* first: cmp_dev orders the pairs by it */
		size_t i;
	} *v = calloc(n + 1, sizeof(*v));
	bool *dup = calloc(n + 1, sizeof(*dup));
	size_t k = 0, i, j;

	if (!v || !dup) {
		free(v);
		free(dup);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (!e[i].proc && !e[i].cgroup) {
			v[k].dev = e[i].dev;
			v[k++].i = i;
		}
	if (k > 1)
		qsort(v, k, sizeof(*v), cmp_dev);
	for (i = 0; i < k; i = j) {
		for (j = i + 1; j < k && v[j].dev == v[i].dev; j++)
			;
		for (size_t m = i; j - i > 1 && m < j; m++)
			dup[v[m].i] = true;
	}
	free(v);
	return dup;
}

/*
 * Is a file system that holds a path the plan hides (hidden_path(), resolved on the host as the
 * plan resolves it) mounted more than once in the mounts e[0..n) (mounts_fs_elsewhere), or is one
 * that is mounted more than once mounted at or below such a path (a home that is a file system,
 * or a bind, of its own, also mounted elsewhere)?  Then another mount may show a hidden path again
 * (a bind of /home elsewhere, a chroot's copy, /home/bob bound from /data/bob): the table is read
 * after the plan to cover those (cover_views).  Only asked where some file system is mounted twice
 * at all (mounts_fs_twice), which most hosts have none of: then one statx per hidden path, and its
 * name read back, to compare with the mount points of such file systems (in e; one that is NULL
 * counts as at or below it).  mask says which mount ids e holds: STATX_MNT_ID_UNIQUE
 * (statmount's) or STATX_MNT_ID (mountinfo's).  A hidden path that cannot be looked at (but is
 * absent) counts as such a one.
 */
static bool hides_shown_twice(const struct mnt_list *l, const struct mi_entry *e, size_t n, unsigned int mask)
{
	char link[64], canon[SS_PATH_MAX + 1], fs[SS_PATH_MAX + 1];
	cleanup_free bool *dup = NULL;
	struct statx sx;
	size_t m;

	if (!mounts_fs_twice(e, n))
		return false;
	if (!(dup = dup_flags(e, n)))
		return true;
	for (size_t i = 0; i < N_HIDDEN(l); i++) {
		struct mnt_op tmp;
		const struct mnt_op *h = hidden_path(l, i, &tmp);
		cleanup_close int fd = -1;
		ssize_t len;

		if (!h)
			continue;
		if ((fd = open(h->dest, O_PATH | O_CLOEXEC)) < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			return true;
		}
		if (statx(fd, "", AT_EMPTY_PATH, mask, &sx) < 0 || !(sx.stx_mask & mask) ||
		    ss_snprintf(link, sizeof(link), "/proc/self/fd/%d", fd) < 0 ||
		    (len = readlink(link, canon, sizeof(canon) - 1)) < 0 || (size_t)len >= sizeof(canon) - 1)
			return true;
		canon[len] = '\0';
		/* the holding mount's file system elsewhere, showing this path or a part of it */
		m = by_id(e, n, sx.stx_mnt_id);
		if (m == n)
			return true;
		if (dup[m] && (mounts_fs_path(&e[m], canon, fs, sizeof(fs)) < 0 || mounts_fs_shown(e, n, m, fs, NULL)))
			return true;
		/* a mount at the path itself: the directory below it, in the mount it is mounted on,
		 * shown by another mount of that one's file system */
		if (sx.stx_attributes_mask & sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) {
			size_t p;

			p = by_id(e, n, e[m].parent);
			if (p < n && p != m && dup[p])
				return true;
		}
		for (size_t k = 0; k < n; k++)
			if (dup[k] && (!e[k].mp || within(e[k].mp, canon)))
				return true;
	}
	return false;
}

/*
 * The question of mounts_scan_host() asked of the kernel directly: the ids of the namespace's
 * mounts (listmount), then the file system of each (statmount), and the mount point of a proc or
 * cgroup one.  No text to make and parse: a fraction of reading mountinfo, on init's way to its
 * "go".  A cgroup mount that is the one on top at /sys/fs/cgroup, or mounted in that one (a v1
 * hierarchy on the tmpfs there), lies below it without asking where (a hybrid host has a dozen).
 * Then whether a hidden path's file system is mounted twice (hides_shown_twice).
 * Returns 1 (a mount lies elsewhere: mounts_elsewhere, or a file system is shown twice), 0 (none
 * does), or -1 if the kernel cannot say (older than 6.8, a filter that refuses the calls, a mount
 * point too long for the buffer): then mountinfo is read, which says the same.  An answer that
 * cannot be the kernel's is not believed either (a filter that fakes success): no mount at all, or
 * a statmount that did not fill in the mount asked about.
 */
#if defined(SYS_statmount) && defined(SYS_listmount)
/* The string at offset off of what statmount wrote into sm (a buffer of bufsz bytes, its size
 * field the kernel's), or NULL if it does not end inside the strings written. */
static const char *sm_string(const struct ss_statmount *sm, size_t bufsz, uint32_t off)
{
	const size_t head = offsetof(struct ss_statmount, str);
	size_t strs = sm->size > head && sm->size <= bufsz ? sm->size - head : 0;

	return off < strs && memchr(sm->str + off, '\0', strs - off) ? sm->str + off : NULL;
}
#endif

static int scan_by_statmount(const struct mnt_list *l)
{
#if defined(SYS_statmount) && defined(SYS_listmount)
	union {
		struct ss_statmount sm;
		char buf[sizeof(struct ss_statmount) + SS_PATH_MAX + 1];
	} u;
	uint64_t ids[128], last = 0, cg_top = 0;
	cleanup_free struct mi_entry *all = NULL;
	const char *mp, *root;
	size_t count = 0;
	struct statx sx;
	long n;

	/* only a directory that is the root of a mount: else (nothing mounted there, a symbolic
	 * link) the mount that holds it is no sign of where its other mounts lie */
	if (statx(AT_FDCWD, CGROUP_DIR, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MNT_ID_UNIQUE, &sx) == 0 &&
	    (sx.stx_mask & (STATX_TYPE | STATX_MNT_ID_UNIQUE)) == (STATX_TYPE | STATX_MNT_ID_UNIQUE) &&
	    S_ISDIR(sx.stx_mode) && (sx.stx_attributes_mask & sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		cg_top = sx.stx_mnt_id;

	do {
		struct ss_mnt_id_req req = { .size = 24, .mnt_id = SS_LSMT_ROOT, .param = last };
		struct mi_entry *more;

		n = syscall(SYS_listmount, &req, ids, sizeof(ids) / sizeof(ids[0]), 0);
		if (n < 0 || (size_t)n > sizeof(ids) / sizeof(ids[0]) || (n == 0 && last == 0))
			return -1; /* (a namespace has its root mount at least) */
		if (!(more = reallocarray(all, count + (size_t)n + 1, sizeof(*all))))
			return -1;
		all = more;
		for (long i = 0; i < n; i++) {
			struct ss_mnt_id_req q = { .size = 24,
						   .mnt_id = ids[i],
						   .param = SS_STATMOUNT_SB_BASIC | SS_STATMOUNT_MNT_BASIC };

			u.sm.mask = 0;
			u.sm.mnt_id = 0;
			if (syscall(SYS_statmount, &q, &u, sizeof(u), 0) < 0 ||
			    (u.sm.mask & (SS_STATMOUNT_SB_BASIC | SS_STATMOUNT_MNT_BASIC)) !=
				    (SS_STATMOUNT_SB_BASIC | SS_STATMOUNT_MNT_BASIC) ||
			    u.sm.mnt_id != ids[i])
				return -1;
			bool cg = u.sm.sb_magic == CGROUP_SUPER_MAGIC || u.sm.sb_magic == CGROUP2_SUPER_MAGIC;

			all[count++] = (struct mi_entry){ .id = u.sm.mnt_id,
							  .parent = u.sm.mnt_parent_id,
							  .dev = SS_DEV(u.sm.sb_dev_major, u.sm.sb_dev_minor),
							  .proc = u.sm.sb_magic == PROC_SUPER_MAGIC,
							  .cgroup = cg };
			if ((u.sm.sb_magic != PROC_SUPER_MAGIC && !cg) ||
			    (cg && cg_top && (u.sm.mnt_id == cg_top || u.sm.mnt_parent_id == cg_top)))
				continue;
			q.param = SS_STATMOUNT_MNT_POINT;
			u.sm.mask = 0;
			if (syscall(SYS_statmount, &q, &u, sizeof(u), 0) < 0 || !(u.sm.mask & SS_STATMOUNT_MNT_POINT))
				return -1;
			/* the strings the kernel wrote: the mount point must end inside them */
			if (!(mp = sm_string(&u.sm, sizeof(u), u.sm.mnt_point)))
				return -1;
			if (!under(mp, cg ? CGROUP_DIR : "/proc"))
				return 1;
		}
		if (n > 0)
			last = ids[n - 1];
	} while (n == (long)(sizeof(ids) / sizeof(ids[0])));
	if (!mounts_fs_twice(all, count))
		return 0;
	/* the mount points of file systems mounted twice, for hides_shown_twice */
	{
		cleanup_free bool *dup = dup_flags(all, count);
		int r = dup ? 0 : -1;

		for (size_t k = 0; k < count && r == 0; k++) {
			struct ss_mnt_id_req q = { .size = 24,
						   .mnt_id = all[k].id,
						   .param = SS_STATMOUNT_MNT_BASIC | SS_STATMOUNT_MNT_ROOT |
							    SS_STATMOUNT_MNT_POINT };

			if (!dup[k])
				continue;
			u.sm.mask = 0;
			u.sm.mnt_id = 0;
			if (syscall(SYS_statmount, &q, &u, sizeof(u), 0) < 0 ||
			    (u.sm.mask & (SS_STATMOUNT_MNT_ROOT | SS_STATMOUNT_MNT_POINT)) !=
				    (SS_STATMOUNT_MNT_ROOT | SS_STATMOUNT_MNT_POINT) ||
			    u.sm.mnt_id != all[k].id || !(mp = sm_string(&u.sm, sizeof(u), u.sm.mnt_point)) ||
			    !(root = sm_string(&u.sm, sizeof(u), u.sm.mnt_root))) {
				r = -1;
			} else {
				all[k].mp = ss_xstrdup(mp);
				all[k].root = ss_xstrdup(root);
			}
		}
		if (r == 0)
			r = hides_shown_twice(l, all, count, STATX_MNT_ID_UNIQUE);
		for (size_t k = 0; k < count; k++) {
			free((char *)all[k].mp);
			free((char *)all[k].root);
		}
		return r;
	}
#else
	(void)l;
	return -1;
#endif
}

int mounts_scan_host(const struct mnt_list *l, struct ss_error *err)
{
	struct mi_entry *e;
	char *mi;
	int n;

	/* a profile's bind makes the table be read after the plan whatever this finds (may_copy_mounts) */
	for (size_t i = 0; i < l->n; i++)
		if (l->op[i].kind == MNT_BIND && l->op[i].in_root)
			return 0;
	if ((n = scan_by_statmount(l)) >= 0) {
		host_mounts_elsewhere = n > 0;
		return 0;
	}
	n = read_table("/proc/self/mountinfo", "before", &mi, &e, err);
	if (n >= 0)
		host_mounts_elsewhere = mounts_elsewhere(e, (size_t)n) ||
					hides_shown_twice(l, e, (size_t)n, STATX_MNT_ID);
	free(e);
	free(mi);
	return n < 0 ? n : 0;
}

/* The covers cover_at() has made since the table was read: their mount ids and where they are
 * (NEWROOT-prefixed).  A walk that ends in one of them is hidden as much as by a mount in the
 * table (the hide over /var/log in a copy, made before the one over /var/log/wtmp there). */
static struct {
	struct made_cover {
		unsigned long long id;
		char *path;
	} * v;
	size_t n;
} made;

static void made_free(void)
{
	for (size_t i = 0; i < made.n; i++)
		free(made.v[i].path);
	free(made.v);
	made.v = NULL;
	made.n = 0;
}

/*
 * Where the walk to path (in the new root, NEWROOT-prefixed) leads, for what lies there in mount
 * e[c]: 1 into e[c] (*fd: an O_PATH fd of what it found, *sx its statx with the mount id and
 * whether it is the mount's root), 0 nowhere near it: hidden, on the kernel's word (the deepest
 * prefix of path that resolves lies in a mount that hides e[c]: mounts_hider), else -errno: the
 * way changed since the table was read (-EBUSY), or the first walk's failure (-EACCES: a directory
 * on the way that init may not enter).  No symbolic link is followed; a prefix that does not
 * resolve is left off, one component at a time.
 */
SS_NOINLINE static int reach(const struct mi_entry *e, size_t n, size_t c, const char *path, int *fd, struct statx *sx)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS };
	const size_t rl = sizeof(NEWROOT) - 1;
	char buf[SS_PATH_MAX + 16], *slash;
	int first = 0;
	size_t t;

	*fd = -1;
	if (ss_snprintf(buf, sizeof(buf), "%s", path) < 0 || strncmp(buf, NEWROOT, rl))
		return -ENAMETOOLONG;
	for (;;) {
		cleanup_close int dfd = (int)syscall(SYS_openat2, cx.newroot, buf[rl] ? buf + rl + 1 : ".", &how,
						     sizeof(how));

		if (dfd >= 0) {
			if (statx(dfd, "", AT_EMPTY_PATH, STATX_MNT_ID, sx) < 0)
				return -errno;
			if (!(sx->stx_mask & STATX_MNT_ID))
				return -EIO;
			t = by_id(e, n, sx->stx_mnt_id);
			if (!first && t == c) {
				*fd = dfd;
				dfd = -1;
				return 1;
			}
			if (mounts_hider(e, n, c, t, buf))
				return 0;
			for (size_t i = 0; t == n && i < made.n; i++)
				if (made.v[i].id == sx->stx_mnt_id && within(buf, made.v[i].path))
					return 0;
			return first ? -first : -EBUSY;
		}
		if (!first)
			first = errno;
		if (!(slash = strrchr(buf + rl, '/')))
			return -first;
		*slash = '\0';
	}
}

/* What cover_at covers, and cover_region looks for: a hidden path's file system (dev) and its path
 * there (fs), the file or directory itself (want; unknown if it cannot be told), its host path (hc,
 * OLDROOT-prefixed), what to call it (what), and the plan's own binds of an fd (own: the alias's
 * home, its tmp, the prepared /dev), whose sources are there on purpose. */
struct region {
	unsigned long long dev;
	const char *fs, *hc, *what;
	const struct stat *want, *own;
	size_t n_own;
	bool unknown;
	mode_t type; /* with want NULL: the file type to look for, if not the mount's root */
	size_t copy; /* the host's mount that holds it (an index into the table), whose copy in the
			new root the plan covers there already, or the table's size */
};

/*
 * Cover what lies at path (NEWROOT-prefixed) in mount e[c] with a hide: the file or directory
 * want (its st_dev and st_ino), or with want NULL the root of e[c], whatever it is.  Left alone if
 * another mount hides it (reach); otherwise the login is refused, naming what (for the message).
 */
SS_NOINLINE static int cover_at(const struct mi_entry *e, size_t n, size_t c, const char *path, const struct region *g,
				bool whole, struct ss_error *err)
{
	const struct stat *want = whole ? NULL : g->want;
	const char *rel = path + sizeof(NEWROOT) - 1, *what = g->what;
	cleanup_close int dfd = -1;
	struct statx sx;
	struct stat st;
	int r = reach(e, n, c, path, &dfd, &sx);

	if (r == 0)
		return 0;
	if (r > 0 && fstat(dfd, &st) < 0)
		r = -errno;
	/* what the plan's own binds show (own), or a device node (the launcher binds the host's):
	 * left alone, once it is the thing looked for */
	if (r > 0 && !whole && g->unknown) {
		for (size_t i = 0; i < g->n_own; i++)
			if (st.st_dev == g->own[i].st_dev && st.st_ino == g->own[i].st_ino)
				return 0;
		return ss_fail(err, EACCES,
			       "cannot cover %s at %s: what it shows cannot be told (the host's mount cannot be "
			       "reached: hide the directory above it in the profile)",
			       what, rel);
	}
	if (r > 0 &&
	    (want		 ? st.st_dev == want->st_dev && st.st_ino == want->st_ino
	     : !whole && g->type ? (st.st_mode & S_IFMT) == g->type
				 : (sx.stx_attributes_mask & sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0)) {
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
			return 0;
		for (size_t i = 0; i < g->n_own; i++)
			if (st.st_dev == g->own[i].st_dev && st.st_ino == g->own[i].st_ino)
				return 0;
		/* a hide as apply_in_root makes one, but cloned first: its mount id is noted (made),
		 * for later walks that end in it */
		cleanup_close int tree = (int)syscall(SYS_open_tree, AT_FDCWD,
						      S_ISDIR(st.st_mode) ? EMPTY_DIR : EMPTY_FILE,
						      OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		struct made_cover *more;
		const char *step = NULL;

		if (tree < 0)
			step = "open_tree";
		else if (statx(tree, "", AT_EMPTY_PATH, STATX_MNT_ID, &sx) < 0 || !(sx.stx_mask & STATX_MNT_ID))
			step = "statx";
		else if (syscall(SYS_move_mount, tree, "", dfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) <
			 0)
			step = "move_mount";
		if (step)
			return ss_fail(err, errno ? errno : EIO, "cannot cover %s at %s: %s: %s", what, rel, step,
				       strerror(errno ? errno : EIO));
		if (!(more = reallocarray(made.v, made.n + 1, sizeof(*made.v))))
			return ss_fail(err, ENOMEM, "cannot cover %s at %s: %s", what, rel, strerror(ENOMEM));
		made.v = more;
		made.v[made.n].id = sx.stx_mnt_id;
		made.v[made.n++].path = ss_xstrdup(path);
		return 0;
	}
	if (r == -EACCES)
		return ss_fail(err, EACCES,
			       "cannot cover %s at %s: a directory on the way to it cannot be entered (hide a "
			       "directory above it in the profile)",
			       what, rel);
	return ss_fail(err, r < 0 ? -r : EBUSY,
		       "cannot cover %s at %s: the way to it changed while the sandbox was made", what, rel);
}

/* Does mount e[c] come with (lie in the copy made by) a profile bind whose source is at or below
 * the host path hc: the profile asked for what it shows (as in hides_in_binds)?  The bind it lies
 * in is the first in its chain of parents (itself included) at a bind's destination. */
static bool asked_for(const struct mi_entry *e, size_t n, size_t c, const char *hc)
{
	for (size_t j = c, depth = 0; j < n && depth < n; depth++) {
		size_t k;

		for (size_t b = cx.n_bound; b-- > 0;) /* the last bind on a place is the one on top */
			if (!strcmp(e[j].mp, cx.bound[b].dst))
				return under(cx.bound[b].src, hc);
		k = by_id(e, n, e[j].parent);
		if (k == j)
			break;
		j = k;
	}
	return false;
}

/* Is e[c] the copy in the new root (by the recursive bind of the host's root) of the host's mount
 * e[h]: the same file system and root, at the same place below the new root? */
static bool is_copy(const struct mi_entry *e, size_t n, size_t h, size_t c)
{
	return h < n && c < n && e[c].dev == e[h].dev && !strcmp(e[c].root, e[h].root) &&
	       !strcmp(e[c].mp + sizeof(NEWROOT) - 1, e[h].mp + sizeof(OLDROOT) - 1);
}

/*
 * Each mount below the new root of r's file system that shows r's path, or a part of it (mounts_view),
 * covered there (cover_at): the very file or directory, or that mount whole.  Not the copy of the
 * host's mount that holds it, where the plan has covered it (a hide, or a tmpfs: the new root is
 * the host's tree, so the plan's walk to a hidden path there ends where the host's does, or in a
 * mount of the plan above it).  Left alone: a device
 * node (the launcher binds the host's), one of the plan's own binds (by what it shows), and a mount
 * that a profile's bind of a path at or below hc brings with it (asked_for).
 */
SS_NOINLINE static int cover_region(const struct mi_entry *e, size_t n, const struct region *r, struct ss_error *err)
{
	char at[SS_PATH_MAX + 16];

	for (size_t c = 0; c < n; c++) {
		const struct mi_entry *x = &e[c];
		int v;

		if (x->dev != r->dev || x->proc || x->cgroup || !under(x->mp, NEWROOT) || is_copy(e, n, r->copy, c))
			continue;
		if ((v = mounts_view(x, r->fs, at, sizeof(at))) < 0)
			return ss_fail(err, ENAMETOOLONG, "cannot cover %s in the mount at %s: path too long", r->what,
				       x->mp + sizeof(NEWROOT) - 1);
		if (v == 0 || (within(x->root, r->fs) && asked_for(e, n, c, r->hc)))
			continue;
		if (cover_at(e, n, c, at, r, v == 2, err) < 0)
			return -err->code;
	}
	return 0;
}

/*
 * A hidden path at which e[m] is mounted (/home, a file system of its own): the directory below
 * that mount, in the mount it is mounted on (files left there before it was mounted), covered
 * wherever another mount of that one's file system shows it (cover_region, with r's other
 * fields).  That directory cannot be looked at itself: a clone of the mount below alone, where
 * nothing covers it, is refused (it has mounts of a more privileged namespace in it, which a clone
 * would uncover).  So the place that shows it is covered if it is of the same file type as the
 * mount's root (type): it is that directory, unless the names on the way changed meanwhile (no
 * worse then than no cover).
 */
SS_NOINLINE static int beneath(const struct mi_entry *e, size_t n, size_t m, mode_t type, const struct region *r,
			       struct ss_error *err)
{
	char fs[SS_PATH_MAX + 16];
	struct region b = *r;
	size_t p;

	p = by_id(e, n, e[m].parent);
	if (p == n || p == m || e[p].proc || e[p].cgroup || !under(e[p].mp, OLDROOT) ||
	    mounts_fs_path(&e[p], r->hc, fs, sizeof(fs)) < 0)
		return 0;
	if (!mounts_fs_shown(e, n, p, fs, OLDROOT) && !cx.n_bound)
		return 0; /* no other mount of it shows that directory */
	b.unknown = false;
	b.want = NULL;
	b.type = type;
	b.dev = e[p].dev;
	b.fs = fs;
	b.copy = p;
	return cover_region(e, n, &b, err) < 0 ? -err->code : 0;
}

/*
 * The host may show a path the plan hides at other places too: another mount of the same file
 * system whose root is at or above it (/home bound from /srv/home leaves /srv/home in view; a
 * second mount of the whole file system; schroot binds /home into each chroot), or one of a part
 * below it (a bind of /home/bob elsewhere).  Or the path holds mounts of its own (a home that is a
 * file system or a bind of its own, /home/bob from /data/bob) whose file systems the host mounts
 * elsewhere too.  The recursive copy of the host's tree (and any profile bind) brings those mounts
 * into the new root.  For each hidden path (hidden_path), resolved on the host as hides_in_binds
 * does: the path of its file system that it is (the root of the mount holding it, and the rest),
 * covered wherever a mount below the new root shows it (cover_region); then likewise the root of
 * each host mount at or below it whose file system is mounted elsewhere on the host too.  A copy
 * of the mount the path itself lies in is found as well, where the plan covers it already: hidden.
 */
SS_NOINLINE static int cover_views(const struct mnt_list *l, const int *fds, const struct mi_entry *e, size_t n,
				   struct ss_error *err)
{
	static const int slots[] = { MNT_FD_HOME, MNT_FD_TMP, MNT_FD_VARTMP, MNT_FD_DEV };
	char hc[SS_PATH_MAX + 16], fs[SS_PATH_MAX + 16], what[SS_PATH_MAX + 32];
	struct stat own[sizeof(slots) / sizeof(slots[0])];
	/* the hidden paths as the first round found them, for the second: host path and mount */
	cleanup_free struct found {
		char *hc;
		size_t m;
	} *found = calloc(N_HIDDEN(l), sizeof(*found));
	size_t n_own = 0, i;
	int ret = 0;

	if (!found)
		return ss_fail(err, ENOMEM, "the mount table after the plan: %s", strerror(ENOMEM));
	for (size_t s = 0; s < sizeof(slots) / sizeof(slots[0]); s++)
		if (fds[slots[s]] >= 0) {
			if (fstat(fds[slots[s]], &own[n_own]) < 0)
				return ss_fail(err, errno, "the plan's own binds: %s", strerror(errno));
			n_own++;
		}
	/* Two rounds: the hidden paths themselves, then the mounts below them (by then the places that
	 * show a hidden path whole are covered: a mount of the same part below another hidden path
	 * finds them so).  A hidden path whose file system the host mounts nowhere else has no view
	 * but the copy of its own mount (and the copies a profile bind makes of it: hides_in_binds). */
	for (i = 0; i < N_HIDDEN(l) && !ret; i++) {
		struct mnt_op tmp;
		const struct mnt_op *h = hidden_path(l, i, &tmp);
		struct region r = { .fs = fs, .hc = hc, .what = what, .own = own, .n_own = n_own };
		cleanup_close int hfd = -1;
		struct statx sx;
		struct stat hst;
		size_t m;

		if (!h)
			continue;
		hfd = resolve_in(cx.oldroot, OLDROOT, h->dest, hc, sizeof(hc));
		if (absent(h, hfd) || (hfd >= 0 && launcher_hide_skips(h, hfd)))
			continue;
		if (hfd < 0)
			ret = ss_fail(err, -hfd, "hide %s%s%s, where other mounts show it: %s", h->dest,
				      h->where ? " from " : "", h->where ? h->where : "", strerror(-hfd));
		else if (fstat(hfd, &hst) < 0 || statx(hfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &sx) < 0)
			ret = ss_fail(err, errno, "hide %s, where other mounts show it: %s", h->dest, strerror(errno));
		else if (!(sx.stx_mask & STATX_MNT_ID))
			ret = ss_fail(err, EIO, "hide %s, where other mounts show it: %s", h->dest, strerror(EIO));
		if (ret)
			break;
		m = by_id(e, n, sx.stx_mnt_id);
		if (m == n || mounts_fs_path(&e[m], hc, fs, sizeof(fs)) < 0) {
			ret = ss_fail(err, EINVAL, "hide %s: the mount it lies in (%s) is not in the mount table",
				      h->dest, hc + sizeof(OLDROOT) - 1);
			break;
		}
		found[i].hc = ss_xstrdup(hc);
		found[i].m = m;
		if (ss_snprintf(what, sizeof(what), "the hidden %s, shown again by another mount,", h->dest) < 0) {
			ret = ss_fail(err, ENAMETOOLONG, "hide %s: path too long", h->dest);
			break;
		}
		if (!strcmp(e[m].mp, hc) && beneath(e, n, m, hst.st_mode & S_IFMT, &r, err) < 0) {
			ret = -err->code;
			break;
		}
		/* (a proc or cgroup file system is covered whole: cover_other_mounts) */
		if (e[m].proc || e[m].cgroup || (!mounts_fs_shown(e, n, m, fs, OLDROOT) && !cx.n_bound))
			continue;
		r.dev = e[m].dev;
		r.want = &hst;
		r.copy = m;
		if (cover_region(e, n, &r, err) < 0)
			ret = -err->code;
	}
	/* the host's mounts at or below a hidden path, of file systems the host mounts elsewhere too */
	for (i = 0; i < N_HIDDEN(l) && !ret; i++) {
		struct region r = { .hc = found[i].hc, .what = what, .own = own, .n_own = n_own };

		for (size_t k = 0; found[i].hc && k < n && !ret; k++) {
			struct open_how how = { .flags = O_PATH | O_CLOEXEC,
						.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS };
			cleanup_close int kfd = -1;
			struct statx sx;
			struct stat kst;
			size_t o;

			if (k == found[i].m || e[k].proc || e[k].cgroup || !within(e[k].mp, found[i].hc))
				continue;
			for (o = 0; o < n; o++)
				if (o != k && e[o].dev == e[k].dev && under(e[o].mp, OLDROOT) &&
				    !within(e[o].mp, found[i].hc))
					break;
			if (o == n)
				continue; /* no other mount of it on the host: its copies lie below the cover */
			if (ss_snprintf(what, sizeof(what),
					"the host's mount at %s, below a hidden path, shown again by another mount,",
					e[k].mp + sizeof(OLDROOT) - 1) < 0) {
				ret = ss_fail(err, ENAMETOOLONG, "%s: path too long", e[k].mp + sizeof(OLDROOT) - 1);
				break;
			}
			/* its root, on the host: that very mount, reached by its mount point (if init may not
			 * walk there, a place that shows it where the sandbox can is refused) */
			kfd = (int)syscall(SYS_openat2, cx.oldroot,
					   e[k].mp[sizeof(OLDROOT) - 1] ? e[k].mp + sizeof(OLDROOT) : ".", &how,
					   sizeof(how));
			r.unknown = kfd < 0 || statx(kfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &sx) < 0 ||
				    !(sx.stx_mask & STATX_MNT_ID) || sx.stx_mnt_id != e[k].id ||
				    !(sx.stx_attributes_mask & sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) ||
				    fstat(kfd, &kst) < 0;
			r.dev = e[k].dev;
			r.fs = e[k].root;
			r.want = &kst;
			r.copy = k;
			if (cover_region(e, n, &r, err) < 0)
				ret = -err->code;
		}
	}
	for (i = 0; i < N_HIDDEN(l); i++)
		free(found[i].hc);
	return ret;
}

/* Is the mount at path (or the file fd, if path is NULL) on a proc or cgroup file system?  If that
 * cannot be told, yes. */
static bool on_covered_fs(int fd, const char *path)
{
	struct statfs sf;

	return (path ? statfs(path, &sf) : fstatfs(fd, &sf)) < 0 || sf.f_type == PROC_SUPER_MAGIC ||
	       sf.f_type == CGROUP_SUPER_MAGIC || sf.f_type == CGROUP2_SUPER_MAGIC;
}

/*
 * Could the plan have put a proc file system below the new root anywhere but below its /proc, or
 * a cgroup one anywhere, or let another mount show a path it hides?  Every proc mount of this
 * namespace is at or below /proc, every cgroup one at or below /sys/fs/cgroup, and no file system
 * holding a hidden path, or mounted below one, is mounted twice (mounts_scan_host), so the
 * recursive copy of the host's tree (MNT_ROOT) puts their copies below the new /proc, under the
 * sandbox's own (the parts of that one bound onto themselves stay there too), below the hide over
 * /sys/fs/cgroup, and below the hides.  What remains is a bind whose source is on such a file system, or whose tree holds one: a
 * profile's bind may name any path (its checks are about homes, not proc), so with one that was
 * made (bound > 0) the table is searched; the launcher's binds of an fd (home, tmp, /dev, the
 * terminal) are not recursive, and its binds of the host's device nodes are of files: each is
 * looked at itself (a --home inside /proc, say).
 */
SS_NOINLINE static bool may_copy_mounts(const struct mnt_list *l, const int *fds, size_t bound)
{
	char dst[SS_PATH_MAX + 16];

	if (host_mounts_elsewhere || bound)
		return true;
	for (size_t i = 0; i < l->n; i++) {
		const struct mnt_op *op = &l->op[i];

		if (op->kind == MNT_BIND_FD && fds[op->fd_slot] >= 0 && on_covered_fs(fds[op->fd_slot], NULL))
			return true;
		/* (a profile's binds are resolved in the root, made by bind_in_root and counted in bound) */
		if (op->kind == MNT_BIND && !op->in_root &&
		    (ss_snprintf(dst, sizeof(dst), NEWROOT "%s", op->dest) < 0 || on_covered_fs(-1, dst)))
			return true;
	}
	return false;
}

/*
 * A proc file system of the host's other than /proc (a chroot's, a build tree's) shows the host's
 * PID namespace: every alias's processes.  A cgroup file system shows who is logged in, what each
 * alias runs and uses (the nodes below cgroup_parent), and what the host runs: the plan hides all
 * of /sys/fs/cgroup, but a hierarchy may be mounted elsewhere too (a second mount, a chroot's
 * copy of /sys), and a profile bind copies host trees anew.  Once the plan has run, each proc
 * below the new root but not below its /proc (the sandbox's own), and each cgroup mount below it,
 * is covered like a hide (cover_at: that very mount, unless another mount hides it).  Then the
 * other mounts that show what the plan hides (cover_views).  The table read now holds both trees
 * (the host's and the new root), so it is read only when may_copy_mounts() says there may be
 * something to find.
 */
SS_NOINLINE static int cover_other_mounts(const struct mnt_list *l, const int *fds, struct ss_error *err)
{
	char what[64];
	size_t *sel = NULL, i;
	struct mi_entry *e = NULL;
	char *mi = NULL;
	int n, k, ret = 0;

	if ((n = read_table(OLDROOT "/proc/self/mountinfo", "after", &mi, &e, err)) < 0) {
		ret = n;
		goto out;
	}
	if (!(sel = calloc((size_t)n + 1, sizeof(*sel)))) {
		ret = ss_fail(err, ENOMEM, "the mount table after the plan: %s", strerror(ENOMEM));
		goto out;
	}
	k = mounts_to_cover(e, (size_t)n, NEWROOT, NEWROOT "/proc", sel, (size_t)n + 1);
	if (k < 0) {
		ret = ss_fail(err, EINVAL, "the mount table after the plan (/proc/self/mountinfo) cannot be read");
		goto out;
	}
	/* A way init may not walk (a directory only its owner may enter, its group not mapped in the
	 * user namespace) is no proof that the session cannot: the owner, maybe the shared uid, may
	 * change its mode later.  Refused too, with a way out: a profile's hide of a directory above
	 * it (then it is hidden). */
	for (i = 0; i < (size_t)k && !ret; i++) {
		struct region g = { .what = what };

		snprintf(what, sizeof(what), "the host's %s file system", e[sel[i]].proc ? "proc" : "cgroup");
		ret = cover_at(e, (size_t)n, sel[i], e[sel[i]].mp, &g, true, err);
	}
	if (!ret)
		ret = cover_views(l, fds, e, (size_t)n, err);
out:
	made_free();
	free(sel);
	free(e);
	free(mi);
	return ret;
}

/*
 * A profile bind copies a host tree as the host has it: a path the plan hides (a profile's hide, or
 * the launcher's: the session logs) would show again in the copy, below the bind's destination.
 * So every hide is made in each copy too: the hidden path resolved on the host (symbolic links
 * followed, as for the hide itself), and, if it lies strictly below a bind's source, its place
 * below that bind's destination resolved in the new root and covered there, if it is that very
 * file (a later mount of the plan may cover the copy there).  A bind whose source is the hidden
 * path, or lies below it, is the profile asking for it: left as it is.  The generated /etc files
 * likewise: a copy of the host's /etc gets them too.
 */
SS_NOINLINE static int hides_in_binds(const struct mnt_list *l, struct ss_error *err)
{
	char hc[SS_PATH_MAX + 16], rel[2 * SS_PATH_MAX + 32], at[SS_PATH_MAX + 16];

	for (size_t i = 0; i < l->n && cx.n_bound; i++) {
		const struct mnt_op *h = &l->op[i];
		const char *what = h->kind == MNT_FILE ? "generated file (in the copy of a bind) on"
						       : "hide (in the copy of a bind) on";
		cleanup_close int hfd = -1;

		if (h->kind != MNT_HIDE && h->kind != MNT_FILE)
			continue;
		hfd = resolve_in(cx.oldroot, OLDROOT, h->dest, hc, sizeof(hc));
		/* not on the host: in no copy either.  A generated file is made by name, and, like a
		 * path the alias's file access cannot reach, one the host's name does not resolve to (a
		 * loop of links) has no copy to find; a hide, resolved in the root, that cannot be
		 * resolved has refused the login there already.  What the launcher's own hides leave
		 * alone (a device) they leave alone in a copy too. */
		if (absent(h, hfd) || (hfd < 0 && h->kind == MNT_FILE) || (hfd >= 0 && launcher_hide_skips(h, hfd)))
			continue;
		if (hfd < 0)
			return ss_fail(err, -hfd, "hide %s%s%s, in the copies of binds: %s", h->dest,
				       h->where ? " from " : "", h->where ? h->where : "", strerror(-hfd));
		for (size_t b = 0; b < cx.n_bound; b++) {
			const char *src = cx.bound[b].src;
			struct mnt_op op = {
				.kind = h->kind, .src = h->src, .where = h->where, .fd_slot = -1, .in_root = true
			};
			cleanup_close int dfd = -1;
			struct stat hs, ds;
			int r;

			if (!under(hc, src) || !strcmp(hc, src))
				continue;
			if (ss_snprintf(rel, sizeof(rel), "%s%s", cx.bound[b].dst + sizeof(NEWROOT) - 1,
					hc + strlen(src)) < 0)
				return ss_fail(err, ENAMETOOLONG, "hide %s in the copy at %s: path too long", h->dest,
					       cx.bound[b].dst + sizeof(NEWROOT) - 1);
			op.dest = rel;
			dfd = resolve_in(cx.newroot, NEWROOT, rel, at, sizeof(at));
			if (absent(h, dfd))
				continue; /* a later mount of the plan covers the copy there */
			if (dfd < 0) {
				errno = -dfd;
				return fail(err, &op, what);
			}
			if (fstat(hfd, &hs) < 0 || fstat(dfd, &ds) < 0)
				return fail(err, &op, what);
			if (hs.st_dev != ds.st_dev || hs.st_ino != ds.st_ino)
				continue; /* something else is there now: a later mount covers the copy */
			r = apply_in_root(&op, dfd, at, &ds, err);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

SS_NOINLINE static bool exists_for(const struct mnt_op *op, const char *dst)
{
	char parent[SS_PATH_MAX + 16];
	struct stat st;
	char *slash;

	if (op->kind != MNT_MKDIR)
		return lstat(dst, &st) == 0;
	if (ss_snprintf(parent, sizeof(parent), "%s", dst) < 0 || !(slash = strrchr(parent, '/')))
		return false;
	*slash = '\0';
	return lstat(parent, &st) == 0;
}

/*
 * An optional mount of the launcher's, made by name, whose target the name lookup from the staging
 * root does not find: absent, unless a symbolic link with an absolute target lies on the way
 * (/var -> /data/var), which leads nowhere from there.  The sandbox's tree is asked too; if the
 * path is there, the login is refused rather than left without the mount (the host's /var/tmp or
 * /run/user showing through).  Unless it is there by its own name, with no link on the way: then
 * it was made in between, and 1 is returned: the caller makes the mount after all.  These targets
 * (/var/tmp, /run/user, parts of the new /proc) have root-owned parents: only root makes them,
 * and the mount made is the protective one.
 */
SS_NOINLINE static int reached_only_in_root(const struct mnt_op *op, struct ss_error *err)
{
	char path[SS_PATH_MAX + 16], canon[SS_PATH_MAX + 16];
	cleanup_close int fd = -1;
	char *slash;

	if (cx.newroot < 0 || ss_snprintf(path, sizeof(path), "%s", op->dest) < 0)
		return 0; /* before the host's tree is there: the staging root's own paths only */
	if (op->kind == MNT_MKDIR && (slash = strrchr(path, '/')))
		*(slash == path ? slash + 1 : slash) = '\0'; /* a new directory: its parent */
	fd = resolve_in(cx.newroot, NEWROOT, path, canon, sizeof(canon));
	if (absent(op, fd)) /* a launcher's op (op->where unset): not there, or out of the alias's reach */
		return 0;
	if (fd < 0)
		return ss_fail(err, -fd, "%s %s: %s", kind_names[op->kind], op->dest, strerror(-fd));
	if (!strncmp(canon, NEWROOT, sizeof(NEWROOT) - 1) && !strcmp(canon + sizeof(NEWROOT) - 1, path))
		return 1;
	return ss_fail(err, EXDEV,
		       "%s %s: a symbolic link on the way leads to %s, which the launcher's mount cannot reach by "
		       "name (use a relative link that stays below /)",
		       kind_names[op->kind], op->dest, canon[sizeof(NEWROOT) - 1] ? canon + sizeof(NEWROOT) - 1 : "/");
}

int mounts_apply(const struct mnt_list *l, const int *fds, const struct ss_files *files, struct ss_error *err)
{
	cleanup_close int oldroot = open(OLDROOT, O_PATH | O_DIRECTORY | O_CLOEXEC), newroot = -1;
	char dst[SS_PATH_MAX + 16];
	size_t i, bound;
	int r;

	if (oldroot < 0)
		return ss_fail(err, errno, OLDROOT ": %s", strerror(errno));
	cx.l = l;
	cx.oldroot = oldroot;
	cx.newroot = -1;
	cx.n_bound = 0;
	cx.sens_done = false;

	if (write_file("/passwd", files->passwd) < 0 || write_file("/group", files->group) < 0 ||
	    write_file("/nsswitch.conf", files->nsswitch) < 0)
		return ss_fail(err, errno, "cannot write the sandbox's /etc files: %s", strerror(errno));
	/* the stand-ins that "hide" binds: modes set here, whatever the umask */
	if (write_file(EMPTY_FILE, "") < 0 || chmod(EMPTY_FILE, 0644) < 0 || mkdir(EMPTY_DIR, 0755) < 0 ||
	    chmod(EMPTY_DIR, 0755) < 0)
		return ss_fail(err, errno, "cannot make the staging root's empty file and directory: %s",
			       strerror(errno));
	if (staging_readonly(err) < 0)
		return -err->code;
	for (i = 0; i < l->n; i++) {
		const struct mnt_op *op = &l->op[i];

		if (ss_snprintf(dst, sizeof(dst), NEWROOT "%s", strcmp(op->dest, "/") ? op->dest : "") < 0)
			return ss_fail(err, ENAMETOOLONG, "path too long");
		/* optional targets the host does not have are skipped (a creating op's parent likewise) */
		if (op->optional && !op->in_root && !exists_for(op, dst)) {
			if ((r = reached_only_in_root(op, err)) < 0)
				return r;
			if (r == 0)
				continue;
		}
		r = op->in_root ? resolve_apply(op, err) : apply_one(op, dst, fds, err);
		if (r < 0)
			return r;
		/* the new root, once the host's tree is bound there */
		if (op->kind == MNT_ROOT &&
		    ((cx.newroot = newroot = open(NEWROOT, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0 ||
		     fstat(newroot, &cx.newroot_st) < 0))
			return ss_fail(err, errno, NEWROOT ": %s", strerror(errno));
	}
	r = hides_in_binds(l, err);
	bound = cx.n_bound;
	/* one look at the mount table for the whole plan, if needed: see cover_other_mounts */
	if (r == 0 && may_copy_mounts(l, fds, bound))
		r = cover_other_mounts(l, fds, err) < 0 ? -err->code : 0;
	for (i = 0; i < cx.n_bound; i++) {
		free(cx.bound[i].src);
		free(cx.bound[i].dst);
	}
	cx.n_bound = 0;
	for (i = 0; cx.sens_done && i < l->n_sensitive; i++)
		free(cx.sens_real[i]);
	cx.sens_done = false;
	return r;
}
