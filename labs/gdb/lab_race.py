# SPDX-License-Identifier: GPL-2.0
# The race of labs 3 and 4, step by step (Documentation/mm/pte-nolock/
# lab-3-race.rst and lab-4-no-recheck.rst).
#
# CPU 0: MGLRU aging walks the victim's PTE table T in walk_pte_range(),
#        mapped with pte_offset_map_rw_nolock(), and spins in the ptlab
#        window before spin_trylock().
# CPU 1: MADV_COLLAPSE -> collapse_file() -> retract_page_tables() clears
#        the pmd and hands T to pte_free_defer().
# Then the window is released, the pmd_same() recheck fails, the walker
# backs off, and after the grace period pte_free_now() frees T.
#
# variant "live": the walker rechecks the pmd entry in the page table (the
# fork's patch 12), the recheck fails and the walker backs off.
# variant "copy": the kernel has CONFIG_PTLAB_COPY_RECHECK, the walker
# rechecks walk_pmd_range()'s stack copy (as 6.13 does), the recheck
# passes, and the walker walks the detached table.

import gdb
import fork

PTLAB_WINDOW = 2


def site_ptr():
    return fork.ptlab_site("mglru_walk").address


FIRST_STOP = "ptlab_hold"


def steps(variant, interactive=False):
    bp_hold = fork.breakpoint_once(FIRST_STOP)
    expect = fork.expect

    # Step 1: the walker has mapped T and entered the window.
    stop = fork.cont()
    expect(stop == "ptlab_hold", "first stop is the ptlab window (got %s)" % stop)
    bp_hold.enabled = False
    s = site_ptr().dereference()
    names = fork.frames()
    walker = gdb.parse_and_eval("$lx_current()")
    walker_addr = fork.ulong(walker.address)
    walker_pid = int(walker["pid"])
    pmdval = fork.ulong(s["pmdval"]["pmd"])
    table_pfn = fork.ulong(s["table_pfn"])
    pmdp = fork.ulong(s["pmdp"])
    page = fork.pfn_to_page(table_pfn)
    ptl = fork.ptdesc_ptl(fork.page_ptdesc(page))
    fork.step(1, "CPU%d maps the victim's table with pte_offset_map_rw_nolock()" % fork.cpu())
    fork.show("walker", "pid %d (%s) on CPU%d" % (walker_pid, walker["comm"].string(), fork.cpu()))
    fork.show("call chain", " <- ".join(names[:6]))
    fork.show("pmd entry at", "%#x" % pmdp)
    fork.show("pmdval (snapshot) = P", fork.pmd_text(pmdval))
    fork.show("table T: struct page", "%#x (pfn %#x)" % (fork.ulong(page), table_pfn))
    fork.show("T's split ptlock", "%#x" % fork.ulong(ptl))
    fork.show("walker holds", ", ".join(n for n, _ in fork.held_locks()))
    expect("walk_pte_range" in names, "the window sits in walk_pte_range()")
    expect("lru_gen_seq_write" in names, "reached from the debugfs lru_gen write (MGLRU aging)")
    expect(fork.cpu() == 0, "the walker runs on CPU0 (taskset 1)")
    expect(pmdval != 0 and fork.entry_pfn(pmdval) == table_pfn,
           "pmdval P points to the mapped table T")
    expect(fork.read_ulong(pmdp) == pmdval, "the live pmd still equals P")
    expect(fork.page_is_table(page), "T is a page table (PGTY_table)")
    expect(fork.holds_named("rcu_read_lock"), "the walker holds the RCU read lock")
    expect(not fork.holds(ptl), "the walker does not hold T's ptl yet")

    yield

    bp_retract = gdb.Breakpoint("retract_page_tables")
    bp_clear = gdb.Breakpoint("pmdp_collapse_flush")
    bp_clear.condition = "pmdp == (pmd_t *)%#x" % pmdp
    bp_defer = gdb.Breakpoint("pte_free_defer")
    bp_defer.condition = "pgtable == (struct page *)%#x" % fork.ulong(page)
    bp_recheck = gdb.Breakpoint("ptlab_recheck_seen")
    bp_free = gdb.Breakpoint("pte_free_now")
    bp_free.condition = "head == &((struct page *)%#x)->rcu_head" % fork.ulong(page)

    # Step 2: the detacher starts while the walker spins.
    stop = fork.cont()
    expect(stop == "retract_page_tables", "next stop: retract_page_tables() (got %s)" % stop)
    bp_retract.enabled = False
    s = site_ptr().dereference()
    fork.step(2, "CPU0 spins in the ptlab window, between map and spin_trylock()")
    fork.show("ptlab state", "%d (window), window opened on CPU%d" % (int(s["state"]), int(s["cpu"])))
    fork.show("walker holds", ", ".join(n for n, _ in fork.held_locks(fork.task_at(walker_addr).address)))
    expect(int(s["state"]) == PTLAB_WINDOW, "the walker is still in the window")
    expect(fork.holds_named("rcu_read_lock", fork.task_at(walker_addr).address),
           "the spinning walker still holds the RCU read lock")
    expect("madvise_collapse" in fork.frames(), "retract is reached from madvise_collapse()")

    yield

    # Step 3: retract takes pml and T's ptl and clears the pmd.
    stop = fork.cont()
    expect(stop == "pmdp_collapse_flush", "next stop: pmdp_collapse_flush() on the victim's pmd (got %s)" % stop)
    bp_clear.enabled = False
    names = fork.frames()
    pml = fork.pmd_lock_of(pmdp)
    fork.step(3, "CPU%d: MADV_COLLAPSE -> collapse_file() -> retract_page_tables() clears the pmd" % fork.cpu())
    fork.show("detacher", "pid %d (%s) on CPU%d" % (int(gdb.parse_and_eval("$lx_current()")["pid"]),
                                                   fork.current_comm(), fork.cpu()))
    fork.show("call chain", " <- ".join(names[:6]))
    fork.show("detacher holds", ", ".join("%s@%#x" % l for l in fork.held_locks()))
    fork.show("*pmd before the clear", fork.pmd_text(fork.read_ulong(pmdp)))
    expect(fork.cpu() == 1, "the detacher runs on CPU1 (taskset 2)")
    expect(fork.current_comm() == "ptcollapse", "the detacher is ptcollapse")
    expect("retract_page_tables" in names and "collapse_file" in names,
           "collapse_file() -> retract_page_tables() clears it")
    expect(fork.holds(pml), "the detacher holds the pmd lock (pml)")
    expect(fork.holds(ptl), "the detacher holds T's ptl")
    expect(fork.read_ulong(pmdp) == pmdval, "*pmd is still P just before the clear")

    yield

    # Step 4: pte_free_defer(T): queued for after a grace period.
    stop = fork.cont()
    expect(stop == "pte_free_defer", "next stop: pte_free_defer(T) (got %s)" % stop)
    bp_defer.enabled = False
    s = site_ptr().dereference()
    after = fork.read_ulong(pmdp)
    fork.step(4, "CPU1: pte_free_defer(T): call_rcu(pte_free_now); T stays allocated")
    fork.show("*pmd now", fork.pmd_text(after))
    fork.show("pgtable", "%#x (T)" % fork.ulong(gdb.parse_and_eval("pgtable")))
    fork.show("T still a page table", fork.page_is_table(page))
    fork.show("ptlab state", "%d (walker still in its RCU section)" % int(s["state"]))
    expect(after == 0, "the victim's pmd now reads 0: T is detached")
    expect(fork.page_is_table(page), "T is still allocated as a page table")
    expect(int(s["state"]) == PTLAB_WINDOW, "the walker is still in the window, under RCU")

    yield

    # Steps 5 and 6: window released, trylock, failed recheck.
    stop = fork.cont()
    expect(stop == "ptlab_recheck_seen", "next stop: the walker's recheck (got %s)" % stop)
    bp_recheck.enabled = False
    me = gdb.parse_and_eval("$lx_current()")
    same = bool(gdb.parse_and_eval("same"))
    seen_pmdval = fork.ulong(gdb.parse_and_eval("pmdval")["pmd"])
    live = fork.ulong(gdb.parse_and_eval("live")["pmd"])
    fork.step(5, "window released: CPU%d spin_trylock(T's ptl) succeeds" % fork.cpu())
    fork.show("walker holds", ", ".join(n for n, _ in fork.held_locks()))
    expect(fork.ulong(me.address) == walker_addr, "the same walker task resumed")
    expect(fork.holds(ptl), "the walker now holds T's ptl (still allocated: same lock)")
    expect(fork.holds_named("rcu_read_lock"), "and still the RCU read lock")
    copy = variant == "copy"
    if copy:
        fork.step(6, "pmd_same(pmdval, copy): P vs P -> 'same' -> walks the detached table")
    else:
        fork.step(6, "pmd_same(pmdval, *pmd): P vs 0 -> mismatch -> unlock, pte_unmap(), skip (return false)")
    fork.show("pmdval (P)", fork.pmd_text(seen_pmdval))
    fork.show("*pmd (live entry)", fork.pmd_text(live))
    fork.show("stack copy in walk_pmd_range", fork.pmd_text(pmdval) +
              "  <- a recheck against it says 'same'")
    walker_pmd = fork.frame_arg("walk_pte_range", "pmd")
    if walker_pmd is not None:
        fork.show("walk_pte_range(pmd = ...)", "%#x (%s)" % (
            walker_pmd, "the page-table entry" if walker_pmd == pmdp else "NOT the entry: a stack copy"))
        if copy:
            expect(walker_pmd != pmdp, "the walker was handed a copy, not the entry at %#x" % pmdp)
        else:
            expect(walker_pmd == pmdp, "the walker was handed the entry in the page table")
    fork.show("pmd_same() result", "same" if same else "CHANGED (recheck failed)")
    entries = fork.table_entries(table_pfn)
    fork.show("T's 512 entries", "%d non-zero" % sum(1 for e in entries if e))
    expect(seen_pmdval == pmdval, "the recheck compares the snapshot P")
    expect(live == 0, "the live entry is 0: T is detached")
    expect(not any(entries), "T is all none (collapse_file() unmapped every page first)")
    if copy:
        expect(same, "pmd_same() against the copy says 'same': the recheck cannot fail")
    else:
        expect(not same, "pmd_same() against the live entry fails")

    yield

    # Step 7: the grace period ends; pte_free_now(T) from rcu_do_batch().
    stop = fork.cont()
    expect(stop == "pte_free_now", "next stop: pte_free_now(T) (got %s)" % stop)
    bp_free.enabled = False
    names = fork.frames()
    head = fork.ulong(gdb.parse_and_eval("head"))
    fork.step(7, "grace period over: pte_free_now(T) from rcu_do_batch() frees T")
    fork.show("call chain", " <- ".join(names[:5]))
    fork.show("rcu_head", "%#x = &T->rcu_head" % head)
    walker_locks = fork.held_locks(fork.task_at(walker_addr).address)
    entries = fork.table_entries(table_pfn)
    fork.show("walker holds now", ", ".join(n for n, _ in walker_locks) or "nothing")
    fork.show("T's entries before the free", "%d non-zero" % sum(1 for e in entries if e))
    expect("rcu_do_batch" in names, "pte_free_now() runs from rcu_do_batch()")
    expect(not fork.holds(ptl, fork.task_at(walker_addr).address),
           "the walker has dropped T's ptl (pte_unmap_unlock()); the grace period "
           "ending proves it left the RCU section too")
    expect(not any(entries), "T is still all none: %s" % (
        "the walk of the detached table wrote nothing" if copy else "nobody wrote into it"))
    expect(head == fork.ulong(fork.page_ptdesc(page)["pt_rcu_head"].address),
           "it frees the same table T as in step 1 (head == &T->rcu_head)")
    bp_pages = gdb.Breakpoint("__free_pages")
    bp_pages.condition = "page == (struct page *)%#x" % fork.ulong(page)
    stop = fork.cont()
    bp_pages.enabled = False
    fork.show("then", " <- ".join(fork.frames()[:4]))
    fork.show("T a page table now", fork.page_is_table(page))
    expect(stop == "__free_pages" and "pte_free_now" in fork.frames(),
           "pte_free_now() hands T back to the page allocator (__free_pages)")
    expect(not fork.page_is_table(page), "T is no longer typed as a page table (dtor ran)")

    yield

    s = site_ptr().dereference()
    counters = dict((k, int(s[k])) for k in ("hits", "recheck_failures", "timeouts", "detached_walks"))
    fork.step("end", "ptlab counters: %s" % counters)
    if copy:
        expect(counters == {"hits": 1, "recheck_failures": 0, "timeouts": 0, "detached_walks": 1},
               "one window, no failed recheck, no timeout, one walk of a detached table")
    else:
        expect(counters == {"hits": 1, "recheck_failures": 1, "timeouts": 0, "detached_walks": 0},
               "one window, one failed recheck, no timeout, no detached walk")

    if interactive:
        return
    fork.expect_guest_finished([
        ("ptcollapse: madvise(MADV_COLLAPSE) = 0", "MADV_COLLAPSE returned 0"),
    ])


