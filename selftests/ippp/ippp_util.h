/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process helpers that the ippp selftests share: running a shell command
 * and entering a network namespace that "ip netns add" created.
 */
#ifndef IPPP_UTIL_H
#define IPPP_UTIL_H

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run @cmd with system(3) and return its exit status, or -1. */
static inline int run_cmd(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Move the calling thread into the namespace /run/netns/@name. */
static inline int enter_netns(const char *name)
{
	char path[128];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	err = setns(fd, CLONE_NEWNET);
	close(fd);
	return err;
}

#endif /* IPPP_UTIL_H */
