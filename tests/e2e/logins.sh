#!/bin/bash
# tests/e2e: logins through sshd.  Sourced by suite.sh with sshd A running (deployment 1: the
# launcher is the login shell; Debian's stock PAM stack, user_readenv=1 included, plus the hook).
# shellcheck disable=SC2016 # single-quoted commands are for the remote shell
# shellcheck disable=SC2153,SC2154 # set by suite.sh and host.sh

E='[e2e]'
SPOOF_FILE=$T/pub/spoof
printf 'LOGNAME DEFAULT=bob\nUSER DEFAULT=bob\nHOME DEFAULT=%s/bob\n' "$HB" >"$SPOOF_FILE"

# the audit session id of a finished login, and "no process has it any more"
session_gone() { ! grep -qx "$1" /proc/[0-9]*/sessionid 2>/dev/null; }
# syslog lines of the launcher (not sshd's or PAM's) for one audit session
launcher_log() { grep "secure_shell\[[0-9]*\]: .* session=$1 " "$T/syslog"; }
# status check for a refused login: 125, one "secure_shell: ...; session refused" line, nothing ran
refused() { # refused DESC REGEX -- the previous command's rc, stdout and stderr are in $rc, $out, $err
	local lines
	lines=$(printf '%s\n' "$err" | grep -c '^secure_shell: .*; session refused$')
	if [ "$rc" = 125 ] && [ "$lines" = 1 ] && [[ $out != *E2E-RAN-42* ]] && [[ $err =~ $2 ]]; then ok "$1"; else
		not_ok "$1"
		diag "rc=$rc out=$out err=$err"
	fi
}
run() { # run CMD...: sets rc, out, err
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}

# =================== deployment 1, identity pam ===================
run sshc alice id -un
is "$E identity pam: ssh alice id -un prints alice (first login)" "$rc:$out" "0:alice"
is "$E the first login created the home: a directory, 0700, owned by the shared uid" \
	"$(stat -c %F:%a:%u "$HB/alice")" "directory:700:$UID_A"
run sshc alice id -un
is "$E nothing else on stderr once the home exists" "$rc:$out:$err" "0:alice:"
run sshc alice 'cat /proc/self/sessionid'
sid=$out
like "$E the session has an audit session id (pam_loginuid)" "$sid" '^[0-9]+$'
is "$E its record: root-owned 0644, holds the name" "$(stat -c %U:%a "$SESSDIR/$sid" 2>&1):$(cat "$SESSDIR/$sid")" \
	"root:644:alice"
is "$E the record directories: /run/secure_shell root 0755, sessions root 0711" \
	"$(stat -c %U:%a /run/secure_shell "$SESSDIR" | tr '\n' ' ')" "root:755 root:711 "
wait_for session_gone "$sid"
run sshc alice true
check "$E a record whose session has ended is swept at the next login" test ! -e "$SESSDIR/$sid"

# interactive, exit status, signals
printf 'echo hi-$((6*7))\nexit 3\n' | sshc alice -tt >"$T/tt" 2>&1
rc=$?
out=$(tr -d '\r' <"$T/tt")
like "$E ssh -tt: an interactive login shell with a prompt runs a command" "$out" 'alice@[^ ]*:~\$ echo hi-\$\(\(6\*7\)\).*hi-42'
is "$E ssh -tt: 'exit 3' ends the session with status 3" "$rc" 3
run sshc alice 'exit 7'
is "$E ssh alice 'exit 7' exits 7" "$rc" 7
out=$(timeout -k 5 40 ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o "UserKnownHostsFile=$T/known_hosts" \
	-o StrictHostKeyChecking=yes -v -i "$T/keys/alice" -p "$PORT" alice@127.0.0.1 'kill -TERM $$' 2>&1)
rc=$?
like "$E kill -TERM \$\$: sshd reports the signal (exit-signal), the client exits 255" "$rc:$out" \
	'^255:.*rtype exit-signal'
