#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Drive the ippp family with the kernel's own YNL CLI (tools/net/ynl/cli.py)
# and Documentation/netlink/specs/ippp.yaml: set both filters, read them
# back with a do and a dump, limit a read with filter-mask, and clear them.
# The VM has the CLI under /opt/ynl (tools/vmtest/mkinitramfs.sh -y); set
# YNL_ROOT to run this elsewhere.

. "$(dirname "$0")/lib.sh"

YNL_ROOT=${YNL_ROOT:-/opt/ynl}
CLI=$YNL_ROOT/tools/net/ynl/cli.py
SPEC=$YNL_ROOT/Documentation/netlink/specs/ippp.yaml
DEV=ipppynl0
CASES=(ynl_cli_present link_add filter_set_both get_pass_insns get_pass_expr
       get_pass_len get_pass_origin get_active_insns get_active_no_expr
       dump_pass_insns get_mask_active_only ipppctl_reads_same_insns
       set_bad_jump_rejected old_filter_kept clear_pass_only clear_all)

# The hex form of one struct sock_filter { u16 code; u8 jt, jf; u32 k; }
# in the little-endian byte order of the x86-64 VM.
insn_hex()
{
	printf '%02x%02x%02x%02x%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8)) \
		"$2" "$3" $(($4 & 255)) $((($4 >> 8) & 255)) \
		$((($4 >> 16) & 255)) $((($4 >> 24) & 255))
}

# "ip": ldh [2]; jeq #0x21 jt 2 jf 3; ret #65535; ret #0
PASS_INSNS="[[40,0,0,2],[21,0,1,33],[6,0,0,65535],[6,0,0,0]]"
PASS_HEX=$(insn_hex 40 0 0 2)$(insn_hex 21 0 1 33)$(insn_hex 6 0 0 65535)$(insn_hex 6 0 0 0)
PASS_EXPR="ip, from ynl"
# ret #1
ACTIVE_HEX=$(insn_hex 6 0 0 1)
# A jump past the end of the program: jeq #0 jt 5 jf 0; ret #1
BAD_HEX=$(insn_hex 21 5 0 0)$(insn_hex 6 0 0 1)

# ynl ARGS...: run the CLI, skipping the schema check that the first
# request already made. Prints the reply as JSON.
ynl()
{
	python3 "$CLI" --spec "$SPEC" --no-schema --output-json "$@"
}

skip_rest()
{
	local name

	for name in "${CASES[@]:$ktap_case}"; do
		ktap_skip "$name" "$1"
	done
	ktap_finish
}

# check_json NAME FILE JQ EXPECTED: the jq filter JQ on FILE gives EXPECTED.
check_json()
{
	check_eq "$1" "$4" "$(jq -c "$3" "$2" 2>&1)"
}

ktap_plan "${#CASES[@]}"

if ! ippp_load_module; then
	skip_rest "ippp module not loaded"
fi
if [ ! -f "$CLI" ] || ! command -v python3 >/dev/null; then
	skip_rest "no python3 or no YNL CLI at $CLI"
fi

# The first request also validates the spec against its schema.
check_run ynl_cli_present python3 "$CLI" --spec "$SPEC" --list-ops ||
	skip_rest "the YNL CLI does not load the spec"
check_run link_add ip link add "$DEV" type ippp || skip_rest "ip link add failed"
cleanup_push ip link del "$DEV"

out=$(mktemp)
cleanup_push rm -f "$out"

check_run filter_set_both ynl --do filter-set --json \
	"{\"ifname\": \"$DEV\", \"pass\": {\"insns\": \"$PASS_HEX\", \"expr\": \"$PASS_EXPR\"},
	  \"active\": {\"insns\": \"$ACTIVE_HEX\"}}"

ynl --do filter-get --json "{\"ifname\": \"$DEV\"}" >"$out" 2>&1
check_json get_pass_insns "$out" .pass.insns "\"$PASS_HEX\""
check_json get_pass_expr "$out" .pass.expr "\"$PASS_EXPR\""
check_json get_pass_len "$out" .pass.len 4
check_json get_pass_origin "$out" .pass.origin '"netlink"'
check_json get_active_insns "$out" .active.insns "\"$ACTIVE_HEX\""
check_json get_active_no_expr "$out" '.active | has("expr")' false

ynl --dump filter-get >"$out" 2>&1
check_json dump_pass_insns "$out" ".[] | select(.ifname == \"$DEV\") | .pass.insns" \
	"\"$PASS_HEX\""

ynl --do filter-get --json "{\"ifname\": \"$DEV\", \"filter-mask\": \"active\"}" \
	>"$out" 2>&1
check_json get_mask_active_only "$out" '[has("pass"), .active.insns]' \
	"[false,\"$ACTIVE_HEX\"]"

ipppctl -j -d filter show dev "$DEV" pass >"$out" 2>&1
check_json ipppctl_reads_same_insns "$out" '.[0].pass.insns' "$PASS_INSNS"

if ynl --do filter-set --json \
	"{\"ifname\": \"$DEV\", \"pass\": {\"insns\": \"$BAD_HEX\"}}" >"$out" 2>&1; then
	ktap_info "set_bad_jump_rejected: the kernel accepted: $(cat "$out")"
	ktap_fail set_bad_jump_rejected
else
	ktap_info "set_bad_jump_rejected: $(head -c 300 "$out")"
	ktap_ok set_bad_jump_rejected
fi
ynl --do filter-get --json "{\"ifname\": \"$DEV\"}" >"$out" 2>&1
check_json old_filter_kept "$out" .pass.insns "\"$PASS_HEX\""

ynl --do filter-clear --json "{\"ifname\": \"$DEV\", \"filter-mask\": \"pass\"}" \
	>/dev/null 2>&1
ynl --do filter-get --json "{\"ifname\": \"$DEV\"}" >"$out" 2>&1
check_json clear_pass_only "$out" '[has("pass"), has("active")]' '[false,true]'

ynl --do filter-clear --json "{\"ifname\": \"$DEV\"}" >/dev/null 2>&1
ynl --do filter-get --json "{\"ifname\": \"$DEV\"}" >"$out" 2>&1
check_json clear_all "$out" '[has("pass"), has("active")]' '[false,false]'

ktap_finish
