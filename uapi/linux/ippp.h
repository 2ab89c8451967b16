/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ippp: ISDN-style synchronous PPP units with pass and active filters.
 *
 * Generic netlink family "ippp", version 1. Every request names one unit
 * with exactly one of IPPP_A_IFINDEX or IPPP_A_IFNAME, resolved in the
 * sender's network namespace. Requests that change state need
 * CAP_NET_ADMIN in the user namespace that owns the unit's network
 * namespace; IPPP_CMD_*_GET is open to every user. Every rejection carries
 * an extended ACK message naming the attribute at fault.
 */
#ifndef _UAPI_LINUX_IPPP_H
#define _UAPI_LINUX_IPPP_H

#include <linux/const.h>
#include <linux/types.h>

#define IPPP_GENL_NAME		"ippp"
#define IPPP_GENL_VERSION	1
#define IPPP_MCGRP_MONITOR	"monitor"

/* Maximum length of a filter program, in instructions (BPF_MAXINSNS). */
#define IPPP_FILTER_MAXINSNS	4096
/* Maximum length of a filter's expression text, including the NUL. */
#define IPPP_EXPR_MAX		4096
/* Highest unit number; /dev/ipppN exists for N in 0..IPPP_UNIT_MAX. */
#define IPPP_UNIT_MAX		65535
/* Longest emulated call setup, in milliseconds (IPPP_A_DIAL_DELAY). */
#define IPPP_DIAL_DELAY_MAX	60000
/* Largest dial queue, in packets (IPPP_A_QUEUE_LEN). */
#define IPPP_QUEUE_LEN_MAX	1024

/**
 * enum ippp_cmd - generic netlink commands of the "ippp" family
 * @IPPP_CMD_UNIT_GET: read one unit (do) or every unit of the sender's
 *	network namespace (dump). Reply: IPPP_A_IFINDEX, IPPP_A_IFNAME,
 *	IPPP_A_UNIT, IPPP_A_LINE_STATE, IPPP_A_DIALMODE, IPPP_A_IDLE,
 *	IPPP_A_DIAL_DELAY, IPPP_A_QUEUE_LEN, IPPP_A_FLAGS, IPPP_A_STATS,
 *	IPPP_A_RX_ACTIVE_AGE and IPPP_A_TX_ACTIVE_AGE once there was activity,
 *	IPPP_A_HANGUP_REASON after the first hang-up, and, when wired,
 *	IPPP_A_PEER_IFINDEX (with IPPP_A_PEER_NETNSID when the peer sits in
 *	another network namespace).
 * @IPPP_CMD_UNIT_SET: change a unit. IPPP_A_PEER_IFINDEX or
 *	IPPP_A_PEER_IFNAME wires the unit to another unit of the sender's
 *	network namespace as a line (0 or "" unwires it, hanging up first);
 *	a new line starts offline. IPPP_A_DIALMODE, IPPP_A_IDLE,
 *	IPPP_A_DIAL_DELAY, IPPP_A_QUEUE_LEN and IPPP_A_FLAGS set those.
 *	Admin only.
 * @IPPP_CMD_UNIT_DIAL: start a call on a wired, offline unit; the line is
 *	online IPPP_A_DIAL_DELAY milliseconds later. Succeeds at once when
 *	the line is already dialing or online. -ENOTCONN when unwired.
 *	Admin only.
 * @IPPP_CMD_UNIT_HANGUP: take the line down, both ends. -ENOTCONN when it
 *	is offline. Admin only.
 * @IPPP_CMD_FILTER_GET: read the filters of one unit (do) or of every unit
 *	of the sender's network namespace (dump). IPPP_A_FILTER_MASK limits
 *	the reply to some filters. Reply: IPPP_A_IFINDEX, IPPP_A_IFNAME,
 *	IPPP_A_UNIT, IPPP_A_PASS and IPPP_A_ACTIVE for the filters that are
 *	set, and IPPP_A_STATS.
 * @IPPP_CMD_FILTER_SET: install one or both of IPPP_A_PASS and
 *	IPPP_A_ACTIVE. Both programs are validated before either is
 *	installed, so a rejected request changes nothing. Admin only.
 * @IPPP_CMD_FILTER_CLEAR: remove the filters named by IPPP_A_FILTER_MASK
 *	(both when the attribute is absent). Admin only.
 * @IPPP_CMD_NOTIFY: event sent to the "monitor" multicast group, carrying
 *	IPPP_A_IFINDEX, IPPP_A_IFNAME, IPPP_A_UNIT and IPPP_A_EVENT.
 */
