/* SPDX-License-Identifier: ISC */
/*
 * --doctor, sshd's PAM stack (/etc/pam.d/sshd and what it includes): pam_loginuid, the
 * --pam-session hook and its place, and pam_env reading the user's own files.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "doctor-internal.h"
#include "pamrec.h"

#define PAM_DIR SS_SYSCONFDIR "/pam.d"

struct pam_line {
	char type[16]; /* auth, account, password, session */
	char control[64];
	char module[64]; /* base name */
	char args[512];
	char where[128]; /* file:line */
};

struct pam_stack {
	struct pam_line l[256];
	size_t n;
};

static void pam_read(struct pam_stack *s, const char *file, const char *only_type, int depth)
{
	char path[SS_PATH_MAX];
	cleanup_free char *buf = NULL;
	char *line, *next;
	int lineno = 0;

	if (depth > 8 || strchr(file, '/') || ss_snprintf(path, sizeof(path), PAM_DIR "/%s", file) < 0 ||
	    !(buf = dr_read_file(path, 1 << 20)))
		return;
	for (line = buf; line; line = next) {
		struct pam_line p = { .args = "" };
		char *hash, *q = line;
		size_t k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		q += strspn(q, " \t");
		if (!*q)
			continue;
		if (!strncmp(q, "@include", 8)) {
			char inc[128];

			if (sscanf(q + 8, "%127s", inc) == 1)
				pam_read(s, inc, only_type, depth + 1);
			continue;
		}
		if (sscanf(q, "%15s", p.type) != 1)
			continue;
		q += strlen(p.type);
		q += strspn(q, " \t");
		if (*q == '[') { /* [value=action ...] */
			char *close = strchr(q, ']');

			if (!close)
				continue;
			k = (size_t)(close - q + 1);
			snprintf(p.control, sizeof(p.control), "%.*s",
				 (int)(k < sizeof(p.control) ? k : sizeof(p.control) - 1), q);
			q = close + 1;
		} else if (sscanf(q, "%63s", p.control) == 1) {
			q += strlen(p.control);
		}
		q += strspn(q, " \t");
		if (sscanf(q, "%63s", p.module) != 1)
			continue;
		q += strlen(p.module);
		q += strspn(q, " \t");
		snprintf(p.args, sizeof(p.args), "%s", q);
		if (p.type[0] == '-')
			memmove(p.type, p.type + 1, strlen(p.type));
		if (only_type && strcmp(p.type, only_type))
			continue;
		if (!strcmp(p.control, "include") || !strcmp(p.control, "substack")) {
			pam_read(s, p.module, p.type, depth + 1);
			continue;
		}
		if (strrchr(p.module, '/'))
			memmove(p.module, strrchr(p.module, '/') + 1, strlen(strrchr(p.module, '/')));
		if (ss_snprintf(p.where, sizeof(p.where), "%s:%d", path, lineno) < 0)
			snprintf(p.where, sizeof(p.where), "%s", file);
		if (s->n < sizeof(s->l) / sizeof(s->l[0]))
			s->l[s->n++] = p;
	}
}

/* A pam_exec line that runs this launcher with --pam-session; *when = "open", "close" or "both". */
static bool is_hook(const struct pam_line *p, const char **when)
{
	char buf[512], *tok, *save = NULL;
	bool exe = false, flag = false;

	*when = "both";
	if (strcmp(p->module, "pam_exec.so"))
		return false;
	snprintf(buf, sizeof(buf), "%s", p->args);
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!exe && !strcmp(tok, "type=open_session"))
			*when = "open";
		else if (!exe && !strcmp(tok, "type=close_session"))
			*when = "close";
		else if (!exe && !strncmp(tok, "type=", 5))
			*when = "never";
		else if (!exe && tok[0] == '/')
			exe = ss_same_file(tok, ss_rt.exe);
		else if (exe && !strcmp(tok, "--pam-session"))
			flag = true;
	}
	return exe && flag;
}

static bool user_env(const struct pam_line *p)
{
	return !strcmp(p->module, "pam_env.so") &&
	       (strstr(p->args, "user_readenv=1") || strstr(p->args, "user_envfile="));
}

