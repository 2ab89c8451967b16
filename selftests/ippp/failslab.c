// SPDX-License-Identifier: GPL-2.0
/*
 * Slab allocation failures, injected with failslab into this test's own
 * task only (task-filter and /proc/self/make-it-fail), around setting a
 * filter over netlink and by ioctl, creating a unit and building netlink
 * replies. Each operation runs once per failslab interval from 1 to
 * SWEEP, so the one failure lands on a different allocation each time.
 *
 * Whatever fails, the kernel must not crash or leak, which kmemleak checks
 * when the VM runner scans after the suite. Nothing may be left half done
 * either: a filter is the old one or the new one, exactly, and a unit
 * exists fully, with its /dev/ipppN, or not at all. A failed filter set
 * reports ENOMEM.
 *
 * vmalloc() prints a warning with a stack trace when an allocation of its
 * own fails, which the VM runner would take for a kernel bug. So while
 * this test runs, only errors reach the console, and the test reads the
 * kernel log itself for the reports of real bugs.
 *
 * Skipped on kernels without CONFIG_FAILSLAB and
 * CONFIG_FAULT_INJECTION_DEBUG_FS, such as Debian's.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/if_link.h>
#include <linux/ppp-ioctl.h>
#include <linux/rtnetlink.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define FAILSLAB	"/sys/kernel/debug/failslab"
#define SWEEP		24

static const struct sock_filter prog_old[] = {
	{ BPF_RET | BPF_K, 0, 0, 65535 },
};

static const struct sock_filter prog_new[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

static int write_str(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int failslab_set(const char *name, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), FAILSLAB "/%s", name);
	return write_str(path, value);
}

FIXTURE(failslab) {
	int fd, rtnl, make_it_fail, kmsg;
	char loglevel[16];
	int family;
	struct nl_req req;
	struct nl_reply rep;
};

/* Fail one slab allocation of this task, at the @interval-th from now on. */
static void inject(FIXTURE_DATA(failslab) *self, int interval)
{
	char value[16];

	snprintf(value, sizeof(value), "%d", interval);
	failslab_set("interval", value);
	failslab_set("times", "1");
	/* The file is open already: this write itself allocates nothing. */
	pwrite(self->make_it_fail, "1", 1, 0);
}

static void stop_injecting(FIXTURE_DATA(failslab) *self)
{
	while (pwrite(self->make_it_fail, "0", 1, 0) != 1)
		;
	failslab_set("times", "0");
}

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

static int unit_add(int rtnl, const char *name, struct nl_req *req,
		    struct nl_reply *rep)
{
	memset(&req->nlh, 0, NLMSG_HDRLEN + sizeof(struct ifinfomsg));
	req->nlh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req->nlh.nlmsg_type = RTM_NEWLINK;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			       NLM_F_EXCL;
	nl_put_str(req, IFLA_IFNAME, name);
	nl_nest_start(req, IFLA_LINKINFO);
	nl_put_str(req, IFLA_INFO_KIND, "ippp");
	nl_nest_end(req);
	return rtnl_talk(rtnl, req, rep);
}

/* Return the unit number of @name, or a negative errno. */
static int unit_number(FIXTURE_DATA(failslab) *self, const char *name)
{
	struct nlattr *attr;
	int err;

	err = ippp_unit_cmd(self->fd, self->family, IPPP_CMD_UNIT_GET, name,
			    &self->req, &self->rep);
	if (err)
		return err;
	attr = nl_msg_attr(nl_reply_msg(&self->rep, 0), IPPP_A_UNIT);
	return attr ? (int)*(uint32_t *)nl_data(attr) : -ENOENT;
}

static int set_pass(FIXTURE_DATA(failslab) *self, const struct sock_filter *insns,
		    unsigned int len)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "ipppfs0");
	ippp_put_filter(&self->req, IPPP_A_PASS, insns, len, "expr");
	return nl_talk(self->fd, &self->req, &self->rep);
}

