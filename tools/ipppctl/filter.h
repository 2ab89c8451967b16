/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pass and active filters as the filter commands share them: their
 * names and attributes, where a new program comes from, and a unit's
 * filters as read back from the kernel.
 */
#ifndef IPPPCTL_FILTER_H
#define IPPPCTL_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/filter.h>
#include <pcap/pcap.h>

#include "args.h"
#include "stats.h"

enum filter_kind {
	FILTER_PASS,
	FILTER_ACTIVE,
	FILTER_KIND_COUNT,
};

struct filter_kind_info {
	const char *name;		/* "pass", also the keyword */
	const char *file_keyword;	/* "pass-file" */
	uint32_t mask;			/* IPPP_FILTER_* */
	int attr;			/* IPPP_A_PASS or IPPP_A_ACTIVE */
};

extern const struct filter_kind_info filter_kinds[FILTER_KIND_COUNT];

/* Where a new program comes from: an expression or a "tcpdump -ddd" file. */
struct filter_source {
	const char *expr;
	const char *file;
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

int filter_find_kind(const char *word);
int filter_parse_source(struct args *args, const char *word,
			struct filter_source *sources, uint32_t *mask);
void filter_usage(FILE *stream);

int load_filter(enum filter_kind kind, const struct filter_source *source,
		struct bpf_program *program);
int load_status(int err);

int filter_parse_reply(struct nlattr **attrs, struct filter_reply *reply);
int filter_print_reply(struct nlattr **attrs, void *arg);
int filter_fetch(const char *ifname, struct bpf_program *programs);

int filter_test(struct args *args);

#endif /* IPPPCTL_FILTER_H */
