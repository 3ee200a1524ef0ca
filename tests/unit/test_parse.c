/* SPDX-License-Identifier: ISC */
/* Unit tests for launcher/parse.h: both file formats, the validators, diagnostics and merging. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "syscalls.h"
#include "tap.h"

/* ---- helpers ---- */

/* Copy text into a buffer of exactly len bytes, with no NUL after it, so that ASan flags any
 * read past the end. */
static char *exact(const char *text, size_t len)
{
	char *b = malloc(len ? len : 1);

	if (!b)
		abort();
	memcpy(b, text, len);
	return b;
}

static size_t cfg_parse_n(struct ss_config *c, struct ss_diag *d, const char *text, size_t len)
{
	char *b = exact(text, len);
	size_t n = config_parse(c, "t.conf", b, len, d);

	free(b);
	return n;
}

static size_t cfg_parse(struct ss_config *c, struct ss_diag *d, const char *text)
{
	return cfg_parse_n(c, d, text, strlen(text));
}

static size_t prof_parse_n(struct ss_profile *p, struct ss_diag *d, const char *text, size_t len)
{
	char *b = exact(text, len);
	size_t n = profile_parse(p, "p.profile", b, len, d);

	free(b);
	return n;
}

static size_t prof_parse(struct ss_profile *p, struct ss_diag *d, const char *text)
{
	return prof_parse_n(p, d, text, strlen(text));
}

/* Compare every stored message with want[0..n-1]; `line` is the caller's. */
static void check_diag(int line, const struct ss_diag *d, size_t ret, const char *const *want, size_t n)
{
	is_uint(ret, n, "line %d: parser returned %zu errors", line, n);
	is_uint(d->total, n, "line %d: total diagnostics", line);
	for (size_t i = 0; i < n && i < d->n; i++)
		is_str(d->msg[i], want[i], "line %d: message %zu", line, i + 1);
}

static void cfg_errors_(int line, const char *text, size_t len, const char *const *want, size_t n)
{
	struct ss_config c;
	struct ss_diag d = { 0 };

	config_init(&c);
	check_diag(line, &d, cfg_parse_n(&c, &d, text, len), want, n);
	diag_free(&d);
	config_free(&c);
}

static void prof_errors_(int line, const char *text, size_t len, const char *const *want, size_t n)
{
	struct ss_profile p;
	struct ss_diag d = { 0 };

	profile_init(&p);
	check_diag(line, &d, prof_parse_n(&p, &d, text, len), want, n);
	diag_free(&d);
	profile_free(&p);
}

