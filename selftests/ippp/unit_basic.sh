#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Create an ippp unit with stock iproute2, check that it is a PPP link and
# delete it again.

. "$(dirname "$0")/lib.sh"

ARPHRD_PPP=512
DEV=ippp0

ktap_plan 4

if ippp_load_module; then
	ktap_ok "module_loaded"
else
	ktap_fail "module_loaded"
	ktap_skip "link_add" "ippp module not loaded"
	ktap_skip "link_type_is_ppp" "ippp module not loaded"
	ktap_skip "link_del" "ippp module not loaded"
	ktap_finish
fi

if check_run "link_add" ip link add "$DEV" type ippp; then
	cleanup_push ip link del "$DEV"
	check_eq "link_type_is_ppp" "$ARPHRD_PPP" \
		"$(cat "/sys/class/net/$DEV/type" 2>&1)"
	if check_run "link_del" ip link del "$DEV"; then
		cleanup_run
	fi
else
	ktap_skip "link_type_is_ppp" "ip link add failed"
	ktap_skip "link_del" "ip link add failed"
fi

ktap_finish
