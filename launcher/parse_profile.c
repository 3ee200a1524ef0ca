/* SPDX-License-Identifier: ISC */
/*
 * NAME.profile: what one sandbox sees (mounts, environment, shell, hostname, umask), how it is
 * confined (seccomp, Landlock, AppArmor) and its resource limits (cgroups).  System call names are checked against libseccomp's
 * table for the native architecture: a pure lookup, no filter is built here.
 */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse-internal.h"
#include "syscalls.h"

static struct ss_profile *prof(struct parser *ps)
{
	return ps->target;
}

static void h_include(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_profile *p = prof(ps);

	(void)n_arg;
	if (!parse_check_profile_name(ps, &arg[0]))
		return;
	p->includes = parse_xrealloc_array(p->includes, p->n_includes + 1, sizeof(*p->includes));
	p->includes[p->n_includes++] = parse_xstrdup(arg[0].s);
}

static bool hostname_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static void h_hostname(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *s = arg[0].s;
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= PARSE_HOSTNAME_MAX && s[0] != '-' && s[0] != '.';

	(void)n_arg;
	for (size_t i = 0; ok && i < n; i++)
		ok = hostname_char(s[i]);
	if (!ok) {
		parse_error(ps, arg[0].col,
			    "invalid hostname '%s' (expected 1-%d of [A-Za-z0-9.-], not starting with '-' or '.')", s,
			    PARSE_HOSTNAME_MAX);
		return;
	}
	parse_set_str(&prof(ps)->hostname, s);
}

static void h_umask(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *s = arg[0].s;
	size_t n = strlen(s);
	unsigned v = 0;
	bool ok = n == 3 || n == 4;

	(void)n_arg;
	for (size_t i = 0; ok && i < n; i++) {
		ok = s[i] >= '0' && s[i] <= '7';
		v = v * 8 + (unsigned)(s[i] - '0');
	}
	if (!ok || v > 0777) {
		parse_error(ps, arg[0].col, "invalid umask '%s' (expected 3 or 4 octal digits, at most 0777)", s);
		return;
	}
	prof(ps)->umask = (mode_t)v;
	prof(ps)->umask_set = true;
}

/*
 * The launcher builds these itself (a fresh /proc, a minimal /dev, the user's own home, private
 * /tmp, /var/tmp and /run/user); a profile mounting over or under them could undo that isolation,
 * e.g. by binding the host's shared /tmp back in.
 */
static const char *const managed_dirs[] = { "/proc", "/dev", "/home", "/tmp", "/var/tmp", "/run/user" };

bool ss_managed_path(const char *dest)
{
	if (strcmp(dest, "/") == 0)
		return true;
	for (size_t i = 0; i < sizeof(managed_dirs) / sizeof(managed_dirs[0]); i++) {
		size_t n = strlen(managed_dirs[i]);

		/* dest is normalized, so "under" is exactly "prefix followed by '/'"; "/homework" is not. */
		if (strncmp(dest, managed_dirs[i], n) == 0 && (dest[n] == '\0' || dest[n] == '/'))
			return true;
	}
	return false;
}

static bool check_dest(struct parser *ps, const struct parse_token *t)
{
	if (!parse_check_path(ps, t))
		return false;
	if (ss_managed_path(t->s)) {
		parse_error(ps, t->col,
			    "'%s' is managed by the launcher: profiles may not mount on /, /proc, /dev, /home, /tmp, "
			    "/var/tmp or /run/user",
			    t->s);
		return false;
	}
	return true;
}

/* "file:line" of the line being handled, for --print. */
static char *where_of(const struct parser *ps)
{
	const char *file = ps->file ? ps->file : "-";
	int n = snprintf(NULL, 0, "%s:%u", file, ps->line);
	char *w;

	if (n < 0)
		abort();
	w = parse_xrealloc_array(NULL, (size_t)n + 1, 1);
	snprintf(w, (size_t)n + 1, "%s:%u", file, ps->line);
	return w;
}

