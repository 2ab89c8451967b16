// SPDX-License-Identifier: GPL-2.0
/*
 * Packet summaries. Every read is checked against the captured length,
 * because captures may be truncated or malformed on purpose. A header that
 * does not fit ends the summary with a problem instead of a read.
 */
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bpf.h"
#include "ipppctl.h"
#include "packet.h"

#define IPV4_MIN_HDR_LEN	20
#define IPV6_HDR_LEN		40
#define IPV6_FRAG_HDR_LEN	8
/* Bounds the walk over IPv6 extension headers of a hostile packet. */
#define IPV6_MAX_EXT_HDRS	16

struct name {
	unsigned int number;
	const char *name;
};

static const struct name ppp_protocols[] = {
	{ 0x0021, "ip" }, { 0x0057, "ipv6" }, { 0x002b, "ipx" },
	{ 0x002d, "vjc" }, { 0x002f, "vjuc" }, { 0x003d, "mp" },
	{ 0x0281, "mpls" }, { 0x00fd, "ccp-data" },
	{ 0x8021, "ipcp" }, { 0x8057, "ipv6cp" }, { 0x8281, "mplscp" },
	{ 0x80fd, "ccp" }, { 0xc021, "lcp" }, { 0xc023, "pap" },
	{ 0xc025, "lqr" }, { 0xc223, "chap" }, { 0xc227, "eap" },
};

static const struct name transports[] = {
	{ IPPROTO_ICMP, "icmp" }, { IPPROTO_IGMP, "igmp" },
	{ IPPROTO_TCP, "tcp" }, { IPPROTO_UDP, "udp" },
	{ IPPROTO_GRE, "gre" }, { IPPROTO_ESP, "esp" }, { IPPROTO_AH, "ah" },
	{ IPPROTO_ICMPV6, "icmp6" }, { IPPROTO_SCTP, "sctp" },
	{ 89, "ospf" },
};

static const struct name icmp_types[] = {
	{ 0, "echo-reply" }, { 3, "unreachable" }, { 4, "source-quench" },
	{ 5, "redirect" }, { 8, "echo-request" }, { 9, "router-advert" },
	{ 10, "router-solicit" }, { 11, "time-exceeded" },
	{ 12, "parameter-problem" }, { 13, "timestamp" },
	{ 14, "timestamp-reply" },
};

static const struct name icmp6_types[] = {
	{ 1, "unreachable" }, { 2, "packet-too-big" }, { 3, "time-exceeded" },
	{ 4, "parameter-problem" }, { 128, "echo-request" },
	{ 129, "echo-reply" }, { 130, "mld-query" }, { 131, "mld-report" },
	{ 132, "mld-done" }, { 133, "router-solicit" },
	{ 134, "router-advert" }, { 135, "neighbor-solicit" },
	{ 136, "neighbor-advert" }, { 137, "redirect" },
};

static const char *find_name(const struct name *names, unsigned int count,
			     unsigned int number)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (names[i].number == number)
			return names[i].name;
	}
	return NULL;
}

const char *ppp_protocol_name(uint16_t protocol)
{
	const char *name = find_name(ppp_protocols, ARRAY_SIZE(ppp_protocols),
				     protocol);

	return name ? name : "unknown";
}

/* Returns NULL for a protocol without a name here. */
const char *transport_name(uint8_t transport)
{
	return find_name(transports, ARRAY_SIZE(transports), transport);
}

/* Returns NULL for a type without a name here. */
const char *icmp_type_name(uint8_t transport, uint8_t type)
{
	if (transport == IPPROTO_ICMP)
		return find_name(icmp_types, ARRAY_SIZE(icmp_types), type);
	return find_name(icmp6_types, ARRAY_SIZE(icmp6_types), type);
}

static uint16_t read_be16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

__attribute__((format(printf, 2, 3)))
static void set_problem(struct packet_summary *summary, const char *format,
			...)
{
	va_list ap;

	va_start(ap, format);
	vsnprintf(summary->problem, sizeof(summary->problem), format, ap);
	va_end(ap);
}

/* Read the ports or ICMP type of the transport header at DATA. */
static void summarize_transport(struct packet_summary *summary,
				const uint8_t *data, size_t length)
{
	const char *name = transport_name(summary->transport);

	switch (summary->transport) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		if (length < 4) {
			set_problem(summary, "%s header truncated to %zu bytes",
				    name, length);
			return;
		}
		summary->has_ports = true;
		summary->sport = read_be16(data);
		summary->dport = read_be16(data + 2);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (length < 2) {
			set_problem(summary, "%s header truncated to %zu bytes",
				    name, length);
			return;
		}
		summary->has_icmp = true;
		summary->icmp_type = data[0];
		summary->icmp_code = data[1];
		break;
	}
}

