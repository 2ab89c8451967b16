// SPDX-License-Identifier: GPL-2.0
/*
 * Frames on the line: control frames carried to and from /dev/ipppN
 * unfiltered, and compressed address/control and protocol fields decoded
 * so that filters see the same pseudo-header as for uncompressed frames.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define NS_A	"ippp-frames-a"
#define NS_B	"ippp-frames-b"
#define UNIT_A	"ipppfa"
#define UNIT_B	"ipppfb"
#define ADDR_A	"10.199.3.1"
#define ADDR_B	"10.199.3.2"

/* An LCP Echo-Request (RFC 1661 section 5.8), protocol field first. */
static const unsigned char lcp_echo[] = {
	0xc0, 0x21, 0x09, 0x01, 0x00, 0x08, 0x12, 0x34, 0x56, 0x78,
};

/* "ip" and "tcp" on the DLT_PPP_PPPD layout. */
static const struct sock_filter prog_ip[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

static const struct sock_filter prog_tcp[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0x0021 },
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 13 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 6 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

/* Accept when the first two bytes are 0x0100: outbound, then 0. */
static const struct sock_filter prog_outbound_word[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 0 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0100 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

/* Accept when the first two bytes are 0x0000: inbound, then 0. */
static const struct sock_filter prog_inbound_word[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 0 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0000 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

FIXTURE(line) {
	int fd_a, fd_b;
	int family;
	uint32_t unit_a, unit_b;
	struct nl_req req;
	struct nl_reply rep;
};

static uint32_t unit_number(FIXTURE_DATA(line) *self, int fd,
			    const char *name)
{
	struct nlattr *attr;

	if (ippp_unit_cmd(fd, self->family, IPPP_CMD_UNIT_GET, name,
			  &self->req, &self->rep))
		return UINT32_MAX;
	attr = nl_msg_attr(nl_reply_msg(&self->rep, 0), IPPP_A_UNIT);
	return attr ? *(uint32_t *)nl_data(attr) : UINT32_MAX;
}

static int open_unit(uint32_t unit)
{
	char path[64];
	int i, fd = -1;

	snprintf(path, sizeof(path), "/dev/ippp%u", unit);
	for (i = 0; i < 100 && fd < 0; i++) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			usleep(20000);
	}
	return fd;
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
	ASSERT_EQ(0, nl_talk(fd, &self->req, &self->rep));
	self->unit_a = unit_number(self, fd, UNIT_A);
	self->unit_b = unit_number(self, fd, UNIT_B);
	close(fd);

	ASSERT_EQ(0, run_cmd(
		"set -e;"
		"ip link set " UNIT_A " netns " NS_A ";"
		"ip link set " UNIT_B " netns " NS_B ";"
		"ip -n " NS_A " link set lo up; ip -n " NS_B " link set lo up;"
		"ip -n " NS_A " link set " UNIT_A " up;"
		"ip -n " NS_B " link set " UNIT_B " up;"
		"ip -n " NS_A " addr add " ADDR_A " peer " ADDR_B " dev " UNIT_A ";"
		"ip -n " NS_B " addr add " ADDR_B " peer " ADDR_A " dev " UNIT_B));

	ASSERT_EQ(0, enter_netns(NS_B));
	self->fd_b = nl_open();
	ASSERT_EQ(0, enter_netns(NS_A));
	self->fd_a = nl_open();
	ASSERT_LE(0, self->fd_a);
	ASSERT_LE(0, self->fd_b);
	ASSERT_EQ(0, ippp_unit_cmd(self->fd_a, self->family, IPPP_CMD_UNIT_DIAL,
				   UNIT_A, &self->req, &self->rep));
	ASSERT_EQ(0, ippp_wait_state(self->fd_a, self->family, UNIT_A,
				     IPPP_LINE_ONLINE, 5000, &self->req,
				     &self->rep));
}

FIXTURE_TEARDOWN(line)
{
	close(self->fd_a);
	close(self->fd_b);
	run_cmd("ip netns del " NS_A "; ip netns del " NS_B);
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

static int set_filter(FIXTURE_DATA(line) *self, int fd, const char *unit,
		      int type, const struct sock_filter *insns,
		      unsigned int len)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, unit);
	ippp_put_filter(&self->req, type, insns, len, NULL);
	return nl_talk(fd, &self->req, &self->rep);
}

static int set_flags(FIXTURE_DATA(line) *self, int fd, const char *unit,
		     uint32_t flags)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, unit);
	nl_put_u32(&self->req, IPPP_A_FLAGS, flags);
	return nl_talk(fd, &self->req, &self->rep);
}

