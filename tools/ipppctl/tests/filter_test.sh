# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Tests of "filter test": verdicts compared record by record with
# "tcpdump -r" on the same capture and expression, the text and JSON
# output, malformed records and usage errors. Sourced by run.sh.

caps=$work/captures
data=tests/data
python3 tests/mkpcap.py "$caps"

# record_numbers CAPTURE [EXPR]: the numbers, from 1, of the records that
# tcpdump matches, found by their timestamps, which must be unique.
record_numbers() {
	tcpdump -tt -nr "$1" "${2:-}" 2>/dev/null | awk '{ print $1 }' >"$work/matched"
	tcpdump -tt -nr "$1" 2>/dev/null | awk '{ print $1 }' >"$work/all"
	awk 'NR == FNR { number[$1] = FNR; next } { print number[$1] }' \
		"$work/all" "$work/matched"
}

# ipppctl_numbers FIELD ARGS...: the numbers of the records whose JSON
# FIELD is true, from "ipppctl -j filter test ARGS...".
ipppctl_numbers() {
	local field=$1

	shift
	"${wrapper[@]}" $real -j filter test "$@" 2>"$work/stderr" >"$work/json" ||
		echo "exit status $?: $(cat "$work/stderr")"
	jq -r ".packets[] | select(.$field == true) | .number" "$work/json"
}

# same_numbers NAME EXPECTED ACTUAL: one test that compares two lists.
same_numbers() {
	if [ "$2" = "$3" ]; then
		report "$1" ""
	else
		report "$1" "  expected records: $(echo $2)"$'\n'"  ipppctl gave: $(echo $3)"$'\n'
	fi
}

# Comparisons with tcpdump are queued and run as one batch, because one
# process under valgrind takes about half a second to start.
comparisons=()

# compare_pass CAPTURE REFERENCE EXPR: queue a test that the IPv4 and
# IPv6 records of CAPTURE that pass EXPR are those that tcpdump matches
# with EXPR on REFERENCE, which is often CAPTURE itself. Only IPv4 and
# IPv6 records count, because a unit never filters the others.
compare_pass() {
	comparisons+=("$1"$'\t'"$2"$'\t'"$3")
	printf "filter test pass '%s' %s\n" "$3" "$1" >>"$work/compare.batch"
}

run_comparisons() {
	local i capture reference expr expected

	"${wrapper[@]}" $real -j -b "$work/compare.batch" >"$work/compare.json" \
		2>"$work/compare.stderr"
	check "comparison batch succeeds" test $? = 0
	jq -c . "$work/compare.json" >"$work/compare.lines" 2>/dev/null
	check "one result per comparison" \
		test "$(wc -l <"$work/compare.lines")" = "${#comparisons[@]}"

	for i in "${!comparisons[@]}"; do
		IFS=$'\t' read -r capture reference expr <<<"${comparisons[i]}"
		sed -n "$((i + 1))p" "$work/compare.lines" >"$work/json"
		expected=$(comm -12 <(record_numbers "$reference" "$expr" | sort) \
			<(jq -r '.packets[] | select(.status == "filtered") | .number' \
				"$work/json" | sort) | sort -n)
		same_numbers "pass matches tcpdump: $(basename "$capture") '$expr'" \
			"$expected" \
			"$(jq -r '.packets[] | select(.pass == true) | .number' "$work/json")"
	done
}

: >"$work/compare.batch"
pppd_exprs=(
	tcp udp icmp icmp6 ip ip6 'tcp port 80' 'port 53 or port 123'
	'ip6 and udp' inbound outbound 'outbound and tcp' 'inbound and icmp'
	'not icmp and not icmp6' 'host 10.0.0.1' 'net 2001:db8::/64'
	'tcp[tcpflags] & tcp-syn != 0' 'ip[6:2] & 0x1fff != 0' 'len > 60'
	'greater 80' 'ip proto 47' 'src port 1024' 'ip6 proto 17'
	'udp dst port 53' 'icmp[icmptype] = icmp-echo' 'ip6[40] = 128'
	'ip[0] & 0xf > 5' 'link[0] = 1'
)
for expr in "${pppd_exprs[@]}"; do
	compare_pass "$caps/pppd.pcap" "$caps/pppd.pcap" "$expr"