run sshc alice 'echo $SSH_CONNECTION; cat /proc/self/sessionid; exit 4'
sid=$(printf '%s\n' "$out" | tail -1)
conn=$(printf '%s\n' "$out" | head -1)
wait_for eval "launcher_log $sid | grep -q 'session end'"
logs=$(launcher_log "$sid")
is "$E syslog: one start and one end record for the session" \
	"$(printf '%s\n' "$logs" | grep -c 'session start')/$(printf '%s\n' "$logs" | grep -c 'session end')" "1/1"
like "$E syslog: the start record has the alias, the audit session id, SSH_CONNECTION and the cgroup leaf" "$logs" \
	"session start alias=alice profile=default session=$sid ssh=\"$conn\" cgroup=[^ ]*alice/[0-9]+\\.[0-9]+"
like "$E syslog: the end record has the exit status" "$logs" \
	"session end status=4 duration_ms=[0-9]+.* alias=alice profile=default session=$sid ssh=\"$conn\""
like "$E syslog: the hook logged the record it wrote" "$(grep "pam-session recorded the session alias=alice .*session=$sid " \
	"$T/syslog")" 'pam-session recorded'

# file transfer: everything lands in the alias's own home
head -c 300000 /dev/urandom >"$T/pub/blob"
scpc alice "$T/pub/blob" alice@127.0.0.1:up-sftp.bin
is "$E scp (SFTP protocol) upload lands in alice's home, owned by the shared uid" \
	"$(stat -c %u "$HB/alice/up-sftp.bin" 2>&1):$(cmp -s "$T/pub/blob" "$HB/alice/up-sftp.bin" && echo same)" "$UID_A:same"
scpc alice -O "$T/pub/blob" alice@127.0.0.1:up-legacy.bin
is "$E scp -O (legacy protocol, 'scp -t' through the launcher) upload" \
	"$(cmp -s "$T/pub/blob" "$HB/alice/up-legacy.bin" && echo same)" same
rm -f "$T/client/down"*
scpc alice alice@127.0.0.1:up-sftp.bin "$T/client/down1" && scpc alice -O alice@127.0.0.1:up-legacy.bin "$T/client/down2"
is "$E scp download, both protocols" "$(cmp -s "$T/pub/blob" "$T/client/down1" && cmp -s "$T/pub/blob" "$T/client/down2" &&
	echo same)" same
printf 'mkdir sd\nput %s sd/f\nls sd\nget sd/f %s/client/sftp-back\n' "$T/pub/blob" "$T" | sftpc alice >"$T/sftp.out" 2>&1
is "$E sftp (Subsystem: the external sftp-server, run by the launcher in the sandbox)" \
	"$(cmp -s "$T/pub/blob" "$HB/alice/sd/f" && cmp -s "$T/pub/blob" "$T/client/sftp-back" && echo same)" same
if command -v rsync >/dev/null; then
	mkdir -p "$T/client/rs/sub" && echo rsync-data >"$T/client/rs/sub/f"
	timeout 60 rsync -a -e "$(ssh_cmd alice)" "$T/client/rs/" alice@127.0.0.1:rs/ &&
		timeout 60 rsync -a -e "$(ssh_cmd alice)" alice@127.0.0.1:rs/ "$T/client/rs-back/"
	is "$E rsync up and down" "$(cat "$HB/alice/rs/sub/f" 2>&1):$(cat "$T/client/rs-back/sub/f" 2>&1)" "rsync-data:rsync-data"
else
	skip "$E rsync up and down" "rsync is not installed (make deps)" present
fi
run sshc alice 'git init -q --bare ~/repo.git && echo ok'
(cd "$T/client" && rm -rf proj && git init -q proj && cd proj && echo v1 >f && git add f &&
	git -c user.email=e2e@x -c user.name=e2e commit -qm v1 &&
	GIT_SSH_COMMAND="$(ssh_cmd alice)" timeout 60 git push -q "ssh://alice@127.0.0.1:$PORT/~/repo.git" HEAD:main) >"$T/git.out" 2>&1
