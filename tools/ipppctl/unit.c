// SPDX-License-Identifier: GPL-2.0
/*
 * ipppctl unit: show units, change their line settings, dial and hang up.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/ippp.h>

#include "args.h"
#include "ipppctl.h"
#include "nl.h"
#include "output.h"
#include "stats.h"

static const char *const state_names[] = {
	[IPPP_LINE_OFFLINE]	= "offline",
	[IPPP_LINE_DIALING]	= "dialing",
	[IPPP_LINE_ONLINE]	= "online",
};

static const char *const dialmode_names[] = {
	[IPPP_DIALMODE_OFF]	= "off",
	[IPPP_DIALMODE_MANUAL]	= "manual",
	[IPPP_DIALMODE_AUTO]	= "auto",
};

static const char *const reason_names[] = {
	[IPPP_HANGUP_IDLE]	= "idle",
	[IPPP_HANGUP_MANUAL]	= "manual",
	[IPPP_HANGUP_PEER]	= "peer",
	[IPPP_HANGUP_ADMIN]	= "admin",
};

static const char *const switch_names[] = { "off", "on" };

static const struct unit_flag {
	const char *name;
	uint32_t bit;
} unit_flags[] = {
	{ "acfc", IPPP_FLAG_ACFC },
	{ "pfc", IPPP_FLAG_PFC },
};

/* The arguments of "unit set". The has_* fields mark the settings to change. */
struct unit_request {
	const char *ifname;
	const char *peer;		/* "none" unwires */
	bool has_dialmode;
	bool has_idle;
	bool has_dial_delay;
	bool has_queue_len;
	unsigned int dialmode;
	uint32_t idle;
	uint32_t dial_delay;
	uint32_t queue_len;
	uint32_t flags_on;		/* IPPP_FLAG_* to set */
	uint32_t flags_off;		/* IPPP_FLAG_* to clear */
};

/* One unit as read back from the kernel, pointing into the reply. */
struct unit_reply {
	const char *ifname;
	uint32_t ifindex;
	uint32_t unit;
	uint8_t state;
	uint8_t dialmode;
	uint32_t idle;
	uint32_t dial_delay;
	uint32_t queue_len;
	uint32_t flags;
	int64_t rx_active_age;		/* seconds, -1 before any activity */
	int64_t tx_active_age;
	int hangup_reason;		/* -1 before the first hang-up */
	uint32_t peer_ifindex;		/* 0 when not wired */
	bool peer_elsewhere;		/* peer in another network namespace */
	int32_t peer_netnsid;
	struct ippp_counters counters;
};

static void unit_usage(FILE *stream)
{
	fputs("Usage: ipppctl unit show [ dev NAME ]\n"
	      "       ipppctl unit set dev NAME [ peer { NAME | none } ]\n"
	      "                        [ dialmode { off | manual | auto } ]\n"
	      "                        [ idle SECONDS ] [ dial-delay MS ]\n"
	      "                        [ queue-len PACKETS ]\n"
	      "                        [ acfc { on | off } ] [ pfc { on | off } ]\n"
	      "       ipppctl unit { dial | hangup } dev NAME\n"
	      "       ipppctl unit help\n"
	      "\n"
	      "peer        wire the unit to unit NAME of this namespace as a line,\n"
	      "            or unwire it with \"none\"\n"
	      "dialmode    off: never dial; manual: only \"unit dial\"; auto: dial when\n"
	      "            an outbound packet passes both filters\n"
	      "idle        hang up after SECONDS without an active packet, 0 for never\n"
	      "dial-delay  emulated call setup time, in milliseconds (0 to 60000)\n"
	      "queue-len   outbound packets held while dialing (1 to 1024)\n"
	      "acfc, pfc   compress the PPP address/control and protocol fields of\n"
	      "            sent frames\n"
	      "\"show\" lists every unit unless \"dev\" names one; -s adds the counters.\n",
	      stream);
}

