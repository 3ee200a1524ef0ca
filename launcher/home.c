/* SPDX-License-Identifier: ISC */
/*
 * The alias's home: created on first login like pam_mkhomedir (mode 0700, skel copied without
 * following links, owned by the shared uid), everything by fd.  An existing home must be a real
 * directory owned by the uid; a symlink or anything else refuses the session.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "launcher.h"
#include "priv.h"

#define SKEL_DEPTH 16

static int copy_file(int sdir, int ddir, const char *name, mode_t mode)
{
	cleanup_close int in = -1, out = -1;
	char buf[16384];
	ssize_t n;
	int r;

	in = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (in < 0)
		return -errno;
	out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0755);
	if (out < 0)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		r = ss_write_all(out, buf, (size_t)n);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Runs with the alias's file-system ids, so every new entry is owned by the alias. */
static int copy_tree(int sdir, int ddir, int depth)
{
	DIR *d;
	struct dirent *e;
	int fd, r = 0;

	if (depth > SKEL_DEPTH)
		return -ELOOP;
	fd = dup(sdir);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while (r == 0 && (e = readdir(d))) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(sdir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = -errno;
		} else if (S_ISREG(st.st_mode)) {
			r = copy_file(sdir, ddir, e->d_name, st.st_mode);
		} else if (S_ISDIR(st.st_mode)) {
			cleanup_close int s2 = -1, d2 = -1;

			if (mkdirat(ddir, e->d_name, 0700) < 0) {
				r = -errno;
				continue;
			}
			s2 = openat(sdir, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			d2 = openat(ddir, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (s2 < 0 || d2 < 0)
				r = -errno;
			else
				r = copy_tree(s2, d2, depth + 1);
			if (r == 0 && fchmod(d2, st.st_mode & 0755) < 0)
				r = -errno;
		} else if (S_ISLNK(st.st_mode)) {
			char target[SS_PATH_MAX];
			ssize_t n = readlinkat(sdir, e->d_name, target, sizeof(target) - 1);

			if (n < 0) {
				r = -errno;
				continue;
			}
			target[n] = '\0';
			if (symlinkat(target, ddir, e->d_name) < 0)
				r = -errno;
		}
		/* device nodes, fifos and sockets in skel are skipped, as mkhomedir_helper does */
	}
	closedir(d);
	return r;
}

static int copy_skel(const char *skel, int home, struct ss_error *err)
{
	cleanup_close int s = -1;
	int r;

	if (!skel)
		return 0;
	s = open(skel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s < 0) {
		if (errno == ENOENT)
			return 0;
		return ss_fail(err, errno, "cannot open skel %s: %s", skel, strerror(errno));
	}
	r = copy_tree(s, home, 0);
	if (r < 0)
		return ss_fail(err, -r, "cannot copy %s into the new home: %s", skel, strerror(-r));
	return 0;
}

static int check_existing(const struct stat *st, const struct ss_ident *id, struct ss_error *err)
{
	if (S_ISLNK(st->st_mode))
		return ss_fail(err, ELOOP, "home %s is a symbolic link", id->home_host);
	if (!S_ISDIR(st->st_mode))
		return ss_fail(err, ENOTDIR, "home %s is not a directory", id->home_host);
	if (st->st_uid != id->uid)
		return ss_fail(err, EPERM, "home %s is owned by uid %u, not %u", id->home_host, (unsigned)st->st_uid,
			       (unsigned)id->uid);
	return 0;
}

int home_prepare(const struct ss_config *c, const struct ss_ident *id, struct ss_error *err)
{
	cleanup_close int base = -1, home = -1;
	struct priv_args a = { .name = id->name, .uid = id->uid, .gid = id->gid };
	struct stat st;
	long r;

	if (!id->home_host)
		return 0; /* --profile without --home: a throwaway tmpfs home */
	if (id->test_mode) {
		/* --home DIR: the caller's own directory, checked again by fd in the sandbox */
		if (lstat(id->home_host, &st) < 0)
			return ss_fail(err, errno, "--home %s: %s", id->home_host, strerror(errno));
		return check_existing(&st, id, err);
	}
	base = open(c->home_base, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (base < 0)
		return ss_fail(err, errno, "home base %s: %s", c->home_base, strerror(errno));
	if (fstatat(base, id->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return check_existing(&st, id, err);
	if (errno != ENOENT)
		return ss_fail(err, errno, "home %s: %s", id->home_host, strerror(errno));

	/* First login.  mkdirat needs a real directory fd, not O_PATH, on older kernels. */
	close(base);
	base = open(c->home_base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (base < 0)
		return ss_fail(err, errno, "home base %s: %s", c->home_base, strerror(errno));
	a.dirfd = base;
	r = priv_op(PRIV_MAKE_HOME, &a);
	if (r == -EEXIST) {
		/* another session of the same alias won the race: check what it made */
		if (fstatat(base, id->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return ss_fail(err, errno, "home %s: %s", id->home_host, strerror(errno));
		return check_existing(&st, id, err);
	}
	if (r == -ENOTEMPTY)
		return ss_fail(err, ENOTEMPTY,
			       "cannot create home %s: %s/" SS_HOME_NEW "%s, left by an earlier first login, is not "
			       "an empty directory of the alias's: remove it",
			       id->home_host, c->home_base, id->name);
	if (r < 0)
		return ss_fail(err, (int)-r, "cannot create home %s: %s", id->home_host, strerror((int)-r));
	if (r == 1)
		ss_syslog(LOG_NOTICE, "home %s: finished the home that a killed first login left half-made",
			  id->home_host);
	home = openat(base, id->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (home < 0)
		return ss_fail(err, errno, "home %s: %s", id->home_host, strerror(errno));
	if (fstat(home, &st) < 0 || check_existing(&st, id, err) < 0)
		return ss_fail(err, EPERM, "home %s changed while it was being created", id->home_host);
	return copy_skel(c->skel, home, err);
}
