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
 * @PTLAB_NR_SITES: the number of sites
 */
enum ptlab_site {
	PTLAB_MGLRU_WALK,
	PTLAB_FILEMAP_RECHECK,
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

#endif /* _LINUX_PTLAB_H */
