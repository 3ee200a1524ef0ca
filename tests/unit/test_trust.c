/* SPDX-License-Identifier: ISC */
/*
 * launcher/util.c: ss_trusted_dir() accepts a directory only if root alone can change it and the
 * way to it, following root's symbolic links.  Each case builds its tree in a fresh directory under
 * /tmp (a sticky directory on the way, as on most hosts), removed at the end.  Needs root (the
 * trees need root-owned and foreign-owned entries); otherwise it skips.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher.h"
#include "tap.h"

static char base[64];

/* base/rel as an absolute path (a static buffer per call site is enough here) */
static const char *at(char *buf, size_t sz, const char *rel)
{
	if (ss_snprintf(buf, sz, "%s/%s", base, rel) < 0)
		abort();
	return buf;
}

static int mk(const char *rel, mode_t mode, uid_t uid)
{
	char p[256];

	return mkdir(at(p, sizeof(p), rel), 0700) < 0 || chmod(p, mode) < 0 || chown(p, uid, 0) < 0 ? -1 : 0;
}

static int ln(const char *target, const char *rel, uid_t uid)
{
	char p[256];

	return symlink(target, at(p, sizeof(p), rel)) < 0 || lchown(p, uid, 0) < 0 ? -1 : 0;
}

static void expect(const char *rel, int want, const char *why_part, const char *name)
{
	char p[256], why[512];
	int r = ss_trusted_dir(at(p, sizeof(p), rel), why, sizeof(why));

	is_int(r, want, "%s: %s", name, rel);
	if (why_part)
		ok(strstr(why, why_part) != NULL, "%s: the reason names it (%s)", name, why);
}

int main(void)
{
	char why[512];

	if (geteuid() != 0) {
		skip_not_root("trusted dir (the trees need root-owned entries)");
		return done_testing();
	}
	strcpy(base, "/tmp/ss-trust.XXXXXX");
	if (!mkdtemp(base) || chmod(base, 0755) < 0)
		return 99;
	if (mk("ok", 0755, 0) || mk("ok/state", 0755, 0) || mk("gw", 0775, 0) || mk("gw/state", 0755, 0) ||
	    mk("sticky", 01777, 0) || mk("sticky/state", 0755, 0) || mk("user", 0755, 10000) ||
	    mk("user/state", 0755, 0) || mk("ok/ww", 0777, 0) || ln("ok/state", "rel", 0) ||
	    ln("../ok/./state", "sticky/up", 0) || ln(base, "abs", 0) || ln("ok/state", "sticky/theirs", 10000) ||
	    ln("loop2", "loop1", 0) || ln("loop1", "loop2", 0) || ln("sticky", "tosticky", 0) ||
	    mk("ok/ww/in", 0755, 0))
		return 99;

	expect("ok/state", 0, NULL, "root's directories, not writable by others");
	expect("gw/state", -EPERM, "gw is writable by its group", "a group-writable directory on the way");
	expect("sticky/state", 0, NULL, "a sticky world-writable directory on the way, root's entry in it");
	expect("sticky", -EPERM, "sticky is writable", "... but not as the directory itself");
	expect("user/state", -EPERM, "user is owned by uid 10000", "a directory of another uid on the way");
	expect("ok/ww", -EPERM, "ww is writable by its group or by others", "a world-writable directory itself");
	expect("rel", 0, NULL, "root's relative link");
	expect("sticky/up", 0, NULL, "root's link with .. and ., in a sticky directory");
	expect("abs/ok/state", 0, NULL, "root's absolute link, then more of the path");
	expect("sticky/theirs", -EPERM, "symbolic link owned by uid 10000",
	       "a link another uid put in a sticky directory");
	expect("loop1", -ELOOP, "Too many levels of symbolic links", "a loop of links");
	expect("missing", -ENOENT, "missing: No such file", "a missing directory");
	expect("ok/state/../../gw/state", -EPERM, "gw is writable", ".. in the path itself");
	expect("rel/..", 0, NULL, ".. after a link: the parent of where the link led (ok)");
	expect("rel/../ww", -EPERM, "ok/ww is writable", "... and from there on");
	expect("tosticky", -EPERM, "sticky is writable", "a link to a sticky directory, as the directory itself");
	expect("ok/ww/in", -EPERM, "ok/ww is writable", "a world-writable directory, not sticky, on the way");
	is_int(ss_trusted_dir("relative/path", why, sizeof(why)), -EINVAL, "a relative path is refused");
	{
		char p[256];

		/* a regular file is not a directory */
		int fd = open(at(p, sizeof(p), "ok/file"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		ok(fd >= 0 && close(fd) == 0, "made ok/file");
		expect("ok/file", -ENOTDIR, "ok/file", "a file");
	}
	{
		char cmd[128];

		if (ss_snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base) == 0 && system(cmd) != 0)
			note("could not remove %s", base);
	}
	return done_testing();
}
