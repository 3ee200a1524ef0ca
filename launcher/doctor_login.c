/* SPDX-License-Identifier: ISC */
/*
 * --doctor, the login path: nsswitch, /etc/nssmap.conf, /etc/shells and what `sshd -T` says for
 * an alias (sshd's PAM stack: doctor_pam.c).  What each finding protects is in
 * docs/admin-guide.md.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "doctor-internal.h"
#include "pamrec.h"

#define SSHD_PATH "/usr/sbin/sshd"

char *dr_read_file(const char *path, size_t max)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct ss_error err;
	char *buf = NULL;
	size_t len;

	if (fd < 0 || ss_read_fd(fd, max, &buf, &len, &err) < 0)
		return NULL;
	return buf;
}

/* Is word (space-separated) in s? */
static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = s; (p = strstr(p, word)); p += n)
		if ((p == s || p[-1] == ' ' || p[-1] == '\t') && (!p[n] || p[n] == ' ' || p[n] == '\t'))
			return true;
	return false;
}

static bool alias_shell(const struct ss_nssmap *m, bool have_map, const char *shell)
{
	return ss_same_file(shell, ss_rt.exe) || (have_map && ss_same_file(shell, m->shell));
}

/* The first /etc/passwd alias line: with nssmap.conf's shell only, or with any alias shell. */
static struct passwd *passwd_alias(const struct ss_nssmap *m, bool have_map, bool map_shell_only)
{
	cleanup_free char *buf = dr_read_file("/etc/passwd", 64 << 20);
	char *line, *save = NULL;

	for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *shell = strrchr(line, ':');

		if (!colon || !shell)
			continue;
		*colon = '\0';
		struct passwd *pw;

		if (!ss_valid_alias(line) ||
		    !(map_shell_only ? ss_same_file(shell + 1, m->shell) : alias_shell(m, have_map, shell + 1)))
			continue;
		/* an alias has the shared ids, never root's */
		pw = getpwnam(line);
		if (pw && pw->pw_uid != 0 && (!have_map || (pw->pw_uid == m->uid && pw->pw_gid == m->gid)))
			return pw;
	}
	return NULL;
}

/* An alias to evaluate sshd's Match blocks for: an /etc/passwd alias line (preferably one with
 * nssmap.conf's shell, which is what every mapped alias gets), else a probe name, which libnss_map
 * maps like any other. */
void dr_find_alias(struct doctor *d)
{
	struct ss_nssmap m;
	struct ss_error err;
	bool have_map = nssmap_load(&m, &err) == 0;
	struct passwd *pw = have_map ? passwd_alias(&m, true, true) : NULL;

	if (!pw)
		pw = passwd_alias(&m, have_map, false);
	if (!pw && have_map)
		pw = getpwnam("ss-doctor-probe");
	if (!pw || !ss_valid_alias(pw->pw_name))
		return;
	d->have_alias = true;
	memcpy(d->alias, pw->pw_name, strlen(pw->pw_name) + 1);
	snprintf(d->alias_shell, sizeof(d->alias_shell), "%s", pw->pw_shell);
	d->alias_uid = pw->pw_uid;
	d->alias_gid = pw->pw_gid;
}

/* The sources of one nsswitch database, or NULL. */
static char *nss_line(char *buf, const char *db)
{
	size_t n = strlen(db);

	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		l += strspn(l, " \t");
		if (!strncmp(l, db, n) && l[n] == ':') {
			char *end = strchr(l, '\n'), *hash;
			size_t len = end ? (size_t)(end - l) : strlen(l);
			char *s = ss_xmalloc(len + 1);

			memcpy(s, l + n + 1, len - n - 1);
			if ((hash = strchr(s, '#')))
				*hash = '\0';
			return s;
		}
	}
	return NULL;
}

