// SPDX-License-Identifier: GPL-2.0
/*
 * ptcollapse-race [-k] [-w] [-s SEED] ITERATIONS: MADV_COLLAPSE against
 * MADV_DONTNEED on one PTE-mapped shmem THP, with random timing (the stress check),
 * or, with -w, staged by the lab window (lab 6).
 *
 * Setup: a 2 MiB memfd mapped MAP_SHARED at a PMD-aligned address, every
 * page written, then MADV_COLLAPSE once: the page cache now holds one
 * PMD-order folio for the range.  Before every iteration the range is made
 * PTE-mapped again: MADV_NOHUGEPAGE (a fault may not map the folio by a
 * PMD then), MADV_DONTNEED, a read of every page (512 PTEs of the one
 * folio), MADV_HUGEPAGE; /proc/self/smaps must say ShmemPmdMapped 0 kB and
 * Rss 2048 kB for the range.
 *
 * Each iteration: thread 1 (CPU 0) calls MADV_COLLAPSE on the range, which
 * finds the PMD-order folio and removes the PTE table
 * (try_collapse_pte_mapped_thp()); thread 2 (CPU 1) spins for a random 0 to
 * 5000 us and calls MADV_DONTNEED on the whole range, which frees an empty
 * PTE table (PT_RECLAIM).
 *
 * -w (lab 6, a lab kernel): instead of the random spin, every iteration
 * arms ptlab's khugepaged_collapse window for this process and the range,
 * thread 2 waits until ptlab's status says thread 1 is in the window
 * (between step 2 and step 4 of try_collapse_pte_mapped_thp()), calls
 * MADV_DONTNEED and releases the window.
 *
 * The kernel log (/dev/kmsg) is read after every iteration; by default the
 * program stops after the iteration that was followed by a new "BUG:" line
 * (-k: keep going).  The last lines, one per outcome, count MADV_COLLAPSE's
 * returns.  Exit status: 0 when the kernel reported nothing, 1 when it did,
 * 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ptlab-user.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define RACE_ADDR	0x50000000000UL	/* 5 TiB: PMD aligned */
#define RACE_SIZE	(2UL << 20)	/* one PMD: one PTE table */
#define PAGE		4096UL
#define MAX_SPIN_US	5000
#define NR_OUTCOMES	8
#define WINDOW_WAIT_US	5000000	/* the window times out after 10 s */
#define WINDOW_SETTLE_US	200000

static volatile char *map;
static volatile int go;
static unsigned long spin_us;
static int collapse_ret, collapse_errno, dontneed_ret;
static int windowed;

/* MADV_COLLAPSE's outcomes: errno 0 is success. */
static struct {
	int err;
	unsigned long n;
} outcomes[NR_OUTCOMES];

