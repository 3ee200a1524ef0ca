/* SPDX-License-Identifier: ISC */
/*
 * ss-probe: escape probes, run inside a secure_shell sandbox by the integration suite.
 *
 *   ss-probe NAME [ARG]                  run one probe, print one line
 *   ss-probe all [NAME=ARG ...]          run every probe in order, one line each; the probes that
 *                                        take an argument get it from NAME=ARG (else SKIPPED)
 *   ss-probe euid                        print "euid: N caps: HEX" (helper for the setuid probes)
 *
 * Every line is "NAME: BLOCKED <how> [(detail)]", "NAME: ALLOWED <detail>" or "NAME: SKIPPED <why>".
 * <how> is an errno name (EPERM, ENOSYS, ...) or KILLED(SIGSYS) when seccomp killed the attempt; an
 * attempt that dies by any other signal is an ERROR, not a verdict.  ALLOWED means the kernel really
 * let the dangerous thing happen.
 * Every attempt runs in a fork()ed child, so a seccomp kill, a namespace change or a new keyring
 * never affects the next probe.  A probe that cannot decide prints "NAME: ERROR <why>".
 * The exit status is 0 except for usage errors (2).
 *
 * Run as root outside a sandbox, the probes that could change the host (mount, reboot, kexec,
 * swapon, the clock, modules, sysrq) print "SKIPPED running as root" instead of trying, and
 * ptrace-init is skipped for root in the initial PID namespace.
 *
 * Static, libc and raw syscalls only.  Constants newer than the 6.1 uapi headers are defined here.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif
#ifndef SYS_userfaultfd
#define SYS_userfaultfd 323
#endif
#ifndef SYS_kexec_load
#define SYS_kexec_load 246
#endif
#ifndef SYS_finit_module
#define SYS_finit_module 313
#endif
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif
#ifndef MAX_HANDLE_SZ
#define MAX_HANDLE_SZ 128
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT	      47
#define PR_CAP_AMBIENT_IS_SET 1
#endif
#define TIOCL_GETSHIFTSTATE 6 /* read-only TIOCLINUX subcode */
#define X32_SYSCALL_BIT	    0x40000000UL
#define NR_getpid_x86_64    39
#define NR_getpid_i386	    20
#define PROC_PID_INIT_INO   0xEFFFFFFCUL /* inode of the initial PID namespace */
#define CHILD_TIMEOUT	    15		 /* seconds a probe may take */

extern char **environ;

struct probe;
typedef void probe_fn(const struct probe *p, const char *arg);

enum {
	F_ROOT = 1,   /* would change the host: skipped when run as root */
	F_INITNS = 2, /* skipped for root in the initial PID namespace (pid 1 is the host's init) */
	F_ARG = 4,    /* takes an argument */
};

struct probe {
	const char *name;
	probe_fn *fn;
	int flags;
	unsigned long param; /* a namespace flag, an ioctl request... */
	const char *sparam;  /* a namespace name... */
};

static char g_res[512];					 /* the verdict of the probe running in this process */
static pid_t g_ppid;					 /* getppid() of the ss-probe process, before any fork */
static volatile uint64_t g_target = 0x5353c0ffee5353ULL; /* read by process-vm-readv */

/* ------------------------------------------------------------------ helpers */

static void res(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void res(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g_res, sizeof(g_res), fmt, ap);
	va_end(ap);
}

static const char *ename(int e)
{
	static char buf[16];
	const char *s = strerrorname_np(e);

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static const char *signame(int sig)
{
	static char buf[24];
	const char *s = sigabbrev_np(sig);

	if (s)
		snprintf(buf, sizeof(buf), "SIG%s", s);
	else
		snprintf(buf, sizeof(buf), "SIG%d", sig);
	return buf;
}

/* BLOCKED <errno name> [(ctx)] */
static void blocked(int e, const char *ctx)
{
	if (ctx && *ctx)
		res("BLOCKED %s (%s)", ename(e), ctx);
	else
		res("BLOCKED %s", ename(e));
}

/* a call that returns a file descriptor: ALLOWED when it did */
static void fd_verdict(int fd, int e, const char *what)
{
	if (fd >= 0) {
		res("ALLOWED %s (fd %d)", what, fd);
		close(fd);
	} else {
		blocked(e, NULL);
	}
}

static int am_root(void)
{
	return getuid() == 0 || geteuid() == 0;
}

static int in_initial_pidns(void)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) != 0)
		return 0;
	return st.st_ino == PROC_PID_INIT_INO;
}

