// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line cursor. Errors quote the words the user typed before the
 * offending one, so "Error: unknown keyword" points at the exact spot.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "ipppctl.h"

static bool needs_quotes(const char *word)
{
	return !*word || strpbrk(word, " \t\n\"") != NULL;
}

/* Print argv[0] .. argv[end - 1] as the user could have typed them. */
static void print_words(const struct args *args, int end)
{
	int i;

	for (i = 0; i < end && i < args->argc; i++) {
		const char *word = args->argv[i];

		if (i > 0)
			fputc(' ', stderr);
		if (needs_quotes(word))
			fprintf(stderr, "'%s'", word);
		else
			fputs(word, stderr);
	}
}

static void print_choices(const char *const *choices, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (i > 0)
			fputs(i + 1 == count ? " or " : ", ", stderr);
		fputs(choices[i], stderr);
	}
}

const char *args_next(struct args *args)
{
	if (args->next >= args->argc)
		return NULL;
	return args->argv[args->next++];
}

/* Read the value of the keyword just read. PLACEHOLDER names it in errors. */
int args_value(struct args *args, const char *placeholder, const char **value)
{
	if (args->next >= args->argc) {
		fprintf(stderr, "Error: missing %s after \"", placeholder);
		print_words(args, args->next);
		fputs("\"\n", stderr);
		return -EINVAL;
	}
	*value = args->argv[args->next++];
	return 0;
}

int args_ifname(struct args *args, const char **name)
{
	int err;

	err = args_value(args, "NAME", name);
	if (err)
		return err;

	if (!**name) {
		fputs("Error: interface name is empty\n", stderr);
		return -EINVAL;
	}
	if (strlen(*name) >= IFNAMSIZ) {
		fprintf(stderr,
			"Error: interface name \"%s\" is longer than %d characters\n",
			*name, IFNAMSIZ - 1);
		return -EINVAL;
	}
	return 0;
}

int args_u32_range(struct args *args, const char *placeholder, uint32_t min,
		   uint32_t max, uint32_t *value)
{
	const char *keyword = args->argv[args->next - 1];
	const char *text;
	unsigned long long number;
	char *end;
	int err;

	err = args_value(args, placeholder, &text);
	if (err)
		return err;

	errno = 0;
	number = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || *end || errno || number < min ||
	    number > max) {
		fprintf(stderr,
			"Error: invalid %s \"%s\": expected an integer from %u to %u\n",
			keyword, text, min, max);
		return -EINVAL;
	}
	*value = number;
	return 0;
}

int args_u32(struct args *args, const char *placeholder, uint32_t *value)
{
	return args_u32_range(args, placeholder, 0, UINT32_MAX, value);
}

int args_choice(struct args *args, const char *const *choices,
		unsigned int count, unsigned int *index)
{
	const char *keyword = args->argv[args->next - 1];
	const char *text;
	unsigned int i;

	if (args->next >= args->argc) {
		fputs("Error: missing ", stderr);
		print_choices(choices, count);
		fputs(" after \"", stderr);
		print_words(args, args->next);
		fputs("\"\n", stderr);
		return -EINVAL;
	}
	text = args->argv[args->next++];

	for (i = 0; i < count; i++) {
		if (!strcmp(text, choices[i])) {
			*index = i;
			return 0;
		}
	}

	fprintf(stderr, "Error: invalid %s \"%s\": expected ", keyword, text);
	print_choices(choices, count);
	fputc('\n', stderr);
	return -EINVAL;
}

/* Report the word just read as a keyword this position does not take. */
int args_unknown(const struct args *args)
{
	fprintf(stderr, "Error: unknown keyword \"%s\" after \"",
		args->argv[args->next - 1]);
	print_words(args, args->next - 1);
	fputs("\"\n", stderr);
	return -EINVAL;
}

/* Report the keyword just read as given a second time. */
int args_duplicate(const struct args *args)
{
	fprintf(stderr, "Error: duplicate \"%s\" in \"",
		args->argv[args->next - 1]);
	print_words(args, args->next);
	fputs("\"\n", stderr);
	return -EINVAL;
}

/* Report the keyword just read as changing SETTING a second time. */
int args_conflict(const struct args *args, const char *setting)
{
	fprintf(stderr, "Error: \"%s\" sets %s a second time in \"",
		args->argv[args->next - 1], setting);
	print_words(args, args->next);
	fputs("\"\n", stderr);
	return -EINVAL;
}

/* Report PART, a required part, as absent from the whole command. */
int args_missing(const struct args *args, const char *part)
{
	fprintf(stderr, "Error: missing %s in \"", part);
	print_words(args, args->argc);
	fputs("\"\n", stderr);
	return -EINVAL;
}

/* Turn a parser's result into an exit status, printing the usage on "help". */
int args_status(int err, usage_fn usage)
{
	if (err == ARGS_HELP) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	return EXIT_USAGE;
}

int args_dispatch(struct args *args, const struct command *commands,
		  unsigned int count, const char *default_command,
		  usage_fn usage)
{
	const char *name = args_next(args);
	unsigned int i;

	if (!name)
		name = default_command;
	if (!strcmp(name, "help")) {
		usage(stdout);
		return EXIT_SUCCESS;
	}

	for (i = 0; i < count; i++) {
		if (!strcmp(name, commands[i].name))
			return commands[i].run(args);
	}

	fprintf(stderr,
		"Error: unknown command \"%s\" after \"%s\"; try \"ipppctl %s help\"\n",
		name, args->argv[0], args->argv[0]);
	return EXIT_USAGE;
}
