/* SPDX-License-Identifier: ISC */
/*
 * identity pam: the session records that `secure_shell --pam-session` (run by pam_exec as root at
 * open_session) writes and that the launcher reads.  The writer (pam_session.c) and the reader
 * (identity.c) share this file so that they agree on every detail.
 *
 *   /run/secure_shell            root, 0755
 *   /run/secure_shell/sessions   root, 0711: an alias can open a record by its id, not list them
 *   /run/secure_shell/sessions/ID   root, 0644, "NAME\n"; ID = the audit session id, in decimal
 *
 * Also here: libnss_map's /etc/nssmap.conf, whose first line says which uid, gid, home prefix and
 * login shell every mapped alias has (identity pam accepts that shell; --doctor checks the line).
 */
#ifndef SS_PAMREC_H
#define SS_PAMREC_H

#include <stdbool.h>
#include <stddef.h>

#include "ss.h"

#define SS_RUN_DIR	 "/run/secure_shell"
#define SS_SESSIONS_DIR	 SS_RUN_DIR "/sessions"
#define SS_RECORD_MODE	 0644
#define SS_SESSIONS_MODE 0711
#define SS_RUN_DIR_MODE	 0755
#define SS_NSSMAP_PATH	 "/etc/nssmap.conf"

/* The audit session id of this process, as decimal text: -ENOENT when it is unset (4294967295,
 * i.e. no pam_loginuid in this login's history), -EIO when /proc says something else. */
int pamrec_session_id(char *out, size_t sz) SS_WUR;

/* A record's bytes to the alias name: exactly NAME or NAME "\n", with NAME a valid alias (so no
 * '/', no leading '-', at most SS_NAME_MAX bytes).  -EINVAL otherwise. */
int pamrec_parse(const char *buf, size_t len, char name[SS_NAME_MAX + 1]) SS_WUR;

/* The first line of /etc/nssmap.conf: "name:pw:uid:gid:gecos:home prefix:shell". */
struct ss_nssmap {
	unsigned long uid, gid;
	char home[SS_PATH_MAX];	 /* as written (libnss_map appends "/<name>") */
	char shell[SS_PATH_MAX]; /* the rest of the line */
	size_t n_lines;		 /* lines in the file: libnss_map reads only the first */
};
/* Pure: parse the file's bytes.  -EINVAL with err set when the first line is not 7 fields. */
int nssmap_parse(const char *buf, size_t len, struct ss_nssmap *m, struct ss_error *err) SS_WUR;
/* Read /etc/nssmap.conf through ss_open_trusted (root-owned, no symlinks); -ENOENT if absent. */
int nssmap_load(struct ss_nssmap *m, struct ss_error *err) SS_WUR;

/* namespace_owner (a name or a uid) resolved to the uid of a system user that no alias can be: it
 * must have a passwd entry with a nologin or false shell, and be neither root, nobody (65534), the
 * caller's uid nor the aliases' uid of /etc/nssmap.conf.  0 with *uid set, or -errno with err set. */
int ns_owner_resolve(const char *v, uid_t caller, uid_t *uid, struct ss_error *err) SS_WUR;

/* Do two paths name the same file (device and inode, symlinks followed)? */
bool ss_same_file(const char *a, const char *b);

#endif