void dr_nsswitch(struct doctor *d)
{
	cleanup_free char *buf = dr_read_file("/etc/nsswitch.conf", 1 << 20);
	cleanup_free char *pw = NULL, *gr = NULL;
	const char *files, *map;
	glob_t g;

	if (!buf) {
		dr_say(d, DR_WARN, "nsswitch", NULL, "cannot read /etc/nsswitch.conf");
		return;
	}
	pw = nss_line(buf, "passwd");
	gr = nss_line(buf, "group");
	if (gr && has_word(gr, "map"))
		dr_say(d, DR_FAIL, "nsswitch", "remove map from the group: line of /etc/nsswitch.conf",
		       "'map' on the group: line makes every unknown group name resolve to the shared gid (a sudoers "
		       "%%admin rule would cover every alias)");
	else
		dr_say(d, DR_OK, "nsswitch", NULL, "no 'map' on the group: line");
	if (!pw || !has_word(pw, "map")) {
		dr_say(d, access(SS_NSSMAP_PATH, F_OK) == 0 ? DR_WARN : DR_OK, "nsswitch",
		       access(SS_NSSMAP_PATH, F_OK) == 0 ? "passwd: files map" : NULL,
		       "libnss_map is not on the passwd: line%s",
		       access(SS_NSSMAP_PATH, F_OK) == 0
			       ? " although /etc/nssmap.conf exists: mapped aliases do not resolve"
			       : " (aliases must then be /etc/passwd lines with the launcher as shell)");
		return;
	}
	files = strstr(pw, "files");
	map = strstr(pw, "map");
	if (!files || !has_word(pw, "files") || files > map)
		dr_say(d, DR_FAIL, "nsswitch", "passwd: files map",
		       "'map' is not after 'files' on the passwd: line: libnss_map would answer for root and every "
		       "system account");
	else
		dr_say(d, DR_OK, "nsswitch", NULL, "passwd: has 'map' after 'files'");
	if (glob("/{lib,usr/lib,lib64,usr/lib64}{,/*}/libnss_map.so.2", GLOB_BRACE | GLOB_NOSORT, NULL, &g) != 0)
		dr_say(d, DR_WARN, "nsswitch", "build and install libnss_map (admin guide, requirements)",
		       "libnss_map.so.2 was not found: the 'map' source does nothing");
	globfree(&g);
}

void dr_shells(struct doctor *d)
{
	const char *s;
	bool listed = false;

	setusershell();
	while ((s = getusershell()))
		listed |= ss_same_file(s, ss_rt.exe);
	endusershell();
	if (listed)
		dr_say(d, DR_FAIL, "shells", "remove it from /etc/shells",
		       "the launcher is listed in /etc/shells: non-root su -s/-m could start it with a chosen environment");
	else
		dr_say(d, DR_OK, "shells", NULL, "the launcher is not in /etc/shells");
}

/* ---- sshd -T ---- */

/* Run `sshd -T -C user=U,host=localhost,addr=127.0.0.1`, at most 10 s.  Returns its stdout (NULL on
 * failure, with the first line of its stderr in why). */
static char *sshd_T(const char *user, char *why, size_t whysz)
{
	char spec[128], *out = NULL, errbuf[512] = "", *nl;
	size_t len = 0, cap = 0, elen = 0;
	int po[2], pe[2], status;
	struct timespec start, now;
	pid_t pid;

	if (ss_snprintf(spec, sizeof(spec), "user=%s,host=localhost,addr=127.0.0.1", user) < 0 ||
	    pipe2(po, O_CLOEXEC) < 0)
		return NULL;
	if (pipe2(pe, O_CLOEXEC) < 0) {
		close(po[0]);
		close(po[1]);
		return NULL;
	}
	pid = fork();
	if (pid == 0) {
		char *const argv[] = { SSHD_PATH, "-T", "-C", spec, NULL };
		char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL };
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
			_exit(127);
		execve(SSHD_PATH, argv, envp);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(po[0]);
		close(pe[0]);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct pollfd p[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= 10) {
			(void)kill(pid, SIGKILL);
			snprintf(errbuf, sizeof(errbuf), "timed out");
			break;
		}
		if (poll(p, 2, 1000) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].fd >= 0 && p[0].revents) {
			ssize_t n;

			if (len + 4096 + 1 > cap) {
				cap = cap ? 2 * cap : 16384;
				out = realloc(out, cap);
				if (!out)
					abort();
			}
			n = read(p[0].fd, out + len, cap - len - 1);
			if (n > 0)
				len += (size_t)n;
			else {
				close(p[0].fd);
				p[0].fd = -1; /* poll ignores it from now on */
			}
		}
		if (p[1].fd >= 0 && p[1].revents) {
			ssize_t n = read(p[1].fd, errbuf + elen, sizeof(errbuf) - elen - 1);

			if (n > 0) {
				elen += (size_t)n;
				errbuf[elen] = '\0';
			} else {
				close(p[1].fd);
				p[1].fd = -1;
			}
		}
	}
	if (p[0].fd >= 0)
		close(p[0].fd);
	if (p[1].fd >= 0)
		close(p[1].fd);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if ((nl = strchr(errbuf, '\n')))
			*nl = '\0';
		snprintf(why, whysz, "%s", errbuf[0] ? errbuf : "sshd -T failed");
		free(out);
		return NULL;
	}
	if (!out)
		out = ss_xstrdup("");
	else
		out[len] = '\0';
	return out;
}

