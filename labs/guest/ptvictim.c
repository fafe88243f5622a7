// SPDX-License-Identifier: GPL-2.0
/*
 * ptvictim: the process whose PTE table the labs walk and detach.
 *
 * Maps a 2 MiB memfd MAP_SHARED at a fixed PMD-aligned address (so the
 * range has exactly one PTE table and, being shared, no anon_vma), writes
 * every page so that all 512 PTEs are present, reports "ready" on stdout
 * and in /tmp/ptvictim.ready, makes one getppid() call that GDB can catch,
 * and sleeps until killed.  The memfd stays open as fd 3, so another
 * process can map the same file through /proc/PID/fd/3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * 1 TiB: PMD aligned, and far above the heap, which x86-64 places up to
 * 1 GiB above the program (brk randomization; static glibc uses brk for
 * its TLS at startup), and far below the mmap area under the stack.
 */
#define LAB_ADDR	0x10000000000UL
#define LAB_SIZE	(2UL << 20)	/* one PMD: one PTE table */
#define LAB_FD		3

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map;
	FILE *f;
	int fd;

	fd = memfd_create("ptlab", 0);
	if (fd < 0) {
		perror("ptvictim: memfd_create");
		return 1;
	}
	if (fd != LAB_FD) {
		if (dup2(fd, LAB_FD) < 0) {
			perror("ptvictim: dup2");
			return 1;
		}
		close(fd);
	}
	if (ftruncate(LAB_FD, LAB_SIZE)) {
		perror("ptvictim: ftruncate");
		return 1;
	}
	map = mmap((void *)LAB_ADDR, LAB_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED_NOREPLACE, LAB_FD, 0);
	if (map == MAP_FAILED) {
		perror("ptvictim: mmap");
		return 1;
	}
	if ((unsigned long)map != LAB_ADDR) {
		fprintf(stderr, "ptvictim: mapped at %p, not %#lx\n", map, LAB_ADDR);
		return 1;
	}
	for (unsigned long off = 0; off < LAB_SIZE; off += page)
		map[off] = (char)(off / page + 1);

	printf("ptvictim: pid %d addr %#lx ready\n", getpid(), LAB_ADDR);
	fflush(stdout);
	f = fopen("/tmp/ptvictim.ready", "w");
	if (!f) {
		perror("ptvictim: /tmp/ptvictim.ready");
		return 1;
	}
	fprintf(f, "%d %#lx\n", getpid(), LAB_ADDR);
	fclose(f);

	/* The marker syscall lab 1 breaks on. */
	(void)getppid();
	for (;;)
		pause();
}
