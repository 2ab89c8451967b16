/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPPP_CHARDEV_H
#define _IPPP_CHARDEV_H

struct ippp_unit;
struct sk_buff;

int ippp_chardev_init(void);
void ippp_chardev_exit(void);
int ippp_cdev_create(struct ippp_unit *unit);
void ippp_cdev_destroy(struct ippp_unit *unit);
void ippp_cdev_rx(struct ippp_unit *unit, struct sk_buff *skb, u16 proto);

#endif /* _IPPP_CHARDEV_H */
