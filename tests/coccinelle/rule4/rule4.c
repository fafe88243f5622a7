// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 4 of scripts/coccinelle/locks/pte_nolock.cocci: a pmd recheck that
 * is not under the lock the helper returned, or comes after the write it
 * should guard, or a lock read again after the map.  A line ending in a
 * "want" comment naming rule 4 must be reported by it; a function named
 * ok_* must get no report of any rule.  Never compiled.
 */

/* The recheck first, the lock after it. */
static int bad_before_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) { /* want: rule 4 */
		pte_unmap(pte);
		return -EAGAIN;
	}
	spin_lock(ptl);
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The lock taken and dropped again before the recheck. */
static int bad_after_unlock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte, orig;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	orig = ptep_get(pte);
	spin_unlock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) { /* want: rule 4 */
		pte_unmap(pte);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, orig);
	pte_unmap(pte);
	return 0;
}

/* Two tables: the other one's lock taken, this one's pmd rechecked. */
static int bad_other_lock(struct mm_struct *mm, pmd_t *pmd, pmd_t *src_pmd,
			  unsigned long addr)
{
	spinlock_t *ptl, *src_ptl;
	pmd_t pmdval, src_pmdval;
	pte_t *pte, *src_pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	src_pte = pte_offset_map_rw_nolock(mm, src_pmd, addr, &src_pmdval, &src_ptl);
	if (!src_pte) {
		pte_unmap(pte);
		return -EAGAIN;
	}
	spin_lock(src_ptl);
	if (!pmd_same(src_pmdval, pmdp_get_lockless(src_pmd)) ||
	    !pmd_same(pmdval, pmdp_get_lockless(pmd))) { /* want: rule 4 */
		spin_unlock(src_ptl);
		pte_unmap(src_pte);
		pte_unmap(pte);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, ptep_get(src_pte));
	spin_unlock(src_ptl);
	pte_unmap(src_pte);
	pte_unmap(pte);
	return 0;
}

/* The write first, the recheck after it. */
static int bad_after_write(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	set_pte_at(mm, addr, pte, __pte(0)); /* want: rule 4 */
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The lock read again from the pmd after the map. */
static int bad_lockptr(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	ptl = pte_lockptr(mm, pmd); /* want: rule 4 */
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* ... or from the table's page descriptor. */
static int bad_ptlock_ptr(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	ptl = ptlock_ptr(page_ptdesc(pmd_page(pmdp_get_lockless(pmd)))); /* want: rule 4 */
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A trylock (MGLRU's walk_pte_range()). */
static int ok_trylock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	if (!spin_trylock(ptl)) {
		pte_unmap(pte);
		return -EAGAIN;
	}
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	ptep_test_and_clear_young(NULL, addr, pte);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* Unlocked and locked again, rechecked after the relock. */
static int ok_relock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte, orig;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	orig = ptep_get(pte);
	spin_unlock(ptl);
	cond_resched();
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, orig);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* Both tables' locks taken, both rechecked. */
static int ok_two_locks(struct mm_struct *mm, pmd_t *pmd, pmd_t *src_pmd,
			unsigned long addr)
{
	spinlock_t *ptl, *src_ptl;
	pmd_t pmdval, src_pmdval;
	pte_t *pte, *src_pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	src_pte = pte_offset_map_rw_nolock(mm, src_pmd, addr, &src_pmdval, &src_ptl);
	if (!src_pte) {
		pte_unmap(pte);
		return -EAGAIN;
	}
	double_pt_lock(ptl, src_ptl);
	if (!pmd_same(src_pmdval, pmdp_get_lockless(src_pmd)) ||
	    !pmd_same(pmdval, pmdp_get_lockless(pmd))) {
		double_pt_unlock(ptl, src_ptl);
		pte_unmap(src_pte);
		pte_unmap(pte);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, ptep_get(src_pte));
	double_pt_unlock(ptl, src_ptl);
	pte_unmap(src_pte);
	pte_unmap(pte);
	return 0;
}

/*
 * The recheck in a helper that is passed the lock and takes it (6.12's
 * move_zeropage_pte() with move_pte_pair_unchanged()).
 */
static bool pair_unchanged(pte_t *dst_pte, pte_t orig_dst_pte, pmd_t *dst_pmd,
			   pmd_t dst_pmdval)
{
	return pte_same(ptep_get(dst_pte), orig_dst_pte) &&
	       pmd_same(dst_pmdval, pmdp_get_lockless(dst_pmd));
}

static int move_one(pte_t *dst_pte, pte_t orig_dst_pte, pmd_t *dst_pmd,
		    pmd_t dst_pmdval, spinlock_t *dst_ptl, struct mm_struct *mm,
		    unsigned long addr)
{
	spin_lock(dst_ptl);
	if (!pair_unchanged(dst_pte, orig_dst_pte, dst_pmd, dst_pmdval)) {
		spin_unlock(dst_ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, dst_pte, __pte(0));
	spin_unlock(dst_ptl);
	return 0;
}

static int ok_lock_passed(struct mm_struct *mm, pmd_t *dst_pmd, unsigned long addr)
{
	spinlock_t *dst_ptl;
	pmd_t dst_pmdval;
	pte_t *dst_pte, orig;
	int err;

	dst_pte = pte_offset_map_rw_nolock(mm, dst_pmd, addr, &dst_pmdval, &dst_ptl);
	if (!dst_pte)
		return -EAGAIN;
	spin_lock(dst_ptl);
	orig = ptep_get(dst_pte);
	spin_unlock(dst_ptl);
	err = move_one(dst_pte, orig, dst_pmd, dst_pmdval, dst_ptl, mm, addr);
	pte_unmap(dst_pte);
	return err;
}
