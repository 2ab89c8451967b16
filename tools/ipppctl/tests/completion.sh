# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Tests of ipppctl.bash-completion, run in a child bash with the
# bash-completion package's library. Sourced by run.sh.

BASH_COMPLETION=/usr/share/bash-completion/bash_completion

# completes NAME EXPECTED WORDS...: completing the last of WORDS offers
# EXPECTED, words separated by blanks, in any order.
completes() {
	local name=$1 expected=$2 script=$PWD/ipppctl.bash-completion actual

	shift 2
	actual=$(cd "$caps" && LC_ALL=C bash -c '
		. "$0"
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_ipppctl ipppctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | xargs' "$BASH_COMPLETION" "$script" "$@")
	expected=$(printf '%s\n' $expected | LC_ALL=C sort | xargs)
	if [ "$actual" = "$expected" ]; then
		report "completion: $name" ""
	else
		report "completion: $name" "  expected '$expected', got '$actual'"$'\n'
	fi
}

if [ ! -f "$BASH_COMPLETION" ]; then
	echo "ok $((passed + failed + 1)) completion # SKIP $BASH_COMPLETION not installed"
	passed=$((passed + 1))
else
	completes "objects" "filter unit monitor help" ipppctl ''
	completes "options" "-V -j -p -s -d -n -b -force -h" ipppctl -
	completes "object after options" "filter" ipppctl -j -p f
	completes "filter commands" "set show clear test help" ipppctl filter ''
	completes "set keywords" "pass active pass-file active-file help" \
		ipppctl filter set dev ippp0 ''
	completes "set without the used filter" "active active-file help" \
		ipppctl filter set dev ippp0 pass tcp ''
	completes "show keywords" "active help" ipppctl filter show dev ippp0 pass ''
	completes "test offers captures" \
		"dev active active-file direction help baddir.pcap malformed.pcap pfc-ref.pcap pfc.pcap pppd.pcap raw.pcap" \
		ipppctl filter test pass tcp ''
	completes "direction values" "in out" ipppctl filter test pass tcp x direction ''
	completes "dialmode values" "off manual auto" ipppctl unit set dev x dialmode ''
	completes "unit set keywords left" \
		"peer dialmode idle dial-delay queue-len pfc help" \
		ipppctl unit set dev x acfc on ''
	completes "monitor scopes" "filter link help" ipppctl monitor ''
	completes "program files" "pfc-ref.pcap pfc.pcap pppd.pcap" \
		ipppctl filter set dev x pass-file p
fi
