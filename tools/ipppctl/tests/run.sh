#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of ipppctl that need no ippp module: the command line on the real
# binary, and the netlink exchange on ipppctl-fake, a build linked with
# fake_kernel.c in place of the kernel. With --valgrind every run goes
# through valgrind and a leak or memory error fails the test.
#
# Run from tools/ipppctl after "make ipppctl tests/ipppctl-fake".

set -u
cd "$(dirname "$0")/.." || exit 2

# With --asan, the command-line tests run tests/ipppctl-asan, a build with
# AddressSanitizer and UndefinedBehaviorSanitizer.
wrapper=()
real=./ipppctl
if [ "${1:-}" = --valgrind ]; then
	wrapper=(valgrind -q --trace-children=yes --leak-check=full
		 --errors-for-leak-kinds=all
		 --error-exitcode=99)
elif [ "${1:-}" = --asan ]; then
	real=tests/ipppctl-asan
	export ASAN_OPTIONS=detect_leaks=1:exitcode=99 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC IPPP_FAKE_STATE=$work/state IPPP_FAKE_LOG=$work/log
passed=0
failed=0

# expect NAME STATUS STDOUT STDERR PROGRAM ARGS...: STDOUT and STDERR are
# the exact expected texts, or "~PATTERN" for an extended regular
# expression that must match somewhere in the output.
expect() {
	local name=$1 status=$2 stdout=$3 stderr=$4 actual problem=""
	shift 4

	"${wrapper[@]}" "$@" >"$work/stdout" 2>"$work/stderr"
	actual=$?
	[ "$actual" = "$status" ] ||
		problem+="  exit status: expected $status, got $actual"$'\n'
	matches "$work/stdout" "$stdout" ||
		problem+="  stdout: expected '$stdout', got '$(cat "$work/stdout")'"$'\n'
	matches "$work/stderr" "$stderr" ||
		problem+="  stderr: expected '$stderr', got '$(cat "$work/stderr")'"$'\n'
	report "$name" "$problem"
}

matches() {
	if [ "${2:0:1}" = "~" ]; then
		grep -Eq -- "${2:1}" "$1"
	else
		[ "$(cat "$1")" = "$2" ]
	fi
}

report() {
	if [ -z "$2" ]; then
		passed=$((passed + 1))
		echo "ok $((passed + failed)) $1"
	else
		failed=$((failed + 1))
		echo "not ok $((passed + failed)) $1"
		printf '%s' "$2"
	fi
}

# check NAME CONDITION...: a test that only evaluates CONDITION.
check() {
	local name=$1
	shift
	if "$@"; then report "$name" ""; else report "$name" "  failed: $*"$'\n'; fi
}

fake=tests/ipppctl-fake

# Command line, on the real binary.
expect "help option" 0 "~^Usage: ipppctl \[ OPTIONS \] OBJECT" "" $real -h
expect "help object" 0 "~OBJECT  := \{ filter \| unit \| monitor \}" "" $real help
expect "no arguments" 1 "" "~^Usage: ipppctl" $real
expect "version" 0 "ipppctl 0.1" "" $real -V
expect "filter help" 0 "~ipppctl filter clear dev NAME" "" $real filter help
expect "filter set help" 0 "~ipppctl filter set dev NAME" "" $real filter set help
expect "unit help" 0 "~ipppctl unit \{ dial \| hangup \} dev NAME" "" $real unit help
expect "unit set help" 0 "~dial-delay MS" "" $real unit set dev ippp0 help
expect "unknown object" 1 "" \
	'Error: unknown object "monitr"; try "ipppctl help"' $real monitr
expect "monitor help" 0 "~ipppctl monitor \[ filter \| link \]" "" \
	$real monitor help
expect "monitor unknown scope" 1 "" \
	'Error: unknown keyword "links" after "monitor"' $real monitor links
expect "unknown option" 1 "" \
	'Error: unknown option "-x"; try "ipppctl -h"' $real -x filter show
expect "netns without name" 1 "" 'Error: missing NETNS after "-n"' $real -n
expect "unknown command" 1 "" \
	'Error: unknown command "sett" after "filter"; try "ipppctl filter help"' \
	$real filter sett
expect "unknown keyword" 1 "" \
	'Error: unknown keyword "pas" after "filter set dev ippp0"' \
	$real filter set dev ippp0 pas tcp
expect "unknown keyword after expression" 1 "" \
	"Error: unknown keyword \"actve\" after \"filter set dev ippp0 pass 'not icmp'\"" \
	$real filter set dev ippp0 pass "not icmp" actve tcp
