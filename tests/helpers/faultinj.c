/* SPDX-License-Identifier: ISC */
/*
 * faultinj.so: an LD_PRELOAD shim for the fail-closed tests of the unprivileged (not setuid)
 * launcher, where the dynamic loader honours LD_PRELOAD.  It counts the calls that change a mount
 * table (mount, umount2, and pivot_root, mount_setattr, open_tree and move_mount made through
 * syscall()) and makes call number SS_FAULT_MOUNT fail with EIO.  The count is per process and inherited by a child (fork
 * copies it); the monitor makes no such call, so in the sandbox's init, which makes all of them,
 * it starts at 0.  syscall() reads six arguments whatever the call takes, as glibc's own does:
 * harmless on x86-64 and arm64, where this shim is used.
 * SS_FAULT_TRACE=1 also prints each counted call to stderr, numbered; SS_FAULT_SLEEP_MS=N waits N ms
 * before the injected failure; SS_GO_SLEEP_MS (below) delays the monitor.
 *
 * It also plays the other alias in a race: with SS_RACE_AFTER=PATH, SS_RACE_RENAME=HOST and
 * SS_RACE_LINK=TARGET, once a readlink() has returned PATH (the launcher has resolved a mount's
 * source or target to PATH, and reads the name back to check it), HOST is renamed to HOST.orig and
 * replaced by a symlink to TARGET, before the mount is made.  That is what anyone who can write
 * HOST's directory could do at that moment; a mount made by name would then follow the symlink.
 * The same swap is made when openat2() (through syscall()) is about to resolve PATH: the moment
 * between the launcher's look at the mount table and its walk to a mount it found there.  With
 * SS_RACE_AFTER_OPEN=PATH instead, the swap comes right after openat2() has opened PATH (a path
 * with no symbolic link on the way, whose name the launcher need not read back).
 *
 * SS_RACE_AT and SS_RACE_FIFO (handshake, below) let the test itself change the host at that moment.
 *
 * SS_FAULT_OPEN=PATH (and SS_FAULT_OPEN2, a second one) makes every open() or openat() of exactly
 * PATH fail with EIO (a file the kernel would not give, as an unreadable /proc/self/cgroup or
 * /proc/self/mountinfo), also when made through the fortified __open_2 or __openat_2.
 *
 * SS_FAULT_CLOSE_RANGE=1 makes close_range() fail with ENOSYS (a kernel older than 5.9).
 * SS_FAULT_LISTMOUNT=1 makes listmount() fail with ENOSYS (a kernel older than 6.8), and
 * SS_FAULT_STATMOUNT=1 makes statmount() fail with EIO: init's look for proc mounts before the plan
 * then reads /proc/self/mountinfo instead.
 *
 * SS_FAULT_FILTER=HOW sends the seccomp filter's message damaged (see damaged_filter).
 *
 * SS_FAULT_SENDMSG=1 makes sendmsg() fail with EPIPE, SS_FAULT_RECVMSG=1 makes recvmsg() fail with
 * EIO: the cgroup session the monitor hands init on a v1 or hybrid host, and the seccomp filter it
 * hands init after that (their only uses of either).  With F instead of 1, only the message of
 * the filter (type 'F') is lost.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long calls;

static int injected(const char *what, const char *arg)
{
	const char *want = getenv("SS_FAULT_MOUNT"), *trace = getenv("SS_FAULT_TRACE");
	long n = ++calls;

	if (trace && *trace == '1')
		fprintf(stderr, "faultinj: %ld %s %s\n", n, what, arg ? arg : "");
	if (want && atol(want) == n) {
		const char *ms = getenv("SS_FAULT_SLEEP_MS");

		if (ms) /* let the monitor's messages arrive first, as on a busy machine */
			usleep((useconds_t)atol(ms) * 1000);
		errno = EIO;
		return 1;
	}
	return 0;
}

int mount(const char *src, const char *dst, const char *type, unsigned long flags, const void *data)
{
	static int (*real)(const char *, const char *, const char *, unsigned long, const void *);

	if (injected("mount", dst))
		return -1;
	if (!real)
		real = (int (*)(const char *, const char *, const char *, unsigned long, const void *))dlsym(RTLD_NEXT,
													     "mount");
	return real(src, dst, type, flags, data);
}

int umount2(const char *dst, int flags)
{
	static int (*real)(const char *, int);

	if (injected("umount2", dst))
		return -1;
	if (!real)
		real = (int (*)(const char *, int))dlsym(RTLD_NEXT, "umount2");
	return real(dst, flags);
}

/* SS_RACE_AT=PATH, SS_RACE_FIFO=FIFO: when openat2() is about to resolve PATH, one byte is written
 * to FIFO and a byte is awaited on FIFO.done (10 s at most): the test, as root, changes the host in
 * between (makes a directory the launcher found absent a moment before). */
