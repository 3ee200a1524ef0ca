#!/bin/bash
# Runs the C unit test binaries (plain and ASan+UBSan builds); each prints TAP.  A binary that
# exits non-zero (a crash, a sanitizer report, a failed check) adds a "not ok" line of its own, so
# that it cannot pass unseen.  Dependency files (*.d) next to the binaries are skipped.
set -u
rc=0
for t in "$@"; do
	case $t in *.d) continue ;; esac
	echo "# unit: $t"
	ASAN_OPTIONS=detect_leaks=1 timeout 120 "$t"
	st=$?
	if [ "$st" -ne 0 ]; then
		echo "not ok - unit binary $t exited with status $st"
		rc=1
	fi
done
exit $rc
