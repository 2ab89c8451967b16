// SPDX-License-Identifier: GPL-2.0
/*
 * The "ippp" generic netlink family: policies, handlers, and the family
 * itself at the bottom. Changes run under RTNL; reads run under RCU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include "compat.h"
#include "device.h"
#include "filter.h"
#include "netlink.h"

static struct genl_family ippp_genl_family;

/*
 * Bumped on every change a dump would show, so a dump that spans a change
 * is flagged NLM_F_DUMP_INTR.
 */
static atomic_t ippp_nl_generation = ATOMIC_INIT(0);

static const struct nla_policy ippp_filter_policy[IPPP_FILTER_A_MAX + 1] = {
	[IPPP_FILTER_A_INSNS]	= { .type = NLA_BINARY },
	[IPPP_FILTER_A_EXPR]	= { .type = NLA_NUL_STRING,
				    .len = IPPP_EXPR_MAX - 1 },
};

static const struct nla_policy ippp_unit_get_policy[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_IFNAME]		= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
};

/* Not const: 6.1 declares the policy field as a plain pointer. */
static struct netlink_range_validation ippp_dial_delay_range __ro_after_init = {
	.max = IPPP_DIAL_DELAY_MAX,
};

static struct netlink_range_validation ippp_queue_len_range __ro_after_init = {
	.min = 1,
	.max = IPPP_QUEUE_LEN_MAX,
};

static const struct nla_policy ippp_unit_set_policy[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_IFNAME]		= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[IPPP_A_PEER_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_PEER_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[IPPP_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, IPPP_FLAG_ALL),
	[IPPP_A_DIALMODE]	= NLA_POLICY_MAX(NLA_U8, IPPP_DIALMODE_AUTO),
	[IPPP_A_IDLE]		= { .type = NLA_U32 },
	[IPPP_A_DIAL_DELAY]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&ippp_dial_delay_range),
	[IPPP_A_QUEUE_LEN]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&ippp_queue_len_range),
};

static const struct nla_policy ippp_filter_get_policy[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_IFNAME]		= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[IPPP_A_FILTER_MASK]	= NLA_POLICY_MASK(NLA_U32, IPPP_FILTER_ALL),
};

static const struct nla_policy ippp_filter_set_policy[IPPP_A_MAX + 1] = {
	[IPPP_A_IFINDEX]	= { .type = NLA_U32 },
	[IPPP_A_IFNAME]		= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[IPPP_A_PASS]		= NLA_POLICY_NESTED(ippp_filter_policy),
	[IPPP_A_ACTIVE]		= NLA_POLICY_NESTED(ippp_filter_policy),
};

/* Largest IPPP_A_PASS or IPPP_A_ACTIVE nest a reply can carry. */
static size_t ippp_nl_filter_size(void)
{
	return nla_total_size(0) +
	       nla_total_size(IPPP_FILTER_MAXINSNS * sizeof(struct sock_filter)) +
	       nla_total_size(IPPP_EXPR_MAX) +
	       nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u8)) +
	       nla_total_size_64bit(sizeof(u64));
}

static size_t ippp_nl_msg_size(void)
{
	return nla_total_size(sizeof(u32)) +		/* IFINDEX */
	       nla_total_size(IFNAMSIZ) +		/* IFNAME */
	       nla_total_size(sizeof(u32)) +		/* UNIT */
	       nla_total_size(sizeof(u32)) +		/* PEER_IFINDEX */
	       nla_total_size(sizeof(s32)) +		/* PEER_NETNSID */
	       nla_total_size(sizeof(u8)) * 3 +		/* LINE_STATE, DIALMODE,
							 * HANGUP_REASON
							 */
	       nla_total_size(sizeof(u32)) * 7 +	/* IDLE, DIAL_DELAY, FLAGS,
							 * FILTER_MASK, QUEUE_LEN,
							 * RX/TX_ACTIVE_AGE
							 */
	       nla_total_size(0) +			/* STATS */
	       nla_total_size_64bit(sizeof(u64)) * IPPP_STATS_A_MAX +
	       2 * ippp_nl_filter_size();
}