static void add_mount(struct parser *ps, const char *src, const char *dest, unsigned long long size)
{
	struct ss_profile *p = prof(ps);
	struct ss_mount *m;

	if (p->n_mounts >= PARSE_MOUNTS_MAX) {
		parse_error(ps, ps->tok[0].col, "too many mounts (at most %d)", PARSE_MOUNTS_MAX);
		return;
	}
	p->mounts = parse_xrealloc_array(p->mounts, p->n_mounts + 1, sizeof(*p->mounts));
	m = &p->mounts[p->n_mounts++];
	*m = (struct ss_mount){
		.kind = (enum ss_mount_kind)ps->cur->kind,
		.src = parse_xstrdup_or_null(src),
		.dest = parse_xstrdup(dest),
		.size = size,
		.where = where_of(ps),
	};
}

static void h_bind(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const struct parse_token *dest = n_arg > 1 ? &arg[1] : &arg[0];
	bool ok = true;

	if (n_arg > 1)
		ok = parse_check_path(ps, &arg[0]);
	ok &= check_dest(ps, dest);
	if (ok)
		add_mount(ps, arg[0].s, dest->s, 0);
}

static void h_hide(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (check_dest(ps, &arg[0]))
		add_mount(ps, NULL, arg[0].s, 0);
}

static void h_tmpfs(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	unsigned long long size = 0;
	bool ok = check_dest(ps, &arg[0]);

	if (n_arg > 1 && (!ss_parse_size(arg[1].s, false, &size) || size == 0)) {
		parse_error(ps, arg[1].col,
			    "invalid size '%s' (expected a positive number with an optional k, m, g or t suffix)",
			    arg[1].s);
		ok = false;
	}
	if (ok)
		add_mount(ps, NULL, arg[0].s, size);
}

/*
 * Names the launcher sets itself, and names that make a program inside load or run code chosen
 * by whoever controls the caller's environment (glibc's "unsecure" list, interpreter start-up
 * hooks, bash function import), or that point at the host's agent and session sockets.
 */
static const struct {
	const char *name;
	bool prefix;
} forbidden_env[] = {
	{ "USER", false },
	{ "LOGNAME", false },
	{ "HOME", false },
	{ "SHELL", false },
	{ "PATH", false },
	{ "MAIL", false },
	{ "LD_", true },
	{ "BASH_ENV", false },
	{ "ENV", false },
	{ "BASH_FUNC", true },
	{ "IFS", false },
	{ "PS4", false },
	{ "SHELLOPTS", false },
	{ "BASHOPTS", false },
	{ "GLOBIGNORE", false },
	{ "PYTHONSTARTUP", false },
	{ "PERL5OPT", false },
	{ "PERL5LIB", false },
	{ "PYTHONPATH", false },
	{ "RUBYOPT", false },
	{ "NODE_OPTIONS", false },
	{ "GCONV_PATH", false },
	{ "LOCPATH", false },
	{ "HOSTALIASES", false },
	{ "RESOLV_HOST_CONF", false },
	{ "TMPDIR", false },
	{ "MALLOC_", true },
	{ "GLIBC_TUNABLES", false },
	{ "SSH_AUTH_SOCK", false },
	{ "XDG_RUNTIME_DIR", false },
	{ "DBUS_SESSION_BUS_ADDRESS", false },
	/* the rest of glibc's unsecure-envvars.h */
	{ "GETCONF_DIR", false },
	{ "LOCALDOMAIN", false },
	{ "NIS_PATH", false },
	{ "NLSPATH", false },
	{ "RES_OPTIONS", false },
	{ "TZDIR", false },
};

static bool env_forbidden(const char *name)
{
	for (size_t i = 0; i < sizeof(forbidden_env) / sizeof(forbidden_env[0]); i++) {
		const char *f = forbidden_env[i].name;

		if (forbidden_env[i].prefix ? strncmp(name, f, strlen(f)) == 0 : strcmp(name, f) == 0)
			return true;
	}
	return false;
}

