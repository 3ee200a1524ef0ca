/* SPDX-License-Identifier: ISC */
/*
 * One parser for /proc/PID/mountinfo, for the launcher (the proc mounts it covers) and the cgroup
 * module (where the hierarchies are).  Pure: text in, fields out.
 */
#ifndef SS_MOUNTINFO_H
#define SS_MOUNTINFO_H

#include "ss.h"

/* a device number as the mount table gives it (MAJ:MIN), in one value */
#define SS_DEV(maj, min) ((unsigned long long)(maj) << 32 | (unsigned long long)(min))

struct ss_mi {
	unsigned long long id, parent;
	unsigned long long dev; /* of the file system (its superblock): SS_DEV(major, minor) */
	char *root, *mp;	/* unescaped (\040 is a space, \134 a backslash, ...) */
	char *type, *super;	/* the file system type and its super options, as they are */
};

/*
 * The line at *cursor, parsed in place: its fields are ended with '\0' there, and *cursor moves to
 * the next line.  "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER".
 * Returns 1 for a line, 0 at the end of the text, -1 if the line is malformed (too few fields, no
 * " - " separator, a bad number or escape, an escaped NUL).  An empty line is malformed too.
 */
int ss_mountinfo_next(char **cursor, struct ss_mi *m) SS_WUR;

#endif
