/* SPDX-License-Identifier: ISC */
/*
 * The seccomp filter.  The profile's rules are resolved to a set of syscall numbers, compiled with
 * libseccomp into binary-tree BPF (SCMP_FLTATR_CTL_OPTIMIZE=2), and cached under
 * <state_dir>/seccomp/<key>.bpf, where the key is a hash of everything the BPF depends on (the
 * resolved set, mode, action, architecture, libseccomp and launcher versions).  A login only reads
 * and verifies the cached program (root-owned, header key and checksum must match) and installs it:
 * tens of microseconds instead of the ~0.3 ms a libseccomp compile costs.  A stale, foreign or
 * damaged cache file is recompiled, never trusted.
 *
 * Always present, whatever the profile says: foreign architectures (i386 via int 0x80, x32) kill
 * the process; clone3 fails with ENOSYS so that libc falls back to clone, whose flags a classic
 * BPF filter can inspect; ioctl TIOCSTI and TIOCLINUX fail, compared on the low 32 bits of the
 * request because the kernel ignores the high bits (CVE-2019-10063).
 *
 * A denylist names syscalls through libseccomp's table, so it cannot deny what is newer than that
 * table: a kernel newer than libseccomp (open_tree_attr, listmount, ...) would let them all through,
 * and a group member libseccomp cannot name would silently drop out.  So a denylist profile also
 * gets a small filter of our own, installed first: every syscall number above the highest one
 * libseccomp knows fails with ENOSYS, the answer of a kernel that lacks it, which libc and
 * programs handle.  libseccomp has no rule for a range of syscall numbers, hence the hand-written
 * seven-instruction program (newer_filter).  Only where the numbers are one plain table below
 * 1024 (x86_64, aarch64): 32-bit ARM's private calls sit near 0xf0000, MIPS numbers start at 4000.
 * (Numbers libseccomp cannot name below its highest one, such as x86_64's uretprobe, are not
 * covered: they are holes in the table, or calls the kernel exempts from seccomp.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "launcher.h"
#include "priv.h"
#include "syscalls.h"

#define NR_MAX	     1024   /* syscall numbers tracked in the set */
#define NR_CLONE_NEW NR_MAX /* pseudo member of @namespaces: clone with CLONE_NEW* */
#define CACHE_MAGIC  "SSBPF03"

static const unsigned long
	clone_new_flags[] = { CLONE_NEWUSER, CLONE_NEWNS,  CLONE_NEWPID,    CLONE_NEWNET,
			      CLONE_NEWIPC,  CLONE_NEWUTS, CLONE_NEWCGROUP, 0x00000080 /* NEWTIME */ };

struct cache_hdr {
	char magic[8];
	char key[17];
	char pad[3];
	int32_t known_max; /* denylist: the boundary of the first filter (known_max), else -1 */
	uint32_t len[2];   /* instructions of the first and second filter (installed in this order) */
	uint64_t checksum;
};
_Static_assert(sizeof(struct cache_hdr) == 48, "the cache header is 48 bytes (tests/bench/run.sh reads it)");

struct sc_set {
	unsigned char bit[(NR_MAX + 1 + 7) / 8];
};

static void set_put(struct sc_set *s, int nr, bool on)
{
	if (nr < 0 || nr > NR_MAX)
		return;
	if (on)
		s->bit[nr / 8] |= (unsigned char)(1u << (nr % 8));
	else
		s->bit[nr / 8] &= (unsigned char)~(1u << (nr % 8));
}

static bool set_has(const struct sc_set *s, int nr)
{
	return nr >= 0 && nr <= NR_MAX && (s->bit[nr / 8] >> (nr % 8)) & 1;
}

static void apply_group(struct sc_set *s, const struct ss_syscall_group *g, bool on)
{
	size_t i;

	if (!g->members) { /* @default: every group */
		for (i = 0; i < ss_n_syscall_groups; i++)
			if (ss_syscall_groups[i].members)
				apply_group(s, &ss_syscall_groups[i], on);
		return;
	}
	for (i = 0; g->members[i]; i++)
		set_put(s, seccomp_syscall_resolve_name(g->members[i]), on); /* absent on this arch: < 0, ignored */
	if (!strcmp(g->name, "@namespaces"))
		set_put(s, NR_CLONE_NEW, on);
}

