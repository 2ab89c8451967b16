// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transport on libnl-genl-3: socket setup, family lookup,
 * request/reply exchange and extended ACK messages.
 *
 * libnl 3.7 does not parse extended ACKs, so the error, ACK and DONE
 * handlers below find the NLMSGERR_ATTR_* TLVs themselves.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"

/*
 * A reply carries up to two 4096-instruction programs of 32 KiB each.
 * MSG_PEEK lets libnl grow its buffer to fit any message, and starting at
 * 128 KiB saves the extra recvmsg() for the largest ones.
 */
#define RECEIVE_BUFFER_SIZE	(128 * 1024)
#define SOCKET_BUFFER_SIZE	(1024 * 1024)

struct exchange {
	const struct nlmsghdr *request;
	ippp_nl_reply_fn reply;
	void *arg;
	int error;		/* negative errno, already reported */
	bool done;
	bool interrupted;	/* a dump message carried NLM_F_DUMP_INTR */
};

static const char *const attr_names[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= "IPPP_A_IFINDEX",
	[IPPP_A_IFNAME]		= "IPPP_A_IFNAME",
	[IPPP_A_UNIT]		= "IPPP_A_UNIT",
	[IPPP_A_PEER_IFINDEX]	= "IPPP_A_PEER_IFINDEX",
	[IPPP_A_PEER_IFNAME]	= "IPPP_A_PEER_IFNAME",
	[IPPP_A_PEER_NETNSID]	= "IPPP_A_PEER_NETNSID",
	[IPPP_A_LINE_STATE]	= "IPPP_A_LINE_STATE",
	[IPPP_A_DIALMODE]	= "IPPP_A_DIALMODE",
	[IPPP_A_IDLE]		= "IPPP_A_IDLE",
	[IPPP_A_DIAL_DELAY]	= "IPPP_A_DIAL_DELAY",
	[IPPP_A_FLAGS]		= "IPPP_A_FLAGS",
	[IPPP_A_PASS]		= "IPPP_A_PASS",
	[IPPP_A_ACTIVE]		= "IPPP_A_ACTIVE",
	[IPPP_A_FILTER_MASK]	= "IPPP_A_FILTER_MASK",
	[IPPP_A_STATS]		= "IPPP_A_STATS",
	[IPPP_A_EVENT]		= "IPPP_A_EVENT",
	[IPPP_A_HANGUP_REASON]	= "IPPP_A_HANGUP_REASON",
};

/* Minimum sizes and NUL checks that libnl applies before any reply parser. */
static const struct nla_policy attr_policy[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_IFNAME]		= { .type = NLA_STRING },
	[IPPP_A_UNIT]		= { .type = NLA_U32 },
	[IPPP_A_PEER_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_PEER_IFNAME]	= { .type = NLA_STRING },
	[IPPP_A_PEER_NETNSID]	= { .type = NLA_U32 },
	[IPPP_A_LINE_STATE]	= { .type = NLA_U8 },
	[IPPP_A_DIALMODE]	= { .type = NLA_U8 },
	[IPPP_A_IDLE]		= { .type = NLA_U32 },
	[IPPP_A_DIAL_DELAY]	= { .type = NLA_U32 },
	[IPPP_A_FLAGS]		= { .type = NLA_U32 },
	[IPPP_A_PASS]		= { .type = NLA_NESTED },
	[IPPP_A_ACTIVE]		= { .type = NLA_NESTED },
	[IPPP_A_FILTER_MASK]	= { .type = NLA_U32 },
	[IPPP_A_STATS]		= { .type = NLA_NESTED },
	[IPPP_A_EVENT]		= { .type = NLA_U8 },
	[IPPP_A_HANGUP_REASON]	= { .type = NLA_U8 },
};

static const struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG]		= { .type = NLA_STRING },
	[NLMSGERR_ATTR_OFFS]		= { .type = NLA_U32 },
	[NLMSGERR_ATTR_MISS_TYPE]	= { .type = NLA_U32 },
};

