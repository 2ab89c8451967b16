// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the "ippp" generic netlink family and the filter ioctls.
 *
 * random_programs sends random classic BPF programs through FILTER_SET and
 * through PPPIOCSPASS/PPPIOCSACTIVE on /dev/ipppN. After each one it reads
 * back that an accepted program is installed exactly and that a rejected
 * one changed nothing. Then it sends a datagram each way across the line,
 * so the installed programs run on real packets.
 *
 * random_messages sends generated and mutated messages of the family: every
 * command including unknown ones, random and malformed attributes, nests,
 * lengths and flags, NLM_F_DUMP included. It runs as root, then in a child
 * as nobody (uid 65534), whose state-changing requests must all fail.
 *
 * Every reply is parsed, and a malformed one fails the test. The run is a
 * function of the seed it prints, so a failure replays with the same
 * IPPP_FUZZ_SEED. IPPP_FUZZ_MESSAGES (default 100000, split 70/30 between
 * root and nobody) and IPPP_FUZZ_PROGRAMS (default 4000) set the counts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <linux/ppp-ioctl.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define DEFAULT_SEED		0x1bbb2026u
#define DEFAULT_MESSAGES	100000
#define DEFAULT_PROGRAMS	4000
#define NS_A			"ippp-fuzz-a"
#define NS_B			"ippp-fuzz-b"
#define ADDR_A			"10.199.4.1"
#define ADDR_B			"10.199.4.2"
#define MAX_PROG		4200
#define MSG_MAX			(64 * 1024)
#define NOBODY			65534

static uint64_t rng;

/* xorshift64*: small, fast and the same on every libc. */
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

static unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *value = getenv(name);

	return value && *value ? strtoul(value, NULL, 0) : def;
}

/* Opcodes the classic BPF checker accepts; others come at random. */
static const uint16_t valid_codes[] = {
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
	BPF_LD | BPF_B | BPF_ABS, BPF_LD | BPF_W | BPF_IND,
	BPF_LD | BPF_H | BPF_IND, BPF_LD | BPF_B | BPF_IND,
	BPF_LD | BPF_W | BPF_LEN, BPF_LD | BPF_IMM, BPF_LD | BPF_MEM,
	BPF_LDX | BPF_W | BPF_LEN, BPF_LDX | BPF_B | BPF_MSH,
	BPF_LDX | BPF_IMM, BPF_LDX | BPF_MEM,
	BPF_ST, BPF_STX, BPF_MISC | BPF_TAX, BPF_MISC | BPF_TXA,
	BPF_RET | BPF_K, BPF_RET | BPF_A,
	BPF_JMP | BPF_JA, BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JEQ | BPF_X,
	BPF_JMP | BPF_JGE | BPF_K, BPF_JMP | BPF_JGE | BPF_X,
	BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JGT | BPF_X,
	BPF_JMP | BPF_JSET | BPF_K, BPF_JMP | BPF_JSET | BPF_X,
};

/* Constants that reach the edges: packet offsets, ancillary loads, limits. */
static uint32_t random_k(void)
{
	switch (below(8)) {
	case 0:
		return below(8);
	case 1:
		return below(64);
	case 2:
		return below(1600);
	case 3:
		return 0xfffff000u + below(0x40);	/* SKF_AD_OFF + n */
	case 4:
		return 0xfff00000u + below(64);		/* SKF_NET_OFF + n */
	case 5:
		return 0xffe00000u + below(64);		/* SKF_LL_OFF + n */
	case 6:
		return below(20);			/* scratch slots */
	default:
		return (uint32_t)rnd();
	}
}

