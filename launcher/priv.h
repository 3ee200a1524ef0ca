/* SPDX-License-Identifier: ISC */
/*
 * The privileged operations of the setuid-root install, as a closed list.  Outside priv.c the
 * launcher runs with the caller's file-system identity (setfsuid/setfsgid to the real ids).
 * In the unprivileged install the same operations run with the caller's own rights.
 */
#ifndef SS_PRIV_H
#define SS_PRIV_H

#include <sys/types.h>

struct cg_host;
struct cg_session;
struct cg_stats;
struct ss_limits;
struct ss_error;

enum priv_op {
	PRIV_MAKE_HOME,	    /* <base>/.secure_shell-new-<name>, 0000, chowned, 0700, renamed to <name> (see priv.c) */
	PRIV_MAKE_TMP,	    /* <state_dir>/tmp/<name>/{tmp,var_tmp}: root-owned per-alias dirs */
	PRIV_CLONE,	    /* clone() the sandbox's namespaces while privileged */
	PRIV_WRITE_MAPS,    /* setgroups=deny, uid_map and gid_map of the sandbox child */
	PRIV_WRITE_SECCOMP, /* <state_dir>/seccomp/<key>.bpf, written atomically, root-owned 0644 */
	PRIV_CGROUP_OPEN,   /* cgroup/: the alias node with its limits and this session's leaf */
	PRIV_CGROUP_CLOSE,  /* cgroup/: accounting, then remove the leaf (and the alias node if idle) */
	PRIV_PREPARE_DEV,   /* <state_dir>/dev: the sandbox's /dev, made once; 0 if usable */
	PRIV_SYSLOG,	    /* one syslog line sent with real uid 0 (so it is filed as root's) */
};

/* The name a new home has in the home base until it is complete (PRIV_MAKE_HOME). */
#define SS_HOME_NEW ".secure_shell-new-"

struct priv_args {
	int dirfd;	     /* PRIV_MAKE_HOME: the home base, opened O_DIRECTORY */
	const char *name;    /* PRIV_MAKE_HOME, PRIV_MAKE_TMP: a validated alias name */
	const char *path;    /* PRIV_MAKE_TMP, PRIV_WRITE_SECCOMP, PRIV_PREPARE_DEV: state_dir */
	unsigned long flags; /* PRIV_CLONE: CLONE_NEW* flags */
	pid_t pid;	     /* PRIV_WRITE_MAPS */
	const void *data;    /* PRIV_WRITE_SECCOMP: the file's bytes (name = 16 hex digits key) */
	size_t len;
	int cgroup_fd;	/* PRIV_CLONE: v2 leaf for CLONE_INTO_CGROUP, or -1 */
	uid_t ns_owner; /* PRIV_CLONE: owner of the new user namespace (setuid mode), or (uid_t)-1: root */
	/* PRIV_CGROUP_*: see cgroup/cgroup.h */
	const struct cg_host *cg_host;
	const char *cg_parent;
	const struct ss_limits *cg_limits;
	unsigned long long starttime;
	struct cg_session *cg_session;
	struct cg_stats *cg_stats;
	struct ss_error *err;
	uid_t uid;
	gid_t gid;
	struct ss_dev_id *dev_id; /* PRIV_PREPARE_DEV: out, the directory's device and inode numbers */
	int prio;		  /* PRIV_SYSLOG: the priority, and the line (formatted, sanitized) */
	const char *text;
};

/* Set the file-system ids to the caller's (setuid mode); returns -errno. */
int priv_init(uid_t ruid, gid_t rgid) __attribute__((warn_unused_result));
/* The setuid privilege given up for good: groups dropped, every uid and gid the caller's (and so
 * no capability left).  For --doctor run by another user than root.  0, or -1 (nothing else may
 * run then). */
int priv_give_up(void) __attribute__((warn_unused_result));
/* Returns >= 0 (0, or the child's pid for PRIV_CLONE: 0 in the child) or -errno. */
long priv_op(enum priv_op op, const struct priv_args *a) __attribute__((warn_unused_result));

#endif
