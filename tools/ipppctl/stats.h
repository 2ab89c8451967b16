/* SPDX-License-Identifier: GPL-2.0 */
/* Filter and line counters nested in IPPP_A_STATS. */
#ifndef IPPPCTL_STATS_H
#define IPPPCTL_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/attr.h>

#define COUNTER_COUNT	4

#define LINE_COUNTER_COUNT	7

struct ippp_counters {
	bool present;
	uint64_t rx[COUNTER_COUNT];
	uint64_t tx[COUNTER_COUNT];
	uint64_t line[LINE_COUNTER_COUNT];	/* dials, rejects, hang-ups */
};

int counters_parse(struct ippp_counters *counters, struct nlattr *nest);
void counters_print(const struct ippp_counters *counters);
void line_counters_print(const struct ippp_counters *counters);

#endif /* IPPPCTL_STATS_H */
