// SPDX-License-Identifier: GPL-2.0
/*
 * The line's life cycle driven by the active filter: dial on demand, dial
 * rejects answered with host unreachable, the dial queue, idle hang-up and
 * hang-ups by the peer, by unwiring and by deleting a unit, with the
 * monitor group's events.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <time.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define NS_A	"ippp-dial-a"
#define NS_B	"ippp-dial-b"
#define UNIT_A	"ipppda"
#define UNIT_B	"ipppdb"
#define ADDR_A	"10.199.2.1"
#define ADDR_B	"10.199.2.2"
#define ADDR6_A	"2001:db8:199:2::1"
#define ADDR6_B	"2001:db8:199:2::2"

/* Create a socket in network namespace @ns. */
static int socket_in(const char *ns, int domain, int type, int protocol)
{
	if (enter_netns(ns))
		return -1;
	return socket(domain, type | SOCK_CLOEXEC, protocol);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct sockaddr_in addr4(const char *ip, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &sa.sin_addr);
	return sa;
}

FIXTURE(line) {
	int fd_a, fd_b;		/* genl sockets in each namespace */
	int mon_a;		/* genl socket on the monitor group, in A */
	int family;
	int mcgrp;
	struct nl_req req;
	struct nl_reply rep;
};

/* Resolve the id of the "monitor" multicast group. */
static int monitor_group(int fd)
{
	static struct nl_req req;
	static struct nl_reply rep;
	struct nlattr *groups, *grp, *id, *name;
	char *p, *end;

	nl_req_init(&req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	nl_put_str(&req, CTRL_ATTR_FAMILY_NAME, IPPP_GENL_NAME);
	if (nl_talk(fd, &req, &rep) || !rep.count)
		return -1;
	groups = nl_msg_attr(nl_reply_msg(&rep, 0), CTRL_ATTR_MCAST_GROUPS);
	if (!groups)
		return -1;
	p = nl_data(groups);
	end = (char *)groups + groups->nla_len;
	while (p + NLA_HDRLEN <= end) {
		grp = (struct nlattr *)p;
		id = nl_nested_attr(grp, CTRL_ATTR_MCAST_GRP_ID);
		name = nl_nested_attr(grp, CTRL_ATTR_MCAST_GRP_NAME);
		if (id && name && !strcmp(nl_data(name), IPPP_MCGRP_MONITOR))
			return *(uint32_t *)nl_data(id);
		p += NLA_ALIGN(grp->nla_len);
	}
	return -1;
}

FIXTURE_SETUP(line)
{
	int fd;

	run_cmd("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	ASSERT_EQ(0, run_cmd(
		"set -e;"
		"ip netns add " NS_A "; ip netns add " NS_B ";"
		"ip link add " UNIT_A " type ippp; ip link add " UNIT_B " type ippp"));

	fd = nl_open();
	ASSERT_LE(0, fd);
	self->family = ippp_family(fd);
	ASSERT_LT(0, self->family);
	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT_A);
	nl_put_str(&self->req, IPPP_A_PEER_IFNAME, UNIT_B);
	ASSERT_EQ(0, nl_talk(fd, &self->req, &self->rep))
		TH_LOG("wire: %s", self->rep.extack);
	close(fd);

	ASSERT_EQ(0, run_cmd(
		"set -e;"
		"ip link set " UNIT_A " netns " NS_A ";"
		"ip link set " UNIT_B " netns " NS_B ";"
		"ip -n " NS_A " link set lo up; ip -n " NS_B " link set lo up;"
		"ip -n " NS_A " link set " UNIT_A " up;"
		"ip -n " NS_B " link set " UNIT_B " up;"
		"ip -n " NS_A " addr add " ADDR_A " peer " ADDR_B " dev " UNIT_A ";"
		"ip -n " NS_B " addr add " ADDR_B " peer " ADDR_A " dev " UNIT_B ";"
		"ip -n " NS_A " -6 addr add " ADDR6_A " peer " ADDR6_B " dev " UNIT_A " nodad;"
		"ip -n " NS_B " -6 addr add " ADDR6_B " peer " ADDR6_A " dev " UNIT_B " nodad"));

	ASSERT_EQ(0, enter_netns(NS_B));
	self->fd_b = nl_open();
	ASSERT_EQ(0, enter_netns(NS_A));
	self->fd_a = nl_open();
	self->mon_a = nl_open();
	ASSERT_LE(0, self->fd_a);
	ASSERT_LE(0, self->fd_b);
	ASSERT_LE(0, self->mon_a);
	self->mcgrp = monitor_group(self->fd_a);
	ASSERT_LT(0, self->mcgrp);
	ASSERT_EQ(0, setsockopt(self->mon_a, SOL_NETLINK,
				NETLINK_ADD_MEMBERSHIP, &self->mcgrp,
				sizeof(self->mcgrp)));
}