/* read up to size-1 bytes from fd until EOF; NUL-terminated */
static size_t read_all(int fd, char *buf, size_t size)
{
	size_t off = 0;

	while (off + 1 < size) {
		ssize_t n = read(fd, buf + off, size - 1 - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	buf[off] = '\0';
	return off;
}

static pid_t wait_child(pid_t pid, int *status, int flags)
{
	pid_t w;

	do
		w = waitpid(pid, status, flags);
	while (w < 0 && errno == EINTR);
	return w;
}

struct capsets {
	unsigned long long inh, prm, eff, bnd, amb;
};

/* the five capability sets, from /proc/self/status or else from capget/prctl */
static int read_caps(struct capsets *c, int *from_proc)
{
	static const char *const keys[] = { "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
	unsigned long long *vals[] = { &c->inh, &c->prm, &c->eff, &c->bnd, &c->amb };
	char buf[4096], *line;
	int fd, found = 0;
	unsigned i;

	memset(c, 0, sizeof(*c));
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		read_all(fd, buf, sizeof(buf));
		close(fd);
		for (line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
			for (i = 0; i < 5; i++)
				if (!strncmp(line, keys[i], strlen(keys[i]))) {
					*vals[i] = strtoull(line + strlen(keys[i]), NULL, 16);
					found |= 1 << i;
				}
		if (found == 0x1f) {
			*from_proc = 1;
			return 0;
		}
	}
	*from_proc = 0;
	{
		struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
		struct __user_cap_data_struct data[2];

		memset(data, 0, sizeof(data));
		if (syscall(SYS_capget, &hdr, data) != 0)
			return -1;
		c->inh = data[0].inheritable | (unsigned long long)data[1].inheritable << 32;
		c->prm = data[0].permitted | (unsigned long long)data[1].permitted << 32;
		c->eff = data[0].effective | (unsigned long long)data[1].effective << 32;
	}
	for (i = 0; i < 64; i++) {
		int r = prctl(PR_CAPBSET_READ, (unsigned long)i, 0UL, 0UL, 0UL);

		if (r < 0)
			break;
		if (r > 0)
			c->bnd |= 1ULL << i;
		r = prctl(PR_CAP_AMBIENT, (unsigned long)PR_CAP_AMBIENT_IS_SET, (unsigned long)i, 0UL, 0UL);
		if (r > 0)
			c->amb |= 1ULL << i;
	}
	return 0;
}

/*
 * Exec PATH with argv {PATH, "euid"} (PATH is a copy of this program, so it prints
 * "euid: N caps: HEX") and judge whether the exec gained privilege.
 */
static void judge_exec(const char *path, const char *fileinfo)
{
	char out[256], *euid_line;
	int p[2], status, e;
	pid_t pid;
	long euid;
	unsigned long long caps;

	if (pipe2(p, O_CLOEXEC) != 0) {
		res("ERROR pipe: %s", ename(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		res("ERROR fork: %s", ename(errno));
		return;
	}
	if (pid == 0) {
		char *argv[] = { (char *)path, (char *)"euid", NULL };
		int devnull = open("/dev/null", O_RDWR);

		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);
		}
		dup2(p[1], 1);
		execve(path, argv, environ);
		e = errno;
		dprintf(1, "exec-errno: %d\n", e);
		_exit(127);
	}
	close(p[1]);
	read_all(p[0], out, sizeof(out));
	close(p[0]);
	if (wait_child(pid, &status, 0) < 0) {
		res("ERROR waitpid: %s", ename(errno));
		return;
	}
	if (sscanf(out, "exec-errno: %d", &e) == 1) {
		blocked(e, "execve");
		return;
	}
	if (WIFSIGNALED(status)) {
		/* seccomp's kill is a verdict; any other signal is the probe's own trouble */
		res("%s KILLED(%s) (the exec'd program died; %s)", WTERMSIG(status) == SIGSYS ? "BLOCKED" : "ERROR",
		    signame(WTERMSIG(status)), fileinfo);
		return;
	}
	euid_line = strstr(out, "euid: ");
	if (!euid_line || sscanf(euid_line, "euid: %ld caps: %llx", &euid, &caps) != 2) {
		out[strcspn(out, "\n")] = '\0';
		res("ERROR unexpected output from the exec'd copy: '%.80s'", out);
		return;
	}
	if (euid == 0 || caps != 0)
		res("ALLOWED privilege gained: euid %ld caps %016llx (%s)", euid, caps, fileinfo);
	else
		res("BLOCKED no-privilege-gained (euid %ld caps %016llx; %s)", euid, caps, fileinfo);
}

/* the controlling terminal, or -1: fd 0 if it is a tty, else /dev/tty */
static int tty_fd(void)
{
	if (isatty(0))
		return 0;
	return open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
}

/* ------------------------------------------------------------------ probes */

#define PROBE(fn) static void fn(const struct probe *p __attribute__((unused)), const char *arg __attribute__((unused)))

PROBE(p_mount_tmpfs_home)
{
	if (mount("tmpfs", "/home", "tmpfs", 0, NULL) == 0) {
		int u = umount2("/home", MNT_DETACH);

		res("ALLOWED tmpfs mounted on /home (%s)", u == 0 ? "unmounted again" : "could not unmount");
		return;
	}
	blocked(errno, NULL);
}

PROBE(p_umount_home)
{
	if (umount2("/home", MNT_DETACH) == 0)
		res("ALLOWED /home was unmounted");
	else
		blocked(errno, NULL);
}

PROBE(p_unshare)
{
	if (unshare((int)p->param) == 0)
		res("ALLOWED unshare(CLONE_NEW%s) succeeded", p->sparam);
	else
		blocked(errno, NULL);
}

PROBE(p_clone_newuser)
{
	long r = syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER | SIGCHLD), 0UL, 0UL, 0UL, 0UL);

	if (r == 0)
		_exit(0);
	if (r < 0) {
		blocked(errno, NULL);
		return;
	}
	wait_child((pid_t)r, NULL, __WALL);
	res("ALLOWED clone(CLONE_NEWUSER) created pid %ld", r);
}

PROBE(p_clone3)
{
	uint64_t args[8]; /* struct clone_args, version 2: 64 bytes, all zero */
	long r;

	memset(args, 0, sizeof(args));
	r = syscall(SYS_clone3, args, sizeof(args));
	if (r == 0)
		_exit(0);
	if (r < 0) {
		blocked(errno, NULL);
		return;
	}
	wait_child((pid_t)r, NULL, __WALL);
	res("ALLOWED clone3 created pid %ld", r);
}

PROBE(p_setns)
{
	char path[64], self[64], ctx[96];
	struct stat a, b;
	int fd, same;

	snprintf(path, sizeof(path), "/proc/1/ns/%s", p->sparam);
	snprintf(self, sizeof(self), "/proc/self/ns/%s", p->sparam);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(ctx, sizeof(ctx), "open %s", path);
		blocked(errno, ctx);
		return;
	}
	same = fstat(fd, &a) == 0 && stat(self, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
	if (setns(fd, 0) == 0) {
		res("ALLOWED joined pid 1's %s namespace (%s ours)", p->sparam,
		    same ? "the same as" : "different from");
	} else {
		snprintf(ctx, sizeof(ctx), "setns; pid 1's %s namespace is %s ours", p->sparam,
			 same ? "the same as" : "different from");
		blocked(errno, ctx);
	}
	close(fd);
}

PROBE(p_userns_reveal)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
		blocked(errno, "unshare(CLONE_NEWUSER|CLONE_NEWNS)");
		return;
	}
	if (umount2("/home", MNT_DETACH) != 0) {
		blocked(errno, "umount2 /home in a new user+mount namespace");
		return;
	}
	d = opendir("/home");
	if (!d) {
		res("ALLOWED /home unmounted in a new user+mount namespace (then opendir: %s)", ename(errno));
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	res("ALLOWED /home unmounted in a new user+mount namespace; it now lists %d entr%s%s", n, n == 1 ? "y" : "ies",
	    n > 1 ? " (other homes revealed)" : "");
}