/* Fill @insns with a random program; return its length (0 to MAX_PROG). */
static unsigned int random_program(struct sock_filter *insns)
{
	unsigned int len, i;

	switch (below(20)) {
	case 0:
		len = 0;
		break;
	case 1:
		len = IPPP_FILTER_MAXINSNS;
		break;
	case 2:
		len = IPPP_FILTER_MAXINSNS + 1;
		break;
	case 3:
		len = 1 + below(MAX_PROG);
		break;
	case 4:
	case 5:
	case 6:
	case 7:
		len = 17 + below(240);
		break;
	default:
		len = 1 + below(16);
	}

	for (i = 0; i < len; i++) {
		struct sock_filter *insn = &insns[i];
		unsigned int left = len - i - 1;

		insn->code = chance(90) ?
			valid_codes[below(ARRAY_SIZE(valid_codes))] : rnd();
		insn->jt = chance(90) ? below(left + 1) : rnd();
		insn->jf = chance(90) ? below(left + 1) : rnd();
		insn->k = random_k();
		if (BPF_CLASS(insn->code) == BPF_JMP &&
		    BPF_OP(insn->code) == BPF_JA && chance(90))
			insn->k = below(left + 1);
	}
	if (len && chance(85)) {
		insns[len - 1].code = chance(70) ? BPF_RET | BPF_K :
						   BPF_RET | BPF_A;
		insns[len - 1].k = chance(50) ? 0 : random_k();
	}
	return len;
}

static void hexdump(const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len && i < 256; i++)
		fprintf(stderr, "%02x%s", p[i], i % 32 == 31 ? "\n" : " ");
	fprintf(stderr, "\n");
}

/* Check that [@p, @p + @len) is a well-formed attribute stream. */
static bool attrs_ok(const char *p, size_t len, int depth)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const void *)p;
		size_t step;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			return false;
		/* Nests the family sends: the filters and the counters. */
		if (depth == 0 && ((nla->nla_type & NLA_TYPE_MASK) == IPPP_A_PASS ||
				   (nla->nla_type & NLA_TYPE_MASK) == IPPP_A_ACTIVE ||
				   (nla->nla_type & NLA_TYPE_MASK) == IPPP_A_STATS) &&
		    !attrs_ok(p + NLA_HDRLEN, nla->nla_len - NLA_HDRLEN, 1))
			return false;
		step = NLA_ALIGN(nla->nla_len);
		if (step >= len)
			return true;
		p += step;
		len -= step;
	}
	return len == 0;
}

/* Check the TLVs of an error or done message; the text must end in NUL. */
static bool ack_tlvs_ok(const char *p, size_t len)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const void *)p;
		size_t step;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			return false;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    (nla->nla_len == NLA_HDRLEN ||
		     p[nla->nla_len - 1] != '\0'))
			return false;
		step = NLA_ALIGN(nla->nla_len);
		if (step >= len)
			return true;
		p += step;
		len -= step;
	}
	return len == 0;
}

struct fuzzer {
	int fd;
	int family;
	uint32_t portid;
	uint32_t seq;
	bool nobody;
	unsigned long replies;
	unsigned long errors[4096];	/* replies by -errno */
	char msg[MSG_MAX];
	char buf[512 * 1024];
	const char *names[8];
	uint32_t ifindex[8];
	unsigned int units;
};

/*
 * Check one message of a reply to request @seq. Return 1 when it ends the
 * reply (error, ACK or NLMSG_DONE, with the code in @err), 0 for a data
 * message, -1 when it is malformed.
 */