enum ippp_cmd {
	IPPP_CMD_UNSPEC,
	IPPP_CMD_UNIT_GET,
	IPPP_CMD_UNIT_SET,
	IPPP_CMD_UNIT_DIAL,
	IPPP_CMD_UNIT_HANGUP,
	IPPP_CMD_FILTER_GET,
	IPPP_CMD_FILTER_SET,
	IPPP_CMD_FILTER_CLEAR,
	IPPP_CMD_NOTIFY,

	__IPPP_CMD_MAX
};

#define IPPP_CMD_MAX (__IPPP_CMD_MAX - 1)

/**
 * enum ippp_attr - top-level attributes
 * @IPPP_A_IFINDEX: u32, interface index of the unit
 * @IPPP_A_IFNAME: string, interface name of the unit
 * @IPPP_A_UNIT: u32, unit number N of /dev/ipppN (read only)
 * @IPPP_A_PEER_IFINDEX: u32, interface index of the other end of the line
 * @IPPP_A_PEER_IFNAME: string, interface name of the other end (set only)
 * @IPPP_A_PEER_NETNSID: s32, netns id of the peer's namespace as seen from
 *	the sender's, present only when the peer sits in another namespace
 * @IPPP_A_LINE_STATE: u8, enum ippp_line_state (read only)
 * @IPPP_A_DIALMODE: u8, enum ippp_dialmode
 * @IPPP_A_IDLE: u32, idle timeout in seconds, 0 for none
 * @IPPP_A_DIAL_DELAY: u32, emulated call setup time in milliseconds
 * @IPPP_A_FLAGS: u32, IPPP_FLAG_* bits
 * @IPPP_A_PASS: nest, enum ippp_filter_attr, the pass filter
 * @IPPP_A_ACTIVE: nest, enum ippp_filter_attr, the active filter
 * @IPPP_A_FILTER_MASK: u32, IPPP_FILTER_PASS and/or IPPP_FILTER_ACTIVE
 * @IPPP_A_STATS: nest, enum ippp_stats_attr (read only)
 * @IPPP_A_EVENT: u8, enum ippp_event (notifications only)
 * @IPPP_A_HANGUP_REASON: u8, enum ippp_hangup_reason
 * @IPPP_A_PAD: padding for 64-bit attributes
 * @IPPP_A_RX_ACTIVE_AGE: u32, seconds since the last inbound packet the
 *	active filter accepted, present once there was one (read only)
 * @IPPP_A_TX_ACTIVE_AGE: u32, the same for outbound packets (read only)
 * @IPPP_A_QUEUE_LEN: u32, how many outbound packets are held while the
 *	line is dialing, 1 to IPPP_QUEUE_LEN_MAX (default 8)
 */
enum ippp_attr {
	IPPP_A_UNSPEC,
	IPPP_A_IFINDEX,
	IPPP_A_IFNAME,
	IPPP_A_UNIT,
	IPPP_A_PEER_IFINDEX,
	IPPP_A_PEER_IFNAME,
	IPPP_A_PEER_NETNSID,
	IPPP_A_LINE_STATE,
	IPPP_A_DIALMODE,
	IPPP_A_IDLE,
	IPPP_A_DIAL_DELAY,
	IPPP_A_FLAGS,
	IPPP_A_PASS,
	IPPP_A_ACTIVE,
	IPPP_A_FILTER_MASK,
	IPPP_A_STATS,
	IPPP_A_EVENT,
	IPPP_A_HANGUP_REASON,
	IPPP_A_PAD,
	IPPP_A_RX_ACTIVE_AGE,
	IPPP_A_TX_ACTIVE_AGE,
	IPPP_A_QUEUE_LEN,

	__IPPP_A_MAX
};

#define IPPP_A_MAX (__IPPP_A_MAX - 1)

