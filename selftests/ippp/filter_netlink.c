// SPDX-License-Identifier: GPL-2.0
/*
 * FILTER_SET, FILTER_GET and FILTER_CLEAR over generic netlink: round
 * trips, limits, rejections with their extended ACK, permissions and
 * network namespaces.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdbool.h>
#include <sys/wait.h>

#include "ippp_nl.h"
#include "ippp_util.h"
#include "kselftest_harness.h"

#define UNIT "ipppt0"

/* "ip": accept IPv4, drop the rest (DLT_PPP_PPPD layout). */
static const struct sock_filter prog_ip[] = {
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x0021 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

/* "outbound": accept what the unit sends. */
static const struct sock_filter prog_out[] = {
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 0 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 1 },
	{ BPF_RET | BPF_K, 0, 0, 65535 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

/* Fill @insns with a valid program of @len instructions. */
static void make_long_prog(struct sock_filter *insns, unsigned int len)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i++)
		insns[i] = (struct sock_filter){ BPF_LD | BPF_IMM, 0, 0, i };
	insns[len - 1] = (struct sock_filter){ BPF_RET | BPF_A, 0, 0, 0 };
}

FIXTURE(unit) {
	int fd;
	int family;
	struct nl_req req;
	struct nl_reply rep;
};

FIXTURE_SETUP(unit)
{
	run_cmd("ip link del " UNIT " 2>/dev/null");
	ASSERT_EQ(0, run_cmd("ip link add " UNIT " type ippp"));
	self->fd = nl_open();
	ASSERT_LE(0, self->fd);
	self->family = ippp_family(self->fd);
	ASSERT_LT(0, self->family) TH_LOG("family: %s", strerror(-self->family));
}

FIXTURE_TEARDOWN(unit)
{
	close(self->fd);
	run_cmd("ip link del " UNIT);
}

static int filter_set(FIXTURE_DATA(unit) *self, const struct sock_filter *pass,
		      unsigned int pass_len, const struct sock_filter *active,
		      unsigned int active_len)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT);
	if (pass)
		ippp_put_filter(&self->req, IPPP_A_PASS, pass, pass_len,
				"test pass");
	if (active)
		ippp_put_filter(&self->req, IPPP_A_ACTIVE, active, active_len,
				"test active");
	return nl_talk(self->fd, &self->req, &self->rep);
}

static int filter_get(FIXTURE_DATA(unit) *self)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT);
	return nl_talk(self->fd, &self->req, &self->rep);
}

/*
 * Read the unit's filter @type back and compare it with @insns. Return
 * 0 when equal, 1 when absent, -1 when different.
 */
static int filter_compare(FIXTURE_DATA(unit) *self, int type,
			  const struct sock_filter *insns, unsigned int len)
{
	struct nlattr *nest, *got;

	if (filter_get(self) || self->rep.count != 1)
		return -1;
	nest = nl_msg_attr(nl_reply_msg(&self->rep, 0), type);
	if (!nest)
		return 1;
	got = nl_nested_attr(nest, IPPP_FILTER_A_INSNS);
	if (!got || nl_len(got) != (int)(len * sizeof(*insns)))
		return -1;
	return memcmp(nl_data(got), insns, len * sizeof(*insns)) ? -1 : 0;
}

TEST_F(unit, set_show_clear_round_trip)
{
	struct nlattr *nest, *attr;

	ASSERT_EQ(0, filter_set(self, prog_ip, 4, prog_out, 4))
		TH_LOG("set: %s", self->rep.extack);
	ASSERT_EQ(0, filter_compare(self, IPPP_A_PASS, prog_ip, 4));
	ASSERT_EQ(0, filter_compare(self, IPPP_A_ACTIVE, prog_out, 4));

	nest = nl_msg_attr(nl_reply_msg(&self->rep, 0), IPPP_A_PASS);
	attr = nl_nested_attr(nest, IPPP_FILTER_A_EXPR);
	ASSERT_NE(NULL, attr);
	EXPECT_STREQ("test pass", (char *)nl_data(attr));
	attr = nl_nested_attr(nest, IPPP_FILTER_A_LEN);
	ASSERT_NE(NULL, attr);
	EXPECT_EQ(4U, *(uint32_t *)nl_data(attr));
	attr = nl_nested_attr(nest, IPPP_FILTER_A_ORIGIN);
	ASSERT_NE(NULL, attr);
	EXPECT_EQ(IPPP_ORIGIN_NETLINK, *(uint8_t *)nl_data(attr));

	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_CLEAR, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT);
	nl_put_u32(&self->req, IPPP_A_FILTER_MASK, IPPP_FILTER_PASS);
	ASSERT_EQ(0, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_EQ(1, filter_compare(self, IPPP_A_PASS, NULL, 0));
	EXPECT_EQ(0, filter_compare(self, IPPP_A_ACTIVE, prog_out, 4));

	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_CLEAR, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT);
	ASSERT_EQ(0, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_EQ(1, filter_compare(self, IPPP_A_ACTIVE, NULL, 0));
}

