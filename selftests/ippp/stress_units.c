// SPDX-License-Identifier: GPL-2.0
/*
 * Unit lifetime under load: dumps that race with units being created and
 * deleted, deletion of a unit while threads hammer PPPIOCSPASS on its
 * /dev/ipppN, a thousand units with filters listed and deleted, filters
 * replaced on both ends of a line under traffic both ways, and unloading
 * the module once everything is gone.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <net/if.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/if_link.h>
#include <linux/ppp-ioctl.h>
#include <linux/rtnetlink.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define MANY_UNITS		1000
#define CHURN_ROUNDS		300
#define DELETE_ROUNDS		20
#define IOCTL_THREADS		3
#define MANY_GROUP		4242

static const struct sock_filter prog_ip[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

static const struct sock_filter prog_all[] = {
	{ BPF_RET | BPF_K, 0, 0, 1 },
};

static int rtnl_open(void)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int one = 1;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&local, sizeof(local))) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

/*
 * Send an rtnetlink request and wait for its ACK. nl_talk() would take a
 * request with NLM_F_EXCL for a dump, since NLM_F_EXCL and NLM_F_MATCH
 * share a bit, and wait for an NLMSG_DONE that never comes.
 */
static int rtnl_talk(int fd, struct nl_req *req, struct nl_reply *rep)
{
	static char buf[64 * 1024];
	static uint32_t seq;

	rep->err = 0;
	rep->extack[0] = '\0';
	req->nlh.nlmsg_seq = ++seq;
	if (send(fd, &req->nlh, req->nlh.nlmsg_len, 0) < 0)
		return rep->err = -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return rep->err = -errno;
		for (nlh = (void *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != req->nlh.nlmsg_seq ||
			    nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			rep->err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			nl_parse_extack(rep, nlh);
			return rep->err;
		}
	}
}

/* Start an rtnetlink link request: the header and an empty ifinfomsg. */
static void rtnl_link_req(struct nl_req *req, int type, uint16_t flags)
{
	memset(&req->nlh, 0, NLMSG_HDRLEN + sizeof(struct ifinfomsg));
	req->nlh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req->nlh.nlmsg_type = type;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	((struct ifinfomsg *)NLMSG_DATA(&req->nlh))->ifi_family = AF_UNSPEC;
}

/*
 * "ip link add NAME group GROUP type ippp" without a fork and exec per
 * unit; group 0 is the default group.
 */
