/* SPDX-License-Identifier: ISC */
/* What a sandbox's /dev holds, shared by the per-login build (mounts.c) and the copy made once
 * under state_dir (priv.c, PRIV_PREPARE_DEV).  The device numbers are the kernel's fixed ones. */
#ifndef SS_DEVNODES_H
#define SS_DEVNODES_H

struct ss_dev_node {
	const char *name;
	unsigned major, minor;
};
struct ss_dev_link {
	const char *name, *target;
};

static const struct ss_dev_node ss_dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};
static const struct ss_dev_link ss_dev_links[] = {
	{ "fd", "/proc/self/fd" },	 { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" }, { "ptmx", "pts/ptmx" },
};
#define SS_DEV_NODES (sizeof(ss_dev_nodes) / sizeof(ss_dev_nodes[0]))
#define SS_DEV_LINKS (sizeof(ss_dev_links) / sizeof(ss_dev_links[0]))

#endif
