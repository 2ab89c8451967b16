// SPDX-License-Identifier: GPL-2.0
/*
 * The life cycle of the emulated line: dialing, on demand or by request,
 * the dial queue, and hang-ups by request, by the peer, by the interface
 * going down, or after the idle timeout.
 *
 * Line state changes touch both ends, so they all run under one lock,
 * ippp_line_lock. The data path takes it only on units that are not online.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmpv6.h>
#include <linux/ppp_defs.h>
#include <net/icmp.h>
#include <net/netlink.h>
#include "device.h"
#include "filter.h"
#include "netlink.h"

/* Protects every unit's state, dial queue and the pairing of peers. */
DEFINE_SPINLOCK(ippp_line_lock);

static struct ippp_unit *ippp_peer_locked(struct ippp_unit *unit)
{
	return rcu_dereference_protected(unit->peer,
					 lockdep_is_held(&ippp_line_lock));
}

static void ippp_idle_arm_locked(struct ippp_unit *unit)
{
	u32 idle = READ_ONCE(unit->idle);

	if (idle)
		mod_timer(&unit->idle_timer, jiffies + idle * HZ);
	else
		del_timer(&unit->idle_timer);
}

/* Take one end offline; the caller notifies after dropping the lock. */
static void ippp_offline_locked(struct ippp_unit *unit, u8 reason)
{
	lockdep_assert_held(&ippp_line_lock);
	WRITE_ONCE(unit->state, IPPP_LINE_OFFLINE);
	unit->hangup_reason = reason;
	unit->hung_up = true;
	unit->hangups[reason]++;
	del_timer(&unit->dial_timer);
	del_timer(&unit->idle_timer);
	__skb_queue_purge(&unit->dial_queue);
	netif_dormant_on(unit->dev);
}

static void ippp_notify_hangup(struct ippp_unit *unit, u8 reason)
{
	ippp_nl_notify_line(unit, IPPP_EVENT_HANGUP, reason);
}

/**
 * ippp_hangup_locked() - take the line of a unit down, both ends
 * @unit: either end
 * @reason: enum ippp_hangup_reason for @unit; the other end gets
 *	IPPP_HANGUP_PEER
 *
 * Does nothing to an end that is offline already. Notifies the monitor
 * group, from atomic context.
 *
 * Context: ippp_line_lock held, bottom halves disabled.
 */
void ippp_hangup_locked(struct ippp_unit *unit, u8 reason)
{
	struct ippp_unit *peer = ippp_peer_locked(unit);

	if (READ_ONCE(unit->state) != IPPP_LINE_OFFLINE) {
		ippp_offline_locked(unit, reason);
		ippp_notify_hangup(unit, reason);
	}
	if (peer && READ_ONCE(peer->state) != IPPP_LINE_OFFLINE) {
		ippp_offline_locked(peer, IPPP_HANGUP_PEER);
		ippp_notify_hangup(peer, IPPP_HANGUP_PEER);
	}
}

/**
 * ippp_hangup() - take the line of a unit down, both ends
 * @unit: either end
 * @reason: enum ippp_hangup_reason
 *
 * Return: 0, or -ENOTCONN when neither end was online or dialing.
 */
int ippp_hangup(struct ippp_unit *unit, u8 reason)
{
	struct ippp_unit *peer;
	int err = 0;

	spin_lock_bh(&ippp_line_lock);
	peer = ippp_peer_locked(unit);
	if (READ_ONCE(unit->state) == IPPP_LINE_OFFLINE &&
	    (!peer || READ_ONCE(peer->state) == IPPP_LINE_OFFLINE))
		err = -ENOTCONN;
	else
		ippp_hangup_locked(unit, reason);
	spin_unlock_bh(&ippp_line_lock);
	return err;
}

/* Start a dial; true when one was started, false when already underway. */
static bool ippp_dial_locked(struct ippp_unit *unit)
{
	lockdep_assert_held(&ippp_line_lock);
	if (READ_ONCE(unit->state) != IPPP_LINE_OFFLINE)
		return false;

	WRITE_ONCE(unit->state, IPPP_LINE_DIALING);
	unit->dials++;
	mod_timer(&unit->dial_timer,
		  jiffies + msecs_to_jiffies(READ_ONCE(unit->dial_delay)));
	return true;
}

/**
 * ippp_dial() - start a call on a wired unit
 * @unit: the unit
 * @extack: extended ACK for the reason of a rejection
 *
 * Return: 0 when a dial started or the line is dialing or online already,
 * -ENOTCONN when the unit is not wired, -ENETDOWN when it is down.
 */
