// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 2 of scripts/coccinelle/locks/pte_nolock.cocci: a pmd_same()
 * recheck whose live side reads a pmd_t on the stack.  A line ending in a
 * "want" comment naming rule 2 must be reported by it; a function named
 * ok_* must get no report of any rule.  Never compiled.
 */

/* The copy read in the function itself. */
static int bad_local_copy(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, copy = pmdp_get_lockless(pmd);
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(&copy))) { /* want: rule 2 */
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The copy read through a pointer to it. */
static int bad_local_alias(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, copy = pmdp_get_lockless(pmd);
	pmd_t *live = &copy;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(live))) { /* want: rule 2 */
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A walker that maps and rechecks through its pmd_t * parameter ... */
static bool walk_table(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return false;
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return false;
	}
	pte_unmap_unlock(pte, ptl);
	return true;
}

/* ... passed a copy (7.3.4's walk_pmd_range()). */
static void bad_pass_copy(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	pmd_t val = pmdp_get_lockless(pmd);

	walk_table(&val, addr, mm); /* want: rule 2 */
}

/* ... passed a copy one call further up. */
static void walk_range(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	walk_table(pmd, addr, mm);
}

static void bad_pass_copy_up(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	pmd_t val = pmdp_get_lockless(pmd);

	walk_range(&val, addr, mm); /* want: rule 2 */
}

/* ... passed a pointer to a copy. */
static void bad_pass_alias(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	pmd_t val = pmdp_get_lockless(pmd);
	pmd_t *p = &val;

	walk_table(p, addr, mm); /* want: rule 2 */
}

/* The entry itself passed: correct (the fork's walk_pmd_range()). */
static void ok_pass_entry(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	pmd_t val = pmdp_get_lockless(pmd);

	if (!pmd_present(val) || pmd_leaf(val))
		return;
	walk_table(pmd, addr, mm);
}

/* A copy for a test, the entry for the recheck. */
static int ok_copy_for_test(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, copy = pmdp_get_lockless(pmd);
	pte_t *pte;

	if (!pmd_present(copy))
		return -EAGAIN;
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The recheck in a helper of the file (6.12's walk_pte_table_same()) ... */
static bool table_same(pmd_t pmdval, pmd_t *pmd)
{
	pmd_t live = pmdp_get_lockless(pmd);

	return pmd_present(live) && !pmd_leaf(live) &&
	       pmd_pfn(live) == pmd_pfn(pmdval);
}

static bool walk_table_helper(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return false;
	spin_lock(ptl);
	if (unlikely(!table_same(pmdval, pmd))) {
		pte_unmap_unlock(pte, ptl);
		return false;
	}
	pte_unmap_unlock(pte, ptl);
	return true;
}

/* ... whose walker is passed a copy (6.13 to 7.3.4's walk_pmd_range()). */
static void bad_pass_copy_helper(pmd_t *pmd, unsigned long addr, struct mm_struct *mm)
{
	pmd_t val = pmdp_get_lockless(pmd);

	if (!walk_table_helper(&val, addr, mm)) /* want: rule 2 */
		return;
}
