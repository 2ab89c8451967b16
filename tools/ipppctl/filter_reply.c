// SPDX-License-Identifier: GPL-2.0
/*
 * A unit's filters as IPPP_CMD_FILTER_GET returns them: parsing, printing
 * for "filter show", and fetching the programs for "filter test dev".
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/ippp.h>

#include "bpf.h"
#include "filter.h"
#include "ipppctl.h"
#include "nl.h"
#include "output.h"

static const struct nla_policy filter_policy[IPPP_FILTER_A_MAX + 1] = {
	[IPPP_FILTER_A_INSNS]	= { .type = NLA_UNSPEC,
				    .minlen = sizeof(struct sock_filter) },
	[IPPP_FILTER_A_EXPR]	= { .type = NLA_STRING },
	[IPPP_FILTER_A_LEN]	= { .type = NLA_U32 },
	[IPPP_FILTER_A_ORIGIN]	= { .type = NLA_U8 },
	[IPPP_FILTER_A_SET_TIME] = { .type = NLA_U64 },
};

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

int filter_parse_reply(struct nlattr **attrs, struct filter_reply *reply)
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

/* Print one unit of a FILTER_GET reply. ARG is the uint32_t filter mask. */
int filter_print_reply(struct nlattr **attrs, void *arg)
{
	const uint32_t *mask = arg;
	struct filter_reply reply;
	int kind, err;

	err = filter_parse_reply(attrs, &reply);
	if (err)
		return err;

	output_open_object(NULL);
	output_string("ifname", "%s:", reply.ifname);
	output_uint("ifindex", NULL, reply.ifindex);
	output_uint("unit", " unit %" PRIu64 "\n", reply.unit);
	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (*mask & filter_kinds[kind].mask)
			print_filter(filter_kinds[kind].name,
				     &reply.filters[kind]);
	}
	if (options.stats)
		counters_print(&reply.counters);
	output_close_object();
	return 0;
}

/* Copy the programs of a reply. ARG is an array of FILTER_KIND_COUNT. */
static int copy_programs(struct nlattr **attrs, void *arg)
{
	struct bpf_program *programs = arg;
	struct filter_reply reply;
	int kind, err;

	err = filter_parse_reply(attrs, &reply);
	if (err)
		return err;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		const struct filter_state *state = &reply.filters[kind];
		struct bpf_program *program = &programs[kind];
		size_t size = state->insn_count * sizeof(struct sock_filter);

		if (!state->present || program->bf_insns)
			continue;
		program->bf_insns = malloc(size);
		if (!program->bf_insns) {
			fputs("Error: out of memory\n", stderr);
			return -ENOMEM;
		}
		memcpy(program->bf_insns, state->insns, size);
		program->bf_len = state->insn_count;
	}
	return 0;
}

/*
 * Fetch the programs of unit IFNAME into PROGRAMS, indexed by enum
 * filter_kind, leaving a filter the unit has not set empty. Returns 0 or
 * a negative errno after printing why.
 */
int filter_fetch(const char *ifname, struct bpf_program *programs)
{
	struct ippp_nl nl;
	struct nl_msg *msg;
	int err;

	err = ippp_nl_open(&nl);
	if (err)
		return err;

	msg = ippp_nl_new_request(&nl, IPPP_CMD_FILTER_GET, 0,
				  nla_total_size(IFNAMSIZ));
	if (!msg) {
		err = -ENOMEM;
	} else if (nla_put_string(msg, IPPP_A_IFNAME, ifname) < 0) {
		err = ippp_nl_put_failed(msg);
	} else {
		err = ippp_nl_exchange(&nl, msg, copy_programs, programs);
	}
	ippp_nl_close(&nl);
	return err;
}
