/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small generic netlink client for the ippp selftests. It uses raw
 * sockets rather than a library so each test sees the exact errno and
 * extended ACK message the kernel returned.
 */
#ifndef IPPP_SELFTEST_NL_H
#define IPPP_SELFTEST_NL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/filter.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/ippp.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Two 4096-instruction programs plus headers fit with room to spare. */
#define NL_BUF_SIZE	(256 * 1024)

struct nl_req {
	union {
		struct nlmsghdr nlh;
		char buf[NL_BUF_SIZE];
	};
	struct nlattr *nest;
};

struct nl_reply {
	int err;		/* 0 or a negative errno */
	char extack[512];	/* NLMSGERR_ATTR_MSG, if any */
	int count;		/* messages of the reply (dumps have many) */
	size_t len;		/* bytes of buf in use */
	char buf[4 * NL_BUF_SIZE];
};

static inline struct nlattr *nl_attr_tail(struct nl_req *req)
{
	return (struct nlattr *)(req->buf + NLMSG_ALIGN(req->nlh.nlmsg_len));
}

static inline void nl_put(struct nl_req *req, int type, const void *data,
			  size_t len)
{
	struct nlattr *nla = nl_attr_tail(req);

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	req->nlh.nlmsg_len = NLMSG_ALIGN(req->nlh.nlmsg_len) +
			     NLA_ALIGN(nla->nla_len);
}

static inline void nl_put_u32(struct nl_req *req, int type, uint32_t value)
{
	nl_put(req, type, &value, sizeof(value));
}

static inline void nl_put_str(struct nl_req *req, int type, const char *s)
{
	nl_put(req, type, s, strlen(s) + 1);
}

static inline void nl_nest_start(struct nl_req *req, int type)
{
	req->nest = nl_attr_tail(req);
	nl_put(req, type | NLA_F_NESTED, NULL, 0);
}

static inline void nl_nest_end(struct nl_req *req)
{
	req->nest->nla_len = (char *)nl_attr_tail(req) - (char *)req->nest;
}

static inline void nl_req_init(struct nl_req *req, uint16_t family, int cmd,
			       uint16_t flags)
{
	struct genlmsghdr *genl;

	memset(&req->nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	req->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req->nlh.nlmsg_type = family;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	genl = NLMSG_DATA(&req->nlh);
	genl->cmd = cmd;
	genl->version = IPPP_GENL_VERSION;
}

static inline int nl_open(void)
{
	int one = 1, size = 4 * NL_BUF_SIZE;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	struct sockaddr_nl local = { .nl_family = AF_NETLINK };

	if (fd < 0)
		return -1;
	/* Bind now: multicast skips sockets that have no port id yet. */
	if (bind(fd, (struct sockaddr *)&local, sizeof(local))) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

static inline void nl_parse_extack(struct nl_reply *rep,
				   const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const struct nlattr *nla;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		nla = (const void *)((const char *)nlh + off);
		if (nla->nla_len < NLA_HDRLEN)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(rep->extack, sizeof(rep->extack), "%.*s",
				 (int)(nla->nla_len - NLA_HDRLEN),
				 (const char *)nla + NLA_HDRLEN);
		off += NLA_ALIGN(nla->nla_len);
	}
}

/*
 * Send a request and collect every reply message until the ACK or
 * NLMSG_DONE. Return 0 or the negative errno the kernel sent.
 */
static inline int nl_talk(int fd, struct nl_req *req, struct nl_reply *rep)
{
	static uint32_t seq;
	char chunk[NL_BUF_SIZE];

	rep->err = 0;
	rep->extack[0] = '\0';
	rep->count = 0;
	rep->len = 0;
	req->nlh.nlmsg_seq = ++seq;
	if (send(fd, &req->nlh, req->nlh.nlmsg_len, 0) < 0)
		return rep->err = -errno;

	for (;;) {
		ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return rep->err = -errno;
		for (nlh = (void *)chunk; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != req->nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				rep->err = e->error;
				nl_parse_extack(rep, nlh);
				/* NLM_F_DUMP is two bits; NLM_F_EXCL shares one. */
				if (e->error || (req->nlh.nlmsg_flags &
						 NLM_F_DUMP) != NLM_F_DUMP)
					return rep->err;
				continue;
			}
			if (rep->len + nlh->nlmsg_len > sizeof(rep->buf))
				return rep->err = -ENOBUFS;
			memcpy(rep->buf + rep->len, nlh, nlh->nlmsg_len);
			rep->len += NLMSG_ALIGN(nlh->nlmsg_len);
			rep->count++;
		}
	}
}

