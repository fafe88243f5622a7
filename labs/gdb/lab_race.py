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

PRESENT = 1 << 0        # _PAGE_PRESENT
ACCESSED = 1 << 5       # _PAGE_ACCESSED, in pmd and pte entries alike


def site_ptr():
    return fork.ptlab_site("mglru_walk").address


# The window's own line in mm/ptlab.c (fork.window_break()).
FIRST_STOP = fork.window_break()


def steps(variant, interactive=False, finish=True):
    bp_hold = fork.breakpoint_once(FIRST_STOP)
    expect = fork.expect

    # Step 1: the walker has mapped T and entered the window.
    fork.next_stop(fork.WINDOW, "first stop is the ptlab window", bp_hold)
    fork.set_lab_site("mglru_walk")
    s = site_ptr().dereference()
    names = fork.frames()
    walker = fork.current_task()
    walker_addr = fork.ulong(walker.address)
    walker_pid = int(walker["pid"])
    pmdval = fork.ulong(s["pmdval"]["pmd"])
    table_pfn = fork.ulong(s["table_pfn"])
    pmdp = fork.ulong(s["pmdp"])
    page = fork.pfn_to_page(table_pfn)
    ptl = fork.ptdesc_ptl(fork.page_ptdesc(page))
    fork.label_lock("T's ptl", ptl)
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
    bp_defer = fork.break_table_free("pte_free_defer", page)
    bp_recheck = gdb.Breakpoint("ptlab_recheck_seen")
    bp_free = fork.break_table_free("pte_free_now", page)

    # Step 2: the detacher starts while the walker spins.
    fork.next_stop("retract_page_tables", "next stop: retract_page_tables()", bp_retract)
    s = site_ptr().dereference()
    fork.step(2, "CPU0 spins in the ptlab window, between map and spin_trylock()")
    fork.show("ptlab state", "%d (window), window opened on CPU%d" % (int(s["state"]), int(s["cpu"])))
    fork.show("walker holds", ", ".join(window_locks(fork.task_at(walker_addr).address)))
    expect(int(s["state"]) == fork.PTLAB_WINDOW, "the walker is still in the window")
    expect(fork.holds_named("rcu_read_lock", fork.task_at(walker_addr).address),
           "the spinning walker still holds the RCU read lock")
    expect("madvise_collapse" in fork.frames(), "retract is reached from madvise_collapse()")

    yield

    # Step 3: retract takes pml and T's ptl and clears the pmd.
    fork.next_stop("pmdp_collapse_flush", "next stop: pmdp_collapse_flush() on the victim's pmd", bp_clear)
    names = fork.frames()
    pml = fork.pmd_lock_of(pmdp)
    fork.label_lock("pml", pml)
    fork.step(3, "CPU%d: MADV_COLLAPSE -> collapse_file() -> retract_page_tables() clears the pmd" % fork.cpu())
    fork.show("detacher", "pid %d (%s) on CPU%d" % (int(fork.current_task()["pid"]),
                                                   fork.current_comm(), fork.cpu()))
    fork.show("call chain", " <- ".join(names[:6]))
    fork.show("detacher holds", ", ".join(fork.held_lock_names()))
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
    fork.next_stop("pte_free_defer", "next stop: pte_free_defer(T)", bp_defer)
    s = site_ptr().dereference()
    after = fork.read_ulong(pmdp)
    fork.step(4, "CPU1: pte_free_defer(T): call_rcu(pte_free_now); T stays allocated")
    fork.show("*pmd now", fork.pmd_text(after))
    fork.show("pgtable", "%#x (T)" % fork.ulong(gdb.parse_and_eval("pgtable")))
    fork.show("T still a page table", fork.page_is_table(page))
    fork.show("ptlab state", "%d (walker still in its RCU section)" % int(s["state"]))
    expect(after == 0, "the victim's pmd now reads 0: T is detached")
    expect(fork.page_is_table(page), "T is still allocated as a page table")
    expect(int(s["state"]) == fork.PTLAB_WINDOW, "the walker is still in the window, under RCU")

    yield

    # Steps 5 and 6: window released, trylock, failed recheck.
    fork.next_stop("ptlab_recheck_seen", "next stop: the walker's recheck", bp_recheck)
    me = fork.current_task()
    # What the recheck saw, as the window stored it in its site: every build
    # keeps those, while the arguments at a breakpoint may be optimized out.
    same, seen_pmdval, live = recheck_seen()
    fork.step(5, "window released: CPU%d spin_trylock(T's ptl) succeeds" % fork.cpu())
    fork.show("walker holds", ", ".join(n for n, _ in fork.held_locks()))
    expect(fork.ulong(me.address) == walker_addr, "the same walker task resumed")
    expect(fork.holds(ptl), "the walker now holds T's ptl (still allocated: same lock)")
    expect(fork.holds_named("rcu_read_lock"), "and still the RCU read lock")

    yield    # step 6 is the same stop: one 'lab-next' per step

    copy = variant == "copy"
    if copy:
        fork.step(6, "recheck against the copy: P vs P -> 'same' -> walks the detached table")
    else:
        fork.step(6, "recheck against *pmd: 0 installs no table -> mismatch -> unlock, pte_unmap(), skip (return false)")
    fork.show("pmdval (P)", fork.pmd_text(seen_pmdval))
    fork.show("*pmd (live entry)", fork.pmd_text(live))
    # walk_pmd_range()'s own copy of the entry, read from its frame (GDB
    # says "<optimized out>" where the compiler kept none to read).
    val, why = fork.frame_pmd("walk_pmd_range", "val")
    if val is None:
        fork.show("walk_pmd_range() val", why,
                  note="no copy left to read: lab 4's kernel keeps it, to compare with")
    else:
        fork.show("walk_pmd_range() val", fork.pmd_text(val),
                  note="its stack copy: still P, so a recheck against it says 'same'"
                  if val == pmdval else "its stack copy")
    if copy:
        expect(val == pmdval, "walk_pmd_range()'s stack copy val still holds P")
    walker_pmd = fork.frame_arg("walk_pte_range", "pmd")
    if walker_pmd is not None:
        fork.show("walk_pte_range(pmd = ...)", "%#x (%s)" % (
            walker_pmd, "the page-table entry" if walker_pmd == pmdp else "NOT the entry: a stack copy"))
        if copy:
            expect(walker_pmd != pmdp, "the walker was handed a copy, not the entry at %#x" % pmdp)
        else:
            expect(walker_pmd == pmdp, "the walker was handed the entry in the page table")
    fork.show("recheck result", "same" if same else "CHANGED (recheck failed)")
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
    fork.next_stop("pte_free_now", "next stop: pte_free_now(T)", bp_free)
    names = fork.frames()
    head = fork.ulong(gdb.parse_and_eval("head"))
    fork.step(7, "grace period over: pte_free_now(T) from rcu_do_batch() frees T")
    fork.show("call chain", " <- ".join(names[:5]))
    fork.show("rcu_head", "%#x = &T->rcu_head" % head)
    entries = fork.table_entries(table_pfn)
    # Whether it holds T's ptl, not its whole list: by now the walker may
    # be in another table (with that table's ptl and RCU), or done.
    fork.show("walker holds T's ptl", fork.holds(ptl, fork.task_at(walker_addr).address))
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
    fork.show("site's mm reference", "%#x" % fork.ulong(s["mm"]) +
              ("  # dropped when the site went idle" if not fork.ulong(s["mm"]) else ""))
    expect(fork.ulong(s["mm"]) == 0,
           "the idle site holds no reference to the victim's mm any more (mmdrop() at the recheck)")
    if copy:
        expect(counters == {"hits": 1, "recheck_failures": 0, "timeouts": 0, "detached_walks": 1},
               "one window, no failed recheck, no timeout, one walk of a detached table")
    else:
        expect(counters == {"hits": 1, "recheck_failures": 1, "timeouts": 0, "detached_walks": 0},
               "one window, one failed recheck, no timeout, no detached walk")

    yield

    if interactive or not finish:
        return
    finish_guest()


