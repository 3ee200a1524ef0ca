/* SPDX-License-Identifier: ISC */
/*
 * Capabilities: emptied with the kernel's own calls and read back from the kernel.  libcap-ng's
 * capng_apply() and capng_get_caps_process() do the same after reading /proc/self/status, which
 * costs ~50 µs of a login here (docs/performance.md), and capng_have_capabilities(CAPNG_SELECT_CAPS)
 * of libcap-ng 0.8 looks at the effective set only.  libcap-ng stays what --doctor reads file
 * capabilities with.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launcher.h"

/* The bounding set one capability at a time (up to the first the kernel does not know), ambient in
 * one call, then effective, permitted and inheritable with capset.  Needs CAP_SETPCAP for the
 * bounding set: called while the process still has it. */
int caps_clear(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	for (unsigned long c = 0; c < 64; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
			if (errno == EINVAL && c > 0)
				break; /* past CAP_LAST_CAP */
			return -1;
		}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -1; /* EINVAL: a kernel without ambient capabilities (< 4.3) */
	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

/* Every word of effective, permitted and inheritable is zero, and no capability the kernel knows is
 * in the bounding or the ambient set.  Anything unexpected counts as "not empty". */
bool caps_all_empty(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	bool ambient = true;

	memset(d, 0xff, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	for (size_t i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return false;
	for (unsigned long c = 0; c < 64; c++) {
		int b = prctl(PR_CAPBSET_READ, c, 0, 0, 0);

		if (b < 0 && errno == EINVAL && c > 0)
			break; /* past CAP_LAST_CAP */
		if (b != 0)
			return false;
		if (!ambient)
			continue;
		b = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0);
		if (b < 0 && errno == EINVAL && c == 0)
			ambient = false; /* a kernel without ambient capabilities (< 4.3) */
		else if (b != 0)
			return false;
	}
	return true;
}
