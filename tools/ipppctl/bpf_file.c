// SPDX-License-Identifier: GPL-2.0
/*
 * Precompiled programs in the text format of "tcpdump -ddd": a line with
 * the instruction count, then one "code jt jf k" line per instruction, all
 * in decimal. Every line, field and limit is checked, and so are the rules
 * of the kernel's classic BPF checker, before the caller sends anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ippp.h>

#include "bpf.h"
#include "ipppctl.h"

#define FIELD_SEPARATORS	" \t\r"

struct program_file {
	const char *path;
	FILE *stream;
	char *line;
	size_t size;
	unsigned int number;	/* of the line last read, from 1 */
};

static const struct insn_field {
	const char *name;
	uint32_t max;
} insn_fields[] = {
	{ "code", UINT16_MAX },
	{ "jt", UINT8_MAX },
	{ "jf", UINT8_MAX },
	{ "k", UINT32_MAX },
};

/* Print "Error: FILE:LINE: ..." about the line last read. Returns -EINVAL. */
__attribute__((format(printf, 2, 3)))
static int file_error(const struct program_file *file, const char *format, ...)
{
	va_list ap;

	fprintf(stderr, "Error: %s:%u: ", file->path, file->number);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -EINVAL;
}

/*
 * Read the next line without its newline. Returns 1, 0 at the end of the
 * file, or a negative errno after printing why.
 */
static int read_line(struct program_file *file)
{
	ssize_t length;

	errno = 0;
	length = getline(&file->line, &file->size, file->stream);
	if (length < 0) {
		if (ferror(file->stream)) {
			fprintf(stderr, "Error: cannot read \"%s\": %s\n",
				file->path, strerror(errno ? errno : EIO));
			return -EIO;
		}
		return 0;
	}

	file->number++;
	if (length > 0 && file->line[length - 1] == '\n')
		file->line[--length] = '\0';
	if (strlen(file->line) != (size_t)length)
		return file_error(file, "the line contains a NUL byte");
	return 1;
}

static bool is_blank(const char *line)
{
	return line[strspn(line, FIELD_SEPARATORS)] == '\0';
}

/* Parse TEXT, a decimal integer from MIN to MAX, into *VALUE. */
static bool parse_decimal(const char *text, uint32_t min, uint32_t max,
			  uint32_t *value)
{
	uint64_t number = 0;
	const char *c;

	if (!*text)
		return false;
	for (c = text; *c; c++) {
		if (*c < '0' || *c > '9')
			return false;
		number = number * 10 + (*c - '0');
		if (number > max)
			return false;
	}
	if (number < min)
		return false;
	*value = number;
	return true;
}

static int field_error(const struct program_file *file, const char *name,
		       const char *text, uint32_t min, uint32_t max)
{
	return file_error(file,
			  "invalid %s \"%s\": expected a decimal integer from %u to %u",
			  name, text, min, max);
}

static int read_count(struct program_file *file, unsigned int *count)
{
	char *text, *extra, *cursor;
	uint32_t value;
	int err;

	err = read_line(file);
	if (err <= 0) {
		if (!err)
			fprintf(stderr,
				"Error: %s: the file is empty; expected an instruction count on line 1\n",
				file->path);
		return err ? err : -EINVAL;
	}

	text = strtok_r(file->line, FIELD_SEPARATORS, &cursor);
	if (!text)
		return file_error(file, "missing the instruction count");
	if (!parse_decimal(text, 1, IPPP_FILTER_MAXINSNS, &value))
		return field_error(file, "instruction count", text, 1,
				   IPPP_FILTER_MAXINSNS);
	extra = strtok_r(NULL, FIELD_SEPARATORS, &cursor);
	if (extra)
		return file_error(file,
				  "unexpected \"%s\" after the instruction count",
				  extra);
	*count = value;
	return 0;
}

static int parse_insn(struct program_file *file, struct bpf_insn *insn)
{
	uint32_t values[ARRAY_SIZE(insn_fields)];
	char *text, *cursor = NULL, *line = file->line;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(insn_fields); i++) {
		const struct insn_field *field = &insn_fields[i];

		text = strtok_r(line, FIELD_SEPARATORS, &cursor);
		line = NULL;
		if (!text)
			return file_error(file,
					  "missing %s; expected \"code jt jf k\"",
					  field->name);
		if (!parse_decimal(text, 0, field->max, &values[i]))
			return field_error(file, field->name, text, 0,
					   field->max);
	}

	text = strtok_r(NULL, FIELD_SEPARATORS, &cursor);
	if (text)
		return file_error(file, "unexpected \"%s\" after \"code jt jf k\"",
				  text);

	insn->code = values[0];
	insn->jt = values[1];
	insn->jf = values[2];
	insn->k = values[3];
	return 0;
}

static int read_insns(struct program_file *file, struct bpf_insn *insns,
		      unsigned int count)
{
	unsigned int i;
	int err;

	for (i = 0; i < count; i++) {
		err = read_line(file);
		if (err < 0)
			return err;
		if (!err) {
			fprintf(stderr,
				"Error: %s: line 1 counts %u instructions, but the file has %u\n",
				file->path, count, i);
			return -EINVAL;
		}
		err = parse_insn(file, &insns[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Only blank lines may follow the counted instructions. */
static int read_end(struct program_file *file, unsigned int count)
{
	int err;

	while ((err = read_line(file)) > 0) {
		if (!is_blank(file->line))
			return file_error(file,
					  "unexpected line after the %u instructions that line 1 counts",
					  count);
	}
	return err;
}

static int check_insns(struct program_file *file,
		       const struct bpf_program *program)
{
	struct bpf_problem problem;

	if (check_program(program->bf_insns, program->bf_len, &problem))
		return 0;

	/* Instruction N is on line N + 2: line 1 is the count. */
	file->number = problem.index + 2;
	return file_error(file, "instruction %u: %s", problem.index,
			  problem.reason);
}

static int parse_file(struct program_file *file, struct bpf_program *program)
{
	unsigned int count = 0;
	int err;

	err = read_count(file, &count);
	if (err)
		return err;

	program->bf_insns = calloc(count, sizeof(*program->bf_insns));
	if (!program->bf_insns) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}
	program->bf_len = count;

	err = read_insns(file, program->bf_insns, count);
	if (!err)
		err = read_end(file, count);
	if (!err)
		err = check_insns(file, program);
	if (err)
		pcap_freecode(program);
	return err;
}

/*
 * Read the program in file PATH ("-" for standard input). Returns 0,
 * -EINVAL for invalid contents, or another negative errno when the file
 * cannot be read; each failure prints a message that names the file and
 * line. On success the caller frees PROGRAM with pcap_freecode().
 */
int read_program_file(const char *path, struct bpf_program *program)
{
	struct program_file file = { .path = path };
	int err;

	memset(program, 0, sizeof(*program));
	if (!strcmp(path, "-")) {
		file.stream = stdin;
		file.path = "standard input";
	} else {
		file.stream = fopen(path, "r");
		if (!file.stream) {
			err = -errno;
			fprintf(stderr, "Error: cannot open \"%s\": %s\n", path,
				strerror(errno));
			return err;
		}
	}

	err = parse_file(&file, program);
	free(file.line);
	if (file.stream != stdin)
		fclose(file.stream);
	return err;
}
