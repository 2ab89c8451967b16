// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ipppN: the character device of unit N, for daemons written for
 * isdn4linux's ipppd. Its ppp ioctls set the pass and active filters, the
 * same state the "ippp" netlink family sets, and report the unit number,
 * idle times and compression flags. It also carries PPP control frames:
 * read() returns those received on the line, and write() sends frames on
 * it without filtering.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/compat.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/ppp-ioctl.h>
#include <linux/ppp_defs.h>
#include <linux/rtnetlink.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include "chardev.h"
#include "device.h"
#include "filter.h"
#include "netlink.h"

/* Received control frames held for a reader; more are dropped. */
#define IPPP_CTRL_QUEUE_LEN	32
/* Largest frame write() takes: protocol field plus a 1500-byte payload. */
#define IPPP_CTRL_FRAME_MAX	(2 + ETH_DATA_LEN)

/**
 * struct ippp_cdev - the character device side of a unit
 * @ref: held by the unit and by every open file
 * @rcu: frees the structure after the receive path is done with it
 * @unit: the unit, or NULL once it is gone. Written under RTNL, read under
 *	RTNL or RCU.
 * @rxq: received control frames, protocol field first
 * @wait: readers and pollers waiting for @rxq
 * @readers: open files
 * @minor: the unit number
 */
struct ippp_cdev {
	struct kref ref;
	struct rcu_head rcu;
	struct ippp_unit __rcu *unit;
	struct sk_buff_head rxq;
	wait_queue_head_t wait;
	atomic_t readers;
	u32 minor;
};

static dev_t ippp_devt;
static struct cdev ippp_cdev;
static struct class ippp_class = {
	.name = "ippp",
};

/* Unit number to struct ippp_cdev, for open(). */
static DEFINE_XARRAY(ippp_cdevs);

static void ippp_cdev_free(struct kref *ref)
{
	struct ippp_cdev *cdev = container_of(ref, struct ippp_cdev, ref);

	skb_queue_purge(&cdev->rxq);
	kfree_rcu(cdev, rcu);
}

/**
 * ippp_cdev_create() - create /dev/ipppN for a new unit
 * @unit: the unit, its number set
 *
 * Context: process context, RTNL held (ndo_init).
 * Return: 0 or a negative errno.
 */
int ippp_cdev_create(struct ippp_unit *unit)
{
	struct ippp_cdev *cdev;
	struct device *device;
	int err;

	cdev = kzalloc(sizeof(*cdev), GFP_KERNEL);
	if (!cdev)
		return -ENOMEM;
	kref_init(&cdev->ref);
	skb_queue_head_init(&cdev->rxq);
	init_waitqueue_head(&cdev->wait);
	cdev->minor = unit->unit;
	RCU_INIT_POINTER(cdev->unit, unit);

	err = xa_insert(&ippp_cdevs, unit->unit, cdev, GFP_KERNEL);
	if (err)
		goto err_free;

	device = device_create(&ippp_class, NULL,
			       MKDEV(MAJOR(ippp_devt), unit->unit), NULL,
			       "ippp%u", unit->unit);
	if (IS_ERR(device)) {
		err = PTR_ERR(device);
		goto err_erase;
	}
	rcu_assign_pointer(unit->cdev, cdev);
	return 0;

err_erase:
	xa_erase(&ippp_cdevs, unit->unit);
err_free:
	kfree(cdev);
	return err;
}

/**
 * ippp_cdev_destroy() - remove /dev/ipppN of a unit that is going away
 * @unit: the unit
 *
 * Files that are still open stay valid: their ioctls fail with -ENXIO and
 * reads return what was queued, then end of file.
 *
 * Context: process context, RTNL held (ndo_uninit).
 */
void ippp_cdev_destroy(struct ippp_unit *unit)
{
	struct ippp_cdev *cdev = rtnl_dereference(unit->cdev);

	if (!cdev)
		return;
	device_destroy(&ippp_class, MKDEV(MAJOR(ippp_devt), unit->unit));
	xa_erase(&ippp_cdevs, unit->unit);
	RCU_INIT_POINTER(unit->cdev, NULL);
	RCU_INIT_POINTER(cdev->unit, NULL);
	wake_up_interruptible(&cdev->wait);
	kref_put(&cdev->ref, ippp_cdev_free);
}

