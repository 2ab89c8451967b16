/* SPDX-License-Identifier: GPL-2.0 */
/* Run ipppctl commands from a file, one per line ("ipppctl -b FILE"). */
#ifndef IPPPCTL_BATCH_H
#define IPPPCTL_BATCH_H

#include <stdbool.h>

/* Run one command: ARGV[0] is the object. Returns an exit status. */
typedef int (*batch_command_fn)(int argc, char **argv);

int run_batch(const char *path, bool force, batch_command_fn run_command);

#endif /* IPPPCTL_BATCH_H */