static bool check_env_name(struct parser *ps, const struct parse_token *t)
{
	if (!ss_valid_env_name(t->s)) {
		parse_error(ps, t->col, "invalid environment variable name '%s'", t->s);
		return false;
	}
	if (env_forbidden(t->s)) {
		parse_error(ps, t->col, "environment variable '%s' may not be passed into the sandbox", t->s);
		return false;
	}
	return true;
}

static void h_env_keep(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_profile *p = prof(ps);
	bool ok = true;

	for (size_t i = 0; i < n_arg; i++)
		ok &= check_env_name(ps, &arg[i]);
	if (!ok)
		return;
	if (p->n_env_keep + n_arg > PARSE_ENV_KEEP_MAX) {
		parse_error(ps, ps->tok[0].col, "too many 'env_keep' names (at most %d)", PARSE_ENV_KEEP_MAX);
		return;
	}
	p->env_keep = parse_xrealloc_array(p->env_keep, p->n_env_keep + n_arg, sizeof(*p->env_keep));
	for (size_t i = 0; i < n_arg; i++)
		p->env_keep[p->n_env_keep++] = parse_xstrdup(arg[i].s);
}

static void h_env_set(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_profile *p = prof(ps);
	const char *v = arg[1].s;
	size_t n = strlen(v);
	bool ok = check_env_name(ps, &arg[0]);

	(void)n_arg;
	if (n > PARSE_ENV_VALUE_MAX) {
		parse_error(ps, arg[1].col, "value of '%s' is longer than %d bytes", arg[0].s, PARSE_ENV_VALUE_MAX);
		ok = false;
	} else if (strspn(v, " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
			     "abcdefghijklmnopqrstuvwxyz{|}~") != n) {
		parse_error(ps, arg[1].col, "value of '%s' contains a byte outside printable ASCII", arg[0].s);
		ok = false;
	}
	if (!ok)
		return;
	if (p->n_env_set >= PARSE_ENV_SET_MAX) {
		parse_error(ps, ps->tok[0].col, "too many 'env_set' lines (at most %d)", PARSE_ENV_SET_MAX);
		return;
	}
	p->env_set = parse_xrealloc_array(p->env_set, p->n_env_set + 1, sizeof(*p->env_set));
	p->env_set[p->n_env_set++] = (struct ss_env_set){ parse_xstrdup(arg[0].s), parse_xstrdup(v) };
}

/* ---- confinement ---- */

static bool syscall_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* "@group" must be a known group; anything else a name libseccomp knows on this architecture. */
static bool check_syscall(struct parser *ps, const struct parse_token *t)
{
	const char *s = t->s;
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= PARSE_SYSCALL_NAME_MAX;

	if (s[0] == '@') {
		if (ss_syscall_group(s))
			return true;
		parse_error(ps, t->col, "unknown syscall group '%s'", s);
		return false;
	}
	for (size_t i = 0; ok && i < n; i++)
		ok = syscall_name_char(s[i]);
	if (!ok || seccomp_syscall_resolve_name(s) == __NR_SCMP_ERROR) {
		parse_error(ps, t->col, "unknown system call '%s'", s);
		return false;
	}
	return true;
}

static void h_seccomp(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_profile *p = prof(ps);
	size_t n = n_arg - 1; /* names; the table guarantees 1..PARSE_SECCOMP_NAMES */
	bool allow = strcmp(arg[0].s, "allow") == 0, ok = true;

	if (!allow && strcmp(arg[0].s, "deny") != 0) {
		parse_error(ps, arg[0].col, "seccomp takes 'allow' or 'deny' first, got '%s'", arg[0].s);
		ok = false;
	}
	for (size_t i = 1; i < n_arg; i++)
		ok &= check_syscall(ps, &arg[i]);
	if (!ok)
		return;
	if (p->n_seccomp + n > PARSE_SECCOMP_MAX) {
		parse_error(ps, ps->tok[0].col, "too many seccomp rules (at most %d)", PARSE_SECCOMP_MAX);
		return;
	}
	p->seccomp = parse_xrealloc_array(p->seccomp, p->n_seccomp + n, sizeof(*p->seccomp));
	for (size_t i = 1; i < n_arg; i++)
		p->seccomp[p->n_seccomp++] = (struct ss_seccomp_rule){
			.allow = allow,
			.name = parse_xstrdup(arg[i].s),
			.where = where_of(ps),
		};
}

