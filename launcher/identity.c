/* SPDX-License-Identifier: ISC */
/*
 * Which alias is this?  All aliases share one uid, so nothing in the kernel says; the name comes
 * from the environment (identity env) or from a root-written PAM session record (identity pam).
 * The name is validated before it is used for anything, then cross-checked (DESIGN §3).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utmpx.h>

#include "launcher.h"
#include "pamrec.h"

void ss_normalize_path(char *p)
{
	char *w = p;
	const char *r = p;

	for (; *r; r++) {
		if (*r == '/' && w > p && w[-1] == '/')
			continue;
		*w++ = *r;
	}
	if (w > p + 1 && w[-1] == '/')
		w--;
	*w = '\0';
}

/* Is path this launcher?  Compared by inode, so that any path the admin wrote to it counts. */
static bool is_launcher(const char *path)
{
	static struct stat self;
	static bool have;
	struct stat st;

	if (!have) {
		if (stat(ss_rt.exe, &self) < 0)
			return false;
		have = true;
	}
	return stat(path, &st) == 0 && st.st_dev == self.st_dev && st.st_ino == self.st_ino;
}

/* identity pam only: the login shell of /etc/nssmap.conf when the ForceCommand deployment gives
 * aliases a plain shell (set by identity_from_pam; NULL otherwise, so identity env is unchanged). */
static const char *alias_alt_shell;

/* Is path the login shell of an alias: this launcher, or (identity pam) the nssmap.conf shell? */
static bool is_alias_shell(const char *path)
{
	return is_launcher(path) || (alias_alt_shell && ss_same_file(path, alias_alt_shell));
}

/* One /etc/passwd line, split in place ("name:pw:uid:gid:gecos:dir:shell"). */
struct pwline {
	char *name, *shell;
	unsigned long uid, gid;
};

/* Call fn for each well-formed line of /etc/passwd (read once; fgetpwent costs a seek per line).
 * fn returns nonzero to stop; that value is returned. */
