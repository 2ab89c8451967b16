// SPDX-License-Identifier: GPL-2.0
/*
 * The module built with CONFIG_IPPP_FILTER=n: the filter commands return
 * EOPNOTSUPP with an extended ACK, FILTER_GET still works and shows no
 * filter, the ioctls reject a program, and every packet passes and counts
 * as active.
 *
 * Each test replaces the loaded ippp module by that build, from
 * $IPPP_NOFILTER_KO (default /vmtest/ippp-nofilter.ko, where the VM
 * runner puts it), and loads the normal module again afterwards. Without
 * that file every test is skipped.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/ppp-ioctl.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define DEFAULT_KO	"/vmtest/ippp-nofilter.ko"
#define NS_A		"ippp-nf-a"
#define NS_B		"ippp-nf-b"
#define ADDR_A		"10.199.3.1"
#define ADDR_B		"10.199.3.2"
#define NO_FILTER_MSG	"without filter support"

static const struct sock_filter accept_all[] = {
	{ BPF_RET | BPF_K, 0, 0, 65535 },
};

static const char *nofilter_ko(void)
{
	const char *ko = getenv("IPPP_NOFILTER_KO");

	return ko && *ko ? ko : DEFAULT_KO;
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

FIXTURE(nofilter) {
	int fd;
	int family;
	struct nl_req req;
	struct nl_reply rep;
};

FIXTURE_SETUP(nofilter)
{
	char cmd[512];

	self->fd = -1;
	if (access(nofilter_ko(), R_OK))
		SKIP(return, "%s not found: no CONFIG_IPPP_FILTER=n build to test",
		     nofilter_ko());
	if (geteuid())
		SKIP(return, "needs root to load modules");

	run_cmd("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	snprintf(cmd, sizeof(cmd),
		 "{ ! [ -d /sys/module/ippp ] || rmmod ippp; } && insmod %s",
		 nofilter_ko());
	ASSERT_EQ(0, run_cmd(cmd));
	ASSERT_EQ(0, run_cmd("ip link add ipppnf0 type ippp"));

	self->fd = nl_open();
	ASSERT_LE(0, self->fd);
	self->family = ippp_family(self->fd);
	ASSERT_LT(0, self->family);
}

FIXTURE_TEARDOWN(nofilter)
{
	if (self->fd >= 0)
		close(self->fd);
	if (access(nofilter_ko(), R_OK) || geteuid())
		return;
	run_cmd("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null;"
		"ip link del ipppnf0 2>/dev/null;"
		"rmmod ippp; modprobe ippp");
}

TEST_F(nofilter, filter_set_not_supported)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "ipppnf0");
	ippp_put_filter(&self->req, IPPP_A_PASS, accept_all, 1, "all");
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_NE(NULL, strstr(self->rep.extack, NO_FILTER_MSG))
		TH_LOG("extack: \"%s\"", self->rep.extack);
}

TEST_F(nofilter, filter_set_both_not_supported)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "ipppnf0");
	ippp_put_filter(&self->req, IPPP_A_PASS, accept_all, 1, NULL);
	ippp_put_filter(&self->req, IPPP_A_ACTIVE, accept_all, 1, NULL);
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_NE(NULL, strstr(self->rep.extack, NO_FILTER_MSG))
		TH_LOG("extack: \"%s\"", self->rep.extack);
}

TEST_F(nofilter, filter_clear_not_supported)
{
	EXPECT_EQ(-EOPNOTSUPP,
		  ippp_unit_cmd(self->fd, self->family, IPPP_CMD_FILTER_CLEAR,
				"ipppnf0", &self->req, &self->rep));
	EXPECT_NE(NULL, strstr(self->rep.extack, NO_FILTER_MSG))
		TH_LOG("extack: \"%s\"", self->rep.extack);
}

TEST_F(nofilter, filter_get_shows_no_filter)
{
	struct nlmsghdr *msg;
	int i;

	ASSERT_EQ(0, ippp_unit_cmd(self->fd, self->family, IPPP_CMD_FILTER_GET,
				   "ipppnf0", &self->req, &self->rep))
		TH_LOG("extack: \"%s\"", self->rep.extack);
	msg = nl_reply_msg(&self->rep, 0);
	ASSERT_NE(NULL, msg);
	EXPECT_EQ(NULL, nl_msg_attr(msg, IPPP_A_PASS));
	EXPECT_EQ(NULL, nl_msg_attr(msg, IPPP_A_ACTIVE));
	EXPECT_NE(NULL, nl_msg_attr(msg, IPPP_A_STATS));

	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(self->fd, &self->req, &self->rep));
	ASSERT_LE(1, self->rep.count);
	for (i = 0; i < self->rep.count; i++) {
		msg = nl_reply_msg(&self->rep, i);
		EXPECT_EQ(NULL, nl_msg_attr(msg, IPPP_A_PASS));
		EXPECT_EQ(NULL, nl_msg_attr(msg, IPPP_A_ACTIVE));
	}
}

TEST_F(nofilter, ioctl_set_not_supported)
{
	struct sock_filter insns[1];
	struct sock_fprog prog = { .len = 1, .filter = insns };
	int unit_fd, unit = -1;
	char path[32];

	memcpy(insns, accept_all, sizeof(insns));
	ASSERT_EQ(0, ippp_unit_cmd(self->fd, self->family, IPPP_CMD_UNIT_GET,
				   "ipppnf0", &self->req, &self->rep));
	unit = *(uint32_t *)nl_data(nl_msg_attr(nl_reply_msg(&self->rep, 0),
						IPPP_A_UNIT));
	snprintf(path, sizeof(path), "/dev/ippp%d", unit);
	unit_fd = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, unit_fd) TH_LOG("open %s: %s", path, strerror(errno));

	EXPECT_EQ(-1, ioctl(unit_fd, PPPIOCSPASS, &prog));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, ioctl(unit_fd, PPPIOCSACTIVE, &prog));
	EXPECT_EQ(EOPNOTSUPP, errno);
	/* Length 0 clears, which succeeds with nothing to clear. */
	prog.len = 0;
	prog.filter = NULL;
	EXPECT_EQ(0, ioctl(unit_fd, PPPIOCSPASS, &prog))
		TH_LOG("clear: %s", strerror(errno));
	close(unit_fd);
}

