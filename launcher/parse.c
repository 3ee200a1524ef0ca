/* SPDX-License-Identifier: ISC */
/*
 * What secure_shell.conf and NAME.profile have in common: diagnostics, the line lexer, the
 * table-driven directive loop and the validators exported through parse.h.  Only libc is used here;
 * parse_profile.c adds libseccomp's name table (a pure lookup) and syscalls.c, so the parsers still
 * link into the fuzzers and unit tests on their own.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse-internal.h"

/* ---- memory ---- */

void *parse_xrealloc_array(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		abort();
	/* realloc(p, 0) may free p and return NULL; always ask for at least one byte. */
	p = realloc(p, n * size > 0 ? n * size : 1);
	if (!p)
		abort();
	return p;
}

char *parse_xstrdup(const char *s)
{
	char *r = strdup(s);

	if (!r)
		abort();
	return r;
}

char *parse_xstrdup_or_null(const char *s)
{
	return s ? parse_xstrdup(s) : NULL;
}

/* Duplicate before freeing so that s may alias *slot. */
void parse_set_str(char **slot, const char *s)
{
	char *v = parse_xstrdup_or_null(s);

	free(*slot);
	*slot = v;
}

/* ---- diagnostics ---- */

/*
 * Messages quote text from the file and end up on a terminal and in syslog; bytes outside
 * printable ASCII (C1 controls, invalid UTF-8) are replaced so a file cannot emit escape
 * sequences or forge log lines through an error message.
 */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

static __attribute__((format(printf, 5, 0))) void vdiag_add(struct ss_diag *d, const char *file, unsigned line,
							    unsigned col, const char *fmt, va_list ap)
{
	va_list ap2;
	int head, body;
	size_t size;
	char *m;

	if (!d)
		return;
	d->total++;
	if (d->n >= SS_DIAG_MAX)
		return;
	if (!file)
		file = "-";
	head = snprintf(NULL, 0, "%s:%u:%u: ", file, line, col);
	va_copy(ap2, ap);
	body = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (head < 0 || body < 0)
		abort();
	size = (size_t)head + (size_t)body + 1;
	m = parse_xrealloc_array(NULL, size, 1);
	snprintf(m, size, "%s:%u:%u: ", file, line, col);
	vsnprintf(m + head, size - (size_t)head, fmt, ap);
	sanitize(m);
	d->msg[d->n++] = m;
}

void diag_add(struct ss_diag *d, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag_add(d, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_free(struct ss_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msg[i]);
	memset(d, 0, sizeof(*d));
}

void parse_error(struct parser *ps, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag_add(ps->d, ps->file, ps->line, col, fmt, ap);
	va_end(ap);
	ps->errors++;
}

/* ---- lexer ---- */

enum lex_result { LEX_BLANK, LEX_OK, LEX_ERROR };

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static unsigned col_of(size_t i)
{
	return (unsigned)i + 1;
}

/*
 * Control bytes let a file show an admin something other than what it says (a '\r' or an ESC
 * sequence in a terminal) and a NUL would silently cut a C string short, so none are accepted,
 * not even in comments.
 */
static bool check_bytes(struct parser *ps, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			parse_error(ps, col_of(i), "control character 0x%02x", c);
			return false;
		}
	}
	return true;
}

/* Each lex_* returns the index just past its token, or 0 after reporting an error. */
static size_t lex_quoted(struct parser *ps, const char *s, size_t len, size_t i, char **out)
{
	size_t open = i++;
	char *o = *out;

	for (; i < len && s[i] != '"'; i++) {
		if (s[i] == '\\') {
			if (i + 1 >= len) {
				i = len; /* a backslash cannot escape the end of the line */
				break;
			}
			if (s[i + 1] != '"' && s[i + 1] != '\\') {
				parse_error(ps, col_of(i), "unknown escape '\\%c'", s[i + 1]);
				return 0;
			}
			i++;
		}
		*o++ = s[i];
	}
	if (i >= len) {
		parse_error(ps, col_of(open), "unterminated quote");
		return 0;
	}
	i++;
	/* "a"b would be one word in a shell; rather than guess, insist on a separator. */
	if (i < len && !is_blank(s[i])) {
		parse_error(ps, col_of(i), "expected a space after the closing quote");
		return 0;
	}
	*o++ = '\0';
	*out = o;
	return i;
}

static size_t lex_bare(struct parser *ps, const char *s, size_t len, size_t i, char **out)
{
	char *o = *out;

	for (; i < len && !is_blank(s[i]); i++) {
		if (s[i] == '"') {
			parse_error(ps, col_of(i), "unexpected '\"' inside a word");
			return 0;
		}
		*o++ = s[i];
	}
	*o++ = '\0';
	*out = o;
	return i;
}

static enum lex_result lex_line(struct parser *ps, const char *s, size_t len)
{
	char *o = ps->text;
	size_t i = 0;

