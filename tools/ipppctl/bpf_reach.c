// SPDX-License-Identifier: GPL-2.0
/*
 * Can a filter accept any packet that a unit runs it on?
 *
 * A unit runs its filters only on IPv4 and IPv6 packets, so the 4-byte
 * pseudo-header in front of each one is one of four: direction 0 or 1, a
 * zero byte, protocol 0x0021 or 0x0057. For each of the four, this file
 * follows the program with the header bytes known and every other packet
 * byte, and the packet length, unknown. A branch on an unknown value takes
 * both ways, and two paths that meet keep only the register and memory
 * values they agree on. Both steps only add paths, so when no return of a
 * non-zero verdict is reached, no real packet can be accepted. The reverse
 * does not hold: the program may still match nothing in practice.
 *
 * The program must have passed check_program(): every jump goes forward
 * and stays inside the program, so one pass in order visits each
 * instruction after all of its predecessors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"

struct value {
	bool known;
	uint32_t number;
};

struct machine {
	bool reached;
	struct value a, x;
	struct value mem[BPF_MEMWORDS];
};

static const struct value unknown;

static struct value known(uint32_t number)
{
	return (struct value){ .known = true, .number = number };
}

static struct value join_value(struct value left, struct value right)
{
	if (left.known && right.known && left.number == right.number)
		return left;
	return unknown;
}

/* Merge state FROM into the state at a jump target. */
static void join(struct machine *target, const struct machine *from)
{
	unsigned int i;

	if (!target->reached) {
		*target = *from;
		return;
	}
	target->a = join_value(target->a, from->a);
	target->x = join_value(target->x, from->x);
	for (i = 0; i < BPF_MEMWORDS; i++)
		target->mem[i] = join_value(target->mem[i], from->mem[i]);
}

/* Load SIZE bytes at OFFSET: known only inside the pseudo-header. */
static struct value load(const uint8_t *header, struct value offset,
			 uint32_t k, unsigned int size)
{
	uint32_t start, number = 0;
	unsigned int i;

	if (!offset.known || offset.number > BPF_PSEUDO_HDR_LEN ||
	    k > BPF_PSEUDO_HDR_LEN)
		return unknown;
	start = offset.number + k;
	if (start + size > BPF_PSEUDO_HDR_LEN)
		return unknown;
	for (i = 0; i < size; i++)
		number = number << 8 | header[start + i];
	return known(number);
}

static unsigned int load_size(uint16_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_W:
		return 4;
	case BPF_H:
		return 2;
	default:
		return 1;
	}
}

static void step_load(struct machine *m, const struct bpf_insn *insn,
		      const uint8_t *header)
{
	switch (BPF_MODE(insn->code)) {
	case BPF_ABS:
		m->a = load(header, known(0), insn->k, load_size(insn->code));
		break;
	case BPF_IND:
		m->a = load(header, m->x, insn->k, load_size(insn->code));
		break;
	case BPF_IMM:
		m->a = known(insn->k);
		break;
	case BPF_MEM:
		m->a = m->mem[insn->k];
		break;
	default:		/* BPF_LEN */
		m->a = unknown;
		break;
	}
}

static void step_load_x(struct machine *m, const struct bpf_insn *insn,
			const uint8_t *header)
{
	struct value byte;

	switch (BPF_MODE(insn->code)) {
	case BPF_IMM:
		m->x = known(insn->k);
		break;
	case BPF_MEM:
		m->x = m->mem[insn->k];
		break;
	case BPF_MSH:
		byte = load(header, known(0), insn->k, 1);
		m->x = byte.known ? known((byte.number & 0xf) << 2) : unknown;
		break;
	default:		/* BPF_LEN */
		m->x = unknown;
		break;
	}
}

/*
 * Compute A op OPERAND. Returns false if the program stops here with
 * verdict 0, as it does on a division by zero.
 */