/* The set the filter acts on: denied syscalls (denylist) or allowed ones (allowlist). */
static void resolve(const struct ss_profile *p, struct sc_set *s)
{
	bool deny_mode = p->seccomp_mode == SS_SECCOMP_DENYLIST;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (deny_mode)
		apply_group(s, ss_syscall_group("@default"), true);
	for (i = 0; i < p->n_seccomp; i++) {
		const struct ss_seccomp_rule *r = &p->seccomp[i];
		/* denylist: "deny" puts into the set; allowlist: "allow" does */
		bool on = deny_mode ? !r->allow : r->allow;
		const struct ss_syscall_group *g = r->name[0] == '@' ? ss_syscall_group(r->name) : NULL;

		if (g)
			apply_group(s, g, on);
		else
			set_put(s, seccomp_syscall_resolve_name(r->name), on);
	}
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void make_key(const struct ss_profile *p, const struct sc_set *s, char key[17])
{
	const struct scmp_version *v = seccomp_version();
	uint64_t h = 0xcbf29ce484222325ULL;
	uint32_t arch = seccomp_arch_native();
	int mode = p->seccomp_mode, action = p->seccomp_action;

	h = fnv1a(h, CACHE_MAGIC SS_VERSION, sizeof(CACHE_MAGIC SS_VERSION));
	h = fnv1a(h, v, sizeof(*v));
	h = fnv1a(h, &arch, sizeof(arch));
	h = fnv1a(h, &mode, sizeof(mode));
	h = fnv1a(h, &action, sizeof(action));
	h = fnv1a(h, s->bit, sizeof(s->bit));
	snprintf(key, 17, "%016llx", (unsigned long long)h);
}

static int add(scmp_filter_ctx ctx, uint32_t act, int nr, unsigned n, const struct scmp_arg_cmp *cmp)
{
	return seccomp_rule_add_array(ctx, act, nr, n, cmp);
}

/* The rules every sandbox gets: clone3 -> ENOSYS, TIOCSTI/TIOCLINUX -> EPERM on the low 32 bits,
 * and (unless the profile allows @namespaces) clone with a CLONE_NEW* flag -> deny. */
static int build_fixed(scmp_filter_ctx ctx, uint32_t deny, bool clone_new, bool tty)
{
	const unsigned long tty_ioctls[] = { TIOCSTI, TIOCLINUX };
	struct scmp_arg_cmp cmp;
	size_t i;
	int r = add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL);

	for (i = 0; r == 0 && tty && i < 2; i++) {
		cmp = (struct scmp_arg_cmp)SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffULL, tty_ioctls[i]);
		r = add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1, &cmp);
	}
	/* one rule per flag: a BPF comparison cannot say "any of these bits" */
	for (i = 0; r == 0 && clone_new && i < sizeof(clone_new_flags) / sizeof(clone_new_flags[0]); i++) {
		cmp = (struct scmp_arg_cmp)SCMP_A0(SCMP_CMP_MASKED_EQ, clone_new_flags[i], clone_new_flags[i]);
		r = add(ctx, deny, SCMP_SYS(clone), 1, &cmp);
	}
	return r;
}

/* Denylist: the profile's filter, default allow (after newer_filter).  Allowlist: two filters,
 * installed in this order: the fixed rules (default allow), then the profile's list (default deny;
 * installing it last means it need not allow seccomp(2) itself).  The kernel runs both and keeps
 * the most restrictive answer, so a TIOCSTI the list allows as "ioctl" is still refused by the
 * fixed filter. */
static int build(scmp_filter_ctx ctx, const struct ss_profile *p, const struct sc_set *s, bool fixed_only)
{
	bool deny_mode = p->seccomp_mode == SS_SECCOMP_DENYLIST;
	uint32_t deny = p->seccomp_action == SS_SECCOMP_KILL ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ERRNO(EPERM);
	int nr, r = 0;

	if (fixed_only)
		return build_fixed(ctx, deny, !set_has(s, NR_CLONE_NEW), true);
	for (nr = 0; nr < NR_MAX && r == 0; nr++) {
		if (!set_has(s, nr) || nr == SCMP_SYS(clone3))
			continue; /* clone3 is always ENOSYS, so that libc falls back to clone */
		r = add(ctx, deny_mode ? deny : SCMP_ACT_ALLOW, nr, 0, NULL);
	}
	if (r == 0 && !deny_mode) /* the later filter wins ties: ENOSYS must come from this one too */
		r = add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL);
	if (r == 0 && deny_mode)
		r = build_fixed(ctx, deny, set_has(s, NR_CLONE_NEW) && !set_has(s, SCMP_SYS(clone)),
				!set_has(s, SCMP_SYS(ioctl)));
	return r;
}

