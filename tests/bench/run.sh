#!/bin/bash
# `make bench`: how much a login costs, in sections (default: all of them, in this order):
#
#   start    start latency of secure_shell against bwrap, unshare and a bare exec (startlat.c)
#   phases   where a login's time goes: medians of the phase marks of a -DSS_TIMING build
#   seccomp  the launcher's seccomp step with its own code: compile with libseccomp against
#            reading the cached BPF, and the install (seccomp_bench.c, linked with launcher/)
#   syscall  getppid and fork+exec cost inside a sandbox against outside it (sysloop.c)
#   cgroup   login latency with per-alias cgroups on against off (startlat.c, two profiles)
#   burst    200 logins at the same moment, until all payloads run, against bwrap (burst.c)
#
# Builds the launcher, startlat and stamp through make; builds the other helpers here with gcc
# into build/tests/.  Sets up a throw-away test host exactly like the integration suite: a private
# mount namespace, an overlay on /etc with alias lines in /etc/passwd, a config whose home_base and
# state_dir live in a temp dir and whose cgroup_parent is private to this run, and the launcher
# installed root-owned 4755.  The measurements run as uid 10000, so every launcher starts as an
# unprivileged user, the way a login does (seccomp_bench runs as root: it is no login).  Each
# section's results replace its part of docs/performance.md, between its markers
# (<!-- bench:start --> / <!-- bench:end --> for start, <!-- bench:NAME:start --> / ...:end -->
# for the others), and are printed too.  Nothing is left behind: mounts die with the namespace,
# every process is reaped, the temp dir and the run's cgroup_parent directories are removed.
#
# Environment (defaults in brackets; scale down for a quick check):
#   RUNS [100], WARMUP [3]             start: interleaved rounds, warm-up rounds
#   PHASE_RUNS [200]                   phases: logins of the timing build (after 5 not counted)
#   SECCOMP_N [500]                    seccomp: samples per path
#   SYS_ROUNDS [9], SYS_CALLS [10000000], SYS_FORKS [2000]
#                                      syscall: interleaved rounds, getppid calls, fork+execs
#   CG_RUNS [1000]                      cgroup: interleaved rounds
#   BURST_N [200], BURST_REPS [5], BURST_SLEEP_MS [1000]
#                                      burst: logins per burst, rounds, payload's sleep
#   DOC [docs/performance.md]          DOC= or DOC=- leaves the file alone
#   BASELINE [unset]                   start: another build of the launcher (say, of the commit
#                                      before a change), timed as one more row, "baseline, no
#                                      bash", interleaved with "secure_shell, no bash"
#   VIEW [unset]                       VIEW=1: the host shows its home base at a second place too
#                                      (a bind at /mnt/homes, on a tmpfs over /mnt in the bench's
#                                      namespace), which every login covers (cover_views)
# Usage: tests/bench/run.sh [SECTION ...]          (as root)
#        tests/bench/run.sh --inner T CGP SECTION... (internal: the part inside the namespace)
# The sections are called by name ("sect_$s", "gen_$s", "ok_$s"):
# shellcheck disable=SC2317
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
UID_A=10000
ALL_SECTIONS="start phases seccomp syscall cgroup burst"
RUNS=${RUNS:-100}
WARMUP=${WARMUP:-3}
SECCOMP_N=${SECCOMP_N:-500}
SYS_ROUNDS=${SYS_ROUNDS:-9}
SYS_CALLS=${SYS_CALLS:-10000000}
SYS_FORKS=${SYS_FORKS:-2000}
CG_RUNS=${CG_RUNS:-1000}
PHASE_RUNS=${PHASE_RUNS:-200}
BURST_N=${BURST_N:-200}
BURST_REPS=${BURST_REPS:-5}
BURST_SLEEP_MS=${BURST_SLEEP_MS:-1000}
DOC=${DOC-$top/docs/performance.md}
export RUNS WARMUP PHASE_RUNS SECCOMP_N SYS_ROUNDS SYS_CALLS SYS_FORKS CG_RUNS BURST_N BURST_REPS BURST_SLEEP_MS
WARN=(-std=gnu11 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes
	-Wimplicit-fallthrough -O2)

has() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }

