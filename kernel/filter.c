// SPDX-License-Identifier: GPL-2.0
/*
 * The filter core: validation, installation and the per-packet run of the
 * pass and active programs.
 *
 * An installed filter is immutable. Replacing one builds and validates the
 * new object, publishes it with rcu_assign_pointer() under RTNL, and frees
 * the old one after a grace period, so the data path never locks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/netlink.h>
#include "filter.h"

static bool ippp_insn_code_valid(u16 code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

static bool ippp_insn_uses_mem(u16 code)
{
	return code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM) ||
	       code == BPF_ST || code == BPF_STX;
}

/*
 * Check what the classic BPF checker would reject, so the extended ACK can
 * say why. bpf_prog_create() still runs its own complete check afterwards.
 */
static int ippp_filter_check(const struct sock_filter *insns,
			     unsigned int len, const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (len == 0 || len > IPPP_FILTER_MAXINSNS) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "program must have 1 to 4096 instructions");
		return -EINVAL;
	}

	for (i = 0; i < len; i++) {
		const struct sock_filter *insn = &insns[i];
		unsigned int left = len - i - 1;

		if (!ippp_insn_code_valid(insn->code)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "invalid instruction opcode");
			return -EINVAL;
		}
		if ((insn->code == (BPF_ALU | BPF_DIV | BPF_K) ||
		     insn->code == (BPF_ALU | BPF_MOD | BPF_K)) && !insn->k) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "division by constant zero");
			return -EINVAL;
		}
		if (ippp_insn_uses_mem(insn->code) && insn->k >= BPF_MEMWORDS) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "scratch memory index out of range");
			return -EINVAL;
		}
		if (BPF_CLASS(insn->code) != BPF_JMP)
			continue;
		if (BPF_OP(insn->code) == BPF_JA ? insn->k >= left :
		    insn->jt >= left || insn->jf >= left) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "jump target out of range");
			return -EINVAL;
		}
	}

	if (BPF_CLASS(insns[len - 1].code) != BPF_RET) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "program does not end with a return instruction");
		return -EINVAL;
	}
	return 0;
}

/**
 * ippp_filter_create() - validate a program and build a filter from it
 * @insns: the classic BPF instructions
 * @len: number of instructions
 * @expr: the expression the program was compiled from, or NULL
 * @origin: enum ippp_filter_origin
 * @attr: attribute to blame in @extack, or NULL
 * @extack: extended ACK for the reason of a rejection, or NULL
 *
 * Context: process context; allocates with GFP_KERNEL.
 * Return: the new, unpublished filter, or an ERR_PTR(): -EINVAL for an
 * invalid program, -ENOMEM.
 */
struct ippp_filter *ippp_filter_create(const struct sock_filter *insns,
				       unsigned int len, const char *expr,
				       u8 origin, const struct nlattr *attr,
				       struct netlink_ext_ack *extack)
{
	struct sock_fprog_kern fprog;
	struct ippp_filter *filter;
	int err;

	err = ippp_filter_check(insns, len, attr, extack);
	if (err)
		return ERR_PTR(err);

	filter = kvzalloc(struct_size(filter, insns, len), GFP_KERNEL);
	if (!filter)
		return ERR_PTR(-ENOMEM);
	memcpy(filter->insns, insns, flex_array_size(filter, insns, len));
	filter->len = len;
	filter->origin = origin;
	filter->set_time = ktime_get_real_seconds();

	if (expr) {
		filter->expr = kstrdup(expr, GFP_KERNEL);
		if (!filter->expr) {
			err = -ENOMEM;
			goto err_free_filter;
		}
	}

	fprog.len = len;
	fprog.filter = filter->insns;
	err = bpf_prog_create(&filter->prog, &fprog);
	if (err) {
		if (err == -EINVAL)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "program rejected by the classic BPF checker, e.g. for reading scratch memory before writing it");
		goto err_free_expr;
	}
	return filter;

err_free_expr:
	kfree(filter->expr);