/* Values of key in sshd -T output ("key value" lines), joined by spaces into buf. */
static bool sshd_get(const char *out, const char *key, char *buf, size_t sz)
{
	size_t n = strlen(key), used = 0;
	bool found = false;

	buf[0] = '\0';
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);

		if (len <= n || strncmp(l, key, n) || l[n] != ' ')
			continue;
		if (used + (len - n) + 1 >= sz)
			break;
		if (used)
			buf[used++] = ' ';
		memcpy(buf + used, l + n + 1, len - n - 1);
		used += len - n - 1;
		buf[used] = '\0';
		found = true;
	}
	return found;
}

/* Which AcceptEnv patterns let the client set something dangerous? */
static void check_acceptenv(struct doctor *d, const char *pats)
{
	static const char *const identity[] = { "USER", "LOGNAME", "HOME", NULL };
	static const char *const loader[] = { "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "BASH_ENV",
					      "ENV",	    "SHELLOPTS",       "PATH",	   "GCONV_PATH",
					      NULL };
	static const char *const fine[] = { "LANG", "LC_*", "LANGUAGE", "TERM", "COLORTERM", "NO_COLOR", "TZ", NULL };
	char buf[4096], *tok, *save = NULL;
	enum dr_level worst = DR_OK;
	char what[256] = "";

	snprintf(buf, sizeof(buf), "%s", pats);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		bool ok = false;
		size_t i;

		for (i = 0; fine[i]; i++)
			ok |= !strcmp(tok, fine[i]);
		for (i = 0; identity[i]; i++)
			if (!fnmatch(tok, identity[i], 0)) {
				enum dr_level l = d->pam_mode ? DR_WARN : DR_FAIL;

				if (l > worst)
					worst = l;
				snprintf(what, sizeof(what), "'%s' admits %s%s", tok, identity[i],
					 d->pam_mode ? " (identity pam refuses such logins)"
						     : ": an alias can log in as another");
				ok = true;
			}
		for (i = 0; loader[i]; i++)
			if (!fnmatch(tok, loader[i], 0)) {
				enum dr_level l = d->forced_plain ? DR_FAIL : DR_WARN;

				if (l > worst)
					worst = l;
				snprintf(
					what, sizeof(what), "'%s' admits %s%s", tok, loader[i],
					d->forced_plain
						? ": the plain login shell would run client-chosen code outside the sandbox"
						: " (ignored by the setuid launcher, honoured by the unprivileged one)");
				ok = true;
			}
		if (!ok && worst == DR_OK) {
			worst = DR_WARN;
			snprintf(what, sizeof(what), "'%s' is more than locale variables", tok);
		}
	}
	if (worst == DR_OK)
		dr_say(d, DR_OK, "sshd", NULL, "AcceptEnv %s", pats[0] ? pats : "(none)");
	else
		dr_say(d, worst, "sshd", "AcceptEnv LANG LC_* in the Match block", "AcceptEnv %s", what);
}