int ippp_dial(struct ippp_unit *unit, struct netlink_ext_ack *extack)
{
	bool started;

	if (!netif_running(unit->dev)) {
		NL_SET_ERR_MSG(extack, "unit is down, set it up first");
		return -ENETDOWN;
	}

	spin_lock_bh(&ippp_line_lock);
	if (!ippp_peer_locked(unit)) {
		spin_unlock_bh(&ippp_line_lock);
		NL_SET_ERR_MSG(extack, "unit is not wired to a peer");
		return -ENOTCONN;
	}
	started = ippp_dial_locked(unit);
	spin_unlock_bh(&ippp_line_lock);

	if (started)
		ippp_nl_notify_line(unit, IPPP_EVENT_DIALING, 0);
	return 0;
}

static u16 ippp_proto_of(const struct sk_buff *skb)
{
	return skb->protocol == htons(ETH_P_IPV6) ? PPP_IPV6 : PPP_IP;
}

/* The call is set up: both ends go online and the queue drains. */
static void ippp_dial_timer(struct timer_list *t)
{
	struct ippp_unit *unit = from_timer(unit, t, dial_timer);
	struct sk_buff_head queue;
	struct ippp_unit *peer;
	struct sk_buff *skb;

	__skb_queue_head_init(&queue);
	rcu_read_lock();
	spin_lock_bh(&ippp_line_lock);
	peer = ippp_peer_locked(unit);
	if (READ_ONCE(unit->state) != IPPP_LINE_DIALING || !peer) {
		spin_unlock_bh(&ippp_line_lock);
		rcu_read_unlock();
		return;
	}

	WRITE_ONCE(unit->state, IPPP_LINE_ONLINE);
	WRITE_ONCE(peer->state, IPPP_LINE_ONLINE);
	del_timer(&peer->dial_timer);
	unit->last_active[IPPP_DIR_IN] = jiffies;
	unit->last_active[IPPP_DIR_OUT] = jiffies;
	peer->last_active[IPPP_DIR_IN] = jiffies;
	peer->last_active[IPPP_DIR_OUT] = jiffies;
	ippp_idle_arm_locked(unit);
	ippp_idle_arm_locked(peer);
	skb_queue_splice_init(&unit->dial_queue, &queue);
	skb_queue_splice_tail_init(&peer->dial_queue, &queue);
	netif_dormant_off(unit->dev);
	netif_dormant_off(peer->dev);
	spin_unlock_bh(&ippp_line_lock);

	ippp_nl_notify_line(unit, IPPP_EVENT_ONLINE, 0);
	ippp_nl_notify_line(peer, IPPP_EVENT_ONLINE, 0);

	/* The queued packets passed their filters before they were queued. */
	local_bh_disable();
	while ((skb = __skb_dequeue(&queue))) {
		if (skb->dev == unit->dev)
			ippp_line_deliver(unit, peer, skb, ippp_proto_of(skb));
		else
			ippp_line_deliver(peer, unit, skb, ippp_proto_of(skb));
	}
	local_bh_enable();
	rcu_read_unlock();
}

/* Hang up once neither direction has been active for the idle timeout. */
static void ippp_idle_timer(struct timer_list *t)
{
	struct ippp_unit *unit = from_timer(unit, t, idle_timer);
	unsigned long last, deadline;
	u32 idle;

	spin_lock_bh(&ippp_line_lock);
	idle = READ_ONCE(unit->idle);
	if (READ_ONCE(unit->state) != IPPP_LINE_ONLINE || !idle)
		goto out_unlock;

	last = READ_ONCE(unit->last_active[IPPP_DIR_IN]);
	if (time_after(READ_ONCE(unit->last_active[IPPP_DIR_OUT]), last))
		last = READ_ONCE(unit->last_active[IPPP_DIR_OUT]);
	deadline = last + idle * HZ;
	if (time_before(jiffies, deadline))
		mod_timer(&unit->idle_timer, deadline);
	else
		ippp_hangup_locked(unit, IPPP_HANGUP_IDLE);

out_unlock:
	spin_unlock_bh(&ippp_line_lock);
}

/**
 * ippp_dial_set_idle() - change the idle timeout of a unit
 * @unit: the unit
 * @idle: seconds, 0 for none
 *
 * An online line measures the new timeout from its last activity.
 */
