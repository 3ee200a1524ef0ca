#!/bin/bash
# `make check`: C unit tests (plain and ASan+UBSan), a replay of the fuzz corpora, and the integration
# lanes (setuid, unprivileged, ASan).  Every part prints TAP; the last line is the summary.
set -u
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
{
	if command -v shellcheck >/dev/null; then
		if make -s lint >/dev/null 2>&1; then echo "ok - shellcheck: every shell script is clean"
		else echo "not ok - shellcheck: make lint reports problems"; fi
	else
		echo "ok - shellcheck # SKIP shellcheck is not installed"
	fi
	if command -v clang-format >/dev/null; then
		if make -s format-check >/dev/null 2>&1; then echo "ok - clang-format: every C file follows .clang-format"
		else echo "not ok - clang-format: make format-check reports files to reformat (make format)"; fi
	else
		echo "ok - clang-format # SKIP clang-format is not installed"
	fi
	tests/run-unit.sh build/unit/test_*
	if command -v clang >/dev/null; then
		if make -s fuzz-regress; then echo "ok - fuzz corpora replay cleanly"; else echo "not ok - fuzz corpora replay"; fi
	else
		echo "ok - fuzz corpora replay # SKIP clang is not installed"
	fi
	tests/integration/run.sh
	# real logins: OpenSSH's sshd and Debian's PAM stack, both deployments, the examples, --doctor
	tests/e2e/run.sh
	# the same suite in a User-Mode-Linux guest: pure cgroup v2 with every controller, and AppArmor
	tests/guest/run.sh
} 2>&1 | tee "$log"
skipped=$(grep -c '^ok .*# SKIP' "$log")
passed=$(($(grep -c '^ok' "$log") - skipped))
failed=$(grep -c '^not ok' "$log")
echo
grep '^not ok' "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
