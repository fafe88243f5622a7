// SPDX-License-Identifier: GPL-2.0
/*
 * ptreader FILE: the read-only lab's faulting process.
 *
 * Maps FILE (on ramfs, so faults go through filemap_fault()) MAP_SHARED at
 * a fixed PMD-aligned address, sized 2 MiB but with only page 0 written:
 * the rest is a hole, not in the page cache.  Writing page 0 creates the
 * PTE table.  After /tmp/ptreader.go appears it mlock()s page 1: the fault
 * on that hole, in a VM_LOCKED VMA with a PTE table present, makes
 * filemap_fault() call filemap_fault_recheck_pte_none(), which maps the
 * table with pte_offset_map_ro_nolock().
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define LAB_ADDR	0x10000000000UL	/* 1 TiB: see ptvictim.c */
#define LAB_SIZE	(2UL << 20)

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map;
	FILE *f;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: ptreader FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, LAB_SIZE)) {
		perror("ptreader: file");
		return 1;
	}
	map = mmap((void *)LAB_ADDR, LAB_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	if (map == MAP_FAILED || (unsigned long)map != LAB_ADDR) {
		perror("ptreader: mmap");
		return 1;
	}
	map[0] = 1;

	f = fopen("/tmp/ptreader.ready", "w");
	if (!f) {
		perror("ptreader: /tmp/ptreader.ready");
		return 1;
	}
	fprintf(f, "%d %#lx %#lx\n", getpid(), LAB_ADDR, LAB_ADDR + page);
	fclose(f);
	while (access("/tmp/ptreader.go", F_OK))
		usleep(20000);

	if (mlock(map + page, page)) {
		perror("ptreader: mlock");
		return 1;
	}
	printf("ptreader: page 1 faulted in by mlock(), reads %d\n", map[page]);
	return 0;
}
