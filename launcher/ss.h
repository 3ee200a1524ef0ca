/* SPDX-License-Identifier: ISC */
/* Shared definitions of the secure_shell launcher: errors, cleanup helpers, exit codes, limits. */
#ifndef SS_H
#define SS_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define SS_VERSION "0.1.0"

/* Exit codes (DESIGN §4). */
enum {
	SS_EXIT_USAGE = 2,
	SS_EXIT_REFUSED = 125,
	SS_EXIT_NOEXEC = 126,
	SS_EXIT_NOTFOUND = 127,
};

#define SS_NAME_MAX 32 /* bytes of an alias name, without the NUL */
#define SS_PATH_MAX 4096

#define SS_WUR		__attribute__((warn_unused_result))
#define SS_NORETURN	__attribute__((noreturn))
#define SS_NOINLINE	__attribute__((noinline))
#define SS_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Which directory <state_dir>/dev is (PRIV_PREPARE_DEV): init, which opens it again, compares. */
struct ss_dev_id {
	dev_t dev;
	ino_t ino;
};

/* A caller-owned error: modules fill it and return a negative errno; only the top level dies. */
struct ss_error {
	int code;      /* errno-style, positive */
	char msg[512]; /* one line, no trailing newline */
};

/* Fill err with a message; returns -code (or -EINVAL when code is 0) for `return ss_fail(...)`. */
int ss_fail(struct ss_error *err, int code, const char *fmt, ...) SS_PRINTF(3, 4);

/* Cleanup helpers in the style of bubblewrap/crun. */
static inline void ss_freep(void *p)
{
	free(*(void **)p);
}
static inline void ss_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		(void)close(*fd);
		errno = saved;
	}
}
#define cleanup_free  __attribute__((cleanup(ss_freep)))
#define cleanup_close __attribute__((cleanup(ss_closep)))

static inline void *ss_steal(void *pp)
{
	void **p = pp;
	void *v = *p;
	*p = NULL;
	return v;
}
static inline int ss_steal_fd(int *fd)
{
	int v = *fd;
	*fd = -1;
	return v;
}

/* log.c: the one place that talks to the user and to syslog. */
struct ss_logctx {
	const char *alias;    /* validated name, or NULL */
	const char *profile;  /* profile name, or NULL */
	const char *session;  /* audit session id as text, or NULL */
	const char *ssh_conn; /* SSH_CONNECTION, sanitized, or NULL */
	const char *cgroup;   /* the session's leaf, "<parent>/<alias>/<leaf>", or NULL */
};
extern struct ss_logctx ss_log;

void ss_log_open(void);
void ss_syslog(int prio, const char *fmt, ...) SS_PRINTF(2, 3);
/* Refuse the session: one line on stderr, one syslog line, exit 125. */
SS_NORETURN void ss_refuse(const char *fmt, ...) SS_PRINTF(1, 2);
/* Usage error: message + hint on stderr, exit 2. */
SS_NORETURN void ss_usage_error(const char *fmt, ...) SS_PRINTF(1, 2);
/* Format, then make the text safe for a terminal and a log line (printable ASCII only). */
void ss_vformat_clean(char *out, size_t sz, const char *fmt, va_list ap) SS_PRINTF(3, 0);
/* Copy s into out, replacing anything but printable ASCII by '?', at most outsz-1 bytes. */
void ss_sanitize(char *out, size_t outsz, const char *s);

/* Safe helpers (util.c). */
void *ss_xmalloc(size_t n);
char *ss_xstrdup(const char *s);
SS_PRINTF(3, 4) int ss_snprintf(char *buf, size_t sz, const char *fmt, ...) SS_WUR;
/* write all of buf; -errno on failure */
int ss_write_all(int fd, const void *buf, size_t len) SS_WUR;
/* 0 if the directory path names, and every directory and symbolic link on the way to it, can be
 * changed by root only (root-owned; not writable by group or others, except sticky directories on
 * the way); else -errno and the reason, naming the path, in why. */
int ss_trusted_dir(const char *path, char *why, size_t whysz) SS_WUR;
/* 1 if path is on a FUSE file system (its owners and modes are whatever the daemon says), 0 if not,
 * -errno. */
#define SS_FUSE_SUPER_MAGIC 0x65735546
int ss_on_fuse(const char *path) SS_WUR;
/* Read a whole file from an fd (a regular one, or one of procfs; at most max bytes, else EFBIG);
 * NUL-terminates. */
int ss_read_fd(int fd, size_t max, char **out, size_t *len, struct ss_error *err) SS_WUR;

/* Phase marks for `make bench` (a separate -DSS_TIMING build); nothing in the installed binary. */
#ifdef SS_TIMING
void ss_mark(const char *phase);
#define SS_MARK(p) ss_mark(p)
#else
#define SS_MARK(p) ((void)0)
#endif

#endif
