// SPDX-License-Identifier: GPL-2.0
/*
 * Captures for "filter test". Each link type maps onto what a unit's
 * filters get:
 *  - DLT_PPP and DLT_PPP_SERIAL hold PPP frames, decoded as a unit
 *    decodes frames from its line: an optional ff 03 address and control,
 *    then a 1-byte (PFC) or 2-byte protocol field;
 *  - DLT_PPP_PPPD replaces the address byte with the direction (0 in,
 *    1 out), which "direction" on the command line overrides;
 *  - DLT_RAW holds IP packets, whose version gives the protocol.
 * Only DLT_PPP_PPPD records carry a direction; the others default to out.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "capture.h"

#define PPP_ADDRESS	0xff
#define PPP_CONTROL	0x03
/* Protocols from 0x8000 up are control protocols, such as LCP (0xc021). */
#define PPP_PROTO_CONTROL_MIN	0x8000

__attribute__((format(printf, 2, 3)))
static int malformed(struct frame *frame, const char *format, ...)
{
	va_list ap;

	frame->status = FRAME_MALFORMED;
	va_start(ap, format);
	vsnprintf(frame->problem, sizeof(frame->problem), format, ap);
	va_end(ap);
	return -EINVAL;
}

static int too_short(struct frame *frame, unsigned int length)
{
	return malformed(frame, "frame of %u byte%s is too short for a PPP header",
			 length, length == 1 ? "" : "s");
}

static const char *linktype_name(int linktype)
{
	const char *name = pcap_datalink_val_to_name(linktype);

	return name ? name : "unknown";
}

static bool is_supported(int linktype)
{
	return linktype == DLT_PPP || linktype == DLT_PPP_SERIAL ||
	       linktype == DLT_PPP_PPPD || linktype == DLT_RAW;
}

/*
 * Open capture PATH ("-" for standard input). DIRECTION, unless
 * CAPTURE_DIR_DEFAULT, is the direction of every packet. Returns 0,
 * -EINVAL for a file that is no capture of a supported link type, or
 * another negative errno when it cannot be opened.
 */
int capture_open(struct capture *capture, const char *path, int direction)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	FILE *stream = stdin;
	int err;

	memset(capture, 0, sizeof(*capture));
	capture->path = path;
	capture->direction = direction;

	if (strcmp(path, "-")) {
		stream = fopen(path, "rb");
		if (!stream) {
			err = -errno;
			fprintf(stderr, "Error: cannot open capture \"%s\": %s\n",
				path, strerror(errno));
			return err;
		}
	}

	capture->pcap = pcap_fopen_offline(stream, errbuf);
	if (!capture->pcap) {
		fprintf(stderr, "Error: cannot read capture \"%s\": %s\n",
			path, errbuf);
		if (stream != stdin)
			fclose(stream);
		return -EINVAL;
	}

	capture->linktype = pcap_datalink(capture->pcap);
	if (!is_supported(capture->linktype)) {
		const char *description =
			pcap_datalink_val_to_description(capture->linktype);

		fprintf(stderr,
			"Error: capture \"%s\" has link type %s (%s); expected PPP, PPP_SERIAL, PPP_PPPD or RAW\n",
			path, linktype_name(capture->linktype),
			description ? description : "no description");
		capture_close(capture);
		return -EINVAL;
	}
	return 0;
}

void capture_close(struct capture *capture)
{
	if (capture->pcap)
		pcap_close(capture->pcap);
	free(capture->buffer);
	memset(capture, 0, sizeof(*capture));
}

static enum frame_status classify(uint16_t protocol)
{
	if (protocol == PPP_PROTO_IP || protocol == PPP_PROTO_IPV6)
		return FRAME_FILTERED;
	if (protocol >= PPP_PROTO_CONTROL_MIN)
		return FRAME_CONTROL;
	return FRAME_NOT_CARRIED;
}

/*
 * Decode the protocol field at DATA + *OFFSET as a unit does: one byte
 * when its low bit is set (PFC), else two bytes of which the second must
 * be odd. Advances *OFFSET past it.
 */
static int decode_protocol(struct frame *frame, const uint8_t *data,
			   unsigned int length, unsigned int *offset)
{
	const uint8_t *field = data + *offset;
	unsigned int left = length - *offset;

	if (left >= 1 && (field[0] & 1)) {
		frame->protocol = field[0];
		*offset += 1;
	} else if (left >= 2 && (field[1] & 1)) {
		frame->protocol = field[0] << 8 | field[1];
		*offset += 2;
	} else if (left >= 2) {
		return malformed(frame,
				 "invalid PPP protocol field %02x %02x: the second byte must be odd",
				 field[0], field[1]);
	} else {
		return too_short(frame, length);
	}
	frame->has_protocol = true;
	return 0;
}

