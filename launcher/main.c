/* SPDX-License-Identifier: ISC */
/*
 * secure_shell: the login shell of aliases that share one uid.  main() tells the story of a
 * login in the documented order (DESIGN §5):
 *   hygiene -> arguments -> config -> identity -> profile -> home -> sandbox (namespaces, mounts,
 *   pivot_root, privilege drop, no_new_privs) -> exec -> mirror the exit.
 * Any failure on the way refuses the session (exit 125); nothing ever runs unsandboxed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <syslog.h>

#include "launcher.h"
#include "mounts.h"
#include "pamrec.h"
#include "priv.h"

#ifndef SS_BUILT_WITH
#define SS_BUILT_WITH "library versions unknown"
#endif

static const char usage_text[] =
	"Usage: secure_shell                      interactive login shell of an alias\n"
	"       secure_shell [-l] -c CMD [ARG0 ARG...]  run CMD in the alias's sandbox\n"
	"       secure_shell --profile NAME|PATH [--home DIR] [-c CMD]  try a profile on yourself\n"
	"       secure_shell --check [PROFILE...]  validate the config and profiles\n"
	"       secure_shell [--profile NAME|PATH] --print  show the sandbox a profile gives (as yourself)\n"
	"       secure_shell --doctor  check this host (sshd, PAM, nsswitch, cgroups, LSMs)\n"
	"       secure_shell --pam-session  (run by pam_exec as root: records the PAM user)\n"
	"       secure_shell --version | --help\n"
	"Options: --config PATH (unprivileged or root only).\n"
	"Exit status: the command's; 125 session refused, 126 not executable, 127 not found, 2 usage.\n"
	"See secure_shell(8) and secure_shell.profile(5).\n";

/* Every fd above 2 closed, as the kernel lists them: for kernels before close_range (5.9).  A
 * count up to a fixed number would miss the caller's fds above it (RLIMIT_NOFILE may be raised). */
static int close_listed(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int r = 0;

	if (!d)
		return -1;
	for (;;) {
		char *end;
		long fd;

		errno = 0;
		if (!(e = readdir(d))) {
			if (errno) /* not the end of the list: some may be left open */
				r = -1;
			break;
		}
		fd = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name || fd < 3 || fd == dirfd(d))
			continue;
		if (close((int)fd) < 0 && errno != EINTR)
			r = -1;
	}
	closedir(d);
	return r;
}

/* fds 0-2 open (on /dev/null if closed), everything else closed, signals at their defaults. */
static void hygiene(void)
{
	/* handlers are reset by exec anyway; what a caller can leave behind is "ignored" and a mask */
	static const int sigs[] = { SIGHUP,  SIGINT,  SIGQUIT, SIGPIPE, SIGALRM, SIGTERM,  SIGUSR1, SIGUSR2,
				    SIGCHLD, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGXCPU, SIGXFSZ };
	sigset_t none;
	size_t i;
	int fd;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (open("/dev/null", O_RDWR) != fd)
			_exit(SS_EXIT_REFUSED);
	}
	if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0 && close_listed() < 0)
		_exit(SS_EXIT_REFUSED); /* (nothing is set up to say why: too early) */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		(void)signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	umask(022);
}

static void runtime_init(void)
{
	ssize_t n;

	ss_rt.ruid = getuid();
	ss_rt.rgid = getgid();
	ss_rt.setuid_mode = geteuid() == 0 && ss_rt.ruid != 0;
	n = readlink("/proc/self/exe", ss_rt.exe, sizeof(ss_rt.exe) - 1);
	if (n < 0)
		ss_refuse("cannot find my own path: %s", strerror(errno));
	ss_rt.exe[n] = '\0';
	if (priv_init(ss_rt.ruid, ss_rt.rgid) < 0)
		ss_refuse("cannot set the file-system ids");
}

/* The config: the installed one, or --config (never for a setuid caller who is not root). */
/*
 * A file's errors, all of them, then the one refusal line, which names the first.  At an alias's
 * login only that line goes to the terminal (scp and the like show it; the file's layout is the
 * admin's business): the others go to the system log, ahead of the refusal.  The admins' modes
 * (--check, --print, --profile) print them all.
 */
SS_NORETURN static void refuse_diags(struct ss_diag *d, const struct ss_error *err, bool to_terminal)
{
	char more[64] = "";

	for (size_t i = 1; i < d->n; i++) {
		if (to_terminal)
			fprintf(stderr, "%s\n", d->msg[i]);
		else
			ss_syslog(LOG_ERR, "error: %s", d->msg[i]);
	}
	if (!d->n)
		ss_refuse("%s", err->msg);
	if (d->total > 1)
		snprintf(more, sizeof(more), " (and %zu more error%s%s)", d->total - 1, d->total > 2 ? "s" : "",
			 to_terminal ? " above" : ", in the system log");
	ss_refuse("%s%s", d->msg[0], more);
}

