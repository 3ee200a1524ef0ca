/* SPDX-License-Identifier: ISC */
/*
 * Landlock, by raw syscalls: the build headers (Linux 6.1) may be older than the running kernel,
 * so the ABI is asked for at run time and the newer constants are defined here.  The rules mirror
 * the mount plan: the system is read and execute only; the home, /tmp, /var/tmp, /dev/shm,
 * /run/user/<uid> and the profile's writable mounts are read-write; /dev and /proc allow the reads,
 * writes and ioctls a shell needs.  From ABI 6 the sandbox is also scoped: it cannot connect to
 * abstract unix sockets or signal processes created outside it (abstract sockets are not
 * covered by the mount namespace, and every alias shares one uid).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "launcher.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule	    445
#define SYS_landlock_restrict_self  446
#endif

#define LL_VERSION	     (1U << 0) /* LANDLOCK_CREATE_RULESET_VERSION */
#define LL_RULE_PATH_BENEATH 1

enum {
	FS_EXECUTE = 1ULL << 0,
	FS_WRITE_FILE = 1ULL << 1,
	FS_READ_FILE = 1ULL << 2,
	FS_READ_DIR = 1ULL << 3,
	FS_MAKE_DIR = 1ULL << 7,
	FS_MAKE_CHAR = 1ULL << 6,
	FS_MAKE_BLOCK = 1ULL << 11,
};
#define FS_ABI1	     ((1ULL << 13) - 1)
#define FS_REFER     (1ULL << 13) /* ABI 2 */
#define FS_TRUNCATE  (1ULL << 14) /* ABI 3 */
#define FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
/* not a right: with it, each_rule asks that the rule's path be opened without following links */
#define LL_NO_SYMLINKS	    (1ULL << 63)
#define SCOPE_ABSTRACT_UNIX (1ULL << 0) /* ABI 6 */
#define SCOPE_SIGNAL	    (1ULL << 1) /* ABI 6 */

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;	     /* ABI 6 */
};

struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

static uint64_t handled_for(int abi)
{
	uint64_t h = FS_ABI1;

	if (abi >= 2)
		h |= FS_REFER;
	if (abi >= 3)
		h |= FS_TRUNCATE;
	if (abi >= 5)
		h |= FS_IOCTL_DEV;
	return h;
}

/* Called for each rule in turn; a nonzero return stops the walk and is its result. */
typedef int (*rule_fn)(const char *path, uint64_t access, void *ctx);

/* The rules, one at a time: no table of them (a path can be SS_PATH_MAX long, and PID 2, which
 * applies them, would fault in a page for each).  A path too long is skipped: a grant left out. */
static int each_rule(const struct ss_plan *pl, uint64_t handled, rule_fn fn, void *ctx)
{
	const uint64_t ro = FS_READ_FILE | FS_READ_DIR | FS_EXECUTE;
	const uint64_t rw = handled & ~(FS_MAKE_CHAR | FS_MAKE_BLOCK);
	const uint64_t dev = (FS_READ_FILE | FS_WRITE_FILE | FS_READ_DIR | FS_TRUNCATE | FS_IOCTL_DEV) & handled;
	const struct ss_profile *p = pl->profile;
	char path[SS_PATH_MAX];
	size_t i;
	int r;

#define RULE(acc, ...)                                                                                    \
	do {                                                                                              \
		if (ss_snprintf(path, sizeof(path), __VA_ARGS__) == 0 && (r = fn(path, (acc), ctx)) != 0) \
			return r;                                                                         \
	} while (0)
	RULE(ro, "/");
	RULE(rw, "/home/%s", pl->id->name);
	RULE(rw, "/tmp");
	RULE(rw, "/var/tmp");
	RULE(rw, "/dev/shm");
	RULE(rw, "/run/user/%u", (unsigned)pl->id->uid);
	RULE(dev, "/dev");
	RULE(FS_READ_FILE | FS_READ_DIR | FS_WRITE_FILE, "/proc");
	for (i = 0; i < p->n_mounts; i++)
		if (p->mounts[i].kind == SS_MNT_BIND_RW || p->mounts[i].kind == SS_MNT_TMPFS)
			RULE(rw, "%s", p->mounts[i].dest);
	for (i = 0; i < p->n_landlock_rw; i++)
		RULE(rw | LL_NO_SYMLINKS, "%s", p->landlock_rw[i]);
#undef RULE
	return 0;
}