/* A unit takes at least 2 bytes before it looks at the header. */
static int decode_ppp(struct frame *frame, const uint8_t *data,
		      unsigned int length, unsigned int *offset)
{
	if (length < 2)
		return too_short(frame, length);
	if (data[0] == PPP_ADDRESS && data[1] == PPP_CONTROL)
		*offset = 2;
	return decode_protocol(frame, data, length, offset);
}

/* Byte 0 is the direction, byte 1 the control field. */
static int decode_pppd(const struct capture *capture, struct frame *frame,
		       const uint8_t *data, unsigned int length,
		       unsigned int *offset)
{
	if (length < 2)
		return too_short(frame, length);
	if (capture->direction == CAPTURE_DIR_DEFAULT) {
		if (data[0] != BPF_DIR_IN && data[0] != BPF_DIR_OUT)
			return malformed(frame,
					 "direction byte 0x%02x is neither 0 (in) nor 1 (out)",
					 data[0]);
		frame->direction = data[0];
	}
	*offset = 2;
	return decode_protocol(frame, data, length, offset);
}

static int decode_raw(struct frame *frame, const uint8_t *data,
		      unsigned int length)
{
	if (length < 1)
		return malformed(frame, "empty IP packet");

	switch (data[0] >> 4) {
	case 4:
		frame->protocol = PPP_PROTO_IP;
		break;
	case 6:
		frame->protocol = PPP_PROTO_IPV6;
		break;
	default:
		return malformed(frame, "IP version %u is neither 4 nor 6",
				 data[0] >> 4);
	}
	frame->has_protocol = true;
	return 0;
}

/* Find the network packet in a record's CAPLEN bytes at DATA. */
static int decode_link(const struct capture *capture, struct frame *frame,
		       const uint8_t *data, unsigned int caplen,
		       unsigned int *offset)
{
	*offset = 0;
	switch (capture->linktype) {
	case DLT_PPP_PPPD:
		return decode_pppd(capture, frame, data, caplen, offset);
	case DLT_RAW:
		return decode_raw(frame, data, caplen);
	default:
		return decode_ppp(frame, data, caplen, offset);
	}
}

static int grow_buffer(struct capture *capture, size_t size)
{
	uint8_t *buffer;

	if (size <= capture->buffer_size)
		return 0;
	buffer = realloc(capture->buffer, size);
	if (!buffer) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}
	capture->buffer = buffer;
	capture->buffer_size = size;
	return 0;
}

/* Build the pseudo-header and copy the network packet behind it. */
static int rebuild(struct capture *capture, struct frame *frame,
		   const struct pcap_pkthdr *header, const uint8_t *data,
		   unsigned int offset)
{
	unsigned int packet_len = header->caplen - offset;
	int err;

	err = grow_buffer(capture, BPF_PSEUDO_HDR_LEN + packet_len);
	if (err)
		return err;

	capture->buffer[0] = frame->direction;
	capture->buffer[1] = 0;
	capture->buffer[2] = frame->protocol >> 8;
	capture->buffer[3] = frame->protocol & 0xff;
	memcpy(capture->buffer + BPF_PSEUDO_HDR_LEN, data + offset, packet_len);

	frame->buffer = capture->buffer;
	frame->buffer_len = BPF_PSEUDO_HDR_LEN + packet_len;
	frame->wire_len = BPF_PSEUDO_HDR_LEN + (header->len - offset);
	return 0;
}

static int read_frame(struct capture *capture, struct frame *frame,
		      const struct pcap_pkthdr *header, const uint8_t *data)
{
	unsigned int offset;
	int err;

	frame->caplen = header->caplen;
	frame->len = header->len;
	frame->truncated = header->caplen < header->len;
	/* A malformed frame is reported with the others, not as an error. */
	if (header->len < header->caplen) {
		malformed(frame, "record holds %u bytes of a packet of %u bytes",
			  header->caplen, header->len);
		return 0;
	}
	err = decode_link(capture, frame, data, header->caplen, &offset);
	if (err)
		return 0;

	frame->status = classify(frame->protocol);
	return rebuild(capture, frame, header, data, offset);
}

/*
 * Read the next record into FRAME. Returns 1 for a frame (which may be
 * FRAME_MALFORMED), 0 at the end of the capture, -EINVAL with FRAME
 * malformed when the rest of the file cannot be read, or another negative
 * errno after printing why.
 */
int capture_next(struct capture *capture, struct frame *frame)
{
	struct pcap_pkthdr *header;
	const u_char *data;
	int err;

	memset(frame, 0, sizeof(*frame));
	frame->number = capture->count + 1;
	frame->direction = capture->direction == CAPTURE_DIR_DEFAULT ?
			   BPF_DIR_OUT : capture->direction;

	err = pcap_next_ex(capture->pcap, &header, &data);
	if (err == PCAP_ERROR_BREAK)
		return 0;
	if (err != 1)
		return malformed(frame, "%s", pcap_geterr(capture->pcap));

	capture->count++;
	err = read_frame(capture, frame, header, data);
	return err ? err : 1;
}
