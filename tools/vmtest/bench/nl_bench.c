// SPDX-License-Identifier: GPL-2.0
/*
 * Control plane driver for the ippp benchmark: sets filters on many units
 * back to back, times dumps, and wires and dials lines, over raw generic
 * netlink (selftests/ippp/ippp_nl.h) so that no library sits in the timed
 * path. Every command works in the caller's network namespace.
 *
 *   nl_bench len SPEC                    print the program's length
 *   nl_bench set [-p SPEC] [-a SPEC] [-n COUNT] NAME
 *   nl_bench ioctl-set [-p SPEC] [-a SPEC] [-n COUNT] NAME
 *   nl_bench clear NAME
 *   nl_bench dump                        IPPP_CMD_FILTER_GET dump
 *   nl_bench linkdump                    RTM_GETLINK dump
 *   nl_bench wire NAME PEER
 *   nl_bench dial NAME
 *
 * With -n, NAME is a prefix and the units are NAME0 to NAME<COUNT-1>.
 * SPEC is "one" (a single "ret #262144"), "worst" (4096 instructions, see
 * make_worst()) or "expr:EXPRESSION", compiled by libpcap for DLT_PPP_PPPD
 * with the optimizer on, as ipppctl does. "set" sends one FILTER_SET per
 * unit and waits for its ACK before the next. "ioctl-set" opens /dev/ipppN
 * instead and sets the programs with PPPIOCSPASS and PPPIOCSACTIVE. Timed
 * commands print "units=N ns=T" (dumps also "bytes=B").
 */
#include <fcntl.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <sys/ioctl.h>
#include <time.h>
#include <net/if.h>
#include <linux/ppp-ioctl.h>
#include <linux/rtnetlink.h>
#include "ippp_nl.h"

/* The value libpcap's programs return to accept: its default snapshot length. */
#define ACCEPT		262144
/* Offset of the UDP destination port behind the pseudo-header and a
 * 20-byte IPv4 header.
 */
#define UDP_DPORT_OFF	(4 + 20 + 2)
#define DUMP_BUF_SIZE	(1024 * 1024)

struct program {
	struct sock_filter insns[IPPP_FILTER_MAXINSNS];
	unsigned int len;
	const char *expr;
};

static struct nl_req req;
static struct nl_reply rep;
static struct program pass, active;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "nl_bench: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: nl_bench len SPEC\n"
		"       nl_bench { set | ioctl-set } [-p SPEC] [-a SPEC] [-n COUNT] NAME\n"
		"       nl_bench clear NAME\n"
		"       nl_bench { dump | linkdump }\n"
		"       nl_bench wire NAME PEER\n"
		"       nl_bench dial NAME\n"
		"SPEC := { one | worst | expr:EXPRESSION }\n");
	exit(1);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Build the worst case: 4096 instructions of which an IPv4/UDP packet to
 * port 9 runs all but the 21 "ret #0". Blocks of up to 100 pairs
 * "ldh [dport]; jeq #port, drop" compare against ports that never match
 * (10000 and up). Each block ends in "ja +1; ret #0", because a
 * conditional jump reaches at most 255 instructions ahead. No-op loads pad
 * the rest.
 */
static void make_worst(struct program *prog)
{
	const unsigned int body = IPPP_FILTER_MAXINSNS - 1;
	struct sock_filter *f = prog->insns;
	unsigned int n = 0, pairs, j, port = 10000;

	while (body - n >= 4) {
		pairs = (body - n - 2) / 2;
		if (pairs > 100)
			pairs = 100;
		for (j = 0; j < pairs; j++) {
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS,
							      UDP_DPORT_OFF);
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							      port++, 2 * (pairs - j) - 1, 0);
		}
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	}
	while (n < body)
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ACCEPT);
	prog->len = n;
}

static void compile(struct program *prog, const char *expr)
{
	struct bpf_program bp;
	pcap_t *pcap;

	pcap = pcap_open_dead(DLT_PPP_PPPD, 65535);
	if (!pcap)
		die("pcap_open_dead failed for %s", "DLT_PPP_PPPD");
	if (pcap_compile(pcap, &bp, expr, 1, PCAP_NETMASK_UNKNOWN) < 0)
		die("%s", pcap_geterr(pcap));
	if (bp.bf_len > IPPP_FILTER_MAXINSNS)
		die("expression \"%s\" compiles to more than 4096 instructions",
		    expr);
	memcpy(prog->insns, bp.bf_insns, bp.bf_len * sizeof(prog->insns[0]));
	prog->len = bp.bf_len;
	prog->expr = expr;
	pcap_freecode(&bp);
	pcap_close(pcap);
}

