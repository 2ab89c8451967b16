// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated line between two wired units. A frame sent on one unit is
 * encoded as a PPP frame (RFC 1661), handed to the other unit, decoded
 * there in any legal form and run through that unit's inbound filters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ppp_defs.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/netlink.h>
#include "chardev.h"
#include "device.h"
#include "filter.h"

/**
 * ippp_line_wire() - wire two units together as a line
 * @unit: one end
 * @peer: the other end
 * @extack: extended ACK for the reason of a rejection
 *
 * The new line is offline until one end dials.
 *
 * Context: RTNL held.
 * Return: 0, or -EINVAL when @unit is @peer, -EBUSY when either end is
 * wired to a third unit.
 */
int ippp_line_wire(struct ippp_unit *unit, struct ippp_unit *peer,
		   struct netlink_ext_ack *extack)
{
	struct ippp_unit *cur;

	ASSERT_RTNL();
	if (unit == peer) {
		NL_SET_ERR_MSG(extack, "a unit cannot be its own peer");
		return -EINVAL;
	}

	cur = rtnl_dereference(unit->peer);
	if (cur == peer)
		return 0;
	if (cur) {
		NL_SET_ERR_MSG(extack,
			       "unit is already wired, set its peer to none first");
		return -EBUSY;
	}
	if (rtnl_dereference(peer->peer)) {
		NL_SET_ERR_MSG(extack, "peer is already wired to another unit");
		return -EBUSY;
	}

	spin_lock_bh(&ippp_line_lock);
	rcu_assign_pointer(unit->peer, peer);
	rcu_assign_pointer(peer->peer, unit);
	spin_unlock_bh(&ippp_line_lock);
	return 0;
}

/**
 * ippp_line_unwire() - take a unit off its line, if it is on one
 * @unit: either end of the line
 *
 * A line that is up goes down first, both ends with reason peer. A sender
 * may still hold the old peer pointer until the next RCU grace period;
 * unregistration waits for one before a unit is freed.
 *
 * Context: RTNL held.
 */
void ippp_line_unwire(struct ippp_unit *unit)
{
	struct ippp_unit *peer = rtnl_dereference(unit->peer);

	if (!peer)
		return;
	spin_lock_bh(&ippp_line_lock);
	ippp_hangup_locked(unit, IPPP_HANGUP_PEER);
	RCU_INIT_POINTER(unit->peer, NULL);
	RCU_INIT_POINTER(peer->peer, NULL);
	spin_unlock_bh(&ippp_line_lock);
}

static unsigned int ippp_frame_hdr_len(u32 flags, u16 proto)
{
	unsigned int len = 2;

	if (!(flags & IPPP_FLAG_ACFC))
		len += 2;
	if ((flags & IPPP_FLAG_PFC) && proto < 0x100)
		len--;
	return len;
}

static void ippp_frame_encode(struct sk_buff *skb, u32 flags, u16 proto)
{
	unsigned int len = ippp_frame_hdr_len(flags, proto);
	u8 *hdr = skb_push(skb, len);

	if (!(flags & IPPP_FLAG_ACFC)) {
		*hdr++ = PPP_ALLSTATIONS;
		*hdr++ = PPP_UI;
	}
	if ((flags & IPPP_FLAG_PFC) && proto < 0x100)
		*hdr = proto;
	else
		put_unaligned_be16(proto, hdr);
}

/*
 * Strip the PPP header in whichever legal form it came: with or without
 * address and control, with a 1- or 2-byte protocol field.
 */
static int ippp_frame_decode(struct sk_buff *skb, u16 *proto)
{
	const u8 *p;

	if (!pskb_may_pull(skb, 2))
		return -EINVAL;
	p = skb->data;
	if (p[0] == PPP_ALLSTATIONS && p[1] == PPP_UI) {
		__skb_pull(skb, 2);
		if (!pskb_may_pull(skb, 1))
			return -EINVAL;
		p = skb->data;
	}

	if (p[0] & 1) {
		*proto = p[0];
		__skb_pull(skb, 1);
		return 0;
	}
	if (!pskb_may_pull(skb, 2))
		return -EINVAL;
	p = skb->data;
	if (!(p[1] & 1))
		return -EINVAL;
	*proto = get_unaligned_be16(p);
	__skb_pull(skb, 2);
	return 0;
}