static int parse_flag(struct args *args, struct unit_request *request,
		      uint32_t bit)
{
	unsigned int on;
	int err;

	if ((request->flags_on | request->flags_off) & bit)
		return args_duplicate(args);

	err = args_choice(args, switch_names, ARRAY_SIZE(switch_names), &on);
	if (err)
		return err;
	if (on)
		request->flags_on |= bit;
	else
		request->flags_off |= bit;
	return 0;
}

/* Parse one "unit set" keyword and its value. */
static int parse_setting(struct args *args, const char *word,
			 struct unit_request *request)
{
	if (!strcmp(word, "peer")) {
		if (request->peer)
			return args_duplicate(args);
		return args_ifname(args, &request->peer);
	}
	if (!strcmp(word, "dialmode")) {
		if (request->has_dialmode)
			return args_duplicate(args);
		request->has_dialmode = true;
		return args_choice(args, dialmode_names,
				   ARRAY_SIZE(dialmode_names),
				   &request->dialmode);
	}
	if (!strcmp(word, "idle")) {
		if (request->has_idle)
			return args_duplicate(args);
		request->has_idle = true;
		return args_u32(args, "SECONDS", &request->idle);
	}
	if (!strcmp(word, "dial-delay")) {
		if (request->has_dial_delay)
			return args_duplicate(args);
		request->has_dial_delay = true;
		return args_u32_range(args, "MS", 0, IPPP_DIAL_DELAY_MAX,
				      &request->dial_delay);
	}
	if (!strcmp(word, "queue-len")) {
		if (request->has_queue_len)
			return args_duplicate(args);
		request->has_queue_len = true;
		return args_u32_range(args, "PACKETS", 1, IPPP_QUEUE_LEN_MAX,
				      &request->queue_len);
	}
	if (!strcmp(word, "acfc"))
		return parse_flag(args, request, IPPP_FLAG_ACFC);
	if (!strcmp(word, "pfc"))
		return parse_flag(args, request, IPPP_FLAG_PFC);
	if (!strcmp(word, "help"))
		return ARGS_HELP;
	return args_unknown(args);
}

static bool has_changes(const struct unit_request *request)
{
	return request->peer || request->has_dialmode || request->has_idle ||
	       request->has_dial_delay || request->has_queue_len ||
	       request->flags_on || request->flags_off;
}

static int parse_set(struct args *args, struct unit_request *request)
{
	const char *word;
	int err;

	while ((word = args_next(args))) {
		if (!strcmp(word, "dev")) {
			if (request->ifname)
				return args_duplicate(args);
			err = args_ifname(args, &request->ifname);
		} else {
			err = parse_setting(args, word, request);
		}
		if (err)
			return err;
	}

	if (!request->ifname)
		return args_missing(args, "\"dev NAME\"");
	if (!has_changes(request))
		return args_missing(args,
				    "a setting (peer, dialmode, idle, dial-delay, queue-len, acfc or pfc)");
	return 0;
}

/* Parse "dev NAME", required or not, the only argument of the others. */
static int parse_dev(struct args *args, const char **ifname, bool required)
{
	const char *word;
	int err;

	while ((word = args_next(args))) {
		if (!strcmp(word, "help"))
			return ARGS_HELP;
		if (strcmp(word, "dev"))
			return args_unknown(args);
		if (*ifname)
			return args_duplicate(args);
		err = args_ifname(args, ifname);
		if (err)
			return err;
	}

	if (required && !*ifname)
		return args_missing(args, "\"dev NAME\"");
	return 0;
}

