/* SPDX-License-Identifier: ISC */
/* PAM session records and /etc/nssmap.conf: the formats shared by --pam-session, identity and --doctor. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "launcher.h"
#include "pamrec.h"

/* The audit session id cannot change under a process: read once, then answered from memory. */
static int read_session_id(char *buf, size_t sz)
{
	cleanup_close int fd = open("/proc/self/sessionid", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sz - 1);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	if (strspn(buf, "0123456789") != (size_t)n || n > 10)
		return -EIO;
	/* AUDIT_SID_UNSET: no loginuid was ever set in this process's ancestry */
	if (!strcmp(buf, "4294967295"))
		return -ENOENT;
	return 0;
}

int pamrec_session_id(char *out, size_t sz)
{
	static char buf[32];
	static int r = 1; /* not read yet */

	if (r > 0)
		r = read_session_id(buf, sizeof(buf));
	if (r < 0)
		return r;
	if (strlen(buf) >= sz)
		return -ENAMETOOLONG;
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

int pamrec_parse(const char *buf, size_t len, char name[SS_NAME_MAX + 1])
{
	char tmp[SS_NAME_MAX + 2];

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0 || len > SS_NAME_MAX || memchr(buf, '\0', len))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	if (!ss_valid_alias(tmp))
		return -EINVAL;
	memcpy(name, tmp, len + 1);
	return 0;
}

int nssmap_parse(const char *buf, size_t len, struct ss_nssmap *m, struct ss_error *err)
{
	char line[2 * SS_PATH_MAX], *f[7], *p, *end;
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl ? (size_t)(nl - buf) : len, i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < len; i++)
		m->n_lines += buf[i] == '\n' || (i + 1 == len);
	if (n >= sizeof(line) || memchr(buf, '\0', n))
		return ss_fail(err, EINVAL, "the first line is too long or holds a NUL byte");
	memcpy(line, buf, n);
	line[n] = '\0';
	p = line;
	/* six ':'-separated fields, then the shell is everything that is left (libnss_map does the same) */
	for (i = 0; i < 6; i++) {
		f[i] = p;
		p = strchr(p, ':');
		if (!p)
			return ss_fail(
				err, EINVAL,
				"the first line has %zu fields, libnss_map expects 7 (name:pw:uid:gid:gecos:home:shell)",
				i + 1);
		*p++ = '\0';
	}
	f[6] = p;
	errno = 0;
	m->uid = strtoul(f[2], &end, 10);
	if (errno || *end || !*f[2])
		return ss_fail(err, EINVAL, "the uid field '%s' is not a number", f[2]);
	m->gid = strtoul(f[3], &end, 10);
	if (errno || *end || !*f[3])
		return ss_fail(err, EINVAL, "the gid field '%s' is not a number", f[3]);
	if (ss_snprintf(m->home, sizeof(m->home), "%s", f[5]) < 0 ||
	    ss_snprintf(m->shell, sizeof(m->shell), "%s", f[6]) < 0)
		return ss_fail(err, ENAMETOOLONG, "a field is too long");
	return 0;
}

int nssmap_load(struct ss_nssmap *m, struct ss_error *err)
{
	struct ss_trust t = { .relaxed = false };
	cleanup_close int fd = -1;
	cleanup_free char *buf = NULL;
	struct ss_error e2;
	size_t len;
	int r;

	if (access(SS_NSSMAP_PATH, F_OK) < 0 && errno == ENOENT)
		return ss_fail(err, ENOENT, "%s does not exist", SS_NSSMAP_PATH);
	fd = ss_open_trusted(SS_NSSMAP_PATH, &t, err);
	if (fd < 0)
		return fd;
	if (ss_read_fd(fd, 64 * 1024, &buf, &len, &e2) < 0)
		return ss_fail(err, e2.code, "%s: %s", SS_NSSMAP_PATH, e2.msg);
	r = nssmap_parse(buf, len, m, &e2);
	if (r < 0)
		return ss_fail(err, e2.code, "%s: %s", SS_NSSMAP_PATH, e2.msg);
	return 0;
}

bool ss_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int ns_owner_resolve(const char *v, uid_t caller, uid_t *uid, struct ss_error *err)
{
	struct ss_nssmap map;
	struct ss_error ignored;
	struct passwd *pw;
	const char *sh;
	char clean[80];

	ss_sanitize(clean, sizeof(clean), v);
	errno = 0;
	if (strspn(v, "0123456789") == strlen(v)) {
		unsigned long long u = strtoull(v, NULL, 10);

		pw = u < (uid_t)-1 ? getpwuid((uid_t)u) : NULL;
	} else {
		pw = getpwnam(v);
	}
	if (!pw)
		return ss_fail(err, ENOENT, "namespace_owner '%s' is not a user", clean);
	if (pw->pw_uid == 0 || pw->pw_uid == 65534)
		return ss_fail(err, EPERM, "namespace_owner '%s' is uid %u, which others use", clean,
			       (unsigned)pw->pw_uid);
	if (pw->pw_uid == caller)
		return ss_fail(err, EPERM,
			       "namespace_owner '%s' is uid %u, the caller's own: it could enter the sandbox", clean,
			       (unsigned)pw->pw_uid);
	if (nssmap_load(&map, &ignored) == 0 && map.uid == pw->pw_uid)
		return ss_fail(err, EPERM,
			       "namespace_owner '%s' is uid %u, the aliases' (/etc/nssmap.conf): they could enter the "
			       "sandbox",
			       clean, (unsigned)pw->pw_uid);
	sh = strrchr(pw->pw_shell ? pw->pw_shell : "", '/');
	sh = sh ? sh + 1 : "";
	if (strcmp(sh, "nologin") && strcmp(sh, "false"))
		return ss_fail(err, EPERM,
			       "namespace_owner '%s' has the login shell '%s': it must be a system user that nobody "
			       "logs in as (shell nologin)",
			       clean, pw->pw_shell ? pw->pw_shell : "");
	*uid = pw->pw_uid;
	return 0;
}