static void summarize_ipv4(struct packet_summary *summary,
			   const uint8_t *data, size_t length)
{
	unsigned int header_len, total_len;

	if (length < IPV4_MIN_HDR_LEN) {
		set_problem(summary, "IPv4 header truncated to %zu bytes", length);
		return;
	}
	if (data[0] >> 4 != 4) {
		set_problem(summary, "IP version %u in an IPv4 packet",
			    data[0] >> 4);
		return;
	}

	inet_ntop(AF_INET, data + 12, summary->src, sizeof(summary->src));
	inet_ntop(AF_INET, data + 16, summary->dst, sizeof(summary->dst));
	summary->has_addresses = true;
	summary->has_transport = true;
	summary->transport = data[9];

	header_len = (data[0] & 0x0f) * 4;
	if (header_len < IPV4_MIN_HDR_LEN) {
		set_problem(summary, "invalid IPv4 header length %u", header_len);
		return;
	}
	if (read_be16(data + 6) & 0x1fff) {
		summary->fragment = true;
		return;
	}
	if (header_len > length) {
		set_problem(summary, "IPv4 options truncated");
		return;
	}

	/* Trailing bytes beyond the total length are link padding. */
	total_len = read_be16(data + 2);
	if (total_len >= header_len && total_len < length)
		length = total_len;
	summarize_transport(summary, data + header_len, length - header_len);
}

/*
 * Skip the IPv6 extension headers from *OFFSET on. Returns false when the
 * walk ends early: a later fragment, or a header cut short.
 */
static bool skip_ipv6_extensions(struct packet_summary *summary,
				 const uint8_t *data, size_t length,
				 size_t *offset)
{
	unsigned int i;
	size_t ext_len;

	for (i = 0; i < IPV6_MAX_EXT_HDRS; i++) {
		uint8_t next = summary->transport;

		if (next != IPPROTO_HOPOPTS && next != IPPROTO_ROUTING &&
		    next != IPPROTO_DSTOPTS && next != IPPROTO_FRAGMENT &&
		    next != IPPROTO_AH)
			return true;
		if (length - *offset < 2) {
			set_problem(summary, "IPv6 extension header truncated");
			return false;
		}

		if (next == IPPROTO_FRAGMENT)
			ext_len = IPV6_FRAG_HDR_LEN;
		else if (next == IPPROTO_AH)
			ext_len = (data[*offset + 1] + 2) * 4;
		else
			ext_len = (data[*offset + 1] + 1) * 8;
		if (length - *offset < ext_len) {
			set_problem(summary, "IPv6 extension header truncated");
			return false;
		}
		if (next == IPPROTO_FRAGMENT &&
		    (read_be16(data + *offset + 2) & 0xfff8)) {
			summary->transport = data[*offset];
			summary->fragment = true;
			return false;
		}
		summary->transport = data[*offset];
		*offset += ext_len;
	}
	set_problem(summary, "more than %d IPv6 extension headers",
		    IPV6_MAX_EXT_HDRS);
	return false;
}

static void summarize_ipv6(struct packet_summary *summary,
			   const uint8_t *data, size_t length)
{
	size_t offset = IPV6_HDR_LEN;

	if (length < IPV6_HDR_LEN) {
		set_problem(summary, "IPv6 header truncated to %zu bytes", length);
		return;
	}
	if (data[0] >> 4 != 6) {
		set_problem(summary, "IP version %u in an IPv6 packet",
			    data[0] >> 4);
		return;
	}

	inet_ntop(AF_INET6, data + 8, summary->src, sizeof(summary->src));
	inet_ntop(AF_INET6, data + 24, summary->dst, sizeof(summary->dst));
	summary->has_addresses = true;
	summary->has_transport = true;
	summary->transport = data[6];

	if (skip_ipv6_extensions(summary, data, length, &offset))
		summarize_transport(summary, data + offset, length - offset);
}

/* Append to the summary text, which snprintf() keeps terminated. */
__attribute__((format(printf, 2, 3)))
static void append(struct packet_summary *summary, const char *format, ...)
{
	size_t used = strlen(summary->text);
	va_list ap;

	va_start(ap, format);
	vsnprintf(summary->text + used, sizeof(summary->text) - used, format, ap);
	va_end(ap);
}

static void append_address(struct packet_summary *summary,
			   const char *address, uint16_t port)
{
	if (summary->has_ports)
		append(summary, "%s.%u", address, port);
	else
		append(summary, "%s", address);
}

static void format_text(struct packet_summary *summary)
{
	const char *name;

	summary->text[0] = '\0';
	if (summary->has_addresses) {
		append_address(summary, summary->src, summary->sport);
		append(summary, " > ");
		append_address(summary, summary->dst, summary->dport);
	}
	if (summary->has_transport) {
		name = transport_name(summary->transport);
		if (name)
			append(summary, " %s", name);
		else
			append(summary, " proto %u", summary->transport);
	}
	if (summary->has_icmp) {
		name = icmp_type_name(summary->transport, summary->icmp_type);
		if (name)
			append(summary, " %s", name);
		else
			append(summary, " type %u", summary->icmp_type);
	}
	if (summary->fragment)
		append(summary, " fragment");
	if (summary->problem[0])
		append(summary, "%s(%s)", summary->text[0] ? " " : "",
		       summary->problem);
}

/* Summarize the IPv4 or IPv6 packet of LENGTH captured bytes at DATA. */
void summarize_packet(uint16_t protocol, const uint8_t *data, size_t length,
		      struct packet_summary *summary)
{
	memset(summary, 0, sizeof(*summary));
	if (protocol == PPP_PROTO_IP)
		summarize_ipv4(summary, data, length);
	else if (protocol == PPP_PROTO_IPV6)
		summarize_ipv6(summary, data, length);
	format_text(summary);
}
