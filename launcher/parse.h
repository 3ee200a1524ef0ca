/* SPDX-License-Identifier: ISC */
/*
 * Parsers for secure_shell.conf and NAME.profile.  Pure: a buffer goes in, plain data comes out,
 * no OS state is touched (no files, no environment, no syscalls), so both can be unit-tested and
 * fuzzed.  Every problem is reported as "file:line:col: message" into a diagnostics list, and
 * parsing carries on to the end of the buffer so that the admin sees all errors at once.
 */
#ifndef SS_PARSE_H
#define SS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SS_DIAG_MAX	 64 /* further messages are counted, not stored */
#define SS_INCLUDE_DEPTH 8
#define SS_INCLUDE_FILES 64 /* files read for one profile, itself and its includes */

/* Per-profile list limits.  profile_parse() enforces them on each file (counting what the profile
 * already holds); a loader merging includes checks the merged profile against the same numbers. */
#define SS_PROFILE_MOUNTS_MAX	   256
#define SS_PROFILE_ENV_KEEP_MAX	   128
#define SS_PROFILE_ENV_SET_MAX	   128
#define SS_PROFILE_SECCOMP_MAX	   1024 /* seccomp rules, one per NAME */
#define SS_PROFILE_LANDLOCK_RW_MAX 64	/* landlock_rw paths */

