// SPDX-License-Identifier: GPL-2.0
/*
 * The ipppd side of /dev/ipppN: pass and active filters set with
 * PPPIOCSPASS and PPPIOCSACTIVE and seen over netlink, the unit number,
 * idle times and compression flags. Built twice, natively and with -m32,
 * so the second build runs the compat_ioctl path.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/ppp-ioctl.h>
#include <linux/ppp_defs.h>
#ifdef IPPP_TEST_PCAP
#include <pcap/pcap.h>
#endif

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define UNIT "ipppio0"

/* "ip" for DLT_PPP_PPPD and DLT_PPP alike: the protocol is at offset 2. */
static struct sock_filter prog_ip[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

static struct sock_filter prog_all[] = {
	{ BPF_RET | BPF_K, 0, 0, 65535 },
};

FIXTURE(chardev) {
	int nl;
	int family;
	int fd;
	uint32_t unit;
	struct nl_req req;
	struct nl_reply rep;
};

FIXTURE_SETUP(chardev)
{
	struct nlattr *attr;
	char path[64];
	int i;

	run_cmd("ip link del " UNIT " 2>/dev/null");
	ASSERT_EQ(0, run_cmd("ip link add " UNIT " type ippp"));
	self->nl = nl_open();
	ASSERT_LE(0, self->nl);
	self->family = ippp_family(self->nl);
	ASSERT_LT(0, self->family);
	ASSERT_EQ(0, ippp_unit_cmd(self->nl, self->family, IPPP_CMD_UNIT_GET,
				   UNIT, &self->req, &self->rep));
	attr = nl_msg_attr(nl_reply_msg(&self->rep, 0), IPPP_A_UNIT);
	ASSERT_TRUE(attr != NULL);
	self->unit = *(uint32_t *)nl_data(attr);

	/* devtmpfs creates the node asynchronously. */
	snprintf(path, sizeof(path), "/dev/ippp%u", self->unit);
	for (i = 0; i < 100; i++) {
		self->fd = open(path, O_RDWR | O_CLOEXEC);
		if (self->fd >= 0)
			break;
		usleep(20000);
	}
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", path, strerror(errno));
}

FIXTURE_TEARDOWN(chardev)
{
	close(self->fd);
	close(self->nl);
	run_cmd("ip link del " UNIT);
}

static int set_filter(int fd, unsigned long cmd, struct sock_filter *insns,
		      unsigned short len)
{
	struct sock_fprog prog = { .len = len, .filter = insns };

	return ioctl(fd, cmd, &prog) ? -errno : 0;
}

/*
 * Read filter @type back over netlink; 0 when it equals @insns and was set
 * by ioctl without an expression, 1 when absent, -1 otherwise.
 */
static int netlink_filter(FIXTURE_DATA(chardev) *self, int type,
			  const struct sock_filter *insns, unsigned int len)
{
	struct nlattr *nest, *got, *origin;

	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT);
	if (nl_talk(self->nl, &self->req, &self->rep) || self->rep.count != 1)
		return -1;
	nest = nl_msg_attr(nl_reply_msg(&self->rep, 0), type);
	if (!nest)
		return 1;
	got = nl_nested_attr(nest, IPPP_FILTER_A_INSNS);
	origin = nl_nested_attr(nest, IPPP_FILTER_A_ORIGIN);
	if (!got || !origin || *(uint8_t *)nl_data(origin) != IPPP_ORIGIN_IOCTL ||
	    nl_nested_attr(nest, IPPP_FILTER_A_EXPR) ||
	    nl_len(got) != (int)(len * sizeof(*insns)))
		return -1;
	return memcmp(nl_data(got), insns, len * sizeof(*insns)) ? -1 : 0;
}

TEST_F(chardev, ioctl_filters_visible_over_netlink)
{
	ASSERT_EQ(0, set_filter(self->fd, PPPIOCSPASS, prog_ip, 4));
	ASSERT_EQ(0, set_filter(self->fd, PPPIOCSACTIVE, prog_all, 1));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_PASS, prog_ip, 4));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_ACTIVE, prog_all, 1));

	/* len 0 clears one filter and leaves the other. */
	ASSERT_EQ(0, set_filter(self->fd, PPPIOCSACTIVE, NULL, 0));
	EXPECT_EQ(1, netlink_filter(self, IPPP_A_ACTIVE, NULL, 0));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_PASS, prog_ip, 4));
}

