// SPDX-License-Identifier: GPL-2.0
/*
 * Load a new pass or active program from an expression or a file, and warn
 * about programs that would drop, or never count, every packet.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bpf.h"
#include "filter.h"
#include "ipppctl.h"

/* What a filter that accepts nothing does to the unit, by filter kind. */
static const char *const consequences[FILTER_KIND_COUNT] = {
	[FILTER_PASS] = "the unit drops every packet",
	[FILTER_ACTIVE] = "no packet counts as activity",
};

/*
 * A pass expression that rejects every packet is an error because it cuts
 * the link off. An active one only keeps the line from dialing and staying
 * up, which can be meant, so it gets a warning.
 */
static int compile_source(enum filter_kind kind, const char *expr,
			  struct bpf_program *program)
{
	int err;

	err = compile_expression(filter_kinds[kind].name, expr, program);
	if (err != BPF_REJECTS_ALL)
		return err;

	if (kind == FILTER_PASS) {
		fprintf(stderr, "Error: expression rejects all packets: \"%s\"\n",
			expr);
		pcap_freecode(program);
		return -EINVAL;
	}
	fprintf(stderr,
		"Warning: %s expression rejects all packets, so %s: \"%s\"\n",
		filter_kinds[kind].name, consequences[kind], expr);
	return BPF_REJECTS_ALL;
}

/*
 * Keywords that libpcap 1.10.3 compiles for DLT_PPP_PPPD into tests of the
 * PPP protocol field for protocols other than IPv4 and IPv6. libpcap
 * rejects the rest of the link-level keywords (ether host, vlan, mpls,
 * llc and more) for this link type itself.
 */
static const char *const foreign_keywords[] = {
	"aarp", "arp", "atalk", "clnp", "csnp", "decnet", "es-is", "esis",
	"iih", "is-is", "isis", "iso", "ipx", "l1", "l2", "lat", "lsp",
	"mopdl", "moprc", "netbeui", "pppoed", "pppoes", "psnp", "rarp",
	"sca", "snp", "stp",
};

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

static bool is_foreign_keyword(const char *word, size_t length)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(foreign_keywords); i++) {
		if (strlen(foreign_keywords[i]) == length &&
		    !strncmp(word, foreign_keywords[i], length))
			return true;
	}
	return false;
}

/*
 * Find a keyword of foreign_keywords in EXPR, as a whole word, which
 * libpcap's scanner always reads as the keyword, or after a backslash,
 * as in "ether proto \arp". Returns its length, and its start in *WORD,
 * or 0 when there is none.
 */
static size_t find_foreign_keyword(const char *expr, const char **word)
{
	const char *c = expr;
	size_t length;

	while (*c) {
		if (!is_word_char(*c)) {
			c++;
			continue;
		}
		length = 0;
		while (is_word_char(c[length]))
			length++;
		if (is_foreign_keyword(c, length)) {
			*word = c;
			return length;
		}
		c += length;
	}
	return 0;
}

static void warn_foreign_keyword(enum filter_kind kind, const char *expr)
{
	const char *word;
	size_t length = find_foreign_keyword(expr, &word);

	if (length)
		fprintf(stderr,
			"Warning: %s expression \"%s\" tests for %.*s, which a unit never carries: it filters only IPv4 and IPv6 packets\n",
			filter_kinds[kind].name, expr, (int)length, word);
}

static void warn_no_ip_match(enum filter_kind kind,
			     const struct filter_source *source)
{
	const char *name = filter_kinds[kind].name;

	if (source->expr)
		fprintf(stderr,
			"Warning: %s expression \"%s\" matches no IPv4 or IPv6 packet, the only packets a unit filters, so %s\n",
			name, source->expr, consequences[kind]);
	else
		fprintf(stderr,
			"Warning: %s program in \"%s\" accepts no IPv4 or IPv6 packet, the only packets a unit filters, so %s\n",
			name, source->file, consequences[kind]);
}

/*
 * Load the KIND program from SOURCE into PROGRAM, which the caller frees
 * with pcap_freecode(). Returns 0 or a negative errno after printing why.
 */
int load_filter(enum filter_kind kind, const struct filter_source *source,
		struct bpf_program *program)
{
	int err;

	if (source->expr)
		err = compile_source(kind, source->expr, program);
	else
		err = read_program_file(source->file, program);
	if (err < 0)
		return err;

	if (err == BPF_REJECTS_ALL)
		return 0;
	if (!program_matches_ip(program->bf_insns, program->bf_len))
		warn_no_ip_match(kind, source);
	else if (source->expr)
		warn_foreign_keyword(kind, source->expr);
	return 0;
}

/* The exit status for an error of load_filter(). */
int load_status(int err)
{
	switch (err) {
	case -EINVAL:
	case -E2BIG:
		return EXIT_USAGE;
	default:
		return EXIT_SYSTEM;
	}
}
