#!/bin/bash
# Build everything for each kernel of the matrix and boot it under qemu.
#
# Usage: check.sh [-m run|shell|demo|bench] [-k KVER] [-t COLLECTION:TEST[,...]]
#
#   -m run    (default) run the suite on every kernel of the matrix and end
#             with one line "N passed, N failed, N skipped"
#   -m shell  boot one kernel (-k, default the backports one) to a shell
#   -m demo   boot one kernel and run tools/vmtest/demo.sh
#   -m bench  boot one kernel with an IPPP_BENCH=1 module, run
#             tools/vmtest/bench/bench.sh and write BENCHMARKS.md and
#             BENCHMARKS.json at the top of the tree (with -t, only the
#             named phases, written to build/vmtest/KVER/bench instead)
#   -k KVER   a kernel release from "kernels.sh list", or its version
#             prefix such as 6.1 or 6.12, or "debug" for the debug kernel
#             (tools/vmtest/debug-kernel.sh), which the whole matrix of
#             -m run includes unless VMTEST_DEBUG_KERNEL=0
#   -t        run only these tests (bench: datapath, filter, control,
#             memory)
#
# The steps are cached under build/ where they can be. First install host
# packages (as root), extract kselftest from linux-source, resolve and fetch
# the kernels, and build ipppctl and the selftests. Then, for each kernel,
# build ippp.ko against its headers in build/kmod/KVER, build the initramfs
# and boot it.
set -euo pipefail

VMTEST=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$VMTEST/../.." && pwd)
export BUILD=${BUILD:-$TOP/build}
KSFT_SRC=$BUILD/linux-source-6.12
SELFTESTS=$BUILD/selftests/install
MAKE=${MAKE:-make}
QEMU=${QEMU:-qemu-system-x86_64}
JOBS=$(nproc 2>/dev/null || echo 1)

die()
{
	echo "vmtest: $*" >&2
	exit 1
}

# Print a progress line with the seconds since check.sh started.
step()
{
	echo "vmtest: [${SECONDS}s] $*"
}

mode=run
want=
tests=
while getopts 'm:k:t:h' opt; do
	case "$opt" in
	m) mode=$OPTARG ;;
	k) want=$OPTARG ;;
	t) tests=$OPTARG ;;
	*) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0" >&2; exit 1 ;;
	esac
done
case "$mode" in
run | shell | demo | bench) ;;
*) die "invalid mode \"$mode\"; expected run, shell, demo or bench" ;;
esac

setup_host()
{
	if [ "$(id -u)" -eq 0 ]; then
		"$VMTEST/setup-host.sh"
	else
		step "not root, so host packages are not checked (tools/vmtest/setup-host.sh)"
	fi
}

# Print the Debian kernels to boot, one release per line.
select_kernels()
{
	local matrix

	[ "$want" != debug ] || return 0
	matrix=$("$VMTEST/kernels.sh" list)
	if [ -n "$want" ]; then
		echo "$matrix" | awk -v w="$want" '
			$1 == w || index($1, w ".") == 1 || index($1, w "-") == 1 {
				print $1; found = 1; exit }
			END { exit !found }' ||
			die "kernel \"$want\" is not in the matrix: $(echo "$matrix" | awk '{ printf "%s ", $1 }')"
	elif [ "$mode" = run ]; then
		echo "$matrix" | awk '{ print $1 }'
	else
		echo "$matrix" | awk '$2 ~ /-backports$/ { print $1; exit }'
	fi
}

build_tool()
{
	step "building ipppctl"
	"$MAKE" -s -C "$TOP/tools/ipppctl" -j"$JOBS"
}

# The tool's own tests need no kernel: they run the real binary for every
# usage error and a build linked against a stand-in for the genl family.
test_tool()
{
	step "testing ipppctl on the host, under valgrind and the sanitizers"
	"$MAKE" -s -C "$TOP/tools/ipppctl" check-valgrind check-asan
}

# The YNL spec must match its schema and uapi/linux/ippp.h. The check runs
# on Debian's interpreter, which setup-host.sh gives yaml and jsonschema.
check_spec()
{
	step "checking the YNL spec of the ippp family"
	/usr/bin/python3 "$TOP/tools/ynl/check-spec.py" "$KSFT_SRC"
}

