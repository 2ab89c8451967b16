// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the ippp generic netlink family, linked into a test build
 * of ipppctl so the netlink code runs without the module.
 *
 * This file defines three libnl functions, and the linker binds the tool's
 * calls to these definitions instead of libnl's:
 *  - genl_ctrl_resolve() finds the "ippp" family unless IPPP_FAKE_MISSING
 *    is set;
 *  - nl_send_auto() completes the request as libnl would and replies to
 *    it here, the way uapi/linux/ippp.h documents the module;
 *  - nl_cb_alloc() wraps libnl's and makes each callback set read those
 *    answers instead of the socket.
 *
 * Two units exist: ippp0 (ifindex 1, the host's loopback index, so the tool
 * can resolve a peer's name) and ippp1 (ifindex 1001). The state survives
 * from one run to the next in the file IPPP_FAKE_STATE names. Each request
 * is logged as one "cmd N flags 0xF len L" line to IPPP_FAKE_LOG. Set
 * IPPP_FAKE_NO_CAP to echo requests in errors as a kernel does without
 * NETLINK_CAP_ACK, and IPPP_FAKE_DUMP_ERROR to end dumps with an error.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/ippp.h>

#define FAKE_FAMILY	0x4242
#define UNIT_COUNT	2
#define NEST_MAX	(IPPP_FILTER_MAXINSNS * 8 + IPPP_EXPR_MAX + 64)
#define DATAGRAM_MAX	(512 * 1024)
#define SET_TIME	1796415065ULL	/* 2026-12-04 20:11:05 UTC */

struct fake_filter {
	uint32_t size;			/* 0 when not set */
	unsigned char attrs[NEST_MAX];	/* INSNS and EXPR as sent */
};

struct fake_unit {
	uint8_t state;
	uint8_t dialmode;
	uint32_t idle;
	uint32_t dial_delay;
	uint32_t queue_len;
	uint32_t flags;
	uint32_t peer;			/* index into units + 1, 0 if none */
	struct fake_filter filters[2];
};

static const char *const unit_names[UNIT_COUNT] = { "ippp0", "ippp1" };
static const uint32_t unit_ifindexes[UNIT_COUNT] = { 1, 1001 };
static const int filter_attrs[2] = { IPPP_A_PASS, IPPP_A_ACTIVE };
static const uint32_t filter_bits[2] = { IPPP_FILTER_PASS, IPPP_FILTER_ACTIVE };

static struct fake_unit units[UNIT_COUNT];

/* Replies: datagrams of one or more netlink messages. */
static struct datagram {
	unsigned char *data;
	size_t length;
} datagrams[4];
static unsigned int datagram_count, datagram_next;

static void load_state(void)
{
	const char *path = getenv("IPPP_FAKE_STATE");
	FILE *file;
	int i;

	for (i = 0; i < UNIT_COUNT; i++)
		units[i] = (struct fake_unit){ .dialmode = IPPP_DIALMODE_MANUAL,
					       .queue_len = 8 };

	file = path ? fopen(path, "rb") : NULL;
	if (!file)
		return;
	if (fread(units, sizeof(units), 1, file) != 1)
		memset(units, 0, sizeof(units));
	fclose(file);
}

static void save_state(void)
{
	const char *path = getenv("IPPP_FAKE_STATE");
	FILE *file = path ? fopen(path, "wb") : NULL;

	if (!file)
		return;
	fwrite(units, sizeof(units), 1, file);
	fclose(file);
}

static void log_request(const struct nlmsghdr *request, uint8_t cmd)
{
	const char *path = getenv("IPPP_FAKE_LOG");
	FILE *file = path ? fopen(path, "a") : NULL;

	if (!file)
		return;
	fprintf(file, "cmd %u flags 0x%x len %u\n", cmd, request->nlmsg_flags,
		request->nlmsg_len);
	fclose(file);
}

/* Append MSG to the current datagram, or to a new one if START is set. */
static void queue(struct nl_msg *msg, bool start)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct datagram *datagram;

	if (start || !datagram_count) {
		datagram = &datagrams[datagram_count++];
		datagram->data = malloc(DATAGRAM_MAX);
		datagram->length = 0;
	}
	datagram = &datagrams[datagram_count - 1];
	memcpy(datagram->data + datagram->length, hdr, hdr->nlmsg_len);
	datagram->length += NLMSG_ALIGN(hdr->nlmsg_len);
	nlmsg_free(msg);
}

