/* SPDX-License-Identifier: ISC */
/*
 * The process side of a session.
 *
 *   monitor (outside, the launcher itself)   waits, relays signals, logs, mirrors the exit
 *     └─ init, PID 1 of the new namespaces   builds the filesystem, drops everything, reaps
 *          └─ the inner shell, PID 2         exec'd last
 *
 * The child reports to the monitor over a SOCK_SEQPACKET pair: 'E'+text is a setup failure
 * (the monitor refuses the session with it), 'R' means the sandbox is complete (init sends it
 * once the shell has been exec'd), 'X'+text a failed execve of the shell, 'S'+status the
 * shell's wait status, and (stop_with_shell only) 'T' and 'U' when the shell stops and goes on.
 * EOF without 'S' is a failure: nothing is trusted by default.  The monitor sends 'G' once the
 * uid/gid maps are written and, on a v1 or hybrid host, the cgroup session it made meanwhile ('C'
 * with the join fds, or 'N' for none: see late_cgroup).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <poll.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>

#include "mounts.h"
#include "priv.h"

static const char nsswitch[] = "passwd: files\ngroup: files\nshadow: files\ngshadow: files\n"
			       "hosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n"
			       "ethers: files\nrpc: files\nnetgroup: files\n";

static const int relayed[] = { SIGHUP, SIGTERM, SIGCONT, SIGUSR1, SIGUSR2, SIGALRM };
static volatile pid_t relay_to = -1;
/* Set by the monitor before the clone (init has its copy): the launcher runs as a job of a
 * job-control shell, in the foreground of its terminal (and not a session leader, as under sshd,
 * login or setsid), so when the shell
 * stops (^Z from the terminal) init says so ('T'; 'U' when it goes on) and the monitor stops
 * itself, by SIGTSTP: the shell above then sees its job stop, and its "fg" or "bg" (SIGCONT to the
 * job) goes on to the sandbox.  The kernel drops a SIGTSTP to a process group no shell watches any
 * more (orphaned), so the monitor cannot stay stopped for good there. */
static bool stop_with_shell;

/* ---- messages between child and monitor ---- */

struct msg {
	char type;
	int status;
	char text[600];
};

static void send_msg(int sock, char type, int status, const char *text)
{
	struct msg m = { .type = type, .status = status };

	if (text)
		snprintf(m.text, sizeof(m.text), "%s", text);
	/* best effort: if the monitor is gone, PDEATHSIG or EOF ends us anyway */
	(void)!send(sock, &m, sizeof(m), MSG_NOSIGNAL);
}

SS_NORETURN static void child_fail(int sock, const struct ss_error *err)
{
	struct msg m = { .type = 'E' };

	snprintf(m.text, sizeof(m.text), "%s", err->msg);
	/* If the monitor cannot hear it (a filter forbids sendmsg), say it ourselves. */
	if (send(sock, &m, sizeof(m), MSG_NOSIGNAL) < 0)
		fprintf(stderr, "secure_shell: %s; session refused\n", err->msg);
	_exit(SS_EXIT_REFUSED);
}

/*
 * On a v1 or hybrid host the monitor makes the cgroup session (the mkdirs, limits, sweep and leaf,
 * about a tenth of a login) after the clone, while init builds the root, and passes the leaves'
 * "tasks" fds over the socket; init joins before it starts the shell, so every process of the
 * session is still counted (init's own setup is the launcher's code, run before).  On v2 the leaf
 * must exist before the clone (CLONE_INTO_CGROUP).
 */
static bool late_cgroup(const struct ss_plan *pl)
{
	return pl->cgroup && (pl->cg_host.layout == CG_LAYOUT_V1 || pl->cg_host.layout == CG_LAYOUT_HYBRID);
}

struct cg_msg {
	char type; /* 'C': the session, its join fds attached in hierarchy order; 'N': none */
	struct cg_session s;
};

/*
 * The seccomp filter, one message 'F' from the monitor to init: the monitor reads it from its cache
 * (or compiles it) after the "go", while init builds the root, and init receives it before it
 * starts the shell.  The programs' instructions follow the header, one program after the other.
 */
struct filter_hdr {
	char type; /* 'F' */
	int n;
	unsigned short len[2];
};
struct filter_msg {
	struct filter_hdr h;
	struct sock_filter insns[2 * BPF_MAXINSNS];
};
_Static_assert(offsetof(struct filter_msg, insns) == sizeof(struct filter_hdr), "filter_msg layout");

/* init's copy, which PID 2 installs (shell_main) */
static struct ss_filter session_filter;

/* monitor: 0, or -1 with errno */
static int send_filter(int sock, const struct ss_filter *f)
{
	struct filter_hdr h = { .type = 'F', .n = f->n };
	struct iovec iov[3] = { { .iov_base = &h, .iov_len = sizeof(h) } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 1 };
	size_t total = sizeof(h);
	bool raised = false;
	ssize_t r;

	if (f->n < 1 || f->n > 2) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < f->n; i++) {
		h.len[i] = f->len[i];
		iov[mh.msg_iovlen++] = (struct iovec){ .iov_base = f->insns[i],
						       .iov_len = (size_t)f->len[i] * sizeof(struct sock_filter) };
		total += (size_t)f->len[i] * sizeof(struct sock_filter);
	}
	for (;;) {
		r = sendmsg(sock, &mh, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		/* one message: where the host's default socket buffer is smaller, a larger one */
		if (r < 0 && errno == EMSGSIZE && !raised) {
			int want = (int)sizeof(struct filter_msg) + 4096;

			raised = true;
			if (setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want)) == 0)
				continue;
		}
		break;
	}
	if (r >= 0 && (size_t)r != total) {
		errno = EPROTO;
		return -1;
	}
	return r < 0 ? -1 : 0;
}

