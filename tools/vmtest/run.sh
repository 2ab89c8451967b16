#!/bin/bash
# Boot one kernel under qemu (TCG) with an initramfs from mkinitramfs.sh.
#
# Usage: run.sh -k KVER -i INITRAMFS [-m run|shell|demo|bench] [-T SECONDS]
#               [-M MIB] [-t COLLECTION:TEST[,...]]
#
#   -m run     run the kselftest suite, print its KTAP output and a summary,
#              and check the console for kernel reports (default)
#   -m shell   interactive shell on the console; no time limit, no log
#   -m demo    run the demo script, streaming the console
#   -m bench   run the benchmark, streaming its progress; its samples go to
#              build/vmtest/KVER/bench/bench.jsonl through a second serial
#              port, and its console log is in the same directory
#   -T         wall-clock limit in seconds for run, demo and bench (default
#              900, or $VMTEST_TIMEOUT)
#   -M         guest memory in MiB (default 1024, or $VMTEST_MEMORY)
#   -t         run only these tests (bench: these phases)
#
# VMTEST_TEST_TIMEOUT, when set, replaces the per-test time limit of the
# suite's settings file (run_kselftest.sh -o), for slow kernels.
#
# run and demo save the console to build/vmtest/KVER/console.log. run also
# writes build/vmtest/KVER/ktap.log and build/vmtest/KVER/result, one line
# "PASSED FAILED SKIPPED", and exits non-zero when a test failed or went
# missing, the kernel reported a bug or warning, or the VM did not finish.
# VERBOSE=1 streams the console while the suite runs.
#
# Only TCG is used, so no KVM is needed. On hosts that are themselves VMs,
# nested KVM has hung the guest.
set -euo pipefail

VMTEST=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$VMTEST/../.." && pwd)
BUILD=${BUILD:-$TOP/build}

QEMU=${QEMU:-qemu-system-x86_64}

# Kernel console lines (they carry a printk timestamp) that fail the run.
# Lockdep and RCU reports start with "WARNING:" or contain "INFO: ". A
# net_device reference left behind shows as unregister_netdevice waiting.
# kmemleak also logs when it starts, so only its findings count.
KERNEL_REPORTS='BUG:|WARNING:|Oops|KASAN|UBSAN:|kmemleak: [0-9]+ new suspected|unreferenced object|possible circular locking|suspicious RCU usage|INFO: |Call Trace:|Kernel panic|general protection fault|unregister_netdevice: waiting|ODEBUG:|list_(add|del) corruption'
# Taint bits that only a kernel problem sets: B (bad page, 5), D (oops, 7),
# W (warning, 9), L (soft lockup, 14). Out-of-tree and unsigned modules set
# O and E, which are expected here.
BAD_TAINT_MASK=$(( (1 << 5) | (1 << 7) | (1 << 9) | (1 << 14) ))

die()
{
	echo "vmtest: $*" >&2
	exit 1
}

kver=
initramfs=
mode=run
limit=${VMTEST_TIMEOUT:-900}
memory=${VMTEST_MEMORY:-1024}
tests=
while getopts 'k:i:m:T:M:t:h' opt; do
	case "$opt" in
	k) kver=$OPTARG ;;
	i) initramfs=$OPTARG ;;
	m) mode=$OPTARG ;;
	T) limit=$OPTARG ;;
	M) memory=$OPTARG ;;
	t) tests=$OPTARG ;;
	*) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0" >&2; exit 1 ;;
	esac
done
if [ -z "$kver" ] || [ -z "$initramfs" ]; then
	die "usage: run.sh -k KVER -i INITRAMFS [-m run|shell|demo|bench]"
fi
case "$mode" in
run | shell | demo | bench) ;;
*) die "invalid mode \"$mode\"; expected run, shell, demo or bench" ;;
esac
case "$limit" in
'' | *[!0-9]*) die "invalid time limit \"$limit\"; expected whole seconds" ;;
esac
case "$memory" in
'' | *[!0-9]*) die "invalid guest memory \"$memory\"; expected whole MiB" ;;
esac

kernel=$BUILD/kernels/$kver/vmlinuz
[ -f "$kernel" ] || die "$kernel not found; run tools/vmtest/kernels.sh fetch $kver"
[ -f "$initramfs" ] || die "$initramfs not found; run tools/vmtest/mkinitramfs.sh"
command -v "$QEMU" >/dev/null || die "$QEMU not found; run tools/vmtest/setup-host.sh"

