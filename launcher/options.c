/* SPDX-License-Identifier: ISC */
/*
 * The invocation contract (DESIGN §4, research/login-shell.md §8): only the argv forms that sshd,
 * login, su and sudo produce, plus the admin flags.  Everything else is a usage error (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "options.h"

static int usage(char *msg, unsigned sz, const char *what, const char *arg)
{
	snprintf(msg, sz, "%s%s%s", what, arg ? ": " : "", arg ? arg : "");
	return -1;
}

/* Admin flags that take one operand. */
static const char **admin_slot(struct ss_opts *o, const char *a)
{
	if (!strcmp(a, "--profile"))
		return &o->profile;
	if (!strcmp(a, "--home"))
		return &o->home;
	if (!strcmp(a, "--config"))
		return &o->config;
	return NULL;
}

int options_parse(struct ss_opts *o, int argc, char **argv, char *msg, unsigned msgsz)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->mode = SS_MODE_SESSION;
	if (argc < 1 || !argv[0])
		return usage(msg, msgsz, "empty argument vector", NULL);
	o->login = argv[0][0] == '-';

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = admin_slot(o, a);

		if (slot) {
			if (*slot)
				return usage(msg, msgsz, "option given twice", a);
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return usage(msg, msgsz, "option requires an argument", a);
			*slot = argv[++i];
		} else if (!strcmp(a, "-l") || !strcmp(a, "--login")) {
			o->login = true;
		} else if (!strcmp(a, "-f")) {
			/* su passes -f ("fast": skip rc files) for csh-likes; meaningless here, accepted */
		} else if (!strcmp(a, "-c")) {
			if (i + 1 >= argc)
				return usage(msg, msgsz, "option requires an argument", "-c");
			o->command = argv[++i];
			/* CMD is passed verbatim; what follows becomes $0 $1 ... of the inner shell. */
			o->args = &argv[i + 1];
			o->n_args = argc - i - 1;
			i = argc;
		} else if (!strcmp(a, "--check")) {
			o->mode = SS_MODE_CHECK;
			o->check = &argv[i + 1];
			o->n_check = argc - i - 1;
			i = argc;
		} else if (!strcmp(a, "--pam-session")) {
			o->mode = SS_MODE_PAM_SESSION;
		} else if (!strcmp(a, "--doctor")) {
			o->mode = SS_MODE_DOCTOR;
		} else if (!strcmp(a, "--print")) {
			o->mode = SS_MODE_PRINT;
		} else if (!strcmp(a, "--version")) {
			o->mode = SS_MODE_VERSION;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			o->mode = SS_MODE_HELP;
		} else {
			return usage(msg, msgsz, "unknown option or operand", a);
		}
	}
	if (o->home && !o->profile)
		return usage(msg, msgsz, "--home is only valid with --profile", NULL);
	if (o->command && o->mode != SS_MODE_SESSION)
		return usage(msg, msgsz, "-c cannot be combined with --check, --print, --version or --help", NULL);
	if (o->mode == SS_MODE_CHECK && (o->profile || o->home))
		return usage(msg, msgsz, "--check takes profiles as operands, not --profile", NULL);
	return 0;
}
