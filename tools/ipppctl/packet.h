/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line summaries of IPv4 and IPv6 packets: addresses, transport
 * protocol, ports and ICMP type, read with a bounds check on every field.
 */
#ifndef IPPPCTL_PACKET_H
#define IPPPCTL_PACKET_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct packet_summary {
	bool has_addresses;
	char src[INET6_ADDRSTRLEN];
	char dst[INET6_ADDRSTRLEN];
	bool has_transport;
	uint8_t transport;		/* IPPROTO_* */
	bool fragment;			/* not the first fragment */
	bool has_ports;
	uint16_t sport, dport;
	bool has_icmp;
	uint8_t icmp_type, icmp_code;
	char problem[96];		/* a header that is cut short or invalid */
	char text[256];			/* the summary line */
};

void summarize_packet(uint16_t protocol, const uint8_t *data, size_t length,
		      struct packet_summary *summary);
const char *transport_name(uint8_t transport);
const char *icmp_type_name(uint8_t transport, uint8_t type);
const char *ppp_protocol_name(uint16_t protocol);

#endif /* IPPPCTL_PACKET_H */