FIXTURE_TEARDOWN(line)
{
	close(self->mon_a);
	close(self->fd_a);
	close(self->fd_b);
	run_cmd("ip netns del " NS_A "; ip netns del " NS_B);
}

/* Compile @expr as ipppctl does and add it as filter @type. */
static int put_expr(struct nl_req *req, int type, const char *expr)
{
	pcap_t *pcap = pcap_open_dead(DLT_PPP_PPPD, 65535);
	struct bpf_program prog;

	if (!pcap)
		return -1;
	if (pcap_compile(pcap, &prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		pcap_close(pcap);
		return -1;
	}
	ippp_put_filter(req, type, (struct sock_filter *)prog.bf_insns,
			prog.bf_len, expr);
	pcap_freecode(&prog);
	pcap_close(pcap);
	return 0;
}

static int set_active(FIXTURE_DATA(line) *self, const char *expr)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT_A);
	if (put_expr(&self->req, IPPP_A_ACTIVE, expr))
		return -EINVAL;
	return nl_talk(self->fd_a, &self->req, &self->rep);
}

/* Set u32 (or u8, for dialmode) attributes of unit A; end with 0. */
static int set_unit_a(FIXTURE_DATA(line) *self, int type, uint32_t value,
		      ...)
{
	va_list ap;

	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT_A);
	va_start(ap, value);
	while (type) {
		if (type == IPPP_A_DIALMODE) {
			uint8_t mode = value;

			nl_put(&self->req, type, &mode, sizeof(mode));
		} else {
			nl_put_u32(&self->req, type, value);
		}
		type = va_arg(ap, int);
		if (type)
			value = va_arg(ap, uint32_t);
	}
	va_end(ap);
	return nl_talk(self->fd_a, &self->req, &self->rep);
}

static uint64_t stat_of(FIXTURE_DATA(line) *self, int fd, const char *unit,
			int type)
{
	struct nlattr *stats, *attr;

	if (ippp_unit_cmd(fd, self->family, IPPP_CMD_UNIT_GET, unit,
			  &self->req, &self->rep))
		return UINT64_MAX;
	stats = nl_msg_attr(nl_reply_msg(&self->rep, 0), IPPP_A_STATS);
	attr = stats ? nl_nested_attr(stats, type) : NULL;
	return attr ? *(uint64_t *)nl_data(attr) : UINT64_MAX;
}

static int state_of(FIXTURE_DATA(line) *self, int fd, const char *unit)
{
	return ippp_unit_u8(fd, self->family, unit, IPPP_A_LINE_STATE,
			    &self->req, &self->rep);
}

static int reason_of(FIXTURE_DATA(line) *self, int fd, const char *unit)
{
	return ippp_unit_u8(fd, self->family, unit, IPPP_A_HANGUP_REASON,
			    &self->req, &self->rep);
}

/*
 * Collect monitor events of unit A for @ms milliseconds into @seen, a
 * bitmap by enum ippp_event.
 */
