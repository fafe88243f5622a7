// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 7 of scripts/coccinelle/locks/pte_nolock.cocci: a table mapped by a
 * nolock helper and left mapped on a path to a return.  A line ending in a
 * "want" comment naming rule 7 must be reported by it; a function named
 * ok_* must get no report of any rule.  Never compiled.
 */

/* An early return that forgets the unmap. */
static int bad_early(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	if (pte_none(ptep_get_lockless(pte)))
		return 0; /* want: rule 7 */
	pte_unmap(pte);
	return 1;
}

/* The NULL test written "== NULL". */
static int bad_eq_null(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (pte == NULL)
		return -EAGAIN;
	if (pte_none(ptep_get_lockless(pte)))
		return 0; /* want: rule 7 */
	pte_unmap(pte);
	return 1;
}

/* Another table unmapped on the way out. */
static int bad_other_unmapped(struct mm_struct *mm, pmd_t *pmd, pte_t *other,
			      unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	pte_unmap(other);
	return 0; /* want: rule 7 */
}

/* The pointer copied for a loop, the copy never unmapped either. */
static int bad_copied(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte, *start;
	int i, n = 0;

	start = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!start)
		return -EAGAIN;
	pte = start;
	for (i = 0; i < PTRS_PER_PTE; i++, pte++)
		n += !pte_none(ptep_get_lockless(pte));
	return n; /* want: rule 7 */
}

/* Through a goto to a label that only returns. */
static int bad_goto(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;
	int ret = 0;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	if (!pte_present(ptep_get_lockless(pte)))
		goto out;
	ret = 1;
	pte_unmap(pte);
out:
	return ret; /* want: rule 7 */
}

/* Unmapped on every path. */
static int ok_unmapped(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;
	int ret;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	ret = pte_none(ptep_get_lockless(pte));
	pte_unmap(pte);
	return ret;
}

/* The loop's copy unmapped one past the end (pte - 1), as mm/ does. */
static int ok_copied(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte, *start;
	int i, n = 0;

	start = pte_offset_map_ro_nolock(mm, pmd, addr, &ptl);
	if (!start)
		return -EAGAIN;
	pte = start;
	for (i = 0; i < PTRS_PER_PTE; i++, pte++)
		n += !pte_none(ptep_get_lockless(pte));
	pte_unmap(pte - 1);
	return n;
}

/* The table handed to the caller, mapped (7.3's try_get_locked_pte()). */
static pte_t *ok_handed(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			spinlock_t **ptlp)
{
	pte_t *pte;

	pte = pte_offset_map_ro_nolock(mm, pmd, addr, ptlp);
	if (!pte)
		return NULL;
	return pte;
}
