version 1
# Tighter than default: hides more of the host's administrative state.
include default
hide /var/log
hide /var/backups
hide /etc/secure_shell
umask 077