/* Run @cmd and return the first @size - 1 bytes it printed. */
static int capture(const char *cmd, char *out, size_t size)
{
	FILE *pipe = popen(cmd, "r");
	size_t n;

	if (!pipe)
		return -1;
	n = fread(out, 1, size - 1, pipe);
	out[n] = '\0';
	return pclose(pipe);
}

TEST_F(chardev, ioctl_filter_in_ipppctl_and_monitor)
{
	int mon = nl_open(), group = -1, seen = 0;
	struct nlattr *groups, *grp, *id, *name, *event;
	char out[4096], *p, *end;
	struct nlmsghdr *nlh;
	ssize_t n;

	/* Join the monitor group by name. */
	ASSERT_LE(0, mon);
	nl_req_init(&self->req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	nl_put_str(&self->req, CTRL_ATTR_FAMILY_NAME, IPPP_GENL_NAME);
	ASSERT_EQ(0, nl_talk(mon, &self->req, &self->rep));
	groups = nl_msg_attr(nl_reply_msg(&self->rep, 0), CTRL_ATTR_MCAST_GROUPS);
	ASSERT_TRUE(groups != NULL);
	for (p = nl_data(groups), end = (char *)groups + groups->nla_len;
	     p + NLA_HDRLEN <= end; p += NLA_ALIGN(grp->nla_len)) {
		grp = (struct nlattr *)p;
		id = nl_nested_attr(grp, CTRL_ATTR_MCAST_GRP_ID);
		name = nl_nested_attr(grp, CTRL_ATTR_MCAST_GRP_NAME);
		if (id && name && !strcmp(nl_data(name), IPPP_MCGRP_MONITOR))
			group = *(uint32_t *)nl_data(id);
	}
	ASSERT_LT(0, group);
	ASSERT_EQ(0, setsockopt(mon, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&group, sizeof(group)));

	ASSERT_EQ(0, set_filter(self->fd, PPPIOCSPASS, prog_ip, 4));

	n = recv(mon, out, sizeof(out), MSG_DONTWAIT);
	for (nlh = (void *)out; n > 0 && NLMSG_OK(nlh, n);
	     nlh = NLMSG_NEXT(nlh, n)) {
		event = nl_msg_attr(nlh, IPPP_A_EVENT);
		if (event && *(uint8_t *)nl_data(event) == IPPP_EVENT_FILTER)
			seen = 1;
	}
	close(mon);
	EXPECT_EQ(1, seen);

	ASSERT_EQ(0, capture("ipppctl filter show dev " UNIT " pass", out,
			     sizeof(out)));
	EXPECT_TRUE(strstr(out, "pass: (ioctl, 4 instructions") != NULL)
		TH_LOG("ipppctl printed: %s", out);
	ASSERT_EQ(0, capture("ipppctl -d filter show dev " UNIT " pass", out,
			     sizeof(out)));
	EXPECT_TRUE(strstr(out, "(001) jeq      #0x21") != NULL)
		TH_LOG("ipppctl -d printed: %s", out);
}

#ifdef IPPP_TEST_PCAP
/* Compile @expr for @linktype as ipppd does, and set it as pass filter. */
static int set_compiled(FIXTURE_DATA(chardev) *self, int linktype,
			const char *expr, struct bpf_program *prog)
{
	pcap_t *pcap = pcap_open_dead(linktype, 65535);
	int err;

	if (!pcap || pcap_compile(pcap, prog, expr, 1, PCAP_NETMASK_UNKNOWN))
		return -1;
	pcap_close(pcap);
	err = set_filter(self->fd, PPPIOCSPASS,
			 (struct sock_filter *)prog->bf_insns, prog->bf_len);
	return err;
}

TEST_F(chardev, pcap_compiled_filters_old_and_new)
{
	struct bpf_program prog;

	/* ipppd compiles for DLT_PPP, current pppd for DLT_PPP_PPPD. */
	ASSERT_EQ(0, set_compiled(self, DLT_PPP, "tcp port 80", &prog));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_PASS,
				    (struct sock_filter *)prog.bf_insns,
				    prog.bf_len));
	pcap_freecode(&prog);

	ASSERT_EQ(0, set_compiled(self, DLT_PPP_PPPD, "outbound and tcp",
				  &prog));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_PASS,
				    (struct sock_filter *)prog.bf_insns,
				    prog.bf_len));
	pcap_freecode(&prog);
}
#endif

