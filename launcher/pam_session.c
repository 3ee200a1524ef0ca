/* SPDX-License-Identifier: ISC */
/*
 * --pam-session: the writer of identity pam's records (pamrec.h).  pam_exec runs it as root in
 * sshd's session stack, right after pam_loginuid:
 *
 *   session required pam_exec.so quiet type=open_session /usr/local/sbin/secure_shell --pam-session
 *
 * open_session: PAM_USER, if it is an alias, goes to /run/secure_shell/sessions/<audit session id>,
 * written atomically; records of sessions that no longer exist are swept.  close_session: the
 * record is removed if it names the same user.  Users that are not aliases are left alone (exit 0),
 * so the hook can sit in a stack shared with ordinary accounts.  Exit status: 0 done or not an
 * alias, 1 refused (pam_exec then fails the session when the line is "required").
 *
 * pam_exec hands its child the PAM environment, which pam_env (user_readenv=1) may have filled
 * from the user's own ~/.pam_environment, and appends PAM_USER and PAM_TYPE after it.  getenv()
 * would return the first, user-chosen definition: here the LAST one counts, and at open_session
 * any duplicate refuses.  The same environment reaches the dynamic loader before main(), with no
 * AT_SECURE for a process that is really root: that is why the hook must run before anything puts
 * user-controlled variables into the PAM environment (docs/admin-guide.md, and --doctor checks it).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "launcher.h"
#include "pamrec.h"

enum { HOOK_OK = 0, HOOK_FAIL = 1 };

extern char **environ;

/* The last definition of name in environ (pam_exec appends its items last); *count = how many. */
static const char *last_env(const char *name, int *count)
{
	size_t n = strlen(name);
	const char *v = NULL;

	*count = 0;
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=') {
			v = *e + n + 1;
			(*count)++;
		}
	return v;
}

SS_PRINTF(1, 2) static int hook_fail(const char *fmt, ...)
{
	char clean[512];
	va_list ap;

	va_start(ap, fmt);
	ss_vformat_clean(clean, sizeof(clean), fmt, ap);
	va_end(ap);
	fprintf(stderr, "secure_shell --pam-session: %s\n", clean);
	ss_syslog(LOG_ERR, "pam-session refused: %s", clean);
	return HOOK_FAIL;
}

/* Does /etc/passwd itself have an entry named name whose shell is neither the launcher nor
 * alt_shell?  Then it is an ordinary account that happens to share the stack.  (A string compare:
 * the name is not validated yet; sshd has already looked it up.) */
static bool passwd_real_account(const char *name, const char *alt_shell)
{
	cleanup_close int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	cleanup_free char *buf = NULL;
	struct ss_error e;
	size_t len, n = strlen(name);
	char *line, *save = NULL;

	if (fd < 0 || ss_read_fd(fd, 64 << 20, &buf, &len, &e) < 0)
		return true; /* cannot tell: treat as not ours, the launcher will refuse without a record */
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *shell = strrchr(line, ':');

		if (strncmp(line, name, n) || line[n] != ':' || !shell)
			continue;
		return !ss_same_file(shell + 1, ss_rt.exe) && !ss_same_file(shell + 1, alt_shell);
	}
	return false;
}

/* The nssmap.conf shell counts as an alias shell when the line names the same ids (the ForceCommand
 * deployment: aliases have a plain login shell and sshd's ForceCommand starts the launcher). */
static const char *nssmap_shell(const struct passwd *pw)
{
	static struct ss_nssmap m;
	struct ss_error err;

	if (nssmap_load(&m, &err) < 0 || m.uid != pw->pw_uid || m.gid != pw->pw_gid)
		return NULL;
	return m.shell;
}