static unsigned int read_events(int fd, int ms)
{
	static char buf[NL_BUF_SIZE];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	unsigned int seen = 0;
	double end = now_s() + ms / 1000.0;

	while (now_s() < end) {
		struct nlmsghdr *nlh;
		ssize_t n;

		if (poll(&pfd, 1, 50) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		for (nlh = (void *)buf; n > 0 && NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			struct nlattr *event = nl_msg_attr(nlh, IPPP_A_EVENT);

			if (event)
				seen |= 1U << *(uint8_t *)nl_data(event);
		}
	}
	return seen;
}

/* Send an ICMP echo request from A; return the ICMP type that came back. */
static int ping_a(int *type_out)
{
	struct sockaddr_in dst = addr4(ADDR_B, 0);
	struct icmphdr echo = { .type = ICMP_ECHO, .un.echo.id = htons(77) };
	struct pollfd pfd;
	char buf[1500];
	int fd = socket_in(NS_A, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	double end;

	if (fd < 0)
		return -1;
	if (sendto(fd, &echo, sizeof(echo), 0, (void *)&dst, sizeof(dst)) < 0) {
		close(fd);
		return -1;
	}
	*type_out = -1;
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (end = now_s() + 3; now_s() < end;) {
		struct iphdr *ip = (void *)buf;
		struct icmphdr *icmp;
		ssize_t n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < (ssize_t)sizeof(*ip) ||
		    n < (ssize_t)(ip->ihl * 4 + sizeof(*icmp)))
			continue;
		icmp = (void *)(buf + ip->ihl * 4);
		if (icmp->type == ICMP_ECHO)
			continue;	/* our own request, seen on the way out */
		*type_out = icmp->type * 256 + icmp->code;
		break;
	}
	close(fd);
	return 0;
}

/* Connect from A to B over TCP; return 0 or -errno, and the time it took. */
static int connect_a(int family, const char *dst, int port, double *took)
{
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6,
				    .sin6_port = htons(port) };
	struct sockaddr_in sa4 = addr4(dst, port);
	struct timeval limit = { .tv_sec = 10 };
	double start = now_s();
	int fd, err = 0;

	fd = socket_in(NS_A, family, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
	if (family == AF_INET6)
		inet_pton(AF_INET6, dst, &sa6.sin6_addr);
	if (family == AF_INET6 ?
	    connect(fd, (void *)&sa6, sizeof(sa6)) :
	    connect(fd, (void *)&sa4, sizeof(sa4)))
		err = -errno;
	*took = now_s() - start;
	close(fd);
	return err;
}

static int listen_b(int family, int port)
{
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6,
				    .sin6_port = htons(port) };
	struct sockaddr_in sa4 = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	int fd = socket_in(NS_B, family, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((family == AF_INET6 ? bind(fd, (void *)&sa6, sizeof(sa6)) :
	     bind(fd, (void *)&sa4, sizeof(sa4))) || listen(fd, 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

TEST_F(line, auto_dial_ping_rejected_tcp_dials)
{
	struct pollfd pfd;
	unsigned int events;
	double took;
	int lfd, type;

	ASSERT_EQ(0, set_active(self, "outbound and not icmp"))
		TH_LOG("%s", self->rep.extack);
	ASSERT_EQ(0, set_unit_a(self, IPPP_A_DIALMODE, IPPP_DIALMODE_AUTO, 0));

	/* ping: not active, so it must not dial; host unreachable instead */
	ASSERT_EQ(0, ping_a(&type));
	EXPECT_EQ(ICMP_DEST_UNREACH * 256 + ICMP_HOST_UNREACH, type);
	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(0U, stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_DIALS));
	EXPECT_EQ(1U, stat_of(self, self->fd_a, UNIT_A,
			      IPPP_STATS_A_DIAL_REJECTS));

	/* TCP dials, and the queued SYN reaches the far end */
	lfd = listen_b(AF_INET, 7001);
	ASSERT_LE(0, lfd);
	EXPECT_EQ(0, connect_a(AF_INET, ADDR_B, 7001, &took));
	pfd = (struct pollfd){ .fd = lfd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 3000));
	close(lfd);
	EXPECT_EQ(IPPP_LINE_ONLINE, state_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_LINE_ONLINE, state_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(1U, stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_DIALS));

	events = read_events(self->mon_a, 300);
	EXPECT_TRUE(!!(events & (1U << IPPP_EVENT_DIAL_REJECT)));
	EXPECT_TRUE(!!(events & (1U << IPPP_EVENT_DIALING)));
	EXPECT_TRUE(!!(events & (1U << IPPP_EVENT_ONLINE)));
}

TEST_F(line, auto_dial_rejected_connect_fails_fast)
{
	uint64_t rejects;
	double took;

	ASSERT_EQ(0, set_active(self, "icmp"));
	ASSERT_EQ(0, set_unit_a(self, IPPP_A_DIALMODE, IPPP_DIALMODE_AUTO, 0));

	/* IPv6 also sends MLD reports, which are rejected too, so count up. */
	rejects = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_DIAL_REJECTS);
	EXPECT_EQ(-EHOSTUNREACH, connect_a(AF_INET, ADDR_B, 7002, &took));
	EXPECT_GT(3.0, took);
	EXPECT_LT(rejects, stat_of(self, self->fd_a, UNIT_A,
				   IPPP_STATS_A_DIAL_REJECTS));

	rejects = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_DIAL_REJECTS);
	EXPECT_EQ(-EHOSTUNREACH, connect_a(AF_INET6, ADDR6_B, 7002, &took));
	EXPECT_GT(3.0, took);
	EXPECT_LT(rejects, stat_of(self, self->fd_a, UNIT_A,
				   IPPP_STATS_A_DIAL_REJECTS));
	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(0U, stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_DIALS));
}

