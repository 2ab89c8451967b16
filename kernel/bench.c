// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark hook, built only by "make IPPP_BENCH=1" for "make bench": a
 * debugfs file that times a unit's filters on a synthetic packet, so the
 * cost of a program can be measured apart from the rest of the data path.
 *
 *   # echo "ippp0 500 64" > /sys/kernel/debug/ippp/filter_run
 *   # cat /sys/kernel/debug/ippp/filter_run
 *   unit=ippp0 payload=64 runs=1048576 total_ns=500123456 mean_ps=476 verdict=0x3
 *
 * A write names a unit in the writer's network namespace, a duration in
 * milliseconds and a UDP payload length in bytes. It runs
 * ippp_filter_run() on one outbound IPv4/UDP packet, as the transmit path
 * does, in batches until the duration has passed; only the batches are
 * timed. The unit's counters and idle timer see every run. A read returns
 * the result of the last write; verdict is the OR of every run's
 * IPPP_VERDICT_* bits.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ip.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/ppp_defs.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include "bench.h"
#include "device.h"
#include "filter.h"

/* Runs between two clock reads; small enough to keep BH-off time short. */
#define IPPP_BENCH_BATCH	256
#define IPPP_BENCH_MAX_MS	10000
#define IPPP_BENCH_MAX_PAYLOAD	1472
/* The discard port, which the benchmark's realistic filters pass. */
#define IPPP_BENCH_PORT		9

static struct dentry *ippp_bench_dir;
/* Serialises runs and protects ippp_bench_result. */
static DEFINE_MUTEX(ippp_bench_lock);
static char ippp_bench_result[192];

/* Build an IPv4/UDP packet from 192.0.2.1 to 192.0.2.2 (TEST-NET-1). */
static struct sk_buff *ippp_bench_skb(unsigned int payload)
{
	unsigned int len = sizeof(struct iphdr) + sizeof(struct udphdr) +
			   payload;
	struct sk_buff *skb;
	struct udphdr *uh;
	struct iphdr *iph;

	skb = alloc_skb(LL_MAX_HEADER + len, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, len);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->tot_len = htons(len);
	iph->saddr = htonl(0xc0000201);
	iph->daddr = htonl(0xc0000202);
	ip_send_check(iph);

	uh = (struct udphdr *)(iph + 1);
	uh->source = htons(40000);
	uh->dest = htons(IPPP_BENCH_PORT);
	uh->len = htons(sizeof(*uh) + payload);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

static int ippp_bench_time(struct ippp_unit *unit, struct sk_buff *skb,
			   u64 budget_ns, u64 *runs, u64 *total_ns,
			   u32 *verdict)
{
	u64 start;
	int i;

	*runs = 0;
	*total_ns = 0;
	*verdict = 0;
	while (*total_ns < budget_ns) {
		start = ktime_get_ns();
		rcu_read_lock_bh();
		for (i = 0; i < IPPP_BENCH_BATCH; i++)
			*verdict |= ippp_filter_run(unit, skb, IPPP_DIR_OUT,
						    PPP_IP);
		rcu_read_unlock_bh();
		*total_ns += ktime_get_ns() - start;
		*runs += IPPP_BENCH_BATCH;

		if (signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

static int ippp_bench_run(const char *name, unsigned int ms,
			  unsigned int payload)
{
	u64 runs, total_ns;
	struct net_device *dev;
	struct sk_buff *skb;
	u32 verdict;
	int err;

	dev = dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev)
		return -ENODEV;
	if (!ippp_is_unit(dev)) {
		err = -EOPNOTSUPP;
		goto out_put;
	}
	skb = ippp_bench_skb(payload);
	if (!skb) {
		err = -ENOMEM;
		goto out_put;
	}

	err = ippp_bench_time(netdev_priv(dev), skb,
			      (u64)ms * NSEC_PER_MSEC, &runs, &total_ns,
			      &verdict);
	if (!err)
		snprintf(ippp_bench_result, sizeof(ippp_bench_result),
			 "unit=%s payload=%u runs=%llu total_ns=%llu mean_ps=%llu verdict=%#x\n",
			 name, payload, runs, total_ns,
			 div64_u64(total_ns * 1000, runs), verdict);
	kfree_skb(skb);
out_put:
	dev_put(dev);
	return err;
}

static ssize_t ippp_bench_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[64], name[IFNAMSIZ];
	unsigned int ms, payload;
	int err;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%15s %u %u", name, &ms, &payload) != 3 ||
	    !ms || ms > IPPP_BENCH_MAX_MS ||
	    payload > IPPP_BENCH_MAX_PAYLOAD)
		return -EINVAL;

	mutex_lock(&ippp_bench_lock);
	err = ippp_bench_run(name, ms, payload);
	mutex_unlock(&ippp_bench_lock);
	return err ? err : count;
}

static ssize_t ippp_bench_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&ippp_bench_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, ippp_bench_result,
				      strlen(ippp_bench_result));
	mutex_unlock(&ippp_bench_lock);
	return ret;
}

static const struct file_operations ippp_bench_fops = {
	.owner	= THIS_MODULE,
	.write	= ippp_bench_write,
	.read	= ippp_bench_read,
	.llseek	= default_llseek,
};

/**
 * ippp_bench_init() - create /sys/kernel/debug/ippp/filter_run
 *
 * Like every debugfs user, the module works on without the file when
 * debugfs is missing or the file cannot be created.
 */
void ippp_bench_init(void)
{
	ippp_bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("filter_run", 0600, ippp_bench_dir, NULL,
			    &ippp_bench_fops);
}

/**
 * ippp_bench_exit() - remove the debugfs directory of ippp_bench_init()
 */
void ippp_bench_exit(void)
{
	debugfs_remove(ippp_bench_dir);
}
