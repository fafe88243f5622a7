// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule 1 of scripts/coccinelle/locks/pte_nolock.cocci on small callers of
 * pte_offset_map_rw_nolock(): a fixture of "scripts/coccicheck.sh fixtures".
 * A call whose line ends in a "want" comment naming rule 1 must be
 * reported by rule 1, and no other line may be. Never compiled: spatch reads it without headers.
 */

/* The recheck with pmd_same() in the function: accepted. */
static int ok_pmd_same(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (unlikely(!pmd_same(pmdval, pmdp_get_lockless(pmd)))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The recheck in a helper of the file (the fork's walk_pte_table_same()). */
static bool table_same(pmd_t pmdval, pmd_t *pmd)
{
	pmd_t live = pmdp_get_lockless(pmd);

	return pmd_present(live) && !pmd_leaf(live) &&
	       pmd_pfn(live) == pmd_pfn(pmdval);
}

static int ok_helper(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (unlikely(!table_same(pmdval, pmd))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The same recheck written inline, the failing test first. */
static int ok_inline_or(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, live;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	live = pmdp_get_lockless(pmd);
	if (!pmd_present(live) || pmd_leaf(live) ||
	    pmd_pfn(live) != pmd_pfn(pmdval)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* ... and the passing test first, the live value declared in a block. */
static int ok_inline_and(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;
	int ret = -EAGAIN;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	{
		pmd_t cur = pmdp_get(pmd);

		if (pmd_present(cur) && !pmd_leaf(cur) &&
		    pmd_pfn(pmdval) == pmd_pfn(cur))
			ret = 0;
	}
	pte_unmap_unlock(pte, ptl);
	return ret;
}

/*
 * The pmd lock of the same pmd held across the map (7.3's
 * zap_pte_table_if_empty()): the entry cannot change until it is dropped.
 */
static bool ok_pmd_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			pmd_t *pmdval)
{
	spinlock_t *pml, *ptl = NULL;
	pte_t *pte;

	pml = pmd_lock(mm, pmd);
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, pmdval, &ptl);
	if (!pte)
		goto out;
	if (ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	pmd_clear(pmd);
	if (ptl != pml)
		spin_unlock(ptl);
	pte_unmap(pte);
out:
	spin_unlock(pml);
	return true;
}

/* A commented dummy: the recheck is pte_same() on a non-none entry. */
static int ok_dummy(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t dummy_pmdval;
	pte_t *pte;

	/* dummy_pmdval: pte_same() on the present entry is the recheck */
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy_pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	pte_unmap(pte);
	return 0;
}

/* Never rechecked (exercise 2's shape). */
static int bad_none(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A d-named value with no comment that says why. */
static int bad_dummy(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t dummy;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &dummy, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	pte_unmap(pte);
	return 0;
}

/* The value read, never compared. */
static unsigned long bad_read(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return 0;
	spin_lock(ptl);
	pte_unmap_unlock(pte, ptl);
	return pmd_pfn(pmdval);
}

/* The pfn compared with the pfn of the value itself: cannot fail. */
static int bad_inline_self(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_present(pmdval) || pmd_leaf(pmdval) ||
	    pmd_pfn(pmdval) != pmd_pfn(pmdval)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The live value read from another entry than the one mapped. */
static int bad_inline_other(struct mm_struct *mm, pmd_t *pmd, pmd_t *other,
			    unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, live;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	live = pmdp_get_lockless(other);
	if (!pmd_present(live) || pmd_leaf(live) ||
	    pmd_pfn(live) != pmd_pfn(pmdval)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The live value read before the map: a copy of the past, not live. */
static int bad_inline_before(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, live;
	pte_t *pte;

	live = pmdp_get_lockless(pmd);
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_present(live) || pmd_leaf(live) ||
	    pmd_pfn(live) != pmd_pfn(pmdval)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The same pfn but no test that the live entry is a present table. */
static int bad_inline_pfn_only(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, live;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	live = pmdp_get_lockless(pmd);
	if (pmd_pfn(live) != pmd_pfn(pmdval)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The pmd lock dropped before the map: nothing holds the entry any more. */
static bool bad_pmd_unlocked(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			     pmd_t *pmdval)
{
	spinlock_t *pml, *ptl = NULL;
	pte_t *pte;

	pml = pmd_lock(mm, pmd);
	spin_unlock(pml);
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return false;
	spin_lock(ptl);
	pte_unmap_unlock(pte, ptl);
	return true;
}

/* The lock of another pmd held. */
static bool bad_other_pmd_lock(struct mm_struct *mm, pmd_t *pmd, pmd_t *other,
			       unsigned long addr, pmd_t *pmdval)
{
	spinlock_t *pml, *ptl = NULL;
	pte_t *pte;

	pml = pmd_lock(mm, other);
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, pmdval, &ptl); /* want: rule 1 */
	if (pte)
		pte_unmap(pte);
	spin_unlock(pml);
	return true;
}

/* Present tested, a leaf not: a huge entry's pfn is not a table's. */
static int bad_inline_no_leaf(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, live;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	live = pmdp_get_lockless(pmd);
	if (!pmd_present(live) || pmd_pfn(live) != pmd_pfn(pmdval)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/*
 * The rule's adversary: a pmd_same() in the text that rechecks nothing.
 */

/* The value compared with itself. */
static int bad_same_self(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (unlikely(!pmd_same(pmdval, pmdval))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The "live" side read before the map: the past compared with the past. */
static int bad_same_stale(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, old;
	pte_t *pte;

	old = pmdp_get_lockless(pmd);
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (unlikely(!pmd_same(pmdval, old))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The live side read from another entry than the one mapped. */
static int bad_same_other(struct mm_struct *mm, pmd_t *pmd, pmd_t *other,
			  unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (unlikely(!pmd_same(pmdval, pmdp_get_lockless(other)))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The mapped value overwritten by a fresh read: live against live. */
static int bad_same_reread(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	pmdval = pmdp_get_lockless(pmd);
	if (unlikely(!pmd_same(pmdval, pmdp_get_lockless(pmd)))) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The result thrown away. */
static int bad_same_ignored(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	(void)pmd_same(pmdval, pmdp_get_lockless(pmd));
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The result only logged: the write happens either way. */
static int bad_same_logged(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!pmd_same(pmdval, pmdp_get_lockless(pmd)))
		pr_debug("pmd changed under us\n");
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* The result kept in a variable that only a counter reads. */
static int bad_same_counted(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			    unsigned long *misses)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;
	bool same;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	same = pmd_same(pmdval, pmdp_get_lockless(pmd));
	if (!same)
		(*misses)++;
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A helper named for the recheck that compares the value with itself. */
static bool table_unchanged(pmd_t pmdval, pmd_t *pmd)
{
	return pmd_same(pmdval, pmdval);
}

static int bad_helper_self(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl); /* want: rule 1 */
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	if (!table_unchanged(pmdval, pmd)) {
		pte_unmap_unlock(pte, ptl);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/*
 * The correct forms the adversary's cases are told apart from.
 */

/* The result in a variable that decides (the fork's ptlab_reclaim.c). */
static int ok_same_var(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;
	bool same;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	same = pmd_same(pmdval, pmdp_get_lockless(pmd));
	if (same)
		set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return same ? 0 : -EAGAIN;
}

/* The live value read into a variable after the lock, then compared. */
static int ok_same_live_var(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval, cur;
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return -EAGAIN;
	spin_lock(ptl);
	cur = pmdp_get_lockless(pmd);
	if (!pmd_same(cur, pmdval))
		goto out;
	set_pte_at(mm, addr, pte, __pte(0));
out:
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A retry loop: the failed recheck maps again (arm's adjust_pte()). */
static int ok_same_retry(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pmd_t pmdval;
	pte_t *pte;

again:
	pte = pte_offset_map_rw_nolock(mm, pmd, addr, &pmdval, &ptl);
	if (!pte)
		return 0;
	spin_lock(ptl);
	if (unlikely(!pmd_same(pmdval, pmdp_get_lockless(pmd)))) {
		spin_unlock(ptl);
		pte_unmap(pte);
		goto again;
	}
	set_pte_at(mm, addr, pte, __pte(0));
	pte_unmap_unlock(pte, ptl);
	return 1;
}

/* The value through a pointer, rechecked (page_vma_mapped.c's map_pte()). */
static bool ok_same_ptr(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			pmd_t *pmdvalp, spinlock_t **ptlp, pte_t **ptep)
{
	pte_t *pte;

	pte = pte_offset_map_rw_nolock(mm, pmd, addr, pmdvalp, ptlp);
	if (!pte)
		return false;
	spin_lock(*ptlp);
	if (unlikely(!pmd_same(*pmdvalp, pmdp_get_lockless(pmd)))) {
		pte_unmap_unlock(pte, *ptlp);
		return false;
	}
	*ptep = pte;
	return true;
}