static bool step_alu(struct machine *m, const struct bpf_insn *insn)
{
	struct value operand = BPF_SRC(insn->code) == BPF_X ? m->x :
			       known(insn->k);
	uint32_t a = m->a.number, b = operand.number;

	if (BPF_OP(insn->code) == BPF_NEG) {
		m->a = m->a.known ? known(-a) : unknown;
		return true;
	}
	if ((BPF_OP(insn->code) == BPF_DIV || BPF_OP(insn->code) == BPF_MOD) &&
	    operand.known && b == 0)
		return false;
	if (!m->a.known || !operand.known) {
		m->a = unknown;
		return true;
	}

	switch (BPF_OP(insn->code)) {
	case BPF_ADD: a += b; break;
	case BPF_SUB: a -= b; break;
	case BPF_MUL: a *= b; break;
	case BPF_DIV: a /= b; break;
	case BPF_MOD: a %= b; break;
	case BPF_AND: a &= b; break;
	case BPF_OR: a |= b; break;
	case BPF_XOR: a ^= b; break;
	case BPF_LSH:
	case BPF_RSH:
		/* Shifting by 32 or more has no defined result. */
		if (b >= 32) {
			m->a = unknown;
			return true;
		}
		a = BPF_OP(insn->code) == BPF_LSH ? a << b : a >> b;
		break;
	}
	m->a = known(a);
	return true;
}

/* Propagate M at instruction PC of a jump to the targets it can take. */
static void step_jump(struct machine *states, unsigned int pc,
		      const struct bpf_insn *insn)
{
	const struct machine *m = &states[pc];
	struct value operand = BPF_SRC(insn->code) == BPF_X ? m->x :
			       known(insn->k);
	uint32_t a = m->a.number, b = operand.number;
	bool taken;

	if (BPF_OP(insn->code) == BPF_JA) {
		join(&states[pc + 1 + insn->k], m);
		return;
	}
	if (!m->a.known || !operand.known) {
		join(&states[pc + 1 + insn->jt], m);
		join(&states[pc + 1 + insn->jf], m);
		return;
	}

	switch (BPF_OP(insn->code)) {
	case BPF_JEQ: taken = a == b; break;
	case BPF_JGT: taken = a > b; break;
	case BPF_JGE: taken = a >= b; break;
	default: taken = a & b; break;		/* BPF_JSET */
	}
	join(&states[pc + 1 + (taken ? insn->jt : insn->jf)], m);
}

/* Run one instruction. Returns true if it returns a non-zero verdict. */
static bool step(struct machine *states, unsigned int pc,
		 const struct bpf_insn *insn, const uint8_t *header)
{
	struct machine next = states[pc];

	switch (BPF_CLASS(insn->code)) {
	case BPF_RET:
		if (BPF_RVAL(insn->code) == BPF_K)
			return insn->k != 0;
		return !next.a.known || next.a.number != 0;
	case BPF_JMP:
		step_jump(states, pc, insn);
		return false;
	case BPF_LD:
		step_load(&next, insn, header);
		break;
	case BPF_LDX:
		step_load_x(&next, insn, header);
		break;
	case BPF_ST:
		next.mem[insn->k] = next.a;
		break;
	case BPF_STX:
		next.mem[insn->k] = next.x;
		break;
	case BPF_ALU:
		if (!step_alu(&next, insn))
			return false;
		break;
	default:		/* BPF_MISC */
		if (BPF_MISCOP(insn->code) == BPF_TAX)
			next.x = next.a;
		else
			next.a = next.x;
		break;
	}
	join(&states[pc + 1], &next);
	return false;
}

static bool matches_header(const struct bpf_insn *insns, unsigned int count,
			   const uint8_t *header, struct machine *states)
{
	unsigned int pc;

	memset(states, 0, count * sizeof(*states));
	states[0].reached = true;
	for (pc = 0; pc < count; pc++) {
		if (states[pc].reached && step(states, pc, &insns[pc], header))
			return true;
	}
	return false;
}

/*
 * Decide whether a program may accept an IPv4 or IPv6 packet in either
 * direction. Returns false only when it provably accepts none of them.
 * The program must pass check_program().
 */
bool program_matches_ip(const struct bpf_insn *insns, unsigned int count)
{
	static const uint16_t protocols[] = { PPP_PROTO_IP, PPP_PROTO_IPV6 };
	struct machine *states;
	unsigned int dir, i;
	bool matches = false;

	states = calloc(count, sizeof(*states));
	if (!states)
		return true;	/* unknown, so no warning */

	for (dir = BPF_DIR_IN; dir <= BPF_DIR_OUT && !matches; dir++) {
		for (i = 0; i < 2 && !matches; i++) {
			const uint8_t header[BPF_PSEUDO_HDR_LEN] = {
				dir, 0, protocols[i] >> 8, protocols[i] & 0xff,
			};

			matches = matches_header(insns, count, header, states);
		}
	}
	free(states);
	return matches;
}