/* Return the i-th message of a reply, or NULL. */
static inline struct nlmsghdr *nl_reply_msg(struct nl_reply *rep, int i)
{
	size_t off = 0;

	while (off < rep->len) {
		struct nlmsghdr *nlh = (void *)(rep->buf + off);

		if (i-- == 0)
			return nlh;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return NULL;
}

/* Find attribute @type in the payload of @nlh (after the genl header). */
static inline struct nlattr *nl_msg_attr(struct nlmsghdr *nlh, int type)
{
	char *p = (char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	char *end = (char *)nlh + nlh->nlmsg_len;

	while (p + NLA_HDRLEN <= end) {
		struct nlattr *nla = (void *)p;

		if (nla->nla_len < NLA_HDRLEN)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		p += NLA_ALIGN(nla->nla_len);
	}
	return NULL;
}

/* Find attribute @type inside the nested attribute @nest. */
static inline struct nlattr *nl_nested_attr(struct nlattr *nest, int type)
{
	char *p = (char *)nest + NLA_HDRLEN;
	char *end = (char *)nest + nest->nla_len;

	while (p + NLA_HDRLEN <= end) {
		struct nlattr *nla = (void *)p;

		if (nla->nla_len < NLA_HDRLEN)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		p += NLA_ALIGN(nla->nla_len);
	}
	return NULL;
}

static inline void *nl_data(struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static inline int nl_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

/* Resolve the "ippp" family id; return it, or a negative errno. */
static inline int ippp_family(int fd)
{
	static struct nl_req req;
	static struct nl_reply rep;
	struct nlattr *id;
	int err;

	nl_req_init(&req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	((struct genlmsghdr *)NLMSG_DATA(&req.nlh))->version = 1;
	nl_put_str(&req, CTRL_ATTR_FAMILY_NAME, IPPP_GENL_NAME);
	err = nl_talk(fd, &req, &rep);
	if (err)
		return err;
	if (!rep.count)
		return -ENOENT;
	id = nl_msg_attr(nl_reply_msg(&rep, 0), CTRL_ATTR_FAMILY_ID);
	if (!id)
		return -ENOENT;
	return *(uint16_t *)nl_data(id);
}

/* Add a nested filter attribute @type with @len instructions. */
static inline void ippp_put_filter(struct nl_req *req, int type,
				   const struct sock_filter *insns,
				   unsigned int len, const char *expr)
{
	nl_nest_start(req, type);
	nl_put(req, IPPP_FILTER_A_INSNS, insns, len * sizeof(*insns));
	if (expr)
		nl_put_str(req, IPPP_FILTER_A_EXPR, expr);
	nl_nest_end(req);
}

/* Send a request that names one unit and carries no other attribute. */
static inline int ippp_unit_cmd(int fd, int family, int cmd, const char *unit,
				struct nl_req *req, struct nl_reply *rep)
{
	nl_req_init(req, family, cmd, 0);
	nl_put_str(req, IPPP_A_IFNAME, unit);
	return nl_talk(fd, req, rep);
}

/* Return the u8 attribute @type of the unit, or a negative errno. */
static inline int ippp_unit_u8(int fd, int family, const char *unit, int type,
			       struct nl_req *req, struct nl_reply *rep)
{
	struct nlattr *attr;
	int err;

	err = ippp_unit_cmd(fd, family, IPPP_CMD_UNIT_GET, unit, req, rep);
	if (err)
		return err;
	attr = nl_msg_attr(nl_reply_msg(rep, 0), type);
	return attr ? *(uint8_t *)nl_data(attr) : -ENOENT;
}

/* Poll the unit's line state for up to @ms milliseconds; 0 when reached. */
static inline int ippp_wait_state(int fd, int family, const char *unit,
				  int state, int ms, struct nl_req *req,
				  struct nl_reply *rep)
{
	for (; ms > 0; ms -= 10) {
		if (ippp_unit_u8(fd, family, unit, IPPP_A_LINE_STATE, req,
				 rep) == state)
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

#endif /* IPPP_SELFTEST_NL_H */
