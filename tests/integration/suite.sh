#!/bin/bash
# The launcher's integration suite.  Runs as root inside a private mount namespace (see run.sh):
# /etc is an overlay whose changes vanish with the namespace; aliases of uid 10000 run the launcher
# through setpriv exactly as sshd would start a login shell.
# Usage: suite.sh LANE TMPDIR BINARY TOPDIR
# Commands in single quotes run inside the sandbox and expand there, on purpose:
# shellcheck disable=SC2016
set -u
lane=$1 T=$2 bin=$3 top=$4
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"

SS=$T/bin/secure_shell
HB=$T/home
# what this kernel has: the guest-kernel lane (UML 6.1) has no Landlock and no 32-bit syscall ABI
LL_ABI=$(python3 -c 'import ctypes; print(max(0, ctypes.CDLL(None).syscall(444, None, 0, 1)))')
UML=
grep -qs 'User Mode Linux' /proc/cpuinfo && UML=1
UID_A=10000
ASAN_ENV=()
[ "$lane" = asan ] && ASAN_ENV=(ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1)

# ---------- the test host ----------
mkdir -p "$T/bin" "$HB" "$T/state" "$T/pub"
chmod 1777 "$T/pub"
if [ "$lane" = setuid ]; then
	install -m 4755 -o root -g root "$bin" "$SS"
else
	install -m 0755 -o root -g root "$bin" "$SS"
	chown $UID_A:$UID_A "$HB" # unprivileged: the alias itself creates homes
fi
# A private /dev (our own syslog socket) and /run (utmp records), and an overlay /etc: see lib.sh
test_host_dev "$T" || {
	not_ok "[$lane] test host: private /dev, /run and syslog"
	exit 1
}
trap 'kill $SYSLOGD 2>/dev/null; cg_cleanup' EXIT
# timeout(1) ends the suite with SIGTERM: exit through the EXIT trap, which cleans up
trap 'exit 143' TERM INT HUP
test_host_etc "$T" || {
	not_ok "[$lane] overlay on /etc"
	exit 1
}
cat >>/etc/passwd <<EOP
alice:x:$UID_A:$UID_A::$HB//alice:$SS
bob:x:$UID_A:$UID_A::$HB/bob:$SS
carol:x:$UID_A:$UID_A::$HB/carol:$SS
frank:x:$UID_A:$UID_A::$HB/frank:$SS
grace:x:$UID_A:$UID_A::$HB/grace:$SS
henry:x:$UID_A:$UID_A::$HB/henry:$SS
nxuser:x:$UID_A:$UID_A::$HB/nxuser:$SS
dave:x:$UID_A:$UID_A::$HB/dave:$SS
erin:x:$UID_A:$UID_A::$HB/erin:$SS
fay:x:$UID_A:$UID_A::$HB/fay:$SS
gus:x:$UID_A:$UID_A::$HB/gus:$SS
hal:x:$UID_A:$UID_A::$HB/hal:$SS
ike:x:$UID_A:$UID_A::$HB/ike:$SS
jo:x:$UID_A:$UID_A::$HB/jo:$SS
kim:x:$UID_A:$UID_A::$HB/kim:$SS
mem:x:$UID_A:$UID_A::$HB/mem:$SS
bomb:x:$UID_A:$UID_A::$HB/bomb:$SS
rob:x:$UID_A:$UID_A::$HB/rob:$SS
hideb:x:$UID_A:$UID_A::$HB/hideb:$SS
logb:x:$UID_A:$UID_A::$HB/logb:$SS
etcb:x:$UID_A:$UID_A::$HB/etcb:$SS
sym:x:$UID_A:$UID_A::$HB/sym:$SS
expo:x:$UID_A:$UID_A::$HB/expo:$SS
expl:x:$UID_A:$UID_A::$HB/expl:$SS
net:x:$UID_A:$UID_A::$HB/net:$SS
netll:x:$UID_A:$UID_A::$HB/netll:$SS
nsx:x:$UID_A:$UID_A::$HB/nsx:$SS
nexec:x:$UID_A:$UID_A::$HB/nexec:$SS
tmpcut:x:$UID_A:$UID_A::$HB/tmpcut:$SS
homecut:x:$UID_A:$UID_A::$HB/homecut:$SS
lnks:x:$UID_A:$UID_A::$HB/lnks:$SS
pk:x:$UID_A:$UID_A::$HB/pk:$SS
wd:x:$UID_A:$UID_A::/srv/wd-elsewhere/wd:$SS
lnkd:x:$UID_A:$UID_A::$HB/lnkd:$SS
lnkr:x:$UID_A:$UID_A::$HB/lnkr:$SS
homecut2:x:$UID_A:$UID_A::$HB/homecut2:$SS
homecut3:x:$UID_A:$UID_A::$HB/homecut3:$SS
homecut4:x:$UID_A:$UID_A::$HB/homecut4:$SS
homerace:x:$UID_A:$UID_A::$HB/homerace:$SS
broken:x:$UID_A:$UID_A::$HB/broken:$SS
rsrc:x:$UID_A:$UID_A::$HB/rsrc:$SS
rdst:x:$UID_A:$UID_A::$HB/rdst:$SS
cov:x:$UID_A:$UID_A::$HB/cov:$SS
covl:x:$UID_A:$UID_A::$HB/covl:$SS
fuse:x:$UID_A:$UID_A::$HB/fuse:$SS
manl:x:$UID_A:$UID_A::$HB/manl:$SS
bare:x:$UID_A:$UID_A::$HB/bare:$SS
nolim:x:$UID_A:$UID_A::$HB/nolim:$SS
cgs:x:$UID_A:$UID_A::$HB/cgs:$SS
cgh:x:$UID_A:$UID_A::$HB/cgh:$SS
askb:x:$UID_A:$UID_A::$HB/askb:$SS
eve:x:10001:$UID_A::$HB/eve:$SS
mallory:x:$UID_A:$UID_A::$HB/mallory:/bin/sh
realuser:x:$UID_A:$UID_A::$HB/realuser:/bin/bash
admin1:x:10100:10100:Admin:/nonexistent:/bin/bash
ssns:x:9999:9999:secure_shell namespaces:/nonexistent:/usr/sbin/nologin
EOP
mkdir -p /etc/secure_shell/profiles
# cgroups: every lane uses its own parent node, removed at the end; the unprivileged lanes get it
# delegated (owned by the alias uid), as an admin would with systemd's Delegate=yes.
CGP=${SS_TEST_CGP:-ss-test-$$}
if [ "$lane" != setuid ]; then
	for d in $(cg_dirs); do
		mkdir -p "$d" && chown -R $UID_A:$UID_A "$d"
	done
fi
cat >/etc/secure_shell/secure_shell.conf <<EOC
version 1
home_base $HB
state_dir $T/state
shell /bin/bash
default_profile default
match nxuser noshell
match nexec noexec
match broken broken
match dave sc-deny
match erin sc-kill
match fay sc-allow
match gus ll-off
match hal aa
match ike ll-abi99
match jo ll-abi99-best
match kim hn
match mem small
match bomb small
match rob tree-ro
match hideb hide-bind
match logb log-bind
match etcb etc-bind
match sym tree-link
match expo expose
match expl expose-link
match net nonet
match netll nonet-nolandlock
match nsx ns-allowed
match rsrc race-src
match rdst race-dst
match cov cover
match covl cover-link
match fuse fuse
match manl managed-link
match bare bare
match nolim nolim
match cgs cgstack
match cgh rootonly-hide
match askb asked
match lnks lnk-src
match pk probe-kill
match lnkd lnk-dst
match lnkr lnk-root
match hbr hb-real-bind
cgroup_parent $CGP
namespace_owner ssns
EOC
cp "$top"/profiles/*.profile /etc/secure_shell/profiles/
printf 'version 1\nshell /nonexistent/sh\n' >/etc/secure_shell/profiles/noshell.profile
printf 'version 1\nshell /etc/passwd\n' >/etc/secure_shell/profiles/noexec.profile
printf 'version 1\nbind_ro /nonexistent/dir /opt\n' >/etc/secure_shell/profiles/broken.profile
printf 'version 1\ninclude default\nseccomp deny uname mkdir\n' >/etc/secure_shell/profiles/sc-deny.profile
printf 'version 1\ninclude default\nseccomp_action kill\nseccomp deny mkdir\n' >/etc/secure_shell/profiles/sc-kill.profile
cat >/etc/secure_shell/profiles/sc-allow.profile <<'EOA'
version 1
# what bash needs to run a few commands, and nothing else
seccomp_mode allowlist
seccomp allow access arch_prctl brk clone close dup2 execve fadvise64 futex getdents64 getegid geteuid
seccomp allow getgid getgroups getpgrp getpid getppid getrandom getuid ioctl lseek mmap mprotect munmap
seccomp allow newfstatat openat pread64 prlimit64 read rseq rt_sigaction rt_sigprocmask rt_sigreturn
seccomp allow set_robust_list set_tid_address statfs statx sysinfo wait4 write exit exit_group fcntl
seccomp allow vfork pipe pipe2 getcwd chdir setpgid kill tgkill readlink fstat stat poll
EOA
printf 'version 1\ninclude default\nmemory 64M\npids 64\n' >/etc/secure_shell/profiles/small.profile
printf 'version 1\ninclude default\nseccomp allow @namespaces\n' >/etc/secure_shell/profiles/ns-allowed.profile
# a host tree with a mount inside it, and symlinks, in this namespace's own /mnt
mount -t tmpfs tmpfs /mnt && mkdir -p /mnt/tree/sub && mount -t tmpfs tmpfs /mnt/tree/sub &&
	echo in-sub >/mnt/tree/sub/f && ln -s /mnt/tree /mnt/treelink && ln -s /home /mnt/homelink
printf 'version 1\ninclude default\nbind_ro /mnt/tree /opt\n' >/etc/secure_shell/profiles/tree-ro.profile
printf 'version 1\ninclude default\nbind_ro /mnt/treelink /opt\n' >/etc/secure_shell/profiles/tree-link.profile
# hides and binds of the same tree: the hidden paths (one named through a symlink, across the mount
# below the source, after the bind in the file) are hidden in the bind's copy too; the launcher's
# session logs likewise
printf 'version 1\ninclude default\nhide /mnt/tree/secret\nbind_ro /mnt/tree /opt\nhide /mnt/treelink/sub/f\n' \
	>/etc/secure_shell/profiles/hide-bind.profile
printf 'version 1\ninclude default\nbind_ro /var/log /opt\n' >/etc/secure_shell/profiles/log-bind.profile
printf 'version 1\ninclude default\nbind_ro /etc /opt\n' >/etc/secure_shell/profiles/etc-bind.profile
printf 'version 1\ninclude default\nbind_ro /home /opt\n' >/etc/secure_shell/profiles/expose.profile
printf 'version 1\ninclude default\nbind_ro /mnt/homelink /opt\n' >/etc/secure_shell/profiles/expose-link.profile
# a directory the aliases' uid can write, on the host side: the races of the profile-mount tests
mkdir -p /mnt/shared/tools /mnt/shared/dst /mnt/shared/decoy && echo tools >/mnt/shared/tools/marker &&
	chown -R $UID_A:$UID_A /mnt/shared
printf 'version 1\ninclude default\nbind_ro /mnt/shared/tools /opt\n' >/etc/secure_shell/profiles/race-src.profile
printf 'version 1\ninclude default\nbind_ro /mnt/tree /mnt/shared/dst\n' >/etc/secure_shell/profiles/race-dst.profile
# links another alias could re-point (in the uid's /mnt/shared), and one only root can (in /mnt)
mkdir -p /mnt/rootdst && ln -s /mnt/tree /mnt/shared/tlink && ln -s /mnt/rootdst /mnt/shared/dlink &&
	ln -s /mnt/rootdst /mnt/rootlink && chown -h $UID_A:$UID_A /mnt/shared/tlink /mnt/shared/dlink
printf 'version 1\ninclude default\nbind_ro /mnt/shared/tlink /opt\n' >/etc/secure_shell/profiles/lnk-src.profile
# the default profile with seccomp_action kill: what the filter denies dies of SIGSYS, which tells
# the filter's answer from the kernel's (EPERM for want of a capability looks the same)
printf 'version 1\ninclude default\nseccomp_action kill\n' >/etc/secure_shell/profiles/probe-kill.profile
printf 'version 1\ninclude default\nbind_ro /mnt/tree /mnt/shared/dlink\n' >/etc/secure_shell/profiles/lnk-dst.profile
printf 'version 1\ninclude default\nbind_ro /mnt/tree /mnt/rootlink\n' >/etc/secure_shell/profiles/lnk-root.profile
printf 'version 1\ninclude default\nbind_ro /mnt/hb-real /opt\n' >/etc/secure_shell/profiles/hb-real-bind.profile
printf 'version 1\ninclude default\nbind_ro /mnt/tree /run\n' >/etc/secure_shell/profiles/cover.profile
ln -s /run /mnt/runlink && ln -s /home /mnt/homelink2
printf 'version 1\ninclude default\nbind_ro /mnt/tree /mnt/runlink\n' >/etc/secure_shell/profiles/cover-link.profile
printf 'version 1\ninclude default\ntmpfs /mnt/homelink2\n' >/etc/secure_shell/profiles/managed-link.profile
printf 'version 1\ninclude default\nbind_ro /mnt/tree /mnt/fb/dst\n' >/etc/secure_shell/profiles/fuse.profile
# a bind onto a mount point of the host's (where the test mounts a cgroup hierarchy)
printf 'version 1\ninclude default\nbind_ro /mnt/tree /mnt/cgstack\n' >/etc/secure_shell/profiles/cgstack.profile
printf 'version 1\ninclude default\nhide /mnt/rootonly\n' >/etc/secure_shell/profiles/rootonly-hide.profile
# a bind of a path below one it hides: what the bind shows is asked for
printf 'version 1\ninclude default\nhide /mnt/hv\nbind_ro /mnt/hv/pub /opt\n' >/etc/secure_shell/profiles/asked.profile
# no hides of its own, so that the launcher's (the session logs) are the only ones there
printf 'version 1\nmemory 2G\npids 1024\ncgroup required\n' >/etc/secure_shell/profiles/bare.profile
# no limits: its logins make no cgroup node
printf 'version 1\n' >/etc/secure_shell/profiles/nolim.profile
printf 'version 1\ninclude default\nhostname box-%s\n' $$ >/etc/secure_shell/profiles/hn.profile
printf 'version 1\ninclude default\nnetwork none\n' >/etc/secure_shell/profiles/nonet.profile
printf 'version 1\ninclude default\nnetwork none\nlandlock off\n' >/etc/secure_shell/profiles/nonet-nolandlock.profile
printf 'version 1\ninclude default\nlandlock off\n' >/etc/secure_shell/profiles/ll-off.profile
printf 'version 1\ninclude default\napparmor secure_shell-session\n' >/etc/secure_shell/profiles/aa.profile
printf 'version 1\ninclude default\nlandlock on\nlandlock_abi 99\n' >/etc/secure_shell/profiles/ll-abi99.profile
printf 'version 1\ninclude default\nlandlock best_effort\nlandlock_abi 99\n' >/etc/secure_shell/profiles/ll-abi99-best.profile
# landlock_rw: a path in a tree the aliases may write is opened without following links (no
# limits: admin1 runs them, for whom the unprivileged lanes delegate no cgroup)
mkdir -p /mnt/lrw/sub && ln -sfn lrw /mnt/lrw-link
printf 'version 1\nlandlock_rw /mnt/lrw/sub\n' >/etc/secure_shell/profiles/lrw.profile
printf 'version 1\nlandlock_rw /mnt/lrw-link/sub\n' >/etc/secure_shell/profiles/lrw-link.profile
if [ "$LL_ABI" = 0 ]; then
	# every login would be refused ("the profile requires Landlock ABI 1"), which is right, but then
	# nothing else could be tested here: the test profiles ask for Landlock only where it exists
	diag "this kernel has no Landlock: the test profiles say 'landlock best_effort'"
	for f in /etc/secure_shell/profiles/*.profile; do
		grep -q '^landlock ' "$f" || echo 'landlock best_effort' >>"$f"
	done
fi
chmod 0644 /etc/secure_shell/profiles/*.profile /etc/secure_shell/secure_shell.conf

# as NAME CMD...: run CMD as the alias, with the environment sshd gives a login shell
as() {
	local name=$1
	shift
	timeout -k 5 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- \
		env -i LOGNAME="$name" USER="$name" HOME="$HB/$name" PATH=/usr/bin:/bin TERM=dumb "${ASAN_ENV[@]}" "$@"
}
sess() {
	local name=$1
	shift
	as "$name" "$SS" "$@"
}
# bg NAME CMD...: like as, in the background; $! is the pid of timeout itself, not of a subshell
bg() {
	local name=$1
	shift
	exec timeout -k 5 60 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- \
		env -i LOGNAME="$name" USER="$name" HOME="$HB/$name" PATH=/usr/bin:/bin TERM=dumb "${ASAN_ENV[@]}" "$@"
}
# the signal that killed CMD (0 if it exited)
sigof() { perl -e 'system @ARGV; print $? & 127' -- "$@"; }

# ---------- identity, home, exit status ----------
out=$(sess alice -c 'id -un; whoami; echo "$HOME"; pwd' 2>&1)
is "[$lane] id -un, whoami, \$HOME and cwd name the alias" "$out" $'alice\nalice\n/home/alice\n/home/alice'
is "[$lane] first login created the home, 0700, owned by the uid" "$(stat -c %a:%u "$HB/alice")" "700:$UID_A"
check "[$lane] skel was copied into the new home" test -f "$HB/alice/.bashrc"
is "[$lane] nothing is printed on success" "$(sess alice -c true 2>&1)" ""
sess alice -c 'exit 7'
is "[$lane] -c 'exit 7' exits 7" "$?" 7
is "[$lane] CMD is one argument; extra operands become \$0 \$1" "$(sess alice -c 'echo "$0|$1|$2"' zero 'one two' three)" \
	"zero|one two|three"
is "[$lane] death by SIGKILL is mirrored" "$(sigof timeout 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- \
	env -i LOGNAME=alice USER=alice HOME="$HB/alice" "${ASAN_ENV[@]}" "$SS" -c 'kill -KILL $$')" 9
is "[$lane] death by SIGTERM is mirrored" "$(sigof timeout 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- \
	env -i LOGNAME=alice USER=alice HOME="$HB/alice" "${ASAN_ENV[@]}" "$SS" -c 'kill -TERM $$')" 15
out=$(sess alice -c 'grep -E "^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)" /proc/self/status | tr -s "\t" " "')
is "[$lane] all five capability sets are empty and no_new_privs is set" "$out" \
	$'CapInh: 0000000000000000\nCapPrm: 0000000000000000\nCapEff: 0000000000000000\nCapBnd: 0000000000000000\nCapAmb: 0000000000000000\nNoNewPrivs: 1'
out=$(as alice env LD_LIBRARY_PATH=/nonexistent BASH_ENV=/etc/passwd TERM=xterm-256color LC_ALL=C.UTF-8 FOO=bar \
	"$SS" -c 'env | sort | cut -d= -f1 | tr "\n" " "; echo "$TERM"')
is "[$lane] the environment is rebuilt from the allowlist" "$out" \
	"HOME LC_ALL LOGNAME MAIL PATH PWD SHELL SHLVL TERM USER _ xterm-256color"
# only the C library's locale categories: 300 made-up LC_* names would once have filled the table
# and pushed USER, HOME and PATH out of it
mapfile -t lcx < <(for i in $(seq 300); do echo "LC_X$i=v"; done)
out=$(as alice env "${lcx[@]}" LC_TIME=C LC_MESSAGES=C \
	"$SS" -c 'env | sort | cut -d= -f1 | tr "\n" " "')
is "[$lane] LC_* kept only for the locale categories; made-up ones dropped, the launcher's kept" "$out" \
	"HOME LC_MESSAGES LC_TIME LOGNAME MAIL PATH PWD SHELL SHLVL TERM USER _ "
# a cgroup namespace rooted at the session's leaf (alice's profile has limits: without it, each
# line would name $CGP/alice/<monitor pid>.<start>)
like "[$lane] /proc/self/cgroup inside names / alone (a cgroup namespace at the session's cgroup)" \
	"$(sess alice -c 'awk -F: '"'"'{ n++ } $3 != "/" { print "not /: " $0 } END { print n " lines" }'"'"' /proc/self/cgroup')" \
	'^[1-9][0-9]* lines$'
is "[$lane] /etc/passwd inside names the alias" "$(sess alice -c 'getent passwd alice')" \
	"alice:x:$UID_A:$UID_A:alice:/home/alice:/bin/bash"
like "[$lane] the sandbox is PID namespace: init is 1, the shell 2" "$(sess alice -c 'echo $$; cat /proc/1/comm')" \
	$'^2\nsecure_shell$'

is "[$lane] the primary group inside is named after the alias" "$(sess alice -c 'id -gn')" alice
is "[$lane] profile hostname: the session has its own UTS namespace" "$(sess kim -c 'hostname'):$(hostname)" \
	"box-$$:$(hostname)"
like "[$lane] /proc/sys is mounted read-only, and keeps /proc's nosuid, nodev, noexec" \
	"$(sess alice -c 'grep " /proc/sys " /proc/self/mountinfo')" ' ro,nosuid,nodev,noexec[, ]'
# The staging root and, mounted below it, the host's tree are dropped by one lazy unmount: inside,
# "/" is one mount, every other mount hangs below it, and neither staging path is left.
out=$(sess alice -c 'awk '"'"'{ id[$1] = 1; par[$1] = $2; mp[$1] = $5 }
	END { for (i in id) { if (mp[i] == "/") roots++; else if (!(par[i] in id)) print "detached:", mp[i]
		if (mp[i] ~ /^\/(oldroot|newroot)(\/|$)/) print "staging:", mp[i] }
		print roots, "mount at /" }'"'"' /proc/self/mountinfo; ls -d /oldroot /newroot 2>/dev/null')
is "[$lane] inside, only the new root: one mount at /, none detached, no staging or old root" "$out" "1 mount at /"
# the generated /etc files are bound from the read-only staging root: its flags come with them
out=$(sess alice -c 'for f in /etc/passwd /etc/group /etc/nsswitch.conf; do
	awk -v f="$f" '"'"'$5 == f { print f, $6 }'"'"' /proc/self/mountinfo; done; echo x >>/etc/passwd' 2>&1)
like "[$lane] the generated /etc files are read-only, nosuid, nodev" "$out" \
	$'^/etc/passwd ro,nosuid,nodev[^\n]*\n/etc/group ro,nosuid,nodev[^\n]*\n/etc/nsswitch.conf ro,nosuid,nodev[^\n]*\n.*/etc/passwd: Read-only file system$'