/* The expected messages, possibly none: a leading NULL keeps the list non-empty for C. */
#define WANT_(...)                                          \
	((const char *const[]){ NULL, ##__VA_ARGS__ } + 1), \
		(sizeof((const char *const[]){ NULL, ##__VA_ARGS__ }) / sizeof(const char *) - 1)
#define cfg_errors(text, ...)	     cfg_errors_(__LINE__, text, strlen(text), WANT_(__VA_ARGS__))
#define cfg_errors_n(text, len, ...) cfg_errors_(__LINE__, text, len, WANT_(__VA_ARGS__))
#define prof_errors(text, ...)	     prof_errors_(__LINE__, text, strlen(text), WANT_(__VA_ARGS__))

/* A profile that must parse cleanly; the caller frees it. */
static void prof_ok(struct ss_profile *p, const char *text, const char *name)
{
	struct ss_diag d = { 0 };

	profile_init(p);
	is_uint(prof_parse(p, &d, text), 0, "%s: no errors", name);
	if (d.n)
		note("first: %s", d.msg[0]);
	diag_free(&d);
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- validators ---- */

static void test_alias(void)
{
	char *s32 = repeat('a', 32), *s33 = repeat('a', 33);

	ok(ss_valid_alias("a"), "alias 'a'");
	ok(ss_valid_alias("_"), "alias '_'");
	ok(ss_valid_alias("a-b_9"), "alias 'a-b_9'");
	ok(ss_valid_alias(s32), "alias of 32 bytes");
	ok(!ss_valid_alias(s33), "alias of 33 bytes refused");
	ok(!ss_valid_alias(""), "empty alias refused");
	ok(!ss_valid_alias(NULL), "NULL alias refused");
	ok(!ss_valid_alias("-x"), "alias '-x' refused");
	ok(!ss_valid_alias("1a"), "alias starting with a digit refused");
	ok(!ss_valid_alias("Alice"), "upper-case alias refused");
	ok(!ss_valid_alias("a.b"), "alias with '.' refused");
	ok(!ss_valid_alias("."), "alias '.' refused");
	ok(!ss_valid_alias(".."), "alias '..' refused");
	ok(!ss_valid_alias("a/b"), "alias with '/' refused");
	ok(!ss_valid_alias("a b"), "alias with space refused");
	ok(!ss_valid_alias("caf\xc3\xa9"), "non-ASCII alias refused");
	free(s32);
	free(s33);
}

static void test_profile_name(void)
{
	char *s64 = repeat('p', 64), *s65 = repeat('p', 65);

	ok(ss_valid_profile_name("default"), "profile 'default'");
	ok(ss_valid_profile_name("1dev"), "profile starting with a digit");
	ok(ss_valid_profile_name("_x-y"), "profile '_x-y'");
	ok(ss_valid_profile_name(s64), "profile name of 64 bytes");
	ok(!ss_valid_profile_name(s65), "profile name of 65 bytes refused");
	ok(!ss_valid_profile_name(""), "empty profile name refused");
	ok(!ss_valid_profile_name(NULL), "NULL profile name refused");
	ok(!ss_valid_profile_name("-x"), "profile '-x' refused");
	ok(!ss_valid_profile_name("."), "profile '.' refused");
	ok(!ss_valid_profile_name(".."), "profile '..' refused");
	ok(!ss_valid_profile_name("a.b"), "profile 'a.b' refused");
	ok(!ss_valid_profile_name("../etc"), "profile '../etc' refused");
	ok(!ss_valid_profile_name("Default"), "upper-case profile refused");
	ok(!ss_valid_profile_name("\xff"), "non-ASCII profile refused");
	free(s64);
	free(s65);
}

static void test_abs_path(void)
{
	char long_ok[4096], long_bad[4097];

	long_ok[0] = long_bad[0] = '/';
	memset(long_ok + 1, 'a', 4094);
	long_ok[4095] = '\0';
	memset(long_bad + 1, 'a', 4095);
	long_bad[4096] = '\0';

	ok(ss_valid_abs_path("/"), "path '/'");
	ok(ss_valid_abs_path("/usr/bin"), "path '/usr/bin'");
	ok(ss_valid_abs_path("/a b/c"), "path with a space");
	ok(ss_valid_abs_path("/.hidden"), "path '/.hidden'");
	ok(ss_valid_abs_path("/..."), "path '/...'");
	ok(ss_valid_abs_path("/a/b..c"), "path '/a/b..c'");
	ok(ss_valid_abs_path("/~!@$%^&*()\\"), "path of punctuation");
	ok(ss_valid_abs_path(long_ok), "path of 4095 bytes");
	ok(!ss_valid_abs_path(long_bad), "path of 4096 bytes refused");
	ok(!ss_valid_abs_path(""), "empty path refused");
	ok(!ss_valid_abs_path(NULL), "NULL path refused");
	ok(!ss_valid_abs_path("usr/bin"), "relative path refused");
	ok(!ss_valid_abs_path("."), "path '.' refused");
	ok(!ss_valid_abs_path(".."), "path '..' refused");
	ok(!ss_valid_abs_path("a/../b"), "path 'a/../b' refused");
	ok(!ss_valid_abs_path("/a/../b"), "path '/a/../b' refused");
	ok(!ss_valid_abs_path("/a/./b"), "path '/a/./b' refused");
	ok(!ss_valid_abs_path("/."), "path '/.' refused");
	ok(!ss_valid_abs_path("/.."), "path '/..' refused");
	ok(!ss_valid_abs_path("/a/.."), "path '/a/..' refused");
	ok(!ss_valid_abs_path("//"), "path '//' refused");
	ok(!ss_valid_abs_path("//a"), "path '//a' refused");
	ok(!ss_valid_abs_path("/a//b"), "path '/a//b' refused");
	ok(!ss_valid_abs_path("/a/"), "trailing '/' refused");
	ok(!ss_valid_abs_path("/a\tb"), "tab refused");
	ok(!ss_valid_abs_path("/a\nb"), "newline refused");
	ok(!ss_valid_abs_path("/a\x7f"), "DEL refused");
	ok(!ss_valid_abs_path("/caf\xc3\xa9"), "non-ASCII refused");
}

static void test_size(void)
{
	unsigned long long v = 12345;

	ok(ss_parse_size("0", false, &v) && v == 0, "size '0'");
	ok(ss_parse_size("1024", false, &v) && v == 1024, "size '1024'");
	ok(ss_parse_size("007", false, &v) && v == 7, "size '007'");
	ok(ss_parse_size("64k", false, &v) && v == 65536, "size '64k'");
	ok(ss_parse_size("64K", false, &v) && v == 65536, "size '64K'");
	ok(ss_parse_size("512M", false, &v) && v == 512ULL << 20, "size '512M'");
	ok(ss_parse_size("2g", false, &v) && v == 2ULL << 30, "size '2g'");
	ok(ss_parse_size("3T", false, &v) && v == 3ULL << 40, "size '3T'");
	ok(ss_parse_size("18446744073709551615", false, &v) && v == ULLONG_MAX, "size ULLONG_MAX");
	ok(ss_parse_size("16777215T", false, &v) && v == 16777215ULL << 40, "size 16777215T");
	ok(ss_parse_size("max", true, &v) && v == ULLONG_MAX, "'max' when allowed");
	v = 7;
	ok(!ss_parse_size("max", false, &v), "'max' refused when not allowed");
	is_uint(v, 7, "refused size leaves *out alone");
	ok(!ss_parse_size("18446744073709551616", false, &v), "overflow refused");
	ok(!ss_parse_size("99999999999999999999999", false, &v), "big overflow refused");
	ok(!ss_parse_size("16777216T", false, &v), "overflow through suffix refused");
	ok(!ss_parse_size("17179869184G", false, &v), "overflow through G refused");
	ok(!ss_parse_size("", false, &v), "empty size refused");
	ok(!ss_parse_size(NULL, false, &v), "NULL size refused");
	ok(!ss_parse_size("k", false, &v), "bare suffix refused");
	ok(!ss_parse_size("+1", false, &v), "'+1' refused");
	ok(!ss_parse_size("-1", false, &v), "'-1' refused");
	ok(!ss_parse_size(" 1", false, &v), "leading space refused");
	ok(!ss_parse_size("1 ", false, &v), "trailing space refused");
	ok(!ss_parse_size("0x10", false, &v), "'0x10' refused");
	ok(!ss_parse_size("1kb", false, &v), "'1kb' refused");
	ok(!ss_parse_size("1.5G", false, &v), "'1.5G' refused");
	ok(!ss_parse_size("1P", false, &v), "unknown suffix refused");
	ok(!ss_parse_size("MAX", true, &v), "'MAX' refused");
}

static void test_env_name(void)
{
	char *s64 = repeat('A', 64), *s65 = repeat('A', 65);

	ok(ss_valid_env_name("A"), "env 'A'");
	ok(ss_valid_env_name("_"), "env '_'");
	ok(ss_valid_env_name("lower_Case9"), "env 'lower_Case9'");
	ok(ss_valid_env_name(s64), "env name of 64 bytes");
	ok(!ss_valid_env_name(s65), "env name of 65 bytes refused");
	ok(!ss_valid_env_name(""), "empty env name refused");
	ok(!ss_valid_env_name(NULL), "NULL env name refused");
	ok(!ss_valid_env_name("1A"), "env name starting with a digit refused");
	ok(!ss_valid_env_name("A-B"), "env name with '-' refused");
	ok(!ss_valid_env_name("A=B"), "env name with '=' refused");
	ok(!ss_valid_env_name("BASH_FUNC_f%%"), "env name with '%%' refused");
	ok(!ss_valid_env_name("\xc3\x89T\xc3\x89"), "non-ASCII env name refused");
	free(s64);
	free(s65);
}

/* ---- diagnostics ---- */

static void test_diag(void)
{
	struct ss_diag d = { 0 };

	diag_add(&d, "f", 3, 7, "x %d '%s'", 42, "y");
	diag_add(&d, "f", 1, 1, "bad \x1b[31m byte \xc3\xa9");
	is_uint(d.n, 2, "two messages stored");
	is_str(d.msg[0], "f:3:7: x 42 'y'", "formatted as file:line:col: message");
	is_str(d.msg[1], "f:1:1: bad ?[31m byte ??", "non-printable bytes replaced in messages");
	for (int i = 0; i < SS_DIAG_MAX + 10; i++)
		diag_add(&d, "f", 1, 1, "m");
	is_uint(d.n, SS_DIAG_MAX, "at most SS_DIAG_MAX stored");
	is_uint(d.total, SS_DIAG_MAX + 12, "all counted");
	diag_free(&d);
	is_uint(d.n + d.total, 0, "diag_free resets");
	diag_free(&d);
	ok(1, "diag_free twice is harmless");
}

/* ---- lexical syntax (through the config parser) ---- */

static void test_lexer(void)
{
	struct ss_config c;
	struct ss_diag d = { 0 };
	char nul[] = "version 1\nshell /bin/\0sh\n";
	char *longline = repeat('x', 5000);
	char *maxline, *buf;

	cfg_errors("", "t.conf:1:1: empty file: expected 'version 1'");
	cfg_errors("# only\n\n   \t\n  # comments\n", "t.conf:1:1: empty file: expected 'version 1'");
	cfg_errors("\n\nshell /bin/sh\n", "t.conf:3:1: expected 'version 1' as the first directive");
	cfg_errors("  shell /bin/sh\nversion 1\n", "t.conf:1:3: expected 'version 1' as the first directive",
		   "t.conf:2:1: version may only appear once, first");
	cfg_errors("version 2\n", "t.conf:1:9: unsupported version '2' (this launcher reads version 1)");
	cfg_errors("version 1\nversion 1\n", "t.conf:2:1: version may only appear once, first");
	cfg_errors("version\n", "t.conf:1:1: 'version' takes 1 argument, got 0");
	cfg_errors("version 1 2\n", "t.conf:1:1: 'version' takes 1 argument, got 2");

	/* NUL and control bytes, the column of the byte itself */
	cfg_errors_n(nul, sizeof(nul) - 1, "t.conf:2:12: control character 0x00");
	cfg_errors("version 1\r\n", "t.conf:1:10: control character 0x0d");
	cfg_errors("version 1\nshell /bin/sh # \x1b[2J\n", "t.conf:2:17: control character 0x1b");
	cfg_errors("version 1\nshell /bin/\x7fsh\n", "t.conf:2:12: control character 0x7f");
	cfg_errors("version\t1\n\tshell\t/bin/sh\t\n");

	/* quoting */
	cfg_errors("version 1\nshell \"/bin/sh\n", "t.conf:2:7: unterminated quote");
	cfg_errors("version 1\nshell \"/bin/sh\\\n", "t.conf:2:7: unterminated quote");
	cfg_errors("version 1\nshell \"/bin/\\n\"\n", "t.conf:2:13: unknown escape '\\n'");
	cfg_errors("version 1\nshell \"/bin\"/sh\n", "t.conf:2:13: expected a space after the closing quote");
	cfg_errors("version 1\nshell /bin/\"sh\"\n", "t.conf:2:12: unexpected '\"' inside a word");
	cfg_errors("version 1\nshell \"\"\n", "t.conf:2:7: invalid path '': not absolute");

	config_init(&c);
	is_uint(cfg_parse(&c, &d, "\"version\" \"1\"\nshell \"/opt/my shell/q\\\"\\\\\"  # trailing\n"), 0,
		"quoted tokens parse");
	is_str(c.shell, "/opt/my shell/q\"\\", "quoted token keeps spaces and unescapes \\\" and \\\\");
	config_free(&c);

	/* comments */
	config_init(&c);
	is_uint(cfg_parse(&c, &d, "# header\nversion 1 # the only one\n  # indented\nshell /bin/a#b #c \"x\n"), 0,
		"comments are ignored");
	is_str(c.shell, "/bin/a#b", "'#' inside a word is part of it");
	config_free(&c);
	config_init(&c);
	is_uint(cfg_parse(&c, &d, "version 1\nshell \"/bin/#x\"\n"), 0, "'#' inside quotes");
	is_str(c.shell, "/bin/#x", "'#' inside quotes is literal");
	config_free(&c);

	/* line length: 4096 is the last length accepted */
	cfg_errors_n(longline, 5000, "t.conf:1:1: line too long");
	buf = malloc(4200);
	memcpy(buf, "version 1\n", 10);
	memset(buf + 10, 'y', 4097);
	memcpy(buf + 4107, "\nfoo\n", 5);
	cfg_errors_n(buf, 4112, "t.conf:2:1: line too long", "t.conf:3:1: unknown directive 'foo'");
	maxline = repeat(' ', 4096);
	memcpy(maxline, "version 1", 9);
	maxline[4095] = '#';
	cfg_errors_n(maxline, 4096);
	free(maxline);
	free(buf);
	free(longline);

	/* no NUL termination: the last token runs to the very end of the buffer */
	config_init(&c);
	is_uint(cfg_parse_n(&c, &d, "version 1\nshell /bin/zsh", 24), 0, "unterminated buffer parses");
	is_str(c.shell, "/bin/zsh", "last token ends at len");
	is_uint(cfg_parse_n(&c, &d, "version 1\nshell /bin/zsh", 21), 1, "len cuts the token short");
	is_str(d.msg[0], "t.conf:2:7: invalid path '/bin/': trailing '/'", "only len bytes are read");
	diag_free(&d);
	config_free(&c);
	cfg_errors_n("version 1\nshell \"/bin/zsh\"", 25, "t.conf:2:7: unterminated quote");
	cfg_errors_n("version 1\nshell \"/bin/zsh\"", 26);
	cfg_errors_n("version 1\nshell \"/bin/zsh\\\"", 27, "t.conf:2:7: unterminated quote");
	cfg_errors_n("version 1\n#", 11);
	cfg_errors_n("v", 1, "t.conf:1:1: expected 'version 1' as the first directive",
		     "t.conf:1:1: unknown directive 'v'");

	/* messages never carry raw non-ASCII or escape bytes from the file */
	cfg_errors("version 1\nsh\xc3\xa9ll /bin/sh\n", "t.conf:2:1: unknown directive 'sh??ll'");
}

/* ---- secure_shell.conf ---- */

static void test_config_defaults(void)
{
	struct ss_config c;

	config_init(&c);
	is_str(c.home_base, "/home", "default home_base");
	is_int(c.identity, SS_ID_ENV, "default identity");
	is_str(c.shell, "/bin/bash", "default shell");
	is_str(c.default_profile, "default", "default default_profile");
	is_str(c.state_dir, "/var/lib/secure_shell", "default state_dir");
	is_str(c.skel, "/etc/skel", "default skel");
	is_str(c.path, "/usr/local/bin:/usr/bin:/bin", "default path");
	is_str(c.cgroup_parent, "secure_shell", "default cgroup_parent");
	is_uint(c.n_match, 0, "no matches by default");
	is_str(config_profile_for(&c, "alice"), "default", "no match: default_profile");
	config_free(&c);
	config_free(&c);
	ok(1, "config_free twice is harmless");
}

static void test_config_values(void)
{
	struct ss_config c;
	struct ss_diag d = { 0 };
	const char *text = "version 1\n"
			   "home_base /srv/home\n"
			   "identity pam\n"
			   "shell /usr/bin/zsh\n"
			   "default_profile basic\n"
			   "match dev-* developer\n"
			   "match dev-ops ops\n"
			   "match [ab]?x* ab\n"
			   "state_dir /var/lib/ss\n"
			   "skel none\n"
			   "path /opt/bin:/usr/bin\n"
			   "cgroup_parent system.slice/secure-shell@site_1\n";

	config_init(&c);
	is_uint(cfg_parse(&c, &d, text), 0, "full config parses");
	is_uint(d.total, 0, "no diagnostics");
	is_str(c.home_base, "/srv/home", "home_base");
	is_int(c.identity, SS_ID_PAM, "identity pam");
	is_str(c.shell, "/usr/bin/zsh", "shell");
	is_str(c.default_profile, "basic", "default_profile");
	is_uint(c.n_match, 3, "three matches");
	is_str(c.match[0].glob, "dev-*", "match glob");
	is_str(c.match[0].profile, "developer", "match profile");
	is_str(c.state_dir, "/var/lib/ss", "state_dir");
	ok(c.skel == NULL, "skel none gives NULL");
	is_str(c.path, "/opt/bin:/usr/bin", "path");
	is_str(c.cgroup_parent, "system.slice/secure-shell@site_1", "cgroup_parent");

	is_str(config_profile_for(&c, "dev-ops"), "developer", "first match wins over a later exact one");
	is_str(config_profile_for(&c, "dev-"), "developer", "'*' matches empty");
	is_str(config_profile_for(&c, "bob"), "basic", "no match: default_profile");
	is_str(config_profile_for(&c, "bqxe"), "ab", "bracket and '?' patterns");
	is_str(config_profile_for(&c, "cxe"), "basic", "bracket pattern not matching");
	is_str(config_profile_for(&c, "ops"), "basic", "profile names are not matched");
	is_str(config_profile_for(&c, NULL), "basic", "NULL name: default_profile");
	config_free(&c);

	config_init(&c);
	is_uint(cfg_parse(&c, &d, "version 1\nidentity env\nskel /etc/skel.ss\npath /bin\n"), 0, "identity env");
	is_int(c.identity, SS_ID_ENV, "identity env stored");
	is_str(c.skel, "/etc/skel.ss", "skel path stored");
	is_str(c.path, "/bin", "single-element path");
	config_free(&c);
}

static void test_config_errors(void)
{
	char *s = malloc(1100);
	char *many;
	size_t off;

	cfg_errors("version 1\nfrobnicate 1\n", "t.conf:2:1: unknown directive 'frobnicate'");
	cfg_errors("version 1\nshell /bin/sh\nshell /bin/zsh\n", "t.conf:3:1: duplicate 'shell' (first set at line 2)");
	cfg_errors("version 1\nidentity env\n identity pam\n",
		   "t.conf:3:2: duplicate 'identity' (first set at line 2)");
	cfg_errors("version 1\nshell\n", "t.conf:2:1: 'shell' takes 1 argument, got 0");
	cfg_errors("version 1\nmatch a\n", "t.conf:2:1: 'match' takes 2 arguments, got 1");
	cfg_errors("version 1\nmatch a b c\n", "t.conf:2:1: 'match' takes 2 arguments, got 3");
	cfg_errors("version 1\nshell /usr/../bin/sh\n",
		   "t.conf:2:7: invalid path '/usr/../bin/sh': contains a '.' or '..' component");
	cfg_errors("version 1\nshell bin/sh\n", "t.conf:2:7: invalid path 'bin/sh': not absolute");
	cfg_errors("version 1\nshell /bin//sh\n", "t.conf:2:7: invalid path '/bin//sh': contains '//'");
	cfg_errors("version 1\nhome_base /home/\n", "t.conf:2:11: invalid path '/home/': trailing '/'");
	cfg_errors("version 1\nhome_base /\n", "t.conf:2:11: 'home_base' may not be '/'");
	cfg_errors("version 1\nstate_dir /\n", "t.conf:2:11: 'state_dir' may not be '/'");
	cfg_errors("version 1\nidentity ldap\n", "t.conf:2:10: identity must be 'env' or 'pam', got 'ldap'");
	cfg_errors("version 1\ndefault_profile a.b\n",
		   "t.conf:2:17: invalid profile name 'a.b' (expected 1-64 of [a-z0-9_-], not starting with '-')");
	cfg_errors("version 1\nmatch Dev* dev\n",
		   "t.conf:2:7: invalid match pattern 'Dev*' (expected 1-64 of [a-z0-9_*?[]!-])");
	cfg_errors("version 1\nmatch \"\" ../x\n",
		   "t.conf:2:7: invalid match pattern '' (expected 1-64 of [a-z0-9_*?[]!-])",
		   "t.conf:2:10: invalid profile name '../x' (expected 1-64 of [a-z0-9_-], not starting with '-')");
	cfg_errors("version 1\nmatch a\\* dev\n",
		   "t.conf:2:7: invalid match pattern 'a\\*' (expected 1-64 of [a-z0-9_*?[]!-])");
	cfg_errors("version 1\nskel etc/skel\n", "t.conf:2:6: invalid path 'etc/skel': not absolute");
	cfg_errors("version 1\npath /bin::/usr/bin\n", "t.conf:2:6: 'path' has an empty element");
	cfg_errors("version 1\npath /bin:\n", "t.conf:2:6: 'path' has an empty element");
	cfg_errors("version 1\npath :/bin\n", "t.conf:2:6: 'path' has an empty element");
	cfg_errors("version 1\npath /bin:.\n", "t.conf:2:6: invalid element '.' in 'path': not absolute");
	cfg_errors("version 1\npath /bin:/a/../b\n",
		   "t.conf:2:6: invalid element '/a/../b' in 'path': contains a '.' or '..' component");
	/* "version 1\npath " is 15 bytes, the value follows: 1024 bytes is one too many */
	memcpy(s, "version 1\npath /", 16);
	memset(s + 16, 'p', 1023);
	memcpy(s + 15 + 1024, "\n", 2);
	cfg_errors(s, "t.conf:2:6: 'path' is too long (at most 1023 bytes)");
	memcpy(s + 15 + 1023, "\n", 2);
	cfg_errors(s);
	free(s);

	/* several errors, each on its own line, and the good lines still count */
	cfg_errors("version 1\n"
		   "shell /bin/sh\n"
		   "bogus\n"
		   "shell /bin/zsh\n"
		   "\n"
		   "home_base \"/x\n"
		   "identity  nope\n",
		   "t.conf:3:1: unknown directive 'bogus'", "t.conf:4:1: duplicate 'shell' (first set at line 2)",
		   "t.conf:6:11: unterminated quote", "t.conf:7:11: identity must be 'env' or 'pam', got 'nope'");

	/* 1024 matches are fine, the 1025th is not */
	many = malloc(10 + 1025 * 10 + 1);
	off = (size_t)sprintf(many, "version 1\n");
	for (int i = 0; i < 1025; i++)
		off += (size_t)sprintf(many + off, "match a b\n");
	cfg_errors(many, "t.conf:1026:1: too many 'match' lines (at most 1024)");
	free(many);
}

static void test_diag_overflow(void)
{
	struct ss_config c;
	struct ss_diag d = { 0 };
	char *text = malloc(10 + 100 * 4 + 1);
	size_t off = (size_t)sprintf(text, "version 1\n");
	size_t ret;

	for (int i = 0; i < 100; i++)
		off += (size_t)sprintf(text + off, "xy\n");
	config_init(&c);
	ret = cfg_parse(&c, &d, text);
	is_uint(ret, 100, "all 100 errors counted in the return value");
	is_uint(d.total, 100, "all 100 errors counted in total");
	is_uint(d.n, SS_DIAG_MAX, "SS_DIAG_MAX stored");
	ok(d.total > d.n, "total > n after overflow");
	is_str(d.msg[SS_DIAG_MAX - 1], "t.conf:65:1: unknown directive 'xy'", "last stored message");
	/* a second parse with the same diag keeps counting and returns only its own errors */
	is_uint(cfg_parse(&c, &d, "version 1\nxy\n"), 1, "second parse returns its own count");
	is_uint(d.total, 101, "total accumulates across parses");
	diag_free(&d);
	config_free(&c);
	free(text);
}

/* ---- NAME.profile ---- */

static void test_profile_values(void)
{
	struct ss_profile p;
	const char *text = "version 1\n"
			   "include base\n"
			   "include net-tools\n"
			   "shell /bin/zsh\n"
			   "hostname box-1.example\n"
			   "umask 0027\n"
			   "bind_ro /usr/share/doc\n"
			   "bind_rw /srv/data /data\n"
			   "hide /etc/shadow\n"
			   "tmpfs /scratch 64M\n"
			   "tmpfs /cache\n"
			   "bind_ro /home/shared /homework\n"
			   "env_keep LANG LC_ALL TERM\n"
			   "env_keep ld_preload\n"
			   "env_set EDITOR vim\n"
			   "env_set GREETING \"hello, \\\"world\\\"\"\n"
			   "env_set EMPTY \"\"\n";

	profile_init(&p);
	ok(p.shell == NULL && p.hostname == NULL && !p.umask_set && p.umask == 077, "profile defaults");
	ok(p.n_mounts == 0 && p.n_env_keep == 0 && p.n_env_set == 0 && p.n_includes == 0, "empty lists");
	profile_free(&p);

	prof_ok(&p, text, "full profile");
	is_uint(p.n_includes, 2, "two includes");
	is_str(p.includes[0], "base", "include 1");
	is_str(p.includes[1], "net-tools", "include 2");
	is_str(p.shell, "/bin/zsh", "shell");
	is_str(p.hostname, "box-1.example", "hostname");
	ok(p.umask_set, "umask set");
	is_int(p.umask, 027, "umask value");
	is_uint(p.n_mounts, 6, "six mounts");
	is_int(p.mounts[0].kind, SS_MNT_BIND_RO, "bind_ro kind");
	is_str(p.mounts[0].src, "/usr/share/doc", "bind_ro src");
	is_str(p.mounts[0].dest, "/usr/share/doc", "bind_ro dest defaults to src");
	is_str(p.mounts[0].where, "p.profile:7", "where is file:line");
	is_int(p.mounts[1].kind, SS_MNT_BIND_RW, "bind_rw kind");
	is_str(p.mounts[1].src, "/srv/data", "bind_rw src");
	is_str(p.mounts[1].dest, "/data", "bind_rw dest");
	is_int(p.mounts[2].kind, SS_MNT_HIDE, "hide kind");
	ok(p.mounts[2].src == NULL, "hide has no src");
	is_str(p.mounts[2].dest, "/etc/shadow", "hide dest");
	is_int(p.mounts[3].kind, SS_MNT_TMPFS, "tmpfs kind");
	ok(p.mounts[3].src == NULL, "tmpfs has no src");
	is_str(p.mounts[3].dest, "/scratch", "tmpfs dest");
	is_uint(p.mounts[3].size, 64ULL << 20, "tmpfs size");
	is_uint(p.mounts[4].size, 0, "tmpfs without size: 0");
	is_str(p.mounts[5].src, "/home/shared", "bind source may be under /home");
	is_str(p.mounts[5].dest, "/homework", "'/homework' is not under /home");
	is_str(p.mounts[5].where, "p.profile:12", "where of line 12");
	is_uint(p.n_env_keep, 4, "four env_keep names");
	is_str(p.env_keep[0], "LANG", "env_keep 1");
	is_str(p.env_keep[2], "TERM", "env_keep 3");
	is_str(p.env_keep[3], "ld_preload", "lower-case ld_preload is just a name");
	is_uint(p.n_env_set, 3, "three env_set");
	is_str(p.env_set[0].name, "EDITOR", "env_set name");
	is_str(p.env_set[0].value, "vim", "env_set value");
	is_str(p.env_set[1].value, "hello, \"world\"", "env_set quoted value");
	is_str(p.env_set[2].value, "", "env_set empty value");
	profile_free(&p);

	prof_ok(&p, "version 1\numask 022\n", "umask 022");
	is_int(p.umask, 022, "three-digit umask");
	profile_free(&p);
	prof_ok(&p, "version 1\numask 0777\nhostname Z\n", "umask 0777");
	is_int(p.umask, 0777, "umask 0777");
	is_str(p.hostname, "Z", "one-letter hostname");
	profile_free(&p);
	profile_free(&p);
	ok(1, "profile_free twice is harmless");
}

static void test_profile_dest(void)
{
	static const char *const refused[] = { "/",	     "/proc",	  "/proc/sys",	   "/dev",     "/dev/shm",
					       "/home",	     "/home/x",	  "/tmp",	   "/tmp/a/b", "/var/tmp",
					       "/var/tmp/x", "/run/user", "/run/user/1000" };
	static const char *const allowed[] = { "/homework", "/home2",	   "/procfs", "/device",    "/tmpx",
					       "/var",	    "/var/tmpfoo", "/run",    "/run/users", "/run/usr" };
	char text[256], want[512];
	struct ss_profile p;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "version 1\ntmpfs %s\n", refused[i]);
		snprintf(want, sizeof(want),
			 "p.profile:2:7: '%s' is managed by the launcher: profiles may not mount on /, /proc, /dev, "
			 "/home, /tmp, /var/tmp or /run/user",
			 refused[i]);
		prof_errors(text, want);
	}
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		snprintf(text, sizeof(text), "version 1\nhide %s\n", allowed[i]);
		prof_ok(&p, text, allowed[i]);
		is_uint(p.n_mounts, 1, "'%s' accepted as a destination", allowed[i]);
		profile_free(&p);
	}
	prof_errors("version 1\nbind_ro /srv /home/x\n",
		    "p.profile:2:14: '/home/x' is managed by the launcher: profiles may not mount on /, /proc, /dev, "
		    "/home, /tmp, /var/tmp or /run/user");
	prof_errors("version 1\nbind_rw /tmp\n",
		    "p.profile:2:9: '/tmp' is managed by the launcher: profiles may not mount on /, /proc, /dev, "
		    "/home, /tmp, /var/tmp or /run/user");
	prof_errors("version 1\nhide /home\n",
		    "p.profile:2:6: '/home' is managed by the launcher: profiles may not mount on /, /proc, /dev, "
		    "/home, /tmp, /var/tmp or /run/user");
	prof_errors("version 1\nbind_ro a/../b /x/./y\n", "p.profile:2:9: invalid path 'a/../b': not absolute",
		    "p.profile:2:16: invalid path '/x/./y': contains a '.' or '..' component");
	prof_errors("version 1\nbind_ro /a/../b\n",
		    "p.profile:2:9: invalid path '/a/../b': contains a '.' or '..' component");
}

static void test_profile_errors(void)
{
	char *s;

	prof_errors("version 1\nbind_ro /a /b /c\n", "p.profile:2:1: 'bind_ro' takes 1 or 2 arguments, got 3");
	prof_errors("version 1\nbind_rw\n", "p.profile:2:1: 'bind_rw' takes 1 or 2 arguments, got 0");
	prof_errors("version 1\nhide /a /b\n", "p.profile:2:1: 'hide' takes 1 argument, got 2");
	prof_errors("version 1\nenv_set A\n", "p.profile:2:1: 'env_set' takes 2 arguments, got 1");
	prof_errors("version 1\nenv_keep\n", "p.profile:2:1: 'env_keep' takes 1 to 16 arguments, got 0");
	prof_errors("version 1\nenv_keep A B C D E F G H I J K L M N O P Q\n",
		    "p.profile:2:1: 'env_keep' takes 1 to 16 arguments, got 17");
	prof_errors("version 1\nmatch a b\n", "p.profile:2:1: unknown directive 'match'");
	prof_errors("version 1\nshell /bin/sh\nshell /bin/sh\n",
		    "p.profile:3:1: duplicate 'shell' (first set at line 2)");
	prof_errors("version 1\numask 022\numask 077\n", "p.profile:3:1: duplicate 'umask' (first set at line 2)");
	prof_errors("version 1\nhostname a\nhostname b\n", "p.profile:3:1: duplicate 'hostname' (first set at line 2)");
	prof_errors(
		"version 1\ninclude ../secret\n",
		"p.profile:2:9: invalid profile name '../secret' (expected 1-64 of [a-z0-9_-], not starting with '-')");

	/* every bad line is reported, in order, and the good ones in between are kept */
	prof_errors("version 1\n"
		    "bind_ro /usr\n"
		    "bind_ro /srv /home/x\n"
		    "# comment\n"
		    "tmpfs /t 0\n"
		    "env_keep LANG LD_PRELOAD\n"
		    "umask 1777\n"
		    "hostname ok\n"
		    "hide \"/a b/..\"\n",
		    "p.profile:3:14: '/home/x' is managed by the launcher: profiles may not mount on /, /proc, /dev, "
		    "/home, /tmp, /var/tmp or /run/user",
		    "p.profile:5:10: invalid size '0' (expected a positive number with an optional k, m, g or t suffix)",
		    "p.profile:6:15: environment variable 'LD_PRELOAD' may not be passed into the sandbox",
		    "p.profile:7:7: invalid umask '1777' (expected 3 or 4 octal digits, at most 0777)",
		    "p.profile:9:6: invalid path '/a b/..': contains a '.' or '..' component");

	/* tokens beyond what is stored are still counted */
	s = malloc(4200);
	strcpy(s, "version 1\nenv_keep");
	for (int i = 0; i < 2000; i++)
		strcat(s, " A");
	strcat(s, "\n");
	prof_errors(s, "p.profile:2:1: 'env_keep' takes 1 to 16 arguments, got 2000");
	free(s);

	/* sizes */
	prof_errors(
		"version 1\ntmpfs /x 0\n",
		"p.profile:2:10: invalid size '0' (expected a positive number with an optional k, m, g or t suffix)");
	prof_errors(
		"version 1\ntmpfs /x 12q\n",
		"p.profile:2:10: invalid size '12q' (expected a positive number with an optional k, m, g or t suffix)");
	prof_errors(
		"version 1\ntmpfs /x max\n",
		"p.profile:2:10: invalid size 'max' (expected a positive number with an optional k, m, g or t suffix)");
	prof_errors(
		"version 1\ntmpfs /x -1\n",
		"p.profile:2:10: invalid size '-1' (expected a positive number with an optional k, m, g or t suffix)");

	/* umask and hostname */
	prof_errors("version 1\numask 1777\n",
		    "p.profile:2:7: invalid umask '1777' (expected 3 or 4 octal digits, at most 0777)");
	prof_errors("version 1\numask 088\n",
		    "p.profile:2:7: invalid umask '088' (expected 3 or 4 octal digits, at most 0777)");
	prof_errors("version 1\numask 77\n",
		    "p.profile:2:7: invalid umask '77' (expected 3 or 4 octal digits, at most 0777)");
	prof_errors("version 1\numask 00022\n",
		    "p.profile:2:7: invalid umask '00022' (expected 3 or 4 octal digits, at most 0777)");
	prof_errors(
		"version 1\nhostname -x\n",
		"p.profile:2:10: invalid hostname '-x' (expected 1-64 of [A-Za-z0-9.-], not starting with '-' or '.')");
	prof_errors(
		"version 1\nhostname .x\n",
		"p.profile:2:10: invalid hostname '.x' (expected 1-64 of [A-Za-z0-9.-], not starting with '-' or '.')");
	prof_errors(
		"version 1\nhostname a_b\n",
		"p.profile:2:10: invalid hostname 'a_b' (expected 1-64 of [A-Za-z0-9.-], not starting with '-' or '.')");
	prof_errors(
		"version 1\nhostname \"\"\n",
		"p.profile:2:10: invalid hostname '' (expected 1-64 of [A-Za-z0-9.-], not starting with '-' or '.')");
	s = malloc(200);
	sprintf(s, "version 1\nhostname %s\n", "h234567890123456789012345678901234567890123456789012345678901234");
	prof_errors(s);
	sprintf(s, "version 1\nhostname %s\n", "h2345678901234567890123456789012345678901234567890123456789012345");
	prof_errors(s, "p.profile:2:10: invalid hostname "
		       "'h2345678901234567890123456789012345678901234567890123456789012345' "
		       "(expected 1-64 of [A-Za-z0-9.-], not starting with '-' or '.')");
	free(s);
}

static void test_profile_env(void)
{
	static const char *const forbidden[] = {
		"USER",
		"LOGNAME",
		"HOME",
		"SHELL",
		"PATH",
		"MAIL",
		"LD_PRELOAD",
		"LD_LIBRARY_PATH",
		"LD_AUDIT",
		"BASH_ENV",
		"ENV",
		"BASH_FUNC_x",
		"IFS",
		"PS4",
		"SHELLOPTS",
		"BASHOPTS",
		"GLOBIGNORE",
		"PYTHONSTARTUP",
		"PERL5OPT",
		"PERL5LIB",
		"PYTHONPATH",
		"RUBYOPT",
		"NODE_OPTIONS",
		"GCONV_PATH",
		"LOCPATH",
		"HOSTALIASES",
		"RESOLV_HOST_CONF",
		"TMPDIR",
		"MALLOC_CHECK_",
		"MALLOC_ARENA_MAX",
		"GLIBC_TUNABLES",
		"SSH_AUTH_SOCK",
		"XDG_RUNTIME_DIR",
		"DBUS_SESSION_BUS_ADDRESS",
		"NLSPATH",
	};
	static const char *const allowed[] = { "LANG", "TERM",	      "PATHS",	"USERNAME", "HOMEDIR",	 "ENVY",
					       "LD",   "XLD_PRELOAD", "MALLOC", "PS1",	    "ld_preload" };
	char text[256], want[256];
	struct ss_profile p;
	char *v;

	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		snprintf(text, sizeof(text), "version 1\nenv_keep %s\n", forbidden[i]);
		snprintf(want, sizeof(want),
			 "p.profile:2:10: environment variable '%s' may not be passed into the sandbox", forbidden[i]);
		prof_errors(text, want);
		snprintf(text, sizeof(text), "version 1\nenv_set %s x\n", forbidden[i]);
		snprintf(want, sizeof(want),
			 "p.profile:2:9: environment variable '%s' may not be passed into the sandbox", forbidden[i]);
		prof_errors(text, want);
	}
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		snprintf(text, sizeof(text), "version 1\nenv_keep %s\n", allowed[i]);
		prof_ok(&p, text, allowed[i]);
		is_uint(p.n_env_keep, 1, "'%s' may be kept", allowed[i]);
		profile_free(&p);
	}
	prof_errors("version 1\nenv_keep LANG LD_PRELOAD TERM 9X\n",
		    "p.profile:2:15: environment variable 'LD_PRELOAD' may not be passed into the sandbox",
		    "p.profile:2:31: invalid environment variable name '9X'");
	prof_errors("version 1\nenv_set A-B x\n", "p.profile:2:9: invalid environment variable name 'A-B'");
	prof_errors("version 1\nenv_set A caf\xc3\xa9\n",
		    "p.profile:2:11: value of 'A' contains a byte outside printable ASCII");

	v = malloc(1200);
	memcpy(v, "version 1\nenv_set V ", 20);
	memset(v + 20, 'v', 1024);
	strcpy(v + 1044, "\n");
	prof_ok(&p, v, "1024-byte value");
	is_uint(strlen(p.env_set[0].value), 1024, "1024-byte value stored");
	profile_free(&p);
	memset(v + 20, 'v', 1025);
	strcpy(v + 1045, "\n");
	prof_errors(v, "p.profile:2:11: value of 'V' is longer than 1024 bytes");
	free(v);
}

static void test_profile_limits(void)
{
	char *text = malloc(64 * 1024);
	size_t off;

	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 257; i++)
		off += (size_t)sprintf(text + off, "hide /m%d\n", i);
	prof_errors(text, "p.profile:258:1: too many mounts (at most 256)");

	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 8; i++)
		off += (size_t)sprintf(text + off, "env_keep A B C D E F G H I J K L M N O P\n");
	prof_errors(text);
	sprintf(text + off, "env_keep Z\n");
	prof_errors(text, "p.profile:10:1: too many 'env_keep' names (at most 128)");

	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 129; i++)
		off += (size_t)sprintf(text + off, "env_set V%d x\n", i);
	prof_errors(text, "p.profile:130:1: too many 'env_set' lines (at most 128)");
	free(text);
}

