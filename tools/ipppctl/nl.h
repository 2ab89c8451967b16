/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink transport for the "ippp" family: open a socket, send one
 * request and hand each reply's attributes to a callback. Every function
 * prints its own "Error: ..." line before it fails.
 */
#ifndef IPPPCTL_NL_H
#define IPPPCTL_NL_H

#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/ippp.h>

struct ippp_nl {
	struct nl_sock *sock;
	int family;
};

/*
 * Handle one reply message. ATTRS is indexed by enum ippp_attr and contains
 * NULL for absent attributes. Returns 0, or a negative errno to stop.
 */
typedef int (*ippp_nl_reply_fn)(struct nlattr **attrs, void *arg);

int ippp_nl_open(struct ippp_nl *nl);
void ippp_nl_close(struct ippp_nl *nl);
struct nl_msg *ippp_nl_new_request(struct ippp_nl *nl, uint8_t cmd,
				   int flags, size_t attrs_size);
int ippp_nl_put_failed(struct nl_msg *msg);
int ippp_nl_exchange(struct ippp_nl *nl, struct nl_msg *msg,
		     ippp_nl_reply_fn reply, void *arg);
int ippp_nl_require(struct nlattr **attrs, const int *types,
		    unsigned int count);
int ippp_nl_malformed(const char *problem);

#endif /* IPPPCTL_NL_H */
