#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A narrated tour of ippp, run inside the test VM by "make demo". Two units
# are wired as a line between the network namespaces "office" and "isp".
# pppd-style filters then drop some traffic and pass the rest, and the
# counters show which.

OFFICE=office
ISP=isp

say()
{
	printf '\n=== %s\n' "$*"
}

# Print a command as it would be typed, quoting arguments with spaces or
# shell characters, then run it.
run()
{
	local arg line='$'

	for arg in "$@"; do
		case "$arg" in
		*[\ \(\)\'\"\;\&\|\<\>\$]* | '') line="$line '$arg'" ;;
		*) line="$line $arg" ;;
		esac
	done
	printf '%s\n' "$line"
	"$@"
}

# Print the ping command, then only its summary lines.
ping_isp()
{
	printf '$ ip netns exec %s ping -c 3 -i 0.2 -W 1 10.199.0.2\n' "$OFFICE"
	ip netns exec "$OFFICE" ping -c 3 -i 0.2 -W 1 10.199.0.2 | tail -n 2
}

tcp_to_isp()
{
	ip netns exec "$ISP" timeout 5 nc -l -p 80 > /tmp/demo-http &
	local listener=$!

	sleep 0.3
	printf '$ echo "GET / HTTP/1.0" | ip netns exec %s nc -w 1 10.199.0.2 80\n' \
		"$OFFICE"
	echo "GET / HTTP/1.0" |
		ip netns exec "$OFFICE" timeout 5 nc -w 1 10.199.0.2 80
	wait "$listener"
	echo "isp received: $(cat /tmp/demo-http)"
}

say "Two ippp units, wired into one emulated ISDN line"
run ip link add ippp0 type ippp
run ip link add ippp1 type ippp
run ipppctl unit set dev ippp0 peer ippp1
run ipppctl unit show

say "Each end moves into its own network namespace; the line stays wired"
run ip netns add "$OFFICE"
run ip netns add "$ISP"
run ip link set ippp0 netns "$OFFICE"
run ip link set ippp1 netns "$ISP"
ip -n "$OFFICE" link set lo up
ip -n "$ISP" link set lo up
run ip -n "$OFFICE" link set ippp0 up
run ip -n "$ISP" link set ippp1 up
run ip -n "$OFFICE" addr add 10.199.0.1 peer 10.199.0.2 dev ippp0
run ip -n "$ISP" addr add 10.199.0.2 peer 10.199.0.1 dev ippp1

say "A new line is offline; the office dials the ISP"
run ipppctl -n "$OFFICE" unit dial dev ippp0
sleep 0.2
run ipppctl -n "$OFFICE" unit show dev ippp0

say "No filters yet: everything passes"
ping_isp

say "A classic ipppd set-up: never carry ICMP, and let only outbound TCP and DNS count as activity that keeps the expensive line up"
run ipppctl -n "$OFFICE" filter set dev ippp0 \
	pass 'not icmp' \
	active 'outbound and (tcp or udp port 53)'
run ipppctl -n "$OFFICE" filter show

say "ping is now dropped by the pass filter..."
ping_isp
say "...while TCP still crosses the line"
tcp_to_isp

say "The counters, which count from the unit's creation: the three pings before the filters passed and (with no active filter yet) counted active, the three after them were dropped on the way out, and TCP passed"
run ipppctl -n "$OFFICE" -s filter show dev ippp0
say "The far end counted what arrived"
run ipppctl -n "$ISP" -s filter show dev ippp1

say "The program the kernel runs, read back and disassembled (tcpdump -d)"
run ipppctl -n "$OFFICE" -d filter show dev ippp0 pass

say "A bad expression is rejected before anything is sent"
run ipppctl -n "$OFFICE" filter set dev ippp0 pass 'tcp port 99999'
echo "(exit status $?; the old filter stays)"
run ipppctl -n "$OFFICE" filter show dev ippp0 pass

say "Clearing the pass filter lets ping through again"
run ipppctl -n "$OFFICE" filter clear dev ippp0 pass
ping_isp

say "JSON for scripts"
run ipppctl -n "$OFFICE" -j -p filter show dev ippp0

ip netns del "$OFFICE"
ip netns del "$ISP"
say "Done"
