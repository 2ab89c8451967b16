// SPDX-License-Identifier: GPL-2.0
/*
 * Replace the pass and active filters 10,000 times while UDP traffic
 * crosses a line from both CPUs. Every filter in the rotation accepts the
 * traffic, so any packet the pass filter drops, or any frame that leaves
 * one end and does not reach the other end's filters, is a lost packet.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define REPLACEMENTS	10000
#define NS_A		"ippp-stress-a"
#define NS_B		"ippp-stress-b"
#define ADDR_A		"10.199.1.1"
#define ADDR_B		"10.199.1.2"

/* Programs that accept every IPv4 UDP packet, of different shapes. */
static const struct sock_filter accept_all[] = {
	{ BPF_RET | BPF_K, 0, 0, 65535 },
};

static const struct sock_filter accept_ip[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

/* "udp": IPv4 header byte 9 (offset 4 + 9) is the protocol. */
static const struct sock_filter accept_udp[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0x0021 },
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 13 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 17 },
	{ BPF_RET | BPF_K, 0, 0, 1 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

static const struct {
	const struct sock_filter *insns;
	unsigned int len;
} rotation[] = {
	{ accept_all, 1 },
	{ accept_ip, 4 },
	{ accept_udp, 6 },
};

/*
 * Send UDP datagrams from namespace A on @cpu until SIGTERM, then write
 * the number of datagrams the kernel accepted to @out.
 */
static volatile sig_atomic_t stop_sending;

static void on_term(int sig)
{
	stop_sending = 1;
}

static void sender(int cpu, int out)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	char payload[64] = "ippp stress";
	unsigned long sent = 0;
	cpu_set_t set;
	int fd;

	signal(SIGTERM, on_term);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	if (enter_netns(NS_A))
		_exit(1);
	inet_pton(AF_INET, ADDR_B, &dst.sin_addr);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		_exit(2);
	while (!stop_sending) {
		if (sendto(fd, payload, sizeof(payload), 0,
			   (struct sockaddr *)&dst, sizeof(dst)) == sizeof(payload))
			sent++;
	}
	if (write(out, &sent, sizeof(sent)) != sizeof(sent))
		_exit(3);
	_exit(0);
}

static uint64_t stat_of(struct nl_reply *rep, int type)
{
	struct nlattr *stats, *attr;

	stats = nl_msg_attr(nl_reply_msg(rep, 0), IPPP_A_STATS);
	if (!stats)
		return UINT64_MAX;
	attr = nl_nested_attr(stats, type);
	return attr ? *(uint64_t *)nl_data(attr) : UINT64_MAX;
}

FIXTURE(line) {
	int fd_a, fd_b;
	int family;
	struct nl_req req;
	struct nl_reply rep;
};

FIXTURE_SETUP(line)
{
	run_cmd("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	ASSERT_EQ(0, run_cmd(
		"set -e;"
		"ip netns add " NS_A "; ip netns add " NS_B ";"
		"ip link add ipppsa type ippp; ip link add ipppsb type ippp"));

	/* Wire the units while both are here; the line survives the move. */
	self->fd_a = nl_open();
	ASSERT_LE(0, self->fd_a);
	self->family = ippp_family(self->fd_a);
	ASSERT_LT(0, self->family);
	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "ipppsa");
	nl_put_str(&self->req, IPPP_A_PEER_IFNAME, "ipppsb");
	ASSERT_EQ(0, nl_talk(self->fd_a, &self->req, &self->rep))
		TH_LOG("wire: %s", self->rep.extack);
	close(self->fd_a);

	ASSERT_EQ(0, run_cmd(
		"set -e;"
		"ip link set ipppsa netns " NS_A ";"
		"ip link set ipppsb netns " NS_B ";"
		"ip -n " NS_A " addr add " ADDR_A " peer " ADDR_B " dev ipppsa;"
		"ip -n " NS_B " addr add " ADDR_B " peer " ADDR_A " dev ipppsb;"
		"ip -n " NS_A " link set ipppsa up;"
		"ip -n " NS_B " link set ipppsb up"));

	ASSERT_EQ(0, enter_netns(NS_B));
	self->fd_b = nl_open();
	ASSERT_EQ(0, enter_netns(NS_A));
	self->fd_a = nl_open();
	ASSERT_LE(0, self->fd_a);
	ASSERT_LE(0, self->fd_b);

	ASSERT_EQ(0, ippp_unit_cmd(self->fd_a, self->family, IPPP_CMD_UNIT_DIAL,
				   "ipppsa", &self->req, &self->rep))
		TH_LOG("dial: %s", self->rep.extack);
	ASSERT_EQ(0, ippp_wait_state(self->fd_a, self->family, "ipppsa",
				     IPPP_LINE_ONLINE, 5000, &self->req,
				     &self->rep));
}

FIXTURE_TEARDOWN(line)
{
	close(self->fd_a);
	close(self->fd_b);
	run_cmd("ip netns del " NS_A "; ip netns del " NS_B);
}

static int get_stats(FIXTURE_DATA(line) *self, int fd, const char *unit)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, unit);
	return nl_talk(fd, &self->req, &self->rep);
}

TEST_F_TIMEOUT(line, replace_under_traffic_loses_nothing, 600)
{
	unsigned long sent, total = 0;
	uint64_t tx_passed, tx_dropped, rx_passed, rx_dropped;
	int pipes[2], i;
	pid_t pids[2];

	ASSERT_EQ(0, pipe(pipes));
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			sender(i, pipes[1]);
	}

	for (i = 0; i < REPLACEMENTS; i++) {
		unsigned int p = i % 3, a = (i + 1) % 3;

		nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
		nl_put_str(&self->req, IPPP_A_IFNAME, "ipppsa");
		ippp_put_filter(&self->req, IPPP_A_PASS, rotation[p].insns,
				rotation[p].len, NULL);
		ippp_put_filter(&self->req, IPPP_A_ACTIVE, rotation[a].insns,
				rotation[a].len, NULL);
		if (nl_talk(self->fd_a, &self->req, &self->rep))
			break;
	}
	EXPECT_EQ(REPLACEMENTS, i) TH_LOG("set %d: %s", i, self->rep.extack);

	for (i = 0; i < 2; i++)
		kill(pids[i], SIGTERM);
	for (i = 0; i < 2; i++) {
		int status;

		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		ASSERT_EQ(0, WEXITSTATUS(status));
		ASSERT_EQ((ssize_t)sizeof(sent),
			  read(pipes[0], &sent, sizeof(sent)));
		total += sent;
	}
	TH_LOG("%d replacements, %lu datagrams sent from 2 CPUs",
	       REPLACEMENTS, total);
	ASSERT_LT(1000UL, total);

	ASSERT_EQ(0, get_stats(self, self->fd_a, "ipppsa"));
	tx_passed = stat_of(&self->rep, IPPP_STATS_A_TX_PASSED);
	tx_dropped = stat_of(&self->rep, IPPP_STATS_A_TX_DROPPED);
	ASSERT_EQ(0, get_stats(self, self->fd_b, "ipppsb"));
	rx_passed = stat_of(&self->rep, IPPP_STATS_A_RX_PASSED);
	rx_dropped = stat_of(&self->rep, IPPP_STATS_A_RX_DROPPED);

	EXPECT_EQ(0U, tx_dropped);
	EXPECT_EQ(0U, rx_dropped);
	/* Nothing else sends on this line, so the counts must match. */
	EXPECT_EQ(total, tx_passed);
	EXPECT_EQ(tx_passed, rx_passed);
}

TEST_HARNESS_MAIN
