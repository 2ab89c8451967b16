// SPDX-License-Identifier: GPL-2.0
/*
 * Classic BPF programs through libpcap.
 *
 * The kernel runs each program over a 4-byte pseudo-header followed by the
 * network packet: direction (0 inbound, 1 outbound), a zero byte and the
 * PPP protocol, big-endian. That is libpcap's DLT_PPP_PPPD layout, so
 * "inbound" and "outbound" work in expressions.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ippp.h>

#include "bpf.h"

/* The kernel's struct sock_filter and libpcap's struct bpf_insn match. */
_Static_assert(sizeof(struct sock_filter) == sizeof(struct bpf_insn),
	       "struct sock_filter and struct bpf_insn differ in size");
_Static_assert(offsetof(struct sock_filter, jt) == offsetof(struct bpf_insn, jt) &&
	       offsetof(struct sock_filter, jf) == offsetof(struct bpf_insn, jf) &&
	       offsetof(struct sock_filter, k) == offsetof(struct bpf_insn, k),
	       "struct sock_filter and struct bpf_insn differ in layout");

/*
 * pcap_compile() of libpcap 1.10.3 fails with this text when its optimizer
 * proves that an expression matches no packet.
 */
#define REJECTS_ALL_ERROR	"expression rejects all packets"

static int check_length(const char *name, const char *expr,
			const struct bpf_program *program)
{
	if (program->bf_len > IPPP_FILTER_MAXINSNS) {
		fprintf(stderr,
			"Error: %s expression \"%s\" compiles to %u instructions, more than the limit of %d\n",
			name, expr, program->bf_len, IPPP_FILTER_MAXINSNS);
		return -E2BIG;
	}
	return 0;
}

/* Replace PROGRAM with the one instruction "ret #0". */
static int make_reject_all(struct bpf_program *program)
{
	struct bpf_insn *insn = calloc(1, sizeof(*insn));

	if (!insn) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}
	insn->code = BPF_RET | BPF_K;
	program->bf_len = 1;
	program->bf_insns = insn;
	return BPF_REJECTS_ALL;
}

static bool is_reject_all(const struct bpf_program *program)
{
	return program->bf_len == 1 &&
	       program->bf_insns[0].code == (BPF_RET | BPF_K) &&
	       program->bf_insns[0].k == 0;
}

/*
 * Tell an expression that the optimizer proved to match nothing from one
 * that it failed to optimize: only the first compiles without the optimizer.
 */
static int recompile_unoptimized(pcap_t *pcap, const char *name,
				 const char *expr, const char *error,
				 struct bpf_program *program)
{
	struct bpf_program unoptimized;

	if (strcmp(error, REJECTS_ALL_ERROR) ||
	    pcap_compile(pcap, &unoptimized, expr, 0, PCAP_NETMASK_UNKNOWN) < 0) {
		fprintf(stderr, "Error: invalid %s expression \"%s\": %s\n",
			name, expr, error);
		return -EINVAL;
	}
	pcap_freecode(&unoptimized);
	return make_reject_all(program);
}

/*
 * Compile EXPR, the NAME ("pass" or "active") filter, with the optimizer
 * on. Returns 0, or BPF_REJECTS_ALL with PROGRAM set to "ret #0" when the
 * expression matches no packet at all. Prints libpcap's error and returns
 * -EINVAL if it does not compile. The caller frees PROGRAM with
 * pcap_freecode().
 */
int compile_expression(const char *name, const char *expr,
		       struct bpf_program *program)
{
	char error[PCAP_ERRBUF_SIZE];
	pcap_t *pcap;
	int err;

	if (strlen(expr) >= IPPP_EXPR_MAX) {
		fprintf(stderr,
			"Error: %s expression is %zu bytes long, more than the limit of %d\n",
			name, strlen(expr), IPPP_EXPR_MAX - 1);
		return -E2BIG;
	}

	pcap = pcap_open_dead(DLT_PPP_PPPD, BPF_SNAPLEN);
	if (!pcap) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}

	if (pcap_compile(pcap, program, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(error, sizeof(error), "%s", pcap_geterr(pcap));
		err = recompile_unoptimized(pcap, name, expr, error, program);
	} else if (is_reject_all(program)) {
		err = BPF_REJECTS_ALL;
	} else {
		err = check_length(name, expr, program);
		if (err)
			pcap_freecode(program);
	}

	pcap_close(pcap);
	return err;
}

/*
 * Format instruction INDEX of a program as "tcpdump -d" does. Returns a
 * static buffer of libpcap's, valid until the next call.
 */
const char *disassemble_insn(const struct sock_filter *insn,
			     unsigned int index)
{
	struct bpf_insn copy = {
		.code = insn->code,
		.jt = insn->jt,
		.jf = insn->jf,
		.k = insn->k,
	};

	return bpf_image(&copy, index);
}
