#!/bin/bash
# Runs the C unit test binaries (plain and ASan+UBSan builds); each prints TAP.
set -u
rc=0
for t in "$@"; do
	echo "# unit: $t"
	ASAN_OPTIONS=detect_leaks=1 timeout 120 "$t" || rc=1
done
exit $rc
