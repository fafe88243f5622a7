// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 6 fixtures: update_mmu_cache_range()'s vmf dereferenced with no test
 * of it first (update_mmu_cache() passes NULL).  Each case is a file of
 * its own, since each defines update_mmu_cache_range(): a line ending in a
 * "want" comment naming rule 6 must be reported by it; a function named
 * ok_* must get no report of any rule.  Never compiled.  Here: tested.
 */
static void ok_helper(struct vm_fault *f, unsigned long addr)
{
	if (f && (f->flags & FAULT_FLAG_WRITE))
		flush_one(f->vma, addr);
}

void update_mmu_cache_range(struct vm_fault *vmf, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, unsigned int nr)
{
	if (!vmf)
		return;
	ok_helper(vmf, addr);
}