out=$BUILD/vmtest/$kver
# A benchmark keeps its files apart, so that a suite run of the same kernel
# at the same time cannot overwrite its console log.
if [ "$mode" = bench ]; then
	out=$out/bench
fi
mkdir -p "$out"
log=$out/console.log

# An oops, soft lockup or hung task panics, and panic=-1 reboots at once,
# which ends qemu (-no-reboot). A broken kernel then fails the run in
# seconds instead of running into the time limit.
append="console=ttyS0 printk.time=1 panic=-1 oops=panic softlockup_panic=1"
append="$append hung_task_panic=1 vmtest.mode=$mode"
if [ -n "$tests" ]; then
	append="$append vmtest.tests=$tests"
fi
if [ -n "${VMTEST_TEST_TIMEOUT:-}" ]; then
	append="$append vmtest.test_timeout=$VMTEST_TEST_TIMEOUT"
fi

qemu_cmd=("$QEMU" -accel tcg -smp 2 -m "$memory" -nographic -no-reboot
	-kernel "$kernel" -initrd "$initramfs" -append "$append")
if [ "$mode" = bench ]; then
	# ttyS0 stays the console; ttyS1 carries the benchmark's samples.
	rm -f "$out/bench.jsonl"
	qemu_cmd+=(-serial mon:stdio -serial "file:$out/bench.jsonl")
fi

if [ "$mode" = shell ]; then
	echo "vmtest: booting $kver; exit the shell to power off (qemu: Ctrl-a x)"
	exec "${qemu_cmd[@]}"
fi

# Run qemu under timeout(1), in the background so that an interrupt of this
# script ends that qemu too (timeout runs in its own process group). The
# raw console goes to the log; carriage returns from the serial line are
# stripped afterwards. $1, when not empty, is a sed address: the console is
# streamed while the VM runs, starting at the first line it matches.
boot_vm()
{
	local rc=0 stream=$1 vm_pid

	timeout -k 10 "$limit" "${qemu_cmd[@]}" < /dev/null > "$log.raw" 2>&1 &
	vm_pid=$!
	trap 'kill "$vm_pid" 2>/dev/null; exit 130' INT TERM HUP
	if [ -n "$stream" ]; then
		tail -n +1 -f --pid="$vm_pid" "$log.raw" |
			sed -u -n "s/\r\$//; $stream,\$p"
	fi
	wait "$vm_pid" || rc=$?
	trap - INT TERM HUP

	tr -d '\r' < "$log.raw" > "$log"
	rm -f "$log.raw"
	return "$rc"
}

# Print the value of the last marker "=== vmtest: NAME VALUE" or
# "=== vmtest: NAME=VALUE" ($1 = NAME).
marker_value()
{
	sed -n "s/^=== vmtest: $1[ =]//p" "$log" | tail -n 1
}

has_marker()
{
	grep -q "^=== vmtest: $1" "$log"
}

# Print the kernel's reports: console lines with a printk timestamp that
# match KERNEL_REPORTS.
kernel_reports()
{
	grep -E "\[ *[0-9]+\.[0-9]+\] .*($KERNEL_REPORTS)" "$log" || true
}

check_kernel()
{
	local reports tainted

	reports=$(kernel_reports)
	if [ -n "$reports" ]; then
		echo "vmtest: $kver: the kernel reported problems (full log: $log):"
		grep -E -A 30 "\[ *[0-9]+\.[0-9]+\] .*($KERNEL_REPORTS)" "$log" |
			head -n 120
		problems=$((problems + 1))
	fi

	tainted=$(marker_value tainted)
	if [ -n "$tainted" ] && [ $((tainted & BAD_TAINT_MASK)) -ne 0 ]; then
		echo "vmtest: $kver: kernel taint mask $tainted has warning/oops bits set"
		problems=$((problems + 1))
	fi
}

# Count the suite's top-level KTAP results: test lines that the runner
# prints unindented, as opposed to each test's own "# "-prefixed output.
count_results()
{
	awk '
		/^1\.\.[0-9]+/ { planned += substr($1, 4) }
		/^ok [0-9]+ / && / # SKIP/ { skipped++; next }
		/^ok [0-9]+ / { passed++; next }
		/^not ok [0-9]+ / && / # SKIP/ { skipped++; next }
		/^not ok [0-9]+ / { failed++; next }
		END { printf "%d %d %d %d\n", passed, failed, skipped, planned }
	' "$out/ktap.log"
}