static void die(const char *what)
{
	fprintf(stderr, "ptcollapse-race: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

/* xorshift64: the timing only needs to vary, and to replay from a seed */
static unsigned long long rnd(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Is thread 1 in the khugepaged_collapse window? */
static int in_window(void)
{
	return ptlab_status_has("khugepaged_collapse state=window ");
}

static void *collapser(void *arg)
{
	(void)arg;
	pin(0);
	while (!go)
		;
	collapse_ret = madvise((void *)map, RACE_SIZE, MADV_COLLAPSE);
	collapse_errno = collapse_ret ? errno : 0;
	return NULL;
}

static void *zapper(void *arg)
{
	unsigned long long until;

	(void)arg;
	pin(1);
	while (!go)
		;
	if (windowed) {
		until = now_us() + WINDOW_WAIT_US;
		while (!in_window()) {
			if (now_us() > until) {
				fprintf(stderr, "ptcollapse-race: MADV_COLLAPSE never entered the window\n");
				exit(2);
			}
			usleep(1000);
		}
		/*
		 * ptlab says "window" just before thread 1 enters the spin;
		 * give it time to get there, so that the zap always comes
		 * while it spins (a host that deschedules CPU 0's vCPU could
		 * otherwise let the whole zap run first).
		 */
		usleep(WINDOW_SETTLE_US);
	} else {
		until = now_us() + spin_us;
		while (now_us() < until)
			;
	}
	dontneed_ret = madvise((void *)map, RACE_SIZE, MADV_DONTNEED);
	if (windowed) {
		printf("ptcollapse-race: thread 2: MADV_DONTNEED = %d while thread 1 was in the window\n",
		       dontneed_ret);
		ptlab_write("release khugepaged_collapse");
	}
	return NULL;
}

/* Rss and ShmemPmdMapped of the range, in kB, from /proc/self/smaps. */
static void smaps(long *rss, long *pmd_mapped)
{
	unsigned long start, end;
	char line[256];
	int in = 0;
	FILE *f;

	*rss = -1;
	*pmd_mapped = -1;
	f = fopen("/proc/self/smaps", "r");
	if (!f)
		die("open /proc/self/smaps");
	while (fgets(line, sizeof(line), f)) {
		/* a mapping's first line: START-END ... */
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			if (in)
				break;
			in = start == RACE_ADDR;
			continue;
		}
		if (!in)
			continue;
		sscanf(line, "Rss: %ld kB", rss);
		sscanf(line, "ShmemPmdMapped: %ld kB", pmd_mapped);
	}
	fclose(f);
}

/* Map the folio by 512 PTEs; false if smaps does not show that. */
static int pte_map(void)
{
	long rss, pmd_mapped;
	unsigned long i;

	if (madvise((void *)map, RACE_SIZE, MADV_NOHUGEPAGE) ||
	    madvise((void *)map, RACE_SIZE, MADV_DONTNEED))
		die("madvise(MADV_NOHUGEPAGE, MADV_DONTNEED)");
	for (i = 0; i < RACE_SIZE; i += PAGE)
		(void)map[i];
	if (madvise((void *)map, RACE_SIZE, MADV_HUGEPAGE))
		die("madvise(MADV_HUGEPAGE)");
	smaps(&rss, &pmd_mapped);
	return rss == RACE_SIZE >> 10 && pmd_mapped == 0;
}

/* Whether the kernel logged a new "BUG:" line since the last call. */
static int kernel_reported(int kmsg)
{
	char rec[8192];
	int seen = 0;
	ssize_t n;

	if (kmsg < 0)
		return 0;
	for (;;) {
		n = read(kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten: read on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, "BUG:") || strstr(rec, "kernel BUG"))
			seen = 1;
	}
	return seen;
}

static void count(int err)
{
	int i;

	for (i = 0; i < NR_OUTCOMES - 1 && outcomes[i].n; i++)
		if (outcomes[i].err == err)
			break;
	outcomes[i].err = err;	/* the last slot takes any overflow */
	outcomes[i].n++;
}

int main(int argc, char **argv)
{
	unsigned long long seed = 0;
	unsigned long iters, it, done = 0, not_pte_mapped = 0;
	unsigned long dontneed_failed = 0;
	int keep = 0, reported = 0, kmsg, fd, opt, i;
	pthread_t a, b;
	long rss, pmd_mapped;

	while ((opt = getopt(argc, argv, "kws:")) != -1) {
		if (opt == 'k')
			keep = 1;
		else if (opt == 'w')
			windowed = 1;
		else if (opt == 's')
			seed = strtoull(optarg, NULL, 0);
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	iters = strtoul(argv[optind], NULL, 0);
	if (!iters)
		goto usage;
	if (!seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = ((unsigned long long)ts.tv_sec << 30 ^ ts.tv_nsec) | 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg < 0)
		fprintf(stderr, "ptcollapse-race: no /dev/kmsg (%s): kernel reports not watched\n",
			strerror(errno));
	else
		lseek(kmsg, 0, SEEK_END);

	fd = memfd_create("ptcollapse-race", 0);
	if (fd < 0)
		die("memfd_create");
	if (ftruncate(fd, RACE_SIZE))
		die("ftruncate");
	map = mmap((void *)RACE_ADDR, RACE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	if (map == MAP_FAILED)
		die("mmap");
	for (it = 0; it < RACE_SIZE; it += PAGE)
		map[it] = 1;
	if (madvise((void *)map, RACE_SIZE, MADV_COLLAPSE))
		die("first madvise(MADV_COLLAPSE)");
	smaps(&rss, &pmd_mapped);
	printf("ptcollapse-race: after the first MADV_COLLAPSE: Rss %ld kB, ShmemPmdMapped %ld kB\n",
	       rss, pmd_mapped);
	if (!pte_map()) {
		smaps(&rss, &pmd_mapped);
		fprintf(stderr, "ptcollapse-race: not PTE-mapped: Rss %ld kB, ShmemPmdMapped %ld kB\n",
			rss, pmd_mapped);
		return 2;
	}
	printf("ptcollapse-race: PTE-mapped THP at %#lx (Rss 2048 kB, ShmemPmdMapped 0 kB); %lu iterations, seed %#llx\n",
	       RACE_ADDR, iters, seed);

	for (it = 1; it <= iters; it++) {
		if (it > 1 && !pte_map())
			not_pte_mapped++;
		spin_us = rnd(&seed) % (MAX_SPIN_US + 1);
		if (windowed) {
			char cmd[128];

			snprintf(cmd, sizeof(cmd), "arm khugepaged_collapse %d %#lx",
				 getpid(), RACE_ADDR);
			ptlab_write(cmd);
		}
		go = 0;
		if (pthread_create(&a, NULL, collapser, NULL) ||
		    pthread_create(&b, NULL, zapper, NULL)) {
			fprintf(stderr, "ptcollapse-race: pthread_create failed\n");
			return 2;
		}
		go = 1;
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		count(collapse_errno);
		if (windowed)
			printf("ptcollapse-race: thread 1: MADV_COLLAPSE = %d (%s)\n",
			       collapse_ret,
			       collapse_ret ? strerrorname_np(collapse_errno) : "ok");
		dontneed_failed += dontneed_ret != 0;
		done = it;
		if (kernel_reported(kmsg)) {
			printf("ptcollapse-race: kernel report after iteration %lu (spin %lu us, MADV_COLLAPSE = %d %s)\n",
			       it, spin_us, collapse_ret,
			       collapse_ret ? strerror(collapse_errno) : "ok");
			reported++;
			if (!keep)
				break;
		}
		if (it % 100 == 0)
			printf("ptcollapse-race: iteration %lu\n", it);
	}

	for (i = 0; i < NR_OUTCOMES && outcomes[i].n; i++)
		printf("ptcollapse-race: MADV_COLLAPSE = %s: %lu of %lu\n",
		       outcomes[i].err ? strerrorname_np(outcomes[i].err) : "0",
		       outcomes[i].n, done);
	printf("ptcollapse-race: %lu iterations, %lu not PTE-mapped before the race, %lu MADV_DONTNEED failed, %d kernel reports\n",
	       done, not_pte_mapped, dontneed_failed, reported);
	return reported ? 1 : 0;

usage:
	fprintf(stderr, "usage: ptcollapse-race [-k] [-w] [-s SEED] ITERATIONS\n");
	return 2;
}
