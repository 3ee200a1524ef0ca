/* SPDX-License-Identifier: ISC */
/* libFuzzer target for profile_parse() and profile_merge(): parse the input twice, merge the
 * results every way the loader might (into an empty profile, on top of another, into itself),
 * check the invariants the launcher relies on, and free everything. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct ss_profile *p)
{
	for (size_t i = 0; i < p->n_mounts; i++) {
		const struct ss_mount *m = &p->mounts[i];

		if (!ss_valid_abs_path(m->dest) || strcmp(m->dest, "/") == 0 || !m->where)
			abort();
		if ((m->kind == SS_MNT_BIND_RO || m->kind == SS_MNT_BIND_RW) != (m->src != NULL))
			abort();
		if (m->src && !ss_valid_abs_path(m->src))
			abort();
	}
	for (size_t i = 0; i < p->n_env_keep; i++)
		if (!ss_valid_env_name(p->env_keep[i]))
			abort();
	for (size_t i = 0; i < p->n_env_set; i++)
		if (!ss_valid_env_name(p->env_set[i].name) || strlen(p->env_set[i].value) > 1024)
			abort();
	for (size_t i = 0; i < p->n_includes; i++)
		if (!ss_valid_profile_name(p->includes[i]))
			abort();
	if ((p->shell && !ss_valid_abs_path(p->shell)) || p->umask > 0777)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_profile a, b, merged;
	struct ss_diag d = { 0 };
	char *buf = malloc(size ? size : 1);
	size_t errors;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	profile_init(&a);
	profile_init(&b);
	profile_init(&merged);
	errors = profile_parse(&a, "fuzz.profile", buf, size, &d);
	if (d.n > SS_DIAG_MAX || errors != d.total)
		abort();
	/* Parsing into a non-empty profile must also be safe (limits count what is already there). */
	profile_parse(&b, "fuzz.profile", buf, size, &d);
	profile_parse(&b, "fuzz.profile", buf, size, &d);
	check(&a);
	check(&b);

	profile_merge(&merged, &a);
	profile_merge(&merged, &b);
	profile_merge(&merged, &merged);
	if (merged.n_includes != 0 || merged.n_mounts != 2 * (a.n_mounts + b.n_mounts))
		abort();
	check(&merged);

	diag_free(&d);
	profile_free(&a);
	profile_free(&b);
	profile_free(&merged);
	free(buf);
	return 0;
}
