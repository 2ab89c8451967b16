# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Tests of "filter set" with precompiled files and of the warnings about
# filters that match nothing a unit carries. Sourced by run.sh.

# program NAME LINES...: write a "tcpdump -ddd" file from LINES.
program() {
	local path=$work/$1

	shift
	printf '%s\n' "$@" >"$path"
	echo "$path"
}

ret_all=$(program ret-all.ddd 1 "6 0 0 65535")
tcpdump -s 65535 -ddd -y PPP_PPPD 'tcp port 80' >"$work/port80.ddd"
port80=$work/port80.ddd

: >"$IPPP_FAKE_LOG"
expect "pass-file accepted" 0 "" "" $fake filter set dev ippp1 pass-file "$port80"
check "pass-file sends one request" \
	test "$(grep -c '^cmd 6 ' "$IPPP_FAKE_LOG")" = 1
$fake -d filter show dev ippp1 pass | tail -n +3 | sed 's/^        //' \
	>"$work/ipppctl-d"
tcpdump -s 65535 -d -y PPP_PPPD 'tcp port 80' >"$work/tcpdump-d"
check "pass-file instructions read back" cmp -s "$work/ipppctl-d" "$work/tcpdump-d"
expect "pass-file shown without expression" 0 \
	"~^    pass: \(netlink, $(head -n 1 "$port80") instructions, set " "" \
	$fake filter show dev ippp1 pass
expect "pass-file and active expression" 0 "" "" \
	$fake filter set dev ippp1 pass-file "$port80" active "outbound and tcp"
expect "active from expression kept" 0 \
	'~active: "outbound and tcp" \(netlink, ' "" $fake filter show dev ippp1
expect "both from files" 0 "" "" \
	$fake filter set dev ippp1 pass-file "$port80" active-file "$ret_all"
expect "file from standard input" 0 "" "" \
	$fake filter set dev ippp1 active-file - <"$port80"

# Every rejected file names the file and line, and sends nothing.
: >"$IPPP_FAKE_LOG"
expect_file() {
	local name=$1 message=$2 path

	shift 2
	path=$(program "$name.ddd" "$@")
	expect "file $name" 1 "" "Error: $path:$message" \
		$fake filter set dev ippp1 pass-file "$path"
}
expect_file "count zero" '1: invalid instruction count "0": expected a decimal integer from 1 to 4096' \
	0
expect_file "count too large" '1: invalid instruction count "4097": expected a decimal integer from 1 to 4096' \
	4097 "6 0 0 1"
expect_file "count negative" '1: invalid instruction count "-1": expected a decimal integer from 1 to 4096' \
	-1 "6 0 0 1"
expect_file "count not numeric" '1: invalid instruction count "one": expected a decimal integer from 1 to 4096' \
	one "6 0 0 1"
expect_file "count trailing garbage" '1: unexpected "x" after the instruction count' \
	"1 x" "6 0 0 1"
expect_file "count missing" '1: missing the instruction count' \
	"" "6 0 0 1"
expect_file "code too large" '2: invalid code "65536": expected a decimal integer from 0 to 65535' \
	1 "65536 0 0 1"
expect_file "jt too large" '2: invalid jt "256": expected a decimal integer from 0 to 255' \
	1 "6 256 0 1"
expect_file "jf negative" '2: invalid jf "-1": expected a decimal integer from 0 to 255' \
	1 "6 0 -1 1"
expect_file "k too large" '2: invalid k "4294967296": expected a decimal integer from 0 to 4294967295' \
	1 "6 0 0 4294967296"
expect_file "k in hex" '2: invalid k "0x10": expected a decimal integer from 0 to 4294967295' \
	1 "6 0 0 0x10"
expect_file "k huge" '2: invalid k "99999999999999999999999": expected a decimal integer from 0 to 4294967295' \
	1 "6 0 0 99999999999999999999999"
expect_file "field missing" '2: missing k; expected "code jt jf k"' \
	1 "6 0 0"
expect_file "field extra" '2: unexpected "7" after "code jt jf k"' \
	1 "6 0 0 1 7"
expect_file "blank instruction line" '2: missing code; expected "code jt jf k"' \
	2 "" "6 0 0 1"
expect_file "more lines than count" '3: unexpected line after the 1 instructions that line 1 counts' \
	1 "6 0 0 1" "6 0 0 0"
expect_file "jump past end" '3: instruction 1: jump by 1 goes past the end of the program' \
	3 "40 0 0 2" "21 1 0 33" "6 0 0 1"
expect_file "last not return" '2: instruction 0: the last instruction is not a return' \
	1 "40 0 0 2"
expect_file "unknown opcode" '2: instruction 0: unknown opcode 255' \
	2 "255 0 0 0" "6 0 0 1"
expect_file "division by zero" '2: instruction 0: division by zero' \
	2 "52 0 0 0" "6 0 0 1"
expect_file "shift too far" '2: instruction 0: shift by 32, more than 31' \
	2 "100 0 0 32" "6 0 0 1"
expect_file "memory index" '2: instruction 0: scratch memory index 16 is not from 0 to 15' \
	2 "2 0 0 16" "6 0 0 1"
expect_file "load before store" '2: instruction 0: loads scratch memory word 3 before a store to it' \
	2 "96 0 0 3" "22 0 0 0"