(cd "$T/client" && rm -rf clone && GIT_SSH_COMMAND="$(ssh_cmd alice)" timeout 60 \
	git clone -q -b main "ssh://alice@127.0.0.1:$PORT/~/repo.git" clone) >>"$T/git.out" 2>&1
is "$E git push (receive-pack) and git clone (upload-pack) over ssh" \
	"$(cat "$T/client/clone/f" 2>&1):$(stat -c %u "$HB/alice/repo.git/HEAD" 2>&1)" "v1:$UID_A"

# isolation between aliases
echo alice-secret >"$HB/alice/secret" && chown "$UID_A:$UID_A" "$HB/alice/secret"
run sshc bob true
is "$E bob logs in (the attacker's own session works)" "$rc" 0
sum_alice=$(tree_sum "$HB/alice")
(sshc alice 'echo started; exec sleep 40' >"$T/pub/alice-sleep" 2>&1 &)
wait_for grep -q started "$T/pub/alice-sleep"
sleeper=$(pgrep -u "$UID_A" -x sleep | head -1)
check "$E alice's session is running (its sleep has a pid)" test -n "$sleeper"
# attack DESC CMD: run by bob, whose session starts (it prints the marker); CMD must then fail
# with a status of its own (1-123: not ssh's 255, nor the launcher's refusal) and show nothing of
# alice's
attack() {
	run sshc bob "echo ATTACK-START; $2"
	if [[ $out == ATTACK-START* ]] && [ "$rc" -ge 1 ] && [ "$rc" -le 123 ] && [[ $out != *alice-secret* ]]; then
		ok "$E bob cannot $1"
	else
		not_ok "$E bob cannot $1"
		diag "rc=$rc out=$out err=$err"
	fi
}
attack "read /home/alice/secret" 'cat /home/alice/secret'
attack "read alice's home by its host path" "cat $HB/alice/secret"
attack "list alice's home" "ls /home/alice || ls $HB/alice"
attack "delete alice's file" "rm /home/alice/secret || rm $HB/alice/secret"
attack "signal alice's session (kill -9 -1, pkill, her host pid)" \
	"kill -9 -1; pkill -9 sleep; kill -9 ${sleeper:-0}"
scpc bob "bob@127.0.0.1:$HB/alice/secret" "$T/client/stolen" 2>/dev/null
check "$E bob cannot scp alice's file by its host path" test ! -e "$T/client/stolen"
printf 'get %s/alice/secret %s/client/stolen2\n' "$HB" "$T" | sftpc bob >/dev/null 2>&1
check "$E bob cannot sftp alice's file by its host path" test ! -e "$T/client/stolen2"
check "$E alice's session survived bob's signals" kill -0 "${sleeper:-0}"
is "$E alice's files are untouched" "$(tree_sum "$HB/alice")" "$sum_alice"
kill "$sleeper" 2>/dev/null

# bad login names: refused before anything runs; nothing of bob's is touched
run sshc bob 'echo bob-secret > ~/secret'
sum_bob=$(tree_sum "$HB/bob")
homes=$(find "$HB" -mindepth 1 -maxdepth 1 -printf '%f ' | tr ' ' '\n' | sort | tr '\n' ' ')
bad_err=()
for n in "${BADNAMES[@]}"; do
	run sshk alice "$n" 'echo E2E-RAN-$((6*7))'
	bad_err+=("$err")
	if [ "$rc" != 0 ] && [[ $out != *E2E-RAN-42* ]]; then
		ok "$E login name '$n' is refused, nothing runs (rc=$rc)"
	else
		not_ok "$E login name '$n' is refused, nothing runs"
		diag "rc=$rc out=$out err=$err"
	fi
