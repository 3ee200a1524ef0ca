/* SPDX-License-Identifier: ISC */
/*
 * The syscall groups.  Members that do not exist on the build architecture are skipped when the
 * filter is built (libseccomp resolves names per architecture).  "@default" is what a profile
 * denies when it says nothing: every group below except those marked as not in @default.
 */
#include <string.h>

#include "syscalls.h"

#define G(n, w, ...)                                             \
	{                                                        \
		n, (const char *const[]){ __VA_ARGS__, NULL }, w \
	}

const struct ss_syscall_group ss_syscall_groups[] = {
	G("@mount", "mount and file system handles", "mount", "umount", "umount2", "pivot_root", "chroot", "move_mount",
	  "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "open_tree_attr"),
	G("@module", "kernel modules", "init_module", "finit_module", "delete_module", "create_module", "query_module",
	  "get_kernel_syms"),
	G("@reboot", "reboot", "reboot"),
	G("@kexec", "load a new kernel", "kexec_load", "kexec_file_load"),
	G("@swap", "swap", "swapon", "swapoff"),
	G("@raw-io", "raw port and PCI access", "ioperm", "iopl", "pciconfig_iobase", "pciconfig_read",
	  "pciconfig_write"),
	G("@debug", "tracing and reading other processes", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
	  "pidfd_getfd", "lookup_dcookie"),
	G("@keyring", "kernel keyring (not namespaced)", "add_key", "request_key", "keyctl"),
	G("@bpf", "eBPF", "bpf"),
	G("@perf", "performance events", "perf_event_open"),
	G("@userfaultfd", "userfaultfd (a kernel exploitation aid)", "userfaultfd"),
	G("@fanotify", "fanotify (its groups are counted against the namespace owner, root)", "fanotify_init",
	  "fanotify_mark"),
	G("@io_uring", "io_uring (bypasses seccomp for its operations)", "io_uring_setup", "io_uring_enter",
	  "io_uring_register"),
	G("@aio", "Linux native AIO (its contexts come from one host-wide budget, fs.aio-max-nr)", "io_setup",
	  "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents"),
	G("@namespaces", "new namespaces: unshare, setns, and clone with CLONE_NEW* flags", "unshare", "setns"),
	G("@clock", "set the system clock", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "stime"),
	G("@file-handle", "open files by handle, bypassing the mount tree", "open_by_handle_at"),
	G("@privileged", "other root-only operations", "acct", "quotactl", "quotactl_fd", "nfsservctl", "vhangup",
	  "syslog", "sethostname", "setdomainname"),
	G("@obsolete", "obsolete calls", "uselib", "ustat", "sysfs", "_sysctl", "afs_syscall", "tuxcall", "security",
	  "vserver", "putpmsg", "getpmsg", "bdflush"),
	/* every group above: what a denylist profile denies before its own seccomp lines */
	{ "@default", NULL, "all of the groups above" },
};
const size_t ss_n_syscall_groups = sizeof(ss_syscall_groups) / sizeof(ss_syscall_groups[0]);

const struct ss_syscall_group *ss_syscall_group(const char *name)
{
	size_t i;

	for (i = 0; i < ss_n_syscall_groups; i++)
		if (!strcmp(ss_syscall_groups[i].name, name))
			return &ss_syscall_groups[i];
	return NULL;
}
