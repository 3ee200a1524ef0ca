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
# test_host_dev DIR: a private /dev (device nodes copied, the host's devpts bound) whose /dev/log is
# our own syslog receiver, writing to DIR/syslog (its pid in SYSLOGD), and a private /run.  Nothing
# of it is visible outside the namespace.
test_host_dev() {
	local dir=$1
	mkdir "$dir/realdev" &&
		mount --rbind /dev "$dir/realdev" &&
		mount -t tmpfs -o mode=0755 tmpfs /dev &&
		cp -a "$dir"/realdev/{null,zero,full,random,urandom,tty,ptmx} /dev/ &&
		mkdir /dev/pts /dev/shm &&
		mount --rbind "$dir/realdev/pts" /dev/pts &&
		mount -t tmpfs -o mode=1777 tmpfs /dev/shm &&
		ln -s /proc/self/fd /dev/fd &&
		mount -t tmpfs -o mode=0755 tmpfs /run || return 1
	touch "$dir/syslog"
	python3 - "$dir/syslog" <<'EOPY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
with open(sys.argv[1], "ab", buffering=0) as out:
    while True:
        out.write(s.recv(8192).rstrip(b"\0\n") + b"\n")
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