/* Is this PAM user an alias?  1 yes, 0 no (leave it alone). */
static int is_alias(const char *user, struct passwd **pwp)
{
	struct passwd *pw;
	const char *alt;

	errno = 0;
	pw = getpwnam(user);
	if (!pw)
		return 0;
	alt = nssmap_shell(pw);
	if (!ss_same_file(pw->pw_shell, ss_rt.exe) && !ss_same_file(pw->pw_shell, alt))
		return 0;
	if (passwd_real_account(user, alt))
		return 0;
	*pwp = pw;
	return 1;
}

/* A directory below dirfd, created with mode if missing; it must be a root-owned directory that
 * group and others cannot write, reached without following a symbolic link. */
static int open_dir(int dirfd, const char *name, mode_t mode, bool create)
{
	struct stat st;
	int fd;

	if (create && mkdirat(dirfd, name, mode) == 0) {
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* ours: fix owner and mode whatever the umask or a setgid parent did */
		if (fd >= 0 && (fchown(fd, 0, 0) < 0 || fchmod(fd, mode) < 0)) {
			int e = errno;

			close(fd);
			return -e;
		}
	} else {
		if (create && errno != EEXIST)
			return -errno;
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

/* /run/secure_shell/sessions, walked from "/" by fd. */
static int open_sessions(bool create)
{
	cleanup_close int root = -1, run = -1, top = -1;
	struct stat st;

	root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -errno;
	if (fstat(root, &st) < 0 || st.st_uid != 0 || (st.st_mode & 022))
		return -EPERM;
	run = open_dir(root, "run", 0755, false);
	if (run < 0)
		return run;
	top = open_dir(run, "secure_shell", SS_RUN_DIR_MODE, create);
	if (top < 0)
		return top;
	return open_dir(top, "sessions", SS_SESSIONS_MODE, create); /* = SS_SESSIONS_DIR */
}

/* The record's name, or -errno (-ENOENT: none). */
static int read_record(int dirfd, const char *sid, char name[SS_NAME_MAX + 1])
{
	cleanup_close int fd = openat(dirfd, sid, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char buf[SS_NAME_MAX + 2];
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0)
		return -EPERM;
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	return pamrec_parse(buf, (size_t)n, name);
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Every audit session id that some process still has, sorted; NULL if /proc cannot be read. */
static unsigned long *live_sessions(size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t cap = 256;
	unsigned long *ids = ss_xmalloc(cap * sizeof(*ids));

	*n = 0;
	if (!d) {
		free(ids);
		return NULL;
	}
	while ((e = readdir(d))) {
		char path[64], buf[16];
		cleanup_close int fd = -1;
		ssize_t r;

		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    ss_snprintf(path, sizeof(path), "/proc/%s/sessionid", e->d_name) < 0)
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* exited meanwhile */
		r = read(fd, buf, sizeof(buf) - 1);
		if (r <= 0)
			continue;
		buf[r] = '\0';
		if (*n == cap) {
			cap *= 2;
			ids = realloc(ids, cap * sizeof(*ids));
			if (!ids)
				abort();
		}
		ids[(*n)++] = strtoul(buf, NULL, 10);
	}
	closedir(d);
	qsort(ids, *n, sizeof(*ids), cmp_ulong);
	return ids;
}

/*
 * Remove the records of sessions that ended without close_session (sshd killed, or the hook not
 * run at close).  The kernel hands out audit session ids from a counter that only goes up until the
 * next boot (and /run is a tmpfs, so records do not outlive a boot): once no process has id N, none
 * ever will again, and its record can go.  The candidates are listed BEFORE /proc is read, so a
 * record created meanwhile is never a candidate.  Temporary files of a hook that died between
 * create and rename (".ID.PID.tmp") go the same way.
 */
struct cand {
	unsigned long id;
	char name[48];
};

static bool cand_of(const char *name, const char *own, struct cand *c)
{
	const char *p = name[0] == '.' ? name + 1 : name;
	size_t digits = strspn(p, "0123456789");
	char *end;

	if (digits == 0 || digits > 10 || strlen(name) >= sizeof(c->name) || !strcmp(name, own))
		return false;
	if (p == name ? p[digits] != '\0'
		      : (p[digits] != '.' || strlen(name) < 7 || strcmp(name + strlen(name) - 4, ".tmp")))
		return false;
	errno = 0;
	c->id = strtoul(p, &end, 10);
	if (errno)
		return false;
	memcpy(c->name, name, strlen(name) + 1);
	return true;
}

static void sweep(int dirfd, const char *own)
{
	cleanup_close int fd = dup(dirfd);
	unsigned long *live = NULL;
	struct cand *cand = NULL;
	size_t n_live = 0, n_cand = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;

	if (fd < 0 || !(d = fdopendir(fd)))
		return;
	fd = -1; /* owned by d now */
	while ((e = readdir(d))) {
		struct cand c;

		if (!cand_of(e->d_name, own, &c))
			continue;
		if (n_cand == cap) {
			cap = cap ? 2 * cap : 16;
			cand = realloc(cand, cap * sizeof(*cand));
			if (!cand)
				abort();
		}
		cand[n_cand++] = c;
	}
	closedir(d);
	if (n_cand > 0)
		live = live_sessions(&n_live);
	for (i = 0; live && i < n_cand; i++) {
		if (bsearch(&cand[i].id, live, n_live, sizeof(*live), cmp_ulong))
			continue;
		if (unlinkat(dirfd, cand[i].name, 0) == 0)
			ss_syslog(LOG_INFO, "pam-session swept %s (audit session %lu has ended)", cand[i].name,
				  cand[i].id);
	}
	free(live);
	free(cand);
}

static int open_session(const char *user, const struct passwd *pw, const char *sid)
{
	cleanup_close int dir = -1, fd = -1;
	char tmp[64], rec[SS_NAME_MAX + 2], old[SS_NAME_MAX + 1];
	unsigned long luid;
	char lbuf[16];
	ssize_t n;
	int r;

	/* pam_loginuid has just set the loginuid to this user's uid, which also started this audit
	 * session; anything else means the id came from somewhere else and may be shared */
	fd = open("/proc/self/loginuid", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, lbuf, sizeof(lbuf) - 1);
	if (n <= 0)
		return hook_fail("cannot read /proc/self/loginuid");
	lbuf[n] = '\0';
	luid = strtoul(lbuf, NULL, 10);
	if (luid != pw->pw_uid)
		return hook_fail("the loginuid is %lu, not %u: pam_loginuid must run before this hook", luid,
				 (unsigned)pw->pw_uid);
	close(fd);
	fd = -1;

	dir = open_sessions(true);
	if (dir < 0)
		return hook_fail("%s: %s (it must be a root-owned directory not writable by group or others)",
				 SS_SESSIONS_DIR, strerror(-dir));
	sweep(dir, sid);
	if (ss_snprintf(tmp, sizeof(tmp), ".%s.%d.tmp", sid, (int)getpid()) < 0 ||
	    ss_snprintf(rec, sizeof(rec), "%s\n", user) < 0)
		return hook_fail("name too long");
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, SS_RECORD_MODE);
	if (fd < 0)
		return hook_fail("%s/%s: %s", SS_SESSIONS_DIR, tmp, strerror(errno));
	if (ss_write_all(fd, rec, strlen(rec)) < 0 || fchmod(fd, SS_RECORD_MODE) < 0) {
		r = errno;
		(void)unlinkat(dir, tmp, 0);
		return hook_fail("writing %s/%s: %s", SS_SESSIONS_DIR, tmp, strerror(r));
	}
	/* never replace: one audit session is one login, so an existing record for another user means
	 * the id is shared (pam_loginuid failed or missing somewhere).  Removing that record refuses
	 * both users rather than letting one inherit the other's name. */
	if (renameat2(dir, tmp, dir, sid, RENAME_NOREPLACE) == 0) {
		ss_syslog(LOG_INFO, "pam-session recorded the session");
		return HOOK_OK;
	}
	r = errno;
	(void)unlinkat(dir, tmp, 0);
	if (r != EEXIST)
		return hook_fail("%s/%s: %s", SS_SESSIONS_DIR, sid, strerror(r));
	r = read_record(dir, sid, old);
	if (r == 0 && !strcmp(old, user))
		return HOOK_OK; /* the same login opening another PAM session */
	(void)unlinkat(dir, sid, 0);
	return hook_fail("audit session %s already has a record for another user: removed it; is pam_loginuid "
			 "in the stack before this hook, and is it \"required\"?",
			 sid);
}

static int close_session(const char *user, const char *sid)
{
	cleanup_close int dir = open_sessions(false);
	char old[SS_NAME_MAX + 1];
	int r;

	if (dir < 0)
		return dir == -ENOENT ? HOOK_OK : hook_fail("%s: %s", SS_SESSIONS_DIR, strerror(-dir));
	r = read_record(dir, sid, old);
	if (r == -ENOENT)
		return HOOK_OK;
	if (r < 0 || strcmp(old, user))
		return hook_fail("the record of audit session %s does not name this user: left alone", sid);
	if (unlinkat(dir, sid, 0) < 0 && errno != ENOENT)
		return hook_fail("removing %s/%s: %s", SS_SESSIONS_DIR, sid, strerror(errno));
	ss_syslog(LOG_INFO, "pam-session removed the record");
	return HOOK_OK;
}

int pam_session_main(void)
{
	const char *type, *user;
	struct passwd *pw = NULL;
	char sid[16];
	int n_type, n_user, r;
	ssize_t len;

	if (getuid() != 0 || geteuid() != 0)
		return hook_fail("must be run as root, by pam_exec in sshd's PAM session stack");
	len = readlink("/proc/self/exe", ss_rt.exe, sizeof(ss_rt.exe) - 1);
	if (len < 0)
		return hook_fail("cannot find my own path: %s", strerror(errno));
	ss_rt.exe[len] = '\0';
	type = last_env("PAM_TYPE", &n_type);
	user = last_env("PAM_USER", &n_user);
	if (!type || !user || !*user)
		return hook_fail("PAM_TYPE or PAM_USER is not set: run me through pam_exec");
	if (strcmp(type, "open_session") && strcmp(type, "close_session"))
		return hook_fail("PAM_TYPE is '%s': use this hook in the session stack only", type);
	if (strlen(user) > 256)
		return hook_fail("PAM_USER is too long");
	r = is_alias(user, &pw);
	if (r == 0)
		return HOOK_OK; /* an ordinary account sharing the stack */
	if (!ss_valid_alias(user))
		return hook_fail("invalid alias name '%s'", user);
	ss_log.alias = user;
	if (pw->pw_uid == 0 || pw->pw_gid == 0)
		return hook_fail("an alias cannot have uid or gid 0");
	r = pamrec_session_id(sid, sizeof(sid));
	if (r < 0)
		return hook_fail("no audit session id (%s): pam_loginuid must run before this hook",
				 r == -ENOENT ? "unset" : strerror(-r));
	ss_log.session = sid;
	if (!strcmp(type, "close_session")) {
		if (n_user > 1 || n_type > 1)
			ss_syslog(LOG_WARNING, "pam-session: the PAM environment defines PAM_USER or PAM_TYPE itself "
					       "(pam_env user_readenv=1?); the last definition, pam_exec's, was used");
		return close_session(user, sid);
	}
	if (n_user > 1 || n_type > 1)
		return hook_fail("the PAM environment already defines PAM_USER or PAM_TYPE: a module before this "
				 "hook let user-controlled variables in (pam_env user_readenv=1?); run the hook right "
				 "after pam_loginuid");
	return open_session(user, pw, sid);
}