static void load_config(const struct ss_opts *o, struct ss_config *c, char *profile_dir, size_t sz)
{
	struct ss_trust t = { .relaxed = false };
	struct ss_diag d = { 0 };
	struct ss_error err;
	const char *path = SS_CONFIG_PATH;
	char tmp[SS_PATH_MAX];
	size_t i;

	if (o->config) {
		if (ss_rt.setuid_mode)
			ss_usage_error(
				"--config is refused when running setuid (only root or an unprivileged install may use it)");
		path = o->config;
		t.relaxed = true;
	}
	config_init(c);
	if (ss_load_config(path, &t, c, &d, &err) < 0) {
		if (o->mode != SS_MODE_CHECK)
			refuse_diags(&d, &err, o->mode != SS_MODE_SESSION || o->profile);
		for (i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.msg[i]);
		diag_free(&d);
		fprintf(stderr, "secure_shell: %s\n", err.msg);
		exit(1);
	}
	if (ss_snprintf(tmp, sizeof(tmp), "%s", path) < 0 ||
	    ss_snprintf(profile_dir, sz, "%s/profiles", dirname(tmp)) < 0)
		ss_refuse("config path too long");
}

static void load_profile(const char *dir, const char *name, bool relaxed, bool to_terminal, struct ss_profile *p)
{
	struct ss_trust t = { .relaxed = relaxed };
	struct ss_diag d = { 0 };
	struct ss_error err;

	profile_init(p);
	if (ss_load_profile(dir, name, &t, p, &d, &err) < 0)
		refuse_diags(&d, &err, to_terminal);
}

/* As root, --check also builds each profile's seccomp filter into the cache, so that logins find it. */
static int precompile(const struct ss_profile *p, const struct ss_config *c, struct ss_error *err)
{
	struct ss_filter f;
	int r = seccomp_prepare(p, c->state_dir, true, &f, err);

	for (int i = 0; r == 0 && i < f.n; i++)
		free(f.insns[i]);
	return r;
}

static void trusted_or_refuse(const char *what, const char *path)
{
	char why[512];

	int r = ss_trusted_dir(path, why, sizeof(why));

	if (r == -EPERM)
		ss_refuse("%s %s: %s: only root may be able to change it or the way to it", what, path, why);
	if (r < 0 && !strncmp(why, path, strlen(path)) && why[strlen(path)] == ':')
		ss_refuse("%s %s", what, why); /* "home_base /home: No such file or directory" */
	if (r < 0)
		ss_refuse("%s %s: %s", what, path, why[0] ? why : strerror(-r));
}

/* --check: config plus the named profiles (default: the default profile and every match). */
static int run_check(const struct ss_opts *o, const struct ss_config *c, const char *dir)
{
	struct ss_trust t = { .relaxed = false };
	int bad = 0, i;
	size_t k;
	const char *only_default[1];
	char **names = o->check;
	int n = o->n_check;

	if (n == 0) {
		only_default[0] = c->default_profile;
		names = (char **)only_default;
		n = 1;
	}
	for (i = 0; i < n + (o->n_check == 0 ? (int)c->n_match : 0); i++) {
		const char *name = i < n ? names[i] : c->match[i - n].profile;
		struct ss_profile p;

		/* the same rule as --profile: relaxed for the unprivileged install's own files */
		t.relaxed = !ss_rt.setuid_mode && (o->config || strchr(name, '/'));
		struct ss_diag d = { 0 };
		struct ss_error err;

		profile_init(&p);
		if (ss_load_profile(dir, name, &t, &p, &d, &err) < 0 || mounts_check(&p, c, &err) < 0 ||
		    (ss_rt.ruid == 0 && precompile(&p, c, &err) < 0)) {
			for (k = 0; k < d.n; k++)
				printf("%s\n", d.msg[k]);
			if (d.total > d.n)
				printf("(%zu more errors not shown)\n", d.total - d.n);
			if (d.n == 0)
				printf("%s\n", err.msg);
			bad = 1;
		}
		diag_free(&d);
		profile_free(&p);
	}
	return bad;
}