done
is "$E ... no home was created for any of them" \
	"$(find "$HB" -mindepth 1 -maxdepth 1 -printf '%f ' | tr ' ' '\n' | sort | tr '\n' ' ')" "$homes"
is "$E ... and nothing of bob's changed" "$(tree_sum "$HB/bob")" "$sum_bob"
like "$E 'ALICE' reaches PAM: the hook refuses it (invalid alias name)" "$(grep 'pam-session refused' "$T/syslog")" \
	"invalid alias name 'ALICE'"
like "$E '..' is stopped by sshd's DenyUsers (examples/sshd_config)" "$(tr -d '\r' <"$T/sshd-A.log")" \
	'User \.\. from 127.0.0.1 not allowed because listed in DenyUsers'
like "$E '-oProxyCommand' is refused by the ssh client itself (DenyUsers \"-*\" would stop it at sshd)" \
	"${bad_err[2]}" 'remote username contains invalid characters'
# Debian's sshd cuts "user/role" for SELinux: 'alice/../bob' arrives as alice with role "../bob",
# and the key is refused; an sshd without that patch would look up the whole name (DenyUsers "*/*")
like "$E 'alice/../bob': Debian's sshd splits it at '/' (SELinux role) and refuses the key" \
	"$(grep -a 'Failed publickey for alice ' "$T/sshd-A.log")" 'Failed publickey for alice '

# spoofing through ~/.pam_environment (Debian's stock user_readenv=1 is in this stack)
sum_bob=$(tree_sum "$HB/bob")
install -m 0644 -o "$UID_A" -g "$UID_A" "$SPOOF_FILE" "$HB/alice/.pam_environment"
run sshc alice 'echo E2E-RAN-$((6*7)); id -un; cat ~/secret; ls /home'
refused "$E identity pam: ~/.pam_environment naming bob is refused (the record says alice)" \
	"LOGNAME/USER 'bob' does not match the PAM session record \('alice'\)"
is "$E ... and nothing of bob's was touched" "$(tree_sum "$HB/bob")" "$sum_bob"
# the hook runs before pam_env, so the user's LD_PRELOAD never reaches a root process
gcc -shared -fPIC -o "$T/evil.so" -x c - <<EOC
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
__attribute__((constructor)) static void mark(void)
{
	char line[64];
	int fd = open("$T/pub/preload-marker", O_WRONLY | O_CREAT | O_APPEND, 0666);
	snprintf(line, sizeof(line), "uid=%d euid=%d\n", (int)getuid(), (int)geteuid());
	if (fd >= 0) { write(fd, line, strlen(line)); close(fd); }
}
EOC
install -m 0755 -o "$UID_A" -g "$UID_A" "$T/evil.so" "$HB/alice/evil.so"
printf 'LD_PRELOAD DEFAULT=%s/alice/evil.so\n' "$HB" >"$HB/alice/.pam_environment"
run sshc alice 'echo inside'
is "$E LD_PRELOAD in ~/.pam_environment: the login works, and nothing loads it (hook first; setuid launcher)" \
	"$rc:$out:$(if [ -e "$T/pub/preload-marker" ]; then cat "$T/pub/preload-marker"; else echo not-loaded; fi)" \
	"0:inside:not-loaded"
pam_hook_any_type
run sshc alice 'echo inside'
wait_for test -s "$T/pub/preload-marker"
like "$E ... why --doctor fails a hook that also runs at close_session: there it runs the alias's code as root" \
	"$(cat "$T/pub/preload-marker" 2>&1)" 'uid=0 euid=0'
pam_stock_with_hook
rm -f "$HB/alice/.pam_environment" "$T/pub/preload-marker"

# refusals reach the client as one line, status 125, nothing runs
mv "$HB" "$HB.away"
run sshc alice 'echo E2E-RAN-$((6*7))'
refused "$E the home base missing: one line on the client's stderr, status 125" \
	"secure_shell: home_base $HB: No such file or directory; session refused"
