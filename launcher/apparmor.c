/* SPDX-License-Identifier: ISC */
/*
 * AppArmor, optional: "apparmor NAME" in a profile makes the inner shell exec into that AppArmor
 * profile (stacked on the launcher's own confinement if it has one).  Fail closed: if the profile
 * names one and AppArmor is off, or the profile is not loaded, the session is refused.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/apparmor.h>

#include "launcher.h"

int ss_aa_profile_line(const char *line, const char *name, char *mode, size_t modesz)
{
	size_t n = strlen(name), m;
	const char *close;

	if (strncmp(line, name, n) || line[n] != ' ' || line[n + 1] != '(' || !(close = strchr(line + n + 2, ')')))
		return 0;
	m = (size_t)(close - (line + n + 2));
	if ((m == 7 && !strncmp(line + n + 2, "enforce", 7)) || (m == 4 && !strncmp(line + n + 2, "kill", 4)))
		return 1;
	if (modesz)
		snprintf(mode, modesz, "%.*s", (int)(m < modesz ? m : modesz - 1), line + n + 2);
	return -1;
}

/* Is NAME among the loaded profiles, in a mode that confines: 1, or -1 in another (its name in
 * mode), or 0 not loaded.  <securityfs>/apparmor/profiles lists "name (mode)". */
static int loaded(const char *name, char *mode, size_t modesz)
{
	char *mnt = NULL, path[SS_PATH_MAX], line[1024];
	int found = 0;
	FILE *f;

	if (aa_find_mountpoint(&mnt) < 0)
		return 0;
	if (ss_snprintf(path, sizeof(path), "%s/profiles", mnt) < 0) {
		free(mnt);
		return 0;
	}
	free(mnt);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = ss_aa_profile_line(line, name, mode, modesz);
	fclose(f);
	return found;
}

int apparmor_check(const char *profile, struct ss_error *err)
{
	char mode[32];
	int r;

	if (!profile)
		return 0;
	if (!aa_is_enabled())
		return ss_fail(err, EOPNOTSUPP,
			       "the profile requires AppArmor profile '%s', but AppArmor is not enabled", profile);
	if ((r = loaded(profile, mode, sizeof(mode))) == 0)
		return ss_fail(err, ENOENT, "AppArmor profile '%s' is not loaded", profile);
	/* complain mode logs what it would deny and denies nothing */
	if (r < 0)
		return ss_fail(err, EPERM,
			       "AppArmor profile '%s' is loaded in %s mode, which does not confine (aa-enforce it)",
			       profile, mode);
	return 0;
}

int apparmor_apply(const char *profile, struct ss_error *err)
{
	char *con = NULL, *mode = NULL;
	bool confined;
	int r;

	if (!profile)
		return 0;
	if (aa_getcon(&con, &mode) < 0)
		return ss_fail(err, errno, "aa_getcon: %s", strerror(errno));
	confined = strcmp(con, "unconfined") != 0;
	free(con);
	/* a confined launcher keeps its confinement and adds the session's on top */
	r = confined ? aa_stack_onexec(profile) : aa_change_onexec(profile);
	if (r < 0)
		return ss_fail(err, errno, "AppArmor %s to '%s': %s", confined ? "stack" : "change", profile,
			       strerror(errno));
	return 0;
}