struct ss_diag {
	char *msg[SS_DIAG_MAX]; /* "file:line:col: message", heap strings */
	size_t n;		/* messages stored */
	size_t total;		/* messages produced (n <= total) */
};
void diag_add(struct ss_diag *d, const char *file, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_free(struct ss_diag *d);

enum ss_identity { SS_ID_ENV = 0, SS_ID_PAM = 1 };

struct ss_match {
	char *glob;    /* fnmatch(3) pattern over alias names */
	char *profile; /* profile name */
};

struct ss_config {
	char *home_base;	   /* absolute, no trailing '/', default "/home" */
	enum ss_identity identity; /* default SS_ID_ENV */
	char *shell;		   /* absolute path of the inner shell, default "/bin/bash" */
	char *default_profile;	   /* default "default" */
	char *state_dir;	   /* default "/var/lib/secure_shell" */
	char *skel;		   /* default "/etc/skel"; "none" in the file gives NULL */
	char *path;		   /* PATH inside, default "/usr/local/bin:/usr/bin:/bin" */
	char *cgroup_parent;	   /* relative to the cgroup root(s), default "secure_shell" */
	char *namespace_owner;	   /* user name or uid owning the sandboxes' user namespaces; NULL: root */
	char *sftp_server;	   /* what the forced mode runs for internal-sftp, default SS_SFTP_SERVER */
	struct ss_match *match;
	size_t n_match;
};

enum ss_mount_kind {
	SS_MNT_BIND_RO, /* bind_ro SRC [DEST] */
	SS_MNT_BIND_RW, /* bind_rw SRC [DEST] */
	SS_MNT_HIDE,	/* hide PATH: empty read-only tmpfs on a directory, /dev/null on a file */
	SS_MNT_TMPFS,	/* tmpfs PATH [SIZE] */
};

struct ss_mount {
	enum ss_mount_kind kind;
	char *src;		 /* absolute; NULL for hide/tmpfs */
	char *dest;		 /* absolute, inside the sandbox */
	unsigned long long size; /* tmpfs size in bytes, 0 = kernel default */
	char *where;		 /* "file:line" that declared it, for --print */
};

struct ss_env_set {
	char *name;
	char *value;
};

enum ss_cgroup_req { SS_CGROUP_REQUIRED = 0, SS_CGROUP_OPTIONAL = 1 };
enum ss_network { SS_NET_HOST = 0, SS_NET_NONE = 1 }; /* none: own network namespace, only lo */

/* Resource limits of one alias (shared by all its sessions).  SS_LIMIT_MAX means "max". */
#define SS_LIMIT_MAX (~0ULL)
struct ss_limits {
	bool memory_set, memory_swap_set, memory_high_set, pids_set, cpu_weight_set, cpu_max_set;
	unsigned long long memory;	/* bytes */
	unsigned long long memory_swap; /* bytes of swap on top of memory (v2 memory.swap.max) */
	unsigned long long memory_high; /* bytes, v2 only (throttling) */
	unsigned long long pids;
	unsigned cpu_weight;		   /* 1..10000 (v2 cpu.weight; v1 cpu.shares = weight*1024/100) */
	unsigned long long cpu_max_quota;  /* microseconds per period, or SS_LIMIT_MAX */
	unsigned long long cpu_max_period; /* microseconds, 1000..1000000, default 100000 */
};

enum ss_seccomp_mode { SS_SECCOMP_DENYLIST = 0, SS_SECCOMP_ALLOWLIST = 1 };
enum ss_seccomp_action { SS_SECCOMP_ERRNO = 0, SS_SECCOMP_KILL = 1 };
enum ss_landlock { SS_LANDLOCK_ON = 0, SS_LANDLOCK_OFF = 1, SS_LANDLOCK_BEST_EFFORT = 2 };

/* One "seccomp allow|deny NAME" item; NAME is "@group" or a syscall name, validated by the parser. */
struct ss_seccomp_rule {
	bool allow;
	char *name;
	char *where; /* "file:line" */
};

struct ss_profile {
	char *shell;	/* NULL: use the config's shell */
	char *hostname; /* NULL: keep the host's */
	bool umask_set;
	mode_t umask; /* default 077 */
	struct ss_mount *mounts;
	size_t n_mounts;
	char **env_keep; /* extra names kept from the caller's environment */
	size_t n_env_keep;
	struct ss_env_set *env_set;
	size_t n_env_set;
	/* confinement */
	bool seccomp_mode_set;
	enum ss_seccomp_mode seccomp_mode; /* default denylist */
	bool seccomp_action_set;
	enum ss_seccomp_action seccomp_action; /* default errno (EPERM) */
	struct ss_seccomp_rule *seccomp;       /* in order: later items win */
	size_t n_seccomp;
	bool landlock_set;
	enum ss_landlock landlock; /* default on */
	bool landlock_abi_set;
	unsigned landlock_abi; /* minimum Landlock ABI the profile requires, default 1 */
	char **landlock_rw;    /* extra paths writable under Landlock */
	size_t n_landlock_rw;
	char *apparmor; /* AppArmor profile to change to on exec, or NULL */
	/* resource limits (cgroups) */
	struct ss_limits limits;
	bool cgroup_set;
	enum ss_cgroup_req cgroup; /* default required */
	bool network_set;
	enum ss_network network; /* default host */
	/* include NAME lines of the file just parsed, in order; resolved by the loader */
	char **includes;
	size_t n_includes;
};

/* Defaults filled in, lists empty. */
void config_init(struct ss_config *c);
void config_free(struct ss_config *c);
/* Parse buf (len bytes, need not be NUL-terminated) named file.  Returns the number of errors added. */
size_t config_parse(struct ss_config *c, const char *file, const char *buf, size_t len, struct ss_diag *d);
/* First matching profile for name, else default_profile. */
const char *config_profile_for(const struct ss_config *c, const char *name);

void profile_init(struct ss_profile *p);
void profile_free(struct ss_profile *p);
size_t profile_parse(struct ss_profile *p, const char *file, const char *buf, size_t len, struct ss_diag *d);
/* Merge src on top of dst: scalars set in src win (apparmor when non-NULL), lists are appended as
 * deep copies; src's includes are dropped.  seccomp and landlock_rw stop growing at one past their
 * limit (SS_PROFILE_SECCOMP_MAX + 1, SS_PROFILE_LANDLOCK_RW_MAX + 1): however often a file is
 * included, memory stays bounded and a caller checking "n > MAX" still sees the overflow and must
 * reject the profile, since entries past that point are dropped. */
void profile_merge(struct ss_profile *dst, const struct ss_profile *src);

/* Helpers shared with the rest of the launcher. */
/* Alias names: ^[a-z_][a-z0-9_-]{0,31}$ (1..32 bytes).
 * Profile names: ^[a-z0-9_][a-z0-9_-]{0,63}$ (1..64 bytes).  No '.', so a name can never be "."
 * or ".." nor smuggle a suffix when the loader turns it into NAME.profile. */
bool ss_valid_alias(const char *s);
bool ss_valid_profile_name(const char *s);
/* Absolute, normalized path: starts with '/', no "//", no "." or ".." component, no trailing '/'
 * (except "/" itself), printable ASCII without spaces... spaces allowed, no control bytes, < 4096. */
bool ss_valid_abs_path(const char *s);
/* The paths the launcher builds itself: "/", and /proc, /dev, /home, /tmp, /var/tmp, /run/user and
 * anything below them.  No profile mount may land on one (checked on the text when parsed, and on
 * the resolved path when mounted). */
bool ss_managed_path(const char *path);
/* "512M", "2G", "1024", "64k" -> bytes; "max" -> UINT64_MAX when allow_max. false on error/overflow. */
bool ss_parse_size(const char *s, bool allow_max, unsigned long long *out);
/* Environment variable names: ^[A-Za-z_][A-Za-z0-9_]*$, at most 64 bytes. */
bool ss_valid_env_name(const char *s);
/* cgroup_parent: a relative path of components [A-Za-z0-9_.@-]{1,64} separated by single '/', no "."
 * or ".." component, no leading or trailing '/', at most SS_CGROUP_PARENT_MAX bytes. */
#define SS_CGROUP_PARENT_MAX 200
bool ss_valid_cgroup_parent(const char *s);

#endif