/* --doctor: like load_config, but a broken config is a finding, not a refusal. */
static int doctor(const struct ss_opts *o, struct ss_config *c)
{
	struct ss_trust t = { .relaxed = !ss_rt.setuid_mode && o->config };
	struct ss_diag d = { 0 };
	struct ss_error err;
	char why[sizeof(err.msg) + 64];
	const char *path = o->config ? o->config : SS_CONFIG_PATH;

	if (o->config && ss_rt.setuid_mode)
		ss_usage_error(
			"--config is refused when running setuid (only root or an unprivileged install may use it)");
	config_init(c);
	if (ss_load_config(path, &t, c, &d, &err) < 0) {
		snprintf(why, sizeof(why), "%s%s%s", err.msg, d.n ? ": " : "", d.n ? d.msg[0] : "");
		diag_free(&d);
		return doctor_main(o, NULL, why);
	}
	return doctor_main(o, c, NULL);
}

/* The inner shell's argv (research/login-shell.md §8.4-8.5). */
static char **shell_argv(const struct ss_opts *o, const char *shell, const char *sftp_server)
{
	const char *cmd = o->command, *orig = getenv("SSH_ORIGINAL_COMMAND");
	char **argv = ss_xmalloc(((size_t)o->n_args + 5) * sizeof(char *));
	char *base = strrchr(shell, '/') ? strrchr(shell, '/') + 1 : (char *)shell;
	bool forced = false;
	int n = 0, i;

	/* ForceCommand with the launcher as pw_shell: sshd runs "<us> -c <our own path>", by any
	 * absolute path that leads to this very file (a link, /sbin for /usr/sbin), as --doctor
	 * accepts it. */
	if (cmd && (!strcmp(cmd, ss_rt.exe) || (cmd[0] == '/' && ss_same_file(cmd, ss_rt.exe)))) {
		forced = true;
		cmd = orig; /* none: an interactive login shell */
		if (cmd && (!strcmp(cmd, "internal-sftp") || !strncmp(cmd, "internal-sftp ", 14))) {
			static char sftp[SS_PATH_MAX];

			if (ss_snprintf(sftp, sizeof(sftp), "%s%s", sftp_server, cmd + 13) < 0)
				ss_refuse("SSH_ORIGINAL_COMMAND too long");
			cmd = sftp;
		}
	}
	/* a login shell where the caller asked for a login (argv[0] "-...", -l: sshd, login, su -),
	 * or the forced mode's interactive login; "su alice" without "-" gets a plain one */
	if (o->login || (forced && !cmd)) {
		if (asprintf(&argv[n++], "-%s", base) < 0)
			abort();
	} else {
		argv[n++] = base;
	}
	if (cmd) {
		if (o->login)
			argv[n++] = "-l"; /* bash needs it with -c to read the login files */
		argv[n++] = "-c";
		argv[n++] = (char *)cmd;
		for (i = 0; i < o->n_args && !forced; i++)
			argv[n++] = o->args[i];
	}
	argv[n] = NULL;
	return argv;
}

static bool limits_set(const struct ss_limits *l)
{
	return l->memory_set || l->memory_swap_set || l->memory_high_set || l->pids_set || l->cpu_weight_set ||
	       l->cpu_max_set;
}

/* The audit session id (set by pam_loginuid, inherited, not changeable by the alias), for the logs. */
static const char *audit_session(void)
{
	static char sid[16];

	return pamrec_session_id(sid, sizeof(sid)) == 0 ? sid : NULL; /* unset: not a PAM login */
}

/* namespace_owner resolved (setuid install only; (uid_t)-1 leaves root as the owner). */
static uid_t ns_owner(const struct ss_config *c)
{
	struct ss_error err;
	uid_t u;

	if (!ss_rt.setuid_mode || !c->namespace_owner)
		return (uid_t)-1;
	if (ns_owner_resolve(c->namespace_owner, ss_rt.ruid, &u, &err) < 0)
		ss_refuse("%s", err.msg);
	return u;
}