static int check_reply_msg(struct fuzzer *f, const struct nlmsghdr *nlh,
			   uint32_t seq, int *err)
{
	size_t payload = nlh->nlmsg_len - NLMSG_HDRLEN;
	const char *data = NLMSG_DATA(nlh);

	if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != f->portid)
		return -1;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);
		size_t off = sizeof(*e);

		if (payload < sizeof(*e) || e->error > 0 || e->error < -4095)
			return -1;
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
		if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
		    (off > payload || !ack_tlvs_ok(data + off, payload - off)))
			return -1;
		*err = e->error;
		return 1;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		int code;

		if (payload < sizeof(code))
			return -1;
		memcpy(&code, data, sizeof(code));
		if (code > 0 || code < -4095)
			return -1;
		if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
		    !ack_tlvs_ok(data + NLA_ALIGN(sizeof(code)),
				 payload - NLA_ALIGN(sizeof(code))))
			return -1;
		*err = code;
		return 1;
	}
	if (nlh->nlmsg_type == f->family) {
		const struct genlmsghdr *genl = NLMSG_DATA(nlh);

		if (payload < GENL_HDRLEN)
			return -1;
		if (genl->cmd != IPPP_CMD_UNIT_GET &&
		    genl->cmd != IPPP_CMD_FILTER_GET)
			return -1;
		if (!attrs_ok(data + GENL_HDRLEN, payload - GENL_HDRLEN, 0))
			return -1;
		return 0;
	}
	return -1;
}

/*
 * Send @len bytes of f->msg and read the whole reply. Return 0 with the
 * kernel's code in @err, or -1 after printing why the exchange failed.
 */
static int exchange(struct fuzzer *f, size_t len, int *err)
{
	struct nlmsghdr *req = (void *)f->msg;
	uint32_t seq = ++f->seq;

	req->nlmsg_len = len;
	req->nlmsg_seq = seq;
	req->nlmsg_pid = 0;
	if (send(f->fd, f->msg, len, 0) != (ssize_t)len) {
		fprintf(stderr, "# send: %s\n", strerror(errno));
		return -1;
	}

	for (;;) {
		ssize_t n = recv(f->fd, f->buf, sizeof(f->buf), MSG_TRUNC);
		struct nlmsghdr *nlh;
		int ret;

		if (n < 0) {
			fprintf(stderr, "# recv: %s (no reply)\n", strerror(errno));
			return -1;
		}
		if ((size_t)n > sizeof(f->buf)) {
			fprintf(stderr, "# reply of %zd bytes truncated\n", n);
			return -1;
		}
		for (nlh = (void *)f->buf; n > 0; nlh = NLMSG_NEXT(nlh, n)) {
			if (!NLMSG_OK(nlh, n)) {
				fprintf(stderr, "# reply message overruns the datagram\n");
				return -1;
			}
			ret = check_reply_msg(f, nlh, seq, err);
			if (ret < 0) {
				fprintf(stderr, "# malformed reply message:\n");
				hexdump(nlh, nlh->nlmsg_len);
				return -1;
			}
			f->replies++;
			if (ret == 1) {
				f->errors[-*err]++;
				return 0;
			}
		}
	}
}

/* Message building on f->msg; @len is the bytes in use. */
static void put_attr(struct fuzzer *f, size_t *len, uint16_t type,
		     const void *data, size_t size)
{
	struct nlattr *nla = (void *)(f->msg + *len);

	if (*len + NLA_HDRLEN + NLA_ALIGN(size) > MSG_MAX)
		return;
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + size;
	if (size)
		memcpy(nla + 1, data, size);
	memset((char *)(nla + 1) + size, 0, NLA_ALIGN(size) - size);
	*len += NLA_HDRLEN + NLA_ALIGN(size);
}

static void put_u32(struct fuzzer *f, size_t *len, uint16_t type, uint32_t v)
{
	put_attr(f, len, type, &v, sizeof(v));
}