/* Return 1 if the pass filter is prog_new, 0 if prog_old, -1 otherwise. */
static int pass_is_new(FIXTURE_DATA(failslab) *self)
{
	struct nlattr *pass, *insns;

	if (ippp_unit_cmd(self->fd, self->family, IPPP_CMD_FILTER_GET,
			  "ipppfs0", &self->req, &self->rep))
		return -1;
	pass = nl_msg_attr(nl_reply_msg(&self->rep, 0), IPPP_A_PASS);
	if (!pass)
		return -1;
	insns = nl_nested_attr(pass, IPPP_FILTER_A_INSNS);
	if (!insns)
		return -1;
	if (nl_len(insns) == sizeof(prog_new) &&
	    !memcmp(nl_data(insns), prog_new, sizeof(prog_new)))
		return 1;
	if (nl_len(insns) == sizeof(prog_old) &&
	    !memcmp(nl_data(insns), prog_old, sizeof(prog_old)))
		return 0;
	return -1;
}

/*
 * Return the first kernel log record since @fd was opened that reports a
 * bug, or NULL. vmalloc's allocation failure warnings are expected here.
 */
static const char *kmsg_report(int fd, char *buf, size_t size)
{
	static const char *const reports[] = {
		"BUG:", "WARNING:", "Oops", "KASAN", "UBSAN:",
		"possible circular locking", "suspicious RCU usage", "INFO: ",
		"general protection fault", "Kernel panic",
	};
	unsigned int i;
	ssize_t n;

	for (;;) {
		n = read(fd, buf, size - 1);
		if (n < 0 && errno == EPIPE)	/* records were overwritten */
			continue;
		if (n <= 0)
			return NULL;
		buf[n] = '\0';
		for (i = 0; i < ARRAY_SIZE(reports); i++)
			if (strstr(buf, reports[i]))
				return buf;
	}
}

/* Reopen the genl socket, which a lost ACK may have left with an error. */
static void reopen(FIXTURE_DATA(failslab) *self)
{
	close(self->fd);
	self->fd = nl_open();
}

FIXTURE_SETUP(failslab)
{
	int fd;

	self->fd = self->rtnl = self->make_it_fail = self->kmsg = -1;
	self->loglevel[0] = '\0';
	if (access(FAILSLAB "/probability", W_OK))
		SKIP(return, "no %s: the kernel lacks CONFIG_FAILSLAB or CONFIG_FAULT_INJECTION_DEBUG_FS",
		     FAILSLAB);

	self->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, self->kmsg);
	lseek(self->kmsg, 0, SEEK_END);
	/* Keep KERN_WARNING and below off the console, KERN_ERR on it. */
	fd = open("/proc/sys/kernel/printk", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, read(fd, self->loglevel, sizeof(self->loglevel) - 1));
	close(fd);
	self->loglevel[strcspn(self->loglevel, " \t")] = '\0';
	ASSERT_EQ(0, write_str("/proc/sys/kernel/printk", "4"));

	ASSERT_EQ(0, failslab_set("times", "0"));
	ASSERT_EQ(0, failslab_set("probability", "100"));
	ASSERT_EQ(0, failslab_set("space", "0"));
	ASSERT_EQ(0, failslab_set("verbose", "0"));
	ASSERT_EQ(0, failslab_set("task-filter", "Y"));
	/* GFP_KERNEL allocations may sleep, and are the ones to fail here. */
	ASSERT_EQ(0, failslab_set("ignore-gfp-wait", "N"));
	self->make_it_fail = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, self->make_it_fail);

	run_cmd("ip link del ipppfs0 2>/dev/null; ip link del ipppfs1 2>/dev/null");
	ASSERT_EQ(0, run_cmd("ip link add ipppfs0 type ippp"));
	self->fd = nl_open();
	ASSERT_LE(0, self->fd);
	self->rtnl = rtnl_open();
	ASSERT_LE(0, self->rtnl);
	self->family = ippp_family(self->fd);
	ASSERT_LT(0, self->family);
	ASSERT_EQ(0, set_pass(self, prog_old, 1)) TH_LOG("%s", self->rep.extack);
}