static void attach(pid_t pid, const char *who)
{
	int status;
	pid_t w;
	long d;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) != 0) {
		blocked(errno, NULL);
		return;
	}
	/* wait for the attach stop, then detach cleanly so that the tracee runs on */
	w = wait_child(pid, &status, __WALL);
	d = ptrace(PTRACE_DETACH, pid, NULL, NULL);
	res("ALLOWED attached to %s %d%s", who, (int)pid, w == pid && d == 0 ? ", detached again" : "");
}

PROBE(p_ptrace_init)
{
	attach(1, "pid");
}

PROBE(p_ptrace_parent)
{
	if (g_ppid == 0) {
		res("BLOCKED ESRCH (parent outside the PID namespace: getppid() is 0)");
		return;
	}
	attach(g_ppid, "the parent, pid");
}

PROBE(p_process_vm_readv)
{
	uint64_t buf = 0;
	struct iovec local = { &buf, sizeof(buf) };
	struct iovec remote = { (void *)(uintptr_t)&g_target, sizeof(buf) };
	ssize_t n = process_vm_readv(1, &local, 1, &remote, 1, 0);

	if (n >= 0)
		res("ALLOWED read %zd bytes of pid 1 (0x%016llx)", n, (unsigned long long)buf);
	else if (errno == EFAULT) /* the access check passed; the address is not mapped there */
		res("ALLOWED access to pid 1's memory granted (EFAULT: address not mapped in pid 1)");
	else
		blocked(errno, NULL);
}

PROBE(p_open_by_handle_at)
{
	struct file_handle *fh = calloc(1, sizeof(*fh) + MAX_HANDLE_SZ);
	int mount_id, mfd, fd, fake = 0, e;

	if (!fh) {
		res("ERROR out of memory");
		return;
	}
	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, "/", fh, &mount_id, 0) != 0) {
		e = errno;
		if (e == EPERM || e == ENOSYS) {
			blocked(e, "name_to_handle_at");
			free(fh);
			return;
		}
		/* the filesystem has no handles: try a made-up one to reach the permission check */
		fake = 1;
		fh->handle_bytes = 8;
		fh->handle_type = 1; /* FILEID_INO32_GEN */
		memset(fh->f_handle, 0, 8);
		fh->f_handle[0] = 2; /* inode 2, generation 0 */
	}
	mfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = open_by_handle_at(mfd, fh, O_RDONLY | O_CLOEXEC);
	e = errno;
	if (fd >= 0) {
		res("ALLOWED opened / by its file handle (fd %d)", fd);
		close(fd);
	} else if (fake && e == ESTALE) {
		res("ALLOWED open_by_handle_at passed the permission check (ESTALE on a made-up handle)");
	} else {
		blocked(e, fake ? "open_by_handle_at with a made-up handle" : "open_by_handle_at");
	}
	if (mfd >= 0)
		close(mfd);
	free(fh);
}

PROBE(p_keyctl)
{
	long r = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL);

	if (r >= 0)
		res("ALLOWED joined a new session keyring (%ld)", r);
	else
		blocked(errno, NULL);
}

PROBE(p_add_key)
{
	long r = syscall(SYS_add_key, "user", "x", "y", 1UL, (long)KEY_SPEC_PROCESS_KEYRING);

	if (r >= 0)
		res("ALLOWED added key %ld to the process keyring", r);
	else
		blocked(errno, NULL);
}

PROBE(p_request_key)
{
	long k = syscall(SYS_add_key, "user", "ss-probe", "y", 1UL, (long)KEY_SPEC_PROCESS_KEYRING);
	int ke = errno;
	long r = syscall(SYS_request_key, "user", "ss-probe", NULL, 0L);
	char ctx[64];

	if (r >= 0) {
		res("ALLOWED found key %ld", r);
		return;
	}
	snprintf(ctx, sizeof(ctx), "add_key of the key to find: %s", k >= 0 ? "ok" : ename(ke));
	blocked(errno, ctx);
}