static void enable_extended_ack(struct nl_sock *sock)
{
	int fd = nl_socket_get_fd(sock);
	int enabled = 1;

	/*
	 * Errors are ignored because a kernel without these options still
	 * replies, just without a message or with the request echoed.
	 */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &enabled, sizeof(enabled));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &enabled, sizeof(enabled));
}

static int resolve_family(struct ippp_nl *nl)
{
	nl->family = genl_ctrl_resolve(nl->sock, IPPP_GENL_NAME);
	if (nl->family >= 0)
		return 0;

	if (nl->family == -NLE_OBJ_NOTFOUND) {
		fputs("Error: the ippp kernel module is not loaded (try: modprobe ippp)\n",
		      stderr);
		return -ENOENT;
	}
	fprintf(stderr,
		"Error: cannot resolve the generic netlink family \"%s\": %s\n",
		IPPP_GENL_NAME, nl_geterror(nl->family));
	return -EIO;
}

int ippp_nl_open(struct ippp_nl *nl)
{
	int err;

	nl->sock = nl_socket_alloc();
	if (!nl->sock) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}

	err = genl_connect(nl->sock);
	if (err < 0) {
		fprintf(stderr, "Error: cannot open a generic netlink socket: %s\n",
			nl_geterror(err));
		err = -EIO;
		goto err_free_sock;
	}

	enable_extended_ack(nl->sock);
	nl_socket_enable_msg_peek(nl->sock);
	nl_socket_set_msg_buf_size(nl->sock, RECEIVE_BUFFER_SIZE);
	err = nl_socket_set_buffer_size(nl->sock, SOCKET_BUFFER_SIZE,
					SOCKET_BUFFER_SIZE);
	if (err < 0) {
		fprintf(stderr, "Error: cannot size the netlink socket buffers: %s\n",
			nl_geterror(err));
		err = -EIO;
		goto err_free_sock;
	}

	err = resolve_family(nl);
	if (err)
		goto err_free_sock;
	return 0;

err_free_sock:
	nl_socket_free(nl->sock);
	nl->sock = NULL;
	return err;
}

void ippp_nl_close(struct ippp_nl *nl)
{
	nl_socket_free(nl->sock);
	nl->sock = NULL;
}

/*
 * Allocate a request with room for ATTRS_SIZE bytes of attributes, which
 * the caller counts with nla_total_size().
 */
struct nl_msg *ippp_nl_new_request(struct ippp_nl *nl, uint8_t cmd,
				   int flags, size_t attrs_size)
{
	size_t size = NLMSG_HDRLEN + GENL_HDRLEN + attrs_size;
	struct nl_msg *msg;

	msg = nlmsg_alloc_size(size);
	if (!msg)
		goto err_nomem;

	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, IPPP_GENL_VERSION)) {
		nlmsg_free(msg);
		goto err_nomem;
	}
	return msg;

err_nomem:
	fputs("Error: out of memory\n", stderr);
	return NULL;
}

/* Free a request that an attribute did not fit in. */
int ippp_nl_put_failed(struct nl_msg *msg)
{
	nlmsg_free(msg);
	fputs("Error: the netlink request does not fit in its buffer\n", stderr);
	return -EMSGSIZE;
}

int ippp_nl_malformed(const char *problem)
{
	fprintf(stderr, "Error: malformed reply from the kernel: %s\n", problem);
	return -EPROTO;
}

/* Check that a reply has every attribute in TYPES. */
int ippp_nl_require(struct nlattr **attrs, const int *types,
		    unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (!attrs[types[i]]) {
			fprintf(stderr,
				"Error: malformed reply from the kernel: %s missing\n",
				attr_names[types[i]]);
			return -EPROTO;
		}
	}
	return 0;
}

/*
 * Find the extended ACK TLVs, which start OFFSET bytes into the payload of
 * an NLMSG_ERROR or NLMSG_DONE message when NLM_F_ACK_TLVS is set.
 */
