/* SPDX-License-Identifier: ISC */
/*
 * What the benchmark helpers (startlat, burst, seccomp_bench, sysloop) have in common: dying with
 * the program's name, reading counts, a monotonic clock and quantiles.  Header-only: each helper is
 * one program built by its own gcc line (tests/bench/run.sh, Makefile).
 */
#ifndef SS_BENCH_H
#define SS_BENCH_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern char *program_invocation_short_name;

__attribute__((format(printf, 1, 2), noreturn, unused)) static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* "-OPT VALUE" (or "NAME=VALUE") as a count from lo to hi, or die naming it */
__attribute__((unused)) static long bench_count(const char *what, const char *v, long lo, long hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		die("%s %s: expected a count from %ld to %ld", what, v, lo, hi);
	return n;
}

__attribute__((unused)) static double bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

__attribute__((unused)) static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* the q-quantile of v[0..n-1], sorted in place first (linear interpolation; n > 0) */
__attribute__((unused)) static double bench_quantile(double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return i + 1 < n ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[n - 1];
}

#endif
