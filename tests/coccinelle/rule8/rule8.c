// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 8 of scripts/coccinelle/locks/pte_nolock.cocci: a pmd recheck that
 * runs only where the PTE lock and the pmd lock are two locks.  Without
 * split PTE locks they are one (mm->page_table_lock), the retaken lock was
 * dropped all the same, and the recheck is skipped exactly then.  A line
 * ending in a "want" comment naming rule 8 must be reported by it; a
 * function named ok_* must get no report of any rule.  Never compiled.
 */

/* 7.3.4's try_collapse_pte_mapped_thp() step 4. */
static int bad_ne(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd, spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);

	if (ptl != pml) {
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
		if (unlikely(!pmd_same(pgt_pmd, pmdp_get_lockless(pmd)))) /* want: rule 8 */
			goto abort;
	}
	return 0;
abort:
	return -EAGAIN;
}

/* The test turned round: "==" with the recheck in the else. */
static int bad_eq_else(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd, spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);

	if (ptl == pml) {
		pr_debug("one lock\n");
	} else {
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
		if (unlikely(!pmd_same(pgt_pmd, pmdp_get_lockless(pmd)))) /* want: rule 8 */
			goto abort;
	}
	return 0;
abort:
	return -EAGAIN;
}

/* One condition: the recheck short-circuited by the lock comparison. */
static int bad_and(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd, spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);

	if (ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	if (ptl != pml && !pmd_same(pgt_pmd, pmdp_get_lockless(pmd))) /* want: rule 8 */
		goto abort;
	return 0;
abort:
	return -EAGAIN;
}

/* The comparison kept in a variable. */
static int bad_flag(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd, spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);
	bool split = ptl != pml;

	if (split)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	if (split) {
		if (!pmd_same(pgt_pmd, pmdp_get_lockless(pmd))) /* want: rule 8 */
			goto abort;
	}
	return 0;
abort:
	return -EAGAIN;
}

/* The locks in a structure, where spatch cannot see their type. */
static int bad_fields(struct vm_fault *vmf, pmd_t pgt_pmd)
{
	spinlock_t *pml = pmd_lock(vmf->vma->vm_mm, vmf->pmd);

	if (vmf->ptl != pml) {
		spin_lock_nested(vmf->ptl, SINGLE_DEPTH_NESTING);
		if (!pmd_same(pgt_pmd, pmdp_get_lockless(vmf->pmd))) /* want: rule 8 */
			return -EAGAIN;
	}
	return 0;
}

/* The table layout asked instead of the locks: split PTE locks or not. */
static int bad_split_config(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd,
			    spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);

	if (IS_ENABLED(CONFIG_SPLIT_PTE_PTLOCKS)) {
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
		if (!pmd_same(pgt_pmd, pmdp_get_lockless(pmd))) /* want: rule 8 */
			return -EAGAIN;
	}
	return 0;
}

/* The fork's step 4: recheck whenever the lock was retaken. */
static int ok_always(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd, spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);

	if (ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	if (unlikely(!pmd_same(pgt_pmd, pmdp_get_lockless(pmd))))
		goto abort;
	return 0;
abort:
	return -EAGAIN;
}

/* A lock comparison that only decides the nesting (double_pt_lock()). */
static int ok_nesting_only(struct mm_struct *mm, pmd_t *pmd, pmd_t pgt_pmd,
			   spinlock_t *ptl)
{
	spinlock_t *pml = pmd_lock(mm, pmd);

	if (ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	else
		__acquire(ptl);
	if (!pmd_same(pgt_pmd, pmdp_get_lockless(pmd)))
		return -EAGAIN;
	return 0;
}

/* A comparison of two pmd pointers, not of locks, around a recheck. */
static int ok_pmd_ne(struct mm_struct *mm, pmd_t *pmd, pmd_t *other, pmd_t pgt_pmd)
{
	if (pmd != other) {
		if (!pmd_same(pgt_pmd, pmdp_get_lockless(pmd)))
			return -EAGAIN;
	}
	return 0;
}
