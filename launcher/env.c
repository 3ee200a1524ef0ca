/* SPDX-License-Identifier: ISC */
/*
 * The inner environment is built from nothing: a few variables the launcher sets itself, the
 * caller's values of an allowlist, and the profile's additions.  LD_*, BASH_ENV, XDG_RUNTIME_DIR and
 * everything else a PAM or sshd user file could have injected never cross into the sandbox.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launcher.h"

#define ENV_VALUE_MAX 4096

static const char *const keep[] = {
	"TERM", "COLORTERM", "NO_COLOR", "LANG", "LANGUAGE", "TZ", "SSH_CLIENT", "SSH_CONNECTION",
};
/* the C library's locale categories: the only LC_* names kept, so the caller cannot fill the
 * table with made-up ones and push the launcher's own variables out */
static const char *const locale[] = {
	"LC_ALL",      "LC_ADDRESS", "LC_COLLATE", "LC_CTYPE", "LC_IDENTIFICATION", "LC_MEASUREMENT", "LC_MESSAGES",
	"LC_MONETARY", "LC_NAME",    "LC_NUMERIC", "LC_PAPER", "LC_TELEPHONE",	    "LC_TIME",
};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* room for every variable env_build can set: the lists above, the profile's env_keep and env_set
 * at their limits, SSH_ORIGINAL_COMMAND, SSH_AUTH_SOCK, SSH_TTY and the launcher's six */
#define ENV_MAX (N_OF(keep) + N_OF(locale) + SS_PROFILE_ENV_KEEP_MAX + 3 + 6 + SS_PROFILE_ENV_SET_MAX)

struct envv {
	char *v[ENV_MAX + 1];
	size_t n;
};

/* No control characters (text: but tab and newline), at most ENV_VALUE_MAX bytes. */
static bool sane_value(const char *v, bool text)
{
	size_t n = 0;

	for (; *v; v++, n++)
		if (((unsigned char)*v < 0x20 && !(text && (*v == '\t' || *v == '\n'))) || *v == 0x7f ||
		    n >= ENV_VALUE_MAX)
			return false;
	return true;
}

static void env_put_as(struct envv *e, const char *name, const char *value, bool text)
{
	size_t len = strlen(name), i;
	char *s;

	if (!value || !sane_value(value, text))
		return;
	for (i = 0; i < e->n; i++)
		if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=') {
			free(e->v[i]);
			break;
		}
	if (i == e->n) {
		if (e->n >= ENV_MAX)
			abort(); /* cannot be: ENV_MAX counts every call env_build makes */
		e->n++;
	}
	if (asprintf(&s, "%s=%s", name, value) < 0)
		abort();
	e->v[i] = s;
}

static void env_put(struct envv *e, const char *name, const char *value)
{
	env_put_as(e, name, value, false);
}

/* OpenSSH >= 10.1 puts the forwarded agent socket in <pw_dir>/.ssh/agent/, which the sandbox
 * shows at /home/<name>/.ssh/agent/.  Any other path could name another alias's agent. */
static void agent_sock(struct envv *e, const struct ss_ident *id)
{
	const char *s = getenv("SSH_AUTH_SOCK");
	char norm[SS_PATH_MAX], prefix[SS_PATH_MAX], inner[SS_PATH_MAX];
	size_t pl;

	if (!s || !id->home_host || ss_snprintf(norm, sizeof(norm), "%s", s) < 0)
		return;
	ss_normalize_path(norm);
	if (ss_snprintf(prefix, sizeof(prefix), "%s/.ssh/agent/", id->home_host) < 0)
		return;
	pl = strlen(prefix);
	if (strncmp(norm, prefix, pl) || strstr(norm + pl, "/") || !strcmp(norm + pl, "..") || !norm[pl])
		return;
	if (ss_snprintf(inner, sizeof(inner), "/home/%s/.ssh/agent/%s", id->name, norm + pl) == 0)
		env_put(e, "SSH_AUTH_SOCK", inner);
}

char **env_build(const struct ss_config *c, const struct ss_profile *p, const struct ss_ident *id, const char *shell)
{
	struct envv e = { .n = 0 };
	char home[SS_PATH_MAX], mail[SS_PATH_MAX];
	char **out;
	size_t i;

	for (i = 0; i < N_OF(keep); i++)
		env_put(&e, keep[i], getenv(keep[i]));
	for (i = 0; i < N_OF(locale); i++)
		env_put(&e, locale[i], getenv(locale[i]));
	if (p->n_env_keep > SS_PROFILE_ENV_KEEP_MAX || p->n_env_set > SS_PROFILE_ENV_SET_MAX)
		abort(); /* the loader has refused such a profile */
	for (i = 0; i < p->n_env_keep; i++)
		env_put(&e, p->env_keep[i], getenv(p->env_keep[i]));
	/* the client's command, whoever runs it: the launcher's forced mode, or a wrapper that an
	 * authorized_keys command= or a ForceCommand runs inside (rrsync, gitolite); a script sent as
	 * the command has tabs and newlines */
	env_put_as(&e, "SSH_ORIGINAL_COMMAND", getenv("SSH_ORIGINAL_COMMAND"), true);
	agent_sock(&e, id);
	/* sshd's pty is the sandbox's /dev/console (mounts.c); its host name means nothing inside */
	if (getenv("SSH_TTY") && isatty(STDIN_FILENO))
		env_put(&e, "SSH_TTY", "/dev/console");
	if (ss_snprintf(home, sizeof(home), "/home/%s", id->name) < 0 ||
	    ss_snprintf(mail, sizeof(mail), "/var/mail/%s", id->name) < 0)
		abort(); /* a validated name is at most 32 bytes */
	env_put(&e, "USER", id->name);
	env_put(&e, "LOGNAME", id->name);
	env_put(&e, "HOME", home);
	env_put(&e, "SHELL", shell);
	env_put(&e, "PATH", c->path);
	env_put(&e, "MAIL", mail);
	for (i = 0; i < p->n_env_set; i++)
		env_put(&e, p->env_set[i].name, p->env_set[i].value);

	out = ss_xmalloc((e.n + 1) * sizeof(char *));
	memcpy(out, e.v, e.n * sizeof(char *));
	out[e.n] = NULL;
	return out;
}
