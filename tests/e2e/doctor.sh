#!/bin/bash
# tests/e2e: the examples and --doctor.  Sourced by suite.sh after the logins (no sshd running).
# The good host is built from examples/ by the Ansible role (or, without ansible, by the same
# edits in shell); then every --doctor finding is provoked by breaking one thing, and undone.
# shellcheck disable=SC2016 # single-quoted code is eval'd by dcase
# shellcheck disable=SC2154 # set by suite.sh and host.sh

E='[e2e]'
# ---------- the examples themselves ----------
is "$E examples/nssmap.conf is exactly one line of 7 fields (libnss_map reads one, allows no comments)" \
	"$(wc -l <"$top/examples/nssmap.conf"):$(awk -F: '{print NF}' "$top/examples/nssmap.conf")" "1:7"
out=$(env -i PATH=/usr/bin:/bin "$SS" --check 2>&1)
is "$E examples/secure_shell.conf (this host's config) and the shipped profiles pass --check" "$?:$out" "0:"
if command -v systemd-analyze >/dev/null; then
	out=$(cd "$top/examples" && systemd-analyze verify secure_shell.slice secure_shell.service 2>&1)
	is "$E examples/secure_shell.slice and .service pass systemd-analyze verify, no warnings" "$?:$out" "0:"
else
	skip "$E examples/secure_shell.slice and .service pass systemd-analyze verify" "systemd-analyze is not installed"
fi
role=$top/examples/ansible/roles/secure_shell
check "$E the Ansible role ships the same systemd units as examples/" \
	cmp -s "$role/files/secure_shell.slice" "$top/examples/secure_shell.slice"
check "$E ... (service)" cmp -s "$role/files/secure_shell.service" "$top/examples/secure_shell.service"
check "$E ... and the same tmpfiles rules" cmp -s "$role/files/tmpfiles-secure_shell.conf" "$top/examples/tmpfiles-secure_shell.conf"

# ---------- the good host ----------
cp "$STOCK_PAM" /etc/pam.d/sshd
sed -i 's/^passwd:.*/passwd:         files systemd/' /etc/nsswitch.conf
printf 'version 1\n' >"$CONF" # replaced below
cat >"$T/inventory" <<EOI
[secure_shell]
localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3
EOI
ansible_vars=(-e ansible_become=false -e "secure_shell_binary_src=$bin" -e "secure_shell_sbindir=$T/bin"
	-e "secure_shell_profiles_src=$top/profiles" -e "secure_shell_home_base=$HB" -e "secure_shell_state_dir=$T/state"
	-e "secure_shell_cgroup_parent=$CGP" -e '{"secure_shell_systemd": false, "secure_shell_manage_services": false}')
if command -v ansible-playbook >/dev/null; then
	export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0
	out=$(timeout 60 ansible-playbook --syntax-check -i "$T/inventory" "$top/examples/ansible/site.yml" 2>&1)
	is "$E the Ansible role passes ansible-playbook --syntax-check" "$?" 0
	timeout 180 ansible-playbook -i "$T/inventory" "${ansible_vars[@]}" "$top/examples/ansible/site.yml" >"$T/ansible1.out" 2>&1
	rc=$?
	is "$E the Ansible role rolls out launcher, config, profiles, nssmap, nsswitch, sshd, PAM; --check and --doctor pass" \
		"$rc:$(grep -o 'failed=[0-9]*' "$T/ansible1.out")" "0:failed=0"
	[ "$rc" = 0 ] || diag "$(tail -30 "$T/ansible1.out")"
	timeout 180 ansible-playbook -i "$T/inventory" "${ansible_vars[@]}" "$top/examples/ansible/site.yml" >"$T/ansible2.out" 2>&1
	like "$E ... and a second run changes nothing" "$(grep 'localhost' "$T/ansible2.out" | tail -1)" 'changed=0 .*failed=0'
	is "$E ... /etc/tmpfiles.d/secure_shell.conf is examples/tmpfiles-secure_shell.conf for its state_dir" \
		"$(cat /etc/tmpfiles.d/secure_shell.conf)" "$(sed "s|/var/lib/secure_shell|$T/state|g" "$top/examples/tmpfiles-secure_shell.conf")"
