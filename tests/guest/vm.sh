#!/bin/bash
# vm.sh - run one command as root under a throw-away guest kernel: Debian's user-mode-linux (UML)
# kernel, run as an ordinary host process (no /dev/kvm needed), with cgroup v2 (every controller
# enabled for children of the root cgroup) and AppArmor switched on.
#
#   tests/guest/vm.sh setup
#       Install what a guest needs (idempotent; `apt-get update` only when a package is missing).
#   tests/guest/vm.sh run [--share DIR]... [--env VAR=VAL]... [--timeout SEC] [--mem MB] [--console]
#                         -- CMD [ARG...]
#       Boot a guest, run CMD in it, power it off.  CMD's stdout and stderr are streamed to ours
#       while it runs; the exit status is CMD's, 124 if --timeout (default 600 s) fired, 125 if the
#       guest failed before it reported a status (the tail of its console log is printed then).
#   tests/guest/vm.sh check
#       Exit 0 if `run` has what it needs on this machine, else print why and exit 1.
#
# The guest:
#   /            the host's / (over hostfs, read-only) under a tmpfs overlay: every host file is
#                at its usual path, the guest may write anywhere, and every write is gone at
#                power-off.  The host's / itself is never written.
#   mounted      proc, sysfs, securityfs, cgroup2 on /sys/fs/cgroup (nsdelegate), devtmpfs,
#                devpts (/dev/ptmx works), mqueue; fresh tmpfs on /tmp (1777, setuid allowed, as on
#                the host), /run and /dev/shm.  lo is up.  The UML kernel's modules are at
#                /lib/modules/$(uname -r).
#   cgroups      the root cgroup's cgroup.subtree_control has every controller the kernel has
#                (memory and pids among them); CMD runs in the root cgroup.
#   security     kernel arguments lsm=capability,yama,apparmor apparmor=1, so AppArmor is enabled
#                and apparmor_parser can load profiles (/sys/kernel/security/apparmor/.load).
#   --share DIR  the host's DIR, read-write, at the same path (results; no commas or spaces).
#   CMD          runs as root, in the root cgroup, in the host's $PWD, stdin /dev/null, with a
#                clean environment (PATH HOME TERM LANG, plus --env).  A $PWD under /tmp, /run or
#                /dev/shm (which the guest has its own tmpfs on) is mounted from the host
#                read-only at the same path, so relative paths keep working.
#
# Host side: a private run directory under ${TMPDIR:-/tmp} (removed on exit), the guest's RAM as
# an unlinked file in /dev/shm, no mounts, and no process left behind (UML and its helpers run in
# their own process group, killed at the end, also on a timeout or a signal).
#
# UML is not a security boundary (guest root could reach the host's files through hostfs): use it
# for trusted test code only.  Its 6.1 kernel lacks Landlock (CONFIG_ARCH_EPHEMERAL_INODES rules
# it out), time namespaces, PSI and the cpuset controller; it is uniprocessor, and every syscall
# is trapped with ptrace, so syscall-heavy code runs ~100x slower than on the host.
set -uo pipefail

PKGS=(user-mode-linux busybox-static apparmor gcc libc6-dev)
UML=/usr/bin/linux.uml
BB=/bin/busybox
me=tests/guest/vm.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { echo "vm.sh: $*" >&2; }
die() { say "$*"; exit 125; }

# ---------------------------------------------------------------------------------------- setup
missing_pkgs() {
	local p
	for p in "${PKGS[@]}"; do
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || echo "$p"
	done
}

# why_not: print why a guest cannot run here (nothing when it can)
why_not() {
	local m
	m=$(missing_pkgs | tr '\n' ' ')
	[ -z "$m" ] || { echo "packages not installed: ${m% } (run $me setup)"; return; }
	[ -x "$UML" ] || { echo "$UML is missing (run $me setup)"; return; }
	[ -x "$BB" ] || { echo "$BB is missing (run $me setup)"; return; }
	[ -n "$(uml_kver)" ] || { echo "no UML kernel modules in /usr/lib/uml/modules"; return; }
	command -v "${CC:-cc}" >/dev/null || { echo "no C compiler (${CC:-cc}) for uml-xstate.c"; return; }
	[ "$(id -u)" = 0 ] || { echo "needs root (the guest reads the host's files through hostfs)"; return; }
}

