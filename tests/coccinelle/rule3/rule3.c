// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 3 of scripts/coccinelle/locks/pte_nolock.cocci: a user of
 * pte_offset_map_ro_nolock() that writes to the table.  A line ending in a
 * "want" comment naming rule 3 must be reported by it; a function named
 * ok_* must get no report of any rule.  Never compiled.
 */

/* A write by name. */
static void bad_set(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	spin_lock(ptl);
	set_pte_at(mm, addr, pte, e); /* want: rule 3 */
	pte_unmap_unlock(pte, ptl);
}

/* A store through the pointer, no helper named. */
static void bad_store(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	spin_lock(ptl);
	WRITE_ONCE(*pte, e); /* want: rule 3 */
	pte_unmap_unlock(pte, ptl);
}

/* A plain assignment to an entry. */
static void bad_assign(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, pte_t e)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	spin_lock(ptl);
	pte[1] = e; /* want: rule 3 */
	pte_unmap_unlock(pte, ptl);
}

/* A writer of the pte helpers' family that a fixed list forgets. */
static void bad_mkold(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(vma->vm_mm, pmd, addr, &ptl);
	if (!pte)
		return;
	spin_lock(ptl);
	ptep_clear_flush_notify(vma, addr, pte); /* want: rule 3 */
	pte_unmap_unlock(pte, ptl);
}

/* The write done by a helper of the same file ... */
static void clear_one(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	pte_clear(mm, addr, ptep);
}

static void bad_helper(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	spin_lock(ptl);
	clear_one(mm, addr, pte); /* want: rule 3 */
	pte_unmap_unlock(pte, ptl);
}

/* ... or two calls down. */
static void clear_range(struct mm_struct *mm, unsigned long addr, pte_t *ptep, int nr)
{
	while (nr--)
		clear_one(mm, addr, ptep++);
}

static void bad_helper2(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	spin_lock(ptl);
	clear_range(mm, addr, pte, 4); /* want: rule 3 */
	pte_unmap_unlock(pte, ptl);
}

/* Reads only (filemap_fault_recheck_pte_none()'s shape). */
static bool ok_read(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;
	bool none = false;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return false;
	if (!pte_none(ptep_get_lockless(pte)))
		goto out;
	spin_lock(ptl);
	none = pte_none(ptep_get(pte));
	spin_unlock(ptl);
out:
	pte_unmap(pte);
	return none;
}

/* A helper of the file that only reads the entry. */
static bool entry_young(pte_t *ptep)
{
	return pte_young(ptep_get(ptep));
}

static bool ok_read_helper(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;
	bool young;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return false;
	spin_lock(ptl);
	young = entry_young(pte);
	pte_unmap_unlock(pte, ptl);
	return young;
}

/* A write to another table, mapped with the rw helper and rechecked. */
static void ok_write_rw(struct mm_struct *mm, pmd_t *pmd, pmd_t *dst_pmd,
			unsigned long addr)
{
	spinlock_t *ptl, *dst_ptl;
	pmd_t dst_pmdval;
	pte_t *pte, *dst;
	pte_t e;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	e = ptep_get_lockless(pte);
	pte_unmap(pte);
	dst = pte_offset_map_rw_nolock(mm, dst_pmd, addr, &dst_pmdval, &dst_ptl);
	if (!dst)
		return;
	spin_lock(dst_ptl);
	if (pmd_same(dst_pmdval, pmdp_get_lockless(dst_pmd)))
		set_pte_at(mm, addr, dst, e);
	pte_unmap_unlock(dst, dst_ptl);
}