build_selftests()
{
	step "building the selftests"
	rm -rf "$SELFTESTS"
	mkdir -p "$BUILD/selftests"
	"$MAKE" -s -C "$TOP/selftests/ippp" KSFT_SRC="$KSFT_SRC" \
		OUTPUT="$BUILD/selftests/obj" install INSTALL_PATH="$SELFTESTS" \
		> "$BUILD/selftests/install.log" ||
		{ cat "$BUILD/selftests/install.log"; die "building the selftests failed"; }
}

# Fail on a name in -t that is not a test of the suite. The runner only
# warns about one, so a run that tested nothing would pass.
check_test_names()
{
	local name list=$SELFTESTS/kselftest-list.txt

	for name in $(echo "$tests" | tr ',' ' '); do
		grep -qxF "$name" "$list" ||
			die "test \"$name\" not found; the suite has: $(paste -sd ' ' "$list")"
	done
}

# Build ippp.ko for $1 in a copy of kernel/ and uapi/ in directory $2
# (default build/kmod/$1), so that each kernel's objects stay apart and the
# source tree stays clean. Further arguments go to make.
build_module()
{
	local kver=$1 kdir=/usr/src/linux-headers-$1 dest=${2:-$BUILD/kmod/$1}

	shift 2 || shift

	if [ ! -f "$TOP/kernel/Makefile" ]; then
		step "kernel/ has no Makefile yet; the VM gets no ippp module"
		return 0
	fi
	[ -d "$kdir" ] ||
		die "$kdir not found; run tools/vmtest/setup-host.sh as root to install linux-headers-$kver"

	step "building ippp.ko for $kver"
	mkdir -p "$dest"
	# Build products of an in-tree build belong to another kernel, so they
	# are not copied. The excludes also keep --delete off this copy's own.
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='.*.d' \
		--exclude=Module.symvers --exclude=modules.order \
		"$TOP/kernel" "$TOP/uapi" "$dest/"
	"$MAKE" -s -C "$dest/kernel" KDIR="$kdir" -j"$JOBS" "$@"
}

fetch_kernels()
{
	local kver

	for kver in $kernels; do
		"$VMTEST/kernels.sh" fetch "$kver" || return 1
	done
}

# The archive replaces kernel builds, so a download can fail because the
# package lists are older than the archive. Refresh them once, install the
# headers of whatever the metapackages name now, and resolve again.
fetch_kernels_refreshing()
{
	fetch_kernels && return 0
	[ "$(id -u)" -eq 0 ] || die "fetching the kernels failed; as root, run apt-get update and retry"
	step "fetching failed; refreshing the package lists and resolving the kernels again"
	apt-get update -q >/dev/null
	"$VMTEST/setup-host.sh"
	kernels=$(select_kernels)
	fetch_kernels || die "fetching the kernels failed after apt-get update"
}

# Build both modules for a Debian kernel $1: the normal one, and a
# CONFIG_IPPP_FILTER=n one that the suite's nofilter_module test loads in
# its place. The debug kernel has its module from its own build.
prepare_kernel()
{
	local kver=$1 ko=$BUILD/kmod/$1/kernel/ippp.ko
	local nofilter=$BUILD/kmod-nofilter/$1/kernel/ippp.ko

	if [ "$kver" = "$debug_kver" ]; then
		ko=$BUILD/kernels/$kver/ippp.ko
		nofilter=
	else
		build_module "$kver"
		build_module "$kver" "$BUILD/kmod-nofilter/$kver" CONFIG_IPPP_FILTER=n
	fi
	step "building the initramfs for $kver"
	"$VMTEST/mkinitramfs.sh" -k "$kver" -o "$BUILD/vmtest/$kver/initramfs.img" \
		-m "$ko" -s "$SELFTESTS" -t "$TOP/tools/ipppctl/ipppctl" \
		-d "$VMTEST/demo.sh" -y "$KSFT_SRC" ${nofilter:+-n "$nofilter"}
}

# Build the debug kernel (cached) for "-k debug", or for a run of the
# whole matrix unless VMTEST_DEBUG_KERNEL=0, and add it to $kernels.
add_debug_kernel()
{
	if [ "$want" != debug ] &&
	   { [ "$mode" != run ] || [ -n "$want" ] ||
	     [ "${VMTEST_DEBUG_KERNEL:-1}" = 0 ]; }; then
		return 0
	fi
	step "building the debug kernel (tools/vmtest/debug-kernel.sh)"
	debug_kver=$("$VMTEST/debug-kernel.sh" | tail -n 1)
	kernels=$(echo $kernels "$debug_kver")
}