# /etc files that are symbolic links on the host (authselect's nsswitch.conf, NixOS's passwd): the
# generated ones go over what the links lead to (they were skipped, and the host's showed inside)
mkdir -p /etc/alt
for f in passwd nsswitch.conf; do cp -p /etc/$f /etc/alt/$f && ln -sfn /etc/alt/$f /etc/$f; done
out=$(sess alice -c 'grep -c "^bob:" /etc/passwd /etc/alt/passwd; grep -c "^passwd: *files$" /etc/nsswitch.conf
	getent passwd alice; awk "\$5 ~ \"^/etc/alt/\" { print \$5, \$6 }" /proc/self/mountinfo | sort' 2>&1)
like "[$lane] /etc/passwd and /etc/nsswitch.conf absolute symlinks: the generated files are bound over their targets" \
	"$out" "^/etc/passwd:0
/etc/alt/passwd:0
1
alice:x:$UID_A:$UID_A:alice:/home/alice:/bin/bash
/etc/alt/nsswitch.conf ro,nosuid,nodev[^
]*
/etc/alt/passwd ro,nosuid,nodev[^
]*\$"
ln -sfn /etc/alt /etc/group.link && cp -p /etc/group /etc/group.saved && mv -T /etc/group.link /etc/group
out=$(sess alice -c 'echo RAN' 2>&1)
is "[$lane] ... /etc/group a link to a directory: refused" "$?:$out" \
	"125:secure_shell: generated /etc/group: the host's /etc/group leads to /etc/alt, which is not a regular file; session refused"
mv -T /etc/group.saved /etc/group
# ... a link that leads nowhere: whoever could make the file it names would choose what is read
ln -sfn /etc/alt/missing /etc/group.link && cp -p /etc/group /etc/group.saved && mv -T /etc/group.link /etc/group
out=$(sess alice -c 'echo RAN' 2>&1)
like "[$lane] ... /etc/group a link that leads nowhere: refused" "$?:$out" \
	"^125:secure_shell: generated /etc/group: the host's /etc/group is a symbolic link that leads nowhere .*; session refused$"
mv -T /etc/group.saved /etc/group
# ... a link into a directory the aliases' uid owns (another alias could rename the file, and the
# generated one with it, then put its own passwd line there)
mkdir -p /mnt/shared/pw && chown $UID_A:$UID_A /mnt/shared/pw && cp -p /etc/alt/passwd /mnt/shared/pw/passwd &&
	ln -sfn /mnt/shared/pw/passwd /etc/passwd
out=$(sess alice -c 'echo RAN' 2>&1)
is "[$lane] ... /etc/passwd a link into a directory the shared uid owns: refused" "$?:$out" \
	"125:secure_shell: generated /etc/passwd: /mnt/shared/pw/passwd lies in /mnt/shared, which uid $UID_A can change: another alias could move or remove the mount; session refused"
ln -sfn /etc/alt/passwd /etc/passwd && rm -rf /mnt/shared/pw
for f in passwd nsswitch.conf; do mv -T /etc/alt/$f /etc/$f; done
rmdir /etc/alt
mkdir -p /run/user/$UID_A && echo shared-uid-secret >/run/user/$UID_A/secret
is "[$lane] /run/user/<uid> inside is private and empty" "$(sess alice -c 'ls -A /run/user/'$UID_A'; ls /run/user')" "$UID_A"
rm -rf /run/user
out=$(as alice env SSH_AUTH_SOCK="$HB//alice/.ssh/agent/s.abc.sshd.x" "$SS" -c 'echo "$SSH_AUTH_SOCK"')
is "[$lane] SSH_AUTH_SOCK under the alias's ~/.ssh/agent/ is kept, mapped inside" "$out" "/home/alice/.ssh/agent/s.abc.sshd.x"
out=$(as alice env SSH_AUTH_SOCK="$HB/bob/.ssh/agent/s.x" "$SS" -c 'echo "[${SSH_AUTH_SOCK-unset}]"')
is "[$lane] SSH_AUTH_SOCK naming another alias's agent is dropped" "$out" "[unset]"
out=$(as alice env SSH_AUTH_SOCK=/tmp/ssh-abc/agent.1 "$SS" -c 'echo "[${SSH_AUTH_SOCK-unset}]"')
is "[$lane] SSH_AUTH_SOCK in the shared /tmp is dropped" "$out" "[unset]"
(bg alice "$SS" -c 'trap "echo got-usr1; exit 0" USR1; sleep 20 & wait' >"$T/pub/usr1.out" 2>&1) &
usr1job=$!
wait_for eval "pgrep -u $UID_A -x sleep >/dev/null"
kill -USR1 "$(pgrep -f "^$SS -c trap" | head -1)"
wait $usr1job
is "[$lane] SIGUSR1 to the launcher reaches the shell inside" "$?:$(cat "$T/pub/usr1.out")" "0:got-usr1"
# SIGTERM at any moment of the setup (0 to 6 ms after the start, in 0.1 ms steps, and later)
# ends the session: a signal that reaches init before the shell exists waits and is relayed then.
out=$(as alice python3 -c '
import signal, subprocess, sys, time
ctl = subprocess.run([sys.argv[1], "-c", "echo survived"], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, timeout=20)
print("control:", ctl.returncode, ctl.stdout.decode().strip())
survived, odd = [], []
for d in [i * 0.0001 for i in range(60)] + [0.01, 0.03, 0.1]:
    p = subprocess.Popen([sys.argv[1], "-c", "sleep 4; echo survived"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    time.sleep(d)
    p.send_signal(signal.SIGTERM)
    try:
        o = p.communicate(timeout=8)[0]
    except subprocess.TimeoutExpired:
        p.kill(); p.wait(); o = b"hung"
    if o.strip():
        survived.append("%.2fms:%s" % (d * 1000, o.decode().strip()))
    if p.returncode not in (-signal.SIGTERM, -signal.SIGHUP):
        odd.append("%.2fms:%d" % (d * 1000, p.returncode))
print("survivors:", " ".join(survived) or "none")
print("other ends:", " ".join(odd) or "none")
' "$SS" 2>&1)
# The control shows the command would print.  Every try must end with the shell's death by the
# relayed signal, mirrored: init relays SIGTERM and then SIGHUP (as login(1) does), and a shell
# that had both pending at once dies of SIGHUP, the lower number.  Not refused, not another end.
is "[$lane] SIGTERM at any moment of the setup ends the session (63 tries)" "$out" \
	$'control: 0 survived\nsurvivors: none\nother ends: none'

# root owns the sandbox's user namespace: what the kernel counts per user is charged to root
is "[$lane] per-user kernel counters are capped in the sandbox (inotify 16, fanotify 0, namespaces 0)" \
	"$(sess alice -c 'cd /proc/sys/user && echo $(cat max_inotify_instances max_fanotify_groups max_user_namespaces)')" \
	"16 0 0"
# With the seccomp group allowed back, nothing but the kernel stands in the way: no new user
# namespace (the cap), and no other kind either (it needs CAP_SYS_ADMIN, which nothing has).
out=$(sess nsx -c 'for f in U m p i u n C T; do unshare -$f true 2>/dev/null && echo "created-$f"; done; echo tried' 2>&1)
is "[$lane] with @namespaces allowed by seccomp, no namespace of any kind can be created" "$out" "tried"
out=$(sess nsx -c 'unshare -U true' 2>&1)
like "[$lane] ... a user namespace fails on the per-session cap (ENOSPC)" "$out" "No space left on device"
out=$(sess alice -c 'python3 -c "
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
n = 0
while n < 200 and libc.inotify_init() >= 0: n += 1
print(n, ctypes.get_errno())
print(libc.syscall(300, 0x200, 0), ctypes.get_errno())"' 2>&1)
is "[$lane] an alias cannot take root's inotify budget; fanotify is refused" "$out" $'16 24\n-1 1'

# namespace_owner: the sandbox's user namespace belongs to ssns (uid 9999, no process of its own),
# so the host charges the sessions' per-user counters to 9999, not to root (setuid lane); an
# unprivileged launcher's namespace is the caller's.
owner_of() { python3 -c 'import fcntl, os, struct, sys
fd = os.open("/proc/%s/ns/user" % sys.argv[1], os.O_RDONLY)
b = bytearray(4); fcntl.ioctl(fd, 0xb704, b)  # NS_GET_OWNER_UID
print(struct.unpack("I", b)[0])' "$1"; }
(bg alice "$SS" -c 'sleep 21' >/dev/null 2>&1) &
ownjob=$!
wait_for eval "pgrep -u $UID_A -f '^sleep 21' >/dev/null"
if [ "$lane" = setuid ]; then want=9999; else want=$UID_A; fi
is "[$lane] namespace_owner: the sandbox's user namespace is owned by uid $want" \
	"$(owner_of "$(pgrep -u $UID_A -f '^sleep 21' | head -1)" 2>&1)" "$want"
kill "$ownjob" 2>/dev/null
wait_for eval "! pgrep -u $UID_A -f '^sleep 21' >/dev/null"
ino_max=$(cat /proc/sys/fs/inotify/max_user_instances)
if [ "$lane" = setuid ] && [ "$ino_max" -gt 512 ]; then
	skip "[$lane] namespace_owner: sessions' inotify instances leave root's budget alone" \
		"fs.inotify.max_user_instances is $ino_max here; exhausting it would take over 33 sessions"
fi
if [ "$lane" = setuid ] && [ "$ino_max" -le 512 ]; then
	# N sessions of 16 inotify instances each, N * 16 above fs.inotify.max_user_instances (128 by
	# default: 9 sessions), would leave root nothing if root owned their namespaces; with ssns
	# owning them, root's budget is untouched
	ino_n=$((ino_max / 16 + 1))
	cat >"$HB/alice/ino.py" <<-'EOPY'
		import ctypes, sys, time
		libc = ctypes.CDLL(None)
		n = 0
		while n < int(sys.argv[1]) and libc.inotify_init() >= 0:
		    n += 1
		print("got", n, flush=True)
		time.sleep(float(sys.argv[2]))
	EOPY
	chmod 0644 "$HB/alice/ino.py"
	for i in $(seq 1 "$ino_n"); do
		(bg alice "$SS" -c "python3 ~/ino.py 16 8" >"$T/pub/ino.$i" 2>&1) &
	done
	wait_for eval '[ "$(cat "$T"/pub/ino.* 2>/dev/null | grep -c "^got")" = "$ino_n" ]'
	held=$(cat "$T"/pub/ino.* | awk '$1 == "got" { n += $2 } END { print n + 0 }')
	out=$(python3 "$HB/alice/ino.py" 8 0)
	is "[$lane] namespace_owner: $ino_n sessions holding $held inotify instances leave root's budget alone" "$out" "got 8"
	check "[$lane] namespace_owner: ... while those sessions held at least $((ino_max - 8)) of $ino_max" \
		test "$held" -ge $((ino_max - 8))
	wait_for eval "! pgrep -u $UID_A -f ino.py >/dev/null"
	rm -f "$HB/alice/ino.py" "$T"/pub/ino.*
fi
if [ "$lane" = setuid ]; then
	# refused: an owner that is no user, or the aliases' own uid (a sibling could enter the sandbox)
	cp /etc/secure_shell/secure_shell.conf "$T/conf.bak"
	for o in "nosuchuser:namespace_owner 'nosuchuser' is not a user" \
		"bob:namespace_owner 'bob' is uid $UID_A, the caller's own: it could enter the sandbox" \
		"nobody:namespace_owner 'nobody' is uid 65534, which others use" \
		"10100:namespace_owner '10100' has the login shell '/bin/bash': it must be a system user that nobody logs in as (shell nologin)" \
		"9999:"; do
		sed -i "s/^namespace_owner .*/namespace_owner ${o%%:*}/" /etc/secure_shell/secure_shell.conf
		out=$(sess alice -c 'echo RAN' 2>&1)
		rc=$?
		if [ -n "${o#*:}" ]; then
			is "[$lane] namespace_owner ${o%%:*} refuses the login" "$rc:$out" "125:secure_shell: ${o#*:}; session refused"
		else
			is "[$lane] namespace_owner given as a uid (${o%%:*}) works" "$rc:$out" "0:RAN"
		fi
	done
	cp "$T/conf.bak" /etc/secure_shell/secure_shell.conf
fi

# ---------- isolation between aliases ----------
sess bob -c 'echo bobsecret > ~/secret; mkdir -p ~/dir; echo x > ~/dir/f' >/dev/null 2>&1
# bob's session, running while alice attacks, holds files in its /tmp, /var/tmp and /dev/shm (in
# the unprivileged lane these are the session's own, so they must be made by the live session)
(bg bob "$SS" -c 'exec 3<~/secret; cd ~/dir; echo bobtmp > /tmp/bobtmp; echo bobvt > /var/tmp/bobvt;
	echo bobshm > /dev/shm/bobshm; sleep 60' >/dev/null 2>&1) &
bobjob=$!
wait_for pgrep -u $UID_A -x sleep >/dev/null || diag "bob's sleeper did not start"
bobpid=$(pgrep -u $UID_A -x sleep | head -1)
# what the attacks are after is really there (read by root, from outside, through bob's sandbox)
is "[$lane] bob's files are in place: home, /tmp, /var/tmp, /dev/shm (control)" \
	"$(cd "/proc/${bobpid:-0}/root" 2>/dev/null && cat home/bob/secret tmp/bobtmp var/tmp/bobvt dev/shm/bobshm 2>&1)" \
	$'bobsecret\nbobtmp\nbobvt\nbobshm'

# attack DESC SHELL-COMMAND: alice's session starts (it prints the marker), then the command must
# fail (a status of its own, 1-123: not the launcher's refusal, a timeout or a missing program)
# without printing anything of bob's
attack() {
	local desc=$1 cmd=$2 out rc
	out=$(sess alice -c "echo ATTACK-START; $cmd" 2>/dev/null)
	rc=$?
	if [[ $out != ATTACK-START* ]]; then
		not_ok "[$lane] alice cannot $desc: her session did not start (rc=$rc)"
	elif [ $rc -ge 1 ] && [ $rc -le 123 ] && [[ ${out#ATTACK-START} != *bob* ]]; then
		ok "[$lane] alice cannot $desc"
	else
		not_ok "[$lane] alice cannot $desc (rc=$rc, out=$out)"
	fi
}
attack "list /home/bob" 'ls /home/bob'
attack "read /home/bob/secret" 'cat /home/bob/secret'
attack "read bob's home by its host path" "cat $HB/bob/secret"
attack "list the host home base" "ls $HB/bob"
attack "read through /proc/*/root" 'cat /proc/*/root/home/bob/secret'
attack "find bob's files through /proc/*/cwd" 'cat /proc/*/cwd/f'
attack "read bob's open fd through /proc/*/fd" 'grep -l bobsecret /proc/*/fd/* 2>/dev/null'
attack "follow a planted symlink to /home/bob" 'ln -s /home/bob/secret ~/lnk && cat ~/lnk'
attack "follow a planted symlink to the host path" "ln -s $HB/bob ~/hostlnk && cat ~/hostlnk/secret"
attack "hard-link bob's file" "ln /home/bob/secret ~/hl || ln $HB/bob/secret ~/hl2"
attack "walk .. into bob's home" 'cat ~/../bob/secret || cat /home/alice/../../home/bob/secret'
attack "rename bob's file" "mv /home/bob/secret ~/ || mv $HB/bob/secret ~/"
attack "delete bob's file" "rm /home/bob/secret || rm $HB/bob/secret"
attack "write into bob's home" "echo pwn > /home/bob/pwn || echo pwn > $HB/bob/pwn"
attack "read bob's /tmp" 'cat /tmp/bobtmp || ls /tmp | grep bob'
attack "read bob's /var/tmp" 'cat /var/tmp/bobvt'
attack "read bob's /dev/shm" 'cat /dev/shm/bobshm'
attack "reach the per-alias tmp store" "ls $T/state/tmp/bob"
is "[$lane] bob's files are intact after the attacks" "$(cat "$HB/bob/secret") $(find "$HB/bob" -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n' | sort | tr '\n' ' ')" \
	"bobsecret dir secret "
is "[$lane] ps inside alice's session shows only her session" \
	"$(sess alice -c 'ps -e -o comm= >/tmp/ps.txt; sort /tmp/ps.txt | tr "\n" " "')" "bash ps secure_shell "
# a sleep of her own gives alice's kill -9 -1 something to hit: it succeeds in her session
is "[$lane] alice's kill -9 -1 runs in her session" \
	"$(sess alice -c 'echo KILL-START; sleep 20 & kill -9 -1; echo "kill status $?"' 2>/dev/null)" $'KILL-START\nkill status 0'
sleep 0.3
check "[$lane] bob's long-running process survives alice's kill -9 -1" kill -0 "${bobpid:-0}"
check "[$lane] bob's session is still running" kill -0 $bobjob
kill -TERM $bobjob
wait $bobjob
is "[$lane] SIGTERM to the launcher ends bob's session" "$?" 143
check "[$lane] nothing of bob's session is left" wait_for eval '! pgrep -u '$UID_A' -x sleep >/dev/null'

if [ "$lane" = setuid ]; then
	sess carol -c 'echo persist > /tmp/c1' >/dev/null
	is "[$lane] /tmp is per alias and shared by the alias's sessions" "$(sess carol -c 'cat /tmp/c1')" persist
	is "[$lane] per-alias tmp store is root-owned 0700" "$(stat -c %a:%u "$T/state/tmp")" "700:0"
	# a first login killed between making the alias's /tmp and setting its mode left it root's
	# 01755 (the umask's): the next login sets the mode, or the alias could never write its /tmp
	install -d -m 0755 -o root -g root "$T/state/tmp/tmpcut"
	install -d -m 01755 -o root -g root "$T/state/tmp/tmpcut/tmp" "$T/state/tmp/tmpcut/var_tmp"
	is "[$lane] a per-alias /tmp left root's 01755 by a killed login gets its mode at the next login" \
		"$(sess tmpcut -c 'touch /tmp/w /var/tmp/w && echo wrote' 2>&1):$(stat -c %a "$T/state/tmp/tmpcut/tmp")" \
		"wrote:1777"
	# a first login makes the home as $HB/.secure_shell-new-NAME and renames it into place; one
	# killed on the way left that directory empty, of mode 0000, root's (before the chown) or the
	# alias's (before the chmod): the next login finishes it
	install -d -m 0000 -o root -g root "$HB/.secure_shell-new-homecut"
	install -d -m 0000 -o $UID_A -g $UID_A "$HB/.secure_shell-new-homecut2"
	: >"$T/syslog"
	is "[$lane] a home left root's with mode 0000 by a killed first login is finished at the next login" \
		"$(sess homecut -c 'pwd; touch ~/w && echo wrote' 2>&1):$(stat -c %a:%u:%g "$HB/homecut")" \
		"/home/homecut"$'\n'"wrote:700:$UID_A:$UID_A"
	check "[$lane] ... skel is copied into it, and the temporary name is gone" \
		eval "test -f '$HB/homecut/.bashrc' && test ! -e '$HB/.secure_shell-new-homecut'"
	check "[$lane] ... and syslog says so" wait_for grep -q "home $HB/homecut: finished the home that a killed" "$T/syslog"
	is "[$lane] a home left the alias's with mode 0000 by a killed first login is finished too" \
		"$(sess homecut2 -c 'touch ~/w && echo wrote' 2>&1):$(stat -c %a:%u "$HB/homecut2")" "wrote:700:$UID_A"
	# a left-over that holds anything is not finished; a home of root's, whatever its mode (an
	# admin's lock), is refused as before
	install -d -m 0000 -o root -g root "$HB/.secure_shell-new-homecut3" && : >"$HB/.secure_shell-new-homecut3/f"
	install -d -m 0000 -o root -g root "$HB/homecut4"
	out=$(sess homecut3 -c 'echo RAN' 2>&1)
	is "[$lane] a left-over home that is not empty is refused, named" "$out:$?:$(stat -c %a:%u "$HB/.secure_shell-new-homecut3")" \
		"secure_shell: cannot create home $HB/homecut3: $HB/.secure_shell-new-homecut3, left by an earlier first login, is not an empty directory of the alias's: remove it; session refused:125:0:0"
	out=$(sess homecut4 -c 'echo RAN' 2>&1)
	is "[$lane] an empty root-owned home of mode 0000 (an admin's lock) is refused" "$out:$?:$(stat -c %a:%u "$HB/homecut4")" \
		"secure_shell: home $HB/homecut4 is owned by uid 0, not $UID_A; session refused:125:0:0"
	# eight first logins of one alias at once: one home, complete, nothing left under the temporary name
	for i in 1 2 3 4 5 6 7 8; do (sess homerace -c 'echo in-$HOME' >"$T/pub/homerace.$i" 2>&1 &); done
	wait_for eval "[ \$(cat '$T'/pub/homerace.* 2>/dev/null | grep -c '^in-/home/homerace\$') = 8 ]"
	is "[$lane] eight first logins at once: all run, one home (0700, the uid's), no temporary name left" \
		"$(cat "$T"/pub/homerace.* | sort | uniq -c | tr -s ' '):$(stat -c %a:%u "$HB/homerace"):$(test -e "$HB/.secure_shell-new-homerace" && echo left || echo none)" \
		" 8 in-/home/homerace:700:$UID_A:none"
	out=$(sess alice --config /etc/secure_shell/secure_shell.conf -c true 2>&1)
	is "[$lane] --config is refused for a setuid caller (exit 2)" "$?" 2
else
	sess carol -c 'echo persist > /tmp/c1' >/dev/null
	is "[$lane] unprivileged: /tmp is private to the session" "$(sess carol -c 'cat /tmp/c1 2>/dev/null || echo none')" none
fi

# ---------- a terminal: job control and hangup ----------
out=$(printf 'sleep 0.5 &\nfg\necho fg-done-$((6*7))\nexit 3\n' |
	as alice script -qec "$SS" /dev/null 2>&1)
rc=$?
like "[$lane] on a pty a background job comes back with fg" "$out" 'fg-done-42'
is "[$lane] the interactive shell's exit status is mirrored through the pty" "$rc" 3
mkfifo "$T/pub/fifo"
chmod 666 "$T/pub/fifo"
# shellcheck disable=SC2217 # bg execs the command, which reads the fifo
(bg alice script -qfc "$SS" "$T/pub/typescript" <"$T/pub/fifo" >"$T/pub/script.out" 2>&1) &
disown $!  # it is killed on purpose below; no job notice
exec 7>"$T/pub/fifo"
echo 'echo ready-$((6*7))' >&7
if wait_for grep -qs ready-42 "$T/pub/typescript"; then
	pkill -KILL -f "script -qfc $SS"
	check "[$lane] a hangup of the terminal ends the session" wait_for eval "! pgrep -f '^$SS' >/dev/null"
else
	not_ok "[$lane] interactive session on a pty did not start"
	diag "$(cat "$T/pub/script.out" "$T/pub/typescript" 2>&1)"
fi
exec 7>&-

# ---------- bad names: refused with 125 before anything runs ----------
long=$(printf 'a%.0s' $(seq 1 33))
for n in '' . .. a/../b -x "$long" $'\xc3\xa9t\xc3\xa9' ALICE root daemon realuser eve mallory; do
	out=$(sess "$n" -c 'echo RAN' 2>&1)
	rc=$?
	if [ $rc = 125 ] && [[ $out != *RAN* ]] && [[ $out =~ ^secure_shell:\ .*\;\ session\ refused$ ]]; then
		ok "[$lane] name '$n' is refused (125, one line, nothing ran)"
	else
		not_ok "[$lane] name '$n' is refused (rc=$rc out=$out)"
	fi
done
is "[$lane] a 32-byte name is valid syntax (then refused: no passwd entry)" \
	"$(sess "$(printf 'b%.0s' $(seq 1 32))" -c 'echo RAN' 2>&1)" \
	"secure_shell: no passwd entry for '$(printf 'b%.0s' $(seq 1 32))'; session refused"
out=$(as alice env USER=bob "$SS" -c 'echo RAN' 2>&1)
is "[$lane] LOGNAME != USER is refused" "$out:$?" "secure_shell: LOGNAME and USER differ; session refused:125"
out=$(as alice env HOME="$HB/bob" "$SS" -c 'echo RAN' 2>&1)
is "[$lane] a HOME that disagrees is refused" "$out:$?" "secure_shell: HOME does not match the home of 'alice'; session refused:125"
out=$(as alice env -u LOGNAME "$SS" -c 'echo RAN' 2>&1)
is "[$lane] a missing LOGNAME is refused" "$out:$?" "secure_shell: LOGNAME is not set; session refused:125"

# ---------- what the caller hands over, what outlives a session ----------
# Mount propagation: on a host whose mounts are shared (systemd makes / shared), a sandbox's mounts
# must not show up on the host, nor a mount the host makes later inside a running sandbox.
mkdir -p /mnt/late-prop
mount --make-rshared /
n0=$(wc -l </proc/self/mountinfo)
(bg bob "$SS" -c 'sleep 1.5; ls -A /mnt/late-prop; sleep 1' >"$T/pub/prop.out" 2>&1) &
propjob=$!
wait_for eval "pgrep -u $UID_A -f '^sleep 1.5' >/dev/null"
n1=$(wc -l </proc/self/mountinfo)
mount -t tmpfs late /mnt/late-prop && touch /mnt/late-prop/host-made
wait $propjob
is "[$lane] a shared host: the sandbox's mounts do not appear on the host" "$n1" "$n0"
is "[$lane] ... nor does a mount the host makes while the session runs appear inside" "$(cat "$T/pub/prop.out")" ""
umount /mnt/late-prop
mount --make-rprivate /
# ^Z in a job-control shell above the launcher (an admin's --profile run, su): the launcher stops
# with its command, the shell sees its job stop, and fg lets it finish
rm -f "$T/pub/jc.fifo" "$T/pub/jc.typescript"
mkfifo "$T/pub/jc.fifo" && chmod 666 "$T/pub/jc.fifo"
(as alice script -qfc 'bash --norc --noprofile -i' "$T/pub/jc.typescript" <"$T/pub/jc.fifo" >/dev/null 2>&1) &
jcjob=$!
exec 8>"$T/pub/jc.fifo"
printf '%s\n' "$SS -c 'sleep 3; echo slept-\$((6*7))'" >&8
sleep 1
printf '\032' >&8
if wait_for grep -qs 'Stopped' "$T/pub/jc.typescript"; then
	ok "[$lane] ^Z stops the launcher's job in the job-control shell above it"
	printf 'fg\n' >&8
	check "[$lane] ... and fg lets the command finish" wait_for grep -qs 'slept-42' "$T/pub/jc.typescript"
else
	not_ok "[$lane] ^Z stops the launcher's job in the job-control shell above it"
	diag "$(tr -c '[:print:]\n' '.' <"$T/pub/jc.typescript" 2>&1 | tail -5)"
fi
printf 'exit\n' >&8
exec 8>&-
if ! wait_for eval "! kill -0 $jcjob 2>/dev/null"; then # (a wedged job: its monitor ends it)
	pkill -KILL -f "^$SS -c sleep 3"
	pkill -KILL -f 'script -qfc bash --norc'
fi
check "[$lane] ... and nothing of it is left" wait_for eval "! pgrep -f '^sleep 3\$' >/dev/null"
# the pid namespace ends with the shell: what a session detached (setsid, nohup) is killed with it
is "[$lane] a session starts detached processes (control)" \
	"$(sess alice -c 'setsid sleep 1231 </dev/null >/dev/null 2>&1 & nohup sleep 1232 </dev/null >/dev/null 2>&1 &
		sleep 0.3; pgrep -xc sleep' 2>&1)" 2
check "[$lane] ... and none of them outlives the session" wait_for eval "! pgrep -u $UID_A -f '^sleep 123[12]' >/dev/null"
# fds the caller leaves open (the host's /, the home base, a file) never reach the sandbox
out=$(as alice bash -c 'exec 5</ 6<"$1" 7>/dev/null; exec "$0" -c "ls /proc/self/fd | tr \"\n\" \" \""' "$SS" "$HB" 2>&1)
is "[$lane] fds the caller left open do not reach the sandbox" "$out" "0 1 2 3 "
# closed standard fds are reopened on /dev/null: nothing the launcher opens becomes fd 0 or 2
rm -f "$HB/alice/fds"
as alice bash -c 'exec "$0" -c "ls /proc/self/fd | tr \"\n\" \" \" >~/fds; [ -c /proc/self/fd/0 ] && [ -c /proc/self/fd/2 ] && echo null >>~/fds" <&- 2>&-' "$SS"
is "[$lane] closed stdin and stderr arrive as /dev/null" "$(cat "$HB/alice/fds" 2>&1)" "0 1 2 3 null"
as alice perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' "$SS" -c 'exit 7'
is "[$lane] a caller that ignores SIGCHLD still gets the status" "$?" 7
# System V IPC is per session: bob's shared memory segment is not in alice's sandbox
rm -f "$HB/bob/ipc-seen"
(bg bob "$SS" -c 'ipcmk -M 4096 >/dev/null && ipcs -m | grep -c "^0x" >~/ipc-seen; sleep 27' >/dev/null 2>&1) &
wait_for test -s "$HB/bob/ipc-seen"
is "[$lane] bob's session sees the SysV segment it made (control)" "$(cat "$HB/bob/ipc-seen" 2>&1)" 1
is "[$lane] alice's session does not see it" "$(sess alice -c 'ipcs -m | grep -c "^0x"' 2>&1)" 0
pkill -u $UID_A -f '^sleep 27$'
# a passwd home outside home_base, and a home that is a fifo (refused, without waiting on it)
out=$(as wd HOME=/srv/wd-elsewhere/wd "$SS" -c 'echo RAN' 2>&1)
is "[$lane] a passwd home that is not home_base/NAME is refused" "$?:$out" \
	"125:secure_shell: the passwd home of 'wd' is not $HB/wd; session refused"

# ---------- fault injection ----------
refused() { # refused DESC EXPECTED-STDERR-REGEX NAME: a login of NAME must be refused
	local out rc
	out=$(sess "$3" -c 'echo RAN' 2>&1)
	rc=$?
	if [ $rc = 125 ] && [[ $out != *RAN* ]] && [[ $out =~ $2 ]]; then ok "[$lane] $1"; else
		not_ok "[$lane] $1 (rc=$rc out=$out)"; fi
}
ln -s "$HB/alice" "$HB/frank"
refused "a home that is a symlink is refused" 'is a symbolic link; session refused$' frank
mkdir "$HB/grace" && chown 10001 "$HB/grace"
refused "a home owned by another uid is refused" 'is owned by uid 10001' grace
touch "$HB/henry"
refused "a home that is not a directory is refused" 'is not a directory' henry
rm -f "$HB/henry" && mkfifo "$HB/henry"
refused "a home that is a fifo is refused (nothing waits on it)" 'is not a directory' henry
rm -f "$HB/henry" && touch "$HB/henry"
cp /etc/secure_shell/secure_shell.conf "$T/conf.ww"
chmod 666 /etc/secure_shell/secure_shell.conf
refused "a world-writable config is refused" 'secure_shell.conf: .*must be owned by root and not writable' alice
chmod 644 /etc/secure_shell/secure_shell.conf
chmod 777 /etc/secure_shell
refused "a config directory writable by others is refused" 'not root-owned or is writable by others' alice
chmod 755 /etc/secure_shell
mv "$HB" "$HB.away"
refused "a missing home base is refused" "home[ _]base $HB: No such file or directory" alice
mv "$HB.away" "$HB"
chmod 600 /etc/secure_shell/profiles/default.profile
refused "an unreadable profile is refused" 'default.profile: Permission denied' alice
chmod 666 /etc/secure_shell/profiles/default.profile
refused "a world-writable profile is refused" 'must be owned by root and not writable' alice
chmod 644 /etc/secure_shell/profiles/default.profile
chmod 777 /etc/secure_shell/profiles
refused "a profile directory writable by others is refused" 'not root-owned or is writable by others' alice
chmod 755 /etc/secure_shell/profiles
cp /etc/secure_shell/profiles/default.profile "$T/default.bak"
l1=$(($(wc -l </etc/secure_shell/profiles/default.profile) + 1))
printf 'bogus directive\nhide relative\n' >>/etc/secure_shell/profiles/default.profile
: >"$T/syslog"
out=$(sess alice -c 'echo RAN' 2>&1)
is "[$lane] a profile with errors: an alias's login is refused with one line naming the first error" "$out:$?" \
	"secure_shell: /etc/secure_shell/profiles/default.profile:$l1:1: unknown directive 'bogus' (and 1 more error, in the system log); session refused:125"
check "[$lane] ... every other error is in the system log as file:line:col" \
	wait_for grep -q "error: /etc/secure_shell/profiles/default.profile:$((l1 + 1)):6: " "$T/syslog"
out=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --profile default -c 'echo RAN' 2>&1)
rc=$?
if [ $rc = 125 ] && [[ $out == *"default.profile:$l1:1: unknown directive 'bogus'"* ]] &&
	[[ $out == *"default.profile:$((l1 + 1)):6: "* ]] && [[ $out != *RAN* ]]; then
	ok "[$lane] ... an admin's --profile run is refused with every error on the terminal as file:line:col"
else not_ok "[$lane] ... an admin's --profile run (rc=$rc out=$out)"; fi
cp "$T/default.bak" /etc/secure_shell/profiles/default.profile
refused "a failing mount refuses the session" 'bind /nonexistent/dir on /opt from .*broken.profile:2: No such file' broken
# Every mount-table call of the setup made to fail in turn (tests/helpers/faultinj.c; LD_PRELOAD works
# for the unprivileged launcher only): a traced login counts the calls, then each one, made to fail,
# must refuse the session with one line and run nothing.  Call 1 comes before the uid/gid maps.
if [ "$lane" = unpriv ]; then
	install -m 0755 -o root -g root "$top/build/tests/faultinj.so" "$T/bin/faultinj.so"
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_TRACE=1 "$SS" -c 'echo RAN' 2>&1)
	total=$(printf '%s\n' "$out" | grep -c '^faultinj: ')
	like "[$lane] fault injection: a traced login works and counts its mount-table calls ($total)" "$out" $'\nRAN$'
	bad=
	logged0=$(grep -c 'refused: .*Input/output error' "$T/syslog")
	for n in $(seq 1 "$total"); do
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_MOUNT="$n" "$SS" -c 'echo RAN' 2>&1)
		rc=$?
		if [ $rc != 125 ] || [[ $out == *RAN* ]] || [[ $out != *"Input/output error; session refused" ]] ||
			[ "$(printf '%s\n' "$out" | wc -l)" != 1 ]; then
			bad="call $n: rc=$rc out=$out"
			break
		fi
	done
	if [ -z "$bad" ] && [ "$total" -gt 30 ]; then
		ok "[$lane] fault injection: each of the $total mount-table calls of a login, made to fail, refuses it"
	else
		not_ok "[$lane] fault injection: each mount-table call made to fail refuses the login (${bad:-only $total calls})"
	fi
	logged() { [ "$(grep -c 'refused: .*Input/output error' "$T/syslog")" -ge $((logged0 + total)) ]; }
	check "[$lane] fault injection: each of those refusals is logged" wait_for logged
	# init fails at call 1 before the monitor has written its maps, and may have exited by then:
	# the reason given must still be init's own.  40 tries, since that is a race (without the
	# monitor's check for init's message, ~12% of such logins gave the maps' EACCES instead)
	bad=
	for _ in $(seq 1 40); do
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_MOUNT=1 "$SS" -c 'echo RAN' 2>&1)
		[ "$out" = "secure_shell: making the mount namespace private: Input/output error; session refused" ] ||
			bad=$out
	done
	is "[$lane] fault injection: the first call (before the uid/gid maps) refuses with its reason, 40 times of 40" \
		"$bad" ""
	# ... also when init fails only after the monitor's "go" has reached it, and exits with it unread
	# (the monitor's next read gives ECONNRESET once, then init's message)
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_MOUNT=1 SS_FAULT_SLEEP_MS=100 SS_GO_SLEEP_MS=400 \
		"$SS" -c 'echo RAN' 2>&1)
	is "[$lane] fault injection: ... and when it fails after the monitor's go arrived unread" "$out" \
		"secure_shell: making the mount namespace private: Input/output error; session refused"
fi
: >"$T/syslog"
out=$(sess nxuser -c 'echo RAN' 2>&1)
is "[$lane] a missing inner shell exits 127" "$?:$out" "127:secure_shell: /nonexistent/sh: No such file or directory"
wait_for grep -q 'session end status=127 .*alias=nxuser' "$T/syslog"
is "[$lane] ... syslog says the shell could not be executed, and no session start" \
	"$(grep -c 'cannot execute the shell: /nonexistent/sh' "$T/syslog"):$(grep -c 'session start .*alias=nxuser' "$T/syslog")" "1:0"
out=$(sess nexec -c 'echo RAN' 2>&1)
is "[$lane] a non-executable inner shell exits 126" "$?:$out" "126:secure_shell: /etc/passwd: Permission denied"

# ---------- invocation ----------
sess alice --bogus >/dev/null 2>&1
is "[$lane] an unknown option is a usage error (2)" "$?" 2
sess alice -c >/dev/null 2>&1
is "[$lane] -c without CMD is a usage error (2)" "$?" 2
like "[$lane] --version" "$(sess alice --version)" '^secure_shell [0-9]+\.[0-9]+'
out=$(as alice env SSH_ORIGINAL_COMMAND='echo forced-$((40+2)) "$0"' "$SS" -c "$SS")
is "[$lane] ForceCommand: -c <launcher> runs SSH_ORIGINAL_COMMAND" "$out" "forced-42 bash"
# an authorized_keys command= wrapper (rrsync, gitolite) runs inside and needs the client's command,
# tabs and newlines included (a script sent as the command)
out=$(as alice env SSH_ORIGINAL_COMMAND=$'rsync --server\t-e.\nsecond line' "$SS" -c 'printf %q "$SSH_ORIGINAL_COMMAND"' 2>&1)
is "[$lane] SSH_ORIGINAL_COMMAND reaches a command= wrapper inside, tabs and newlines kept" "$out" \
	"\$'rsync --server\\t-e.\\nsecond line'"
# sshd passes the ForceCommand text verbatim: any absolute path to the launcher's file counts
ln -sf "$SS" "$T/pub/ss-link"
out=$(as alice env SSH_ORIGINAL_COMMAND='echo forced-$((40+2))' "$SS" -c "$T/pub/ss-link" 2>&1)
is "[$lane] ForceCommand: -c <a symbolic link to the launcher> is the forced mode too" "$out" "forced-42"
if [ -x /usr/lib/openssh/sftp-server ]; then
	# SSH_FXP_INIT (version 3), then SSH_FXP_REALPATH "." (id 1): the answer names the working
	# directory, /home/alice inside the sandbox ($HB/alice outside).  sftp-server quits at the end
	# of its input before it answers what it read with it: the input stays open a moment.
	out=$({ printf '\0\0\0\5\1\0\0\0\3\0\0\0\12\20\0\0\0\1\0\0\0\1.'; sleep 1; } |
		as alice env SSH_ORIGINAL_COMMAND=internal-sftp "$SS" -c "$SS" 2>&1 | tr -c '[:print:]' ' ')
	like "[$lane] ForceCommand: internal-sftp runs the real sftp-server, inside (its working directory is /home/alice)" \
		"$out" ' /home/alice '
else
	skip "[$lane] ForceCommand: internal-sftp runs the real sftp-server inside" "openssh-sftp-server is not installed"
fi
cp /etc/secure_shell/secure_shell.conf "$T/conf.bak"
echo 'sftp_server /bin/echo' >>/etc/secure_shell/secure_shell.conf
out=$(as alice env SSH_ORIGINAL_COMMAND='internal-sftp -l INFO' "$SS" -c "$SS" 2>&1)
is "[$lane] ForceCommand: internal-sftp runs the config's sftp_server, with its arguments" "$out" "-l INFO"
cp "$T/conf.bak" /etc/secure_shell/secure_shell.conf
out=$(as alice env -u SSH_ORIGINAL_COMMAND "$SS" -l -c 'shopt -q login_shell && echo login')
is "[$lane] -l makes a login shell" "$out" login
# an interactive start is a login shell where the caller asks for one (argv[0] "-...": sshd, login,
# su -), a plain one otherwise (su without "-"); the commands come on stdin here
out=$(echo 'shopt -q login_shell && echo login || echo plain' | as alice bash -c 'exec -a -secure_shell "$0"' "$SS" 2>&1)
is "[$lane] argv[0] \"-secure_shell\": the inner shell is a login shell" "$out" login
out=$(echo 'shopt -q login_shell && echo login || echo plain' | as alice "$SS" 2>&1)
is "[$lane] argv[0] without \"-\" and no -l: a plain shell" "$out" plain
install -m 0755 "$SS" "$HB/alice/ss-nested" 2>/dev/null || cp "$SS" "$HB/alice/ss-nested"
out=$(sess alice -c 'ASAN_OPTIONS=detect_leaks=0 ~/ss-nested -c "echo RAN"' 2>&1)
is "[$lane] a launcher started inside a sandbox refuses (nesting)" "$?:$out" \
	"125:secure_shell: already inside a sandbox (no_new_privs is set); session refused"
rm -f "$HB/alice/ss-nested"

# ---------- sshd pty: the utmp record written by root must name the same alias ----------
cat >"$T/pub/utmp-login.sh" <<EOU
#!/bin/sh
# run as root on a fresh pty: write a utmp record for it naming \$2, then log in as \$1
t=\$(tty); line=\${t#/dev/}
if [ "\$2" != none ]; then
	printf '[7] [%05d] [ts/0] [%-32s] [%-32s] [%-20s] [127.0.0.1] [2026-01-01T00:00:00,000000+00:00]\\n' \$\$ "\$2" "\$line" test |
		utmpdump -r >/run/utmp 2>/dev/null
else
	: >/run/utmp
fi
exec setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME="\$1" USER="\$1" HOME="$HB/\$1" \
	SSH_TTY="\$t" ${ASAN_ENV[*]} "$SS" -c 'echo inside-ok \$SSH_TTY \$(tty)'
EOU
chmod 755 "$T/pub/utmp-login.sh"
like "[$lane] sshd pty: a utmp record naming the alias lets the login in; SSH_TTY inside names its terminal" \
	"$(timeout 30 script -qec "$T/pub/utmp-login.sh alice alice" /dev/null 2>&1)" 'inside-ok /dev/console /dev/console'
like "[$lane] sshd pty: a utmp record naming another alias refuses the login" \
	"$(timeout 30 script -qec "$T/pub/utmp-login.sh alice bob" /dev/null 2>&1)" \
	'the utmp record for /dev/pts/[0-9]+ names another user; session refused'
like "[$lane] sshd pty: no utmp record refuses the login" \
	"$(timeout 30 script -qec "$T/pub/utmp-login.sh alice none" /dev/null 2>&1)" 'no utmp record for /dev/pts/[0-9]+; session refused'

# ---------- syslog: one line per start, end and refusal ----------
: >"$T/syslog"
: >"$T/syslog-creds"
sess alice -c 'exit 4'
sess 'bad/name' -c true 2>/dev/null
as alice env SSH_CONNECTION="10.0.0.1 1 10.0.0.2 22\" alias=bob x=\"\\" "$SS" -c 'exit 5'
wait_for grep -q 'refused' "$T/syslog"
wait_for grep -q 'status=5' "$T/syslog"
like "[$lane] syslog: session start with alias and profile" "$(cat "$T/syslog")" \
	'secure_shell\[[0-9]+\]: session start alias=alice profile=default session=- ssh="-"'
like "[$lane] syslog: session end with status and duration" "$(cat "$T/syslog")" \
	'secure_shell\[[0-9]+\]: session end status=4 duration_ms=[0-9]+( memory_peak=[0-9]+ oom_kills=0 pids_peak=[0-9]+)? alias=alice'
like "[$lane] syslog: a refusal with its reason, the name sanitized" "$(cat "$T/syslog")" \
	"refused: invalid alias name 'bad/name' alias=- "
like "[$lane] syslog: a quote or backslash in SSH_CONNECTION cannot end its field early" \
	"$(grep 'session end status=5' "$T/syslog")" 'alias=alice profile=default session=- ssh="10.0.0.1 1 10.0.0.2 22\? alias=bob x=\?\?" cgroup='
leaves=$(grep -E 'session (start|end) .*alias=alice ' "$T/syslog" | sed 's/.* cgroup=//')
is "[$lane] syslog: alice's starts and ends (4) each name the session's leaf, <parent>/alice/<monitor pid>.<start>" \
	"$(printf '%s\n' "$leaves" | grep -cE "^(.*/)?$CGP/alice/[0-9]+\.[0-9]+$")" 4
like "[$lane] syslog: a refusal before any cgroup says cgroup=-" "$(grep 'refused: invalid alias name' "$T/syslog")" \
	' cgroup=-$'
is "[$lane] syslog: the priority is LOG_AUTHPRIV (facility 10)" \
	"$(grep -o '^<[0-9]*>' "$T/syslog" | sort -u | sed 's/[<>]//g' | while read -r p; do echo $((p / 8)); done | sort -u)" 10
# journald files a non-system uid's lines in a journal that uid can read (SplitMode=uid): sent
# with the shared uid, one alias's records (who, when, from where) would be every alias's to read.
# The setuid launcher sends them as root; an unprivileged one can only send them as the caller.
if [ "$lane" = setuid ]; then want_uid=0; else want_uid=$UID_A; fi
is "[$lane] syslog: start, end and refusal lines are sent with real uid $want_uid" \
	"$(grep -E 'secure_shell\[[0-9]+\]: (session (start|end)|refused)' "$T/syslog-creds" | cut -d' ' -f1 | sort | uniq -c | tr -s ' ')" \
	" 5 uid=$want_uid"

# ---------- profile mounts ----------
out=$(sess rob -c 'cat /opt/sub/f; touch /opt/sub/new 2>&1 | grep -o "Read-only file system"' 2>&1)
is "[$lane] bind_ro is read-only for the mounts below it too" "$out" $'in-sub\nRead-only file system'
is "[$lane] a bind source through an absolute symlink is resolved on the host side" \
	"$(sess sym -c 'cat /opt/sub/f' 2>&1)" in-sub
# A hidden path shows again in the copy a bind makes of a tree above it, unless the hide is made
# there too.  The control: without the hide line, the bind shows the secret.
echo secret >/mnt/tree/secret && echo g >/mnt/tree/sub/g
is "[$lane] a bind of a tree shows what the host has in it, /mnt/tree/secret (control)" \
	"$(sess rob -c 'cat /opt/secret' 2>&1)" secret
is "[$lane] a profile's hides are made in a bind's copy too: through a symlink, across a mount, in either order" \
	"$(sess hideb -c 'for f in /opt/secret /mnt/tree/secret /opt/sub/f /mnt/tree/sub/f; do wc -c <$f; done
		cat /opt/sub/g' 2>&1)" $'0\n0\n0\n0\ng'
mount -t tmpfs -o mode=0755 tmpfs /var/log && echo "records of every alias" >/var/log/wtmp &&
	echo other >/var/log/other.log
is "[$lane] the launcher's hides (the session logs) are made in a bind's copy too (bind_ro /var/log)" \
	"$(sess logb -c 'wc -c </opt/wtmp; cat /opt/other.log; ls -A /var/log | wc -l' 2>&1)" $'0\nother\n0'
like "[$lane] --print says so on the bind's line" \
	"$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
		"$SS" --profile log-bind --print 2>&1 | grep '^mount *bind  *[^/]*/opt ')" \
	'<- /var/log \(recursive; read-only; the hides below it made in the copy too\) \[.*log-bind.profile:3\]$'
umount /var/log
# ... and the generated /etc files in a bind's copy of /etc (the host's passwd showed there)
is "[$lane] the generated /etc files are bound in a bind's copy of /etc too (bind_ro /etc /opt)" \
	"$(sess etcb -c 'grep -c "^bob:" /opt/passwd /etc/passwd; grep -c "^passwd: *files$" /opt/nsswitch.conf' 2>&1)" \
	$'/opt/passwd:0\n/etc/passwd:0\n1'
rm -f /mnt/tree/secret /mnt/tree/sub/g
# refused_as DESC NAME MESSAGE: a login of NAME is refused with exactly MESSAGE; checked DESC PROFILE
# MESSAGE: --check of PROFILE fails with exactly MESSAGE
refused_as() {
	local out
	out=$(sess "$2" -c 'echo RAN' 2>&1)
	is "[$lane] $1" "$?:$out" "125:secure_shell: $3; session refused"
}
checked() {
	local out
	out=$(env "${ASAN_ENV[@]}" "$SS" --check "$2" 2>&1)
	is "[$lane] $1" "$?:$out" "1:$3"
}
P=/etc/secure_shell/profiles
refused_as "a bind source that would expose other aliases' homes is refused" expo \
	"$P/expose.profile:3: bind source /home would expose /home, which holds other aliases' data"
refused_as "... also when a symlink leads there" expl \
	"$P/expose-link.profile:3: bind source /mnt/homelink resolves to /home, which would expose /home"
checked "--check reports a bind source that would expose alias data" expose \
	"$P/expose.profile:3: bind source /home would expose /home, which holds other aliases' data"
refused_as "a bind that would cover the launcher's own mounts (/run/utmp, /run/user) is refused" cov \
	"$P/cover.profile:3: a bind on /run, which would cover /run/utmp, where the launcher mounts its own"
checked "... and --check says so" cover \
	"$P/cover.profile:3: a bind on /run, which would cover /run/utmp, where the launcher mounts its own"
refused_as "... also when the target is a symlink that leads there (as /var/run does)" covl \
	"$P/cover-link.profile:3: /mnt/runlink resolves to /run, which would cover /run/utmp, where the launcher mounts its own"
refused_as "a profile mount whose target leads to a path the launcher builds is refused" manl \
	"$P/managed-link.profile:3: /mnt/homelink2 resolves to /home, which the launcher builds itself"
is "[$lane] a bind from a directory the aliases can write works" "$(sess rsrc -c 'cat /opt/marker' 2>&1)" tools
refused_as "a profile mount in a directory the aliases' uid can write is refused (another alias could move it)" rdst \
	"$P/race-dst.profile:3: /mnt/shared/dst lies in /mnt/shared, which uid $UID_A can change: another alias could move or remove the mount"
# FUSE reports whatever owner and mode its daemon says: bindfs shows the aliases' directory as
# root's 0755, which must not pass for a directory only root can change.
[ -c "$T/fuse-node" ] && [ ! -e /dev/fuse ] && cp -a "$T/fuse-node" /dev/fuse # the test host's /dev is private
if command -v bindfs >/dev/null && [ -c /dev/fuse ] && mkdir -p /mnt/fb &&
	bindfs -o allow_other -u 0 -g 0 -p 0755 /mnt/shared /mnt/fb 2>"$T/bindfs.err"; then
	refused_as "a profile mount through FUSE (bindfs showing the aliases' directory as root's) is refused" fuse \
		"$P/fuse.profile:3: /mnt/fb/dst lies in /mnt/fb, a FUSE file system: its owners and modes are whatever its daemon says"
	if [ "$lane" = setuid ]; then
		install -d -m 0755 -o root -g root /mnt/shared/state
		cp /etc/secure_shell/secure_shell.conf "$T/conf.saved"
		sed -i "s|^state_dir .*|state_dir /mnt/fb/state|" /etc/secure_shell/secure_shell.conf
		out=$(sess alice -c 'echo RAN' 2>&1)
		rc=$?
		cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
		is "[$lane] a state_dir through FUSE is refused" "$rc:$out" \
			"125:secure_shell: state_dir /mnt/fb/state: /mnt/fb: a FUSE file system, whose owners and modes are whatever its daemon says: only root may be able to change it or the way to it; session refused"
		rmdir /mnt/shared/state
	fi
	umount /mnt/fb
else
	skip "[$lane] a profile mount through FUSE is refused" "no bindfs, or no FUSE: $(cat "$T/bindfs.err" 2>/dev/null)" \
		"$(grep -qw fuse /proc/filesystems && echo present)"
fi
# The race another alias could run on a bind source in a directory it can write: swap it for a
# symlink between the launcher's check and the mount (tests/helpers/faultinj.c does it in init, at
# that very moment).  The mount is made from the fd that was checked, so the source is what was
# checked: the moved directory.  Made by name, it followed the symlink, here to every alias's home.
# On a v1 or hybrid host the monitor makes the cgroup session after the clone and hands it to init
# over their socket: neither a send that fails nor a receive that fails lets the shell run without it.
if [ "$lane" = unpriv ] && [ "$(findmnt -rn -o FSTYPE /sys/fs/cgroup)" != cgroup2 ]; then
	rm -f "$HB/mem/cgmsg-marker"
	out=$(as mem LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_SENDMSG=1 "$SS" -c 'touch ~/cgmsg-marker; echo RAN' 2>&1)
	is "[$lane] fault injection: the monitor cannot hand init its cgroup: refused" "$?:$out" \
		"125:secure_shell: handing the cgroup session to the sandbox: Broken pipe; session refused"
	out=$(as mem LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_RECVMSG=1 "$SS" -c 'touch ~/cgmsg-marker; echo RAN' 2>&1)
	is "[$lane] fault injection: init cannot read its cgroup from the monitor: refused" "$?:$out" \
		"125:secure_shell: cgroup: no session from the monitor; session refused"
	# the alias's cgroup node is opened with flags the compiler cannot see: glibc's fortified
	# __openat_2, which faultinj.so covers too
	out=$(as mem LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=mem "$SS" -c 'touch ~/cgmsg-marker; echo RAN' 2>&1)
	like "[$lane] fault injection: the alias's cgroup node cannot be opened: refused" "$?:$out" \
		"^125:secure_shell: resource limits \\(cgroup required\\): cgroup: open [^ ]*/mem: Input/output error[^;]*; session refused$"
	# the seccomp filter cannot be made (no cache here: an unprivileged launcher compiles it, after
	# the clone and after the cgroup session): init is ended and the session's leaf removed
	out=$(as mem LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_MEMFD=1 "$SS" -c 'touch ~/cgmsg-marker; echo RAN' 2>&1)
	is "[$lane] fault injection: the seccomp filter cannot be compiled (after the clone): refused" "$?:$out" \
		"125:secure_shell: building the seccomp filter: Input/output error; session refused"
	check "[$lane] fault injection: ... and neither command ran" test ! -e "$HB/mem/cgmsg-marker"
	is "[$lane] fault injection: ... and neither left a cgroup leaf of mem" \
		"$(for d in $(cg_dirs); do find "$d/mem" -mindepth 1 -maxdepth 1 -type d 2>/dev/null; done)" ""
elif [ "$lane" = unpriv ]; then
	skip "[$lane] fault injection: the cgroup session handed to init" \
		"a cgroup v2 host: the leaf is made before the clone, nothing is handed over"
fi
# The seccomp filter is handed to init over the same socket, after the go (any host): lost on
# either side, the shell does not run, filtered or not.
if [ "$lane" = unpriv ]; then
	rm -f "$HB/alice/filter-marker"
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_SENDMSG=F "$SS" -c 'touch ~/filter-marker; echo RAN' 2>&1)
	is "[$lane] fault injection: the monitor cannot hand init the seccomp filter: refused" "$?:$out" \
		"125:secure_shell: handing the seccomp filter to the sandbox: Broken pipe; session refused"
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_RECVMSG=F "$SS" -c 'touch ~/filter-marker; echo RAN' 2>&1)
	is "[$lane] fault injection: init loses the seccomp filter on the way: refused" "$?:$out" \
		"125:secure_shell: seccomp: no filter from the monitor; session refused"
	check "[$lane] fault injection: ... and neither command ran" test ! -e "$HB/alice/filter-marker"
	# ... or arrives damaged: init takes only a whole, well-formed message
	bad=
	for how in short type count empty huge; do
		o=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_FILTER=$how "$SS" -c 'touch ~/filter-marker; echo RAN' 2>&1)
		[ "$?:$o" = "125:secure_shell: seccomp: no filter from the monitor; session refused" ] || bad="$bad $how: $o"
	done
	is "[$lane] fault injection: a filter message cut short, of another type, with 3 programs, an empty or an oversized one: refused" \
		"$bad" ""
	check "[$lane] fault injection: ... and no command ran" test ! -e "$HB/alice/filter-marker"
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_FILTER=none "$SS" -c 'echo RAN' 2>&1)
	is "[$lane] ... (control: the message passed through faultinj undamaged, the login runs)" "$?:$out" "0:RAN"
fi
if [ "$lane" = unpriv ]; then
	out=$(as rsrc LD_PRELOAD="$T/bin/faultinj.so" SS_RACE_AFTER_OPEN=/mnt/shared/tools \
		SS_RACE_RENAME=/oldroot/mnt/shared/tools SS_RACE_LINK="../..$HB" "$SS" -c 'ls /opt' 2>&1)
	is "[$lane] race: a bind source swapped for a symlink to the homes after its check is bound as checked" \
		"$out" $'faultinj: race: /oldroot/mnt/shared/tools swapped for a symlink to ../..'"$HB"$'\nmarker'
	rm -f /mnt/shared/tools && mv /mnt/shared/tools.orig /mnt/shared/tools
fi
# A profile path through a symbolic link that the aliases' uid can re-point (it lies in a directory
# of that uid): another alias could aim it anywhere on the host before this one logs in.  Refused,
# for a bind's source and for a mount's target; a link only root can change is followed.
out=$(sess lnks -c 'echo RAN' 2>&1)
is "[$lane] a bind source reached through a link in a directory the aliases' uid can change is refused" "$?:$out" \
	"125:secure_shell: $P/lnk-src.profile:3: bind source /mnt/shared/tlink: the way to it follows the symbolic link /mnt/shared/tlink, which uid $UID_A can change: another alias could point it anywhere on the host; session refused"
out=$(sess lnkd -c 'echo RAN' 2>&1)
is "[$lane] a mount target reached through such a link is refused" "$?:$out" \
	"125:secure_shell: $P/lnk-dst.profile:3: /mnt/shared/dlink: the way to it follows the symbolic link /mnt/shared/dlink, which uid $UID_A can change: another alias could point it elsewhere; session refused"
is "[$lane] ... (control: through a link only root can change, the target is where it leads)" \
	"$(sess lnkr -c 'cat /mnt/rootdst/sub/f' 2>&1)" in-sub
if [ "$lane" = unpriv ]; then
	# A proc mount of the host's, then a cgroup one (one hierarchy bound in), in a directory the
	# aliases' uid can write: the directory above it renamed and replaced by a symlink after the
	# launcher read the mount table, before it walks to the mount to cover it.  The login is
	# refused; nothing runs.  race_cover WHAT NAME MOUNT-ARGS...: the mount at /mnt/shared/pc/NAME,
	# WHAT as the message names it
	race_cover() {
		local what=$1 name=$2
		shift 2
		mkdir -p "/mnt/shared/pc/$name" && chown $UID_A:$UID_A /mnt/shared/pc && mount "$@" "/mnt/shared/pc/$name"
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_RACE_AFTER="mnt/shared/pc/$name" \
			SS_RACE_RENAME=/oldroot/mnt/shared/pc SS_RACE_LINK=/nonexistent "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] race: $what moved away between the look at the mount table and its cover: the login is refused" \
			"$?:$out" "125:faultinj: race: /oldroot/mnt/shared/pc swapped for a symlink to /nonexistent
secure_shell: cannot cover $what at /mnt/shared/pc/$name: the way to it changed while the sandbox was made; session refused"
		umount "/mnt/shared/pc.orig/$name" 2>/dev/null || umount "/mnt/shared/pc/$name"
		rm -rf /mnt/shared/pc /mnt/shared/pc.orig
	}
	race_cover "the host's proc file system" proc -t proc proc
	race_cover "the host's cgroup file system" cg --bind "$(findmnt -rn -t cgroup,cgroup2 -o TARGET | head -1)"
	# A kernel without close_range (before 5.9): the caller's fds are closed as /proc/self/fd lists
	# them, fd 2000 too (a loop to 1023 once left it open in the shell)
	out=$(as alice bash -c 'ulimit -n 4096 && exec 2000</etc/hostname && LD_PRELOAD="$1" SS_FAULT_CLOSE_RANGE=1 \
		exec "$0" -c "[ -e /proc/\$\$/fd/2000 ] && echo fd 2000 open || echo fd 2000 closed"' "$SS" \
		"$T/bin/faultinj.so" 2>&1)
	is "[$lane] fault injection: no close_range: an inherited fd 2000 is closed all the same" "$out" \
		$'faultinj: close_range -> ENOSYS\nfd 2000 closed'
	is "[$lane] ... where the caller had it open (control)" \
		"$(as alice bash -c 'ulimit -n 4096 && exec 2000</etc/hostname && [ -e /proc/$$/fd/2000 ] && echo open')" open
	# init looks at the mount table once before the plan: with listmount and statmount (Linux 6.8),
	# else by reading mountinfo; can it not, the login is refused.  Does this kernel have listmount?
	# (perl: listmount(NULL, ...) is EFAULT where it exists, ENOSYS, 38, where not)
	no_listmount=
	[ "$(perl -e 'syscall(458, 0, 0, 0, 0); print $! + 0')" = 38 ] && no_listmount="this kernel has no listmount (Linux < 6.8)"
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_LISTMOUNT=1 SS_FAULT_OPEN=/proc/self/mountinfo \
		"$SS" -c 'echo RAN' 2>&1)
	is "[$lane] fault injection: no listmount, and the mount table unreadable before the plan: refused, nothing runs" \
		"$?:$out" "125:secure_shell: the mount table before the plan (/proc/self/mountinfo): Input/output error; session refused"
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_STATMOUNT=1 SS_FAULT_OPEN=/proc/self/mountinfo \
		"$SS" -c 'echo RAN' 2>&1)
	is "[$lane] fault injection: statmount failing, mountinfo is read instead (made unreadable: refused)" \
		"$?:$out" "125:secure_shell: the mount table before the plan (/proc/self/mountinfo): Input/output error; session refused"
	if [ -n "$no_listmount" ]; then
		skip "[$lane] with listmount, mountinfo is not read before the plan" "$no_listmount"
	else
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] with listmount, mountinfo is not read before the plan (the same fault goes unseen): the login runs" \
			"$?:$out" "0:RAN"
	fi
	# after_plan_refused WHAT: with WHAT mounted elsewhere, the table read after the plan failing
	# refuses the login, the mount found by listmount and statmount and by reading mountinfo
	after_plan_refused() {
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/oldroot/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] fault injection: with $1 elsewhere, the table after the plan unreadable: refused" \
			"$?:$out" "125:secure_shell: the mount table after the plan (/proc/self/mountinfo): Input/output error; session refused"
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_LISTMOUNT=1 SS_FAULT_OPEN=/oldroot/proc/self/mountinfo \
			"$SS" -c 'echo RAN' 2>&1)
		is "[$lane] ... the same, found by reading mountinfo (no listmount): refused" \
			"$?:$out" "125:secure_shell: the mount table after the plan (/proc/self/mountinfo): Input/output error; session refused"
	}
	# ... the same for a cgroup file system elsewhere than /sys/fs/cgroup (one hierarchy bound
	# elsewhere)
	cgm=$(findmnt -rn -t cgroup,cgroup2 -o TARGET | head -1)
	if [ -z "$cgm" ]; then
		skip "[$lane] fault injection: with a cgroup mount of the host's elsewhere, the table after the plan unreadable: refused" \
			"this host mounts no cgroup file system"
	else
		mkdir -p /mnt/cg2 && mount --bind "$cgm" /mnt/cg2
		after_plan_refused "a cgroup mount of the host's"
		out=$(as alice "$SS" -c 'ls -A /mnt/cg2 | wc -l; echo RAN' 2>&1)
		is "[$lane] ... and without a fault, the login runs with it covered" "$?:$out" $'0:0\nRAN'
		umount /mnt/cg2 && rmdir /mnt/cg2
	fi
	# ... and again after the plan only where a proc of the host's lies elsewhere than /proc: with
	# one, that read failing refuses the login; without one (no profile bind either), it is not made
	mkdir -p /mnt/pc2/proc && mount -t proc proc /mnt/pc2/proc
	after_plan_refused "a proc of the host's"
	# ... and found by listmount and statmount themselves (mountinfo before the plan unreadable too:
	# a fallback would name that read), also past their first page of 128 mounts
	if [ -n "$no_listmount" ]; then
		skip "[$lane] ... the same, found by listmount and statmount" "$no_listmount"
	else
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/proc/self/mountinfo \
			SS_FAULT_OPEN2=/oldroot/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] ... the same, found by listmount and statmount: refused" "$?:$out" \
			"125:secure_shell: the mount table after the plan (/proc/self/mountinfo): Input/output error; session refused"
		umount /mnt/pc2/proc
		mkdir -p /mnt/many && mount -t tmpfs -o size=1m many /mnt/many
		for i in $(seq 1 140); do
			if ! mkdir "/mnt/many/$i" || ! mount -t tmpfs -o size=4k "t$i" "/mnt/many/$i"; then break; fi
		done
		mount -t proc proc /mnt/pc2/proc
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/proc/self/mountinfo \
			SS_FAULT_OPEN2=/oldroot/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] ... found past listmount's first page (140 more mounts before it): refused" "$?:$out" \
			"125:secure_shell: the mount table after the plan (/proc/self/mountinfo): Input/output error; session refused"
		umount -R /mnt/many && rmdir /mnt/many
	fi
	umount /mnt/pc2/proc && rm -rf /mnt/pc2
	# (a test host with a proc or cgroup mount of its own elsewhere reads the table again: no check)
	elsewhere=$( (findmnt -rn -t proc -o TARGET | grep -vE '^/proc(/|$)'
		findmnt -rn -t cgroup,cgroup2 -o TARGET | grep -vE '^/sys/fs/cgroup(/|$)') | head -1)
	if [ -n "$elsewhere" ]; then
		skip "[$lane] ... without one, the table is not read again" \
			"this test host has a proc or cgroup file system mounted elsewhere: $elsewhere"
	else
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/oldroot/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] ... without one, the table is not read again (the same fault goes unseen): the login runs" \
			"$?:$out" "0:RAN"
		# nor where /run's file system is mounted again only at parts of itself that show no
		# hidden path (as snapd's /run/snapd/ns and iproute2's /run/netns are)
		mkdir -p /run/snapd/ns && mount --bind /run/snapd/ns /run/snapd/ns
		out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/oldroot/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
		is "[$lane] ... nor with /run bound onto a part of itself that shows no hidden path: the login runs" \
			"$?:$out" "0:RAN"
		umount /run/snapd/ns && rm -rf /run/snapd
	fi
	out=$(as rob LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/oldroot/proc/self/mountinfo "$SS" -c 'echo RAN' 2>&1)
	is "[$lane] ... nor one, but a profile bind (it may copy any tree): the table is read again, so refused" \
		"$?:$out" "125:secure_shell: the mount table after the plan (/proc/self/mountinfo): Input/output error; session refused"
	# a profile's bind is made with open_tree, then mount_setattr and move_mount on fds (the only
	# calls traced with an empty path): each made to fail
	out=$(as rob LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_TRACE=1 "$SS" -c 'echo RAN' 2>&1)
	bad=
	for call in open_tree mount_setattr move_mount; do
		n=$(printf '%s\n' "$out" | awk -v c="$call" '$1 == "faultinj:" && $3 == c && $4 == "" { print $2; exit }')
		o=$(as rob LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_MOUNT="${n:-0}" "$SS" -c 'echo RAN' 2>&1)
		[ "$?:$o" = "125:secure_shell: bind /mnt/tree on /opt from /etc/secure_shell/profiles/tree-ro.profile:3: $call: Input/output error; session refused" ] ||
			bad="$bad $call(${n:-not traced}): $o"
	done
	is "[$lane] fault injection: a profile bind's open_tree, mount_setattr and move_mount, made to fail, refuse the login" "$bad" ""
	# The cgroup layout cannot be read (/proc/self/cgroup fails): a login with limits required is
	# refused; one without limits runs, with all of /sys/fs/cgroup hidden as in every login
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/proc/self/cgroup "$SS" -c 'echo RAN' 2>&1)
	is "[$lane] fault injection: the cgroup layout unreadable, limits required: refused" "$?:$out" \
		"125:secure_shell: /proc/self/cgroup: Input/output error; session refused"
	out=$(as nolim LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/proc/self/cgroup "$SS" -c \
		'ls -A /sys/fs/cgroup | wc -l; echo RAN' 2>&1)
	is "[$lane] ... no limits: the login runs with all of /sys/fs/cgroup hidden, as always" "$out" $'0\nRAN'
	check "[$lane] ... (control: the host's /sys/fs/cgroup is not empty)" test -n "$(ls -A /sys/fs/cgroup)"
	like "[$lane] ... and --print says so" \
		"$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin \
			LD_PRELOAD="$T/bin/faultinj.so" SS_FAULT_OPEN=/proc/self/cgroup "$SS" --profile nolim --print 2>&1)" \
		$'\nmount +hide +/sys/fs/cgroup[ \n]'
	# An optional mount of the launcher's whose target appears between init's look by name, which
	# found it absent, and its look in the new root (here /run/user, made by the test at that very
	# openat2): the mount is made after all, neither a refusal ("a symbolic link on the way") nor
	# the host's directory left in view.
	rm -rf /run/user "$T/race.fifo" "$T/race.fifo.done" && mkfifo -m 666 "$T/race.fifo" "$T/race.fifo.done"
	timeout 20 bash -c 'read -r -n 1 _ <"$1" && mkdir -p /run/user/$2 && echo secret >/run/user/$2/secret &&
		echo >"$1.done"' _ "$T/race.fifo" "$UID_A" &
	racejob=$!
	out=$(as alice LD_PRELOAD="$T/bin/faultinj.so" SS_RACE_AT=/run/user SS_RACE_FIFO="/oldroot$T/race.fifo" \
		"$SS" -c "ls -A /run/user /run/user/$UID_A; echo RAN" 2>&1)
	rc=$?
	wait $racejob
	is "[$lane] race: /run/user made between init's two looks: the login runs, with its own /run/user" "$rc:$out" \
		"0:faultinj: race: the host changed before /run/user was resolved