PROBE(p_bpf)
{
	struct bpf_insn insn[2];
	union bpf_attr at;
	int fd, e1;
	char ctx[64];

	memset(insn, 0, sizeof(insn));
	insn[0].code = BPF_ALU64 | BPF_MOV | BPF_K; /* r0 = 0 */
	insn[0].dst_reg = BPF_REG_0;
	insn[1].code = BPF_JMP | BPF_EXIT;
	memset(&at, 0, sizeof(at));
	at.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	at.insn_cnt = 2;
	at.insns = (uint64_t)(uintptr_t)insn;
	at.license = (uint64_t)(uintptr_t) "GPL";
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &at, sizeof(at));
	if (fd >= 0) {
		res("ALLOWED loaded a socket filter program (fd %d)", fd);
		close(fd);
		return;
	}
	e1 = errno;
	memset(&at, 0, sizeof(at));
	at.map_type = BPF_MAP_TYPE_ARRAY;
	at.key_size = 4;
	at.value_size = 8;
	at.max_entries = 1;
	fd = (int)syscall(SYS_bpf, BPF_MAP_CREATE, &at, sizeof(at));
	if (fd >= 0) {
		res("ALLOWED created an array map (fd %d; BPF_PROG_LOAD: %s)", fd, ename(e1));
		close(fd);
		return;
	}
	snprintf(ctx, sizeof(ctx), "BPF_PROG_LOAD; BPF_MAP_CREATE: %s", ename(errno));
	blocked(e1, ctx);
}

PROBE(p_perf_event_open)
{
	struct perf_event_attr pa;
	int fd;

	memset(&pa, 0, sizeof(pa));
	pa.type = PERF_TYPE_SOFTWARE;
	pa.size = sizeof(pa);
	pa.config = PERF_COUNT_SW_CPU_CLOCK;
	pa.disabled = 1;
	pa.exclude_kernel = 1;
	pa.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &pa, 0, -1, -1, (unsigned long)PERF_FLAG_FD_CLOEXEC);
	fd_verdict(fd, errno, "perf_event_open");
}

PROBE(p_userfaultfd)
{
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);

	if (fd < 0 && errno == EINVAL) /* a kernel older than UFFD_USER_MODE_ONLY */
		fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	fd_verdict(fd, errno, "userfaultfd");
}

PROBE(p_io_uring_setup)
{
	struct io_uring_params prm;
	int fd;

	memset(&prm, 0, sizeof(prm));
	fd = (int)syscall(SYS_io_uring_setup, 1U, &prm);
	fd_verdict(fd, errno, "io_uring_setup");
}

/* A context of 4096 events: one alias holding a few of these would leave none of the host-wide
 * fs.aio-max-nr (65536 by default) to other aliases or the host's services. */
PROBE(p_io_setup)
{
	unsigned long ctx = 0;

	if (syscall(SYS_io_setup, 4096U, &ctx) == 0) {
		res("ALLOWED io_setup");
		(void)syscall(SYS_io_destroy, ctx);
	} else {
		blocked(errno, NULL);
	}
}

PROBE(p_kexec_load)
{
	if (syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL) == 0)
		res("ALLOWED kexec_load accepted");
	else
		blocked(errno, NULL);
}

PROBE(p_init_module)
{
	static char image[1];

	if (syscall(SYS_init_module, image, 0UL, "") == 0)
		res("ALLOWED init_module accepted an empty image");
	else
		blocked(errno, NULL);
}

PROBE(p_finit_module)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	long r;

	if (fd < 0) {
		res("ERROR open /dev/null: %s", ename(errno));
		return;
	}
	r = syscall(SYS_finit_module, fd, "", 0);
	if (r == 0)
		res("ALLOWED finit_module accepted /dev/null");
	else
		blocked(errno, NULL);
	close(fd);
}

PROBE(p_reboot)
{
	if (syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL) == 0)
		res("ALLOWED reboot(LINUX_REBOOT_CMD_CAD_OFF) succeeded");
	else
		blocked(errno, NULL);
}

PROBE(p_swapon)
{
	if (syscall(SYS_swapon, "/nonexistent", 0) == 0)
		res("ALLOWED swapon(/nonexistent) succeeded");
	else
		blocked(errno, errno == ENOENT ? "the permission check passed" : NULL);
}

PROBE(p_settimeofday)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	if (syscall(SYS_settimeofday, &tv, NULL) == 0)
		res("ALLOWED settimeofday succeeded");
	else
		blocked(errno, NULL);
}

PROBE(p_clock_settime)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (syscall(SYS_clock_settime, CLOCK_REALTIME, &ts) == 0)
		res("ALLOWED clock_settime(CLOCK_REALTIME) succeeded");
	else
		blocked(errno, NULL);
}

