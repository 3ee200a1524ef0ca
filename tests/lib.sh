#!/bin/bash
# Tiny TAP helpers shared by the shell test suites.
T_N=0
T_FAILED=0
ok()     { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }
# done_testing: the plan line, and a status that says whether anything failed
done_testing() { echo "1..$T_N"; [ "$T_FAILED" -eq 0 ]; }
# check DESC CMD...: passes when CMD succeeds
check()  { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# skip DESC REASON [present]: "present" means the machine has the feature, so MUST_WORK=1 fails it
skip() {
	if [ "${3:-}" = present ] && [ "${MUST_WORK:-0}" = 1 ]; then
		not_ok "$1 (skipped but MUST_WORK=1: $2)"
	else
		T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"
	fi
}
# is DESC GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; printf '#   got:  %q\n#   want: %q\n' "$2" "$3"; fi
}
# like DESC GOT REGEX
like() {
	if [[ $2 =~ $3 ]]; then ok "$1"; else
		not_ok "$1"; printf '#   got:  %q\n#   want match: %s\n' "$2" "$3"; fi
}
diag() { printf '# %s\n' "$*"; }
# run_tap NAME CMD...: run CMD, which prints TAP, and pass its lines on.  Add a failure of our own
# when it ends without its plan, with a plan that does not match the results it printed, or with a
# non-zero status that none of its failures explains (a timeout, an abort under set -u, a crash):
# the tests it never reached must not go unseen.  The status is CMD's, or 1 for those cases.
run_tap() {
	local name=$1 out st plan ran failed
	shift
	out=$(mktemp) || return 1
	"$@" 2>&1 | tee "$out"
	st=${PIPESTATUS[0]}
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$out" | tail -n 1)
	ran=$(grep -cE '^(not )?ok( |$)' "$out")
	failed=$(grep -c '^not ok' "$out")
	rm -f "$out"
	if [ -z "$plan" ]; then
		echo "not ok - $name ended without its plan after $ran results (status $st)"
		return 1
	elif [ "$plan" != "$ran" ]; then
		echo "not ok - $name planned $plan results but printed $ran (status $st)"
		return 1
	elif [ "$st" != 0 ] && [ "$failed" = 0 ]; then
		echo "not ok - $name exited with status $st, though none of its tests failed"
		return 1
	fi
	return "$st"
}
# not_root_skip DESC: the suite needs root and we are not; under MUST_WORK=1 that is a failure
not_root_skip() {
	if [ "${MUST_WORK:-0}" = 1 ]; then echo "not ok 1 - $1 (needs root, and MUST_WORK=1)"; else
		echo "ok 1 - $1 # SKIP needs root"; fi
	echo "1..1"
	[ "${MUST_WORK:-0}" != 1 ]
}
# wait_for CMD...: run CMD every 0.1 s until it succeeds, at most 10 s; its status
wait_for() {
	local _
	for _ in $(seq 1 100); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# ---------- a test host inside a private mount namespace (integration and e2e suites) ----------
# test_host_dev DIR: a private /dev (device nodes copied, the host's devpts bound; DIR/fuse-node is a
# copy of /dev/fuse, if the host has one) whose /dev/log is
# our own syslog receiver, writing to DIR/syslog (its pid in SYSLOGD), and a private /run.  Nothing
# of it is visible outside the namespace.  DIR/syslog-creds has each line again, after the uid the
# kernel stamped on it ("uid=N line"): what journald would file it under.
test_host_dev() {
	local dir=$1
	mkdir "$dir/realdev" &&
		mount --rbind /dev "$dir/realdev" &&
		mount -t tmpfs -o mode=0755 tmpfs /dev &&
		cp -a "$dir"/realdev/{null,zero,full,random,urandom,tty,ptmx} /dev/ &&
		for n in mem kmsg; do [ ! -c "$dir/realdev/$n" ] || cp -a "$dir/realdev/$n" /dev/ || return 1; done &&
		mkdir /dev/pts /dev/shm &&
		mount --rbind "$dir/realdev/pts" /dev/pts &&
		{ [ ! -c "$dir/realdev/fuse" ] || cp -a "$dir/realdev/fuse" "$dir/fuse-node"; } &&
		umount -R "$dir/realdev" &&
		mount -t tmpfs -o mode=1777 tmpfs /dev/shm &&
		ln -s /proc/self/fd /dev/fd &&
		mount -t tmpfs -o mode=0755 tmpfs /run || return 1
	touch "$dir/syslog" "$dir/syslog-creds"
	python3 - "$dir/syslog" <<'EOPY' &
import os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
with open(sys.argv[1], "ab", buffering=0) as out, open(sys.argv[1] + "-creds", "ab", buffering=0) as creds:
    while True:
        data, anc, _, _ = s.recvmsg(8192, socket.CMSG_SPACE(12))
        uid = [struct.unpack("iII", d[:12])[1] for lvl, typ, d in anc
               if lvl == socket.SOL_SOCKET and typ == socket.SCM_CREDENTIALS]
        line = data.rstrip(b"\0\n") + b"\n"
        out.write(line)
        creds.write(b"uid=%d " % (uid[0] if uid else -1) + line)
EOPY
	# shellcheck disable=SC2034 # read by the callers' traps
	SYSLOGD=$!
	for _ in $(seq 1 50); do [ -S /dev/log ] && return 0; sleep 0.1; done
	return 1
}
# test_host_etc DIR: /etc as an overlay whose changes live in DIR and vanish with the namespace
test_host_etc() {
	mkdir -p "$1/etc-upper" "$1/etc-work" &&
		mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/etc-upper,workdir=$1/etc-work" /etc
}
# cg_dirs: the test's cgroup parent ($CGP) in each hierarchy that has memory or pids
cg_dirs() {
	local m
	findmnt -rn -t cgroup -o TARGET,OPTIONS | awk '$2 ~ /(^|,)(memory|pids)(,|$)/ {print $1}' |
		while read -r m; do echo "$m/$CGP"; done
	m=$(findmnt -rn -t cgroup2 -o TARGET | head -1)
	if [ -n "$m" ] && grep -qw memory "$m/cgroup.controllers" 2>/dev/null; then echo "$m/$CGP"; fi
}
cg_cleanup() {
	local d
	for d in $(cg_dirs); do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null; done
	return 0
}
