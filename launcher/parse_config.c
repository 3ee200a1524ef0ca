/* SPDX-License-Identifier: ISC */
/* secure_shell.conf: the site-wide settings and the alias -> profile mapping. */
#include <fnmatch.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "parse-internal.h"

#ifndef SS_SFTP_SERVER
#define SS_SFTP_SERVER "/usr/lib/openssh/sftp-server"
#endif

static struct ss_config *cfg(struct parser *ps)
{
	return ps->target;
}

static void h_identity(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (strcmp(arg[0].s, "env") == 0)
		cfg(ps)->identity = SS_ID_ENV;
	else if (strcmp(arg[0].s, "pam") == 0)
		cfg(ps)->identity = SS_ID_PAM;
	else
		parse_error(ps, arg[0].col, "identity must be 'env' or 'pam', got '%s'", arg[0].s);
}

/* Aliases are [a-z0-9_-]; anything else in a pattern could only be a mistake or an attempt to
 * reach fnmatch's corners (escapes, classes like [[:alpha:]]), so the alphabet is kept tight. */
static bool valid_glob(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= PARSE_GLOB_MAX && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_*?[]!-") == n;
}

static void h_match(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	struct ss_config *c = cfg(ps);
	bool ok = true;

	(void)n_arg;
	if (!valid_glob(arg[0].s)) {
		parse_error(ps, arg[0].col, "invalid match pattern '%s' (expected 1-%d of [a-z0-9_*?[]!-])", arg[0].s,
			    PARSE_GLOB_MAX);
		ok = false;
	}
	ok &= parse_check_profile_name(ps, &arg[1]);
	if (!ok)
		return;
	if (c->n_match >= PARSE_MATCH_MAX) {
		parse_error(ps, ps->tok[0].col, "too many 'match' lines (at most %d)", PARSE_MATCH_MAX);
		return;
	}
	c->match = parse_xrealloc_array(c->match, c->n_match + 1, sizeof(*c->match));
	c->match[c->n_match++] = (struct ss_match){
		.glob = parse_xstrdup(arg[0].s),
		.profile = parse_xstrdup(arg[1].s),
	};
}

static void h_skel(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (strcmp(arg[0].s, "none") == 0)
		parse_set_str(&cfg(ps)->skel, NULL);
	else if (parse_check_path(ps, &arg[0]))
		parse_set_str(&cfg(ps)->skel, arg[0].s);
}

/* PATH inside the sandbox: an empty element means "." to execvp and the shell, i.e. whatever
 * directory the user happens to be in, so it is refused along with relative ones. */
static void h_path(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *v = arg[0].s;
	char elem[PARSE_PATHVAR_MAX];

	(void)n_arg;
	if (strlen(v) >= PARSE_PATHVAR_MAX) {
		parse_error(ps, arg[0].col, "'path' is too long (at most %d bytes)", PARSE_PATHVAR_MAX - 1);
		return;
	}
	for (const char *e = v;; e++) {
		size_t n = strcspn(e, ":");
		const char *why;

		memcpy(elem, e, n);
		elem[n] = '\0';
		if (n == 0) {
			parse_error(ps, arg[0].col, "'path' has an empty element");
			return;
		}
		why = parse_path_problem(elem);
		if (why) {
			parse_error(ps, arg[0].col, "invalid element '%s' in 'path': %s", elem, why);
			return;
		}
		e += n;
		if (!*e)
			break;
	}
	parse_set_str(&cfg(ps)->path, v);
}

/* Relative to the cgroup mount point(s); the alias nodes are created below it. */
static void h_cgroup_parent(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *why = parse_cgroup_parent_problem(arg[0].s);

	(void)n_arg;
	if (why) {
		parse_error(ps, arg[0].col, "invalid cgroup_parent '%s': %s", arg[0].s, why);
		return;
	}
	parse_set_str(&cfg(ps)->cgroup_parent, arg[0].s);
}

