#!/bin/bash
# tests/e2e: the test host, sourced by suite.sh inside its private mount namespace.  Defines the
# host (private /dev, /run, /var/log, an overlay on /etc), the aliases and their keys, sshd
# instances built from examples/, and the client helpers.
# shellcheck disable=SC2034 # variables used by the sourcing suite
# shellcheck disable=SC2154 # T, bin and top come from the sourcing script

SS=$T/bin/secure_shell
HB=$T/home
UID_A=10000
CGP=${SS_TEST_CGP:-ss-e2e-$$}
SESSDIR=/run/secure_shell/sessions
CONF=/etc/secure_shell/secure_shell.conf
LONGNAME=$(printf 'a%.0s' $(seq 1 40))
UMLAUT=$'j\xc3\xb6rg'
BADNAMES=("alice/../bob" ".." "-oProxyCommand" "ALICE" "$LONGNAME" "$UMLAUT")
export HOME=$T/client # the clients' own ~ (ssh, git), not root's

# ---------- kernel-facing pieces: private /dev (own /dev/log), /run, /var/log ----------
host_mounts() {
	test_host_dev "$T" || return 1
	# /run: sshd's privilege-separation directory, utmp (sshd writes it, identity env reads it),
	# the session records; /var/log: sshd's wtmp, btmp and lastlog entries
	mkdir -m 0755 /run/sshd
	install -m 0664 -o root -g utmp /dev/null /run/utmp
	mount -t tmpfs -o mode=0755 tmpfs /var/log
	install -m 0664 -o root -g utmp /dev/null /var/log/wtmp
	install -m 0664 -o root -g utmp /dev/null /var/log/lastlog
	test_host_etc "$T"
}

