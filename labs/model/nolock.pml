/* SPDX-License-Identifier: GPL-2.0 */
/* citations: fork-base */
/*
 * A Promela model of the nolock protocol: one PTE table T, the pmd entry
 * that points to it, walkers that map T without its lock, detachers that
 * take T out of the pmd, and RCU.  SPIN explores every interleaving of
 * the processes a scenario starts and checks these named properties:
 *
 *   write_detached   no write lands in a table that has left the pmd
 *   use_after_free   no access (read, write, lock, unlock) to T or to
 *                    its ptlock after they were freed; no double free
 *   stale_read       a reader never takes an entry of a detached table
 *                    for the live one where that matters: what it reads
 *                    is what a walk of the live page table would return
 *   wrong_table      a walker never acts on a table it did not map: when
 *                    T's page has been freed and reused for a new table
 *                    at the same pmd, the walker that mapped T must not
 *                    take the new one for T
 *   bad_free         a detacher never frees, as a table, something the
 *                    pmd no longer points to (the "table" of a none pmd)
 *
 * A scenario (scenarios/NAME.pml) sets the macros below and includes this
 * file; scripts/model.sh runs it and compares the verdict with the one the
 * scenario declares.  Each property is an assertion made through
 * require(), which also names the property in the error trail.  A
 * scenario may also define PROBE, a condition on the state: SPIN then
 * looks for a state where it is true, and the verdict is "reachable" or
 * "unreachable" (a proof that a "holds" elsewhere is not vacuous).
 *
 * Steps that a figure shows print a line "@@|lane|badges|text|memory";
 * labs/model/trail2dot.py turns the lines of an error trail into a figure.
 *
 * What is abstracted away, so what this model cannot prove: one page of
 * tables (T, and where a scenario asks for it the table U that shares
 * T's page, or the table T2 that reuses it) and one entry per table that
 * matters (the walker's address); a table in another page is never
 * installed, because every recheck tells it apart; locks are plain owner
 * fields (no lockdep, no fairness); RCU is the one rule "a callback
 * queued while a reader is inside its read-side section runs after that
 * section ends"; TLB flushes, mmu notifiers, GUP-fast, the folio locks of
 * collapse_file() and the memory model (every step is sequentially
 * consistent) are not modelled.
 */

/* ---- configuration: a scenario overrides these before #include ---- */

#ifndef W0		/* walker 0: W_RO, W_RW (fill a none entry or change a present one), W_FILL (a move's dst: fill only) */
#define W0 W_RW
#endif
#ifndef W0_GUARD	/* its check under the ptl: G_NONE, G_PMD_SAME, G_PMD_COPY, G_PTE_SAME, G_PFN_SAME */
#define W0_GUARD G_PMD_SAME
#endif
#ifndef W0_MMAP		/* 1: it holds mmap_lock for read and finds the VMA first */
#define W0_MMAP 0
#endif
#ifndef W0_RCU		/* 1: it maps inside an RCU read-side section, as the helpers do; 0: outside one */
#define W0_RCU 1
#endif
#ifndef W1		/* walker 1: W_NONE or as W0 */
#define W1 W_NONE
#endif
#ifndef W1_GUARD
#define W1_GUARD G_NONE
#endif
#ifndef W1_MMAP
#define W1_MMAP 0
#endif
#ifndef W1_RCU
#define W1_RCU 1
#endif
#ifndef INIT_PTE	/* the entry at the walker's address at start: none or page */
#define INIT_PTE none
#endif
#ifndef RETRACT		/* retract_page_tables() (mm/khugepaged.c:1698 of fork-base) */
#define RETRACT 0
#endif
#ifndef RETRACT_RECHECK	/* 1: 6.14's recheck of the pmd under pml (6c18ec9af86c, fork patch 14); 0: 6.12's */
#define RETRACT_RECHECK 1
#endif
#ifndef RECLAIM		/* 6.14-style empty-table reclaim after MADV_DONTNEED */
#define RECLAIM 0
#endif
#ifndef RECLAIM_ALLNONE	/* 1: the reclaimer checks under ptl that T is all none */
#define RECLAIM_ALLNONE 1
#endif
#ifndef MUNMAP		/* munmap: free_pgtables() without ptl and without RCU */
#define MUNMAP 0
#endif
#ifndef PTLOCK_EARLY	/* 1: pte_free_defer() frees the ptlock at once (the bug the ptlock-by-RCU patch fixed, see pte_free_defer() below) */
#define PTLOCK_EARLY 0
#endif
#ifndef PTL_IN_PAGE	/* 1: the ptlock lives in the table page's struct ptdesc (!ALLOC_SPLIT_PTLOCKS): freeing T leaves its memory, and a table that reuses T's page has the same lock */
#define PTL_IN_PAGE 0
#endif
#ifndef REUSE		/* 1: once T's page is freed, a fault may get it back as a new table T2 for the same pmd */
#define REUSE 0
#endif
#ifndef FRAGMENTS	/* 1: T's page also holds a second table U (PTE fragments, powerpc); a fault may install U once T left the pmd */
#define FRAGMENTS 0
#endif
#ifndef YOUNG		/* 1: MGLRU clears the Accessed bit of the pmd entry once, under pml only (for scenarios with retract) */
#define YOUNG 0
#endif
#ifndef COLLAPSE	/* 1: 7.3.4's try_collapse_pte_mapped_thp(), steps 2 to 4 */
#define COLLAPSE 0
#endif
#ifndef COLLAPSE_RECHECK	/* its recheck in step 4: RC_DROPPED (whenever ptl was dropped: fork patch 07) or RC_SPLIT_ONLY (only if ptl != pml: 7.3.4) */
#define COLLAPSE_RECHECK RC_DROPPED
#endif
#ifndef SHARED_PTL	/* 1: no split PTE locks: T's ptl and the pmd lock are one lock, mm->page_table_lock */
#define SHARED_PTL 0
#endif