else
	skip "$E the Ansible role (ansible-playbook)" "ansible-core is not installed (make deps)" present
	# the same edits by hand
	install -m 4755 "$bin" "$SS"
	sed -e "s|^home_base .*|home_base $HB|" -e "s|^state_dir .*|state_dir $T/state|" \
		"$top/examples/secure_shell.conf" >"$CONF"
	echo "cgroup_parent $CGP" >>"$CONF"
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin secure_shell-ns
	echo "namespace_owner secure_shell-ns" >>"$CONF"
	sed -i 's/^passwd:.*/passwd:         files systemd map/' /etc/nsswitch.conf
	sed "s|:/home:|:$HB:|; s|/usr/local/sbin/secure_shell|$SS|" "$top/examples/nssmap.conf" >/etc/nssmap.conf
	{ echo 'PermitUserEnvironment no'; sed -n '/^Match Group aliases/,$p' "$top/examples/sshd_config"; } >>/etc/ssh/sshd_config
	sed -i 's/ user_readenv=1//' /etc/pam.d/sshd
	sed -i "/^session[[:space:]]*required[[:space:]]*pam_loginuid.so/a\\
session    required     pam_exec.so quiet type=open_session $SS --pam-session" /etc/pam.d/sshd
fi
# the examples' lines are what the host got
missing=
while read -r line; do
	line=${line//\/usr\/local\/sbin\/secure_shell/$SS}
	grep -v '^#' /etc/pam.d/sshd | sed 's/#.*//; s/[[:space:]]\+/ /g; s/ $//' | grep -qxF "$line" || missing="$missing|$line"
done < <(grep -v '^#' "$top/examples/pam.d-sshd" | grep . | sed 's/[[:space:]]\+/ /g; s/ $//')
is "$E every active line of examples/pam.d-sshd is in the good host's /etc/pam.d/sshd" "$missing" ""
match_example=$(sed -n '/^Match Group aliases/,$p' "$top/examples/sshd_config" | grep -v '^[[:space:]]*#' | grep . | sed 's/^[[:space:]]*//')
match_host=$(sed -n '/^Match Group aliases/,$p' /etc/ssh/sshd_config | grep -v '^[[:space:]]*#' | grep . |
	sed 's/^[[:space:]]*//' | grep -v '^AuthorizedKeysFile')
is "$E the good host's sshd Match block is examples/sshd_config's" "$match_host" "$match_example"
is "$E the good host's /etc/nssmap.conf is examples/nssmap.conf (paths aside)" "$(cat /etc/nssmap.conf)" \
	"$(sed "s|:/home:|:$HB:|; s|/usr/local/sbin/secure_shell|$SS|" "$top/examples/nssmap.conf")"
is "$E ... its config says what examples/secure_shell.conf says (paths aside)" \
	"$(grep -v '^#' "$CONF" | grep . | grep -Ev '^(cgroup_parent|namespace_owner)' | sort)" \
	"$(grep -v '^#' "$top/examples/secure_shell.conf" | grep . | sed -e "s|^home_base .*|home_base $HB|" \
		-e "s|^state_dir .*|state_dir $T/state|" | sort)"
good=$("$SS" --doctor 2>&1)
rc=$?
if [ $rc -le 1 ] && ! grep -q '^FAIL' <<<"$good"; then ok "$E --doctor on the good host: no FAIL (exit $rc)"; else
	not_ok "$E --doctor on the good host: no FAIL (exit $rc)"
	diag "$(grep -v '^OK' <<<"$good")"
fi
diag "--doctor on the good host, the warnings: $(grep '^WARN' <<<"$good" | cut -d';' -f1 | tr '\n' '|')"
while IFS='|' read -r what want; do
	like "$E --doctor, good host: $what" "$good" "$want"
done <<'EOW'
the launcher is setuid root|OK   launcher: .* is setuid root \(mode 4755\)
identity pam|OK   identity: identity pam
namespaces can be made|OK   userns: 
the kernel's Landlock ABI|OK   landlock: ABI [0-9]+
the cgroup layout and parent|OK   cgroup: layout 
map after files on passwd:|OK   nsswitch: passwd: has .map. after .files.
the launcher is not in /etc/shells|OK   shells: the launcher is not in /etc/shells
DisableForwarding yes|OK   sshd: DisableForwarding yes
PermitUserEnvironment no|OK   sshd: PermitUserEnvironment no
AcceptEnv LANG LC_*|OK   sshd: AcceptEnv LANG LC_\*
the launcher is the login shell, no ForceCommand|OK   sshd: no ForceCommand; alice.s login shell is the launcher
the hook runs at open_session after pam_loginuid|OK   pam: the --pam-session hook runs at open_session after pam_loginuid
no user_readenv=1|OK   pam: no pam_env user_readenv=1
nssmap.conf|OK   nssmap: uid 10000 gid 10000
namespace_owner, a system user nothing runs as|OK   namespace_owner: 'secure_shell-ns' \(uid [0-9]+\) owns the sessions' user namespaces; no process runs as it
the summary counts no FAIL|doctor: [0-9]+ OK, [0-9]+ WARN, 0 FAIL
EOW

# ---------- every finding, provoked one at a time ----------
SAVED=(etc/nsswitch.conf etc/shells etc/ssh/sshd_config etc/pam.d/sshd etc/secure_shell etc/nssmap.conf etc/passwd)
tar -C / -cf "$T/good.tar" "${SAVED[@]}"
# dcase DESC WANT-RC WANT-REGEX SHELL-CODE: break something, run --doctor, put the good host back
dcase() {
	local out rc
	eval "$4"
	out=$("$SS" --doctor 2>&1)
	rc=$?
	rm -rf /etc/secure_shell
	tar -C / -xf "$T/good.tar"
	if [ "$rc" = "$2" ] && [[ $out =~ $3 ]]; then ok "$E --doctor: $1"; else
		not_ok "$E --doctor: $1 (exit $rc, want $2)"
		diag "$(grep -v '^OK' <<<"$out" | head -20)"
	fi
}
# file capabilities on the launcher (decoded by libcap-ng): a FAIL; the xattr is removed again
python3 -c 'import os, struct, sys
os.setxattr(sys.argv[1], "security.capability", struct.pack("<IIIII", 0x02000001, 1 << 13, 0, 0, 0))' "$SS"
out=$("$SS" --doctor 2>&1)
rc=$?
python3 -c 'import os, sys; os.removexattr(sys.argv[1], "security.capability")' "$SS"
like "$E --doctor: file capabilities on the launcher are a FAIL" "$rc:$out" \
	'^2:.*FAIL launcher: .* has file capabilities \(permitted: net_raw\)'
like "$E --doctor: ... and without them it says so" "$good" 'OK   launcher: .* has no file capabilities'
dcase "'map' on the group: line is a FAIL" 2 "FAIL nsswitch: 'map' on the group: line" \
	'sed -i "s/^group:.*/& map/" /etc/nsswitch.conf'
dcase "'map' before 'files' on the passwd: line is a FAIL" 2 "FAIL nsswitch: 'map' is not after 'files'" \
	'sed -i "s/^passwd:.*/passwd: map files/" /etc/nsswitch.conf'
dcase "the launcher in /etc/shells is a FAIL" 2 'FAIL shells: the launcher is listed in /etc/shells' \
	'echo "$SS" >>/etc/shells'
dcase "PermitUserEnvironment yes with identity env is a FAIL" 2 \
	'FAIL sshd: PermitUserEnvironment yes: .*an alias can log in as another' \
	'sed -i "s/^PermitUserEnvironment no/PermitUserEnvironment yes/" /etc/ssh/sshd_config; set_identity env'
dcase "PermitUserEnvironment yes with identity pam is a WARN" 1 \
	'WARN sshd: PermitUserEnvironment yes: .*\(identity pam refuses such logins\)' \
	'sed -i "s/^PermitUserEnvironment no/PermitUserEnvironment yes/" /etc/ssh/sshd_config'
dcase "AcceptEnv admitting LOGNAME with identity env is a FAIL" 2 "FAIL sshd: AcceptEnv 'LOG\\*' admits LOGNAME" \
	'sed -i "s/^\(\s*AcceptEnv LANG LC_\*\)/\1 LOG*/" /etc/ssh/sshd_config; set_identity env'
dcase "DisableForwarding no is a FAIL" 2 'FAIL sshd: DisableForwarding no: ' \
	'sed -i "s/^\(\s*\)DisableForwarding yes/\1DisableForwarding no/" /etc/ssh/sshd_config'
dcase "Subsystem internal-sftp without ForceCommand is a FAIL" 2 'FAIL sshd: Subsystem sftp internal-sftp: ' \
	'sed -i "s|^Subsystem\s.*|Subsystem sftp internal-sftp|" /etc/ssh/sshd_config'
dcase "... with ForceCommand (the launcher as login shell) it is mapped: no FAIL" 1 \
	"OK   sshd: Subsystem sftp internal-sftp \\(ForceCommand maps" \
	'sed -i "s|^Subsystem\s.*|Subsystem sftp internal-sftp|" /etc/ssh/sshd_config; echo "	ForceCommand $SS" >>/etc/ssh/sshd_config'
dcase "... but an sftp_server that is not there is a FAIL" 2 \
	"FAIL sshd: Subsystem sftp internal-sftp: ForceCommand maps internal-sftp to sftp_server /nonexistent/sftp-server: No such file" \
	'sed -i "s|^Subsystem\s.*|Subsystem sftp internal-sftp|" /etc/ssh/sshd_config; echo "	ForceCommand $SS" >>/etc/ssh/sshd_config;
	 echo "sftp_server /nonexistent/sftp-server" >>"$CONF"'
dcase "ForceCommand with bash as the login shell is a FAIL" 2 \
	"FAIL sshd: alice's login shell /bin/bash reads user startup files" \
	'sed -i "s|:$SS\$|:/bin/bash|" /etc/nssmap.conf; sed -i "s|^\(alice:.*:\)$SS\$|\1/bin/bash|" /etc/passwd;
	 echo "	ForceCommand exec $SS -c $SS" >>/etc/ssh/sshd_config'
dcase "ForceCommand from /bin/sh with identity pam (deployment 2) is OK" 1 \
	"OK   sshd: ForceCommand 'exec $SS -c $SS' from the plain login shell /bin/sh \\(identity pam\\)" \
	'sed -i "s|:$SS\$|:/bin/sh|" /etc/nssmap.conf; echo "	ForceCommand exec $SS -c $SS" >>/etc/ssh/sshd_config'
dcase "... with identity env it is a FAIL" 2 "FAIL sshd: ForceCommand with the plain login shell /bin/sh needs identity pam" \
	'sed -i "s|:$SS\$|:/bin/sh|" /etc/nssmap.conf; echo "	ForceCommand exec $SS -c $SS" >>/etc/ssh/sshd_config;
	 set_identity env'
dcase "a plain login shell without ForceCommand is a FAIL" 2 \
	"FAIL sshd: dora's login shell /bin/sh is not the launcher and there is no ForceCommand" \
	'sed -i "s|:$SS\$|:/bin/sh|" /etc/nssmap.conf'
dcase "no DenyUsers filter is a WARN" 1 'WARN sshd: no DenyUsers filter' \
	'sed -i "/^\s*DenyUsers/d" /etc/ssh/sshd_config'
dcase "UsePAM no with identity pam is a FAIL" 2 'FAIL sshd: UsePAM is no: .*every login is refused' \
	'sed -i "s/^UsePAM yes/UsePAM no/" /etc/ssh/sshd_config'
dcase "user_readenv=1 with identity env is a FAIL" 2 \
	'FAIL pam: .* reads ~/.pam_environment, which sets LOGNAME, USER and HOME after sshd: an alias can log in as another' \
	'sed -i "s|^\(session\s*required\s*pam_env.so envfile=/etc/default/locale\)|\1 user_readenv=1|" /etc/pam.d/sshd;
	 set_identity env'
dcase "user_readenv=1 after the hook, with identity pam, is a WARN" 1 \
	'WARN pam: .* reads ~/.pam_environment, .*\(identity pam refuses such logins\)' \
	'sed -i "s|^\(session\s*required\s*pam_env.so envfile=/etc/default/locale\)|\1 user_readenv=1|" /etc/pam.d/sshd'
dcase "the hook missing with identity pam is a FAIL" 2 'FAIL pam: identity pam without the --pam-session hook' \
	'sed -i "/--pam-session/d" /etc/pam.d/sshd'
dcase "the hook before pam_loginuid is a FAIL" 2 'FAIL pam: the --pam-session hook .* runs before pam_loginuid' \
	'sed -i "/--pam-session/d" /etc/pam.d/sshd;
	 sed -i "1i session required pam_exec.so quiet type=open_session $SS --pam-session" /etc/pam.d/sshd'
dcase "the hook after a pam_env that reads ~/.pam_environment is a FAIL" 2 \
	'FAIL pam: the --pam-session hook .* runs after .* reads the user.s ~/.pam_environment' \
	'sed -i "/--pam-session/d" /etc/pam.d/sshd; sed -i "s|pam_env.so envfile=|pam_env.so user_readenv=1 envfile=|" /etc/pam.d/sshd;
	 echo "session required pam_exec.so quiet type=open_session $SS --pam-session" >>/etc/pam.d/sshd'
dcase "the hook at close_session with user_readenv=1 is a FAIL" 2 \
	'FAIL pam: the --pam-session hook runs at close_session while .* reads ~/.pam_environment' \
	'sed -i "s|pam_exec.so quiet type=open_session|pam_exec.so quiet|" /etc/pam.d/sshd;
	 sed -i "s|pam_env.so envfile=|pam_env.so user_readenv=1 envfile=|" /etc/pam.d/sshd'
dcase "no pam_loginuid with identity pam is a FAIL" 2 'FAIL pam: no pam_loginuid in the session stack' \
	'sed -i "/pam_loginuid.so/d" /etc/pam.d/sshd'
dcase "a profile requiring a Landlock ABI the kernel lacks is a FAIL" 2 \
	'FAIL landlock: profile default requires Landlock ABI 99, this kernel has [0-9]+' \
	'echo "landlock_abi 99" >>/etc/secure_shell/profiles/default.profile'
if grep -qs Y /sys/module/apparmor/parameters/enabled; then
	dcase "a profile naming an AppArmor profile that is not loaded is a FAIL" 2 \
		"FAIL apparmor: profile default: AppArmor profile 'no-such-aa-profile' is not loaded" \
		'echo "apparmor no-such-aa-profile" >>/etc/secure_shell/profiles/default.profile'
else
	dcase "a profile naming an AppArmor profile, AppArmor off, is a FAIL" 2 \
		"FAIL apparmor: profile default: the profile requires AppArmor profile 'no-such-aa-profile', but AppArmor is not enabled" \
		'echo "apparmor no-such-aa-profile" >>/etc/secure_shell/profiles/default.profile'
fi
dcase "a broken profile is a FAIL" 2 "FAIL profile: default: .*unknown directive 'bogus'" \
	'echo "bogus directive" >>/etc/secure_shell/profiles/default.profile'
dcase "a broken config is a FAIL" 2 'FAIL config: .*secure_shell.conf' 'echo "bogus 1" >>"$CONF"'
dcase "nssmap.conf's home prefix differing from home_base is a FAIL" 2 \
	"FAIL nssmap: home prefix /elsewhere is not home_base $HB" 'sed -i "s|:$HB:|:/elsewhere:|" /etc/nssmap.conf'
dcase "nssmap.conf with a second line (a comment) is a WARN" 1 'WARN nssmap: /etc/nssmap.conf has 2 lines' \
	'echo "# comment" >>/etc/nssmap.conf'
dcase "namespace_owner unset (root owns the namespaces) is a WARN" 1 'WARN namespace_owner: not set: root owns' \
	'sed -i "/^namespace_owner/d" "$CONF"'
dcase "namespace_owner naming no user is a FAIL" 2 "FAIL namespace_owner: namespace_owner 'nosuch' is not a user: every login is refused" \
	'sed -i "s/^namespace_owner .*/namespace_owner nosuch/" "$CONF"'
dcase "namespace_owner with the aliases' uid is a FAIL" 2 "FAIL namespace_owner: namespace_owner '10000' is uid 10000, the (caller's own|aliases' \\(/etc/nssmap.conf\\))" \
	'sed -i "s/^namespace_owner .*/namespace_owner 10000/" "$CONF"'
dcase "namespace_owner with a login shell (sync: /bin/sync) is a FAIL" 2 \
	"FAIL namespace_owner: namespace_owner 'sync' has the login shell '/bin/sync'" \
	'sed -i "s/^namespace_owner .*/namespace_owner sync/" "$CONF"'
nsuid=$(id -u secure_shell-ns)
setpriv --reuid="$nsuid" --regid=65534 --clear-groups sleep 30 &
nspid=$!
# setpriv changes its uid a moment after the fork: wait until it runs as the owner
for _ in $(seq 1 50); do
	[ "$(ps -o uid= -p "$nspid" 2>/dev/null | tr -d ' ')" = "$nsuid" ] && break
	sleep 0.1
done
dcase "a process running as the namespace owner is a FAIL" 2 \
	"FAIL namespace_owner: 'secure_shell-ns' \\(uid $nsuid\\) runs process [0-9]+: anything running as it can enter every sandbox" :
kill "$nspid"
wait "$nspid" 2>/dev/null
dcase "a session-record directory writable by others is a FAIL" 2 \
	'FAIL pam: /run/secure_shell/sessions is not a root-owned directory' \
	'mkdir -p $SESSDIR; chmod 0777 $SESSDIR'
chmod 0711 "$SESSDIR" 2>/dev/null
cp "$SS" "$T/ss-unpriv" && chmod 0755 "$T/ss-unpriv"
out=$("$T/ss-unpriv" --doctor 2>&1)
like "$E --doctor: an unprivileged install is a WARN, with the reason" "$out" \
	'WARN launcher: .*/ss-unpriv is an unprivileged install \(mode 0755\): .*does not separate aliases'
chmod 0775 "$T/ss-unpriv"
out=$("$T/ss-unpriv" --doctor 2>&1)
is "$E --doctor: a launcher writable by its group is a FAIL (exit 2)" "$?:$(grep -c '^FAIL launcher: .* is writable by group or others' <<<"$out")" "2:1"
rm -f "$T/ss-unpriv"
# Yama, through a private /proc/sys/kernel in a child mount namespace
yama() {
	unshare --mount --propagation private -- bash -c '
		mount -t tmpfs tmpfs /proc/sys/kernel && mkdir /proc/sys/kernel/yama &&
		echo "$1" >/proc/sys/kernel/yama/ptrace_scope && "$2" --doctor' _ "$1" "$SS" 2>&1 | grep '^[A-Z]* *yama:'
}
like "$E --doctor: kernel.yama.ptrace_scope 0 is a WARN" "$(yama 0)" '^WARN yama: kernel.yama.ptrace_scope is 0'
like "$E --doctor: kernel.yama.ptrace_scope 1 is OK" "$(yama 1)" '^OK   yama: kernel.yama.ptrace_scope is 1'
if [ -r /proc/sys/kernel/yama/ptrace_scope ]; then want='(OK|WARN) *yama: kernel.yama.ptrace_scope'; else
	want='WARN yama: Yama is not enabled'; fi
like "$E --doctor: this kernel's Yama state" "$good" "$want"
out=$(setpriv --reuid="$UID_A" --regid="$UID_A" --clear-groups -- env -i PATH=/usr/bin:/bin "$SS" --doctor 2>&1)
like "$E --doctor run by a non-root user: it drops the setuid privileges, sshd is not checked" "$out" \
	'WARN sshd: sshd -T needs root: not checked'