/**
 * ippp_cdev_rx() - hand a received control frame to the reader of the unit
 * @unit: the receiving unit
 * @skb: the frame, its data starting after the protocol field
 * @proto: the decoded protocol number
 *
 * Control frames are never filtered and never count as activity. Without
 * a reader, or with its queue full, the frame is dropped and counted.
 *
 * Context: RCU read side with bottom halves disabled.
 */
void ippp_cdev_rx(struct ippp_unit *unit, struct sk_buff *skb, u16 proto)
{
	struct ippp_cdev *cdev = rcu_dereference_bh(unit->cdev);

	if (!cdev || !atomic_read(&cdev->readers) ||
	    skb_queue_len(&cdev->rxq) >= IPPP_CTRL_QUEUE_LEN ||
	    skb_linearize(skb) || skb_cow_head(skb, 2)) {
		ippp_stat_inc(unit, IPPP_CNT_CTRL_DROPS, IPPP_DIR_IN);
		kfree_skb(skb);
		return;
	}

	put_unaligned_be16(proto, skb_push(skb, 2));
	ippp_stat_inc(unit, IPPP_CNT_CTRL, IPPP_DIR_IN);
	skb_queue_tail(&cdev->rxq, skb);
	wake_up_interruptible(&cdev->wait);
}

static int ippp_cdev_open(struct inode *inode, struct file *file)
{
	struct ippp_cdev *cdev;

	rcu_read_lock();
	cdev = xa_load(&ippp_cdevs, iminor(inode));
	if (cdev && !kref_get_unless_zero(&cdev->ref))
		cdev = NULL;
	rcu_read_unlock();
	if (!cdev)
		return -ENXIO;

	atomic_inc(&cdev->readers);
	file->private_data = cdev;
	return stream_open(inode, file);
}

static int ippp_cdev_release(struct inode *inode, struct file *file)
{
	struct ippp_cdev *cdev = file->private_data;

	if (atomic_dec_and_test(&cdev->readers))
		skb_queue_purge(&cdev->rxq);
	kref_put(&cdev->ref, ippp_cdev_free);
	return 0;
}

static bool ippp_cdev_gone(struct ippp_cdev *cdev)
{
	return !rcu_access_pointer(cdev->unit);
}

static ssize_t ippp_cdev_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct ippp_cdev *cdev = file->private_data;
	struct sk_buff *skb;
	ssize_t ret;

	for (;;) {
		skb = skb_dequeue(&cdev->rxq);
		if (skb)
			break;
		if (ippp_cdev_gone(cdev))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(cdev->wait,
					       !skb_queue_empty(&cdev->rxq) ||
					       ippp_cdev_gone(cdev));
		if (ret)
			return ret;
	}

	/* As ppp_generic does, a frame that does not fit is dropped. */
	if (skb->len > count)
		ret = -EOVERFLOW;
	else if (copy_to_user(buf, skb->data, skb->len))
		ret = -EFAULT;
	else
		ret = skb->len;
	kfree_skb(skb);
	return ret;
}

/*
 * Send a frame, protocol field first, on the line of the unit, without
 * filtering. Return the number of bytes sent or a negative errno.
 */
static ssize_t ippp_cdev_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct ippp_cdev *cdev = file->private_data;
	struct ippp_unit *unit, *peer;
	struct sk_buff *skb;
	ssize_t ret = count;
	u16 proto;

	if (count < 2 || count > IPPP_CTRL_FRAME_MAX)
		return -EINVAL;

	skb = alloc_skb(NET_SKB_PAD + 4 + count, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, NET_SKB_PAD + 4);
	if (copy_from_user(skb_put(skb, count), buf, count)) {
		kfree_skb(skb);
		return -EFAULT;
	}

	/* RFC 1661: the low bit of the first octet 0, of the second 1. */
	proto = get_unaligned_be16(skb->data);
	if ((proto & 0x0100) || !(proto & 0x0001)) {
		kfree_skb(skb);
		return -EINVAL;
	}
	__skb_pull(skb, 2);

	rcu_read_lock_bh();
	unit = rcu_dereference_bh(cdev->unit);
	peer = unit ? rcu_dereference_bh(unit->peer) : NULL;
	if (!unit) {
		ret = -ENXIO;
	} else if (!peer || READ_ONCE(unit->state) != IPPP_LINE_ONLINE) {
		ret = -ENOTCONN;
	} else {
		skb->dev = unit->dev;
		ippp_stat_inc(unit, IPPP_CNT_CTRL, IPPP_DIR_OUT);
		ippp_line_send_frame(unit, peer, skb, proto, 0);
		skb = NULL;
	}
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return ret;
}