static int parse_extack(const struct nlmsghdr *hdr, size_t offset,
			struct nlattr **tb)
{
	int length = hdr->nlmsg_len - NLMSG_HDRLEN;
	char *payload = nlmsg_data(hdr);

	memset(tb, 0, sizeof(*tb) * (NLMSGERR_ATTR_MAX + 1));
	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS) || length <= 0 ||
	    offset >= (size_t)length)
		return -ENOENT;

	return nla_parse(tb, NLMSGERR_ATTR_MAX,
			 (struct nlattr *)(payload + offset), length - offset,
			 extack_policy);
}

/* The command-line words behind each request attribute, for errors. */
static const char *const attr_keywords[IPPP_A_MAX + 1] = {
	[IPPP_A_IFNAME]		= "dev",
	[IPPP_A_PEER_IFINDEX]	= "peer",
	[IPPP_A_PEER_IFNAME]	= "peer",
	[IPPP_A_DIALMODE]	= "dialmode",
	[IPPP_A_IDLE]		= "idle",
	[IPPP_A_DIAL_DELAY]	= "dial-delay",
	[IPPP_A_QUEUE_LEN]	= "queue-len",
	[IPPP_A_FLAGS]		= "acfc and pfc",
	[IPPP_A_PASS]		= "pass",
	[IPPP_A_ACTIVE]		= "active",
	[IPPP_A_FILTER_MASK]	= "pass or active",
};

/*
 * Name the request attribute that NLMSGERR_ATTR_OFFS points at, with its
 * value for names, because kernel messages such as "device not found" do
 * not. The offset counts from the start of the request's netlink header.
 */
static void print_bad_attr(const struct nlmsghdr *request,
			   const struct nlattr *offset_attr)
{
	struct genlmsghdr *genl = nlmsg_data(request);
	uint32_t offset = nla_get_u32(offset_attr);
	struct nlattr *attr;
	const char *keyword;
	int remaining, type;

	nla_for_each_attr(attr, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), remaining) {
		size_t start = (char *)attr - (char *)request;

		if (offset < start || offset >= start + attr->nla_len)
			continue;

		type = nla_type(attr);
		keyword = type <= IPPP_A_MAX ? attr_keywords[type] : NULL;
		if (!keyword)
			return;
		if (type == IPPP_A_IFNAME || type == IPPP_A_PEER_IFNAME)
			fprintf(stderr, " (%s \"%s\")", keyword,
				nla_get_string(attr));
		else
			fprintf(stderr, " (%s)", keyword);
		return;
	}
}

static void report_kernel_error(const struct nlmsghdr *request,
				const struct nlmsghdr *hdr, size_t offset,
				int error)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	parse_extack(hdr, offset, tb);
	if (tb[NLMSGERR_ATTR_MSG])
		fprintf(stderr, "Error: %s",
			nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	else
		fprintf(stderr, "Error: %s", strerror(-error));

	if (tb[NLMSGERR_ATTR_OFFS])
		print_bad_attr(request, tb[NLMSGERR_ATTR_OFFS]);
	else if (tb[NLMSGERR_ATTR_MISS_TYPE])
		fprintf(stderr, " (attribute %u missing)",
			nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
	else if (error == -EPERM && !tb[NLMSGERR_ATTR_MSG])
		fputs(" (changing a unit needs CAP_NET_ADMIN)", stderr);
	fputc('\n', stderr);
}

static int handle_error(struct sockaddr_nl *peer, struct nlmsgerr *err,
			void *arg)
{
	/* libnl passes the payload, and the message header sits before it. */
	const struct nlmsghdr *hdr =
		(const struct nlmsghdr *)((char *)err - NLMSG_HDRLEN);
	struct exchange *exchange = arg;
	size_t offset = sizeof(*err);
	int error = err->error < 0 ? err->error : -err->error;

	(void)peer;

	/* Without NETLINK_CAP_ACK the kernel echoes the whole request. */
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len > NLMSG_HDRLEN)
		offset += err->msg.nlmsg_len - NLMSG_HDRLEN;

	report_kernel_error(exchange->request, hdr, NLMSG_ALIGN(offset), error);
	exchange->error = error;
	exchange->done = true;
	return NL_STOP;
}

