// SPDX-License-Identifier: GPL-2.0
/*
 * ptlab_reclaim: a lab-only reclaimer of empty user PTE tables, so that a
 * lab can show on 6.12 what a missing pmd recheck costs once empty tables
 * can be freed under mmap_lock for read.
 *
 * 6.12 has no such reclaimer.  This one stands in for 6.14's
 * CONFIG_PT_RECLAIM (mainline 6375e95f381e) and copies its shape: after
 * MADV_DONTNEED has zapped a range of a VMA, under mmap_lock for read, each
 * PTE table of the range that is now all none is detached under the pmd
 * lock and its own PTE lock and freed after an RCU grace period.  It does
 * not copy the rest: it runs after the zap instead of inside
 * zap_pte_range(), only on anonymous VMAs, only on whole tables inside the
 * VMA, only in the one mm and range armed through debugfs
 * (/sys/kernel/debug/ptlab/control, "reclaim PID ADDR LEN"), and it frees
 * with pte_free_defer(), as retract_page_tables() does, instead of through
 * the mmu_gather.
 *
 * It is itself a pte_offset_map_rw_nolock() user that does everything a
 * correct one must: lock, recheck pmd_same(), and only then modify.
 *
 * Copyright (C) 2026 Teaching Fork Maintainers
 */

#include <linux/ptlab.h>
#include <linux/hugetlb.h>	/* flush_tlb_range() on x86 */
#include <linux/mm.h>
#include <linux/page_table_check.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <asm/tlbflush.h>

#include "internal.h"

/**
 * struct ptlab_reclaim_info - where the reclaimer may act; also read by GDB
 * @mm: the armed mm, pinned with mmgrab() while armed, or NULL
 * @pid: the armed process, for status only
 * @start: start of the armed range (PMD aligned)
 * @end: end of the armed range (PMD aligned)
 * @freed: tables detached and handed to pte_free_defer()
 * @kept: tables looked at but kept (not all none, or the pmd changed)
 * @table_pfn: the pfn of the last table freed
 * @pmdp: where the pmd entry of the last table freed lives
 * @pmdval: the pmd value the last table freed was mapped from
 *
 * Writers hold ptlab_reclaim_lock; the hook reads @mm locklessly first.
 */
struct ptlab_reclaim_info {
	struct mm_struct *mm;
	pid_t pid;
	unsigned long start;
	unsigned long end;
	unsigned long freed;
	unsigned long kept;
	unsigned long table_pfn;
	pmd_t *pmdp;
	pmd_t pmdval;
};

static struct ptlab_reclaim_info ptlab_reclaim_info;
static DEFINE_SPINLOCK(ptlab_reclaim_lock);

/*
 * Detach and free the PTE table that @pmd points to, if all its entries
 * are none.  @addr is the start of the table's range.  Kept out of line so
 * that a debugger can break here.  Returns true when the table was freed.
 */
static noinline bool ptlab_reclaim_table(struct vm_area_struct *vma,
					 pmd_t *pmd, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *pml, *ptl;
	pte_t *start_pte;
	pmd_t pmdval;
	bool empty;
	int i;

	pml = pmd_lock(mm, pmd);
	start_pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!start_pte) {
		/* No table (none, or a huge pmd): nothing to reclaim. */
		spin_unlock(pml);
		return false;
	}
	/*
	 * The map entered an RCU read-side section out of line, where sparse
	 * cannot see it; tell sparse, so that pte_unmap()'s exit balances.
	 */
	__acquire(RCU);
	/* The else branches are for sparse, as in double_pt_lock(). */
	if (ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	else
		__acquire(ptl);

	/*
	 * Holding pml, nobody can change *pmd, so this cannot fail here; it
	 * is the recheck every rw user makes before it modifies, and the lab
	 * page points at it as one.
	 */
	empty = pmd_same(pmdval, pmdp_get_lockless(pmd));
	for (i = 0; empty && i < PTRS_PER_PTE; i++)
		empty = pte_none(ptep_get(start_pte + i));
	if (empty) {
		pmd_clear(pmd);
		flush_tlb_range(vma, addr, addr + PMD_SIZE);
	}
	if (ptl != pml)
		spin_unlock(ptl);
	else
		__release(ptl);
	pte_unmap(start_pte);
	spin_unlock(pml);

	spin_lock(&ptlab_reclaim_lock);
	if (empty) {
		ptlab_reclaim_info.freed++;
		ptlab_reclaim_info.table_pfn = pmd_pfn(pmdval);
		ptlab_reclaim_info.pmdp = pmd;
		ptlab_reclaim_info.pmdval = pmdval;
	} else {
		ptlab_reclaim_info.kept++;
	}
	spin_unlock(&ptlab_reclaim_lock);
	if (!empty)
		return false;

	mm_dec_nr_ptes(mm);
	page_table_check_pte_clear_range(mm, addr, pmdval);
	/* Walkers that mapped the table before the clear are inside RCU. */
	pte_free_defer(mm, pmd_pgtable(pmdval));
	return true;
}

