// SPDX-License-Identifier: GPL-2.0
/*
 * ptmove: lab 5, a UFFDIO_MOVE whose destination PTE table is freed under it.
 *
 * Maps a private anonymous source page at SRC_ADDR and fills it with a known
 * pattern; maps a PMD-aligned 2 MiB private anonymous destination at
 * DST_ADDR, registers it with userfaultfd (UFFD_FEATURE_MOVE), and makes its
 * PTE table exist and be all none (write one page, then MADV_DONTNEED it).
 * Then it arms the lab kernel (/sys/kernel/debug/ptlab/control): the empty
 * table reclaimer for the destination's 2 MiB, and the uffd_move window for
 * the destination page.
 *
 * Thread A (CPU 0) issues UFFDIO_MOVE src -> dst and stops in the window,
 * between pte_offset_map_rw_nolock() of dst's table T and double_pt_lock().
 * Thread B (CPU 1) waits until status says the window is open, calls
 * madvise(dst, 2 MiB, MADV_DONTNEED), after which the reclaimer frees T,
 * and releases the window.  Then ptmove reads both pages back and says
 * whether the pattern arrived at dst (after unregistering dst, so that a
 * missing page reads as zeros instead of waiting for a fault handler).
 *
 * Exit status: 0 when UFFDIO_MOVE reported success, whatever dst holds
 * (that is for the lab to judge); 1 on any setup or ioctl failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptlab-user.h"

/* Debian 12's <linux/userfaultfd.h> predates UFFDIO_MOVE (6.8). */
#ifndef UFFD_FEATURE_MOVE
#define UFFD_FEATURE_MOVE	(1 << 16)
#define _UFFDIO_MOVE		0x05
struct uffdio_move {
	__u64 dst;
	__u64 src;
	__u64 len;
	__u64 mode;
	__s64 move;
};
#define UFFDIO_MOVE		_IOWR(UFFDIO, _UFFDIO_MOVE, struct uffdio_move)
#endif

#define SRC_ADDR	0x30000000000UL	/* 3 TiB */
#define DST_ADDR	0x40000000000UL	/* 4 TiB: PMD aligned */
#define DST_SIZE	(2UL << 20)	/* one PMD: one PTE table */
#define PAGE		4096UL

static int uffd;
static struct uffdio_move move_req;
static int move_ret, move_errno;