/* p->param: TIOCSTI or TIOCLINUX; p->sparam non-NULL: set the upper 32 bits of the request */
PROBE(p_tty_ioctl)
{
	unsigned long req = p->param;
	int fd = tty_fd(), high = p->sparam != NULL, quiet = 0, e;
	char c = req == TIOCSTI ? 'x' : TIOCL_GETSHIFTSTATE;
	struct termios saved;
	long r;

	if (fd < 0) {
		res("SKIPPED no tty");
		return;
	}
	if (req == TIOCSTI) {
		/* no echo while the byte is in the queue, so that it never shows up in the output */
		signal(SIGTTOU, SIG_IGN);
		quiet = tcgetattr(fd, &saved) == 0;
		if (quiet) {
			struct termios t = saved;

			t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL | ECHOCTL);
			quiet = tcsetattr(fd, TCSANOW, &t) == 0;
		}
	}
	if (high)
		r = syscall(SYS_ioctl, fd, req | 0xffffffff00000000UL, &c);
	else
		r = ioctl(fd, req, &c);
	e = errno;
	if (r == 0 && req == TIOCSTI)
		tcflush(fd, TCIFLUSH); /* take the injected byte back out */
	if (quiet)
		tcsetattr(fd, TCSANOW, &saved);
	if (r == 0 && req == TIOCSTI) {
		res("ALLOWED a byte was pushed into the tty's input queue (%s; flushed again)",
		    fd == 0 ? "fd 0" : "/dev/tty");
	} else if (r == 0) {
		res("ALLOWED TIOCLINUX subcode %d answered %d (%s)", TIOCL_GETSHIFTSTATE, c,
		    fd == 0 ? "fd 0" : "/dev/tty");
	} else {
		blocked(e, fd == 0 ? "fd 0" : "/dev/tty");
	}
	if (fd != 0)
		close(fd);
}

PROBE(p_int80)
{
	long r = NR_getpid_i386;

	__asm__ volatile("int $0x80" : "+a"(r) : : "r8", "r9", "r10", "r11", "memory", "cc");
	if ((int)r > 0)
		res("ALLOWED the 32-bit getpid via int $0x80 returned %d", (int)r);
	else
		blocked(-(int)r, "int $0x80");
}

PROBE(p_x32)
{
	long r = syscall(X32_SYSCALL_BIT | NR_getpid_x86_64);

	if (r > 0)
		res("ALLOWED the x32 getpid returned %ld", r);
	else
		blocked(errno, NULL);
}

PROBE(p_setuid_exec)
{
	char info[128];
	struct stat st;

	if (stat(arg, &st) != 0) {
		blocked(errno, "stat");
		return;
	}
	snprintf(info, sizeof(info), "file mode %04o uid %u%s", (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
		 (st.st_mode & S_ISUID) && st.st_uid == 0 ? "" : ", not setuid-root");
	judge_exec(arg, info);
}

/* copy this program to dst, mode 04755; 0 or an errno */
static int copy_self(const char *dst)
{
	char buf[65536];
	int in, out, e = 0;
	ssize_t n;

	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return errno;
	unlink(dst);
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0) {
		e = errno;
		close(in);
		return e;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			e = errno ? errno : EIO;
			break;
		}
	if (n < 0)
		e = errno;
	if (!e && fchmod(out, 04755) != 0)
		e = errno;
	if (close(out) != 0 && !e)
		e = errno;
	close(in);
	if (e)
		unlink(dst);
	return e;
}

PROBE(p_chmod_suid_exec)
{
	char dst[4096], info[160];
	const char *home = getenv("HOME");
	const char *cands[3];
	struct stat st;
	int i, n = 0, e = ENOENT;

	cands[n++] = "./ss-probe-s";
	if (home && *home)
		cands[n++] = home;
	cands[n++] = "/tmp";
	for (i = 0; i < n; i++) {
		if (i == 0)
			snprintf(dst, sizeof(dst), "%s", cands[0]);
		else
			snprintf(dst, sizeof(dst), "%s/ss-probe-s", cands[i]);
		e = copy_self(dst);
		if (!e)
			break;
	}
	if (e) {
		blocked(e, "could not create a setuid copy");
		return;
	}
	if (stat(dst, &st) != 0) {
		blocked(errno, "stat of the copy");
		unlink(dst);
		return;
	}
	snprintf(info, sizeof(info), "copy %.100s mode %04o uid %u", dst, (unsigned)(st.st_mode & 07777),
		 (unsigned)st.st_uid);
	judge_exec(dst, info);
	unlink(dst);
}

PROBE(p_caps)
{
	struct capsets c;
	int from_proc;

	if (read_caps(&c, &from_proc) != 0) {
		res("ERROR cannot read the capability sets: %s", ename(errno));
		return;
	}
	res("%s CapInh=%016llx CapPrm=%016llx CapEff=%016llx CapBnd=%016llx CapAmb=%016llx%s",
	    (c.inh | c.prm | c.eff | c.bnd | c.amb) ? "ALLOWED" : "BLOCKED none", c.inh, c.prm, c.eff, c.bnd, c.amb,
	    from_proc ? "" : " (from capget/prctl)");
}

PROBE(p_nnp)
{
	int r = prctl(PR_GET_NO_NEW_PRIVS, 0UL, 0UL, 0UL, 0UL);

	if (r == 1)
		res("BLOCKED nnp=1");
	else if (r == 0)
		res("ALLOWED nnp=0 (setuid and file capabilities would be honoured)");
	else
		res("ERROR prctl(PR_GET_NO_NEW_PRIVS): %s", ename(errno));
}

static void open_for_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd >= 0) {
		res("ALLOWED %s opened for writing (nothing written)", path);
		close(fd);
	} else {
		blocked(errno, path);
	}
}

PROBE(p_write_proc_sys)
{
	open_for_write("/proc/sys/kernel/hostname");
}

PROBE(p_write_sysrq)
{
	open_for_write("/proc/sysrq-trigger");
}