TEST_F(unit, max_length_program_round_trip)
{
	static struct sock_filter big[IPPP_FILTER_MAXINSNS];
	static struct sock_filter big2[IPPP_FILTER_MAXINSNS];

	make_long_prog(big, IPPP_FILTER_MAXINSNS);
	make_long_prog(big2, IPPP_FILTER_MAXINSNS);
	big2[0].k = 12345;
	ASSERT_EQ(0, filter_set(self, big, IPPP_FILTER_MAXINSNS, big2,
				IPPP_FILTER_MAXINSNS))
		TH_LOG("set: %s", self->rep.extack);
	EXPECT_EQ(0, filter_compare(self, IPPP_A_PASS, big,
				    IPPP_FILTER_MAXINSNS));
	EXPECT_EQ(0, filter_compare(self, IPPP_A_ACTIVE, big2,
				    IPPP_FILTER_MAXINSNS));

	/* A dump must carry two maximal programs per unit as well. */
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(self->fd, &self->req, &self->rep))
		TH_LOG("dump: %s", self->rep.extack);
	EXPECT_LE(1, self->rep.count);
}

struct bad_case {
	const char *name;
	struct sock_filter insns[4];
	unsigned int len;
	const char *extack;
};

static const struct bad_case bad_cases[] = {
	{ "bad opcode", { { 0xffff, 0, 0, 0 }, { BPF_RET | BPF_K, 0, 0, 1 } },
	  2, "invalid instruction opcode" },
	{ "jump out of range",
	  { { BPF_JMP | BPF_JEQ | BPF_K, 5, 0, 1 }, { BPF_RET | BPF_K, 0, 0, 1 } },
	  2, "jump target out of range" },
	{ "no final return", { { BPF_LD | BPF_IMM, 0, 0, 1 } },
	  1, "program does not end with a return instruction" },
	{ "zero instructions", { { 0 } }, 0,
	  "program must have 1 to 4096 instructions" },
};

TEST_F(unit, invalid_programs_rejected_old_kept)
{
	unsigned int i;

	ASSERT_EQ(0, filter_set(self, prog_ip, 4, NULL, 0));
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		EXPECT_EQ(-EINVAL, filter_set(self, c->insns, c->len, NULL, 0))
			TH_LOG("%s: accepted", c->name);
		EXPECT_STREQ(c->extack, self->rep.extack)
			TH_LOG("%s: wrong extack", c->name);
		EXPECT_EQ(0, filter_compare(self, IPPP_A_PASS, prog_ip, 4))
			TH_LOG("%s: old filter lost", c->name);
	}
}

TEST_F(unit, program_over_4096_rejected_old_kept)
{
	static struct sock_filter big[IPPP_FILTER_MAXINSNS + 1];

	make_long_prog(big, IPPP_FILTER_MAXINSNS + 1);
	ASSERT_EQ(0, filter_set(self, prog_ip, 4, NULL, 0));
	EXPECT_EQ(-EINVAL, filter_set(self, big, IPPP_FILTER_MAXINSNS + 1,
				      NULL, 0));
	EXPECT_STREQ("program must have 1 to 4096 instructions",
		     self->rep.extack);
	EXPECT_EQ(0, filter_compare(self, IPPP_A_PASS, prog_ip, 4));
}

TEST_F(unit, both_set_one_invalid_changes_neither)
{
	const struct sock_filter bad[] = {
		{ BPF_JMP | BPF_JA, 0, 0, 7 }, { BPF_RET | BPF_K, 0, 0, 1 },
	};

	ASSERT_EQ(0, filter_set(self, prog_ip, 4, prog_out, 4));
	EXPECT_EQ(-EINVAL, filter_set(self, prog_out, 4, bad, 2));
	EXPECT_STREQ("jump target out of range", self->rep.extack);
	EXPECT_EQ(0, filter_compare(self, IPPP_A_PASS, prog_ip, 4));
	EXPECT_EQ(0, filter_compare(self, IPPP_A_ACTIVE, prog_out, 4));

	EXPECT_EQ(-EINVAL, filter_set(self, bad, 2, prog_ip, 4));
	EXPECT_EQ(0, filter_compare(self, IPPP_A_PASS, prog_ip, 4));
	EXPECT_EQ(0, filter_compare(self, IPPP_A_ACTIVE, prog_out, 4));
}

TEST_F(unit, set_without_filter_rejected)
{
	EXPECT_EQ(-EINVAL, filter_set(self, NULL, 0, NULL, 0));
	EXPECT_NE(0U, strlen(self->rep.extack));
}

TEST_F(unit, unknown_device_not_found)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "ipppnone9");
	EXPECT_EQ(-ENODEV, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_STREQ("device not found", self->rep.extack);
}