struct add_ctx {
	int rs;
	struct ss_error *err;
};

static int add_rule(const char *path, uint64_t access, void *ctx)
{
	struct add_ctx *c = ctx;
	struct ll_path_beneath pb = { .allowed_access = access & ~LL_NO_SYMLINKS };
	/* a landlock_rw path, unlike the plan's mount points, may lie in a tree the aliases can
	 * write: a link planted on the way would widen the rule for the next session */
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = access & LL_NO_SYMLINKS ? RESOLVE_NO_SYMLINKS : 0 };
	cleanup_close int fd = access & LL_NO_SYMLINKS ? (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how))
						       : open(path, O_PATH | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* e.g. no /var/tmp on this host */
		if (errno == ELOOP && (access & LL_NO_SYMLINKS))
			return ss_fail(c->err, ELOOP, "landlock_rw %s: a symbolic link on the way (not followed)",
				       path);
		return ss_fail(c->err, errno, "landlock rule %s: %s", path, strerror(errno));
	}
	pb.parent_fd = fd;
	if (syscall(SYS_landlock_add_rule, c->rs, LL_RULE_PATH_BENEATH, &pb, 0) < 0)
		return ss_fail(c->err, errno, "landlock rule %s: %s", path, strerror(errno));
	return 0;
}

static int landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_VERSION);

	return abi < 0 ? 0 : (int)abi;
}

int landlock_apply(const struct ss_plan *pl, struct ss_error *err)
{
	const struct ss_profile *p = pl->profile;
	struct ll_ruleset_attr attr = { 0 };
	cleanup_close int rs = -1;
	struct add_ctx c = { .err = err };
	size_t attr_size;
	int abi = landlock_abi();
	unsigned need = p->landlock_abi_set ? p->landlock_abi : 1;

	if (p->landlock == SS_LANDLOCK_OFF)
		return 0;
	if (abi < (int)need && p->landlock != SS_LANDLOCK_BEST_EFFORT)
		return ss_fail(err, EOPNOTSUPP, "the profile requires Landlock ABI %u, the kernel has %d", need, abi);
	if (abi == 0)
		return 0; /* best effort, and the kernel has no Landlock at all */
	/* otherwise (best effort included) confine with everything this kernel's ABI has */
	attr.handled_access_fs = handled_for(abi);
	if (abi >= 6)
		attr.scoped = SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL;
	attr_size = abi >= 6 ? sizeof(attr) : abi >= 4 ? 16 : 8;
	rs = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
	if (rs < 0)
		return ss_fail(err, errno, "landlock_create_ruleset: %s", strerror(errno));
	c.rs = rs;
	if (each_rule(pl, attr.handled_access_fs, add_rule, &c) < 0)
		return -err->code;
	if (syscall(SYS_landlock_restrict_self, rs, 0) < 0)
		return ss_fail(err, errno, "landlock_restrict_self: %s", strerror(errno));
	return 0;
}

static int print_rule(const char *path, uint64_t a, void *out)
{
	fprintf(out, "landlock   %-20s %s%s%s%s%s\n", path, a & FS_READ_FILE ? "read" : "",
		a & FS_WRITE_FILE ? ", write" : "", a & FS_EXECUTE ? ", execute" : "",
		a & FS_MAKE_DIR ? ", create, remove" : "", a & FS_IOCTL_DEV ? ", device ioctl" : "");
	return 0;
}

void landlock_print(const struct ss_plan *pl, FILE *out)
{
	const struct ss_profile *p = pl->profile;
	int abi = landlock_abi();
	uint64_t handled = handled_for(abi ? abi : 1);

	fprintf(out, "landlock   %s; required ABI %u; this kernel: %s%d%s\n",
		p->landlock == SS_LANDLOCK_OFF	? "off"
		: p->landlock == SS_LANDLOCK_ON ? "on"
						: "best effort",
		p->landlock_abi_set ? p->landlock_abi : 1, abi ? "ABI " : "", abi, abi ? "" : " (unavailable)");
	if (p->landlock == SS_LANDLOCK_OFF)
		return;
	(void)each_rule(pl, handled, print_rule, out);
	if (abi >= 6)
		fprintf(out, "landlock   scoped: abstract unix sockets and signals stay inside the sandbox\n");
}