expect "set without dev" 1 "" \
	'Error: missing "dev NAME" in "filter set pass tcp"' \
	$real filter set pass tcp
expect "set without filter" 1 "" \
	'Error: missing a filter (pass, active, pass-file or active-file) in "filter set dev ippp0"' \
	$real filter set dev ippp0
expect "set without name" 1 "" 'Error: missing NAME after "filter set dev"' \
	$real filter set dev
expect "set without expression" 1 "" \
	'Error: missing EXPR after "filter set dev ippp0 pass"' \
	$real filter set dev ippp0 pass
expect "set pass twice" 1 "" \
	'Error: duplicate "pass" in "filter set dev ippp0 pass tcp pass"' \
	$real filter set dev ippp0 pass tcp pass udp
expect "name too long" 1 "" \
	'Error: interface name "ippp0123456789abc" is longer than 15 characters' \
	$real filter show dev ippp0123456789abc
expect "clear without dev" 1 "" 'Error: missing "dev NAME" in "filter clear"' \
	$real filter clear
expect "idle not a number" 1 "" \
	'Error: invalid idle "-1": expected an integer from 0 to 4294967295' \
	$real unit set dev ippp0 idle -1
expect "dialmode unknown" 1 "" \
	'Error: invalid dialmode "sometimes": expected off, manual or auto' \
	$real unit set dev ippp0 dialmode sometimes
expect "unit set without setting" 1 "" \
	'Error: missing a setting (peer, dialmode, idle, dial-delay, queue-len, acfc or pfc) in "unit set dev ippp0"' \
	$real unit set dev ippp0
expect "missing netns" 2 "" \
	'Error: cannot open network namespace "ippp-test-none": No such file or directory' \
	$real -n ippp-test-none filter show

# Expressions are compiled before anything is sent.
: >"$IPPP_FAKE_LOG"
expect "port out of range" 1 "" \
	'Error: invalid pass expression "tcp port 99999": illegal port number 99999 > 65535' \
	$fake filter set dev ippp0 pass "tcp port 99999"
expect "bad active with good pass" 1 "" \
	'Error: invalid active expression "tcp port 99999": illegal port number 99999 > 65535' \
	$fake filter set dev ippp0 pass "not icmp" active "tcp port 99999"
expect "pass rejecting all" 1 "" \
	'Error: expression rejects all packets: "ip and not ip"' \
	$fake filter set dev ippp0 pass "ip and not ip" active tcp
long=$(printf 'host 10.0.0.1 or %.0s' {1..300})tcp
expect "expression too long" 1 "" \
	"Error: pass expression is ${#long} bytes long, more than the limit of 4095" \
	$fake filter set dev ippp0 pass "$long"
check "nothing sent for bad expressions" test ! -s "$IPPP_FAKE_LOG"

# The real binary, where no ippp module can be found or loaded.
if [ ! -d /sys/module/ippp ] && ! modinfo ippp >/dev/null 2>&1; then
	expect "module not loaded on this host" 2 "" \
		'Error: the ippp kernel module is not loaded (try: modprobe ippp)' \
		$real filter show
fi

# Netlink, against the fake family.
expect "module not loaded" 2 "" \
	'Error: the ippp kernel module is not loaded (try: modprobe ippp)' \
	env IPPP_FAKE_MISSING=1 $fake filter show
expect "show without filters" 0 "ippp0: unit 0
    pass: none
    active: none
ippp1: unit 1
    pass: none
    active: none" "" $fake filter show
: >"$IPPP_FAKE_LOG"
expect "set both filters" 0 "" "" \
	$fake filter set dev ippp0 pass "not icmp" active "inbound and tcp"
check "both filters in one request" test "$(grep -c '^cmd 6 ' "$IPPP_FAKE_LOG")" = 1
expect "show both filters" 0 "ippp0: unit 0
    pass: \"not icmp\" (netlink, 6 instructions, set 2026-12-04 20:11:05)
    active: \"inbound and tcp\" (netlink, 14 instructions, set 2026-12-04 20:11:05)" "" \
	$fake filter show dev ippp0
expect "show one filter with counters" 0 "ippp0: unit 0
    active: \"inbound and tcp\" (netlink, 14 instructions, set 2026-12-04 20:11:05)
    rx passed 1 dropped 2 active 3 inactive 4
    tx passed 5 dropped 6 active 7 inactive 8" "" \
	$fake -s filter show dev ippp0 active