/* Send a UDP datagram from namespace @ns to @dst:@port every @gap_ms. */
static pid_t udp_flow(const char *ns, const char *dst, int port, int gap_ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sockaddr_in sa = addr4(dst, port);
		int fd = socket_in(ns, AF_INET, SOCK_DGRAM, 0);

		for (;;) {
			sendto(fd, "tick", 4, 0, (void *)&sa, sizeof(sa));
			usleep(gap_ms * 1000);
		}
	}
	return pid;
}

static int udp_sink(const char *ns, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int fd = socket_in(ns, AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (void *)&sa, sizeof(sa)))
		return -1;
	return fd;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

TEST_F_TIMEOUT(line, idle_hangup_ignores_inactive_udp, 120)
{
	int sink_ntp, lfd, cfd, afd = -1;
	struct sockaddr_in sa = addr4(ADDR_B, 7003);
	double last_tcp, down = 0;
	pid_t ntp;
	int i;

	ASSERT_EQ(0, set_active(self, "not udp port 123"));
	ASSERT_EQ(0, set_unit_a(self, IPPP_A_IDLE, 2, 0));
	ASSERT_EQ(0, ippp_unit_cmd(self->fd_a, self->family,
				   IPPP_CMD_UNIT_DIAL, UNIT_A, &self->req,
				   &self->rep));
	ASSERT_EQ(0, ippp_wait_state(self->fd_a, self->family, UNIT_A,
				     IPPP_LINE_ONLINE, 5000, &self->req,
				     &self->rep));

	/* NTP-like traffic goes on all along and is received (no ICMP). */
	sink_ntp = udp_sink(NS_B, 123);
	ASSERT_LE(0, sink_ntp);
	ntp = udp_flow(NS_A, ADDR_B, 123, 200);

	/* A TCP conversation longer than the idle timeout keeps it up. */
	lfd = listen_b(AF_INET, 7003);
	ASSERT_LE(0, lfd);
	cfd = socket_in(NS_A, AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(cfd, (void *)&sa, sizeof(sa)));
	afd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, afd);
	for (i = 0; i < 16; i++) {
		ASSERT_EQ(4, send(cfd, "data", 4, 0));
		usleep(250000);
	}
	EXPECT_EQ(IPPP_LINE_ONLINE, state_of(self, self->fd_a, UNIT_A))
		TH_LOG("line went down while TCP flowed");

	/* Only UDP port 123 from now on: the line must go down, idle. */
	last_tcp = now_s();
	while (now_s() - last_tcp < 15) {
		if (state_of(self, self->fd_a, UNIT_A) == IPPP_LINE_OFFLINE) {
			down = now_s() - last_tcp;
			break;
		}
		usleep(50000);
	}
	stop(ntp);
	close(afd);
	close(cfd);
	close(lfd);
	close(sink_ntp);

	TH_LOG("hung up %.2f s after the last TCP packet", down);
	EXPECT_LT(1.0, down);
	EXPECT_GT(10.0, down);
	EXPECT_EQ(IPPP_HANGUP_IDLE, reason_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_HANGUP_PEER, reason_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_b, UNIT_B));
	EXPECT_TRUE(!!(read_events(self->mon_a, 200) &
		       (1U << IPPP_EVENT_HANGUP)));
}

