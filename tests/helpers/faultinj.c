/* SPDX-License-Identifier: ISC */
/*
 * faultinj.so: an LD_PRELOAD shim for the fail-closed tests of the unprivileged (not setuid)
 * launcher, where the dynamic loader honours LD_PRELOAD.  It counts the calls that change a mount
 * table (mount, umount2, and pivot_root and mount_setattr made through syscall()) and makes call
 * number SS_FAULT_MOUNT fail with EIO.  The count is per process and inherited by a child (fork
 * copies it); the monitor makes no such call, so in the sandbox's init, which makes all of them,
 * it starts at 0.  syscall() reads six arguments whatever the call takes, as glibc's own does:
 * harmless on x86-64 and arm64, where this shim is used.
 * SS_FAULT_TRACE=1 also prints each counted call to stderr, numbered.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
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
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