static int ping_b(int count)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd),
		 "ip netns exec " NS_A " ping -c %d -i 0.2 -W 1 " ADDR_B
		 " > /dev/null 2>&1", count);
	return run_cmd(cmd);
}

TEST_F(line, control_frames_reach_reader_unfiltered)
{
	unsigned char buf[64];
	struct pollfd pfd;
	uint64_t active;
	int dev_a, dev_b;

	/* A pass filter that drops all but IPv4 must not touch LCP. */
	ASSERT_EQ(0, set_filter(self, self->fd_b, UNIT_B, IPPP_A_PASS,
				prog_ip, 4));
	dev_a = open_unit(self->unit_a);
	dev_b = open_unit(self->unit_b);
	ASSERT_LE(0, dev_a);
	ASSERT_LE(0, dev_b);

	pfd = (struct pollfd){ .fd = dev_b, .events = POLLIN };
	EXPECT_EQ(0, poll(&pfd, 1, 100));
	active = stat_of(self, self->fd_b, UNIT_B, IPPP_STATS_A_RX_ACTIVE);

	ASSERT_EQ((ssize_t)sizeof(lcp_echo),
		  write(dev_a, lcp_echo, sizeof(lcp_echo)));
	ASSERT_EQ(1, poll(&pfd, 1, 2000));
	EXPECT_TRUE(!!(pfd.revents & POLLIN));
	ASSERT_EQ((ssize_t)sizeof(lcp_echo), read(dev_b, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, lcp_echo, sizeof(lcp_echo)));

	EXPECT_EQ(active, stat_of(self, self->fd_b, UNIT_B,
				  IPPP_STATS_A_RX_ACTIVE));
	EXPECT_EQ(1U, stat_of(self, self->fd_b, UNIT_B, IPPP_STATS_A_CTRL_RX));
	EXPECT_EQ(1U, stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_CTRL_TX));

	/* Bad protocol fields and sizes are rejected. */
	EXPECT_EQ(-1, write(dev_a, "\xc1\x21", 2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, write(dev_a, "\xc0", 1));
	EXPECT_EQ(EINVAL, errno);

	/* With no reader, the frame is dropped and counted. */
	close(dev_b);
	ASSERT_EQ((ssize_t)sizeof(lcp_echo),
		  write(dev_a, lcp_echo, sizeof(lcp_echo)));
	usleep(100000);
	EXPECT_EQ(1U, stat_of(self, self->fd_b, UNIT_B,
			      IPPP_STATS_A_CTRL_DROPS));
	close(dev_a);
}

TEST_F(line, control_frames_do_not_reset_idle)
{
	int dev_a, dev_b, i;
	unsigned char buf[64];

	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT_B);
	nl_put_u32(&self->req, IPPP_A_IDLE, 2);
	ASSERT_EQ(0, nl_talk(self->fd_b, &self->req, &self->rep));
	dev_a = open_unit(self->unit_a);
	dev_b = open_unit(self->unit_b);
	ASSERT_LE(0, dev_a);
	ASSERT_LE(0, dev_b);

	/* LCP echoes every 200 ms for 5 s: B must still hang up, idle. */
	for (i = 0; i < 25; i++) {
		if (write(dev_a, lcp_echo, sizeof(lcp_echo)) < 0)
			break;
		read(dev_b, buf, sizeof(buf));
		usleep(200000);
	}
	EXPECT_EQ(IPPP_LINE_OFFLINE,
		  ippp_unit_u8(self->fd_b, self->family, UNIT_B,
			       IPPP_A_LINE_STATE, &self->req, &self->rep));
	EXPECT_EQ(IPPP_HANGUP_IDLE,
		  ippp_unit_u8(self->fd_b, self->family, UNIT_B,
			       IPPP_A_HANGUP_REASON, &self->req, &self->rep));
	close(dev_a);
	close(dev_b);
}

