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

/* Is NAME among the loaded profiles?  <securityfs>/apparmor/profiles lists "name (mode)". */
static bool loaded(const char *name)
{
	char *mnt = NULL, path[SS_PATH_MAX], line[1024];
	size_t n = strlen(name);
	bool found = false;
	FILE *f;

	if (aa_find_mountpoint(&mnt) < 0)
		return false;
	if (ss_snprintf(path, sizeof(path), "%s/profiles", mnt) < 0) {
		free(mnt);
		return false;
	}
	free(mnt);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, name, n) && line[n] == ' ' && line[n + 1] == '(';
	fclose(f);
	return found;
}

int apparmor_check(const char *profile, struct ss_error *err)
{
	if (!profile)
		return 0;
	if (!aa_is_enabled())
		return ss_fail(err, EOPNOTSUPP,
			       "the profile requires AppArmor profile '%s', but AppArmor is not enabled", profile);
	if (!loaded(profile))
		return ss_fail(err, ENOENT, "AppArmor profile '%s' is not loaded", profile);
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
