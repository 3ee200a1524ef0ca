#!/bin/bash
# tests/e2e/suite.sh T BINARY TOPDIR: the end-to-end suite, run by tests/e2e/run.sh inside a private
# mount namespace.  Logins go through a real sshd and Debian's PAM stack; see host.sh for the host.
set -u
T=$1 bin=$2 top=$3
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
# shellcheck source=tests/e2e/host.sh
. "$top/tests/e2e/host.sh"

SYSLOGD=
finish() {
	local f
	for f in "$T"/sshd-*.run; do [ -e "$f" ] && sshd_stop "$(basename "$f" .run | sed 's/^sshd-//')"; done
	[ -n "$SYSLOGD" ] && kill "$SYSLOGD" 2>/dev/null
	sleep 0.3
	cg_cleanup
}
trap finish EXIT
# timeout(1) ends the suite with SIGTERM: exit through the EXIT trap, which cleans up
trap 'exit 143' TERM INT HUP

host_mounts || { not_ok "[e2e] test host: mounts"; echo "1..$T_N"; exit 1; }
host_accounts
pam_stock_with_hook
PORT_A=$(free_port)
sshd_config A "$PORT_A" shell
if ! /usr/sbin/sshd -t -f "$T/sshd-A.conf" 2>"$T/sshd-t.err"; then
	not_ok "[e2e] sshd -t accepts examples/sshd_config's Match block"
	diag "$(cat "$T/sshd-t.err")"
	echo "1..$T_N"
	exit 1
fi
ok "[e2e] sshd -t accepts examples/sshd_config's Match block"
sshd_start A "$PORT_A" || { not_ok "[e2e] sshd starts"; diag "$(cat "$T/sshd-A.log")"; echo "1..$T_N"; exit 1; }
PORT=$PORT_A

# shellcheck source=tests/e2e/logins.sh
. "$top/tests/e2e/logins.sh"
# shellcheck source=tests/e2e/doctor.sh
. "$top/tests/e2e/doctor.sh"

done_testing
