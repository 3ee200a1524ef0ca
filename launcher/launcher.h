/* SPDX-License-Identifier: ISC */
/* Internal interfaces between the launcher's files. */
#ifndef SS_LAUNCHER_H
#define SS_LAUNCHER_H

#include <stdbool.h>
#include <linux/filter.h>
#include <stdio.h>
#include <sys/types.h>

#include "../cgroup/cgroup.h"
#include "options.h"
#include "parse.h"
#include "ss.h"

#ifndef SS_SYSCONFDIR
#define SS_SYSCONFDIR "/etc"
#endif
#define SS_CONFIG_PATH SS_SYSCONFDIR "/secure_shell/secure_shell.conf"
#define SS_FILE_MAX    (256 * 1024) /* bytes of a config or profile file */

/* Who is logging in, as established by identity.c. */
struct ss_ident {
	char name[SS_NAME_MAX + 1];
	uid_t uid;
	gid_t gid;
	char *home_host; /* <home_base>/<name> on the host; NULL: throwaway home (--profile) */
	bool test_mode;	 /* --profile: a real user trying a profile on themselves */
};

/* How the process was started (main.c). */
struct ss_runtime {
	bool setuid_mode; /* euid 0 and ruid != 0: the production install */
	uid_t ruid;
	gid_t rgid;
	char exe[SS_PATH_MAX]; /* our own path, for /etc/passwd shell comparisons */
};
extern struct ss_runtime ss_rt;

/* files.c: open config/profile files after trust checks on the fd and on every directory above. */
struct ss_trust {
	bool relaxed; /* --profile PATH run unprivileged by its owner: owner may be the caller */
};
int ss_open_trusted(const char *path, const struct ss_trust *t, struct ss_error *err) SS_WUR;
/* Load and parse; on parse errors returns -EINVAL with every message in d. */
int ss_load_config(const char *path, const struct ss_trust *t, struct ss_config *c, struct ss_diag *d,
		   struct ss_error *err) SS_WUR;
/* name_or_path: NAME (looked up in dir) or a path containing '/'. Includes resolved in dir. */
int ss_load_profile(const char *dir, const char *name_or_path, const struct ss_trust *t, struct ss_profile *p,
		    struct ss_diag *d, struct ss_error *err) SS_WUR;

/* identity.c */
int identity_from_env(const struct ss_config *c, struct ss_ident *id, struct ss_error *err) SS_WUR;
int identity_from_pam(const struct ss_config *c, struct ss_ident *id, struct ss_error *err) SS_WUR;

/* caps.c: empty every capability set (needs CAP_SETPCAP); read them back from the kernel */
int caps_clear(void) SS_WUR;
bool caps_all_empty(void) SS_WUR;
int identity_for_test(const struct ss_config *c, const char *home, struct ss_ident *id, struct ss_error *err) SS_WUR;
/* Collapse repeated '/' and drop a trailing '/' (libnss_map builds "/home//alice"). */
void ss_normalize_path(char *p);

/* home.c: make sure <home_base>/<name> exists (mkhomedir semantics) and is ours. */
int home_prepare(const struct ss_config *c, const struct ss_ident *id, struct ss_error *err) SS_WUR;

/* env.c: the inner environment, from scratch plus an allowlist. */
char **env_build(const struct ss_config *c, const struct ss_profile *p, const struct ss_ident *id, const char *shell);

/* seccomp.c: one or two BPF programs, installed in order, last thing before exec. */
struct ss_filter {
	struct sock_filter *insns[2];
	unsigned short len[2];
	int n;
	char key[17]; /* content key of the cache file */
	bool from_cache;
};
int seccomp_prepare(const struct ss_profile *p, const char *state_dir, bool write_cache, struct ss_filter *f,
		    struct ss_error *err) SS_WUR;
int seccomp_install(const struct ss_filter *f) SS_WUR;
void seccomp_print(const struct ss_profile *p, FILE *out);

/* landlock.c and apparmor.c: applied in the inner shell's process before seccomp. */
struct ss_plan;
int landlock_apply(const struct ss_plan *pl, struct ss_error *err) SS_WUR;
void landlock_print(const struct ss_plan *pl, FILE *out);
int apparmor_check(const char *profile, struct ss_error *err) SS_WUR;
/* One line of <securityfs>/apparmor/profiles, "NAME (MODE)": 1 if it is profile name in a mode
 * that confines (enforce, kill), -1 if it is name in another mode (complain, unconfined, ...),
 * whose text is then copied to mode (at most modesz bytes), 0 for any other line.  Pure. */
int ss_aa_profile_line(const char *line, const char *name, char *mode, size_t modesz) SS_WUR;
int apparmor_apply(const char *profile, struct ss_error *err) SS_WUR;

/* pam_session.c: --pam-session, run by pam_exec as root; returns the exit status. */
int pam_session_main(void);
/* doctor.c: --doctor; the config is loaded by the caller if possible (NULL if it failed, with why). */
int doctor_main(const struct ss_opts *o, const struct ss_config *c, const char *config_error);

/* The whole sandbox, as plain data (sandbox.c acts on it). */
struct ss_plan {
	const struct ss_config *config;
	const struct ss_profile *profile;
	const struct ss_ident *id;
	const char *shell; /* absolute path of the inner shell */
	char **argv;	   /* for execve of the inner shell */
	char **envp;
	bool shared_tmp; /* per-alias /tmp and /var/tmp under state_dir (setuid mode) */
	bool cgroup;	 /* the profile sets limits: a cgroup session is made (see cgroup_required) */
	bool cgroup_required;
	struct cg_host cg_host;
	uid_t ns_owner;		 /* owner of the sandbox's user namespace (namespace_owner), or (uid_t)-1: root */
	int dev;		 /* 0: /dev is <state_dir>/dev (PRIV_PREPARE_DEV); -errno: built per login */
	struct ss_dev_id dev_id; /* that directory, as the monitor found it */
};
/* Runs the session; returns the inner shell's wait status (>= 0) or a negative errno with err set. */
int sandbox_run(const struct ss_plan *plan, struct ss_error *err) SS_WUR;
void sandbox_print(const struct ss_plan *plan, FILE *out);

#endif
