/* SPDX-License-Identifier: ISC */
/*
 * A tiny TAP producer for the C unit tests.  Include it from exactly one file per test program:
 *
 *	ok(cond, "name %d", i);  is_int(got, want, "name");  is_str(got, want, "name");
 *	is_uint(got, want, "name");  note("text");  return done_testing();
 *
 * plan(n) is optional: it makes done_testing() fail unless exactly n tests ran.
 *
 * done_testing() prints the plan "1..N" last and returns 1 if any test failed (0 otherwise), so
 * `return done_testing();` from main gives the right exit status.  A failure prints the file and
 * line of the check and, for the is_* forms, what was got and what was expected.
 */
#ifndef SS_TAP_H
#define SS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned tap_run_, tap_failed_, tap_planned_;

#define TAP_UNUSED_	  __attribute__((unused))
#define TAP_PRINTF_(a, b) __attribute__((format(printf, a, b)))

static TAP_UNUSED_ TAP_PRINTF_(4, 0) int tap_result_(int pass, const char *file, int line, const char *fmt, va_list ap)
{
	tap_run_++;
	printf("%sok %u - ", pass ? "" : "not ", tap_run_);
	vprintf(fmt, ap);
	printf("\n");
	if (!pass) {
		tap_failed_++;
		printf("#   Failed test at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

static TAP_UNUSED_ TAP_PRINTF_(4, 5) int tap_ok_(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = tap_result_(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static TAP_UNUSED_ TAP_PRINTF_(5, 6) int tap_is_int_(long long got, long long want, const char *file, int line,
						     const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_result_(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return pass;
}

static TAP_UNUSED_ TAP_PRINTF_(5, 6) int tap_is_uint_(unsigned long long got, unsigned long long want, const char *file,
						      int line, const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_result_(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#          got: %llu\n#     expected: %llu\n", got, want);
	return pass;
}

static TAP_UNUSED_ TAP_PRINTF_(5, 6) int tap_is_str_(const char *got, const char *want, const char *file, int line,
						     const char *fmt, ...)
{
	va_list ap;
	int pass = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);

	va_start(ap, fmt);
	pass = tap_result_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf(got ? "#          got: '%s'\n" : "#          got: %s\n", got ? got : "NULL");
		printf(want ? "#     expected: '%s'\n" : "#     expected: %s\n", want ? want : "NULL");
	}
	return pass;
}

static TAP_UNUSED_ TAP_PRINTF_(1, 2) void note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* A test that needs root, run without it: a SKIP line, or a failure under MUST_WORK=1 (CI runs as
 * root, so a skip there means something is wrong). */
static TAP_UNUSED_ void skip_not_root(const char *what)
{
	const char *m = getenv("MUST_WORK");

	if (m && !strcmp(m, "1"))
		tap_ok_(0, __FILE__, __LINE__, "%s: needs root, and MUST_WORK=1", what);
	else
		tap_ok_(1, __FILE__, __LINE__, "%s # SKIP not root", what);
}

/* Declare how many tests should run; done_testing() fails the run if the count differs (a test
 * program that stopped early or skipped checks). The plan line itself is still printed last. */
static TAP_UNUSED_ void plan(unsigned n)
{
	tap_planned_ = n;
}

static TAP_UNUSED_ int done_testing(void)
{
	if (tap_planned_ && tap_planned_ != tap_run_) {
		printf("# planned %u tests but ran %u\n", tap_planned_, tap_run_);
		tap_failed_++;
	}
	/* The plan goes last (TAP allows it at the end) so that the output always ends with it. */
	if (tap_failed_)
		printf("# failed %u of %u tests\n", tap_failed_, tap_run_);
	printf("1..%u\n", tap_run_);
	fflush(stdout);
	return tap_failed_ ? 1 : 0;
}

#define ok(cond, ...)	       tap_ok_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int_((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_uint(got, want, ...) \
	tap_is_uint_((unsigned long long)(got), (unsigned long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str_((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
