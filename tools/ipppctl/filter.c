// SPDX-License-Identifier: GPL-2.0
/*
 * ipppctl filter: set, show and clear the pass and active filters.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/ippp.h>

#include "args.h"
#include "bpf.h"
#include "ipppctl.h"
#include "nl.h"
#include "output.h"
#include "stats.h"

enum filter_kind {
	FILTER_PASS,
	FILTER_ACTIVE,
	FILTER_KIND_COUNT,
};

static const struct filter_kind_info {
	const char *name;
	uint32_t mask;
	int attr;
} filter_kinds[FILTER_KIND_COUNT] = {
	[FILTER_PASS]	= { "pass", IPPP_FILTER_PASS, IPPP_A_PASS },
	[FILTER_ACTIVE]	= { "active", IPPP_FILTER_ACTIVE, IPPP_A_ACTIVE },
};

/* The arguments of one filter command. */
struct filter_request {
	const char *ifname;		/* NULL for every unit (show only) */
	const char *exprs[FILTER_KIND_COUNT];	/* set only */
	uint32_t mask;			/* IPPP_FILTER_* named by the user */
};

/* One filter as read back from the kernel, pointing into the reply. */
struct filter_state {
	bool present;
	const char *expr;		/* NULL when set without one */
	uint8_t origin;
	uint32_t len;
	uint64_t set_time;
	const struct sock_filter *insns;
	unsigned int insn_count;
};

struct filter_reply {
	const char *ifname;
	uint32_t ifindex;
	uint32_t unit;
	struct filter_state filters[FILTER_KIND_COUNT];
	struct ippp_counters counters;
};

static const struct nla_policy filter_policy[IPPP_FILTER_A_MAX + 1] = {
	[IPPP_FILTER_A_INSNS]	= { .type = NLA_UNSPEC,
				    .minlen = sizeof(struct sock_filter) },
	[IPPP_FILTER_A_EXPR]	= { .type = NLA_STRING },
	[IPPP_FILTER_A_LEN]	= { .type = NLA_U32 },
	[IPPP_FILTER_A_ORIGIN]	= { .type = NLA_U8 },
	[IPPP_FILTER_A_SET_TIME] = { .type = NLA_U64 },
};

static void filter_usage(FILE *stream)
{
	fputs("Usage: ipppctl filter set dev NAME { pass | active } EXPR [ { pass | active } EXPR ]\n"
	      "       ipppctl filter show [ dev NAME ] [ pass | active ]\n"
	      "       ipppctl filter clear dev NAME [ pass | active ]\n"
	      "       ipppctl filter help\n"
	      "where  EXPR is a tcpdump filter expression, given as one argument\n"
	      "\n"
	      "The pass filter drops every packet it returns 0 for, in both directions.\n"
	      "A packet the active filter accepts keeps the line up and may dial it.\n"
	      "Both see a 4-byte header (direction, 0, PPP protocol) before the packet,\n"
	      "libpcap's DLT_PPP_PPPD link type, so \"inbound\" and \"outbound\" work.\n"
	      "Setting both filters in one command replaces them together or not at all.\n"
	      "\"show\" lists every unit unless \"dev\" names one; -s adds the counters\n"
	      "and -d the programs, disassembled as \"tcpdump -d\" prints them.\n",
	      stream);
}

static int find_kind(const char *word)
{
	int kind;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (!strcmp(word, filter_kinds[kind].name))
			return kind;
	}
	return -1;
}

static int parse_set(struct args *args, struct filter_request *request)
{
	const char *word;
	int kind, err;

	while ((word = args_next(args))) {
		kind = find_kind(word);
		if (!strcmp(word, "dev")) {
			if (request->ifname)
				return args_duplicate(args);
			err = args_ifname(args, &request->ifname);
		} else if (kind >= 0) {
			if (request->mask & filter_kinds[kind].mask)
				return args_duplicate(args);
			request->mask |= filter_kinds[kind].mask;
			err = args_value(args, "EXPR", &request->exprs[kind]);
		} else if (!strcmp(word, "help")) {
			return ARGS_HELP;
		} else {
			return args_unknown(args);
		}
		if (err)
			return err;
	}

	if (!request->ifname)
		return args_missing(args, "\"dev NAME\"");
	if (!request->mask)
		return args_missing(args, "\"pass EXPR\" or \"active EXPR\"");
	return 0;
}