uml_kver() {
	local d
	for d in /usr/lib/uml/modules/*/kernel/fs/overlayfs/overlay.ko; do
		[ -e "$d" ] && { d=${d#/usr/lib/uml/modules/}; echo "${d%%/*}"; return; }
	done
}

setup() {
	[ "$(id -u)" = 0 ] || die "setup must run as root"
	local missing
	missing=$(missing_pkgs | tr '\n' ' ')
	if [ -n "$missing" ]; then
		say "installing ${missing% }"
		# bounded: a held dpkg lock or a dead mirror must not hang the test lane
		timeout 600 apt-get -qq -o DPkg::Lock::Timeout=120 update >&2 ||
			die "apt-get update failed"
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -qq -y -o DPkg::Lock::Timeout=120 \
			install --no-install-recommends $missing >/dev/null || die "apt-get install $missing failed"
	fi
	local why
	why=$(why_not)
	[ -z "$why" ] || die "$why"
	say "ready: UML kernel $(uml_kver)"
}

# ---------------------------------------------------------------------------------- guest init
# PID 1 of the guest, run by the host's static busybox from the run directory (reached through
# the read-only hostfs root).  It builds the overlay root, switches to it, mounts the rest, runs
# the command and powers off.  Its settings come from ./config beside it.
guest_init() {
	cat <<'EOF'
#!/bin/busybox sh
b=/bin/busybox
. "${0%/*}/config"      # RUNDIR KVER SHARES RO_CWD
msg() { echo "guest init: $*" >/dev/console; }
halt() { $b sync; $b poweroff -f; $b sleep 30; }
fatal() { msg "$*"; halt; }

# 1. an overlay root: the read-only hostfs root below, a tmpfs above
$b insmod /usr/lib/uml/modules/$KVER/kernel/fs/overlayfs/overlay.ko || fatal "insmod overlay"
$b mount -t tmpfs -o mode=0755 tmpfs /run || fatal "tmpfs for the overlay"
$b mkdir -p /run/root/upper /run/root/work /run/root/new
$b mount -t overlay -o lowerdir=/,upperdir=/run/root/upper,workdir=/run/root/work overlay \
	/run/root/new || fatal "overlay root"
cd /run/root/new && $b pivot_root . . && $b umount -l . || fatal "pivot_root"
cd /

# 2. the usual filesystems, over the host's directories of the same names
$b mount -t proc -o nosuid,nodev,noexec proc /proc
$b mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
$b mount -t securityfs -o nosuid,nodev,noexec securityfs /sys/kernel/security
$b mount -t cgroup2 -o nosuid,nodev,noexec,nsdelegate,memory_recursiveprot cgroup2 /sys/fs/cgroup ||
	$b mount -t cgroup2 -o nosuid,nodev,noexec,nsdelegate cgroup2 /sys/fs/cgroup
$b mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev
$b mkdir -p /dev/pts /dev/shm /dev/mqueue
$b mount -t devpts -o nosuid,noexec,gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts
$b mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /dev/shm
$b mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue
$b ln -sfn /proc/self/fd /dev/fd
$b ln -sfn /proc/self/fd/0 /dev/stdin
$b ln -sfn /proc/self/fd/1 /dev/stdout
$b ln -sfn /proc/self/fd/2 /dev/stderr
$b mount -t tmpfs -o mode=1777 tmpfs /tmp
$b mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run
$b mkdir -p /run/vm /run/lock
$b mount -t hostfs -o "$RUNDIR" none /run/vm || fatal "hostfs mount of $RUNDIR"
if [ -d /usr/lib/uml/modules/$KVER ]; then
	$b mkdir -p /lib/modules/$KVER && $b mount --bind /usr/lib/uml/modules/$KVER /lib/modules/$KVER
fi
$b hostname guest
$b ip link set lo up

# 3. every controller for the children of the root cgroup, as systemd does
ctl=
for c in $($b cat /sys/fs/cgroup/cgroup.controllers); do ctl="$ctl +$c"; done
[ -z "$ctl" ] || echo "$ctl" >/sys/fs/cgroup/cgroup.subtree_control || msg "subtree_control: $ctl"

# 4. host directories at their own paths: --share (read-write), a hidden $PWD (read-only)
for d in $SHARES; do
	$b mkdir -p "$d" && $b mount -t hostfs -o "$d" none "$d" || msg "cannot mount share $d"
done
if [ -n "$RO_CWD" ]; then
	$b mkdir -p "$RO_CWD" && $b mount -t hostfs -o "ro,$RO_CWD" none "$RO_CWD" || msg "cannot mount $RO_CWD"
fi

# 5. the command; its output goes to plain files in the run directory, which the host streams
: >/run/vm/booted
$b env -i /bin/bash /run/vm/cmd </dev/null >/run/vm/stdout 2>/run/vm/stderr
echo $? >/run/vm/status
halt
EOF
}

# ----------------------------------------------------------------------------------------- run
usage() {
	sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

run() {
	local timeout=600 mem=1024 console=0 shares=() envs=() d
	while [ $# -gt 0 ]; do
		case $1 in
		--share)
			[ -d "${2-}" ] || die "--share ${2-}: not a directory"
			d=$(readlink -f -- "$2")
			shares+=("$d")
			shift 2 ;;
		--env)
			[[ ${2-} =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env wants VAR=VALUE, got '${2-}'"
			envs+=("$2")
			shift 2 ;;
		--timeout)
			[[ ${2-} =~ ^[1-9][0-9]*$ ]] || die "--timeout wants seconds, got '${2-}'"
			timeout=$2
			shift 2 ;;
		--mem)
			if ! [[ ${2-} =~ ^[1-9][0-9]*$ ]] || [ "$2" -lt 64 ]; then die "--mem wants MiB (>= 64), got '${2-}'"; fi
			mem=$2
			shift 2 ;;
		--console) console=1; shift ;;
		--) shift; break ;;
		-h | --help) usage ;;
		*) die "unknown option '$1' (the command comes after --)" ;;
		esac
	done
	[ $# -gt 0 ] || usage
	local why
	why=$(why_not)
	[ -z "$why" ] || die "cannot boot a guest: $why"
	for d in "${shares[@]}"; do
		[[ $d != *[,[:space:]]* ]] || die "--share path with a comma or a space is not supported: $d"
		case $d in /) die "--share / is not supported" ;; esac
	done

	reap_stale
	# The run directory: the guest's init, config, command, and what comes back (stdout, stderr,
	# status).  The guest reaches it through hostfs, so its path goes on the kernel command line.
	rd=$(mktemp -d "${TMPDIR:-/tmp}/ss-vm.XXXXXX") || die "mktemp failed"
	[[ $rd != *[,[:space:]]* ]] || { rm -rf "$rd"; die "TMPDIR must not contain commas or spaces: $rd"; }
	chmod 0755 "$rd"
	echo $$ >"$rd/owner"
	trap cleanup EXIT
	trap 'interrupted=130; stop_guest' INT
	trap 'interrupted=143; stop_guest' TERM HUP

	local ro_cwd=
	case $PWD/ in /tmp/* | /run/* | /dev/shm/*) ro_cwd=$PWD ;; esac
	[[ $ro_cwd != *[,[:space:]]* ]] || { say "\$PWD has a comma or space; the guest starts in /"; ro_cwd=; }
	{
		printf 'RUNDIR=%s\n' "$rd"
		printf 'KVER=%s\n' "$(uml_kver)"
		printf 'SHARES="%s"\n' "${shares[*]}"
		printf 'RO_CWD="%s"\n' "$ro_cwd"
	} >"$rd/config"
	guest_init >"$rd/init"
	chmod 0755 "$rd/init"
	{
		echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root LOGNAME=root'
		printf 'export TERM=%q LANG=%q\n' "${TERM:-dumb}" "${LANG:-C.UTF-8}"
		for d in "${envs[@]}"; do printf 'export %s=%q\n' "${d%%=*}" "${d#*=}"; done
		printf 'cd %q 2>/dev/null || cd /\n' "$PWD"
		printf 'exec'
		printf ' %q' "$@"
		printf '\n'
	} >"$rd/cmd"
	: >"$rd/stdout"
	: >"$rd/stderr"
	mkdir "$rd/uml"
	# UML 6.1 cannot restore FPU state on hosts with a larger XSAVE area (AMX): see
	# uml-xstate.c.  The shim is harmless elsewhere, so it is always preloaded.
	"${CC:-cc}" -std=gnu11 -O2 -Wall -shared -fPIC -o "$rd/uml-xstate.so" "$here/uml-xstate.c" -ldl ||
		die "cannot build $here/uml-xstate.c"

	# The guest's RAM is an unlinked file in UML's temp dir: /dev/shm when it is a tmpfs (UML
	# needs PROT_EXEC mappings of it), else the run directory.
	local memdir=$rd
	[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && memdir=/dev/shm
	# Kernel arguments: hostfs root (read-only), our init; console to console.log; UML's pid
	# file in the run dir; AppArmor as the major LSM; cgroup v2 only; skip the 0.8 s of
	# raid6/xor benchmarks at boot (no md raid6 or btrfs raid5/6 here).
	# shellcheck disable=SC2054 # the commas are inside the arguments
	local kargs=(
		"mem=${mem}M" rootfstype=hostfs rootflags=/ ro "init=$rd/init"
		con=null con0=null,fd:1 ssl=null "uml_dir=$rd/uml" umid=guest
		lsm=capability,yama,apparmor apparmor=1 cgroup_no_v1=all quiet
		initcall_blacklist=raid6_select_algo,calibrate_xor_blocks
	)
	t0=$SECONDS
	# timeout bounds the run (TERM, then KILL 10 s later).  Its child is no process-group leader,
	# so setsid execs UML in place: UML leads a session and process group of its own, which
	# holds the helper processes it forks and which kill_uml kills as a whole.
	(
		cd "$rd" || exit 125
		ulimit -c 0 # a guest panic makes UML abort(): no core file on the host
		exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TMPDIR="$memdir" LD_PRELOAD="$rd/uml-xstate.so" \
			timeout -k 10 "$timeout" setsid "$UML" "${kargs[@]}" </dev/null >"$rd/console.log" 2>&1
	) &
	vmjob=$!
	tail -n +1 -s 0.2 -f --pid="$vmjob" "$rd/stdout" &
	tail1=$!
	tail -n +1 -s 0.2 -f --pid="$vmjob" "$rd/stderr" >&2 &
	tail2=$!
	vmrc=0
	while :; do
		wait "$vmjob"
		vmrc=$?
		kill -0 "$vmjob" 2>/dev/null || break # wait was only interrupted by a trapped signal
	done
	kill_uml
	wait "$tail1" "$tail2" 2>/dev/null
	tail1='' tail2=''

	if [ "$console" = 1 ]; then
		echo "----- guest console -----" >&2
		cat "$rd/console.log" >&2
	fi
	[ -z "$interrupted" ] || { say "interrupted"; exit "$interrupted"; }
	if [ -s "$rd/status" ]; then
		exit "$(cat "$rd/status")"
	fi
	if [ "$vmrc" = 124 ] || [ "$vmrc" = 137 ] && [ $((SECONDS - t0)) -ge "$timeout" ]; then
		say "timed out after ${timeout}s"
		exit 124
	fi
	say "the guest failed without a status (UML exit $vmrc, booted: $([ -e "$rd/booted" ] && echo yes || echo no)); console:"
	tail -n 40 "$rd/console.log" | sed 's/^/vm.sh:   /' >&2
	exit 125
}

rd='' vmjob='' tail1='' tail2='' interrupted='' t0=0

# reap_stale: remove the run directories of runs whose vm.sh was SIGKILLed (its EXIT trap never
# ran), once neither that vm.sh nor its UML is alive
reap_stale() {
	local d pid alive
	for d in "${TMPDIR:-/tmp}"/ss-vm.*; do
		if [ ! -f "$d/owner" ] || [ ! -d "$d/uml" ]; then continue; fi
		alive=0
		for pid in "$(cat "$d/owner" 2>/dev/null)" "$(cat "$d/uml/guest/pid" 2>/dev/null)"; do
			[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && alive=1
		done
		[ "$alive" = 1 ] || rm -rf "$d"
	done
}

# kill_uml: UML's whole process group (its helper processes outlive a SIGKILLed UML)
kill_uml() {
	local pid
	[ -n "$rd" ] && [ -s "$rd/uml/guest/pid" ] || return 0
	pid=$(cat "$rd/uml/guest/pid")
	[[ $pid =~ ^[0-9]+$ ]] && [ "$pid" -gt 1 ] && kill -KILL -- "-$pid" 2>/dev/null
	return 0
}

# stop_guest: on our SIGINT/SIGTERM, end the guest: timeout passes TERM on to UML, and KILLs it
# 10 s later if it is still there
stop_guest() {
	[ -z "$vmjob" ] || kill -TERM "$vmjob" 2>/dev/null
}

cleanup() {
	kill_uml
	[ -z "$vmjob" ] || kill -KILL "$vmjob" 2>/dev/null
	[ -z "$tail1" ] || kill "$tail1" "$tail2" 2>/dev/null
	wait 2>/dev/null
	[ -z "$rd" ] || rm -rf "$rd"
}

case ${1-} in
setup) setup ;;
check)
	why=$(why_not)
	[ -z "$why" ] || { echo "$why"; exit 1; } ;;
run) shift; run "$@" ;;
*) usage ;;
esac
