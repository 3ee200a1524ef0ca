/* SPDX-License-Identifier: ISC */
/* --doctor: doctor.c (launcher, config, profiles, kernel), doctor_login.c (nsswitch, nssmap.conf,
 * /etc/shells, sshd) and doctor_pam.c (sshd's PAM stack).  Every finding is one line: OK, WARN or
 * FAIL, with the fix. */
#ifndef SS_DOCTOR_INTERNAL_H
#define SS_DOCTOR_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "launcher.h"

enum dr_level { DR_OK = 0, DR_WARN = 1, DR_FAIL = 2 };

struct doctor {
	int worst;
	unsigned count[3];
	const struct ss_config *c; /* NULL: the config did not load (already a FAIL) */
	bool pam_mode;		   /* identity pam */
	bool root;		   /* running as root: sshd -T and the privileged checks can run */
	bool setuid_install;	   /* the launcher is setuid root (the production install) */
	/* an alias account to evaluate sshd's Match blocks with, and its passwd entry */
	bool have_alias;
	char alias[SS_NAME_MAX + 1];
	char alias_shell[SS_PATH_MAX];
	uid_t alias_uid;
	gid_t alias_gid;
	/* set by the sshd checks: ForceCommand starts the launcher from a plain login shell, so that
	 * shell runs outside any sandbox with whatever environment sshd and PAM hand it */
	bool forced_plain;
	bool forced; /* any ForceCommand for the alias */
};

/* Print one finding.  fix may be NULL (OK lines). */
void dr_say(struct doctor *d, enum dr_level l, const char *topic, const char *fix, const char *fmt, ...)
	SS_PRINTF(5, 6);

/* doctor_login.c */
char *dr_read_file(const char *path, size_t max); /* the whole file, NUL-terminated; NULL on error */
void dr_find_alias(struct doctor *d);
void dr_nsswitch(struct doctor *d);
void dr_shells(struct doctor *d);
void dr_sshd(struct doctor *d);
void dr_nssmap(struct doctor *d);
/* doctor_pam.c */
void dr_pam(struct doctor *d);

#endif