static void queue_error(const struct nlmsghdr *request, int error,
			const char *text, const struct nlattr *bad_attr,
			bool start)
{
	bool capped = !getenv("IPPP_FAKE_NO_CAP") || !error;
	size_t payload = sizeof(struct nlmsgerr);
	struct nl_msg *msg = nlmsg_alloc_size(DATAGRAM_MAX);
	int flags = capped ? NLM_F_CAPPED : 0;
	struct nlmsghdr *hdr;
	struct nlmsgerr *err;

	if (!capped)
		payload += request->nlmsg_len - NLMSG_HDRLEN;
	if (text || bad_attr)
		flags |= NLM_F_ACK_TLVS;

	hdr = nlmsg_put(msg, request->nlmsg_pid, request->nlmsg_seq,
			NLMSG_ERROR, payload, flags);
	err = nlmsg_data(hdr);
	err->error = error;
	memcpy(&err->msg, request, capped ? sizeof(*request) : request->nlmsg_len);
	if (text)
		nla_put_string(msg, NLMSGERR_ATTR_MSG, text);
	if (bad_attr)
		nla_put_u32(msg, NLMSGERR_ATTR_OFFS,
			    (const char *)bad_attr - (const char *)request);
	queue(msg, start);
}

static void queue_done(const struct nlmsghdr *request, int error,
		       const char *text)
{
	struct nl_msg *msg = nlmsg_alloc_size(4096);
	struct nlmsghdr *hdr;

	hdr = nlmsg_put(msg, request->nlmsg_pid, request->nlmsg_seq,
			NLMSG_DONE, sizeof(error),
			NLM_F_MULTI | (text ? NLM_F_ACK_TLVS : 0));
	memcpy(nlmsg_data(hdr), &error, sizeof(error));
	if (text)
		nla_put_string(msg, NLMSGERR_ATTR_MSG, text);
	queue(msg, true);
}

static int fail(const struct nlmsghdr *request, int error, const char *text)
{
	queue_error(request, error, text, NULL, true);
	return error;
}

/* Fail with an error that points at BAD_ATTR, as NL_SET_ERR_MSG_ATTR does. */
static int fail_attr(const struct nlmsghdr *request, int error,
		     const char *text, const struct nlattr *bad_attr)
{
	queue_error(request, error, text, bad_attr, true);
	return error;
}

static int find_unit(const struct nlmsghdr *request, struct nlattr **attrs)
{
	const char *name;
	int i;

	if (!attrs[IPPP_A_IFNAME])
		return fail(request, -EINVAL, "IPPP_A_IFNAME or IPPP_A_IFINDEX required");

	name = nla_get_string(attrs[IPPP_A_IFNAME]);
	for (i = 0; i < UNIT_COUNT; i++) {
		if (!strcmp(name, unit_names[i]))
			return i;
	}
	return fail_attr(request, -ENODEV, "device not found",
			 attrs[IPPP_A_IFNAME]);
}

static int check_filter(const struct nlmsghdr *request, struct nlattr *nest)
{
	struct nlattr *tb[IPPP_FILTER_A_MAX + 1];
	int length;

	if (!(nest->nla_type & NLA_F_NESTED))
		return fail(request, -EINVAL, "NLA_F_NESTED is missing");
	if (nla_parse_nested(tb, IPPP_FILTER_A_MAX, nest, NULL) < 0)
		return fail(request, -EINVAL, "malformed filter");
	if (!tb[IPPP_FILTER_A_INSNS])
		return fail(request, -EINVAL, "IPPP_FILTER_A_INSNS required");

	length = nla_len(tb[IPPP_FILTER_A_INSNS]);
	if (length % sizeof(struct sock_filter) || !length ||
	    length > IPPP_FILTER_MAXINSNS * (int)sizeof(struct sock_filter))
		return fail(request, -EINVAL, "IPPP_FILTER_A_INSNS: invalid length");
	if (tb[IPPP_FILTER_A_EXPR] &&
	    nla_len(tb[IPPP_FILTER_A_EXPR]) > IPPP_EXPR_MAX)
		return fail(request, -EINVAL, "IPPP_FILTER_A_EXPR too long");
	return 0;
}

