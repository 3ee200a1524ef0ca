/* SPDX-License-Identifier: ISC */
/* Messages to the user and to syslog (LOG_AUTHPRIV).  Nothing is printed on success. */
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "priv.h"
#include "ss.h"

struct ss_logctx ss_log;

void ss_log_open(void)
{
	/* Connected at the first message: only the monitor logs, and it stays in the host's mount
	 * namespace, so /dev/log is always reachable; no socket is inherited by the sandbox's init. */
	openlog("secure_shell", LOG_PID, LOG_AUTHPRIV);
}

void ss_sanitize(char *out, size_t outsz, const char *s)
{
	size_t i = 0;

	if (outsz == 0)
		return;
	for (; s && *s && i + 1 < outsz; s++)
		out[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	out[i] = '\0';
}

static void log_context(char *buf, size_t sz)
{
	char alias[SS_NAME_MAX * 2], conn[128], profile[80], cg[160];

	ss_sanitize(alias, sizeof(alias), ss_log.alias ? ss_log.alias : "-");
	ss_sanitize(profile, sizeof(profile), ss_log.profile ? ss_log.profile : "-");
	ss_sanitize(conn, sizeof(conn), ss_log.ssh_conn ? ss_log.ssh_conn : "-");
	/* the one quoted field: a quote in it (SSH_CONNECTION is the caller's) would end it early and
	 * let the rest pass for fields of its own ("alias=bob") */
	for (char *q = conn; (q = strpbrk(q, "\"\\"));)
		*q = '?';
	ss_sanitize(cg, sizeof(cg), ss_log.cgroup ? ss_log.cgroup : "-");
	if (snprintf(buf, sz, "alias=%s profile=%s session=%s ssh=\"%s\" cgroup=%s", alias, profile,
		     ss_log.session ? ss_log.session : "-", conn, cg) < 0)
		buf[0] = '\0';
}

void ss_vformat_clean(char *out, size_t sz, const char *fmt, va_list ap)
{
	char msg[1024];

	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		msg[0] = '\0';
	ss_sanitize(out, sz, msg);
}

void ss_syslog(int prio, const char *fmt, ...)
{
	char ctx[512], msg[768], line[1300];
	struct priv_args a = { .dirfd = -1, .cgroup_fd = -1 };
	va_list ap;

	va_start(ap, fmt);
	ss_vformat_clean(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_context(ctx, sizeof(ctx));
	if (snprintf(line, sizeof(line), "%s %s", msg, ctx) < 0)
		line[0] = '\0';
	a.prio = prio;
	a.text = line;
	/* As root's when setuid (priv.c says why).  It fails only if setresuid() does, with euid 0:
	 * then not as the caller's either, which would file it where every alias can read it. */
	(void)!priv_op(PRIV_SYSLOG, &a);
}

void ss_refuse(const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	ss_vformat_clean(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* logged first: a terminal or pipe that is gone (SIGPIPE) must not keep it out of the log */
	ss_syslog(LOG_ERR, "refused: %s", msg);
	fprintf(stderr, "secure_shell: %s; session refused\n", msg);
	exit(SS_EXIT_REFUSED);
}

void ss_usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	ss_vformat_clean(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "secure_shell: %s\nTry 'secure_shell --help' for more information.\n", msg);
	exit(SS_EXIT_USAGE);
}
