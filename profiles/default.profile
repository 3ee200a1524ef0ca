version 1
# The default profile for interactive aliases: the host's system read-only, a private home,
# private /tmp, /var/tmp, /dev/shm, /proc, devpts and /run/user, nothing of other aliases.
# Everything a login gets is shown by `secure_shell --print`.

# Mail spools of aliases are owned by the shared uid: every alias could read every other's.
hide /var/mail

# seccomp: the built-in @default groups are denied (see secure_shell.profile(5)); Landlock is on.
umask 077