static void handshake(const char *path)
{
	static int done;
	const char *at = getenv("SS_RACE_AT"), *fifo = getenv("SS_RACE_FIFO");
	char back[4096], c = 'x';
	struct pollfd p = { .events = POLLIN };
	int fd;

	if (done || !at || !fifo || strcmp(path, at))
		return;
	done = 1;
	if (snprintf(back, sizeof(back), "%s.done", fifo) >= (int)sizeof(back))
		return;
	/* neither open waits: .done read-only and non-blocking (the test's open to write it finds a
	 * reader), FIFO read-write (the byte stays there, whenever the test opens it to read) */
	if ((p.fd = open(back, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return;
	if ((fd = open(fifo, O_RDWR | O_CLOEXEC)) >= 0) {
		if (write(fd, &c, 1) == 1 && poll(&p, 1, 10000) == 1 && read(p.fd, &c, 1) == 1)
			fprintf(stderr, "faultinj: race: the host changed before %s was resolved\n", path);
		close(fd);
	}
	close(p.fd);
}

/* after: the value of SS_RACE_AFTER (a path passed to openat2, or read back by readlink) or of
 * SS_RACE_AFTER_OPEN (a path that openat2 has just opened) */
static void race(const char *after, const char *path, size_t n)
{
	static int done;
	const char *host = getenv("SS_RACE_RENAME"), *to = getenv("SS_RACE_LINK");
	char orig[4096];

	if (done || !after || !host || !to || strlen(after) != n || memcmp(path, after, n))
		return;
	done = 1;
	if (snprintf(orig, sizeof(orig), "%s.orig", host) >= (int)sizeof(orig) || rename(host, orig) < 0 ||
	    symlink(to, host) < 0)
		fprintf(stderr, "faultinj: race: %s: %s\n", host, strerror(errno));
	else
		fprintf(stderr, "faultinj: race: %s swapped for a symlink to %s\n", host, to);
}

long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_pivot_root && injected("pivot_root", (const char *)a[0]))
		return -1;
	if (nr == SYS_mount_setattr && injected("mount_setattr", (const char *)a[1]))
		return -1;
	if (nr == SYS_open_tree && injected("open_tree", (const char *)a[1]))
		return -1;
	if (nr == SYS_move_mount && injected("move_mount", (const char *)a[3]))
		return -1;
	if (nr == SYS_openat2 && a[1]) {
		long r;

		race(getenv("SS_RACE_AFTER"), (const char *)a[1], strlen((const char *)a[1]));
		handshake((const char *)a[1]);
		if (!real)
			real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
		r = real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (r >= 0) {
			int saved = errno;

			race(getenv("SS_RACE_AFTER_OPEN"), (const char *)a[1], strlen((const char *)a[1]));
			errno = saved;
		}
		return r;
	}
	if (nr == SYS_close_range && getenv("SS_FAULT_CLOSE_RANGE")) {
		fprintf(stderr, "faultinj: close_range -> ENOSYS\n"); /* the test sees that it was asked */
		errno = ENOSYS;
		return -1;
	}
	if (nr == 458 /* listmount */ && getenv("SS_FAULT_LISTMOUNT")) {
		errno = ENOSYS;
		return -1;
	}
	if (nr == 457 /* statmount */ && getenv("SS_FAULT_STATMOUNT")) {
		errno = EIO;
		return -1;
	}
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

ssize_t readlink(const char *path, char *buf, size_t sz)
{
	static ssize_t (*real)(const char *, char *, size_t);
	ssize_t n;

	if (!real)
		real = (ssize_t(*)(const char *, char *, size_t))dlsym(RTLD_NEXT, "readlink");
	n = real(path, buf, sz);
	if (n > 0)
		race(getenv("SS_RACE_AFTER"), buf, (size_t)n);
	return n;
}

/* what a _FORTIFY_SOURCE build calls where it knows the buffer's size */
ssize_t __readlink_chk(const char *path, char *buf, size_t sz, size_t buflen);
ssize_t __readlink_chk(const char *path, char *buf, size_t sz, size_t buflen)
{
	if (sz > buflen)
		abort();
	return readlink(path, buf, sz);
}

/* SS_GO_SLEEP_MS=N: the monitor waits N ms after it sent init its "go" (a one-byte "G"), as when it is
 * descheduled there: whatever init does meanwhile is waiting for it when it reads again. */
ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);
	const char *ms = getenv("SS_GO_SLEEP_MS");
	ssize_t n;

	if (!real)
		real = (ssize_t(*)(int, const void *, size_t, int))dlsym(RTLD_NEXT, "send");
	n = real(fd, buf, len, flags);
	if (ms && n == 1 && len == 1 && *(const char *)buf == 'G')
		usleep((useconds_t)atol(ms) * 1000);
	return n;
}

/* SS_FAULT_OPEN: does opening path fail?  (errno set) */
static bool open_fails(const char *path)
{
	const char *fail = getenv("SS_FAULT_OPEN"), *fail2 = getenv("SS_FAULT_OPEN2");

	if ((fail && !strcmp(path, fail)) || (fail2 && !strcmp(path, fail2))) {
		errno = EIO;
		return true;
	}
	return false;
}