/* Whether newer_filter applies on this architecture (see the top of this file). */
static bool newer_rule_arch(uint32_t arch)
{
	return arch == SCMP_ARCH_X86_64 || arch == SCMP_ARCH_AARCH64;
}

/* Cheap check that libseccomp's table ends at max: max has a name, the next few numbers none.
 * (Distributions patch newer syscalls into a release without changing its version.) */
static bool table_ends_at(uint32_t arch, int max)
{
	char *name = seccomp_syscall_resolve_num_arch(arch, max);

	if (!name)
		return false;
	free(name);
	for (int nr = max + 1; nr <= max + 8; nr++) {
		if ((name = seccomp_syscall_resolve_num_arch(arch, nr))) {
			free(name);
			return false;
		}
	}
	return true;
}

/* The highest syscall number libseccomp can name on this architecture (below NR_MAX). */
static int known_max(uint32_t arch)
{
	for (int nr = NR_MAX - 1; nr >= 0; nr--) {
		char *name = seccomp_syscall_resolve_num_arch(arch, nr);

		if (name) {
			free(name);
			return nr;
		}
	}
	return -1;
}

/* Above the newest syscall libseccomp knows: ENOSYS.  Another architecture's calls (the main filter
 * kills them) and x32's numbers (bit 30 set; likewise) are left to the main filter. */
static void newer_filter_prog(uint32_t arch, int max, struct sock_filter prog[7])
{
	const struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
	};

	memcpy(prog, p, sizeof(p));
}

static void newer_filter(uint32_t arch, int max, struct ss_filter *f, int which)
{
	f->len[which] = 7;
	f->insns[which] = ss_xmalloc(7 * sizeof(struct sock_filter));
	newer_filter_prog(arch, max, f->insns[which]);
}

/* Compile one filter into slot `which` with libseccomp and export its BPF into memory. */
static int compile_one(const struct ss_profile *p, const struct sc_set *s, int which, bool fixed_only,
		       struct ss_filter *f, struct ss_error *err)
{
	uint32_t deny = p->seccomp_action == SS_SECCOMP_KILL ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ERRNO(EPERM);
	bool default_allow = p->seccomp_mode == SS_SECCOMP_DENYLIST || fixed_only;
	scmp_filter_ctx ctx = seccomp_init(default_allow ? SCMP_ACT_ALLOW : deny);
	cleanup_close int mfd = -1;
	struct stat st;
	int r;

	if (!ctx)
		return ss_fail(err, ENOMEM, "seccomp_init failed");
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0); /* the sandbox sets it itself, verified */
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r == 0)
		r = build(ctx, p, s, fixed_only);
	if (r == 0) {
		mfd = memfd_create("ss-bpf", MFD_CLOEXEC);
		r = mfd < 0 ? -errno : seccomp_export_bpf(ctx, mfd);
	}
	seccomp_release(ctx);
	if (r < 0)
		return ss_fail(err, -r, "building the seccomp filter: %s", strerror(-r));
	if (fstat(mfd, &st) < 0 || st.st_size <= 0 || st.st_size % (off_t)sizeof(struct sock_filter) ||
	    st.st_size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS)
		return ss_fail(err, EINVAL, "the seccomp filter has an unexpected size");
	f->len[which] = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
	f->insns[which] = ss_xmalloc((size_t)st.st_size);
	if (pread(mfd, f->insns[which], (size_t)st.st_size, 0) != st.st_size)
		return ss_fail(err, EIO, "reading the exported seccomp filter");
	return 0;
}

/* How many filters a profile has, and whether the first is newer_filter.  Denylist: [newer
 * syscalls -> ENOSYS, the profile's denylist]; installed first, the small one need not care
 * whether the profile denies seccomp(2).  (Where newer_rule_arch is false: the denylist alone.)
 * Allowlist: [fixed rules, the list], whose default deny already covers what libseccomp does not
 * know. */