expect "disassembly" 0 "ippp0: unit 0
    pass: \"not icmp\" (netlink, 6 instructions, set 2026-12-04 20:11:05)
        (000) ldh      [2]
        (001) jeq      #0x21            jt 2	jf 5
        (002) ldb      [13]
        (003) jeq      #0x1             jt 4	jf 5
        (004) ret      #0
        (005) ret      #65535" "" $fake -d filter show dev ippp0 pass
expect "json" 0 '[{"ifname":"ippp0","ifindex":1,"unit":0,"pass":{"expr":"not icmp","origin":"netlink","len":6,"set_time":1796415065,"insns":[[40,0,0,2],[21,0,3,33],[48,0,0,13],[21,0,1,1],[6,0,0,0],[6,0,0,65535]]}}]' "" \
	$fake -j -d filter show dev ippp0 pass
expect "json pretty" 0 "~^    \"ifname\":\"ippp1\"," "" $fake -j -p filter show
expect "unknown dev" 2 "" 'Error: device not found (dev "ippp9")' \
	$fake filter set dev ippp9 pass tcp
expect "error with echoed request" 2 "" 'Error: device not found (dev "ippp9")' \
	env IPPP_FAKE_NO_CAP=1 $fake filter clear dev ippp9
expect "dump error" 2 "" "Error: dump failed on purpose" \
	env IPPP_FAKE_DUMP_ERROR=1 $fake -j filter show
expect "clear active" 0 "" "" $fake filter clear dev ippp0 active
expect "active cleared" 0 "ippp0: unit 0
    pass: \"not icmp\" (netlink, 6 instructions, set 2026-12-04 20:11:05)
    active: none" "" $fake filter show dev ippp0

# 3496 bytes, which compile to 2579 instructions with libpcap 1.10.
big=$(printf '(portrange %d-%d and host 10.0.0.1) or ' {1..90} {2..91})tcp
expect "set large filters" 0 "" "" \
	$fake filter set dev ippp1 pass "$big" active "$big"
if command -v tcpdump >/dev/null; then
	$fake -d filter show dev ippp1 pass | tail -n +3 | sed 's/^        //' \
		>"$work/ipppctl-d"
	tcpdump -s 65535 -d -y PPP_PPPD "$big" >"$work/tcpdump-d"
	check "large filter disassembly matches tcpdump -d" \
		cmp -s "$work/ipppctl-d" "$work/tcpdump-d"
fi

expect "unit set" 0 "" "" $fake unit set dev ippp0 peer ippp1 dialmode auto \
	idle 60 dial-delay 250 acfc on
expect "unit flags merge" 0 "" "" $fake unit set dev ippp0 pfc on acfc off
expect "queue-len not a number" 1 "" \
	'Error: invalid queue-len "many": expected an integer from 1 to 1024' \
	$real unit set dev ippp0 queue-len many
expect "queue-len zero" 1 "" \
	'Error: invalid queue-len "0": expected an integer from 1 to 1024' \
	$real unit set dev ippp0 queue-len 0
expect "dial-delay over limit" 1 "" \
	'Error: invalid dial-delay "70000": expected an integer from 0 to 60000' \
	$real unit set dev ippp0 dial-delay 70000
expect "unit show" 0 "ippp0: unit 0 state offline
    dialmode auto idle 60 dial-delay 250 queue-len 8 peer ifindex 1001 flags pfc
    active rx never tx never
ippp1: unit 1 state offline
    dialmode manual idle 0 dial-delay 0 queue-len 8 peer lo flags none
    active rx never tx never" "" $fake unit show
expect "unit show json" 0 '[{"ifname":"ippp1","ifindex":1001,"unit":1,"state":"offline","dialmode":"manual","idle":0,"dial_delay":0,"queue_len":8,"peer":{"ifindex":1,"netnsid":7},"flags":[],"rx_active_age":null,"tx_active_age":null,"hangup_reason":null}]' "" \
	env IPPP_FAKE_PEER_NETNSID=7 $fake -j unit show dev ippp1
expect "peer not a unit" 2 "" \
	'Error: peer device is not an ippp unit (peer "lo")' \
	$fake unit set dev ippp0 peer lo
expect "dial" 0 "" "" $fake unit dial dev ippp0
expect "online" 0 "~state online" "" $fake unit show dev ippp0
expect "unwire" 0 "" "" $fake unit set dev ippp0 peer none
expect "dial unwired" 2 "" "Error: unit is not wired to a peer" \
	$fake unit dial dev ippp0

. tests/filter_set.sh
. tests/filter_test.sh
. tests/batch.sh
. tests/completion.sh
. tests/install.sh

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
