// SPDX-License-Identifier: GPL-2.0-only
/* Rule 6 fixture: vmf named (logged) before the read, never tested. */
void update_mmu_cache_range(struct vm_fault *vmf, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, unsigned int nr)
{
	pr_debug("fault %p at %lx\n", vmf, addr);
	if (vmf->flags & FAULT_FLAG_WRITE) /* want: rule 6 */
		flush_one(vma, addr);
}