static int parse_reply(struct nlattr **attrs, struct unit_reply *reply)
{
	static const int required[] = {
		IPPP_A_IFINDEX, IPPP_A_IFNAME, IPPP_A_UNIT, IPPP_A_LINE_STATE,
		IPPP_A_DIALMODE, IPPP_A_IDLE, IPPP_A_DIAL_DELAY, IPPP_A_FLAGS,
	};
	int err;

	err = ippp_nl_require(attrs, required, ARRAY_SIZE(required));
	if (err)
		return err;

	reply->ifname = nla_get_string(attrs[IPPP_A_IFNAME]);
	reply->ifindex = nla_get_u32(attrs[IPPP_A_IFINDEX]);
	reply->unit = nla_get_u32(attrs[IPPP_A_UNIT]);
	reply->state = nla_get_u8(attrs[IPPP_A_LINE_STATE]);
	reply->dialmode = nla_get_u8(attrs[IPPP_A_DIALMODE]);
	reply->idle = nla_get_u32(attrs[IPPP_A_IDLE]);
	reply->dial_delay = nla_get_u32(attrs[IPPP_A_DIAL_DELAY]);
	reply->flags = nla_get_u32(attrs[IPPP_A_FLAGS]);
	reply->queue_len = attrs[IPPP_A_QUEUE_LEN] ?
			   nla_get_u32(attrs[IPPP_A_QUEUE_LEN]) : 0;
	reply->rx_active_age = -1;
	if (attrs[IPPP_A_RX_ACTIVE_AGE])
		reply->rx_active_age = nla_get_u32(attrs[IPPP_A_RX_ACTIVE_AGE]);
	reply->tx_active_age = -1;
	if (attrs[IPPP_A_TX_ACTIVE_AGE])
		reply->tx_active_age = nla_get_u32(attrs[IPPP_A_TX_ACTIVE_AGE]);
	reply->hangup_reason = attrs[IPPP_A_HANGUP_REASON] ?
			       nla_get_u8(attrs[IPPP_A_HANGUP_REASON]) : -1;

	reply->peer_ifindex = 0;
	if (attrs[IPPP_A_PEER_IFINDEX])
		reply->peer_ifindex = nla_get_u32(attrs[IPPP_A_PEER_IFINDEX]);
	reply->peer_elsewhere = attrs[IPPP_A_PEER_NETNSID] != NULL;
	if (reply->peer_elsewhere)
		reply->peer_netnsid = nla_get_s32(attrs[IPPP_A_PEER_NETNSID]);

	return counters_parse(&reply->counters, attrs[IPPP_A_STATS]);
}

static const char *name_of(const char *const *names, unsigned int count,
			   unsigned int value)
{
	return value < count && names[value] ? names[value] : "unknown";
}

/*
 * Text: "peer NAME", or "peer ifindex N netnsid M" for a peer in another
 * namespace. JSON: "peer": {"ifindex": N, "ifname" or "netnsid": ...}.
 */
static void print_peer(const struct unit_reply *reply)
{
	char name[IF_NAMESIZE];

	if (!reply->peer_ifindex) {
		output_null("peer", " peer none");
		return;
	}

	output_open_object("peer");
	if (reply->peer_elsewhere) {
		output_uint("ifindex", " peer ifindex %" PRIu64,
			    reply->peer_ifindex);
		output_int("netnsid", " netnsid %" PRId64, reply->peer_netnsid);
	} else if (if_indextoname(reply->peer_ifindex, name)) {
		output_uint("ifindex", NULL, reply->peer_ifindex);
		output_string("ifname", " peer %s", name);
	} else {
		/* The peer went away since the kernel replied. */
		output_uint("ifindex", " peer ifindex %" PRIu64,
			    reply->peer_ifindex);
	}
	output_close_object();
}

static void print_flags(uint32_t flags)
{
	unsigned int i;

	output_text(" flags");
	output_open_array("flags");
	for (i = 0; i < ARRAY_SIZE(unit_flags); i++) {
		if (flags & unit_flags[i].bit)
			output_string(NULL, " %s", unit_flags[i].name);
	}
	output_close_array();
	if (!(flags & IPPP_FLAG_ALL))
		output_text(" none");
}

/*
 * Text: "    active rx 3s ago tx never" and ", last hangup idle". JSON:
 * "rx_active_age"/"tx_active_age" in seconds or null, "hangup_reason".
 */