#define W_NONE 0
#define W_RO 1
#define W_RW 2
#define W_FILL 3

#define G_NONE 0
#define G_PMD_SAME 1
#define G_PMD_COPY 2
#define G_PTE_SAME 3
#define G_PFN_SAME 4

#define RC_DROPPED 0
#define RC_SPLIT_ONLY 1

/* lock owners */
#define FREE 0
#define OWN_W0 1
#define OWN_W1 2
#define OWN_RETRACT 3
#define OWN_RECLAIM 4
#define OWN_MUNMAP 5
#define OWN_COLLAPSE 6

/*
 * Which table a pmd value installs, as a ghost the kernel cannot see:
 * T2 is a new table in T's freed page, and its pmd entry has T's bits.
 */
#define TAB_NONE 0
#define TAB_T 1
#define TAB_U 2
#define TAB_T2 3

/*
 * Values: a pmd entry is none, T (T's page at offset 0, with the flags
 * pmd_populate() sets, the Accessed bit among them), T_old (the same
 * with the Accessed bit cleared) or U (the second fragment of T's page).
 * A table T2 that reuses T's page is installed as T: the same bits.
 * T's entry is none, page (a mapped page) or changed (a present entry a
 * walker modified, e.g. made old).  rcu and norcu name a walker's RCU
 * badge in the lines a figure shows.  The property names share the one
 * mtype namespace of Promela.
 */
mtype = { none, T, T_old, U, page, changed, rcu, norcu,
	  write_detached, use_after_free, stale_read, wrong_table, bad_free,
	  reached, no_violation };

/*
 * pmd_pfn(): every table of the model lives in T's page, so every
 * present pmd value has the same pfn.
 */
#define pfn_of(v) ((v) == none -> 0 : 1)

/* ---- shared state ---- */
mtype pmd = T;			/* the pmd entry */
mtype pte = INIT_PTE;		/* the entry at the walker's address in T's page at T's offset: T's, then T2's */
mtype pte_u = none;		/* the same entry in U */
byte live_tab = TAB_T;		/* ghost: the table the pmd installs */
byte mapped[2];			/* ghost: the table walker i mapped */
bool t_freed;			/* T's page was freed */
bool ptl_freed;			/* T's ptlock was freed */
byte frees;			/* times T was handed to a free: more than 1 is a double free */
byte ptl = FREE;		/* owner of T's ptlock (the lock of T's page: U's and T2's as well) */
#if SHARED_PTL
#define pml ptl			/* without split PTE locks both are mm->page_table_lock */
#else
byte pml = FREE;		/* owner of the pmd lock */
#endif
bool in_rcu[3];			/* walker i (2: the collapser) is inside an RCU read-side section */
bool gp_waits[3];		/* a queued callback waits for i's section */
byte cbs;			/* RCU callbacks queued, not run yet */
byte mm_readers;		/* mmap_lock held for read */
bool mm_writer;			/* mmap_lock held for write */
bool vma_live = 1;		/* the VMA can be found (munmap detaches it) */
mtype violated = no_violation;	/* the first property found violated */
#ifdef PROBE
bool saw_T[2];			/* ghost, for probes: walker i mapped T itself */
#endif

