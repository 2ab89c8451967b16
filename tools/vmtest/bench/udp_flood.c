// SPDX-License-Identifier: GPL-2.0
/*
 * UDP traffic for the data path benchmark.
 *
 *   udp_flood send [-c CPU] [-t MS] [-s PAYLOAD] [-b BATCH] ADDR PORT
 *   udp_flood sink PORT
 *
 * "send" pins itself to CPU, then sends PAYLOAD-byte datagrams to
 * ADDR:PORT with sendmmsg(), BATCH at a time, for MS milliseconds, and prints
 * "sent=N ns=T": the datagrams the kernel accepted and the nanoseconds it
 * took. The receiving side counts with the far device's rx_packets.
 *
 * "sink" binds PORT on every address with the smallest receive buffer and
 * never reads. The far side's stack then delivers each datagram to a
 * socket and drops it there. No reader competes for CPU time, and no ICMP
 * port unreachable goes back as it would from a closed port.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#define MAX_BATCH	256
#define MAX_PAYLOAD	65507

static void usage(void)
{
	fprintf(stderr,
		"usage: udp_flood send [-c CPU] [-t MS] [-s PAYLOAD] [-b BATCH] ADDR PORT\n"
		"       udp_flood sink PORT\n");
	exit(1);
}

static unsigned long parse_num(const char *arg, const char *what,
			       unsigned long min, unsigned long max)
{
	unsigned long value;
	char *end;

	errno = 0;
	value = strtoul(arg, &end, 10);
	if (errno || *end || end == arg || value < min || value > max) {
		fprintf(stderr, "udp_flood: invalid %s \"%s\"; expected %lu to %lu\n",
			what, arg, min, max);
		exit(1);
	}
	return value;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int sink(const char *port_arg)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd, size = 1;

	addr.sin_port = htons(parse_num(port_arg, "port", 1, 65535));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("udp_flood: sink");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("udp_flood: sched_setaffinity");
		exit(1);
	}
}

static int flood(int cpu, unsigned int ms, size_t payload,
		 unsigned int batch, const char *addr_arg, const char *port_arg)
{
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iov;
	struct sockaddr_in addr = { .sin_family = AF_INET };
	unsigned long long start, end, deadline, sent = 0;
	unsigned int i;
	char *buf;
	int fd, n;

	if (inet_pton(AF_INET, addr_arg, &addr.sin_addr) != 1) {
		fprintf(stderr, "udp_flood: invalid IPv4 address \"%s\"\n", addr_arg);
		return 1;
	}
	addr.sin_port = htons(parse_num(port_arg, "port", 1, 65535));
	if (cpu >= 0)
		pin(cpu);

	buf = calloc(1, payload ? payload : 1);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (!buf || fd < 0 ||
	    connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("udp_flood: send");
		return 1;
	}
	iov.iov_base = buf;
	iov.iov_len = payload;
	for (i = 0; i < batch; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	start = now_ns();
	deadline = start + ms * 1000000ULL;
	for (;;) {
		n = sendmmsg(fd, msgs, batch, 0);
		/* A full queue is back-pressure, not an error. */
		if (n < 0 && errno != ENOBUFS && errno != EAGAIN) {
			perror("udp_flood: sendmmsg");
			return 1;
		}
		if (n > 0)
			sent += n;
		end = now_ns();
		if (end >= deadline)
			break;
	}

	printf("sent=%llu ns=%llu\n", sent, end - start);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int ms = 1000, batch = 64;
	size_t payload = 64;
	int cpu = -1, opt;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "sink")) {
		if (argc != 3)
			usage();
		return sink(argv[2]);
	}
	if (strcmp(argv[1], "send"))
		usage();

	optind = 2;
	while ((opt = getopt(argc, argv, "c:t:s:b:")) != -1) {
		switch (opt) {
		case 'c':
			cpu = parse_num(optarg, "CPU", 0, CPU_SETSIZE - 1);
			break;
		case 't':
			ms = parse_num(optarg, "duration", 1, 3600000);
			break;
		case 's':
			payload = parse_num(optarg, "payload", 0, MAX_PAYLOAD);
			break;
		case 'b':
			batch = parse_num(optarg, "batch", 1, MAX_BATCH);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	return flood(cpu, ms, payload, batch, argv[optind],
		     argv[optind + 1]);
}
