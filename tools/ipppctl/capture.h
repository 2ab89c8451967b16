/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Read a capture of PPP frames or raw IP packets and rebuild, for each
 * record, the buffer a unit's filters would see: the 4-byte pseudo-header
 * followed by the network packet.
 */
#ifndef IPPPCTL_CAPTURE_H
#define IPPPCTL_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pcap/pcap.h>

/* "direction" of the command line: none given, or BPF_DIR_IN/BPF_DIR_OUT. */
#define CAPTURE_DIR_DEFAULT	(-1)

enum frame_status {
	FRAME_FILTERED,		/* IPv4 or IPv6: the unit runs its filters */
	FRAME_NOT_CARRIED,	/* another network protocol: the unit drops it */
	FRAME_CONTROL,		/* control protocol: never filtered */
	FRAME_MALFORMED,	/* no valid PPP header, or a bad record */
};

struct frame {
	unsigned int number;		/* of the record, from 1 */
	enum frame_status status;
	int direction;			/* BPF_DIR_IN or BPF_DIR_OUT */
	bool has_protocol;
	uint16_t protocol;		/* the decoded PPP protocol */
	const uint8_t *buffer;		/* pseudo-header and packet */
	unsigned int buffer_len;	/* bytes of it captured */
	unsigned int wire_len;		/* bytes of it on the wire */
	unsigned int caplen;		/* bytes of the record captured */
	unsigned int len;		/* bytes of the record on the wire */
	bool truncated;			/* caplen < len */
	char problem[160];		/* why the frame is malformed */
};

struct capture {
	const char *path;
	pcap_t *pcap;
	int linktype;
	int direction;			/* CAPTURE_DIR_DEFAULT or a BPF_DIR_* */
	unsigned int count;		/* records read */
	uint8_t *buffer;
	size_t buffer_size;
};

int capture_open(struct capture *capture, const char *path, int direction);
int capture_next(struct capture *capture, struct frame *frame);
void capture_close(struct capture *capture);

#endif /* IPPPCTL_CAPTURE_H */
