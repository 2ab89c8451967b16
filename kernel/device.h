/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPPP_DEVICE_H
#define _IPPP_DEVICE_H

#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/ippp.h>

struct ippp_cdev;
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
 * @IPPP_CNT_DIAL_REJECTS: outbound packets that could not dial (auto mode)
 * @IPPP_CNT_QUEUE_DROPS: outbound packets dropped on a full dial queue
 * @IPPP_CNT_CTRL: control frames received for a reader, or sent by one
 * @IPPP_CNT_CTRL_DROPS: control frames received with no reader to take them
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
	IPPP_CNT_DIAL_REJECTS,
	IPPP_CNT_QUEUE_DROPS,
	IPPP_CNT_CTRL,
	IPPP_CNT_CTRL_DROPS,
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

/* Hang-up reasons, as enum ippp_hangup_reason; counted per reason. */
#define IPPP_HANGUP_REASONS	(IPPP_HANGUP_ADMIN + 1)

/**
 * struct ippp_unit - private part of an ippp net_device
 * @dev: the net_device this unit belongs to
 * @peer: the other end of the line, or NULL when unwired. Written under
 *	RTNL and ippp_line_lock, read under RCU.
 * @pass: pass filter, or NULL. Written under RTNL, read under RCU.
 * @active: active filter, or NULL. Written under RTNL, read under RCU.
 * @stats: per-CPU counters
 * @cdev: the /dev/ipppN side, or NULL. Written under RTNL, read under RCU.
 * @dial_queue: outbound packets held while dialing, under ippp_line_lock
 * @dial_timer: completes a dial after @dial_delay
 * @idle_timer: hangs up after @idle seconds without activity
 * @reject_rs: limits the rate of dial reject notifications
 * @last_active: jiffies of the last active packet, by enum ippp_dir
 * @created: jiffies when the unit was created
 * @dials: dials started, under ippp_line_lock
 * @hangups: hang-ups by enum ippp_hangup_reason, under ippp_line_lock
 * @unit: unit number N of /dev/ipppN
 * @state: enum ippp_line_state, written under ippp_line_lock
 * @dialmode: enum ippp_dialmode
 * @hangup_reason: reason of the last hang-up, valid once @hung_up is set
 * @hung_up: the line has gone down at least once
 * @flags: IPPP_FLAG_* compression bits used when sending
 * @idle: idle timeout in seconds, 0 for none
 * @dial_delay: emulated call setup time in milliseconds
 * @queue_len: maximum length of @dial_queue
 */
struct ippp_unit {
	struct net_device *dev;
	struct ippp_unit __rcu *peer;
	struct ippp_filter __rcu *pass;
	struct ippp_filter __rcu *active;
	struct ippp_pcpu_stats __percpu *stats;
	struct ippp_cdev __rcu *cdev;
	struct sk_buff_head dial_queue;
	struct timer_list dial_timer;
	struct timer_list idle_timer;
	struct ratelimit_state reject_rs;
	unsigned long last_active[IPPP_DIRS];
	unsigned long created;
	u64 dials;
	u64 hangups[IPPP_HANGUP_REASONS];
	u32 unit;
	u8 state;
	u8 dialmode;
	u8 hangup_reason;
	bool hung_up;
	u32 flags;
	u32 idle;
	u32 dial_delay;
	u32 queue_len;
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

/* Record activity; the idle timer reads it when it expires. */
static inline void ippp_mark_active(struct ippp_unit *unit, enum ippp_dir dir)
{
	unsigned long now = jiffies;

	if (READ_ONCE(unit->last_active[dir]) != now)
		WRITE_ONCE(unit->last_active[dir], now);
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

extern spinlock_t ippp_line_lock;

int ippp_line_wire(struct ippp_unit *unit, struct ippp_unit *peer,
		   struct netlink_ext_ack *extack);
void ippp_line_unwire(struct ippp_unit *unit);
netdev_tx_t ippp_line_xmit(struct ippp_unit *unit, struct sk_buff *skb,
			   u16 proto, u32 verdict);
void ippp_line_deliver(struct ippp_unit *unit, struct ippp_unit *peer,
		       struct sk_buff *skb, u16 proto);
void ippp_line_send_frame(struct ippp_unit *unit, struct ippp_unit *peer,
			  struct sk_buff *skb, u16 proto, u32 flags);

void ippp_dial_init(struct ippp_unit *unit);
void ippp_dial_uninit(struct ippp_unit *unit);
int ippp_dial(struct ippp_unit *unit, struct netlink_ext_ack *extack);
int ippp_hangup(struct ippp_unit *unit, u8 reason);
void ippp_hangup_locked(struct ippp_unit *unit, u8 reason);
void ippp_dial_set_idle(struct ippp_unit *unit, u32 idle);
netdev_tx_t ippp_dial_xmit(struct ippp_unit *unit, struct sk_buff *skb,
			   u16 proto, u32 verdict);

#endif /* _IPPP_DEVICE_H */