/* Index of s in the NULL-terminated words, or -1. */
static int keyword(const char *s, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

/* The word lists are in enum order. */
static void h_seccomp_mode(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	static const char *const words[] = { "denylist", "allowlist", NULL };
	int k = keyword(arg[0].s, words);

	(void)n_arg;
	if (k < 0) {
		parse_error(ps, arg[0].col, "seccomp_mode takes 'denylist' or 'allowlist', got '%s'", arg[0].s);
		return;
	}
	prof(ps)->seccomp_mode = (enum ss_seccomp_mode)k;
	prof(ps)->seccomp_mode_set = true;
}

static void h_seccomp_action(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	static const char *const words[] = { "errno", "kill", NULL };
	int k = keyword(arg[0].s, words);

	(void)n_arg;
	if (k < 0) {
		parse_error(ps, arg[0].col, "seccomp_action takes 'errno' or 'kill', got '%s'", arg[0].s);
		return;
	}
	prof(ps)->seccomp_action = (enum ss_seccomp_action)k;
	prof(ps)->seccomp_action_set = true;
}

static void h_landlock(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	static const char *const words[] = { "on", "off", "best_effort", NULL };
	int k = keyword(arg[0].s, words);

	(void)n_arg;
	if (k < 0) {
		parse_error(ps, arg[0].col, "landlock takes 'on', 'off' or 'best_effort', got '%s'", arg[0].s);
		return;
	}
	prof(ps)->landlock = (enum ss_landlock)k;
	prof(ps)->landlock_set = true;
}

/* Decimal 1..99 without sign or leading zero. */
static void h_landlock_abi(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *s = arg[0].s;
	size_t n = strlen(s);
	bool ok = (n == 1 || n == 2) && s[0] >= '1' && s[0] <= '9' && (n == 1 || (s[1] >= '0' && s[1] <= '9'));

	(void)n_arg;
	if (!ok) {
		parse_error(ps, arg[0].col, "invalid Landlock ABI '%s' (expected 1-%d)", s, PARSE_LANDLOCK_ABI_MAX);
		return;
	}
	prof(ps)->landlock_abi = n == 1 ? (unsigned)(s[0] - '0') : (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
	prof(ps)->landlock_abi_set = true;
}

static void h_landlock_rw(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_profile *p = prof(ps);
	bool ok = true;

	for (size_t i = 0; i < n_arg; i++) {
		if (!parse_check_path(ps, &arg[i])) {
			ok = false;
		} else if (strcmp(arg[i].s, "/") == 0) {
			parse_error(ps, arg[i].col, "'%s' may not be '/'", ps->cur->name);
			ok = false;
		}
	}
	if (!ok)
		return;
	if (p->n_landlock_rw + n_arg > PARSE_LANDLOCK_RW_MAX) {
		parse_error(ps, ps->tok[0].col, "too many 'landlock_rw' paths (at most %d)", PARSE_LANDLOCK_RW_MAX);
		return;
	}
	p->landlock_rw = parse_xrealloc_array(p->landlock_rw, p->n_landlock_rw + n_arg, sizeof(*p->landlock_rw));
	for (size_t i = 0; i < n_arg; i++)
		p->landlock_rw[p->n_landlock_rw++] = parse_xstrdup(arg[i].s);
}

static bool apparmor_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("_./:+-", c) != NULL);
}

static void h_apparmor(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *s = arg[0].s;
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= PARSE_APPARMOR_MAX && s[0] != '-' && s[0] != '.';

	(void)n_arg;
	for (size_t i = 0; ok && i < n; i++)
		ok = apparmor_char(s[i]);
	if (!ok) {
		parse_error(ps, arg[0].col, "invalid AppArmor profile name '%s'", s);
		return;
	}
	parse_set_str(parse_field(ps), s);
}