run_suite()
{
	local rc=0 start elapsed passed failed skipped planned missing rmmod leaks

	problems=0
	start=$(date +%s)
	echo "vmtest: $kver: booting (limit ${limit}s)"
	if [ "${VERBOSE:-0}" = 1 ]; then
		boot_vm 1 || rc=$?
	else
		boot_vm "" || rc=$?
	fi
	elapsed=$(( $(date +%s) - start ))

	sed -n '/^=== vmtest: suite start/,/^=== vmtest: suite end/p' "$log" |
		sed '1d;$d' > "$out/ktap.log"

	echo "==== KTAP for $kver ===="
	cat "$out/ktap.log"
	echo "==== end of KTAP for $kver ===="

	read -r passed failed skipped planned < <(count_results)
	missing=$((planned - passed - failed - skipped))
	if [ "$missing" -gt 0 ]; then
		echo "vmtest: $kver: $missing of $planned planned tests reported no result"
		failed=$((failed + missing))
	fi
	if [ "$planned" -eq 0 ]; then
		echo "vmtest: $kver: the suite ran no test"
		problems=$((problems + 1))
	fi

	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "vmtest: $kver: timed out after ${limit}s; last console lines:"
		tail -n 40 "$log"
		problems=$((problems + 1))
	elif ! has_marker "done"; then
		echo "vmtest: $kver: the VM stopped before the suite finished (qemu exit $rc); last console lines:"
		tail -n 40 "$log"
		problems=$((problems + 1))
	fi
	if ! has_marker "suite start"; then
		echo "vmtest: $kver: the suite never started"
		problems=$((problems + 1))
	fi

	rmmod=$(marker_value "rmmod ippp" | sed 's/^rc=//')
	if [ -n "$rmmod" ] && [ "$rmmod" != 0 ]; then
		echo "vmtest: $kver: rmmod ippp after the suite failed with $rmmod"
		problems=$((problems + 1))
	fi

	# init.sh prints the kmemleak report, which has no printk timestamps,
	# after this marker.
	leaks=$(marker_value "kmemleak leaks")
	if [ "$leaks" = 0 ]; then
		echo "vmtest: $kver: kmemleak found no leaks"
	elif [ -n "$leaks" ]; then
		echo "vmtest: $kver: kmemleak found $leaks leaked objects:"
		sed -n '/^=== vmtest: kmemleak leaks=/,/^=== vmtest: /p' "$log" |
			head -n 200
		problems=$((problems + 1))
	fi

	check_kernel

	echo "$passed $failed $skipped $problems" > "$out/result"
	echo "vmtest: $kver: $passed passed, $failed failed, $skipped skipped," \
		"$problems VM problems; ${elapsed}s wall clock," \
		"suite started at $(marker_value 'suite start' | sed -n 's/.*uptime=//p')s uptime"
	[ "$failed" -eq 0 ] && [ "$problems" -eq 0 ]
}

run_demo()
{
	local rc=0

	problems=0
	echo "vmtest: $kver: booting the demo (limit ${limit}s)"
	boot_vm '/^=== vmtest: demo start/' || rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "vmtest: $kver: timed out after ${limit}s"
		problems=$((problems + 1))
	fi
	if ! has_marker "demo start"; then
		echo "vmtest: $kver: the demo never started; last console lines:"
		tail -n 40 "$log"
		problems=$((problems + 1))
	fi
	check_kernel
	[ "$problems" -eq 0 ]
}

run_bench()
{
	local rc=0

	problems=0
	echo "vmtest: $kver: booting the benchmark (limit ${limit}s, ${memory} MiB)"
	boot_vm '/^=== vmtest: bench start/' || rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "vmtest: $kver: timed out after ${limit}s"
		problems=$((problems + 1))
	fi
	if ! has_marker "bench end rc=0"; then
		echo "vmtest: $kver: the benchmark did not finish; last console lines:"
		tail -n 40 "$log"
		problems=$((problems + 1))
	fi
	if [ -f "$out/bench.jsonl" ]; then
		sed -i 's/\r$//' "$out/bench.jsonl"
	fi
	check_kernel
	[ "$problems" -eq 0 ]
}

if [ "$mode" = demo ]; then
	run_demo
elif [ "$mode" = bench ]; then
	run_bench
else
	run_suite
fi
