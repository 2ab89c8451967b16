/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classic BPF programs: compile tcpdump expressions with libpcap for the
 * pseudo-header the kernel builds, and disassemble programs read back.
 */
#ifndef IPPPCTL_BPF_H
#define IPPPCTL_BPF_H

#include <linux/filter.h>
#include <pcap/pcap.h>

int compile_expression(const char *name, const char *expr,
		       struct bpf_program *program);
const char *disassemble_insn(const struct sock_filter *insn,
			     unsigned int index);

#endif /* IPPPCTL_BPF_H */
