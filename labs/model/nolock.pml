/* SPDX-License-Identifier: GPL-2.0 */
/* citations: fork-base */
/*
 * A Promela model of the nolock protocol: one PTE table T, the pmd entry
 * that points to it, walkers that map T without its lock, detachers that
 * take T out of the pmd, and RCU.  SPIN explores every interleaving of
 * the processes a scenario starts and checks three named properties:
 *
 *   write_detached   no write lands in a table that has left the pmd
 *   use_after_free   no access (read, write, lock, unlock) to T or to
 *                    its ptlock after they were freed; no double free
 *   stale_read       a reader never takes an entry of a detached table
 *                    for the live one where that matters: what it reads
 *                    is what a walk of the live page table would return
 *
 * A scenario (scenarios/NAME.pml) sets the macros below and includes this
 * file; scripts/model.sh runs it and compares the verdict with the one the
 * scenario declares.  Each property is an assertion made through
 * require(), which also names the property in the error trail.
 *
 * Steps that a figure shows print a line "@@|lane|badges|text|memory";
 * labs/model/trail2dot.py turns the lines of an error trail into a figure.
 *
 * What is abstracted away, so what this model cannot prove: one table and
 * one entry that matters (the walker's address); no new table is
 * installed after a detach, so no ABA through a reused page; locks are
 * plain owner fields (no lockdep, no fairness); RCU is the one rule "a
 * callback queued while a reader is inside its read-side section runs
 * after that section ends"; TLB flushes, mmu notifiers, GUP-fast, the
 * folio locks of collapse_file() and the memory model (every step is
 * sequentially consistent) are not modelled.
 */

/* ---- configuration: a scenario overrides these before #include ---- */

#ifndef W0		/* walker 0: W_RO, W_RW (fill a none entry or change a present one), W_FILL (a move's dst: fill only) */
#define W0 W_RW
#endif
#ifndef W0_GUARD	/* its check under the ptl: G_NONE, G_PMD_SAME, G_PMD_COPY, G_PTE_SAME */
#define W0_GUARD G_PMD_SAME
#endif
#ifndef W0_MMAP		/* 1: it holds mmap_lock for read and finds the VMA first */
#define W0_MMAP 0
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
#ifndef PTLOCK_EARLY	/* 1: pte_free_defer() frees the ptlock at once (the bug of series-facts 5.3) */
#define PTLOCK_EARLY 0
#endif

#define W_NONE 0
#define W_RO 1
#define W_RW 2
#define W_FILL 3

#define G_NONE 0
#define G_PMD_SAME 1
#define G_PMD_COPY 2
#define G_PTE_SAME 3

/* lock owners */
#define FREE 0
#define OWN_W0 1
#define OWN_W1 2
#define OWN_RETRACT 3
#define OWN_RECLAIM 4
#define OWN_MUNMAP 5

/*
 * Values: a pmd entry is T or none; T's entry is none, page (a mapped
 * page) or changed (a present entry a walker modified, e.g. made old).
 * The property names share the one mtype namespace of Promela.
 */
mtype = { none, T, page, changed,
	  write_detached, use_after_free, stale_read, no_violation };

/* ---- shared state ---- */
mtype pmd = T;			/* the pmd entry */
mtype pte = INIT_PTE;		/* T's entry at the walker's address */
bool t_freed;			/* T's page was freed */
bool ptl_freed;			/* T's ptlock was freed */
byte frees;			/* times T was handed to a free: more than 1 is a double free */
byte ptl = FREE;		/* owner of T's ptlock */
byte pml = FREE;		/* owner of the pmd lock */
bool in_rcu[2];			/* walker i is inside an RCU read-side section */
bool gp_waits[2];		/* a queued callback waits for walker i's section */
byte cbs;			/* RCU callbacks queued, not run yet */
byte mm_readers;		/* mmap_lock held for read */
bool mm_writer;			/* mmap_lock held for write */
bool vma_live = 1;		/* the VMA can be found (munmap detaches it) */
mtype violated = no_violation;	/* the first property found violated */