mv "$HB.away" "$HB"
cp /etc/secure_shell/profiles/default.profile "$T/default.bak"
echo 'bogus directive' >>/etc/secure_shell/profiles/default.profile
run sshc alice 'echo E2E-RAN-$((6*7))'
refused "$E a broken profile: the refusal on the client's stderr, status 125" \
	"secure_shell: /etc/secure_shell/profiles/default.profile:[0-9]+:1: unknown directive 'bogus'; session refused"
cp "$T/default.bak" /etc/secure_shell/profiles/default.profile
run sshc alice 'echo after'
is "$E after the faults, logins work again" "$rc:$out" "0:after"

# no record, no login: the launcher never falls back to the environment
mv /etc/pam.d/sshd "$T/pam.saved" && sed "/--pam-session/d" "$T/pam.saved" >/etc/pam.d/sshd
run sshc alice 'echo E2E-RAN-$((6*7))'
refused "$E identity pam without the hook: no record, the login is refused" \
	"no PAM session record for audit session [0-9]+"
# Audit session ids start again at 1 after a reboot: where /run outlives one, a record of before it
# names whoever had the id then.  Records for the next few ids, written an hour before this boot
# and naming alice: the next login (hook missing) takes none of them for its own.
last=$(printf '%s\n' "$err" | sed -n 's/.*no PAM session record for audit session \([0-9]*\).*/\1/p')
boot=$(($(date +%s) - $(cut -d. -f1 /proc/uptime)))
for i in 1 2 3 4 5; do
	echo alice >"$SESSDIR/$((last + i))" && chmod 0644 "$SESSDIR/$((last + i))" &&
		touch -d "@$((boot - 3600))" "$SESSDIR/$((last + i))"
done
run sshc alice 'echo E2E-RAN-$((6*7))'
refused "$E identity pam: a record written before this boot (its id reused) is refused" \
	"the PAM session record for audit session [0-9]+ was written before this boot"
for i in 1 2 3 4 5; do rm -f "$SESSDIR/$((last + i))"; done
mv "$T/pam.saved" /etc/pam.d/sshd

# sshd's side doors, which run in sshd outside every sandbox: DisableForwarding yes shuts them.
# A loopback service (another alias's, say) answers when reached directly (control); through
# the alias's ssh connection it is not reached.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8); s.settimeout(1)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
end = time.time() + 90
while time.time() < end:
    try:
        c, _ = s.accept(); c.sendall(b"reached-42\n"); c.close()
    except OSError:
        pass' "$T/fwd.port" &
fwdpid=$!
wait_for test -s "$T/fwd.port"
fport=$(cat "$T/fwd.port")
is "$E the loopback service answers when reached directly (control)" \
	"$(python3 -c 'import socket, sys; print(socket.create_connection(("127.0.0.1", int(sys.argv[1]))).recv(64).decode().strip())' "$fport" 2>&1)" reached-42
run sshc alice -W "127.0.0.1:$fport" </dev/null
is "$E ssh -W to a loopback port is refused by sshd, nothing reached" "$([ "$rc" != 0 ] && echo refused):$out" "refused:"
run sshc alice -o ExitOnForwardFailure=yes -R "127.0.0.1:0:127.0.0.1:$fport" 'echo E2E-RAN-$((6*7))' </dev/null
is "$E ssh -R (a listener in sshd, as the shared uid) is refused: the client gives up before its command" \
	"$rc:$out" "255:"
kill $fwdpid 2>/dev/null
wait $fwdpid 2>/dev/null

