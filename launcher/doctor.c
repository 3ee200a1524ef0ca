/* SPDX-License-Identifier: ISC */
/*
 * --doctor: is this host ready for aliases?  One line per finding, "OK", "WARN" or "FAIL", each
 * non-OK line ending with the fix; the exit status is the worst finding (0 OK, 1 WARN, 2 FAIL).
 * Everything is read from the usual places (/etc, /proc, /sys, `sshd -T`), so the tests point it
 * at other files by running it in a private mount namespace with an overlay on /etc.
 *
 * This file: the launcher itself, the config and profiles, and the kernel (user namespaces,
 * Landlock, AppArmor, Yama, cgroups).  doctor_login.c: nsswitch, nssmap.conf, /etc/shells, sshd;
 * doctor_pam.c: PAM.
 */
#define _GNU_SOURCE
#include <cap-ng.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/apparmor.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "doctor-internal.h"
#include "pamrec.h"
#include "priv.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif

static const char *const level_name[] = { "OK", "WARN", "FAIL" };

void dr_say(struct doctor *d, enum dr_level l, const char *topic, const char *fix, const char *fmt, ...)
{
	char clean[1024];
	va_list ap;

	va_start(ap, fmt);
	ss_vformat_clean(clean, sizeof(clean), fmt, ap); /* file contents and sshd output reach a terminal */
	va_end(ap);
	printf("%-4s %s: %s%s%s\n", level_name[l], topic, clean, fix ? "; fix: " : "", fix ? fix : "");
	d->count[l]++;
	if ((int)l > d->worst)
		d->worst = (int)l;
}

/* What the profiles in use ask of the kernel. */
struct needs {
	unsigned landlock_abi; /* highest ABI a "landlock on" profile requires; 0: none */
	char landlock_who[80];
	bool cgroup; /* some profile sets limits and requires a cgroup */
	char cgroup_who[80];
	struct ss_limits limits; /* the default profile's, for the cgroup plan */
};

/* The launcher binary: setuid root (production), or not (unprivileged, testing only). */
static void check_launcher(struct doctor *d)
{
	char dir[SS_PATH_MAX], *slash;
	struct statvfs vfs;
	struct stat st;

	if (stat(ss_rt.exe, &st) < 0) {
		dr_say(d, DR_FAIL, "launcher", NULL, "cannot stat %s: %s", ss_rt.exe, strerror(errno));
		return;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		dr_say(d, DR_FAIL, "launcher", "chmod 4755 the launcher",
		       "%s is writable by group or others (mode %04o)", ss_rt.exe, (unsigned)(st.st_mode & 07777));
	else if ((st.st_mode & S_ISUID) && st.st_uid != 0)
		dr_say(d, DR_FAIL, "launcher", "chown root:root and chmod 4755 the launcher",
		       "%s is setuid but owned by uid %u, not root", ss_rt.exe, (unsigned)st.st_uid);
	else if (!(st.st_mode & S_ISUID) || st.st_uid != 0)
		dr_say(d, DR_WARN, "launcher", "make install (mode 4755, owner root) for real users",
		       "%s is an unprivileged install (mode %04o): it runs on unprivileged user namespaces and does not "
		       "separate aliases from each other (SECURITY.md, install modes)",
		       ss_rt.exe, (unsigned)(st.st_mode & 07777));
	else if (statvfs(ss_rt.exe, &vfs) == 0 && (vfs.f_flag & ST_NOSUID))
		dr_say(d, DR_FAIL, "launcher", "install it on a file system mounted without nosuid",
		       "%s is setuid root but on a nosuid mount: the bit is ignored", ss_rt.exe);
	else {
		d->setuid_install = true;
		dr_say(d, DR_OK, "launcher", NULL, "%s is setuid root (mode %04o)", ss_rt.exe,
		       (unsigned)(st.st_mode & 07777));
	}
	/* whoever can write a directory above the binary can replace it */
	if (ss_snprintf(dir, sizeof(dir), "%s", ss_rt.exe) < 0)
		return;
	while ((slash = strrchr(dir, '/'))) {
		slash[slash == dir] = '\0';
		if (stat(dir, &st) == 0 && (st.st_uid != 0 || ((st.st_mode & 022) && !(st.st_mode & S_ISVTX)))) {
			dr_say(d, d->setuid_install ? DR_FAIL : DR_WARN, "launcher",
			       "make every directory above the launcher root-owned and not writable by others",
			       "%s is not root-owned or is writable by others: the launcher could be replaced", dir);
			break;
		}
		if (slash == dir)
			break;
	}
}

/* File capabilities (security.capability, read and decoded by libcap-ng) would grant the launcher
 * privileges on top of, or instead of, setuid root: none belong there. */
static void check_file_caps(struct doctor *d)
{
	cleanup_close int fd = open(ss_rt.exe, O_RDONLY | O_CLOEXEC);
	char *text;

	if (fd < 0)
		return; /* check_launcher said why */
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_get_caps_fd(fd) != 0) {
		dr_say(d, DR_OK, "launcher", NULL, "%s has no file capabilities", ss_rt.exe);
		return;
	}
	text = capng_print_caps_text(CAPNG_PRINT_BUFFER, CAPNG_PERMITTED);
	dr_say(d, DR_FAIL, "launcher", "setcap -r the launcher",
	       "%s has file capabilities (permitted: %s): they grant privileges the launcher must not have", ss_rt.exe,
	       text ? text : "?");
	free(text);
}