/* ForceCommand against the alias's login shell (research/login-shell.md §8.4). */
static void check_forcecommand(struct doctor *d, const char *fc)
{
	char first[SS_PATH_MAX], second[SS_PATH_MAX], third[SS_PATH_MAX];
	const char *shell_base = strrchr(d->alias_shell, '/') ? strrchr(d->alias_shell, '/') + 1 : d->alias_shell;
	bool shell_is_launcher = ss_same_file(d->alias_shell, ss_rt.exe);
	char real[SS_PATH_MAX];
	int n;

	d->forced = strcmp(fc, "none") != 0;
	if (!d->forced) {
		if (shell_is_launcher)
			dr_say(d, DR_OK, "sshd", NULL, "no ForceCommand; %s's login shell is the launcher", d->alias);
		else
			dr_say(d, DR_FAIL, "sshd", "set the launcher as the login shell in /etc/nssmap.conf",
			       "%s's login shell %s is not the launcher and there is no ForceCommand: its logins run "
			       "outside any sandbox",
			       d->alias, d->alias_shell);
		return;
	}
	n = sscanf(fc, "%4095s %4095s %4095s", first, second, third);
	if (shell_is_launcher) {
		if (n == 1 && ss_same_file(first, ss_rt.exe))
			dr_say(d, DR_OK, "sshd", NULL, "ForceCommand %s with the launcher as login shell", fc);
		else
			dr_say(d, DR_WARN, "sshd", "ForceCommand <the launcher's path>",
			       "ForceCommand '%s' is run as a command inside the sandbox, not as the launcher's forced mode",
			       fc);
		return;
	}
	/* a plain login shell runs first, outside any sandbox: it must read no startup file for -c and
	 * exec the launcher in its forced mode */
	d->forced_plain = true;
	if (!realpath(d->alias_shell, real))
		snprintf(real, sizeof(real), "%s", d->alias_shell);
	if (strstr(real, "bash") || strstr(shell_base, "bash") || strstr(real, "zsh") || strstr(real, "csh"))
		dr_say(d, DR_FAIL, "sshd", "use /bin/sh (dash) as the login shell, or the launcher itself",
		       "%s's login shell %s reads user startup files (bash reads ~/.bashrc under sshd) before the "
		       "ForceCommand runs: user code outside the sandbox",
		       d->alias, d->alias_shell);
	else if (!((n == 3 && ss_same_file(first, ss_rt.exe) && !strcmp(second, "-c") &&
		    ss_same_file(third, ss_rt.exe)) ||
		   (!strncmp(fc, "exec ", 5) && sscanf(fc + 5, "%4095s %4095s %4095s", first, second, third) == 3 &&
		    ss_same_file(first, ss_rt.exe) && !strcmp(second, "-c") && ss_same_file(third, ss_rt.exe))))
		dr_say(d, DR_FAIL, "sshd", "ForceCommand exec <launcher> -c <launcher>",
		       "with the plain login shell %s, ForceCommand '%s' does not start the launcher in its forced mode",
		       d->alias_shell, fc);
	else if (!d->pam_mode)
		dr_say(d, DR_FAIL, "sshd", "identity pam, with the --pam-session hook",
		       "ForceCommand with the plain login shell %s needs identity pam (identity env refuses it)",
		       d->alias_shell);
	else
		dr_say(d, DR_OK, "sshd", NULL, "ForceCommand '%s' from the plain login shell %s (identity pam)", fc,
		       d->alias_shell);
}

void dr_sshd(struct doctor *d)
{
	char why[512] = "", v[4096];
	cleanup_free char *out = NULL;
	struct stat st;

	if (stat(SSHD_PATH, &st) < 0) {
		dr_say(d, DR_WARN, "sshd", "apt-get install openssh-server", "%s is not installed: not checked",
		       SSHD_PATH);
		return;
	}
	if (!d->root) {
		dr_say(d, DR_WARN, "sshd", "run --doctor as root", "sshd -T needs root: not checked");
		return;
	}
	if (!d->have_alias) {
		dr_say(d, DR_WARN, "sshd", "add an alias (an /etc/passwd line or libnss_map)",
		       "no alias account found to evaluate sshd's Match blocks for");
		return;
	}
	out = sshd_T(d->alias, why, sizeof(why));
	if (!out) {
		dr_say(d, strstr(why, "privilege separation directory") ? DR_WARN : DR_FAIL, "sshd",
		       "sshd -t shows the error", "sshd -T -C user=%s: %s", d->alias, why);
		return;
	}
	sshd_get(out, "forcecommand", v, sizeof(v));
	check_forcecommand(d, v[0] ? v : "none");
	if (!sshd_get(out, "usepam", v, sizeof(v)) || strcmp(v, "yes"))
		dr_say(d, d->pam_mode ? DR_FAIL : DR_WARN, "sshd", "UsePAM yes",
		       "UsePAM is %s: no pam_loginuid, so no audit session id%s", v[0] ? v : "unset",
		       d->pam_mode ? " and no session records: every login is refused" : " in the logs");
	else
		dr_say(d, DR_OK, "sshd", NULL, "UsePAM yes");
	if (!sshd_get(out, "permituserenvironment", v, sizeof(v)) || !strcmp(v, "no"))
		dr_say(d, DR_OK, "sshd", NULL, "PermitUserEnvironment no");
	else
		dr_say(d, d->pam_mode && !d->forced_plain ? DR_WARN : DR_FAIL, "sshd",
		       "PermitUserEnvironment no (in the global section)",
		       "PermitUserEnvironment %s: ~/.ssh/environment and authorized_keys environment= can set LOGNAME, "
		       "USER, HOME%s",
		       v,
		       d->forced_plain ? " and LD_PRELOAD for the plain login shell, outside the sandbox"
		       : d->pam_mode   ? " (identity pam refuses such logins)"
				       : ": an alias can log in as another");
	sshd_get(out, "acceptenv", v, sizeof(v));
	check_acceptenv(d, v);
	if (sshd_get(out, "disableforwarding", v, sizeof(v)) && !strcmp(v, "yes"))
		dr_say(d, DR_OK, "sshd", NULL, "DisableForwarding yes");
	else
		dr_say(d, DR_FAIL, "sshd", "DisableForwarding yes in the Match block",
		       "DisableForwarding %s: TCP, unix-socket, agent and X11 forwarding run in sshd as the shared uid, "
		       "outside every sandbox, and reach every alias's sockets and ports",
		       v[0] ? v : "unset");
	if (sshd_get(out, "subsystem", v, sizeof(v)) && strstr(v, "internal-sftp") && !d->forced)
		dr_say(d, DR_FAIL, "sshd", "Subsystem sftp <sftp-server> (or ForceCommand, which maps it)",
		       "Subsystem %s: internal-sftp runs inside sshd, outside any sandbox", v);
	else if (strstr(v, "internal-sftp") && d->c && access(d->c->sftp_server, X_OK) < 0)
		dr_say(d, DR_FAIL, "sshd", "install openssh-sftp-server, or set sftp_server in secure_shell.conf",
		       "Subsystem %s: ForceCommand maps internal-sftp to sftp_server %s: %s", v, d->c->sftp_server,
		       strerror(errno));
	else
		dr_say(d, DR_OK, "sshd", NULL, "Subsystem %s%s", v[0] ? v : "(none)",
		       strstr(v, "internal-sftp") ? " (ForceCommand maps internal-sftp to the sandboxed sftp-server)"
						  : "");
	if (sshd_get(out, "permittunnel", v, sizeof(v)) && strcmp(v, "no"))
		dr_say(d, DR_WARN, "sshd", "PermitTunnel no",
		       "PermitTunnel %s: tun/tap forwarding is not covered by "
		       "DisableForwarding",
		       v);
	if (!sshd_get(out, "denyusers", v, sizeof(v)) || !strstr(v, "*/*"))
		dr_say(d, DR_WARN, "sshd", "DenyUsers \"*/*\" \".*\" \"-*\" in the Match block",
		       "no DenyUsers filter for names such as alice/../bob (the launcher refuses them too, but sshd "
		       "reads keys and homes for them first)");
	else
		dr_say(d, DR_OK, "sshd", NULL, "DenyUsers %s", v);
}

