/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

/* The field [f, end) with its octal escapes undone in place (the result is never longer) and ended
 * with '\0'; -1 for a backslash not followed by three octal digits, or an escaped NUL.  The kernel
 * escapes space, tab, newline and backslash this way, so a lone backslash never comes from it. */
static int unescape(char *f, char *end)
{
	char *o = f;

	while (f < end) {
		char c = *f++;

		if (c == '\\') {
			if (end - f < 3 || f[0] < '0' || f[0] > '3' || f[1] < '0' || f[1] > '7' || f[2] < '0' ||
			    f[2] > '7')
				return -1;
			c = (char)((f[0] - '0') << 6 | (f[1] - '0') << 3 | (f[2] - '0'));
			f += 3;
			if (c == '\0')
				return -1;
		}
		*o++ = c;
	}
	*o = '\0';
	return 0;
}

/* the next space-separated field of [*p, end), ended with '\0' in place; NULL past the end */
static char *field(char **p, char *end)
{
	char *f = *p, *sp;

	if (f >= end)
		return NULL;
	sp = memchr(f, ' ', (size_t)(end - f));
	if (!sp)
		sp = end;
	*sp = '\0';
	*p = sp + 1;
	return f;
}

static int number(const char *s, unsigned long long *out)
{
	char *e;

	if (*s < '0' || *s > '9')
		return -1;
	*out = strtoull(s, &e, 10);
	return *e ? -1 : 0;
}

/* "MAJ:MIN", each a decimal number of 32 bits at most */
static int device(char *s, unsigned long long *out)
{
	unsigned long long maj, min;
	char *colon = strchr(s, ':');

	if (!colon)
		return -1;
	*colon = '\0';
	if (number(s, &maj) < 0 || number(colon + 1, &min) < 0 || maj > 0xffffffffULL || min > 0xffffffffULL)
		return -1;
	*out = SS_DEV(maj, min);
	return 0;
}

int ss_mountinfo_next(char **cursor, struct ss_mi *m)
{
	char *line = *cursor, *eol, *p, *id, *parent, *dev, *f;

	if (!*line)
		return 0;
	eol = strchr(line, '\n');
	if (!eol)
		eol = line + strlen(line);
	*cursor = *eol ? eol + 1 : eol; /* before the fields are ended in place */
	p = line;
	if (!(id = field(&p, eol)) || !(parent = field(&p, eol)) || !(dev = field(&p, eol)) ||
	    !(m->root = field(&p, eol)) || !(m->mp = field(&p, eol)) || !field(&p, eol))
		return -1;
	while ((f = field(&p, eol)) && strcmp(f, "-"))
		; /* the optional fields: shared:N, master:N, ... */
	if (!f || !(m->type = field(&p, eol)) || !field(&p, eol) || !(m->super = field(&p, eol)))
		return -1;
	if (number(id, &m->id) < 0 || number(parent, &m->parent) < 0 || device(dev, &m->dev) < 0 ||
	    unescape(m->root, m->root + strlen(m->root)) < 0 || unescape(m->mp, m->mp + strlen(m->mp)) < 0)
		return -1;
	return 1;
}
