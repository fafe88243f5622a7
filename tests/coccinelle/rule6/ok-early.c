// SPDX-License-Identifier: GPL-2.0-only
/* Rule 6 fixture, correct: tested in the caller before the helper reads it. */
static void ok_reader(struct vm_fault *f, unsigned long addr)
{
	if (f->flags & FAULT_FLAG_WRITE)
		flush_one(f->vma, addr);
}

void update_mmu_cache_range(struct vm_fault *vmf, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, unsigned int nr)
{
	if (vmf == NULL)
		return;
	ok_reader(vmf, addr);
}
