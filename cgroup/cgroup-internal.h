/* SPDX-License-Identifier: ISC */
/* Private to cgroup/: file helpers shared by detect.c, session.c and cgroup.c, and the test hooks. */
#ifndef SS_CGROUP_INTERNAL_H
#define SS_CGROUP_INTERNAL_H

#include "cgroup.h"

#define CG_OPEN_TRIES	  5    /* whole open sequence, when a concurrent close removed the alias node */
#define CG_RMDIR_TRIES	  50   /* leaf rmdir while its processes are still exiting ... */
#define CG_RMDIR_SLEEP_US 2000 /* ... 2 ms apart: 100 ms at most */
#define CG_SWEEP_MAX	  8    /* sibling leaves a login checks for staleness (session.c, sweep) */
#define CG_COMPONENT_MAX  64   /* bytes of one component of the parent path or of the alias */
#define CG_PARENT_MAX	  255  /* bytes of the whole parent path */
#define CG_MSGPATH	  1024 /* paths built for messages only */

/*
 * Tests only.  The fake tree the unit tests use is an ordinary directory: mkdir does not create
 * the interface files and rmdir refuses a directory that still holds them.  The hook stands in
 * for cgroupfs: it is called before and after each mkdir this module makes (after: only when the
 * mkdir created the directory), before each rmdir and before each write of an interface file
 * (hierarchy -1), with the directory fd, the name and the hierarchy (CG_MEMORY.. for v1, -1 for
 * v2).  A non-zero return is a positive errno that the
 * operation then fails with, without being attempted.  fake_fs accepts mount points that are not
 * cgroupfs.  Both stay zero in the launcher.
 */
enum cg_hook_op { CG_HOOK_MKDIR_BEFORE, CG_HOOK_MKDIR_AFTER, CG_HOOK_RMDIR_BEFORE, CG_HOOK_WRITE_BEFORE };
struct cg_test_hooks {
	bool fake_fs;
	bool pre_5_11; /* v1 memory.use_hierarchy is read as on kernels before 5.11 */
	int (*fn)(enum cg_hook_op op, int dirfd, const char *name, int ctrl, void *arg);
	void *arg;
};
extern struct cg_test_hooks cg_test;

/* detect.c: bits of the controllers named in a list ("rw,cpu,cpuacct" with ',', "cpu memory" with ' ') */
unsigned cg_ctrl_bits(const char *list, size_t len, char sep);

/* cgroup.c */
extern const char *const cg_ctrl_name[CG_NCTRL]; /* "memory", "pids", "cpu" */
/* One path component: [A-Za-z0-9_.@-]{1,64}, not "." nor "..". */
bool cg_valid_component(const char *s);
/* Components as above joined by single '/', no leading or trailing '/', at most 255 bytes. */
bool cg_valid_relpath(const char *s);
/* "<pid>.<starttime>", both decimal without leading zeros, pid in 1..INT_MAX. */
bool cg_parse_leaf_name(const char *name, pid_t *pid, unsigned long long *start);
/* The mount point as a directory fd, checked to be cgroupfs (v1 or v2 as asked). */
int cg_open_mount(const char *mount, bool v2, struct ss_error *err) SS_WUR;
/* mkdirat/unlinkat(AT_REMOVEDIR) through the test hook; 0 or -errno (EEXIST is returned). */
int cg_mkdirat(int dirfd, const char *name, mode_t mode, int ctrl) SS_WUR;
int cg_rmdirat(int dirfd, const char *name, int ctrl) SS_WUR;
/* openat(dirfd, name, O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC|extra); fd or -errno. */
int cg_open_dir(int dirfd, const char *name, int extra_flags) SS_WUR;
/* A small interface file into buf (NUL-terminated, truncated to bufsz-1): length or -errno. */
int cg_read_at(int dirfd, const char *name, char *buf, size_t bufsz) SS_WUR;
/* Write the value with a single write(2), as cgroupfs expects: 0 or -errno. */
int cg_write_at(int dirfd, const char *name, const char *value) SS_WUR;
/* Decimal, or the word the file uses for "no limit" when v == SS_LIMIT_MAX. */
void cg_fmt_limit(char *buf, size_t sz, unsigned long long v, const char *max_word);
/* Parse an unsigned decimal followed only by optional whitespace. */
bool cg_parse_ull(const char *s, unsigned long long *out);
/* The value after "key " in a "key value" per line file (memory.events, memory.oom_control). */
bool cg_keyed_value(const char *text, const char *key, unsigned long long *out);
/* Any limit at all, any cpu limit. */
bool cg_limits_any(const struct ss_limits *lim);
bool cg_limits_cpu(const struct ss_limits *lim);
/* Saturating memory + swap, for v1 memory.memsw.limit_in_bytes. */
unsigned long long cg_memsw_value(const struct ss_limits *lim);
/* v1 cpu.shares from a v2-style weight: weight*1024/100, at least 2. */
unsigned long long cg_v1_shares(unsigned weight);
/* cpu.max period, defaulted. */
unsigned long long cg_cpu_period(const struct ss_limits *lim);

#endif
