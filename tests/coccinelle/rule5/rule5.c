// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 5 of scripts/coccinelle/locks/pte_nolock.cocci: a commented dummy
 * pmd value in front of an entry that must be none.  A line ending in a
 * "want" comment naming rule 5 must be reported by it; a function named
 * ok_* must get no report of any rule.  Never compiled.
 */

/* 6.13's move_pages_pte() dst: a none entry read, then tested. */
static int bad_none_var(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pmd_t dummy_pmdval;
	pte_t *pte, orig;

	/* dummy_pmdval: pte_same() below is the recheck */
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy_pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	orig = ptep_get(pte);
	spin_lock(ptl);
	if (!pte_none(orig)) { /* want: rule 5 */
		pte_unmap_unlock(pte, ptl);
		return -EEXIST;
	}
	if (!pte_same(ptep_get(pte), orig)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, e);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The entry read lockless, in the test itself. */
static int bad_none_lockless(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pmd_t dummy_pmdval;
	pte_t *pte;

	/* dummy_pmdval: the entry is tested under the lock */
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy_pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pte_none(ptep_get_lockless(pte))) { /* want: rule 5 */
		pte_unmap_unlock(pte, ptl);
		return -EEXIST;
	}
	set_pte_at(mm, addr, pte, e);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The test turned round: the work done inside "if (pte_none(...))". */
static int bad_none_positive(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pmd_t dummy_pmdval;
	pte_t *pte;
	int ret = -EEXIST;

	/* dummy_pmdval: pte_none() under the lock is the recheck */
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy_pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (pte_none(ptep_get(pte))) { /* want: rule 5 */
		set_pte_at(mm, addr, pte, e);
		ret = 0;
	}
	pte_unmap_unlock(pte, ptl);
	return ret;
}

/* The table pointer kept in a structure (struct vm_fault's pte). */
static int bad_none_field(struct vm_fault *vmf, pte_t e)
{
	pmd_t dummy_pmdval;

	/* dummy_pmdval: the entry is tested under the lock */
	vmf->pte = pte_offset_map_rw_nolock(vmf->vma->vm_mm, vmf->pmd, vmf->address,
					    &dummy_pmdval, &vmf->ptl);
	if (!vmf->pte)
		return -EAGAIN;
	spin_lock(vmf->ptl);
	vmf->orig_pte = ptep_get(vmf->pte);
	if (!pte_none(vmf->orig_pte)) { /* want: rule 5 */
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return -EEXIST;
	}
	set_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, e);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/* A present entry, pte_same() under the lock: the dummy is right. */
static int ok_present(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t dummy_pmdval;
	pte_t *pte, orig;

	/* dummy_pmdval: pte_same() on the present entry is the recheck */
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy_pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	orig = ptep_get_lockless(pte);
	if (!pte_present(orig)) {
		pte_unmap(pte);
		return -EAGAIN;
	}
	spin_lock(ptl);
	if (!pte_same(ptep_get(pte), orig)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	ptep_set_wrprotect(mm, addr, pte);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A none entry makes it give the table up (handle_pte_fault()'s shape). */
static int ok_none_unmaps(struct vm_fault *vmf)
{
	pmd_t dummy_pmdval;

	/* dummy_pmdval: a none entry is not handled through this mapping */
	vmf->pte = pte_offset_map_rw_nolock(vmf->vma->vm_mm, vmf->pmd, vmf->address,
					    &dummy_pmdval, &vmf->ptl);
	if (!vmf->pte)
		return 0;
	vmf->orig_pte = ptep_get_lockless(vmf->pte);
	if (pte_none(vmf->orig_pte)) {
		pte_unmap(vmf->pte);
		vmf->pte = NULL;
	}
	if (!vmf->pte)
		return do_pte_missing(vmf);
	pte_unmap(vmf->pte);
	return 0;
}

/* A none entry with the pmd value kept and rechecked (the fork's dst). */
static int ok_none_rechecked(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	if (!pte_none(ptep_get(pte))) {
		pte_unmap_unlock(pte, ptl);
		return -EEXIST;
	}
	set_pte_at(mm, addr, pte, e);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A none entry skipped (copy_pte_range()'s src, pte_same() on the rest). */
static int ok_none_skipped(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			   pte_t *dst)
{
	spinlock_t *ptl;
	pmd_t dummy_pmdval;
	pte_t *pte, ptent;
	int i, n = 0;

	/* dummy_pmdval: exclusive mmap_lock, and pte_same() on the rest */
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy_pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	for (i = 0; i < PTRS_PER_PTE; i++) {
		ptent = ptep_get(pte + i);
		if (pte_none(ptent))
			continue;
		dst[n++] = ptent;
	}
	pte_unmap_unlock(pte, ptl);
	return n;
}