PROBE(p_write_sys)
{
	static const char *const files[] = {
		"/sys/kernel/mm/transparent_hugepage/enabled", "/sys/kernel/uevent_helper", "/sys/power/state",
		"/sys/module/printk/parameters/time",	       "/sys/kernel/profiling",
	};
	const char *first = NULL;
	int first_err = ENOENT;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd = open(files[i], O_WRONLY | O_NOCTTY | O_CLOEXEC);

		if (fd >= 0) {
			res("ALLOWED %s opened for writing (nothing written)", files[i]);
			close(fd);
			return;
		}
		if (errno != ENOENT && !first) {
			first = files[i];
			first_err = errno;
		}
	}
	blocked(first_err, first ? first : "none of the candidate /sys files exists");
}

PROBE(p_socket)
{
	int fd;

	if (p->param == AF_PACKET)
		fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	else
		fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	fd_verdict(fd, errno, p->sparam);
}

PROBE(p_abstract_connect)
{
	struct sockaddr_un sa;
	size_t n = strlen(arg);
	int fd;

	if (n == 0 || n > sizeof(sa.sun_path) - 1) {
		res("ERROR bad abstract socket name");
		return;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		blocked(errno, "socket");
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path + 1, arg, n);
	if (connect(fd, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) == 0)
		res("ALLOWED connected to @%s", arg);
	else
		blocked(errno, NULL);
	close(fd);
}

/*
 * The boundary of the launcher's rule for syscalls newer than its libseccomp (arg: the highest
 * number libseccomp knows).  newer-syscall calls the first number above it, boundary-syscall that
 * number itself (it must still reach the kernel).  Only numbers this probe knows how to call
 * harmlessly are tried: each gets arguments it must reject (invalid flags, fd -1), so a kernel that
 * has it answers EINVAL, EBADF, EFAULT or E2BIG, and one that lacks it (or a filter) ENOSYS.  The
 * numbers are the same on every architecture since Linux 5.1's unified table.
 */
static const struct {
	long nr;
	const char *name;
	long a[6];
} harmless[] = {
	{ 450, "set_mempolicy_home_node", { 0, 0, 0, -1, 0, 0 } },
	{ 451, "cachestat", { -1, 0, 0, 0, 0, 0 } },
	{ 452, "fchmodat2", { -1, 0, 0, -1, 0, 0 } },
	{ 454, "futex_wake", { 0, 0, 0, -1, 0, 0 } },
	{ 455, "futex_wait", { 0, 0, 0, -1, 0, 0 } },
	{ 456, "futex_requeue", { 0, -1, 0, 0, 0, 0 } },
	{ 457, "statmount", { 0, 0, 0, -1, 0, 0 } },
	{ 458, "listmount", { 0, 0, 0, -1, 0, 0 } },
	{ 461, "lsm_list_modules", { 0, 0, -1, 0, 0, 0 } },
	{ 462, "mseal", { 1, 0, -1, 0, 0, 0 } },
	{ 467, "open_tree_attr", { -1, 0, -1, 0, 0, 0 } },
};

static void call_harmless(const char *arg, int above)
{
	char *end;
	long max, r;

	errno = 0;
	max = strtol(arg, &end, 10);
	if (errno || *end || max < 0) {
		res("ERROR bad number '%s'", arg);
		return;
	}
	for (size_t i = 0; i < sizeof(harmless) / sizeof(harmless[0]); i++) {
		if (above ? harmless[i].nr <= max : harmless[i].nr != max)
			continue;
		r = syscall(harmless[i].nr, harmless[i].a[0], harmless[i].a[1], harmless[i].a[2], harmless[i].a[3],
			    harmless[i].a[4], harmless[i].a[5]);
		if (r < 0 && errno == ENOSYS)
			res("BLOCKED ENOSYS (%s, %ld)", harmless[i].name, harmless[i].nr);
		else
			res("ALLOWED %s (%ld) answered %s", harmless[i].name, harmless[i].nr,
			    r < 0 ? ename(errno) : "0");
		return;
	}
	res("SKIPPED no syscall %s %ld that this probe can call harmlessly", above ? "above" : "numbered", max);
}

PROBE(p_newer_syscall)
{
	call_harmless(arg, 1);
}

PROBE(p_boundary_syscall)
{
	call_harmless(arg, 0);
}

PROBE(p_kill_outside)
{
	char *end;
	long pid;

	errno = 0;
	pid = strtol(arg, &end, 10);
	if (errno || end == arg || *end || pid <= 0 || pid > INT32_MAX) {
		res("ERROR bad pid '%s'", arg);
		return;
	}
	if (kill((pid_t)pid, 0) == 0)
		res("ALLOWED pid %ld can be signalled", pid);
	else
		blocked(errno, NULL);
}

PROBE(p_open_dev)
{
	int fd = open(p->sparam, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0) {
		res("ALLOWED %s opened (fd %d)", p->sparam, fd);
		close(fd);
	} else {
		blocked(errno, p->sparam);
	}
}