/**
 * enum ippp_filter_attr - attributes nested in IPPP_A_PASS and IPPP_A_ACTIVE
 * @IPPP_FILTER_A_INSNS: binary, the program as an array of
 *	struct sock_filter, 1 to IPPP_FILTER_MAXINSNS entries. Required in
 *	IPPP_CMD_FILTER_SET; returned exactly as it was set.
 * @IPPP_FILTER_A_EXPR: string, the expression the program was compiled
 *	from, at most IPPP_EXPR_MAX bytes with the NUL. Optional; stored and
 *	returned as is, never interpreted by the kernel.
 * @IPPP_FILTER_A_LEN: u32, number of instructions (read only)
 * @IPPP_FILTER_A_ORIGIN: u8, enum ippp_filter_origin (read only)
 * @IPPP_FILTER_A_SET_TIME: u64, when the filter was set, in seconds since
 *	the Epoch (read only)
 * @IPPP_FILTER_A_PAD: padding for 64-bit attributes
 */
enum ippp_filter_attr {
	IPPP_FILTER_A_UNSPEC,
	IPPP_FILTER_A_INSNS,
	IPPP_FILTER_A_EXPR,
	IPPP_FILTER_A_LEN,
	IPPP_FILTER_A_ORIGIN,
	IPPP_FILTER_A_SET_TIME,
	IPPP_FILTER_A_PAD,

	__IPPP_FILTER_A_MAX
};

#define IPPP_FILTER_A_MAX (__IPPP_FILTER_A_MAX - 1)

/**
 * enum ippp_stats_attr - u64 counters nested in IPPP_A_STATS
 *
 * RX counts frames received from the line, TX packets the stack handed to
 * the unit. A packet dropped by the pass filter is not run through the
 * active filter, so PASSED = ACTIVE + INACTIVE for each direction.
 *
 * @IPPP_STATS_A_RX_PASSED: inbound packets the pass filter accepted
 * @IPPP_STATS_A_RX_DROPPED: inbound packets the pass filter dropped
 * @IPPP_STATS_A_RX_ACTIVE: inbound packets the active filter accepted
 * @IPPP_STATS_A_RX_INACTIVE: inbound packets the active filter rejected
 * @IPPP_STATS_A_TX_PASSED: outbound packets the pass filter accepted
 * @IPPP_STATS_A_TX_DROPPED: outbound packets the pass filter dropped
 * @IPPP_STATS_A_TX_ACTIVE: outbound packets the active filter accepted
 * @IPPP_STATS_A_TX_INACTIVE: outbound packets the active filter rejected
 * @IPPP_STATS_A_PAD: padding for 64-bit attributes
 * @IPPP_STATS_A_DIALS: dials started, by IPPP_CMD_UNIT_DIAL or on demand
 * @IPPP_STATS_A_DIAL_REJECTS: outbound packets on an offline unit in auto
 *	dial mode that failed the pass or active filter and were dropped
 * @IPPP_STATS_A_QUEUE_DROPS: outbound packets dropped because the dial
 *	queue was full
 * @IPPP_STATS_A_HANGUP_IDLE: hang-ups for enum ippp_hangup_reason idle
 * @IPPP_STATS_A_HANGUP_MANUAL: hang-ups by IPPP_CMD_UNIT_HANGUP
 * @IPPP_STATS_A_HANGUP_PEER: hang-ups caused by the other end
 * @IPPP_STATS_A_HANGUP_ADMIN: hang-ups because the interface went down
 * @IPPP_STATS_A_CTRL_RX: control frames (protocol 0x8000 and up) received
 *	and queued for the reader of /dev/ipppN
 * @IPPP_STATS_A_CTRL_TX: frames written to /dev/ipppN and sent
 * @IPPP_STATS_A_CTRL_DROPS: control frames received with no reader of
 *	/dev/ipppN, or with its queue full
 */
enum ippp_stats_attr {
	IPPP_STATS_A_UNSPEC,
	IPPP_STATS_A_RX_PASSED,
	IPPP_STATS_A_RX_DROPPED,
	IPPP_STATS_A_RX_ACTIVE,
	IPPP_STATS_A_RX_INACTIVE,
	IPPP_STATS_A_TX_PASSED,
	IPPP_STATS_A_TX_DROPPED,
	IPPP_STATS_A_TX_ACTIVE,
	IPPP_STATS_A_TX_INACTIVE,
	IPPP_STATS_A_PAD,
	IPPP_STATS_A_DIALS,
	IPPP_STATS_A_DIAL_REJECTS,
	IPPP_STATS_A_QUEUE_DROPS,
	IPPP_STATS_A_HANGUP_IDLE,
	IPPP_STATS_A_HANGUP_MANUAL,
	IPPP_STATS_A_HANGUP_PEER,
	IPPP_STATS_A_HANGUP_ADMIN,
	IPPP_STATS_A_CTRL_RX,
	IPPP_STATS_A_CTRL_TX,
	IPPP_STATS_A_CTRL_DROPS,