short=$(program short.ddd 3 "6 0 0 1")
expect "file shorter than count" 1 "" \
	"Error: $short: line 1 counts 3 instructions, but the file has 1" \
	$fake filter set dev ippp1 pass-file "$short"
: >"$work/empty.ddd"
expect "file empty" 1 "" \
	"Error: $work/empty.ddd: the file is empty; expected an instruction count on line 1" \
	$fake filter set dev ippp1 pass-file "$work/empty.ddd"
printf '1\n6 0\0 0 1\n' >"$work/nul.ddd"
expect "file with NUL byte" 1 "" \
	"Error: $work/nul.ddd:2: the line contains a NUL byte" \
	$fake filter set dev ippp1 pass-file "$work/nul.ddd"
expect "file missing" 2 "" \
	"Error: cannot open \"$work/none.ddd\": No such file or directory" \
	$fake filter set dev ippp1 pass-file "$work/none.ddd"
expect "bad file with good expression" 1 "" \
	"~^Error: $short: line 1 counts 3" \
	$fake filter set dev ippp1 pass tcp active-file "$short"
check "nothing sent for bad files" test ! -s "$IPPP_FAKE_LOG"

# Accepted oddities of hand-edited files.
printf '2\r\n40 0 0 2\r\n6\t0\t0\t1\n\n  \n' >"$work/crlf.ddd"
expect "CRLF, tabs and blank lines at the end" 0 "" "" \
	$fake filter set dev ippp1 pass-file "$work/crlf.ddd"
{
	echo 4096
	for ((i = 0; i < 4095; i++)); do echo "40 0 0 2"; done
	echo "6 0 0 65535"
} >"$work/max.ddd"
expect "file of 4096 instructions" 0 "" "" \
	$fake filter set dev ippp1 pass-file "$work/max.ddd"
expect "4096 instructions read back" 0 "~4096 instructions" "" \
	$fake filter show dev ippp1 pass

# Keyword errors around files.
expect "pass and pass-file" 1 "" \
	"Error: \"pass-file\" sets the pass filter a second time in \"filter set dev ippp1 pass tcp pass-file\"" \
	$fake filter set dev ippp1 pass tcp pass-file "$port80"
expect "active-file twice" 1 "" \
	"Error: duplicate \"active-file\" in \"filter set dev ippp1 active-file $port80 active-file\"" \
	$fake filter set dev ippp1 active-file "$port80" active-file "$port80"
expect "pass-file without file" 1 "" \
	'Error: missing FILE after "filter set dev ippp1 pass-file"' \
	$fake filter set dev ippp1 pass-file

# Filters that match nothing a unit carries.
warn_all='the only packets a unit filters, so the unit drops every packet'
expect "pass arp warns" 0 "" \
	"Warning: pass expression \"arp\" matches no IPv4 or IPv6 packet, $warn_all" \
	$fake filter set dev ippp1 pass arp
expect "active ipx warns" 0 "" \
	'Warning: active expression "ipx" matches no IPv4 or IPv6 packet, the only packets a unit filters, so no packet counts as activity' \
	$fake filter set dev ippp1 active ipx
expect "direction byte 5 warns" 0 "" \
	"Warning: pass expression \"link[0] = 5\" matches no IPv4 or IPv6 packet, $warn_all" \
	$fake filter set dev ippp1 pass 'link[0] = 5'
expect "arp in a larger expression warns" 0 "" \
	'Warning: pass expression "tcp or arp" tests for arp, which a unit never carries: it filters only IPv4 and IPv6 packets' \
	$fake filter set dev ippp1 pass 'tcp or arp'
expect "escaped protocol name warns" 0 "" \
	'Warning: pass expression "ip or ether proto \rarp" tests for rarp, which a unit never carries: it filters only IPv4 and IPv6 packets' \
	$fake filter set dev ippp1 pass 'ip or ether proto \rarp'
expect "ether proto ip is fine" 0 "" "" \
	$fake filter set dev ippp1 pass 'ether proto 0x800'
expect "vlan rejected by libpcap" 1 "" \
	'Error: invalid pass expression "vlan": no VLAN support for PPP for pppd, with direction flag' \
	$fake filter set dev ippp1 pass vlan
expect "ether host rejected by libpcap" 1 "" \
	'~^Error: invalid pass expression "ether host 02:00:00:00:00:01": ethernet addresses supported only on ' \
	$fake filter set dev ippp1 pass 'ether host 02:00:00:00:00:01'
expect "active rejecting all warns" 0 "" \
	'Warning: active expression rejects all packets, so no packet counts as activity: "inbound and outbound"' \
	$fake filter set dev ippp1 active 'inbound and outbound'
expect "active rejecting all is ret 0" 0 "ippp1: unit 1
    active: \"inbound and outbound\" (netlink, 1 instruction, set 2026-12-04 20:11:05)
        (000) ret      #0" "" $fake -d filter show dev ippp1 active
zero=$(program zero.ddd 1 "6 0 0 0")
expect "pass-file rejecting all warns" 0 "" \
	"Warning: pass program in \"$zero\" accepts no IPv4 or IPv6 packet, $warn_all" \
	$fake filter set dev ippp1 pass-file "$zero"
expect "clear after file tests" 0 "" "" $fake filter clear dev ippp1
