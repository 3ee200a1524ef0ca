/* SPDX-License-Identifier: ISC */
/* --doctor: not implemented yet (see the issue on trusted identity). */
#include <stdio.h>

#include "launcher.h"

int doctor_main(const struct ss_opts *o, const struct ss_config *c, const char *config_error)
{
	(void)o;
	(void)c;
	(void)config_error;
	fprintf(stderr, "secure_shell: --doctor is not implemented yet\n");
	return 1;
}
