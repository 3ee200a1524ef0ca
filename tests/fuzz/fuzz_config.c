/* SPDX-License-Identifier: ISC */
/* libFuzzer target for config_parse(): any input must parse without crashing, leaking or reading
 * past the buffer, and lookups on whatever was parsed must stay well-behaved. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "alice", "dev-ops", "", "a", "root", "x-1_2" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_config c;
	struct ss_diag d = { 0 };
	/* An exact-size copy: libFuzzer's own buffer is exact too, but this keeps the target honest
	 * if it is ever driven by something else. */
	char *buf = malloc(size ? size : 1);
	size_t errors;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	config_init(&c);
	errors = config_parse(&c, "fuzz.conf", buf, size, &d);
	if (d.n > SS_DIAG_MAX || d.n > d.total || errors > d.total || (errors == 0) != (d.total == 0))
		abort();
	for (size_t i = 0; i < d.n; i++)
		if (strncmp(d.msg[i], "fuzz.conf:", 10) != 0)
			abort();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *p = config_profile_for(&c, names[i]);

		if (!p || !ss_valid_profile_name(p))
			abort();
	}
	if (!ss_valid_abs_path(c.home_base) || !ss_valid_abs_path(c.shell) || !ss_valid_abs_path(c.state_dir) ||
	    (c.skel && !ss_valid_abs_path(c.skel)) || !ss_valid_cgroup_parent(c.cgroup_parent))
		abort();
	diag_free(&d);
	config_free(&c);
	free(buf);
	return 0;
}