/* A directory the setuid launcher trusts: root-owned, not writable by group or others. */
static void check_root_dir(struct doctor *d, const char *what, const char *path, const char *fix)
{
	struct stat st;
	char why[512];

	if (stat(path, &st) < 0)
		dr_say(d, DR_FAIL, what, fix, "%s: %s: every login is refused", path, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		dr_say(d, DR_FAIL, what, fix, "%s is not a directory", path);
	else if (d->setuid_install && ss_trusted_dir(path, why, sizeof(why)) < 0)
		dr_say(d, DR_FAIL, what, fix,
		       "%s: %s: only root may be able to change it or the way to it (an alias could swap homes or "
		       "state); every login is refused",
		       path, why);
	else
		dr_say(d, DR_OK, what, NULL, "%s", path);
}

static void load_one(struct doctor *d, const char *dir, const char *name, bool relaxed, struct needs *n,
		     bool is_default)
{
	struct ss_trust t = { .relaxed = relaxed };
	struct ss_diag diag = { 0 };
	struct ss_profile p;
	struct ss_error err;
	unsigned abi;

	profile_init(&p);
	if (ss_load_profile(dir, name, &t, &p, &diag, &err) < 0) {
		dr_say(d, DR_FAIL, "profile", "secure_shell --check shows every error", "%s: %s", name,
		       diag.n ? diag.msg[0] : err.msg);
		diag_free(&diag);
		profile_free(&p);
		return;
	}
	abi = p.landlock_abi_set ? p.landlock_abi : 1;
	if (p.landlock == SS_LANDLOCK_ON && abi > n->landlock_abi) {
		n->landlock_abi = abi;
		snprintf(n->landlock_who, sizeof(n->landlock_who), "%s", name);
	}
	if (p.apparmor) {
		struct ss_error aerr;

		if (apparmor_check(p.apparmor, &aerr) < 0)
			dr_say(d, DR_FAIL, "apparmor",
			       "load it in enforce mode (apparmor_parser -r, aa-enforce) or remove the apparmor line",
			       "profile %s: %s: its logins are refused", name, aerr.msg);
		else
			dr_say(d, DR_OK, "apparmor", NULL, "profile %s: AppArmor profile '%s' is loaded and enforced",
			       name, p.apparmor);
	}
	if (p.cgroup == SS_CGROUP_REQUIRED &&
	    (p.limits.memory_set || p.limits.pids_set || p.limits.memory_swap_set || p.limits.memory_high_set ||
	     p.limits.cpu_weight_set || p.limits.cpu_max_set) &&
	    !n->cgroup) {
		n->cgroup = true;
		snprintf(n->cgroup_who, sizeof(n->cgroup_who), "%s", name);
	}
	if (is_default)
		n->limits = p.limits;
	dr_say(d, DR_OK, "profile", NULL, "%s loads", name);
	profile_free(&p);
}

static void check_config(struct doctor *d, const struct ss_opts *o, const char *config_error, struct needs *n)
{
	char tmp[SS_PATH_MAX], dir[SS_PATH_MAX];
	const char *path = o->config ? o->config : SS_CONFIG_PATH;
	size_t i, j;

	if (!d->c) {
		dr_say(d, DR_FAIL, "config", "secure_shell --check; see secure_shell(8)", "%s: every login is refused",
		       config_error ? config_error : path);
		return;
	}
	dr_say(d, DR_OK, "config", NULL, "%s loads", path);
	if (d->pam_mode)
		dr_say(d, DR_OK, "identity", NULL,
		       "identity pam: the name comes from root-written PAM session records");
	else
		dr_say(d, DR_WARN, "identity", "set 'identity pam' and add the --pam-session hook (admin guide, PAM)",
		       "identity env trusts LOGNAME and USER, which only the sshd and PAM settings checked below "
		       "protect (SECURITY.md, the identity problem)");
	check_root_dir(d, "home_base", d->c->home_base, "mkdir -m 0755 it, owned by root (homes are made below it)");
	check_root_dir(d, "state_dir", d->c->state_dir, "install -d -m 0755 -o root -g root it (make install does)");

	if (ss_snprintf(tmp, sizeof(tmp), "%s", path) < 0 ||
	    ss_snprintf(dir, sizeof(dir), "%s/profiles", dirname(tmp)) < 0)
		return;
	load_one(d, dir, d->c->default_profile, !ss_rt.setuid_mode && o->config, n, true);
	for (i = 0; i < d->c->n_match; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(d->c->match[j].profile, d->c->match[i].profile))
				break;
		if (j == i && strcmp(d->c->match[i].profile, d->c->default_profile))
			load_one(d, dir, d->c->match[i].profile, !ss_rt.setuid_mode && o->config, n, false);
	}
}

