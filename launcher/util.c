/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
	size_t used = 0;

	if (fstat(fd, &st) < 0)
		return ss_fail(err, errno, "fstat: %s", strerror(errno));
	if ((unsigned long long)st.st_size > max)
		return ss_fail(err, EFBIG, "file is larger than %zu bytes", max);
	/* sized by fstat (plus a little for files that grow); a read past it is caught below */
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size + 1 < max) /* procfs says 0 */
		max = (size_t)st.st_size + 1;
	buf = ss_xmalloc(max + 1);
	for (;;) {
		ssize_t n = read(fd, buf + used, max - used);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ss_fail(err, errno, "read: %s", strerror(errno));
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used == max) {
			char c;
			if (read(fd, &c, 1) > 0)
				return ss_fail(err, EFBIG, "file is larger than %zu bytes", max);
			break;
		}
	}
	buf[used] = '\0';
	*len = used;
	*out = ss_steal(&buf);
	return 0;
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