# ---------- accounts, keys, config ----------
host_accounts() {
	local n
	mkdir -p "$T/bin" "$HB" "$T/state" "$T/keys" "$T/pub" "$T/client/.ssh"
	chmod 1777 "$T/pub"
	install -m 4755 -o root -g root "$bin" "$SS"
	# aliases as libnss_map would answer for them: shared uid and gid, the launcher as shell
	# (deployment 1), or /bin/sh with sshd's ForceCommand (deployment 2: dora, ed)
	{
		for n in alice bob carol "${BADNAMES[@]}"; do echo "$n:x:$UID_A:$UID_A::$HB/$n:$SS"; done
		for n in dora ed; do echo "$n:x:$UID_A:$UID_A::$HB/$n:/bin/sh"; done
	} >>/etc/passwd
	# what libnss_map's getspnam answers for any name (pam_unix's account check needs an entry)
	for n in alice bob carol dora ed "${BADNAMES[@]}"; do echo "$n:NP:13571:0:99999:7:::"; done >>/etc/shadow
	echo "aliases:x:$UID_A:" >>/etc/group
	sed "s|:/home:|:$HB:|; s|/usr/local/sbin/secure_shell|$SS|" "$top/examples/nssmap.conf" >/etc/nssmap.conf
	sed -i 's/^passwd:.*/passwd:         files systemd map/' /etc/nsswitch.conf
	ssh-keygen -q -t ed25519 -N '' -C e2e-host -f "$T/hostkey"
	install -d -m 0755 /etc/ssh/keys
	for n in alice bob carol dora ed; do
		ssh-keygen -q -t ed25519 -N '' -C "$n" -f "$T/keys/$n"
		install -m 0644 "$T/keys/$n.pub" "/etc/ssh/keys/$n"
	done
	# the odd names get alice's key: even a valid key must not get them anywhere
	for n in "${BADNAMES[@]}"; do
		case $n in */* | ..) ;; *) install -m 0644 "$T/keys/alice.pub" "/etc/ssh/keys/$n" ;; esac
	done
	mkdir -p /etc/secure_shell/profiles
	sed -e "s|^home_base .*|home_base $HB|" -e "s|^state_dir .*|state_dir $T/state|" \
		"$top/examples/secure_shell.conf" >"$CONF"
	echo "cgroup_parent $CGP" >>"$CONF"
	cp "$top"/profiles/*.profile /etc/secure_shell/profiles/
	chmod 0644 /etc/secure_shell/profiles/*.profile "$CONF"
}
set_identity() { sed -i "s/^identity .*/identity $1/" "$CONF"; }

# ---------- PAM: Debian's own /etc/pam.d/sshd plus the hook ----------
STOCK_PAM=$T/pam.d-sshd.stock
pam_stock_with_hook() { # the hook at open_session, right after pam_loginuid; user_readenv=1 kept
	[ -e "$STOCK_PAM" ] || cp /etc/pam.d/sshd "$STOCK_PAM"
	sed "/^session[[:space:]]*required[[:space:]]*pam_loginuid.so/a\\
session    required     pam_exec.so quiet type=open_session $SS --pam-session" "$STOCK_PAM" >/etc/pam.d/sshd
}
pam_hook_any_type() { # the same hook without type=: it also runs at close_session (unsafe here)
	sed -i "s|pam_exec.so quiet type=open_session $SS|pam_exec.so quiet $SS|" /etc/pam.d/sshd
}
pam_examples() { # Debian's stock file edited as examples/pam.d-sshd says, close hook included
	[ -e "$STOCK_PAM" ] || cp /etc/pam.d/sshd "$STOCK_PAM"
	{
		sed -n '/^session[[:space:]]*required[[:space:]]*pam_loginuid.so/q;p' "$STOCK_PAM"
		grep -v '^#' "$top/examples/pam.d-sshd" | grep . | grep -v 'pam_env.so' |
			sed "s|/usr/local/sbin/secure_shell|$SS|g"
		sed "s|^#session   optional     pam_exec.so quiet type=close_session /usr/local/sbin/secure_shell|session    optional     pam_exec.so quiet type=close_session $SS|p;d" \
			"$top/examples/pam.d-sshd"
		sed '0,/^session[[:space:]]*required[[:space:]]*pam_loginuid.so/d' "$STOCK_PAM" |
			sed 's/ user_readenv=1//'
	} >/etc/pam.d/sshd
}

# ---------- sshd ----------
# sshd_config NAME PORT VARIANT [GLOBAL-LINE...]: VARIANT "shell" (deployment 1) or "forced-sh"
# (deployment 2: ForceCommand from /bin/sh, internal-sftp).  The Match block is examples/sshd_config's.
sshd_config() {
	local name=$1 port=$2 variant=$3 sftp=/usr/lib/openssh/sftp-server
	shift 3
	[ "$variant" = forced-sh ] && sftp=internal-sftp
	{
		printf '%s\n' "Port $port" "ListenAddress 127.0.0.1" "HostKey $T/hostkey" "PidFile $T/sshd-$name.pid" \
			"UsePAM yes" "KbdInteractiveAuthentication no" "PasswordAuthentication no" "PermitRootLogin no" \
			"PrintMotd no" "PrintLastLog no" "LogLevel VERBOSE" "Subsystem sftp $sftp" "$@"
		sed -n '/^Match Group aliases/,$p' "$top/examples/sshd_config" |
			sed -e "s|/usr/local/sbin/secure_shell|$SS|g" -e 's|^\t#AuthorizedKeysFile|\tAuthorizedKeysFile|'
		[ "$variant" = forced-sh ] && grep -q '^	#ForceCommand exec ' "$top/examples/sshd_config" &&
			sed -n 's|^\t#\(ForceCommand exec .*\)|\t\1|p' "$top/examples/sshd_config" |
			sed "s|/usr/local/sbin/secure_shell|$SS|g"
	} >"$T/sshd-$name.conf"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# sshd_start NAME PORT: returns when it accepts connections
sshd_start() {
	local name=$1 port=$2 i
	/usr/sbin/sshd -D -f "$T/sshd-$name.conf" -E "$T/sshd-$name.log" &
	echo $! >"$T/sshd-$name.run"
	echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$T/hostkey.pub")" >>"$T/known_hosts"
	for i in $(seq 1 50); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	return 1
}
# every descendant of PID (sshd's connections and, below them, the sessions), deepest first
descendants() {
	ps -e -o pid=,ppid= | awk -v root="$1" '
		{ kids[$2] = kids[$2] " " $1 }
		function walk(p,   n, a, i) { n = split(kids[p], a, " "); for (i = 1; i <= n; i++) { walk(a[i]); print a[i] } }
		END { walk(root) }'
}
sshd_stop() {
	local pid kids
	pid=$(cat "$T/sshd-$1.run" 2>/dev/null) || return 0
	kids=$(descendants "$pid")
	kill "$pid" 2>/dev/null
	# shellcheck disable=SC2086
	[ -n "$kids" ] && kill -KILL $kids 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$T/sshd-$1.run"
}

# ---------- clients ----------
PORT= # the sshd the next commands talk to
SSHOPT=(-F /dev/null -o BatchMode=yes -o ConnectTimeout=5 -o IdentitiesOnly=yes -o "UserKnownHostsFile=$T/known_hosts"
	-o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o LogLevel=ERROR -o ServerAliveInterval=5
	-o ServerAliveCountMax=3)
# sshk KEY USER ARGS...: ssh as USER with KEY's identity; sshc USER ARGS...: with USER's own key
sshk() {
	local key=$1 user=$2
	shift 2
	timeout -k 5 40 ssh "${SSHOPT[@]}" -i "$T/keys/$key" -p "$PORT" -l "$user" 127.0.0.1 "$@"
}
sshc() { sshk "$1" "$@"; }
# the transport command for scp/sftp/rsync/git
ssh_cmd() { echo "ssh ${SSHOPT[*]} -i $T/keys/$1 -p $PORT"; }
scpc() {
	local key=$1
	shift
	timeout -k 5 60 scp -q "${SSHOPT[@]}" -i "$T/keys/$key" -P "$PORT" "$@"
}
sftpc() { # sftpc USER < batch
	timeout -k 5 60 sftp -q "${SSHOPT[@]}" -i "$T/keys/$1" -P "$PORT" -b - "$1@127.0.0.1"
}

# ---------- small helpers ----------
# a fingerprint of everything under DIR (names, owners, modes, contents)
tree_sum() { (cd "$1" 2>/dev/null && find . -printf '%p %U %m %s\n' | sort && find . -type f -exec cat {} + | md5sum); }