static void parse_spec(struct program *prog, const char *spec)
{
	if (!strcmp(spec, "one")) {
		prog->insns[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
							      ACCEPT);
		prog->len = 1;
	} else if (!strcmp(spec, "worst")) {
		make_worst(prog);
	} else if (!strncmp(spec, "expr:", 5)) {
		compile(prog, spec + 5);
	} else {
		die("invalid program \"%s\"; expected one, worst or expr:EXPRESSION",
		    spec);
	}
}

static int open_family(int *family)
{
	int fd = nl_open();

	if (fd < 0)
		die("cannot open a generic netlink socket: %s", strerror(errno));
	*family = ippp_family(fd);
	if (*family < 0)
		die("generic netlink family \"ippp\" not found: %s",
		    strerror(-*family));
	return fd;
}

static void check(int err, const char *what, const char *name)
{
	if (!err)
		return;
	fprintf(stderr, "nl_bench: %s %s failed: %s%s%s\n", what, name,
		strerror(-err), rep.extack[0] ? ": " : "", rep.extack);
	exit(2);
}

static void unit_name(char *buf, const char *name, int count, int i)
{
	if (count < 0)
		snprintf(buf, IFNAMSIZ, "%s", name);
	else
		snprintf(buf, IFNAMSIZ, "%s%d", name, i);
}

static void set_filters(int fd, int family, const char *unit)
{
	nl_req_init(&req, family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, unit);
	if (pass.len)
		ippp_put_filter(&req, IPPP_A_PASS, pass.insns, pass.len,
				pass.expr);
	if (active.len)
		ippp_put_filter(&req, IPPP_A_ACTIVE, active.insns, active.len,
				active.expr);
	check(nl_talk(fd, &req, &rep), "filter set on", unit);
}

static int cmd_set(const char *name, int count)
{
	int fd, family, i, n = count < 0 ? 1 : count;
	unsigned long long start, elapsed;
	char unit[IFNAMSIZ];

	if (!pass.len && !active.len)
		usage();
	fd = open_family(&family);
	start = now_ns();
	for (i = 0; i < n; i++) {
		unit_name(unit, name, count, i);
		set_filters(fd, family, unit);
	}
	elapsed = now_ns() - start;
	printf("units=%d ns=%llu\n", n, elapsed);
	return 0;
}

static int unit_number(int fd, int family, const char *unit)
{
	struct nlattr *attr;

	check(ippp_unit_cmd(fd, family, IPPP_CMD_UNIT_GET, unit, &req, &rep),
	      "unit get on", unit);
	attr = nl_msg_attr(nl_reply_msg(&rep, 0), IPPP_A_UNIT);
	if (!attr)
		die("unit %s: reply has no IPPP_A_UNIT", unit);
	return *(uint32_t *)nl_data(attr);
}

static void ioctl_filter(int dev, unsigned long cmd, struct program *prog,
			 const char *path)
{
	struct sock_fprog fprog = { .len = prog->len, .filter = prog->insns };

	if (prog->len && ioctl(dev, cmd, &fprog))
		die("ioctl on %s failed", path);
}

static int cmd_ioctl_set(const char *name, int count)
{
	int fd, family, i, dev, n = count < 0 ? 1 : count;
	unsigned long long start, elapsed = 0;
	char unit[IFNAMSIZ], path[32];

	if (!pass.len && !active.len)
		usage();
	fd = open_family(&family);
	for (i = 0; i < n; i++) {
		unit_name(unit, name, count, i);
		snprintf(path, sizeof(path), "/dev/ippp%d",
			 unit_number(fd, family, unit));

		/* Only the device's own calls are timed, not the lookup. */
		start = now_ns();
		dev = open(path, O_RDWR | O_CLOEXEC);
		if (dev < 0)
			die("cannot open %s", path);
		ioctl_filter(dev, PPPIOCSPASS, &pass, path);
		ioctl_filter(dev, PPPIOCSACTIVE, &active, path);
		close(dev);
		elapsed += now_ns() - start;
	}
	printf("units=%d ns=%llu\n", n, elapsed);
	return 0;
}

/*
 * Send a dump request and read every message up to NLMSG_DONE without
 * keeping them; count the messages of type @type and the bytes received.
 */