def finish_guest():
    """The guest's script runs to its end, MADV_COLLAPSE returned 0 and the
    console is clean (KASAN included, on a KASAN=1 kernel)."""
    fork.expect_guest_finished([
        ("ptcollapse: madvise(MADV_COLLAPSE) = 0", "MADV_COLLAPSE returned 0"),
    ])


def window_locks(task):
    """The locks the spinning walker holds for its window, up to the map's
    rcu_read_lock: the walker runs on the other CPU, and an interrupt there
    (the timer tick's timekeeper_lock) may sit on top of them for a moment."""
    names = [n for n, _ in fork.held_locks(task)]
    if "rcu_read_lock" in names:
        names = names[:len(names) - names[::-1].index("rcu_read_lock")]
    return names


def recheck_seen():
    """At the ptlab_recheck_seen() stop: the site's answer, the pmd value it
    mapped the table from, and the live entry at the recheck, all read from
    the site struct that ptlab_recheck() filled in."""
    s = site_ptr().dereference()
    return (int(s["last_same"]) == 1, fork.ulong(s["pmdval"]["pmd"]),
            fork.ulong(s["pmd_at_recheck"]["pmd"]))


def young_ptes(pfn):
    """How many entries of the PTE table at pfn have the Accessed bit."""
    return sum(1 for e in fork.table_entries(pfn) if e & PRESENT and e & ACCESSED)


