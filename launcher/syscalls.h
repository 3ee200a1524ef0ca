/* SPDX-License-Identifier: ISC */
/* Named groups of system calls for the seccomp directives (documented in secure_shell.profile(5)). */
#ifndef SS_SYSCALLS_H
#define SS_SYSCALLS_H

#include <stddef.h>

struct ss_syscall_group {
	const char *name;	    /* "@mount" */
	const char *const *members; /* syscall names, NULL-terminated; some may not exist on every arch */
	const char *what;	    /* one line for --print and the docs */
};

extern const struct ss_syscall_group ss_syscall_groups[];
extern const size_t ss_n_syscall_groups;

/* NULL if unknown; name includes the '@'. */
const struct ss_syscall_group *ss_syscall_group(const char *name);

#endif