/* init: the filter into f (pointing into a static buffer), or an error */
static int recv_filter(int sock, struct ss_filter *f, struct ss_error *err)
{
	static struct filter_msg m;
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t want = offsetof(struct filter_msg, insns);
	ssize_t r;

	do
		r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		_exit(SS_EXIT_REFUSED); /* the monitor is gone: nobody would clean up or log the session */
	if (r < (ssize_t)want || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || m.h.type != 'F' || m.h.n < 1 || m.h.n > 2)
		return ss_fail(err, r < 0 ? errno : EPROTO, "seccomp: no filter from the monitor");
	for (int i = 0; i < m.h.n; i++) {
		if (m.h.len[i] == 0 || m.h.len[i] > BPF_MAXINSNS)
			return ss_fail(err, EPROTO, "seccomp: no filter from the monitor");
		want += (size_t)m.h.len[i] * sizeof(struct sock_filter);
	}
	if ((size_t)r != want)
		return ss_fail(err, EPROTO, "seccomp: no filter from the monitor");
	memset(f, 0, sizeof(*f));
	f->n = m.h.n;
	for (int i = 0; i < m.h.n; i++) {
		f->insns[i] = m.insns + (i ? m.h.len[0] : 0);
		f->len[i] = m.h.len[i];
	}
	return 0;
}

/* monitor: 0, or -1 with errno (init is gone) */
static int send_cgroup(int sock, const struct cg_session *cg)
{
	struct cg_msg m = { .type = cg ? 'C' : 'N' };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * CG_NCTRL)];
	} u;
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fds[CG_NCTRL], n = 0;
	ssize_t r;

	if (cg) {
		m.s = *cg;
		for (int c = 0; c < CG_NCTRL; c++)
			if (cg->join_fd[c] >= 0)
				fds[n++] = cg->join_fd[c];
	}
	if (n > 0) {
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
		struct cmsghdr *h = CMSG_FIRSTHDR(&mh);

		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
		memcpy(CMSG_DATA(h), fds, sizeof(int) * (size_t)n);
	}
	do
		r = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r >= 0 && r != (ssize_t)sizeof(m))
		errno = EIO;
	return r == (ssize_t)sizeof(m) ? 0 : -1;
}

/* init: the monitor's cgroup message; *on is false for 'N'.  The fds replace the monitor's numbers. */
static int recv_cgroup(int sock, struct cg_session *cg, bool *on, struct ss_error *err)
{
	static struct cg_msg m;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * CG_NCTRL)];
	} u;
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	int fds[CG_NCTRL], n = 0, want = 0, c, i;
	ssize_t r;

	do
		r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		_exit(SS_EXIT_REFUSED); /* the monitor is gone: nobody would clean up or log the session */
	for (struct cmsghdr *h = r > 0 ? CMSG_FIRSTHDR(&mh) : NULL; h; h = CMSG_NXTHDR(&mh, h)) {
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		for (i = 0; (size_t)i < (h->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + sizeof(int) * (size_t)i, sizeof(fd));
			if (n < CG_NCTRL)
				fds[n++] = fd;
			else
				close(fd);
		}
	}
	if (r > 0 && m.type == 'C')
		for (c = 0; c < CG_NCTRL; c++)
			want += m.s.join_fd[c] >= 0;
	if (r != (ssize_t)sizeof(m) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || (m.type != 'C' && m.type != 'N') ||
	    n != want) {
		for (i = 0; i < n; i++)
			close(fds[i]);
		return ss_fail(err, r < 0 ? errno : EPROTO, "cgroup: no session from the monitor");
	}
	for (c = 0, i = 0; m.type == 'C' && c < CG_NCTRL; c++)
		if (m.s.join_fd[c] >= 0)
			m.s.join_fd[c] = fds[i++];
	m.s.v2_leaf_fd = -1;
	*cg = m.s;
	*on = m.type == 'C';
	return 0;
}

/* init: into the leaves, then the fds closed (root's: they could move any visible task) */
static int join_cgroup(const struct cg_session *cg, bool in_leaf, struct ss_error *err)
{
	int r = in_leaf ? 0 : cg_session_join(cg, err);

	for (int i = 0; i < CG_NCTRL; i++)
		if (cg->join_fd[i] >= 0)
			close(cg->join_fd[i]);
	if (cg->v2_leaf_fd >= 0)
		close(cg->v2_leaf_fd);
	return r;
}

/* ---- inside: init (PID 1) ---- */

static void relay(int sig)
{
	int saved = errno;

	if (relay_to > 0)
		(void)kill(relay_to, sig);
	if (sig == SIGTERM && relay_to > 0)
		(void)kill(relay_to, SIGHUP); /* as login(1) does: interactive shells ignore SIGTERM */
	errno = saved;
}

static void relayed_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(relayed) / sizeof(relayed[0]); i++)
		sigaddset(set, relayed[i]);
}

static void set_relay(void (*h)(int))
{
	struct sigaction sa = { .sa_handler = h, .sa_flags = SA_RESTART };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(relayed) / sizeof(relayed[0]); i++)
		(void)sigaction(relayed[i], &sa, NULL);
}

static int set_fs_ids(uid_t u, gid_t g, struct ss_error *err)
{
	(void)setfsgid(g);
	(void)setfsuid(u);
	if ((uid_t)setfsuid(u) != u || (gid_t)setfsgid(g) != g)
		return ss_fail(err, EPERM, "cannot set the file-system ids");
	return 0;
}