static void print_activity(const struct unit_reply *reply)
{
	output_text("    active");
	if (reply->rx_active_age < 0)
		output_null("rx_active_age", " rx never");
	else
		output_int("rx_active_age", " rx %" PRId64 "s ago",
			   reply->rx_active_age);
	if (reply->tx_active_age < 0)
		output_null("tx_active_age", " tx never");
	else
		output_int("tx_active_age", " tx %" PRId64 "s ago",
			   reply->tx_active_age);
	if (reply->hangup_reason < 0)
		output_null("hangup_reason", NULL);
	else
		output_string("hangup_reason", ", last hangup %s",
			      name_of(reason_names, ARRAY_SIZE(reason_names),
				      reply->hangup_reason));
	output_text("\n");
}

static int print_reply(struct nlattr **attrs, void *arg)
{
	struct unit_reply reply;
	int err;

	(void)arg;
	err = parse_reply(attrs, &reply);
	if (err)
		return err;

	output_open_object(NULL);
	output_string("ifname", "%s:", reply.ifname);
	output_uint("ifindex", NULL, reply.ifindex);
	output_uint("unit", " unit %" PRIu64, reply.unit);
	output_string("state", " state %s\n",
		      name_of(state_names, ARRAY_SIZE(state_names), reply.state));
	output_string("dialmode", "    dialmode %s",
		      name_of(dialmode_names, ARRAY_SIZE(dialmode_names),
			      reply.dialmode));
	output_uint("idle", " idle %" PRIu64, reply.idle);
	output_uint("dial_delay", " dial-delay %" PRIu64, reply.dial_delay);
	output_uint("queue_len", " queue-len %" PRIu64, reply.queue_len);
	print_peer(&reply);
	print_flags(reply.flags);
	output_text("\n");
	print_activity(&reply);
	if (options.stats) {
		counters_print(&reply.counters);
		line_counters_print(&reply.counters);
	}
	output_close_object();
	return 0;
}

static int store_flags(struct nlattr **attrs, void *arg)
{
	static const int required[] = { IPPP_A_FLAGS };
	uint32_t *flags = arg;
	int err;

	err = ippp_nl_require(attrs, required, ARRAY_SIZE(required));
	if (!err)
		*flags = nla_get_u32(attrs[IPPP_A_FLAGS]);
	return err;
}

static struct nl_msg *new_unit_request(struct ippp_nl *nl, uint8_t cmd,
				       const char *ifname)
{
	int flags = ifname ? 0 : NLM_F_DUMP;
	struct nl_msg *msg;

	/* Room for the unit name, the peer's name and four u32 settings. */
	msg = ippp_nl_new_request(nl, cmd, flags,
				  2 * nla_total_size(IFNAMSIZ) +
				  4 * nla_total_size(sizeof(uint32_t)));
	if (msg && ifname && nla_put_string(msg, IPPP_A_IFNAME, ifname) < 0) {
		ippp_nl_put_failed(msg);
		return NULL;
	}
	return msg;
}

/* IPPP_A_FLAGS replaces every bit, so read the others first. */
static int merge_flags(struct ippp_nl *nl, const struct unit_request *request,
		       uint32_t *flags)
{
	struct nl_msg *msg;
	int err;

	msg = new_unit_request(nl, IPPP_CMD_UNIT_GET, request->ifname);
	if (!msg)
		return -ENOMEM;

	err = ippp_nl_exchange(nl, msg, store_flags, flags);
	if (err)
		return err;

	*flags = (*flags | request->flags_on) & ~request->flags_off;
	return 0;
}

static int put_peer(struct nl_msg *msg, const char *peer)
{
	/* IPPP_A_PEER_IFINDEX 0 unwires the unit. */
	if (!strcmp(peer, "none"))
		return nla_put_u32(msg, IPPP_A_PEER_IFINDEX, 0);
	return nla_put_string(msg, IPPP_A_PEER_IFNAME, peer);
}

