// SPDX-License-Identifier: GPL-2.0
/*
 * Filter counters. One table drives parsing, text and JSON: text prints
 * "    rx passed N dropped N active N inactive N", JSON prints
 * "stats": {"rx": {"passed": N, ...}, "tx": {...}}.
 */
#include <inttypes.h>
#include <linux/ippp.h>

#include "nl.h"
#include "output.h"
#include "stats.h"

static const struct counter_field {
	const char *key;
	const char *text_format;
	int rx_attr;
	int tx_attr;
} counter_fields[COUNTER_COUNT] = {
	{ "passed", " passed %" PRIu64,
	  IPPP_STATS_A_RX_PASSED, IPPP_STATS_A_TX_PASSED },
	{ "dropped", " dropped %" PRIu64,
	  IPPP_STATS_A_RX_DROPPED, IPPP_STATS_A_TX_DROPPED },
	{ "active", " active %" PRIu64,
	  IPPP_STATS_A_RX_ACTIVE, IPPP_STATS_A_TX_ACTIVE },
	{ "inactive", " inactive %" PRIu64,
	  IPPP_STATS_A_RX_INACTIVE, IPPP_STATS_A_TX_INACTIVE },
};

/*
 * Line counters, for "unit show -s". Text: "    line dials N rejects N
 * queue-drops N" and "    hangups idle N manual N peer N admin N".
 */
static const struct line_counter_field {
	const char *key;
	const char *text_format;
	int attr;
} line_counter_fields[LINE_COUNTER_COUNT] = {
	{ "dials", "    line dials %" PRIu64, IPPP_STATS_A_DIALS },
	{ "dial_rejects", " rejects %" PRIu64, IPPP_STATS_A_DIAL_REJECTS },
	{ "queue_drops", " queue-drops %" PRIu64 "\n",
	  IPPP_STATS_A_QUEUE_DROPS },
	{ "hangup_idle", "    hangups idle %" PRIu64, IPPP_STATS_A_HANGUP_IDLE },
	{ "hangup_manual", " manual %" PRIu64, IPPP_STATS_A_HANGUP_MANUAL },
	{ "hangup_peer", " peer %" PRIu64, IPPP_STATS_A_HANGUP_PEER },
	{ "hangup_admin", " admin %" PRIu64 "\n", IPPP_STATS_A_HANGUP_ADMIN },
};

static const struct nla_policy stats_policy[IPPP_STATS_A_MAX + 1] = {
	[IPPP_STATS_A_RX_PASSED]	= { .type = NLA_U64 },
	[IPPP_STATS_A_RX_DROPPED]	= { .type = NLA_U64 },
	[IPPP_STATS_A_RX_ACTIVE]	= { .type = NLA_U64 },
	[IPPP_STATS_A_RX_INACTIVE]	= { .type = NLA_U64 },
	[IPPP_STATS_A_TX_PASSED]	= { .type = NLA_U64 },
	[IPPP_STATS_A_TX_DROPPED]	= { .type = NLA_U64 },
	[IPPP_STATS_A_TX_ACTIVE]	= { .type = NLA_U64 },
	[IPPP_STATS_A_TX_INACTIVE]	= { .type = NLA_U64 },
	[IPPP_STATS_A_DIALS]		= { .type = NLA_U64 },
	[IPPP_STATS_A_DIAL_REJECTS]	= { .type = NLA_U64 },
	[IPPP_STATS_A_QUEUE_DROPS]	= { .type = NLA_U64 },
	[IPPP_STATS_A_HANGUP_IDLE]	= { .type = NLA_U64 },
	[IPPP_STATS_A_HANGUP_MANUAL]	= { .type = NLA_U64 },
	[IPPP_STATS_A_HANGUP_PEER]	= { .type = NLA_U64 },
	[IPPP_STATS_A_HANGUP_ADMIN]	= { .type = NLA_U64 },
};

static uint64_t get_counter(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

/* Read IPPP_A_STATS. A missing NEST marks COUNTERS as not present. */
int counters_parse(struct ippp_counters *counters, struct nlattr *nest)
{
	struct nlattr *tb[IPPP_STATS_A_MAX + 1];
	unsigned int i;
	int err;

	counters->present = false;
	if (!nest)
		return 0;

	err = nla_parse_nested(tb, IPPP_STATS_A_MAX, nest, stats_policy);
	if (err < 0)
		return ippp_nl_malformed("invalid IPPP_A_STATS");

	for (i = 0; i < COUNTER_COUNT; i++) {
		counters->rx[i] = get_counter(tb, counter_fields[i].rx_attr);
		counters->tx[i] = get_counter(tb, counter_fields[i].tx_attr);
	}
	for (i = 0; i < LINE_COUNTER_COUNT; i++)
		counters->line[i] = get_counter(tb, line_counter_fields[i].attr);
	counters->present = true;
	return 0;
}

static void print_direction(const char *name, const uint64_t *values)
{
	unsigned int i;

	output_text("    %s", name);
	output_open_object(name);
	for (i = 0; i < COUNTER_COUNT; i++)
		output_uint(counter_fields[i].key, counter_fields[i].text_format,
			    values[i]);
	output_close_object();
	output_text("\n");
}

void counters_print(const struct ippp_counters *counters)
{
	if (!counters->present)
		return;

	output_open_object("stats");
	print_direction("rx", counters->rx);
	print_direction("tx", counters->tx);
	output_close_object();
}

/* Print the line counters inside the current object, as "line_stats". */
void line_counters_print(const struct ippp_counters *counters)
{
	unsigned int i;

	if (!counters->present)
		return;

	output_open_object("line_stats");
	for (i = 0; i < LINE_COUNTER_COUNT; i++)
		output_uint(line_counter_fields[i].key,
			    line_counter_fields[i].text_format,
			    counters->line[i]);
	output_close_object();
}
