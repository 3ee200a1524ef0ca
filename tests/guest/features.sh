#!/bin/bash
# Runs as root INSIDE a guest (tests/guest/vm.sh run -- bash tests/guest/features.sh): reports
# what the guest kernel offers, one "key: value" line each, for tests/guest/run.sh to check and
# show.  Read-only apart from a scratch directory in the guest's own /tmp.
set -u
cg=/sys/fs/cgroup
echo "kernel: $(uname -r), $(nproc) cpu, $(awk '/^MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"
echo "cgroup2: $(awk '$2 == "/sys/fs/cgroup" { print $3 }' /proc/mounts)"
echo "controllers: $(cat $cg/cgroup.controllers 2>/dev/null)"
echo "subtree_control: $(cat $cg/cgroup.subtree_control 2>/dev/null)"
echo "lsm: $(cat /sys/kernel/security/lsm 2>/dev/null)"
aa=$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)
[ -w /sys/kernel/security/apparmor/.load ] && aa="$aa, .load writable"
echo "apparmor: ${aa:-absent}"
# landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the ABI, or an errno
echo "landlock: $(python3 -c '
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
abi = libc.syscall(444, None, 0, 1)
print("ABI %d" % abi if abi > 0 else "none (%s)" % os.strerror(ctypes.get_errno()))' 2>&1)"
echo "seccomp: $(cat /proc/sys/kernel/seccomp/actions_avail 2>/dev/null || echo absent)"
u=$(cat /proc/sys/user/max_user_namespaces 2>/dev/null)
if out=$(timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups -- unshare -Urm true 2>&1); then
	u="$u, unprivileged unshare -Urm works"
else
	u="$u, unprivileged unshare -Urm fails: $out"
fi
echo "userns: $u"
tmpopts=$(awk '$2 == "/tmp" { print $4 }' /proc/mounts)
echo "tmp: $tmpopts"
if out=$(timeout 20 script -qec 'tty' /dev/null 2>&1); then
	echo "pty: ${out//$'\r'/}"
else
	echo "pty: script failed: $out"
fi
d=$(mktemp -d /tmp/features.XXXXXX)
mkdir "$d/u" "$d/w"
if timeout 20 unshare --mount --propagation private sh -c \
	"mount -t overlay overlay -o lowerdir=/etc,upperdir=$d/u,workdir=$d/w /etc" 2>/dev/null; then
	echo "overlay: an overlay on /etc mounts"
else
	echo "overlay: an overlay on /etc fails"
fi
rm -rf "$d"
