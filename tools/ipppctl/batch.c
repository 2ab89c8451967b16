// SPDX-License-Identifier: GPL-2.0
/*
 * Batch files: one command per line without the leading "ipppctl" and
 * options, as in "filter set dev ippp0 pass 'not icmp'". Words split at
 * blanks. Single quotes keep everything up to the next single quote, and
 * double quotes do the same but honour \" and \\. A backslash outside
 * quotes takes the next character as it is, and a backslash at the end of
 * a line joins the next line. A word starting with # starts a comment that
 * runs to the end of the line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "ipppctl.h"

/* The words of one command, pointing into BUFFER. */
struct command_line {
	char *buffer;		/* the unquoted words, each NUL-terminated */
	char **argv;
	int argc;
};

struct batch {
	const char *path;
	FILE *stream;
	char *line;
	size_t size;
	unsigned int number;	/* of the last line read, from 1 */
	unsigned int first;	/* the line the current command starts on */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Copy the quoted text after the quote at *IN to *OUT, up to the closing
 * QUOTE. Returns false when the text ends first.
 */
static bool unquote(const char **in, char **out, char quote)
{
	const char *c = *in + 1;

	while (*c && *c != quote) {
		if (quote == '"' && *c == '\\' && (c[1] == '"' || c[1] == '\\'))
			c++;
		*(*out)++ = *c++;
	}
	if (!*c)
		return false;
	*in = c + 1;
	return true;
}

/* Copy the word at *IN to *OUT without its quotes. */
static int copy_word(const struct batch *batch, const char **in, char **out)
{
	const char *c = *in;

	while (*c && !is_blank(*c)) {
		if (*c == '\'' || *c == '"') {
			if (!unquote(&c, out, *c)) {
				fprintf(stderr, "Error: %s:%u: unterminated %s quote\n",
					batch->path, batch->first,
					*c == '"' ? "double" : "single");
				return -EINVAL;
			}
		} else {
			if (*c == '\\' && c[1])
				c++;
			*(*out)++ = *c++;
		}
	}
	*(*out)++ = '\0';
	*in = c;
	return 0;
}

/* Split TEXT into words. A line has at most one word per two bytes. */
static int split_words(const struct batch *batch, const char *text,
		       struct command_line *command)
{
	size_t length = strlen(text);
	char *out;
	int err;

	command->buffer = malloc(length + 1);
	command->argv = calloc(length / 2 + 2, sizeof(*command->argv));
	if (!command->buffer || !command->argv) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}

	out = command->buffer;
	for (;;) {
		while (is_blank(*text))
			text++;
		if (!*text || *text == '#')
			return 0;
		command->argv[command->argc++] = out;
		err = copy_word(batch, &text, &out);
		if (err)
			return err;
	}
}

static bool ends_in_backslash(const char *line, size_t length)
{
	return length > 0 && line[length - 1] == '\\';
}

/*
 * Read the next command, joining lines that end in a backslash, into a
 * string the caller frees. Returns 1, 0 at the end of the file, or a
 * negative errno after printing why.
 */
static int read_command(struct batch *batch, char **text)
{
	size_t total = 0, length;
	char *joined = NULL, *grown;

	batch->first = batch->number + 1;
	errno = 0;
	while (getline(&batch->line, &batch->size, batch->stream) >= 0) {
		batch->number++;
		length = strcspn(batch->line, "\n");
		grown = realloc(joined, total + length + 2);
		if (!grown) {
			free(joined);
			fputs("Error: out of memory\n", stderr);
			return -ENOMEM;
		}
		joined = grown;
		memcpy(joined + total, batch->line, length);
		total += length;
		joined[total] = '\0';
		if (!ends_in_backslash(joined, total))
			break;
		joined[total - 1] = ' ';
	}

	if (ferror(batch->stream)) {
		free(joined);
		fprintf(stderr, "Error: cannot read \"%s\": %s\n", batch->path,
			strerror(errno ? errno : EIO));
		return -EIO;
	}
	*text = joined;
	return joined ? 1 : 0;
}

static void free_command(struct command_line *command)
{
	free(command->buffer);
	free(command->argv);
	memset(command, 0, sizeof(*command));
}

/*
 * Run one command. Returns its exit status, EXIT_USAGE for a line that
 * cannot be split, or EXIT_SYSTEM when memory runs out.
 */
static int run_line(struct batch *batch, const char *text,
		    batch_command_fn run_command)
{
	struct command_line command = { 0 };
	int err, status = EXIT_SUCCESS;

	err = split_words(batch, text, &command);
	if (err) {
		status = err == -ENOMEM ? EXIT_SYSTEM : EXIT_USAGE;
	} else if (command.argc > 0) {
		status = run_command(command.argc, command.argv);
		if (status != EXIT_SUCCESS)
			fprintf(stderr,
				"Error: %s:%u: command failed with exit status %d\n",
				batch->path, batch->first, status);
	}

	free_command(&command);
	return status;
}

static int run_lines(struct batch *batch, bool force,
		     batch_command_fn run_command)
{
	int err, status, worst = EXIT_SUCCESS;
	char *text;

	while ((err = read_command(batch, &text)) > 0) {
		status = run_line(batch, text, run_command);
		free(text);
		if (status > worst)
			worst = status;
		if (status != EXIT_SUCCESS && !force)
			return status;
	}
	return err ? EXIT_SYSTEM : worst;
}

/*
 * Run the commands in file PATH ("-" for standard input) through
 * RUN_COMMAND. Stops at the first that fails unless FORCE is set; then it
 * runs them all. Returns EXIT_SUCCESS, or the highest exit status of a
 * command that failed.
 */
int run_batch(const char *path, bool force, batch_command_fn run_command)
{
	struct batch batch = { .path = path, .stream = stdin };
	int status;

	if (strcmp(path, "-")) {
		batch.stream = fopen(path, "r");
		if (!batch.stream) {
			fprintf(stderr, "Error: cannot open batch file \"%s\": %s\n",
				path, strerror(errno));
			return EXIT_SYSTEM;
		}
	} else {
		batch.path = "standard input";
	}

	status = run_lines(&batch, force, run_command);
	free(batch.line);
	if (batch.stream != stdin)
		fclose(batch.stream);
	return status;
}
