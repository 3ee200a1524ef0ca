/* SPDX-License-Identifier: ISC */
/*
 * Private to parse.c, parse_config.c and parse_profile.c: the lexer/driver shared by both file
 * formats and the small helpers their directive handlers use.  Nothing here is for the rest of
 * the launcher; parse.h is the public interface.
 */
#ifndef SS_PARSE_INTERNAL_H
#define SS_PARSE_INTERNAL_H

#include "parse.h"

#define PARSE_LINE_MAX	     4096 /* bytes per line, without the '\n' */
#define PARSE_PATH_MAX	     4096 /* paths are shorter than this (PATH_MAX with its NUL) */
#define PARSE_ARGS_MAX	     33	  /* no directive takes more arguments than this (seccomp: allow|deny + 32) */
#define PARSE_TOK_MAX	     (PARSE_ARGS_MAX + 1)
#define PARSE_DIRECTIVES_MAX 32

#define PARSE_MATCH_MAX		 1024
#define PARSE_GLOB_MAX		 64
#define PARSE_PATHVAR_MAX	 1024 /* the whole `path` value, exclusive */
#define PARSE_MOUNTS_MAX	 SS_PROFILE_MOUNTS_MAX
#define PARSE_ENV_KEEP_MAX	 SS_PROFILE_ENV_KEEP_MAX
#define PARSE_ENV_KEEP_ARGS	 16 /* names on one env_keep line */
#define PARSE_ENV_SET_MAX	 SS_PROFILE_ENV_SET_MAX
#define PARSE_ENV_VALUE_MAX	 1024
#define PARSE_HOSTNAME_MAX	 64
#define PARSE_SECCOMP_MAX	 SS_PROFILE_SECCOMP_MAX
#define PARSE_SECCOMP_NAMES	 32 /* names on one seccomp line */
#define PARSE_SYSCALL_NAME_MAX	 64
#define PARSE_LANDLOCK_RW_MAX	 SS_PROFILE_LANDLOCK_RW_MAX
#define PARSE_LANDLOCK_RW_ARGS	 16 /* paths on one landlock_rw line */
#define PARSE_LANDLOCK_ABI_MAX	 99
#define PARSE_APPARMOR_MAX	 255
#define PARSE_MEMORY_MIN	 (1ULL << 20) /* memory and memory_high, when not max */
#define PARSE_PIDS_MAX		 4194304      /* the kernel's PID_MAX_LIMIT */
#define PARSE_CPU_WEIGHT_MAX	 10000
#define PARSE_CPU_WEIGHT_DEFAULT 100	    /* the kernel's default cpu.weight */
#define PARSE_CPU_QUOTA_MIN	 1000	    /* microseconds: the kernel's minimum cfs quota */
#define PARSE_CPU_QUOTA_MAX	 1000000000 /* microseconds: 1000 CPUs at the longest period */
#define PARSE_CPU_PCT_MAX	 100000	    /* percent of one CPU: 1000 CPUs */
#define PARSE_CPU_PERIOD_MIN	 1000
#define PARSE_CPU_PERIOD_MAX	 1000000
#define PARSE_CPU_PERIOD_DEFAULT 100000
#define PARSE_CGROUP_NAME_MAX	 64 /* bytes per cgroup_parent component */

#define PARSE_STR_(x) #x
#define PARSE_XSTR(x) PARSE_STR_(x) /* a numeric macro as a string literal */

/* One word of a line after quote removal; s points into the parser's line buffer. */
struct parse_token {
	const char *s;
	unsigned col; /* 1-based byte column where the token (or its opening quote) starts */
};

struct parser;
struct parse_directive;
typedef void parse_handler(struct parser *ps, const struct parse_token *arg, size_t n_arg);

struct parse_directive {
	const char *name;
	unsigned char min_args, max_args;
	bool scalar;  /* may appear once per file */
	size_t field; /* for the generic handlers: offsetof() the char * it sets */
	int kind;     /* for handlers shared by several directives (bind_ro/bind_rw) */
	parse_handler *handler;
};

struct parser {
	const char *file;
	struct ss_diag *d;
	void *target; /* struct ss_config or struct ss_profile */
	const struct parse_directive *table;
	size_t n_table;
	const struct parse_directive *cur; /* directive being handled */
	size_t errors;
	unsigned line;
	unsigned n_content;			   /* non-blank lines so far, including ones with lexical errors */
	unsigned n_directives;			   /* lines that reached the directive table */
	unsigned first_line[PARSE_DIRECTIVES_MAX]; /* of each scalar directive, 0 = not seen */
	struct parse_token tok[PARSE_TOK_MAX];
	size_t n_tok;	    /* tokens stored in tok[] */
	size_t n_tok_total; /* tokens on the line, stored or not (for arity messages) */
	/* Unquoted token text.  A token never grows on unquoting and each one's NUL terminator fits
	 * in the separator or quote that ended it, so one line's worth (+1) always suffices. */
	char text[PARSE_LINE_MAX + 1];
};

/* Run the table-driven parse of buf; returns the number of errors reported. */
size_t parse_run(struct parser *ps, const char *file, const char *buf, size_t len, struct ss_diag *d,
		 const struct parse_directive *table, size_t n_table, void *target);
void parse_error(struct parser *ps, unsigned col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Handlers shared by both tables. */
void parse_h_version(struct parser *ps, const struct parse_token *arg, size_t n_arg);
void parse_h_path(struct parser *ps, const struct parse_token *arg, size_t n_arg);
void parse_h_dir(struct parser *ps, const struct parse_token *arg, size_t n_arg);
void parse_h_profile_name(struct parser *ps, const struct parse_token *arg, size_t n_arg);

/* Argument checks: report and return false when the token is not acceptable. */
bool parse_check_path(struct parser *ps, const struct parse_token *t);
bool parse_check_profile_name(struct parser *ps, const struct parse_token *t);
/* NULL when s is a valid absolute path, else why not (for messages). */
const char *parse_path_problem(const char *s);
/* NULL when s is a valid cgroup_parent, else why not (for messages). */
const char *parse_cgroup_parent_problem(const char *s);

/* Allocation never fails quietly: a parser running out of memory aborts. */
void *parse_xrealloc_array(void *p, size_t n, size_t size);
char *parse_xstrdup(const char *s);
char *parse_xstrdup_or_null(const char *s);
void parse_set_str(char **slot, const char *s);
char **parse_field(struct parser *ps);

#endif