# =================== deployment 1, identity env ===================
set_identity env
run sshc alice id -un
is "$E identity env: ssh alice id -un prints alice" "$rc:$out" "0:alice"
install -m 0644 -o "$UID_A" -g "$UID_A" "$SPOOF_FILE" "$HB/alice/.pam_environment"
out=$(printf 'id -un\nexit\n' | sshc alice -tt 2>&1 | tr -d '\r')
like "$E identity env, ~/.pam_environment naming bob, on a pty: refused (PAM record, else utmp)" "$out" \
	"(LOGNAME 'bob' does not match the PAM session record \\('alice'\\)|the utmp record for /dev/pts/[0-9]+ names another user); session refused"
# without a pty no utmp record names the alias; with the hook in the stack the PAM record still does
# (env mode checks it when there is one).  Without the hook this is the hole --doctor reports.
run sshc alice 'id -un'
refused "$E identity env, ~/.pam_environment naming bob, no pty, hook present: the PAM record refuses it" \
	"LOGNAME 'bob' does not match the PAM session record \\('alice'\\)"
doctor_out=$("$SS" --doctor 2>&1)
like "$E identity env with user_readenv=1: --doctor says FAIL, an alias can log in as another" "$doctor_out" \
	'FAIL pam: /etc/pam.d/sshd:[0-9]+ reads ~/.pam_environment, which sets LOGNAME, USER and HOME after sshd: an alias can log in as another'
rm -f "$HB/alice/.pam_environment"

# PermitUserEnvironment yes and ~/.ssh/environment
PORT_B=$(free_port)
sshd_config B "$PORT_B" shell "PermitUserEnvironment yes"
sshd_start B "$PORT_B"
PORT=$PORT_B
install -d -m 0700 -o "$UID_A" -g "$UID_A" "$HB/alice/.ssh"
printf 'LOGNAME=bob\nUSER=bob\nHOME=%s/bob\n' "$HB" >"$HB/alice/.ssh/environment"
chown "$UID_A:$UID_A" "$HB/alice/.ssh/environment"
set_identity pam
run sshc alice 'echo E2E-RAN-$((6*7)); id -un'
refused "$E identity pam, PermitUserEnvironment yes and ~/.ssh/environment naming bob: refused" \
	"LOGNAME/USER 'bob' does not match the PAM session record \('alice'\)"
set_identity env
mount --bind "$T/sshd-B.conf" /etc/ssh/sshd_config
like "$E identity env with PermitUserEnvironment yes: --doctor says FAIL" "$("$SS" --doctor 2>&1)" \
	'FAIL sshd: PermitUserEnvironment yes: ~/.ssh/environment and authorized_keys environment= can set LOGNAME, USER, HOME: an alias can log in as another'
umount /etc/ssh/sshd_config
rm -f "$HB/alice/.ssh/environment"
sshd_stop B
PORT=$PORT_A
set_identity pam

# =================== deployment 2: ForceCommand, /bin/sh as the login shell ===================
sshd_stop A
pam_examples
sed -i "s|:$SS\$|:/bin/sh|" /etc/nssmap.conf # libnss_map's shell field: the plain shell
PORT_C=$(free_port)
sshd_config C "$PORT_C" forced-sh
sshd_start C "$PORT_C" || diag "$(cat "$T/sshd-C.log")"
PORT=$PORT_C
run sshc dora id -un
is "$E ForceCommand from /bin/sh: ssh dora id -un prints dora" "$rc:$out" "0:dora"
is "$E ... the home was created" "$(stat -c %F:%a:%u "$HB/dora")" "directory:700:$UID_A"
printf 'echo hi-$((6*7))\nexit 3\n' | sshc dora -tt >"$T/tt" 2>&1
rc=$?
like "$E ForceCommand: ssh -tt gives an interactive shell in the sandbox, 'exit 3' gives 3" \
	"$rc:$(tr -d '\r' <"$T/tt")" '^3:.*dora@[^ ]*:~\$ .*hi-42'
