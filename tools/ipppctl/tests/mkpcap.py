#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the small captures that the ipppctl tests run "filter test" on.

Usage: mkpcap.py DIR

Every record's timestamp is its number in seconds, so "tcpdump -tt" names
the records an expression matched. The files:

  pppd.pcap       DLT_PPP_PPPD: IPv4 and IPv6, TCP, UDP, ICMP, ICMPv6, an
                  IPv6 extension header, an IPv4 fragment and IP options,
                  in both directions
  pfc.pcap        DLT_PPP: the same packets with every legal header form
                  (address and control or not, 1- or 2-byte protocol)
  pfc-ref.pcap    DLT_PPP_PPPD: the same packets, all outbound, with the
                  full header that tcpdump's filters expect
  raw.pcap        DLT_RAW: the same IP packets
  malformed.pcap  DLT_PPP: records with broken headers, cut short or
                  inconsistent, and a file that ends inside a record
  baddir.pcap     DLT_PPP_PPPD: a direction byte that is neither 0 nor 1
"""

import os
import struct
import sys

LINKTYPE_PPP = 9
LINKTYPE_RAW = 101
LINKTYPE_PPP_PPPD = 166

PPP_IP = 0x0021
PPP_IPV6 = 0x0057
IN, OUT = 0, 1


def ipv4(src, dst, proto, payload, options=b"", frag=0):
    ihl = 5 + len(options) // 4
    total = ihl * 4 + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 1, frag,
                         64, proto, 0, bytes(src), bytes(dst))
    return header + options + payload


def ipv6(src, dst, next_header, payload):
    header = struct.pack("!IHBB16s16s", 0x60000000, len(payload),
                         next_header, 64, bytes(src), bytes(dst))
    return header + payload


def tcp(sport, dport, flags):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, flags,
                       8192, 0, 0)


def udp(sport, dport, data=b"data"):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def icmp(icmp_type, code=0):
    return struct.pack("!BBHHH", icmp_type, code, 0, 1, 1) + b"ping"


def v4(last):
    return [10, 0, 0, last]


def v6(last):
    return [0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [last]


SYN, ACK = 0x02, 0x10
HOP_BY_HOP = bytes([17, 0, 1, 4, 0, 0, 0, 0])    # next: UDP, PadN

# (direction, PPP protocol, network packet)
PACKETS = [
    (OUT, PPP_IP, ipv4(v4(1), v4(2), 6, tcp(1024, 80, SYN))),
    (IN, PPP_IP, ipv4(v4(2), v4(1), 6, tcp(80, 1024, SYN | ACK))),
    (OUT, PPP_IP, ipv4(v4(1), v4(2), 17, udp(5353, 53))),
    (OUT, PPP_IP, ipv4(v4(1), v4(2), 1, icmp(8))),
    (IN, PPP_IP, ipv4(v4(2), v4(1), 1, icmp(0))),
    (OUT, PPP_IPV6, ipv6(v6(1), v6(2), 6, tcp(2000, 22, SYN))),
    (IN, PPP_IPV6, ipv6(v6(2), v6(1), 17, udp(123, 123))),
    (OUT, PPP_IPV6, ipv6(v6(1), v6(2), 58, icmp(128))),
    (IN, PPP_IPV6, ipv6(v6(2), v6(1), 58, icmp(129))),
    (IN, PPP_IPV6, ipv6(v6(2), v6(1), 0, HOP_BY_HOP + udp(546, 547))),
    (OUT, PPP_IP, ipv4(v4(1), v4(3), 17, b"\0" * 24, frag=3)),
    (IN, PPP_IP, ipv4(v4(3), v4(1), 6, tcp(443, 40000, ACK),
                      options=b"\x01\x01\x01\x00")),
    (OUT, PPP_IP, ipv4(v4(1), v4(4), 47, b"\0\0\x08\0" + b"\0" * 20)),
]

# The header forms of pfc.pcap, in turn: address and control or not,
# 1-byte protocol field or not.
HEADER_FORMS = [(True, False), (False, False), (True, True), (False, True)]


def ppp_header(protocol, with_address, compressed):
    header = b"\xff\x03" if with_address else b""
    if compressed:
        return header + bytes([protocol])
    return header + struct.pack("!H", protocol)


def record(number, data, wire_len=None):
    wire_len = len(data) if wire_len is None else wire_len
    return struct.pack("<IIII", number, 0, len(data), wire_len) + data


def write(path, linktype, records, tail=b""):
    with open(path, "wb") as stream:
        stream.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535,
                                 linktype))
        for number, item in enumerate(records, 1):
            if isinstance(item, tuple):
                stream.write(record(number, *item))
            else:
                stream.write(record(number, item))
        stream.write(tail)


def pppd_frame(direction, protocol, packet):
    return bytes([direction, 0x03]) + struct.pack("!H", protocol) + packet


def malformed_records():
    good = ipv4(v4(1), v4(2), 6, tcp(1024, 80, SYN))
    v6_packet = ipv6(v6(1), v6(2), 17, udp(1, 2))
    full = b"\xff\x03\x00\x21"
    loop = bytes([0, 0, 0, 0, 0, 0, 0, 0]) * 20  # 20 hop-by-hop headers
    return [
        b"",                                    # empty record
        b"\x21",                                # 1 byte
        b"\xff\x03",                            # address and control only
        b"\xff\x03\x00\x20" + good,             # even second protocol byte
        full + good[:12],                       # IPv4 header cut short
        full + bytes([0x4f]) + good[1:20],      # IHL 15, 20 bytes present
        full + bytes([0x65]) + good[1:],        # IP version 6 in IPv4
        b"\xff\x03\x00\x57" + v6_packet[:30],   # IPv6 header cut short
        b"\xff\x03\x00\x57" + ipv6(v6(1), v6(2), 0, loop),
        full + good[:22],                       # TCP header cut to 2 bytes
        (full + good[:30], len(full + good)),   # snapshot shorter than wire
        (full + good, 10),                      # wire shorter than record
        b"\xff\x03\x80\x21\x01\x01\x00\x04",    # IPCP: control protocol
        b"\xff\x03\x02\x81" + b"\0" * 8,        # MPLS: not carried
        full + good,                            # well formed
    ]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    write(os.path.join(out, "pppd.pcap"), LINKTYPE_PPP_PPPD,
          [pppd_frame(*packet) for packet in PACKETS])

    pfc = []
    for number, (_, protocol, packet) in enumerate(PACKETS):
        form = HEADER_FORMS[number % len(HEADER_FORMS)]
        pfc.append(ppp_header(protocol, *form) + packet)
    write(os.path.join(out, "pfc.pcap"), LINKTYPE_PPP, pfc)
    write(os.path.join(out, "pfc-ref.pcap"), LINKTYPE_PPP_PPPD,
          [pppd_frame(OUT, protocol, packet) for _, protocol, packet in PACKETS])

    write(os.path.join(out, "raw.pcap"), LINKTYPE_RAW,
          [packet for _, _, packet in PACKETS])

    # The last record header promises 40 bytes and the file ends after 3.
    write(os.path.join(out, "malformed.pcap"), LINKTYPE_PPP,
          malformed_records(),
          tail=struct.pack("<IIII", 99, 0, 40, 40) + b"\xff\x03\x00")

    write(os.path.join(out, "baddir.pcap"), LINKTYPE_PPP_PPPD,
          [pppd_frame(5, PPP_IP, PACKETS[0][2]), pppd_frame(*PACKETS[1])])


if __name__ == "__main__":
    main()