# =============================================================================================
# Inside the private mount namespace: the test host and the measurements.
inner() {
	local T=$1 CGP=$2
	local SS=$T/bin/secure_shell SSU=$T/bin/secure_shell-unpriv HB=$T/home STAMP_BIN=$T/bin/stamp
	local name s

	cd / || return 1
	mkdir -p "$T/bin" "$HB" "$T/state" "$T/etc-upper" "$T/etc-work" "$T/out"
	chown "$UID_A:$UID_A" "$T/out"
	install -m 4755 -o root -g root "$top/build/secure_shell" "$SS"
	install -m 0755 -o root -g root "$top/build/secure_shell" "$SSU"
	[ -x "$top/build/tests/secure_shell-timing" ] &&
		install -m 4755 -o root -g root "$top/build/tests/secure_shell-timing" "$T/bin/secure_shell-timing"
	[ -n "${BASELINE:-}" ] && install -m 4755 -o root -g root "$BASELINE" "$T/bin/secure_shell-base"
	for b in startlat stamp sysloop burst; do
		[ -x "$top/build/tests/$b" ] && install -m 0755 -o root -g root "$top/build/tests/$b" "$T/bin/$b"
	done
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$T/etc-upper,workdir=$T/etc-work" /etc || {
		echo "bench: cannot mount an overlay on /etc" >&2
		return 1
	}
	if [ -n "${VIEW:-}" ] && ! { mount -t tmpfs -o mode=0755 ssview /mnt && mkdir /mnt/homes &&
		mount --bind "$HB" /mnt/homes; }; then
		echo "bench: cannot bind the home base at /mnt/homes" >&2
		return 1
	fi
	# alice: the production case; bob: the same, with the payload as its shell (no bash);
	# dave: the same binary without the setuid bit (unprivileged user namespaces);
	# cgon/cgoff: the cgroup section; burst: the burst section (b000... are added by it).
	cat >>/etc/passwd <<-EOP
		alice:x:$UID_A:$UID_A::$HB/alice:$SS
		bob:x:$UID_A:$UID_A::$HB/bob:$SS
		dave:x:$UID_A:$UID_A::$HB/dave:$SSU
		cgon:x:$UID_A:$UID_A::$HB/cgon:$SS
		cgoff:x:$UID_A:$UID_A::$HB/cgoff:$SS
		burst:x:$UID_A:$UID_A::$HB/burst:$SS
		phase:x:$UID_A:$UID_A::$HB/phase:$T/bin/secure_shell-timing
		base:x:$UID_A:$UID_A::$HB/base:$T/bin/secure_shell-base
		ssbench-ns:x:9999:9999:owner of the sandboxes' user namespaces:/nonexistent:/usr/sbin/nologin
	EOP
	mkdir -p /etc/secure_shell/profiles
	cat >/etc/secure_shell/secure_shell.conf <<-EOC
		version 1
		home_base $HB
		state_dir $T/state
		cgroup_parent $CGP
		namespace_owner ssbench-ns
		shell /bin/bash
		default_profile default
		match bob nobash
		match dave unpriv
		match cgon cgon
		match cgoff cgoff
		match burst burst
		match phase phase
		match base base
		match b[0-9][0-9][0-9] burst
	EOC
	cp "$top"/profiles/*.profile /etc/secure_shell/profiles/
	# The default profile without its resource-limit lines, for the variants below.
	grep -Ev '^[[:space:]]*(memory|memory_swap|memory_high|pids|cpu_weight|cpu_max|cgroup)([[:space:]]|$)' \
		"$top/profiles/default.profile" >"$T/nolimits.profile"
	{
		cat "$top/profiles/default.profile"
		printf '\n# bench: the payload is the shell, to time the launcher without bash\nshell /home/bob/stamp\n'
	} >/etc/secure_shell/profiles/nobash.profile
	for name in phase base; do
		sed "s|^shell /home/bob/stamp|shell /home/$name/stamp|" /etc/secure_shell/profiles/nobash.profile \
			>/etc/secure_shell/profiles/$name.profile
	done
	{
		# the default's limits, but "cgroup optional": an unprivileged launcher cannot create
		# cgroups here (no delegation), and "required" would refuse the login
		sed -E 's/^([[:space:]]*cgroup[[:space:]]+)required/\1optional/' "$top/profiles/default.profile"
		grep -qE '^[[:space:]]*cgroup[[:space:]]' "$top/profiles/default.profile" || echo "cgroup optional"
	} >/etc/secure_shell/profiles/unpriv.profile
	# cgon and cgoff differ only in the limits; the payload is the shell (no bash) in both.
	for name in cgon cgoff; do
		{
			cat "$T/nolimits.profile"
			printf '\n# bench: the payload is the shell\nshell /home/%s/stamp\n' "$name"
			if [ $name = cgon ]; then
				printf '# bench: the default profile'"'"'s limits, so a cgroup session is made\n'
				printf 'memory 2G\nmemory_swap 0\npids 1024\ncgroup required\n'
			else
				printf '# bench: no limits, no cgroup\ncgroup optional\n'
			fi
		} >/etc/secure_shell/profiles/$name.profile
	done
	{
		cat "$T/nolimits.profile"
		printf '\n# bench: limits far above what %s sessions of one alias use\nmemory 64G\npids 65536\ncgroup required\n' \
			"$BURST_N"
	} >/etc/secure_shell/profiles/burst.profile
	chmod 0644 /etc/secure_shell/profiles/*.profile /etc/secure_shell/secure_shell.conf
	# Homes exist already (no first-login skel copy inside the measurement); each holds the payload,
	# which is /home/NAME/stamp inside a sandbox, where the temp dir under /tmp is hidden.
	for name in alice bob dave cgon cgoff burst phase base; do
		install -d -m 0700 -o "$UID_A" -g "$UID_A" "$HB/$name"
		install -m 0755 -o "$UID_A" -g "$UID_A" "$STAMP_BIN" "$HB/$name/stamp"
	done
	if ! "$SS" --check >"$T/out/check.txt" 2>&1; then
		echo "bench: secure_shell --check refuses the bench's configuration:" >&2
		sed 's/^/  /' "$T/out/check.txt" >&2
		return 1
	fi
	# --check as root also filled the seccomp cache, as an install would.

	# What bwrap is given: the namespaces and mounts the default profile has (user, pid, ipc, uts;
	# read-only host, private /home with the home bound back, private /tmp and /var/tmp, new /proc
	# and /dev), no capabilities.  secure_shell does more (devpts, /run/user, read-only /proc
	# parts, generated /etc/passwd, hidden paths, Landlock, seccomp, cgroups): the comparison is
	# not in its favour.
	BW=(--unshare-user --unshare-pid --unshare-ipc --unshare-uts --die-with-parent --ro-bind / /
		--tmpfs /home --bind "$HB/alice" /home/alice --tmpfs /tmp --tmpfs /var/tmp --proc /proc --dev /dev
		--cap-drop ALL)
	{
		rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null) # read-only: no index refresh
		echo "secure_shell $("$SS" --version 2>/dev/null | awk '{print $2}')${rev:+ (working tree at $rev)}"
		command -v bwrap >/dev/null && bwrap --version
		echo "util-linux $(unshare --version | awk '{print $NF}')"
		echo "bash $(bash -c 'echo ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}')"
		echo "libseccomp $(dpkg-query -W -f '${Version}' libseccomp2 2>/dev/null || echo '?')"
	} >"$T/out/versions"

	for s in $SECTIONS; do
		mkdir -p "$T/out/$s"
		chown "$UID_A:$UID_A" "$T/out/$s"
		echo "bench: section $s" >&2
		SECONDS=0
		"sect_$s"
		echo $? >"$T/out/$s/rc"
		echo "$SECONDS" >"$T/out/$s/seconds"
	done
}

# ---- phases ----------------------------------------------------------------------------------
# The launcher built with -DSS_TIMING writes "ss-mark PHASE NS PID" to stderr at each step of a
# login (launcher/util.c, ss_mark); alias phase runs it with the payload as its shell (no bash).
sect_phases() {
	local O=$T/out/phases i
	if [ ! -x "$T/bin/secure_shell-timing" ]; then
		echo "bench: build/tests/secure_shell-timing is missing (make bench builds it)" >&2
		return 1
	fi
	for ((i = 0; i < PHASE_RUNS + 5; i++)); do
		as_alias env LOGNAME=phase USER=phase HOME="$HB/phase" "$T/bin/secure_shell-timing" -c unused \
			>/dev/null 2>>"$O/marks.all" || return 1
	done
	# the first 5 logins are not counted
	awk '$1 == "ss-mark" && $2 == "main" { n++ } $1 == "ss-mark" && n > 5' "$O/marks.all" >"$O/marks"
}

# ---- start -----------------------------------------------------------------------------------
sect_start() {
	local O=$T/out/start
	echo "# startlat commands (NAME=COMMAND; {payload} is $HB/alice/stamp)" >"$O/bench.conf"
	add_row "$O" "payload={payload}" required || return 1
	add_row "$O" "/bin/true=/bin/true"
	add_row "$O" "unshare=unshare -Urmpf --mount-proc {payload}"
	if command -v bwrap >/dev/null; then
		add_row "$O" "bwrap=bwrap ${BW[*]} /home/alice/stamp"
		add_row "$O" "bwrap + bash=bwrap ${BW[*]} /bin/bash -c /home/alice/stamp"
	else
		echo "bench: bwrap is not installed (apt-get install bubblewrap): the bwrap rows are skipped" >&2
		printf '%s\n' bwrap "bwrap + bash" >>"$O/skipped"
	fi
	add_row "$O" "secure_shell=$SS -c /home/alice/stamp" required || return 1
	add_row "$O" "secure_shell -c true=$SS -c true"
	add_row "$O" "secure_shell, no bash=LOGNAME=bob USER=bob HOME=$HB/bob $SS -c unused"
	add_row "$O" "secure_shell unprivileged=LOGNAME=dave USER=dave HOME=$HB/dave $SSU -c /home/dave/stamp"
	[ -n "${BASELINE:-}" ] &&
		add_row "$O" "baseline, no bash=LOGNAME=base USER=base HOME=$HB/base $T/bin/secure_shell-base -c unused"

	# The harness itself runs as the alias, with the environment sshd gives a login.
	(as_alias "$T/bin/startlat" -f "$O/bench.conf" -p "$HB/alice/stamp" -t 30 \
		-s "$O/summary.tsv" -r "$O/raw.tsv" >"$O/table.md")
}

# add_row OUTDIR NAME=COMMAND [required]: add the row to the config if one launch of it works here
add_row() {
	local O=$1
	if as_alias "$T/bin/startlat" -n 1 -w 0 -p "$T/home/alice/stamp" "$2" >/dev/null 2>"$O/probe.err"; then
		printf '%s\n' "$2" >>"$O/bench.conf"
		return 0
	fi
	if [ "${3:-}" = required ]; then
		echo "bench: '${2%%=*}' does not work on this machine, and the bench cannot do without it:" >&2
	else
		echo "bench: '${2%%=*}' does not work on this machine; its row is skipped:" >&2
		printf '%s\n' "${2%%=*}" >>"$O/skipped"
	fi
	grep -v '^startlat: [0-9]* commands' "$O/probe.err" | sed '/^ *$/d; s/^/  /' >&2
	[ "${3:-}" != required ]
}

# as_alias CMD...: run CMD as uid 10000 with alice's login environment
as_alias() {
	setpriv --reuid="$UID_A" --regid="$UID_A" --clear-groups -- \
		env -i LOGNAME=alice USER=alice HOME="$T/home/alice" PATH=/usr/bin:/bin RUNS="$RUNS" WARMUP="$WARMUP" "$@"
}

# ---- seccomp ---------------------------------------------------------------------------------
sect_seccomp() {
	local O=$T/out/seccomp
	[ -x "$top/build/tests/seccomp_bench" ] || {
		echo "bench: build/tests/seccomp_bench could not be built; see above" >&2
		return 1
	}
	mkdir -p "$T/seccomp-work"
	# as root: the cache file must be root-owned to be trusted, as in the launcher
	"$top/build/tests/seccomp_bench" -n "$SECCOMP_N" -r "$O/raw.tsv" -s "$O/summary" \
		"$top/profiles/default.profile" "$T/seccomp-work" >"$O/table.md" || return 1
	# the launcher's own cache, filled by `secure_shell --check`: the same file as the helper's?
	local key
	key=$(sed -n 's|^cache file: seccomp/\([0-9a-f]*\)\.bpf.*|\1|p' "$O/table.md")
	if [ -n "$key" ] && cmp -s "$T/state/seccomp/$key.bpf" "$T/seccomp-work/warm/seccomp/$key.bpf"; then
		echo same >"$O/launcher-cache"
	else
		echo different >"$O/launcher-cache"
	fi
}

# ---- syscall ---------------------------------------------------------------------------------
sect_syscall() {
	local O=$T/out/syscall r k w
	local -a args=(-g "$SYS_CALLS" -f "$SYS_FORKS") wheres=(direct sandbox)
	install -m 0755 -o "$UID_A" -g "$UID_A" "$T/bin/sysloop" "$HB/alice/sysloop"
	# bwrap, with the namespaces and mounts but no seccomp, Landlock or cgroup: where the
	# difference comes from
	command -v bwrap >/dev/null && wheres+=(bwrap)
	# ... and bwrap with the launcher's own filter (the BPF of its cache, without the header): the
	# seccomp share
	if command -v bwrap >/dev/null && bpf_from_cache "$T/seccomp.bpf"; then
		wheres+=("bwrap+seccomp")
	fi
	# one small run of each, as a check and a warm-up
	for w in "${wheres[@]}"; do
		if ! sys_run "$w" -g 100000 -f 100 >"$O/warm.$w" 2>"$O/err"; then
			echo "bench: sysloop does not run here ($w):" >&2
			sed 's/^/  /' "$O/err" >&2
			return 1
		fi
	done
	printf 'round\twhere\tgetppid_ns\tforkexec_us\tgetppid_ns_min\tforkexec_us_min\n' >"$O/raw.tsv"
	for ((r = 0; r < SYS_ROUNDS; r++)); do
		# the order rotates, so that a drift of the machine hits every variant alike
		for ((k = 0; k < ${#wheres[@]}; k++)); do
			w=${wheres[$(((k + r) % ${#wheres[@]}))]}
			sys_run "$w" "${args[@]}" >"$O/run" 2>>"$O/err" || return 1
			awk -v r="$r" -v w="$w" '{ v[$1] = $2 }
				END { printf "%s\t%s\t%s\t%s\t%s\t%s\n", r, w, v["getppid_ns"], v["forkexec_us"], v["getppid_ns_min"], v["forkexec_us_min"] }' \
				"$O/run" >>"$O/raw.tsv"
		done
		echo "bench: syscall round $((r + 1))/$SYS_ROUNDS" >&2
	done
}
# sys_run WHERE SYSLOOP-ARGS...: sysloop as uid 10000, directly, in secure_shell or in bwrap
sys_run() {
	local w=$1
	shift
	case $w in
	direct) as_alias "$HB/alice/sysloop" "$@" -x "$HB/alice/stamp" ;;
	sandbox) as_alias "$SS" -c "/home/alice/sysloop $* -x /home/alice/stamp" ;;
	bwrap) as_alias bwrap "${BW[@]}" /home/alice/sysloop "$@" -x /home/alice/stamp ;;
	bwrap+seccomp) as_alias bwrap --seccomp 9 "${BW[@]}" /home/alice/sysloop "$@" -x /home/alice/stamp 9<"$T/seccomp.bpf" ;;
	esac
}
# bpf_from_cache OUT: the default profile's filter, as the launcher cached it (<state_dir>/seccomp/
# KEY.bpf: a 48-byte header whose bytes 32-35 are the first program's length, then the programs;
# a denylist profile has two, the small filter for syscalls newer than libseccomp and the denylist,
# which is the one taken here)
bpf_from_cache() {
	local f n len0
	f=$(find "$T/state/seccomp" -name '*.bpf' 2>/dev/null | head -n 1)
	[ "$(find "$T/state/seccomp" -name '*.bpf' 2>/dev/null | wc -l)" = 1 ] || return 1
	n=$(stat -c %s "$f")
	len0=$(od -A n -t u4 -j 32 -N 4 "$f" | tr -d ' ')
	[ $(((n - 48) % 8)) = 0 ] && [ "$n" -gt $((48 + len0 * 8)) ] || return 1
	tail -c +$((49 + len0 * 8)) "$f" >"$1"
}

# ---- cgroup ----------------------------------------------------------------------------------
sect_cgroup() {
	local O=$T/out/cgroup
	# Where does a sandbox of the default profile (the same limits as cgon) end up?
	as_alias "$SS" -c 'grep -E ":(memory|pids):" /proc/self/cgroup' >"$O/self-cgroup.txt" 2>&1
	# what the launcher makes of the two profiles (--print is for real users: as root here)
	"$SS" --print --profile cgon 2>&1 | grep -E '^cgroup' >"$O/print-cgon.txt"
	"$SS" --print --profile cgoff 2>&1 | grep -E '^cgroup' >"$O/print-cgoff.txt"
	{
		echo "# cgroup section: the two profiles differ only in their limits; the payload is the shell"
		echo "cgroups on=LOGNAME=cgon USER=cgon HOME=$HB/cgon $SS -c unused"
		echo "cgroups off=LOGNAME=cgoff USER=cgoff HOME=$HB/cgoff $SS -c unused"
	} >"$O/bench.conf"
	(RUNS=$CG_RUNS as_alias "$T/bin/startlat" -n "$CG_RUNS" -b "cgroups off" -f "$O/bench.conf" -t 30 \
		-s "$O/summary.tsv" -r "$O/raw.tsv" >"$O/table.md")
}

# ---- burst -----------------------------------------------------------------------------------
sect_burst() {
	local O=$T/out/burst r k v i name left
	local -a variants
	# the distinct aliases: b000 ... (one passwd line and one home each; the payload hard-linked)
	install -m 0755 -o "$UID_A" -g "$UID_A" "$STAMP_BIN" "$T/bin/stamp-$UID_A"
	for ((i = 0; i < BURST_N; i++)); do
		printf -v name 'b%03d' "$i"
		echo "$name:x:$UID_A:$UID_A::$HB/$name:$SS"
		install -d -m 0700 -o "$UID_A" -g "$UID_A" "$HB/$name"
		ln -f "$T/bin/stamp-$UID_A" "$HB/$name/stamp"
	done >>/etc/passwd

	variants=("secure_shell, one alias" "secure_shell, distinct aliases")
	command -v bwrap >/dev/null && variants+=(bwrap "bwrap + bash")
	printf 'rep\tvariant\tstarted\tfailed\tfirst_ms\tmedian_ms\tp90_ms\tall_ms\treaped_ms\tcg_left\tprocs_left\tcpu_ms\n' >"$O/raw.tsv"
	# one small burst of each, as a check
	for v in "${variants[@]}"; do
		burst_run "$v" 5 >"$O/run" 2>"$O/err" || {
			echo "bench: burst '$v' does not work here:" >&2
			sed 's/^/  /' "$O/err" "$O/run" "$O/copies.err" >&2
			return 1
		}
	done
	for ((r = 0; r < BURST_REPS; r++)); do
		for ((k = 0; k < ${#variants[@]}; k++)); do
			v=${variants[$(((k + r) % ${#variants[@]}))]}
			sleep 1 # the previous burst's teardown (namespaces, cgroups) is finished
			burst_run "$v" "$BURST_N" >"$O/run" 2>>"$O/err"
			# what is left once the burst harness has reaped everything: cgroup dirs under the
			# run's parent, processes of this test host
			left=$(find /sys/fs/cgroup/*/"$CGP" -mindepth 1 -type d 2>/dev/null | wc -l)
			awk -v r="$r" -v v="$v" -v cg="$left" -v pr="$(pgrep -f "$T/|stamp --sleep " | wc -l)" '{ x[$1] = $2 }
				END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r, v, x["started"], x["failed"],
					x["first"], x["median"], x["p90"], x["all"], x["reaped"], cg, pr, x["cpu"] }' "$O/run" >>"$O/raw.tsv"
			echo "bench: burst round $((r + 1))/$BURST_REPS, $v: all running after $(awk '$1 == "all" { print $2 }' "$O/run") ms" >&2
		done
	done
}
# burst_run VARIANT N: one burst of N logins (or bwrap launches) at the same moment
burst_run() {
	local pl="stamp --sleep $BURST_SLEEP_MS" b=(as_alias "$T/bin/burst" -n "$2" -t 120 -e "$T/out/burst/copies.err" --)
	case $1 in
	"secure_shell, one alias")
		"${b[@]}" LOGNAME=burst USER=burst HOME="$HB/burst" PATH=/usr/bin:/bin "$SS" -c "/home/burst/$pl" ;;
	"secure_shell, distinct aliases")
		"${b[@]}" "LOGNAME=b{i}" "USER=b{i}" "HOME=$HB/b{i}" PATH=/usr/bin:/bin "$SS" -c "/home/b{i}/$pl" ;;
	bwrap)
		"${b[@]}" PATH=/usr/bin:/bin "$(command -v bwrap)" "${BW[@]}" /home/alice/stamp --sleep "$BURST_SLEEP_MS" ;;
	"bwrap + bash")
		"${b[@]}" PATH=/usr/bin:/bin "$(command -v bwrap)" "${BW[@]}" /bin/bash -c "/home/alice/$pl" ;;
	esac
}