TEST_F(unit, non_ippp_device_unsupported)
{
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "lo");
	ippp_put_filter(&self->req, IPPP_A_PASS, prog_ip, 4, NULL);
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_STREQ("device is not an ippp unit", self->rep.extack);

	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, "lo");
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(self->fd, &self->req, &self->rep));
}

TEST_F(unit, read_only_attribute_rejected)
{
	uint32_t len = 4;

	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&self->req, IPPP_A_IFNAME, UNIT);
	nl_nest_start(&self->req, IPPP_A_PASS);
	nl_put(&self->req, IPPP_FILTER_A_INSNS, prog_ip, sizeof(prog_ip));
	nl_put(&self->req, IPPP_FILTER_A_LEN, &len, sizeof(len));
	nl_nest_end(&self->req);
	EXPECT_EQ(-EINVAL, nl_talk(self->fd, &self->req, &self->rep));
	EXPECT_EQ(1, filter_compare(self, IPPP_A_PASS, NULL, 0));
}

/* Run @fn in a child as user nobody, without any capability. */
static int run_unprivileged(int family, int (*fn)(int fd, int family))
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int fd;

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(100);
		fd = nl_open();
		if (fd < 0)
			_exit(101);
		_exit(fn(fd, family));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Exit codes: 0 as expected, 1 set allowed, 2 clear allowed, 3 get denied. */
static int try_as_nobody(int fd, int family)
{
	static struct nl_req req;
	static struct nl_reply rep;

	nl_req_init(&req, family, IPPP_CMD_FILTER_SET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, UNIT);
	ippp_put_filter(&req, IPPP_A_PASS, prog_ip, 4, NULL);
	if (nl_talk(fd, &req, &rep) != -EPERM)
		return 1;

	nl_req_init(&req, family, IPPP_CMD_FILTER_CLEAR, 0);
	nl_put_str(&req, IPPP_A_IFNAME, UNIT);
	if (nl_talk(fd, &req, &rep) != -EPERM)
		return 2;

	nl_req_init(&req, family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, UNIT);
	if (nl_talk(fd, &req, &rep) || rep.count != 1 ||
	    !nl_msg_attr(nl_reply_msg(&rep, 0), IPPP_A_ACTIVE))
		return 3;
	return 0;
}

TEST_F(unit, unprivileged_can_show_not_change)
{
	ASSERT_EQ(0, filter_set(self, NULL, 0, prog_out, 4));
	EXPECT_EQ(0, run_unprivileged(self->family, try_as_nobody));
	EXPECT_EQ(0, filter_compare(self, IPPP_A_ACTIVE, prog_out, 4));
}

/*
 * In a new network namespace: the unit of the parent's namespace must not
 * be found, and a dump must list only the child's own unit.
 * Exit codes: 0 as expected, 10+ set-up failures, 1 parent unit visible,
 * 2 dump shows a foreign unit.
 */
static int check_other_netns(int family)
{
	static struct nl_req req;
	static struct nl_reply rep;
	struct nlattr *name;
	int fd, i;

	if (unshare(CLONE_NEWNET))
		return 10;
	if (run_cmd("ip link add ipppns0 type ippp"))
		return 11;
	fd = nl_open();
	if (fd < 0)
		return 12;

	nl_req_init(&req, family, IPPP_CMD_FILTER_GET, 0);
	nl_put_str(&req, IPPP_A_IFNAME, UNIT);
	if (nl_talk(fd, &req, &rep) != -ENODEV)
		return 1;

	nl_req_init(&req, family, IPPP_CMD_UNIT_GET, NLM_F_DUMP);
	if (nl_talk(fd, &req, &rep) || rep.count != 1)
		return 2;
	for (i = 0; i < rep.count; i++) {
		name = nl_msg_attr(nl_reply_msg(&rep, i), IPPP_A_IFNAME);
		if (!name || strcmp(nl_data(name), "ipppns0"))
			return 2;
	}
	return 0;
}

TEST_F(unit, unit_in_other_netns_invisible)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(check_other_netns(self->family));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(unit, dump_lists_every_unit)
{
	struct nlattr *name;
	bool seen[2] = { false, false };
	int i;

	ASSERT_EQ(0, run_cmd("ip link add ipppt1 type ippp"));
	nl_req_init(&self->req, self->family, IPPP_CMD_FILTER_GET, NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(self->fd, &self->req, &self->rep));
	for (i = 0; i < self->rep.count; i++) {
		name = nl_msg_attr(nl_reply_msg(&self->rep, i), IPPP_A_IFNAME);
		ASSERT_NE(NULL, name);
		if (!strcmp(nl_data(name), UNIT))
			seen[0] = true;
		if (!strcmp(nl_data(name), "ipppt1"))
			seen[1] = true;
	}
	run_cmd("ip link del ipppt1");
	EXPECT_TRUE(seen[0]);
	EXPECT_TRUE(seen[1]);
}

TEST_HARNESS_MAIN