def stop_after_window(s_addr):
    """A breakpoint at the guest's next read of ptlab's status file once the
    window of the site at s_addr has closed (its state is no longer
    "window"): the guest reads it only after its walker exited."""
    bp = gdb.Breakpoint("ptlab_status_show")
    bp.condition = "((struct ptlab_site_info *)%#x)->state != %d" % (s_addr, fork.PTLAB_WINDOW)
    return bp


def status_after_walk(bp):
    """Continue to bp, a stop_after_window() breakpoint; return the site as
    the guest's status read finds it after the walk."""
    fork.next_stop("ptlab_status_show", "next stop: the guest reads ptlab's status after the walk", bp)
    return site_ptr().dereference()


def window_stop(what):
    """Continue to the next ptlab window; return the site, T's pfn, pmdp and
    pmdval as the window stored them."""
    bp = fork.breakpoint_once(FIRST_STOP)
    bp.enabled = True
    stop = fork.cont()
    fork.expect(stop == fork.WINDOW, "next stop: the ptlab window, %s (got %s)" % (what, stop))
    bp.enabled = False
    s = site_ptr().dereference()
    return s, fork.ulong(s["table_pfn"]), fork.ulong(s["pmdp"]), fork.ulong(s["pmdval"]["pmd"])


def young_steps(variant):
    """Steps 8-10: the Accessed bit of the victim's pmd flips while the
    walker sits in the window; T stays installed.  On the lab kernel the
    recheck (same table?) says "same" and the walker walks T; on the kernel
    with CONFIG_PTLAB_RAW_PMD_RECHECK (variant "raw") the raw comparison
    fails and the walker skips T although it was never detached."""
    expect = fork.expect
    raw = variant == "raw"
    s, table_pfn, pmdp, pmdval = window_stop("a fresh victim, nothing to detach")
    hits, failures, detached = (int(s[k]) for k in ("hits", "recheck_failures", "detached_walks"))
    before = fork.read_ulong(pmdp)
    flipped = before ^ ACCESSED
    gdb.execute("set var *(unsigned long *)%#x = %#x" % (pmdp, flipped), to_string=True)
    after = fork.read_ulong(pmdp)
    young = young_ptes(table_pfn)
    fork.step(8, "CPU%d in the window with a fresh victim's table T; GDB flips the pmd's Accessed bit" % fork.cpu())
    fork.show("pmdval (snapshot) = P", fork.pmd_text(pmdval))
    fork.show("*pmd before", fork.pmd_text(before))
    fork.show("*pmd after the flip", fork.pmd_text(after) + "  # " +
              ("Accessed cleared, as a second MGLRU walker's pmdp_test_and_clear_young() does"
               if before & ACCESSED else "Accessed set, as the CPU does when it walks through the entry"))
    fork.show("T's young entries", "%d of 512" % young)
    expect(before == pmdval, "the live pmd equals P when the window opens")
    expect(after == pmdval ^ ACCESSED, "the live pmd now differs from P in the Accessed bit only")
    expect(fork.entry_pfn(after) == table_pfn, "and still points to T")
    expect(young > 0, "T has young entries for the walker to age")

    yield

    bp_recheck = gdb.Breakpoint("ptlab_recheck_seen")
    fork.next_stop("ptlab_recheck_seen", "next stop: the walker's recheck", bp_recheck)
    same, seen_pmdval, live = recheck_seen()
    if raw:
        fork.step(9, "raw recheck: pmd_same(P, *pmd) compares the bits -> mismatch -> skip T")
    else:
        fork.step(9, "recheck: *pmd still installs T (present, not a leaf, same pfn) -> 'same'")
    fork.show("pmdval (P)", fork.pmd_text(seen_pmdval))
    fork.show("*pmd (live entry)", fork.pmd_text(live))
    fork.show("recheck result", "same" if same else "CHANGED (recheck failed)")
    expect(seen_pmdval == pmdval and live == after, "the recheck compared P with the flipped entry")
    if raw:
        expect(not same, "the raw comparison fails on the Accessed bit alone")
    else:
        expect(same, "the table comparison says 'same': T was never detached")
    bp_status = stop_after_window(fork.ulong(site_ptr()))

    yield

    s = status_after_walk(bp_status)
    young_after = young_ptes(table_pfn)
    counters = dict((k, int(s[k]) - v) for k, v in (("hits", hits - 1), ("recheck_failures", failures),
                                                     ("detached_walks", detached)))
    if raw:
        fork.step(10, "the walk is over: T was skipped, its entries are still young")
    else:
        fork.step(10, "the walk is over: the walker walked T and aged its entries")
    fork.show("T's young entries", "%d of 512 (were %d)" % (young_after, young))
    fork.show("this window's counters", counters)
    if raw:
        expect(young_after == young, "nobody aged T's entries: the walker skipped T")
        expect(counters == {"hits": 1, "recheck_failures": 1, "detached_walks": 0},
               "one window, one failed recheck (a spurious one), no detached walk")
    else:
        expect(young_after < young, "the walker aged T's entries: it walked T")
        expect(counters == {"hits": 1, "recheck_failures": 0, "detached_walks": 0},
               "one window, no failed recheck, no detached walk (T was still installed)")

    yield


