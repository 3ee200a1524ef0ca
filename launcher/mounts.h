/* SPDX-License-Identifier: ISC */
#ifndef SS_MOUNTS_H
#define SS_MOUNTS_H

#include "launcher.h"

#define MNT_MAX	  384
#define MNT_NAMES 2048 /* bytes for the few destinations built from the alias name */
/* pseudo-terminals one session may hold at once (its devpts's max=), as text for the mount */
#define MNT_SESSION_PTYS "128"

enum mnt_kind {
	MNT_ROOT,      /* the host tree, recursive, read-only, nosuid, nodev */
	MNT_TMPFS,     /* data = mount options */
	MNT_BIND,      /* src = host path */
	MNT_BIND_FD,   /* fd_slot = an fd opened before the namespace was built */
	MNT_SELF_BIND, /* dest onto itself, so that it can be made read-only alone */
	MNT_READONLY,
	MNT_PROC,
	MNT_DEVPTS,
	MNT_MKDIR,
	MNT_TOUCH,   /* an empty file to bind a device node onto */
	MNT_SYMLINK, /* src = link target */
	MNT_FILE,    /* src = name of a generated file in the staging root */
	MNT_HIDE,    /* an empty read-only directory or file (from the staging root) over dest */
};

enum { MNT_FD_HOME, MNT_FD_TMP, MNT_FD_VARTMP, MNT_FD_TTY, MNT_FD_DEV, MNT_FD_COUNT };

struct mnt_op {
	enum mnt_kind kind;
	const char *src;
	const char *data;
	const char *where; /* profile file:line, for messages */
	const char *dest;  /* static, from the profile, or interned by plan_mounts */
	int fd_slot;
	bool optional; /* skip when the host has no such path */
	bool ro;       /* MNT_BIND from a profile: read-only, with every mount below it */
	bool in_root;  /* resolve dest (and a bind's src) inside its own root: symlinks such as
			      /etc/localtime -> /usr/share/... must not escape to the staging root;
			      the mount is then made on (and from) the resolved fd, not by name */
};

#define MNT_SENSITIVE 16

struct mnt_list {
	struct mnt_op op[MNT_MAX];
	size_t n;
	/* host paths holding other aliases' data: no bind source may be in, or above, one of them */
	const char *sensitive[MNT_SENSITIVE];
	size_t n_sensitive;
	/* home_base and state_dir: hidden by the plan whatever it does (a tmpfs over /home, a hide) */
	const char *home_base, *state_dir;
	char names[MNT_NAMES];
	size_t names_used;
};

/* Generated /etc files. */
struct ss_files {
	char passwd[512];
	char group[256];
	const char *nsswitch;
};

void plan_mounts(struct mnt_list *l, const struct ss_plan *pl, bool tty);
/* Refuse a profile whose bind sources would show other aliases' data.  Checked on the text (here,
 * for --check, --print and every login) and again on the resolved path when the mount is made. */
int mounts_check(const struct ss_profile *p, const struct ss_config *c, struct ss_error *err) SS_WUR;
void mounts_print(const struct mnt_list *l, const struct ss_plan *pl, FILE *out);
int mounts_apply(const struct mnt_list *l, const int *fds, const struct ss_files *files, struct ss_error *err) SS_WUR;
/* A profile's path resolved in rootfd (whose name, read back through /oldroot/proc, is root), one
 * component at a time, following a symbolic link only where the aliases' uid (ss_rt.ruid) cannot
 * change it; such a link gives -EPERM and its name (below root) in bad.  An O_PATH fd, its name in
 * out, or -errno.  (mounts_apply's, made visible for the unit tests.) */
int mounts_resolve_guarded(int rootfd, const char *root, const char *path, char *out, size_t sz, char *bad,
			   size_t badsz) SS_WUR;
/* One line of /proc/PID/mountinfo: the mount's id, its parent's, its file system's device
 * (SS_DEV), the path in that file system it shows (root) and its mount point (both unescaped),
 * and whether it is a proc file system, or a cgroup one (v1 or v2).  (Made from statmount(2)
 * instead, root and mp are NULL.) */
struct mi_entry {
	unsigned long long id, parent, dev;
	const char *root, *mp;
	bool proc, cgroup;
};
/* Parse mountinfo text mi in place (mount points are unescaped there) into at most max entries;
 * returns how many, or -1 if a line is malformed or there are more. */
int mounts_parse_mountinfo(char *mi, struct mi_entry *e, size_t max) SS_WUR;
/* The mounts of e[0..n) to cover, at or below under: the proc ones not at or below proc_dir (may
 * be NULL) and every cgroup one, but none inside the tree of another one of them (a parent mount,
 * not stacked on it: covering that one hides them); their indexes into out, in order.  Returns
 * how many, or -1 if there are more than max. */
int mounts_to_cover(const struct mi_entry *e, size_t n, const char *under, const char *proc_dir, size_t *out,
		    size_t max) SS_WUR;
/* Is one of the mounts of e[0..n) a proc anywhere but at or below /proc, or a cgroup file system
 * anywhere but at or below /sys/fs/cgroup (which the plan hides whole)? */
bool mounts_elsewhere(const struct mi_entry *e, size_t n);
/* Is a file system (not a proc or cgroup one) mounted more than once in e[0..n)? */
bool mounts_fs_twice(const struct mi_entry *e, size_t n);
/* Does another mount in e[0..n) of the file system of e[h] (not a proc or cgroup one: those are
 * covered whole), its mount point at or below in (NULL: anywhere), show fs, a path of that file
 * system, or a part of it: its root at or above fs, or below it (a root not known counts as such)?
 * Where h is not in e, yes. */
bool mounts_fs_shown(const struct mi_entry *e, size_t n, size_t h, const char *fs, const char *in);
/* The path of the file system that mp_path, a path in mount m (at or below its mount point), is:
 * m->root joined with the rest, into out.  -1 if it does not fit, or mp_path is not in m. */
int mounts_fs_path(const struct mi_entry *m, const char *mp_path, char *out, size_t sz) SS_WUR;
/* Where does mount c show fs_path, a path of its file system: 1 inside it (out: its mount point
 * with the rest of fs_path below its root), 2 if all of c lies at or below fs_path (out: its
 * mount point), 0 if c shows nothing of it; -1 if out is too small. */
int mounts_view(const struct mi_entry *c, const char *fs_path, char *out, size_t sz) SS_WUR;
/* Does mount e[t], reached by a walk that ended at path (at or below its mount point), hide what
 * lies below path in mount e[c]?  Yes if t is not c nor one of the mounts c lies in (its chain
 * of parents) and its mount point is at or above path. */
bool mounts_hider(const struct mi_entry *e, size_t n, size_t c, size_t t, const char *path);
/* In init, once no mount can propagate into its namespace and before the plan: looks at the mount
 * table (the host's, as copied; listmount and statmount, else mountinfo) and notes whether a proc
 * or cgroup file system is mounted elsewhere (mounts_elsewhere), or a file system that holds a
 * path the plan hides, or is mounted below one, is mounted twice.  If not, and the plan copies no
 * tree that could hold one elsewhere, mounts_apply() need not read the table again to look for
 * them (see cover_other_mounts).  With a profile bind in the plan l it does not look: the table is
 * read after the plan anyway. */
int mounts_scan_host(const struct mnt_list *l, struct ss_error *err) SS_WUR;

#endif