static void test_profile_merge(void)
{
	struct ss_profile dst, src, empty;

	prof_ok(&dst,
		"version 1\nshell /bin/sh\nhostname host\numask 022\nbind_ro /a\nenv_keep LANG\n"
		"env_set A 1\ninclude x\n",
		"merge dst");
	prof_ok(&src, "version 1\nshell /bin/zsh\ntmpfs /t 1k\nenv_keep TERM\nenv_set B 2\ninclude y\n", "merge src");
	profile_merge(&dst, &src);
	is_str(dst.shell, "/bin/zsh", "src shell wins");
	is_str(dst.hostname, "host", "unset hostname in src keeps dst's");
	ok(dst.umask_set && dst.umask == 022, "unset umask in src keeps dst's");
	is_uint(dst.n_mounts, 2, "mounts appended");
	is_str(dst.mounts[0].dest, "/a", "dst mount first");
	is_str(dst.mounts[1].dest, "/t", "src mount after");
	is_uint(dst.mounts[1].size, 1024, "mount size copied");
	is_str(dst.mounts[1].where, "p.profile:3", "mount where copied");
	is_uint(dst.n_env_keep, 2, "env_keep appended");
	is_str(dst.env_keep[1], "TERM", "env_keep from src");
	is_uint(dst.n_env_set, 2, "env_set appended");
	is_str(dst.env_set[1].name, "B", "env_set from src");
	is_uint(dst.n_includes, 1, "src includes are not copied");
	is_str(dst.includes[0], "x", "dst includes kept");

	/* deep copies: src can go away */
	profile_free(&src);
	is_str(dst.mounts[1].dest, "/t", "mount survives freeing src");
	is_str(dst.env_set[1].value, "2", "env_set survives freeing src");

	prof_ok(&src, "version 1\numask 0077\nhostname other\n", "merge src 2");
	profile_merge(&dst, &src);
	profile_merge(&dst, &src);
	ok(dst.umask_set && dst.umask == 077, "src umask wins");
	is_str(dst.hostname, "other", "src hostname wins");
	is_str(dst.shell, "/bin/zsh", "unset shell keeps dst's");
	is_uint(dst.n_mounts, 2, "merging a profile without lists adds nothing");

	profile_init(&empty);
	profile_merge(&empty, &dst);
	is_uint(empty.n_mounts, 2, "merge into an empty profile");
	is_str(empty.shell, "/bin/zsh", "shell into an empty profile");
	ok(empty.n_includes == 0, "no includes into an empty profile");

	profile_merge(&dst, &dst);
	is_uint(dst.n_mounts, 4, "self-merge doubles the lists");
	is_str(dst.mounts[3].dest, "/t", "self-merge copies correctly");
	is_str(dst.shell, "/bin/zsh", "self-merge keeps the shell");
	is_uint(dst.n_env_set, 4, "self-merge env_set");

	profile_free(&src);
	profile_free(&dst);
	profile_free(&empty);
}