/* the table walker i mapped is still the one the pmd installs */
#define installed(i) (live_tab == mapped[i])

/* a detacher clears the pmd: no table is installed */
inline clear_pmd() {
	pmd = none;
	live_tab = TAB_NONE
}

/*
 * require(cond, property): the property holds here, or the trail says
 * which one broke.  The printf runs only when spin replays a trail.
 */
inline require(c, p) {
	if
	:: c -> skip
	:: else ->
		violated = p;
		printf("@@|bad||VIOLATION %e|\n", p);
		assert(c)
	fi
}

/* T's ptlock: lock and unlock are accesses to the lock's memory */
inline ptl_lock(who) {
	atomic {
		(ptl == FREE || ptl_freed) ->
		require(!ptl_freed, use_after_free);
		ptl = who
	}
}

inline ptl_unlock() {
	atomic {
		require(!ptl_freed, use_after_free);
		ptl = FREE
	}
}

/*
 * The ptl taken or dropped while pml is held: "if (ptl != pml)
 * spin_lock_nested(ptl, ...)".  Without split PTE locks the two are one
 * lock, already held.
 */
inline ptl_lock_nested(who) {
#if SHARED_PTL
	skip
#else
	ptl_lock(who)
#endif
}

inline ptl_unlock_nested() {
#if SHARED_PTL
	skip
#else
	ptl_unlock()
#endif
}

/*
 * pte_free_defer(): queue T for freeing after a grace period.  The grace
 * period must wait for every walker that is inside its read-side section
 * now.  In 6.12 the callback (pte_free_now() -> pte_free()) runs the
 * table's destructor, which frees the ptlock together with the page
 * (mm/pgtable-generic.c:239-244, include/asm-generic/pgalloc.h:108).
 * PTLOCK_EARLY frees the ptlock at once instead, as the first PT_RECLAIM
 * code did with a separately allocated ptlock (syzbot's report and the
 * ptlock-by-RCU patch, lore 20241210084431.91414-1-zhengqi.arch@bytedance.com).
 * d is the detacher's lane.
 */
inline pte_free_defer(d) {
	atomic {
		require(frees == 0, use_after_free);
		frees++;
		gp_waits[0] = gp_waits[0] || in_rcu[0];
		gp_waits[1] = gp_waits[1] || in_rcu[1];
		gp_waits[2] = gp_waits[2] || in_rcu[2];
		cbs++;
#if PTLOCK_EARLY
		ptl_freed = 1;
		printf("@@|d%d||`pte_free_defer(T)`: `call_rcu()` queued, but the ptlock is freed now|T: waiting for RCU; its ptlock: freed\n", d)
#else
		printf("@@|d%d||`pte_free_defer(T)`: `call_rcu()` queued; T stays allocated|T: waiting for RCU\n", d)
#endif
	}
}

inline rcu_read_unlock(i) {
	atomic {
		in_rcu[i] = 0;
		gp_waits[i] = 0
	}
}

/*
 * A walker (walker 0 is drawn as CPU0, walker 1 as CPU2).  It maps T the way
 * __pte_offset_map() does: enter an RCU read-side section, read the pmd
 * once, give up on none.  Between any two of its steps it may be delayed
 * for as long as the other processes need.  Then it takes T's ptl (the
 * lock of the table it mapped, derived from pmdval), makes its check,
 * and reads (W_RO), or fills a none entry or changes a present one
 * (W_RW), or only fills a none entry (W_FILL, the dst of a move, which
 * gives up when the slot is taken).  A failed check unlocks, ends the
 * read section and maps again, as pte_offset_map_lock() does.
 *
 * A walker without RCU (userc 0) stands for a caller that keeps a pmd
 * value across pte_unmap(), or a helper that would not enter RCU: the
 * table it mapped can be freed, and its page reused, while it waits.
 * Its lines carry the badge "norcu", which the figure leaves out.
 */