static __poll_t ippp_cdev_poll(struct file *file, poll_table *wait)
{
	struct ippp_cdev *cdev = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &cdev->wait, wait);
	if (!skb_queue_empty(&cdev->rxq))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (ippp_cdev_gone(cdev))
		mask |= EPOLLHUP;
	return mask;
}

/* Install, or with @len 0 remove, a filter given by a user pointer. */
static int ippp_cdev_set_filter(struct ippp_cdev *cdev, u32 which,
				unsigned int len,
				const struct sock_filter __user *ufilter)
{
	struct ippp_filter *filter = NULL;
	struct sock_filter *insns;
	struct ippp_unit *unit;

	if (len > IPPP_FILTER_MAXINSNS)
		return -EINVAL;
	if (len) {
		insns = memdup_user(ufilter, len * sizeof(*insns));
		if (IS_ERR(insns))
			return PTR_ERR(insns);
		filter = ippp_filter_create(insns, len, NULL, IPPP_ORIGIN_IOCTL,
					    NULL, NULL);
		kfree(insns);
		if (IS_ERR(filter))
			return PTR_ERR(filter);
	}

	rtnl_lock();
	unit = rtnl_dereference(cdev->unit);
	if (!unit) {
		rtnl_unlock();
		ippp_filter_free(filter);
		return -ENXIO;
	}
	ippp_filter_replace(unit, which, filter);
	ippp_nl_notify_filter(unit, which);
	rtnl_unlock();
	return 0;
}

static u32 ippp_idle_seconds(const struct ippp_unit *unit, enum ippp_dir dir)
{
	unsigned long last = READ_ONCE(unit->last_active[dir]);

	if (!last)
		last = unit->created;
	return (jiffies - last) / HZ;
}

/* Handle the ioctls that need the unit. Context: RTNL held. */
static long ippp_cdev_unit_ioctl(struct ippp_unit *unit, unsigned int cmd,
				 void __user *argp)
{
	struct ppp_idle64 idle64;
	struct ppp_idle32 idle32;
	u32 flags;
	int val;

	switch (cmd) {
	case PPPIOCGUNIT:
		return put_user((int)unit->unit, (int __user *)argp);
	case PPPIOCGIDLE32:
		idle32.xmit_idle = ippp_idle_seconds(unit, IPPP_DIR_OUT);
		idle32.recv_idle = ippp_idle_seconds(unit, IPPP_DIR_IN);
		return copy_to_user(argp, &idle32, sizeof(idle32)) ? -EFAULT : 0;
	case PPPIOCGIDLE64:
		idle64.xmit_idle = ippp_idle_seconds(unit, IPPP_DIR_OUT);
		idle64.recv_idle = ippp_idle_seconds(unit, IPPP_DIR_IN);
		return copy_to_user(argp, &idle64, sizeof(idle64)) ? -EFAULT : 0;
	case PPPIOCGFLAGS:
		flags = READ_ONCE(unit->flags);
		val = (flags & IPPP_FLAG_ACFC ? SC_COMP_AC : 0) |
		      (flags & IPPP_FLAG_PFC ? SC_COMP_PROT : 0);
		return put_user(val, (int __user *)argp);
	case PPPIOCSFLAGS:
		if (get_user(val, (int __user *)argp))
			return -EFAULT;
		/* Bits for features ippp does not have are accepted and ignored. */
		flags = (val & SC_COMP_AC ? IPPP_FLAG_ACFC : 0) |
			(val & SC_COMP_PROT ? IPPP_FLAG_PFC : 0);
		WRITE_ONCE(unit->flags, flags);
		return 0;
	}
	return -ENOTTY;
}