/*
 * Find the unit a request names by exactly one of ifindex or ifname.
 * Context: RCU read side; the caller holds RTNL to use it beyond that.
 */
static struct ippp_unit *ippp_nl_lookup(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct nlattr *attr;

	if (attrs[IPPP_A_IFINDEX] && attrs[IPPP_A_IFNAME]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[IPPP_A_IFNAME],
				    "give either ifindex or ifname, not both");
		return ERR_PTR(-EINVAL);
	}
	if (attrs[IPPP_A_IFINDEX]) {
		attr = attrs[IPPP_A_IFINDEX];
		dev = dev_get_by_index_rcu(net, nla_get_u32(attr));
	} else if (attrs[IPPP_A_IFNAME]) {
		attr = attrs[IPPP_A_IFNAME];
		dev = dev_get_by_name_rcu(net, nla_data(attr));
	} else {
		NL_SET_ERR_MSG(extack, "missing unit: ifindex or ifname");
		return ERR_PTR(-EINVAL);
	}

	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "device not found");
		return ERR_PTR(-ENODEV);
	}
	if (!ippp_is_unit(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "device is not an ippp unit");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

static int ippp_nl_put_ids(struct sk_buff *skb, const struct ippp_unit *unit)
{
	if (nla_put_u32(skb, IPPP_A_IFINDEX, unit->dev->ifindex) ||
	    nla_put_string(skb, IPPP_A_IFNAME, unit->dev->name) ||
	    nla_put_u32(skb, IPPP_A_UNIT, unit->unit))
		return -EMSGSIZE;
	return 0;
}

static int ippp_nl_put_filter(struct sk_buff *skb, int type,
			      const struct ippp_filter *filter)
{
	struct nlattr *nest;

	if (!filter)
		return 0;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, IPPP_FILTER_A_INSNS,
		    flex_array_size(filter, insns, filter->len), filter->insns) ||
	    (filter->expr &&
	     nla_put_string(skb, IPPP_FILTER_A_EXPR, filter->expr)) ||
	    nla_put_u32(skb, IPPP_FILTER_A_LEN, filter->len) ||
	    nla_put_u8(skb, IPPP_FILTER_A_ORIGIN, filter->origin) ||
	    nla_put_u64_64bit(skb, IPPP_FILTER_A_SET_TIME, filter->set_time,
			      IPPP_FILTER_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ippp_nl_put_stats(struct sk_buff *skb, const struct ippp_unit *unit)
{
	static const struct {
		int type;
		enum ippp_counter counter;
		enum ippp_dir dir;
	} fields[] = {
		{ IPPP_STATS_A_RX_PASSED, IPPP_CNT_PASSED, IPPP_DIR_IN },
		{ IPPP_STATS_A_RX_DROPPED, IPPP_CNT_FILTERED, IPPP_DIR_IN },
		{ IPPP_STATS_A_RX_ACTIVE, IPPP_CNT_ACTIVE, IPPP_DIR_IN },
		{ IPPP_STATS_A_RX_INACTIVE, IPPP_CNT_INACTIVE, IPPP_DIR_IN },
		{ IPPP_STATS_A_TX_PASSED, IPPP_CNT_PASSED, IPPP_DIR_OUT },
		{ IPPP_STATS_A_TX_DROPPED, IPPP_CNT_FILTERED, IPPP_DIR_OUT },
		{ IPPP_STATS_A_TX_ACTIVE, IPPP_CNT_ACTIVE, IPPP_DIR_OUT },
		{ IPPP_STATS_A_TX_INACTIVE, IPPP_CNT_INACTIVE, IPPP_DIR_OUT },
		{ IPPP_STATS_A_DIAL_REJECTS, IPPP_CNT_DIAL_REJECTS, IPPP_DIR_OUT },
		{ IPPP_STATS_A_QUEUE_DROPS, IPPP_CNT_QUEUE_DROPS, IPPP_DIR_OUT },
		{ IPPP_STATS_A_CTRL_RX, IPPP_CNT_CTRL, IPPP_DIR_IN },
		{ IPPP_STATS_A_CTRL_TX, IPPP_CNT_CTRL, IPPP_DIR_OUT },
		{ IPPP_STATS_A_CTRL_DROPS, IPPP_CNT_CTRL_DROPS, IPPP_DIR_IN },
	};
	struct ippp_stats sum;
	struct nlattr *nest;
	unsigned int i;

	u64 line[1 + IPPP_HANGUP_REASONS];

	ippp_stats_read(unit, &sum);
	spin_lock_bh(&ippp_line_lock);
	line[0] = unit->dials;
	for (i = 0; i < IPPP_HANGUP_REASONS; i++)
		line[1 + i] = unit->hangups[i];
	spin_unlock_bh(&ippp_line_lock);

	nest = nla_nest_start(skb, IPPP_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		u64 value = sum.cnt[fields[i].counter][fields[i].dir];

		if (nla_put_u64_64bit(skb, fields[i].type, value,
				      IPPP_STATS_A_PAD))
			goto err_cancel;
	}
	if (nla_put_u64_64bit(skb, IPPP_STATS_A_DIALS, line[0],
			      IPPP_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, IPPP_STATS_A_HANGUP_IDLE,
			      line[1 + IPPP_HANGUP_IDLE], IPPP_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, IPPP_STATS_A_HANGUP_MANUAL,
			      line[1 + IPPP_HANGUP_MANUAL], IPPP_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, IPPP_STATS_A_HANGUP_PEER,
			      line[1 + IPPP_HANGUP_PEER], IPPP_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, IPPP_STATS_A_HANGUP_ADMIN,
			      line[1 + IPPP_HANGUP_ADMIN], IPPP_STATS_A_PAD))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int ippp_nl_put_peer(struct sk_buff *skb, struct net *net,
			    const struct ippp_unit *unit)
{
	const struct ippp_unit *peer = rcu_dereference_rtnl(unit->peer);
	struct net *peer_net;

	if (!peer)
		return 0;
	if (nla_put_u32(skb, IPPP_A_PEER_IFINDEX, peer->dev->ifindex))
		return -EMSGSIZE;

	peer_net = dev_net(peer->dev);
	if (net_eq(net, peer_net))
		return 0;
	return nla_put_s32(skb, IPPP_A_PEER_NETNSID,
			   peernet2id_alloc(net, peer_net, GFP_ATOMIC));
}

static int ippp_nl_put_age(struct sk_buff *skb, int type, unsigned long last)
{
	if (!last)
		return 0;
	return nla_put_u32(skb, type, jiffies_to_msecs(jiffies - last) / 1000);
}

static int ippp_nl_put_line(struct sk_buff *skb, struct net *net,
			    const struct ippp_unit *unit)
{
	if (nla_put_u8(skb, IPPP_A_LINE_STATE, READ_ONCE(unit->state)) ||
	    nla_put_u8(skb, IPPP_A_DIALMODE, READ_ONCE(unit->dialmode)) ||
	    nla_put_u32(skb, IPPP_A_IDLE, READ_ONCE(unit->idle)) ||
	    nla_put_u32(skb, IPPP_A_DIAL_DELAY, READ_ONCE(unit->dial_delay)) ||
	    nla_put_u32(skb, IPPP_A_QUEUE_LEN, READ_ONCE(unit->queue_len)) ||
	    nla_put_u32(skb, IPPP_A_FLAGS, READ_ONCE(unit->flags)) ||
	    ippp_nl_put_age(skb, IPPP_A_RX_ACTIVE_AGE,
			    READ_ONCE(unit->last_active[IPPP_DIR_IN])) ||
	    ippp_nl_put_age(skb, IPPP_A_TX_ACTIVE_AGE,
			    READ_ONCE(unit->last_active[IPPP_DIR_OUT])) ||
	    ippp_nl_put_peer(skb, net, unit))
		return -EMSGSIZE;
	if (READ_ONCE(unit->hung_up) &&
	    nla_put_u8(skb, IPPP_A_HANGUP_REASON,
		       READ_ONCE(unit->hangup_reason)))
		return -EMSGSIZE;
	return 0;
}

/* Context: RCU read side or RTNL held. */
static int ippp_nl_fill(struct sk_buff *skb, struct net *net,
			const struct ippp_unit *unit, u8 cmd, u32 mask,
			u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ippp_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (ippp_nl_put_ids(skb, unit))
		goto err_cancel;

	if (cmd == IPPP_CMD_UNIT_GET) {
		if (ippp_nl_put_line(skb, net, unit))
			goto err_cancel;
	} else {
		if ((mask & IPPP_FILTER_PASS) &&
		    ippp_nl_put_filter(skb, IPPP_A_PASS,
				       rcu_dereference_rtnl(unit->pass)))
			goto err_cancel;
		if ((mask & IPPP_FILTER_ACTIVE) &&
		    ippp_nl_put_filter(skb, IPPP_A_ACTIVE,
				       rcu_dereference_rtnl(unit->active)))
			goto err_cancel;
	}

	if (ippp_nl_put_stats(skb, unit))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static u32 ippp_nl_mask(struct nlattr **attrs)
{
	if (!attrs[IPPP_A_FILTER_MASK])
		return IPPP_FILTER_ALL;
	return nla_get_u32(attrs[IPPP_A_FILTER_MASK]);
}

static int ippp_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	struct net *net = genl_info_net(info);
	u32 mask = cmd == IPPP_CMD_FILTER_GET ? ippp_nl_mask(info->attrs) : 0;
	struct ippp_unit *unit;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(ippp_nl_msg_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	unit = ippp_nl_lookup(net, info->attrs, info->extack);
	if (IS_ERR(unit)) {
		err = PTR_ERR(unit);
		goto err_unlock;
	}
	err = ippp_nl_fill(msg, net, unit, cmd, mask, info->snd_portid,
			   info->snd_seq, 0);
	if (err)
		goto err_unlock;
	rcu_read_unlock();

	return genlmsg_reply(msg, info);

err_unlock:
	rcu_read_unlock();
	nlmsg_free(msg);
	return err;
}

static int ippp_nl_dump_start(struct netlink_callback *cb)
{
	struct nlattr *attrs[IPPP_A_MAX + 1];
	int err;

	/* The core validated the request already; this only fetches the mask. */
	err = genlmsg_parse(cb->nlh, &ippp_genl_family, attrs, IPPP_A_MAX,
			    ippp_filter_get_policy, NULL);
	if (err)
		return err;
	cb->args[1] = ippp_nl_mask(attrs);

	/* Every message must fit, with two 4096-instruction programs. */
	cb->min_dump_alloc = NLMSG_SPACE(GENL_HDRLEN + ippp_nl_msg_size());
	return 0;
}

static int ippp_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	u8 cmd = genl_dumpit_info(cb)->op.cmd;
	u32 mask = cb->args[1];
	struct net *net = sock_net(skb->sk);
	struct ippp_dump_pos pos = { cb->args[0], cb->args[2] };
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(net->dev_base_seq) +
		  atomic_read(&ippp_nl_generation);
	for (; (dev = ippp_netdev_dump_next(net, &pos));
	     ippp_netdev_dump_skip(&pos)) {
		if (!ippp_is_unit(dev))
			continue;
		err = ippp_nl_fill(skb, net, netdev_priv(dev), cmd, mask,
				   NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	rcu_read_unlock();

	/* On a full skb, the next call starts again with the unit that failed. */
	cb->args[0] = pos.key;
	cb->args[2] = pos.offset;
	/* An empty skb that cannot take one message would loop forever. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static void ippp_nl_changed(void)
{
	atomic_inc(&ippp_nl_generation);
}

/**
 * ippp_nl_notify_filter() - announce a filter change on the monitor group
 * @unit: the unit whose filters changed
 * @mask: IPPP_FILTER_PASS and/or IPPP_FILTER_ACTIVE
 *
 * Context: process context.
 */
void ippp_nl_notify_filter(struct ippp_unit *unit, u32 mask)
{
	struct net *net = dev_net(unit->dev);
	struct sk_buff *msg;
	void *hdr;

	ippp_nl_changed();
	if (!genl_has_listeners(&ippp_genl_family, net, 0))
		return;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ippp_genl_family, 0, IPPP_CMD_NOTIFY);
	if (!hdr)
		goto err_free;
	if (ippp_nl_put_ids(msg, unit) ||
	    nla_put_u8(msg, IPPP_A_EVENT, IPPP_EVENT_FILTER) ||
	    nla_put_u32(msg, IPPP_A_FILTER_MASK, mask))
		goto err_free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ippp_genl_family, net, msg, 0, 0, GFP_KERNEL);
	return;

err_free:
	nlmsg_free(msg);
}

/**
 * ippp_nl_notify_line() - announce a line event on the monitor group
 * @unit: the unit the event happened on
 * @event: enum ippp_event
 * @reason: enum ippp_hangup_reason, for IPPP_EVENT_HANGUP
 *
 * Context: any; allocates with GFP_ATOMIC.
 */
void ippp_nl_notify_line(struct ippp_unit *unit, u8 event, u8 reason)
{
	struct net *net = dev_net(unit->dev);
	struct sk_buff *msg;
	void *hdr;

	ippp_nl_changed();
	if (!genl_has_listeners(&ippp_genl_family, net, 0))
		return;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ippp_genl_family, 0, IPPP_CMD_NOTIFY);
	if (!hdr)
		goto err_free;
	if (ippp_nl_put_ids(msg, unit) ||
	    nla_put_u8(msg, IPPP_A_EVENT, event) ||
	    (event == IPPP_EVENT_HANGUP &&
	     nla_put_u8(msg, IPPP_A_HANGUP_REASON, reason)))
		goto err_free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ippp_genl_family, net, msg, 0, 0, GFP_ATOMIC);
	return;

err_free:
	nlmsg_free(msg);
}

static struct ippp_filter *ippp_nl_parse_filter(struct nlattr *nest,
						struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPPP_FILTER_A_MAX + 1];
	const char *expr = NULL;
	struct nlattr *insns;
	int err;

	err = nla_parse_nested(tb, IPPP_FILTER_A_MAX, nest, ippp_filter_policy,
			       extack);
	if (err)
		return ERR_PTR(err);

	insns = tb[IPPP_FILTER_A_INSNS];
	if (!insns) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "filter has no IPPP_FILTER_A_INSNS");
		return ERR_PTR(-EINVAL);
	}
	if (nla_len(insns) % sizeof(struct sock_filter)) {
		NL_SET_ERR_MSG_ATTR(extack, insns,
				    "instruction array length is not a multiple of 8 bytes");
		return ERR_PTR(-EINVAL);
	}
	if (tb[IPPP_FILTER_A_EXPR] && nla_len(tb[IPPP_FILTER_A_EXPR]) > 1)
		expr = nla_data(tb[IPPP_FILTER_A_EXPR]);

	return ippp_filter_create(nla_data(insns),
				  nla_len(insns) / sizeof(struct sock_filter),
				  expr, IPPP_ORIGIN_NETLINK, insns, extack);
}