TEST_F(nofilter, traffic_passes_and_counts_active)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	uint64_t rx_passed, rx_active;
	int i, sock, fd_b;

	ASSERT_EQ(0, run_cmd("set -e; ip link del ipppnf0;"
			     "ip netns add " NS_A "; ip netns add " NS_B ";"
			     "ip link add ipppnfa type ippp;"
			     "ip link add ipppnfb type ippp"));
	nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "ipppnfa");
	nl_put_str(&self->req, IPPP_A_PEER_IFNAME, "ipppnfb");
	ASSERT_EQ(0, nl_talk(self->fd, &self->req, &self->rep))
		TH_LOG("wire: %s", self->rep.extack);
	ASSERT_EQ(0, run_cmd("set -e;"
			     "ip link set ipppnfa netns " NS_A ";"
			     "ip link set ipppnfb netns " NS_B ";"
			     "ip -n " NS_A " addr add " ADDR_A " peer " ADDR_B " dev ipppnfa;"
			     "ip -n " NS_B " addr add " ADDR_B " peer " ADDR_A " dev ipppnfb;"
			     "ip -n " NS_A " link set ipppnfa up;"
			     "ip -n " NS_B " link set ipppnfb up"));

	ASSERT_EQ(0, enter_netns(NS_B));
	fd_b = nl_open();
	ASSERT_LE(0, fd_b);
	ASSERT_EQ(0, enter_netns(NS_A));
	close(self->fd);
	self->fd = nl_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, ippp_unit_cmd(self->fd, self->family, IPPP_CMD_UNIT_DIAL,
				   "ipppnfa", &self->req, &self->rep))
		TH_LOG("dial: %s", self->rep.extack);
	ASSERT_EQ(0, ippp_wait_state(self->fd, self->family, "ipppnfa",
				     IPPP_LINE_ONLINE, 5000, &self->req,
				     &self->rep));

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, sock);
	inet_pton(AF_INET, ADDR_B, &dst.sin_addr);
	for (i = 0; i < 10; i++)
		ASSERT_EQ(4, sendto(sock, "ippp", 4, 0, (struct sockaddr *)&dst,
				    sizeof(dst)));
	close(sock);

	ASSERT_EQ(0, ippp_unit_cmd(fd_b, self->family, IPPP_CMD_FILTER_GET,
				   "ipppnfb", &self->req, &self->rep));
	rx_passed = stat_of(&self->rep, IPPP_STATS_A_RX_PASSED);
	rx_active = stat_of(&self->rep, IPPP_STATS_A_RX_ACTIVE);
	close(fd_b);
	EXPECT_EQ(10U, rx_passed);
	EXPECT_EQ(10U, rx_active);
}

/* Without the module file, report the whole program as skipped. */
int main(int argc, char **argv)
{
	if (access(nofilter_ko(), R_OK)) {
		ksft_print_header();
		ksft_exit_skip("%s not found: no CONFIG_IPPP_FILTER=n build to test\n",
			       nofilter_ko());
	}
	return test_harness_run(argc, argv);
}
