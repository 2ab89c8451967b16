// SPDX-License-Identifier: GPL-2.0
/*
 * Static checks of classic BPF programs.
 *
 * check_program() applies the rules of the kernel's classic BPF checker
 * (bpf_check_classic() and check_load_and_stores() in net/core/filter.c
 * of Linux 6.12), so a program read from a file is rejected here, with its
 * line, rather than by the kernel. Ancillary loads (offsets from
 * SKF_AD_OFF) are left to the kernel to judge.
 *
 * program_matches_ip() decides whether a program can accept any IPv4 or
 * IPv6 packet, the only packets a unit runs its filters on.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "ipppctl.h"

#define MEM_ALL		((1u << BPF_MEMWORDS) - 1)

/* Record what is wrong with instruction INDEX. Returns false. */
__attribute__((format(printf, 3, 4)))
static bool problem_at(struct bpf_problem *problem, unsigned int index,
		       const char *format, ...)
{
	va_list ap;

	problem->index = index;
	va_start(ap, format);
	vsnprintf(problem->reason, sizeof(problem->reason), format, ap);
	va_end(ap);
	return false;
}

/* The opcodes the kernel accepts in a classic program. */
static bool is_known_opcode(uint16_t code)
{
	static const uint16_t codes[] = {
		BPF_ALU | BPF_ADD | BPF_K, BPF_ALU | BPF_ADD | BPF_X,
		BPF_ALU | BPF_SUB | BPF_K, BPF_ALU | BPF_SUB | BPF_X,
		BPF_ALU | BPF_MUL | BPF_K, BPF_ALU | BPF_MUL | BPF_X,
		BPF_ALU | BPF_DIV | BPF_K, BPF_ALU | BPF_DIV | BPF_X,
		BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_MOD | BPF_X,
		BPF_ALU | BPF_AND | BPF_K, BPF_ALU | BPF_AND | BPF_X,
		BPF_ALU | BPF_OR | BPF_K, BPF_ALU | BPF_OR | BPF_X,
		BPF_ALU | BPF_XOR | BPF_K, BPF_ALU | BPF_XOR | BPF_X,
		BPF_ALU | BPF_LSH | BPF_K, BPF_ALU | BPF_LSH | BPF_X,
		BPF_ALU | BPF_RSH | BPF_K, BPF_ALU | BPF_RSH | BPF_X,
		BPF_ALU | BPF_NEG,
		BPF_LD | BPF_W | BPF_ABS, BPF_LD | BPF_H | BPF_ABS,
		BPF_LD | BPF_B | BPF_ABS, BPF_LD | BPF_W | BPF_LEN,
		BPF_LD | BPF_W | BPF_IND, BPF_LD | BPF_H | BPF_IND,
		BPF_LD | BPF_B | BPF_IND, BPF_LD | BPF_IMM, BPF_LD | BPF_MEM,
		BPF_LDX | BPF_W | BPF_LEN, BPF_LDX | BPF_B | BPF_MSH,
		BPF_LDX | BPF_IMM, BPF_LDX | BPF_MEM,
		BPF_ST, BPF_STX,
		BPF_MISC | BPF_TAX, BPF_MISC | BPF_TXA,
		BPF_RET | BPF_K, BPF_RET | BPF_A,
		BPF_JMP | BPF_JA,
		BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JEQ | BPF_X,
		BPF_JMP | BPF_JGE | BPF_K, BPF_JMP | BPF_JGE | BPF_X,
		BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JGT | BPF_X,
		BPF_JMP | BPF_JSET | BPF_K, BPF_JMP | BPF_JSET | BPF_X,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		if (codes[i] == code)
			return true;
	}
	return false;
}

static bool uses_mem(uint16_t code)
{
	return code == BPF_ST || code == BPF_STX ||
	       code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM);
}

static bool is_conditional_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* Check the fields of instruction INDEX of a program of COUNT. */
static bool check_insn(const struct bpf_insn *insn, unsigned int index,
		       unsigned int count, struct bpf_problem *problem)
{
	unsigned int remaining = count - index - 1;
	uint16_t code = insn->code;

	if (!is_known_opcode(code))
		return problem_at(problem, index, "unknown opcode %u", code);

	if ((code == (BPF_ALU | BPF_DIV | BPF_K) ||
	     code == (BPF_ALU | BPF_MOD | BPF_K)) && insn->k == 0)
		return problem_at(problem, index, "division by zero");
	if ((code == (BPF_ALU | BPF_LSH | BPF_K) ||
	     code == (BPF_ALU | BPF_RSH | BPF_K)) && insn->k >= 32)
		return problem_at(problem, index,
				  "shift by %u, more than 31", insn->k);
	if (uses_mem(code) && insn->k >= BPF_MEMWORDS)
		return problem_at(problem, index,
				  "scratch memory index %u is not from 0 to 15",
				  insn->k);
	if (code == (BPF_JMP | BPF_JA) && insn->k >= remaining)
		return problem_at(problem, index,
				  "jump by %u goes past the end of the program",
				  insn->k);
	if (is_conditional_jump(code) && (insn->jt >= remaining ||
					  insn->jf >= remaining))
		return problem_at(problem, index,
				  "jump by %u goes past the end of the program",
				  insn->jt >= remaining ? insn->jt : insn->jf);
	return true;
}

/*
 * Check that every path stores to a scratch memory word before it loads
 * from it. VALID[i] is the set of words stored on every path to i.
 */
static bool check_mem_loads(const struct bpf_insn *insns, unsigned int count,
			    uint16_t *valid, struct bpf_problem *problem)
{
	uint16_t current = 0;
	unsigned int i;

	for (i = 0; i < count; i++)
		valid[i] = MEM_ALL;

	for (i = 0; i < count; i++) {
		const struct bpf_insn *insn = &insns[i];

		current &= valid[i];
		if (insn->code == BPF_ST || insn->code == BPF_STX) {
			current |= 1u << insn->k;
		} else if ((insn->code == (BPF_LD | BPF_MEM) ||
			    insn->code == (BPF_LDX | BPF_MEM)) &&
			   !(current & (1u << insn->k))) {
			return problem_at(problem, i,
					  "loads scratch memory word %u before a store to it",
					  insn->k);
		} else if (insn->code == (BPF_JMP | BPF_JA)) {
			valid[i + 1 + insn->k] &= current;
			current = MEM_ALL;
		} else if (is_conditional_jump(insn->code)) {
			valid[i + 1 + insn->jt] &= current;
			valid[i + 1 + insn->jf] &= current;
			current = MEM_ALL;
		}
	}
	return true;
}

/*
 * Check a program against the kernel's rules. Returns true if it passes,
 * else false with PROBLEM saying which instruction breaks which rule.
 */
bool check_program(const struct bpf_insn *insns, unsigned int count,
		   struct bpf_problem *problem)
{
	uint16_t *valid;
	unsigned int i;
	bool ok;

	for (i = 0; i < count; i++) {
		if (!check_insn(&insns[i], i, count, problem))
			return false;
	}
	if (BPF_CLASS(insns[count - 1].code) != BPF_RET)
		return problem_at(problem, count - 1,
				  "the last instruction is not a return");

	valid = calloc(count, sizeof(*valid));
	if (!valid)
		return problem_at(problem, 0, "out of memory");
	ok = check_mem_loads(insns, count, valid, problem);
	free(valid);
	return ok;
}