TEST_F(chardev, ioctl_errors_keep_old_filter)
{
	static struct sock_filter big[IPPP_FILTER_MAXINSNS + 1];
	struct sock_filter bad_jump[] = {
		{ BPF_JMP | BPF_JEQ | BPF_K, 9, 0, 1 },
		{ BPF_RET | BPF_K, 0, 0, 1 },
	};
	struct sock_filter bad_code[] = {
		{ 0xffff, 0, 0, 0 }, { BPF_RET | BPF_K, 0, 0, 1 },
	};
	long page = sysconf(_SC_PAGESIZE);
	void *unmapped;
	unsigned int i;

	for (i = 0; i < IPPP_FILTER_MAXINSNS; i++)
		big[i] = (struct sock_filter){ BPF_LD | BPF_IMM, 0, 0, i };
	big[IPPP_FILTER_MAXINSNS] = prog_all[0];

	unmapped = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	ASSERT_TRUE(unmapped != MAP_FAILED);
	ASSERT_EQ(0, munmap(unmapped, page));

	ASSERT_EQ(0, set_filter(self->fd, PPPIOCSPASS, prog_ip, 4));
	EXPECT_EQ(-EFAULT, set_filter(self->fd, PPPIOCSPASS, unmapped, 4));
	EXPECT_EQ(-EFAULT, ioctl(self->fd, PPPIOCSPASS, unmapped) ? -errno : 0);
	EXPECT_EQ(-EINVAL, set_filter(self->fd, PPPIOCSPASS, big,
				      IPPP_FILTER_MAXINSNS + 1));
	EXPECT_EQ(-EINVAL, set_filter(self->fd, PPPIOCSPASS, bad_jump, 2));
	EXPECT_EQ(-EINVAL, set_filter(self->fd, PPPIOCSPASS, bad_code, 2));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_PASS, prog_ip, 4));

	/* 4096 is the limit, not one past it. */
	EXPECT_EQ(0, set_filter(self->fd, PPPIOCSACTIVE, big + 1,
				IPPP_FILTER_MAXINSNS));
	EXPECT_EQ(0, netlink_filter(self, IPPP_A_ACTIVE, big + 1,
				    IPPP_FILTER_MAXINSNS));
}

TEST_F(chardev, unit_idle_and_flags)
{
	struct ppp_idle64 idle64;
	struct ppp_idle32 idle32;
	int unit = -1, flags = -1;

	ASSERT_EQ(0, ioctl(self->fd, PPPIOCGUNIT, &unit));
	EXPECT_EQ((int)self->unit, unit);

	ASSERT_EQ(0, ioctl(self->fd, PPPIOCGIDLE32, &idle32));
	ASSERT_EQ(0, ioctl(self->fd, PPPIOCGIDLE64, &idle64));
	EXPECT_LE(0, idle32.xmit_idle);
	EXPECT_GT(60, idle32.xmit_idle);
	EXPECT_EQ(idle32.recv_idle, (int32_t)idle64.recv_idle);

	ASSERT_EQ(0, ioctl(self->fd, PPPIOCGFLAGS, &flags));
	EXPECT_EQ(0, flags);
	flags = SC_COMP_AC | SC_COMP_PROT | SC_LOOP_TRAFFIC;
	ASSERT_EQ(0, ioctl(self->fd, PPPIOCSFLAGS, &flags));
	flags = -1;
	ASSERT_EQ(0, ioctl(self->fd, PPPIOCGFLAGS, &flags));
	EXPECT_EQ(SC_COMP_AC | SC_COMP_PROT, flags);

	/* The same bits over netlink. */
	ASSERT_EQ(0, ippp_unit_cmd(self->nl, self->family, IPPP_CMD_UNIT_GET,
				   UNIT, &self->req, &self->rep));
	EXPECT_EQ(IPPP_FLAG_ACFC | IPPP_FLAG_PFC,
		  *(uint32_t *)nl_data(nl_msg_attr(nl_reply_msg(&self->rep, 0),
						   IPPP_A_FLAGS)));
}

TEST_F(chardev, unknown_ioctl_not_tty)
{
	int value = 0;

	EXPECT_EQ(-1, ioctl(self->fd, PPPIOCGMRU, &value));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOW('x', 1, int), &value));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(chardev, deleted_unit_file_stays_safe)
{
	int unit;

	ASSERT_EQ(0, run_cmd("ip link del " UNIT));
	EXPECT_EQ(-1, ioctl(self->fd, PPPIOCGUNIT, &unit));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-ENXIO, set_filter(self->fd, PPPIOCSPASS, prog_ip, 4));
	/* Teardown deletes it again; recreate so that succeeds quietly. */
	ASSERT_EQ(0, run_cmd("ip link add " UNIT " type ippp"));
}

TEST_HARNESS_MAIN