/* ---- confinement directives ---- */

static void test_confinement_values(void)
{
	struct ss_profile p;
	const char *text = "version 1\n"
			   "seccomp_mode allowlist\n"
			   "seccomp_action kill\n"
			   "seccomp deny @default openat\n"
			   "landlock best_effort\n"
			   "landlock_abi 42\n"
			   "landlock_rw /srv/data \"/var/lib/my app\"\n"
			   "seccomp allow @mount read _sysctl\n"
			   "landlock_rw /opt\n"
			   "apparmor secure_shell//user:alice+x.y-z\n";

	profile_init(&p);
	ok(!p.seccomp_mode_set && p.seccomp_mode == SS_SECCOMP_DENYLIST, "default seccomp_mode denylist");
	ok(!p.seccomp_action_set && p.seccomp_action == SS_SECCOMP_ERRNO, "default seccomp_action errno");
	ok(!p.landlock_set && p.landlock == SS_LANDLOCK_ON, "default landlock on");
	ok(!p.landlock_abi_set && p.landlock_abi == 1, "default landlock_abi 1");
	ok(p.apparmor == NULL && p.n_seccomp == 0 && p.seccomp == NULL && p.n_landlock_rw == 0 && p.landlock_rw == NULL,
	   "confinement lists empty, apparmor NULL");
	profile_free(&p);

	prof_ok(&p, text, "confinement profile");
	ok(p.seccomp_mode_set && p.seccomp_mode == SS_SECCOMP_ALLOWLIST, "seccomp_mode allowlist");
	ok(p.seccomp_action_set && p.seccomp_action == SS_SECCOMP_KILL, "seccomp_action kill");
	ok(p.landlock_set && p.landlock == SS_LANDLOCK_BEST_EFFORT, "landlock best_effort");
	ok(p.landlock_abi_set && p.landlock_abi == 42, "landlock_abi 42");
	is_uint(p.n_seccomp, 5, "five seccomp rules");
	if (p.n_seccomp == 5) {
		ok(!p.seccomp[0].allow, "rule 1 deny");
		is_str(p.seccomp[0].name, "@default", "rule 1 name: known group @default");
		is_str(p.seccomp[0].where, "p.profile:4", "rule 1 where");
		ok(!p.seccomp[1].allow, "rule 2 deny");
		is_str(p.seccomp[1].name, "openat", "rule 2 name: openat");
		is_str(p.seccomp[1].where, "p.profile:4", "rule 2 where");
		ok(p.seccomp[2].allow, "rule 3 allow");
		is_str(p.seccomp[2].name, "@mount", "rule 3 name");
		is_str(p.seccomp[2].where, "p.profile:8", "rule 3 where");
		is_str(p.seccomp[3].name, "read", "rule 4 name");
		ok(p.seccomp[4].allow, "rule 5 allow");
		is_str(p.seccomp[4].name, "_sysctl", "rule 5 name");
	}
	is_uint(p.n_landlock_rw, 3, "three landlock_rw paths");
	if (p.n_landlock_rw == 3) {
		is_str(p.landlock_rw[0], "/srv/data", "landlock_rw 1");
		is_str(p.landlock_rw[1], "/var/lib/my app", "landlock_rw 2 (quoted)");
		is_str(p.landlock_rw[2], "/opt", "landlock_rw 3 (second line)");
	}
	is_str(p.apparmor, "secure_shell//user:alice+x.y-z", "apparmor");
	profile_free(&p);
	ok(p.n_seccomp == 0 && p.seccomp == NULL && p.apparmor == NULL && p.landlock_abi == 1,
	   "profile_free resets the confinement fields");

	prof_ok(&p, "version 1\nseccomp_mode denylist\nseccomp_action errno\nlandlock off\nlandlock_abi 1\n",
		"explicit defaults");
	ok(p.seccomp_mode_set && p.seccomp_mode == SS_SECCOMP_DENYLIST, "explicit denylist is set");
	ok(p.seccomp_action_set && p.seccomp_action == SS_SECCOMP_ERRNO, "explicit errno is set");
	ok(p.landlock_set && p.landlock == SS_LANDLOCK_OFF, "landlock off");
	ok(p.landlock_abi_set && p.landlock_abi == 1, "landlock_abi 1");
	profile_free(&p);

	prof_ok(&p, "version 1\nlandlock on\nlandlock_abi 99\napparmor unconfined\n", "landlock on, abi 99");
	ok(p.landlock_set && p.landlock == SS_LANDLOCK_ON, "landlock on");
	is_uint(p.landlock_abi, 99, "landlock_abi 99");
	is_str(p.apparmor, "unconfined", "apparmor unconfined");
	profile_free(&p);

	/* every group name is accepted; group members need not exist on this architecture */
	for (size_t i = 0; i < ss_n_syscall_groups; i++) {
		char text2[128];

		snprintf(text2, sizeof(text2), "version 1\nseccomp deny %s\n", ss_syscall_groups[i].name);
		prof_ok(&p, text2, ss_syscall_groups[i].name);
		ok(p.n_seccomp == 1 && strcmp(p.seccomp[0].name, ss_syscall_groups[i].name) == 0, "group %s stored",
		   ss_syscall_groups[i].name);
		profile_free(&p);
	}

	/* 32 names on one line is the most */
	prof_ok(&p,
		"version 1\nseccomp allow read write openat close fstat mmap munmap brk exit exit_group "
		"getpid getppid getuid geteuid getgid getegid dup dup2 dup3 pipe pipe2 lseek pread64 pwrite64 "
		"readv writev access faccessat faccessat2 chdir fchdir uname\n",
		"32 names");
	is_uint(p.n_seccomp, 32, "32 rules from one line");
	if (p.n_seccomp == 32)
		is_str(p.seccomp[31].name, "uname", "last of 32");
	profile_free(&p);

	/* a 255-byte AppArmor name */
	{
		char *name = repeat('a', 255), *text3 = malloc(300);

		sprintf(text3, "version 1\napparmor %s\n", name);
		prof_ok(&p, text3, "255-byte apparmor name");
		is_uint(p.apparmor ? strlen(p.apparmor) : 0, 255, "255-byte apparmor name stored");
		profile_free(&p);
		free(name);
		free(text3);
	}
}