static int ippp_nl_filter_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ippp_filter *pass = NULL, *active = NULL;
	struct nlattr **attrs = info->attrs;
	struct ippp_unit *unit;
	u32 mask = 0;
	int err;

	if (!attrs[IPPP_A_PASS] && !attrs[IPPP_A_ACTIVE]) {
		NL_SET_ERR_MSG(info->extack,
			       "missing filter: IPPP_A_PASS or IPPP_A_ACTIVE");
		return -EINVAL;
	}

	/* Build both before touching the unit, so a bad one changes nothing. */
	if (attrs[IPPP_A_PASS]) {
		pass = ippp_nl_parse_filter(attrs[IPPP_A_PASS], info->extack);
		if (IS_ERR(pass))
			return PTR_ERR(pass);
		mask |= IPPP_FILTER_PASS;
	}
	if (attrs[IPPP_A_ACTIVE]) {
		active = ippp_nl_parse_filter(attrs[IPPP_A_ACTIVE],
					      info->extack);
		if (IS_ERR(active)) {
			err = PTR_ERR(active);
			active = NULL;
			goto err_free;
		}
		mask |= IPPP_FILTER_ACTIVE;
	}

	rtnl_lock();
	rcu_read_lock();
	unit = ippp_nl_lookup(genl_info_net(info), attrs, info->extack);
	rcu_read_unlock();
	if (IS_ERR(unit)) {
		rtnl_unlock();
		err = PTR_ERR(unit);
		goto err_free;
	}
	if (pass)
		ippp_filter_replace(unit, IPPP_FILTER_PASS, pass);
	if (active)
		ippp_filter_replace(unit, IPPP_FILTER_ACTIVE, active);
	ippp_nl_notify_filter(unit, mask);
	rtnl_unlock();
	return 0;

