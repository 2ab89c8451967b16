/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPPP_NETLINK_H
#define _IPPP_NETLINK_H

struct ippp_unit;

int ippp_genl_init(void);
void ippp_genl_exit(void);
void ippp_nl_notify_filter(struct ippp_unit *unit, u32 mask);
void ippp_nl_notify_line(struct ippp_unit *unit, u8 event, u8 reason);

#endif /* _IPPP_NETLINK_H */
