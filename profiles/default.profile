version 1
# The default profile for interactive aliases: the host's system read-only, a private home,
# private /tmp, /var/tmp, /dev/shm, /proc, devpts and /run/user, nothing of other aliases.
# Everything a login gets is shown by `secure_shell --print`.

# Mail spools of aliases are owned by the shared uid: every alias could read every other's.
hide /var/mail
# The system bus: with one uid for every alias, logind would let one alias end the others'
# sessions.  And the PAM session records (identity pam) list who is logged in.
hide /run/dbus
hide /run/secure_shell
# What the host keeps per uid is every alias's: journald files the shared uid's log lines (and
# systemd-coredump its crashes, with their environment) in a journal that uid may read, and
# crash dumps are made readable by it.  Login records name who came from where and when: /var/log
# holds the journal, wtmp and its rotated copies, lastlog, faillog; logind and pam_faillock keep
# theirs under /run.  The journal's sockets would let an alias write lines that look like the
# launcher's.
hide /var/log
hide /run/log/journal
hide /run/systemd/journal
hide /run/systemd/sessions
hide /run/systemd/users
hide /run/systemd/seats
hide /run/faillock
hide /var/lib/systemd/coredump
hide /var/lib/systemd/linger
hide /var/crash
hide /var/lib/wtmpdb
hide /var/lib/lastlog

# Limits per alias, shared by all of the alias's sessions.  Without a cgroup, no login.
memory 2G
# no swap: with any, an alias at its memory limit is swapped out, not OOM-killed, and can fill
# the host's swap for everyone (v2 memory.swap.max 0; v1 memory + swap = memory)
memory_swap 0
pids 1024
cgroup required

# seccomp: the built-in @default groups are denied (see secure_shell.profile(5)); Landlock is on.
umask 077
