/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPPP_FILTER_H
#define _IPPP_FILTER_H

#include <linux/filter.h>
#include <linux/rcupdate.h>
#include <linux/err.h>
#include "device.h"

/* The libpcap DLT_PPP_PPPD header the programs see before the packet. */
#define IPPP_PSEUDO_HDR_LEN	4

/* Bits of the value ippp_filter_run() returns. */
#define IPPP_VERDICT_PASS	BIT(0)
#define IPPP_VERDICT_ACTIVE	BIT(1)

/**
 * struct ippp_filter - an installed filter; immutable once published
 * @rcu: frees the filter after readers are done with it
 * @prog: the program the data path runs
 * @set_time: when it was installed, in seconds since the Epoch
 * @expr: the expression it was compiled from, or NULL
 * @len: number of instructions
 * @origin: enum ippp_filter_origin
 * @insns: the instructions exactly as they were set, since the kernel
 *	keeps no classic copy of a program made by bpf_prog_create()
 */
struct ippp_filter {
	struct rcu_head rcu;
	struct bpf_prog *prog;
	time64_t set_time;
	char *expr;
	u16 len;
	u8 origin;
	struct sock_filter insns[];
};

#if IS_ENABLED(CONFIG_IPPP_FILTER)

struct ippp_filter *ippp_filter_create(const struct sock_filter *insns,
				       unsigned int len, const char *expr,
				       u8 origin, const struct nlattr *attr,
				       struct netlink_ext_ack *extack);
void ippp_filter_free(struct ippp_filter *filter);
void ippp_filter_replace(struct ippp_unit *unit, u32 which,
			 struct ippp_filter *filter);
u32 ippp_filter_run(struct ippp_unit *unit, struct sk_buff *skb,
		    enum ippp_dir dir, u16 proto);

#else

static inline struct ippp_filter *
ippp_filter_create(const struct sock_filter *insns, unsigned int len,
		   const char *expr, u8 origin, const struct nlattr *attr,
		   struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "ippp was built without filter support");
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void ippp_filter_free(struct ippp_filter *filter)
{
}

static inline void ippp_filter_replace(struct ippp_unit *unit, u32 which,
				       struct ippp_filter *filter)
{
}

static inline u32 ippp_filter_run(struct ippp_unit *unit, struct sk_buff *skb,
				  enum ippp_dir dir, u16 proto)
{
	ippp_stat_inc(unit, IPPP_CNT_PASSED, dir);
	ippp_stat_inc(unit, IPPP_CNT_ACTIVE, dir);
	ippp_mark_active(unit, dir);
	return IPPP_VERDICT_PASS | IPPP_VERDICT_ACTIVE;
}

#endif

#endif /* _IPPP_FILTER_H */
