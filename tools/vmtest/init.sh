#!/bin/sh
# /init of the test initramfs that tools/vmtest/mkinitramfs.sh builds.
#
# Kernel command line parameters read here:
#   vmtest.mode=run|shell|demo|bench
#                                run the kselftest suite (default), start an
#                                interactive shell, run /vmtest/demo.sh, or
#                                run /vmtest/bench/bench.sh
#   vmtest.tests=C:T[,C:T...]    run only these tests (run_kselftest.sh -t);
#                                in bench mode, only these benchmark phases
#   vmtest.test_timeout=SECONDS  per-test time limit (run_kselftest.sh -o)
#
# Lines starting with "=== vmtest:" are markers that tools/vmtest/run.sh
# reads from the console; keep their wording in step with it.

export PATH=/usr/bin:/bin:/usr/sbin:/sbin
export HOME=/root
export TERM=linux

marker()
{
	# The leading newline keeps a marker on its own line even when kernel
	# messages or test output left the console mid-line.
	printf '\n=== vmtest: %s\n' "$*"
}

mount_filesystems()
{
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	# devtmpfs creates no /dev/fd links, and kselftest's runner writes its
	# log to /dev/stdout.
	ln -sf /proc/self/fd /dev/fd
	ln -sf /proc/self/fd/0 /dev/stdin
	ln -sf /proc/self/fd/1 /dev/stdout
	ln -sf /proc/self/fd/2 /dev/stderr
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	mount -t tmpfs tmpfs /tmp
	mount -t tmpfs tmpfs /run
	mkdir -p /run/netns
	if [ -d /sys/kernel/debug ]; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	fi
	if [ -d /sys/fs/bpf ]; then
		mount -t bpf bpf /sys/fs/bpf 2>/dev/null
	fi
}

read_cmdline()
{
	mode=run
	tests=
	test_timeout=
	for arg in $(cat /proc/cmdline); do
		case "$arg" in
		vmtest.mode=*)
			mode=${arg#*=}
			;;
		vmtest.test_timeout=*)
			test_timeout=${arg#*=}
			;;
		vmtest.tests=*)
			tests=${arg#*=}
			;;
		esac
	done
}

load_ippp()
{
	if modprobe ippp; then
		marker "modprobe ippp rc=0"
	else
		marker "modprobe ippp rc=$?"
	fi
}

run_suite()
{
	set --
	if [ -n "$test_timeout" ]; then
		set -- -o "$test_timeout"
	fi
	for t in $(echo "$tests" | tr ',' ' '); do
		set -- "$@" -t "$t"
	done

	marker "suite start kernel=$(uname -r) uptime=$(cut -d' ' -f1 /proc/uptime)"
	cd /kselftest && ./run_kselftest.sh "$@"
	marker "suite end rc=$? uptime=$(cut -d' ' -f1 /proc/uptime)"
	cd /

	# Unloading runs the module's exit path with whatever the tests left
	# behind, which is where reference leaks and teardown races show up.
	if [ -d /sys/module/ippp ]; then
		if rmmod ippp; then
			marker "rmmod ippp rc=0"
		else
			marker "rmmod ippp rc=$?"
		fi
	fi
	check_kmemleak
}

# On a kernel with kmemleak (the debug kernel), scan twice once everything
# is torn down, and print what the scans found. kmemleak skips objects
# younger than 5 s, so each scan waits that long first.
check_kmemleak()
{
	kmemleak=/sys/kernel/debug/kmemleak
	[ -w "$kmemleak" ] || return 0
	sleep 6
	echo scan > "$kmemleak"
	sleep 6
	echo scan > "$kmemleak"
	marker "kmemleak leaks=$(grep -c '^unreferenced object' "$kmemleak")"
	cat "$kmemleak"
}

run_shell()
{
	echo "vmtest: kernel $(uname -r); the suite is in /kselftest" \
		"(./run_kselftest.sh); exit the shell to power off"
	if [ -x /usr/bin/bash ]; then
		setsid cttyhack /usr/bin/bash -l
	else
		setsid cttyhack /bin/sh -l
	fi
}

run_demo()
{
	if [ ! -f /vmtest/demo.sh ]; then
		echo "vmtest: no demo in this initramfs (tools/vmtest/demo.sh is missing)"
		return
	fi
	marker "demo start kernel=$(uname -r)"
	bash /vmtest/demo.sh
	marker "demo end rc=$?"
}

# The benchmark writes its samples to the second serial port, which run.sh
# saves to a file on the host, apart from the console.
run_bench()
{
	if [ ! -f /vmtest/bench/bench.sh ]; then
		echo "vmtest: no benchmark in this initramfs"
		return
	fi
	marker "bench start kernel=$(uname -r)"
	# shellcheck disable=SC2046
	bash /vmtest/bench/bench.sh /dev/ttyS1 $(echo "$tests" | tr ',' ' ')
	marker "bench end rc=$?"
}

mount_filesystems
read_cmdline
hostname vmtest
ip link set lo up
load_ippp

case "$mode" in
shell)
	run_shell
	;;
demo)
	run_demo
	;;
bench)
	run_bench
	;;
*)
	run_suite
	;;
esac

# The taint mask records warnings and oopses even when their console
# output was lost; run.sh checks its bits.
marker "tainted=$(cat /proc/sys/kernel/tainted)"
marker "done"
# The VM runs with qemu -no-reboot, so a reboot request ends qemu.
sync
reboot -f
