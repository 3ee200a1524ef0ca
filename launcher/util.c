/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "launcher.h"

struct ss_runtime ss_rt;

int ss_fail(struct ss_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	err->code = code > 0 ? code : EINVAL;
	va_start(ap, fmt);
	if (vsnprintf(err->msg, sizeof(err->msg), fmt, ap) < 0)
		err->msg[0] = '\0';
	va_end(ap);
	return -err->code;
}

void *ss_xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		abort(); /* out of memory while setting up a login: nothing sensible to do */
	return p;
}

char *ss_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

int ss_snprintf(char *buf, size_t sz, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sz)
		return -ENAMETOOLONG;
	return 0;
}

int ss_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ss_read_fd(int fd, size_t max, char **out, size_t *len, struct ss_error *err)
{
	struct stat st;
	cleanup_free char *buf = NULL;
	size_t used = 0, cap;

	if (fstat(fd, &st) < 0)
		return ss_fail(err, errno, "fstat: %s", strerror(errno));
	if ((unsigned long long)st.st_size > max)
		return ss_fail(err, EFBIG, "file is larger than %zu bytes", max);
	/* sized by fstat (plus one byte, to see a file that grew); procfs says 0: start small, grow */
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	else
		cap = 16384;
	if (cap > max)
		cap = max;
	buf = ss_xmalloc(cap + 1);
	for (;;) {
		ssize_t n;

		if (used == cap) {
			char *bigger;

			if (cap == max) {
				char c;

				if (read(fd, &c, 1) > 0)
					return ss_fail(err, EFBIG, "file is larger than %zu bytes", max);
				break;
			}
			cap = cap > max / 2 ? max : cap * 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger)
				abort(); /* as ss_xmalloc */
			buf = bigger;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ss_fail(err, errno, "read: %s", strerror(errno));
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	*len = used;
	*out = ss_steal(&buf);
	return 0;
}

/* why <- the formatted reason (cut short if need be); returns r. */
SS_PRINTF(4, 5) static int say(char *why, size_t n, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(why, n, fmt, ap) < 0)
		why[0] = '\0';
	va_end(ap);
	return r;
}

/* Can someone other than root change what the directory st describes holds?  Not if root owns it
 * and group and others cannot write it; nor, where sticky_ok, if it is sticky (such as /tmp): there
 * only an entry's owner can rename or remove it, and the walk below goes through root's entries
 * only. */
static int dir_unsafe(const struct stat *st, bool sticky_ok, char *why, size_t n, const char *shown)
{
	if (!S_ISDIR(st->st_mode))
		return say(why, n, -ENOTDIR, "%s: %s", shown, strerror(ENOTDIR));
	if (st->st_uid != 0)
		return say(why, n, -EPERM, "%s is owned by uid %u, not root", shown, (unsigned)st->st_uid);
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(sticky_ok && (st->st_mode & S_ISVTX)))
		return say(why, n, -EPERM, "%s is writable by its group or by others", shown);
	return 0;
}

int ss_on_fuse(const char *path)
{
	struct statfs sf;

	if (statfs(path, &sf) < 0)
		return -errno;
	return sf.f_type == SS_FUSE_SUPER_MAGIC;
}

/*
 * The walk keeps seen, the path resolved so far (no symbolic link in it), and looks at each next
 * entry with lstat.  Going by name is sound here: every directory it has passed can be changed by
 * root only, so no one else can change what the names lead to while it walks (or afterwards).
 */
