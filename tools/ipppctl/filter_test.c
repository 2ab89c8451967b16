// SPDX-License-Identifier: GPL-2.0
/*
 * ipppctl filter test: run pass and active filters over a capture as a
 * unit would, and print each packet's verdict. The expressions and files
 * need no kernel; "dev NAME" reads the unit's filters over netlink.
 *
 * The verdicts come from libpcap's bpf_filter(), which runs classic BPF as
 * the kernel does for the loads libpcap generates. Linux-only ancillary
 * loads, which a program set through /dev/ipppN could use, read as out of
 * bounds there and reject the packet.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "bpf.h"
#include "capture.h"
#include "filter.h"
#include "ipppctl.h"
#include "output.h"
#include "packet.h"

static const char *const direction_names[] = {
	[BPF_DIR_IN] = "in",
	[BPF_DIR_OUT] = "out",
};

static const char *const status_names[] = {
	[FRAME_FILTERED] = "filtered",
	[FRAME_NOT_CARRIED] = "not-carried",
	[FRAME_CONTROL] = "control",
	[FRAME_MALFORMED] = "malformed",
};

struct test_request {
	const char *ifname;
	struct filter_source sources[FILTER_KIND_COUNT];
	uint32_t mask;
	const char *capture;
	int direction;			/* CAPTURE_DIR_DEFAULT or BPF_DIR_* */
};

struct verdict {
	bool pass;
	bool active;
	bool dial;			/* passes both and goes out */
};

struct totals {
	uint64_t packets;
	uint64_t passed;
	uint64_t dropped;
	uint64_t active;
	uint64_t dial;
	uint64_t not_carried;
	uint64_t control;
	uint64_t malformed;
	uint64_t truncated;
};

static int parse_direction(struct args *args, int *direction)
{
	unsigned int index;
	int err;

	if (*direction != CAPTURE_DIR_DEFAULT)
		return args_duplicate(args);
	err = args_choice(args, direction_names, ARRAY_SIZE(direction_names),
			  &index);
	if (!err)
		*direction = index;
	return err;
}

static int parse_word(struct args *args, const char *word,
		      struct test_request *request)
{
	int err;

	err = filter_parse_source(args, word, request->sources,
				  &request->mask);
	if (err != -ENOENT)
		return err;

	if (!strcmp(word, "dev")) {
		if (request->ifname)
			return args_duplicate(args);
		return args_ifname(args, &request->ifname);
	}
	if (!strcmp(word, "direction"))
		return parse_direction(args, &request->direction);
	if (!strcmp(word, "help"))
		return ARGS_HELP;
	if (request->capture)
		return args_unknown(args);
	request->capture = word;
	return 0;
}

static int parse_test(struct args *args, struct test_request *request)
{
	const char *word;
	int err;

	request->direction = CAPTURE_DIR_DEFAULT;
	while ((word = args_next(args))) {
		err = parse_word(args, word, request);
		if (err)
			return err;
	}

	if (!request->mask && !request->ifname)
		return args_missing(args,
				    "a filter (pass, active, pass-file or active-file) or \"dev NAME\"");
	if (!request->capture)
		return args_missing(args, "CAPTURE");
	return 0;
}

/* Load the programs given, then the unit's for the ones not given. */
static int load_programs(const struct test_request *request,
			 struct bpf_program *programs)
{
	int kind, err;

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++) {
		if (!(request->mask & filter_kinds[kind].mask))
			continue;
		err = load_filter(kind, &request->sources[kind],
				  &programs[kind]);
		if (err)
			return load_status(err);
	}
	if (request->ifname && filter_fetch(request->ifname, programs))
		return EXIT_SYSTEM;
	return EXIT_SUCCESS;
}

/* Run PROGRAM over FRAME. A filter that is not set accepts everything. */
static bool accepts(const struct bpf_program *program,
		    const struct frame *frame)
{
	if (!program->bf_insns)
		return true;
	return bpf_filter(program->bf_insns, frame->buffer, frame->wire_len,
			  frame->buffer_len) != 0;
}

/* The pass filter runs first, and the active filter only on what passed. */
static struct verdict judge(const struct bpf_program *programs,
			    const struct frame *frame)
{
	struct verdict verdict = { 0 };

	verdict.pass = accepts(&programs[FILTER_PASS], frame);
	if (verdict.pass)
		verdict.active = accepts(&programs[FILTER_ACTIVE], frame);
	verdict.dial = verdict.active && frame->direction == BPF_DIR_OUT;
	return verdict;
}

static void count(struct totals *totals, const struct frame *frame,
		  const struct verdict *verdict)
{
	totals->packets++;
	totals->truncated += frame->truncated;
	switch (frame->status) {
	case FRAME_FILTERED:
		if (verdict->pass)
			totals->passed++;
		else
			totals->dropped++;
		totals->active += verdict->active;
		totals->dial += verdict->dial;
		break;
	case FRAME_NOT_CARRIED:
		totals->not_carried++;
		break;
	case FRAME_CONTROL:
		totals->control++;
		break;
	case FRAME_MALFORMED:
		totals->malformed++;
		break;
	}
}