/run/user:
$UID_A

/run/user/$UID_A:
RAN"
	check "[$lane] ... (control: the host's /run/user was made meanwhile, with a file in it)" \
		test -s "/run/user/$UID_A/secret"
	rm -rf /run/user "$T/race.fifo" "$T/race.fifo.done"
fi
mkdir -p /run/dbus && : >/run/dbus/system_bus_socket
is "[$lane] the system bus directory is hidden by the default profile" "$(sess alice -c 'ls -A /run/dbus | wc -l')" 0
out=$(sess alice -c 'awk '"'"'$5 == "/run/dbus" { print $6 }'"'"' /proc/self/mountinfo; : >/run/dbus/x' 2>&1)
like "[$lane] ... read-only, nosuid, nodev: nothing can be put there" "$out" \
	$'^ro,nosuid,nodev[^\n]*\n.*/run/dbus/x: Read-only file system$'
rm -rf /run/dbus
# The host's journals, crash dumps and login records, which the host keeps readable by the shared
# uid, are hidden by the default profile.  Each one this test host has (the /run ones made here,
# in the namespace's own /run) gets a tmpfs with a marker that alice can read outside.
hid=()
for d in /var/log /run/log/journal /run/systemd/journal /run/systemd/sessions /run/systemd/users \
	/run/systemd/seats /run/faillock /var/lib/systemd/coredump /var/lib/systemd/linger /var/crash \
	/var/lib/wtmpdb /var/lib/lastlog /var/mail /run/secure_shell; do
	case $d in /run/*) mkdir -p "$d" ;; esac
	[ -d "$d" ] && mount -t tmpfs -o mode=0755 tmpfs "$d" && echo per-uid-secret >"$d/marker" && hid+=("$d")
done
is "[$lane] outside, alice reads the markers in ${#hid[@]} host directories of per-uid data (control)" \
	"$(as alice bash -c 'for d in "$@"; do cat "$d/marker"; done' _ "${hid[@]}" | sort | uniq -c | tr -s ' ')" \
	" ${#hid[@]} per-uid-secret"
is "[$lane] inside, the default profile hides them: journals, crash dumps, login records, mail, PAM records" \
	"$(sess alice -c 'for d in "$@"; do echo "$d $(ls -A "$d" | wc -l)"; done' _ "${hid[@]}" 2>&1)" \
	"$(for d in "${hid[@]}"; do echo "$d 0"; done)"
for d in "${hid[@]}"; do umount "$d"; done
rm -rf /run/log /run/systemd /run/faillock /run/secure_shell
# A proc file system of the host's besides /proc (a chroot's): it shows the host's PID namespace,
# bob's processes among them (outside, alice reads his command line).  Inside it is covered.
mkdir -p "/mnt/chroot dir/proc" && mount -t proc proc "/mnt/chroot dir/proc"
(bg bob "$SS" -c 'sleep 22' >/dev/null 2>&1) &
wait_for eval "pgrep -u $UID_A -f '^sleep 22' >/dev/null"
sleeper=$(pgrep -u $UID_A -f '^sleep 22' | head -1)
is "[$lane] outside, alice reads bob's command line through another proc mount (control)" \
	"$(as alice cat "/mnt/chroot dir/proc/${sleeper:-0}/cmdline" 2>&1 | tr '\0' ' ')" "sleep 22 "
is "[$lane] inside, the host's other proc mounts are covered (empty)" \
	"$(sess alice -c 'ls -A "/mnt/chroot dir/proc" | wc -l' 2>&1)" 0
# the same proc mounted twice on one path, and one with a proc below it (/proc/sys bound, as in
# a container's tree): logins still work, and neither shows anything
mount -t proc proc "/mnt/chroot dir/proc" && mkdir -p /mnt/nest/proc && mount -t proc proc /mnt/nest/proc &&
	mount --bind /mnt/nest/proc/sys /mnt/nest/proc/sys
is "[$lane] inside, stacked and nested proc mounts of the host are covered too" \
	"$(sess alice -c 'ls -A "/mnt/chroot dir/proc" /mnt/nest/proc | grep -c .' 2>&1)" 2
# a profile bind copies a host tree anew: a proc inside it is covered there as well
mkdir -p /mnt/tree/proc2 && mount -t proc proc /mnt/tree/proc2
is "[$lane] outside, the tree a profile binds holds a proc with bob's sleep in it (control)" \
	"$(as alice cat "/mnt/tree/proc2/${sleeper:-0}/comm" 2>&1)" sleep
is "[$lane] inside, below the profile's bind of that tree, the proc is covered" \
	"$(sess rob -c 'cat /opt/sub/f; ls -A /opt/proc2 | wc -l' 2>&1)" $'in-sub\n0'
umount /mnt/tree/proc2 && rmdir /mnt/tree/proc2
umount /mnt/nest/proc/sys /mnt/nest/proc "/mnt/chroot dir/proc"
kill "${sleeper:-0}" 2>/dev/null
wait_for eval "! pgrep -u $UID_A -f '^sleep 22' >/dev/null"
umount "/mnt/chroot dir/proc"
# The host's cgroup tree mounted a second time (as a chroot's copy of /sys has it): outside, it
# shows bob's session node (who is logged in, what he runs and uses); inside, every cgroup mount
# in that copy is covered, whatever the layout (hybrid: a tmpfs of hierarchies; v2: one).
# (no proc mount elsewhere is left by now: the first look at the mount table must find these.)
(bg bob "$SS" -c 'sleep 27' >/dev/null 2>&1) &
wait_for eval "pgrep -u $UID_A -f '^sleep 27' >/dev/null"
mkdir -p "/mnt/chroot dir/cg" && mount --rbind /sys/fs/cgroup "/mnt/chroot dir/cg"
bobnode() { find "/mnt/chroot dir/cg" -maxdepth 3 -path "*/$CGP/bob" 2>/dev/null | head -1; }
wait_for eval '[ -n "$(bobnode)" ]'
check "[$lane] outside, a second mount of the cgroup tree shows bob's session node (control)" test -n "$(bobnode)"
is "[$lane] inside, every cgroup mount in it is covered: no control file, no node of bob's" \
	"$(sess alice -c 'find "/mnt/chroot dir/cg" \( -name cgroup.procs -o -name bob \) | wc -l' 2>&1)" 0
