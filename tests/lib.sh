#!/bin/bash
# Tiny TAP helpers shared by the shell test suites.
T_N=0
T_FAILED=0
ok()     { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }
# done_testing: the plan line, and a status that says whether anything failed
done_testing() { echo "1..$T_N"; [ "$T_FAILED" -eq 0 ]; }
# check DESC CMD...: passes when CMD succeeds
check()  { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# skip DESC REASON [present]: "present" means the machine has the feature, so MUST_WORK=1 fails it
skip() {
	if [ "${3:-}" = present ] && [ "${MUST_WORK:-0}" = 1 ]; then
		not_ok "$1 (skipped but MUST_WORK=1: $2)"
	else
		T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"
	fi
}
# is DESC GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; printf '#   got:  %q\n#   want: %q\n' "$2" "$3"; fi
}
# like DESC GOT REGEX
like() {
	if [[ $2 =~ $3 ]]; then ok "$1"; else
		not_ok "$1"; printf '#   got:  %q\n#   want match: %s\n' "$2" "$3"; fi
}
diag() { printf '# %s\n' "$*"; }