proctype walker(byte i; byte kind; byte guard; bool mmap; bool userc)
{
	mtype pmdval, copy, orig, v, live;
	mtype rb = (userc -> rcu : norcu);
	byte me = i + 1;

	if
	:: mmap ->
		atomic { !mm_writer -> mm_readers++ };
		if
		:: !vma_live ->
			printf("@@|w%d||`find_vma()`: the VMA is gone, no walk|\n", i);
			goto out_mm
		:: else -> skip
		fi
	:: else -> skip
	fi;
again:
	atomic {
		in_rcu[i] = userc;
		pmdval = pmd;
		copy = pmdval;		/* what 6.13's walk_pte_range() was handed: a stack copy */
		mapped[i] = live_tab;
		if
		:: pmdval == none ->
			in_rcu[i] = 0;
			gp_waits[i] = 0;
			printf("@@|w%d||map: pmd is none, no table: done|\n", i);
			goto out_mm
		:: live_tab == TAB_T && pmdval == T ->
#ifdef PROBE
			saw_T[i] = 1;
#endif
			if
			:: kind == W_RO ->
				printf("@@|w%d|%e|`pte_offset_map_ro_nolock()` maps T|<*pmd = T: T is the live table\n", i, rb)
			:: else ->
				printf("@@|w%d|%e|`pte_offset_map_rw_nolock()` maps T: pmdval = %e|<*pmd = T: T is the live table\n", i, rb, pmdval)
			fi
		:: live_tab == TAB_T && pmdval != T ->
#ifdef PROBE
			saw_T[i] = 1;
#endif
			printf("@@|w%d|%e|maps T: pmdval = %e|<*pmd = %e: T is the live table\n", i, rb, pmdval, pmdval)
		:: live_tab == TAB_T2 ->
			printf("@@|w%d|%e|maps T2, the new table in T's old page: pmdval = %e|<*pmd = %e: T2 is the live table\n", i, rb, pmdval, pmdval)
		:: live_tab == TAB_U ->
			printf("@@|w%d|%e|maps U: pmdval = %e|<*pmd = U: U is the live table\n", i, rb, pmdval)
		fi
	}
	/* the entry before the lock (orig_pte), for pte_same() and for a move's dst */
	if
	:: guard == G_PTE_SAME || kind == W_FILL ->
		atomic {
			if
			:: mapped[i] == TAB_U ->
				printf("@@|w%d|%e|reads the entry without the lock: orig = %e|\n", i, rb, pte_u);
				orig = pte_u
			:: else ->
				printf("@@|w%d|%e|reads the entry without the lock: orig = %e|\n", i, rb, pte);
				require(!t_freed, use_after_free);
				orig = pte
			fi
		}
	:: else -> skip
	fi;
	if
	:: guard == G_PTE_SAME && kind == W_RW && orig == none ->
		/* handle_pte_fault() sends a none entry to do_pte_missing() (mm/memory.c:5799 of fork-base), whose do_anonymous_page() and do_fault() lock with pte_offset_map_lock() */
		rcu_read_unlock(i);
		printf("@@|w%d||orig is none: the locked path takes over|\n", i);
		goto out_mm
	:: else -> skip
	fi;

	atomic {
		(ptl == FREE || ptl_freed) ->
#if REUSE || FRAGMENTS
		/* the lock of the page, whichever of its tables the pmd installs now */
		printf("@@|w%d|%e,ptl|takes the ptl of T's page|\n", i, rb);
#else
		printf("@@|w%d|%e,ptl|takes T's ptl|\n", i, rb);
#endif
		require(!ptl_freed, use_after_free);
		ptl = me
	}

	/* the check under the ptl */
	atomic {
		if
		:: guard == G_PMD_SAME ->
			if
			:: pmd == pmdval ->
				printf("@@|w%d|%e,ptl|`pmd_same(pmdval, *pmd)`: %e vs %e, same|\n", i, rb, pmdval, pmd)
			:: else ->
				printf("@@|w%d|%e,ptl|`pmd_same(pmdval, *pmd)`: %e vs %e, mismatch: back off|\n", i, rb, pmdval, pmd);
				goto backoff
			fi
		:: guard == G_PFN_SAME ->
			/* the fork's walk_pte_table_same() (patch 12): present, not a leaf, same pfn */
			if
			:: pmd != none && pfn_of(pmd) == pfn_of(pmdval) ->
				printf("@@|w%d|%e,ptl|`walk_pte_table_same()`: %e and %e, same pfn: same table|\n", i, rb, pmdval, pmd)
			:: else ->
				printf("@@|w%d|%e,ptl|`walk_pte_table_same()`: %e and %e, not the same: back off|\n", i, rb, pmdval, pmd);
				goto backoff
			fi
		:: guard == G_PMD_COPY ->
			/* compares the value read from the copy with the copy */
			printf("@@|w%d|%e,ptl|`pmd_same(pmdval, *copy)`: %e vs %e, same (live *pmd = %e)|\n", i, rb, pmdval, copy, pmd)
		:: guard == G_PTE_SAME ->
			if
			:: mapped[i] == TAB_U -> v = pte_u
			:: else ->
				require(!t_freed, use_after_free);
				v = pte
			fi;
			if
			:: v == orig ->
				printf("@@|w%d|%e,ptl|`pte_same(orig, *pte)`: %e vs %e, same|\n", i, rb, orig, v)
			:: else ->
				printf("@@|w%d|%e,ptl|`pte_same(orig, *pte)`: %e vs %e, changed: back off|\n", i, rb, orig, v);
				goto backoff
			fi
		:: guard == G_NONE -> skip
		fi
	}

	/*
	 * Act on the entry, still under the ptl.  A walker that mapped T and
	 * finds T2 in T's page has been fooled whatever it does next: what
	 * it decided before the lock (the VMA, the entry it read, the page
	 * it means to map) was about T, and T2 may serve another mapping.
	 */
	if
	:: kind == W_RO ->
		atomic {
			if
			:: mapped[i] == TAB_U -> v = pte_u
			:: else -> v = pte
			fi;
			printf("@@|w%d|%e,ptl|reads the entry: %e|\n", i, rb, v);
			require(mapped[i] == TAB_U || !t_freed, use_after_free);
			require(!(mapped[i] == TAB_T && live_tab == TAB_T2), wrong_table);
			/* the live page table says: the installed table's entry, none without a table */
			if
			:: live_tab == TAB_NONE -> live = none
			:: live_tab == TAB_U -> live = pte_u
			:: else -> live = pte
			fi;
			require(v == live, stale_read)
		}
	:: kind == W_FILL && orig != none ->
		printf("@@|w%d|%e,ptl|the slot is taken: gives up|\n", i, rb)
	:: else ->
		atomic {
			if
			:: mapped[i] == TAB_U -> v = pte_u
			:: else -> v = pte
			fi;
			if
			:: v == none && mapped[i] == TAB_U ->
				printf("@@|w%d|%e,ptl|`set_pte_at()`: fills the none entry|U's entry: page\n", i, rb)
			:: v == none && mapped[i] == TAB_T && live_tab == TAB_T2 ->
				printf("@@|w%d|%e,ptl|`set_pte_at()`: fills the none entry, which is T2's, for T|T2's entry: page\n", i, rb)
			:: v == none && mapped[i] != TAB_U && !(mapped[i] == TAB_T && live_tab == TAB_T2) ->
				printf("@@|w%d|%e,ptl|`set_pte_at()`: fills the none entry|T's entry: page\n", i, rb)
			:: else ->
				printf("@@|w%d|%e,ptl|changes the present entry|T's entry: changed\n", i, rb)
			fi;
			require(mapped[i] == TAB_U || !t_freed, use_after_free);
			require(!(mapped[i] == TAB_T && live_tab == TAB_T2), wrong_table);
			require(installed(i), write_detached);
			if
			:: v == none -> v = page
			:: else -> v = changed
			fi;
			if
			:: mapped[i] == TAB_U -> pte_u = v
			:: else -> pte = v
			fi
		}
	fi;
	atomic {
		printf("@@|w%d|%e,ptl|unlocks the ptl|\n", i, rb);
		require(!ptl_freed, use_after_free);
		ptl = FREE
	}
	rcu_read_unlock(i);
	printf("@@|w%d||`pte_unmap()`: done|\n", i);
	goto out_mm;

backoff:
	ptl_unlock();
	rcu_read_unlock(i);
	goto again;

out_mm:
	if
	:: mmap -> mm_readers--
	:: else -> skip
	fi
}