err_free:
	ippp_filter_free(active);
	ippp_filter_free(pass);
	return err;
}

static int ippp_nl_filter_clear(struct sk_buff *skb, struct genl_info *info)
{
	u32 mask = ippp_nl_mask(info->attrs);
	struct ippp_unit *unit;
	int err = 0;

	if (!IS_ENABLED(CONFIG_IPPP_FILTER)) {
		NL_SET_ERR_MSG(info->extack,
			       "ippp was built without filter support");
		return -EOPNOTSUPP;
	}

	rtnl_lock();
	rcu_read_lock();
	unit = ippp_nl_lookup(genl_info_net(info), info->attrs, info->extack);
	rcu_read_unlock();
	if (IS_ERR(unit)) {
		err = PTR_ERR(unit);
		goto out_unlock;
	}
	if (mask & IPPP_FILTER_PASS)
		ippp_filter_replace(unit, IPPP_FILTER_PASS, NULL);
	if (mask & IPPP_FILTER_ACTIVE)
		ippp_filter_replace(unit, IPPP_FILTER_ACTIVE, NULL);
	ippp_nl_notify_filter(unit, mask);

out_unlock:
	rtnl_unlock();
	return err;
}

/*
 * Wire the unit to the peer a request names, or unwire it when the request
 * gives ifindex 0 or an empty name.
 * Context: RTNL held.
 */
