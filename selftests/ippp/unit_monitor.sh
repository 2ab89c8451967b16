#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The line's life cycle as ipppctl shows it: "unit set", "unit dial" and
# "unit hangup", the state, activity and counters of "unit show", and the
# events "monitor" prints.

. "$(dirname "$0")/lib.sh"

NS_A=ippp-monitor-a
NS_B=ippp-monitor-b
ADDR_A=10.199.4.1
ADDR_B=10.199.4.2
EVENTS=/tmp/ippp-monitor-events.$$

setup()
{
	ip netns add "$NS_A" && cleanup_push ip netns del "$NS_A" &&
	ip netns add "$NS_B" && cleanup_push ip netns del "$NS_B" &&
	ip link add ipppma type ippp &&
	ip link add ipppmb type ippp &&
	ipppctl unit set dev ipppma peer ipppmb &&
	ip link set ipppma netns "$NS_A" &&
	ip link set ipppmb netns "$NS_B" &&
	ip -n "$NS_A" link set ipppma up &&
	ip -n "$NS_B" link set ipppmb up &&
	ip -n "$NS_A" addr add "$ADDR_A" peer "$ADDR_B" dev ipppma &&
	ip -n "$NS_B" addr add "$ADDR_B" peer "$ADDR_A" dev ipppmb
}

unit_json()
{
	ipppctl -n "$NS_A" -j -s unit show dev ipppma | jq -r ".[0]$1"
}

ktap_plan 12

if ! ippp_load_module || ! setup; then
	echo "Bail out! set-up of the two namespaces failed"
	exit "$KSFT_FAIL"
fi

ipppctl -n "$NS_A" monitor > "$EVENTS" 2>&1 &
monitor=$!
cleanup_push kill "$monitor"
cleanup_push rm -f "$EVENTS"
sleep 0.5

check_run "unit set dialmode auto" \
	ipppctl -n "$NS_A" unit set dev ipppma dialmode auto idle 30 \
	dial-delay 100 queue-len 4
check_run "filter set active" \
	ipppctl -n "$NS_A" filter set dev ipppma active 'outbound and not icmp'
check_eq "new line starts offline" offline "$(unit_json .state)"
check_eq "queue-len read back" 4 "$(unit_json .queue_len)"

# ping is not active: rejected, no dial. TCP is: it dials.
ip netns exec "$NS_A" ping -c 1 -W 1 "$ADDR_B" > /dev/null 2>&1
ip netns exec "$NS_B" timeout 5 nc -l -p 7020 > /dev/null &
sleep 0.3
echo hi | ip netns exec "$NS_A" timeout 5 nc -w 1 "$ADDR_B" 7020
wait_online "$NS_A" ipppma
check_eq "tcp dialed the line" online "$(unit_json .state)"
check_eq "one dial counted" 1 "$(unit_json .line_stats.dials)"
check_eq "ping counted as reject" 1 "$(unit_json .line_stats.dial_rejects)"

check_run "unit hangup" ipppctl -n "$NS_A" unit hangup dev ipppma
check_eq "hangup reason manual" manual "$(unit_json .hangup_reason)"
out=$(ipppctl -n "$NS_A" unit hangup dev ipppma 2>&1)
check_eq "second hangup rejected" "Error: line is offline" "$out"

sleep 0.5
kill "$monitor"
wait "$monitor" 2>/dev/null
ktap_info "monitor printed:"
sed 's/^/# /' "$EVENTS"
expected="ipppma: filter active
ipppma: dial-reject
ipppma: dialing
ipppma: online
ipppma: hangup reason manual"
check_eq "monitor printed the events" "$expected" \
	"$(cat "$EVENTS")"

out=$(ipppctl -n "$NS_A" unit set dev ipppma queue-len 0 2>&1)
if [[ "$out" == Error:* ]]; then
	ktap_ok "queue-len 0 rejected"
else
	ktap_info "unit set queue-len 0 printed \"$out\""
	ktap_fail "queue-len 0 rejected"
fi

ktap_finish