static void start_msg(struct fuzzer *f, size_t *len, int cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = (void *)f->msg;
	struct genlmsghdr *genl = NLMSG_DATA(nlh);

	memset(f->msg, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = f->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	genl->cmd = cmd;
	genl->version = IPPP_GENL_VERSION;
	*len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static void put_name(struct fuzzer *f, size_t *len, uint16_t type)
{
	char name[40];
	unsigned int i, n;

	switch (below(6)) {
	case 0:
		put_attr(f, len, type, "", 1);
		return;
	case 1:	/* not NUL-terminated */
		put_attr(f, len, type, "ippp", 4);
		return;
	case 2:	/* longer than IFNAMSIZ */
		n = 16 + below(24);
		for (i = 0; i < n; i++)
			name[i] = 'a' + below(26);
		name[n] = '\0';
		put_attr(f, len, type, name, n + 1);
		return;
	case 3:
		put_attr(f, len, type, "lo", 3);
		return;
	default:
		n = below(f->units);
		put_attr(f, len, type, f->names[n], strlen(f->names[n]) + 1);
	}
}

static uint32_t random_u32_value(struct fuzzer *f)
{
	switch (below(6)) {
	case 0:
		return 0;
	case 1:
		return below(4);
	case 2:
		return f->ifindex[below(f->units)];
	case 3:
		return 0xffffffffu;
	case 4:
		return below(70000);
	default:
		return rnd();
	}
}

static void put_random_bytes(struct fuzzer *f, size_t *len, uint16_t type)
{
	unsigned char bytes[80];
	size_t n = below(sizeof(bytes)), i;

	for (i = 0; i < n; i++)
		bytes[i] = rnd();
	put_attr(f, len, type, bytes, n);
}

static void put_filter_nest(struct fuzzer *f, size_t *len, uint16_t type)
{
	static struct sock_filter insns[MAX_PROG];
	size_t start = *len, n, i;
	struct nlattr *nest;

	put_attr(f, len, type | (chance(90) ? NLA_F_NESTED : 0), NULL, 0);
	n = below(4);
	for (i = 0; i < n; i++) {
		switch (below(5)) {
		case 0:
		case 1: {
			unsigned int plen = random_program(insns);
			size_t bytes = plen * sizeof(*insns);

			/* Sometimes a length that is not whole instructions. */
			if (bytes && chance(10))
				bytes -= 1 + below(7);
			put_attr(f, len, IPPP_FILTER_A_INSNS, insns, bytes);
			break;
		}
		case 2:
			put_attr(f, len, IPPP_FILTER_A_EXPR,
				 chance(50) ? "ip" : "", chance(50) ? 3 : 1);
			break;
		default:
			put_random_bytes(f, len, below(IPPP_FILTER_A_MAX + 3));
		}
	}
	nest = (void *)(f->msg + start);
	nest->nla_len = *len - start;
}

/* Append one random attribute, valid in shape or not. */
static void put_random_attr(struct fuzzer *f, size_t *len)
{
	uint16_t type = chance(85) ? 1 + below(IPPP_A_MAX) :
				     (chance(30) ? 0 : IPPP_A_MAX + 1 + below(40));
	uint8_t u8;

	switch (type) {
	case IPPP_A_IFNAME:
	case IPPP_A_PEER_IFNAME:
		put_name(f, len, type);
		return;
	case IPPP_A_PASS:
	case IPPP_A_ACTIVE:
		put_filter_nest(f, len, type);
		return;
	case IPPP_A_DIALMODE:
	case IPPP_A_LINE_STATE:
	case IPPP_A_EVENT:
	case IPPP_A_HANGUP_REASON:
		u8 = chance(70) ? below(5) : rnd();
		put_attr(f, len, type, &u8, 1);
		return;
	}
	if (chance(80))
		put_u32(f, len, type, random_u32_value(f));
	else
		put_random_bytes(f, len, type);
}

/* Build a message of random shape; return its length. */
static size_t generate(struct fuzzer *f)
{
	static const uint16_t extra_flags[] = {
		NLM_F_DUMP, NLM_F_DUMP, NLM_F_ECHO, NLM_F_ATOMIC, NLM_F_EXCL,
		NLM_F_CREATE, NLM_F_REPLACE, 0x8000,
	};
	uint16_t flags = 0;
	size_t len;
	int cmd, n, i;

	if (chance(40))
		flags |= extra_flags[below(ARRAY_SIZE(extra_flags))];
	cmd = chance(85) ? 1 + below(IPPP_CMD_MAX) : below(256);
	start_msg(f, &len, cmd, flags);
	if (chance(5))
		((struct genlmsghdr *)NLMSG_DATA(f->msg))->version = rnd();
	if (chance(3))
		((struct genlmsghdr *)NLMSG_DATA(f->msg))->reserved = rnd();
	/* A header that stops short of the generic netlink header. */
	if (chance(2))
		return NLMSG_HDRLEN + below(GENL_HDRLEN);
	/* Control message types, which the core acknowledges itself. */
	if (chance(1))
		((struct nlmsghdr *)f->msg)->nlmsg_type = 1 + below(4);

	n = below(7);
	for (i = 0; i < n; i++)
		put_random_attr(f, &len);
	return len;
}

/* A well-formed request of a random command, for mutation. */
static size_t template(struct fuzzer *f)
{
	static const struct sock_filter prog[] = {
		{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
		{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
		{ BPF_RET | BPF_K, 0, 0, 65535 },
		{ BPF_RET | BPF_K, 0, 0, 0 },
	};
	size_t len, start;
	struct nlattr *nest;
	int cmd = 1 + below(IPPP_CMD_MAX - 1);

	start_msg(f, &len, cmd, chance(20) ? NLM_F_DUMP : 0);
	if (chance(50))
		put_name(f, &len, IPPP_A_IFNAME);
	else
		put_u32(f, &len, IPPP_A_IFINDEX, f->ifindex[below(f->units)]);
	switch (cmd) {
	case IPPP_CMD_FILTER_SET:
		start = len;
		put_attr(f, &len, IPPP_A_PASS | NLA_F_NESTED, NULL, 0);
		put_attr(f, &len, IPPP_FILTER_A_INSNS, prog, sizeof(prog));
		put_attr(f, &len, IPPP_FILTER_A_EXPR, "ip", 3);
		nest = (void *)(f->msg + start);
		nest->nla_len = len - start;
		break;
	case IPPP_CMD_UNIT_SET:
		put_u32(f, &len, IPPP_A_IDLE, below(3));
		put_u32(f, &len, IPPP_A_FLAGS, below(4));
		break;
	case IPPP_CMD_FILTER_GET:
	case IPPP_CMD_FILTER_CLEAR:
		put_u32(f, &len, IPPP_A_FILTER_MASK, below(4));
		break;
	}
	return len;
}

/* Flip, overwrite, cut or stretch bytes after the netlink header. */
static size_t mutate(struct fuzzer *f, size_t len)
{
	int n = 1 + below(4), i;

	for (i = 0; i < n; i++) {
		size_t body = len - NLMSG_HDRLEN, pos;

		if (!body)
			break;
		pos = NLMSG_HDRLEN + below(body);
		switch (below(5)) {
		case 0:
			f->msg[pos] ^= 1 << below(8);
			break;
		case 1:
			f->msg[pos] = rnd();
			break;
		case 2:	/* an attribute length byte, most likely */
			pos = NLMSG_HDRLEN + GENL_HDRLEN + 4 * below(body / 4);
			if (pos < len)
				f->msg[pos] = rnd();
			break;
		case 3:
			len = NLMSG_HDRLEN + below(body);
			break;
		default:
			if (len + 8 <= MSG_MAX) {
				memset(f->msg + len, (int)rnd(), 8);
				len += 8;
			}
		}
	}
	return len;
}

static bool admin_cmd(int cmd)
{
	return cmd == IPPP_CMD_UNIT_SET || cmd == IPPP_CMD_UNIT_DIAL ||
	       cmd == IPPP_CMD_UNIT_HANGUP || cmd == IPPP_CMD_FILTER_SET ||
	       cmd == IPPP_CMD_FILTER_CLEAR;
}

/* Send @count random messages. Return the index of a failure, or -1. */
static long fuzz_messages(struct fuzzer *f, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		struct nlmsghdr *nlh = (void *)f->msg;
		struct genlmsghdr *genl = NLMSG_DATA(nlh);
		size_t len;
		int err;

		len = chance(50) ? generate(f) : mutate(f, template(f));
		if (exchange(f, len, &err)) {
			fprintf(stderr, "# message %lu of %lu failed, %zu bytes:\n",
				i, count, len);
			hexdump(f->msg, len);
			return i;
		}
		/* Whatever else is wrong with it, an admin command from uid
		 * 65534 must fail.
		 */
		if (f->nobody && !err && nlh->nlmsg_type == f->family &&
		    len >= NLMSG_HDRLEN + GENL_HDRLEN && admin_cmd(genl->cmd)) {
			fprintf(stderr, "# uid 65534 succeeded with admin command %d:\n",
				genl->cmd);
			hexdump(f->msg, len);
			return i;
		}
	}
	return -1;
}

static void print_summary(struct fuzzer *f, const char *who)
{
	char line[512];
	size_t off = 0;
	int e;

	for (e = 0; e < 4096 && off < sizeof(line) - 32; e++)
		if (f->errors[e])
			off += snprintf(line + off, sizeof(line) - off, " %s%d:%lu",
					e ? "-" : "", e, f->errors[e]);
	fprintf(stderr, "# %s: %lu reply messages; results by code:%s\n",
		who, f->replies, line);
}

static int fuzzer_open(struct fuzzer *f)
{
	struct sockaddr_nl local;
	socklen_t size = sizeof(local);
	struct timeval timeout = { .tv_sec = 10 };

	f->fd = nl_open();
	if (f->fd < 0)
		return -1;
	if (getsockname(f->fd, (struct sockaddr *)&local, &size))
		return -1;
	f->portid = local.nl_pid;
	/* Every request sets NLM_F_ACK, so silence is a failure. */
	setsockopt(f->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	return 0;
}

FIXTURE(fuzz) {
	struct fuzzer *f;
	int sock_a, sock_b;
	int dev_a;
	uint64_t seed;
};

FIXTURE_SETUP(fuzz)
{
	/* Units in namespace A, a device that is not a unit, and a unit in B. */
	static const char *const names[] = {
		"ipppfa", "ipppf0", "ipppf1", "ipppf2", "fuzzdummy", "ipppfb",
	};
	static struct nl_req req;
	static struct nl_reply rep;
	struct nlattr *attr;
	unsigned int i;
	char path[32];

	self->sock_a = self->sock_b = self->dev_a = -1;
	self->f = calloc(1, sizeof(*self->f));
	ASSERT_NE(NULL, self->f);
	self->seed = env_ulong("IPPP_FUZZ_SEED", DEFAULT_SEED);
	TH_LOG("seed %#" PRIx64 " (replay with IPPP_FUZZ_SEED=%#" PRIx64 ")",
	       self->seed, self->seed);
	rng = self->seed ? self->seed : 1;

	run_cmd("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	ASSERT_EQ(0, run_cmd("set -e; ip netns add " NS_A "; ip netns add " NS_B ";"
			     "ip link add ipppfa type ippp; ip link add ipppfb type ippp"));
	self->f->fd = nl_open();
	ASSERT_LE(0, self->f->fd);
	self->f->family = ippp_family(self->f->fd);
	ASSERT_LT(0, self->f->family);
	nl_req_init(&req, self->f->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, "ipppfa");
	nl_put_str(&req, IPPP_A_PEER_IFNAME, "ipppfb");
	ASSERT_EQ(0, nl_talk(self->f->fd, &req, &rep)) TH_LOG("wire: %s", rep.extack);
	close(self->f->fd);

	ASSERT_EQ(0, run_cmd(
		"set -e;"
		"ip link set ipppfa netns " NS_A "; ip link set ipppfb netns " NS_B ";"
		"ip -n " NS_A " addr add " ADDR_A " peer " ADDR_B " dev ipppfa;"
		"ip -n " NS_B " addr add " ADDR_B " peer " ADDR_A " dev ipppfb;"
		"ip -n " NS_A " link set ipppfa up; ip -n " NS_B " link set ipppfb up;"
		"for i in 0 1 2; do ip -n " NS_A " link add ipppf$i type ippp; done;"
		"ip -n " NS_A " link add fuzzdummy type dummy"));

	ASSERT_EQ(0, enter_netns(NS_B));
	self->sock_b = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_EQ(0, enter_netns(NS_A));
	self->sock_a = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->sock_a);
	ASSERT_LE(0, self->sock_b);
	ASSERT_EQ(0, fuzzer_open(self->f));

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		self->f->names[i] = names[i];
		self->f->ifindex[i] = if_nametoindex(names[i]);
	}
	self->f->units = ARRAY_SIZE(names);

	ASSERT_EQ(0, ippp_unit_cmd(self->f->fd, self->f->family,
				   IPPP_CMD_UNIT_GET, "ipppfa", &req, &rep));
	attr = nl_msg_attr(nl_reply_msg(&rep, 0), IPPP_A_UNIT);
	ASSERT_NE(NULL, attr);
	snprintf(path, sizeof(path), "/dev/ippp%u", *(uint32_t *)nl_data(attr));
	self->dev_a = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev_a) TH_LOG("open %s: %s", path, strerror(errno));

	ASSERT_EQ(0, ippp_unit_cmd(self->f->fd, self->f->family,
				   IPPP_CMD_UNIT_DIAL, "ipppfa", &req, &rep))
		TH_LOG("dial: %s", rep.extack);
	ASSERT_EQ(0, ippp_wait_state(self->f->fd, self->f->family, "ipppfa",
				     IPPP_LINE_ONLINE, 5000, &req, &rep));
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->dev_a >= 0)
		close(self->dev_a);
	if (self->sock_a >= 0)
		close(self->sock_a);
	if (self->sock_b >= 0)
		close(self->sock_b);
	if (self->f) {
		close(self->f->fd);
		free(self->f);
	}
	run_cmd("ip netns del " NS_A "; ip netns del " NS_B);
}

