/* SPDX-License-Identifier: ISC */
#ifndef SS_OPTIONS_H
#define SS_OPTIONS_H

#include <stdbool.h>

enum ss_mode {
	SS_MODE_SESSION, /* a login: interactive or -c */
	SS_MODE_CHECK,	 /* --check [PROFILE...] */
	SS_MODE_PRINT,	 /* --print */
	SS_MODE_VERSION,
	SS_MODE_HELP,
	SS_MODE_PAM_SESSION, /* --pam-session: run by pam_exec (as root) at open/close_session */
	SS_MODE_DOCTOR,	     /* --doctor: host readiness, one line per finding */
};

struct ss_opts {
	enum ss_mode mode;
	bool login;	     /* argv[0] starts with '-', or -l/--login */
	const char *command; /* -c CMD, NULL for an interactive shell */
	char **args;	     /* operands after CMD: $0 $1 ... (NULL-terminated) */
	int n_args;
	const char *profile; /* --profile NAME|PATH: the admins' test mode */
	const char *home;    /* --home DIR, with --profile */
	const char *config;  /* --config PATH */
	char **check;	     /* --check operands (NULL-terminated) */
	int n_check;
};

/* Pure: fills o from argv; on a usage error returns -1 with a message in msg. */
int options_parse(struct ss_opts *o, int argc, char **argv, char *msg, unsigned msgsz);

#endif