static int handle_ack(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct exchange *exchange = arg;

	if (parse_extack(hdr, NLMSG_ALIGN(sizeof(struct nlmsgerr)), tb) == 0 &&
	    tb[NLMSGERR_ATTR_MSG])
		fprintf(stderr, "Warning: %s\n",
			nla_get_string(tb[NLMSGERR_ATTR_MSG]));

	exchange->done = true;
	return NL_STOP;
}

/* NLMSG_DONE ends a dump. Its payload is an int, negative on failure. */
static int handle_done(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct exchange *exchange = arg;
	int error = 0;

	if (hdr->nlmsg_len >= NLMSG_LENGTH(sizeof(error)))
		memcpy(&error, nlmsg_data(hdr), sizeof(error));
	if (error < 0) {
		report_kernel_error(exchange->request, hdr,
				    NLMSG_ALIGN(sizeof(error)), error);
		exchange->error = error;
	}

	exchange->done = true;
	return NL_STOP;
}

static int handle_interrupted(struct nl_msg *msg, void *arg)
{
	struct exchange *exchange = arg;

	(void)msg;
	exchange->interrupted = true;
	return NL_OK;
}

static int handle_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *attrs[IPPP_A_MAX + 1];
	struct exchange *exchange = arg;
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, attrs, IPPP_A_MAX, attr_policy);
	if (err < 0)
		err = ippp_nl_malformed(nl_geterror(err));
	else if (exchange->reply)
		err = exchange->reply(attrs, exchange->arg);

	if (err < 0) {
		exchange->error = err;
		exchange->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static struct nl_cb *new_callbacks(struct exchange *exchange)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, handle_reply, exchange);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, handle_ack, exchange);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, handle_done, exchange);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, handle_interrupted,
		  exchange);
	nl_cb_err(cb, NL_CB_CUSTOM, handle_error, exchange);
	return cb;
}

/*
 * Send MSG, which this function frees, and pass each reply to REPLY until
 * the kernel's ACK, error or end of dump. Returns 0 or a negative errno.
 */
int ippp_nl_exchange(struct ippp_nl *nl, struct nl_msg *msg,
		     ippp_nl_reply_fn reply, void *arg)
{
	struct exchange exchange = {
		.request = nlmsg_hdr(msg),
		.reply = reply,
		.arg = arg,
	};
	struct nl_cb *cb;
	int err;

	cb = new_callbacks(&exchange);
	if (!cb) {
		fputs("Error: out of memory\n", stderr);
		err = -ENOMEM;
		goto out_free_msg;
	}

	err = nl_send_auto(nl->sock, msg);
	if (err < 0) {
		fprintf(stderr, "Error: cannot send the netlink request: %s\n",
			nl_geterror(err));
		err = -EIO;
		goto out_put_cb;
	}

	/* Returns the number of messages handled, 0 at end of file. */
	do {
		err = nl_recvmsgs_report(nl->sock, cb);
	} while (err > 0 && !exchange.done);

	if (exchange.error) {
		err = exchange.error;
	} else if (!exchange.done) {
		fprintf(stderr, "Error: cannot receive the netlink reply: %s\n",
			err < 0 ? nl_geterror(err) : "end of file");
		err = -EIO;
	} else {
		err = 0;
		if (exchange.interrupted)
			fputs("Warning: units changed during the dump, so the output may be inconsistent\n",
			      stderr);
	}

out_put_cb:
	nl_cb_put(cb);
out_free_msg:
	nlmsg_free(msg);
	return err;
}