static void ippp_line_rx(struct ippp_unit *unit, struct sk_buff *skb)
{
	struct net_device *dev = unit->dev;
	unsigned int len = skb->len;
	__be16 protocol;
	u16 proto;

	if (!netif_running(dev) || ippp_frame_decode(skb, &proto))
		goto drop;

	/* Control protocols bypass the filters and never count as activity. */
	if (proto >= 0x8000) {
		ippp_cdev_rx(unit, skb, proto);
		return;
	}

	switch (proto) {
	case PPP_IP:
		protocol = htons(ETH_P_IP);
		break;
	case PPP_IPV6:
		protocol = htons(ETH_P_IPV6);
		break;
	default:
		goto drop;
	}

	if (!(ippp_filter_run(unit, skb, IPPP_DIR_IN, proto) &
	      IPPP_VERDICT_PASS)) {
		kfree_skb(skb);
		return;
	}

	skb->dev = dev;
	skb->protocol = protocol;
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	ippp_stat_packet(unit, IPPP_DIR_IN, len);
	netif_rx(skb);
	return;

drop:
	ippp_stat_inc(unit, IPPP_CNT_DROPPED, IPPP_DIR_IN);
	kfree_skb(skb);
}

/**
 * ippp_line_deliver() - carry a packet across an online line, compressed
 *	as the sending unit's flags say
 * @unit: the sending unit
 * @peer: the other end of its line
 * @skb: the packet, its data starting at the network header
 * @proto: its PPP protocol number
 *
 * Context: RCU read side with bottom halves disabled.
 */
void ippp_line_deliver(struct ippp_unit *unit, struct ippp_unit *peer,
		       struct sk_buff *skb, u16 proto)
{
	ippp_line_send_frame(unit, peer, skb, proto, READ_ONCE(unit->flags));
}

/**
 * ippp_line_send_frame() - encode a frame and hand it to the other end
 * @unit: the sending unit
 * @peer: the other end of its line
 * @skb: the payload, its data starting after the protocol field
 * @proto: the PPP protocol number
 * @flags: IPPP_FLAG_* compression to apply
 *
 * Context: RCU read side with bottom halves disabled.
 */
void ippp_line_send_frame(struct ippp_unit *unit, struct ippp_unit *peer,
			  struct sk_buff *skb, u16 proto, u32 flags)
{
	bool xnet;

	if (skb_cow_head(skb, ippp_frame_hdr_len(flags, proto))) {
		ippp_stat_inc(unit, IPPP_CNT_DROPPED, IPPP_DIR_OUT);
		kfree_skb(skb);
		return;
	}

	ippp_frame_encode(skb, flags, proto);
	ippp_stat_packet(unit, IPPP_DIR_OUT, skb->len);

	xnet = !net_eq(dev_net(unit->dev), dev_net(peer->dev));
	skb_orphan(skb);
	skb_scrub_packet(skb, xnet);
	ippp_line_rx(peer, skb);
}

/**
 * ippp_line_xmit() - send a packet that passed the pass filter
 * @unit: the sending unit
 * @skb: the packet, its data starting at the network header
 * @proto: its PPP protocol number
 * @verdict: what ippp_filter_run() returned for it
 *
 * Context: RCU read side with bottom halves disabled (ndo_start_xmit).
 * Return: NETDEV_TX_OK; @skb is always consumed.
 */
netdev_tx_t ippp_line_xmit(struct ippp_unit *unit, struct sk_buff *skb,
			   u16 proto, u32 verdict)
{
	struct ippp_unit *peer = rcu_dereference_bh(unit->peer);

	if (likely(peer && READ_ONCE(unit->state) == IPPP_LINE_ONLINE)) {
		ippp_line_deliver(unit, peer, skb, proto);
		return NETDEV_TX_OK;
	}
	return ippp_dial_xmit(unit, skb, proto, verdict);
}