/* Does any process run as uid u (real, effective, saved or fs uid)?  Such a process could enter
 * every sandbox whose user namespace u owns. */
static pid_t process_of(uid_t u)
{
	DIR *dir = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;
	char host_ns[64] = "", ns[64];
	ssize_t n;

	if (!dir)
		return -1;
	n = readlink("/proc/self/ns/user", host_ns, sizeof(host_ns) - 1);
	host_ns[n > 0 ? n : 0] = '\0';
	while (!found && (e = readdir(dir))) {
		char path[64], *buf, *line;
		unsigned long id[4];

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		/* a sandbox's init, while it is set up, has the owner's euid inside its own namespace:
		 * only processes of the host's user namespace count (where that can be read) */
		if (ss_snprintf(path, sizeof(path), "/proc/%s/ns/user", e->d_name) == 0 &&
		    (n = readlink(path, ns, sizeof(ns) - 1)) > 0) {
			ns[n] = '\0';
			if (host_ns[0] && strcmp(ns, host_ns))
				continue;
		}
		if (ss_snprintf(path, sizeof(path), "/proc/%s/status", e->d_name) < 0 ||
		    !(buf = dr_read_file(path, 1 << 16)))
			continue;
		line = strstr(buf, "\nUid:");
		if (line && sscanf(line + 5, "%lu %lu %lu %lu", &id[0], &id[1], &id[2], &id[3]) == 4)
			for (int i = 0; i < 4; i++)
				if (id[i] == u)
					found = (pid_t)atoi(e->d_name);
		free(buf);
	}
	closedir(dir);
	return found;
}

/* namespace_owner: who the host charges the sessions' per-user counters to, and who could enter. */
static void check_ns_owner(struct doctor *d)
{
	const char *fix = "useradd --system --no-create-home --shell /usr/sbin/nologin secure_shell-ns, then "
			  "'namespace_owner secure_shell-ns' in secure_shell.conf (admin guide)";
	const char *v;
	struct ss_error err;
	unsigned long long u;
	uid_t owner;
	pid_t p;

	if (!d->c || !d->setuid_install)
		return; /* unprivileged: the namespaces are the caller's */
	v = d->c->namespace_owner;
	if (!v) {
		dr_say(d, DR_WARN, "namespace_owner", fix,
		       "not set: root owns every session's user namespace, so all sessions' inotify instances "
		       "count against root's fs.inotify.max_user_instances, and enough of them starve the host's "
		       "root daemons");
		return;
	}
	if (ns_owner_resolve(v, d->have_alias ? d->alias_uid : (uid_t)-1, &owner, &err) < 0) {
		dr_say(d, DR_FAIL, "namespace_owner", fix, "%s: every login is refused", err.msg);
		return;
	}
	u = owner;
	p = process_of((uid_t)u);
	if (p > 0)
		dr_say(d, DR_FAIL, "namespace_owner", "a uid of its own, that nothing runs as",
		       "'%s' (uid %llu) runs process %d: anything running as it can enter every sandbox", v, u, (int)p);
	else
		dr_say(d, DR_OK, "namespace_owner", NULL, "'%s' (uid %llu) owns the sessions' user namespaces%s", v, u,
		       p < 0 ? " (/proc not readable: its processes were not checked)" : "; no process runs as it");
}