static void test_confinement_errors(void)
{
	char *s, *t;

	/* seccomp */
	prof_errors("version 1\nseccomp permit read\n",
		    "p.profile:2:9: seccomp takes 'allow' or 'deny' first, got 'permit'");
	prof_errors("version 1\nseccomp read allow\n",
		    "p.profile:2:9: seccomp takes 'allow' or 'deny' first, got 'read'",
		    "p.profile:2:14: unknown system call 'allow'");
	prof_errors("version 1\nseccomp deny\n", "p.profile:2:1: 'seccomp' takes 2 to 33 arguments, got 1");
	prof_errors("version 1\nseccomp\n", "p.profile:2:1: 'seccomp' takes 2 to 33 arguments, got 0");
	prof_errors("version 1\nseccomp deny read write openat close fstat mmap munmap brk exit exit_group "
		    "getpid getppid getuid geteuid getgid getegid dup dup2 dup3 pipe pipe2 lseek pread64 pwrite64 "
		    "readv writev access faccessat faccessat2 chdir fchdir uname umask\n",
		    "p.profile:2:1: 'seccomp' takes 2 to 33 arguments, got 34");
	prof_errors("version 1\nseccomp deny not_a_syscall\n", "p.profile:2:14: unknown system call 'not_a_syscall'");
	prof_errors("version 1\nseccomp deny @nope\n", "p.profile:2:14: unknown syscall group '@nope'");
	prof_errors("version 1\nseccomp deny @\n", "p.profile:2:14: unknown syscall group '@'");
	prof_errors("version 1\nseccomp deny @Mount\n", "p.profile:2:14: unknown syscall group '@Mount'");
	prof_errors("version 1\nseccomp deny OPENAT\n", "p.profile:2:14: unknown system call 'OPENAT'");
	prof_errors("version 1\nseccomp deny open-at\n", "p.profile:2:14: unknown system call 'open-at'");
	prof_errors("version 1\nseccomp deny \"\"\n", "p.profile:2:14: unknown system call ''");
	prof_errors("version 1\nseccomp deny 257\n", "p.profile:2:14: unknown system call '257'");
	prof_errors("version 1\nseccomp deny x86_64\n", "p.profile:2:14: unknown system call 'x86_64'");
	prof_errors("version 1\nseccomp deny \"read \"\n", "p.profile:2:14: unknown system call 'read '");
	/* every bad name is reported; the caller sees all of them */
	prof_errors("version 1\nseccomp deny read bogus @bogus write\n", "p.profile:2:19: unknown system call 'bogus'",
		    "p.profile:2:25: unknown syscall group '@bogus'");
	s = repeat('a', 65);
	t = malloc(200);
	sprintf(t, "version 1\nseccomp deny %s\n", s);
	{
		char want[200];

		snprintf(want, sizeof(want), "p.profile:2:14: unknown system call '%s'", s);
		prof_errors(t, want);
	}
	free(s);
	free(t);

	/* a bad name drops the whole line, good lines around it are kept */
	{
		struct ss_profile p;
		struct ss_diag d = { 0 };

		profile_init(&p);
		is_uint(prof_parse(&p, &d,
				   "version 1\nseccomp deny ptrace\nseccomp allow read nosuch write\nseccomp deny kcmp\n"
				   "seccomp maybe read\n"),
			2, "two bad seccomp lines");
		is_uint(p.n_seccomp, 2, "no rule from the bad lines");
		if (p.n_seccomp == 2) {
			is_str(p.seccomp[0].name, "ptrace", "rule before the bad line");
			is_str(p.seccomp[1].name, "kcmp", "rule after the bad line");
			is_str(p.seccomp[1].where, "p.profile:4", "where of the rule after");
		}
		diag_free(&d);
		profile_free(&p);
	}

	/* keyword scalars */
	prof_errors("version 1\nseccomp_mode blocklist\n",
		    "p.profile:2:14: seccomp_mode takes 'denylist' or 'allowlist', got 'blocklist'");
	prof_errors("version 1\nseccomp_mode Denylist\n",
		    "p.profile:2:14: seccomp_mode takes 'denylist' or 'allowlist', got 'Denylist'");
	prof_errors("version 1\nseccomp_action eperm\n",
		    "p.profile:2:16: seccomp_action takes 'errno' or 'kill', got 'eperm'");
	prof_errors("version 1\nlandlock yes\n",
		    "p.profile:2:10: landlock takes 'on', 'off' or 'best_effort', got 'yes'");
	prof_errors("version 1\nlandlock best-effort\n",
		    "p.profile:2:10: landlock takes 'on', 'off' or 'best_effort', got 'best-effort'");
	prof_errors("version 1\nseccomp_mode\n", "p.profile:2:1: 'seccomp_mode' takes 1 argument, got 0");
	prof_errors("version 1\nseccomp_action errno kill\n",
		    "p.profile:2:1: 'seccomp_action' takes 1 argument, got 2");
	prof_errors("version 1\nlandlock on off\n", "p.profile:2:1: 'landlock' takes 1 argument, got 2");
	prof_errors("version 1\napparmor\n", "p.profile:2:1: 'apparmor' takes 1 argument, got 0");
	prof_errors("version 1\nlandlock_rw\n", "p.profile:2:1: 'landlock_rw' takes 1 to 16 arguments, got 0");
	prof_errors("version 1\nlandlock_rw /a /b /c /d /e /f /g /h /i /j /k /l /m /n /o /p /q\n",
		    "p.profile:2:1: 'landlock_rw' takes 1 to 16 arguments, got 17");

	/* duplicates */
	prof_errors("version 1\nseccomp_mode denylist\nseccomp_mode denylist\n",
		    "p.profile:3:1: duplicate 'seccomp_mode' (first set at line 2)");
	prof_errors("version 1\nseccomp_action kill\n\nseccomp_action errno\n",
		    "p.profile:4:1: duplicate 'seccomp_action' (first set at line 2)");
	prof_errors("version 1\nlandlock off\nlandlock on\n",
		    "p.profile:3:1: duplicate 'landlock' (first set at line 2)");
	prof_errors("version 1\nlandlock_abi 2\nlandlock_abi 3\n",
		    "p.profile:3:1: duplicate 'landlock_abi' (first set at line 2)");
	prof_errors("version 1\napparmor a\napparmor b\n", "p.profile:3:1: duplicate 'apparmor' (first set at line 2)");
	prof_errors("version 1\nseccomp deny ptrace\nseccomp deny kcmp\nlandlock_rw /a\nlandlock_rw /b\n");

	/* landlock_abi */
	static const char *const bad_abi[] = { "0", "100", "01", "-1", "+1", "1a", "", "abc", "999", " 1" };

	for (size_t i = 0; i < sizeof(bad_abi) / sizeof(bad_abi[0]); i++) {
		char text[64], want[128];

		snprintf(text, sizeof(text), "version 1\nlandlock_abi \"%s\"\n", bad_abi[i]);
		snprintf(want, sizeof(want), "p.profile:2:14: invalid Landlock ABI '%s' (expected 1-99)", bad_abi[i]);
		prof_errors(text, want);
	}

	/* landlock_rw */
	prof_errors("version 1\nlandlock_rw /\n", "p.profile:2:13: 'landlock_rw' may not be '/'");
	prof_errors("version 1\nlandlock_rw relative\n", "p.profile:2:13: invalid path 'relative': not absolute");
	prof_errors("version 1\nlandlock_rw /ok /a/ / /b//c\n", "p.profile:2:17: invalid path '/a/': trailing '/'",
		    "p.profile:2:21: 'landlock_rw' may not be '/'",
		    "p.profile:2:23: invalid path '/b//c': contains '//'");
	prof_errors("version 1\nlandlock_rw /x/../etc\n",
		    "p.profile:2:13: invalid path '/x/../etc': contains a '.' or '..' component");
	{
		struct ss_profile p;
		struct ss_diag d = { 0 };

		profile_init(&p);
		is_uint(prof_parse(&p, &d, "version 1\nlandlock_rw /a /b/\nlandlock_rw /c\n"), 1,
			"bad landlock_rw line");
		ok(p.n_landlock_rw == 1 && strcmp(p.landlock_rw[0], "/c") == 0, "bad landlock_rw line adds nothing");
		diag_free(&d);
		profile_free(&p);
	}

	/* apparmor */
	static const char *const bad_aa[] = { "-x", ".x", "a b", "a\\\\b", "caf\xc3\xa9", "a*", "a@b", "", "a,b" };

	for (size_t i = 0; i < sizeof(bad_aa) / sizeof(bad_aa[0]); i++) {
		char text[64], want[128];

		snprintf(text, sizeof(text), "version 1\napparmor \"%s\"\n", bad_aa[i]);
		snprintf(want, sizeof(want), "p.profile:2:10: invalid AppArmor profile name '%s'", bad_aa[i]);
		if (strcmp(bad_aa[i], "a\\\\b") == 0)
			snprintf(want, sizeof(want), "p.profile:2:10: invalid AppArmor profile name 'a\\b'");
		if (strcmp(bad_aa[i], "caf\xc3\xa9") == 0)
			snprintf(want, sizeof(want), "p.profile:2:10: invalid AppArmor profile name 'caf?\?'");
		prof_errors(text, want);
	}
	s = repeat('a', 256);
	t = malloc(300);
	sprintf(t, "version 1\napparmor %s\n", s);
	{
		char want[400];

		snprintf(want, sizeof(want), "p.profile:2:10: invalid AppArmor profile name '%s'", s);
		prof_errors(t, want);
	}
	free(s);
	free(t);
}