if [ "${1:-}" = --inner ]; then
	T=$2
	CGP=$3
	shift 3
	SECTIONS="$*"
	inner "$T" "$CGP"
	exit
fi

# =============================================================================================
# Outside: checks, helpers, the namespace, the report.
if [ "$(id -u)" != 0 ]; then
	echo "bench: needs root (it installs a setuid launcher on a throw-away host in a private mount namespace)" >&2
	exit 1
fi
for v in RUNS WARMUP SECCOMP_N SYS_ROUNDS SYS_CALLS SYS_FORKS CG_RUNS BURST_N BURST_REPS BURST_SLEEP_MS; do
	case ${!v} in
	'' | *[!0-9]*)
		echo "bench: $v must be a count ($v=${!v})" >&2
		exit 1
		;;
	esac
done
for v in RUNS SECCOMP_N SYS_ROUNDS SYS_CALLS SYS_FORKS CG_RUNS BURST_N BURST_REPS; do
	[ "${!v}" -ge 1 ] || {
		echo "bench: $v must be at least 1" >&2
		exit 1
	}
done
if [ "$SYS_CALLS" -lt 10 ] || [ "$SYS_FORKS" -lt 10 ]; then
	echo "bench: SYS_CALLS and SYS_FORKS must be at least 10 (the loops are timed in 10 chunks)" >&2
	exit 1