/* Parse "[ dev NAME ] [ pass | active ]" of show and clear. */
static int parse_target(struct args *args, struct filter_request *request,
			bool dev_required)
{
	const char *word;
	int kind, err;

	while ((word = args_next(args))) {
		kind = find_kind(word);
		if (!strcmp(word, "dev")) {
			if (request->ifname)
				return args_duplicate(args);
			err = args_ifname(args, &request->ifname);
			if (err)
				return err;
		} else if (kind >= 0) {
			if (request->mask & filter_kinds[kind].mask)
				return args_duplicate(args);
			request->mask |= filter_kinds[kind].mask;
		} else if (!strcmp(word, "help")) {
			return ARGS_HELP;
		} else {
			return args_unknown(args);
		}
	}

	if (dev_required && !request->ifname)
		return args_missing(args, "\"dev NAME\"");
	return 0;
}

static int compile_filters(const struct filter_request *request,
			   struct bpf_program *programs)
{
	int kind, err;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		const char *expr = request->exprs[kind];

		if (!expr)
			continue;
		err = compile_expression(filter_kinds[kind].name, expr,
					 &programs[kind]);
		if (err)
			return err;
	}
	return 0;
}

static size_t set_request_size(const struct filter_request *request,
			       const struct bpf_program *programs)
{
	size_t size = nla_total_size(IFNAMSIZ);
	int kind;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		const char *expr = request->exprs[kind];

		if (!expr)
			continue;
		size += nla_total_size(0);
		size += nla_total_size(programs[kind].bf_len *
				       sizeof(struct sock_filter));
		size += nla_total_size(strlen(expr) + 1);
	}
	return size;
}

static int put_filter(struct nl_msg *msg, enum filter_kind kind,
		      const char *expr, const struct bpf_program *program)
{
	struct nlattr *nest;

	/* The kernel's strict policy requires NLA_F_NESTED on nests. */
	nest = nla_nest_start(msg, filter_kinds[kind].attr | NLA_F_NESTED);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put(msg, IPPP_FILTER_A_INSNS,
		    program->bf_len * sizeof(struct sock_filter),
		    program->bf_insns) < 0 ||
	    nla_put_string(msg, IPPP_FILTER_A_EXPR, expr) < 0)
		return -EMSGSIZE;

	nla_nest_end(msg, nest);
	return 0;
}

static struct nl_msg *build_set_request(struct ippp_nl *nl,
					const struct filter_request *request,
					const struct bpf_program *programs)
{
	struct nl_msg *msg;
	int kind;

	msg = ippp_nl_new_request(nl, IPPP_CMD_FILTER_SET, 0,
				  set_request_size(request, programs));
	if (!msg)
		return NULL;

	if (nla_put_string(msg, IPPP_A_IFNAME, request->ifname) < 0)
		goto err_put;
	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (request->exprs[kind] &&
		    put_filter(msg, kind, request->exprs[kind], &programs[kind]))
			goto err_put;
	}
	return msg;

err_put:
	ippp_nl_put_failed(msg);
	return NULL;
}

/* Build a request for one unit, or a dump of all when none is named. */
static struct nl_msg *build_target_request(struct ippp_nl *nl, uint8_t cmd,
					   const struct filter_request *request)
{
	int flags = request->ifname ? 0 : NLM_F_DUMP;
	struct nl_msg *msg;

	msg = ippp_nl_new_request(nl, cmd, flags,
				  nla_total_size(IFNAMSIZ) + nla_total_size(4));
	if (!msg)
		return NULL;

	if (request->ifname &&
	    nla_put_string(msg, IPPP_A_IFNAME, request->ifname) < 0)
		goto err_put;
	if (request->mask && request->mask != IPPP_FILTER_ALL &&
	    nla_put_u32(msg, IPPP_A_FILTER_MASK, request->mask) < 0)
		goto err_put;
	return msg;

err_put:
	ippp_nl_put_failed(msg);
	return NULL;
}