# ... and a profile bind of a tree holding one (bound anew at each login) is covered there too
umount -R "/mnt/chroot dir/cg" && rmdir "/mnt/chroot dir/cg"
mkdir -p /mnt/tree/cg && mount --rbind /sys/fs/cgroup /mnt/tree/cg
check "[$lane] outside, the tree a profile binds holds the cgroup tree, bob's node in it (control)" \
	test -n "$(find /mnt/tree/cg -maxdepth 3 -path "*/$CGP/bob" | head -1)"
is "[$lane] inside, below the profile's bind of that tree, every cgroup mount is covered" \
	"$(sess rob -c 'cat /opt/sub/f; find /opt/cg \( -name cgroup.procs -o -name bob \) | wc -l' 2>&1)" $'in-sub\n0'
# ... also where that bind lands on a cgroup mount of the host's: the one below is hidden by the
# bind, not covered, and the copy the bind brings (on top of it) is covered all the same
cgm1=$(findmnt -rn -t cgroup,cgroup2 -o TARGET | grep -E '^/sys/fs/cgroup(/|$)' | head -1)
mkdir -p /mnt/cgstack && mount --bind "$cgm1" /mnt/cgstack
is "[$lane] inside, a profile's bind onto a host cgroup mount: the cgroup mounts its tree brings are covered" \
	"$(sess cgs -c 'cat /mnt/cgstack/sub/f; find /mnt/cgstack/cg \( -name cgroup.procs -o -name bob \) | wc -l' 2>&1)" \
	$'in-sub\n0'