/*
 * retract_page_tables() for one VMA (6.12 mm/khugepaged.c).  It holds
 * no lock of the mm.  collapse_file() has already unmapped the old folios
 * and keeps faults away with the locked huge folio; the model folds that
 * into the ptl section: when T leaves the pmd, its entry is none.  6.12
 * looks at the pmd before pml only
 * (find_pmd_or_thp_or_none() at fork-base mm/khugepaged.c:1726, then
 * pmd_lock() and pte_lockptr() at :1746-1747); RETRACT_RECHECK, on by default
 * because the fork carries it, adds 6.14's look under pml.
 */
proctype retract()
{
	if
	:: atomic { pmd == none -> skip }; goto done
	:: atomic { pmd != none -> skip }	/* find_pmd_or_thp_or_none(), unlocked */
	fi;
	atomic { pml == FREE -> pml = OWN_RETRACT };
#if RETRACT_RECHECK
	if
	:: pmd == none -> pml = FREE; goto done
	:: else -> skip
	fi;
#endif
	/* 6.12 derives the ptl from *pmd here; it believes T is there */
	ptl_lock_nested(OWN_RETRACT);
	atomic {
		require(!t_freed, use_after_free);
		pte = none;		/* collapse_file() left T empty */
		clear_pmd();		/* pmdp_collapse_flush() */
		printf("@@|d1|pml,ptl|`pmdp_collapse_flush()`: clears the pmd|*pmd = none: T detached, all none\n")
	}
	ptl_unlock_nested();
	pml = FREE;
	pte_free_defer(1);
done:
	skip
}