int ss_trusted_dir(const char *path, char *why, size_t whysz)
{
	char todo[2 * SS_PATH_MAX], seen[2 * SS_PATH_MAX] = "", link[SS_PATH_MAX];
	char *rest = todo;
	size_t len = 0;
	int links = 0, r;
	struct stat st;
	dev_t dev;

	why[0] = '\0';
	if (path[0] != '/' || ss_snprintf(todo, sizeof(todo), "%s", path) < 0)
		return say(why, whysz, -EINVAL, "not an absolute path");
	if (lstat("/", &st) < 0)
		return say(why, whysz, -errno, "/: %s", strerror(errno));
	if ((r = dir_unsafe(&st, true, why, whysz, "/")) < 0)
		return r;
	dev = st.st_dev;
	for (;;) {
		char *name, *slash, *up;
		ssize_t k;
		size_t rl;

		while (*rest == '/')
			rest++;
		if (!*rest)
			break;
		name = rest;
		slash = strchr(rest, '/');
		rest = slash ? slash + 1 : rest + strlen(rest);
		if (slash)
			*slash = '\0';
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) { /* seen has no links: its parent is checked already */
			len = (up = strrchr(seen, '/')) ? (size_t)(up - seen) : 0;
			seen[len] = '\0';
			continue;
		}
		if (ss_snprintf(seen + len, sizeof(seen) - len, "/%s", name) < 0)
			return say(why, whysz, -ENAMETOOLONG, "%s: path too long", path);
		if (lstat(seen, &st) < 0)
			return say(why, whysz, -errno, "%s: %s", seen, strerror(errno));
		if (!S_ISLNK(st.st_mode)) {
			len += strlen(seen + len);
			if ((r = dir_unsafe(&st, true, why, whysz, seen)) < 0)
				return r;
			/* a mount: FUSE reports whatever owner and mode its daemon likes */
			if (st.st_dev != dev && (r = ss_on_fuse(seen)) != 0)
				return say(why, whysz, r < 0 ? r : -EPERM, "%s: %s", seen,
					   r < 0 ? strerror(-r)
						 : "a FUSE file system, whose owners and modes are "
						   "whatever its daemon says");
			dev = st.st_dev;
			continue;
		}
		/* A root-owned link in a directory only root can change (or a sticky one) stays what root
		 * made it; its target is walked and checked like the rest of the path. */
		if (st.st_uid != 0)
			return say(why, whysz, -EPERM, "%s is a symbolic link owned by uid %u, not root", seen,
				   (unsigned)st.st_uid);
		k = readlink(seen, link, sizeof(link));
		rl = strlen(rest);
		if (k <= 0)
			return say(why, whysz, k < 0 ? -errno : -ENOENT, "%s: %s", seen,
				   strerror(k < 0 ? errno : ENOENT));
		if (++links > 40)
			return say(why, whysz, -ELOOP, "%s: %s", seen, strerror(ELOOP));
		if ((size_t)k >= sizeof(link) || (size_t)k + rl + 2 > sizeof(todo))
			return say(why, whysz, -ENAMETOOLONG, "%s: %s", seen, strerror(ENAMETOOLONG));
		seen[len] = '\0';
		memmove(todo + k + 1, rest, rl + 1);
		memcpy(todo, link, (size_t)k);
		todo[k] = '/';
		rest = todo;
		if (link[0] == '/')
			seen[len = 0] = '\0';
	}
	if (lstat(len ? seen : "/", &st) < 0)
		return say(why, whysz, -errno, "%s: %s", len ? seen : "/", strerror(errno));
	/* the directory itself: no one else may write it, sticky or not */
	return dir_unsafe(&st, false, why, whysz, len ? seen : "/");
}

#ifdef SS_TIMING
#include <time.h>
/* One line per phase on fd 2: "ss-mark <phase> <CLOCK_MONOTONIC ns> <pid>" (raw write: any process). */
void ss_mark(const char *phase)
{
	struct timespec t;
	char line[128];
	int n;

	clock_gettime(CLOCK_MONOTONIC, &t);
	n = snprintf(line, sizeof(line), "ss-mark %s %lld %d\n", phase, (long long)t.tv_sec * 1000000000LL + t.tv_nsec,
		     (int)getpid());
	if (n > 0)
		(void)!write(2, line, (size_t)n);
}
#endif