/* fds that must be opened on the host side of the tree before the new root hides it. */
static int open_sources(const struct ss_plan *pl, int *fds, bool tty, struct ss_error *err)
{
	char path[SS_PATH_MAX];
	struct stat st;
	int i;

	for (i = 0; i < MNT_FD_COUNT; i++)
		fds[i] = -1;
	if (pl->shared_tmp) {
		/* still with fsuid 0 (setuid mode): <state_dir>/tmp is root-only */
		static const char *const sub[] = { "tmp", "var_tmp" };
		for (i = 0; i < 2; i++) {
			if (ss_snprintf(path, sizeof(path), "%s/tmp/%s/%s", pl->config->state_dir, pl->id->name,
					sub[i]) < 0)
				return ss_fail(err, ENAMETOOLONG, "state_dir path too long");
			fds[MNT_FD_TMP + i] = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fds[MNT_FD_TMP + i] < 0)
				return ss_fail(err, errno, "%s: %s", path, strerror(errno));
		}
	}
	if (pl->dev == 0) {
		/* made and checked by the monitor (PRIV_PREPARE_DEV) in root-owned state_dir; opened here
		 * again, as a bind source must be in this mount namespace; fsuid is still 0 (setuid mode) */
		if (ss_snprintf(path, sizeof(path), "%s/dev", pl->config->state_dir) < 0)
			return ss_fail(err, ENAMETOOLONG, "state_dir path too long");
		fds[MNT_FD_DEV] = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fds[MNT_FD_DEV] < 0)
			return ss_fail(err, errno, "%s: %s", path, strerror(errno));
		/* the very directory the monitor checked (root shows as the overflow uid in here) */
		if (fstat(fds[MNT_FD_DEV], &st) < 0 || st.st_dev != pl->dev_id.dev || st.st_ino != pl->dev_id.ino)
			return ss_fail(err, EPERM, "%s changed since it was checked", path);
	}
	/* From here on the child touches the host only with the alias's own file access. */
	if (set_fs_ids(pl->id->uid, pl->id->gid, err) < 0)
		return -EPERM;
	if (pl->id->home_host) {
		fds[MNT_FD_HOME] = open(pl->id->home_host, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fds[MNT_FD_HOME] < 0)
			return ss_fail(err, errno, "home %s: %s", pl->id->home_host, strerror(errno));
		if (fstat(fds[MNT_FD_HOME], &st) < 0 || st.st_uid != pl->id->uid)
			return ss_fail(err, EPERM, "home %s is not owned by uid %u", pl->id->home_host,
				       (unsigned)pl->id->uid);
	}
	if (tty) {
		/* By name, not through /proc/self/fd/0: that would give the monitor's mount of devpts,
		 * which belongs to another mount namespace and cannot be bound here. */
		const char *name = ttyname(STDIN_FILENO);

		if (!name || strncmp(name, "/dev/", 5))
			return ss_fail(err, ENOTTY, "cannot name the terminal");
		fds[MNT_FD_TTY] = open(name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fds[MNT_FD_TTY] < 0)
			return ss_fail(err, errno, "terminal %s: %s", name, strerror(errno));
	}
	return 0;
}

/* /etc/passwd and /etc/group naming the alias, so that id, whoami, ssh and git see it (and never
 * reach libnss_map, whose getpwuid answers from $LOGNAME). */