#define installed (pmd == T)

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
 * pte_free_defer(): queue T for freeing after a grace period.  The grace
 * period must wait for every walker that is inside its read-side section
 * now.  In 6.12 the callback (pte_free_now() -> pte_free()) runs the
 * table's destructor, which frees the ptlock together with the page
 * (mm/pgtable-generic.c:238, include/asm-generic/pgalloc.h:108).
 * PTLOCK_EARLY frees the ptlock at once instead, as the first PT_RECLAIM
 * code did with a separately allocated ptlock (syzbot's report and the
 * ptlock-by-RCU patch, lore 20241210084431.91414-1-zhengqi.arch@bytedance.com;
 * series-facts.md section 5.3).  d is the detacher's lane.
 */
inline pte_free_defer(d) {
	atomic {
		require(frees == 0, use_after_free);
		frees++;
		gp_waits[0] = gp_waits[0] || in_rcu[0];
		gp_waits[1] = gp_waits[1] || in_rcu[1];
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
 */
proctype walker(byte i; byte kind; byte guard; bool mmap)
{
	mtype pmdval, copy, orig, v, live;
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
		in_rcu[i] = 1;
		pmdval = pmd;
		copy = pmdval;		/* what 6.13's walk_pte_range() was handed: a stack copy */
		if
		:: pmdval == none ->
			in_rcu[i] = 0;
			gp_waits[i] = 0;
			printf("@@|w%d||map: pmd is none, no table: done|\n", i);
			goto out_mm
		:: else ->
			if
			:: kind == W_RO ->
				printf("@@|w%d|rcu|`pte_offset_map_ro_nolock()` maps T|<*pmd = T: T is the live table\n", i)
			:: else ->
				printf("@@|w%d|rcu|`pte_offset_map_rw_nolock()` maps T: pmdval = %e|<*pmd = T: T is the live table\n", i, pmdval)
			fi
		fi
	}
	/* the entry before the lock (orig_pte), for pte_same() and for a move's dst */
	if
	:: guard == G_PTE_SAME || kind == W_FILL ->
		atomic {
			printf("@@|w%d|rcu|reads the entry without the lock: orig = %e|\n", i, pte);
			require(!t_freed, use_after_free);
			orig = pte
		}
	:: else -> skip
	fi;
	if
	:: guard == G_PTE_SAME && kind == W_RW && orig == none ->
		/* handle_pte_fault() sends a none entry to do_pte_missing() (mm/memory.c:5790 of fork-base), whose do_anonymous_page() and do_fault() lock with pte_offset_map_lock() */
		rcu_read_unlock(i);
		printf("@@|w%d||orig is none: the locked path takes over|\n", i);
		goto out_mm
	:: else -> skip
	fi;

	atomic {
		(ptl == FREE || ptl_freed) ->
		printf("@@|w%d|rcu,ptl|takes T's ptl|\n", i);
		require(!ptl_freed, use_after_free);
		ptl = me
	}

	/* the check under the ptl */
	atomic {
		if
		:: guard == G_PMD_SAME ->
			if
			:: pmd == pmdval ->
				printf("@@|w%d|rcu,ptl|`pmd_same(pmdval, *pmd)`: %e vs %e, same|\n", i, pmdval, pmd)
			:: else ->
				printf("@@|w%d|rcu,ptl|`pmd_same(pmdval, *pmd)`: %e vs %e, mismatch: back off|\n", i, pmdval, pmd);
				goto backoff
			fi
		:: guard == G_PMD_COPY ->
			/* compares the value read from the copy with the copy */
			printf("@@|w%d|rcu,ptl|`pmd_same(pmdval, *copy)`: %e vs %e, same (live *pmd = %e)|\n", i, pmdval, copy, pmd)
		:: guard == G_PTE_SAME ->
			require(!t_freed, use_after_free);
			if
			:: pte == orig ->
				printf("@@|w%d|rcu,ptl|`pte_same(orig, *pte)`: %e vs %e, same|\n", i, orig, pte)
			:: else ->
				printf("@@|w%d|rcu,ptl|`pte_same(orig, *pte)`: %e vs %e, changed: back off|\n", i, orig, pte);
				goto backoff
			fi
		:: guard == G_NONE -> skip
		fi
	}

	/* act on the entry, still under the ptl */
	if
	:: kind == W_RO ->
		atomic {
			printf("@@|w%d|rcu,ptl|reads the entry: %e|\n", i, pte);
			require(!t_freed, use_after_free);
			v = pte;
			/* the live page table says: T's entry if T is installed, none otherwise */
			if
			:: installed -> live = pte
			:: else -> live = none
			fi;
			require(v == live, stale_read)
		}
	:: kind == W_FILL && orig != none ->
		printf("@@|w%d|rcu,ptl|the slot is taken: gives up|\n", i)
	:: else ->
		atomic {
			if
			:: pte == none ->
				printf("@@|w%d|rcu,ptl|`set_pte_at()`: fills the none entry|T's entry: page\n", i)
			:: else ->
				printf("@@|w%d|rcu,ptl|changes the present entry|T's entry: changed\n", i)
			fi;
			require(!t_freed, use_after_free);
			require(installed, write_detached);
			if
			:: pte == none -> pte = page
			:: else -> pte = changed
			fi
		}
	fi;
	atomic {
		printf("@@|w%d|rcu,ptl|unlocks the ptl|\n", i);
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
 * retract_page_tables() for one VMA (6.12 mm/khugepaged.c, series-facts
 * section 6.1).  It holds no lock of the mm.  collapse_file() has already
 * unmapped the old folios and keeps faults away with the locked huge
 * folio; the model folds that into the ptl section: when T leaves the
 * pmd, its entry is none.  6.12 looks at the pmd before pml only
 * (fork-base mm/khugepaged.c:1726, then pml and pte_lockptr() at :1746);
 * RETRACT_RECHECK, on by default because the fork carries it, adds 6.14's
 * look under pml.
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
	ptl_lock(OWN_RETRACT);
	atomic {
		require(!t_freed, use_after_free);
		pte = none;		/* collapse_file() left T empty */
		pmd = none;		/* pmdp_collapse_flush() */
		printf("@@|d1|pml,ptl|`pmdp_collapse_flush()`: clears the pmd|*pmd = none: T detached, all none\n")
	}
	ptl_unlock();
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
 * one step.
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
	ptl_lock(OWN_RECLAIM);
	atomic {
		if
		:: pmd == pmdval && (!RECLAIM_ALLNONE || pte == none) ->
			pmd = none;
			printf("@@|d2|pml,ptl|`pmd_same()`, all none: clears the pmd|*pmd = none: T detached\n")
		:: else ->
			printf("@@|d2|pml,ptl|T changed or is in use: keeps it|\n")
		fi
	}
	if
	:: pmd == none && pmdval == T ->
		ptl_unlock();
		pml = FREE;
		pte_free_defer(2)
	:: else ->
		ptl_unlock();
		pml = FREE
	fi;
out:
	mm_readers--
}

/*
 * munmap, 6.12 mm/vma.c (series-facts.md section 6.3): take mmap_lock for
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
			pmd = none;
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
 * RCU: a queued callback runs once no walker that was inside its read
 * section at call_rcu() time still is.  The callback frees T (and, unless
 * PTLOCK_EARLY freed it already, its ptlock).
 */
active proctype rcu()
{
end:	do
	:: atomic {
		cbs > 0 && !gp_waits[0] && !gp_waits[1] ->
		cbs--;
		t_freed = 1;
		ptl_freed = 1;
		printf("@@|rcu||grace period over: `pte_free_now(T)` frees T|T: freed\n")
	   }
	od
}

init {
	atomic {
#if W0 != W_NONE
		run walker(0, W0, W0_GUARD, W0_MMAP);
#endif
#if W1 != W_NONE
		run walker(1, W1, W1_GUARD, W1_MMAP);
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
	}
}