umount /mnt/cgstack && rmdir /mnt/cgstack
umount -R /mnt/tree/cg && rmdir /mnt/tree/cg
# A cgroup mount below a directory the sandbox cannot enter (0700; here root's, but one of the
# shared uid's with a group the user namespace does not map would do the same, and its owner could
# open it later): it cannot be covered, so the login is refused, naming it and the way out; a
# profile that hides a directory above it runs.
# rootonly_refused WHAT NAME SRC: SRC bound at /mnt/rootonly/NAME, below a directory the sandbox
# cannot enter; the message names WHAT there
rootonly_refused() {
	mkdir -m 0700 /mnt/rootonly && mkdir "/mnt/rootonly/$2" && mount --bind "$3" "/mnt/rootonly/$2"
	like "[$lane] outside, alice cannot enter the directory above it (control)" "$(as alice ls /mnt/rootonly 2>&1)" \
		'Permission denied'
	out=$(sess alice -c 'echo RAN' 2>&1)
	is "[$lane] $1 below a directory the sandbox cannot enter: refused, the way out named" "$?:$out" \
		"125:secure_shell: cannot cover $1 at /mnt/rootonly/$2: a directory on the way to it cannot be entered (hide a directory above it in the profile); session refused"
	is "[$lane] ... with a profile that hides the directory above it, the login runs" \
		"$(sess cgh -c 'ls -A /mnt/rootonly | wc -l; echo RAN' 2>&1)" $'0\nRAN'
	umount "/mnt/rootonly/$2" && rm -rf /mnt/rootonly
}
rootonly_refused "the host's cgroup file system" cg "$cgm1"
# Nothing mounted at /sys/fs/cgroup (here a tmpfs over /sys, with a plain /sys/fs/cgroup in it),
# a hierarchy mounted next to it in the same mount: it is covered (the mount that holds /sys/fs/cgroup
# tells nothing of where its other mounts lie).  A profile without limits: no layout is needed.
mkdir -p /mnt/cgsave && mount --bind "$cgm1" /mnt/cgsave
sys_tmpfs=
if mount -t tmpfs -o mode=0755 tmpfs /sys && sys_tmpfs=1 && mkdir -p /sys/fs/cgroup /sys/cg &&
	mount --move /mnt/cgsave /sys/cg; then
	check "[$lane] outside, the hierarchy next to an unmounted /sys/fs/cgroup shows nodes (control)" \
		test -n "$(as alice ls -A /sys/cg)"
	is "[$lane] inside, a cgroup mount next to an unmounted /sys/fs/cgroup is covered" \
		"$(sess nolim -c 'ls -A /sys/cg | wc -l; echo RAN' 2>&1)" $'0\nRAN'
	umount /sys/cg
else
	not_ok "[$lane] a tmpfs over /sys, with a hierarchy moved into it, could not be set up"
	umount /mnt/cgsave 2>/dev/null
