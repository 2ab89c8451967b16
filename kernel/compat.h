/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shims for the kernel versions ippp builds against, 6.1 to 6.14. This is
 * the only file that may test the kernel version; it prefers testing for
 * the feature itself.
 *
 * TODO: 6.15 changed the signature of rtnl_link_ops.newlink; ippp does not
 * build there yet.
 */
#ifndef _IPPP_COMPAT_H
#define _IPPP_COMPAT_H

#include <linux/netdevice.h>
#include <net/net_namespace.h>

/* Since 6.11 lockless transmit is a net_device bit, not a feature flag. */
static inline void ippp_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/*
 * A dump resumes its walk of a namespace's devices from a cursor kept in
 * the netlink callback, instead of walking again past every device it
 * reported before. Since 6.6 the cursor is an ifindex in
 * net->dev_by_index. Before 6.6 it is a bucket of the ifindex hash and a
 * position in that bucket, as in rtnetlink's own link dump then.
 *
 * ippp_netdev_dump_next() returns the first device at or after @pos, under
 * rcu_read_lock(), and moves @pos to it. It returns NULL at the end.
 * ippp_netdev_dump_skip() moves @pos past that device.
 */
struct ippp_dump_pos {
	unsigned long key;	/* the ifindex, or the hash bucket */
	unsigned long offset;	/* before 6.6, the position in the bucket */
};

#ifdef for_each_netdev_dump
static inline struct net_device *
ippp_netdev_dump_next(struct net *net, struct ippp_dump_pos *pos)
{
	return xa_find(&net->dev_by_index, &pos->key, ULONG_MAX, XA_PRESENT);
}

static inline void ippp_netdev_dump_skip(struct ippp_dump_pos *pos)
{
	pos->key++;
}
#else
static inline struct net_device *
ippp_netdev_dump_next(struct net *net, struct ippp_dump_pos *pos)
{
	struct net_device *dev;
	unsigned long idx;

	for (; pos->key < NETDEV_HASHENTRIES; pos->key++, pos->offset = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(dev, &net->dev_index_head[pos->key],
					 index_hlist) {
			if (idx++ == pos->offset)
				return dev;
		}
	}
	return NULL;
}

static inline void ippp_netdev_dump_skip(struct ippp_dump_pos *pos)
{
	pos->offset++;
}
#endif

#endif /* _IPPP_COMPAT_H */
