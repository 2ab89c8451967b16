#!/bin/bash
# Static checks of the module and the tool; any finding fails the run.
#
# Usage: lint.sh
#
#   1. checkpatch.pl --strict --no-tree (from linux-source-6.12) over
#      kernel/ and uapi/, and no LINUX_VERSION_CODE or KERNEL_VERSION test
#      outside kernel/compat.h;
#   2. the module built with sparse (C=2) and W=1 against the headers of
#      every kernel of the test matrix, with the filters (the default), with
#      CONFIG_IPPP_FILTER=n and with IPPP_BENCH=1, so every source file and
#      both sides of each #if are checked. Any compiler, sparse or modpost
#      message fails;
#   3. every source of ipppctl compiled with -Wall -Wextra -Werror;
#   4. cppcheck over ipppctl and its tests, with the suppressions listed in
#      tools/vmtest/cppcheck-suppressions.txt.
#
# As root it first installs missing host packages (setup-host.sh). Module
# builds go to build/lint/KVER-VARIANT; the source tree stays clean.
set -euo pipefail

VMTEST=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$VMTEST/../.." && pwd)
export BUILD=${BUILD:-$TOP/build}
KSFT_SRC=$BUILD/linux-source-6.12
MAKE=${MAKE:-make}
CC=${CC:-cc}
JOBS=$(nproc 2>/dev/null || echo 1)

findings=0

step()
{
	echo "lint: [${SECONDS}s] $*"
}

fail()
{
	echo "lint: $*" >&2
	findings=$((findings + 1))
}

# With --terse, checkpatch prints nothing for a clean file, so any output is
# a finding.
run_checkpatch()
{
	local out

	step "checkpatch --strict over kernel/ and uapi/"
	out=$(cd "$TOP" && "$KSFT_SRC/scripts/checkpatch.pl" --strict --no-tree \
		--show-types --terse -f kernel/*.c kernel/*.h uapi/linux/*.h) || true
	if echo "$out" | grep -q .; then
		echo "$out"
		fail "checkpatch reported the findings above"
	fi
}

# The design keeps kernel version tests in one file, so shims stay in one
# place and are easy to drop with an old kernel.
check_version_tests()
{
	local out

	step "kernel version tests outside kernel/compat.h"
	out=$(cd "$TOP" && grep -nE 'LINUX_VERSION_CODE|KERNEL_VERSION\(' \
		kernel/*.c kernel/*.h uapi/linux/*.h | grep -v '^kernel/compat\.h:') || true
	if [ -n "$out" ]; then
		echo "$out"
		fail "kernel version tests belong in kernel/compat.h"
	fi
}

# Build a fresh copy of the module for kernel $1 as variant $2 with the make
# arguments that follow, under sparse and W=1, and fail on any diagnostic.
sparse_build()
{
	local kver=$1 variant=$2 kdir=/usr/src/linux-headers-$1 dest log

	shift 2
	dest=$BUILD/lint/$kver-$variant
	log=$dest/build.log
	rm -rf "$dest"
	mkdir -p "$dest"
	cp -r "$TOP/kernel" "$TOP/uapi" "$dest/"
	# Objects of an earlier in-tree build would be taken as up to date.
	find "$dest" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' \
		-o -name '.*.cmd' -o -name '.*.d' -o -name Module.symvers \
		-o -name modules.order \) -delete

	if ! "$MAKE" -C "$dest/kernel" KDIR="$kdir" -j"$JOBS" "$@" C=2 W=1 \
		> "$log" 2>&1; then
		cat "$log"
		fail "$kver ($variant): the build failed"
		return
	fi
	# Compiler and sparse messages carry "file:line:col:"; modpost and
	# kbuild print "WARNING:" or "warning:".
	if grep -E '\.[ch]:[0-9]+(:[0-9]+)?: |warning|WARNING|error' "$log" |
		grep -v '^Skipping BTF generation'; then
		fail "$kver ($variant): sparse or W=1 reported the lines above (log: $log)"
	fi
}

run_sparse()
{
	local kver

	for kver in $("$VMTEST/kernels.sh" list | awk '{ print $1 }'); do
		[ -d "/usr/src/linux-headers-$kver" ] || {
			fail "/usr/src/linux-headers-$kver not found; run tools/vmtest/setup-host.sh as root"
			continue
		}
		step "sparse and W=1 on $kver"
		sparse_build "$kver" filter
		sparse_build "$kver" nofilter CONFIG_IPPP_FILTER=n
		sparse_build "$kver" bench IPPP_BENCH=1
	done
}

# Compile each source on its own, to /dev/null, so the tool's own objects
# are neither reused nor replaced.
run_tool_warnings()
{
	local pkgs="libnl-genl-3.0 libpcap json-c" cflags f

	step "ipppctl with -Wall -Wextra -Werror"
	cflags=$(pkg-config --cflags $pkgs)
	for f in "$TOP"/tools/ipppctl/*.c "$TOP"/tools/ipppctl/tests/*.c; do
		# shellcheck disable=SC2086
		"$CC" -std=gnu11 -O2 -Wall -Wextra -Werror -I"$TOP/uapi" \
			-I"$TOP/tools/ipppctl" $cflags -c -o /dev/null "$f" ||
			fail "$f does not compile cleanly"
	done
}

run_cppcheck()
{
	step "cppcheck over ipppctl"
	if ! (cd "$TOP" && cppcheck --quiet --error-exitcode=1 --std=c11 \
		--enable=warning,style,performance,portability \
		--suppressions-list="$VMTEST/cppcheck-suppressions.txt" \
		-I uapi -I tools/ipppctl \
		tools/ipppctl/*.c tools/ipppctl/tests/*.c); then
		fail "cppcheck reported the findings above"
	fi
}

if [ "$(id -u)" -eq 0 ]; then
	"$VMTEST/setup-host.sh"
fi
"$VMTEST/linux-source.sh" "$KSFT_SRC"

run_checkpatch
check_version_tests
run_sparse
run_tool_warnings
run_cppcheck

if [ "$findings" -ne 0 ]; then
	step "$findings check(s) failed"
	exit 1
fi
step "no findings"
