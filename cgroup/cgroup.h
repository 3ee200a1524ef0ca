/* SPDX-License-Identifier: ISC */
/*
 * The cgroup module of secure_shell: per-alias resource limits on cgroup v2 (unified), hybrid
 * (v1 controllers plus a v2 mount), and pure v1 hosts.
 *
 *   <root>/<parent>/<alias>/            carries the alias's limits, shared by all its sessions
 *   <root>/<parent>/<alias>/<session>/  one leaf per session; the sandbox joins it itself
 *
 * Layout detection is pure (cg_detect_parse) and unit-tested on recorded inputs.  Every other
 * function works relative to directory fds, so the tests can run it on a fake tree.  The module
 * does no privilege handling: in the setuid install the launcher calls cg_session_open and
 * cg_session_close through launcher/priv.c, with root file-system ids.
 */
#ifndef SS_CGROUP_H
#define SS_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "../launcher/parse.h" /* struct ss_limits */
#include "../launcher/ss.h"    /* struct ss_error */

enum cg_layout { CG_LAYOUT_NONE = 0, CG_LAYOUT_V1, CG_LAYOUT_HYBRID, CG_LAYOUT_V2 };
enum cg_ctrl { CG_MEMORY = 0, CG_PIDS, CG_CPU, CG_NCTRL };
#define CG_BIT(c) (1u << (c)) /* cg_host.v2_controllers */

/* Where things are on this host (filled by cg_detect / cg_detect_parse). */
struct cg_host {
	enum cg_layout layout;
	/* v2: the unified mount point (e.g. /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid) */
	char v2_mount[256];
	/* v2 controllers available at the root (cgroup.controllers), as CG_* bits */
	unsigned v2_controllers;
	/* v1: mount point of each controller's hierarchy ("" if not mounted) */
	char v1_mount[CG_NCTRL][256];
	/* the caller's own cgroup path per hierarchy, from /proc/self/cgroup (for --doctor) */
	char self_v2[256];
	char self_v1[CG_NCTRL][256];
};

/*
 * Pure: decide the layout from what the caller read.
 *   mountinfo:   the text of /proc/self/mountinfo
 *   self_cgroup: the text of /proc/self/cgroup
 *   v2_controllers: the text of <v2 mount>/cgroup.controllers, or NULL if unreadable
 * Which hierarchy serves memory/pids/cpu: on v2 a controller counts only if listed in
 * cgroup.controllers; otherwise the v1 hierarchy that has it mounted.  Hybrid = v1 controllers
 * plus a cgroup2 mount that does not have memory and pids.
 */
int cg_detect_parse(const char *mountinfo, const char *self_cgroup, const char *v2_controllers, struct cg_host *h,
		    struct ss_error *err);
/* Reads the three inputs and calls cg_detect_parse. */
int cg_detect(struct cg_host *h, struct ss_error *err);
const char *cg_layout_name(enum cg_layout l);

/* Which hierarchy a session uses for each controller, after the limits asked for. */
struct cg_session {
	enum cg_layout layout;
	bool v2;		 /* memory and pids from the unified hierarchy */
	char leaf_name[48];	 /* "<monitor pid>.<start time>" */
	char rel[CG_NCTRL][512]; /* "<parent>/<alias>" per hierarchy used (v1) or [0] (v2) */
	/* opened while privileged, used by the sandbox to join without the supervisor's RCU stall:
	 * v1: "tasks" of each leaf (write "0" = move myself); v2: the leaf dir for CLONE_INTO_CGROUP
	 * and its cgroup.procs */
	int join_fd[CG_NCTRL];
	int v2_leaf_fd;
	int nfd; /* join fds open; join_fd[] entries of unused hierarchies are -1 */
	/* mount point of each hierarchy with a non-empty rel[] (v2: [0]), for cg_session_close */
	char mount[CG_NCTRL][256];
};

/*
 * Create (or reuse) <mount>/<parent>/<alias> in each hierarchy needed (parent directories created
 * as needed; on v2 the controllers enabled in cgroup.subtree_control along the path), write the
 * limits there, sweep this alias's stale leaves (those whose monitor pid is gone or has another
 * start time), and create this session's leaf "<monitor>.<starttime>".  Safe under concurrent
 * logins of the same alias: if another login removes the alias node between steps, the sequence
 * is retried (bounded).  Every limit asked for must be written, or it fails.  Paths come from h
 * (mount points), so tests can point them at a fake tree.
 */
int cg_session_open(const struct cg_host *h, const char *parent, const char *alias, const struct ss_limits *lim,
		    pid_t monitor, unsigned long long starttime, struct cg_session *s, struct ss_error *err);

/* In the sandbox (before any user code): move the calling process into the leaf(s). */
int cg_session_join(const struct cg_session *s, struct ss_error *err);

/* Session-end accounting, read before the leaf is removed. */
struct cg_stats {
	bool have_peak, have_oom, have_pids_peak;
	unsigned long long memory_peak; /* bytes (v2 memory.peak, v1 memory.max_usage_in_bytes) */
	unsigned long long oom_kills;	/* v2 memory.events oom_kill, v1 memory.oom_control oom_kill */
	unsigned long long pids_peak;	/* v2 pids.peak where present */
};

/* Read stats, remove the leaf (waiting briefly for it to empty), then try to remove the alias
 * node, which fails harmlessly while other sessions of the alias still have leaves. */
int cg_session_close(struct cg_session *s, struct cg_stats *st, struct ss_error *err);

/* Field 22 of /proc/<pid>/stat (start time in clock ticks since boot): with the pid it names a
 * process for good, so a recycled pid does not keep a dead session's leaf alive. */
int cg_proc_starttime(pid_t pid, unsigned long long *starttime, struct ss_error *err) SS_WUR;

/* For --print and --doctor. */
void cg_print(const struct cg_host *h, const char *parent, const char *alias, const struct ss_limits *lim, FILE *out);

#endif