/* /etc/nssmap.conf: one line, the home prefix = home_base, the shell = the launcher (or, in the
 * ForceCommand deployment, the plain login shell). */
void dr_nssmap(struct doctor *d)
{
	struct ss_nssmap m;
	struct ss_error err;
	char home[SS_PATH_MAX];

	if (access(SS_NSSMAP_PATH, F_OK) < 0)
		return; /* reported by the nsswitch check when it matters */
	if (nssmap_load(&m, &err) < 0) {
		dr_say(d, DR_FAIL, "nssmap", "one line, root-owned 0644: see examples/nssmap.conf", "%s", err.msg);
		return;
	}
	if (m.n_lines > 1)
		dr_say(d, DR_WARN, "nssmap", "keep exactly one line, no comments",
		       "%s has %zu lines: libnss_map reads only the first", SS_NSSMAP_PATH, m.n_lines);
	if (m.uid < 500 || m.gid < 500)
		dr_say(d, DR_WARN, "nssmap", "use ids of 500 or more",
		       "uid %lu gid %lu: libnss_map raises ids below 500", m.uid, m.gid);
	snprintf(home, sizeof(home), "%s", m.home);
	ss_normalize_path(home);
	if (d->c && strcmp(home, d->c->home_base))
		dr_say(d, DR_FAIL, "nssmap", "make the home prefix equal home_base",
		       "home prefix %s is not home_base %s: every login is refused", m.home, d->c->home_base);
	else if (access(m.shell, X_OK) < 0)
		dr_say(d, DR_FAIL, "nssmap", "the installed launcher's path",
		       "shell %s is not executable: sshd refuses "
		       "every alias",
		       m.shell);
	else if (!ss_same_file(m.shell, ss_rt.exe) && !d->forced_plain)
		dr_say(d, DR_FAIL, "nssmap", "put the launcher's path in the shell field",
		       "shell %s is not the launcher and sshd has no ForceCommand for aliases", m.shell);
	else
		dr_say(d, DR_OK, "nssmap", NULL, "uid %lu gid %lu home %s shell %s", m.uid, m.gid, m.home, m.shell);
}
