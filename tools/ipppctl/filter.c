// SPDX-License-Identifier: GPL-2.0
/*
 * ipppctl filter: set, show, clear and test the pass and active filters.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/ippp.h>

#include "args.h"
#include "bpf.h"
#include "filter.h"
#include "ipppctl.h"
#include "nl.h"
#include "output.h"

const struct filter_kind_info filter_kinds[FILTER_KIND_COUNT] = {
	[FILTER_PASS]	= { "pass", "pass-file", IPPP_FILTER_PASS, IPPP_A_PASS },
	[FILTER_ACTIVE]	= { "active", "active-file", IPPP_FILTER_ACTIVE,
			    IPPP_A_ACTIVE },
};

/* The arguments of one filter command. */
struct filter_request {
	const char *ifname;		/* NULL for every unit (show only) */
	struct filter_source sources[FILTER_KIND_COUNT];	/* set only */
	uint32_t mask;			/* IPPP_FILTER_* named by the user */
};

void filter_usage(FILE *stream)
{
	fputs("Usage: ipppctl filter set dev NAME FILTER [ FILTER ]\n"
	      "       ipppctl filter show [ dev NAME ] [ pass | active ]\n"
	      "       ipppctl filter clear dev NAME [ pass | active ]\n"
	      "       ipppctl filter test { FILTER | dev NAME } [ FILTER ] CAPTURE\n"
	      "                           [ direction { in | out } ]\n"
	      "       ipppctl filter help\n"
	      "where  FILTER := { pass EXPR | active EXPR | pass-file FILE | active-file FILE }\n"
	      "       EXPR is a tcpdump filter expression, given as one argument\n"
	      "       FILE is a program as \"tcpdump -ddd\" prints it (\"-\": standard input)\n"
	      "       CAPTURE is a pcap file of link type PPP, PPP_SERIAL, PPP_PPPD or RAW\n"
	      "\n"
	      "The pass filter drops every packet it returns 0 for, in both directions.\n"
	      "A packet the active filter accepts keeps the line up and may dial it.\n"
	      "Both see a 4-byte header (direction, 0, PPP protocol) before the packet,\n"
	      "libpcap's DLT_PPP_PPPD link type, so \"inbound\" and \"outbound\" work.\n"
	      "Setting both filters in one command replaces them together or not at all.\n"
	      "A program from a file is sent without an expression.\n"
	      "\"show\" lists every unit unless \"dev\" names one; -s adds the counters\n"
	      "and -d the programs, disassembled as \"tcpdump -d\" prints them.\n"
	      "\"test\" runs filters over CAPTURE as a unit would, without sending\n"
	      "anything, and prints each packet's verdict. \"dev\" takes the unit's\n"
	      "filters and FILTER replaces one of them. \"direction\" sets the direction\n"
	      "of every packet; the default is out, or the capture's own for PPP_PPPD.\n",
	      stream);
}

int filter_find_kind(const char *word)
{
	int kind;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (!strcmp(word, filter_kinds[kind].name))
			return kind;
	}
	return -1;
}

static int find_file_kind(const char *word)
{
	int kind;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (!strcmp(word, filter_kinds[kind].file_keyword))
			return kind;
	}
	return -1;
}

/*
 * Parse "pass EXPR", "active EXPR", "pass-file FILE" or "active-file FILE"
 * when WORD, just read, is one of those keywords. Returns 0 when it was,
 * -ENOENT when WORD is another word, or -EINVAL after printing an error.
 */
int filter_parse_source(struct args *args, const char *word,
			struct filter_source *sources, uint32_t *mask)
{
	int kind = filter_find_kind(word);
	bool file = false;

	if (kind < 0) {
		kind = find_file_kind(word);
		file = true;
	}
	if (kind < 0)
		return -ENOENT;

	if (*mask & filter_kinds[kind].mask) {
		if (!sources[kind].file == !file)
			return args_duplicate(args);
		return args_conflict(args, kind == FILTER_PASS ?
					   "the pass filter" :
					   "the active filter");
	}
	*mask |= filter_kinds[kind].mask;
	if (file)
		return args_value(args, "FILE", &sources[kind].file);
	return args_value(args, "EXPR", &sources[kind].expr);
}

static int parse_set(struct args *args, struct filter_request *request)
{
	const char *word;
	int err;

	while ((word = args_next(args))) {
		err = filter_parse_source(args, word, request->sources,
					  &request->mask);
		if (err != -ENOENT) {
			if (err)
				return err;
		} else if (!strcmp(word, "dev")) {
			if (request->ifname)
				return args_duplicate(args);
			err = args_ifname(args, &request->ifname);
			if (err)
				return err;
		} else if (!strcmp(word, "help")) {
			return ARGS_HELP;
		} else {
			return args_unknown(args);
		}
	}

	if (!request->ifname)
		return args_missing(args, "\"dev NAME\"");
	if (!request->mask)
		return args_missing(args,
				    "a filter (pass, active, pass-file or active-file)");
	return 0;
}

/* Parse "[ dev NAME ] [ pass | active ]" of show and clear. */
static int parse_target(struct args *args, struct filter_request *request,
			bool dev_required)
{
	const char *word;
	int kind, err;

	while ((word = args_next(args))) {
		kind = filter_find_kind(word);
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

static int load_filters(const struct filter_request *request,
			struct bpf_program *programs)
{
	int kind, err;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (!(request->mask & filter_kinds[kind].mask))
			continue;
		err = load_filter(kind, &request->sources[kind],
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
		const char *expr = request->sources[kind].expr;

		if (!(request->mask & filter_kinds[kind].mask))
			continue;
		size += nla_total_size(0);
		size += nla_total_size(programs[kind].bf_len *
				       sizeof(struct sock_filter));
		if (expr)
			size += nla_total_size(strlen(expr) + 1);
	}
	return size;
}

/* A program from a file goes without IPPP_FILTER_A_EXPR: EXPR is NULL. */
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
		    program->bf_insns) < 0)
		return -EMSGSIZE;
	if (expr && nla_put_string(msg, IPPP_FILTER_A_EXPR, expr) < 0)
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
		if ((request->mask & filter_kinds[kind].mask) &&
		    put_filter(msg, kind, request->sources[kind].expr,
			       &programs[kind]))
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

	/* Load both first, so a bad expression or file sends nothing. */
	err = load_filters(&request, programs);
	if (err)
		status = load_status(err);
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
	err = msg ? ippp_nl_exchange(&nl, msg, filter_print_reply,
				     &request.mask) : -ENOMEM;
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
		{ "test", filter_test },
	};
	struct args args = { .argc = argc, .argv = argv, .next = 1 };

	return args_dispatch(&args, commands, ARRAY_SIZE(commands), "show",
			     filter_usage);
}