static int unit_add_group(int rtnl, const char *name, uint32_t group,
			  struct nl_req *req, struct nl_reply *rep)
{
	rtnl_link_req(req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	nl_put_str(req, IFLA_IFNAME, name);
	if (group)
		nl_put_u32(req, IFLA_GROUP, group);
	nl_nest_start(req, IFLA_LINKINFO);
	nl_put_str(req, IFLA_INFO_KIND, "ippp");
	nl_nest_end(req);
	return rtnl_talk(rtnl, req, rep);
}

static int unit_add(int rtnl, const char *name, struct nl_req *req,
		    struct nl_reply *rep)
{
	return unit_add_group(rtnl, name, 0, req, rep);
}

static int unit_del(int rtnl, const char *name, struct nl_req *req,
		    struct nl_reply *rep)
{
	rtnl_link_req(req, RTM_DELLINK, 0);
	nl_put_str(req, IFLA_IFNAME, name);
	return rtnl_talk(rtnl, req, rep);
}

/* "ip link del group GROUP": one request, one batch of unregistrations. */
static int group_del(int rtnl, uint32_t group, struct nl_req *req,
		     struct nl_reply *rep)
{
	rtnl_link_req(req, RTM_DELLINK, 0);
	nl_put_u32(req, IFLA_GROUP, group);
	return rtnl_talk(rtnl, req, rep);
}

static int set_filters(int fd, int family, const char *name,
		       struct nl_req *req, struct nl_reply *rep)
{
	nl_req_init(req, family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(req, IPPP_A_IFNAME, name);
	ippp_put_filter(req, IPPP_A_PASS, prog_ip, 4, "ip");
	ippp_put_filter(req, IPPP_A_ACTIVE, prog_all, 1, NULL);
	return nl_talk(fd, req, rep);
}

/*
 * Check the messages of a dump reply: each one a message of the family
 * with the command asked for and the unit's ids. Return the number of
 * messages flagged NLM_F_DUMP_INTR, or -1 for a malformed one.
 */
static int check_dump(struct nl_reply *rep, int family, int cmd)
{
	int i, interrupted = 0;

	for (i = 0; i < rep->count; i++) {
		struct nlmsghdr *msg = nl_reply_msg(rep, i);
		struct genlmsghdr *genl = NLMSG_DATA(msg);

		if (msg->nlmsg_type != family || genl->cmd != cmd ||
		    !nl_msg_attr(msg, IPPP_A_IFINDEX) ||
		    !nl_msg_attr(msg, IPPP_A_IFNAME))
			return -1;
		if (msg->nlmsg_flags & NLM_F_DUMP_INTR)
			interrupted++;
	}
	return interrupted;
}

struct units {
	int rtnl, fd, family;
	struct nl_req req;
	struct nl_reply rep;
};

FIXTURE(units) {
	struct units u;
};

FIXTURE_SETUP(units)
{
	run_cmd("for d in $(ip -o link show type ippp | awk -F': ' '{ print $2 }');"
		" do ip link del \"${d%@*}\"; done");
	self->u.rtnl = rtnl_open();
	ASSERT_LE(0, self->u.rtnl);
	self->u.fd = nl_open();
	ASSERT_LE(0, self->u.fd);
	self->u.family = ippp_family(self->u.fd);
	ASSERT_LT(0, self->u.family);
}

FIXTURE_TEARDOWN(units)
{
	close(self->u.rtnl);
	close(self->u.fd);
	run_cmd("for d in $(ip -o link show type ippp | awk -F': ' '{ print $2 }');"
		" do ip link del \"${d%@*}\"; done");
}

/*
 * Create, filter and delete units in a child while the parent dumps both
 * FILTER_GET and UNIT_GET. Every dump must complete with well-formed
 * messages; NLM_F_DUMP_INTR marks the ones that spanned a change.
 */
TEST_F_TIMEOUT(units, dump_races_create_delete, 300)
{
	static struct units churn;
	int dumps = 0, interrupted = 0, status, n;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char name[32];
		int i;

		churn.rtnl = rtnl_open();
		churn.fd = nl_open();
		if (churn.rtnl < 0 || churn.fd < 0)
			_exit(1);
		for (i = 0; i < CHURN_ROUNDS; i++) {
			snprintf(name, sizeof(name), "ipppch%d", i % 8);
			if (unit_add(churn.rtnl, name, &churn.req, &churn.rep))
				_exit(2);
			if (set_filters(churn.fd, self->u.family, name,
					&churn.req, &churn.rep))
				_exit(3);
			if (i >= 4) {
				snprintf(name, sizeof(name), "ipppch%d",
					 (i - 4) % 8);
				if (unit_del(churn.rtnl, name, &churn.req,
					     &churn.rep))
					_exit(4);
			}
		}
		_exit(0);
	}