/**
 * ptlab_reclaim() - free the empty PTE tables of a range MADV_DONTNEED zapped
 * @vma: the VMA the range was zapped in
 * @start: start of the zapped range
 * @end: end of the zapped range
 *
 * Acts only when the reclaimer is armed for @vma's mm, only on anonymous
 * VMAs, and only on the whole PTE tables that lie inside @vma, the zapped
 * range and the armed range.
 *
 * Context: mmap_lock held for read, as madvise(MADV_DONTNEED) holds it.
 */
void ptlab_reclaim(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end)
{
	struct ptlab_reclaim_info *r = &ptlab_reclaim_info;
	unsigned long addr;
	pmd_t *pmd;

	if (READ_ONCE(r->mm) != vma->vm_mm || !vma_is_anonymous(vma))
		return;
	mmap_assert_locked(vma->vm_mm);

	spin_lock(&ptlab_reclaim_lock);
	if (r->mm != vma->vm_mm) {
		spin_unlock(&ptlab_reclaim_lock);
		return;
	}
	start = max3(start, vma->vm_start, r->start);
	end = min3(end, vma->vm_end, r->end);
	spin_unlock(&ptlab_reclaim_lock);

	for (addr = ALIGN(start, PMD_SIZE); addr < end && end - addr >= PMD_SIZE;
	     addr += PMD_SIZE) {
		pmd = mm_find_pmd(vma->vm_mm, addr);
		if (pmd)
			ptlab_reclaim_table(vma, pmd, addr);
	}
}

/**
 * ptlab_reclaim_arm() - arm the reclaimer for one mm and range
 * @mm: the mm; the reclaimer takes its own mmgrab() reference
 * @pid: the process, for status only
 * @start: start of the range, PMD aligned
 * @len: length of the range, a non-zero multiple of PMD_SIZE
 *
 * The caller has checked the arguments.  Re-arming replaces the old range.
 */
void ptlab_reclaim_arm(struct mm_struct *mm, pid_t pid, unsigned long start,
		       unsigned long len)
{
	struct mm_struct *old;

	mmgrab(mm);
	spin_lock(&ptlab_reclaim_lock);
	old = ptlab_reclaim_info.mm;
	ptlab_reclaim_info.mm = mm;
	ptlab_reclaim_info.pid = pid;
	ptlab_reclaim_info.start = start;
	ptlab_reclaim_info.end = start + len;
	spin_unlock(&ptlab_reclaim_lock);
	if (old)
		mmdrop(old);
}

/**
 * ptlab_reclaim_disarm() - stop the reclaimer; the counters stay
 *
 * Return: 0, or -EINVAL when it was not armed.
 */
int ptlab_reclaim_disarm(void)
{
	struct mm_struct *old;

	spin_lock(&ptlab_reclaim_lock);
	old = ptlab_reclaim_info.mm;
	ptlab_reclaim_info.mm = NULL;
	spin_unlock(&ptlab_reclaim_lock);
	if (!old)
		return -EINVAL;
	mmdrop(old);
	return 0;
}

/**
 * ptlab_reclaim_show() - the reclaimer's line of the debugfs status file
 * @m: the status file
 */
void ptlab_reclaim_show(struct seq_file *m)
{
	struct ptlab_reclaim_info snap;

	spin_lock(&ptlab_reclaim_lock);
	snap = ptlab_reclaim_info;
	spin_unlock(&ptlab_reclaim_lock);
	seq_printf(m, "reclaim state=%s pid=%d start=%#lx end=%#lx freed=%lu kept=%lu table_pfn=%#lx pmdval=%#llx\n",
		   snap.mm ? "armed" : "idle", snap.pid, snap.start, snap.end,
		   snap.freed, snap.kept, snap.table_pfn,
		   (unsigned long long)pmd_val(snap.pmdval));
}