static void queue_ack(const struct nlmsghdr *request)
{
	queue_error(request, 0, NULL, NULL, false);
}

static int filter_set(const struct nlmsghdr *request, struct nlattr **attrs)
{
	int unit = find_unit(request, attrs);
	int kind, err;

	if (unit < 0)
		return unit;
	if (!attrs[IPPP_A_PASS] && !attrs[IPPP_A_ACTIVE])
		return fail(request, -EINVAL, "IPPP_A_PASS or IPPP_A_ACTIVE required");

	/* Check both before changing either, as the module does. */
	for (kind = 0; kind < 2; kind++) {
		struct nlattr *nest = attrs[filter_attrs[kind]];

		err = nest ? check_filter(request, nest) : 0;
		if (err)
			return err;
	}
	for (kind = 0; kind < 2; kind++) {
		struct nlattr *nest = attrs[filter_attrs[kind]];
		struct fake_filter *filter = &units[unit].filters[kind];

		if (!nest)
			continue;
		filter->size = nla_len(nest);
		memcpy(filter->attrs, nla_data(nest), filter->size);
	}
	queue_ack(request);
	return 0;
}

static int filter_clear(const struct nlmsghdr *request, struct nlattr **attrs)
{
	int unit = find_unit(request, attrs);
	uint32_t mask = IPPP_FILTER_ALL;
	int kind;

	if (unit < 0)
		return unit;
	if (attrs[IPPP_A_FILTER_MASK])
		mask = nla_get_u32(attrs[IPPP_A_FILTER_MASK]);
	for (kind = 0; kind < 2; kind++) {
		if (mask & filter_bits[kind])
			units[unit].filters[kind].size = 0;
	}
	queue_ack(request);
	return 0;
}

static void put_filter(struct nl_msg *msg, int attr,
		       const struct fake_filter *filter)
{
	struct nlattr *nest = nla_nest_start(msg, attr | NLA_F_NESTED);
	struct nlattr *insns;

	nlmsg_append(msg, (void *)filter->attrs, filter->size, NLA_ALIGNTO);
	insns = nla_find((struct nlattr *)filter->attrs, filter->size,
			 IPPP_FILTER_A_INSNS);
	nla_put_u32(msg, IPPP_FILTER_A_LEN,
		    nla_len(insns) / sizeof(struct sock_filter));
	nla_put_u8(msg, IPPP_FILTER_A_ORIGIN, IPPP_ORIGIN_NETLINK);
	nla_put_u64(msg, IPPP_FILTER_A_SET_TIME, SET_TIME);
	nla_nest_end(msg, nest);
}

static void put_stats(struct nl_msg *msg, int unit)
{
	struct nlattr *nest = nla_nest_start(msg, IPPP_A_STATS | NLA_F_NESTED);
	int type;

	/* Counter N of unit U reads U * 100 + N. */
	for (type = IPPP_STATS_A_RX_PASSED; type <= IPPP_STATS_A_TX_INACTIVE; type++)
		nla_put_u64(msg, type, unit * 100 + type);
	nla_nest_end(msg, nest);
}

static struct nl_msg *new_reply(const struct nlmsghdr *request, uint8_t cmd,
				int unit, bool dump)
{
	struct nl_msg *msg = nlmsg_alloc_size(DATAGRAM_MAX / 4);

	genlmsg_put(msg, request->nlmsg_pid, request->nlmsg_seq, FAKE_FAMILY,
		    0, dump ? NLM_F_MULTI : 0, cmd, IPPP_GENL_VERSION);
	nla_put_u32(msg, IPPP_A_IFINDEX, unit_ifindexes[unit]);
	nla_put_string(msg, IPPP_A_IFNAME, unit_names[unit]);
	nla_put_u32(msg, IPPP_A_UNIT, unit);
	return msg;
}

static struct nl_msg *filter_reply(const struct nlmsghdr *request,
				   struct nlattr **attrs, int unit, bool dump)
{
	struct nl_msg *msg = new_reply(request, IPPP_CMD_FILTER_GET, unit, dump);
	uint32_t mask = IPPP_FILTER_ALL;
	int kind;