	ps->n_tok = ps->n_tok_total = 0;
	if (len > PARSE_LINE_MAX) {
		parse_error(ps, 1, "line too long");
		return LEX_ERROR;
	}
	if (!check_bytes(ps, s, len))
		return LEX_ERROR;
	for (;;) {
		const char *start = o;
		unsigned col;

		while (i < len && is_blank(s[i]))
			i++;
		if (i >= len || s[i] == '#')
			break;
		col = col_of(i);
		i = s[i] == '"' ? lex_quoted(ps, s, len, i, &o) : lex_bare(ps, s, len, i, &o);
		if (i == 0)
			return LEX_ERROR;
		/* Tokens past PARSE_TOK_MAX are only counted: they can only make an arity error. */
		if (ps->n_tok < PARSE_TOK_MAX)
			ps->tok[ps->n_tok++] = (struct parse_token){ start, col };
		ps->n_tok_total++;
	}
	return ps->n_tok_total ? LEX_OK : LEX_BLANK;
}

/* ---- directive loop ---- */

static void arity_error(struct parser *ps, const struct parse_directive *dir, size_t got)
{
	unsigned lo = dir->min_args, hi = dir->max_args;

	if (lo == hi)
		parse_error(ps, ps->tok[0].col, "'%s' takes %u argument%s, got %zu", dir->name, lo, lo == 1 ? "" : "s",
			    got);
	else if (hi == lo + 1)
		parse_error(ps, ps->tok[0].col, "'%s' takes %u or %u arguments, got %zu", dir->name, lo, hi, got);
	else
		parse_error(ps, ps->tok[0].col, "'%s' takes %u to %u arguments, got %zu", dir->name, lo, hi, got);
}

static const struct parse_directive *lookup(const struct parser *ps, const char *name)
{
	for (size_t i = 0; i < ps->n_table; i++)
		if (strcmp(ps->table[i].name, name) == 0)
			return &ps->table[i];
	return NULL;
}

static void run_line(struct parser *ps)
{
	const struct parse_token *t = ps->tok;
	const struct parse_directive *dir = lookup(ps, t[0].s);
	size_t n_arg = ps->n_tok_total - 1;

	if (ps->n_directives++ == 0 && !(dir && dir->handler == parse_h_version))
		parse_error(ps, t[0].col, "expected 'version 1' as the first directive");
	if (!dir) {
		parse_error(ps, t[0].col, "unknown directive '%s'", t[0].s);
		return;
	}
	if (n_arg < dir->min_args || n_arg > dir->max_args) {
		arity_error(ps, dir, n_arg);
		return;
	}
	if (dir->scalar) {
		unsigned *first = &ps->first_line[dir - ps->table];

		if (*first) {
			parse_error(ps, t[0].col, "duplicate '%s' (first set at line %u)", dir->name, *first);
			return;
		}
		*first = ps->line;
	}
	ps->cur = dir;
	dir->handler(ps, t + 1, n_arg);
}

size_t parse_run(struct parser *ps, const char *file, const char *buf, size_t len, struct ss_diag *d,
		 const struct parse_directive *table, size_t n_table, void *target)
{
	size_t pos = 0;

	memset(ps, 0, sizeof(*ps));
	ps->file = file;
	ps->d = d;
	ps->table = table;
	ps->n_table = n_table;
	ps->target = target;
	if (n_table > PARSE_DIRECTIVES_MAX)
		abort();
	for (size_t i = 0; i < n_table; i++)
		if (table[i].max_args > PARSE_ARGS_MAX)
			abort();

	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		ps->line++;
		switch (lex_line(ps, s, n)) {
		case LEX_BLANK:
			break;
		case LEX_ERROR:
			ps->n_content++;
			break;
		case LEX_OK:
			ps->n_content++;
			run_line(ps);
			break;
		}
	}
	if (ps->n_content == 0) {
		ps->line = 1;
		parse_error(ps, 1, "empty file: expected 'version 1'");
	}
	return ps->errors;
}

/* ---- handlers and checks shared by both formats ---- */

char **parse_field(struct parser *ps)
{
	return (char **)(void *)((char *)ps->target + ps->cur->field);
}

void parse_h_version(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (ps->n_directives != 1)
		parse_error(ps, ps->tok[0].col, "version may only appear once, first");
	else if (strcmp(arg[0].s, "1") != 0)
		parse_error(ps, arg[0].col, "unsupported version '%s' (this launcher reads version 1)", arg[0].s);
}

bool parse_check_path(struct parser *ps, const struct parse_token *t)
{
	const char *why = parse_path_problem(t->s);

	if (why)
		parse_error(ps, t->col, "invalid path '%s': %s", t->s, why);
	return !why;
}

bool parse_check_profile_name(struct parser *ps, const struct parse_token *t)
{
	if (ss_valid_profile_name(t->s))
		return true;
	parse_error(ps, t->col, "invalid profile name '%s' (expected 1-64 of [a-z0-9_-], not starting with '-')", t->s);
	return false;
}