static int filters_for(const struct ss_profile *p, bool *newer)
{
	*newer = p->seccomp_mode == SS_SECCOMP_DENYLIST && newer_rule_arch(seccomp_arch_native());
	return p->seccomp_mode == SS_SECCOMP_ALLOWLIST || *newer ? 2 : 1;
}

/* The filters of filters_for; *max is the boundary of newer_filter, or -1 without it. */
static int compile(const struct ss_profile *p, const struct sc_set *s, struct ss_filter *f, int *max,
		   struct ss_error *err)
{
	bool newer;
	int n = filters_for(p, &newer), r = 0;

	*max = -1;
	if (newer) {
		if ((*max = known_max(seccomp_arch_native())) < 0)
			return ss_fail(err, EINVAL, "libseccomp names no syscall of this architecture");
		newer_filter(seccomp_arch_native(), *max, f, 0);
	} else if (n == 2) {
		r = compile_one(p, s, 0, true, f, err); /* the allowlist's fixed rules */
	}
	if (r == 0)
		r = compile_one(p, s, n - 1, false, f, err);
	f->n = n;
	return r;
}

static int cache_read(const char *state_dir, const struct ss_profile *p, struct ss_filter *f)
{
	bool newer;
	int want = filters_for(p, &newer);
	char path[SS_PATH_MAX];
	cleanup_close int fd = -1;
	cleanup_free struct sock_filter *all = NULL;
	struct cache_hdr h;
	struct stat st;
	size_t body;

	if (ss_snprintf(path, sizeof(path), "%s/seccomp/%s.bpf", state_dir, f->key) < 0)
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022) ||
	    st.st_size < (off_t)sizeof(h))
		return -EPERM;
	if (read(fd, &h, sizeof(h)) != sizeof(h) || memcmp(h.magic, CACHE_MAGIC, 8) || memcmp(h.key, f->key, 17) ||
	    h.len[0] == 0 || h.len[0] > BPF_MAXINSNS || h.len[1] > BPF_MAXINSNS || (h.len[1] != 0) != (want == 2))
		return -EINVAL;
	/* the boundary in newer_filter must be this libseccomp's (same version, another table?) */
	if (newer ? !table_ends_at(seccomp_arch_native(), h.known_max) : h.known_max != -1)
		return -EINVAL;
	body = ((size_t)h.len[0] + h.len[1]) * sizeof(struct sock_filter);
	if ((size_t)st.st_size != sizeof(h) + body)
		return -EINVAL;
	all = ss_xmalloc(body);
	if (read(fd, all, body) != (ssize_t)body || fnv1a(0xcbf29ce484222325ULL, all, body) != h.checksum)
		return -EINVAL;
	f->n = h.len[1] ? 2 : 1;
	for (int i = 0; i < f->n; i++) {
		f->len[i] = (unsigned short)h.len[i];
		f->insns[i] = ss_xmalloc(h.len[i] * sizeof(struct sock_filter));
		memcpy(f->insns[i], all + (i ? h.len[0] : 0), h.len[i] * sizeof(struct sock_filter));
	}
	f->from_cache = true;
	return 0;
}

static void cache_write(const char *state_dir, const struct ss_filter *f, int known_max)
{
	size_t b0 = (size_t)f->len[0] * sizeof(struct sock_filter);
	size_t b1 = f->n > 1 ? (size_t)f->len[1] * sizeof(struct sock_filter) : 0;
	cleanup_free unsigned char *buf = ss_xmalloc(sizeof(struct cache_hdr) + b0 + b1);
	struct cache_hdr *h = (struct cache_hdr *)buf;
	struct priv_args a = { .path = state_dir, .name = f->key };

	memcpy(h->magic, CACHE_MAGIC, 8);
	memcpy(h->key, f->key, 17);
	h->known_max = known_max;
	h->len[0] = f->len[0];
	h->len[1] = f->n > 1 ? f->len[1] : 0;
	memcpy(buf + sizeof(*h), f->insns[0], b0);
	if (b1)
		memcpy(buf + sizeof(*h) + b0, f->insns[1], b1);
	h->checksum = fnv1a(0xcbf29ce484222325ULL, buf + sizeof(*h), b0 + b1);
	a.data = buf;
	a.len = sizeof(*h) + b0 + b1;
	/* best effort: a login that cannot write the cache still has its compiled filter */
	(void)!priv_op(PRIV_WRITE_SECCOMP, &a);
}