	if (attrs[IPPP_A_FILTER_MASK])
		mask = nla_get_u32(attrs[IPPP_A_FILTER_MASK]);
	for (kind = 0; kind < 2; kind++) {
		const struct fake_filter *filter = &units[unit].filters[kind];

		if ((mask & filter_bits[kind]) && filter->size)
			put_filter(msg, filter_attrs[kind], filter);
	}
	put_stats(msg, unit);
	return msg;
}

static struct nl_msg *unit_reply(const struct nlmsghdr *request,
				 struct nlattr **attrs, int unit, bool dump)
{
	struct nl_msg *msg = new_reply(request, IPPP_CMD_UNIT_GET, unit, dump);
	const struct fake_unit *u = &units[unit];

	(void)attrs;
	nla_put_u8(msg, IPPP_A_LINE_STATE, u->state);
	nla_put_u8(msg, IPPP_A_DIALMODE, u->dialmode);
	nla_put_u32(msg, IPPP_A_IDLE, u->idle);
	nla_put_u32(msg, IPPP_A_DIAL_DELAY, u->dial_delay);
	nla_put_u32(msg, IPPP_A_QUEUE_LEN, u->queue_len);
	nla_put_u32(msg, IPPP_A_FLAGS, u->flags);
	if (u->peer) {
		nla_put_u32(msg, IPPP_A_PEER_IFINDEX, unit_ifindexes[u->peer - 1]);
		if (getenv("IPPP_FAKE_PEER_NETNSID"))
			nla_put_s32(msg, IPPP_A_PEER_NETNSID,
				    atoi(getenv("IPPP_FAKE_PEER_NETNSID")));
	}
	put_stats(msg, unit);
	return msg;
}

typedef struct nl_msg *(*reply_fn)(const struct nlmsghdr *request,
				   struct nlattr **attrs, int unit, bool dump);

