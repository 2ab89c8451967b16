// SPDX-License-Identifier: GPL-2.0
/*
 * ipppctl monitor: print the events of the "monitor" multicast group, one
 * line (or, with -j, one JSON object) per event, until interrupted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/ippp.h>

#include "args.h"
#include "ipppctl.h"
#include "nl.h"

static const char *const event_names[] = {
	[IPPP_EVENT_FILTER]		= "filter",
	[IPPP_EVENT_DIALING]		= "dialing",
	[IPPP_EVENT_ONLINE]		= "online",
	[IPPP_EVENT_HANGUP]		= "hangup",
	[IPPP_EVENT_DIAL_REJECT]	= "dial-reject",
};

static const char *const reason_names[] = {
	[IPPP_HANGUP_IDLE]	= "idle",
	[IPPP_HANGUP_MANUAL]	= "manual",
	[IPPP_HANGUP_PEER]	= "peer",
	[IPPP_HANGUP_ADMIN]	= "admin",
};

/* Which events to print: "filter" changes, "link" (line) events, or all. */
enum monitor_scope { SCOPE_ALL, SCOPE_FILTER, SCOPE_LINK };

static const struct nla_policy event_policy[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_IFNAME]		= { .type = NLA_STRING },
	[IPPP_A_UNIT]		= { .type = NLA_U32 },
	[IPPP_A_EVENT]		= { .type = NLA_U8 },
	[IPPP_A_HANGUP_REASON]	= { .type = NLA_U8 },
	[IPPP_A_FILTER_MASK]	= { .type = NLA_U32 },
};

static void monitor_usage(FILE *stream)
{
	fputs("Usage: ipppctl monitor [ filter | link ]\n"
	      "       ipppctl monitor help\n"
	      "\n"
	      "Print one line per event until interrupted (-j: one JSON object\n"
	      "per line). \"filter\" limits the output to filter changes, \"link\"\n"
	      "to dialing, online, hangup and dial-reject events. Needs\n"
	      "CAP_NET_ADMIN.\n",
	      stream);
}

static const char *name_of(const char *const *names, unsigned int count,
			   unsigned int value)
{
	return value < count && names[value] ? names[value] : "unknown";
}

static void print_json(struct nlattr **tb, uint8_t event)
{
	struct json_object *obj = json_object_new_object();
	uint32_t mask;

	json_object_object_add(obj, "ifname",
			       json_object_new_string(nla_get_string(tb[IPPP_A_IFNAME])));
	json_object_object_add(obj, "ifindex",
			       json_object_new_int64(nla_get_u32(tb[IPPP_A_IFINDEX])));
	json_object_object_add(obj, "unit",
			       json_object_new_int64(nla_get_u32(tb[IPPP_A_UNIT])));
	json_object_object_add(obj, "event",
			       json_object_new_string(name_of(event_names,
							      ARRAY_SIZE(event_names),
							      event)));
	if (event == IPPP_EVENT_HANGUP && tb[IPPP_A_HANGUP_REASON])
		json_object_object_add(obj, "reason",
				       json_object_new_string(name_of(reason_names,
								      ARRAY_SIZE(reason_names),
								      nla_get_u8(tb[IPPP_A_HANGUP_REASON]))));
	if (event == IPPP_EVENT_FILTER && tb[IPPP_A_FILTER_MASK]) {
		struct json_object *which = json_object_new_array();

		mask = nla_get_u32(tb[IPPP_A_FILTER_MASK]);
		if (mask & IPPP_FILTER_PASS)
			json_object_array_add(which, json_object_new_string("pass"));
		if (mask & IPPP_FILTER_ACTIVE)
			json_object_array_add(which, json_object_new_string("active"));
		json_object_object_add(obj, "filters", which);
	}
	puts(json_object_to_json_string_ext(obj, options.pretty ?
					    JSON_C_TO_STRING_PRETTY :
					    JSON_C_TO_STRING_PLAIN));
	json_object_put(obj);
}