static int check_filter_attrs(struct nlattr **tb)
{
	if (!tb[IPPP_FILTER_A_INSNS])
		return ippp_nl_malformed("IPPP_FILTER_A_INSNS missing");
	if (!tb[IPPP_FILTER_A_ORIGIN])
		return ippp_nl_malformed("IPPP_FILTER_A_ORIGIN missing");
	if (!tb[IPPP_FILTER_A_SET_TIME])
		return ippp_nl_malformed("IPPP_FILTER_A_SET_TIME missing");
	if (nla_len(tb[IPPP_FILTER_A_INSNS]) % sizeof(struct sock_filter))
		return ippp_nl_malformed("IPPP_FILTER_A_INSNS is not an array of struct sock_filter");
	return 0;
}

/* Read one IPPP_A_PASS or IPPP_A_ACTIVE nest. No nest means no filter. */
static int parse_filter(struct nlattr *nest, struct filter_state *state)
{
	struct nlattr *tb[IPPP_FILTER_A_MAX + 1];
	int err;

	memset(state, 0, sizeof(*state));
	if (!nest)
		return 0;

	if (nla_parse_nested(tb, IPPP_FILTER_A_MAX, nest, filter_policy) < 0)
		return ippp_nl_malformed("invalid filter attributes");
	err = check_filter_attrs(tb);
	if (err)
		return err;

	state->present = true;
	state->insns = nla_data(tb[IPPP_FILTER_A_INSNS]);
	state->insn_count = nla_len(tb[IPPP_FILTER_A_INSNS]) /
			    sizeof(struct sock_filter);
	state->len = tb[IPPP_FILTER_A_LEN] ?
		     nla_get_u32(tb[IPPP_FILTER_A_LEN]) : state->insn_count;
	if (tb[IPPP_FILTER_A_EXPR])
		state->expr = nla_get_string(tb[IPPP_FILTER_A_EXPR]);
	state->origin = nla_get_u8(tb[IPPP_FILTER_A_ORIGIN]);
	state->set_time = nla_get_u64(tb[IPPP_FILTER_A_SET_TIME]);
	return 0;
}

static int parse_reply(struct nlattr **attrs, struct filter_reply *reply)
{
	static const int required[] = {
		IPPP_A_IFINDEX, IPPP_A_IFNAME, IPPP_A_UNIT,
	};
	int kind, err;

	err = ippp_nl_require(attrs, required, ARRAY_SIZE(required));
	if (err)
		return err;

	reply->ifname = nla_get_string(attrs[IPPP_A_IFNAME]);
	reply->ifindex = nla_get_u32(attrs[IPPP_A_IFINDEX]);
	reply->unit = nla_get_u32(attrs[IPPP_A_UNIT]);
	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		err = parse_filter(attrs[filter_kinds[kind].attr],
				   &reply->filters[kind]);
		if (err)
			return err;
	}
	return counters_parse(&reply->counters, attrs[IPPP_A_STATS]);
}

static const char *origin_name(uint8_t origin)
{
	switch (origin) {
	case IPPP_ORIGIN_NETLINK:
		return "netlink";
	case IPPP_ORIGIN_IOCTL:
		return "ioctl";
	default:
		return "unknown";
	}
}

/* Text: the "tcpdump -d" lines. JSON: "insns": [[code, jt, jf, k], ...]. */
static void print_insns(const struct filter_state *state)
{
	unsigned int i;

	if (!output_is_json()) {
		for (i = 0; i < state->insn_count; i++)
			output_text("        %s\n",
				    disassemble_insn(&state->insns[i], i));
		return;
	}

	output_open_array("insns");
	for (i = 0; i < state->insn_count; i++) {
		const struct sock_filter *insn = &state->insns[i];

		output_open_array(NULL);
		output_uint(NULL, NULL, insn->code);
		output_uint(NULL, NULL, insn->jt);
		output_uint(NULL, NULL, insn->jf);
		output_uint(NULL, NULL, insn->k);
		output_close_array();
	}
	output_close_array();
}