TEST_F_TIMEOUT(line, inbound_junk_does_not_hold_line, 60)
{
	double start, down = 0;
	int sink;
	pid_t junk;

	ASSERT_EQ(0, set_active(self, "outbound"));
	ASSERT_EQ(0, set_unit_a(self, IPPP_A_IDLE, 2, 0));
	ASSERT_EQ(0, ippp_unit_cmd(self->fd_a, self->family,
				   IPPP_CMD_UNIT_DIAL, UNIT_A, &self->req,
				   &self->rep));
	ASSERT_EQ(0, ippp_wait_state(self->fd_a, self->family, UNIT_A,
				     IPPP_LINE_ONLINE, 5000, &self->req,
				     &self->rep));

	/* A sink on A, so the junk draws no ICMP reply from A. */
	sink = udp_sink(NS_A, 9999);
	ASSERT_LE(0, sink);
	junk = udp_flow(NS_B, ADDR_A, 9999, 100);
	start = now_s();
	while (now_s() - start < 15) {
		if (state_of(self, self->fd_a, UNIT_A) == IPPP_LINE_OFFLINE) {
			down = now_s() - start;
			break;
		}
		usleep(50000);
	}
	stop(junk);
	close(sink);

	TH_LOG("hung up after %.2f s of inbound junk", down);
	EXPECT_LT(0.5, down);
	EXPECT_GT(10.0, down);
	EXPECT_EQ(IPPP_HANGUP_IDLE, reason_of(self, self->fd_a, UNIT_A));
}

TEST_F(line, dial_queue_keeps_eight_in_order)
{
	struct sockaddr_in sa = addr4(ADDR_B, 7004);
	struct pollfd pfd;
	int sink, fd, i, got = 0;
	uint32_t seq;

	ASSERT_EQ(0, set_unit_a(self, IPPP_A_DIALMODE, IPPP_DIALMODE_AUTO,
				IPPP_A_DIAL_DELAY, 1000, IPPP_A_QUEUE_LEN, 8, 0))
		TH_LOG("%s", self->rep.extack);
	sink = udp_sink(NS_B, 7004);
	ASSERT_LE(0, sink);
	fd = socket_in(NS_A, AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, fd);
	for (seq = 0; seq < 9; seq++)
		ASSERT_EQ(4, sendto(fd, &seq, 4, 0, (void *)&sa, sizeof(sa)));
	EXPECT_EQ(IPPP_LINE_DIALING, state_of(self, self->fd_a, UNIT_A));

	pfd = (struct pollfd){ .fd = sink, .events = POLLIN };
	for (i = 0; poll(&pfd, 1, 3000) == 1 && i < 9; i++) {
		ASSERT_EQ(4, recv(sink, &seq, 4, 0));
		EXPECT_EQ((uint32_t)i, seq);
		got++;
	}
	close(fd);
	close(sink);
	EXPECT_EQ(8, got);
	EXPECT_EQ(1U, stat_of(self, self->fd_a, UNIT_A,
			      IPPP_STATS_A_QUEUE_DROPS));
}

/* Keep UDP flowing both ways while the line is torn down. */
static void start_traffic(pid_t pids[2], int sinks[2])
{
	sinks[0] = udp_sink(NS_A, 7005);
	sinks[1] = udp_sink(NS_B, 7005);
	pids[0] = udp_flow(NS_A, ADDR_B, 7005, 1);
	pids[1] = udp_flow(NS_B, ADDR_A, 7005, 1);
	usleep(300000);
}

