# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Tests of "ipppctl -b FILE" and -force. Sourced by run.sh.

cat >"$work/batch" <<'BATCH'
# Two units, set up from one file.
filter set dev ippp0 pass 'not icmp' \
	active "outbound and tcp"   # the line stays up for TCP only
unit set dev ippp1 idle 60

filter show dev ippp0
BATCH
: >"$IPPP_FAKE_LOG"
expect "batch runs every line" 0 "ippp0: unit 0
    pass: \"not icmp\" (netlink, 6 instructions, set 2026-12-04 20:11:05)
    active: \"outbound and tcp\" (netlink, 14 instructions, set 2026-12-04 20:11:05)" "" \
	$fake -b "$work/batch"
check "batch sent three requests" test "$(wc -l <"$IPPP_FAKE_LOG")" = 3
expect "batch with json" 0 '~^\[\{"ifname":"ippp0",' "" $fake -j -b "$work/batch"

cat >"$work/batch-fail" <<'BATCH'
filter clear dev ippp0
filter set dev ippp9 pass tcp
filter clear dev ippp1
BATCH
: >"$IPPP_FAKE_LOG"
expect "batch stops at a failure" 2 "" \
	"Error: device not found (dev \"ippp9\")
Error: $work/batch-fail:2: command failed with exit status 2" \
	$fake -b "$work/batch-fail"
check "batch ran nothing after the failure" \
	test "$(grep -c '^cmd 7 ' "$IPPP_FAKE_LOG")" = 1

cat >"$work/batch-force" <<'BATCH'
filter set dev ippp0 pass 'tcp port 99999'
filter set dev ippp9 pass tcp
filter frob
filter clear dev ippp1
BATCH
: >"$IPPP_FAKE_LOG"
expect "force runs every line" 2 "" \
	"Error: invalid pass expression \"tcp port 99999\": illegal port number 99999 > 65535
Error: $work/batch-force:1: command failed with exit status 1
Error: device not found (dev \"ippp9\")
Error: $work/batch-force:2: command failed with exit status 2
Error: unknown command \"frob\" after \"filter\"; try \"ipppctl filter help\"
Error: $work/batch-force:3: command failed with exit status 1" \
	$fake -force -b "$work/batch-force"
check "force ran the last line" \
	test "$(grep -c '^cmd 7 ' "$IPPP_FAKE_LOG")" = 1

printf 'filter help\nfilter set dev ippp0 pass "not icmp\n' >"$work/batch-quote"
expect "batch unterminated quote" 1 "~^Usage: ipppctl filter set" \
	"Error: $work/batch-quote:2: unterminated double quote" \
	$real -b "$work/batch-quote"
printf 'help\n\n  # only a comment\nfilter show dev ippp0 \\\n pass\n' >"$work/batch-lines"
expect "batch line numbers after a continuation" 2 "~^Usage: ipppctl " \
	"Error: the ippp kernel module is not loaded (try: modprobe ippp)
Error: $work/batch-lines:4: command failed with exit status 2" \
	env IPPP_FAKE_MISSING=1 $fake -b "$work/batch-lines"
expect "batch from standard input" 0 "~^Usage: ipppctl unit show" "" \
	$real -b - <<<'unit help'
expect "batch with escapes" 1 "" \
	'Error: invalid pass expression "a b'"'"'c": can'"'"'t parse filter expression: syntax error
Error: standard input:1: command failed with exit status 1' \
	$real -b - <<<"filter test pass a\\ b\\'c x.pcap"
expect "batch file missing" 2 "" \
	"Error: cannot open batch file \"$work/none\": No such file or directory" \
	$real -b "$work/none"
expect "batch without file" 1 "" 'Error: missing FILE after "-b"' $real -b
expect "batch with a command" 1 "" \
	"Error: unexpected \"filter\" after \"-b $work/batch\"; a batch file holds the commands" \
	$real -b "$work/batch" filter show
