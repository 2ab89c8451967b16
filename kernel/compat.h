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

/* Since 6.11 lockless transmit is a net_device bit, not a feature flag. */
static inline void ippp_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

#endif /* _IPPP_COMPAT_H */