/* A user name (the alias syntax, which system user names share) or a uid; never root, which owns
 * the namespaces when this is not set.  Resolved at login (setuid install only). */
static void h_namespace_owner(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	const char *v = arg[0].s;
	size_t digits = strspn(v, "0123456789");

	(void)n_arg;
	if (digits && digits == strlen(v)) {
		char *end;
		unsigned long long u = digits <= 10 ? strtoull(v, &end, 10) : ~0ULL;

		if (u == 0 || u >= 4294967295ULL) {
			parse_error(ps, arg[0].col, "namespace_owner must be a uid from 1 to 4294967294, got '%s'", v);
			return;
		}
	} else if (!ss_valid_alias(v)) {
		parse_error(ps, arg[0].col, "namespace_owner must be a user name or a uid, got '%s'", v);
		return;
	} else if (strcmp(v, "root") == 0) {
		parse_error(ps, arg[0].col, "namespace_owner must not be root (root owns them when it is not set)");
		return;
	}
	parse_set_str(&cfg(ps)->namespace_owner, v);
}

#define FIELD(f) offsetof(struct ss_config, f)

static const struct parse_directive config_table[] = {
	{ "version", 1, 1, false, 0, 0, parse_h_version },
	{ "home_base", 1, 1, true, FIELD(home_base), 0, parse_h_dir },
	{ "identity", 1, 1, true, 0, 0, h_identity },
	{ "shell", 1, 1, true, FIELD(shell), 0, parse_h_path },
	{ "default_profile", 1, 1, true, FIELD(default_profile), 0, parse_h_profile_name },
	{ "match", 2, 2, false, 0, 0, h_match },
	{ "state_dir", 1, 1, true, FIELD(state_dir), 0, parse_h_dir },
	{ "skel", 1, 1, true, 0, 0, h_skel },
	{ "path", 1, 1, true, 0, 0, h_path },
	{ "cgroup_parent", 1, 1, true, 0, 0, h_cgroup_parent },
	{ "namespace_owner", 1, 1, true, 0, 0, h_namespace_owner },
	{ "sftp_server", 1, 1, true, FIELD(sftp_server), 0, parse_h_path },
};

void config_init(struct ss_config *c)
{
	*c = (struct ss_config){
		.home_base = parse_xstrdup("/home"),
		.identity = SS_ID_ENV,
		.shell = parse_xstrdup("/bin/bash"),
		.default_profile = parse_xstrdup("default"),
		.state_dir = parse_xstrdup("/var/lib/secure_shell"),
		.skel = parse_xstrdup("/etc/skel"),
		.path = parse_xstrdup("/usr/local/bin:/usr/bin:/bin"),
		.cgroup_parent = parse_xstrdup("secure_shell"),
		.sftp_server = parse_xstrdup(SS_SFTP_SERVER),
	};
}

void config_free(struct ss_config *c)
{
	free(c->home_base);
	free(c->shell);
	free(c->default_profile);
	free(c->state_dir);
	free(c->skel);
	free(c->path);
	free(c->cgroup_parent);
	free(c->namespace_owner);
	free(c->sftp_server);
	for (size_t i = 0; i < c->n_match; i++) {
		free(c->match[i].glob);
		free(c->match[i].profile);
	}
	free(c->match);
	memset(c, 0, sizeof(*c));
}

size_t config_parse(struct ss_config *c, const char *file, const char *buf, size_t len, struct ss_diag *d)
{
	struct parser ps;

	return parse_run(&ps, file, buf, len, d, config_table, sizeof(config_table) / sizeof(config_table[0]), c);
}

const char *config_profile_for(const struct ss_config *c, const char *name)
{
	for (size_t i = 0; name && i < c->n_match; i++)
		if (fnmatch(c->match[i].glob, name, 0) == 0)
			return c->match[i].profile;
	return c->default_profile;
}