static void print_summary(const struct frame *frame)
{
	struct packet_summary summary;
	const char *name;

	summarize_packet(frame->protocol, frame->buffer + BPF_PSEUDO_HDR_LEN,
			 frame->buffer_len - BPF_PSEUDO_HDR_LEN, &summary);
	output_string("summary", " %s", summary.text);
	if (summary.has_addresses) {
		output_string("src", NULL, summary.src);
		output_string("dst", NULL, summary.dst);
	}
	if (summary.has_transport) {
		output_uint("ip_proto", NULL, summary.transport);
		name = transport_name(summary.transport);
		if (name)
			output_string("transport", NULL, name);
	}
	if (summary.has_ports) {
		output_uint("sport", NULL, summary.sport);
		output_uint("dport", NULL, summary.dport);
	}
	if (summary.has_icmp) {
		output_uint("icmp_type", NULL, summary.icmp_type);
		output_uint("icmp_code", NULL, summary.icmp_code);
	}
	if (summary.fragment)
		output_bool("fragment", true);
	if (summary.problem[0])
		output_string("problem", NULL, summary.problem);
}

static void print_verdict(const struct verdict *verdict)
{
	output_bool("pass", verdict->pass);
	output_bool("active", verdict->active);
	output_bool("dial", verdict->dial);
	if (!verdict->pass)
		output_text(": drop");
	else if (verdict->dial)
		output_text(": pass, active, would dial");
	else
		output_text(": pass, %s", verdict->active ? "active" : "not active");
}

static void print_outcome(const struct frame *frame,
			  const struct verdict *verdict)
{
	switch (frame->status) {
	case FRAME_FILTERED:
		print_verdict(verdict);
		break;
	case FRAME_NOT_CARRIED:
		output_text(": drop, not IPv4 or IPv6");
		break;
	case FRAME_CONTROL:
		output_text(": control protocol, not filtered");
		break;
	case FRAME_MALFORMED:
		output_string("error", ": malformed: %s", frame->problem);
		break;
	}
	if (frame->truncated) {
		output_bool("truncated", true);
		output_text(" (only %u of %u bytes captured%s)", frame->caplen,
			    frame->len, frame->status == FRAME_FILTERED ?
			    ", so the unit's verdict may differ" : "");
	}
	output_text("\n");
}

static void print_frame(const struct frame *frame,
			const struct verdict *verdict)
{
	output_open_object(NULL);
	output_uint("number", "%" PRIu64, frame->number);
	output_string("direction", " %s", direction_names[frame->direction]);
	output_string("status", NULL, status_names[frame->status]);
	if (frame->has_protocol) {
		output_string("protocol_name", " %s",
			      ppp_protocol_name(frame->protocol));
		output_uint("protocol", " 0x%04" PRIx64, frame->protocol);
	}
	if (frame->status == FRAME_FILTERED)
		print_summary(frame);
	print_outcome(frame, verdict);
	output_close_object();
}

static void print_totals(const struct totals *totals)
{
	output_open_object("totals");
	output_uint("packets", "%" PRIu64 " packets:", totals->packets);
	output_uint("passed", " %" PRIu64 " passed,", totals->passed);
	output_uint("dropped", " %" PRIu64 " dropped,", totals->dropped);
	output_uint("active", " %" PRIu64 " active,", totals->active);
	output_uint("dial", " %" PRIu64 " would dial,", totals->dial);
	output_uint("not_carried", " %" PRIu64 " not IPv4 or IPv6,",
		    totals->not_carried);
	output_uint("control", " %" PRIu64 " control,", totals->control);
	output_uint("malformed", " %" PRIu64 " malformed,", totals->malformed);
	output_uint("truncated", " %" PRIu64 " truncated\n", totals->truncated);
	output_close_object();
}

/*
 * Print every record of the capture. Returns an exit status: the usage
 * class when a record cannot be read, which ends the capture early.
 */
static int run_capture(struct capture *capture,
		       const struct bpf_program *programs)
{
	struct totals totals = { 0 };
	struct verdict verdict;
	struct frame frame;
	int err;

	output_open_array("packets");
	while ((err = capture_next(capture, &frame)) > 0 || err == -EINVAL) {
		verdict = frame.status == FRAME_FILTERED ?
			  judge(programs, &frame) : (struct verdict){ 0 };
		count(&totals, &frame, &verdict);
		print_frame(&frame, &verdict);
		if (err < 0)
			break;
	}
	output_close_array();
	print_totals(&totals);

	if (err == -EINVAL) {
		fprintf(stderr, "Error: capture \"%s\": cannot read record %u: %s\n",
			capture->path, frame.number, frame.problem);
		return EXIT_USAGE;
	}
	return err ? EXIT_SYSTEM : EXIT_SUCCESS;
}

static int test_capture(const struct test_request *request,
			const struct bpf_program *programs)
{
	struct capture capture;
	int err, status;

	err = capture_open(&capture, request->capture, request->direction);
	if (err)
		return load_status(err);

	output_start_object(options.json, options.pretty);
	status = run_capture(&capture, programs);
	if (output_finish(status != EXIT_SYSTEM))
		status = EXIT_SYSTEM;
	capture_close(&capture);
	return status;
}

int filter_test(struct args *args)
{
	struct bpf_program programs[FILTER_KIND_COUNT] = { 0 };
	struct test_request request = { 0 };
	int kind, err, status;

	err = parse_test(args, &request);
	if (err)
		return args_status(err, filter_usage);

	status = load_programs(&request, programs);
	if (status == EXIT_SUCCESS)
		status = test_capture(&request, programs);

	for (kind = 0; kind < FILTER_KIND_COUNT; kind++)
		pcap_freecode(&programs[kind]);
	return status;
}
