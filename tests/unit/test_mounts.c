/* SPDX-License-Identifier: ISC */
/*
 * launcher/mounts.c: mounts_other_procs() finds, in mountinfo text, the proc file systems under the
 * new root other than its /proc, which a login covers (they would show the host's PID namespace).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "mounts.h"
#include "tap.h"

/* the NUL-separated list joined with '|' */
static const char *joined(const char *list, int n)
{
	static char buf[4096];
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? "|" : "", list);
		list += strlen(list) + 1;
	}
	return buf;
}

static const char host[] = "22 1 0:21 / /oldroot rw,relatime shared:1 - ext4 /dev/vda rw\n"
			   "23 22 0:22 / /oldroot/proc rw,nosuid shared:2 - proc proc rw\n"
			   "40 30 0:30 / /newroot ro,relatime master:1 - ext4 /dev/vda rw\n"
			   "41 40 0:22 / /newroot/proc ro,nosuid - proc proc rw\n"
			   "42 40 0:40 / /newroot/srv/chroot/proc ro - proc proc rw\n"
			   "43 40 0:41 / /newroot/sys ro - sysfs sysfs rw\n"
			   "44 40 0:42 / /newroot/build\\040tree/proc ro shared:7 master:3 - proc none rw\n"
			   "45 40 0:22 /sys /newroot/opt/sys ro - proc proc rw\n"
			   "46 40 0:43 / /newroot/procfs ro - proc proc rw\n"
			   "47 40 0:44 / /newrootx/proc ro - proc proc rw\n"
			   "48 40 0:45 / /newroot/mnt/t ro - tmpfs proc rw\n"
			   "49 40 0:46 / /newroot/a\\134b ro - proc proc rw";

int main(void)
{
	char out[1024];
	int n;

	n = mounts_other_procs(host, "/newroot", out, sizeof(out));
	is_int(n, 5, "five proc file systems under the new root besides its /proc");
	is_str(joined(out, n > 0 ? n : 0),
	       "/newroot/srv/chroot/proc|/newroot/build tree/proc|/newroot/opt/sys|/newroot/procfs|/newroot/a\\b",
	       "in order, escapes undone; not /newroot/proc, other types, other prefixes, a tmpfs named proc");
	is_int(mounts_other_procs("", "/newroot", out, sizeof(out)), 0, "an empty table: none");
	is_int(mounts_other_procs("41 40 0:22 / /newroot/proc ro - proc proc rw\n", "/newroot", out, sizeof(out)), 0,
	       "only the new root's own /proc: none");
	is_int(mounts_other_procs(host, "/newroot", out, 30), -1, "an output buffer too small: -1");
	is_int(mounts_other_procs("41 40 0:22 / /newroot/x ro proc proc rw\n", "/newroot", out, sizeof(out)), -1,
	       "a line without the '-' separator: -1");
	is_int(mounts_other_procs("41 40 0:22 /\n", "/newroot", out, sizeof(out)), -1, "a short line: -1");
	is_int(mounts_other_procs("41 40 0:22 / /newroot/a\\09 ro - proc p rw\n", "/newroot", out, sizeof(out)), -1,
	       "a bad escape: -1");
	is_int(mounts_other_procs("41 40 0:22 / /newroot/a\\000b ro - proc p rw\n", "/newroot", out, sizeof(out)), -1,
	       "an escaped NUL: -1");
	return done_testing();
}