done

# On RAW captures tcpdump's "len" counts no link header, but a unit's
# filters count the 4-byte pseudo-header, so "len" is left out here.
for expr in tcp udp icmp6 'port 53 or port 123' 'ip[6:2] & 0x1fff != 0' \
	    'ip6 and ip6[6] = 0'; do
	compare_pass "$caps/raw.pcap" "$caps/raw.pcap" "$expr"
done

# tcpdump's filters for PPP expect ff 03 and a 2-byte protocol, so the
# compressed forms are checked against the same packets in full form.
for expr in tcp udp 'ip6 and udp' 'tcp port 80' 'greater 80' outbound \
	    'ip[9] = 47' 'ip6 proto 58'; do
	compare_pass "$caps/pfc.pcap" "$caps/pfc-ref.pcap" "$expr"
done

for capture in bgp_vpn_attrset icmp-rfc5837 lspping-fec-ldp mpls-ldp-hello; do
	for expr in tcp udp icmp ip 'port 179' 'udp port 3503' 'len > 100'; do
		compare_pass "$data/$capture.pcap" "$data/$capture.pcap" "$expr"
	done
done
run_comparisons
check "tcpdump timestamps unique in lspping" \
	test "$(tcpdump -tt -nr "$data/lspping-fec-ldp.pcap" 2>/dev/null |
		awk '{ print $1 }' | sort -u | wc -l)" = 13

same_numbers "direction in on compressed frames" "$(seq 13)" \
	"$(ipppctl_numbers pass pass inbound "$caps/pfc.pcap" direction in)"
same_numbers "direction out overrides the capture" "" \
	"$(ipppctl_numbers pass pass inbound "$caps/pppd.pcap" direction out)"

# Active and would-dial verdicts: the active filter runs on what passed,
# and a packet would dial when it passes both and goes out.
same_numbers "active matches tcpdump" \
	"$(record_numbers "$caps/pppd.pcap" '(not icmp and not icmp6) and (tcp or port 53)')" \
	"$(ipppctl_numbers active pass 'not icmp and not icmp6' active 'tcp or port 53' "$caps/pppd.pcap")"
same_numbers "dial matches tcpdump" \
	"$(record_numbers "$caps/pppd.pcap" '(not icmp and not icmp6) and (tcp or port 53) and outbound')" \
	"$(ipppctl_numbers dial pass 'not icmp and not icmp6' active 'tcp or port 53' "$caps/pppd.pcap")"
same_numbers "active alone" \
	"$(record_numbers "$caps/pppd.pcap" 'icmp or icmp6')" \
	"$(ipppctl_numbers active active 'icmp or icmp6' "$caps/pppd.pcap")"
same_numbers "pass alone leaves all active" \
	"$(record_numbers "$caps/pppd.pcap" udp)" \
	"$(ipppctl_numbers active pass udp "$caps/pppd.pcap")"