/*
 * A denylist's pair [newer_filter, the profile's filter] as one program: newer_filter's checks, with
 * its "allow" turned into a fall-through to the profile's filter (whose jumps are relative, so it
 * runs unchanged after them).  The same answers as the pair (what newer_filter refuses, the other
 * allows: numbers libseccomp cannot name are in no list), at one install and one program to run
 * per filtered system call instead of two.  Only a first filter of exactly newer_filter's shape is
 * merged, and only where the result fits; anything else stays a pair.
 */
static void merge_newer(struct ss_filter *f)
{
	struct sock_filter ref[7], *a = f->insns[0], *m;
	const size_t head = 6;

	if (f->n != 2 || f->len[0] != 7 || f->len[1] == 0 || head + f->len[1] > BPF_MAXINSNS)
		return;
	newer_filter_prog(a[1].k, (int)a[4].k, ref);
	if (memcmp(a, ref, sizeof(ref)))
		return;
	m = ss_xmalloc((head + f->len[1]) * sizeof(*m));
	m[0] = a[0];									   /* load arch */
	m[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a[1].k, 0, 4);	   /* else: main */
	m[2] = a[2];									   /* load nr */
	m[3] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 2, 0); /* x32: main */
	m[4] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, a[4].k, 0, 1);	   /* known: main */
	m[5] = a[6];									   /* ENOSYS */
	memcpy(m + head, f->insns[1], f->len[1] * sizeof(*m));
	free(f->insns[0]);
	free(f->insns[1]);
	f->insns[0] = m;
	f->insns[1] = NULL;
	f->len[0] = (unsigned short)(head + f->len[1]);
	f->len[1] = 0;
	f->n = 1;
}

int seccomp_prepare(const struct ss_profile *p, const char *state_dir, bool write_cache, struct ss_filter *f,
		    struct ss_error *err)
{
	struct sc_set s;
	int r, max;

	memset(f, 0, sizeof(*f));
	resolve(p, &s);
	make_key(p, &s, f->key);
	if (cache_read(state_dir, p, f) == 0) {
		merge_newer(f);
		return 0;
	}
	r = compile(p, &s, f, &max, err);
	if (r == 0 && write_cache)
		cache_write(state_dir, f, max);
	if (r == 0)
		merge_newer(f);
	return r;
}

int seccomp_install(const struct ss_filter *f)
{
	for (int i = 0; i < f->n; i++) {
		struct sock_fprog prog = { .len = f->len[i], .filter = f->insns[i] };

		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			return -errno;
	}
	return f->n > 0 ? 0 : -EINVAL;
}

void seccomp_print(const struct ss_profile *p, FILE *out)
{
	bool deny_mode = p->seccomp_mode == SS_SECCOMP_DENYLIST;
	uint32_t arch = seccomp_arch_native();
	struct sc_set s;
	int nr, col = 0;

	resolve(p, &s);
	fprintf(out,
		"seccomp    %s, action %s; foreign architectures killed; clone3 -> ENOSYS; "
		"ioctl TIOCSTI/TIOCLINUX -> EPERM\n",
		deny_mode ? "denylist (everything else allowed)" : "allowlist (everything else denied)",
		p->seccomp_action == SS_SECCOMP_KILL ? "kill" : "errno EPERM");
	if (deny_mode && newer_rule_arch(arch)) {
		const struct scmp_version *v = seccomp_version();

		fprintf(out, "seccomp    newer than libseccomp %u.%u.%u knows (numbers above %d) -> ENOSYS\n", v->major,
			v->minor, v->micro, known_max(arch));
	} else if (deny_mode) {
		fprintf(out, "seccomp    syscalls newer than libseccomp knows: allowed (no plain table on this "
			     "architecture)\n");
	}
	fprintf(out, "seccomp    %s:", deny_mode ? "denied" : "allowed");
	for (nr = 0; nr < NR_MAX; nr++) {
		char *name;

		if (!set_has(&s, nr) || !(name = seccomp_syscall_resolve_num_arch(arch, nr)))
			continue;
		if (col++ % 8 == 0)
			fprintf(out, "\nseccomp   ");
		fprintf(out, " %s", name);
		free(name);
	}
	if (set_has(&s, NR_CLONE_NEW))
		fprintf(out, "\nseccomp    clone with any CLONE_NEW* flag %s", deny_mode ? "denied" : "allowed");
	fputc('\n', out);
}
