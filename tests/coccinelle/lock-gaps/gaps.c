// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fixture of scripts/coccinelle/locks/pte_lock_gaps.cocci
 * (tests/check-lock-gaps.sh): a line whose comment says "want: gap" must
 * get the census's gap report, a line whose comment says "want: map" its
 * map report, and no other line may be reported. Never compiled: spatch
 * reads it without headers.
 */

/* Step 4 of a collapse: the PTE lock let go, the pmd lock taken, the pmd
 * value and the table pointer read before still used. Reported. */
static void gap_collapse(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl, *pml;
	pmd_t pgt_pmd;
	pte_t *start_pte;

	start_pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pgt_pmd, &ptl); /* want: map */
	if (!start_pte)
		return;
	spin_lock(ptl);
	clear_entries(start_pte);
	spin_unlock(ptl); /* want: gap */
	pml = pmd_lock(mm, pmd);
	if (pmd_same(pgt_pmd, pmdp_get_lockless(pmd)))
		free_table(mm, pgt_pmd);
	spin_unlock(pml);
	pte_unmap(start_pte);
}

/* A fault that drops the lock to sleep and compares the entry it
 * remembered once it holds the lock again: a field carried. Reported. */
static vm_fault_t gap_fault(struct vm_fault *vmf)
{
	pte_unmap_unlock(vmf->pte, vmf->ptl); /* want: gap */
	sleep_on_folio(vmf);
	vmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address,
				       &vmf->ptl);
	if (!vmf->pte)
		return 0;
	if (!pte_same(ptep_get(vmf->pte), vmf->orig_pte))
		goto out;
	set_entry(vmf->pte);
out:
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/* A retry through goto: the pmd value of the first try is used on the
 * second. Reported. */
static int gap_retry(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t dst_pmdval;
	pte_t *pte;

	dst_pmdval = pmdp_get_lockless(pmd);
retry:
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &ptl, &ptl); /* want: map */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_same(dst_pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl); /* want: gap */
		goto retry;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* Correct form: everything read again after the lock is taken again;
 * nothing from before the release is used. Not reported. */
static int ok_fresh(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;
	pte_t entry;

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	entry = ptep_get(pte);
	pte_unmap_unlock(pte, ptl);
	wait_for_something(mm);
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	entry = ptep_get(pte);
	if (pte_present(entry))
		set_entry(pte);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* Not a page-table lock: a pmd value carried across another lock's gap
 * is not the census's business. Not reported. */
static void ok_other_lock(struct mm_struct *mm, pmd_t *pmd, spinlock_t *lru)
{
	pmd_t val = pmdp_get_lockless(pmd);

	spin_lock(lru);
	note(val);
	spin_unlock(lru);
	spin_lock(lru);
	note(val);
	spin_unlock(lru);
}