static void test_confinement_limits(void)
{
	char *text = malloc(128 * 1024);
	size_t off;
	struct ss_profile p;

	/* 1024 rules: 32 lines of 32 names */
	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 32; i++) {
		off += (size_t)sprintf(text + off, "seccomp deny");
		for (int j = 0; j < 32; j++)
			off += (size_t)sprintf(text + off, " read");
		off += (size_t)sprintf(text + off, "\n");
	}
	prof_ok(&p, text, "1024 seccomp rules");
	is_uint(p.n_seccomp, 1024, "1024 rules stored");
	profile_free(&p);
	sprintf(text + off, "seccomp allow write\n");
	prof_errors(text, "p.profile:34:1: too many seccomp rules (at most 1024)");
	/* a line that would cross the limit adds none of its rules */
	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 1023; i++)
		off += (size_t)sprintf(text + off, "seccomp deny read\n");
	sprintf(text + off, "seccomp deny write close\nseccomp deny close\n");
	{
		struct ss_diag d = { 0 };

		profile_init(&p);
		is_uint(prof_parse(&p, &d, text), 1, "line crossing the rule limit");
		if (d.n)
			is_str(d.msg[0], "p.profile:1025:1: too many seccomp rules (at most 1024)", "limit message");
		is_uint(p.n_seccomp, 1024, "line crossing the limit dropped, the next one fits");
		if (p.n_seccomp == 1024)
			is_str(p.seccomp[1023].name, "close", "last rule from the line after");
		diag_free(&d);
		profile_free(&p);
	}

	/* 64 landlock_rw paths: 4 lines of 16 */
	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 4; i++) {
		off += (size_t)sprintf(text + off, "landlock_rw");
		for (int j = 0; j < 16; j++)
			off += (size_t)sprintf(text + off, " /w%d", i * 16 + j);
		off += (size_t)sprintf(text + off, "\n");
	}
	prof_ok(&p, text, "64 landlock_rw paths");
	is_uint(p.n_landlock_rw, 64, "64 paths stored");
	if (p.n_landlock_rw == 64)
		is_str(p.landlock_rw[63], "/w63", "last path");
	profile_free(&p);
	sprintf(text + off, "landlock_rw /more\n");
	prof_errors(text, "p.profile:6:1: too many 'landlock_rw' paths (at most 64)");
	free(text);
}

static void test_confinement_merge(void)
{
	struct ss_profile dst, src, empty;
	char *text = malloc(64 * 1024);
	size_t off;

	prof_ok(&dst,
		"version 1\nseccomp_mode allowlist\nlandlock_abi 3\napparmor base\nseccomp allow @default\n"
		"landlock_rw /a\n",
		"confinement merge dst");
	prof_ok(&src, "version 1\nseccomp_action kill\nlandlock off\nseccomp deny ptrace openat\nlandlock_rw /b /c\n",
		"confinement merge src");
	profile_merge(&dst, &src);
	ok(dst.seccomp_mode_set && dst.seccomp_mode == SS_SECCOMP_ALLOWLIST, "unset seccomp_mode in src keeps dst's");
	ok(dst.seccomp_action_set && dst.seccomp_action == SS_SECCOMP_KILL, "src seccomp_action wins");
	ok(dst.landlock_set && dst.landlock == SS_LANDLOCK_OFF, "src landlock wins");
	ok(dst.landlock_abi_set && dst.landlock_abi == 3, "unset landlock_abi in src keeps dst's");
	is_str(dst.apparmor, "base", "NULL apparmor in src keeps dst's");
	is_uint(dst.n_seccomp, 3, "seccomp rules appended");
	if (dst.n_seccomp == 3) {
		ok(dst.seccomp[0].allow && strcmp(dst.seccomp[0].name, "@default") == 0, "dst rule first");
		ok(!dst.seccomp[1].allow && strcmp(dst.seccomp[1].name, "ptrace") == 0, "src rule 1 after");
		is_str(dst.seccomp[2].name, "openat", "src rule 2 after");
		is_str(dst.seccomp[2].where, "p.profile:4", "rule where copied");
	}
	is_uint(dst.n_landlock_rw, 3, "landlock_rw appended");
	if (dst.n_landlock_rw == 3) {
		is_str(dst.landlock_rw[0], "/a", "dst path first");
		is_str(dst.landlock_rw[2], "/c", "src paths after");
	}
	profile_free(&src);
	if (dst.n_seccomp == 3 && dst.n_landlock_rw == 3) {
		is_str(dst.seccomp[1].name, "ptrace", "rule survives freeing src");
		is_str(dst.seccomp[1].where, "p.profile:4", "rule where survives freeing src");
		is_str(dst.landlock_rw[1], "/b", "path survives freeing src");
	}

	prof_ok(&src,
		"version 1\nseccomp_mode denylist\nseccomp_action errno\nlandlock best_effort\nlandlock_abi 5\n"
		"apparmor other\n",
		"confinement merge src 2");
	profile_merge(&dst, &src);
	ok(dst.seccomp_mode == SS_SECCOMP_DENYLIST, "src denylist wins even though it is the default");
	ok(dst.seccomp_action == SS_SECCOMP_ERRNO, "src errno wins even though it is the default");
	ok(dst.landlock == SS_LANDLOCK_BEST_EFFORT, "src best_effort wins");
	is_uint(dst.landlock_abi, 5, "src landlock_abi wins");
	is_str(dst.apparmor, "other", "src apparmor wins");
	is_uint(dst.n_seccomp, 3, "no rules added by a profile without rules");

	profile_init(&empty);
	profile_merge(&empty, &dst);
	ok(empty.seccomp_mode_set && empty.landlock_abi_set && empty.landlock_abi == 5,
	   "scalars into an empty profile");
	is_str(empty.apparmor, "other", "apparmor into an empty profile");
	ok(empty.n_seccomp == 3 && empty.n_landlock_rw == 3, "lists into an empty profile");
	profile_free(&empty);

	/* merging an unset profile changes nothing */
	profile_init(&empty);
	profile_merge(&dst, &empty);
	ok(dst.seccomp_mode == SS_SECCOMP_DENYLIST && dst.landlock == SS_LANDLOCK_BEST_EFFORT &&
		   dst.landlock_abi == 5 && dst.apparmor && strcmp(dst.apparmor, "other") == 0,
	   "merging a default profile keeps everything");
	profile_free(&empty);

	profile_merge(&dst, &dst);
	is_uint(dst.n_seccomp, 6, "self-merge doubles the rules");
	is_uint(dst.n_landlock_rw, 6, "self-merge doubles landlock_rw");
	if (dst.n_seccomp == 6 && dst.n_landlock_rw == 6) {
		is_str(dst.seccomp[5].name, "openat", "self-merge copies rules");
		is_str(dst.landlock_rw[5], "/c", "self-merge copies paths");
	}
	is_str(dst.apparmor, "other", "self-merge keeps apparmor");
	profile_free(&src);
	profile_free(&dst);

	/* merged lists stop one past their limit, so "n > MAX" still shows the overflow */
	off = (size_t)sprintf(text, "version 1\n");
	for (int i = 0; i < 20; i++)
		off += (size_t)sprintf(text + off, "seccomp deny ptrace kcmp\n");
	sprintf(text + off, "landlock_rw /a /b /c\n");
	prof_ok(&src, text, "40 rules");
	profile_init(&dst);
	for (int i = 0; i < 100; i++)
		profile_merge(&dst, &src);
	is_uint(dst.n_seccomp, SS_PROFILE_SECCOMP_MAX + 1, "merged rules capped at the limit + 1");
	is_uint(dst.n_landlock_rw, SS_PROFILE_LANDLOCK_RW_MAX + 1, "merged landlock_rw capped at the limit + 1");
	if (dst.n_seccomp == SS_PROFILE_SECCOMP_MAX + 1)
		ok(strcmp(dst.seccomp[1024].name, "ptrace") == 0 && strcmp(dst.seccomp[1023].name, "kcmp") == 0,
		   "capped rules keep their order");
	profile_merge(&dst, &dst);
	is_uint(dst.n_seccomp, SS_PROFILE_SECCOMP_MAX + 1, "self-merge stays capped");
	profile_free(&dst);
	/* exactly at the limit is not capped */
	profile_init(&dst);
	for (int i = 0; i < 25; i++)
		profile_merge(&dst, &src);
	is_uint(dst.n_seccomp, 1000, "1000 merged rules");
	is_uint(dst.n_landlock_rw, 65, "landlock_rw: 75 merged, 65 kept");
	profile_free(&dst);
	profile_free(&src);
	free(text);
}

/* ---- resource limits ---- */

static void test_limits_values(void)
{
	struct ss_profile p;
	const struct ss_limits *l = &p.limits;

	profile_init(&p);
	ok(!l->memory_set && !l->memory_swap_set && !l->memory_high_set && !l->pids_set && !l->cpu_weight_set &&
		   !l->cpu_max_set && !p.cgroup_set,
	   "no limit set by default");
	ok(l->memory == SS_LIMIT_MAX && l->memory_swap == SS_LIMIT_MAX && l->memory_high == SS_LIMIT_MAX &&
		   l->pids == SS_LIMIT_MAX,
	   "unset memory, swap, memory_high and pids read as max");
	is_uint(l->cpu_weight, 100, "default cpu_weight");
	ok(l->cpu_max_quota == SS_LIMIT_MAX, "default cpu_max quota is max");
	is_uint(l->cpu_max_period, 100000, "default cpu_max period");
	is_int(p.cgroup, SS_CGROUP_REQUIRED, "default cgroup required");
	profile_free(&p);

	prof_ok(&p,
		"version 1\nmemory 512M\nmemory_swap 0\nmemory_high 400m\npids 256\ncpu_weight 50\ncpu_max 50%\n"
		"cgroup optional\n",
		"all limits");
	ok(l->memory_set && l->memory == 512ULL << 20, "memory 512M");
	ok(l->memory_swap_set && l->memory_swap == 0, "memory_swap 0");
	ok(l->memory_high_set && l->memory_high == 400ULL << 20, "memory_high 400m");
	ok(l->pids_set && l->pids == 256, "pids 256");
	ok(l->cpu_weight_set && l->cpu_weight == 50, "cpu_weight 50");
	ok(l->cpu_max_set, "cpu_max set");
	is_uint(l->cpu_max_quota, 50000, "50%% of the default period");
	is_uint(l->cpu_max_period, 100000, "default period");
	ok(p.cgroup_set && p.cgroup == SS_CGROUP_OPTIONAL, "cgroup optional");
	profile_free(&p);

	prof_ok(&p, "version 1\nmemory max\nmemory_swap max\nmemory_high max\npids max\ncpu_max max\ncgroup required\n",
		"max everywhere");
	ok(l->memory_set && l->memory == SS_LIMIT_MAX, "memory max");
	ok(l->memory_swap_set && l->memory_swap == SS_LIMIT_MAX, "memory_swap max");
	ok(l->memory_high_set && l->memory_high == SS_LIMIT_MAX, "memory_high max");
	ok(l->pids_set && l->pids == SS_LIMIT_MAX, "pids max");
	ok(l->cpu_max_set && l->cpu_max_quota == SS_LIMIT_MAX, "cpu_max max quota");
	is_uint(l->cpu_max_period, 100000, "cpu_max max period");
	ok(!l->cpu_weight_set, "cpu_weight still unset");
	ok(p.cgroup_set && p.cgroup == SS_CGROUP_REQUIRED, "cgroup required is set");
	profile_free(&p);

	/* boundaries */
	prof_ok(&p, "version 1\nmemory 1M\nmemory_high 1024k\nmemory_swap 1\npids 1\ncpu_weight 1\ncpu_max 1000\n",
		"lower bounds");
	ok(l->memory == 1048576 && l->memory_high == 1048576, "memory and memory_high of 1M");
	is_uint(l->memory_swap, 1, "memory_swap of one byte");
	is_uint(l->pids, 1, "pids 1");
	is_uint(l->cpu_weight, 1, "cpu_weight 1");
	ok(l->cpu_max_quota == 1000 && l->cpu_max_period == 100000, "cpu_max 1000");
	profile_free(&p);
	prof_ok(&p,
		"version 1\nmemory 1048576\nmemory_high 3T\npids 4194304\ncpu_weight 10000\ncpu_max 1000000000 1000000\n",
		"upper bounds");
	is_uint(l->memory, 1048576, "memory in bytes");
	is_uint(l->memory_high, 3ULL << 40, "memory_high 3T");
	is_uint(l->pids, 4194304, "pids 4194304");
	is_uint(l->cpu_weight, 10000, "cpu_weight 10000");
	ok(l->cpu_max_quota == 1000000000 && l->cpu_max_period == 1000000, "cpu_max 1000000000 1000000");
	profile_free(&p);

	static const struct {
		const char *args;
		unsigned long long quota, period;
	} cpu[] = {
		{ "20000 50000", 20000, 50000 },
		{ "250% 200000", 500000, 200000 },
		{ "100000% 1000000", 1000000000, 1000000 },
		{ "1%", 1000, 100000 },
		{ "10% 10000", 1000, 10000 },
		{ "100% 1000", 1000, 1000 },
		{ "33% 1001", 330, 0 },
		{ "150%", 150000, 100000 },
		{ "\"7%\" \"30000\"", 2100, 30000 },
		{ "5000 1000", 5000, 1000 },
	};

	for (size_t i = 0; i < sizeof(cpu) / sizeof(cpu[0]); i++) {
		char text[128];

		if (cpu[i].period == 0)
			continue; /* below the minimum: see test_limits_errors */
		snprintf(text, sizeof(text), "version 1\ncpu_max %s\n", cpu[i].args);
		prof_ok(&p, text, cpu[i].args);
		ok(l->cpu_max_set && l->cpu_max_quota == cpu[i].quota && l->cpu_max_period == cpu[i].period,
		   "cpu_max %s -> %llu/%llu", cpu[i].args, cpu[i].quota, cpu[i].period);
		profile_free(&p);
	}

	/* each directive sets only its own flag */
	prof_ok(&p, "version 1\nmemory_high 2G\n", "memory_high alone");
	ok(l->memory_high_set && !l->memory_set && !l->memory_swap_set && l->memory == SS_LIMIT_MAX,
	   "memory_high alone sets only memory_high");
	profile_free(&p);
	prof_ok(&p, "version 1\ncpu_weight 300\n", "cpu_weight alone");
	ok(l->cpu_weight_set && !l->cpu_max_set && !l->pids_set && !p.cgroup_set, "cpu_weight alone");
	profile_free(&p);
	prof_ok(&p, "version 1\n\"memory\" \"2G\"  # quoted\n", "quoted memory");
	ok(l->memory_set && l->memory == 2ULL << 30, "quoted memory 2G");
	profile_free(&p);
}