static void stop_traffic(pid_t pids[2], int sinks[2])
{
	stop(pids[0]);
	stop(pids[1]);
	close(sinks[0]);
	close(sinks[1]);
}

static void bring_up(FIXTURE_DATA(line) *self,
		     struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, ippp_unit_cmd(self->fd_a, self->family,
				   IPPP_CMD_UNIT_DIAL, UNIT_A, &self->req,
				   &self->rep));
	ASSERT_EQ(0, ippp_wait_state(self->fd_a, self->family, UNIT_A,
				     IPPP_LINE_ONLINE, 5000, &self->req,
				     &self->rep));
}

TEST_F(line, peer_hangup_under_traffic)
{
	int sinks[2];
	pid_t pids[2];

	bring_up(self, _metadata);
	start_traffic(pids, sinks);
	EXPECT_EQ(0, ippp_unit_cmd(self->fd_b, self->family,
				   IPPP_CMD_UNIT_HANGUP, UNIT_B, &self->req,
				   &self->rep));
	stop_traffic(pids, sinks);

	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(IPPP_HANGUP_PEER, reason_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_HANGUP_MANUAL, reason_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(-ENOTCONN, ippp_unit_cmd(self->fd_a, self->family,
					   IPPP_CMD_UNIT_HANGUP, UNIT_A,
					   &self->req, &self->rep));
	EXPECT_STREQ("line is offline", self->rep.extack);
}

TEST_F(line, unwire_under_traffic)
{
	int sinks[2];
	pid_t pids[2];

	bring_up(self, _metadata);
	start_traffic(pids, sinks);
	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT_B);
	nl_put_u32(&self->req, IPPP_A_PEER_IFINDEX, 0);
	EXPECT_EQ(0, nl_talk(self->fd_b, &self->req, &self->rep));
	stop_traffic(pids, sinks);

	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(IPPP_HANGUP_PEER, reason_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_HANGUP_PEER, reason_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(-ENOTCONN, ippp_unit_cmd(self->fd_a, self->family,
					   IPPP_CMD_UNIT_DIAL, UNIT_A,
					   &self->req, &self->rep));
}

TEST_F(line, delete_unit_under_traffic)
{
	int sinks[2];
	pid_t pids[2];

	bring_up(self, _metadata);
	start_traffic(pids, sinks);
	EXPECT_EQ(0, run_cmd("ip -n " NS_B " link del " UNIT_B));
	stop_traffic(pids, sinks);

	EXPECT_EQ(IPPP_LINE_OFFLINE, state_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_HANGUP_PEER, reason_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(-ENOTCONN, ippp_unit_cmd(self->fd_a, self->family,
					   IPPP_CMD_UNIT_DIAL, UNIT_A,
					   &self->req, &self->rep));
}

TEST_F(line, admin_down_hangs_up)
{
	bring_up(self, _metadata);
	EXPECT_EQ(0, run_cmd("ip -n " NS_A " link set " UNIT_A " down"));
	EXPECT_EQ(IPPP_HANGUP_ADMIN, reason_of(self, self->fd_a, UNIT_A));
	EXPECT_EQ(IPPP_HANGUP_PEER, reason_of(self, self->fd_b, UNIT_B));
	EXPECT_EQ(-ENETDOWN, ippp_unit_cmd(self->fd_a, self->family,
					   IPPP_CMD_UNIT_DIAL, UNIT_A,
					   &self->req, &self->rep));
}

/* Exit codes: 0 denied as expected, 1 allowed, 2 set-up failure. */
static int join_as_nobody(int group)
{
	int fd;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 2;
	fd = nl_open();
	if (fd < 0)
		return 2;
	if (!setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
			sizeof(group)))
		return 1;
	return errno == EPERM ? 0 : 1;
}

TEST_F(line, monitor_needs_net_admin)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(join_as_nobody(self->mcgrp));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