fi
[ -n "$sys_tmpfs" ] && umount /sys
rmdir /mnt/cgsave
pkill -u $UID_A -f '^sleep 27'
wait_for eval "! pgrep -u $UID_A -f '^sleep 27' >/dev/null"
# Other mounts of the host that show what the plan hides: a bind of the home base elsewhere (as
# schroot binds /home into each chroot), a bind of the whole file system that holds it, a bind of
# one home, a bind of state_dir, a bind of a directory a profile hides (the default's /var/log).
# Outside, alice reads bob's file through each; inside, each is covered where it shows them, and
# the rest of such a copy stays in view.  (The test's home base and state_dir lie below /tmp, which
# the plan replaces, so no hide of the plan's names them: the launcher covers them all the same.)
sess bob -c 'echo view-secret >~/view-secret'
echo marker >"$T/state/view-marker"
# (the file system that holds the test's directory bound whole, $T at /mnt/fscopy$trel there; and
# the root file system bound whole, which shows /usr, hidden by no one)
tmnt=$(findmnt -n -o TARGET -T "$T")
trel=$T
[ "$tmnt" = / ] || trel=${T#"$tmnt"}
mkdir -p /mnt/hbcopy /mnt/fscopy /mnt/rootcopy /mnt/bobcopy /mnt/statecopy /mnt/logcopy
mount --bind "$HB" /mnt/hbcopy && mount --bind "$tmnt" /mnt/fscopy && mount --bind / /mnt/rootcopy &&
	mount --bind "$HB/bob" /mnt/bobcopy && mount --bind "$T/state" /mnt/statecopy && mount --bind /var/log /mnt/logcopy
is "[$lane] outside, alice reads bob's file through a bind of the home base, of the file system holding it, of his home (control)" \
	"$(as alice cat /mnt/hbcopy/bob/view-secret "/mnt/fscopy$trel/home/bob/view-secret" /mnt/bobcopy/view-secret 2>&1)" \
	$'view-secret\nview-secret\nview-secret'
check "[$lane] ... and state_dir and /var/log are not empty there (control)" \
	test -n "$(ls -A /mnt/statecopy)" -a -n "$(ls -A "/mnt/fscopy$trel/state")" -a -n "$(ls -A /mnt/logcopy)"
# (in the copy of the file system holding them, the home base and state_dir lie below /tmp, which
# is hidden too: covered there, or with all of /tmp)
is "[$lane] inside, each view is covered: the home base, bob's home, state_dir and /var/log, also in the copy of the file system holding them" \
	"$(sess alice -c 'for d in /mnt/hbcopy /mnt/bobcopy /mnt/statecopy /mnt/logcopy "/mnt/fscopy$1/home" "/mnt/fscopy$1/state"; do
		echo "$(ls -A "$d" 2>/dev/null | wc -l)"; done | sort | uniq -c | tr -s " "; cat /mnt/hbcopy/bob/view-secret' _ "$trel" 2>&1)" \
	" 6 0
cat: /mnt/hbcopy/bob/view-secret: No such file or directory"
is "[$lane] ... the rest of the root file system's copy stays in view, and alice's own home works" \
	"$(sess alice -c 'test -d /mnt/rootcopy/usr/bin && echo in-view; echo mine >~/view-mine && cat ~/view-mine' 2>&1)" \
	$'in-view\nmine'
# a home that is a mount of its own on the host (a bind of it onto itself): the alias's home is
# still bound in, not covered; a bind of a view inside a tree a profile binds is covered there
mount --bind "$HB/alice" "$HB/alice" && mkdir -p /mnt/tree/hb && mount --bind "$HB" /mnt/tree/hb
is "[$lane] a home that is a mount of the host's own: the alias still has it (not covered as a view)" \
	"$(sess alice -c 'cat ~/view-mine; ls -A /mnt/hbcopy | wc -l' 2>&1)" $'mine\n0'
is "[$lane] a bind of the home base inside the tree a profile binds: covered in the bind's copy" \
	"$(sess rob -c 'cat /opt/sub/f; ls -A /opt/hb | wc -l' 2>&1)" $'in-sub\n0'
umount /mnt/tree/hb "$HB/alice" && rmdir /mnt/tree/hb
# a profile that hides /mnt/hv and binds /mnt/hv/pub: a host mount below that source (a bind of
# another part of /mnt/hv) comes with the bind, as the profile asked, and /mnt/hv stays hidden
mkdir -p /mnt/hv/pub/sub /mnt/hv/other && echo asked >/mnt/hv/other/f && mount --bind /mnt/hv/other /mnt/hv/pub/sub
is "[$lane] a profile's bind of a path below one it hides brings the host's mounts below it (asked for)" \
	"$(sess askb -c 'cat /opt/sub/f; ls -A /mnt/hv | wc -l' 2>&1)" $'asked\n0'
umount /mnt/hv/pub/sub && rm -rf /mnt/hv
# a view in a directory the sandbox cannot enter: refused, naming it and the way out (a profile's
# hide of a directory above it, with which the login runs); one the plan hides anyway (below /tmp
# here): the login runs
rootonly_refused "the hidden $HB, shown again by another mount," hb "$HB"
mkdir -p "$T/hbview" && mount --bind "$HB" "$T/hbview"
is "[$lane] a view of the home base where the plan hides it anyway (below /tmp): the login runs" \
	"$(sess alice -c 'echo RAN' 2>&1)" RAN
umount "$T/hbview" && rmdir "$T/hbview"
if [ "$lane" = unpriv ]; then
	# the first look at the mount table finds the home base's file system mounted twice (with
	# listmount and statmount, and by reading mountinfo): the table is read after the plan
	after_plan_refused "a second mount of the home base's file system"
	# the way to a view changed between the look at the table and its cover: refused
	race_cover "the hidden $HB, shown again by another mount," hb --bind "$HB"
fi
umount /mnt/hbcopy /mnt/fscopy /mnt/rootcopy /mnt/bobcopy /mnt/statecopy /mnt/logcopy &&
	rmdir /mnt/hbcopy /mnt/fscopy /mnt/rootcopy /mnt/bobcopy /mnt/statecopy /mnt/logcopy
rm -f "$T/state/view-marker"
# a home that is a bind of its own (/home/carol from /mnt/data/carol, as fstab or pam_mount would
# make it): the file system it comes from is mounted elsewhere too (/mnt), which shows it again
mkdir -p /mnt/data/carol "$HB/carol" && chown $UID_A:$UID_A /mnt/data/carol "$HB/carol" &&
	echo carol-secret >/mnt/data/carol/f && mount --bind /mnt/data/carol "$HB/carol"
is "[$lane] outside, alice reads carol's file where her home comes from (control)" \
	"$(as alice cat /mnt/data/carol/f 2>&1)" carol-secret
is "[$lane] inside, that place is covered; carol still has her home" \
	"$(sess alice -c 'ls -A /mnt/data/carol 2>&1 | wc -l' 2>&1; sess carol -c 'cat ~/f' 2>&1)" $'0\ncarol-secret'
# (found by the first look: the file system of a mount below the home base is mounted twice)
[ "$lane" = unpriv ] && after_plan_refused "a home bound from a file system that is mounted"
umount "$HB/carol" && rm -rf /mnt/data
# the host's /run bound elsewhere: the shared uid's runtime directory (its systemd --user sockets,
# where pam_systemd makes one) is covered there, as are the default profile's /run/dbus and the
# launcher's /run/utmp
echo "records of every alias" >/run/utmp
mkdir -p /run/user/$UID_A /run/dbus /mnt/runcopy && echo user-secret >/run/user/$UID_A/f && : >/run/dbus/system_bus_socket &&
	chown $UID_A:$UID_A /run/user/$UID_A && mount --bind /run /mnt/runcopy
is "[$lane] outside, alice reads the shared uid's runtime directory through a bind of /run (control)" \
	"$(as alice cat /mnt/runcopy/user/$UID_A/f 2>&1)" user-secret
is "[$lane] inside, /run/user, /run/dbus and /run/utmp are covered in that bind" \
	"$(sess alice -c 'ls -A /mnt/runcopy/user /mnt/runcopy/dbus | grep -c .; wc -c </mnt/runcopy/utmp' 2>&1)" \
	"$(printf '2\n0')"
umount /mnt/runcopy && rm -rf /run/user /run/dbus /mnt/runcopy
# a hidden path that is a mount point (a tmpfs at /mnt/rootonly, which the cgh profile hides): the
# directory below that mount, with a file left there before it, is covered where a bind of the
# file system below (the suite's /mnt) shows it
mkdir -p /mnt/rootonly /mnt/mntcopy && echo under-secret >/mnt/rootonly/old &&
	mount -t tmpfs -o mode=0755 tmpfs /mnt/rootonly && mount --bind /mnt /mnt/mntcopy
is "[$lane] outside, alice reads a file below a mount at a hidden path, through a bind of the file system below it (control)" \
	"$(as alice cat /mnt/mntcopy/rootonly/old 2>&1)" under-secret
is "[$lane] inside, the directory below that mount is covered in that bind" \
	"$(sess cgh -c 'ls -A /mnt/mntcopy/rootonly | wc -l; ls -A /mnt/rootonly | wc -l' 2>&1)" $'0\n0'
umount /mnt/mntcopy /mnt/rootonly && rm -rf /mnt/rootonly /mnt/mntcopy
# A second proc of the host's stacked on /proc (the only place one is, so the table is not read
# again after the plan): its copy lies below the sandbox's own /proc, which shows the session alone.
mount -t proc proc /proc
(bg bob "$SS" -c 'sleep 23' >/dev/null 2>&1) &
wait_for eval "pgrep -u $UID_A -f '^sleep 23' >/dev/null"
is "[$lane] outside, with two procs stacked on /proc, bob's sleep shows there (control)" \
	"$(as alice pgrep -u $UID_A -fc '^sleep 23' 2>&1)" 1
is "[$lane] inside, /proc is the sandbox's own: no sleep of bob's, the session's shell as PID 2" \
	"$(sess alice -c 'pgrep -fc "^sleep 23"; cat /proc/2/comm; :' 2>&1)" $'0\nbash'
pkill -u $UID_A -f '^sleep 23'
wait_for eval "! pgrep -u $UID_A -f '^sleep 23' >/dev/null"
umount /proc
# CPU affinity.  For the setup the monitor moves itself off the CPU it cloned init on, so that the
# two run side by side; init's mask, which the session inherits, is never changed, and the
# monitor's own is put back once the shell runs.
cpus_of() { awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
all_cpus=$(cpus_of self)
if [ "$(nproc)" -lt 2 ]; then
	skip "[$lane] CPU affinity of the session and of the monitor" "one CPU here: the monitor has nowhere to move"
else
	is "[$lane] the session's CPU mask is the launcher's" \
		"$(sess alice -c "awk '/^Cpus_allowed_list/ { print \$2 }' /proc/self/status")" "$all_cpus"
	one_cpu=${all_cpus%%[-,]*}
	is "[$lane] a launcher pinned to one CPU runs, and its session keeps that CPU" \
		"$(as alice taskset -c "$one_cpu" "$SS" -c "awk '/^Cpus_allowed_list/ { print \$2 }' /proc/self/status" 2>&1)" \
		"$one_cpu"
	(bg alice "$SS" -c 'sleep 24' >/dev/null 2>&1) &
	launch=$! # timeout(1), the monitor's parent: init is a fork of the monitor, same command line
	wait_for eval "pgrep -u $UID_A -f '^sleep 24' >/dev/null"
	monitor=$(pgrep -P "$launch" -f "^$SS -c sleep 24")
	mask_back() { [ "$(cpus_of "${monitor:-0}")" = "$all_cpus" ]; }
	check "[$lane] once the shell runs, the monitor's CPU mask is the launcher's again" wait_for mask_back
	pkill -u $UID_A -f '^sleep 24'
	wait_for eval "! pgrep -u $UID_A -f '^sleep 24' >/dev/null"
fi
# The setuid monitor waits outside the sandbox with euid 0: its effective capabilities are empty
# but while an operation of priv.c runs (the permitted set keeps them for the next one)
if [ "$lane" = setuid ]; then
	(bg alice "$SS" -c 'sleep 25' >/dev/null 2>&1) &
	launch=$!
	wait_for eval "pgrep -u $UID_A -f '^sleep 25' >/dev/null"
	monitor=$(pgrep -P "$launch" -f "^$SS -c sleep 25")
	is "[$lane] the setuid monitor (euid 0) runs with no effective capabilities, its permitted set kept" \
		"$(awk '/^Uid:/ { print "euid", $3 } /^CapEff:/ { print $2 } /^CapPrm:/ { print ($2 ~ /^0+$/ ? "none" : "some") }' \
			"/proc/${monitor:-0}/status" 2>&1)" $'euid 0\nsome\n0000000000000000'
	pkill -u $UID_A -f '^sleep 25'
	wait_for eval "! pgrep -u $UID_A -f '^sleep 25' >/dev/null"
fi
# who/last: the session records of every alias are replaced by an empty read-only file
echo "records of every alias" >/run/utmp
out=$(sess alice -c 'wc -c </run/utmp; test -f /run/utmp && echo regular; awk '"'"'$5 == "/run/utmp" { print $6 }'"'"' /proc/self/mountinfo; : >/run/utmp' 2>&1)
like "[$lane] /run/utmp inside is an empty read-only file" "$out" \
	$'^0\nregular\nro,nosuid,nodev[^\n]*\n.*/run/utmp: Read-only file system$'
rm -f /run/utmp

# ---------- confinement directives ----------
is "[$lane] seccomp deny: a denied syscall fails with EPERM, the rest works" \
	"$(sess dave -c 'uname; mkdir ~/x; echo still-here' 2>&1)" \
	$'uname: cannot get system name: Operation not permitted\nmkdir: cannot create directory \'/home/dave/x\': Operation not permitted\nstill-here'
is "[$lane] seccomp_action kill: a denied syscall kills with SIGSYS" \
	"$(sess erin -c 'mkdir ~/k; echo "status $?"' 2>/dev/null)" "status 159"
is "[$lane] seccomp allowlist: listed syscalls work" "$(sess fay -c 'echo hi; ls -d / ; id -un' 2>&1)" $'hi\n/\nfay'
like "[$lane] seccomp allowlist: anything else fails" "$(sess fay -c 'mkdir ~/y; uname' 2>&1)" \
	"mkdir: cannot create directory '/home/fay/y': Operation not permitted"
is "[$lane] seccomp: the filter is active in the session" "$(sess alice -c 'grep ^Seccomp: /proc/self/status')" \
	$'Seccomp:\t2'
# a denylist is one program (the rule for newer syscalls joined to the list), an allowlist two
is "[$lane] seccomp: a denylist is one filter, an allowlist two (Seccomp_filters)" \
	"$(sess alice -c 'grep ^Seccomp_filters: /proc/self/status'; sess fay -c 'grep ^Seccomp_filters: /proc/self/status')" \
	$'Seccomp_filters:\t1\nSeccomp_filters:\t2'
# the highest syscall number libseccomp knows, asked of the library itself (python, ctypes), and
# what the launcher says it is: above it, a denylist answers ENOSYS
known_max=$(python3 -c '
import ctypes
l = ctypes.CDLL("libseccomp.so.2")
l.seccomp_arch_native.restype = ctypes.c_uint32
l.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
a = l.seccomp_arch_native()
print(max(n for n in range(1024) if l.seccomp_syscall_resolve_num_arch(a, n)))')
if [ "$lane" = setuid ]; then
	key=$(find "$T/state/seccomp" -name '*.bpf' 2>/dev/null | wc -l)
	check "[$lane] seccomp cache: compiled filters are cached, root-owned 0644" \
		eval "[ $key -ge 1 ] && [ -z \"\$(find $T/state/seccomp -name '*.bpf' ! -user root -o -name '*.bpf' -perm /022)\" ]"
	rm -f "$T"/state/seccomp/*.bpf
	sess alice -c true
	f=$(ls "$T"/state/seccomp/*.bpf)
	printf 'garbage' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null
	is "[$lane] seccomp cache: a damaged cache file is rebuilt, not trusted" \
		"$(sess alice -c 'grep ^Seccomp: /proc/self/status'; grep -c garbage "$f")" $'Seccomp:\t2\n0'
	chown $UID_A "$f"
	sess alice -c true
	is "[$lane] seccomp cache: a cache file not owned by root is replaced" "$(stat -c %U "$f")" root
	# bytes 28-31 of the header: the boundary the cached program was built with (here 450)
	printf '\302\001\000\000' | dd of="$f" bs=1 seek=28 conv=notrunc 2>/dev/null
	sess alice -c true
	is "[$lane] seccomp cache: a file built with another libseccomp table (its boundary) is rebuilt" \
		"$(od -A n -t d4 -j 28 -N 4 "$f" | tr -d ' ')" "$known_max"
fi

# ---------- a mount target that is an absolute symlink never lands on the host's tree ----------
# (in this test namespace's private /run; the link's target must lie outside /tmp, which the
# launcher's staging tmpfs covers)
mv /run/utmp /run/utmp.saved 2>/dev/null
mkdir /run/real && echo host-records >/run/real/utmp && ln -s /run/real/utmp /run/utmp
out=$(sess alice -c 'wc -c </run/utmp; wc -c </run/real/utmp; echo RAN' 2>&1)
is "[$lane] /run/utmp an absolute symlink: what it names in the sandbox is hidden, the host's records unread" \
	"$?:$out" $'0:0\n0\nRAN'
rm -rf /run/utmp /run/real
# The same through a directory on the way (/var/log -> /mnt/varlog, in a tmpfs on /var here), with a
# profile that does not hide /var/log itself: resolved in the sandbox's root, not in the staging one
# (where such a link leads nowhere and the hide used to be skipped).  A log linked to /dev/null
# (a host that keeps no records) is left alone: /dev/null keeps working.
mkdir -p /mnt/varlog && echo "records of every alias" >/mnt/varlog/wtmp && ln -s /dev/null /mnt/varlog/btmp
if mount -t tmpfs -o mode=0755 tmpfs /var && mkdir -m 1777 /var/tmp && ln -s /mnt/varlog /var/log; then
	is "[$lane] outside, alice reads /var/log/wtmp through the link (control)" \
		"$(as alice cat /var/log/wtmp 2>&1)" "records of every alias"
	is "[$lane] /var/log an absolute symlink: the session logs below it are hidden all the same" \
		"$(sess bare -c 'wc -c </var/log/wtmp; wc -c </mnt/varlog/wtmp; echo x >/dev/null && echo null-ok' 2>&1)" \
		$'0\n0\nnull-ok'
	# a hardened host's /var/log (0750, root's group): the alias cannot reach the logs, so there
	# is nothing to hide, and logins go on (they are not refused)
	chmod 0750 /mnt/varlog
	is "[$lane] a /var/log the aliases cannot search: the login works, the logs stay out of reach" \
		"$(sess bare -c 'cat /var/log/wtmp 2>&1 | grep -o "Permission denied"; echo RAN' 2>&1)" $'Permission denied\nRAN'
	umount /var || umount -l /var
else
	not_ok "[$lane] a tmpfs on /var with /var/log a symlink, for the tests of the session logs"
fi
rm -rf /mnt/varlog
# /var itself an absolute symlink (/var -> /mnt/realvar): the launcher's /var/tmp, which it mounts
# by name from its staging root, cannot be reached there.  The login is refused, not left with the
# host's /var/tmp; with a relative link it works.  Run in a copy of this root whose /var is such a
# link: a tmpfs holding binds of every other top-level directory, made the root of a child namespace.
fr=/mnt/fakeroot
mkdir -p $fr /mnt/realvar/tmp && chmod 1777 /mnt/realvar/tmp && echo host-file >/mnt/realvar/tmp/host-file
# only into a fresh tmpfs: a bind of the host's directories into $fr itself would be removed below
if mount -t tmpfs -o mode=0755 tmpfs $fr; then
	for e in /*; do
		n=${e#/}
		case $n in
		var) ;;
		mnt) mkdir -p $fr/mnt/realvar && mount --bind /mnt/realvar $fr/mnt/realvar ;;
		*) if [ -L "$e" ]; then cp -P "$e" "$fr/$n"; elif [ -d "$e" ]; then mkdir "$fr/$n" && mount --rbind "$e" "$fr/$n"; fi ;;
		esac
	done
fi
in_fakeroot() {
	timeout -k 5 30 unshare -m --propagation private sh -c 'cd "$1" && mkdir -p .old && pivot_root . .old &&
		umount -l /.old && shift && exec "$@"' _ $fr \
		setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME=bare USER=bare HOME="$HB/bare" \
		PATH=/usr/bin:/bin "${ASAN_ENV[@]}" "$SS" -c 'cat /var/tmp/host-file 2>/dev/null || echo private; echo RAN'
}
if mountpoint -q $fr; then
	ln -s /mnt/realvar $fr/var
	out=$(in_fakeroot 2>&1)
	like "[$lane] /var an absolute symlink: the launcher cannot mount /var/tmp by name, so the login is refused" \
		"$?:$out" '^125:secure_shell: (bind|tmpfs) /var/tmp: a symbolic link on the way leads to /mnt/realvar/tmp, which the launcher.s mount cannot reach by name \(use a relative link that stays below /\); session refused$'
	rm $fr/var && ln -s mnt/realvar $fr/var
	is "[$lane] ... with a relative link the login works, its own /var/tmp there" "$(in_fakeroot 2>&1)" $'private\nRAN'
	umount -l $fr && rmdir $fr
else
	not_ok "[$lane] a tmpfs for a copy of the root whose /var is a symlink"
fi
rm -rf /mnt/realvar
mv /run/utmp.saved /run/utmp 2>/dev/null

# ---------- /dev: made once under state_dir (setuid), else built for each login ----------
# the top mount on /dev (the read-only copy of the host has its own below): options, type
devcheck='awk '"'"'$5 == "/dev" { for (i = 7; $i != "-"; i++); o = $6 "\n" $(i + 1) } END { print o }'"'"' /proc/self/mountinfo
echo x >/dev/null && head -c 5 /dev/zero | wc -c && head -c 7 /dev/urandom | wc -c && head -c 3 /dev/random | wc -c
echo x >/dev/full; readlink /dev/fd /dev/ptmx; ls -d /dev/pts /dev/shm; : >/dev/new'
# what --print says about /dev, run by a real user (uid 10100, admin1)
admin_print() { timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "$SS" --print --profile default; }
devfunc=$'5\n7\n3\n.*write error: No space left on device\n/proc/self/fd\npts/ptmx\n/dev/pts\n/dev/shm\n.*/dev/new: Read-only file system$'
if [ "$lane" = setuid ]; then
	is "[$lane] /dev: made once in state_dir, root-owned, only root writes it" \
		"$(stat -c '%U %a %F' "$T/state/dev"; cd "$T/state/dev" && stat -c '%n %U %a %F %t:%T' null zero full random urandom tty && stat -c '%n %F' fd stdin stdout stderr ptmx pts shm console)" \
		"root 755 directory
null root 666 character special file 1:3
zero root 666 character special file 1:5
full root 666 character special file 1:7
random root 666 character special file 1:8
urandom root 666 character special file 1:9
tty root 666 character special file 5:0
fd symbolic link
stdin symbolic link
stdout symbolic link
stderr symbolic link
ptmx symbolic link
pts directory
shm directory
console regular empty file"
	like "[$lane] /dev inside is that directory: read-only, nosuid, noexec; its devices work, nothing can be added" \
		"$(sess alice -c "$devcheck" 2>&1)" $'^ro,nosuid,noexec[^\n]*\n'"$(findmnt -no FSTYPE -T "$T/state")"$'\n'"$devfunc"
	# a copy that root does not own alone is never used: /dev is built for the login instead
	chmod g+w "$T/state/dev"
	like "[$lane] /dev: a state_dir/dev that others could write is not used; a tmpfs is built instead" \
		"$(sess alice -c "$devcheck" 2>&1; admin_print | grep '^dev ')" \
		$'^ro,nosuid,nodev[^\n]*\ntmpfs\n'"${devfunc%\$}"$'\ndev        built for this login \\('"$T"'/state/dev: Operation not permitted\)$'
	chmod g-w "$T/state/dev"
	# a nodev file system (here a nodev bind of state_dir): the nodes would not open
	if mount --bind "$T/state" "$T/state" && mount -o remount,bind,nodev "$T/state"; then
		like "[$lane] /dev: on a nodev state_dir, built for each login" \
			"$(sess alice -c "$devcheck" 2>&1; admin_print | grep '^dev ')" \
			$'^ro,nosuid,nodev[^\n]*\ntmpfs\n'"${devfunc%\$}"$'\ndev        built for this login \\('"$T"'/state/dev: Operation not supported\)$'
		umount "$T/state"
	else
		not_ok "[$lane] /dev: a nodev bind of state_dir for the test"
	fi
	# a dev that holds anything else is not used (a copy of the host's /dev restored there, say)
	mknod -m 666 "$T/state/dev/fuse" c 10 229
	like "[$lane] /dev: a state_dir/dev with an extra node is not used; the login builds its own" \
		"$(sess alice -c 'ls /dev/fuse; findmnt -no FSTYPE /dev | tail -1' 2>&1; admin_print | grep '^dev ')" \
		'No such file or directory.*tmpfs.*does not hold exactly what the launcher makes'
	rm "$T/state/dev/fuse" && rm "$T/state/dev/null" && mknod -m 666 "$T/state/dev/null" c 1 1
	like "[$lane] /dev: ... nor one whose null is another device" \
		"$(sess alice -c 'findmnt -no FSTYPE /dev | tail -1; stat -c %t:%T /dev/null' 2>&1)" $'^tmpfs\n1:3$'
	rm -rf "$T/state/dev" && mkdir "$T/state/dev"
	is "[$lane] /dev: nor an empty one (the login still works)" \
		"$(sess alice -c 'findmnt -no FSTYPE /dev | tail -1; test -c /dev/null && echo ok' 2>&1)" $'tmpfs\nok'
	# a login killed while it built the directory leaves dev.<pid>.tmp; the next login with that
	# pid (here: pid 1 of a new pid namespace) clears it and builds
	rm -rf "$T/state/dev" && mkdir -m 700 "$T/state/dev.1.tmp" && mknod "$T/state/dev.1.tmp/null" c 1 3
	is "[$lane] /dev: a half-made copy left by a killed login is cleared and the build redone" \
		"$(timeout 30 unshare --pid --fork --mount-proc -- setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME=alice \
			USER=alice HOME="$HB/alice" PATH=/usr/bin:/bin "${ASAN_ENV[@]}" "$SS" -c 'findmnt -no FSTYPE /dev | tail -1' 2>&1;
			find "$T/state" -maxdepth 1 -name 'dev*' -printf '%f\n')" \
		"$(findmnt -no FSTYPE -T "$T/state")"$'\ndev'
	# made by the first login; concurrent first logins: one copy, no half-made ones left
	rm -rf "$T/state/dev"
	pids=()
	for i in 1 2 3 4 5 6 7 8; do
		bg alice "$SS" -c 'test -c /dev/null && echo ok' >>"$T/devrace.out" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
	is "[$lane] /dev: eight first logins at once all get it; one copy, nothing half-made left behind" \
		"$(grep -c '^ok$' "$T/devrace.out"; find "$T/state" -maxdepth 1 -name 'dev*' | wc -l; find "$T/state/dev" -mindepth 1 | wc -l)" $'8\n1\n14'
else
	like "[$lane] /dev inside is a tmpfs built for the login; its devices work, nothing can be added" \
		"$(sess alice -c "$devcheck" 2>&1)" $'^ro,nosuid,nodev[^\n]*\ntmpfs\n'"$devfunc"
fi
out=$(sess ike -c 'echo RAN' 2>&1)
is "[$lane] landlock: a required ABI the kernel lacks refuses the session" "$?:$out" \
	"125:secure_shell: the profile requires Landlock ABI 99, the kernel has $(python3 -c \
	'import ctypes; print(max(0, ctypes.CDLL(None).syscall(444, None, 0, 1)))'); session refused"
is "[$lane] landlock best_effort: runs where the ABI is missing" "$(sess jo -c 'echo ran' 2>&1)" ran
abstract=$CGP-$RANDOM
python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind('\0$abstract'); s.listen(8)
time.sleep(120)" &
listener=$!
wait_for eval "grep -q '@$abstract' /proc/net/unix" || not_ok "[$lane] the abstract listener for the scope tests started"
abs_connect='python3 -c "
import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(\"\\0'$abstract'\"); print(\"connected\")
except OSError as e:
    print(\"refused\", e.errno)"'
if [ "$LL_ABI" -ge 6 ]; then
	is "[$lane] landlock scope: an abstract unix socket outside the sandbox is unreachable" \
		"$(sess alice -c "$abs_connect" 2>&1)" "refused 1"
	is "[$lane] landlock off: the same connect succeeds (the scope is what stops it)" \
		"$(sess gus -c "$abs_connect" 2>&1)" "connected"
	is "[$lane] landlock best_effort asking for ABI 99: what this kernel has still applies" \
		"$(sess jo -c "$abs_connect" 2>&1)" "refused 1"
else
	skip "[$lane] landlock scope: an abstract unix socket outside the sandbox is unreachable" \
		"this kernel's Landlock ABI is $LL_ABI; scoping needs 6"
fi
if [ "$LL_ABI" -ge 1 ]; then
	as_admin() { timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin \
		"${ASAN_ENV[@]}" "$SS" "$@" 2>&1; }
	out=$(as_admin --profile lrw -c 'echo RAN')
	is "[$lane] landlock_rw of a plain path: the session runs" "$?:$out" "0:RAN"
	like "[$lane] ... with its rule" "$(as_admin --profile lrw --print)" $'\nlandlock   /mnt/lrw/sub +read, write'
	out=$(as_admin --profile lrw-link -c 'echo RAN')
	is "[$lane] landlock_rw through a symbolic link: refused, the link not followed" "$?:$out" \
		"125:secure_shell: landlock_rw /mnt/lrw-link/sub: a symbolic link on the way (not followed); session refused"
else
	skip "[$lane] landlock_rw through a symbolic link: refused" "this kernel has no Landlock"
fi
# network none: its own network namespace with only lo
python3 -c "
import socket, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)
open('$T/pub/port', 'w').write(str(s.getsockname()[1])); time.sleep(120)" &
tcp_listener=$!
wait_for test -s "$T/pub/port" || not_ok "[$lane] the loopback listener for the network tests started"
port=$(cat "$T/pub/port")
tcp_connect="python3 -c \"
import socket
try:
    socket.create_connection(('127.0.0.1', $port), timeout=3); print('connected')
except OSError as e:
    print('refused', e.errno)\""
is "[$lane] network host (default): a host loopback service is reachable" "$(sess alice -c "$tcp_connect" 2>&1)" connected
is "[$lane] network none: the same service is unreachable" "$(sess net -c "$tcp_connect" 2>&1)" "refused 111"
is "[$lane] network none: the session sees only lo" "$(sess net -c 'awk "NR > 2 {print \$1}" /proc/net/dev')" "lo:"
is "[$lane] network none: lo works inside" "$(sess net -c 'python3 -c "
import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(1)
socket.create_connection(s.getsockname()); print(\"lo-ok\")"' 2>&1)" lo-ok
is "[$lane] network none: a host abstract socket is unreachable even without Landlock" \
	"$(sess netll -c "$abs_connect" 2>&1)" "refused 111"
# the listeners were there throughout: outside, alice reaches both
is "[$lane] ... while outside a sandbox alice reaches the abstract socket and the port (control)" \
	"$(as alice bash -c "$abs_connect; $tcp_connect" 2>&1)" $'connected\nconnected'
kill $tcp_listener 2>/dev/null
kill $listener 2>/dev/null
if grep -qs 'Y' /sys/module/apparmor/parameters/enabled && [ -w /sys/kernel/security/apparmor/.load ]; then
	out=$(sess hal -c 'echo RAN' 2>&1)
	is "[$lane] apparmor: a profile naming an unloaded AppArmor profile is refused" "$?:$out" \
		"125:secure_shell: AppArmor profile 'secure_shell-session' is not loaded; session refused"
	if apparmor_parser -r -K "$top/profiles/apparmor/secure_shell-session" 2>/dev/null; then
		like "[$lane] apparmor: the session runs under the named profile" \
			"$(sess hal -c 'cat /proc/self/attr/current' 2>&1)" 'secure_shell-session \(enforce\)'
		# AppArmor's socket hook answers EACCES before the kernel's own capability check (EPERM,
		# which is what a session without the AppArmor profile gets)
		rawsock='python3 -c "
import socket
try:
    socket.socket(socket.AF_INET, socket.SOCK_RAW, 1); print(\"created\")
except OSError as e:
    print(\"errno\", e.errno)"'
		is "[$lane] apparmor: the profile denies raw sockets on its own (EACCES)" "$(sess hal -c "$rawsock" 2>&1)" "errno 13"
		is "[$lane] apparmor: ... where a session without it gets the kernel's EPERM (control)" \
			"$(sess alice -c "$rawsock" 2>&1)" "errno 1"
		apparmor_parser -R "$top/profiles/apparmor/secure_shell-session" 2>/dev/null
	else
		not_ok "[$lane] apparmor: loading the shipped profile failed"
	fi
else
	out=$(sess hal -c 'echo RAN' 2>&1)
	is "[$lane] apparmor: a profile naming one is refused when AppArmor is off (fail closed)" "$?:$out" \
		"125:secure_shell: the profile requires AppArmor profile 'secure_shell-session', but AppArmor is not enabled; session refused"
	skip "[$lane] apparmor: the session runs under the named profile" "AppArmor is not enabled in this kernel (the guest-kernel lane runs it)"
fi
check "[$lane] apparmor: the shipped profile parses (apparmor_parser -Q)" \
	eval "apparmor_parser -Q -K -T '$top/profiles/apparmor/secure_shell-session' 2>/dev/null"

# ---------- the escape probe: every attack class, as the kernel answers it ----------
install -m 0755 -o $UID_A -g $UID_A "$top/build/tests/ss-probe" "$HB/alice/ss-probe"
install -m 4755 -o root -g root "$top/build/tests/ss-probe" "$HB/alice/ss-probe-suid"
abstract=$CGP-probe-$RANDOM
python3 -c "
import socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind('\0$abstract'); s.listen(8)
time.sleep(120)" &
listener=$!
wait_for eval "grep -q '@$abstract' /proc/net/unix" || not_ok "[$lane] the abstract listener for the probe started"
print_max=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --print --profile default 2>&1 | sed -n 's/.*newer than libseccomp .* knows (numbers above \([0-9]*\)) -> ENOSYS$/\1/p')
is "[$lane] seccomp: --print names libseccomp's highest syscall number as the boundary" "$print_max" "$known_max"
probe_out=$(sess alice -c "/home/alice/ss-probe all setuid-exec=/home/alice/ss-probe-suid abstract-connect=$abstract \
	kill-outside=$listener newer-syscall=${known_max:-0} boundary-syscall=${known_max:-0}" </dev/null 2>&1)
# the targets the probe could not reach were there all along: the listener is alive and, from
# outside the sandbox, its abstract socket takes alice's connection; the setuid file makes root
check "[$lane] probe: the kill-outside target was alive throughout" kill -0 $listener
is "[$lane] probe: outside the sandbox alice reaches the abstract socket (control)" \
	"$(as alice python3 -c "
import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect('\0$abstract'); print('connected')" 2>&1)" connected
like "[$lane] probe: outside the sandbox the setuid file makes root (control)" \
	"$(as alice "$HB/alice/ss-probe-suid" euid 2>&1)" '^euid: 0 '
like "[$lane] probe: outside the sandbox alice gets a native AIO context (control)" \
	"$(as alice "$HB/alice/ss-probe" io-setup 2>&1)" '^io-setup: ALLOWED'
kill $listener 2>/dev/null
printf '%s\n' "$probe_out" >"$T/probe-$lane.txt"
[ -n "${PROBE_OUT:-}" ] && printf '%s\n' "$probe_out" >"$PROBE_OUT.$lane"
while read -r name want; do
	case $name in '' | '#'*) continue ;; esac
	got=$(printf '%s\n' "$probe_out" | grep "^$name " | head -1)
	if [ "$name" = abstract-connect: ] && [ "$LL_ABI" -lt 6 ]; then
		skip "[$lane] probe abstract-connect" "this kernel's Landlock ABI is $LL_ABI; scoping needs 6"
		continue
	fi
	if [ "$name" = write-sysrq: ] && [ ! -e /proc/sysrq-trigger ]; then
		skip "[$lane] probe write-sysrq" "this kernel has no /proc/sysrq-trigger (CONFIG_MAGIC_SYSRQ)"
		continue
	fi
	# /dev/mem and /dev/kmsg are absent inside; that means something only where the host has them
	node=${name%:} node=${node#dev-}
	if [[ $name == dev-mem: || $name == dev-kmsg: ]] && [ ! -c "/dev/$node" ]; then
		skip "[$lane] probe $name" "the test host's /dev has no $node"
		continue
	fi
	if [ "$name" = int80: ] && [ -n "$UML" ]; then
		skip "[$lane] probe int80" "this kernel (User Mode Linux) has no 32-bit syscall ABI to attack"
		continue
	fi
	# the expectation is the verdict and, where it is exact, the kernel's answer
	if [[ "$got" == "$name $want"* ]]; then ok "[$lane] probe ${name%:}: $want"; else
		not_ok "[$lane] probe ${name%:}: want '$want', got '${got#"$name "}'"; fi
done <"$top/tests/integration/probe-expect.txt"
# A syscall newer than libseccomp's table: this kernel must have one (asked outside, as uid 10000),
# or the ENOSYS inside would prove nothing.  The boundary's own number must still reach the kernel.
if [ -z "$known_max" ]; then
	not_ok "[$lane] probe newer-syscall: no libseccomp boundary (python3 and libseccomp.so.2?)"
else
	# inside_if_host NAME DESC REGEX SKIPWHY: the probe's line inside must match REGEX, where the
	# same probe outside (as uid 10000) finds the call in this kernel
	inside_if_host() {
		local host_says
		host_says=$(as alice "$HB/alice/ss-probe" "$1" "$known_max" 2>&1)
		case $host_says in
		"$1: ALLOWED "*) like "[$lane] probe $1: $2 (outside: ${host_says#*ALLOWED })" \
			"$(printf '%s\n' "$probe_out" | grep "^$1: ")" "$3" ;;
		*) skip "[$lane] probe $1" "$4: ${host_says#*: }" ;;
		esac
	}
	inside_if_host newer-syscall "a syscall above libseccomp's $known_max is ENOSYS inside" \
		"^newer-syscall: BLOCKED ENOSYS" "this kernel has no syscall above $known_max that the probe can call"
	inside_if_host boundary-syscall "syscall $known_max itself reaches the kernel inside" \
		"^boundary-syscall: ALLOWED .* answered E(INVAL|BADF|FAULT|2BIG)" \
		"this kernel lacks syscall $known_max, or the probe cannot call it"
fi
# bob holds a terminal of the host's: outside, alice (the same uid) can open it; inside, her
# sandbox's own devpts must not even list it
# shellcheck disable=SC2217 # bg execs script, which reads stdin
(bg bob script -qfc "$SS -c 'sleep 30'" /dev/null </dev/null >/dev/null 2>&1) &
bobpty=$!
wait_for eval "pgrep -u $UID_A -f '^sleep 30' >/dev/null"
bobtty=$(readlink "/proc/$(pgrep -f "^$SS -c sleep 30" | head -1)/fd/0")
is "[$lane] probe: outside, alice can open bob's terminal $bobtty (control)" \
	"$(as alice bash -c 'exec 3<>"$1" && echo opened' _ "$bobtty" 2>&1)" opened
tty_out=$(as alice script -qec "$SS -c '~/ss-probe tiocsti; ~/ss-probe tiocsti-highbits; ~/ss-probe tioclinux;
	~/ss-probe tioclinux-highbits; ~/ss-probe other-ptys'" /dev/null 2>&1 | tr -d '\r')
kill $bobpty 2>/dev/null
wait_for eval "! pgrep -u $UID_A -f '^sleep 30' >/dev/null"
for name in tiocsti tiocsti-highbits tioclinux tioclinux-highbits; do
	like "[$lane] probe on a pty: $name is refused by the filter" "$tty_out" "$name: BLOCKED EPERM"
done
like "[$lane] probe on a pty: bob's terminal is not even listed under /dev/pts" "$tty_out" \
	"other-ptys: BLOCKED ENOENT \(no other ptys\)"
# the same ioctls outside the sandbox, on a pty of alice's own: the kernel lets them through, so
# the EPERM inside is the filter's (where dev.tty.legacy_tiocsti is 0 the kernel refuses TIOCSTI
# to everyone, and the control says nothing)
if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ]; then
	like "[$lane] probe on a pty: outside the sandbox tiocsti is allowed (control)" \
		"$(as alice script -qec "$HB/alice/ss-probe tiocsti" /dev/null 2>&1 | tr -d '\r')" 'tiocsti: ALLOWED'
else
	skip "[$lane] probe on a pty: outside the sandbox tiocsti is allowed (control)" \
		"dev.tty.legacy_tiocsti is 0: this kernel refuses TIOCSTI outside any sandbox too"
fi
# the same probe under seccomp_action kill: each probe the default filter answers must die of
# SIGSYS (tests/integration/probe-kill.txt), so a call the filter stopped denying would show even
# where the kernel refuses it for want of a capability
install -m 0755 -o $UID_A -g $UID_A "$top/build/tests/ss-probe" "$HB/pk/ss-probe" 2>/dev/null ||
	{ sess pk -c true && install -m 0755 -o $UID_A -g $UID_A "$top/build/tests/ss-probe" "$HB/pk/ss-probe"; }
kill_out=$(sess pk -c "/home/pk/ss-probe all" </dev/null 2>&1)
[ -n "${PROBE_OUT:-}" ] && printf '%s\n' "$kill_out" >"$PROBE_OUT.kill.$lane"
while read -r name; do
	case $name in '' | '#'*) continue ;; esac
	got=$(printf '%s\n' "$kill_out" | grep "^$name: " | head -1)
	if [[ "$got" == "$name: BLOCKED KILLED(SIGSYS)"* ]]; then ok "[$lane] probe under seccomp_action kill: $name is the filter's"; else
		not_ok "[$lane] probe under seccomp_action kill: $name: got '${got#"$name: "}'"; fi
done <"$top/tests/integration/probe-kill.txt"
rm -f "$HB/alice/ss-probe" "$HB/alice/ss-probe-suid" "$HB/pk/ss-probe"

# ---------- resource limits: per alias, shared by its sessions, nothing left behind ----------
memcg=$(cg_dirs | head -1)
alias_leaves() { find "$(dirname "$memcg")/$CGP/$1" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l; }
(bg bob "$SS" -c 'sleep 30' >/dev/null 2>&1) &
bobjob=$!
wait_for eval "pgrep -u $UID_A -x sleep >/dev/null"
# bob's init (PID 1 inside) and his command (PID 2: bash execs the lone sleep) are both in his
# session's leaf, in every hierarchy with limits: init joins before it starts the shell (on a v1
# or hybrid host the monitor makes the leaf while init builds the root, and hands it over)
bobsleep=$(pgrep -u $UID_A -x sleep | head -1)
bobinit=$(awk '{ print $4 }' "/proc/$bobsleep/stat" 2>/dev/null)
inleaf=$(for d in $(cg_dirs); do
	leaf=$(find "$d/bob" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)
	f=$leaf/tasks
	[ -e "$f" ] || f=$leaf/cgroup.procs
	printf '%s: %s %s\n' "${d%/"$CGP"}" "$(grep -cx "$bobinit" "$f" 2>&1)" "$(grep -cx "$bobsleep" "$f" 2>&1)"
done)
like "[$lane] cgroup: a session's init and its shell are both in the session's leaf" "$inleaf" \
	$'^/sys/fs/cgroup(/[a-z,]+)*: 1 1(\n/sys/fs/cgroup(/[a-z,]+)*: 1 1)*$'
check "[$lane] cgroup: ... (init is the sandbox's: its comm is secure_shell)" \
	test "$(cat "/proc/$bobinit/comm" 2>/dev/null)" = secure_shell
out=$(sess mem -c 'python3 -c "x = bytearray(200 << 20); print(\"survived\")"; echo "shell alive, hog status $?"' 2>&1)
like "[$lane] cgroup: a memory hog is OOM-killed inside the alias's cgroup, the shell survives" "$out" \
	'shell alive, hog status 137'
check "[$lane] cgroup: another alias's session survives the OOM kill (its sleep still runs)" \
	kill -0 "$bobjob" "${bobsleep:-0}"
# bob's node is there on the host; inside, none of the host's cgroup tree is: /sys/fs/cgroup is an
# empty directory, and read-only
seen=$(for d in $(cg_dirs); do
	[ -d "$d/bob" ] || echo "no $d/bob on the host"
	sess alice -c "[ -e $d/bob ] && echo $d/bob visible; [ -n \"\$(ls -A ${d%/*} 2>/dev/null)\" ] &&
		echo ${d%/*} lists something; echo checked" 2>&1
done | sort -u | tr '\n' ' ')
is "[$lane] cgroup: other aliases' cgroup nodes are hidden inside a session (bob is logged in)" "$seen" "checked "
is "[$lane] cgroup: ... inside, /sys/fs/cgroup is empty and read-only (the host's is not)" \
	"$(sess alice -c 'ls -A /sys/fs/cgroup | wc -l; mkdir /sys/fs/cgroup/x 2>&1 | sed "s/.*: //"' 2>&1)" \
	$'0\nRead-only file system'
check "[$lane] cgroup: ... (control: the host's /sys/fs/cgroup is not empty)" test -n "$(ls -A /sys/fs/cgroup)"
kill -TERM $bobjob 2>/dev/null
wait_for grep -q 'session end status=0 .*oom_kills=[1-9].* alias=mem' "$T/syslog"
# A session that starts before cgroup_parent exists (the first login since boot had no limits):
# the nodes made later, below the covered /sys/fs/cgroup, do not appear in it.  (setuid: the
# launcher makes cgroup_parent; the other lanes are given it.)
if [ "$lane" = setuid ]; then
	wait_for eval "! pgrep -u $UID_A -x sleep >/dev/null"
	for d in $(cg_dirs); do rmdir "$d/bob" "$d/mem" "$d" 2>/dev/null; done
	if [ -z "$(for d in $(cg_dirs); do [ -e "$d" ] && echo "$d"; done)" ]; then
		rm -f "$HB/nolim/started" "$HB/nolim/go"
		mapfile -t cgd < <(cg_dirs)
		(bg nolim "$SS" -c 'touch ~/started; for i in $(seq 300); do [ -e ~/go ] && break; sleep 0.1; done
			for d in "$@"; do [ -e "$d" ] && echo "$d visible" || echo hidden; done' _ "${cgd[@]}" \
			>"$T/nolim.out" 2>&1) &
		nolimjob=$!
		wait_for test -e "$HB/nolim/started"
		sess bob -c true
		check "[$lane] cgroup: a later login with limits made cgroup_parent again (control)" test -d "$(cg_dirs | head -1)"
		touch "$HB/nolim/go"
		wait $nolimjob
		is "[$lane] cgroup: ... a session started before that does not see it (all of /sys/fs/cgroup is hidden)" \
			"$(sort -u "$T/nolim.out")" hidden
	else
		not_ok "[$lane] cgroup: cgroup_parent could not be removed for the test of a session that predates it"
	fi
fi
like "[$lane] cgroup: the session-end log counts the OOM kill and the peak memory" "$(grep 'alias=mem' "$T/syslog")" \
	'session end status=0 duration_ms=[0-9]+ memory_peak=[1-9][0-9]+ oom_kills=[1-9]'
out=$(sess bomb -c 'python3 -c "
import os, time
n = 0
try:
    while n < 1000:
        if os.fork() == 0:
            time.sleep(3); os._exit(0)
        n += 1
except OSError as e:
    print(\"stopped at\", n, e.errno)
" ' 2>&1 &
sleep 1; timeout 5 true && echo host-responsive; wait $!)
like "[$lane] cgroup: a fork bomb stops at pids.max" "$out" 'stopped at [0-9]+ 11'
like "[$lane] cgroup: the host stays responsive during the fork bomb" "$out" 'host-responsive'
n=$(printf '%s\n' "$out" | sed -n 's/.*stopped at \([0-9]*\).*/\1/p')
check "[$lane] cgroup: the fork bomb got no more than 64 processes" test "${n:-999}" -lt 64
# The alias at its pids limit: a new login cannot start its shell (on v2 not even its init, which
# clone3 puts into the leaf).  Refused with the reason, nothing runs.
(bg bomb "$SS" -c 'python3 -c "
import os, time
try:
    for n in range(1000):
        if os.fork() == 0:
            time.sleep(6); os._exit(0)
except OSError:
    print(\"full\", flush=True); time.sleep(6)
"' >"$T/pub/full.out" 2>&1) &
fulljob=$!
if wait_for grep -qs full "$T/pub/full.out"; then
	refused "cgroup: a login while the alias is at its pids limit is refused" \
		'(starting the shell|cannot create the namespaces).*Resource temporarily unavailable; session refused$' bomb
else
	not_ok "[$lane] cgroup: a login while the alias is at its pids limit is refused (the holder never filled it)"
fi
wait_for eval "! kill -0 $fulljob 2>/dev/null"
(bg mem "$SS" -c 'python3 -c "
import time; x = bytearray(48 << 20)
for i in range(0, len(x), 4096): x[i] = 1
print(\"holding\", flush=True); time.sleep(4); print(\"released\", flush=True)"; echo "holder status $?"' \
	>"$T/pub/hold.out" 2>&1) &
holdjob=$!
disown $holdjob
wait_for grep -qs holding "$T/pub/hold.out"
out=$(sess mem -c 'python3 -c "
x = bytearray(48 << 20)
for i in range(0, len(x), 4096): x[i] = 1
print(\"allocated\")"; echo "second status $?"' 2>&1)
wait_for eval "! kill -0 $holdjob 2>/dev/null"
held=$(cat "$T/pub/hold.out")
# 48M held for the whole 4 s by the first session while the second allocates 48M more: with one
# 64M budget for the alias, exactly one of them completes and the OOM killer ends the other
if [[ $out == *allocated*'second status 0'* ]] && [[ $held == *'holder status 137'* ]] ||
	{ [[ $out == *'second status 137'* ]] && [[ $held == *released*'holder status 0'* ]]; }; then
	ok "[$lane] cgroup: two sessions of one alias share one memory budget (one was OOM-killed)"
else
	not_ok "[$lane] cgroup: two sessions of one alias share one memory budget"
	diag "holder: $(printf '%s' "$held" | tr '\n' ' ')"
	diag "second: $(printf '%s' "$out" | tr '\n' ' ')"
fi
fails=0
for _ in $(seq 1 200); do sess alice -c true >/dev/null 2>&1 || fails=$((fails + 1)); done
pids=()
for _ in $(seq 1 50); do
	sess carol -c 'sleep 0.2' >/dev/null 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
is "[$lane] cgroup: 200 sequential and 50 concurrent sessions all ran" "$fails" 0
left=0
for d in $(cg_dirs); do left=$((left + $(find "$d" -mindepth 1 -type d 2>/dev/null | wc -l))); done
is "[$lane] cgroup: 200 sequential and 50 concurrent sessions leave no cgroup behind" "$left" 0
(bg alice "$SS" -c 'sleep 30' >/dev/null 2>&1) &
disown $!
wait_for eval "pgrep -u $UID_A -x sleep >/dev/null"
mon=$(pgrep -f "^$SS -c sleep 30" | head -1)
kill -KILL "$mon"
wait_for eval "! pgrep -u $UID_A -x sleep >/dev/null"
is "[$lane] cgroup: a SIGKILLed monitor leaves its leaf behind" "$(alias_leaves alice)" 1
sess alice -c true
is "[$lane] cgroup: the next login of the alias sweeps the stale leaf" "$(alias_leaves alice)" 0
# The alias's limit files, by their host paths, from inside a session of that alias: not there
# (the cgroup parent is covered), and not writable if they were; on the host, while the session
# still runs, the limit is the profile's (64M).
(bg mem "$SS" -c 'for f in /sys/fs/cgroup/*/'"$CGP"'/mem/memory.limit_in_bytes /sys/fs/cgroup/'"$CGP"'/mem/memory.max \
	/sys/fs/cgroup/*/'"$CGP"'/mem/pids.max /sys/fs/cgroup/'"$CGP"'/mem/pids.max; do
	if [ ! -e "$f" ]; then echo absent; elif echo 999999999 2>/dev/null >"$f"; then echo "wrote $f"; else echo denied; fi
	done | sort | uniq -c | tr -s " "; echo done; sleep 10' >"$T/pub/cglim.out" 2>&1) &
cglimjob=$!
wait_for grep -qs '^done' "$T/pub/cglim.out"
limit='' swap=''
for d in $(cg_dirs); do
	for f in "$d/mem/memory.limit_in_bytes" "$d/mem/memory.max"; do [ -e "$f" ] && limit=$(cat "$f"); done
	# the swap the default profile allows (memory_swap 0): none; v1 counts memory and swap together
	[ -e "$d/mem/memory.swap.max" ] && swap=$(cat "$d/mem/memory.swap.max")
	[ -e "$d/mem/memory.memsw.limit_in_bytes" ] && swap=$(($(cat "$d/mem/memory.memsw.limit_in_bytes") - 67108864))
done
kill $cglimjob 2>/dev/null
wait_for eval "! kill -0 $cglimjob 2>/dev/null"
like "[$lane] cgroup: the alias's limit files are out of reach inside its own session" "$(cat "$T/pub/cglim.out")" \
	$'^ ?[0-9]+ (absent|denied)\n( ?[0-9]+ (absent|denied)\n)?done$'
is "[$lane] cgroup: ... and on the host the alias's memory limit is still the profile's 64M" "$limit" 67108864
if [ -n "$swap" ]; then
	is "[$lane] cgroup: ... and it may not swap (memory_swap 0 from the default profile)" "$swap" 0
else
	skip "[$lane] cgroup: ... and it may not swap (memory_swap 0 from the default profile)" \
		"no swap accounting on this host (neither memory.swap.max nor memory.memsw.limit_in_bytes)"
fi
# home_base given as an absolute symlink, outside the trees the sandbox replaces anyway: logins
# work, and the directory it names is hidden inside (resolved in the new root, not followed
# blindly from the staging one).
mkdir -p /mnt/hb-real && ln -sfn /mnt/hb-real /mnt/hb-link
install -d -m 0700 -o $UID_A -g $UID_A /mnt/hb-real/other /mnt/hb-real/symhb
echo secret >/mnt/hb-real/other/f && chown $UID_A:$UID_A /mnt/hb-real/other/f
echo "symhb:x:$UID_A:$UID_A::/mnt/hb-link/symhb:$SS" >>/etc/passwd
cp /etc/secure_shell/secure_shell.conf "$T/conf.saved"
sed -i "s|^home_base .*|home_base /mnt/hb-link|" /etc/secure_shell/secure_shell.conf
out=$(timeout -k 5 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME=symhb USER=symhb \
	HOME=/mnt/hb-link/symhb PATH=/usr/bin:/bin "${ASAN_ENV[@]}" "$SS" -c \
	'echo "in $HOME"; echo "real=[$(ls -A /mnt/hb-real)] link=[$(ls -A /mnt/hb-link/)]"; grep -c secret /mnt/hb-real/other/f 2>/dev/null' 2>&1)
cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
is "[$lane] a home_base that is a symlink: the login works and what it names is hidden" "$out" \
	$'in /home/symhb\nreal=[] link=[]'
# ... and a profile that binds what it names, by the real name: that exposes every home too
install -d -m 0700 -o $UID_A -g $UID_A /mnt/hb-real/hbr
echo "hbr:x:$UID_A:$UID_A::/mnt/hb-link/hbr:$SS" >>/etc/passwd
sed -i "s|^home_base .*|home_base /mnt/hb-link|" /etc/secure_shell/secure_shell.conf
out=$(timeout -k 5 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME=hbr USER=hbr \
	HOME=/mnt/hb-link/hbr PATH=/usr/bin:/bin "${ASAN_ENV[@]}" "$SS" -c 'cat /opt/other/f; echo RAN' 2>&1)
rc=$?
cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
is "[$lane] a bind of the directory a symlinked home_base leads to is refused" "$rc:$out" \
	"125:secure_shell: /etc/secure_shell/profiles/hb-real-bind.profile:3: bind source /mnt/hb-real resolves to /mnt/hb-real, which would expose /mnt/hb-link; session refused"
# ... and a home_base below /tmp (which the sandbox replaces) that is a link to elsewhere: the tmpfs
# on /tmp would hide the link alone; what it leads to is hidden too
ln -sfn /mnt/hb-real "$T/hb-tmplink"
install -d -m 0700 -o $UID_A -g $UID_A /mnt/hb-real/hbt
echo "hbt:x:$UID_A:$UID_A::$T/hb-tmplink/hbt:$SS" >>/etc/passwd
sed -i "s|^home_base .*|home_base $T/hb-tmplink|" /etc/secure_shell/secure_shell.conf
out=$(timeout -k 5 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME=hbt USER=hbt \
	HOME="$T/hb-tmplink/hbt" PATH=/usr/bin:/bin "${ASAN_ENV[@]}" "$SS" -c \
	'echo "in $HOME"; echo "real=[$(ls -A /mnt/hb-real)]"; cat /mnt/hb-real/other/f 2>/dev/null' 2>&1)
cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
is "[$lane] a home_base below /tmp that links elsewhere: what it leads to is hidden" "$out" \
	$'in /home/hbt\nreal=[]'
# ... and one with a symlink on the way to it (home_base /mnt/hb-link/sub): the name cannot be
# followed from the staging root, where the hide used to be skipped, every alias's home readable
install -d -m 0755 /mnt/hb-real/sub && install -d -m 0700 -o $UID_A -g $UID_A /mnt/hb-real/sub/other \
	/mnt/hb-real/sub/symhb2
echo secret >/mnt/hb-real/sub/other/f && chown $UID_A:$UID_A /mnt/hb-real/sub/other/f
echo "symhb2:x:$UID_A:$UID_A::/mnt/hb-link/sub/symhb2:$SS" >>/etc/passwd
sed -i "s|^home_base .*|home_base /mnt/hb-link/sub|" /etc/secure_shell/secure_shell.conf
out=$(timeout -k 5 30 setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- env -i LOGNAME=symhb2 USER=symhb2 \
	HOME=/mnt/hb-link/sub/symhb2 PATH=/usr/bin:/bin "${ASAN_ENV[@]}" "$SS" -c \
	'echo "in $HOME"; echo "real=[$(ls -A /mnt/hb-real/sub)]"; cat /mnt/hb-real/sub/other/f /mnt/hb-link/sub/other/f 2>/dev/null' 2>&1)
cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
is "[$lane] a home_base with a symlink on the way: what it names is hidden all the same" "$out" \
	$'in /home/symhb2\nreal=[]'
# Setuid: root's steps below state_dir and home_base go by name, so every directory and link on the
# way there must be changeable by root only.  A world-writable directory on the way (not sticky),
# or a link the aliases' uid made, could let an alias swap in state or homes of its own.
if [ "$lane" = setuid ]; then
	install -d -m 0777 "$T/ww" && install -d -m 0755 "$T/ww/state"
	ln -s "$HB" /mnt/hb-alias && chown -h $UID_A:$UID_A /mnt/hb-alias
	echo "trust:x:$UID_A:$UID_A::/mnt/hb-alias/trust:$SS" >>/etc/passwd
	install -d -m 0700 -o $UID_A -g $UID_A "$HB/trust"
	cp /etc/secure_shell/secure_shell.conf "$T/conf.saved"
	sed -i "s|^state_dir .*|state_dir $T/ww/state|" /etc/secure_shell/secure_shell.conf
	rm -f "$HB/alice/trust-marker"
	out=$(sess alice -c 'touch ~/trust-marker; echo RAN' 2>&1)
	is "[$lane] a state_dir below a directory others can write is refused" "$?:$out" \
		"125:secure_shell: state_dir $T/ww/state: $T/ww is writable by its group or by others: only root may be able to change it or the way to it; session refused"
	cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
	sed -i "s|^home_base .*|home_base /mnt/hb-alias|" /etc/secure_shell/secure_shell.conf
	out=$(as trust HOME=/mnt/hb-alias/trust "$SS" -c 'touch ~/trust-marker; echo RAN' 2>&1)
	is "[$lane] a home_base reached through a symlink the aliases' uid owns is refused" "$?:$out" \
		"125:secure_shell: home_base /mnt/hb-alias: /mnt/hb-alias is a symbolic link owned by uid $UID_A, not root: only root may be able to change it or the way to it; session refused"
	cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
	check "[$lane] ... and neither command ran" test ! -e "$HB/trust/trust-marker" -a ! -e "$HB/alice/trust-marker"
	rm -f /mnt/hb-alias
	rm -rf "$T/ww"
fi

# The session's cgroup cannot be made (cgroup_parent runs into a control file): the login is
# refused and the command never runs.
cp /etc/secure_shell/secure_shell.conf "$T/conf.saved"
sed -i "s|^cgroup_parent .*|cgroup_parent $CGP/cgroup.procs|" /etc/secure_shell/secure_shell.conf
rm -f "$HB/mem/cg-marker"
out=$(sess mem -c 'touch ~/cg-marker; echo RAN' 2>&1)
rc=$?
cp "$T/conf.saved" /etc/secure_shell/secure_shell.conf
like "[$lane] cgroup: a session cgroup that cannot be made refuses the login" "$rc:$out" \
	"^125:secure_shell: resource limits \\(cgroup required\\): cgroup: .*cgroup.procs.*; session refused$"
check "[$lane] cgroup: ... and the command never ran" test ! -e "$HB/mem/cg-marker"
like "[$lane] cgroup: --print shows the alias's cgroup and limits" \
	"$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --profile small --print 2>&1)" "cgroup +.*$CGP/admin1"

# ---------- ordinary work still works under the default profile ----------
work() { # work DESC EXPECTED SHELL-COMMAND
	local out
	out=$(sess carol -c "$3" 2>&1)
	if [[ $out == *"$2"* ]]; then ok "[$lane] inside: $1"; else not_ok "[$lane] inside: $1"; diag "$out"; fi
}
work "coreutils" "b.txt|13" 'cd ~ && mkdir -p w && cd w && echo x > a.txt && cp a.txt b.txt && mv a.txt c.txt &&
	rm c.txt && ls | tr "\n" "|"; find . -type f | wc -l | tr -d "\n"; seq 3 | sort -r | head -1'
work "gcc compiles and runs a program" "rc=3" 'cd ~ && printf "int main(void){return 3;}\n" > t.c &&
	gcc -o t t.c && ./t; echo rc=$?'
work "python3" "42" 'python3 -c "print(6*7)"'
work "git" "1 file changed" 'cd ~ && rm -rf repo && git init -q repo && cd repo && echo hi > f &&
	git add f && git -c user.email=c@x -c user.name=c commit -qm one && git show --stat HEAD | tail -1'
work "ssh client" "OpenSSH" 'ssh -V 2>&1; ssh -G example.invalid | grep -c "^user carol" >/dev/null && echo user-ok'
# every devpts but the host's first draws on one count (kernel.pty.max less the reserve): one
# session may hold 128 pseudo-terminals, not all of them
is "[$lane] a session can open 128 pseudo-terminals, and no more" "$(sess alice -c 'python3 -c "
import errno, os
fds = []
try:
    while len(fds) < 1000:
        fds.append(os.open(\"/dev/ptmx\", os.O_RDWR | os.O_NOCTTY))
except OSError as e:
    print(len(fds), errno.errorcode[e.errno])"' 2>&1)" "128 ENOSPC"
work "tmux on its own pty" "tmux-ok" 'tmux -L t new-session -d "sleep 5" && tmux -L t ls >/dev/null && echo tmux-ok;
	tmux -L t kill-server'
work "vim edits a file" "hello-vim" 'echo > ~/v.txt; vim.tiny -es -c "s/^/hello-vim/" -c wq ~/v.txt; cat ~/v.txt'
work "fork, threads and pipes (clone, clone3 fallback)" "ok-3" 'python3 -c "
import threading, subprocess
t = threading.Thread(target=lambda: None); t.start(); t.join()
print(\"ok-\" + subprocess.run([\"sh\", \"-c\", \"echo 3\"], capture_output=True, text=True).stdout.strip())"'

# ---------- examples/tmpfiles-secure_shell.conf: the per-alias /tmp is cleaned like /tmp ----------
if [ "$lane" = setuid ]; then
	if command -v systemd-tmpfiles >/dev/null; then
		tf=$T/tmpfiles.conf
		sed "s|/var/lib/secure_shell|$T/state|g" "$top/examples/tmpfiles-secure_shell.conf" >"$tf"
		mkdir -p "$T/victim" && touch "$T/victim/precious"
		sess carol -c 'echo x >/tmp/tf-a; mkdir -p /tmp/tf-d; touch /tmp/tf-d/f /tmp/.tf-h /tmp/..tf-hh;
			ln -s '"$T/victim"' /tmp/tf-link; echo y >/var/tmp/tf-keep' >/dev/null 2>&1
		carol_tmp=$T/state/tmp/carol
		out=$(systemd-tmpfiles --clean "$tf" 2>&1)
		is "[$lane] tmpfiles: the daily clean accepts the rules and keeps fresh files" \
			"$?:$out:$(cd "$carol_tmp/tmp" && find . -mindepth 1 -maxdepth 1 -name '*tf-*' -printf '%f\n' | LC_ALL=C sort | tr '\n' ' ')" \
			"0::..tf-hh .tf-h tf-a tf-d tf-link "
		out=$(systemd-tmpfiles --remove "$tf" 2>&1)
		is "[$lane] tmpfiles: the boot pass empties every alias's /tmp (dot files too) and keeps /var/tmp" \
			"$?:$out:$(find "$carol_tmp/tmp" -mindepth 1 | wc -l):$(find "$carol_tmp/var_tmp" -mindepth 1 -printf '%f')" "0::0:tf-keep"
		is "[$lane] tmpfiles: a planted symlink to a host directory is removed, not followed" "$(ls "$T/victim")" precious
	else
		skip "[$lane] tmpfiles: the per-alias /tmp rules" "systemd-tmpfiles is not installed"
	fi
fi

# ---------- make install ----------
if [ "$lane" = setuid ]; then
	inst=$T/inst
	make -s -C "$top" install DESTDIR="$inst" >/dev/null 2>&1
	is "[$lane] make install: the launcher is setuid root, 4755" "$(stat -c %a:%U "$inst/usr/local/sbin/secure_shell")" \
		"4755:root"
	is "[$lane] make install: config, profiles, AppArmor profile, man pages, state dir" \
		"$(cd "$inst" && stat -c '%n %a %U' etc/secure_shell/secure_shell.conf etc/secure_shell/profiles/default.profile \
		etc/apparmor.d/secure_shell-session usr/local/share/man/man8/secure_shell.8 \
		usr/local/share/man/man5/secure_shell.profile.5 var/lib/secure_shell | tr '\n' ';')" \
		"etc/secure_shell/secure_shell.conf 644 root;etc/secure_shell/profiles/default.profile 644 root;etc/apparmor.d/secure_shell-session 644 root;usr/local/share/man/man8/secure_shell.8 644 root;usr/local/share/man/man5/secure_shell.profile.5 644 root;var/lib/secure_shell 755 root;"
	echo "# edited" >>"$inst/etc/secure_shell/profiles/default.profile"
	make -s -C "$top" install DESTDIR="$inst" >/dev/null 2>&1
	like "[$lane] make install keeps an admin's edited profile" "$(tail -1 "$inst/etc/secure_shell/profiles/default.profile")" '# edited'
	rm -rf "$inst"
fi

# ---------- admin modes ----------
printf 'version 1\ninclude default\ncgroup optional\n' >/etc/secure_shell/profiles/try.profile
chmod 0644 /etc/secure_shell/profiles/try.profile
tryp=default
if [ "$lane" != setuid ]; then
	out=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
		"$SS" --profile default -c 'echo RAN' 2>&1)
	like "[$lane] unprivileged, no delegated cgroup: a profile requiring limits is refused" "$?:$out" \
		"^125:secure_shell: resource limits \\(cgroup required\\): .*Permission denied \\(unprivileged: delegate a writable cgroup, see --doctor\\); session refused$"
	tryp=try # "cgroup optional": runs, without limits
fi
out=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --profile $tryp -c 'id -un; echo $HOME; ls /home' 2>&1)
is "[$lane] --profile runs a real user in the profile with a throwaway home" "$out" $'admin1\n/home/admin1\nadmin1'
mkdir -m 0700 "$T/adminhome" && chown 10100:10100 "$T/adminhome"
out=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --profile $tryp --home "$T/adminhome" -c 'echo kept > ~/f; pwd' 2>&1)
is "[$lane] --profile --home DIR uses the caller's directory as the home" "$out:$(cat "$T/adminhome/f")" "/home/admin1:kept"
# --home naming a directory on a proc file system (/proc/PID of a process of the caller's, which it
# owns): the bind of it is itself a proc mount, showing the host's processes; covered like any other
(exec timeout -k 5 60 setpriv --reuid=10100 --regid=10100 --clear-groups -- sleep 24) &
wait_for eval "pgrep -u 10100 -f '^sleep 24' >/dev/null"
psl=$(pgrep -u 10100 -f '^sleep 24' | head -1)
is "[$lane] outside, admin1's /proc/PID shows its sleep (control)" "$(cat "/proc/${psl:-0}/comm" 2>&1)" sleep
out=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --profile $tryp --home "/proc/${psl:-0}" -c 'ls -A ~ | wc -l' 2>&1)
is "[$lane] --profile --home /proc/PID: the home is covered (a proc mount anywhere but /proc is)" "$out" 0
kill "${psl:-0}" 2>/dev/null
wait_for eval "! pgrep -u 10100 -f '^sleep 24' >/dev/null"
out=$(env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" timeout 30 "$SS" --profile tree-ro -c 'id -un; cat /opt/sub/f' 2>&1)
is "[$lane] root can run --profile with a profile that mounts (every directory is root's, and no alias is root)" \
	"$out" $'root\nin-sub'
# root made state_dir/dev there (a privileged launcher does); the unprivileged lanes' goldens expect none
[ "$lane" = setuid ] || rm -rf "$T/state/dev"
out=$(sess alice --profile strict -c 'echo RAN' 2>&1)
is "[$lane] an alias cannot use --profile" "$?:$out" \
	"125:secure_shell: --profile is for real users: uid $UID_A has no /etc/passwd entry of its own; session refused"
out=$(timeout 30 setpriv --reuid=10100 --regid=10100 --clear-groups -- env -i PATH=/usr/bin:/bin "${ASAN_ENV[@]}" \
	"$SS" --print --profile default 2>&1 | sed "s|$T|@T@|g; s|$SS|@SS@|g; s|$CGP|@CGP@|g")
if [ "$lane" = setuid ]; then golden=$top/tests/golden/print-default.setuid; else golden=$top/tests/golden/print-default.unpriv; fi
if [ -n "${UPDATE_GOLDEN:-}" ]; then printf '%s\n' "$out" >"$golden"; fi
host_facts() { grep -E '^(landlock   on;|cgroup     layout)' | sed 's/; required ABI [0-9]*//'; }
# the lines that do not depend on the kernel's Landlock ABI or cgroup layout (which also says
# which cgroup directories are hidden) match on every host
host_free() { grep -Ev '^(landlock|cgroup) | /sys/fs/cgroup/'; }
is "[$lane] --print output for the default profile matches $(basename "$golden"), Landlock and cgroup lines aside" \
	"$(printf '%s\n' "$out" | host_free)" "$(host_free <"$golden")"
if [ "$(printf '%s\n' "$out" | host_facts)" = "$(host_facts <"$golden")" ]; then
	is "[$lane] --print output for the default profile matches $(basename "$golden")" "$out" "$(cat "$golden")"
else
	skip "[$lane] --print output for the default profile matches $(basename "$golden")" \
		"recorded on a host with another Landlock ABI or cgroup layout: $(host_facts <"$golden" | tr '\n' ' ')"
fi
for f in "$top"/tests/golden/check/*.profile; do
	[ -e "$f" ] || continue
	exp=${f%.profile}.out
	out=$(env "${ASAN_ENV[@]}" "$SS" --check "$f" 2>&1 | sed "s|$top|@TOP@|g")
	[ -n "${UPDATE_GOLDEN:-}" ] && printf '%s\n' "$out" >"$exp"
	is "[$lane] --check golden: $(basename "$f")" "$out" "$(cat "$exp")"
done
# includes: a loop, a chain nested too deep, and a fan-out (each file including the next level
# four times: 4^4 = 256 reads of the last one, were they not stopped at 64 files)
P=/etc/secure_shell/profiles
printf 'version 1\ninclude inc-loop-b\n' >$P/inc-loop-a.profile
printf 'version 1\ninclude inc-loop-a\n' >$P/inc-loop-b.profile
for i in 1 2 3 4 5 6 7 8; do printf 'version 1\ninclude inc-deep-%s\n' $((i + 1)) >$P/inc-deep-$i.profile; done
printf 'version 1\n' >$P/inc-deep-9.profile
for i in 1 2 3; do
	{ echo 'version 1'; for _ in 1 2 3 4; do echo "include inc-fan-$((i + 1))"; done; } >$P/inc-fan-$i.profile
done
printf 'version 1\nenv_set A b\n' >$P/inc-fan-4.profile
printf 'version 1\ninclude inc-fan-4\ninclude inc-fan-4\n' >$P/inc-fan-ok.profile
like "[$lane] --check: an include loop is refused" "$(env "${ASAN_ENV[@]}" "$SS" --check inc-loop-a 2>&1)" \
	'/etc/secure_shell/profiles/inc-loop-a.profile: include loop'
like "[$lane] --check: includes nested deeper than 8 are refused" \
	"$(env "${ASAN_ENV[@]}" "$SS" --check inc-deep-1 2>&1)" 'inc-deep-9.profile: includes nested deeper than 8'
like "[$lane] --check: a profile whose includes read more than 64 files is refused" \
	"$(env "${ASAN_ENV[@]}" "$SS" --check inc-fan-1 2>&1)" \
	'inc-fan-[0-9].profile: more than 64 files read for one profile \(itself and its includes\)'
env "${ASAN_ENV[@]}" "$SS" --check inc-fan-2 inc-fan-ok >/dev/null 2>&1
is "[$lane] --check: one file included twice side by side (not a loop), 21 files in all, passes" "$?" 0
env "${ASAN_ENV[@]}" "$SS" --check default strict sftp >/dev/null 2>&1
is "[$lane] --check of the config and the shipped profiles passes" "$?" 0
env "${ASAN_ENV[@]}" "$SS" --check >/dev/null 2>&1
is "[$lane] --check of every profile the config names fails on the suite's deliberately bad ones" "$?" 1

done_testing