PROBE(p_other_ptys)
{
	dev_t own[4];
	int nown = 0, i, fd, tried = 0, first_err = 0;
	char path[300], first[300] = "";
	struct dirent *de;
	struct stat st;
	DIR *d;

	/* our own terminal is not "other" */
	for (i = 0; i < 3; i++)
		if (isatty(i) && fstat(i, &st) == 0)
			own[nown++] = st.st_rdev;
	fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0) {
		if (fstat(fd, &st) == 0)
			own[nown++] = st.st_rdev;
		close(fd);
	}
	d = opendir("/dev/pts");
	if (!d) {
		blocked(errno, "opendir /dev/pts");
		return;
	}
	while ((de = readdir(d))) {
		int mine = 0;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "ptmx"))
			continue;
		snprintf(path, sizeof(path), "/dev/pts/%s", de->d_name);
		if (stat(path, &st) == 0)
			for (i = 0; i < nown; i++)
				if (st.st_rdev == own[i])
					mine = 1;
		if (mine)
			continue;
		tried++;
		fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			res("ALLOWED opened %s (another terminal)", path);
			close(fd);
			closedir(d);
			return;
		}
		if (!first_err) {
			first_err = errno;
			snprintf(first, sizeof(first), "%s", path);
		}
	}
	closedir(d);
	if (!tried) {
		blocked(ENOENT, "no other ptys");
	} else {
		char ctx[360];

		snprintf(ctx, sizeof(ctx), "first: %.200s; %d other pty(s) tried", first, tried);
		blocked(first_err, ctx);
	}
}

/* ------------------------------------------------------------------ table and driver */

static const struct probe probes[] = {
	{ "mount-tmpfs-home", p_mount_tmpfs_home, F_ROOT, 0, NULL },
	{ "umount-home", p_umount_home, F_ROOT, 0, NULL },
	{ "unshare-user", p_unshare, 0, CLONE_NEWUSER, "USER" },
	{ "unshare-mount", p_unshare, 0, CLONE_NEWNS, "NS" },
	{ "unshare-pid", p_unshare, 0, CLONE_NEWPID, "PID" },
	{ "unshare-net", p_unshare, 0, CLONE_NEWNET, "NET" },
	{ "unshare-ipc", p_unshare, 0, CLONE_NEWIPC, "IPC" },
	{ "unshare-uts", p_unshare, 0, CLONE_NEWUTS, "UTS" },
	{ "unshare-cgroup", p_unshare, 0, CLONE_NEWCGROUP, "CGROUP" },
	{ "unshare-time", p_unshare, 0, CLONE_NEWTIME, "TIME" },
	{ "clone-newuser", p_clone_newuser, 0, 0, NULL },
	{ "clone3", p_clone3, 0, 0, NULL },
	{ "setns-user", p_setns, 0, 0, "user" },
	{ "setns-mnt", p_setns, 0, 0, "mnt" },
	{ "setns-pid", p_setns, 0, 0, "pid" },
	{ "setns-net", p_setns, 0, 0, "net" },
	{ "userns-reveal", p_userns_reveal, 0, 0, NULL },
	{ "ptrace-init", p_ptrace_init, F_INITNS, 0, NULL },
	{ "ptrace-parent", p_ptrace_parent, 0, 0, NULL },
	{ "process-vm-readv", p_process_vm_readv, 0, 0, NULL },
	{ "open-by-handle-at", p_open_by_handle_at, 0, 0, NULL },
	{ "keyctl", p_keyctl, 0, 0, NULL },
	{ "add-key", p_add_key, 0, 0, NULL },
	{ "request-key", p_request_key, 0, 0, NULL },
	{ "bpf", p_bpf, 0, 0, NULL },
	{ "perf-event-open", p_perf_event_open, 0, 0, NULL },
	{ "userfaultfd", p_userfaultfd, 0, 0, NULL },
	{ "io-uring-setup", p_io_uring_setup, 0, 0, NULL },
	{ "io-setup", p_io_setup, 0, 0, NULL },
	{ "kexec-load", p_kexec_load, F_ROOT, 0, NULL },
	{ "init-module", p_init_module, F_ROOT, 0, NULL },
	{ "finit-module", p_finit_module, F_ROOT, 0, NULL },
	{ "reboot", p_reboot, F_ROOT, 0, NULL },
	{ "swapon", p_swapon, F_ROOT, 0, NULL },
	{ "settimeofday", p_settimeofday, F_ROOT, 0, NULL },
	{ "clock-settime", p_clock_settime, F_ROOT, 0, NULL },
	{ "tiocsti", p_tty_ioctl, 0, TIOCSTI, NULL },
	{ "tiocsti-highbits", p_tty_ioctl, 0, TIOCSTI, "high" },
	{ "tioclinux", p_tty_ioctl, 0, TIOCLINUX, NULL },
	{ "tioclinux-highbits", p_tty_ioctl, 0, TIOCLINUX, "high" },
	{ "int80", p_int80, 0, 0, NULL },
	{ "x32", p_x32, 0, 0, NULL },
	{ "setuid-exec", p_setuid_exec, F_ARG, 0, NULL },
	{ "chmod-suid-exec", p_chmod_suid_exec, 0, 0, NULL },
	{ "caps", p_caps, 0, 0, NULL },
	{ "nnp", p_nnp, 0, 0, NULL },
	{ "write-proc-sys", p_write_proc_sys, 0, 0, NULL },
	{ "write-sysrq", p_write_sysrq, F_ROOT, 0, NULL },
	{ "write-sys", p_write_sys, 0, 0, NULL },
	{ "raw-socket", p_socket, 0, AF_INET, "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)" },
	{ "packet-socket", p_socket, 0, AF_PACKET, "socket(AF_PACKET, SOCK_RAW, 0)" },
	{ "abstract-connect", p_abstract_connect, F_ARG, 0, NULL },
	{ "kill-outside", p_kill_outside, F_ARG, 0, NULL },
	{ "newer-syscall", p_newer_syscall, F_ARG, 0, NULL },
	{ "boundary-syscall", p_boundary_syscall, F_ARG, 0, NULL },
	{ "dev-mem", p_open_dev, 0, 0, "/dev/mem" },
	{ "dev-kmsg", p_open_dev, 0, 0, "/dev/kmsg" },
	{ "other-ptys", p_other_ptys, 0, 0, NULL },
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

static void emit(const char *name, const char *verdict)
{
	printf("%s: %s\n", name, verdict);
	fflush(stdout);
}

/* run one probe in a child and print its line */
static void run_probe(const struct probe *p, const char *arg)
{
	char buf[sizeof(g_res) + 64];
	int fds[2], status;
	pid_t pid;

	if ((p->flags & F_ROOT) && am_root()) {
		emit(p->name, "SKIPPED running as root");
		return;
	}
	if ((p->flags & F_INITNS) && am_root() && in_initial_pidns()) {
		emit(p->name, "SKIPPED running as root in the initial PID namespace");
		return;
	}
	if ((p->flags & F_ARG) && !arg) {
		snprintf(buf, sizeof(buf), "SKIPPED needs an argument (ss-probe %s ARG, or all %s=ARG)", p->name,
			 p->name);
		emit(p->name, buf);
		return;
	}
	fflush(stdout);
	fflush(stderr);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(buf, sizeof(buf), "ERROR pipe: %s", ename(errno));
		emit(p->name, buf);
		return;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(buf, sizeof(buf), "ERROR fork: %s", ename(errno));
		emit(p->name, buf);
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		struct rlimit nocore = { 0, 0 };
		size_t len, off = 0;

		close(fds[0]);
		setrlimit(RLIMIT_CORE, &nocore); /* a seccomp kill must not leave a core file */
		signal(SIGALRM, SIG_DFL);
		alarm(CHILD_TIMEOUT);
		g_res[0] = '\0';
		p->fn(p, arg);
		len = strlen(g_res);
		while (off < len) {
			ssize_t n = write(fds[1], g_res + off, len - off);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	read_all(fds[0], g_res, sizeof(g_res));
	close(fds[0]);
	if (wait_child(pid, &status, 0) < 0) {
		snprintf(buf, sizeof(buf), "ERROR waitpid: %s", ename(errno));
		emit(p->name, buf);
		return;
	}
	for (char *c = g_res; *c; c++) /* exactly one line */
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM && !g_res[0])
		snprintf(buf, sizeof(buf), "ERROR timeout after %d s", CHILD_TIMEOUT);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS && !g_res[0])
		snprintf(buf, sizeof(buf), "BLOCKED KILLED(%s)", signame(WTERMSIG(status)));
	else if (WIFSIGNALED(status) && !g_res[0]) /* a crash of the probe is no verdict */
		snprintf(buf, sizeof(buf), "ERROR killed by %s before a verdict", signame(WTERMSIG(status)));
	else if (!g_res[0])
		snprintf(buf, sizeof(buf), "ERROR the probe gave no verdict (exit status %d)",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		snprintf(buf, sizeof(buf), "%s", g_res);
	emit(p->name, buf);
}

static int cmd_euid(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	unsigned long long eff;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) == 0) {
		eff = data[0].effective | (unsigned long long)data[1].effective << 32;
	} else {
		struct capsets c;
		int from_proc;

		eff = read_caps(&c, &from_proc) == 0 ? c.eff : ~0ULL;
	}
	printf("euid: %u caps: %016llx\n", (unsigned)geteuid(), eff);
	return 0;
}

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage: ss-probe NAME [ARG] | ss-probe all [NAME=ARG ...] | ss-probe euid\nprobes:");
	for (i = 0; i < NPROBES; i++)
		fprintf(stderr, " %s%s", probes[i].name, (probes[i].flags & F_ARG) ? " ARG" : "");
	fprintf(stderr, "\n");
	return 2;
}