static void die(const char *what)
{
	fprintf(stderr, "ptmove: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned char pattern(unsigned long i)
{
	return (unsigned char)(i % 251 + 1);	/* never 0 */
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/* Is the uffd_move window open? */
static int window_open(void)
{
	return ptlab_status_has("uffd_move state=window ");
}

/*
 * Does this kernel have the fork's stand-in reclaimer (6.12's
 * CONFIG_PTLAB_RECLAIM, whose status line starts with "reclaim ")?  A
 * kernel with PT_RECLAIM (6.14 on, so the 7.3 lab kernel) frees the empty
 * table itself, in MADV_DONTNEED, and has no stand-in to arm.
 */
static int has_stand_in_reclaimer(void)
{
	return ptlab_status_has("\nreclaim ");
}

/* Thread A, CPU 0: the move. */
static void *mover(void *arg)
{
	(void)arg;
	pin(0);
	move_req.dst = DST_ADDR;
	move_req.src = SRC_ADDR;
	move_req.len = PAGE;
	move_req.mode = 0;
	move_ret = ioctl(uffd, UFFDIO_MOVE, &move_req);
	move_errno = errno;
	return NULL;
}

/* Thread B, CPU 1: zap dst while A is in the window, then release it. */
static void *zapper(void *arg)
{
	int i, ret;

	(void)arg;
	pin(1);
	for (i = 0; !window_open(); i++) {
		if (i == 1000) {
			fprintf(stderr, "ptmove: the uffd_move window never opened\n");
			exit(1);
		}
		usleep(10000);
	}
	printf("ptmove: B: A is in the window; madvise(dst, 2 MiB, MADV_DONTNEED)\n");
	fflush(stdout);
	ret = madvise((void *)DST_ADDR, DST_SIZE, MADV_DONTNEED);
	printf("ptmove: B: madvise(MADV_DONTNEED) = %d\n", ret);
	fflush(stdout);
	ptlab_write("release uffd_move");
	return NULL;
}

/* How many bytes of the page at p hold the pattern, and how many are 0. */
static void count(const volatile unsigned char *p, unsigned long *match,
		  unsigned long *zero)
{
	unsigned long i;

	*match = *zero = 0;
	for (i = 0; i < PAGE; i++) {
		*match += p[i] == pattern(i);
		*zero += p[i] == 0;
	}
}

int main(void)
{
	struct uffdio_register reg = { 0 };
	struct uffdio_api api = { 0 };
	unsigned long match, zero, i;
	volatile unsigned char *src, *dst;
	pthread_t a, b;
	char cmd[128];
	int stand_in;

	src = mmap((void *)SRC_ADDR, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (src == MAP_FAILED || (unsigned long)src != SRC_ADDR)
		die("mmap src");
	for (i = 0; i < PAGE; i++)
		src[i] = pattern(i);

	dst = mmap((void *)DST_ADDR, DST_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (dst == MAP_FAILED || (unsigned long)dst != DST_ADDR)
		die("mmap dst");
	if (madvise((void *)dst, DST_SIZE, MADV_NOHUGEPAGE))
		die("madvise(MADV_NOHUGEPAGE)");
	/* dst's PTE table T exists (the write) and is all none (the zap). */
	dst[PAGE] = 1;
	if (madvise((void *)(dst + PAGE), PAGE, MADV_DONTNEED))
		die("madvise(MADV_DONTNEED) of one page");

	uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		die("userfaultfd");
	api.api = UFFD_API;
	api.features = UFFD_FEATURE_MOVE;
	if (ioctl(uffd, UFFDIO_API, &api))
		die("UFFDIO_API with UFFD_FEATURE_MOVE");
	reg.range.start = DST_ADDR;
	reg.range.len = DST_SIZE;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");
	printf("ptmove: pid %d src %#lx (pattern) dst %#lx (2 MiB, table all none)\n",
	       getpid(), SRC_ADDR, DST_ADDR);

	stand_in = has_stand_in_reclaimer();
	if (stand_in) {
		snprintf(cmd, sizeof(cmd), "reclaim %d %#lx %#lx", getpid(),
			 DST_ADDR, DST_SIZE);
		ptlab_write(cmd);
	} else {
		printf("ptmove: no stand-in reclaimer: MADV_DONTNEED frees the empty table itself (PT_RECLAIM)\n");
	}
	snprintf(cmd, sizeof(cmd), "arm uffd_move %d %#lx", getpid(), DST_ADDR);
	ptlab_write(cmd);
	fflush(stdout);

	if (pthread_create(&b, NULL, zapper, NULL) ||
	    pthread_create(&a, NULL, mover, NULL)) {
		fprintf(stderr, "ptmove: pthread_create failed\n");
		return 1;
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	if (stand_in)
		ptlab_write("reclaim off");
	/*
	 * A missing page in a registered range would wait for a userfaultfd
	 * handler, and ptmove has none: unregister first, so that reading a
	 * lost page faults in zeros.
	 */
	if (ioctl(uffd, UFFDIO_UNREGISTER, &reg.range))
		die("UFFDIO_UNREGISTER");

	if (move_ret) {
		printf("ptmove: A: UFFDIO_MOVE = -1 (%s), moved %lld\n",
		       strerror(move_errno), (long long)move_req.move);
		return 1;
	}
	printf("ptmove: A: UFFDIO_MOVE = 0, moved %lld bytes\n",
	       (long long)move_req.move);
	count(dst, &match, &zero);
	printf("ptmove: dst reads %lu/%lu pattern bytes, %lu zero bytes: %s\n",
	       match, PAGE, zero, match == PAGE ? "the page arrived" :
	       "THE PAGE IS LOST");
	count(src, &match, &zero);
	printf("ptmove: src reads %lu/%lu pattern bytes, %lu zero bytes\n",
	       match, PAGE, zero);
	return 0;
}
