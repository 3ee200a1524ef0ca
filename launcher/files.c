/* SPDX-License-Identifier: ISC */
/*
 * Trusted configuration files.  The checks are made on opened fds, walking from "/" one component
 * at a time with O_NOFOLLOW, so that nothing can be swapped between the check and the read:
 * every directory on the way must be root-owned and not writable by group or others, and the
 * file must be a regular, root-owned file that group and others cannot write.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "launcher.h"

static int check_owner(const struct stat *st, const struct ss_trust *t)
{
	if (st->st_uid == 0)
		return 0;
	if (t->relaxed && st->st_uid == ss_rt.ruid)
		return 0;
	return -EPERM;
}

int ss_open_trusted(const char *path, const struct ss_trust *t, struct ss_error *err)
{
	char buf[SS_PATH_MAX];
	cleanup_close int dir = -1;
	char *comp, *save = NULL, *next;
	struct stat st;
	int fd;

	if (path[0] != '/' || ss_snprintf(buf, sizeof(buf), "%s", path) < 0)
		return ss_fail(err, EINVAL, "%s: not an absolute path", path);
	dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return ss_fail(err, errno, "/: %s", strerror(errno));
	comp = strtok_r(buf + 1, "/", &save);
	while (comp) {
		next = strtok_r(NULL, "/", &save);
		if (!strcmp(comp, "..") || !strcmp(comp, "."))
			return ss_fail(err, EINVAL, "%s: '.' or '..' in path", path);
		if (fstat(dir, &st) < 0)
			return ss_fail(err, errno, "%s: %s", path, strerror(errno));
		/* Relaxed mode trusts the directories: only the caller can lose by a swapped file.  A
		 * root-owned sticky directory (/tmp) is safe: others cannot rename what they do not own. */
		if (!t->relaxed && (st.st_uid != 0 || ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))))
			return ss_fail(err, EPERM,
				       "%s: a directory on the path is not root-owned or is writable by others", path);
		if (!next)
			break;
		fd = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return ss_fail(err, errno, "%s: %s%s", path, strerror(errno),
				       errno == ENOTDIR || errno == ELOOP ? " (symbolic links are not followed)" : "");
		close(dir);
		dir = fd;
		comp = next;
	}
	if (!comp)
		return ss_fail(err, EINVAL, "%s: not a file", path);
	fd = openat(dir, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return ss_fail(err, errno, "%s: %s%s", path, strerror(errno),
			       errno == ELOOP ? " (symbolic links are not followed)" : "");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ss_fail(err, EINVAL, "%s: not a regular file", path);
	}
	if (check_owner(&st, t) < 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		close(fd);
		return ss_fail(err, EPERM,
			       "%s: must be owned by root and not writable by group or others (mode %04o, owner %u)",
			       path, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
	}
	return fd;
}

static int read_trusted(const char *path, const struct ss_trust *t, char **buf, size_t *len, struct ss_error *err)
{
	cleanup_close int fd = ss_open_trusted(path, t, err);
	struct ss_error e2;

	if (fd < 0)
		return fd;
	if (ss_read_fd(fd, SS_FILE_MAX, buf, len, &e2) < 0)
		return ss_fail(err, e2.code, "%s: %s", path, e2.msg);
	return 0;
}

int ss_load_config(const char *path, const struct ss_trust *t, struct ss_config *c, struct ss_diag *d,
		   struct ss_error *err)
{
	cleanup_free char *buf = NULL;
	size_t len;
	int r = read_trusted(path, t, &buf, &len, err);

	if (r < 0)
		return r;
	if (config_parse(c, path, buf, len, d) > 0)
		return ss_fail(err, EINVAL, "%s: %zu error%s", path, d->total, d->total == 1 ? "" : "s");
	return 0;
}

struct include_stack {
	char *names[SS_INCLUDE_DEPTH + 1];
	int depth;
	size_t files; /* read so far: a file may be included again beside itself (not a loop), and a
			 few includes per file, nested, would otherwise be read exponentially often */
};

static int load_profile_rec(const char *dir, const char *name_or_path, const struct ss_trust *t, struct ss_profile *out,
			    struct ss_diag *d, struct include_stack *st, struct ss_error *err)
{
	char path[SS_PATH_MAX];
	cleanup_free char *buf = NULL;
	struct ss_profile p;
	size_t len, i;
	int r;

	if (strchr(name_or_path, '/')) {
		if (ss_snprintf(path, sizeof(path), "%s", name_or_path) < 0)
			return ss_fail(err, ENAMETOOLONG, "profile path too long");
	} else {
		if (!ss_valid_profile_name(name_or_path))
			return ss_fail(err, EINVAL, "invalid profile name '%s'", name_or_path);
		if (ss_snprintf(path, sizeof(path), "%s/%s.profile", dir, name_or_path) < 0)
			return ss_fail(err, ENAMETOOLONG, "profile path too long");
	}
	for (i = 0; i < (size_t)st->depth; i++)
		if (!strcmp(st->names[i], path))
			return ss_fail(err, ELOOP, "%s: include loop", path);
	if (st->depth >= SS_INCLUDE_DEPTH)
		return ss_fail(err, ELOOP, "%s: includes nested deeper than %d", path, SS_INCLUDE_DEPTH);
	if (st->files++ >= SS_INCLUDE_FILES)
		return ss_fail(err, E2BIG, "%s: more than %d files read for one profile (itself and its includes)",
			       path, SS_INCLUDE_FILES);
	r = read_trusted(path, t, &buf, &len, err);
	if (r < 0)
		return r;
	profile_init(&p);
	if (profile_parse(&p, path, buf, len, d) > 0) {
		profile_free(&p);
		return ss_fail(err, EINVAL, "%s: %zu error%s", path, d->total, d->total == 1 ? "" : "s");
	}
	st->names[st->depth++] = path;
	/* Included files first, so that the including file's own settings win. */
	for (i = 0; i < p.n_includes; i++) {
		r = load_profile_rec(dir, p.includes[i], t, out, d, st, err);
		if (r < 0)
			break;
	}
	st->depth--;
	if (r >= 0)
		profile_merge(out, &p);
	profile_free(&p);
	return r < 0 ? r : 0;
}

int ss_load_profile(const char *dir, const char *name_or_path, const struct ss_trust *t, struct ss_profile *p,
		    struct ss_diag *d, struct ss_error *err)
{
	struct include_stack st = { .depth = 0 };
	int r = load_profile_rec(dir, name_or_path, t, p, d, &st, err);

	/* each file is checked alone by the parser; the merged result must respect the same limits */
	if (r == 0 && (p->n_mounts > SS_PROFILE_MOUNTS_MAX || p->n_env_keep > SS_PROFILE_ENV_KEEP_MAX ||
		       p->n_env_set > SS_PROFILE_ENV_SET_MAX || p->n_seccomp > SS_PROFILE_SECCOMP_MAX ||
		       p->n_landlock_rw > SS_PROFILE_LANDLOCK_RW_MAX))
		return ss_fail(err, E2BIG,
			       "%s: with its includes the profile exceeds a limit (%d mounts, %d env_keep, "
			       "%d env_set, %d seccomp rules, %d landlock_rw paths)",
			       name_or_path, SS_PROFILE_MOUNTS_MAX, SS_PROFILE_ENV_KEEP_MAX, SS_PROFILE_ENV_SET_MAX,
			       SS_PROFILE_SECCOMP_MAX, SS_PROFILE_LANDLOCK_RW_MAX);
	return r;
}