static int ippp_nl_set_peer(struct ippp_unit *unit, struct genl_info *info)
{
	struct nlattr *index = info->attrs[IPPP_A_PEER_IFINDEX];
	struct nlattr *name = info->attrs[IPPP_A_PEER_IFNAME];
	struct net *net = genl_info_net(info);
	struct net_device *dev;

	if (index && name) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "give either peer ifindex or peer ifname, not both");
		return -EINVAL;
	}
	if ((index && !nla_get_u32(index)) || (name && nla_len(name) <= 1)) {
		ippp_line_unwire(unit);
		return 0;
	}

	if (index)
		dev = __dev_get_by_index(net, nla_get_u32(index));
	else
		dev = __dev_get_by_name(net, nla_data(name));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, index ?: name,
				    "peer device not found");
		return -ENODEV;
	}
	if (!ippp_is_unit(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, index ?: name,
				    "peer device is not an ippp unit");
		return -EOPNOTSUPP;
	}
	return ippp_line_wire(unit, netdev_priv(dev), info->extack);
}

static int ippp_nl_unit_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ippp_unit *unit;
	int err = 0;

	rtnl_lock();
	rcu_read_lock();
	unit = ippp_nl_lookup(genl_info_net(info), attrs, info->extack);
	rcu_read_unlock();
	if (IS_ERR(unit)) {
		err = PTR_ERR(unit);
		goto out_unlock;
	}

	if (attrs[IPPP_A_PEER_IFINDEX] || attrs[IPPP_A_PEER_IFNAME]) {
		err = ippp_nl_set_peer(unit, info);
		if (err)
			goto out_unlock;
	}
	if (attrs[IPPP_A_FLAGS])
		WRITE_ONCE(unit->flags, nla_get_u32(attrs[IPPP_A_FLAGS]));
	if (attrs[IPPP_A_DIALMODE])
		WRITE_ONCE(unit->dialmode, nla_get_u8(attrs[IPPP_A_DIALMODE]));
	if (attrs[IPPP_A_DIAL_DELAY])
		WRITE_ONCE(unit->dial_delay,
			   nla_get_u32(attrs[IPPP_A_DIAL_DELAY]));
	if (attrs[IPPP_A_QUEUE_LEN])
		WRITE_ONCE(unit->queue_len,
			   nla_get_u32(attrs[IPPP_A_QUEUE_LEN]));
	if (attrs[IPPP_A_IDLE])
		ippp_dial_set_idle(unit, nla_get_u32(attrs[IPPP_A_IDLE]));
	ippp_nl_changed();