/*
 * Empty-table reclaim as in 6.14 (6375e95f381e; the fork's lab 5 has a
 * lab-only copy): MADV_DONTNEED under mmap_lock for read zaps the range,
 * then frees each table that is now all none.  It is itself an rw user:
 * under pml + ptl it rechecks the pmd, checks that T is all none
 * (RECLAIM_ALLNONE), clears the pmd and calls pte_free_defer(), as the
 * lab copy does; 6.14 hands the table to the mmu_gather instead, which
 * frees it after a grace period as well.  The zap maps T with
 * pte_offset_map_lock(), whose map, lock and recheck the model takes as
 * one step.  In 7.3.4, zap_pte_table_if_empty() does the same under
 * pml, with the ptl nested only if it is another lock
 * (mm/memory.c:1997 of 7.3.4).
 */
proctype reclaim()
{
	mtype pmdval;

	atomic { !mm_writer -> mm_readers++ };
	/* zap_pte_range() */
	if
	:: atomic { ptl == FREE && pmd == T -> ptl = OWN_RECLAIM };
		atomic {
			pte = none;
			printf("@@|d2|ptl|`MADV_DONTNEED`: `zap_pte_range()` clears the entry|T's entry: none\n")
		}
		ptl_unlock()
	:: atomic { pmd != T -> skip }; goto out
	fi;
	/* try to free the empty table */
	atomic { pml == FREE -> pml = OWN_RECLAIM; pmdval = pmd };
	if
	:: pmdval == none -> pml = FREE; goto out
	:: else -> skip
	fi;
	ptl_lock_nested(OWN_RECLAIM);
	atomic {
		if
		:: pmd == pmdval && (!RECLAIM_ALLNONE || pte == none) ->
			clear_pmd();
			printf("@@|d2|pml,ptl|`pmd_same()`, all none: clears the pmd|*pmd = none: T detached\n")
		:: else ->
			printf("@@|d2|pml,ptl|T changed or is in use: keeps it|\n")
		fi
	}
	if
	:: pmd == none && pmdval == T ->
		ptl_unlock_nested();
		pml = FREE;
		pte_free_defer(2)
	:: else ->
		ptl_unlock_nested();
		pml = FREE
	fi;
out:
	mm_readers--
}

/*
 * munmap, 6.12 mm/vma.c: take mmap_lock for
 * write, detach the VMA from the tree, downgrade to read, zap, then
 * free_pgtables(): clear the pmd and free T with neither the ptl nor an
 * RCU grace period (x86 selects MMU_GATHER_RCU_TABLE_FREE only with
 * PARAVIRT, arch/x86/Kconfig:273; the TLB flush is not a grace period).
 * It is safe only because no walker can find the VMA any more.
 */
proctype munmap()
{
	atomic { !mm_writer && mm_readers == 0 -> mm_writer = 1 };
	vma_live = 0;
	printf("@@|d3||`mmap_write_lock()`: detaches the VMA, downgrades|\n");
	atomic { mm_writer = 0; mm_readers++ };
	if
	:: atomic { ptl == FREE && pmd == T -> ptl = OWN_MUNMAP };
		pte = none;
		ptl_unlock()
	:: atomic { pmd != T -> skip }
	fi;
	atomic {
		if
		:: pmd == T ->
			clear_pmd();
			require(frees == 0, use_after_free);
			frees++;
			t_freed = 1;
			ptl_freed = 1;
			printf("@@|d3||`free_pgtables()`: clears the pmd and frees T now (no ptl, no RCU)|*pmd = none; T and its ptlock: freed\n")
		:: else -> skip
		fi
	}
	mm_readers--
}