static void mirror_exit(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		struct rlimit no_core = { 0, 0 };
		sigset_t set;

		(void)setrlimit(RLIMIT_CORE, &no_core);
		(void)signal(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
		(void)raise(sig);
		exit(128 + sig);
	}
	exit(WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	static struct ss_config config;
	static struct ss_profile profile;
	static struct ss_ident id;
	struct ss_opts o;
	struct ss_plan plan = { 0 };
	struct ss_error err;
	char msg[256], profile_dir[SS_PATH_MAX];
	const char *profile_name;
	bool relaxed;
	int status;

	SS_MARK("main");
	hygiene();
	if (options_parse(&o, argc, argv, msg, sizeof(msg)) < 0)
		ss_usage_error("%s", msg);
	if (o.mode == SS_MODE_HELP) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (o.mode == SS_MODE_VERSION) {
		puts("secure_shell " SS_VERSION " (" SS_BUILT_WITH ")");
		return 0;
	}
	ss_log.ssh_conn = getenv("SSH_CONNECTION");
	ss_log.session = audit_session();
	ss_log_open();
	if (o.mode == SS_MODE_PAM_SESSION)
		return pam_session_main();
	/* Every sandbox sets no_new_privs: seeing it means we are nested, or someone set it to trip us. */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		ss_refuse("already inside a sandbox (no_new_privs is set)");
	runtime_init();
	if (o.mode == SS_MODE_DOCTOR)
		return doctor(&o, &config);
	load_config(&o, &config, profile_dir, sizeof(profile_dir));
	SS_MARK("config");
	if (o.mode == SS_MODE_CHECK)
		return run_check(&o, &config, profile_dir);

	/* Identity: who is this?  An alias login never chooses its profile; the config does. */
	if (o.profile || o.mode == SS_MODE_PRINT) {
		if (identity_for_test(&config, o.home, &id, &err) < 0)
			ss_refuse("%s", err.msg);
		profile_name = o.profile ? o.profile : config.default_profile;
		relaxed = !ss_rt.setuid_mode && (o.config || strchr(profile_name, '/'));
	} else {
		if ((config.identity == SS_ID_PAM ? identity_from_pam(&config, &id, &err)
						  : identity_from_env(&config, &id, &err)) < 0)
			ss_refuse("%s", err.msg);
		profile_name = config_profile_for(&config, id.name);
		relaxed = !ss_rt.setuid_mode && o.config;
	}
	SS_MARK("identity");
	ss_log.alias = id.name;
	ss_log.profile = profile_name;
	if (o.home && (!ss_valid_abs_path(o.home)))
		ss_refuse("--home must be an absolute path without '.' or '..'");
	load_profile(profile_dir, profile_name, relaxed, o.profile || o.mode != SS_MODE_SESSION, &profile);
	SS_MARK("profile");

	plan.config = &config;
	plan.profile = &profile;
	plan.id = &id;
	plan.shell = profile.shell ? profile.shell : config.shell;
	plan.argv = shell_argv(&o, plan.shell, config.sftp_server);
	plan.envp = env_build(&config, &profile, &id, plan.shell);
	plan.shared_tmp = ss_rt.setuid_mode && !id.test_mode;
	plan.cgroup = limits_set(&profile.limits);
	plan.cgroup_required = profile.cgroup == SS_CGROUP_REQUIRED;
	plan.ns_owner = ns_owner(&config);
	if (ss_rt.setuid_mode) {
		/* below them, root's steps go by name: only root may be able to change the way there */
		trusted_or_refuse("state_dir", config.state_dir);
		if (!id.test_mode)
			trusted_or_refuse("home_base", config.home_base);
	}
	{
		/* /dev made once under state_dir; else (unprivileged, a nodev file system) per login */
		struct priv_args pa = { .path = config.state_dir, .dirfd = -1, .cgroup_fd = -1, .dev_id = &plan.dev_id };

		plan.dev = (int)priv_op(PRIV_PREPARE_DEV, &pa);
	}
	/* only for the limits: the sandbox hides every hierarchy whatever the layout (plan_mounts) */
	if (!plan.cgroup) {
		plan.cg_host.layout = CG_LAYOUT_NONE;
	} else if (cg_detect(&plan.cg_host, &err) < 0) {
		if (plan.cgroup_required)
			ss_refuse("%s", err.msg);
		/* the layout is not known: "cgroup optional" runs without limits */
		plan.cg_host.layout = CG_LAYOUT_NONE;
	}
	if (mounts_check(&profile, &config, &err) < 0)
		ss_refuse("%s", err.msg);
	if (o.mode == SS_MODE_PRINT) {
		printf("identity   %s (uid %u, gid %u)%s\n", id.name, (unsigned)id.uid, (unsigned)id.gid,
		       id.test_mode ? " [--profile test mode]" : "");
		printf("profile    %s\n", profile_name);
		printf("shell      %s\n", plan.shell);
		sandbox_print(&plan, stdout);
		return 0;
	}

	if (home_prepare(&config, &id, &err) < 0)
		ss_refuse("%s", err.msg);
	SS_MARK("home");
	status = sandbox_run(&plan, &err);
	if (status < 0)
		ss_refuse("%s", err.msg);
	mirror_exit(status);
}