/* Check that B's pass filter @insns sees all of 3 pings from A. */
static void pings_pass(FIXTURE_DATA(line) *self,
		       struct __test_metadata *_metadata,
		       const struct sock_filter *insns, unsigned int len)
{
	uint64_t passed, dropped;

	ASSERT_EQ(0, set_filter(self, self->fd_b, UNIT_B, IPPP_A_PASS,
				insns, len));
	passed = stat_of(self, self->fd_b, UNIT_B, IPPP_STATS_A_RX_PASSED);
	dropped = stat_of(self, self->fd_b, UNIT_B, IPPP_STATS_A_RX_DROPPED);
	EXPECT_EQ(0, ping_b(3));
	EXPECT_EQ(passed + 3, stat_of(self, self->fd_b, UNIT_B,
				      IPPP_STATS_A_RX_PASSED));
	EXPECT_EQ(dropped, stat_of(self, self->fd_b, UNIT_B,
				   IPPP_STATS_A_RX_DROPPED));
}

TEST_F(line, compressed_frames_match_like_plain)
{
	static const uint32_t forms[] = {
		0, IPPP_FLAG_ACFC, IPPP_FLAG_PFC, IPPP_FLAG_ACFC | IPPP_FLAG_PFC,
	};
	unsigned int i;

	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, set_flags(self, self->fd_a, UNIT_A, forms[i]));
		ASSERT_EQ(0, set_flags(self, self->fd_b, UNIT_B, forms[i]));
		pings_pass(self, _metadata, prog_ip, 4);
		TH_LOG("flags 0x%x: ip ok", forms[i]);
	}

	/* TCP over fully compressed frames matches "tcp" on B. */
	ASSERT_EQ(0, set_filter(self, self->fd_b, UNIT_B, IPPP_A_PASS,
				prog_tcp, 6));
	ASSERT_EQ(0, set_filter(self, self->fd_a, UNIT_A, IPPP_A_PASS,
				prog_tcp, 6));
	EXPECT_EQ(0, run_cmd(
		"ip netns exec " NS_B " timeout 5 nc -l -p 7010 > /dev/null &"
		"sleep 0.3; echo hi | ip netns exec " NS_A
		" timeout 5 nc -w 1 " ADDR_B " 7010; wait"));
	EXPECT_EQ(0U, stat_of(self, self->fd_b, UNIT_B,
			      IPPP_STATS_A_RX_DROPPED));
	EXPECT_LT(0U, stat_of(self, self->fd_b, UNIT_B,
			      IPPP_STATS_A_RX_PASSED));
}

TEST_F(line, pseudo_header_first_word_by_direction)
{
	uint64_t tx_passed, tx_dropped, rx_passed, rx_dropped;

	/* On A: outbound frames read 0x0100, inbound ones 0x0000. */
	ASSERT_EQ(0, set_flags(self, self->fd_a, UNIT_A,
			       IPPP_FLAG_ACFC | IPPP_FLAG_PFC));
	ASSERT_EQ(0, set_filter(self, self->fd_a, UNIT_A, IPPP_A_PASS,
				prog_outbound_word, 4));
	tx_passed = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_TX_PASSED);
	tx_dropped = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_TX_DROPPED);
	rx_passed = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_RX_PASSED);
	rx_dropped = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_RX_DROPPED);
	ping_b(3);
	EXPECT_EQ(tx_passed + 3, stat_of(self, self->fd_a, UNIT_A,
					 IPPP_STATS_A_TX_PASSED));
	EXPECT_EQ(tx_dropped, stat_of(self, self->fd_a, UNIT_A,
				      IPPP_STATS_A_TX_DROPPED));
	EXPECT_EQ(rx_passed, stat_of(self, self->fd_a, UNIT_A,
				     IPPP_STATS_A_RX_PASSED));
	EXPECT_EQ(rx_dropped + 3, stat_of(self, self->fd_a, UNIT_A,
					  IPPP_STATS_A_RX_DROPPED));

	ASSERT_EQ(0, set_filter(self, self->fd_a, UNIT_A, IPPP_A_PASS,
				prog_inbound_word, 4));
	tx_dropped = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_TX_DROPPED);
	rx_dropped = stat_of(self, self->fd_a, UNIT_A, IPPP_STATS_A_RX_DROPPED);
	ping_b(3);
	EXPECT_EQ(tx_dropped + 3, stat_of(self, self->fd_a, UNIT_A,
					  IPPP_STATS_A_TX_DROPPED));
	EXPECT_EQ(rx_dropped, stat_of(self, self->fd_a, UNIT_A,
				      IPPP_STATS_A_RX_DROPPED));
}

TEST_HARNESS_MAIN