/*
 * try_collapse_pte_mapped_thp() of 7.3.4 (mm/khugepaged.c), on the path
 * where pml was not taken up front, from the map of step 2
 * (pte_offset_map_rw_nolock()) to the free of step 4
 * (mm/khugepaged.c:1978-2058 of 7.3.4).  MADV_COLLAPSE holds
 * mmap_lock for read.  Step 2 maps T with pte_offset_map_rw_nolock(),
 * takes ptl, rechecks pmd_same(), clears T's entries and drops ptl.
 * Step 3 only adjusts counters.  Step 4 takes pml and, in 7.3.4, takes
 * ptl and rechecks only "if (ptl != pml)" (RC_SPLIT_ONLY); the fork's
 * patch 07 rechecks whenever ptl was dropped (RC_DROPPED).  Then
 * pmdp_collapse_flush() clears the pmd and returns what it held, and the
 * table that value names is counted off (mm_dec_nr_ptes()) and freed
 * with pte_free_defer(pmd_pgtable(value)).  It keeps its RCU read-side
 * section from the map to the end of step 4 (lane d4, RCU slot 2).
 */
#if COLLAPSE
proctype collapse()
{
	mtype pgt, old;

	atomic { !mm_writer -> mm_readers++ };
	atomic {
		in_rcu[2] = 1;
		pgt = pmd;
		if
		:: pgt == none ->
			in_rcu[2] = 0;
			goto out
		:: else ->
			printf("@@|d4|rcu|step 2: `pte_offset_map_rw_nolock()` maps T: pgt_pmd = %e|<*pmd = T\n", pgt)
		fi
	}
	ptl_lock(OWN_COLLAPSE);
	atomic {
		if
		:: pmd != pgt ->
			printf("@@|d4|rcu,ptl|step 2: `pmd_same()` mismatch: abort|\n");
			goto unlock
		:: else ->
			require(!t_freed, use_after_free);
			pte = none;
			printf("@@|d4|rcu,ptl|step 2: `pmd_same()`; clears T's entries, then `spin_unlock(ptl)`|T's entries: none\n")
		fi
	}
	ptl_unlock();
	/* step 3: folio refcount and rss counters, nothing the model sees */
	atomic {
		pml == FREE -> pml = OWN_COLLAPSE;
#if SHARED_PTL
		printf("@@|d4|rcu,pml|step 4: `pmd_lock()`: the same lock as ptl|\n")
#else
		printf("@@|d4|rcu,pml|step 4: `pmd_lock()`|\n")
#endif
	}
	ptl_lock_nested(OWN_COLLAPSE);
#if SHARED_PTL && COLLAPSE_RECHECK == RC_SPLIT_ONLY
	printf("@@|d4|rcu,pml,ptl|step 4: `ptl == pml`: no `pmd_same()` recheck|\n");
#else
	atomic {
		if
		:: pmd != pgt ->
			printf("@@|d4|rcu,pml,ptl|step 4: `pmd_same(pgt_pmd, *pmd)`: %e vs %e, mismatch: gives up|\n", pgt, pmd);
			goto unlock
		:: else ->
			printf("@@|d4|rcu,pml,ptl|step 4: `pmd_same(pgt_pmd, *pmd)`: %e vs %e, same|\n", pgt, pmd)
		fi
	}
#endif
	atomic {
		old = pmd;
		clear_pmd();
		if
		:: old == none ->
			printf("@@|d4|rcu,pml,ptl|`pmdp_collapse_flush()` returns none: there was no table to clear|<*pmd = none\n")
		:: else ->
			printf("@@|d4|rcu,pml,ptl|`pmdp_collapse_flush()` returns %e and clears the pmd|*pmd = none: T detached\n", old)
		fi
	}
	ptl_unlock();		/* pte_unmap_unlock(start_pte, ptl) */
#if !SHARED_PTL
	pml = FREE;		/* if (ptl != pml) spin_unlock(pml) */
#endif
	rcu_read_unlock(2);
	atomic {
		printf("@@|d4||`mm_dec_nr_ptes()`, then `pte_free_defer(pmd_pgtable(%e))`|\n", old);
		require(old != none, bad_free)
	}
	pte_free_defer(4);
	goto out;
unlock:
#if SHARED_PTL
	ptl_unlock();
#else
	if
	:: pml == OWN_COLLAPSE -> ptl_unlock(); pml = FREE
	:: else -> ptl_unlock()
	fi;
#endif
	rcu_read_unlock(2);
out:
	mm_readers--
}
#endif

