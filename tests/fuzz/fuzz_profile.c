/* SPDX-License-Identifier: ISC */
/* libFuzzer target for profile_parse() and profile_merge(): parse the input twice, merge the
 * results every way the loader might (into an empty profile, on top of another, into itself),
 * check the invariants the launcher relies on, and free everything. */
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "syscalls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool valid_rule_name(const char *s)
{
	size_t n = strlen(s);

	if (s[0] == '@')
		return ss_syscall_group(s) != NULL;
	if (n < 1 || n > 64 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return false;
	return seccomp_syscall_resolve_name(s) != __NR_SCMP_ERROR;
}

static bool valid_apparmor(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 255 && s[0] != '-' && s[0] != '.' &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:+-") == n;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* What the parser accepts, and "max" (the defaults) where a limit is unset. */
static void check_limits(const struct ss_limits *l)
{
	if ((l->memory != SS_LIMIT_MAX && l->memory < (1ULL << 20)) ||
	    (l->memory_high != SS_LIMIT_MAX && l->memory_high < (1ULL << 20)) ||
	    (l->pids != SS_LIMIT_MAX && (l->pids < 1 || l->pids > 4194304)) || l->cpu_weight < 1 ||
	    l->cpu_weight > 10000 || l->cpu_max_period < 1000 || l->cpu_max_period > 1000000 ||
	    (l->cpu_max_quota != SS_LIMIT_MAX && (l->cpu_max_quota < 1000 || l->cpu_max_quota > 1000000000)))
		abort();
	if ((!l->memory_set && l->memory != SS_LIMIT_MAX) || (!l->memory_swap_set && l->memory_swap != SS_LIMIT_MAX) ||
	    (!l->memory_high_set && l->memory_high != SS_LIMIT_MAX) || (!l->pids_set && l->pids != SS_LIMIT_MAX) ||
	    (!l->cpu_weight_set && l->cpu_weight != 100) ||
	    (!l->cpu_max_set && (l->cpu_max_quota != SS_LIMIT_MAX || l->cpu_max_period != 100000)) ||
	    (l->cpu_max_quota == SS_LIMIT_MAX && l->cpu_max_period != 100000))
		abort();
}

/* limited: a parsed profile (within the limits) rather than a merged one (at most one past). */
static void check(const struct ss_profile *p, bool limited)
{
	size_t slack = limited ? 0 : 1;

	if (p->n_seccomp > SS_PROFILE_SECCOMP_MAX + slack || p->n_landlock_rw > SS_PROFILE_LANDLOCK_RW_MAX + slack)
		abort();
	for (size_t i = 0; i < p->n_seccomp; i++)
		if (!valid_rule_name(p->seccomp[i].name) || !p->seccomp[i].where)
			abort();
	for (size_t i = 0; i < p->n_landlock_rw; i++)
		if (!ss_valid_abs_path(p->landlock_rw[i]) || strcmp(p->landlock_rw[i], "/") == 0)
			abort();
	if (p->apparmor && !valid_apparmor(p->apparmor))
		abort();
	if ((unsigned)p->seccomp_mode > SS_SECCOMP_ALLOWLIST || (unsigned)p->seccomp_action > SS_SECCOMP_KILL ||
	    (unsigned)p->landlock > SS_LANDLOCK_BEST_EFFORT || p->landlock_abi < 1 || p->landlock_abi > 99)
		abort();
	if ((!p->seccomp_mode_set && p->seccomp_mode != SS_SECCOMP_DENYLIST) ||
	    (!p->seccomp_action_set && p->seccomp_action != SS_SECCOMP_ERRNO) ||
	    (!p->landlock_set && p->landlock != SS_LANDLOCK_ON) || (!p->landlock_abi_set && p->landlock_abi != 1))
		abort();
	check_limits(&p->limits);
	if ((unsigned)p->cgroup > SS_CGROUP_OPTIONAL || (!p->cgroup_set && p->cgroup != SS_CGROUP_REQUIRED))
		abort();
	if (limited && (p->n_mounts > SS_PROFILE_MOUNTS_MAX || p->n_env_keep > SS_PROFILE_ENV_KEEP_MAX ||
			p->n_env_set > SS_PROFILE_ENV_SET_MAX))
		abort();
	for (size_t i = 0; i < p->n_mounts; i++) {
		const struct ss_mount *m = &p->mounts[i];

		if (!ss_valid_abs_path(m->dest) || strcmp(m->dest, "/") == 0 || !m->where)
			abort();
		if ((m->kind == SS_MNT_BIND_RO || m->kind == SS_MNT_BIND_RW) != (m->src != NULL))
			abort();
		if (m->src && !ss_valid_abs_path(m->src))
			abort();
	}
	for (size_t i = 0; i < p->n_env_keep; i++)
		if (!ss_valid_env_name(p->env_keep[i]))
			abort();
	for (size_t i = 0; i < p->n_env_set; i++)
		if (!ss_valid_env_name(p->env_set[i].name) || strlen(p->env_set[i].value) > 1024)
			abort();
	for (size_t i = 0; i < p->n_includes; i++)
		if (!ss_valid_profile_name(p->includes[i]))
			abort();
	if ((p->shell && !ss_valid_abs_path(p->shell)) || p->umask > 0777)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_profile a, b, merged;
	struct ss_diag d = { 0 };
	char *buf = malloc(size ? size : 1);
	size_t errors;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	profile_init(&a);
	profile_init(&b);
	profile_init(&merged);
	errors = profile_parse(&a, "fuzz.profile", buf, size, &d);
	if (d.n > SS_DIAG_MAX || errors != d.total)
		abort();
	/* Parsing into a non-empty profile must also be safe (limits count what is already there). */
	profile_parse(&b, "fuzz.profile", buf, size, &d);
	profile_parse(&b, "fuzz.profile", buf, size, &d);
	check(&a, true);
	check(&b, true);

	profile_merge(&merged, &a);
	profile_merge(&merged, &b);
	profile_merge(&merged, &merged);
	if (merged.n_includes != 0 || merged.n_mounts != 2 * (a.n_mounts + b.n_mounts))
		abort();
	/* the capped lists saturate one past their limit */
	if (merged.n_seccomp != min_size(2 * (a.n_seccomp + b.n_seccomp), SS_PROFILE_SECCOMP_MAX + 1) ||
	    merged.n_landlock_rw != min_size(2 * (a.n_landlock_rw + b.n_landlock_rw), SS_PROFILE_LANDLOCK_RW_MAX + 1))
		abort();
	/* b's scalars were merged last: where b sets one, merged has b's value */
	if ((b.seccomp_mode_set && merged.seccomp_mode != b.seccomp_mode) ||
	    (b.landlock_abi_set && merged.landlock_abi != b.landlock_abi) ||
	    (b.apparmor && (!merged.apparmor || strcmp(merged.apparmor, b.apparmor) != 0)) ||
	    (a.apparmor && !merged.apparmor))
		abort();
	if ((b.limits.memory_set && merged.limits.memory != b.limits.memory) ||
	    (b.limits.memory_swap_set && merged.limits.memory_swap != b.limits.memory_swap) ||
	    (b.limits.pids_set && merged.limits.pids != b.limits.pids) ||
	    (b.limits.cpu_max_set && (merged.limits.cpu_max_quota != b.limits.cpu_max_quota ||
				      merged.limits.cpu_max_period != b.limits.cpu_max_period)) ||
	    (b.cgroup_set && merged.cgroup != b.cgroup) || (a.limits.cpu_weight_set && !merged.limits.cpu_weight_set))
		abort();
	check(&merged, false);

	diag_free(&d);
	profile_free(&a);
	profile_free(&b);
	profile_free(&merged);
	free(buf);
	return 0;
}
