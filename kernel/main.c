// SPDX-License-Identifier: GPL-2.0
/*
 * ippp: ISDN-style synchronous PPP units with pass and active filters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include "bench.h"
#include "chardev.h"
#include "device.h"
#include "netlink.h"

static int __init ippp_init(void)
{
	int err;

	err = ippp_chardev_init();
	if (err)
		return err;

	err = rtnl_link_register(&ippp_link_ops);
	if (err)
		goto err_chardev_exit;

	err = ippp_genl_init();
	if (err)
		goto err_unregister_link;

	ippp_bench_init();
	return 0;

err_unregister_link:
	rtnl_link_unregister(&ippp_link_ops);
err_chardev_exit:
	ippp_chardev_exit();
	return err;
}

static void __exit ippp_exit(void)
{
	ippp_bench_exit();
	ippp_genl_exit();
	rtnl_link_unregister(&ippp_link_ops);
	ippp_chardev_exit();
	/* Filters of deleted units are freed by RCU callbacks in this module. */
	rcu_barrier();
}

module_init(ippp_init);
module_exit(ippp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ISDN-style synchronous PPP units with pass and active filters");
MODULE_ALIAS_RTNL_LINK("ippp");
MODULE_ALIAS_GENL_FAMILY(IPPP_GENL_NAME);