static const struct probe *find_probe(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NPROBES; i++)
		if (strlen(probes[i].name) == len && !strncmp(probes[i].name, name, len))
			return &probes[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct probe *p;
	size_t i;
	int j;

	g_ppid = getppid();
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "euid") && argc == 2)
		return cmd_euid();
	if (!strcmp(argv[1], "all")) {
		const char *args[NPROBES] = { NULL };

		for (j = 2; j < argc; j++) {
			const char *eq = strchr(argv[j], '=');

			p = eq ? find_probe(argv[j], (size_t)(eq - argv[j])) : NULL;
			if (!p || !(p->flags & F_ARG)) {
				fprintf(stderr,
					"ss-probe: all: bad argument '%s' (want NAME=ARG for a probe that takes one)\n",
					argv[j]);
				return usage();
			}
			args[p - probes] = eq + 1;
		}
		for (i = 0; i < NPROBES; i++)
			run_probe(&probes[i], args[i]);
		return 0;
	}
	p = find_probe(argv[1], strlen(argv[1]));
	if (!p) {
		fprintf(stderr, "ss-probe: unknown probe '%s'\n", argv[1]);
		return usage();
	}
	if ((p->flags & F_ARG) ? argc != 3 : argc != 2) {
		fprintf(stderr, "ss-probe: %s takes %s\n", p->name,
			(p->flags & F_ARG) ? "one argument" : "no argument");
		return usage();
	}
	run_probe(p, argc == 3 ? argv[2] : NULL);
	return 0;
}
