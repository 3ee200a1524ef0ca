/* SPDX-License-Identifier: ISC */
/*
 * launcher/apparmor.c: ss_aa_profile_line() reads one line of <securityfs>/apparmor/profiles.  A
 * profile loaded in complain mode confines nothing, so only enforce and kill count as loaded.
 */
#include <string.h>

#include "launcher.h"
#include "tap.h"

static void line(const char *text, const char *name, int want, const char *want_mode, const char *what)
{
	char mode[32] = "untouched";

	is_int(ss_aa_profile_line(text, name, mode, sizeof(mode)), want, "%s", what);
	if (want_mode)
		is_str(mode, want_mode, "... its mode named");
}

int main(void)
{
	line("secure_shell-session (enforce)\n", "secure_shell-session", 1, NULL, "enforce: confines");
	line("secure_shell-session (kill)\n", "secure_shell-session", 1, NULL, "kill: confines");
	line("secure_shell-session (complain)\n", "secure_shell-session", -1, "complain", "complain: does not");
	line("secure_shell-session (unconfined)\n", "secure_shell-session", -1, "unconfined", "unconfined: does not");
	line("secure_shell-session (enforced)\n", "secure_shell-session", -1, "enforced",
	     "a longer word is not enforce");
	line("secure_shell-session (enf)\n", "secure_shell-session", -1, "enf", "nor a shorter one");
	line("secure_shell-session-x (enforce)\n", "secure_shell-session", 0, "untouched", "a longer name is another");
	line("secure_shell (enforce)\n", "secure_shell-session", 0, "untouched", "a shorter name is another");
	line("/usr/bin/man (complain)\n", "secure_shell-session", 0, "untouched", "another profile");
	line("secure_shell-session (enforce\n", "secure_shell-session", 0, "untouched", "no closing parenthesis");
	line("secure_shell-session\n", "secure_shell-session", 0, "untouched", "no mode");
	{
		char mode[4];

		is_int(ss_aa_profile_line("p (complain)\n", "p", mode, sizeof(mode)), -1,
		       "a mode longer than the buffer");
		is_str(mode, "com", "... cut to fit");
	}
	return done_testing();
}