/* Can namespaces be made?  drop: try as nobody (what an unprivileged install needs). */
static int try_unshare(bool drop)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0) {
		if (drop && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
			     setresuid(65534, 65534, 65534) < 0))
			_exit(EPERM);
		_exit(unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS) < 0 ? errno
													    : 0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

static void check_userns(struct doctor *d)
{
	int priv = d->root ? try_unshare(false) : -1;
	int unpriv = try_unshare(d->root);
	const char *fix = "sysctl user.max_user_namespaces=15000 (and kernel.unprivileged_userns_clone=1 on Debian "
			  "kernels for an unprivileged install)";

	if (d->setuid_install && priv > 0)
		dr_say(d, DR_FAIL, "userns", fix, "root cannot create user namespaces (%s): every login is refused",
		       strerror(priv));
	else if (!d->setuid_install && unpriv != 0)
		dr_say(d, DR_FAIL, "userns", fix,
		       "unprivileged user namespaces are not available (%s): the "
		       "unprivileged install refuses every login",
		       strerror(unpriv));
	else if (d->setuid_install && priv < 0)
		dr_say(d, DR_WARN, "userns", "run --doctor as root", "not checked as root; unprivileged: %s",
		       unpriv ? strerror(unpriv) : "available");
	else
		dr_say(d, DR_OK, "userns", NULL, "user, mount, PID, IPC and UTS namespaces can be created%s",
		       d->setuid_install && unpriv
			       ? " (as root; unprivileged ones are off, which the setuid install does not need)"
			       : "");
}

static void check_landlock(struct doctor *d, const struct needs *n)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U /* LANDLOCK_CREATE_RULESET_VERSION */);
	const char *fix_on = "boot with landlock in the LSM list (lsm=landlock,... on the kernel command line), or put "
			     "'landlock best_effort' in the profile";

	if (abi < 0)
		abi = 0;
	if (n->landlock_abi > (unsigned long)abi)
		dr_say(d, DR_FAIL, "landlock", fix_on,
		       "profile %s requires Landlock ABI %u, this kernel has %ld%s: its logins are refused",
		       n->landlock_who, n->landlock_abi, abi, abi == 0 ? " (Landlock unavailable)" : "");
	else if (abi == 0)
		dr_say(d, DR_WARN, "landlock", fix_on, "Landlock is unavailable; no profile in use requires it");
	else if (abi < 6)
		dr_say(d, DR_WARN, "landlock", "Linux 6.12 or later",
		       "ABI %ld: abstract unix sockets and signals are not scoped to the sandbox (needs ABI 6)", abi);
	else
		dr_say(d, DR_OK, "landlock", NULL, "ABI %ld (scoping of abstract sockets and signals available)", abi);
}

static void check_apparmor(struct doctor *d)
{
	if (aa_is_enabled())
		dr_say(d, DR_OK, "apparmor", NULL, "enabled (used only by profiles that name an AppArmor profile)");
	else
		dr_say(d, DR_OK, "apparmor", NULL, "not enabled (optional: no profile in use names one)");
}

static void check_yama(struct doctor *d)
{
	cleanup_close int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);
	const char *fix = "echo kernel.yama.ptrace_scope=1 >/etc/sysctl.d/60-secure_shell.conf && sysctl --system";
	char buf[8];
	ssize_t r = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (r <= 0) {
		dr_say(d, DR_WARN, "yama", "a kernel with Yama (CONFIG_SECURITY_YAMA) and kernel.yama.ptrace_scope=1",
		       "Yama is not enabled: a process of the shared uid outside every sandbox could ptrace another");
		return;
	}
	buf[r] = '\0';
	if (buf[0] == '0')
		dr_say(d, DR_WARN, "yama", fix, "kernel.yama.ptrace_scope is 0 (recommended: 1 or more)");
	else
		dr_say(d, DR_OK, "yama", NULL, "kernel.yama.ptrace_scope is %c", buf[0]);
}