FIXTURE_TEARDOWN(failslab)
{
	if (self->make_it_fail >= 0) {
		stop_injecting(self);
		close(self->make_it_fail);
	}
	if (self->fd >= 0)
		close(self->fd);
	if (self->rtnl >= 0)
		close(self->rtnl);
	run_cmd("ip link del ipppfs0 2>/dev/null; ip link del ipppfs1 2>/dev/null");
	if (self->loglevel[0])
		write_str("/proc/sys/kernel/printk", self->loglevel);
	if (self->kmsg >= 0)
		close(self->kmsg);
}

/* Fail the test when the kernel logged a bug report while it ran. */
#define EXPECT_NO_KERNEL_REPORT() do {					\
	char record[1024];						\
	const char *report = kmsg_report(self->kmsg, record,		\
					 sizeof(record));		\
									\
	EXPECT_EQ(NULL, report) TH_LOG("kernel log: %s", report);	\
} while (0)

TEST_F(failslab, netlink_filter_set_keeps_old)
{
	int interval, err, state, enomem = 0;

	for (interval = 1; interval <= SWEEP; interval++) {
		inject(self, interval);
		err = set_pass(self, prog_new, 4);
		stop_injecting(self);

		if (err == -ENOBUFS) {
			/* The request or its ACK was lost; either state is whole. */
			reopen(self);
			ASSERT_LE(0, self->fd);
			state = pass_is_new(self);
			ASSERT_NE(-1, state) TH_LOG("interval %d: filter is neither", interval);
		} else {
			ASSERT_TRUE(err == 0 || err == -ENOMEM)
				TH_LOG("interval %d: %s (%s)", interval,
				       strerror(-err), self->rep.extack);
			state = pass_is_new(self);
			ASSERT_EQ(err == 0, state)
				TH_LOG("interval %d: set returned %d, filter is %s",
				       interval, err, state == 1 ? "new" :
				       state == 0 ? "old" : "neither");
			if (err == -ENOMEM)
				enomem++;
		}
		ASSERT_EQ(0, set_pass(self, prog_old, 1));
	}
	TH_LOG("%d of %d injected failures reached the caller as ENOMEM",
	       enomem, SWEEP);
	EXPECT_LT(0, enomem);
	EXPECT_NO_KERNEL_REPORT();
}

TEST_F(failslab, ioctl_filter_set_keeps_old)
{
	struct sock_filter insns[4];
	struct sock_fprog prog = { .len = 4, .filter = insns };
	int interval, dev, unit, ret, saved, state, enomem = 0;
	char path[32];

	memcpy(insns, prog_new, sizeof(insns));
	unit = unit_number(self, "ipppfs0");
	ASSERT_LE(0, unit);
	snprintf(path, sizeof(path), "/dev/ippp%d", unit);
	dev = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev) TH_LOG("open %s: %s", path, strerror(errno));

	for (interval = 1; interval <= SWEEP; interval++) {
		inject(self, interval);
		ret = ioctl(dev, PPPIOCSPASS, &prog);
		saved = errno;
		stop_injecting(self);

		ASSERT_TRUE(ret == 0 || saved == ENOMEM)
			TH_LOG("interval %d: %s", interval, strerror(saved));
		state = pass_is_new(self);
		ASSERT_EQ(ret == 0, state)
			TH_LOG("interval %d: ioctl returned %d, filter is %s",
			       interval, ret, state == 1 ? "new" :
			       state == 0 ? "old" : "neither");
		if (ret)
			enomem++;
		ASSERT_EQ(0, set_pass(self, prog_old, 1));
	}
	close(dev);
	TH_LOG("%d of %d injected failures reached the caller as ENOMEM",
	       enomem, SWEEP);
	EXPECT_LT(0, enomem);
	EXPECT_NO_KERNEL_REPORT();
}