# Text output.
expect "text output" 0 "1 out ip 0x0021 10.0.0.1.1024 > 10.0.0.2.80 tcp: pass, active, would dial
2 in ip 0x0021 10.0.0.2.80 > 10.0.0.1.1024 tcp: pass, active
3 out ip 0x0021 10.0.0.1.5353 > 10.0.0.2.53 udp: pass, not active
4 out ip 0x0021 10.0.0.1 > 10.0.0.2 icmp echo-request: drop
5 in ip 0x0021 10.0.0.2 > 10.0.0.1 icmp echo-reply: drop
6 out ipv6 0x0057 2001:db8::1.2000 > 2001:db8::2.22 tcp: pass, active, would dial
7 in ipv6 0x0057 2001:db8::2.123 > 2001:db8::1.123 udp: pass, not active
8 out ipv6 0x0057 2001:db8::1 > 2001:db8::2 icmp6 echo-request: drop
9 in ipv6 0x0057 2001:db8::2 > 2001:db8::1 icmp6 echo-reply: drop
10 in ipv6 0x0057 2001:db8::2.546 > 2001:db8::1.547 udp: pass, not active
11 out ip 0x0021 10.0.0.1 > 10.0.0.3 udp fragment: pass, not active
12 in ip 0x0021 10.0.0.3.443 > 10.0.0.1.40000 tcp: pass, active
13 out ip 0x0021 10.0.0.1 > 10.0.0.4 gre: pass, not active
13 packets: 9 passed, 4 dropped, 4 active, 2 would dial, 0 not IPv4 or IPv6, 0 control, 0 malformed, 0 truncated" "" \
	$real filter test pass 'not icmp and not icmp6' active tcp "$caps/pppd.pcap"

# JSON output, read by jq.
"${wrapper[@]}" $real -j -p filter test pass 'not icmp' active tcp \
	"$caps/pppd.pcap" >"$work/test.json"
check "json parses" jq -e . "$work/test.json" >/dev/null
check "json packet count" test "$(jq '.packets | length' "$work/test.json")" = 13
check "json totals" test "$(jq -c .totals "$work/test.json")" = \
	'{"packets":13,"passed":11,"dropped":2,"active":4,"dial":2,"not_carried":0,"control":0,"malformed":0,"truncated":0}'
check "json first packet" test "$(jq -c '.packets[0]' "$work/test.json")" = \
	'{"number":1,"direction":"out","status":"filtered","protocol_name":"ip","protocol":33,"summary":"10.0.0.1.1024 > 10.0.0.2.80 tcp","src":"10.0.0.1","dst":"10.0.0.2","ip_proto":6,"transport":"tcp","sport":1024,"dport":80,"pass":true,"active":true,"dial":true}'
check "json icmp6 type" test "$(jq -c '.packets[7] | [.icmp_type, .icmp_code, .pass]' "$work/test.json")" = \
	'[128,0,true]'
check "json fragment" test "$(jq '.packets[10].fragment' "$work/test.json")" = true
"${wrapper[@]}" $real -j filter test pass tcp "$caps/malformed.pcap" \
	>"$work/malformed.json" 2>/dev/null
check "json of malformed capture parses" jq -e . "$work/malformed.json" >/dev/null
check "json malformed error" test \
	"$(jq -r '.packets[3].error' "$work/malformed.json")" = \
	'invalid PPP protocol field 00 20: the second byte must be odd'
check "json truncated record" test \
	"$(jq -c '.packets[10] | [.truncated, .pass]' "$work/malformed.json")" = '[true,true]'