	while (waitpid(pid, &status, WNOHANG) == 0) {
		int cmd = dumps % 2 ? IPPP_CMD_UNIT_GET : IPPP_CMD_FILTER_GET;

		nl_req_init(&self->u.req, self->u.family, cmd, NLM_F_DUMP);
		ASSERT_EQ(0, nl_talk(self->u.fd, &self->u.req, &self->u.rep))
			TH_LOG("dump %d: %s", dumps, self->u.rep.extack);
		n = check_dump(&self->u.rep, self->u.family, cmd);
		ASSERT_LE(0, n) TH_LOG("dump %d has a malformed message", dumps);
		interrupted += n;
		dumps++;
	}
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("churn step failed");
	TH_LOG("%d dumps during %d creations, %d messages flagged interrupted",
	       dumps, CHURN_ROUNDS, interrupted);
	ASSERT_LT(0, dumps);
}

struct hammer {
	int fd;
	atomic_uint ok, gone, other;
	int other_errno;
};

/* Set and clear the pass filter until the unit is gone. */
static void *hammer_pass(void *arg)
{
	struct hammer *h = arg;
	struct sock_filter insns[4];
	struct sock_fprog prog = { .filter = insns };
	unsigned int i;

	memcpy(insns, prog_ip, sizeof(insns));
	for (i = 0;; i++) {
		prog.len = i % 2 ? 4 : 0;
		if (ioctl(h->fd, PPPIOCSPASS, &prog) == 0) {
			atomic_fetch_add(&h->ok, 1);
		} else if (errno == ENXIO) {
			atomic_fetch_add(&h->gone, 1);
			break;
		} else {
			h->other_errno = errno;
			atomic_fetch_add(&h->other, 1);
			break;
		}
	}
	return NULL;
}

/*
 * Delete a unit while threads set its pass filter through /dev/ipppN. The
 * ioctls succeed until the unit is gone and fail with ENXIO after it, which
 * ends each thread. The file stays safe to use until it is closed.
 */
TEST_F_TIMEOUT(units, delete_during_ioctl, 300)
{
	pthread_t threads[IOCTL_THREADS];
	struct hammer h;
	char path[32];
	int round, i, unit;

	for (round = 0; round < DELETE_ROUNDS; round++) {
		ASSERT_EQ(0, unit_add(self->u.rtnl, "ipppdel0", &self->u.req,
				      &self->u.rep))
			TH_LOG("add: %s", self->u.rep.extack);
		ASSERT_EQ(0, ippp_unit_cmd(self->u.fd, self->u.family,
					   IPPP_CMD_UNIT_GET, "ipppdel0",
					   &self->u.req, &self->u.rep));
		unit = *(uint32_t *)nl_data(nl_msg_attr(
				nl_reply_msg(&self->u.rep, 0), IPPP_A_UNIT));
		snprintf(path, sizeof(path), "/dev/ippp%d", unit);

		memset(&h, 0, sizeof(h));
		h.fd = open(path, O_RDWR | O_CLOEXEC);
		ASSERT_LE(0, h.fd) TH_LOG("open %s: %s", path, strerror(errno));
		for (i = 0; i < IOCTL_THREADS; i++)
			ASSERT_EQ(0, pthread_create(&threads[i], NULL,
						    hammer_pass, &h));
		/* Let the threads get going, at a different point each round. */
		usleep(1000 * (1 + round % 7));
		ASSERT_EQ(0, unit_del(self->u.rtnl, "ipppdel0", &self->u.req,
				      &self->u.rep))
			TH_LOG("delete: %s", self->u.rep.extack);
		for (i = 0; i < IOCTL_THREADS; i++)
			pthread_join(threads[i], NULL);

		EXPECT_EQ(0U, atomic_load(&h.other))
			TH_LOG("round %d: unexpected errno %d (%s)", round,
			       h.other_errno, strerror(h.other_errno));
		EXPECT_EQ((unsigned int)IOCTL_THREADS, atomic_load(&h.gone))
			TH_LOG("round %d: %u of %d threads saw ENXIO", round,
			       atomic_load(&h.gone), IOCTL_THREADS);
		/* Every ioctl on the orphaned file fails the same way. */
		EXPECT_EQ(-1, ioctl(h.fd, PPPIOCGUNIT, &unit));
		EXPECT_EQ(ENXIO, errno);
		close(h.fd);
	}
}

/*
 * A thousand units, each with both filters: a dump lists every one with
 * its exact programs, then one request deletes them all and the dump is
 * empty.
 */
TEST_F_TIMEOUT(units, thousand_units_with_filters, 600)
{
	static bool seen[MANY_UNITS];
	char name[32];
	int i, listed = 0;
	size_t off;

	for (i = 0; i < MANY_UNITS; i++) {
		snprintf(name, sizeof(name), "ipppk%d", i);
		ASSERT_EQ(0, unit_add_group(self->u.rtnl, name, MANY_GROUP,
					    &self->u.req, &self->u.rep))
			TH_LOG("add %s: %s", name, self->u.rep.extack);
		ASSERT_EQ(0, set_filters(self->u.fd, self->u.family, name,
					 &self->u.req, &self->u.rep))
			TH_LOG("filter %s: %s", name, self->u.rep.extack);
	}

	nl_req_init(&self->u.req, self->u.family, IPPP_CMD_FILTER_GET,
		    NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(self->u.fd, &self->u.req, &self->u.rep));
	for (off = 0; off < self->u.rep.len;) {
		struct nlmsghdr *msg = (void *)(self->u.rep.buf + off);
		struct nlattr *ifname, *pass, *active, *insns;

		off += NLMSG_ALIGN(msg->nlmsg_len);
		ifname = nl_msg_attr(msg, IPPP_A_IFNAME);
		ASSERT_NE(NULL, ifname);
		if (sscanf(nl_data(ifname), "ipppk%d", &i) != 1)
			continue;
		ASSERT_LE(0, i);
		ASSERT_GT(MANY_UNITS, i);
		ASSERT_FALSE(seen[i]) TH_LOG("ipppk%d listed twice", i);
		seen[i] = true;
		listed++;

		pass = nl_msg_attr(msg, IPPP_A_PASS);
		active = nl_msg_attr(msg, IPPP_A_ACTIVE);
		ASSERT_NE(NULL, pass) TH_LOG("ipppk%d has no pass filter", i);
		ASSERT_NE(NULL, active) TH_LOG("ipppk%d has no active filter", i);
		insns = nl_nested_attr(pass, IPPP_FILTER_A_INSNS);
		ASSERT_NE(NULL, insns);
		ASSERT_EQ(sizeof(prog_ip), (size_t)nl_len(insns));
		EXPECT_EQ(0, memcmp(prog_ip, nl_data(insns), sizeof(prog_ip)));
		insns = nl_nested_attr(active, IPPP_FILTER_A_INSNS);
		ASSERT_NE(NULL, insns);
		ASSERT_EQ(sizeof(prog_all), (size_t)nl_len(insns));
		EXPECT_EQ(0, memcmp(prog_all, nl_data(insns), sizeof(prog_all)));
	}
	ASSERT_EQ(MANY_UNITS, listed);

	nl_req_init(&self->u.req, self->u.family, IPPP_CMD_UNIT_GET, NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(self->u.fd, &self->u.req, &self->u.rep));
	ASSERT_EQ(MANY_UNITS, self->u.rep.count);

	ASSERT_EQ(0, group_del(self->u.rtnl, MANY_GROUP, &self->u.req,
			       &self->u.rep))
		TH_LOG("delete: %s", self->u.rep.extack);
	nl_req_init(&self->u.req, self->u.family, IPPP_CMD_FILTER_GET,
		    NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(self->u.fd, &self->u.req, &self->u.rep));
	ASSERT_EQ(0, self->u.rep.count);
}

/*
 * Once every unit is deleted and every file closed, nothing may hold the
 * module: it unloads, and loads again for the tests that follow.
 */
TEST_F(units, module_unloads_when_idle)
{
	if (access("/sys/module/ippp/initstate", F_OK))
		SKIP(return, "ippp is built in or not loaded");
	ASSERT_EQ(0, unit_add(self->u.rtnl, "ipppun0", &self->u.req,
			      &self->u.rep));
	ASSERT_EQ(0, set_filters(self->u.fd, self->u.family, "ipppun0",
				 &self->u.req, &self->u.rep));
	ASSERT_EQ(0, unit_del(self->u.rtnl, "ipppun0", &self->u.req,
			      &self->u.rep));
	EXPECT_EQ(0, run_cmd("rmmod ippp"));
	EXPECT_EQ(0, run_cmd("modprobe ippp"));
}

#define NS_A		"ippp-both-a"
#define NS_B		"ippp-both-b"
#define ADDR_A		"10.199.5.1"
#define ADDR_B		"10.199.5.2"
#define BOTH_REPLACEMENTS	2000

static volatile sig_atomic_t stop_sending;

static void on_term(int sig)
{
	stop_sending = 1;
}

/*
 * From namespace @ns, send UDP datagrams to @dst until SIGTERM, then write
 * the number the kernel accepted to @out.
 */
static void send_until_term(const char *ns, const char *dst, int out)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	unsigned long sent = 0;
	int fd;