/*
 * A page fault in the range that finds the pmd none allocates a table
 * and installs it under pml (__pte_alloc(), pmd_install()).  REUSE: once
 * T's page is back in the page allocator, the allocation may return it:
 * the new table T2 is zeroed, its ptlock initialised, and its pmd entry
 * has T's bits exactly (x86's _PAGE_TABLE sets the same flags every
 * time).  FRAGMENTS: the allocation returns the next fragment of T's
 * page (powerpc's pte_fragment_alloc(), arch/powerpc/mm/pgtable-frag.c:99
 * of fork-base): U has its own entries, but the pfn and the ptlock of
 * T's page, which lives while one of its fragments does.  A table in
 * another page is not modelled: every recheck tells it apart.  A held
 * ptlock re-initialised by the reuse is not modelled either: with
 * PTL_IN_PAGE the walker that holds it is caught by its next check.
 */
#if REUSE || FRAGMENTS
proctype fault()
{
	if
#if REUSE
	:: atomic {
		pml == FREE && pmd == none && t_freed ->
		t_freed = 0;
		frees = 0;
		ptl_freed = 0;
		pte = none;
		pmd = T;
		live_tab = TAB_T2;
		printf("@@|f0|pml|a fault: `pte_alloc()` gets T's freed page back as a new table T2 and installs it: the same pmd bits|*pmd = T: T2, in T's page\n")
	   }
#endif
#if FRAGMENTS
	:: atomic {
		pml == FREE && pmd == none ->
		pte_u = none;
		pmd = U;
		live_tab = TAB_U;
		printf("@@|f0|pml|a fault: `pte_alloc()` gets U, the next fragment of T's page, and installs it|*pmd = U: same page, same ptlock as T\n")
	   }
#endif
	fi
}
#endif

/*
 * MGLRU's walk_pmd_range_locked() clears the Accessed bit of a non-leaf
 * pmd entry with pmdp_test_and_clear_young(), holding pml only
 * (mm/vmscan.c of fork-base, where arch_has_hw_nonleaf_pmd_young()).
 * T stays installed; only the bits of the entry change.
 */
#if YOUNG
proctype young()
{
	atomic {
		pml == FREE && pmd == T ->
		pmd = T_old;
		printf("@@|y0|pml|MGLRU clears the pmd's Accessed bit: `pmdp_test_and_clear_young()`|*pmd = T_old: T still installed\n")
	}
}
#endif

#ifdef PROBE
/*
 * The probe: blocked (a valid end state) until PROBE is true, then it
 * names the property "reached", which scripts/model.sh reports as the
 * verdict "reachable".
 */
proctype probe()
{
end:	atomic {
		(PROBE) ->
		violated = reached;
		printf("@@|bad||VIOLATION %e|\n", reached);
		assert(false)
	}
}
#endif

/*
 * RCU: a queued callback runs once no walker that was inside its read
 * section at call_rcu() time still is.  The callback frees T (and, unless
 * PTLOCK_EARLY freed it already, its ptlock; a ptlock in the page, the
 * page's lock shared with U, and mm->page_table_lock stay).
 */
active proctype grace_period()
{
end:	do
	:: atomic {
		cbs > 0 && !gp_waits[0] && !gp_waits[1] && !gp_waits[2] ->
		cbs--;
		t_freed = 1;
#if !PTL_IN_PAGE && !FRAGMENTS && !SHARED_PTL
		ptl_freed = 1;
#endif
		printf("@@|rcu||grace period over: `pte_free_now(T)` frees T|T: freed\n")
	   }
	od
}

init {
	atomic {
#if W0 != W_NONE
		run walker(0, W0, W0_GUARD, W0_MMAP, W0_RCU);
#endif
#if W1 != W_NONE
		run walker(1, W1, W1_GUARD, W1_MMAP, W1_RCU);
#endif
#if RETRACT
		run retract();
#endif
#if RECLAIM
		run reclaim();
#endif
#if MUNMAP
		run munmap();
#endif
#if COLLAPSE
		run collapse();
#endif
#if REUSE || FRAGMENTS
		run fault();
#endif
#if YOUNG
		run young();
#endif
#ifdef PROBE
		run probe();
#endif
	}
}