run sshc dora 'exit 7'
is "$E ForceCommand: 'exit 7' exits 7" "$rc" 7
out=$(timeout -k 5 40 ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o "UserKnownHostsFile=$T/known_hosts" \
	-o StrictHostKeyChecking=yes -v -i "$T/keys/dora" -p "$PORT" dora@127.0.0.1 'kill -TERM $$' 2>&1)
like "$E ForceCommand: kill -TERM \$\$ is reported as exit-signal (the plain shell exec'd the launcher)" "$?:$out" \
	'^255:.*rtype exit-signal'
run sshc dora 'cat /proc/self/sessionid; echo; echo $$; cat /proc/1/comm'
sid=$(printf '%s\n' "$out" | head -1)
is "$E ForceCommand: the command ran in the sandbox (PID 2 of its own PID namespace, the launcher's init is 1)" \
	"$(printf '%s\n' "$out" | tail -2 | tr '\n' ' ')" "2 secure_shell "
wait_for test ! -e "$SESSDIR/$sid"
check "$E the close_session hook (examples/pam.d-sshd, no user_readenv=1) removed the record" test ! -e "$SESSDIR/$sid"
printf 'put %s up-internal.bin\nls\n' "$T/pub/blob" | sftpc dora >"$T/sftp.out" 2>&1
is "$E Subsystem internal-sftp under ForceCommand: mapped to the sandboxed sftp-server, lands in dora's home" \
	"$(cmp -s "$T/pub/blob" "$HB/dora/up-internal.bin" && stat -c %u "$HB/dora/up-internal.bin")" "$UID_A"
scpc dora "$T/pub/blob" dora@127.0.0.1:up-scp.bin
is "$E ForceCommand: scp upload" "$(cmp -s "$T/pub/blob" "$HB/dora/up-scp.bin" && echo same)" same
run sshc ed 'cat /home/dora/up-scp.bin || ls /home'
is "$E ForceCommand: ed cannot read dora's files, sees only his own home" "$rc:$out" "0:ed"
install -m 0644 -o "$UID_A" -g "$UID_A" "$SPOOF_FILE" "$HB/dora/.pam_environment"
run sshc dora 'echo E2E-RAN-$((6*7))'
is "$E ForceCommand: without user_readenv=1, ~/.pam_environment is not read" "$rc:$out" "0:E2E-RAN-42"
set_identity env
run sshc dora 'echo E2E-RAN-$((6*7))'
refused "$E ForceCommand from /bin/sh needs identity pam: identity env refuses it" \
	"the login shell of 'dora' is not this launcher"
set_identity pam
# why --doctor fails user_readenv=1 in this deployment: the plain shell loads LD_PRELOAD outside
install -m 0755 -o "$UID_A" -g "$UID_A" "$T/evil.so" "$HB/dora/evil.so"
printf 'LD_PRELOAD DEFAULT=%s/dora/evil.so\n' "$HB" >"$HB/dora/.pam_environment"
cp /etc/pam.d/sshd "$T/pam.saved"
sed -i 's|^session    required     pam_env.so envfile=/etc/default/locale|& user_readenv=1|' /etc/pam.d/sshd
sed -i '/type=close_session/d' /etc/pam.d/sshd
run sshc dora 'echo inside'
like "$E ... with user_readenv=1 the plain login shell loads the alias's LD_PRELOAD outside the sandbox" \
	"$(cat "$T/pub/preload-marker" 2>&1)" "uid=$UID_A euid=$UID_A"
mount --bind "$T/sshd-C.conf" /etc/ssh/sshd_config
out=$("$SS" --doctor 2>&1)
umount /etc/ssh/sshd_config
like "$E ... and --doctor FAILs that host" "$out" \
	"FAIL pam: .* reads ~/.pam_environment, which sets LOGNAME, USER and HOME after sshd and LD_PRELOAD for the plain login shell"
cp "$T/pam.saved" /etc/pam.d/sshd
rm -f "$HB/dora/.pam_environment" "$HB/dora/evil.so" "$T/pub/preload-marker"
sshd_stop C