def trylock_steps():
    """Steps 11-12: the walker's spin_trylock() fails after a window (GDB
    marks T's ptl taken, as any holder of it would).  ptlab must go idle and
    drop the victim's mm; the guest then checks that a later walk of the
    same PMD is not taken for this window's recheck."""
    expect = fork.expect
    s, table_pfn, pmdp, pmdval = window_stop("a third victim")
    lock = fork.ptdesc_ptl(fork.page_ptdesc(fork.pfn_to_page(table_pfn)))
    word = "((spinlock_t *)%#x)->rlock.raw_lock.val.counter" % fork.ulong(lock)
    failures = int(s["trylock_failures"])
    gdb.execute("set var %s = 1" % word, to_string=True)
    fork.step(11, "CPU%d in the window; GDB marks T's ptl taken, so the walker's spin_trylock() fails"
              % fork.cpu())
    fork.show("T's ptl lock word", "%d" % int(gdb.parse_and_eval(word)))
    expect(int(gdb.parse_and_eval(word)) == 1, "T's ptl reads taken")
    bp_status = stop_after_window(fork.ulong(site_ptr()))

    yield

    s = status_after_walk(bp_status)
    held = int(gdb.parse_and_eval(word))
    gdb.execute("set var %s = 0" % word, to_string=True)
    fork.step(12, "the walker gave up T's ptl: ptlab records no recheck and goes idle")
    fork.show("ptlab state", "%d (%s)" % (int(s["state"]), "idle" if int(s["state"]) == 0 else "not idle"))
    fork.show("trylock failures", int(s["trylock_failures"]) - failures)
    fork.show("site's mm reference", "%#x" % fork.ulong(s["mm"]))
    expect(held == 1, "nobody took T's ptl meanwhile (GDB gives it back now)")
    expect(int(s["state"]) == 0, "the site is idle, not waiting for a recheck that will not come")
    expect(int(s["trylock_failures"]) - failures == 1, "one failed trylock counted")
    expect(fork.ulong(s["mm"]) == 0, "the site dropped its reference to the victim's mm")


