// SPDX-License-Identifier: GPL-2.0
/*
 * ippp units: the net_device and its rtnl link kind "ippp".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/idr.h>
#include <linux/ppp_defs.h>
#include <net/ip.h>
#include <net/rtnetlink.h>
#include "chardev.h"
#include "compat.h"
#include "device.h"
#include "filter.h"

/* Longest PPP header a unit sends: address, control and 2-byte protocol. */
#define IPPP_HDR_MAX	4

static DEFINE_IDA(ippp_unit_ida);

/**
 * ippp_is_unit() - tell whether a net_device is an ippp unit
 * @dev: any net_device
 *
 * Return: true for a unit, whose netdev_priv() is a struct ippp_unit.
 */
bool ippp_is_unit(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &ippp_link_ops;
}

/**
 * ippp_stats_read() - sum the per-CPU counters of a unit
 * @unit: the unit
 * @sum: where to store the totals
 */
void ippp_stats_read(const struct ippp_unit *unit, struct ippp_stats *sum)
{
	int cpu, i, dir;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct ippp_pcpu_stats *s = per_cpu_ptr(unit->stats, cpu);
		struct ippp_stats snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < IPPP_CNTS; i++)
				for (dir = 0; dir < IPPP_DIRS; dir++)
					snap.cnt[i][dir] =
						u64_stats_read(&s->cnt[i][dir]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < IPPP_CNTS; i++)
			for (dir = 0; dir < IPPP_DIRS; dir++)
				sum->cnt[i][dir] += snap.cnt[i][dir];
	}
}

static int ippp_dev_init(struct net_device *dev)
{
	struct ippp_unit *unit = netdev_priv(dev);
	int id, err;

	unit->stats = netdev_alloc_pcpu_stats(struct ippp_pcpu_stats);
	if (!unit->stats)
		return -ENOMEM;

	id = ida_alloc_max(&ippp_unit_ida, IPPP_UNIT_MAX, GFP_KERNEL);
	if (id < 0) {
		free_percpu(unit->stats);
		unit->stats = NULL;
		return id;
	}

	unit->dev = dev;
	unit->unit = id;
	unit->created = jiffies;
	ippp_dial_init(unit);

	err = ippp_cdev_create(unit);
	if (err) {
		ida_free(&ippp_unit_ida, id);
		free_percpu(unit->stats);
		unit->stats = NULL;
		return err;
	}
	return 0;
}

/* Runs under RTNL on unregistration, before the final synchronize_net(). */
static void ippp_dev_uninit(struct net_device *dev)
{
	struct ippp_unit *unit = netdev_priv(dev);

	ippp_cdev_destroy(unit);
	ippp_line_unwire(unit);
	ippp_dial_uninit(unit);
	ippp_filter_replace(unit, IPPP_FILTER_PASS, NULL);
	ippp_filter_replace(unit, IPPP_FILTER_ACTIVE, NULL);
	ida_free(&ippp_unit_ida, unit->unit);
}

static void ippp_dev_free(struct net_device *dev)
{
	struct ippp_unit *unit = netdev_priv(dev);

	free_percpu(unit->stats);
}

static netdev_tx_t ippp_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ippp_unit *unit = netdev_priv(dev);
	u32 verdict;
	u16 proto;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		proto = PPP_IP;
		break;
	case htons(ETH_P_IPV6):
		proto = PPP_IPV6;
		break;
	default:
		ippp_stat_inc(unit, IPPP_CNT_DROPPED, IPPP_DIR_OUT);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}

	verdict = ippp_filter_run(unit, skb, IPPP_DIR_OUT, proto);
	if (!(verdict & IPPP_VERDICT_PASS)) {
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	return ippp_line_xmit(unit, skb, proto, verdict);
}

static int ippp_dev_stop(struct net_device *dev)
{
	/* -ENOTCONN only says the line was down already. */
	ippp_hangup(netdev_priv(dev), IPPP_HANGUP_ADMIN);
	return 0;
}

static void ippp_dev_get_stats64(struct net_device *dev,
				 struct rtnl_link_stats64 *stats)
{
	struct ippp_unit *unit = netdev_priv(dev);
	struct ippp_stats sum;

	ippp_stats_read(unit, &sum);
	stats->rx_packets = sum.cnt[IPPP_CNT_PACKETS][IPPP_DIR_IN];
	stats->rx_bytes = sum.cnt[IPPP_CNT_BYTES][IPPP_DIR_IN];
	stats->rx_dropped = sum.cnt[IPPP_CNT_DROPPED][IPPP_DIR_IN] +
			    sum.cnt[IPPP_CNT_FILTERED][IPPP_DIR_IN];
	stats->tx_packets = sum.cnt[IPPP_CNT_PACKETS][IPPP_DIR_OUT];
	stats->tx_bytes = sum.cnt[IPPP_CNT_BYTES][IPPP_DIR_OUT];
	stats->tx_dropped = sum.cnt[IPPP_CNT_DROPPED][IPPP_DIR_OUT] +
			    sum.cnt[IPPP_CNT_FILTERED][IPPP_DIR_OUT];
}

static const struct net_device_ops ippp_netdev_ops = {
	.ndo_init		= ippp_dev_init,
	.ndo_uninit		= ippp_dev_uninit,
	.ndo_stop		= ippp_dev_stop,
	.ndo_start_xmit		= ippp_dev_xmit,
	.ndo_get_stats64	= ippp_dev_get_stats64,
};

static void ippp_setup(struct net_device *dev)
{
	dev->netdev_ops = &ippp_netdev_ops;
	dev->type = ARPHRD_PPP;
	dev->hard_header_len = 0;
	dev->needed_headroom = IPPP_HDR_MAX;
	dev->addr_len = 0;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = IPV4_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - IPPP_HDR_MAX;
	dev->tx_queue_len = 0;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
	dev->priv_flags |= IFF_NO_QUEUE;
	/* Dial rejects answer with ICMP, which needs the route of the packet. */
	netif_keep_dst(dev);
	dev->needs_free_netdev = true;
	dev->priv_destructor = ippp_dev_free;
	ippp_set_lltx(dev);
}

static int ippp_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;

	/* Carrier stays on so the stack hands packets to an offline unit. */
	netif_dormant_on(dev);
	return 0;
}

struct rtnl_link_ops ippp_link_ops __read_mostly = {
	.kind		= "ippp",
	.priv_size	= sizeof(struct ippp_unit),
	.setup		= ippp_setup,
	.newlink	= ippp_newlink,
};