static void print_filter(const char *name, const struct filter_state *state)
{
	output_text("    %s: ", name);
	if (!state->present) {
		output_null(name, "none\n");
		return;
	}

	output_open_object(name);
	if (state->expr)
		output_string("expr", "\"%s\" ", state->expr);
	output_string("origin", "(%s, ", origin_name(state->origin));
	output_uint("len", state->len == 1 ? "%" PRIu64 " instruction, " :
		    "%" PRIu64 " instructions, ", state->len);
	output_time("set_time", "set %s)\n", state->set_time);
	if (options.details)
		print_insns(state);
	output_close_object();
}

static int print_reply(struct nlattr **attrs, void *arg)
{
	const struct filter_request *request = arg;
	struct filter_reply reply;
	int kind, err;

	err = parse_reply(attrs, &reply);
	if (err)
		return err;

	output_open_object(NULL);
	output_string("ifname", "%s:", reply.ifname);
	output_uint("ifindex", NULL, reply.ifindex);
	output_uint("unit", " unit %" PRIu64 "\n", reply.unit);
	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (request->mask & filter_kinds[kind].mask)
			print_filter(filter_kinds[kind].name,
				     &reply.filters[kind]);
	}
	if (options.stats)
		counters_print(&reply.counters);
	output_close_object();
	return 0;
}

static int send_set_request(const struct filter_request *request,
			    const struct bpf_program *programs)
{
	struct ippp_nl nl;
	struct nl_msg *msg;
	int err;

	err = ippp_nl_open(&nl);
	if (err)
		return err;

	msg = build_set_request(&nl, request, programs);
	err = msg ? ippp_nl_exchange(&nl, msg, NULL, NULL) : -ENOMEM;
	ippp_nl_close(&nl);
	return err;
}

static int filter_set(struct args *args)
{
	struct bpf_program programs[FILTER_KIND_COUNT] = { 0 };
	struct filter_request request = { 0 };
	int kind, err, status;

	err = parse_set(args, &request);
	if (err)
		return args_status(err, filter_usage);

	/* Compile both first, so a bad expression sends nothing. */
	if (compile_filters(&request, programs))
		status = EXIT_USAGE;
	else if (send_set_request(&request, programs))
		status = EXIT_SYSTEM;
	else
		status = EXIT_SUCCESS;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++)
		pcap_freecode(&programs[kind]);
	return status;
}

static int filter_show(struct args *args)
{
	struct filter_request request = { 0 };
	struct ippp_nl nl;
	struct nl_msg *msg;
	int err;

	err = parse_target(args, &request, false);
	if (err)
		return args_status(err, filter_usage);
	if (!request.mask)
		request.mask = IPPP_FILTER_ALL;

	if (ippp_nl_open(&nl))
		return EXIT_SYSTEM;

	output_start(options.json, options.pretty);
	msg = build_target_request(&nl, IPPP_CMD_FILTER_GET, &request);
	err = msg ? ippp_nl_exchange(&nl, msg, print_reply, &request) : -ENOMEM;
	if (output_finish(!err))
		err = -EIO;
	ippp_nl_close(&nl);
	return err ? EXIT_SYSTEM : EXIT_SUCCESS;
}

static int filter_clear(struct args *args)
{
	struct filter_request request = { 0 };
	struct ippp_nl nl;
	struct nl_msg *msg;
	int err;

	err = parse_target(args, &request, true);
	if (err)
		return args_status(err, filter_usage);

	if (ippp_nl_open(&nl))
		return EXIT_SYSTEM;

	msg = build_target_request(&nl, IPPP_CMD_FILTER_CLEAR, &request);
	err = msg ? ippp_nl_exchange(&nl, msg, NULL, NULL) : -ENOMEM;
	ippp_nl_close(&nl);
	return err ? EXIT_SYSTEM : EXIT_SUCCESS;
}

int filter_main(int argc, char **argv)
{
	static const struct command commands[] = {
		{ "set", filter_set },
		{ "show", filter_show },
		{ "clear", filter_clear },
	};
	struct args args = { .argc = argc, .argv = argv, .next = 1 };

	return args_dispatch(&args, commands, ARRAY_SIZE(commands), "show",
			     filter_usage);
}