run_matrix()
{
	local kver passed=0 failed=0 skipped=0 p f s bad="" limits test_timeout

	for kver in $kernels; do
		prepare_kernel "$kver"
	done

	for kver in $kernels; do
		# KASAN and lockdep slow the debug kernel down several times, and
		# KASAN's shadow takes an eighth of the memory.
		limits=()
		test_timeout=${VMTEST_TEST_TIMEOUT:-}
		if [ "$kver" = "$debug_kver" ]; then
			limits=(-T "${VMTEST_DEBUG_TIMEOUT:-3600}" -M 2048)
			test_timeout=${VMTEST_DEBUG_TEST_TIMEOUT:-900}
		fi
		rm -f "$BUILD/vmtest/$kver/result"
		if ! VMTEST_TEST_TIMEOUT=$test_timeout "$VMTEST/run.sh" -k "$kver" \
			-i "$BUILD/vmtest/$kver/initramfs.img" "${limits[@]}" \
			${tests:+-t "$tests"}; then
			bad="$bad $kver"
		fi
		if [ -f "$BUILD/vmtest/$kver/result" ]; then
			read -r p f s _ < "$BUILD/vmtest/$kver/result"
			passed=$((passed + p))
			failed=$((failed + f))
			skipped=$((skipped + s))
		fi
	done

	step "matrix done"
	if [ -n "$bad" ]; then
		step "FAILED on:$bad (console logs in build/vmtest/KVER/console.log)"
	fi
	echo "$passed passed, $failed failed, $skipped skipped"
	[ -z "$bad" ]
}

# Boot $1 with the benchmark: a module built with IPPP_BENCH=1 (kept apart
# in build/kmod-bench), the programs of tools/vmtest/bench and more memory,
# since the memory phase creates 10,000 units and 10,000 veth devices. Then
# turn the samples into the report.
run_bench()
{
	local kver=$1 out=$BUILD/vmtest/$1/bench payload=$BUILD/bench/payload
	local ko=$BUILD/kmod-bench/$1/kernel/ippp.ko md=$TOP/BENCHMARKS.md
	local json=$TOP/BENCHMARKS.json rc=0

	build_module "$kver" "$BUILD/kmod-bench/$kver" IPPP_BENCH=1
	step "building the benchmark programs"
	rm -rf "$payload"
	"$MAKE" -s -C "$VMTEST/bench" OUTPUT="$payload"
	cp "$VMTEST/bench/bench.sh" "$payload/"
	step "building the benchmark initramfs for $kver"
	"$VMTEST/mkinitramfs.sh" -k "$kver" -o "$out/initramfs.img" \
		-m "$ko" -t "$TOP/tools/ipppctl/ipppctl" -b "$payload"

	"$VMTEST/run.sh" -k "$kver" -i "$out/initramfs.img" -m bench \
		-M "${BENCH_MEMORY:-3072}" -T "${BENCH_TIMEOUT:-3600}" \
		${tests:+-t "$tests"} || rc=$?
	[ -s "$out/bench.jsonl" ] || die "the benchmark wrote no samples (console log: $out/console.log)"

	# A run of some phases only must not replace the full report.
	if [ -n "$tests" ] || [ "$rc" -ne 0 ]; then
		md=$out/BENCHMARKS.md
		json=$out/BENCHMARKS.json
	fi
	python3 "$VMTEST/bench/report.py" --samples "$out/bench.jsonl" \
		--md "$md" --json "$json" \
		--cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
		--cores "$JOBS" --qemu "$("$QEMU" --version | head -n 1)" \
		--memory "${BENCH_MEMORY:-3072}"
	step "wrote $md and $json"
	return "$rc"
}

setup_host
"$VMTEST/linux-source.sh" "$KSFT_SRC"
kernels=$(select_kernels)
fetch_kernels_refreshing
debug_kver=
add_debug_kernel
build_tool

if [ "$mode" = bench ]; then
	run_bench "$kernels"
	exit
fi
build_selftests
check_test_names

if [ "$mode" = run ]; then
	if [ -z "$tests" ]; then
		check_spec
		test_tool
	fi
	run_matrix
else
	prepare_kernel "$kernels"
	exec "$VMTEST/run.sh" -k "$kernels" -i "$BUILD/vmtest/$kernels/initramfs.img" \
		-m "$mode" ${tests:+-t "$tests"}
fi
