version 1
# The default profile for interactive aliases: the host's system read-only, a private home,
# private /tmp, /var/tmp, /dev/shm, /proc, devpts and /run/user, nothing of other aliases.
# Everything a login gets is shown by `secure_shell --print`.

# Files no alias needs to read (they are root-only on a sane host; defence in depth).
hide /etc/ssh/ssh_host_ecdsa_key
hide /etc/ssh/ssh_host_ed25519_key
hide /etc/ssh/ssh_host_rsa_key
hide /var/spool/cron
hide /var/mail

umask 077