/* the mode argument of an open that creates */
#define OPEN_MODE(flags, mode)                           \
	do {                                             \
		va_list ap;                              \
		if ((flags) & (O_CREAT | __O_TMPFILE)) { \
			va_start(ap, flags);             \
			mode = va_arg(ap, mode_t);       \
			va_end(ap);                      \
		}                                        \
	} while (0)

int openat(int dirfd, const char *path, int flags, ...)
{
	static int (*real)(int, const char *, int, ...);
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	if (open_fails(path))
		return -1;
	if (!real)
		real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	return real(dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	if (open_fails(path))
		return -1;
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	return real(path, flags, mode);
}
/* the same function in glibc on 64-bit hosts, under both names */
int open64(const char *path, int flags, ...) __attribute__((alias("open")));

/* what _FORTIFY_SOURCE calls for an open whose flags the compiler cannot see (no mode: O_CREAT
 * and O_TMPFILE go to open itself) */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

int __open_2(const char *path, int flags)
{
	static int (*real)(const char *, int);

	if (open_fails(path))
		return -1;
	if (!real)
		real = (int (*)(const char *, int))dlsym(RTLD_NEXT, "__open_2");
	return real(path, flags);
}
int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

int __openat_2(int dirfd, const char *path, int flags)
{
	static int (*real)(int, const char *, int);

	if (open_fails(path))
		return -1;
	if (!real)
		real = (int (*)(int, const char *, int))dlsym(RTLD_NEXT, "__openat_2");
	return real(dirfd, path, flags);
}
int __openat64_2(int dirfd, const char *path, int flags) __attribute__((alias("__openat_2")));

/* the first byte of a message: the type of the launcher's messages */
static char msg_type(const struct msghdr *m)
{
	return m->msg_iovlen > 0 && m->msg_iov[0].iov_len > 0 ? *(const char *)m->msg_iov[0].iov_base : 0;
}

/* SS_FAULT_MEMFD=1: memfd_create fails with EIO (the launcher exports a compiled seccomp filter
 * through one: a cache miss then cannot be compiled). */
int memfd_create(const char *name, unsigned int flags)
{
	static int (*real)(const char *, unsigned int);

	if (getenv("SS_FAULT_MEMFD")) {
		errno = EIO;
		return -1;
	}
	if (!real)
		real = (int (*)(const char *, unsigned int))dlsym(RTLD_NEXT, "memfd_create");
	return real(name, flags);
}

/* The header of the launcher's 'F' message (sandbox.c, struct filter_hdr). */
struct filter_hdr {
	char type;
	int n;
	unsigned short len[2];
};

/* SS_FAULT_FILTER: the 'F' message sent damaged, as init must never accept it: "short" (its last
 * instruction missing), "type" (not 'F'), "count" (3 programs), "empty" (a program of no
 * instruction), "huge" (one longer than BPF_MAXINSNS).  Returns what sendmsg returns. */
static ssize_t damaged_filter(ssize_t (*real)(int, const struct msghdr *, int), int fd, const struct msghdr *m,
			      int flags, const char *how)
{
	struct iovec iov[8];
	struct msghdr c = *m;
	struct filter_hdr h;
	ssize_t r;

	if (m->msg_iovlen < 2 || m->msg_iovlen > 8 || m->msg_iov[0].iov_len != sizeof(h))
		return real(fd, m, flags);
	memcpy(iov, m->msg_iov, m->msg_iovlen * sizeof(iov[0]));
	memcpy(&h, iov[0].iov_base, sizeof(h));
	if (!strcmp(how, "short") && iov[m->msg_iovlen - 1].iov_len >= 8)
		iov[m->msg_iovlen - 1].iov_len -= 8;
	else if (!strcmp(how, "type"))
		h.type = 'G';
	else if (!strcmp(how, "count"))
		h.n = 3;
	else if (!strcmp(how, "empty"))
		h.len[0] = 0;
	else if (!strcmp(how, "huge"))
		h.len[0] = 4097;
	iov[0].iov_base = &h;
	c.msg_iov = iov;
	r = real(fd, &c, flags);
	/* the monitor checks what it sent: the sizes it expects */
	return r >= 0 && !strcmp(how, "short") ? r + 8 : r;
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);
	const char *f = getenv("SS_FAULT_SENDMSG"), *how = getenv("SS_FAULT_FILTER");

	if (f && (*f == '1' || (*f == 'F' && msg_type(m) == 'F'))) {
		errno = EPIPE;
		return -1;
	}
	if (!real)
		real = (ssize_t(*)(int, const struct msghdr *, int))dlsym(RTLD_NEXT, "sendmsg");
	if (how && msg_type(m) == 'F')
		return damaged_filter(real, fd, m, flags, how);
	return real(fd, m, flags);
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	const char *f = getenv("SS_FAULT_RECVMSG");
	ssize_t n;

	if (f && *f == '1') {
		errno = EIO;
		return -1;
	}
	if (!real)
		real = (ssize_t(*)(int, struct msghdr *, int))dlsym(RTLD_NEXT, "recvmsg");
	n = real(fd, m, flags);
	if (f && *f == 'F' && n > 0 && msg_type(m) == 'F') { /* received, then lost */
		errno = EIO;
		return -1;
	}
	return n;
}