static void test_limits_errors(void)
{
	static const char *const bad_size[] = { "12q",	    "-1",  "",	  "1.5G", "MAX",
						"1P",	    "1kb", " 1G", "0x10", "18446744073709551616",
						"16777216T" };
	static const char *const size_dirs[] = { "memory", "memory_swap", "memory_high" };
	static const char *const bad_pids[] = { "0",
						"4194305",
						"-1",
						"+1",
						"01",
						"1k",
						"",
						"MAX",
						"1.0",
						"max1",
						"99999999999999999999999",
						"18446744073709551615" };
	static const char *const bad_weight[] = { "0", "10001", "01", "max", "-5", "", "1e3", "100%" };
	static const char *const bad_quota[] = { "999",
						 "0",
						 "1000000001",
						 "0%",
						 "100001%",
						 "%",
						 "50.5%",
						 "050%",
						 "-1",
						 "max%",
						 "1e6",
						 "01000",
						 "MAX",
						 "",
						 "%50",
						 "50%%",
						 "99999999999999999999999" };
	static const char *const bad_period[] = { "999", "1000001", "0", "max", "0100000", "100000us", "50%", "" };
	static const char *const bad_cgroup[] = { "yes", "Required", "", "optional ", "no" };
	char text[256], want[256];

	for (size_t d = 0; d < sizeof(size_dirs) / sizeof(size_dirs[0]); d++) {
		unsigned col = (unsigned)strlen(size_dirs[d]) + 2;

		for (size_t i = 0; i < sizeof(bad_size) / sizeof(bad_size[0]); i++) {
			snprintf(text, sizeof(text), "version 1\n%s \"%s\"\n", size_dirs[d], bad_size[i]);
			snprintf(want, sizeof(want),
				 "p.profile:2:%u: invalid %s limit '%s' (expected a size with an optional k, m, g or t "
				 "suffix, or max)",
				 col, size_dirs[d], bad_size[i]);
			prof_errors(text, want);
		}
		snprintf(text, sizeof(text), "version 1\n%s 1G 2G\n", size_dirs[d]);
		snprintf(want, sizeof(want), "p.profile:2:1: '%s' takes 1 argument, got 2", size_dirs[d]);
		prof_errors(text, want);
		snprintf(text, sizeof(text), "version 1\n%s\n", size_dirs[d]);
		snprintf(want, sizeof(want), "p.profile:2:1: '%s' takes 1 argument, got 0", size_dirs[d]);
		prof_errors(text, want);
		snprintf(text, sizeof(text), "version 1\n%s 1G\n# x\n%s max\n", size_dirs[d], size_dirs[d]);
		snprintf(want, sizeof(want), "p.profile:4:1: duplicate '%s' (first set at line 2)", size_dirs[d]);
		prof_errors(text, want);
	}

	/* the 1M minimum, for memory and memory_high but not memory_swap */
	prof_errors("version 1\nmemory 0\n", "p.profile:2:8: 'memory' must be at least 1M");
	prof_errors("version 1\nmemory 1048575\n", "p.profile:2:8: 'memory' must be at least 1M");
	prof_errors("version 1\nmemory 1023k\n", "p.profile:2:8: 'memory' must be at least 1M");
	prof_errors("version 1\nmemory_high 0\n", "p.profile:2:13: 'memory_high' must be at least 1M");
	prof_errors("version 1\nmemory_high 1000000\n", "p.profile:2:13: 'memory_high' must be at least 1M");
	prof_errors("version 1\nmemory_swap 0\nmemory_high 1M\nmemory 1024K\n");
	prof_errors("version 1\n  memory   512\n", "p.profile:2:12: 'memory' must be at least 1M");

	for (size_t i = 0; i < sizeof(bad_pids) / sizeof(bad_pids[0]); i++) {
		snprintf(text, sizeof(text), "version 1\npids \"%s\"\n", bad_pids[i]);
		snprintf(want, sizeof(want), "p.profile:2:6: invalid pids limit '%s' (expected 1-4194304 or max)",
			 bad_pids[i]);
		prof_errors(text, want);
	}
	for (size_t i = 0; i < sizeof(bad_weight) / sizeof(bad_weight[0]); i++) {
		snprintf(text, sizeof(text), "version 1\ncpu_weight \"%s\"\n", bad_weight[i]);
		snprintf(want, sizeof(want), "p.profile:2:12: invalid cpu_weight '%s' (expected 1-10000)",
			 bad_weight[i]);
		prof_errors(text, want);
	}
	for (size_t i = 0; i < sizeof(bad_quota) / sizeof(bad_quota[0]); i++) {
		snprintf(text, sizeof(text), "version 1\ncpu_max \"%s\"\n", bad_quota[i]);
		snprintf(want, sizeof(want),
			 "p.profile:2:9: invalid cpu_max quota '%s' (expected max, 1000-1000000000 microseconds or "
			 "1%%-100000%%)",
			 bad_quota[i]);
		prof_errors(text, want);
	}
	for (size_t i = 0; i < sizeof(bad_period) / sizeof(bad_period[0]); i++) {
		snprintf(text, sizeof(text), "version 1\ncpu_max 50000 \"%s\"\n", bad_period[i]);
		snprintf(want, sizeof(want),
			 "p.profile:2:15: invalid cpu_max period '%s' (expected 1000-1000000 microseconds)",
			 bad_period[i]);
		prof_errors(text, want);
	}
	/* both halves are checked */
	prof_errors(
		"version 1\ncpu_max 5 5\n",
		"p.profile:2:9: invalid cpu_max quota '5' (expected max, 1000-1000000000 microseconds or 1%-100000%)",
		"p.profile:2:11: invalid cpu_max period '5' (expected 1000-1000000 microseconds)");
	prof_errors("version 1\ncpu_max max 100000\n", "p.profile:2:13: 'cpu_max max' takes no period");
	prof_errors("version 1\ncpu_max max max\n", "p.profile:2:13: 'cpu_max max' takes no period");
	/* a percentage must still come to 1000 microseconds */
	prof_errors("version 1\ncpu_max 1% 1000\n",
		    "p.profile:2:9: cpu_max quota '1%' of a 1000-microsecond period is less than 1000 microseconds");
	prof_errors("version 1\ncpu_max 99% 1000\n",
		    "p.profile:2:9: cpu_max quota '99%' of a 1000-microsecond period is less than 1000 microseconds");
	prof_errors("version 1\ncpu_max 33% 1001\n",
		    "p.profile:2:9: cpu_max quota '33%' of a 1001-microsecond period is less than 1000 microseconds");
	prof_errors("version 1\ncpu_max 9% 10000\n",
		    "p.profile:2:9: cpu_max quota '9%' of a 10000-microsecond period is less than 1000 microseconds");
	prof_errors("version 1\ncpu_max\n", "p.profile:2:1: 'cpu_max' takes 1 or 2 arguments, got 0");
	prof_errors("version 1\ncpu_max 1000 100000 x\n", "p.profile:2:1: 'cpu_max' takes 1 or 2 arguments, got 3");

	for (size_t i = 0; i < sizeof(bad_cgroup) / sizeof(bad_cgroup[0]); i++) {
		snprintf(text, sizeof(text), "version 1\ncgroup \"%s\"\n", bad_cgroup[i]);
		snprintf(want, sizeof(want), "p.profile:2:8: cgroup takes 'required' or 'optional', got '%s'",
			 bad_cgroup[i]);
		prof_errors(text, want);
	}
	prof_errors("version 1\ncgroup\n", "p.profile:2:1: 'cgroup' takes 1 argument, got 0");
	prof_errors("version 1\npids 1 2\n", "p.profile:2:1: 'pids' takes 1 argument, got 2");
	prof_errors("version 1\ncpu_weight\n", "p.profile:2:1: 'cpu_weight' takes 1 argument, got 0");

	/* duplicates */
	prof_errors("version 1\npids 10\npids max\n", "p.profile:3:1: duplicate 'pids' (first set at line 2)");
	prof_errors("version 1\ncpu_weight 10\ncpu_weight 20\n",
		    "p.profile:3:1: duplicate 'cpu_weight' (first set at line 2)");
	prof_errors("version 1\ncpu_max max\n cpu_max 50%\n",
		    "p.profile:3:2: duplicate 'cpu_max' (first set at line 2)");
	prof_errors("version 1\ncgroup optional\ncgroup optional\n",
		    "p.profile:3:1: duplicate 'cgroup' (first set at line 2)");

	/* several errors at once, and a bad value sets nothing */
	{
		struct ss_profile p;
		struct ss_diag d = { 0 };

		profile_init(&p);
		is_uint(prof_parse(&p, &d,
				   "version 1\nmemory 12q\nmemory_swap 0\npids 0\ncpu_weight 100\ncpu_max 50% 10\n"
				   "cgroup maybe\nmemory_high 2G\n"),
			4, "four bad limit lines");
		if (d.n == 4) {
			is_str(d.msg[0],
			       "p.profile:2:8: invalid memory limit '12q' (expected a size with an optional k, m, g or t "
			       "suffix, or max)",
			       "first limit message");
			is_str(d.msg[1], "p.profile:4:6: invalid pids limit '0' (expected 1-4194304 or max)",
			       "second limit message");
			is_str(d.msg[2],
			       "p.profile:6:13: invalid cpu_max period '10' (expected 1000-1000000 microseconds)",
			       "third limit message");
			is_str(d.msg[3], "p.profile:7:8: cgroup takes 'required' or 'optional', got 'maybe'",
			       "fourth limit message");
		}
		ok(!p.limits.memory_set && p.limits.memory == SS_LIMIT_MAX, "bad memory sets nothing");
		ok(!p.limits.pids_set && !p.limits.cpu_max_set && !p.cgroup_set,
		   "bad pids, cpu_max, cgroup set nothing");
		ok(p.limits.cpu_max_quota == SS_LIMIT_MAX && p.limits.cpu_max_period == 100000,
		   "bad cpu_max leaves quota and period alone");
		ok(p.limits.memory_swap_set && p.limits.cpu_weight_set && p.limits.memory_high_set,
		   "the good lines are kept");
		diag_free(&d);
		profile_free(&p);
	}
}