	signal(SIGTERM, on_term);
	if (enter_netns(ns))
		_exit(1);
	inet_pton(AF_INET, dst, &to.sin_addr);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		_exit(2);
	while (!stop_sending)
		if (sendto(fd, "both", 4, 0, (struct sockaddr *)&to,
			   sizeof(to)) == 4)
			sent++;
	if (write(out, &sent, sizeof(sent)) != sizeof(sent))
		_exit(3);
	_exit(0);
}

/* Replace both filters of @unit in namespace @ns @count times. */
static void replace_filters(const char *ns, const char *unit, int family,
			    int count)
{
	static struct nl_req req;
	static struct nl_reply rep;
	int fd, i;

	if (enter_netns(ns))
		_exit(1);
	fd = nl_open();
	if (fd < 0)
		_exit(2);
	for (i = 0; i < count; i++) {
		nl_req_init(&req, family, IPPP_CMD_FILTER_SET, 0);
		nl_put_str(&req, IPPP_A_IFNAME, unit);
		if (i % 2) {
			ippp_put_filter(&req, IPPP_A_PASS, prog_ip, 4, NULL);
			ippp_put_filter(&req, IPPP_A_ACTIVE, prog_all, 1, NULL);
		} else {
			ippp_put_filter(&req, IPPP_A_PASS, prog_all, 1, NULL);
			ippp_put_filter(&req, IPPP_A_ACTIVE, prog_ip, 4, NULL);
		}
		if (nl_talk(fd, &req, &rep))
			_exit(3);
	}
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

static int wait_ok(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Replace the filters of both ends of a line while datagrams cross it in
 * both directions. Every filter accepts the traffic, so each end must
 * receive exactly what the other end sent, with no drop.
 */
TEST_F_TIMEOUT(units, replace_both_ends_under_traffic, 600)
{
	uint64_t tx_a, rx_a, tx_b, rx_b, dropped;
	unsigned long sent_a, sent_b;
	int pipe_a[2], pipe_b[2], fd_a, fd_b;
	pid_t senders[2], replacers[2];

	run_cmd("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	ASSERT_EQ(0, run_cmd("set -e; ip netns add " NS_A "; ip netns add " NS_B ";"
			     "ip link add ipppba type ippp; ip link add ipppbb type ippp"));
	nl_req_init(&self->u.req, self->u.family, IPPP_CMD_UNIT_SET, 0);
	nl_put_str(&self->u.req, IPPP_A_IFNAME, "ipppba");
	nl_put_str(&self->u.req, IPPP_A_PEER_IFNAME, "ipppbb");
	ASSERT_EQ(0, nl_talk(self->u.fd, &self->u.req, &self->u.rep))
		TH_LOG("wire: %s", self->u.rep.extack);
	ASSERT_EQ(0, run_cmd("set -e;"
			     "ip link set ipppba netns " NS_A "; ip link set ipppbb netns " NS_B ";"
			     "ip -n " NS_A " addr add " ADDR_A " peer " ADDR_B " dev ipppba;"
			     "ip -n " NS_B " addr add " ADDR_B " peer " ADDR_A " dev ipppbb;"
			     "ip -n " NS_A " link set ipppba up; ip -n " NS_B " link set ipppbb up"));
	ASSERT_EQ(0, enter_netns(NS_B));
	fd_b = nl_open();
	ASSERT_EQ(0, enter_netns(NS_A));
	fd_a = nl_open();
	ASSERT_LE(0, fd_a);
	ASSERT_LE(0, fd_b);
	ASSERT_EQ(0, ippp_unit_cmd(fd_a, self->u.family, IPPP_CMD_UNIT_DIAL,
				   "ipppba", &self->u.req, &self->u.rep));
	ASSERT_EQ(0, ippp_wait_state(fd_a, self->u.family, "ipppba",
				     IPPP_LINE_ONLINE, 5000, &self->u.req,
				     &self->u.rep));

	ASSERT_EQ(0, pipe(pipe_a));
	ASSERT_EQ(0, pipe(pipe_b));
	senders[0] = fork();
	if (senders[0] == 0)
		send_until_term(NS_A, ADDR_B, pipe_a[1]);
	senders[1] = fork();
	if (senders[1] == 0)
		send_until_term(NS_B, ADDR_A, pipe_b[1]);
	replacers[0] = fork();
	if (replacers[0] == 0)
		replace_filters(NS_A, "ipppba", self->u.family, BOTH_REPLACEMENTS);
	replacers[1] = fork();
	if (replacers[1] == 0)
		replace_filters(NS_B, "ipppbb", self->u.family, BOTH_REPLACEMENTS);

	EXPECT_EQ(0, wait_ok(replacers[0])) TH_LOG("replacing on ipppba failed");
	EXPECT_EQ(0, wait_ok(replacers[1])) TH_LOG("replacing on ipppbb failed");
	kill(senders[0], SIGTERM);
	kill(senders[1], SIGTERM);
	ASSERT_EQ(0, wait_ok(senders[0]));
	ASSERT_EQ(0, wait_ok(senders[1]));
	ASSERT_EQ((ssize_t)sizeof(sent_a), read(pipe_a[0], &sent_a, sizeof(sent_a)));
	ASSERT_EQ((ssize_t)sizeof(sent_b), read(pipe_b[0], &sent_b, sizeof(sent_b)));
	TH_LOG("%d replacements on each end, %lu datagrams A to B, %lu B to A",
	       BOTH_REPLACEMENTS, sent_a, sent_b);
	EXPECT_LT(100UL, sent_a);
	EXPECT_LT(100UL, sent_b);

	ASSERT_EQ(0, ippp_unit_cmd(fd_a, self->u.family, IPPP_CMD_FILTER_GET,
				   "ipppba", &self->u.req, &self->u.rep));
	tx_a = stat_of(&self->u.rep, IPPP_STATS_A_TX_PASSED);
	rx_a = stat_of(&self->u.rep, IPPP_STATS_A_RX_PASSED);
	dropped = stat_of(&self->u.rep, IPPP_STATS_A_TX_DROPPED) +
		  stat_of(&self->u.rep, IPPP_STATS_A_RX_DROPPED);
	EXPECT_EQ(0U, dropped) TH_LOG("ipppba dropped %" PRIu64, dropped);
	ASSERT_EQ(0, ippp_unit_cmd(fd_b, self->u.family, IPPP_CMD_FILTER_GET,
				   "ipppbb", &self->u.req, &self->u.rep));
	tx_b = stat_of(&self->u.rep, IPPP_STATS_A_TX_PASSED);
	rx_b = stat_of(&self->u.rep, IPPP_STATS_A_RX_PASSED);
	dropped = stat_of(&self->u.rep, IPPP_STATS_A_TX_DROPPED) +
		  stat_of(&self->u.rep, IPPP_STATS_A_RX_DROPPED);
	EXPECT_EQ(0U, dropped) TH_LOG("ipppbb dropped %" PRIu64, dropped);

	/*
	 * Every datagram passed, and every frame that left one end arrived
	 * at the other. Packets the stack sends on its own cross the line
	 * too, so a count may exceed what the senders sent.
	 */
	EXPECT_LE(sent_a, tx_a);
	EXPECT_EQ(tx_a, rx_b);
	EXPECT_LE(sent_b, tx_b);
	EXPECT_EQ(tx_b, rx_a);
	close(fd_a);
	close(fd_b);
	run_cmd("ip netns del " NS_A "; ip netns del " NS_B);
}

TEST_HARNESS_MAIN
