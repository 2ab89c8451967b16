#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real traffic across a line between two units in two network namespaces,
# filtered with expressions set by ipppctl: what the pass filter drops in
# each direction, and which packets the active filter counts.

. "$(dirname "$0")/lib.sh"

NS_A=ippp-traffic-a
NS_B=ippp-traffic-b
ADDR_A=10.199.0.1
ADDR_B=10.199.0.2
ADDR6_A=2001:db8:199::1
ADDR6_B=2001:db8:199::2
PORT=5001

# Print counter $3 (passed, dropped, active, inactive) of direction $2
# (rx, tx) of the unit in namespace $1.
counter()
{
	ipppctl -n "$1" -j -s filter show | jq -r ".[0].stats.$2.$3"
}

# Send one line over TCP from A to B; print what B received.
tcp_roundtrip()
{
	local out=/tmp/ippp-traffic-tcp.$$

	rm -f "$out"
	ip netns exec "$NS_B" timeout 10 nc -l -p "$PORT" > "$out" &
	local listener=$!
	sleep 0.5
	echo "hello over tcp" |
		ip netns exec "$NS_A" timeout 5 nc -w 2 "$ADDR_B" "$PORT"
	wait "$listener"
	cat "$out" 2>/dev/null
	rm -f "$out"
}

ping_count()
{
	ip netns exec "$NS_A" ping -c "$1" -W 1 -i 0.2 "$2" 2>/dev/null |
		sed -n 's/.* \([0-9]*\) packets received.*/\1/p'
}

setup()
{
	ip netns add "$NS_A" && cleanup_push ip netns del "$NS_A" &&
	ip netns add "$NS_B" && cleanup_push ip netns del "$NS_B" &&
	ip link add ipppta type ippp &&
	ip link add ippptb type ippp &&
	ipppctl unit set dev ipppta peer ippptb &&
	ip link set ipppta netns "$NS_A" &&
	ip link set ippptb netns "$NS_B" &&
	ip -n "$NS_A" link set lo up &&
	ip -n "$NS_B" link set lo up &&
	ip -n "$NS_A" link set ipppta up &&
	ip -n "$NS_B" link set ippptb up &&
	ip -n "$NS_A" addr add "$ADDR_A" peer "$ADDR_B" dev ipppta &&
	ip -n "$NS_B" addr add "$ADDR_B" peer "$ADDR_A" dev ippptb &&
	ip -n "$NS_A" -6 addr add "$ADDR6_A" peer "$ADDR6_B" dev ipppta nodad &&
	ip -n "$NS_B" -6 addr add "$ADDR6_B" peer "$ADDR6_A" dev ippptb nodad &&
	ipppctl -n "$NS_A" unit dial dev ipppta &&
	wait_online "$NS_A" ipppta
}

ktap_plan 14

if ! ippp_load_module || ! setup; then
	echo "Bail out! set-up of the two namespaces failed"
	exit "$KSFT_FAIL"
fi

check_eq "ipv4 ping crosses line" 3 "$(ping_count 3 "$ADDR_B")"
check_eq "ipv6 ping crosses line" 3 "$(ping_count 3 "$ADDR6_B")"

# pass "not icmp": ping is dropped on the way out, TCP still passes and
# is counted by the far end.
ipppctl -n "$NS_A" filter set dev ipppta pass 'not icmp'
tx_dropped=$(counter "$NS_A" tx dropped)
b_rx_passed=$(counter "$NS_B" rx passed)
check_eq "pass not icmp drops ping" 0 "$(ping_count 3 "$ADDR_B")"
check_eq "pass not icmp counts dropped pings" $((tx_dropped + 3)) \
	"$(counter "$NS_A" tx dropped)"
check_eq "pass not icmp passes tcp" "hello over tcp" "$(tcp_roundtrip)"
b_rx_now=$(counter "$NS_B" rx passed)
if [ "$b_rx_now" -gt "$b_rx_passed" ]; then
	ktap_ok "far end counts passed tcp"
else
	ktap_info "far end rx passed stayed at $b_rx_now"
	ktap_fail "far end counts passed tcp"
fi

# pass "outbound": requests leave A and reach B, replies are dropped on
# their way into A.
ipppctl -n "$NS_A" filter set dev ipppta pass 'outbound'
a_rx_dropped=$(counter "$NS_A" rx dropped)
b_rx_passed=$(counter "$NS_B" rx passed)
check_eq "pass outbound drops replies" 0 "$(ping_count 3 "$ADDR_B")"
check_eq "pass outbound lets requests reach peer" $((b_rx_passed + 3)) \
	"$(counter "$NS_B" rx passed)"
check_eq "pass outbound drops inbound" $((a_rx_dropped + 3)) \
	"$(counter "$NS_A" rx dropped)"

# pass "inbound": requests never leave A.
ipppctl -n "$NS_A" filter set dev ipppta pass 'inbound'
a_tx_dropped=$(counter "$NS_A" tx dropped)
b_rx_passed=$(counter "$NS_B" rx passed)
check_eq "pass inbound drops requests" 0 "$(ping_count 3 "$ADDR_B")"
check_eq "pass inbound keeps peer silent" "$b_rx_passed" \
	"$(counter "$NS_B" rx passed)"
check_eq "pass inbound counts outbound drops" $((a_tx_dropped + 3)) \
	"$(counter "$NS_A" tx dropped)"

# active "icmp": only the pings count as activity, in both directions.
ipppctl -n "$NS_A" filter clear dev ipppta pass
ipppctl -n "$NS_A" filter set dev ipppta active 'icmp'
tx_active=$(counter "$NS_A" tx active)
tx_inactive=$(counter "$NS_A" tx inactive)
ping_count 2 "$ADDR_B" > /dev/null
tcp_roundtrip > /dev/null
check_eq "active icmp counts only pings" $((tx_active + 2)) \
	"$(counter "$NS_A" tx active)"
if [ "$(counter "$NS_A" tx inactive)" -gt "$tx_inactive" ]; then
	ktap_ok "active icmp leaves tcp inactive"
else
	ktap_fail "active icmp leaves tcp inactive"
fi

ktap_finish