fi
[ "$BURST_N" -le 999 ] || {
	echo "bench: BURST_N must be at most 999 (alias names b000 ... b999)" >&2
	exit 1
}
SECTIONS=
for s in "${@:-$ALL_SECTIONS}"; do
	for w in $s; do
		case " $ALL_SECTIONS " in
		*" $w "*) SECTIONS="$SECTIONS $w" ;;
		*)
			echo "bench: unknown section '$w' (sections: $ALL_SECTIONS)" >&2
			exit 2
			;;
		esac
	done
done
SECTIONS=${SECTIONS# }
for f in build/secure_shell build/tests/startlat build/tests/stamp; do
	[ -x "$top/$f" ] || {
		echo "bench: $f is missing: run 'make bench', not this script" >&2
		exit 1
	}
done
[ "$top/tests/bench/stamp.c" -nt "$top/build/tests/stamp" ] && {
	echo "bench: build/tests/stamp is older than tests/bench/stamp.c: run 'make bench'" >&2
	exit 1
}
for c in unshare setpriv gcc; do
	command -v $c >/dev/null || {
		echo "bench: $c is missing" >&2
		exit 1
	}
done

# The helpers make does not build.  seccomp_bench is the launcher's own seccomp code (rebuilt
# every time: other files of launcher/ change under it), the others are small.
build_helper() { # OUT SOURCES... [-- FLAGS...]
	local out=$top/build/tests/$1
	shift
	local -a src=() fl=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do src+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	fl=("$@")
	mkdir -p "$top/build/tests"
	if ! (cd "$top" && gcc "${WARN[@]}" -o "$out.tmp" "${src[@]}" "${fl[@]}") || ! mv -f "$out.tmp" "$out"; then
		rm -f "$out.tmp"
		echo "bench: could not build build/tests/${out##*/}" >&2
		return 1
	fi
}
if has seccomp; then
	rm -f "$top/build/tests/seccomp_bench"
	read -ra sc_cflags <<<"$(pkg-config --cflags libseccomp 2>/dev/null)"
	read -ra sc_libs <<<"$(pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)"
	build_helper seccomp_bench tests/bench/seccomp_bench.c launcher/seccomp.c launcher/syscalls.c \
		launcher/parse.c launcher/parse_config.c launcher/parse_profile.c launcher/util.c \
		-- -Ilauncher "${sc_cflags[@]}" "${sc_libs[@]}"
fi
has syscall && { build_helper sysloop tests/bench/sysloop.c -- -static || exit 1; }
has burst && { build_helper burst tests/bench/burst.c || exit 1; }

T=$(mktemp -d /tmp/ss-bench.XXXXXX) || exit 1
chmod 0755 "$T"
# The run's own cgroup parent, created by the launcher in each hierarchy it uses; removed at the
# end (after the check below reported what the launcher left in it).
CGP=ss-bench.$$
cg_remove() {
	local d
	for d in /sys/fs/cgroup/*/"$CGP"; do
		[ -d "$d" ] || continue
		find "$d" -depth -mindepth 1 -type d -exec rmdir {} + 2>/dev/null
		rmdir "$d" 2>/dev/null || echo "bench: could not remove $d" >&2
	done
}
trap 'cg_remove; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

echo "bench: sections: $SECTIONS; test host in $T, cgroup_parent $CGP" >&2
# shellcheck disable=SC2086 # one word per section
timeout -k 10 1200 unshare --mount --propagation private -- bash "$0" --inner "$T" "$CGP" $SECTIONS
rc=$?

# What is left: processes of the test host (there must be none: every harness reaps), and
# directories under the run's cgroup parent (the launcher removes each session's leaf and, when
# idle, the alias node; only the parent itself is left, which is ours to remove).
leftover_procs=$(pgrep -f "$T/|stamp --sleep " | wc -l)
leftover_cg=$(find /sys/fs/cgroup/*/"$CGP" -mindepth 1 -type d 2>/dev/null | sed "s|^/sys/fs/cgroup/||")
parents_cg=$(find /sys/fs/cgroup/*/"$CGP" -maxdepth 0 -type d 2>/dev/null | sed "s|^/sys/fs/cgroup/||; s|/.*||" | paste -sd, -)
if [ "$leftover_procs" != 0 ]; then
	echo "bench: $leftover_procs processes of the test host are still running:" >&2
	pgrep -af "$T/|stamp --sleep " >&2
fi
[ -n "$leftover_cg" ] && printf 'bench: the launcher left cgroup directories behind:\n%s\n' "$leftover_cg" >&2
cg_remove
cg_after=$(find /sys/fs/cgroup/*/"$CGP" -maxdepth 0 2>/dev/null | wc -l)

# ---- the generated sections ----
cmdline="tests/bench/run.sh${*:+ $*}"
[ -n "${MAKELEVEL:-}" ] && [ $# = 0 ] && cmdline="make bench"
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
header() { # SETTINGS: the lines every section starts with
	echo "- command: \`$cmdline\` (as root; the section ran as part of: $SECTIONS)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $(uname -r); CPUs: $(nproc) (${cpu_model:-unknown})"
	echo "- versions: $(paste -sd';' "$T/out/versions" | sed 's/;/, /g')"
	echo "- settings: $1"
}
verdict_le() { # verdict_le VALUE TARGET
	awk -v r="$1" -v t="$2" 'BEGIN { print (r + 0 <= t + 0 ? "met" : "**not met**") }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.4f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fmt() { [ -z "$1" ] || awk -v v="$1" -v f="${2:-%.2f}" 'BEGIN { printf f "\n", v }'; } # "" stays ""

# median_ci RAW A B FIELD: a distribution-free 95% confidence interval ("LO HI") of the median of
# the per-round differences A - B (order statistics n/2 -+ 0.98 sqrt(n))
median_ci() {
	awk -F'\t' -v a="$2" -v b="$3" -v f="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["ok"] != 1 || $c[f] ~ /nan/ { next }
		$3 == a { A[$1] = $c[f] }
		$3 == b { B[$1] = $c[f] }
		END { for (r in A) if (r in B) print A[r] - B[r] }' "$1" | sort -g |
		awk '{ v[NR] = $1 } END {
			if (!NR) exit
			lo = int(NR / 2 - 0.98 * sqrt(NR)); hi = int(NR / 2 + 0.98 * sqrt(NR)) + 2
			if (lo < 1) lo = 1; if (hi > NR) hi = NR
			printf "%.3f %.3f\n", v[lo], v[hi] }'
}
# pair RAW A B FIELD OP: the median over rounds of A OP B (ratio or diff), from a startlat raw.tsv
pair() {
	awk -F'\t' -v a="$2" -v b="$3" -v f="$4" -v op="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["ok"] != 1 || $c[f] ~ /nan/ { next }
		$3 == a { A[$1] = $c[f] }
		$3 == b { B[$1] = $c[f] }
		END { for (r in A) if ((r in B) && B[r] > 0) print op == "diff" ? A[r] - B[r] : A[r] / B[r] }' "$1" | median
}

gen_start() {
	local O=$T/out/start r_start r_whole r_nobash r_bash
	verdict() { # verdict RATIO: against the 0.80 target
		awk -v r="$1" 'BEGIN { print (r + 0 <= 0.80 ? "met" : "**not met**") }'
	}
	r_start=$(fmt "$(pair "$O/raw.tsv" secure_shell bwrap start_ms ratio)")
	r_whole=$(fmt "$(pair "$O/raw.tsv" "secure_shell -c true" bwrap whole_ms ratio)")
	r_nobash=$(fmt "$(pair "$O/raw.tsv" "secure_shell, no bash" bwrap start_ms ratio)")
	r_bash=$(fmt "$(pair "$O/raw.tsv" secure_shell "bwrap + bash" start_ms ratio)")
	cp "$O/raw.tsv" "$top/build/tests/bench-raw.tsv" 2>/dev/null
	echo "<!-- bench:start -->"
	echo "## Results"
	echo
	echo "Generated by \`make bench\` (tests/bench/run.sh), as root; every command below ran as uid $UID_A."
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $(uname -r); CPUs: $(nproc) (${cpu_model:-unknown})"
	echo "- RUNS=$RUNS interleaved rounds after WARMUP=$WARMUP warm-up rounds"
	[ -n "${VIEW:-}" ] && echo "- VIEW=$VIEW: the home base bound at /mnt/homes too, covered at every login"
	echo "- versions: $(paste -sd';' "$T/out/versions" | sed 's/;/, /g')"
	echo
	echo "Absolute times on this VM are inflated: process creation here is several times slower than on"
	echo "bare metal (see \"About this VM\"), and the machine is shared and noisy.  The ratios, taken"
	echo "round by round between neighbouring launches, are what transfers to other machines."
	echo
	cat "$O/table.md"
	echo
	if [ -n "$r_start" ]; then
		echo "**Target: secure_shell ≤ 0.80× bwrap's median.**"
		echo
		echo "- start of the command, \`secure_shell -c CMD\` against bwrap running CMD directly: ${r_start}×, $(verdict "$r_start")"
		[ -n "$r_whole" ] &&
			echo "- whole launch, \`secure_shell -c true\` against bwrap: ${r_whole}×, $(verdict "$r_whole")"
		[ -n "$r_bash" ] &&
			echo "- start, against bwrap running the same \`bash -c CMD\`: ${r_bash}×, $(verdict "$r_bash")"
		[ -n "$r_nobash" ] &&
			echo "- start, the launcher alone (the payload is the profile's shell, no bash): ${r_nobash}×, $(verdict "$r_nobash")"
	else
		echo "**Target: secure_shell ≤ 0.80× bwrap's median:** not measured (bwrap missing or not usable here)."
	fi
	echo
	if grep -q $'\tbaseline, no bash\t1\t' "$O/raw.tsv"; then
		local f d ci
		echo "This build against \`BASELINE\` ($BASELINE), the launcher alone (\`secure_shell, no bash\`"
		echo "minus \`baseline, no bash\`), median of the per-round differences and its 95% confidence interval:"
		echo
		for f in start whole; do
			d=$(fmt "$(pair "$O/raw.tsv" "secure_shell, no bash" "baseline, no bash" "${f}_ms" diff)" %+.3f)
			ci=$(median_ci "$O/raw.tsv" "secure_shell, no bash" "baseline, no bash" "${f}_ms" | awk '{ printf "%+.3f to %+.3f", $1, $2 }')
			echo "- $f: **$d ms** ($ci ms)"
		done
		echo
	fi
	if [ -s "$O/skipped" ]; then
		# shellcheck disable=SC2016 # backquotes are markdown
		echo "Skipped, because they did not work on this machine: $(sed 's/.*/`&`/' "$O/skipped" | paste -sd, - | sed 's/,/, /g')."
		echo
	fi
	echo "Rows (\`\$T\` is the temp dir of the run; the payload is tests/bench/stamp.c, also copied"
	echo "into each home, which is /home/NAME inside a sandbox).  The profiles are the shipped ones, with"
	echo "\`cgroup_parent\` set to a directory private to the run; \`secure_shell unprivileged\` (dave) uses"
	echo "the default profile plus \`cgroup optional\`, because an unprivileged launcher cannot create"
	echo "cgroups on this host, and \`cgroup required\` refuses the login:"
	echo
	grep -v '^#' "$O/bench.conf" | while IFS= read -r line; do
		# shellcheck disable=SC2016 # backquotes are markdown
		printf -- '- `%s`: `%s`\n' "${line%%=*}" "${line#*=}"
	done | sed "s|$T|\$T|g; s|{payload}|\$T/home/alice/stamp|g"
	echo "<!-- bench:end -->"
}
ok_start() { [ -s "$T/out/start/summary.tsv" ]; }

gen_phases() {
	local O=$T/out/phases
	echo "<!-- bench:phases:start -->"
	echo "### Where a login's time goes"
	echo
	header "PHASE_RUNS=$PHASE_RUNS logins (5 more before them not counted)"
	echo
	echo "\`build/tests/secure_shell-timing\` is the launcher built with \`-DSS_TIMING\`: at each step of a"
	echo "login it writes the time (CLOCK_MONOTONIC) to stderr (\`ss_mark\`, launcher/util.c).  It runs"
	echo "setuid root as uid $UID_A, with the default profile and the payload as its shell (no bash), one"
	echo "login after the other.  Times in µs, medians over the logins; a step is the time from the mark"
	echo "before it.  Before \`main\` come the launcher's exec and the dynamic loader; after the last mark,"
	echo "the execve of the shell."
	echo
	echo "| mark | process | what happened since the previous mark | step, µs | since main, µs |"
	echo "|---|---|---|---:|---:|"
	awk '
	BEGIN {
		d["config"] = "fds, signals, options, syslog, runtime checks; the config file opened by fd and parsed"
		d["identity"] = "LOGNAME/USER, PAM record, getpwnam and its cross-checks, not a real account, utmp"
		d["profile"] = "the profile opened by fd, checked and parsed"
		d["home"] = "argv and environment, cgroup layout detection, state_dir/dev found (made on a first login) and checked, mount-plan checks, the home checked (or made)"
		d["clone"] = "the mount plan, the per-alias tmp (on cgroup v2 also the cgroup session)"
		d["maps"] = "clone() of the user, mount, pid, ipc and uts namespaces; uid and gid maps"
		d["child-go"] = "meanwhile init capped its ucounts, made its mounts private and looked at the mount table once (listmount and statmount; on v2 it is in its cgroup already); then told the maps are written"
		d["mounts"] = "the bind sources opened, staging tmpfs and pivot, every mount, other proc and cgroup mounts of the host, and other mounts showing a hidden path, covered (the mount table read again only if one may lie elsewhere than below /proc or /sys/fs/cgroup, or a file system holding a hidden path is mounted twice), second pivot; meanwhile the monitor made the cgroup session (mkdirs, limits, sweep, leaf) and read the seccomp filter from its cache (mark seccomp-prepared, in the monitor)"
		d["seccomp-prepared"] = "(the monitor, beside the mounts of init) the cgroup session made and sent (v1), the seccomp filter read from the cache (compiled on a miss); it is sent next"
		d["dropped"] = "the leaves joined through the fds the monitor sent, the seccomp filter received; chdir home; uid/gid, securebits, capabilities emptied and verified, no_new_privs"
		d["pid2"] = "PID 2 started (clone with CLONE_VM and CLONE_VFORK), its signals reset"
		d["landlock"] = "AppArmor (if the profile names a profile) and the Landlock ruleset"
		d["seccomp"] = "the seccomp filter installed; next comes the execve of the shell"
	}
	$1 != "ss-mark" { next }
	$2 == "main" { run++; t0 = $3; prev = $3; who[$4] = "monitor"; next }
	{
		p = $2
		if (!(p in seen)) { seen[p] = 1; order[++np] = p; proc[p] = ($4 == 1 ? "init (PID 1)" : $4 == 2 ? "PID 2" : "monitor") }
		n[p]++; step[p, n[p]] = ($3 - prev) / 1000; since[p, n[p]] = ($3 - t0) / 1000; prev = $3
	}
	function med(arr, p, k,    i, j, v, t, m) {
		m = k
		for (i = 1; i <= m; i++) v[i] = arr[p, i]
		for (i = 2; i <= m; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
		return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	END {
		for (i = 1; i <= np; i++) {
			p = order[i]
			printf "| `%s` | %s | %s | %.0f | %.0f |\n", p, proc[p], d[p], med(step, p, n[p]), med(since, p, n[p])
		}
	}' "$O/marks"
	echo
	echo "So the command is exec'd about $(awk '$1 == "ss-mark" && $2 == "main" { t0 = $3 } $1 == "ss-mark" && $2 == "seccomp" { print ($3 - t0) / 1000 }' "$O/marks" | median | awk '{ printf "%.0f", $1 }') µs after \`main()\`."
	echo "<!-- bench:phases:end -->"
}

ok_phases() { [ -s "$T/out/phases/marks" ] && grep -q ' seccomp ' "$T/out/phases/marks"; }

gen_seccomp() {
	local O=$T/out/seccomp ct kt
	ct=$(awk -F= '$1 == "compile_total" { print $2 }' "$O/summary")
	kt=$(awk -F= '$1 == "cache_total" { print $2 }' "$O/summary")
	echo "<!-- bench:seccomp:start -->"
	echo "### seccomp: compile with libseccomp against the cached BPF"
	echo
	header "SECCOMP_N=$SECCOMP_N samples per path"
	echo
	echo "Measured with the launcher's own code: \`build/tests/seccomp_bench\` (tests/bench/seccomp_bench.c)"
	echo "links launcher/seccomp.c, syscalls.c, parse*.c and util.c, parses profiles/default.profile and"
	echo "calls \`seccomp_prepare()\` with an empty state dir (cache miss: libseccomp builds the filter) or"
	echo "with a state dir whose cache it filled once (what every login of a setuid install does), then"
	echo "\`seccomp_install()\`.  Each sample is a fresh child of a process that never compiled a filter,"
	echo "so libseccomp's code and tables are faulted in as in a login; compile and cache samples"
	echo "alternate.  Times in µs, median (p10–p90)."
	echo
	sed 's/^\(cache file\|filter\|samples\):/- &/' "$O/table.md"
	echo
	if [ "$(cat "$O/launcher-cache")" = same ]; then
		echo "The helper's cache file is byte for byte the one \`secure_shell --check\` wrote for the test host."
	else
		echo "**The helper's cache file differs from the one \`secure_shell --check\` wrote for the test host:**"
		echo "the helper and the installed launcher were not built from the same launcher/seccomp.c."
	fi
	echo
	echo "- a login with the cache: **${kt} µs** (prepare + install); without it: **${ct} µs**, so the cache"
	echo "  saves $(fmt "$(awk -v a="$ct" -v b="$kt" 'BEGIN { print a - b }')" %.0f) µs per login ($(fmt "$(awk -v a="$ct" -v b="$kt" 'BEGIN { print a / b }')")× faster)."
	echo "  Every launcher reads the cache, but only a privileged one (or \`secure_shell --check\` run as"
	echo "  root) writes it: an unprivileged install whose state_dir nobody filled pays the compile path"
	echo "  at every login."
	echo "- the issue sets no target for this step; the research report's goal G4, \"seccomp on the launch"
	echo "  path ≤ 0.1 ms\", is $(verdict_le "$kt" 100) by the cached path (${kt} µs) and $(verdict_le "$ct" 100) by the compile path (${ct} µs)."
	echo "<!-- bench:seccomp:end -->"
}
ok_seccomp() { [ -s "$T/out/seccomp/summary" ]; }

gen_syscall() {
	local O=$T/out/syscall n rg rf rgm rfm bg bf sg sf have_bw=
	grep -q '	bwrap	' "$O/raw.tsv" && have_bw=1
	n=$(awk -F'\t' 'NR > 1 && $2 == "sandbox"' "$O/raw.tsv" | wc -l)
	col() { awk -F'\t' -v w="$1" -v c="$2" 'NR > 1 && $2 == w { print $c }' "$O/raw.tsv" | median; }
	ratio() { # ratio W C: median over rounds of W ÷ direct for column C
		awk -F'\t' -v w="$1" -v c="$2" 'NR > 1 { v[$1, $2] = $c; r[$1] = 1 }
			END { for (k in r) if (v[k, "direct"] > 0 && v[k, w] != "") print v[k, w] / v[k, "direct"] }' "$O/raw.tsv" | median
	}
	rg=$(fmt "$(ratio sandbox 3)" %.3f) rf=$(fmt "$(ratio sandbox 4)" %.3f)
	rgm=$(fmt "$(ratio sandbox 5)" %.3f) rfm=$(fmt "$(ratio sandbox 6)" %.3f)
	if [ -n "$have_bw" ]; then
		bg=$(fmt "$(ratio bwrap 3)" %.3f)× bf=$(fmt "$(ratio bwrap 4)" %.3f)×
	else
		bg=– bf=–
	fi
	if grep -q '	bwrap+seccomp	' "$O/raw.tsv"; then
		sg=$(fmt "$(ratio bwrap+seccomp 3)" %.3f)× sf=$(fmt "$(ratio bwrap+seccomp 4)" %.3f)×
	else
		sg=– sf=–
	fi
	echo "<!-- bench:syscall:start -->"
	echo "### System calls and fork+exec inside the sandbox against outside"
	echo
	header "SYS_ROUNDS=$SYS_ROUNDS interleaved rounds, SYS_CALLS=$SYS_CALLS getppid calls, SYS_FORKS=$SYS_FORKS fork+execs per run"
	echo
	echo "\`build/tests/sysloop\` (tests/bench/sysloop.c, static) makes SYS_CALLS raw \`getppid\` calls, then"
	echo "SYS_FORKS times forks, execs the static stamp payload (stdout to /dev/null) and waits.  It runs as"
	echo "uid $UID_A directly (\`\$T/home/alice/sysloop\`), as alice inside \`secure_shell -c\` with the default"
	echo "profile (user, pid, mount, ipc and uts namespaces, the seccomp denylist, Landlock, a cgroup with"
	echo "memory 2G and pids 1024), and, to tell the shares apart, inside bwrap with the start section's"
	echo "flags (the same namespaces; no seccomp, Landlock or cgroup), and inside that bwrap with the"
	echo "launcher's own seccomp filter (\`bwrap --seccomp\`, the BPF from the launcher's cache).  The order"
	echo "rotates round by round.  Each loop is timed in 10 chunks and a run reports its median chunk; a"
	echo "ratio is the median over rounds of the variant ÷ direct in the same round."
	echo
	echo "| | directly | in secure_shell | secure_shell ÷ direct (median of $n rounds) | same, fastest chunks | in bwrap | bwrap ÷ direct | in bwrap + the filter | bwrap + filter ÷ direct |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	echo "| getppid, ns per call | $(fmt "$(col direct 3)") | $(fmt "$(col sandbox 3)") | **${rg}×** | ${rgm}× | $(fmt "$(col bwrap 3)") | $bg | $(fmt "$(col bwrap+seccomp 3)") | $sg |"
	echo "| fork + exec + wait of a static binary, µs | $(fmt "$(col direct 4)" %.0f) | $(fmt "$(col sandbox 4)" %.0f) | **${rf}×** | ${rfm}× | $(fmt "$(col bwrap 4)" %.0f) | $bf | $(fmt "$(col bwrap+seccomp 4)" %.0f) | $sf |"
	echo
	echo "Per round (ns per getppid / µs per fork+exec):"
	echo
	echo "| round | direct | secure_shell | bwrap | bwrap + filter |"
	echo "|---:|---:|---:|---:|---:|"
	awk -F'\t' 'NR > 1 { v[$1, $2] = sprintf("%.1f / %.0f", $3, $4); r[$1] = 1 }
		END { for (i = 0; (i in r); i++) printf "| %d | %s | %s | %s | %s |\n", i + 1, v[i, "direct"], v[i, "sandbox"],
			((i, "bwrap") in v ? v[i, "bwrap"] : "–"), ((i, "bwrap+seccomp") in v ? v[i, "bwrap+seccomp"] : "–") }' "$O/raw.tsv"
	echo
	echo "**Target: ≤ 1.03× inside the sandbox.**"
	echo
	echo "- getppid: ${rg}×, $(verdict_le "$rg" 1.03)"
	echo "- fork+exec: ${rf}×, $(verdict_le "$rf" 1.03)"
	echo "<!-- bench:syscall:end -->"
}
ok_syscall() { [ "$(awk -F'\t' 'NR > 1 && $2 == "sandbox"' "$T/out/syscall/raw.tsv" 2>/dev/null | wc -l)" -ge 1 ]; }

gen_cgroup() {
	local O=$T/out/cgroup ds dw ci_lo ci_hi verdict
	ds=$(fmt "$(pair "$O/raw.tsv" "cgroups on" "cgroups off" start_ms diff)" %.3f)
	read -r ci_lo ci_hi <<<"$(median_ci "$O/raw.tsv" "cgroups on" "cgroups off" start_ms)"
	dw=$(fmt "$(pair "$O/raw.tsv" "cgroups on" "cgroups off" whole_ms diff)" %.3f)
	echo "<!-- bench:cgroup:start -->"
	echo "### Per-alias cgroups on against off"
	echo
	header "CG_RUNS=$CG_RUNS interleaved rounds after WARMUP=$WARMUP warm-up rounds"
	echo
	echo "Two aliases mapped by \`match\` to two profiles built from the default one, which differ only in"
	echo "their limits: \`cgon\` has \`memory 2G\`, \`memory_swap 0\`, \`pids 1024\`, \`cgroup required\` (what the default"
	echo "profile has); \`cgoff\` has no limits and \`cgroup optional\`, so no cgroup is made.  In both the"
	echo "payload is the profile's shell (no bash), so the rows time the launcher alone.  The cgroup"
	echo "layout the launcher sees (\`secure_shell --print --profile cgon\`, run as root, so the alias"
	echo "shown is root's; \`\$P\` is the run's cgroup_parent):"
	echo
	echo '```'
	sed "s|$CGP|\$P|g" "$O/print-cgon.txt"
	echo '```'
	echo
	echo "and for cgoff:"
	echo
	echo '```'
	sed "s|$CGP|\$P|g" "$O/print-cgoff.txt"
	echo '```'
	echo
	echo "and what a sandbox of the default profile sees (\`/proc/self/cgroup\` inside it): its cgroup"
	echo "namespace is rooted at the session's leaves, \`\$P/alice/<monitor pid>.<start>\` on the host:"
	echo
	echo '```'
	sed "s|$CGP|\$P|g" "$O/self-cgroup.txt"
	echo '```'
	echo
	echo "On this hybrid host (v1 memory and pids, a cgroup2 mount without them) the sandbox's init"
	echo "moves itself by writing \`0\` into the leaves' v1 \`tasks\` files, through fds the monitor opened"
	echo "(cgroup/session.c \`cg_session_join\`, called in sandbox.c \`init_main\` before it starts the"
	echo "shell); the monitor never writes \`cgroup.procs\`.  The monitor creates the alias node and the"
	echo "session's leaf in each hierarchy after the clone, while init builds the sandbox's file system,"
	echo "hands init the \`tasks\` fds over their socket, and removes the nodes after the session (on"
	echo "cgroup v2 it makes them before the clone, which puts init into the leaf)."
	echo
	cat "$O/table.md"
	echo
	echo "**Target: cgroups add ≤ 0.3 ms to a login.**"
	echo
	# the median's 95% confidence interval decides; "borderline" when it straddles the target
	verdict=$(awk -v m="$ds" -v lo="$ci_lo" -v hi="$ci_hi" 'BEGIN {
		if (hi + 0 <= 0.3) print "met"; else if (lo + 0 > 0.3) print "**not met**";
		else if (m + 0 <= 0.3) print "met by the median, but the interval reaches past 0.3 ms: borderline";
		else print "**not met** by the median; the interval reaches below 0.3 ms: borderline" }')
	echo "- start (until the payload runs), median of the per-round differences: **+${ds} ms**"
	echo "  (95% confidence interval of that median: +${ci_lo} to +${ci_hi} ms), ${verdict}"
	echo "- whole launch (includes removing the leaf and alias node after the session): +${dw} ms"
	echo "<!-- bench:cgroup:end -->"
}
ok_cgroup() { [ -s "$T/out/cgroup/summary.tsv" ]; }

gen_burst() {
	local O=$T/out/burst v rb n
	median_of() { awk -F'\t' -v v="$1" -v c="$2" 'NR > 1 && $2 == v { print $c }' "$O/raw.tsv" | median; }
	ratio_of() { # median over rounds of A's column c / B's
		awk -F'\t' -v a="$1" -v b="$2" -v c="$3" 'NR > 1 { x[$1, $2] = $c; r[$1] = 1 }
			END { for (k in r) if (x[k, b] > 0 && x[k, a] != "") print x[k, a] / x[k, b] }' "$O/raw.tsv" | median
	}
	echo "<!-- bench:burst:start -->"
	echo "### $BURST_N logins at the same moment"
	echo
	header "BURST_N=$BURST_N, BURST_REPS=$BURST_REPS rounds, BURST_SLEEP_MS=$BURST_SLEEP_MS"
	echo
	echo "\`build/tests/burst\` (tests/bench/burst.c), run as uid $UID_A, forks $BURST_N children that wait on"
	echo "a shared pipe, reads t0 and closes the pipe: all of them exec their command at once.  Each"
	echo "command runs the stamp payload, which writes its start time to a pipe read by the harness and"
	echo "then sleeps BURST_SLEEP_MS, so that all payloads are alive together.  **All running** is when"
	echo "the last payload started; the harness is a child subreaper and waits until every process is"
	echo "gone (**reaped**).  Variants, in rotating order each round, one second apart:"
	echo
	echo "- \`secure_shell, one alias\`: $BURST_N logins of the same alias \`burst\` (one alias cgroup,"
	echo "  $BURST_N session leaves in it), \`secure_shell -c '/home/burst/stamp --sleep MS'\`, which, like"
	echo "  every \`-c\`, goes through the alias's shell, bash;"
	echo "- \`secure_shell, distinct aliases\`: the same, but $BURST_N different aliases b000… (same uid,"
	echo "  one passwd line and home each, $BURST_N alias cgroups);"
	echo "- \`bwrap\`: bwrap with the flags of the start section running the payload directly;"
	echo "  \`bwrap + bash\`: running it through \`bash -c\` like secure_shell."
	echo
	echo "The aliases' profile is the default one with \`memory 64G\`, \`pids 65536\`, \`cgroup required\`,"
	echo "so no limit caps the burst (the host allows $(ulimit -u) processes per uid, pid_max $(cat /proc/sys/kernel/pid_max),"
	echo "$(cat /proc/sys/user/max_user_namespaces) user namespaces)."
	echo
	echo "| variant | started | failed | first | median | p90 | all running | reaped | all running ÷ bwrap | CPU per launch |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	n=$(awk -F'\t' 'NR > 1 { print $2 }' "$O/raw.tsv" | sort -u | wc -l)
	for v in "secure_shell, one alias" "secure_shell, distinct aliases" bwrap "bwrap + bash"; do
		grep -q "	$v	" "$O/raw.tsv" || continue
		rb=–
		grep -q "	bwrap	" "$O/raw.tsv" && rb=$(fmt "$(ratio_of "$v" bwrap 8)")
		# shellcheck disable=SC2016 # backquotes are markdown
		printf '| `%s` | %s | %s | %s | %s | %s | **%s** | %s | %s | %s |\n' "$v" \
			"$(awk -F'\t' -v v="$v" 'NR > 1 && $2 == v { s += $3; n++ } END { printf "%d/%d", s, n * '"$BURST_N"' }' "$O/raw.tsv")" \
			"$(awk -F'\t' -v v="$v" 'NR > 1 && $2 == v { s += $4 } END { print s + 0 }' "$O/raw.tsv")" \
			"$(fmt "$(median_of "$v" 5)" %.0f)" "$(fmt "$(median_of "$v" 6)" %.0f)" "$(fmt "$(median_of "$v" 7)" %.0f)" \
			"$(fmt "$(median_of "$v" 8)" %.0f)" "$(fmt "$(median_of "$v" 9)" %.0f)" "$rb" \
			"$(fmt "$(median_of "$v" 12)" | awk -v n="$BURST_N" '{ printf "%.2f", $1 / n }')"
	done
	echo
	echo "Times in ms since the release, medians over the $BURST_REPS rounds (started and failed: totals);"
	echo "the ratio is the median over rounds of the variant's all-running time ÷ bwrap's in the same round."
	echo "CPU per launch: user + system time of every process of a burst (the harness's RUSAGE_CHILDREN),"
	echo "÷ BURST_N, median over the rounds, in ms: with $(nproc) CPUs and every launch wanting the CPU"
	echo "at once, all running cannot come much before BURST_N × CPU per launch ÷ $(nproc)."
	echo "Each round:"
	echo
	echo "| round | variant | all running | reaped | cgroup dirs left under the parent | processes left |"
	echo "|---:|---|---:|---:|---:|---:|"
	awk -F'\t' 'NR > 1 { printf "| %d | `%s` | %.0f | %.0f | %s | %s |\n", $1 + 1, $2, $8, $9, ($2 ~ /^secure_shell/ ? $10 : "–"), $11 }' "$O/raw.tsv"
	echo
	if grep -q "	bwrap	" "$O/raw.tsv"; then
		local r1 r2 r3
		r1=$(fmt "$(ratio_of "secure_shell, one alias" bwrap 8)")
		r2=$(fmt "$(ratio_of "secure_shell, distinct aliases" bwrap 8)")
		r3=$(fmt "$(ratio_of "secure_shell, one alias" "bwrap + bash" 8)")
		echo "**Target: all $BURST_N running in ≤ 0.7× bwrap's time.**"
		echo
		echo "- one alias: ${r1}×, $(verdict_le "$r1" 0.7)"
		echo "- distinct aliases: ${r2}×, $(verdict_le "$r2" 0.7)"
		echo "- one alias, against bwrap running the same \`bash -c\`: ${r3}×, $(verdict_le "$r3" 0.7)"
	else
		echo "**Target: all $BURST_N running in ≤ 0.7× bwrap's time:** not measured (bwrap missing)."
	fi
	echo
	echo "Left behind after each secure_shell burst (once every process was reaped): cgroup directories"
	echo "under the run's cgroup_parent, counted in every hierarchy, and processes of the test host."
	echo "<!-- bench:burst:end -->"
}
ok_burst() { [ "$(awk -F'\t' 'NR > 1 && $3 > 0' "$T/out/burst/raw.tsv" 2>/dev/null | wc -l)" -ge 1 ]; }

# splice NAME FILE: replace NAME's marked part of DOC with FILE (appended when DOC lacks it)
splice() {
	local b e
	if [ "$1" = start ]; then b='<!-- bench:start -->' e='<!-- bench:end -->'; else
		b="<!-- bench:$1:start -->" e="<!-- bench:$1:end -->"
	fi
	if grep -qxF "$b" "$DOC" && grep -qxF "$e" "$DOC"; then
		awk -v sect="$2" -v b="$b" -v e="$e" '
			$0 == b { while ((getline l < sect) > 0) print l; skip = 1; next }
			$0 == e { skip = 0; next }
			!skip { print }' "$DOC" >"$T/doc.new"
	else
		{ cat "$DOC"; echo; cat "$2"; } >"$T/doc.new"
	fi
	cat "$T/doc.new" >"$DOC"
}

if [ -n "$DOC" ] && [ "$DOC" != - ] && [ ! -f "$DOC" ]; then
	cat >"$DOC" <<-'EOD'
		# secure_shell performance

		How long a login waits for its sandbox, measured against bubblewrap (bwrap), `unshare`
		and a bare fork+exec.  The results sections are regenerated by `make bench`.

	EOD
fi
status=0
for s in $SECTIONS; do
	st=$(cat "$T/out/$s/rc" 2>/dev/null || echo "?")
	if ! "ok_$s"; then
		echo "bench: section $s: the measurement failed (status $st); nothing of it is written" >&2
		status=1
		continue
	fi
	"gen_$s" >"$T/out/$s/section.md"
	if [ "$st" != 0 ]; then
		# a summary, but some launches failed: say so in the section, and fail
		sed -i '0,/^\*\*Target/s//**Some launches failed during this run (see the counts above).**\n\n&/' "$T/out/$s/section.md"
		echo "bench: section $s: some runs failed (status $st); see the messages above" >&2
		status=1
	fi
	echo
	cat "$T/out/$s/section.md"
	if [ -n "$DOC" ] && [ "$DOC" != - ]; then
		splice "$s" "$T/out/$s/section.md"
	fi
	echo "bench: section $s took $(cat "$T/out/$s/seconds" 2>/dev/null || echo '?') s" >&2
done
[ -n "$DOC" ] && [ "$DOC" != - ] && echo "bench: wrote the results into ${DOC#"$top"/}" >&2

# Cleanliness, as the last words.
if [ "$leftover_procs" != 0 ] || [ -n "$leftover_cg" ] || [ "$cg_after" != 0 ]; then
	echo "bench: NOT CLEAN: $leftover_procs processes left, $(printf '%s' "$leftover_cg" | grep -c .) cgroup directories left by the launcher, $cg_after parent directories not removable" >&2
	status=1
else
	if [ -n "$parents_cg" ]; then
		cgmsg="the run's cgroup_parent $CGP removed from: $parents_cg"
	else
		cgmsg="no cgroup_parent was created"
	fi
	echo "bench: clean: no processes left; the launcher removed every session's cgroups; $cgmsg" >&2
fi
[ $rc -ne 0 ] && [ $status = 0 ] && status=1
exit $status