/* systemd marks the cgroups it delegates (Delegate=yes) with this xattr, and leaves them alone. */
static bool delegated(const char *path)
{
	char v[8];

	return getxattr(path, "trusted.delegate", v, sizeof(v)) > 0 ||
	       getxattr(path, "user.delegate", v, sizeof(v)) > 0;
}

static void check_cgroups(struct doctor *d, const struct needs *n)
{
	struct cg_host h;
	struct ss_error err;
	char node[SS_PATH_MAX], *buf = NULL, *line, *save = NULL;
	const char *parent = d->c ? d->c->cgroup_parent : "secure_shell";
	const char *mount;
	size_t sz = 0;
	struct stat st;
	FILE *mem;

	if (cg_detect(&h, &err) < 0 || h.layout == CG_LAYOUT_NONE) {
		dr_say(d, n->cgroup ? DR_FAIL : DR_WARN, "cgroup", "mount cgroup2 with the memory and pids controllers",
		       "%s%s%s", h.layout == CG_LAYOUT_NONE ? "no usable cgroup hierarchy" : err.msg,
		       n->cgroup ? ": the logins of profile " : "", n->cgroup ? n->cgroup_who : "");
		return;
	}
	mount = h.layout == CG_LAYOUT_V2 ? h.v2_mount : h.v1_mount[CG_MEMORY];
	if (ss_snprintf(node, sizeof(node), "%s/%s", mount, parent) < 0)
		return;
	if (!d->setuid_install) {
		/* the unprivileged install needs the parent delegated to the shared uid */
		if (stat(node, &st) < 0 || !d->have_alias || st.st_uid != d->alias_uid)
			dr_say(d, n->cgroup ? DR_FAIL : DR_WARN, "cgroup",
			       "delegate it to the shared uid (systemd: a slice with Delegate=yes, see examples/)",
			       "%s is not a cgroup owned by the shared uid: the unprivileged install cannot set limits",
			       node);
		else
			dr_say(d, DR_OK, "cgroup", NULL, "%s is delegated to uid %u", node, (unsigned)st.st_uid);
	} else if (access("/run/systemd/system", F_OK) == 0 &&
		   (stat(node, &st) < 0 || (h.layout == CG_LAYOUT_V2 && !delegated(node)))) {
		dr_say(d, DR_WARN, "cgroup",
		       "install examples/secure_shell.slice (Delegate=yes), systemctl start secure_shell.slice, and set "
		       "cgroup_parent secure_shell.slice",
		       "systemd runs this host and %s is not a delegated unit: systemd may move or remove what the "
		       "launcher creates there",
		       node);
	} else {
		dr_say(d, DR_OK, "cgroup", NULL, "layout %s; per-alias nodes go below %s (created as root)",
		       cg_layout_name(h.layout), node);
	}
	/* the plan, as --print shows it */
	mem = open_memstream(&buf, &sz);
	if (!mem)
		return;
	cg_print(&h, parent, d->have_alias ? d->alias : "ALIAS", &n->limits, mem);
	if (fclose(mem) == 0)
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			printf("     %s\n", line);
	free(buf);
}

int doctor_main(const struct ss_opts *o, const struct ss_config *c, const char *config_error)
{
	struct doctor d = { .c = c };
	struct needs n = { .landlock_abi = 0 };

	/* A non-root admin running the setuid binary gets no more than their own rights: sshd and the
	 * namespace probes are run as them. */
	if (ss_rt.setuid_mode) {
		if (priv_give_up() < 0)
			ss_refuse("cannot drop privileges for --doctor");
	}
	d.root = geteuid() == 0;
	d.pam_mode = c && c->identity == SS_ID_PAM;
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_launcher(&d);
	check_file_caps(&d);
	check_config(&d, o, config_error, &n);
	dr_find_alias(&d);
	check_userns(&d);
	check_ns_owner(&d);
	check_landlock(&d, &n);
	check_apparmor(&d);
	check_yama(&d);
	check_cgroups(&d, &n);
	dr_nsswitch(&d);
	dr_shells(&d);
	dr_sshd(&d);
	dr_nssmap(&d);
	dr_pam(&d);
	printf("doctor: %u OK, %u WARN, %u FAIL (exit status %d: 0 all OK, 1 warnings, 2 failures)\n", d.count[DR_OK],
	       d.count[DR_WARN], d.count[DR_FAIL], d.worst);
	return d.worst;
}