static int dump(int fd, struct nlmsghdr *nlh, int type)
{
	static char buf[DUMP_BUF_SIZE];
	unsigned long long start, elapsed, bytes = 0;
	int units = 0;

	nlh->nlmsg_seq = 1;
	start = now_ns();
	if (send(fd, nlh, nlh->nlmsg_len, 0) < 0)
		die("dump request failed: %s", strerror(errno));
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *msg;

		if (len < 0)
			die("dump failed: %s", strerror(errno));
		bytes += len;
		for (msg = (void *)buf; NLMSG_OK(msg, len);
		     msg = NLMSG_NEXT(msg, len)) {
			if (msg->nlmsg_type == NLMSG_DONE)
				goto done;
			if (msg->nlmsg_type == NLMSG_ERROR)
				die("dump failed: %s",
				    strerror(-((struct nlmsgerr *)NLMSG_DATA(msg))->error));
			if (msg->nlmsg_type == type)
				units++;
			if (msg->nlmsg_flags & NLM_F_DUMP_INTR)
				die("dump was %s by a change; run it again",
				    "interrupted");
		}
	}
done:
	elapsed = now_ns() - start;
	printf("units=%d bytes=%llu ns=%llu\n", units, bytes, elapsed);
	return 0;
}

static int cmd_dump(void)
{
	int fd, family;

	fd = open_family(&family);
	nl_req_init(&req, family, IPPP_CMD_FILTER_GET, NLM_F_DUMP);
	req.nlh.nlmsg_flags &= ~NLM_F_ACK;
	return dump(fd, &req.nlh, family);
}

static int cmd_linkdump(void)
{
	struct {
		struct nlmsghdr nlh;
		struct ifinfomsg ifi;
	} link_req = {
		.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.nlh.nlmsg_type = RTM_GETLINK,
		.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.ifi.ifi_family = AF_UNSPEC,
	};
	int fd, size = 4 * NL_BUF_SIZE;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("cannot open a route netlink socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return dump(fd, &link_req.nlh, RTM_NEWLINK);
}

static int cmd_clear(const char *name)
{
	int fd, family;

	fd = open_family(&family);
	check(ippp_unit_cmd(fd, family, IPPP_CMD_FILTER_CLEAR, name, &req,
			    &rep), "filter clear on", name);
	return 0;
}

static int cmd_wire(const char *name, const char *peer)
{
	int fd, family;

	fd = open_family(&family);
	nl_req_init(&req, family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, name);
	nl_put_str(&req, IPPP_A_PEER_IFNAME, peer);
	check(nl_talk(fd, &req, &rep), "unit set peer on", name);
	return 0;
}

static int cmd_dial(const char *name)
{
	int fd, family;

	fd = open_family(&family);
	check(ippp_unit_cmd(fd, family, IPPP_CMD_UNIT_DIAL, name, &req, &rep),
	      "unit dial on", name);
	check(ippp_wait_state(fd, family, name, IPPP_LINE_ONLINE, 5000, &req,
			      &rep), "waiting for the line to come online on",
	      name);
	return 0;
}

static int cmd_filters(const char *cmd, int argc, char **argv)
{
	int opt, count = -1;
	char *end;

	optind = 1;
	while ((opt = getopt(argc, argv, "p:a:n:")) != -1) {
		switch (opt) {
		case 'p':
			parse_spec(&pass, optarg);
			break;
		case 'a':
			parse_spec(&active, optarg);
			break;
		case 'n':
			count = strtol(optarg, &end, 10);
			if (*end || count < 1)
				die("invalid count \"%s\"", optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	if (!strcmp(cmd, "set"))
		return cmd_set(argv[optind], count);
	return cmd_ioctl_set(argv[optind], count);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		usage();
	cmd = argv[1];
	argc--;
	argv++;

	if (!strcmp(cmd, "len") && argc == 2) {
		parse_spec(&pass, argv[1]);
		printf("%u\n", pass.len);
		return 0;
	}
	if (!strcmp(cmd, "set") || !strcmp(cmd, "ioctl-set"))
		return cmd_filters(cmd, argc, argv);
	if (!strcmp(cmd, "clear") && argc == 2)
		return cmd_clear(argv[1]);
	if (!strcmp(cmd, "dump") && argc == 1)
		return cmd_dump();
	if (!strcmp(cmd, "linkdump") && argc == 1)
		return cmd_linkdump();
	if (!strcmp(cmd, "wire") && argc == 3)
		return cmd_wire(argv[1], argv[2]);
	if (!strcmp(cmd, "dial") && argc == 2)
		return cmd_dial(argv[1]);
	usage();
}
