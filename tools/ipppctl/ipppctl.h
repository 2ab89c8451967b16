/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the ipppctl objects: global options, exit status
 * classes and the entry point of each object.
 */
#ifndef IPPPCTL_H
#define IPPPCTL_H

#include <stdbool.h>

#define IPPPCTL_VERSION "0.1"

#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))

/* Exit status: a bad keyword, missing argument or invalid expression. */
#define EXIT_USAGE	1
/* Exit status: the kernel rejected a request or a system call failed. */
#define EXIT_SYSTEM	2

struct ipppctl_options {
	bool json;		/* -j */
	bool pretty;		/* -p */
	bool stats;		/* -s */
	bool details;		/* -d */
};

extern struct ipppctl_options options;

int filter_main(int argc, char **argv);
int unit_main(int argc, char **argv);
int monitor_main(int argc, char **argv);

#endif /* IPPPCTL_H */