err_free_filter:
	kvfree(filter);
	return ERR_PTR(err);
}

/**
 * ippp_filter_free() - free a filter at once
 * @filter: a filter no reader can see, or NULL
 */
void ippp_filter_free(struct ippp_filter *filter)
{
	if (!filter)
		return;
	bpf_prog_destroy(filter->prog);
	kfree(filter->expr);
	kvfree(filter);
}

static void ippp_filter_free_rcu(struct rcu_head *head)
{
	ippp_filter_free(container_of(head, struct ippp_filter, rcu));
}

/**
 * ippp_filter_replace() - install a filter, or remove one
 * @unit: the unit
 * @which: IPPP_FILTER_PASS or IPPP_FILTER_ACTIVE
 * @filter: the new filter, or NULL to remove the current one
 *
 * The old filter is freed after an RCU grace period.
 *
 * Context: RTNL held.
 */
void ippp_filter_replace(struct ippp_unit *unit, u32 which,
			 struct ippp_filter *filter)
{
	struct ippp_filter __rcu **slot;
	struct ippp_filter *old;

	ASSERT_RTNL();
	slot = which == IPPP_FILTER_PASS ? &unit->pass : &unit->active;
	old = rtnl_dereference(*slot);
	rcu_assign_pointer(*slot, filter);
	if (old)
		call_rcu(&old->rcu, ippp_filter_free_rcu);
}

/**
 * ippp_filter_run() - run the pass, then the active filter on a packet
 * @unit: the unit the packet crosses
 * @skb: the packet, its data starting at the network header
 * @dir: IPPP_DIR_IN or IPPP_DIR_OUT
 * @proto: the decoded PPP protocol number
 *
 * The programs see the libpcap DLT_PPP_PPPD layout: a 4-byte pseudo-header
 * (direction, 0, protocol in network order) followed by the packet. The
 * pseudo-header is pushed into the headroom and pulled again, so @skb
 * leaves with the data it came with. The active filter runs only on
 * packets the pass filter accepted; an accepted one marks the direction
 * active for the idle timer.
 *
 * Context: RCU read side with bottom halves disabled.
 * Return: IPPP_VERDICT_PASS and IPPP_VERDICT_ACTIVE bits; 0 means drop.
 */
u32 ippp_filter_run(struct ippp_unit *unit, struct sk_buff *skb,
		    enum ippp_dir dir, u16 proto)
{
	const struct ippp_filter *pass, *active;
	u32 verdict = IPPP_VERDICT_PASS | IPPP_VERDICT_ACTIVE;
	u8 *hdr;

	pass = rcu_dereference_bh(unit->pass);
	active = rcu_dereference_bh(unit->active);
	if (!pass && !active)
		goto count;

	if (skb_cow_head(skb, IPPP_PSEUDO_HDR_LEN)) {
		ippp_stat_inc(unit, IPPP_CNT_DROPPED, dir);
		return 0;
	}
	hdr = skb_push(skb, IPPP_PSEUDO_HDR_LEN);
	hdr[0] = dir == IPPP_DIR_OUT;
	hdr[1] = 0;
	put_unaligned_be16(proto, &hdr[2]);

	if (pass && !bpf_prog_run(pass->prog, skb))
		verdict = 0;
	else if (active && !bpf_prog_run(active->prog, skb))
		verdict = IPPP_VERDICT_PASS;

	__skb_pull(skb, IPPP_PSEUDO_HDR_LEN);

count:
	if (!(verdict & IPPP_VERDICT_PASS)) {
		ippp_stat_inc(unit, IPPP_CNT_FILTERED, dir);
		return 0;
	}
	ippp_stat_inc(unit, IPPP_CNT_PASSED, dir);
	if (verdict & IPPP_VERDICT_ACTIVE) {
		ippp_stat_inc(unit, IPPP_CNT_ACTIVE, dir);
		ippp_mark_active(unit, dir);
	} else {
		ippp_stat_inc(unit, IPPP_CNT_INACTIVE, dir);
	}
	return verdict;
}
