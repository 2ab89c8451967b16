// SPDX-License-Identifier: GPL-2.0
/*
 * ipppctl: configure ippp units and their pass and active filters over the
 * "ippp" generic netlink family.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "ipppctl.h"

#define NETNS_RUN_DIR	"/run/netns"

struct ipppctl_options options;

static const struct object {
	const char *name;
	int (*main)(int argc, char **argv);
} objects[] = {
	{ "filter", filter_main },
	{ "unit", unit_main },
	{ "monitor", monitor_main },
};

static void usage(FILE *stream)
{
	fputs("Usage: ipppctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "       ipppctl [ OPTIONS ] -b FILE [ -force ]\n"
	      "where  OBJECT  := { filter | unit | monitor }\n"
	      "       OPTIONS := { -V | -j | -p | -s | -d | -n NETNS | -h }\n"
	      "\n"
	      "  -V        print the version and exit\n"
	      "  -j        print JSON: one array with an object per unit\n"
	      "  -p        indent the JSON output (with -j)\n"
	      "  -s        show the filter counters, in text and JSON\n"
	      "  -d        show the filter programs, disassembled as \"tcpdump -d\" does\n"
	      "            (JSON: \"insns\" as [code, jt, jf, k] arrays)\n"
	      "  -n NETNS  run in network namespace NETNS, a name under " NETNS_RUN_DIR "\n"
	      "            or a path such as /proc/PID/ns/net\n"
	      "  -b FILE   run the commands in FILE (\"-\": standard input), one per\n"
	      "            line, without \"ipppctl\" and the options; # starts a comment\n"
	      "  -force    with -b, run every command even after one failed\n"
	      "  -h        print this help\n"
	      "\n"
	      "Try \"ipppctl OBJECT help\" for the commands of an object.\n"
	      "Exit status: 0 success, 1 usage error, 2 kernel or system error; with -b,\n"
	      "the highest status of a command that failed.\n",
	      stream);
}

static int switch_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, length;

	/* A name is looked up where "ip netns add" creates it. */
	if (strchr(name, '/'))
		length = snprintf(path, sizeof(path), "%s", name);
	else
		length = snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", name);
	if (length < 0 || (size_t)length >= sizeof(path)) {
		fprintf(stderr, "Error: network namespace name \"%s\" is too long\n",
			name);
		return -ENAMETOOLONG;
	}

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -errno;
	}

	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr,
			"Error: cannot switch to network namespace \"%s\": %s\n",
			name, strerror(errno));
		close(fd);
		return -errno;
	}

	close(fd);
	return 0;
}

/* Set the flag option ARG. Returns false if ARG is not a flag option. */
static bool parse_flag_option(const char *arg)
{
	static const struct {
		const char *name;
		bool *flag;
	} flags[] = {
		{ "-j", &options.json },
		{ "-p", &options.pretty },
		{ "-s", &options.stats },
		{ "-d", &options.details },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!strcmp(arg, flags[i].name)) {
			*flags[i].flag = true;
			return true;
		}
	}
	return false;
}

/* The options that take a value or end the run. */
struct run_options {
	const char *netns;		/* -n */
	const char *batch;		/* -b */
	bool force;			/* -force */
};

/*
 * Read the value of option ARGV[*I] into *VALUE. Returns false, after
 * printing an error, when it is missing.
 */
static bool option_value(int argc, char **argv, int *i, const char *name,
			 const char **value)
{
	if (++*i == argc) {
		fprintf(stderr, "Error: missing %s after \"%s\"\n", name,
			argv[*i - 1]);
		return false;
	}
	*value = argv[*i];
	return true;
}

/*
 * Parse the options before OBJECT. Returns the index of OBJECT, ARGC after
 * "-b FILE", or 0 when there is nothing left to run and *STATUS is the
 * exit status.
 */
static int parse_options(int argc, char **argv, struct run_options *run,
			 int *status)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (parse_flag_option(arg))
			continue;

		if (!strcmp(arg, "-n") || !strcmp(arg, "-b")) {
			if (!option_value(argc, argv, &i,
					  arg[1] == 'n' ? "NETNS" : "FILE",
					  arg[1] == 'n' ? &run->netns :
							  &run->batch)) {
				*status = EXIT_USAGE;
				return 0;
			}
		} else if (!strcmp(arg, "-force")) {
			run->force = true;
		} else if (!strcmp(arg, "-V")) {
			printf("ipppctl %s\n", IPPPCTL_VERSION);
			*status = EXIT_SUCCESS;
			return 0;
		} else if (!strcmp(arg, "-h")) {
			usage(stdout);
			*status = EXIT_SUCCESS;
			return 0;
		} else {
			fprintf(stderr,
				"Error: unknown option \"%s\"; try \"ipppctl -h\"\n",
				arg);
			*status = EXIT_USAGE;
			return 0;
		}
	}

	if (run->batch && i < argc) {
		fprintf(stderr, "Error: unexpected \"%s\" after \"-b %s\"; a batch file holds the commands\n",
			argv[i], run->batch);
		*status = EXIT_USAGE;
		return 0;
	}
	if (i == argc && !run->batch) {
		usage(stderr);
		*status = EXIT_USAGE;
		return 0;
	}
	return i;
}

static const struct object *find_object(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		if (!strcmp(name, objects[i].name))
			return &objects[i];
	}
	return NULL;
}

/* Run one command. ARGV[0] is the object, or "help". */
static int run_object(int argc, char **argv)
{
	const struct object *object;

	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return EXIT_SUCCESS;
	}

	object = find_object(argv[0]);
	if (!object) {
		fprintf(stderr, "Error: unknown object \"%s\"; try \"ipppctl help\"\n",
			argv[0]);
		return EXIT_USAGE;
	}
	return object->main(argc, argv);
}

static int run(int argc, char **argv)
{
	struct run_options run = { 0 };
	int first, status = EXIT_SUCCESS;

	first = parse_options(argc, argv, &run, &status);
	if (!first)
		return status;

	/* Like "ip -n": the netlink socket must be created in NETNS. */
	if (run.netns && switch_netns(run.netns))
		return EXIT_SYSTEM;

	if (run.batch)
		return run_batch(run.batch, run.force, run_object);
	return run_object(argc - first, argv + first);
}

int main(int argc, char **argv)
{
	int status = run(argc, argv);

	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write the output: %s\n",
			strerror(errno));
		status = EXIT_SYSTEM;
	}
	return status;
}