static int get(const struct nlmsghdr *request, struct nlattr **attrs,
	       reply_fn reply)
{
	int unit;

	if ((request->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP) {
		unit = find_unit(request, attrs);
		if (unit < 0)
			return unit;
		queue(reply(request, attrs, unit, false), true);
		queue_ack(request);
		return 0;
	}

	for (unit = 0; unit < UNIT_COUNT; unit++)
		queue(reply(request, attrs, unit, true), unit == 0);
	if (getenv("IPPP_FAKE_DUMP_ERROR"))
		queue_done(request, -EBUSY, "dump failed on purpose");
	else
		queue_done(request, 0, NULL);
	return 0;
}

static int set_peer(const struct nlmsghdr *request, struct nlattr **attrs,
		    int unit)
{
	int peer = -1, i;

	if (attrs[IPPP_A_PEER_IFINDEX] && !nla_get_u32(attrs[IPPP_A_PEER_IFINDEX])) {
		if (units[unit].peer)
			units[units[unit].peer - 1].peer = 0;
		units[unit].peer = 0;
		return 0;
	}
	if (!attrs[IPPP_A_PEER_IFNAME])
		return 0;

	for (i = 0; i < UNIT_COUNT; i++) {
		if (!strcmp(nla_get_string(attrs[IPPP_A_PEER_IFNAME]), unit_names[i]))
			peer = i;
	}
	if (peer < 0 || peer == unit)
		return fail_attr(request, -EOPNOTSUPP,
				 "peer device is not an ippp unit",
				 attrs[IPPP_A_PEER_IFNAME]);
	units[unit].peer = peer + 1;
	units[peer].peer = unit + 1;
	return 0;
}

static int unit_set(const struct nlmsghdr *request, struct nlattr **attrs)
{
	int unit = find_unit(request, attrs);
	int err;

	if (unit < 0)
		return unit;
	if (attrs[IPPP_A_FLAGS] && nla_get_u32(attrs[IPPP_A_FLAGS]) & ~IPPP_FLAG_ALL)
		return fail(request, -EINVAL, "IPPP_A_FLAGS: unknown bits");
	if (attrs[IPPP_A_DIALMODE] &&
	    nla_get_u8(attrs[IPPP_A_DIALMODE]) > IPPP_DIALMODE_AUTO)
		return fail(request, -EINVAL, "IPPP_A_DIALMODE out of range");

	err = set_peer(request, attrs, unit);
	if (err)
		return err;
	if (attrs[IPPP_A_DIALMODE])
		units[unit].dialmode = nla_get_u8(attrs[IPPP_A_DIALMODE]);
	if (attrs[IPPP_A_IDLE])
		units[unit].idle = nla_get_u32(attrs[IPPP_A_IDLE]);
	if (attrs[IPPP_A_DIAL_DELAY])
		units[unit].dial_delay = nla_get_u32(attrs[IPPP_A_DIAL_DELAY]);
	if (attrs[IPPP_A_QUEUE_LEN])
		units[unit].queue_len = nla_get_u32(attrs[IPPP_A_QUEUE_LEN]);
	if (attrs[IPPP_A_FLAGS])
		units[unit].flags = nla_get_u32(attrs[IPPP_A_FLAGS]);
	queue_ack(request);
	return 0;
}

static int line_command(const struct nlmsghdr *request, struct nlattr **attrs,
			uint8_t state)
{
	int unit = find_unit(request, attrs);

	if (unit < 0)
		return unit;
	if (state == IPPP_LINE_ONLINE && !units[unit].peer)
		return fail(request, -ENOTCONN, "unit is not wired to a peer");
	units[unit].state = state;
	queue_ack(request);
	return 0;
}

static void handle_request(const struct nlmsghdr *request)
{
	struct genlmsghdr *genl = nlmsg_data(request);
	struct nlattr *attrs[IPPP_A_MAX + 1];
	int err;

	/* libnl has taken every earlier datagram. */
	datagram_count = 0;
	datagram_next = 0;
	log_request(request, genl->cmd);
	load_state();
	if (genlmsg_parse((struct nlmsghdr *)request, 0, attrs, IPPP_A_MAX,
			  NULL) < 0) {
		fail(request, -EINVAL, "malformed request");
		return;
	}

	switch (genl->cmd) {
	case IPPP_CMD_FILTER_SET:
		err = filter_set(request, attrs);
		break;
	case IPPP_CMD_FILTER_CLEAR:
		err = filter_clear(request, attrs);
		break;
	case IPPP_CMD_FILTER_GET:
		err = get(request, attrs, filter_reply);
		break;
	case IPPP_CMD_UNIT_GET:
		err = get(request, attrs, unit_reply);
		break;
	case IPPP_CMD_UNIT_SET:
		err = unit_set(request, attrs);
		break;
	case IPPP_CMD_UNIT_DIAL:
		err = line_command(request, attrs, IPPP_LINE_ONLINE);
		break;
	case IPPP_CMD_UNIT_HANGUP:
		err = line_command(request, attrs, IPPP_LINE_OFFLINE);
		break;
	default:
		err = fail(request, -EOPNOTSUPP, NULL);
		break;
	}
	if (!err)
		save_state();
}

int genl_ctrl_resolve(struct nl_sock *sock, const char *name)
{
	(void)sock;
	if (getenv("IPPP_FAKE_MISSING") || strcmp(name, IPPP_GENL_NAME))
		return -NLE_OBJ_NOTFOUND;
	return FAKE_FAMILY;
}

int nl_send_auto(struct nl_sock *sock, struct nl_msg *msg)
{
	nl_complete_msg(sock, msg);
	handle_request(nlmsg_hdr(msg));
	return nlmsg_hdr(msg)->nlmsg_len;
}

static int receive(struct nl_sock *sock, struct sockaddr_nl *peer,
		   unsigned char **buffer, struct ucred **creds)
{
	struct datagram *datagram;
	int length;

	(void)sock;
	(void)creds;
	if (datagram_next == datagram_count)
		return 0;

	datagram = &datagrams[datagram_next++];
	memset(peer, 0, sizeof(*peer));
	peer->nl_family = AF_NETLINK;
	*buffer = (unsigned char *)datagram->data;
	length = datagram->length;
	datagram->data = NULL;
	return length;
}

struct nl_cb *nl_cb_alloc(enum nl_cb_kind kind)
{
	struct nl_cb *(*libnl_cb_alloc)(enum nl_cb_kind);
	struct nl_cb *cb;

	libnl_cb_alloc = (struct nl_cb *(*)(enum nl_cb_kind))
			 dlsym(RTLD_NEXT, "nl_cb_alloc");
	cb = libnl_cb_alloc(kind);
	if (cb)
		nl_cb_overwrite_recv(cb, receive);
	return cb;
}