/* ---- resource limits (cgroups) ---- */

/* Which field of struct ss_limits a size directive sets (parse_directive.kind). */
enum { LIM_MEMORY, LIM_MEMORY_SWAP, LIM_MEMORY_HIGH };

/* Decimal lo..hi (lo >= 1): digits only, no sign, no leading zero. */
static bool parse_dec(const char *s, size_t n, unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
	unsigned long long v = 0;

	if (n == 0 || n > 19 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long long)(s[i] - '0'); /* 19 digits cannot overflow */
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static struct ss_limits *lim(struct parser *ps)
{
	return &prof(ps)->limits;
}

/* memory, memory_swap, memory_high: SIZE or max.  A memory limit below 1M would only make the
 * shell die at once; swap may be 0 (no swap at all). */
static void h_memory(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_limits *l = lim(ps);
	unsigned long long v;

	(void)n_arg;
	if (!ss_parse_size(arg[0].s, true, &v)) {
		parse_error(ps, arg[0].col,
			    "invalid %s limit '%s' (expected a size with an optional k, m, g or t suffix, or max)",
			    ps->cur->name, arg[0].s);
		return;
	}
	if (ps->cur->kind != LIM_MEMORY_SWAP && v != SS_LIMIT_MAX && v < PARSE_MEMORY_MIN) {
		parse_error(ps, arg[0].col, "'%s' must be at least 1M", ps->cur->name);
		return;
	}
	switch (ps->cur->kind) {
	case LIM_MEMORY:
		l->memory = v;
		l->memory_set = true;
		break;
	case LIM_MEMORY_SWAP:
		l->memory_swap = v;
		l->memory_swap_set = true;
		break;
	default:
		l->memory_high = v;
		l->memory_high_set = true;
		break;
	}
}

static void h_pids(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *s = arg[0].s;
	unsigned long long v = SS_LIMIT_MAX;

	(void)n_arg;
	if (strcmp(s, "max") != 0 && !parse_dec(s, strlen(s), 1, PARSE_PIDS_MAX, &v)) {
		parse_error(ps, arg[0].col, "invalid pids limit '%s' (expected 1-%d or max)", s, PARSE_PIDS_MAX);
		return;
	}
	lim(ps)->pids = v;
	lim(ps)->pids_set = true;
}

static void h_cpu_weight(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *s = arg[0].s;
	unsigned long long v;

	(void)n_arg;
	if (!parse_dec(s, strlen(s), 1, PARSE_CPU_WEIGHT_MAX, &v)) {
		parse_error(ps, arg[0].col, "invalid cpu_weight '%s' (expected 1-%d)", s, PARSE_CPU_WEIGHT_MAX);
		return;
	}
	lim(ps)->cpu_weight = (unsigned)v;
	lim(ps)->cpu_weight_set = true;
}

/*
 * cpu_max max | cpu_max QUOTA [PERIOD].  QUOTA is microseconds per period or a percentage of one
 * CPU ("50%", "250%" for two and a half CPUs); either way the result must be at least the
 * kernel's minimum of 1000 microseconds.
 */
static void h_cpu_max(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_limits *l = lim(ps);
	const char *q = arg[0].s;
	size_t qn = strlen(q);
	unsigned long long quota = 0, pct = 0, period = PARSE_CPU_PERIOD_DEFAULT;
	bool is_pct = qn > 0 && q[qn - 1] == '%', ok = true;

	if (strcmp(q, "max") == 0) {
		if (n_arg > 1) {
			parse_error(ps, arg[1].col, "'cpu_max max' takes no period");
			return;
		}
		l->cpu_max_quota = SS_LIMIT_MAX;
		l->cpu_max_period = PARSE_CPU_PERIOD_DEFAULT;
		l->cpu_max_set = true;
		return;
	}
	if (is_pct ? !parse_dec(q, qn - 1, 1, PARSE_CPU_PCT_MAX, &pct)
		   : !parse_dec(q, qn, PARSE_CPU_QUOTA_MIN, PARSE_CPU_QUOTA_MAX, &quota)) {
		parse_error(ps, arg[0].col, "invalid cpu_max quota '%s' (expected max, %d-%d microseconds or 1%%-%d%%)",
			    q, PARSE_CPU_QUOTA_MIN, PARSE_CPU_QUOTA_MAX, PARSE_CPU_PCT_MAX);
		ok = false;
	}
	if (n_arg > 1 && !parse_dec(arg[1].s, strlen(arg[1].s), PARSE_CPU_PERIOD_MIN, PARSE_CPU_PERIOD_MAX, &period)) {
		parse_error(ps, arg[1].col, "invalid cpu_max period '%s' (expected %d-%d microseconds)", arg[1].s,
			    PARSE_CPU_PERIOD_MIN, PARSE_CPU_PERIOD_MAX);
		ok = false;
	}
	if (!ok)
		return;
	if (is_pct) {
		quota = pct * period / 100; /* at most 100000 * 1000000 / 100 */
		if (quota < PARSE_CPU_QUOTA_MIN) {
			parse_error(ps, arg[0].col,
				    "cpu_max quota '%s' of a %llu-microsecond period is less than %d microseconds", q,
				    period, PARSE_CPU_QUOTA_MIN);
			return;
		}
	}
	l->cpu_max_quota = quota;
	l->cpu_max_period = period;
	l->cpu_max_set = true;
}

static void h_cgroup(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	static const char *const words[] = { "required", "optional", NULL };
	int k = keyword(arg[0].s, words);

	(void)n_arg;
	if (k < 0) {
		parse_error(ps, arg[0].col, "cgroup takes 'required' or 'optional', got '%s'", arg[0].s);
		return;
	}
	prof(ps)->cgroup = (enum ss_cgroup_req)k;
	prof(ps)->cgroup_set = true;
}

static void h_network(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	static const char *const words[] = { "host", "none", NULL };
	int k = keyword(arg[0].s, words);

	(void)n_arg;
	if (k < 0) {
		parse_error(ps, arg[0].col, "network takes 'host' or 'none', got '%s'", arg[0].s);
		return;
	}
	prof(ps)->network = (enum ss_network)k;
	prof(ps)->network_set = true;
}

#define FIELD(f) offsetof(struct ss_profile, f)

static const struct parse_directive profile_table[] = {
	{ "version", 1, 1, false, 0, 0, parse_h_version },
	{ "include", 1, 1, false, 0, 0, h_include },
	{ "shell", 1, 1, true, FIELD(shell), 0, parse_h_path },
	{ "hostname", 1, 1, true, 0, 0, h_hostname },
	{ "umask", 1, 1, true, 0, 0, h_umask },
	{ "bind_ro", 1, 2, false, 0, SS_MNT_BIND_RO, h_bind },
	{ "bind_rw", 1, 2, false, 0, SS_MNT_BIND_RW, h_bind },
	{ "hide", 1, 1, false, 0, SS_MNT_HIDE, h_hide },
	{ "tmpfs", 1, 2, false, 0, SS_MNT_TMPFS, h_tmpfs },
	{ "env_keep", 1, PARSE_ENV_KEEP_ARGS, false, 0, 0, h_env_keep },
	{ "env_set", 2, 2, false, 0, 0, h_env_set },
	{ "seccomp", 2, 1 + PARSE_SECCOMP_NAMES, false, 0, 0, h_seccomp },
	{ "seccomp_mode", 1, 1, true, 0, 0, h_seccomp_mode },
	{ "seccomp_action", 1, 1, true, 0, 0, h_seccomp_action },
	{ "landlock", 1, 1, true, 0, 0, h_landlock },
	{ "landlock_abi", 1, 1, true, 0, 0, h_landlock_abi },
	{ "landlock_rw", 1, PARSE_LANDLOCK_RW_ARGS, false, 0, 0, h_landlock_rw },
	{ "apparmor", 1, 1, true, FIELD(apparmor), 0, h_apparmor },
	{ "memory", 1, 1, true, 0, LIM_MEMORY, h_memory },
	{ "memory_swap", 1, 1, true, 0, LIM_MEMORY_SWAP, h_memory },
	{ "memory_high", 1, 1, true, 0, LIM_MEMORY_HIGH, h_memory },
	{ "pids", 1, 1, true, 0, 0, h_pids },
	{ "cpu_weight", 1, 1, true, 0, 0, h_cpu_weight },
	{ "cpu_max", 1, 2, true, 0, 0, h_cpu_max },
	{ "cgroup", 1, 1, true, 0, 0, h_cgroup },
	{ "network", 1, 1, true, 0, 0, h_network },
};

void profile_init(struct ss_profile *p)
{
	*p = (struct ss_profile){
		.umask = 077,
		.seccomp_mode = SS_SECCOMP_DENYLIST,
		.seccomp_action = SS_SECCOMP_ERRNO,
		.landlock = SS_LANDLOCK_ON,
		.landlock_abi = 1,
		/* unset limits read as "no limit" (the kernel's defaults) */
		.limits = {
			.memory = SS_LIMIT_MAX,
			.memory_swap = SS_LIMIT_MAX,
			.memory_high = SS_LIMIT_MAX,
			.pids = SS_LIMIT_MAX,
			.cpu_weight = PARSE_CPU_WEIGHT_DEFAULT,
			.cpu_max_quota = SS_LIMIT_MAX,
			.cpu_max_period = PARSE_CPU_PERIOD_DEFAULT,
		},
		.cgroup = SS_CGROUP_REQUIRED,
	};
}

size_t profile_parse(struct ss_profile *p, const char *file, const char *buf, size_t len, struct ss_diag *d)
{
	struct parser ps;

	return parse_run(&ps, file, buf, len, d, profile_table, sizeof(profile_table) / sizeof(profile_table[0]), p);
}

void profile_free(struct ss_profile *p)
{
	free(p->shell);
	free(p->hostname);
	for (size_t i = 0; i < p->n_mounts; i++) {
		free(p->mounts[i].src);
		free(p->mounts[i].dest);
		free(p->mounts[i].where);
	}
	free(p->mounts);
	for (size_t i = 0; i < p->n_env_keep; i++)
		free(p->env_keep[i]);
	free(p->env_keep);
	for (size_t i = 0; i < p->n_env_set; i++) {
		free(p->env_set[i].name);
		free(p->env_set[i].value);
	}
	free(p->env_set);
	for (size_t i = 0; i < p->n_seccomp; i++) {
		free(p->seccomp[i].name);
		free(p->seccomp[i].where);
	}
	free(p->seccomp);
	for (size_t i = 0; i < p->n_landlock_rw; i++)
		free(p->landlock_rw[i]);
	free(p->landlock_rw);
	free(p->apparmor);
	for (size_t i = 0; i < p->n_includes; i++)
		free(p->includes[i]);
	free(p->includes);
	profile_init(p);
}

/* How many of add more entries fit when a list of have may grow to cap. */
static size_t room(size_t have, size_t add, size_t cap)
{
	return have >= cap ? 0 : add < cap - have ? add : cap - have;
}

/* Each limit set in src replaces dst's; cpu_max's quota and period go together. */
static void merge_limits(struct ss_limits *dst, const struct ss_limits *src)
{
	if (src->memory_set) {
		dst->memory = src->memory;
		dst->memory_set = true;
	}
	if (src->memory_swap_set) {
		dst->memory_swap = src->memory_swap;
		dst->memory_swap_set = true;
	}
	if (src->memory_high_set) {
		dst->memory_high = src->memory_high;
		dst->memory_high_set = true;
	}
	if (src->pids_set) {
		dst->pids = src->pids;
		dst->pids_set = true;
	}
	if (src->cpu_weight_set) {
		dst->cpu_weight = src->cpu_weight;
		dst->cpu_weight_set = true;
	}
	if (src->cpu_max_set) {
		dst->cpu_max_quota = src->cpu_max_quota;
		dst->cpu_max_period = src->cpu_max_period;
		dst->cpu_max_set = true;
	}
}

/*
 * Counts are read before growing dst, and src's arrays are re-read after, so merging a profile
 * into itself (src == dst) duplicates its entries instead of reading freed memory.
 */
void profile_merge(struct ss_profile *dst, const struct ss_profile *src)
{
	size_t n_mounts = src->n_mounts, n_keep = src->n_env_keep, n_set = src->n_env_set;
	/* one past the limit, so that the caller's "n > MAX" check still fires (see parse.h) */
	size_t n_sc = room(dst->n_seccomp, src->n_seccomp, PARSE_SECCOMP_MAX + 1);
	size_t n_rw = room(dst->n_landlock_rw, src->n_landlock_rw, PARSE_LANDLOCK_RW_MAX + 1);

	if (src->shell)
		parse_set_str(&dst->shell, src->shell);
	if (src->hostname)
		parse_set_str(&dst->hostname, src->hostname);
	if (src->umask_set) {
		dst->umask = src->umask;
		dst->umask_set = true;
	}
	if (src->seccomp_mode_set) {
		dst->seccomp_mode = src->seccomp_mode;
		dst->seccomp_mode_set = true;
	}
	if (src->seccomp_action_set) {
		dst->seccomp_action = src->seccomp_action;
		dst->seccomp_action_set = true;
	}
	if (src->landlock_set) {
		dst->landlock = src->landlock;
		dst->landlock_set = true;
	}
	if (src->landlock_abi_set) {
		dst->landlock_abi = src->landlock_abi;
		dst->landlock_abi_set = true;
	}
	if (src->apparmor)
		parse_set_str(&dst->apparmor, src->apparmor);
	merge_limits(&dst->limits, &src->limits);
	if (src->network_set) {
		dst->network = src->network;
		dst->network_set = true;
	}
	if (src->cgroup_set) {
		dst->cgroup = src->cgroup;
		dst->cgroup_set = true;
	}

	dst->mounts = parse_xrealloc_array(dst->mounts, dst->n_mounts + n_mounts, sizeof(*dst->mounts));
	for (size_t i = 0; i < n_mounts; i++) {
		const struct ss_mount *m = &src->mounts[i];

		dst->mounts[dst->n_mounts++] = (struct ss_mount){
			.kind = m->kind,
			.src = parse_xstrdup_or_null(m->src),
			.dest = parse_xstrdup(m->dest),
			.size = m->size,
			.where = parse_xstrdup_or_null(m->where),
		};
	}
	dst->env_keep = parse_xrealloc_array(dst->env_keep, dst->n_env_keep + n_keep, sizeof(*dst->env_keep));
	for (size_t i = 0; i < n_keep; i++)
		dst->env_keep[dst->n_env_keep++] = parse_xstrdup(src->env_keep[i]);
	dst->env_set = parse_xrealloc_array(dst->env_set, dst->n_env_set + n_set, sizeof(*dst->env_set));
	for (size_t i = 0; i < n_set; i++)
		dst->env_set[dst->n_env_set++] = (struct ss_env_set){
			parse_xstrdup(src->env_set[i].name),
			parse_xstrdup(src->env_set[i].value),
		};
	dst->seccomp = parse_xrealloc_array(dst->seccomp, dst->n_seccomp + n_sc, sizeof(*dst->seccomp));
	for (size_t i = 0; i < n_sc; i++)
		dst->seccomp[dst->n_seccomp++] = (struct ss_seccomp_rule){
			.allow = src->seccomp[i].allow,
			.name = parse_xstrdup(src->seccomp[i].name),
			.where = parse_xstrdup_or_null(src->seccomp[i].where),
		};
	dst->landlock_rw = parse_xrealloc_array(dst->landlock_rw, dst->n_landlock_rw + n_rw, sizeof(*dst->landlock_rw));
	for (size_t i = 0; i < n_rw; i++)
		dst->landlock_rw[dst->n_landlock_rw++] = parse_xstrdup(src->landlock_rw[i]);
}
