#!/bin/bash
# `make bench`: start latency of secure_shell against bwrap, unshare and a bare exec.
#
# Builds nothing (make has built build/secure_shell, build/tests/startlat and build/tests/stamp).
# Sets up a throw-away test host exactly like the integration suite: a private mount namespace,
# an overlay on /etc with alias lines in /etc/passwd, a config whose home_base and state_dir live
# in a temp dir, and the launcher installed root-owned 4755.  The harness then runs as uid 10000,
# so every launcher starts as an unprivileged user, the way a login does.  The results replace the
# section between the bench markers in docs/performance.md and are printed too.
#
# Environment: RUNS (default 100), WARMUP (default 3), DOC (default docs/performance.md; DOC=
# or DOC=- leaves the file alone).
# Usage: tests/bench/run.sh            (as root)
#        tests/bench/run.sh --inner T TOP   (internal: the part inside the private namespace)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
UID_A=10000
RUNS=${RUNS:-100}
WARMUP=${WARMUP:-3}
DOC=${DOC-$top/docs/performance.md}
export RUNS WARMUP

# ---------------------------------------------------------------------------------------------
# Inside the private mount namespace: the test host and the measurement.
inner() {
	local T=$1
	local SS=$T/bin/secure_shell SSU=$T/bin/secure_shell-unpriv HB=$T/home STAMP_BIN=$T/bin/stamp
	local name rev
	local -a bw

	cd / || return 1
	mkdir -p "$T/bin" "$HB" "$T/state" "$T/etc-upper" "$T/etc-work" "$T/out"
	chown $UID_A:$UID_A "$T/out"
	install -m 4755 -o root -g root "$top/build/secure_shell" "$SS"
	install -m 0755 -o root -g root "$top/build/secure_shell" "$SSU"
	install -m 0755 -o root -g root "$top/build/tests/startlat" "$T/bin/startlat"
	install -m 0755 -o root -g root "$top/build/tests/stamp" "$STAMP_BIN"
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$T/etc-upper,workdir=$T/etc-work" /etc || {
		echo "bench: cannot mount an overlay on /etc" >&2
		return 1
	}
	# alice: the production case; bob: the same, with the payload as its shell (no bash);
	# dave: the same binary without the setuid bit (unprivileged user namespaces).
	cat >>/etc/passwd <<-EOP
		alice:x:$UID_A:$UID_A::$HB/alice:$SS
		bob:x:$UID_A:$UID_A::$HB/bob:$SS
		dave:x:$UID_A:$UID_A::$HB/dave:$SSU
	EOP
	mkdir -p /etc/secure_shell/profiles
	cat >/etc/secure_shell/secure_shell.conf <<-EOC
		version 1
		home_base $HB
		state_dir $T/state
		shell /bin/bash
		default_profile default
		match bob nobash
	EOC
	cp "$top"/profiles/*.profile /etc/secure_shell/profiles/
	{
		cat "$top/profiles/default.profile"
		printf '\n# bench: the payload is the shell, to time the launcher without bash\nshell /home/bob/stamp\n'
	} >/etc/secure_shell/profiles/nobash.profile
	chmod 0644 /etc/secure_shell/profiles/*.profile /etc/secure_shell/secure_shell.conf
	# Homes exist already (no first-login skel copy inside the measurement); each holds the payload,
	# which is /home/NAME/stamp inside a sandbox, where the temp dir under /tmp is hidden.
	for name in alice bob dave; do
		install -d -m 0700 -o $UID_A -g $UID_A "$HB/$name"
		install -m 0755 -o $UID_A -g $UID_A "$STAMP_BIN" "$HB/$name/stamp"
	done

	# What bwrap is given: the namespaces and mounts the default profile has (user, pid, ipc, uts;
	# read-only host, private /home with the home bound back, private /tmp and /var/tmp, new /proc
	# and /dev), no capabilities.  secure_shell does more (devpts, /run/user, read-only /proc
	# parts, generated /etc/passwd, hidden paths): the comparison is not in its favour.
	bw=(--unshare-user --unshare-pid --unshare-ipc --unshare-uts --die-with-parent --ro-bind / /
		--tmpfs /home --bind "$HB/alice" /home/alice --tmpfs /tmp --tmpfs /var/tmp --proc /proc --dev /dev
		--cap-drop ALL)

	echo "# startlat commands (NAME=COMMAND; {payload} is $HB/alice/stamp)" >"$T/bench.conf"
	add_row "payload={payload}" required || return 1
	add_row "/bin/true=/bin/true"
	add_row "unshare=unshare -Urmpf --mount-proc {payload}"
	if command -v bwrap >/dev/null; then
		add_row "bwrap=bwrap ${bw[*]} /home/alice/stamp"
		add_row "bwrap + bash=bwrap ${bw[*]} /bin/bash -c /home/alice/stamp"
	else
		echo "bench: bwrap is not installed (apt-get install bubblewrap): the bwrap rows are skipped" >&2
		printf '%s\n' bwrap "bwrap + bash" >>"$T/out/skipped"
	fi
	add_row "secure_shell=$SS -c /home/alice/stamp" required || return 1
	add_row "secure_shell -c true=$SS -c true"
	add_row "secure_shell, no bash=LOGNAME=bob USER=bob HOME=$HB/bob $SS -c unused"
	add_row "secure_shell unprivileged=LOGNAME=dave USER=dave HOME=$HB/dave $SSU -c /home/dave/stamp"

	{
		rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null) # read-only: no index refresh
		echo "secure_shell $("$SS" --version 2>/dev/null | awk '{print $2}')${rev:+ (working tree at $rev)}"
		command -v bwrap >/dev/null && bwrap --version
		echo "util-linux $(unshare --version | awk '{print $NF}')"
		echo "bash $(bash -c 'echo ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}')"
	} >"$T/out/versions"

	# The harness itself runs as the alias, with the environment sshd gives a login.
	(as_alias "$T/bin/startlat" -f "$T/bench.conf" -p "$HB/alice/stamp" -t 30 \
		-s "$T/out/summary.tsv" -r "$T/out/raw.tsv" >"$T/out/table.md")
}

# add_row NAME=COMMAND [required]: add the row to the config if one launch of it works here
add_row() {
	if as_alias "$T/bin/startlat" -n 1 -w 0 -p "$T/home/alice/stamp" "$1" >/dev/null 2>"$T/out/probe.err"; then
		printf '%s\n' "$1" >>"$T/bench.conf"
		return 0
	fi
	if [ "${2:-}" = required ]; then
		echo "bench: '${1%%=*}' does not work on this machine, and the bench cannot do without it:" >&2
	else
		echo "bench: '${1%%=*}' does not work on this machine; its row is skipped:" >&2
		printf '%s\n' "${1%%=*}" >>"$T/out/skipped"
	fi
	grep -v '^startlat: [0-9]* commands' "$T/out/probe.err" | sed '/^ *$/d; s/^/  /' >&2
	[ "${2:-}" != required ]
}

# as_alias CMD...: run CMD as uid 10000 with alice's login environment
as_alias() {
	setpriv --reuid=$UID_A --regid=$UID_A --clear-groups -- \
		env -i LOGNAME=alice USER=alice HOME="$T/home/alice" PATH=/usr/bin:/bin RUNS="$RUNS" WARMUP="$WARMUP" "$@"
}

if [ "${1:-}" = --inner ]; then
	T=$2
	inner "$T"
	exit
fi

# ---------------------------------------------------------------------------------------------
# Outside: checks, the namespace, the report.
if [ "$(id -u)" != 0 ]; then
	echo "bench: needs root (it installs a setuid launcher on a throw-away host in a private mount namespace)" >&2
	exit 1
fi
case "$RUNS$WARMUP" in
'' | *[!0-9]*)
	echo "bench: RUNS and WARMUP must be counts (RUNS=$RUNS WARMUP=$WARMUP)" >&2
	exit 1
	;;
esac
[ "$RUNS" -ge 1 ] || {
	echo "bench: RUNS must be at least 1" >&2
	exit 1
}
for f in build/secure_shell build/tests/startlat build/tests/stamp; do
	[ -x "$top/$f" ] || {
		echo "bench: $f is missing: run 'make bench', not this script" >&2
		exit 1
	}
done
for c in unshare setpriv; do
	command -v $c >/dev/null || {
		echo "bench: $c is missing (util-linux)" >&2
		exit 1
	}
done

T=$(mktemp -d /tmp/ss-bench.XXXXXX) || exit 1
chmod 0755 "$T"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

echo "bench: RUNS=$RUNS WARMUP=$WARMUP, test host in $T" >&2
timeout -k 10 1200 unshare --mount --propagation private -- bash "$0" --inner "$T" "$top"
rc=$?
# No summary: the setup or the harness itself failed.  A summary with rc 1: some launches failed
# (the "ok runs" column shows how many succeeded); the table is still written, and bench fails.
if [ ! -s "$T/out/summary.tsv" ]; then
	echo "bench: the measurement failed (status $rc); ${DOC#"$top"/} is left alone" >&2
	exit 1
fi

# ---- the generated section ----
verdict() { # verdict RATIO: against the 0.80 target
	awk -v r="$1" 'BEGIN { print (r + 0 <= 0.80 ? "met" : "**not met**") }'
}
# pair A B FIELD: the median over rounds of A/B (rounds where both launches succeeded)
pair() {
	awk -F'\t' -v a="$1" -v b="$2" -v f="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["ok"] != 1 || $c[f] ~ /nan/ { next }
		$3 == a { A[$1] = $c[f] }
		$3 == b { B[$1] = $c[f] }
		END { for (r in A) if ((r in B) && B[r] > 0) print A[r] / B[r] }' "$T/out/raw.tsv" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR) printf "%.2f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
r_start=$(pair secure_shell bwrap start_ms)
r_whole=$(pair "secure_shell -c true" bwrap whole_ms)
r_nobash=$(pair "secure_shell, no bash" bwrap start_ms)
r_bash=$(pair secure_shell "bwrap + bash" start_ms)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cp "$T/out/raw.tsv" "$top/build/tests/bench-raw.tsv" 2>/dev/null

section=$T/section.md
{
	echo "<!-- bench:start -->"
	echo "## Results"
	echo
	echo "Generated by \`make bench\` (tests/bench/run.sh), as root; every command below ran as uid $UID_A."
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $(uname -r); CPUs: $(nproc) (${cpu_model:-unknown})"
	echo "- RUNS=$RUNS interleaved rounds after WARMUP=$WARMUP warm-up rounds"
	echo "- versions: $(paste -sd';' "$T/out/versions" | sed 's/;/, /g')"
	echo
	echo "Absolute times on this VM are inflated: process creation here is several times slower than on"
	echo "bare metal (see \"About this VM\"), and the machine is shared and noisy.  The ratios, taken"
	echo "round by round between neighbouring launches, are what transfers to other machines."
	echo
	cat "$T/out/table.md"
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
	if [ -s "$T/out/skipped" ]; then
		# shellcheck disable=SC2016 # backquotes are markdown
		echo "Skipped, because they did not work on this machine: $(sed 's/.*/`&`/' "$T/out/skipped" | paste -sd, - | sed 's/,/, /g')."
		echo
	fi
	echo "Rows (\`\$T\` is the temp dir of the run; the payload is tests/bench/stamp.c, also copied"
	echo "into each home, which is /home/NAME inside a sandbox):"
	echo
	grep -v '^#' "$T/bench.conf" | while IFS= read -r line; do
		# shellcheck disable=SC2016 # backquotes are markdown
		printf -- '- `%s`: `%s`\n' "${line%%=*}" "${line#*=}"
	done | sed "s|$T|\$T|g; s|{payload}|\$T/home/alice/stamp|g"
	echo "<!-- bench:end -->"
} >"$section"
[ $rc -ne 0 ] && sed -i "s|^\*\*Target|**Some launches failed during this run (see ok runs).**\n\n&|" "$section"

cat "$section"

if [ -n "$DOC" ] && [ "$DOC" != - ]; then
	if [ ! -f "$DOC" ]; then
		cat >"$DOC" <<-'EOD'
			# secure_shell performance

			How long a login waits for its sandbox, measured against bubblewrap (bwrap), `unshare`
			and a bare fork+exec.  The results section is regenerated by `make bench`.

		EOD
	fi
	if grep -q '^<!-- bench:start -->$' "$DOC" && grep -q '^<!-- bench:end -->$' "$DOC"; then
		awk -v sect="$section" '
			/^<!-- bench:start -->$/ { while ((getline l < sect) > 0) print l; skip = 1; next }
			/^<!-- bench:end -->$/ { skip = 0; next }
			!skip { print }' "$DOC" >"$T/doc.new"
	else
		{ cat "$DOC"; echo; cat "$section"; } >"$T/doc.new"
	fi
	cat "$T/doc.new" >"$DOC"
	echo "bench: wrote the results into ${DOC#"$top"/}" >&2
fi
if [ $rc -ne 0 ]; then
	echo "bench: some launches failed (status $rc); see the messages above" >&2
	exit 1
fi