static int gen_etc(const struct ss_plan *pl, struct ss_files *f)
{
	const struct ss_ident *id = pl->id;
	size_t n = 0;
	int r = 0;

	if (id->uid != 0)
		r |= ss_snprintf(f->passwd, sizeof(f->passwd), "root:x:0:0:root:/root:/usr/sbin/nologin\n");
	n = strlen(f->passwd);
	r |= ss_snprintf(f->passwd + n, sizeof(f->passwd) - n, "%s:x:%u:%u:%s:/home/%s:%s\n", id->name,
			 (unsigned)id->uid, (unsigned)id->gid, id->name, id->name, pl->shell);
	n = strlen(f->passwd);
	if (id->uid != 65534)
		r |= ss_snprintf(f->passwd + n, sizeof(f->passwd) - n,
				 "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
	r |= ss_snprintf(f->group, sizeof(f->group), "%s%s:x:%u:\n%s", id->gid ? "root:x:0:\n" : "", id->name,
			 (unsigned)id->gid, id->gid != 65534 ? "nogroup:x:65534:\n" : "");
	return r;
}

static int build_root(const struct ss_plan *pl, const int *fds, const struct mnt_list *ml, struct ss_error *err)
{
	struct ss_files files = { .nsswitch = nsswitch };
	const char *hn = pl->profile->hostname;

	if (gen_etc(pl, &files) < 0)
		return ss_fail(err, ENAMETOOLONG, "shell path too long");

	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=64") < 0)
		return ss_fail(err, errno, "staging tmpfs: %s", strerror(errno));
	if (mkdir("/tmp/newroot", 0755) < 0 || mkdir("/tmp/oldroot", 0755) < 0)
		return ss_fail(err, errno, "staging directories: %s", strerror(errno));
	if (syscall(SYS_pivot_root, "/tmp", "/tmp/oldroot") < 0 || chdir("/") < 0)
		return ss_fail(err, errno, "pivot_root into the staging tmpfs: %s", strerror(errno));
	if (mounts_apply(ml, fds, &files, err) < 0)
		return -err->code;
	if (hn && sethostname(hn, strlen(hn)) < 0)
		return ss_fail(err, errno, "sethostname: %s", strerror(errno));
	/* Make the new root "/", then drop the staging tmpfs stacked on it, and with it the host tree
	 * mounted below it at /oldroot: one lazy unmount of the whole tree.  Every umount call waits
	 * for an expedited RCU grace period (namespace_unlock), 0.1-0.3 ms on a VM: one, not two. */
	if (chdir("/newroot") < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 ||
	    chdir("/") < 0)
		return ss_fail(err, errno, "pivot_root into the new root: %s", strerror(errno));
	return 0;
}

/* network none: a new network namespace has only lo, and it is down.  Raised here, while init still
 * holds CAP_NET_ADMIN over its own namespace. */
static int lo_up(struct ss_error *err)
{
	struct ifreq ifr = { 0 };
	cleanup_close int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memcpy(ifr.ifr_name, "lo", 3);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return ss_fail(err, errno, "loopback in the new network namespace: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return ss_fail(err, errno, "bringing up lo: %s", strerror(errno));
	return 0;
}

/*
 * The sandbox's user namespace is created while privileged, so the kernel charges what is counted
 * per user (inotify and fanotify instances, namespaces) to root at the host level: without a cap,
 * one alias could take root's whole inotify budget and starve the host's daemons and every other
 * alias.  These limits belong to the sandbox's own namespace and hold below it.  Written while init
 * still has CAP_SYS_RESOURCE there (the sysctl set is chosen by the writer's user namespace).
 * Namespaces: only user namespaces need a cap.  Every other kind needs CAP_SYS_ADMIN over the
 * sandbox's user namespace, which nothing has after init's drop, and the one way to get it back
 * (a nested user namespace) is what max_user_namespaces = 0 closes.  No fanotify group, no mark.
 */
static int cap_ucounts(struct ss_error *err)
{
	static const struct {
		const char *name, *value;
	} caps[] = {
		{ "max_inotify_instances", "16" },
		{ "max_inotify_watches", "16384" },
		{ "max_fanotify_groups", "0" },
		{ "max_user_namespaces", "0" },
	};
	cleanup_close int dir = open("/proc/sys/user", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0 && errno == ENOENT)
		return 0; /* no per-namespace counters at all (Linux < 4.9) */
	if (dir < 0)
		return ss_fail(err, errno, "capping the sandbox's user counts: /proc/sys/user: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		cleanup_close int fd = openat(dir, caps[i].name, O_WRONLY | O_CLOEXEC);

		if (fd < 0 && errno == ENOENT)
			continue; /* an older kernel without this counter */
		if (fd < 0 || ss_write_all(fd, caps[i].value, strlen(caps[i].value)) < 0)
			return ss_fail(err, errno, "capping user.%s in the sandbox: %s", caps[i].name, strerror(errno));
	}
	return 0;
}

/* Every set must end empty and stay empty: verified, not assumed. */
static int drop_privileges(const struct ss_plan *pl, struct ss_error *err)
{
	const struct ss_ident *id = pl->id;
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (setresgid(id->gid, id->gid, id->gid) < 0 || setresuid(id->uid, id->uid, id->uid) < 0)
		return ss_fail(err, errno, "setresuid/setresgid: %s", strerror(errno));
	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 || r != id->uid || e != id->uid || s != id->uid ||
	    rg != id->gid || eg != id->gid || sg != id->gid)
		return ss_fail(err, EPERM, "the uid/gid drop did not take effect");
	if (prctl(PR_SET_SECUREBITS,
		  SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
			  SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED,
		  0, 0, 0) < 0)
		return ss_fail(err, errno, "locking securebits: %s", strerror(errno));
	if (caps_clear() < 0)
		return ss_fail(err, errno, "dropping capabilities: %s", strerror(errno));
	if (!caps_all_empty())
		return ss_fail(err, EPERM, "capabilities remain after the drop");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return ss_fail(err, errno, "no_new_privs: %s", strerror(errno));
	/* set*id cleared any earlier parent-death signal; the monitor's death must end the sandbox */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return ss_fail(err, errno, "PR_SET_PDEATHSIG: %s", strerror(errno));
	return 0;
}

/*
 * PID 2 is started like posix_spawn starts a child: clone(CLONE_VM | CLONE_VFORK) on a stack of its
 * own.  It shares init's memory until its execve, and init sleeps until then, so no page tables
 * are copied and no page is copied on write: about 0.1 ms less than fork() on a login.  PID 2
 * reports through this struct, which init reads when it wakes (after the execve, or the exit).
 */
struct shell_start {
	const struct ss_plan *pl;
	int sock;
	int outcome; /* SHELL_DIED until the execve, then SHELL_EXECED, or what went wrong */
	char text[SS_PATH_MAX + 64];
};
enum { SHELL_DIED, SHELL_EXECED, SHELL_REFUSED, SHELL_EXEC_FAILED };

SS_NORETURN static void shell_refuse(struct shell_start *s, const struct ss_error *err)
{
	s->outcome = SHELL_REFUSED;
	child_fail(s->sock, err);
}

/* PID 2: the last steps, in the documented order, then exec.  A failure here still refuses. */
static int shell_main(void *arg)
{
	struct shell_start *s = arg;
	const struct ss_plan *pl = s->pl;
	struct ss_error err = { 0 };
	sigset_t none;
	size_t i;
	int e;

	for (i = 0; i < sizeof(relayed) / sizeof(relayed[0]); i++)
		(void)signal(relayed[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	SS_MARK("pid2");
	if (apparmor_apply(pl->profile->apparmor, &err) < 0 || landlock_apply(pl, &err) < 0)
		shell_refuse(s, &err);
	SS_MARK("landlock");
	/* A failure refuses: shell_refuse records it for init before it tries to tell the monitor,
	 * so it holds even when an earlier filter of an allowlist pair forbids the send. */
	e = seccomp_install(&session_filter);
	if (e < 0) {
		ss_fail(&err, -e, "installing the seccomp filter: %s", strerror(-e));
		shell_refuse(s, &err);
	}
	SS_MARK("seccomp");
	/* From here on only execve: the sandbox is complete.  Killed before this line (an OOM kill,
	 * SIGSYS), PID 2 leaves SHELL_DIED, and init reports no start. */
	s->outcome = SHELL_EXECED;
	execve(pl->shell, pl->argv, pl->envp);
	e = errno;
	snprintf(s->text, sizeof(s->text), "%s: %s", pl->shell, strerror(e));
	fprintf(stderr, "secure_shell: %s\n", s->text);
	s->outcome = SHELL_EXEC_FAILED;
	_exit(e == ENOENT || e == ENOTDIR ? SS_EXIT_NOTFOUND : SS_EXIT_NOEXEC);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(__SANITIZE_ADDRESS__)
#define __SANITIZE_ADDRESS__ 1 /* clang says it this way */
#endif
#endif

#ifndef __SANITIZE_ADDRESS__
/* Start PID 2 and return its pid once it has exec'd the shell (or died trying); -1 with errno. */
static pid_t start_shell(struct shell_start **sp)
{
	enum { STACK = 256 * 1024 };
	struct shell_start *s = *sp;
	long page = sysconf(_SC_PAGESIZE);
	char *stack;
	pid_t pid;
	int e;

	if (page <= 0)
		page = 4096;
	stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return -1;
	/* a guard page under the stack: an overflow faults instead of writing into init's memory */
	if (mprotect(stack, (size_t)page, PROT_NONE) < 0) {
		e = errno;
		(void)munmap(stack, STACK);
		errno = e;
		return -1;
	}
	s->outcome = SHELL_DIED;
	pid = clone(shell_main, stack + STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, s);
	e = errno;
	(void)munmap(stack, STACK); /* PID 2 has its own memory now, or is gone */
	errno = e;
	return pid;
}
#else
/* ASan cannot follow a clone onto a stack of our own, so its build forks, shares the report in a
 * shared mapping, and learns of the execve from a close-on-exec pipe: the same protocol, slower. */
static pid_t start_shell(struct shell_start **sp)
{
	struct shell_start *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int p[2];
	char c;
	pid_t pid;

	if (s == MAP_FAILED)
		return -1;
	*s = **sp;
	*sp = s;
	s->outcome = SHELL_DIED;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(shell_main(s));
	}
	close(p[1]);
	if (pid > 0)
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
	close(p[0]);
	return pid;
}
#endif

SS_NORETURN static void init_main(const struct ss_plan *pl, const struct mnt_list *ml, int sock, bool tty,
				  const struct cg_session *cg, bool in_leaf)
{
	static struct shell_start start;
	struct shell_start *sp = &start;
	sigset_t relay_set;
	struct ss_error err = { 0 };
	int fds[MNT_FD_COUNT];
	char home[80];
	char go = 0;
	pid_t shell, p;
	int st;

	/* On v2 the alias's cgroup first (clone3 put us there already; without CLONE_INTO_CGROUP we
	 * join through fds opened by the privileged monitor).  A v1 session comes later: see
	 * late_cgroup.  Joined by ourselves: a v1 self-move takes no global lock (research/perf). */
	if (cg && join_cgroup(cg, in_leaf, &err) < 0)
		child_fail(sock, &err);
	/* What needs no uid/gid map is done while the monitor writes them: the join above, the caps
	 * (before the new root: /proc/sys is read-only there), and no mount propagating to the host. */
	if (cap_ucounts(&err) < 0)
		child_fail(sock, &err);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		ss_fail(&err, errno, "making the mount namespace private: %s", strerror(errno));
		child_fail(sock, &err);
	}
	/* the mount table as it stays until the plan runs: are there proc mounts besides /proc? */
	if (mounts_scan_host(ml, &err) < 0)
		child_fail(sock, &err);
	/* The rest creates files and switches the fs ids, which needs the maps. */
	if (read(sock, &go, 1) != 1 || go != 'G')
		_exit(SS_EXIT_REFUSED);
	SS_MARK("child-go");
	if (open_sources(pl, fds, tty, &err) < 0 || build_root(pl, fds, ml, &err) < 0)
		child_fail(sock, &err);
	SS_MARK("mounts");
	for (int i = 0; i < MNT_FD_COUNT; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (late_cgroup(pl)) {
		struct cg_session lcg;
		bool on = false;

		if (recv_cgroup(sock, &lcg, &on, &err) < 0 || (on && join_cgroup(&lcg, false, &err) < 0))
			child_fail(sock, &err);
	}
	/* a cgroup namespace rooted where init now is (the session's leaves, or the caller's cgroups
	 * without limits): /proc/self/cgroup inside names "/", not the host's tree, the alias or the
	 * monitor's pid */
	if (unshare(CLONE_NEWCGROUP) < 0) {
		ss_fail(&err, errno, "a cgroup namespace: %s", strerror(errno));
		child_fail(sock, &err);
	}
	if (recv_filter(sock, &session_filter, &err) < 0)
		child_fail(sock, &err);
	if (ss_snprintf(home, sizeof(home), "/home/%s", pl->id->name) < 0 || chdir(home) < 0) {
		ss_fail(&err, errno, "chdir %s: %s", home, strerror(errno));
		child_fail(sock, &err);
	}
	if (pl->profile->network == SS_NET_NONE && lo_up(&err) < 0)
		child_fail(sock, &err);
	if (drop_privileges(pl, &err) < 0)
		child_fail(sock, &err);
	/* The parent-death signal is set now; a monitor that died before that would never send it:
	 * its end of the socket tells.  Without a monitor nothing would clean up or log the session. */
	{
		struct pollfd pf = { .fd = sock, .events = POLLRDHUP };

		if (poll(&pf, 1, 0) != 0)
			_exit(SS_EXIT_REFUSED);
	}
	/* The shell runs as our uid: it must not be able to ptrace init, which is not seccomp-filtered. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		ss_fail(&err, errno, "PR_SET_DUMPABLE: %s", strerror(errno));
		child_fail(sock, &err);
	}
	umask(pl->profile->umask_set ? pl->profile->umask : 077);
	SS_MARK("dropped");

	/* The relayed signals have been blocked since the clone (sandbox_run) and stay blocked while
	 * PID 2 is set up (init sleeps in clone until its execve): handled before relay_to names the
	 * shell they would be lost, and their handler must never run on the memory PID 2 shares with
	 * us.  PID 2 resets them and clears its mask. */
	relayed_set(&relay_set);
	set_relay(relay);
	start.pl = pl;
	start.sock = sock;
	shell = start_shell(&sp);
	if (shell < 0) {
		ss_fail(&err, errno, "starting the shell (clone): %s", strerror(errno));
		child_fail(sock, &err);
	}
	relay_to = shell;
	(void)sigprocmask(SIG_UNBLOCK, &relay_set, NULL); /* what came meanwhile goes to the shell now */
	/* Ready: the shell runs (or its execve failed, a status of its own).  A refusal was sent by
	 * PID 2 already, and its exit status follows. */
	if (sp->outcome == SHELL_EXEC_FAILED) /* first, so the monitor logs no "session start" */
		send_msg(sock, 'X', 0, sp->text);
	if (sp->outcome == SHELL_EXECED || sp->outcome == SHELL_EXEC_FAILED)
		send_msg(sock, 'R', 0, NULL);
	for (;;) {
		p = waitpid(-1, &st, stop_with_shell ? WUNTRACED | WCONTINUED : 0);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			_exit(SS_EXIT_REFUSED); /* cannot happen while the shell lives */
		if (p == shell && (WIFSTOPPED(st) || WIFCONTINUED(st))) {
			/* never waits: a shell stopped and continued in a loop must not stall the reaping */
			struct msg m = { .type = WIFSTOPPED(st) ? 'T' : 'U' };

			(void)!send(sock, &m, sizeof(m), MSG_NOSIGNAL | MSG_DONTWAIT);
			continue;
		}
		if (p == shell)
			break;
	}
	send_msg(sock, 'S', st, NULL);
	/* Our exit kills whatever is left in the PID namespace: the session ends with its shell. */
	_exit(0);
}

/* ---- outside: the monitor ---- */

static void monitor_signals(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	static const int ignored[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE };
	size_t i;

	sigemptyset(&ign.sa_mask);
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		(void)sigaction(ignored[i], &ign, NULL);
	set_relay(relay);
}

/* Stop as a job does on ^Z (SIGTSTP, which the monitor otherwise ignores), until a SIGCONT. */
static void stop_self(void)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN };

	sigemptyset(&dfl.sa_mask);
	sigemptyset(&ign.sa_mask);
	(void)sigaction(SIGTSTP, &dfl, NULL);
	(void)raise(SIGTSTP);
	(void)sigaction(SIGTSTP, &ign, NULL);
}

/* The alias's cgroup session; false (and no error) when the profile lets it go without. */
static int cgroup_open(const struct ss_plan *pl, struct cg_session *cg, bool *on, struct ss_error *err)
{
	struct priv_args a = { .name = pl->id->name,
			       .cg_host = &pl->cg_host,
			       .cg_parent = pl->config->cgroup_parent,
			       .cg_limits = &pl->profile->limits,
			       .cg_session = cg,
			       .err = err };
	long r;

	*on = false;
	if (!pl->cgroup)
		return 0;
	/* with the pid, the start time names this monitor for the stale-leaf sweep */
	if (cg_proc_starttime(getpid(), &a.starttime, err) < 0)
		return -err->code;
	if (pl->cg_host.layout == CG_LAYOUT_NONE)
		r = ss_fail(err, ENODEV, "no cgroup hierarchy with the memory and pids controllers");
	else
		r = priv_op(PRIV_CGROUP_OPEN, &a);
	if (r < 0) {
		char why[sizeof(err->msg)];

		if (!pl->cgroup_required)
			return 0; /* "cgroup optional": run without limits */
		memcpy(why, err->msg, sizeof(why));
		return ss_fail(err, err->code, "resource limits (cgroup required): %s%s", why,
			       ss_rt.setuid_mode ? "" : " (unprivileged: delegate a writable cgroup, see --doctor)");
	}
	*on = true;
	/* for the log lines from here on: the leaf, below the first hierarchy it is in */
	for (int c = 0; c < CG_NCTRL; c++)
		if (cg->rel[c][0]) {
			static char where[sizeof(cg->rel[0]) + sizeof(cg->leaf_name) + 1];

			if (ss_snprintf(where, sizeof(where), "%s/%s", cg->rel[c], cg->leaf_name) == 0)
				ss_log.cgroup = where;
			break;
		}
	return 0;
}

static void cgroup_close(struct cg_session *cg, char *acct, size_t sz)
{
	struct cg_stats st = { 0 };
	struct ss_error err;
	struct priv_args a = { .cg_session = cg, .cg_stats = &st, .err = &err };

	acct[0] = '\0';
	if (priv_op(PRIV_CGROUP_CLOSE, &a) < 0)
		ss_syslog(LOG_ERR, "cgroup cleanup: %s", err.msg);
	snprintf(acct, sz, " memory_peak=%llu oom_kills=%llu pids_peak=%llu", st.have_peak ? st.memory_peak : 0,
		 st.have_oom ? st.oom_kills : 0, st.have_pids_peak ? st.pids_peak : 0);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* After init is gone: if it had reported a failure (its first message, unread), that reason
 * replaces the one in err. */
static void init_reason(int sock, struct ss_error *err)
{
	struct msg m;
	ssize_t n = recv(sock, &m, sizeof(m), MSG_DONTWAIT);

	if (n < 0 && errno == ECONNRESET) /* reported once (unread data), before the messages */
		n = recv(sock, &m, sizeof(m), MSG_DONTWAIT);
	if (n > 0 && m.type == 'E') {
		m.text[sizeof(m.text) - 1] = '\0';
		ss_fail(err, EPERM, "%s", m.text);
	}
}

/* A message of init's at the end of the session: the execve failed ('X'), the shell's status ('S'). */
static void end_msg(const struct msg *m, bool *have_status, int *status)
{
	if (m->type == 'X') {
		ss_syslog(LOG_ERR, "cannot execute the shell: %s", m->text);
	} else if (m->type == 'S') {
		*have_status = true;
		*status = m->status;
	}
}

static void kill_init(pid_t pid)
{
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* A step of the monitor's that init needed failed after the clone: init is ended and the reason
 * is "what: <code>", or init's own where it had failed first (then most often the cause). */
static void abandon_init(pid_t pid, int sock, int code, const char *what, struct ss_error *err)
{
	kill_init(pid);
	ss_fail(err, code, "%s: %s", what, strerror(code));
	init_reason(sock, err);
	close(sock);
}

/*
 * Scheduling only.  Until its "go" the new init has work that needs no maps (its ucount caps, its
 * mount table), and the monitor has its own (the maps, then on v1 the cgroup session).  The kernel
 * often queues a new child on its parent's CPU (on the 2-vCPU machine of docs/performance.md, in
 * 85 logins of 100), where init waits for the monitor.  So the monitor moves itself to its other
 * CPUs and leaves this one to init: the two run side by side.  (Where the scheduler had put init
 * elsewhere already, the move costs a little instead.)  init's affinity, which the session
 * inherits, is not touched.  Best effort; the monitor's own mask is put back when init reports the
 * shell's execve (run_blocked); a failed setup ends the monitor anyway.
 */
static bool move_off_cpu(cpu_set_t *saved)
{
	cpu_set_t other;
	int cpu = sched_getcpu();

	if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof(*saved), saved) < 0 ||
	    !CPU_ISSET(cpu, saved) || CPU_COUNT(saved) < 2)
		return false;
	other = *saved;
	CPU_CLR(cpu, &other);
	return sched_setaffinity(0, sizeof(other), &other) == 0;
}

static int run_blocked(const struct ss_plan *pl, struct ss_error *err, const sigset_t *old_mask)
{
	static struct mnt_list ml;
	struct priv_args a = { .name = pl->id->name,
			       .path = pl->config->state_dir,
			       .uid = pl->id->uid,
			       .gid = pl->id->gid,
			       .cgroup_fd = -1 };
	struct timespec t0;
	struct msg m;
	struct cg_session cg;
	struct ss_filter filter;
	cpu_set_t cpus;
	bool moved;
	char acct[160] = "";
	bool tty = isatty(STDIN_FILENO), ready = false, have_status = false, failed = false, cg_on = false,
	     exec_failed = false;
	int sp[2], st = 0, status = 0;
	long r;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	plan_mounts(&ml, pl, tty);
	if (mounts_check(pl->profile, pl->config, err) < 0)
		return -err->code;
	if (apparmor_check(pl->profile->apparmor, err) < 0)
		return -err->code;
	if (pl->shared_tmp) {
		r = priv_op(PRIV_MAKE_TMP, &a);
		if (r < 0)
			return ss_fail(err, (int)-r, "per-alias tmp under %s/tmp: %s", pl->config->state_dir,
				       strerror((int)-r));
	}
	if (!late_cgroup(pl) && cgroup_open(pl, &cg, &cg_on, err) < 0)
		return -err->code;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) {
		ss_fail(err, errno, "socketpair: %s", strerror(errno));
		goto fail_cg;
	}

	a.flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;
	if (pl->profile->network == SS_NET_NONE)
		a.flags |= CLONE_NEWNET; /* only lo: no host network, and abstract sockets are per namespace */
	a.cgroup_fd = cg_on && cg.v2 ? cg.v2_leaf_fd : -1;
	a.ns_owner = pl->ns_owner;
	/* a job in the foreground of a terminal, under a job-control shell (or su, which stops when
	 * its child stops): someone there will continue it.  Not a session leader (sshd, login). */
	stop_with_shell = tty && getsid(0) != getpid() && tcgetpgrp(STDIN_FILENO) == getpgrp();
	SS_MARK("clone");
	r = priv_op(PRIV_CLONE, &a);
	if (a.cgroup_fd >= 0 && (r == -ENOSYS || r == -E2BIG || r == -EINVAL)) {
		/* no clone3/CLONE_INTO_CGROUP (Linux < 5.7): the child joins through cgroup.procs */
		a.cgroup_fd = -1;
		r = priv_op(PRIV_CLONE, &a);
	}
	if (r < 0) {
		ss_fail(err, (int)-r, "cannot create the namespaces: %s", strerror((int)-r));
		goto fail_cg;
	}
	if (r == 0) {
		close(sp[0]);
		init_main(pl, &ml, sp[1], tty, cg_on ? &cg : NULL, a.cgroup_fd >= 0);
	}
	pid = (pid_t)r;
	moved = move_off_cpu(&cpus);
	close(sp[1]);
	a.pid = pid;
	r = priv_op(PRIV_WRITE_MAPS, &a);
	if (r < 0) {
		/* init starts before its maps: if it failed and exited first, the maps cannot be
		 * written (its /proc files are root's now), and its own reason is the one to give */
		abandon_init(pid, sp[0], (int)-r, "cannot write the user namespace maps", err);
		goto fail_cg;
	}
	monitor_signals(); /* the relayed ones stay blocked (and relay_to unset) until init may have them */
	SS_MARK("maps");
	/* init may have failed already (it starts without the maps): its 'E' is read below.  A send
	 * that fails otherwise would leave it waiting, so it is ended; the loop then sees EOF. */
	while ((r = send(sp[0], "G", 1, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (r != 1)
		(void)kill(pid, SIGKILL);
	/* v1, hybrid: the cgroup session, made while init builds the root; it waits for it before
	 * the shell.  A refusal here comes first, whatever init meanwhile said. */
	if (late_cgroup(pl)) {
		if (cgroup_open(pl, &cg, &cg_on, err) < 0) {
			kill_init(pid);
			close(sp[0]);
			return -err->code;
		}
		if (send_cgroup(sp[0], cg_on ? &cg : NULL) < 0) {
			abandon_init(pid, sp[0], errno, "handing the cgroup session to the sandbox", err);
			goto fail_cg;
		}
	}
	/* The seccomp filter, made while init builds the root: any launcher reads the root-owned
	 * cache; only a privileged one writes it (a miss compiles it here, off init's way). */
	if (seccomp_prepare(pl->profile, pl->config->state_dir, ss_rt.setuid_mode || ss_rt.ruid == 0, &filter, err) <
	    0) {
		kill_init(pid);
		close(sp[0]);
		goto fail_cg;
	}
	SS_MARK("seccomp-prepared");
	r = send_filter(sp[0], &filter) < 0 ? -errno : 0;
	for (int i = 0; i < filter.n; i++)
		free(filter.insns[i]);
	if (r < 0) {
		abandon_init(pid, sp[0], (int)-r, "handing the seccomp filter to the sandbox", err);
		goto fail_cg;
	}
	relay_to = pid;
	(void)sigprocmask(SIG_SETMASK, old_mask, NULL); /* what waited is relayed now */

	while (!failed) {
		ssize_t n = recv(sp[0], &m, sizeof(m), 0);

		/* ECONNRESET: init exited with our "go" unread; reported once, its messages follow */
		if (n < 0 && (errno == EINTR || errno == ECONNRESET))
			continue;
		if (n <= 0)
			break;
		m.text[sizeof(m.text) - 1] = '\0';
		if (m.type == 'E') {
			ss_fail(err, EPERM, "%s", m.text);
			failed = true;
		} else if (m.type == 'R') {
			ready = true;
			if (!exec_failed) /* (then "cannot execute the shell" was logged instead) */
				ss_syslog(LOG_INFO, "session start");
			if (moved && sched_setaffinity(0, sizeof(cpus), &cpus) == 0)
				moved = false;
			break; /* the session runs: what init says now is read once it is gone (below) */
		} else {
			exec_failed |= m.type == 'X';
			end_msg(&m, &have_status, &status);
		}
	}
	/* A job of a job-control shell: the monitor reads init's messages all along, to stop with the
	 * shell ('T'); it goes on when the shell above continues the job (and relays the SIGCONT). */
	while (ready && stop_with_shell) {
		ssize_t n = recv(sp[0], &m, sizeof(m), 0);
		bool stopped = false;

		if (n < 0 && (errno == EINTR || errno == ECONNRESET))
			continue;
		if (n <= 0)
			break;
		/* this message and what else is queued: only the latest state counts */
		do {
			m.text[sizeof(m.text) - 1] = '\0';
			if (m.type == 'T' || m.type == 'U')
				stopped = m.type == 'T';
			else
				end_msg(&m, &have_status, &status);
		} while (recv(sp[0], &m, sizeof(m), MSG_DONTWAIT) > 0);
		if (stopped)
			stop_self();
	}
	/* The end of the session: one wake, when init is gone, rather than one for each message and one
	 * for the end of the socket (each can be the wake of an idle CPU).  What init sent after "ready"
	 * ('X' where the execve failed, then 'S', the shell's status) stays queued on the socket. */
	{
		siginfo_t si;

		/* init gone, but not reaped: its pid cannot be anyone else's while the relay stops */
		while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0 && errno == EINTR)
			;
		relay_to = -1;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	for (int i = 0; ready && i < 8; i++) {
		ssize_t n = recv(sp[0], &m, sizeof(m), MSG_DONTWAIT);

		if (n < 0 && (errno == EINTR || errno == ECONNRESET))
			continue; /* (ECONNRESET: reported once, as above) */
		if (n <= 0)
			break;
		m.text[sizeof(m.text) - 1] = '\0';
		end_msg(&m, &have_status, &status);
	}
	close(sp[0]);
	if (cg_on)
		cgroup_close(&cg, acct, sizeof(acct));
	if (failed || !ready) {
		if (!failed)
			ss_fail(err, EPERM, "the sandbox died during setup");
		return -err->code;
	}
	if (!have_status)
		status = st; /* init itself was killed (OOM, SIGKILL from outside): mirror that */
	if (WIFSIGNALED(status))
		ss_syslog(LOG_INFO, "session end signal=%d duration_ms=%ld%s", WTERMSIG(status), elapsed_ms(&t0), acct);
	else
		ss_syslog(LOG_INFO, "session end status=%d duration_ms=%ld%s", WEXITSTATUS(status), elapsed_ms(&t0),
			  acct);
	return status;

fail_cg:
	if (cg_on)
		cgroup_close(&cg, acct, sizeof(acct));
	return -err->code;
}

/*
 * The relayed signals are blocked from here until the monitor's handlers are in and init's pid is
 * known, so none kills the monitor or is dropped on the way.  init is born with them blocked and
 * keeps them blocked until the shell runs: the PID 1 of a pid namespace drops a signal it has no
 * handler for, but a blocked one waits and is relayed to the shell then.
 */
int sandbox_run(const struct ss_plan *pl, struct ss_error *err)
{
	sigset_t relay_block, old_mask;
	int r;

	relayed_set(&relay_block);
	(void)sigprocmask(SIG_BLOCK, &relay_block, &old_mask);
	r = run_blocked(pl, err, &old_mask);
	(void)sigprocmask(SIG_SETMASK, &old_mask, NULL); /* the failure paths; a no-op after success */
	return r;
}

void sandbox_print(const struct ss_plan *pl, FILE *out)
{
	static struct mnt_list ml;

	plan_mounts(&ml, pl, false);
	char owner[64] = "root";

	if (pl->ns_owner != (uid_t)-1)
		snprintf(owner, sizeof(owner), "uid %u (namespace_owner)", (unsigned)pl->ns_owner);
	fprintf(out, "namespaces user mount pid ipc uts%s (created %s%s); cgroup (by the init, in its cgroup)\n",
		pl->profile->network == SS_NET_NONE ? " net" : "",
		ss_rt.setuid_mode ? "while privileged: owned by " : "unprivileged", ss_rt.setuid_mode ? owner : "");
	fprintf(out, "network    %s\n",
		pl->profile->network == SS_NET_NONE
			? "none: its own network namespace, with only lo"
			: "host: shared with the host (loopback services of others are reachable)");
	fprintf(out, "uid_map    %u %u 1\n", (unsigned)pl->id->uid, (unsigned)pl->id->uid);
	fprintf(out, "gid_map    %u %u 1 (setgroups deny)\n", (unsigned)pl->id->gid, (unsigned)pl->id->gid);
	fprintf(out, "hostname   %s\n", pl->profile->hostname ? pl->profile->hostname : "(the host's)");
	mounts_print(&ml, pl, out);
	if (pl->dev < 0)
		fprintf(out, "dev        built for this login (%s/dev: %s)\n", pl->config->state_dir,
			pl->dev == -EBADMSG ? "does not hold exactly what the launcher makes; remove it, the next "
					      "privileged login makes it again"
					    : strerror(-pl->dev));
	fprintf(out, "caps       none (effective, permitted, inheritable, bounding, ambient); securebits locked\n");
	fprintf(out, "nnp        no_new_privs set\n");
	fprintf(out,
		"ucounts    inotify 16 instances, 16384 watches; fanotify 0; new user namespaces 0 "
		"(per session: the host counts these against %s)\n",
		ss_rt.setuid_mode ? owner : "the caller");
	fprintf(out, "apparmor   %s\n", pl->profile->apparmor ? pl->profile->apparmor : "(none)");
	landlock_print(pl, out);
	seccomp_print(pl->profile, out);
	if (pl->cgroup)
		cg_print(&pl->cg_host, pl->config->cgroup_parent, pl->id->name, &pl->profile->limits, out);
	else
		fprintf(out, "cgroup     none (the profile sets no limits)\n");
	fprintf(out, "umask      %04o\n", (unsigned)(pl->profile->umask_set ? pl->profile->umask : 077));
	fprintf(out, "processes  monitor outside; init as PID 1; %s as PID 2\n", pl->shell);
	for (char **e = pl->envp; *e; e++)
		fprintf(out, "env        %s\n", *e);
}
