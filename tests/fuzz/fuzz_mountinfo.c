/* SPDX-License-Identifier: ISC */
/* libFuzzer target for ss_mountinfo_next(), the mountinfo parser of the launcher (the proc mounts
 * it covers) and of the cgroup module (the hierarchies): walk the text to its end or its first
 * malformed line, and check that every field it returns lies in the text and that the walk always
 * moves on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const char *f, const char *buf, size_t len)
{
	if (f < buf || f + strlen(f) > buf + len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *cur, *before;
	struct ss_mi m;
	int r;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	cur = buf;
	for (;;) {
		before = cur;
		r = ss_mountinfo_next(&cur, &m);
		if (r <= 0)
			break;
		if (cur <= before || cur > buf + size)
			abort(); /* no progress, or past the text */
		inside(m.root, buf, size);
		inside(m.mp, buf, size);
		inside(m.type, buf, size);
		inside(m.super, buf, size);
	}
	if (r == 0 && *cur)
		abort(); /* "the end" only at the end */
	free(buf);
	return 0;
}
