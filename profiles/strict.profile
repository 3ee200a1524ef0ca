version 1
# Tighter than default: no network at all (its own network namespace with only lo), smaller
# limits, and more of the host's administrative state hidden.
include default
network none
memory 1G
pids 256
hide /var/log
hide /var/backups
hide /etc/secure_shell
umask 077
