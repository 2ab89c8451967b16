/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classic BPF programs: compile tcpdump expressions with libpcap for the
 * pseudo-header the kernel builds, read "tcpdump -ddd" files, check
 * programs against the kernel's rules and disassemble them.
 */
#ifndef IPPPCTL_BPF_H
#define IPPPCTL_BPF_H

#include <stdbool.h>
#include <linux/filter.h>
#include <pcap/pcap.h>

/* Returned by compile_expression() for an expression that matches nothing. */
#define BPF_REJECTS_ALL		1

/* Length of the pseudo-header in front of every packet a filter sees. */
#define BPF_PSEUDO_HDR_LEN	4
/* Its byte 0: the direction of the packet. */
#define BPF_DIR_IN		0
#define BPF_DIR_OUT		1

/* PPP protocol numbers (RFC 1661 and the IANA PPP DLL protocol numbers). */
#define PPP_PROTO_IP		0x0021
#define PPP_PROTO_IPV6		0x0057

/* Snapshot length of the compiled programs; "ret" returns it on accept. */
#define BPF_SNAPLEN		65535

int compile_expression(const char *name, const char *expr,
		       struct bpf_program *program);
int read_program_file(const char *path, struct bpf_program *program);
const char *disassemble_insn(const struct sock_filter *insn,
			     unsigned int index);

/* A program that breaks a rule of the kernel's classic BPF checker. */
struct bpf_problem {
	unsigned int index;		/* the instruction at fault */
	char reason[96];
};

bool check_program(const struct bpf_insn *insns, unsigned int count,
		   struct bpf_problem *problem);
bool program_matches_ip(const struct bpf_insn *insns, unsigned int count);

#endif /* IPPPCTL_BPF_H */
