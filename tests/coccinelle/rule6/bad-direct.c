// SPDX-License-Identifier: GPL-2.0-only
/* Rule 6 fixture (see rule6/ok-tested.c): the field read at once. */
void update_mmu_cache_range(struct vm_fault *vmf, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, unsigned int nr)
{
	if (vmf->flags & FAULT_FLAG_WRITE) /* want: rule 6 */
		flush_one(vma, addr);
}