static int passwd_each(int (*fn)(const struct pwline *, void *), void *ctx, struct ss_error *err)
{
	cleanup_close int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	cleanup_free char *buf = NULL;
	struct ss_error e2;
	char *line, *save = NULL;
	size_t len;
	int r = 0;

	if (fd < 0 || ss_read_fd(fd, 64 << 20, &buf, &len, &e2) < 0)
		return ss_fail(err, errno ? errno : EIO, "cannot read /etc/passwd");
	for (line = strtok_r(buf, "\n", &save); line && r == 0; line = strtok_r(NULL, "\n", &save)) {
		char *f[7], *p = line, *end;
		struct pwline pl;
		int i;

		for (i = 0; i < 7 && p; i++) {
			f[i] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (i < 7 || p)
			continue; /* not seven fields: not an entry */
		pl.name = f[0];
		pl.shell = f[6];
		errno = 0;
		pl.uid = strtoul(f[2], &end, 10);
		if (errno || *end || !*f[2])
			continue;
		pl.gid = strtoul(f[3], &end, 10);
		if (errno || *end || !*f[3])
			continue;
		r = fn(&pl, ctx);
	}
	return r;
}

static int real_account_line(const struct pwline *pl, void *name)
{
	if (strcmp(pl->name, name))
		return 0;
	return pl->uid != ss_rt.ruid || pl->gid != ss_rt.rgid || !is_alias_shell(pl->shell);
}

/* A real account is an /etc/passwd entry that is not itself an alias line (shared ids, this
 * launcher as shell): root, system users and the template account of libnss_map. */
static int check_not_real_account(const char *name, struct ss_error *err)
{
	int r = passwd_each(real_account_line, (void *)name, err);

	if (r < 0)
		return r;
	if (r > 0)
		return ss_fail(err, EPERM, "'%s' is a real account in /etc/passwd, not an alias", name);
	return 0;
}

/* On an sshd pty the monitor (root) wrote a utmp record naming the login: it must agree. */
static int check_utmp(const char *name, struct ss_error *err)
{
	const char *ssh_tty = getenv("SSH_TTY");
	const char *tty;
	struct utmpx *u;
	bool found = false, match = false;

	if (!ssh_tty || !isatty(STDIN_FILENO))
		return 0;
	tty = ttyname(STDIN_FILENO);
	if (!tty || strcmp(tty, ssh_tty))
		return ss_fail(err, EPERM, "SSH_TTY does not name this terminal");
	if (strncmp(tty, "/dev/", 5))
		return ss_fail(err, EPERM, "unexpected terminal name");
	setutxent();
	while ((u = getutxent())) {
		if (u->ut_type != USER_PROCESS || strncmp(u->ut_line, tty + 5, sizeof(u->ut_line)))
			continue;
		found = true;
		match = strnlen(u->ut_user, sizeof(u->ut_user)) == strlen(name) &&
			!strncmp(u->ut_user, name, sizeof(u->ut_user));
	}
	endutxent();
	if (!found)
		return ss_fail(err, EPERM, "no utmp record for %s", tty);
	if (!match)
		return ss_fail(err, EPERM, "the utmp record for %s names another user", tty);
	return 0;
}

/* Cross-checks common to both identity modes; name is already validated. */
static int check_alias(const struct ss_config *c, struct ss_ident *id, struct ss_error *err)
{
	struct passwd *pw;
	char want[SS_PATH_MAX], dir[SS_PATH_MAX];
	const char *home = getenv("HOME");
	int r;

	errno = 0;
	pw = getpwnam(id->name);
	if (!pw)
		return ss_fail(err, ENOENT, "no passwd entry for '%s'", id->name);
	if (pw->pw_uid != ss_rt.ruid || pw->pw_gid != ss_rt.rgid)
		return ss_fail(err, EPERM,
			       "the passwd entry of '%s' has uid %u gid %u, but the caller is uid %u gid %u", id->name,
			       (unsigned)pw->pw_uid, (unsigned)pw->pw_gid, (unsigned)ss_rt.ruid, (unsigned)ss_rt.rgid);
	if (!is_alias_shell(pw->pw_shell))
		return ss_fail(err, EPERM, "the login shell of '%s' is not this launcher", id->name);
	if (ss_snprintf(want, sizeof(want), "%s/%s", c->home_base, id->name) < 0 ||
	    ss_snprintf(dir, sizeof(dir), "%s", pw->pw_dir) < 0)
		return ss_fail(err, ENAMETOOLONG, "home directory path too long");
	ss_normalize_path(dir);
	if (strcmp(dir, want))
		return ss_fail(err, EPERM, "the passwd home of '%s' is not %s", id->name, want);
	if (home) {
		char h[SS_PATH_MAX];

		if (ss_snprintf(h, sizeof(h), "%s", home) < 0)
			return ss_fail(err, EPERM, "HOME is too long");
		ss_normalize_path(h);
		if (strcmp(h, want))
			return ss_fail(err, EPERM, "HOME does not match the home of '%s'", id->name);
	}
	r = check_not_real_account(id->name, err);
	if (r < 0)
		return r;
	id->uid = ss_rt.ruid;
	id->gid = ss_rt.rgid;
	id->home_host = ss_xstrdup(want);
	return 0;
}

static int set_name(struct ss_ident *id, const char *name, struct ss_error *err)
{
	char clean[80];

	if (!ss_valid_alias(name)) {
		ss_sanitize(clean, sizeof(clean), name);
		return ss_fail(err, EINVAL, "invalid alias name '%s'", clean);
	}
	memcpy(id->name, name, strlen(name) + 1);
	return 0;
}

/* The record the --pam-session hook wrote for this login's audit session: 0 with name filled,
 * -ENOENT when there is none (or no session id), another -errno with err set when it is bad. */
static int read_record(char name[SS_NAME_MAX + 1], char *sid, size_t sidsz, struct ss_error *err)
{
	struct ss_trust t = { .relaxed = false };
	char path[sizeof(SS_SESSIONS_DIR) + 16];
	cleanup_close int fd = -1;
	cleanup_free char *buf = NULL;
	struct timespec now, up;
	struct ss_error e2;
	struct stat st;
	size_t len;
	int r;

	r = pamrec_session_id(sid, sidsz);
	if (r < 0)
		return r == -ENOENT ? -ENOENT
				    : ss_fail(err, EPERM, "cannot read the audit session id: %s", strerror(-r));
	if (ss_snprintf(path, sizeof(path), SS_SESSIONS_DIR "/%s", sid) < 0)
		return ss_fail(err, EINVAL, "bad session id");
	fd = ss_open_trusted(path, &t, &e2);
	if (fd < 0 && e2.code == ENOENT)
		return -ENOENT;
	if (fd < 0)
		return ss_fail(err, EPERM, "PAM session record: %s", e2.msg);
	/* Audit session ids start again at 1 after a reboot: where /run outlives one (not a tmpfs), a
	 * record of before it names whoever had this id then.  Written before this boot: refused. */
	if (fstat(fd, &st) < 0 || clock_gettime(CLOCK_REALTIME, &now) < 0 || clock_gettime(CLOCK_BOOTTIME, &up) < 0)
		return ss_fail(err, EPERM, "the PAM session record for audit session %s: %s", sid, strerror(errno));
	if (st.st_mtim.tv_sec + 1 < now.tv_sec - up.tv_sec)
		return ss_fail(err, EPERM,
			       "the PAM session record for audit session %s was written before this boot (a stale "
			       "record: is /run not a tmpfs?)",
			       sid);
	if (ss_read_fd(fd, SS_NAME_MAX + 2, &buf, &len, &e2) < 0 || pamrec_parse(buf, len, name) < 0)
		return ss_fail(err, EPERM, "the PAM session record for audit session %s is malformed", sid);
	return 0;
}

int identity_from_env(const struct ss_config *c, struct ss_ident *id, struct ss_error *err)
{
	const char *logname = getenv("LOGNAME"), *user = getenv("USER");
	int r;

	if (!logname)
		return ss_fail(err, EPERM, "LOGNAME is not set");
	if (user && strcmp(user, logname))
		return ss_fail(err, EPERM, "LOGNAME and USER differ");
	r = set_name(id, logname, err);
	if (r < 0)
		return r;
	{
		/* Where the PAM hook did record this login, the environment must agree with it. */
		char rec[SS_NAME_MAX + 1], sid[16];

		r = read_record(rec, sid, sizeof(sid), err);
		if (r < 0 && r != -ENOENT)
			return r;
		if (r == 0 && strcmp(rec, id->name))
			return ss_fail(err, EPERM, "LOGNAME '%s' does not match the PAM session record ('%s')",
				       id->name, rec);
	}
	r = check_alias(c, id, err);
	if (r < 0)
		return r;
	return check_utmp(id->name, err);
}

/* identity pam: the record that `secure_shell --pam-session` (root, run by pam_exec right after
 * pam_loginuid) wrote for this login's audit session.  The session id is inherited and cannot be
 * changed by the alias; the record is opened by fd from "/" with every directory on the way and the
 * file itself root-owned and not writable by group or others (ss_open_trusted), no symlinks. */
int identity_from_pam(const struct ss_config *c, struct ss_ident *id, struct ss_error *err)
{
	char sid[16], clean[80];
	const char *logname = getenv("LOGNAME"), *user = getenv("USER");
	static struct ss_nssmap map;
	struct ss_error e2;
	int r;

	r = read_record(id->name, sid, sizeof(sid), err);
	if (r == -ENOENT && pamrec_session_id(sid, sizeof(sid)) < 0)
		return ss_fail(err, EPERM, "no audit session id (unset): is pam_loginuid in sshd's PAM stack?");
	if (r == -ENOENT)
		return ss_fail(err, EPERM,
			       "no PAM session record for audit session %s (is the --pam-session hook in "
			       "sshd's PAM stack?)",
			       sid);
	if (r < 0)
		return r;
	/* sshd set LOGNAME and USER from the same passwd entry; a difference means that something the
	 * alias controls (~/.pam_environment, ~/.ssh/environment) rewrote them: refuse, and say so */
	if ((logname && strcmp(logname, id->name)) || (user && strcmp(user, id->name))) {
		ss_sanitize(clean, sizeof(clean), logname && strcmp(logname, id->name) ? logname : user);
		return ss_fail(err, EPERM, "LOGNAME/USER '%s' does not match the PAM session record ('%s')", clean,
			       id->name);
	}
	/* the ForceCommand deployment: aliases whose libnss_map shell is a plain shell */
	if (nssmap_load(&map, &e2) == 0 && map.uid == ss_rt.ruid && map.gid == ss_rt.rgid)
		alias_alt_shell = map.shell;
	r = check_alias(c, id, err);
	alias_alt_shell = NULL;
	return r;
}

/* Is uid the shared uid of libnss_map (first line of /etc/nssmap.conf)?  A file that exists but
 * cannot be trusted counts as yes: aliases never choose a profile, so doubt refuses --profile. */
static bool is_nssmap_uid(uid_t uid)
{
	struct ss_nssmap m;
	struct ss_error e;
	int r = nssmap_load(&m, &e);

	if (r == -ENOENT)
		return false;
	return r < 0 || m.uid == uid;
}

static bool in_etc_shells(const char *shell)
{
	const char *s;
	bool r = false;

	setusershell();
	while ((s = getusershell()))
		if (!strcmp(s, shell)) {
			r = true;
			break;
		}
	endusershell();
	return r;
}

/* --profile: a real user tries a profile on themselves; identity = their own /etc/passwd entry.
 * A real user has a login shell listed in /etc/shells (the launcher must not be listed there), and
 * the uid is not an alias uid: aliases never choose their profile. */
struct test_scan {
	char name[SS_NAME_MAX * 4];
	bool alias_uid;
};

static int test_user_line(const struct pwline *pl, void *ctx)
{
	struct test_scan *t = ctx;

	if (pl->uid != ss_rt.ruid)
		return 0;
	if (is_launcher(pl->shell))
		t->alias_uid = true;
	else if (!t->name[0] && in_etc_shells(pl->shell))
		ss_sanitize(t->name, sizeof(t->name), pl->name);
	return 0;
}

int identity_for_test(const struct ss_config *c, const char *home, struct ss_ident *id, struct ss_error *err)
{
	struct test_scan t = { .alias_uid = is_nssmap_uid(ss_rt.ruid) };
	int r;

	(void)c;
	r = passwd_each(test_user_line, &t, err);
	if (r < 0)
		return r;
	if (t.alias_uid || !t.name[0])
		return ss_fail(err, EPERM, "--profile is for real users: uid %u has no /etc/passwd entry of its own",
			       (unsigned)ss_rt.ruid);
	r = set_name(id, t.name, err);
	if (r < 0)
		return r;
	id->uid = ss_rt.ruid;
	id->gid = ss_rt.rgid;
	id->test_mode = true;
	id->home_host = home ? ss_xstrdup(home) : NULL;
	return 0;
}
