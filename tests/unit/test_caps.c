/* SPDX-License-Identifier: ISC */
/*
 * launcher/caps.c: caps_all_empty() must see any capability left in any of the five sets, and
 * caps_clear() must leave none.  Each case runs in a forked child (the drops cannot be undone).
 * Needs root (capabilities to drop); otherwise it skips.  Each case first checks, through
 * /proc/self/status, that it left exactly what it meant to (exit 3 otherwise).
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "tap.h"

/* run f in a child; its exit status: 0 = caps_all_empty() said empty, 1 = not empty, 2+ = error */
static int in_child(int (*f)(void))
{
	int st;
	pid_t p = fork();

	if (p == 0)
		_exit(f());
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st))
		return 99;
	return WEXITSTATUS(st);
}

/* Independently of caps.c: the five sets as /proc/self/status shows them; bnd_full asks for a
 * non-empty bounding set, else an empty one.  So that a case passes for the one capability it
 * leaves, not for another left by mistake. */
static bool status_is(unsigned long long inh, unsigned long long prm, unsigned long long eff, bool bnd_full)
{
	unsigned long long v[5] = { 0 }, want[5] = { inh, prm, eff, 0, 0 };
	static const char *const key[5] = { "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	int seen = 0;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		for (int i = 0; i < 5; i++)
			if (!strncmp(line, key[i], strlen(key[i])) && sscanf(line + strlen(key[i]), "%llx", &v[i]) == 1)
				seen++;
	fclose(f);
	if (seen != 5)
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 3 && v[i] != want[i])
			return false;
	return bnd_full ? v[3] != 0 : v[3] == 0;
}

static int verdict(void)
{
	return caps_all_empty() ? 0 : 1;
}

static int as_is(void)
{
	return verdict();
}

static int cleared(void)
{
	if (caps_clear() < 0)
		return 2;
	return status_is(0, 0, 0, false) ? verdict() : 3;
}

/* all but the bounding set emptied: caps_clear's capset without its PR_CAPBSET_DROP */
static int bounding_left(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &h, d) < 0)
		return 2;
	return status_is(0, 0, 0, true) ? verdict() : 3;
}

/*
 * Leave exactly prm in permitted and inh in inheritable; effective, bounding and ambient empty.
 * CAP_SETPCAP (needed to drop the bounding set) is kept until the bounding set is gone; prm may
 * only be CAP_SETPCAP or nothing (permitted can shrink, not grow), inh is set while it is still in
 * the bounding set.  No ambient case: ambient is a subset of permitted and inheritable, so it
 * never stands alone.
 */
static int leave(unsigned prm, unsigned inh)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	d[0].permitted = d[0].effective = 1u << CAP_SETPCAP;
	d[0].inheritable = inh;
	if (syscall(SYS_capset, &h, d) < 0)
		return 2;
	for (unsigned long c = 0; c < 64; c++)
		if (c != CAP_SETPCAP && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			return 2;
	if (prctl(PR_CAPBSET_DROP, CAP_SETPCAP, 0, 0, 0) < 0)
		return 2;
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	d[0].permitted = prm;
	d[0].effective = 0;
	if (syscall(SYS_capset, &h, d) < 0)
		return 2;
	return status_is(inh, prm, 0, false) ? verdict() : 3;
}

static int inheritable_left(void)
{
	return leave(0, 1u << CAP_SYS_ADMIN);
}

static int permitted_left(void)
{
	return leave(1u << CAP_SETPCAP, 0);
}

int main(void)
{
	if (geteuid() != 0) {
		skip_not_root("caps (no capabilities to drop)");
		return done_testing();
	}
	is_int(in_child(as_is), 1, "caps: root's full sets are not empty");
	is_int(in_child(cleared), 0, "caps: caps_clear() leaves all five sets empty");
	is_int(in_child(bounding_left), 1, "caps: a full bounding set is seen");
	is_int(in_child(permitted_left), 1, "caps: one permitted capability is seen");
	is_int(in_child(inheritable_left), 1, "caps: one inheritable capability is seen");
	return done_testing();
}