out_unlock:
	rtnl_unlock();
	return err;
}

static int ippp_nl_unit_dial(struct sk_buff *skb, struct genl_info *info)
{
	struct ippp_unit *unit;
	int err;

	rtnl_lock();
	rcu_read_lock();
	unit = ippp_nl_lookup(genl_info_net(info), info->attrs, info->extack);
	rcu_read_unlock();
	if (IS_ERR(unit))
		err = PTR_ERR(unit);
	else
		err = ippp_dial(unit, info->extack);
	rtnl_unlock();
	return err;
}

static int ippp_nl_unit_hangup(struct sk_buff *skb, struct genl_info *info)
{
	struct ippp_unit *unit;
	int err;

	rtnl_lock();
	rcu_read_lock();
	unit = ippp_nl_lookup(genl_info_net(info), info->attrs, info->extack);
	rcu_read_unlock();
	if (IS_ERR(unit)) {
		err = PTR_ERR(unit);
	} else {
		err = ippp_hangup(unit, IPPP_HANGUP_MANUAL);
		if (err)
			NL_SET_ERR_MSG(info->extack, "line is offline");
	}
	rtnl_unlock();
	return err;
}

static const struct genl_ops ippp_genl_ops[] = {
	{
		.cmd		= IPPP_CMD_UNIT_GET,
		.doit		= ippp_nl_get_doit,
		.start		= ippp_nl_dump_start,
		.dumpit		= ippp_nl_get_dumpit,
		.policy		= ippp_unit_get_policy,
		.maxattr	= IPPP_A_MAX,
	},
	{
		.cmd		= IPPP_CMD_UNIT_SET,
		.doit		= ippp_nl_unit_set,
		.policy		= ippp_unit_set_policy,
		.maxattr	= IPPP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPPP_CMD_UNIT_DIAL,
		.doit		= ippp_nl_unit_dial,
		.policy		= ippp_unit_get_policy,
		.maxattr	= IPPP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPPP_CMD_UNIT_HANGUP,
		.doit		= ippp_nl_unit_hangup,
		.policy		= ippp_unit_get_policy,
		.maxattr	= IPPP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPPP_CMD_FILTER_GET,
		.doit		= ippp_nl_get_doit,
		.start		= ippp_nl_dump_start,
		.dumpit		= ippp_nl_get_dumpit,
		.policy		= ippp_filter_get_policy,
		.maxattr	= IPPP_A_MAX,
	},
	{
		.cmd		= IPPP_CMD_FILTER_SET,
		.doit		= ippp_nl_filter_set,
		.policy		= ippp_filter_set_policy,
		.maxattr	= IPPP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPPP_CMD_FILTER_CLEAR,
		.doit		= ippp_nl_filter_clear,
		.policy		= ippp_filter_get_policy,
		.maxattr	= IPPP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group ippp_genl_mcgrps[] = {
	{ .name = IPPP_MCGRP_MONITOR, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family ippp_genl_family __ro_after_init = {
	.name		= IPPP_GENL_NAME,
	.version	= IPPP_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= ippp_genl_ops,
	.n_ops		= ARRAY_SIZE(ippp_genl_ops),
	.resv_start_op	= 0,
	.mcgrps		= ippp_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ippp_genl_mcgrps),
};

/**
 * ippp_genl_init() - register the "ippp" generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int ippp_genl_init(void)
{
	return genl_register_family(&ippp_genl_family);
}

/**
 * ippp_genl_exit() - unregister the "ippp" generic netlink family
 */
void ippp_genl_exit(void)
{
	genl_unregister_family(&ippp_genl_family);
}
