# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the ippp shell tests. Source it from bash:
#   . "$(dirname "$0")/lib.sh"
#
# A test calls ktap_plan, then one ktap_ok/ktap_fail/ktap_skip per case, and
# ends with ktap_finish, whose exit status kselftest's runner reads:
# 0 all cases passed, 1 (KSFT_FAIL) any failed, 4 (KSFT_SKIP) all skipped.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

ktap_case=0
ktap_failed=0
ktap_passed=0
ktap_skipped=0
ktap_planned=0

ktap_plan()
{
	ktap_planned=$1
	echo "TAP version 13"
	echo "1..$1"
}

ktap_ok()
{
	ktap_case=$((ktap_case + 1))
	ktap_passed=$((ktap_passed + 1))
	echo "ok $ktap_case $1"
}

ktap_fail()
{
	ktap_case=$((ktap_case + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_case $1"
}

ktap_skip()
{
	ktap_case=$((ktap_case + 1))
	ktap_skipped=$((ktap_skipped + 1))
	echo "ok $ktap_case $1 # SKIP ${2:-}"
}

# Print a diagnostic line, which KTAP readers take as a comment.
ktap_info()
{
	echo "# $*"
}

# Exit with the status that summarises every case reported so far.
ktap_finish()
{
	if [ "$ktap_case" -ne "$ktap_planned" ]; then
		ktap_info "planned $ktap_planned cases, reported $ktap_case"
		exit "$KSFT_FAIL"
	fi
	ktap_info "totals: pass:$ktap_passed fail:$ktap_failed skip:$ktap_skipped"
	if [ "$ktap_failed" -ne 0 ]; then
		exit "$KSFT_FAIL"
	fi
	if [ "$ktap_passed" -eq 0 ] && [ "$ktap_skipped" -ne 0 ]; then
		exit "$KSFT_SKIP"
	fi
	exit "$KSFT_PASS"
}

# Report case $1 as passed when $2 (expected) equals $3 (actual), else print
# both and report it as failed.
check_eq()
{
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
		return 0
	fi
	ktap_info "$1: expected \"$2\", got \"$3\""
	ktap_fail "$1"
	return 1
}

# Run a command and report case $1 as passed when it exits 0. Its output is
# printed as diagnostics either way.
check_run()
{
	local name=$1 out rc

	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ -n "$out" ]; then
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
	if [ "$rc" -eq 0 ]; then
		ktap_ok "$name"
		return 0
	fi
	ktap_info "$name: \"$*\" exited with $rc"
	ktap_fail "$name"
	return 1
}

# Load the ippp module unless it is already there. Returns non-zero with a
# diagnostic when it cannot be loaded.
ippp_load_module()
{
	local out rc

	if [ -d /sys/module/ippp ]; then
		return 0
	fi
	out=$(modprobe ippp 2>&1)
	rc=$?
	if [ -n "$out" ]; then
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
	if [ "$rc" -ne 0 ]; then
		ktap_info "modprobe ippp exited with $rc"
		return 1
	fi
	if [ ! -d /sys/module/ippp ]; then
		ktap_info "modprobe ippp exited 0 but /sys/module/ippp is missing"
		return 1
	fi
	return 0
}

# Commands that undo what a test created, run in reverse order on exit.
cleanup_cmds=()

cleanup_push()
{
	cleanup_cmds+=("$*")
}

cleanup_run()
{
	local i

	for ((i = ${#cleanup_cmds[@]} - 1; i >= 0; i--)); do
		eval "${cleanup_cmds[i]}" >/dev/null 2>&1
	done
	cleanup_cmds=()
}

trap cleanup_run EXIT

# Wait up to 5 s for the line of unit $2 in namespace $1 to come online.
wait_online()
{
	local i state

	for ((i = 0; i < 50; i++)); do
		state=$(ipppctl -n "$1" -j unit show dev "$2" | jq -r '.[0].state')
		[ "$state" = online ] && return 0
		sleep 0.1
	done
	ktap_info "unit $2 in $1 is $state, not online, after 5 s"
	return 1
}