void ippp_dial_set_idle(struct ippp_unit *unit, u32 idle)
{
	spin_lock_bh(&ippp_line_lock);
	WRITE_ONCE(unit->idle, idle);
	if (READ_ONCE(unit->state) == IPPP_LINE_ONLINE) {
		if (idle)
			mod_timer(&unit->idle_timer, jiffies);
		else
			del_timer(&unit->idle_timer);
	}
	spin_unlock_bh(&ippp_line_lock);
}

/* Tell the local sender at once that its packet cannot be sent. */
static void ippp_send_unreachable(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH,
				0);
}

static netdev_tx_t ippp_dial_reject(struct ippp_unit *unit,
				    struct sk_buff *skb)
{
	ippp_stat_inc(unit, IPPP_CNT_DIAL_REJECTS, IPPP_DIR_OUT);
	if (__ratelimit(&unit->reject_rs))
		ippp_nl_notify_line(unit, IPPP_EVENT_DIAL_REJECT, 0);
	ippp_send_unreachable(skb);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/**
 * ippp_dial_xmit() - send a packet on a unit whose line is not online
 * @unit: the sending unit
 * @skb: the packet, which passed the pass filter
 * @proto: its PPP protocol number
 * @verdict: what ippp_filter_run() returned for it
 *
 * An offline unit in auto dial mode dials for a packet that the active
 * filter accepted and rejects any other with ICMP host unreachable. A
 * dialing unit queues the packet until the line is up.
 *
 * Context: ndo_start_xmit, bottom halves disabled.
 * Return: NETDEV_TX_OK; @skb is always consumed.
 */
netdev_tx_t ippp_dial_xmit(struct ippp_unit *unit, struct sk_buff *skb,
			   u16 proto, u32 verdict)
{
	struct ippp_unit *peer;
	bool started = false;

	spin_lock(&ippp_line_lock);
	switch (READ_ONCE(unit->state)) {
	case IPPP_LINE_DIALING:
		break;
	case IPPP_LINE_ONLINE:
		peer = ippp_peer_locked(unit);
		spin_unlock(&ippp_line_lock);
		if (!peer)
			goto drop;
		ippp_line_deliver(unit, peer, skb, proto);
		return NETDEV_TX_OK;
	case IPPP_LINE_OFFLINE:
		if (READ_ONCE(unit->dialmode) != IPPP_DIALMODE_AUTO ||
		    !ippp_peer_locked(unit)) {
			spin_unlock(&ippp_line_lock);
			goto drop;
		}
		if (!(verdict & IPPP_VERDICT_ACTIVE)) {
			spin_unlock(&ippp_line_lock);
			return ippp_dial_reject(unit, skb);
		}
		started = ippp_dial_locked(unit);
		break;
	}

	if (skb_queue_len(&unit->dial_queue) >= READ_ONCE(unit->queue_len)) {
		spin_unlock(&ippp_line_lock);
		ippp_stat_inc(unit, IPPP_CNT_QUEUE_DROPS, IPPP_DIR_OUT);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	__skb_queue_tail(&unit->dial_queue, skb);
	spin_unlock(&ippp_line_lock);

	if (started)
		ippp_nl_notify_line(unit, IPPP_EVENT_DIALING, 0);
	return NETDEV_TX_OK;

drop:
	ippp_stat_inc(unit, IPPP_CNT_DROPPED, IPPP_DIR_OUT);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/**
 * ippp_dial_init() - set up the line state of a new unit
 * @unit: the unit
 */
void ippp_dial_init(struct ippp_unit *unit)
{
	unit->state = IPPP_LINE_OFFLINE;
	unit->dialmode = IPPP_DIALMODE_MANUAL;
	unit->queue_len = 8;
	skb_queue_head_init(&unit->dial_queue);
	timer_setup(&unit->dial_timer, ippp_dial_timer, 0);
	timer_setup(&unit->idle_timer, ippp_idle_timer, 0);
	/* At most 5 dial reject notifications per second and unit. */
	ratelimit_state_init(&unit->reject_rs, HZ, 5);
	ratelimit_set_flags(&unit->reject_rs, RATELIMIT_MSG_ON_RELEASE);
}

/**
 * ippp_dial_uninit() - stop the timers of a unit that is going away
 * @unit: the unit, already unwired
 *
 * Context: process context.
 */
void ippp_dial_uninit(struct ippp_unit *unit)
{
	del_timer_sync(&unit->dial_timer);
	del_timer_sync(&unit->idle_timer);
	skb_queue_purge(&unit->dial_queue);
}