static int put_settings(struct nl_msg *msg, const struct unit_request *request,
			uint32_t flags)
{
	if (request->peer && put_peer(msg, request->peer) < 0)
		return -EMSGSIZE;
	if (request->has_dialmode &&
	    nla_put_u8(msg, IPPP_A_DIALMODE, request->dialmode) < 0)
		return -EMSGSIZE;
	if (request->has_idle &&
	    nla_put_u32(msg, IPPP_A_IDLE, request->idle) < 0)
		return -EMSGSIZE;
	if (request->has_dial_delay &&
	    nla_put_u32(msg, IPPP_A_DIAL_DELAY, request->dial_delay) < 0)
		return -EMSGSIZE;
	if (request->has_queue_len &&
	    nla_put_u32(msg, IPPP_A_QUEUE_LEN, request->queue_len) < 0)
		return -EMSGSIZE;
	if ((request->flags_on | request->flags_off) &&
	    nla_put_u32(msg, IPPP_A_FLAGS, flags) < 0)
		return -EMSGSIZE;
	return 0;
}

static int send_set_request(struct ippp_nl *nl,
			    const struct unit_request *request)
{
	struct nl_msg *msg;
	uint32_t flags = 0;
	int err;

	if (request->flags_on | request->flags_off) {
		err = merge_flags(nl, request, &flags);
		if (err)
			return err;
	}

	msg = new_unit_request(nl, IPPP_CMD_UNIT_SET, request->ifname);
	if (!msg)
		return -ENOMEM;
	if (put_settings(msg, request, flags))
		return ippp_nl_put_failed(msg);

	return ippp_nl_exchange(nl, msg, NULL, NULL);
}

static int unit_set(struct args *args)
{
	struct unit_request request = { 0 };
	struct ippp_nl nl;
	int err;

	err = parse_set(args, &request);
	if (err)
		return args_status(err, unit_usage);

	if (ippp_nl_open(&nl))
		return EXIT_SYSTEM;

	err = send_set_request(&nl, &request);
	ippp_nl_close(&nl);
	return err ? EXIT_SYSTEM : EXIT_SUCCESS;
}

static int unit_show(struct args *args)
{
	const char *ifname = NULL;
	struct ippp_nl nl;
	struct nl_msg *msg;
	int err;

	err = parse_dev(args, &ifname, false);
	if (err)
		return args_status(err, unit_usage);

	if (ippp_nl_open(&nl))
		return EXIT_SYSTEM;

	output_start(options.json, options.pretty);
	msg = new_unit_request(&nl, IPPP_CMD_UNIT_GET, ifname);
	err = msg ? ippp_nl_exchange(&nl, msg, print_reply, NULL) : -ENOMEM;
	if (output_finish(!err))
		err = -EIO;
	ippp_nl_close(&nl);
	return err ? EXIT_SYSTEM : EXIT_SUCCESS;
}

/* Send CMD, which takes nothing but the unit, for "dev NAME". */
static int run_line_command(struct args *args, uint8_t cmd)
{
	const char *ifname = NULL;
	struct ippp_nl nl;
	struct nl_msg *msg;
	int err;

	err = parse_dev(args, &ifname, true);
	if (err)
		return args_status(err, unit_usage);

	if (ippp_nl_open(&nl))
		return EXIT_SYSTEM;

	msg = new_unit_request(&nl, cmd, ifname);
	err = msg ? ippp_nl_exchange(&nl, msg, NULL, NULL) : -ENOMEM;
	ippp_nl_close(&nl);
	return err ? EXIT_SYSTEM : EXIT_SUCCESS;
}

static int unit_dial(struct args *args)
{
	return run_line_command(args, IPPP_CMD_UNIT_DIAL);
}

static int unit_hangup(struct args *args)
{
	return run_line_command(args, IPPP_CMD_UNIT_HANGUP);
}

int unit_main(int argc, char **argv)
{
	static const struct command commands[] = {
		{ "show", unit_show },
		{ "set", unit_set },
		{ "dial", unit_dial },
		{ "hangup", unit_hangup },
	};
	struct args args = { .argc = argc, .argv = argv, .next = 1 };

	return args_dispatch(&args, commands, ARRAY_SIZE(commands), "show",
			     unit_usage);
}
