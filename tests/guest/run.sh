#!/bin/bash
# The guest-kernel lane: the integration suite's setuid lane (tests/integration/run.sh setuid), run
# as root inside a user-mode-linux guest (tests/guest/vm.sh) whose kernel has what this host's
# may lack: cgroup v2 with the memory and pids controllers, and AppArmor enabled, so the suite's
# AppArmor branch loads profiles/apparmor/secure_shell-session and checks a session runs under it.
#
#   tests/guest/run.sh        (as root, from anywhere; the launcher must be built in build/)
#
# Prints TAP: the guest's own checks, then every line of the guest suite renumbered and tagged
# "[guest]".  Exits non-zero if any of them failed, if the guest did not boot, or if the suite did
# not run to its end.  When a guest cannot be had here (tools missing, no boot), the lane is one
# SKIP line, or a failure with MUST_WORK=1.  With CI or MUST_WORK=1 set it first installs what it
# needs (tests/guest/vm.sh setup).
#
# Environment: MUST_WORK (also passed into the guest), CI, GUEST_TIMEOUT (seconds for the suite's
# guest, default 600), GUEST_MEM (MiB, default 1024).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
# count the failures: every not-ok line of lib.sh's helpers goes through not_ok
failed=0
eval "$(declare -f not_ok | sed '1s/^not_ok/lib_not_ok/')"
not_ok() {
	failed=$((failed + 1))
	lib_not_ok "$@"
}
vm=$top/tests/guest/vm.sh
G="[guest]"
t_start=$SECONDS

# cannot DESC REASON: no guest can be had here: a SKIP line, a failure with MUST_WORK=1
cannot() {
	skip "$G $1" "$2" present
	echo "1..$T_N"
	[ "${MUST_WORK:-0}" = 1 ] && exit 1
	exit 0
}

if [ "$(id -u)" != 0 ]; then
	not_root_skip "$G guest-kernel lane (the guest installs a setuid binary)"
	exit
fi
why=$("$vm" check)
if [ -n "$why" ] && { [ -n "${CI:-}" ] || [ "${MUST_WORK:-0}" = 1 ]; }; then
	diag "guest: $why; running tests/guest/vm.sh setup"
	"$vm" setup 2>&1 | sed 's/^/# /'
	why=$("$vm" check)
fi
[ -z "$why" ] || cannot "guest-kernel lane" "$why"
for f in build/secure_shell build/tests/ss-probe; do
	[ -x "$top/$f" ] || cannot "guest-kernel lane" "$f is not built (make all build/tests/ss-probe)"
done

cd "$top" || exit 1

# ---------- 1. a guest boots, and has what the lane is for ----------
t0=$SECONDS
feat=$("$vm" run --timeout 120 --mem "${GUEST_MEM:-1024}" -- bash tests/guest/features.sh 2>&1)
rc=$?
if [ $rc != 0 ] || [[ $feat != *"kernel: "* ]]; then
	printf '%s\n' "$feat" | tail -n 40 | sed 's/^/# /'
	cannot "a user-mode-linux guest boots" "tests/guest/vm.sh run failed with status $rc"
fi
feature() { printf '%s\n' "$feat" | sed -n "s/^$1: //p" | head -n 1; }
ok "$G a user-mode-linux guest boots and runs a command ($((SECONDS - t0)) s)"
for k in kernel controllers subtree_control lsm apparmor landlock seccomp userns tmp pty overlay; do
	diag "guest $k: $(feature "$k")"
done
has_words() { # has_words STRING WORD...: every WORD is a word of STRING
	local w
	for w in "${@:2}"; do [[ " $1 " == *" $w "* ]] || return 1; done
}
check "$G cgroup v2 in the guest has the memory and pids controllers" \
	has_words "$(feature controllers)" memory pids
check "$G the guest's root cgroup enables memory and pids for its children" \
	has_words "$(feature subtree_control)" memory pids
check "$G AppArmor is enabled in the guest and accepts policy" \
	test "$(feature apparmor)" = "Y, .load writable"
like "$G /dev/ptmx works in the guest (script gets a pty)" "$(feature pty)" '^/dev/pts/[0-9]+$'
check "$G an overlay on /etc mounts in the guest" test "$(feature overlay)" = "an overlay on /etc mounts"

# ---------- 2. the integration suite, setuid lane, in a guest ----------
# Every TAP line of the guest is renumbered into this lane's count and tagged [guest]; its
# stderr goes to ours as comments (so that nothing there is counted); its plan is checked.
t0=$SECONDS
mark="@@guest-lane-status-$$-$RANDOM"
plan='' seen=0 guest_failed=0 status=''
while IFS= read -r line; do
	case $line in
	"$mark "*) status=${line#"$mark "} ;;
	"ok "* | "not ok "*)
		seen=$((seen + 1))
		if [[ $line =~ ^(not\ )?ok\ *[0-9]*\ *-?\ *(.*)$ ]]; then
			if [ -n "${BASH_REMATCH[1]}" ]; then
				guest_failed=$((guest_failed + 1))
				not_ok "$G ${BASH_REMATCH[2]}"
			else
				ok "$G ${BASH_REMATCH[2]}"
			fi
		fi ;;
	1..*) plan=${line#1..} ;;
	*) printf '%s\n' "$line" ;;
	esac
done < <(
	"$vm" run --timeout "${GUEST_TIMEOUT:-600}" --mem "${GUEST_MEM:-1024}" --env "MUST_WORK=${MUST_WORK:-0}" \
		-- tests/integration/run.sh setuid 2> >(sed -u 's/^/# guest stderr: /' >&2)
	echo "$mark $?"
)
# the suite's exit status: 0, or non-zero because some of its tests failed (already counted)
case $status in
124) not_ok "$G the guest suite timed out after ${GUEST_TIMEOUT:-600} s" ;;
125) not_ok "$G the guest failed before the suite reported a status" ;;
0) ok "$G the guest's tests/integration/run.sh setuid exited 0" ;;
*)
	if [ "$guest_failed" -gt 0 ] && [[ $status =~ ^[0-9]+$ ]]; then
		ok "$G the guest's tests/integration/run.sh setuid exited $status (failed tests: $guest_failed)"
	else
		not_ok "$G the guest's tests/integration/run.sh setuid exited ${status:-?} with no test failed"
	fi ;;
esac
is "$G the guest suite ran to its end (its plan matches the tests seen)" "${plan:-none}" "$seen"
diag "guest lane: suite $((SECONDS - t0)) s, lane $((SECONDS - t_start)) s"
echo "1..$T_N"
[ "$failed" = 0 ]