void parse_h_path(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (parse_check_path(ps, &arg[0]))
		parse_set_str(parse_field(ps), arg[0].s);
}

/* A directory the launcher creates things under: "/" would put them at the root of the host. */
void parse_h_dir(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (!parse_check_path(ps, &arg[0]))
		return;
	if (strcmp(arg[0].s, "/") == 0) {
		parse_error(ps, arg[0].col, "'%s' may not be '/'", ps->cur->name);
		return;
	}
	parse_set_str(parse_field(ps), arg[0].s);
}

void parse_h_profile_name(struct parser *ps, const struct parse_token *arg, size_t n_arg)
{
	(void)n_arg;
	if (parse_check_profile_name(ps, &arg[0]))
		parse_set_str(parse_field(ps), arg[0].s);
}

/* ---- validators (public) ---- */

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}
static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* first/rest are character classes; len must be 1..max. */
static bool valid_word(const char *s, size_t max, bool (*first)(char), bool (*rest)(char))
{
	size_t i;

	if (!s || !first(s[0]))
		return false;
	for (i = 1; s[i]; i++)
		if (i >= max || !rest(s[i]))
			return false;
	return true;
}

static bool alias_first(char c)
{
	return is_lower(c) || c == '_';
}
static bool name_rest(char c)
{
	return is_lower(c) || is_digit(c) || c == '_' || c == '-';
}
static bool profile_first(char c)
{
	return is_lower(c) || is_digit(c) || c == '_';
}
static bool env_first(char c)
{
	return is_lower(c) || is_upper(c) || c == '_';
}
static bool env_rest(char c)
{
	return env_first(c) || is_digit(c);
}

bool ss_valid_alias(const char *s)
{
	return valid_word(s, 32, alias_first, name_rest);
}

bool ss_valid_profile_name(const char *s)
{
	return valid_word(s, 64, profile_first, name_rest);
}

bool ss_valid_env_name(const char *s)
{
	return valid_word(s, 64, env_first, env_rest);
}

const char *parse_path_problem(const char *s)
{
	size_t len;

	if (!s || s[0] != '/')
		return "not absolute";
	len = strnlen(s, PARSE_PATH_MAX);
	if (len >= PARSE_PATH_MAX)
		return "too long";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return "contains a byte outside printable ASCII";
	if (len == 1)
		return NULL;
	if (s[len - 1] == '/')
		return "trailing '/'";
	/* Every component now starts right after a '/' and ends before a '/' or the end. */
	for (const char *c = s + 1;; c++) {
		size_t n = strcspn(c, "/");

		if (n == 0)
			return "contains '//'";
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return "contains a '.' or '..' component";
		c += n;
		if (!*c)
			return NULL;
	}
}

bool ss_valid_abs_path(const char *s)
{
	return parse_path_problem(s) == NULL;
}

/* Joined under each cgroup mount point, so it must stay below them: relative, normalized, and
 * in an alphabet that needs no quoting in /proc/PID/cgroup or in a log line. */
const char *parse_cgroup_parent_problem(const char *s)
{
	size_t len;

	if (!s || !s[0])
		return "empty";
	len = strnlen(s, SS_CGROUP_PARENT_MAX + 1);
	if (len > SS_CGROUP_PARENT_MAX)
		return "longer than " PARSE_XSTR(SS_CGROUP_PARENT_MAX) " bytes";
	if (strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.@-/") != len)
		return "contains a byte other than [A-Za-z0-9_.@-] and '/'";
	if (s[0] == '/')
		return "not relative";
	if (s[len - 1] == '/')
		return "trailing '/'";
	for (const char *c = s;; c++) {
		size_t n = strcspn(c, "/");

		if (n == 0)
			return "contains '//'";
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return "contains a '.' or '..' component";
		if (n > PARSE_CGROUP_NAME_MAX)
			return "has a component longer than " PARSE_XSTR(PARSE_CGROUP_NAME_MAX) " bytes";
		c += n;
		if (!*c)
			return NULL;
	}
}

bool ss_valid_cgroup_parent(const char *s)
{
	return parse_cgroup_parent_problem(s) == NULL;
}

static int size_shift(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 10;
	case 'm':
	case 'M':
		return 20;
	case 'g':
	case 'G':
		return 30;
	case 't':
	case 'T':
		return 40;
	default:
		return -1;
	}
}

bool ss_parse_size(const char *s, bool allow_max, unsigned long long *out)
{
	unsigned long long v = 0;
	int shift = 0;
	size_t i;

	if (!s)
		return false;
	if (strcmp(s, "max") == 0) {
		if (allow_max)
			*out = ULLONG_MAX;
		return allow_max;
	}
	for (i = 0; is_digit(s[i]); i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > (ULLONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (i == 0)
		return false;
	if (s[i]) {
		shift = size_shift(s[i]);
		if (shift < 0 || s[i + 1])
			return false;
	}
	if (v > (ULLONG_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}
