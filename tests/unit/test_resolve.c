/* SPDX-License-Identifier: ISC */
/*
 * mounts_resolve_guarded(): a profile's path resolved in a root, following a symbolic link only
 * where the aliases' uid cannot change it.  The function reads names back through /oldroot/proc, as
 * init does, so the test runs in a mount namespace of its own (root only), chrooted into a tmpfs
 * that holds the host's tree at /oldroot and /proc.  Nothing is left on the host: the tree it
 * resolves in is a temporary directory, removed at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "mounts.h"
#include "tap.h"

#define ALIAS_UID 4242 /* the aliases' uid of the test: owns the directories they "can change" */

static char dir[64];   /* the tree, as the host names it */
static char stage[64]; /* where the test's namespace mounts its tmpfs (empty on the host) */
static char root[128]; /* ... and as the chrooted test names it: /oldroot<dir> */
static int rootfd = -1;

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The tree: a/b/f; links of root's, relative, absolute, through "..", above the root, a loop, a
 * chain; a directory of the aliases' uid (w), one writable by all (ww), a sticky one (s). */
static int build(void)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; mkdir -p a/b w/d ww s; echo f >a/b/f; ln -s a/b l-rel; ln -s /a/b l-abs;"
		 "ln -s ../a/b a/l-up; ln -s ../../../../a a/l-above; ln -s loop loop; ln -s chain2 chain1;"
		 "ln -s /a/l-up chain2; ln -s /etc abs-out; ln -s /a/b w/l; ln -s /a ww/l; ln -s /a s/mine;"
		 "ln -s /a s/roots; chown %d w; chown -h %d s/mine; chmod 0777 ww; chmod 1777 s",
		 dir, ALIAS_UID, ALIAS_UID);
	return sh(cmd);
}

/* Into a mount namespace, chrooted where the host's tree is /oldroot (and /proc is there too). */
static int enter(void)
{
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", stage, "tmpfs", 0, "mode=0755") < 0)
		return -1;
	if (chdir(stage) < 0 || mkdir("oldroot", 0755) < 0 || mkdir("proc", 0755) < 0 ||
	    mount("/", "oldroot", NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    mount("/proc", "proc", NULL, MS_BIND | MS_REC, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
		return -1;
	snprintf(root, sizeof(root), "/oldroot%s", dir);
	return 0;
}

/* Resolve path: "=NAME" (the name below the root), "EPERM:BAD", or "E<errno>". */
static const char *res(const char *path)
{
	static char buf[SS_PATH_MAX + 32];
	char out[SS_PATH_MAX + 16], bad[SS_PATH_MAX];
	int fd;

	bad[0] = '\0';
	fd = mounts_resolve_guarded(rootfd, root, path, out, sizeof(out), bad, sizeof(bad));
	if (fd >= 0) {
		snprintf(buf, sizeof(buf), "=%s", out[strlen(root)] ? out + strlen(root) : "/");
		close(fd);
	} else if (fd == -EPERM) {
		snprintf(buf, sizeof(buf), "EPERM:%s", bad);
	} else {
		snprintf(buf, sizeof(buf), "E%d", -fd);
	}
	return buf;
}

static int run(void)
{
	char want[64];

	if (build() != 0 || enter() < 0 || (rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		ok(0, "resolve: the test's tree and namespace: %s", strerror(errno));
		return done_testing();
	}
	ss_rt.ruid = ALIAS_UID;
	is_str(res("/a/b/f"), "=/a/b/f", "resolve: a path with no link");
	is_str(res("/w/d"), "=/w/d", "resolve: a real directory in the aliases' directory is fine");
	is_str(res("/l-rel"), "=/a/b", "resolve: a relative link of root's, in root's directory");
	is_str(res("/l-abs/f"), "=/a/b/f", "resolve: an absolute link leads from the root, not the host's /");
	is_str(res("/a/l-up"), "=/a/b", "resolve: a link through ..");
	is_str(res("/a/l-above"), "=/a", "resolve: .. above the root stays at the root");
	is_str(res("/chain1/f"), "=/a/b/f", "resolve: a chain of links");
	is_str(res("/a/./b/../b"), "=/a/b", "resolve: . and .. in the path itself");
	snprintf(want, sizeof(want), "E%d", ENOENT);
	is_str(res("/abs-out/passwd"), want, "resolve: a link to /etc does not reach the host's /etc");
	snprintf(want, sizeof(want), "E%d", ELOOP);
	is_str(res("/loop"), want, "resolve: a loop of links: ELOOP");
	snprintf(want, sizeof(want), "E%d", ENOTDIR);
	is_str(res("/a/b/f/x"), want, "resolve: through a file: ENOTDIR");
	is_str(res("/w/l"), "EPERM:/w/l", "resolve: a link in a directory of the aliases' uid is refused, named");
	is_str(res("/ww/l/b"), "EPERM:/ww/l", "resolve: ... in a directory writable by all, too");
	is_str(res("/s/mine"), "EPERM:/s/mine", "resolve: ... in a sticky one, a link of the aliases' uid");
	is_str(res("/s/roots/b"), "=/a/b", "resolve: ... but root's link in a sticky directory is followed");
	is_str(res("/l-rel/../../w/l"), "EPERM:/w/l", "resolve: a refused link reached through a good one");
	ss_rt.ruid = 0;
	is_str(res("/w/l"), "=/a/b", "resolve: root's own test run (uid 0 is no alias): followed");
	/* the host's whole tree as the root: proc's links are the kernel's, never followed as text */
	close(rootfd);
	snprintf(root, sizeof(root), "/oldroot");
	if ((rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		ok(0, "resolve: open /oldroot: %s", strerror(errno));
		return done_testing();
	}
	snprintf(want, sizeof(want), "E%d", ELOOP);
	is_str(res("/proc/self/cwd"), want, "resolve: a link of proc's (/proc/self) is refused: ELOOP");
	is_str(res("/proc/1/root/etc"), want, "resolve: ... and a magic one (/proc/1/root)");
	return done_testing();
}

int main(void)
{
	char cmd[256];
	pid_t pid;
	int st;

	if (geteuid() != 0) {
		skip_not_root("resolve (a mount namespace and chroot for /oldroot)");
		return done_testing();
	}
	strcpy(dir, "/tmp/ss-resolve.XXXXXX");
	strcpy(stage, "/tmp/ss-resolve-stage.XXXXXX");
	if (!mkdtemp(dir) || !mkdtemp(stage)) {
		ok(0, "resolve: mkdtemp: %s", strerror(errno));
		return done_testing();
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(run());
	st = 1;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		st = 1;
	/* (the stage's tmpfs was the child's namespace's: the directory is empty here) */
	snprintf(cmd, sizeof(cmd), "rm -rf %s; rmdir %s", dir, stage);
	if (sh(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
