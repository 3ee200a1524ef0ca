#!/bin/bash
# Integration lanes: each runs tests/integration/suite.sh in a private mount namespace (so the test
# /etc, homes and mounts never touch the host) against one build of the launcher.
#   setuid  the production install: build/secure_shell, root-owned 4755, run by uid 10000
#   unpriv  the same binary without the setuid bit (unprivileged user namespaces)
#   asan    build/asan/secure_shell (ASan+UBSan), unprivileged
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
lanes=${*:-setuid unpriv asan}

if [ "$(id -u)" != 0 ]; then
	not_root_skip "integration suite (it installs a setuid binary in a private namespace)"
	exit
fi
rc=0
for lane in $lanes; do
	bin=$top/build/secure_shell
	[ "$lane" = asan ] && bin=$top/build/asan/secure_shell
	T=$(mktemp -d /tmp/ss-test.XXXXXX) || exit 1
	chmod 0755 "$T"
	# the lane's cgroup parent, named here so that it is removed below even if the suite was killed
	CGP=ss-test-$$-$lane
	export SS_TEST_CGP=$CGP
	echo "# lane $lane: $T"
	run_tap "[$lane] integration suite" timeout -k 10 900 unshare --mount --propagation private -- \
		bash "$top/tests/integration/suite.sh" "$lane" "$T" "$bin" "$top" || rc=1
	# Whatever a failed test left running: nothing of ours may survive the lane.
	pkill -KILL -f "$T/" 2>/dev/null
	pkill -KILL -f "ss-test-$$-$lane" 2>/dev/null
	sleep 0.1
	cg_cleanup
	rm -rf "$T"
done
exit $rc