void dr_pam(struct doctor *d)
{
	struct pam_stack *s = ss_xmalloc(sizeof(*s));
	ssize_t loginuid = -1, open_hook = -1, readenv_session = -1;
	const struct pam_line *readenv_line = NULL, *hook_line = NULL;
	bool close_hook = false, readenv_auth = false, optional_hook = false;
	size_t i;

	pam_read(s, "sshd", NULL, 0);
	if (s->n == 0) {
		dr_say(d, d->pam_mode ? DR_FAIL : DR_WARN, "pam", "see examples/pam.d-sshd", "cannot read %s/sshd",
		       PAM_DIR);
		free(s);
		return;
	}
	for (i = 0; i < s->n; i++) {
		const struct pam_line *p = &s->l[i];
		const char *when;

		if (!strcmp(p->type, "session") && !strcmp(p->module, "pam_loginuid.so") && loginuid < 0)
			loginuid = (ssize_t)i;
		if (user_env(p)) {
			if (!readenv_line)
				readenv_line = p;
			if (!strcmp(p->type, "session") && readenv_session < 0)
				readenv_session = (ssize_t)i;
			else if (!strcmp(p->type, "auth"))
				readenv_auth = true;
		}
		if (!strcmp(p->type, "session") && is_hook(p, &when)) {
			if ((!strcmp(when, "open") || !strcmp(when, "both")) && open_hook < 0) {
				open_hook = (ssize_t)i;
				hook_line = p;
				optional_hook = strcmp(p->control, "required") && strcmp(p->control, "requisite");
			}
			close_hook |= !strcmp(when, "close") || !strcmp(when, "both");
		}
	}
	if (loginuid < 0)
		dr_say(d, d->pam_mode ? DR_FAIL : DR_WARN, "pam", "session required pam_loginuid.so",
		       "no pam_loginuid in the session stack: no audit session id%s",
		       d->pam_mode ? ", so no session records: every login is refused" : " in the logs");
	else
		dr_say(d, DR_OK, "pam", NULL, "pam_loginuid (%s)", s->l[loginuid].where);

	/* the hook */
	if (open_hook < 0) {
		if (d->pam_mode)
			dr_say(d, DR_FAIL, "pam",
			       "session required pam_exec.so quiet type=open_session <launcher> --pam-session, "
			       "right after pam_loginuid",
			       "identity pam without the --pam-session hook at open_session: "
			       "every login is refused");
		else
			dr_say(d, DR_OK, "pam", NULL, "no --pam-session hook (identity env does not use it)");
	} else {
		if (loginuid < 0 || open_hook < loginuid)
			dr_say(d, DR_FAIL, "pam", "move the hook right after pam_loginuid",
			       "the --pam-session hook (%s) runs before pam_loginuid: there is no audit session id yet",
			       hook_line->where);
		else if (readenv_auth || (readenv_session >= 0 && readenv_session < open_hook))
			dr_say(d, DR_FAIL, "pam", "move the hook right after pam_loginuid, before every pam_env line",
			       "the --pam-session hook (%s) runs after %s reads the user's ~/.pam_environment: pam_exec "
			       "hands it that environment as root (LD_PRELOAD would run as root)",
			       hook_line->where, readenv_line->where);
		else
			dr_say(d, optional_hook ? DR_WARN : DR_OK, "pam",
			       optional_hook ? "make the hook 'required'" : NULL,
			       "the --pam-session hook runs at open_session after pam_loginuid (%s, %s)",
			       hook_line->where, hook_line->control);
	}
	if (close_hook && readenv_line)
		dr_say(d, DR_FAIL, "pam",
		       "type=open_session on the hook (stale records are swept), or remove user_readenv=1",
		       "the --pam-session hook runs at close_session while %s reads ~/.pam_environment: by then that "
		       "environment reaches the hook, as root (LD_PRELOAD would run as root)",
		       readenv_line->where);

	/* user-controlled environment for the login itself */
	if (!readenv_line)
		dr_say(d, DR_OK, "pam", NULL, "no pam_env user_readenv=1 / user_envfile");
	else
		dr_say(d, d->pam_mode && !d->forced_plain ? DR_WARN : DR_FAIL, "pam",
		       "remove user_readenv=1 from pam_env (sed -i 's/ user_readenv=1//' /etc/pam.d/sshd)",
		       "%s reads ~/.pam_environment, which sets LOGNAME, USER and HOME after sshd%s",
		       readenv_line->where,
		       d->forced_plain ? " and LD_PRELOAD for the plain login shell, outside the sandbox"
		       : d->pam_mode   ? " (identity pam refuses such logins)"
				       : ": an alias can log in as another");
	free(s);

	/* the record directories, if the hook has made them already */
	if (d->pam_mode) {
		static const char *const dirs[] = { "/run", SS_RUN_DIR, SS_SESSIONS_DIR };
		struct stat st;

		for (i = 0; i < 3; i++)
			if (lstat(dirs[i], &st) == 0 &&
			    (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))) {
				dr_say(d, DR_FAIL, "pam", "rm -rf /run/secure_shell (the hook recreates it root-owned)",
				       "%s is not a root-owned directory closed to group and others: the launcher refuses "
				       "every record below it",
				       dirs[i]);
				break;
			}
	}
}
