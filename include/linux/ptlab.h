/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptlab: a teaching window between mapping a PTE table without its lock and
 * taking that lock.  Lab kernels only (CONFIG_PTLAB); see mm/ptlab.c and
 * Documentation/mm/pte-nolock/lab-3-race.rst.
 */
#ifndef _LINUX_PTLAB_H
#define _LINUX_PTLAB_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/pgtable.h>

/**
 * enum ptlab_site - the call sites that carry a lab window
 * @PTLAB_MGLRU_WALK: walk_pte_range() in mm/vmscan.c, a
 *	pte_offset_map_rw_nolock() user that rechecks pmd_same()
 * @PTLAB_FILEMAP_RECHECK: filemap_fault_recheck_pte_none() in mm/filemap.c,
 *	a pte_offset_map_ro_nolock() user
 * @PTLAB_UFFD_MOVE: move_pages_pte() in mm/userfaultfd.c (move_pages_ptes()
 *	on 7.3), between mapping the UFFDIO_MOVE destination with
 *	pte_offset_map_rw_nolock() and double_pt_lock(); it reports its
 *	destination recheck
 * @PTLAB_KHUGEPAGED_COLLAPSE: try_collapse_pte_mapped_thp() in
 *	mm/khugepaged.c, 7.3 only: between step 2, which empties the table
 *	and drops its lock, and step 4, which takes the pmd lock to remove it;
 *	it reports whether step 4 rechecked the pmd
 * @PTLAB_NR_SITES: the number of sites
 */
enum ptlab_site {
	PTLAB_MGLRU_WALK,
	PTLAB_FILEMAP_RECHECK,
	PTLAB_UFFD_MOVE,
	PTLAB_KHUGEPAGED_COLLAPSE,
	PTLAB_NR_SITES,
};

#ifdef CONFIG_PTLAB
void ptlab_window(enum ptlab_site site, struct mm_struct *mm,
		  unsigned long addr, pte_t *pte, pmd_t pmdval);
void ptlab_recheck(enum ptlab_site site, struct mm_struct *mm,
		   unsigned long addr, pmd_t pmdval, bool same);
void ptlab_recheck_skipped(enum ptlab_site site, struct mm_struct *mm,
			   unsigned long addr);
#else
static inline void ptlab_window(enum ptlab_site site, struct mm_struct *mm,
				unsigned long addr, pte_t *pte, pmd_t pmdval)
{
}

static inline void ptlab_recheck(enum ptlab_site site, struct mm_struct *mm,
				 unsigned long addr, pmd_t pmdval, bool same)
{
}

static inline void ptlab_recheck_skipped(enum ptlab_site site,
					 struct mm_struct *mm,
					 unsigned long addr)
{
}
#endif /* CONFIG_PTLAB */

struct seq_file;

/*
 * The empty-PTE-table reclaimer of lab 5: mm/ptlab_reclaim.c.  mm/ptlab.c
 * calls the last three only when IS_ENABLED(CONFIG_PTLAB_RECLAIM).
 */
void ptlab_reclaim_arm(struct mm_struct *mm, pid_t pid, unsigned long start,
		       unsigned long len);
int ptlab_reclaim_disarm(void);
void ptlab_reclaim_show(struct seq_file *m);
#ifdef CONFIG_PTLAB_RECLAIM
void ptlab_reclaim(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end);
#else
static inline void ptlab_reclaim(struct vm_area_struct *vma,
				 unsigned long start, unsigned long end)
{
}
#endif /* CONFIG_PTLAB_RECLAIM */

#endif /* _LINUX_PTLAB_H */