TEST_F(failslab, unit_create_whole_or_absent)
{
	int interval, err, unit, first, failed = 0;
	char path[32];

	/* The number a new unit gets; a leaked one would move it. */
	ASSERT_EQ(0, unit_add(self->rtnl, "ipppfs1", &self->req, &self->rep));
	first = unit_number(self, "ipppfs1");
	ASSERT_LE(0, first);
	ASSERT_EQ(0, run_cmd("ip link del ipppfs1"));

	for (interval = 1; interval <= SWEEP; interval++) {
		inject(self, interval);
		err = unit_add(self->rtnl, "ipppfs1", &self->req, &self->rep);
		stop_injecting(self);
		if (err == -ENOBUFS) {
			close(self->rtnl);
			self->rtnl = rtnl_open();
			ASSERT_LE(0, self->rtnl);
		}
		if (err)
			failed++;

		unit = unit_number(self, "ipppfs1");
		if (err == 0)
			ASSERT_LE(0, unit) TH_LOG("interval %d: created unit not found", interval);
		if (unit >= 0) {
			snprintf(path, sizeof(path), "/dev/ippp%d", unit);
			EXPECT_EQ(0, access(path, F_OK))
				TH_LOG("interval %d: %s missing", interval, path);
			ASSERT_EQ(0, run_cmd("ip link del ipppfs1"));
		} else {
			EXPECT_EQ(-ENODEV, unit) TH_LOG("interval %d", interval);
			EXPECT_NE(0, access("/sys/class/net/ipppfs1", F_OK));
		}
	}
	EXPECT_EQ(0, unit_add(self->rtnl, "ipppfs1", &self->req, &self->rep));
	EXPECT_EQ(first, unit_number(self, "ipppfs1"))
		TH_LOG("a failed creation kept its unit number");
	TH_LOG("%d of %d creations failed", failed, SWEEP);
	EXPECT_NO_KERNEL_REPORT();
}

TEST_F(failslab, replies_fail_cleanly)
{
	int interval, err, dump_fd;

	for (interval = 1; interval <= SWEEP; interval++) {
		inject(self, interval);
		err = ippp_unit_cmd(self->fd, self->family, IPPP_CMD_FILTER_GET,
				    "ipppfs0", &self->req, &self->rep);
		stop_injecting(self);
		ASSERT_TRUE(err == 0 || err == -ENOMEM || err == -ENOBUFS)
			TH_LOG("interval %d: get: %s", interval, strerror(-err));
		if (err == -ENOBUFS)
			reopen(self);

		/* A dump on a socket of its own, closed whatever happened. */
		dump_fd = nl_open();
		ASSERT_LE(0, dump_fd);
		nl_req_init(&self->req, self->family, IPPP_CMD_UNIT_GET, NLM_F_DUMP);
		inject(self, interval);
		err = nl_talk(dump_fd, &self->req, &self->rep);
		stop_injecting(self);
		close(dump_fd);
		ASSERT_TRUE(err == 0 || err == -ENOMEM || err == -ENOBUFS)
			TH_LOG("interval %d: dump: %s", interval, strerror(-err));
	}
	/* Nothing changed underneath. */
	EXPECT_EQ(0, pass_is_new(self));
	EXPECT_NO_KERNEL_REPORT();
}

/* Without failslab, report the whole program as skipped, not as passed. */
int main(int argc, char **argv)
{
	if (access(FAILSLAB "/probability", W_OK)) {
		ksft_print_header();
		ksft_exit_skip("no %s: the kernel lacks CONFIG_FAILSLAB or CONFIG_FAULT_INJECTION_DEBUG_FS\n",
			       FAILSLAB);
	}
	return test_harness_run(argc, argv);
}