static void print_text(struct nlattr **tb, uint8_t event)
{
	printf("%s: %s", nla_get_string(tb[IPPP_A_IFNAME]),
	       name_of(event_names, ARRAY_SIZE(event_names), event));
	if (event == IPPP_EVENT_HANGUP && tb[IPPP_A_HANGUP_REASON])
		printf(" reason %s",
		       name_of(reason_names, ARRAY_SIZE(reason_names),
			       nla_get_u8(tb[IPPP_A_HANGUP_REASON])));
	if (event == IPPP_EVENT_FILTER && tb[IPPP_A_FILTER_MASK]) {
		uint32_t mask = nla_get_u32(tb[IPPP_A_FILTER_MASK]);

		if (mask & IPPP_FILTER_PASS)
			fputs(" pass", stdout);
		if (mask & IPPP_FILTER_ACTIVE)
			fputs(" active", stdout);
	}
	putchar('\n');
}

static int on_event(struct nl_msg *msg, void *arg)
{
	const enum monitor_scope *scope = arg;
	struct nlattr *tb[IPPP_A_MAX + 1];
	uint8_t event;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, IPPP_A_MAX, event_policy) < 0 ||
	    !tb[IPPP_A_EVENT] || !tb[IPPP_A_IFNAME] || !tb[IPPP_A_IFINDEX] ||
	    !tb[IPPP_A_UNIT])
		return NL_SKIP;

	event = nla_get_u8(tb[IPPP_A_EVENT]);
	if ((*scope == SCOPE_FILTER && event != IPPP_EVENT_FILTER) ||
	    (*scope == SCOPE_LINK && event == IPPP_EVENT_FILTER))
		return NL_OK;

	if (options.json)
		print_json(tb, event);
	else
		print_text(tb, event);
	fflush(stdout);
	return NL_OK;
}

static int parse_scope(struct args *args, enum monitor_scope *scope)
{
	static const char *const scopes[] = { "filter", "link" };
	const char *word = args_next(args);
	unsigned int index;

	*scope = SCOPE_ALL;
	if (!word)
		return 0;
	if (!strcmp(word, "help"))
		return ARGS_HELP;
	for (index = 0; index < ARRAY_SIZE(scopes); index++) {
		if (!strcmp(word, scopes[index]))
			break;
	}
	if (index == ARRAY_SIZE(scopes))
		return args_unknown(args);
	*scope = index == 0 ? SCOPE_FILTER : SCOPE_LINK;
	word = args_next(args);
	if (word && !strcmp(word, "help"))
		return ARGS_HELP;
	if (word)
		return args_unknown(args);
	return 0;
}

static int subscribe(struct ippp_nl *nl, enum monitor_scope *scope)
{
	int group, err;

	group = genl_ctrl_resolve_grp(nl->sock, IPPP_GENL_NAME,
				      IPPP_MCGRP_MONITOR);
	if (group < 0) {
		fprintf(stderr, "Error: cannot find the \"%s\" multicast group: %s\n",
			IPPP_MCGRP_MONITOR, nl_geterror(group));
		return -ENOENT;
	}

	err = nl_socket_add_membership(nl->sock, group);
	if (err < 0) {
		fprintf(stderr,
			"Error: cannot join the \"%s\" group: %s (needs CAP_NET_ADMIN)\n",
			IPPP_MCGRP_MONITOR, nl_geterror(err));
		return -EPERM;
	}

	nl_socket_disable_seq_check(nl->sock);
	nl_socket_modify_cb(nl->sock, NL_CB_VALID, NL_CB_CUSTOM, on_event,
			    scope);
	return 0;
}

int monitor_main(int argc, char **argv)
{
	struct args args = { .argc = argc, .argv = argv, .next = 1 };
	enum monitor_scope scope;
	struct ippp_nl nl;
	int err;

	err = parse_scope(&args, &scope);
	if (err)
		return args_status(err, monitor_usage);

	if (ippp_nl_open(&nl))
		return EXIT_SYSTEM;

	err = subscribe(&nl, &scope);
	while (!err) {
		err = nl_recvmsgs_default(nl.sock);
		/* A burst can overrun the socket; say so and keep going. */
		if (err == -NLE_NOMEM || err == -NLE_DUMP_INTR) {
			fputs("Warning: events were lost\n", stderr);
			err = 0;
		}
	}
	if (err < 0 && err != -ENOENT && err != -EPERM)
		fprintf(stderr, "Error: cannot receive events: %s\n",
			nl_geterror(err));
	ippp_nl_close(&nl);
	return EXIT_SYSTEM;
}