# Malformed records are reported one by one, and reading stops where the
# file ends inside a record.
expect "malformed records" 1 "1 out: malformed: frame of 0 bytes is too short for a PPP header
2 out: malformed: frame of 1 byte is too short for a PPP header
3 out: malformed: frame of 2 bytes is too short for a PPP header
4 out: malformed: invalid PPP protocol field 00 20: the second byte must be odd
5 out ip 0x0021 (IPv4 header truncated to 12 bytes): pass, active, would dial
6 out ip 0x0021 10.0.0.1 > 10.0.0.2 tcp (IPv4 options truncated): pass, active, would dial
7 out ip 0x0021 (IP version 6 in an IPv4 packet): pass, active, would dial
8 out ipv6 0x0057 (IPv6 header truncated to 30 bytes): drop
9 out ipv6 0x0057 2001:db8::1 > 2001:db8::2 proto 0 (more than 16 IPv6 extension headers): drop
10 out ip 0x0021 10.0.0.1 > 10.0.0.2 tcp (tcp header truncated to 2 bytes): pass, active, would dial
11 out ip 0x0021 10.0.0.1.1024 > 10.0.0.2.80 tcp: pass, active, would dial (only 34 of 44 bytes captured, so the unit's verdict may differ)
12 out: malformed: record holds 44 bytes of a packet of 10 bytes
13 out ipcp 0x8021: control protocol, not filtered
14 out mpls 0x0281: drop, not IPv4 or IPv6
15 out ip 0x0021 10.0.0.1.1024 > 10.0.0.2.80 tcp: pass, active, would dial
16 out: malformed: truncated dump file; tried to read 40 captured bytes, only got 3
16 packets: 6 passed, 2 dropped, 6 active, 6 would dial, 1 not IPv4 or IPv6, 1 control, 6 malformed, 1 truncated" \
	"Error: capture \"$caps/malformed.pcap\": cannot read record 16: truncated dump file; tried to read 40 captured bytes, only got 3" \
	$real filter test pass tcp "$caps/malformed.pcap"
expect "direction byte neither in nor out" 0 \
	"1 out: malformed: direction byte 0x05 is neither 0 (in) nor 1 (out)
2 in ip 0x0021 10.0.0.2.80 > 10.0.0.1.1024 tcp: pass, active
2 packets: 1 passed, 0 dropped, 1 active, 0 would dial, 0 not IPv4 or IPv6, 0 control, 1 malformed, 0 truncated" "" \
	$real filter test pass tcp "$caps/baddir.pcap"
expect "direction overrides a bad direction byte" 0 "~^1 in ip 0x0021 " "" \
	$real filter test pass tcp "$caps/baddir.pcap" direction in

# The tcpdump captures that are malformed on purpose.
expect "capture cut to 2 bytes" 0 \
	"1 out: malformed: invalid PPP protocol field 30 30: the second byte must be odd (only 2 of 262144 bytes captured)
1 packets: 0 passed, 0 dropped, 0 active, 0 would dial, 0 not IPv4 or IPv6, 0 control, 1 malformed, 1 truncated" "" \
	$real filter test pass tcp "$data/heapoverflow-ppp_hdlc_if_print.pcap"
expect "multilink cut to 4 bytes" 0 \
	"1 out mp 0x003d: drop, not IPv4 or IPv6 (only 4 of 262144 bytes captured)
1 packets: 0 passed, 0 dropped, 0 active, 0 would dial, 1 not IPv4 or IPv6, 0 control, 0 malformed, 1 truncated" "" \
	$real filter test pass tcp "$data/mlppp-oobr.pcap"
expect "fuzzed protocol field" 0 \
	"1 out unknown 0x00ff: drop, not IPv4 or IPv6 (only 353 of 62293 bytes captured)
1 packets: 0 passed, 0 dropped, 0 active, 0 would dial, 1 not IPv4 or IPv6, 0 control, 0 malformed, 1 truncated" "" \
	$real filter test pass tcp "$data/ppp_ip_udp_dns.pcap"
expect "IPCP with bad lengths" 0 \
	"1 out ipcp 0x8021: control protocol, not filtered (only 9014 of 58454 bytes captured)
1 packets: 0 passed, 0 dropped, 0 active, 0 would dial, 0 not IPv4 or IPv6, 1 control, 0 malformed, 1 truncated" "" \
	$real filter test pass tcp "$data/ppp-invalid-lengths.pcap"
expect "truncated PAP" 0 \
	"1 out pap 0xc023: control protocol, not filtered
1 packets: 0 passed, 0 dropped, 0 active, 0 would dial, 0 not IPv4 or IPv6, 1 control, 0 malformed, 0 truncated" "" \
	$real filter test pass tcp "$data/truncated-aack.pcap"
expect "MPLS not carried" 0 "~^1 out mpls 0x0281: drop, not IPv4 or IPv6$" "" \
	$real filter test pass tcp "$data/lspping-fec-ldp.pcap"

# Captures ipppctl cannot use.
expect "Ethernet capture" 1 "" \
	"Error: capture \"$data/ppp_ccp_config_deflate_option_asan.pcap\" has link type EN10MB (Ethernet); expected PPP, PPP_SERIAL, PPP_PPPD or RAW" \
	$real filter test pass tcp "$data/ppp_ccp_config_deflate_option_asan.pcap"
expect "not a capture" 1 "" \
	"~^Error: cannot read capture \"$data/README.md\": " \
	$real filter test pass tcp "$data/README.md"
expect "capture missing" 2 "" \
	"Error: cannot open capture \"$work/none.pcap\": No such file or directory" \
	$real filter test pass tcp "$work/none.pcap"
expect "capture from standard input" 0 "~^1 out ip 0x0021 12.4.4.4.2051 > 12.1.1.1.179 tcp: pass" "" \
	$real filter test pass tcp - <"$data/bgp_vpn_attrset.pcap"

# Filters that cannot be tested.
expect "test pass rejecting all" 1 "" \
	'Error: expression rejects all packets: "ip and not ip"' \
	$real filter test pass 'ip and not ip' "$caps/pppd.pcap"
expect "test active rejecting all" 0 \
	"~^13 packets: 13 passed, 0 dropped, 0 active, 0 would dial," \
	'Warning: active expression rejects all packets, so no packet counts as activity: "ip and not ip"' \
	$real filter test active 'ip and not ip' "$caps/pppd.pcap"
expect "test invalid expression" 1 "" \
	'Error: invalid pass expression "tcp port x80": unknown port '"'"'x80'"'"'' \
	$real filter test pass 'tcp port x80' "$caps/pppd.pcap"
tcpdump -ddd -y PPP_PPPD 'ip6' >"$work/ip6.ddd"
same_numbers "test with a program file" "$(record_numbers "$caps/pppd.pcap" ip6)" \
	"$(ipppctl_numbers pass pass-file "$work/ip6.ddd" "$caps/pppd.pcap")"

# Usage errors.
expect "test without capture" 1 "" \
	'Error: missing CAPTURE in "filter test pass tcp"' $real filter test pass tcp
expect "test without filter" 1 "" \
	"Error: missing a filter (pass, active, pass-file or active-file) or \"dev NAME\" in \"filter test $caps/pppd.pcap\"" \
	$real filter test "$caps/pppd.pcap"
expect "test two captures" 1 "" \
	"Error: unknown keyword \"$caps/raw.pcap\" after \"filter test pass tcp $caps/pppd.pcap\"" \
	$real filter test pass tcp "$caps/pppd.pcap" "$caps/raw.pcap"
expect "test invalid direction" 1 "" \
	'Error: invalid direction "both": expected in or out' \
	$real filter test pass tcp "$caps/pppd.pcap" direction both
expect "test direction twice" 1 "" \
	"Error: duplicate \"direction\" in \"filter test pass tcp $caps/pppd.pcap direction in direction\"" \
	$real filter test pass tcp "$caps/pppd.pcap" direction in direction out
expect "test help" 0 "~filter test \{ FILTER \| dev NAME \}" "" $real filter test help

# "dev NAME" reads the unit's filters; a filter on the command line
# replaces the unit's.
expect "set filters to test" 0 "" "" \
	$fake filter set dev ippp0 pass 'not icmp and not icmp6' active tcp
expect "test dev" 0 "~^13 packets: 9 passed, 4 dropped, 4 active, 2 would dial," "" \
	$fake filter test dev ippp0 "$caps/pppd.pcap"
expect "test dev with active replaced" 0 \
	"~^13 packets: 9 passed, 4 dropped, 3 active, 2 would dial," "" \
	$fake filter test dev ippp0 active udp "$caps/pppd.pcap"
expect "test dev not found" 2 "" 'Error: device not found (dev "ippp9")' \
	$fake filter test dev ippp9 "$caps/pppd.pcap"
expect "clear after capture tests" 0 "" "" $fake filter clear dev ippp0
expect "test dev without filters" 0 \
	"~^13 packets: 13 passed, 0 dropped, 13 active, 7 would dial," "" \
	$fake filter test dev ippp0 "$caps/pppd.pcap"
