#!/bin/bash
# Benchmark, not a test: a 100 MB scp through sshd to an alias (the setuid launcher, the default
# profile's sandbox and cgroup) against the same transfer to an ordinary account on the same sshd
# ("bare").  Uses the end-to-end suite's throwaway host (tests/e2e/host.sh) in a private mount
# namespace.  Prints the median of RUNS transfers each way and the ratio; the goal is >= 90%.
#   tests/bench/scp.sh [SIZE_MB [RUNS]]        (as root; default 100 MB, 5 runs)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SS_BIN:-$top/build/secure_shell}
size=${1:-100} runs=${2:-5}

if [ "$(id -u)" != 0 ]; then echo "scp benchmark: needs root" >&2; exit 1; fi
if [ "${SCP_BENCH_INNER:-}" != 1 ]; then
	T=$(mktemp -d /tmp/ss-bench.XXXXXX) || exit 1
	chmod 0755 "$T"
	trap 'pkill -KILL -f "$T/" 2>/dev/null; sleep 0.2; rm -rf "$T"' EXIT
	SCP_BENCH_INNER=1 T=$T timeout -k 10 900 unshare --mount --propagation private -- "$0" "$size" "$runs"
	exit $?
fi

# shellcheck source=tests/e2e/host.sh
. "$top/tests/e2e/host.sh"
SYSLOGD=
trap '[ -n "$(ls "$T"/sshd-*.run 2>/dev/null)" ] && sshd_stop A; [ -n "$SYSLOGD" ] && kill $SYSLOGD; cg_cleanup' EXIT
host_mounts
host_accounts
pam_stock_with_hook
# the baseline: an ordinary account, outside group aliases, with bash and its key in the same place
echo "plain:x:10001:10001::$T/plainhome:/bin/bash" >>/etc/passwd
echo "plain:NP:13571:0:99999:7:::" >>/etc/shadow
echo "plain:x:10001:" >>/etc/group
install -d -m 0700 -o 10001 -g 10001 "$T/plainhome"
ssh-keygen -q -t ed25519 -N '' -C plain -f "$T/keys/plain"
install -m 0644 "$T/keys/plain.pub" /etc/ssh/keys/plain
PORT=$(free_port)
sshd_config A "$PORT" shell "AuthorizedKeysFile /etc/ssh/keys/%u"
sshd_start A "$PORT" || { echo "sshd did not start" >&2; exit 1; }
sshc alice true 2>/dev/null # first login: home, cgroup parent, seccomp cache
head -c "${size}M" /dev/urandom >"$T/pub/data"
SSHOPT+=(-o Ciphers=aes128-gcm@openssh.com)

# one transfer, seconds with ms
xfer() {
	local t0 t1
	t0=$(date +%s%N)
	scpc "$1" "${@:2}" || { echo "scp failed: $*" >&2; return 1; }
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for dir in up down; do
	for who in plain alice; do
		for _ in $(seq 1 "$runs"); do
			if [ $dir = up ]; then xfer "$who" "$T/pub/data" "$who@127.0.0.1:data"; else
				xfer "$who" "$who@127.0.0.1:data" "$T/client/data.$who"; fi
		done | median >"$T/$dir.$who"
	done
	bare=$(cat "$T/$dir.plain") sand=$(cat "$T/$dir.alice")
	printf '%-4s %4d MB  bare %5d ms (%4d MB/s)  launcher %5d ms (%4d MB/s)  ratio %3d%%\n' "$dir" "$size" \
		"$bare" $((size * 1000 / bare)) "$sand" $((size * 1000 / sand)) $((100 * bare / sand))
done
