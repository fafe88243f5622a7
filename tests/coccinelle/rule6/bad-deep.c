// SPDX-License-Identifier: GPL-2.0-only
/* Rule 6 fixture: the read three calls down. */
static void level3(struct vm_fault *f3, unsigned long addr)
{
	if (f3->flags & FAULT_FLAG_WRITE) /* want: rule 6 */
		flush_one(f3->vma, addr);
}

static void level2(struct vm_fault *f2, unsigned long addr)
{
	level3(f2, addr);
}

static void level1(struct vm_fault *f1, unsigned long addr)
{
	level2(f1, addr);
}

void update_mmu_cache_range(struct vm_fault *vmf, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, unsigned int nr)
{
	level1(vmf, addr);
}
