/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line cursor for one object: keyword lookup, values, usage errors
 * that quote the words before the offending one, and command dispatch.
 */
#ifndef IPPPCTL_ARGS_H
#define IPPPCTL_ARGS_H

#include <stdint.h>
#include <stdio.h>

/* Returned by a parser that met the keyword "help". */
#define ARGS_HELP	1

struct args {
	int argc;
	char **argv;		/* argv[0] is the object, e.g. "filter" */
	int next;		/* index of the next word to read */
};

struct command {
	const char *name;
	int (*run)(struct args *args);	/* returns an exit status */
};

typedef void (*usage_fn)(FILE *stream);

const char *args_next(struct args *args);
int args_value(struct args *args, const char *placeholder,
	       const char **value);
int args_ifname(struct args *args, const char **name);
int args_u32(struct args *args, const char *placeholder, uint32_t *value);
int args_u32_range(struct args *args, const char *placeholder, uint32_t min,
		   uint32_t max, uint32_t *value);
int args_choice(struct args *args, const char *const *choices,
		unsigned int count, unsigned int *index);
int args_unknown(const struct args *args);
int args_duplicate(const struct args *args);
int args_conflict(const struct args *args, const char *setting);
int args_missing(const struct args *args, const char *part);
int args_status(int err, usage_fn usage);
int args_dispatch(struct args *args, const struct command *commands,
		  unsigned int count, const char *default_command,
		  usage_fn usage);

#endif /* IPPPCTL_ARGS_H */
