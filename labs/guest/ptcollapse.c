// SPDX-License-Identifier: GPL-2.0
/*
 * ptcollapse PID: the detacher.  Maps ptvictim's memfd (/proc/PID/fd/3) at
 * its own PMD-aligned address, reads one page so that its own range is
 * populated, and calls madvise(MADV_COLLAPSE).  The kernel's collapse_file()
 * then builds a huge page for the file range and retract_page_tables()
 * detaches the (now empty) PTE table of every process mapping the range,
 * ptvictim's included.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define OWN_ADDR	0x20000000000UL	/* 2 TiB: PMD aligned */
#define LAB_SIZE	(2UL << 20)

int main(int argc, char **argv)
{
	volatile char *map;
	char path[64];
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr, "usage: ptcollapse PID\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%s/fd/3", argv[1]);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		perror("ptcollapse: open");
		return 1;
	}
	map = mmap((void *)OWN_ADDR, LAB_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	if (map == MAP_FAILED) {
		perror("ptcollapse: mmap");
		return 1;
	}
	(void)map[0];
	ret = madvise((void *)map, LAB_SIZE, MADV_COLLAPSE);
	printf("ptcollapse: madvise(MADV_COLLAPSE) = %d (%s)\n", ret,
	       ret ? strerror(errno) : "ok");
	return ret ? 1 : 0;
}