static void test_limits_merge(void)
{
	struct ss_profile dst, src, empty;
	const struct ss_limits *l = &dst.limits;

	prof_ok(&dst, "version 1\nmemory 1G\npids 100\ncpu_max 50%\ncgroup optional\n", "limits merge dst");
	prof_ok(&src, "version 1\nmemory 2G\nmemory_swap 0\ncpu_weight 200\ncpu_max max\n", "limits merge src");
	profile_merge(&dst, &src);
	ok(l->memory_set && l->memory == 2ULL << 30, "src memory wins");
	ok(l->memory_swap_set && l->memory_swap == 0, "src memory_swap 0 is merged");
	ok(!l->memory_high_set && l->memory_high == SS_LIMIT_MAX, "memory_high unset in both stays unset");
	ok(l->pids_set && l->pids == 100, "unset pids in src keeps dst's");
	ok(l->cpu_weight_set && l->cpu_weight == 200, "src cpu_weight into dst");
	ok(l->cpu_max_set && l->cpu_max_quota == SS_LIMIT_MAX && l->cpu_max_period == 100000, "src cpu_max max wins");
	ok(dst.cgroup_set && dst.cgroup == SS_CGROUP_OPTIONAL, "unset cgroup in src keeps dst's");
	profile_free(&src);

	prof_ok(&src, "version 1\ncgroup required\nmemory_high 1G\npids max\ncpu_max 30000 60000\n",
		"limits merge src 2");
	profile_merge(&dst, &src);
	ok(dst.cgroup == SS_CGROUP_REQUIRED, "src cgroup required wins even though it is the default");
	ok(l->memory_high_set && l->memory_high == 1ULL << 30, "src memory_high");
	ok(l->pids == SS_LIMIT_MAX, "src pids max wins");
	ok(l->cpu_max_quota == 30000 && l->cpu_max_period == 60000, "cpu_max quota and period merged together");
	ok(l->memory == 2ULL << 30 && l->cpu_weight == 200, "earlier values kept");
	profile_free(&src);

	profile_init(&empty);
	profile_merge(&dst, &empty);
	ok(l->memory_set && l->memory_swap_set && l->memory_high_set && l->pids_set && l->cpu_weight_set &&
		   l->cpu_max_set && dst.cgroup_set,
	   "merging a default profile keeps every flag");
	ok(l->memory == 2ULL << 30 && l->memory_swap == 0 && l->memory_high == 1ULL << 30 && l->pids == SS_LIMIT_MAX &&
		   l->cpu_weight == 200 && l->cpu_max_quota == 30000 && l->cpu_max_period == 60000 &&
		   dst.cgroup == SS_CGROUP_REQUIRED,
	   "merging a default profile keeps every value");
	profile_merge(&empty, &dst);
	ok(memcmp(&empty.limits, &dst.limits, sizeof(dst.limits)) == 0, "limits into an empty profile");
	ok(empty.cgroup_set && empty.cgroup == SS_CGROUP_REQUIRED, "cgroup into an empty profile");
	profile_free(&empty);
	profile_merge(&dst, &dst);
	ok(l->memory == 2ULL << 30 && l->cpu_max_quota == 30000 && dst.cgroup == SS_CGROUP_REQUIRED,
	   "self-merge keeps the limits");
	profile_free(&dst);
	ok(!dst.limits.memory_set && dst.limits.memory == SS_LIMIT_MAX && !dst.cgroup_set,
	   "profile_free resets the limits");
}

/* ---- namespace_owner (secure_shell.conf) ---- */

static void test_namespace_owner(void)
{
	static const char *const good[] = { "secure_shell-ns", "_ssns", "9999", "1", "4294967294" };
	static const struct {
		const char *s, *msg;
	} bad[] = {
		{ "root", "t.conf:2:17: namespace_owner must not be root (root owns them when it is not set)" },
		{ "0", "t.conf:2:17: namespace_owner must be a uid from 1 to 4294967294, got '0'" },
		{ "000", "t.conf:2:17: namespace_owner must be a uid from 1 to 4294967294, got '000'" },
		{ "4294967295", "t.conf:2:17: namespace_owner must be a uid from 1 to 4294967294, got '4294967295'" },
		{ "99999999999999999999",
		  "t.conf:2:17: namespace_owner must be a uid from 1 to 4294967294, got '99999999999999999999'" },
		{ "Root", "t.conf:2:17: namespace_owner must be a user name or a uid, got 'Root'" },
		{ "-1", "t.conf:2:17: namespace_owner must be a user name or a uid, got '-1'" },
		{ "12ab", "t.conf:2:17: namespace_owner must be a user name or a uid, got '12ab'" },
		{ "a/b", "t.conf:2:17: namespace_owner must be a user name or a uid, got 'a/b'" },
	};
	char text[256];
	struct ss_config c;
	struct ss_diag d = { 0 };

	config_init(&c);
	ok(c.namespace_owner == NULL, "namespace_owner is unset by default (root owns the namespaces)");
	config_free(&c);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "version 1\nnamespace_owner %s\n", good[i]);
		config_init(&c);
		is_uint(cfg_parse(&c, &d, text), 0, "namespace_owner '%s' parses", good[i]);
		is_str(c.namespace_owner, good[i], "namespace_owner '%s' stored", good[i]);
		config_free(&c);
	}
	diag_free(&d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "version 1\nnamespace_owner %s\n", bad[i].s);
		cfg_errors(text, bad[i].msg);
	}
	cfg_errors("version 1\nnamespace_owner a\nnamespace_owner b\n",
		   "t.conf:3:1: duplicate 'namespace_owner' (first set at line 2)");
}

/* ---- sftp_server (secure_shell.conf) ---- */

static void test_sftp_server(void)
{
	struct ss_config c;
	struct ss_diag d = { 0 };

	config_init(&c);
	is_str(c.sftp_server, SS_SFTP_SERVER, "sftp_server defaults to the build's (make SFTP_SERVER=)");
	is_uint(cfg_parse(&c, &d, "version 1\nsftp_server /usr/libexec/openssh/sftp-server\n"), 0,
		"sftp_server with an absolute path parses");
	is_str(c.sftp_server, "/usr/libexec/openssh/sftp-server", "sftp_server stored");
	config_free(&c);
	diag_free(&d);
	cfg_errors("version 1\nsftp_server sftp-server\n", "t.conf:2:13: invalid path 'sftp-server': not absolute");
	cfg_errors("version 1\nsftp_server /a\nsftp_server /b\n",
		   "t.conf:3:1: duplicate 'sftp_server' (first set at line 2)");
}

/* ---- cgroup_parent (secure_shell.conf) ---- */

static void test_cgroup_parent(void)
{
	static const char *const good[] = {
		"a", "secure_shell", "system.slice/secure_shell", "a@b-c_d.e/F9", "...", "a..b", ".hidden/x.",
		"-", "A/B/C/D"
	};
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "/secure_shell", "not relative" },
		{ "/", "not relative" },
		{ "a/", "trailing '/'" },
		{ "a//b", "contains '//'" },
		{ ".", "contains a '.' or '..' component" },
		{ "..", "contains a '.' or '..' component" },
		{ "a/../b", "contains a '.' or '..' component" },
		{ "a/.", "contains a '.' or '..' component" },
		{ "./a", "contains a '.' or '..' component" },
		{ "a b", "contains a byte other than [A-Za-z0-9_.@-] and '/'" },
		{ "a*", "contains a byte other than [A-Za-z0-9_.@-] and '/'" },
		{ "a:b", "contains a byte other than [A-Za-z0-9_.@-] and '/'" },
		{ "a\\\\b", "contains a byte other than [A-Za-z0-9_.@-] and '/'" },
		{ "a,b", "contains a byte other than [A-Za-z0-9_.@-] and '/'" },
		{ "a+b", "contains a byte other than [A-Za-z0-9_.@-] and '/'" },
		{ "", "empty" },
	};
	char *c64 = repeat('c', 64), *c65 = repeat('c', 65);
	char max[256], over[256], text[512], want[512];
	struct ss_config c;
	struct ss_diag d = { 0 };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ok(ss_valid_cgroup_parent(good[i]), "cgroup_parent '%s'", good[i]);
		snprintf(text, sizeof(text), "version 1\ncgroup_parent %s\n", good[i]);
		config_init(&c);
		is_uint(cfg_parse(&c, &d, text), 0, "cgroup_parent '%s' parses", good[i]);
		is_str(c.cgroup_parent, good[i], "cgroup_parent '%s' stored", good[i]);
		config_free(&c);
	}
	diag_free(&d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *shown = strcmp(bad[i].s, "a\\\\b") == 0 ? "a\\b" : bad[i].s;

		ok(!ss_valid_cgroup_parent(shown), "cgroup_parent '%s' refused", shown);
		snprintf(text, sizeof(text), "version 1\ncgroup_parent \"%s\"\n", bad[i].s);
		snprintf(want, sizeof(want), "t.conf:2:15: invalid cgroup_parent '%s': %s", shown, bad[i].why);
		cfg_errors(text, want);
	}
	ok(!ss_valid_cgroup_parent(NULL), "NULL cgroup_parent refused");
	ok(!ss_valid_cgroup_parent("caf\xc3\xa9"), "non-ASCII cgroup_parent refused");
	cfg_errors("version 1\ncgroup_parent caf\xc3\xa9\n",
		   "t.conf:2:15: invalid cgroup_parent 'caf?\?': contains a byte other than [A-Za-z0-9_.@-] and '/'");

	/* 64-byte components and 200 bytes in all are the limits */
	ok(ss_valid_cgroup_parent(c64), "64-byte component");
	ok(!ss_valid_cgroup_parent(c65), "65-byte component refused");
	snprintf(text, sizeof(text), "version 1\ncgroup_parent a/%s/b\n", c65);
	snprintf(want, sizeof(want),
		 "t.conf:2:15: invalid cgroup_parent 'a/%s/b': has a component longer than 64 bytes", c65);
	cfg_errors(text, want);
	snprintf(max, sizeof(max), "%s/%s/%s/ddddddd", c64, c64, c64); /* 3 * 65 + 5 */
	max[200] = '\0';
	is_uint(strlen(max), 200, "200-byte cgroup_parent built");
	ok(ss_valid_cgroup_parent(max), "cgroup_parent of 200 bytes");
	snprintf(text, sizeof(text), "version 1\ncgroup_parent %s\n", max);
	cfg_errors(text);
	snprintf(over, sizeof(over), "%s/%s/%s/dddddd", c64, c64, c64);
	is_uint(strlen(over), 201, "201-byte cgroup_parent built");
	ok(!ss_valid_cgroup_parent(over), "cgroup_parent of 201 bytes refused");
	snprintf(text, sizeof(text), "version 1\ncgroup_parent %s\n", over);
	snprintf(want, sizeof(want), "t.conf:2:15: invalid cgroup_parent '%s': longer than 200 bytes", over);
	cfg_errors(text, want);

	cfg_errors("version 1\ncgroup_parent\n", "t.conf:2:1: 'cgroup_parent' takes 1 argument, got 0");
	cfg_errors("version 1\ncgroup_parent a b\n", "t.conf:2:1: 'cgroup_parent' takes 1 argument, got 2");
	cfg_errors("version 1\ncgroup_parent a\ncgroup_parent b\n",
		   "t.conf:3:1: duplicate 'cgroup_parent' (first set at line 2)");
	cfg_errors("version 1\ncgroup required\n", "t.conf:2:1: unknown directive 'cgroup'");
	prof_errors("version 1\ncgroup_parent a\n", "p.profile:2:1: unknown directive 'cgroup_parent'");

	/* a bad value keeps the default */
	config_init(&c);
	is_uint(cfg_parse(&c, &d, "version 1\ncgroup_parent /abs\n"), 1, "bad cgroup_parent");
	is_str(c.cgroup_parent, "secure_shell", "bad cgroup_parent keeps the default");
	diag_free(&d);
	config_free(&c);
	free(c64);
	free(c65);
}

static void test_network(void)
{
	struct ss_profile p, q;

	profile_init(&p);
	ok(p.network == SS_NET_HOST && !p.network_set, "network: defaults to host, unset");
	profile_free(&p);
	prof_ok(&p, "version 1\nnetwork none\n", "network none");
	ok(p.network == SS_NET_NONE && p.network_set, "network none: stored");
	prof_ok(&q, "version 1\nnetwork host\n", "network host");
	ok(q.network == SS_NET_HOST && q.network_set, "network host: stored");
	profile_merge(&q, &p);
	ok(q.network == SS_NET_NONE, "network: the merged-in setting wins");
	profile_free(&q);
	profile_init(&q);
	profile_merge(&p, &q);
	ok(p.network == SS_NET_NONE, "network: an unset one does not override");
	profile_free(&p);
	profile_free(&q);
	prof_errors("version 1\nnetwork off\n", "p.profile:2:9: network takes 'host' or 'none', got 'off'");
	prof_errors("version 1\nnetwork\n", "p.profile:2:1: 'network' takes 1 argument, got 0");
	prof_errors("version 1\nnetwork none\nnetwork host\n",
		    "p.profile:3:1: duplicate 'network' (first set at line 2)");
}

int main(void)
{
	test_alias();
	test_profile_name();
	test_abs_path();
	test_size();
	test_env_name();
	test_diag();
	test_lexer();
	test_config_defaults();
	test_config_values();
	test_config_errors();
	test_diag_overflow();
	test_profile_values();
	test_profile_dest();
	test_profile_errors();
	test_profile_env();
	test_profile_limits();
	test_profile_merge();
	test_confinement_values();
	test_confinement_errors();
	test_confinement_limits();
	test_confinement_merge();
	test_limits_values();
	test_limits_errors();
	test_network();
	test_limits_merge();
	test_cgroup_parent();
	test_namespace_owner();
	test_sftp_server();
	return done_testing();
}
