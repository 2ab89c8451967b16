/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPPP_DEVICE_H
#define _IPPP_DEVICE_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/ippp.h>

struct ippp_filter;

/* Direction of a packet, as byte 0 of the filter pseudo-header has it. */
enum ippp_dir {
	IPPP_DIR_IN = 0,
	IPPP_DIR_OUT = 1,
	IPPP_DIRS
};

/**
 * enum ippp_counter - per-unit, per-direction counters
 * @IPPP_CNT_PACKETS: packets that crossed the line
 * @IPPP_CNT_BYTES: bytes of those packets, PPP header included
 * @IPPP_CNT_DROPPED: packets dropped for a reason other than the pass filter
 * @IPPP_CNT_PASSED: packets the pass filter accepted (all, when none is set)
 * @IPPP_CNT_FILTERED: packets the pass filter dropped
 * @IPPP_CNT_ACTIVE: passed packets the active filter accepted
 * @IPPP_CNT_INACTIVE: passed packets the active filter rejected
 * @IPPP_CNTS: number of counters
 */
enum ippp_counter {
	IPPP_CNT_PACKETS,
	IPPP_CNT_BYTES,
	IPPP_CNT_DROPPED,
	IPPP_CNT_PASSED,
	IPPP_CNT_FILTERED,
	IPPP_CNT_ACTIVE,
	IPPP_CNT_INACTIVE,
	IPPP_CNTS
};

/**
 * struct ippp_pcpu_stats - the counters of a unit on one CPU
 * @cnt: counters, by enum ippp_counter and enum ippp_dir
 * @syncp: protects the 64-bit counters on 32-bit hosts
 */
struct ippp_pcpu_stats {
	u64_stats_t cnt[IPPP_CNTS][IPPP_DIRS];
	struct u64_stats_sync syncp;
};

/**
 * struct ippp_stats - the counters of a unit summed over every CPU
 * @cnt: counters, by enum ippp_counter and enum ippp_dir
 */
struct ippp_stats {
	u64 cnt[IPPP_CNTS][IPPP_DIRS];
};

/**
 * struct ippp_unit - private part of an ippp net_device
 * @dev: the net_device this unit belongs to
 * @peer: the other end of the line, or NULL when unwired. Written under
 *	RTNL, read under RCU.
 * @pass: pass filter, or NULL. Written under RTNL, read under RCU.
 * @active: active filter, or NULL. Written under RTNL, read under RCU.
 * @stats: per-CPU counters
 * @unit: unit number N of /dev/ipppN
 * @state: enum ippp_line_state, written under RTNL
 * @dialmode: enum ippp_dialmode
 * @flags: IPPP_FLAG_* compression bits used when sending
 * @idle: idle timeout in seconds, 0 for none
 * @dial_delay: emulated call setup time in milliseconds
 */
struct ippp_unit {
	struct net_device *dev;
	struct ippp_unit __rcu *peer;
	struct ippp_filter __rcu *pass;
	struct ippp_filter __rcu *active;
	struct ippp_pcpu_stats __percpu *stats;
	u32 unit;
	u8 state;
	u8 dialmode;
	u32 flags;
	u32 idle;
	u32 dial_delay;
};

extern struct rtnl_link_ops ippp_link_ops;

/* Bump a per-CPU counter; callers run with bottom halves disabled. */
static inline void ippp_stat_add(struct ippp_unit *unit,
				 enum ippp_counter counter, enum ippp_dir dir,
				 unsigned int value)
{
	struct ippp_pcpu_stats *s = this_cpu_ptr(unit->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->cnt[counter][dir], value);
	u64_stats_update_end(&s->syncp);
}

static inline void ippp_stat_inc(struct ippp_unit *unit,
				 enum ippp_counter counter, enum ippp_dir dir)
{
	ippp_stat_add(unit, counter, dir, 1);
}

static inline void ippp_stat_packet(struct ippp_unit *unit,
				    enum ippp_dir dir, unsigned int len)
{
	struct ippp_pcpu_stats *s = this_cpu_ptr(unit->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[IPPP_CNT_PACKETS][dir]);
	u64_stats_add(&s->cnt[IPPP_CNT_BYTES][dir], len);
	u64_stats_update_end(&s->syncp);
}

bool ippp_is_unit(const struct net_device *dev);
void ippp_stats_read(const struct ippp_unit *unit, struct ippp_stats *sum);

int ippp_line_wire(struct ippp_unit *unit, struct ippp_unit *peer,
		   struct netlink_ext_ack *extack);
void ippp_line_unwire(struct ippp_unit *unit);
netdev_tx_t ippp_line_xmit(struct ippp_unit *unit, struct sk_buff *skb,
			   u16 proto);

#endif /* _IPPP_DEVICE_H */