/* Read back the filter @which of ipppfa; return its length or -1. */
static int read_filter(struct fuzzer *f, int which, struct sock_filter *out)
{
	static struct nl_req req;
	static struct nl_reply rep;
	struct nlattr *nest, *insns;

	nl_req_init(&req, f->family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, "ipppfa");
	if (nl_talk(f->fd, &req, &rep))
		return -1;
	nest = nl_msg_attr(nl_reply_msg(&rep, 0), which);
	if (!nest)
		return 0;
	insns = nl_nested_attr(nest, IPPP_FILTER_A_INSNS);
	if (!insns || nl_len(insns) > (int)(MAX_PROG * sizeof(*out)))
		return -1;
	memcpy(out, nl_data(insns), nl_len(insns));
	return nl_len(insns) / sizeof(*out);
}

struct installed {
	struct sock_filter insns[MAX_PROG];
	unsigned int len;
};

TEST_F_TIMEOUT(fuzz, random_programs, 900)
{
	static struct sock_filter prog[MAX_PROG], seen[MAX_PROG];
	static struct installed now[2];	/* pass, active */
	struct sockaddr_in to_b = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_in to_a = to_b;
	unsigned long programs = env_ulong("IPPP_FUZZ_PROGRAMS", DEFAULT_PROGRAMS);
	unsigned long i, accepted = 0;
	struct fuzzer *f = self->f;

	inet_pton(AF_INET, ADDR_B, &to_b.sin_addr);
	inet_pton(AF_INET, ADDR_A, &to_a.sin_addr);

	for (i = 0; i < programs; i++) {
		int which = below(2), type = which ? IPPP_A_ACTIVE : IPPP_A_PASS;
		unsigned int len = random_program(prog);
		bool by_ioctl = chance(50);
		int err, got;

		if (by_ioctl) {
			struct sock_fprog fprog = { .len = len, .filter = prog };
			unsigned long cmd = which ? PPPIOCSACTIVE : PPPIOCSPASS;

			if (len > 0xffff)
				fprog.len = 0xffff;
			if (chance(3))
				fprog.filter = NULL;
			else if (chance(3))
				fprog.filter = (struct sock_filter *)16;
			err = ioctl(self->dev_a, cmd, &fprog) ? -errno : 0;
			/* Length 0 clears, whatever the pointer. */
			if (!err && fprog.len == 0)
				len = 0;
		} else {
			size_t mlen;

			struct nlattr *nest;
			size_t start;

			start_msg(f, &mlen, IPPP_CMD_FILTER_SET, 0);
			put_attr(f, &mlen, IPPP_A_IFNAME, "ipppfa", 7);
			start = mlen;
			put_attr(f, &mlen, type | NLA_F_NESTED, NULL, 0);
			put_attr(f, &mlen, IPPP_FILTER_A_INSNS, prog,
				 len * sizeof(*prog));
			nest = (void *)(f->msg + start);
			nest->nla_len = mlen - start;
			ASSERT_EQ(0, exchange(f, mlen, &err))
				TH_LOG("program %lu", i);
		}
		ASSERT_TRUE(err == 0 || err == -EINVAL || err == -EFAULT ||
			    err == -ENOMEM)
			TH_LOG("program %lu of length %u by %s: %s", i, len,
			       by_ioctl ? "ioctl" : "netlink", strerror(-err));
		if (!err) {
			memcpy(now[which].insns, prog, len * sizeof(*prog));
			now[which].len = len;
			accepted++;
		}

		/* The filter in place is the last one accepted, exactly. */
		got = read_filter(f, type, seen);
		ASSERT_EQ((int)now[which].len, got)
			TH_LOG("program %lu: %s filter has %d instructions, expected %u",
			       i, which ? "active" : "pass", got, now[which].len);
		ASSERT_EQ(0, memcmp(now[which].insns, seen, got * sizeof(*seen)))
			TH_LOG("program %lu: %s filter differs from the one set",
			       i, which ? "active" : "pass");

		/* Run what is installed, both ways; drops are expected. */
		sendto(self->sock_a, "fuzz", 4, MSG_DONTWAIT,
		       (struct sockaddr *)&to_b, sizeof(to_b));
		sendto(self->sock_b, "fuzz", 4, MSG_DONTWAIT,
		       (struct sockaddr *)&to_a, sizeof(to_a));
	}
	TH_LOG("%lu random programs, %lu accepted", programs, accepted);
	print_summary(f, "programs");
}

TEST_F_TIMEOUT(fuzz, random_messages, 900)
{
	unsigned long total = env_ulong("IPPP_FUZZ_MESSAGES", DEFAULT_MESSAGES);
	unsigned long as_root = total * 7 / 10, as_nobody = total - as_root;
	long failed;
	int status;
	pid_t pid;

	failed = fuzz_messages(self->f, as_root);
	print_summary(self->f, "root");
	ASSERT_EQ(-1, failed) TH_LOG("seed %#" PRIx64 ", root message %ld",
				     self->seed, failed);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct fuzzer *f = self->f;

		close(f->fd);
		memset(f->errors, 0, sizeof(f->errors));
		f->replies = 0;
		if (setgroups(0, NULL) ||
		    setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(2);
		if (fuzzer_open(f))
			_exit(3);
		f->nobody = true;
		failed = fuzz_messages(f, as_nobody);
		print_summary(f, "nobody");
		_exit(failed == -1 ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status))
		TH_LOG("seed %#" PRIx64 ": the unprivileged run failed", self->seed);
	TH_LOG("%lu messages as root, %lu as nobody", as_root, as_nobody);
}

TEST_HARNESS_MAIN
