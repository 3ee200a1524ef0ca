#!/bin/bash
# The end-to-end suite: a real OpenSSH server (Debian's openssh-server) on 127.0.0.1, Debian's own
# PAM stack with the --pam-session hook, the setuid launcher as the aliases' login shell (and as
# sshd's ForceCommand from /bin/sh), logged into with the Debian ssh, scp, sftp, rsync and git
# clients.  Everything runs in a private mount namespace (tests/e2e/suite.sh): an overlay on /etc,
# a private /dev with its own syslog socket, a private /run and /var/log; nothing reaches the host.
# Also --doctor's tests and the examples/ checks (tests/e2e/doctor.sh).
# Usage: tests/e2e/run.sh   (as root; prints TAP)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SS_BIN:-$top/build/secure_shell}

# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"

if [ "$(id -u)" != 0 ]; then
	not_root_skip "[e2e] end-to-end suite (it runs sshd and a setuid launcher)"
	exit
fi
for tool in /usr/sbin/sshd ssh ssh-keygen scp sftp python3; do
	if ! command -v "$tool" >/dev/null; then
		if [ "${MUST_WORK:-0}" = 1 ]; then echo "not ok 1 - [e2e] $tool is missing (make deps)"; else
			echo "ok 1 - [e2e] end-to-end suite # SKIP $tool is not installed (make deps)"; fi
		echo "1..1"
		[ "${MUST_WORK:-0}" = 1 ] && exit 1
		exit 0
	fi
done
if [ ! -x "$bin" ]; then
	echo "not ok 1 - [e2e] $bin is not built (make)"
	echo "1..1"
	exit 1
fi
T=$(mktemp -d /tmp/ss-e2e.XXXXXX) || exit 1
chmod 0755 "$T"
# the suite's cgroup parent, named here so that it is removed below even if the suite was killed
CGP=ss-e2e-$$
export SS_TEST_CGP=$CGP
cleanup() {
	# whatever a failed test left running: sshd and sessions started from $T
	pkill -KILL -f "$T/" 2>/dev/null
	sleep 0.2
	cg_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
run_tap "[e2e] end-to-end suite" timeout -k 10 420 unshare --mount --propagation private -- \
	bash "$top/tests/e2e/suite.sh" "$T" "$bin" "$top"
