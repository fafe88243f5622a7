/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lab guests' side of ptlab's debugfs files (mm/ptlab.c): write a
 * command to control, look for a string in status.  Shared by the guest
 * programs that arm a window themselves (ptmove, ptcollapse-race); each
 * defines die(), which reports errno and exits with its own status.
 */
#ifndef PTLAB_USER_H
#define PTLAB_USER_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PTLAB		"/sys/kernel/debug/ptlab/"

static void die(const char *what);

/* Write one command to ptlab's control file; a refused one is fatal. */
static void ptlab_write(const char *cmd)
{
	int fd = open(PTLAB "control", O_WRONLY);
	int err;

	if (fd < 0)
		die("open " PTLAB "control");
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd)) {
		err = errno;
		fprintf(stderr, "%s: ptlab refused '%s'\n",
			program_invocation_short_name, cmd);
		errno = err;
		die("write " PTLAB "control");
	}
	close(fd);
}

/* Does ptlab's status file hold @what?  Reads the whole file. */
static int ptlab_status_has(const char *what)
{
	char buf[4096];
	ssize_t n;
	int fd = open(PTLAB "status", O_RDONLY);

	if (fd < 0)
		die("open " PTLAB "status");
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		die("read " PTLAB "status");
	buf[n] = '\0';
	return strstr(buf, what) != NULL;
}

#endif /* PTLAB_USER_H */