static long ippp_cdev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct ippp_cdev *cdev = file->private_data;
	void __user *argp = (void __user *)arg;
	struct sock_fprog uprog;
	struct ippp_unit *unit;
	long ret;

	switch (cmd) {
	case PPPIOCSPASS:
	case PPPIOCSACTIVE:
		if (copy_from_user(&uprog, argp, sizeof(uprog)))
			return -EFAULT;
		return ippp_cdev_set_filter(cdev, cmd == PPPIOCSPASS ?
					    IPPP_FILTER_PASS :
					    IPPP_FILTER_ACTIVE,
					    uprog.len, uprog.filter);
	case PPPIOCGUNIT:
	case PPPIOCGIDLE32:
	case PPPIOCGIDLE64:
	case PPPIOCGFLAGS:
	case PPPIOCSFLAGS:
		break;
	default:
		return -ENOTTY;
	}

	rtnl_lock();
	unit = rtnl_dereference(cdev->unit);
	ret = unit ? ippp_cdev_unit_ioctl(unit, cmd, argp) : -ENXIO;
	rtnl_unlock();
	return ret;
}

#ifdef CONFIG_COMPAT
/* The 32-bit layout of struct sock_fprog, and its ioctl numbers. */
struct ippp_sock_fprog32 {
	unsigned short len;
	compat_uptr_t filter;
};

#define PPPIOCSPASS32	_IOW('t', 71, struct ippp_sock_fprog32)
#define PPPIOCSACTIVE32	_IOW('t', 70, struct ippp_sock_fprog32)

static long ippp_cdev_compat_ioctl(struct file *file, unsigned int cmd,
				   unsigned long arg)
{
	struct ippp_cdev *cdev = file->private_data;
	struct ippp_sock_fprog32 uprog32;

	switch (cmd) {
	case PPPIOCSPASS32:
	case PPPIOCSACTIVE32:
		if (copy_from_user(&uprog32, compat_ptr(arg), sizeof(uprog32)))
			return -EFAULT;
		return ippp_cdev_set_filter(cdev, cmd == PPPIOCSPASS32 ?
					    IPPP_FILTER_PASS :
					    IPPP_FILTER_ACTIVE,
					    uprog32.len,
					    compat_ptr(uprog32.filter));
	}
	return ippp_cdev_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}
#endif

static const struct file_operations ippp_cdev_fops = {
	.owner		= THIS_MODULE,
	.open		= ippp_cdev_open,
	.release	= ippp_cdev_release,
	.read		= ippp_cdev_read,
	.write		= ippp_cdev_write,
	.poll		= ippp_cdev_poll,
	.unlocked_ioctl	= ippp_cdev_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= ippp_cdev_compat_ioctl,
#endif
};

/**
 * ippp_chardev_init() - register the /dev/ipppN region and device class
 *
 * Return: 0 or a negative errno.
 */
int ippp_chardev_init(void)
{
	int err;

	err = alloc_chrdev_region(&ippp_devt, 0, IPPP_UNIT_MAX + 1, "ippp");
	if (err)
		return err;

	cdev_init(&ippp_cdev, &ippp_cdev_fops);
	ippp_cdev.owner = THIS_MODULE;
	err = cdev_add(&ippp_cdev, ippp_devt, IPPP_UNIT_MAX + 1);
	if (err)
		goto err_unregister_region;

	err = class_register(&ippp_class);
	if (err)
		goto err_del_cdev;
	return 0;

err_del_cdev:
	cdev_del(&ippp_cdev);
err_unregister_region:
	unregister_chrdev_region(ippp_devt, IPPP_UNIT_MAX + 1);
	return err;
}

/**
 * ippp_chardev_exit() - unregister what ippp_chardev_init() registered
 */
void ippp_chardev_exit(void)
{
	class_unregister(&ippp_class);
	cdev_del(&ippp_cdev);
	unregister_chrdev_region(ippp_devt, IPPP_UNIT_MAX + 1);
}
