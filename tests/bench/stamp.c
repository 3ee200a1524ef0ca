/* SPDX-License-Identifier: ISC */
/*
 * stamp: the benchmark payload.  The first thing it does is read CLOCK_MONOTONIC; it then writes
 * "stamp <nanoseconds>\n" and exits 0.  Built static (no dynamic loader, no libraries), so the
 * time between exec and the clock read is as small as a C program allows.
 *
 * Where the line goes, first match wins:
 *   --file PATH   append to PATH (created 0600 if missing)
 *   --fd N        write to file descriptor N
 *   $STAMP_FILE, $STAMP_FD   the same, from the environment
 *   otherwise     standard output
 * --sleep MS (anywhere among the arguments) then sleeps MS milliseconds before exiting, so that a
 * burst of payloads stays alive together (`make bench` burst section).
 * Any other argument is ignored, so the payload can stand in for a shell ("stamp -c CMD").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int parse_fd(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1 << 20)
		return -1;
	return (int)v;
}

/* "stamp " + the decimal digits of ns + "\n", without stdio */
static size_t format_line(char *buf, size_t size, unsigned long long ns)
{
	static const char prefix[] = "stamp ";
	char digits[24];
	size_t n = 0, len = sizeof(prefix) - 1;

	do {
		digits[n++] = (char)('0' + ns % 10);
		ns /= 10;
	} while (ns && n < sizeof(digits));
	if (len + n + 1 > size)
		return 0;
	memcpy(buf, prefix, len);
	while (n)
		buf[len++] = digits[--n];
	buf[len++] = '\n';
	return len;
}

int main(int argc, char **argv)
{
	struct timespec ts;
	const char *file = NULL, *e;
	char line[64];
	size_t len, off = 0;
	int fd = -1, i, opened = 0;
	long sleep_ms = 0;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 1;

	for (i = 1; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--sleep")) {
			sleep_ms = parse_fd(argv[++i]); /* a count like an fd number: 0 .. 2^20 */
			if (sleep_ms < 0)
				return 2;
		} else if (!file && fd < 0 && !strcmp(argv[i], "--file")) {
			file = argv[++i];
		} else if (!file && fd < 0 && !strcmp(argv[i], "--fd")) {
			fd = parse_fd(argv[++i]);
			if (fd < 0)
				return 2;
		}
	}
	if (!file && fd < 0) {
		if ((e = getenv("STAMP_FILE")) && *e)
			file = e;
		else if ((e = getenv("STAMP_FD")) && *e && (fd = parse_fd(e)) < 0)
			return 2;
	}
	if (file) {
		fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0)
			return 1;
		opened = 1;
	} else if (fd < 0) {
		fd = STDOUT_FILENO;
	}

	len = format_line(line, sizeof(line),
			  (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec);
	while (off < len) {
		ssize_t w = write(fd, line + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return 1;
		off += (size_t)w;
	}
	if (opened && close(fd) < 0)
		return 1;
	if (sleep_ms > 0) {
		struct timespec d = { .tv_sec = sleep_ms / 1000, .tv_nsec = (sleep_ms % 1000) * 1000000L };

		while (nanosleep(&d, &d) < 0 && errno == EINTR)
			;
	}
	return 0;
}