	__IPPP_STATS_A_MAX
};

#define IPPP_STATS_A_MAX (__IPPP_STATS_A_MAX - 1)

/* Bits of IPPP_A_FILTER_MASK. */
#define IPPP_FILTER_PASS	_BITUL(0)
#define IPPP_FILTER_ACTIVE	_BITUL(1)
#define IPPP_FILTER_ALL		(IPPP_FILTER_PASS | IPPP_FILTER_ACTIVE)

/* Bits of IPPP_A_FLAGS: compress address/control and protocol fields. */
#define IPPP_FLAG_ACFC		_BITUL(0)
#define IPPP_FLAG_PFC		_BITUL(1)
#define IPPP_FLAG_ALL		(IPPP_FLAG_ACFC | IPPP_FLAG_PFC)

/**
 * enum ippp_filter_origin - who installed a filter
 * @IPPP_ORIGIN_NETLINK: IPPP_CMD_FILTER_SET
 * @IPPP_ORIGIN_IOCTL: PPPIOCSPASS or PPPIOCSACTIVE on /dev/ipppN
 */
enum ippp_filter_origin {
	IPPP_ORIGIN_NETLINK,
	IPPP_ORIGIN_IOCTL,
};

/**
 * enum ippp_line_state - state of the emulated line
 * @IPPP_LINE_OFFLINE: no call; the unit reports operstate DORMANT
 * @IPPP_LINE_DIALING: call setup in progress, outbound packets queue
 * @IPPP_LINE_ONLINE: packets cross the line
 */
enum ippp_line_state {
	IPPP_LINE_OFFLINE,
	IPPP_LINE_DIALING,
	IPPP_LINE_ONLINE,
};

/**
 * enum ippp_dialmode - when the line is brought up
 * @IPPP_DIALMODE_OFF: never; packets sent while offline are dropped
 * @IPPP_DIALMODE_MANUAL: only by IPPP_CMD_UNIT_DIAL
 * @IPPP_DIALMODE_AUTO: on demand, by an outbound packet that passes both
 *	the pass and the active filter
 */
enum ippp_dialmode {
	IPPP_DIALMODE_OFF,
	IPPP_DIALMODE_MANUAL,
	IPPP_DIALMODE_AUTO,
};

/**
 * enum ippp_hangup_reason - why the line went down
 * @IPPP_HANGUP_IDLE: no active packet for the idle timeout
 * @IPPP_HANGUP_MANUAL: IPPP_CMD_UNIT_HANGUP
 * @IPPP_HANGUP_PEER: the other end hung up, was unwired or deleted
 * @IPPP_HANGUP_ADMIN: the interface was set down
 */
enum ippp_hangup_reason {
	IPPP_HANGUP_IDLE,
	IPPP_HANGUP_MANUAL,
	IPPP_HANGUP_PEER,
	IPPP_HANGUP_ADMIN,
};

/**
 * enum ippp_event - value of IPPP_A_EVENT in IPPP_CMD_NOTIFY
 * @IPPP_EVENT_FILTER: a filter changed; IPPP_A_FILTER_MASK says which
 * @IPPP_EVENT_DIALING: a dial started
 * @IPPP_EVENT_ONLINE: the line came up
 * @IPPP_EVENT_HANGUP: the line went down; IPPP_A_HANGUP_REASON says why
 * @IPPP_EVENT_DIAL_REJECT: an outbound packet failed the filters on an
 *	offline unit in auto dial mode and was dropped (rate-limited)
 */
enum ippp_event {
	IPPP_EVENT_FILTER = 1,
	IPPP_EVENT_DIALING,
	IPPP_EVENT_ONLINE,
	IPPP_EVENT_HANGUP,
	IPPP_EVENT_DIAL_REJECT,
};

#endif /* _UAPI_LINUX_IPPP_H */
