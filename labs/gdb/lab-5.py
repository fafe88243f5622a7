# SPDX-License-Identifier: GPL-2.0
# Lab 5, what a missing recheck costs (Documentation/mm/pte-nolock/
# lab-5-uffd-move.rst): UFFDIO_MOVE fills a none entry of its destination
# table T while the lab's empty-table reclaimer frees T.
#
# CPU 0: ptmove's thread A, UFFDIO_MOVE -> move_pages_pte() maps dst's table
#        T with pte_offset_map_rw_nolock() and spins in the ptlab window
#        before double_pt_lock().
# CPU 1: ptmove's thread B, madvise(MADV_DONTNEED) on dst's 2 MiB; then
#        ptlab_reclaim_table() clears the pmd and hands T to pte_free_defer().
# Then the window is released and the guard after double_pt_lock() decides.
#
# LAB_VARIANT (set by scripts/lab-check.sh) says which kernel this is:
# "dummy": CONFIG_PTLAB_DST_DUMMY, only pte_same() guards dst (6.13): the
#          move writes into T after T left the pmd, and the page is lost;
# "live":  the lab kernel (the fork's patch 11): pmd_same() fails, -EAGAIN,
#          move_pages() retries on a new table, and the page arrives.
# Step numbers are those of diagrams/uffd-move-vs-reclaim.dot.
#
# On 7.3 (LAB_RECIPE=7.3) the same steps run on today's kernel: the mover
# is move_pages_ptes(), and T is freed by the kernel's own empty-table
# reclaim (PT_RECLAIM): zap_pte_range() clears the pmd of the table that
# MADV_DONTNEED emptied and hands T to the mmu_gather (___pte_free_tlb()),
# which frees it after a grace period (tlb_remove_table_rcu()).

import os
import re

import gdb
import fork

VARIANT = os.environ.get("LAB_VARIANT", "dummy")
SRC_ADDR = 0x30000000000        # labs/guest/ptmove.c
DST_ADDR = 0x40000000000
PTLAB_RECHECK = 3
FIRST_STOP = fork.window_break()
# 7.x adds the task that freed the mm: " Comm:NAME Pid:N"
RSS_REPORT = re.compile(r"BUG: Bad rss-counter state mm:\S+ type:MM_ANONPAGES val:1( Comm:\S+ Pid:\d+)?$")
TODAY = fork.RECIPE == "7.3"
MOVER = "move_pages_ptes" if TODAY else "move_pages_pte"


def site():
    return fork.ptlab_site("uffd_move")


def pte_of(mm, addr):
    """The pte value mapping addr in mm now (0 when there is none)."""
    last = fork.walk(mm, addr)[-1]
    return last["entry"] if last["level"] == "pte" else 0


def cont_to(name, want=lambda: True):
    """Continue until a stop in function name for which want() holds."""
    while True:
        stop = fork.cont()
        if stop != name or want():
            return stop


def reclaim_steps(pmdp, pmdval, page, table_pfn):
    """Steps 2 and 3 on 6.12: the fork's stand-in reclaimer frees T."""
    expect = fork.expect
    bp_reclaim = gdb.Breakpoint("ptlab_reclaim_table")
    bp_defer = fork.break_table_free("pte_free_defer", page)

    # Step 2: B's MADV_DONTNEED has zapped dst; the reclaimer starts.
    fork.next_stop("ptlab_reclaim_table", "next stop: ptlab_reclaim_table()", bp_reclaim)
    names = fork.frames()
    s = site()
    fork.step(2, "CPU%d: madvise(MADV_DONTNEED) zapped dst; the lab's reclaimer looks at T" % fork.cpu())
    fork.show("call chain", " <- ".join(names[:6]))
    fork.show("*pmd", fork.pmd_text(fork.read_ulong(pmdp)))
    fork.show("ptlab state", "%d (window): the mover still spins" % int(s["state"]))
    expect(fork.cpu() == 1, "the zapper runs on CPU1")
    expect(any(n.startswith("madvise") or n == "do_madvise" for n in names),
           "the reclaimer runs from madvise()")
    expect(int(s["state"]) == fork.PTLAB_WINDOW, "the mover is still in the window")
    expect(fork.read_ulong(pmdp) == pmdval, "*pmd is still P")

    yield

    # Step 3: T detached and queued for freeing after a grace period.
    fork.next_stop("pte_free_defer", "next stop: pte_free_defer(T)", bp_defer)
    names = fork.frames()
    after = fork.read_ulong(pmdp)
    rec = gdb.parse_and_eval("ptlab_reclaim_info")
    fork.step(3, "CPU1: the reclaimer cleared the pmd (pml, T's ptl, pmd_same(), 512 none) -> pte_free_defer(T)")
    fork.show("call chain", " <- ".join(names[:4]))
    fork.show("*pmd now", fork.pmd_text(after))
    fork.show("reclaimer", "freed %d, last table pfn %#x" % (int(rec["freed"]), fork.ulong(rec["table_pfn"])))
    fork.show("T still a page table", fork.page_is_table(page))
    expect("ptlab_reclaim_table" in names, "pte_free_defer() is called by the reclaimer")
    expect(after == 0, "dst's pmd reads 0: T is detached")
    expect(int(rec["freed"]) == 1 and fork.ulong(rec["table_pfn"]) == table_pfn,
           "the reclaimer freed exactly one table, T")
    expect(fork.page_is_table(page), "T stays allocated until the grace period ends")
    expect(int(site()["state"]) == fork.PTLAB_WINDOW, "the mover is still in the window, under RCU")

    yield


def steps(interactive=False):
    expect = fork.expect
    dummy = VARIANT == "dummy"
    bp_hold = fork.breakpoint_once(FIRST_STOP)

    # Step 1: A has mapped T and entered the window.
    w = fork.Window("uffd_move", bp_hold)
    s = site()
    mover, mover_addr, mm = w.task, w.task_addr, w.mm
    pmdval, pmdp, table_pfn, page = w.pmdval, w.pmdp, w.table_pfn, w.page
    ptl = fork.ptdesc_ptl(fork.page_ptdesc(page))
    fork.label_lock("T's ptl", ptl)
    idx = (DST_ADDR >> 12) & 511
    orig_src = pte_of(mm, SRC_ADDR)
    src_pfn = fork.entry_pfn(orig_src)
    names = fork.frames()
    entries = fork.table_entries(table_pfn)
    fork.step(1, "CPU%d: UFFDIO_MOVE maps dst's table T with pte_offset_map_rw_nolock()" % fork.cpu())
    fork.show("mover", "pid %d (%s) on CPU%d" % (int(mover["pid"]), mover["comm"].string(), fork.cpu()))
    fork.show("call chain", " <- ".join(names[:6]))
    fork.show("dst pmd entry at", "%#x" % pmdp)
    fork.show("dst_pmdval = P", fork.pmd_text(pmdval))
    fork.show("table T: struct page", "%#x (pfn %#x)" % (fork.ulong(page), table_pfn))
    fork.show("T's entry for dst", "%#x (none)" % entries[idx])
    fork.show("src pte", "%#x (page pfn %#x)" % (orig_src, src_pfn))
    fork.show("mover holds", ", ".join(n for n, _ in fork.held_locks()))
    expect(MOVER in names, "the window sits in %s()" % MOVER)
    expect(fork.cpu() == 0, "the mover runs on CPU0")
    expect(mover["comm"].string() == "ptmove", "the mover is ptmove")
    expect(fork.ulong(s["addr"]) == DST_ADDR, "the window is armed for dst %#x" % DST_ADDR)
    expect(pmdval != 0 and fork.entry_pfn(pmdval) == table_pfn, "P points to the mapped table T")
    expect(fork.read_ulong(pmdp) == pmdval, "the live dst pmd still equals P")
    expect(fork.page_is_table(page), "T is a page table")
    expect(not any(entries), "T exists and all its 512 entries are none")
    expect(orig_src != 0 and orig_src & 1, "the src page is present")
    expect(fork.holds_named("rcu_read_lock"), "the mover holds the RCU read lock")
    expect(not fork.holds(ptl), "the mover does not hold T's ptl")

    yield

    if TODAY:
        yield from fork.pt_reclaim_steps(
            w, "uffd_move", "the mover",
            "madvise(MADV_DONTNEED) zaps dst's whole 2 MiB: zap_pte_range() may reclaim T",
            "zap_pte_range() found T all none, cleared the pmd -> pte_free_tlb(T): freed after a grace period")
    else:
        yield from reclaim_steps(pmdp, pmdval, page, table_pfn)

    bp_recheck = gdb.Breakpoint("ptlab_recheck")
    bp_unlock = gdb.Breakpoint("double_pt_unlock")
    bp_unlock.enabled = False

    # Step 4: window released; double_pt_lock(); the guard.
    stop = cont_to("ptlab_recheck", lambda: MOVER in fork.frames())
    expect(stop == "ptlab_recheck", "next stop: the mover's guard after double_pt_lock() (got %s)" % stop)
    bp_recheck.enabled = False
    me = fork.current_task()
    live = fork.read_ulong(pmdp)
    dst_now = fork.table_entries(table_pfn)[idx]
    src_now = pte_of(mm, SRC_ADDR)
    src_same = src_now == orig_src
    dst_same = dst_now == 0
    pmd_same = live == pmdval
    fork.step(4, "window released: CPU%d double_pt_lock(T's ptl, src ptl); the guard" % fork.cpu())
    fork.show("mover holds", ", ".join(n for n, _ in fork.held_locks()))
    fork.show("pte_same(src)", "%#x vs %#x -> %s" % (src_now, orig_src, "same" if src_same else "CHANGED"))
    fork.show("pte_same(dst)", "%#x vs %#x -> %s  <- none vs none" % (dst_now, 0, "same" if dst_same else "CHANGED"))
    fork.show("pmd_same(P, *dst_pmd)", "%s vs %s -> %s" % (fork.pmd_text(pmdval), fork.pmd_text(live),
                                                         "same" if pmd_same else "CHANGED"))
    fork.show("checked on this kernel", "pte_same(src), pte_same(dst)" + ("" if dummy else ", pmd_same(dst)"))
    expect(fork.ulong(me.address) == mover_addr, "the same mover task resumed")
    expect(fork.holds(ptl), "the mover holds T's ptl (T still allocated: same lock)")
    expect(src_same, "pte_same(src) holds: the source page is still there")
    expect(dst_same, "pte_same(dst) holds: none vs none, although T was detached")
    expect(not pmd_same, "pmd_same(P, *dst_pmd) would fail: P vs 0")

    yield

    # Step 5: the verdict, read from what the site stored.
    bp_unlock.enabled = True
    stop = cont_to("double_pt_unlock", lambda: fork.ulong(fork.current_task().address) == mover_addr)
    expect(stop == "double_pt_unlock", "next stop: double_pt_unlock() (got %s)" % stop)
    bp_unlock.enabled = False
    s = site()
    entries = fork.table_entries(table_pfn)
    live = fork.read_ulong(pmdp)
    if dummy:
        fork.step(5, "guard passed (pte_same() only): set_pte_at() wrote the page into T, which left the pmd")
    else:
        fork.step(5, "guard failed (pmd_same()): nothing written, -EAGAIN")
    fork.show("site: last_same", int(s["last_same"]))
    fork.show("site: pmd_at_recheck", fork.pmd_text(fork.ulong(s["pmd_at_recheck"]["pmd"])))
    fork.show("T's entry for dst", "%#x" % entries[idx])
    fork.show("*dst_pmd", fork.pmd_text(live))
    fork.show("src pte", "%#x" % pte_of(mm, SRC_ADDR))
    expect(fork.ulong(s["pmd_at_recheck"]["pmd"]) == 0, "the site saw the live dst pmd at 0")
    expect(live == 0, "dst's pmd is still 0 when the locks drop")
    if dummy:
        expect(int(s["last_same"]) == 1, "the guard said 'same'")
        expect(entries[idx] & 1 and fork.entry_pfn(entries[idx]) == src_pfn,
               "T's entry now maps the source page (pfn %#x)" % src_pfn)
        expect(pte_of(mm, SRC_ADDR) == 0, "the source pte is cleared")
        expect(int(s["detached_walks"]) == 1 and int(s["recheck_failures"]) == 0,
               "ptlab counts one write into a detached table, no failed recheck")
    else:
        expect(int(s["last_same"]) == 0, "the guard said 'changed'")
        expect(not any(entries), "T is still all none: nothing written into it")
        expect(pte_of(mm, SRC_ADDR) == orig_src, "the source pte is untouched")
        expect(int(s["recheck_failures"]) == 1 and int(s["detached_walks"]) == 0,
               "ptlab counts one failed recheck, no write into a detached table")

    yield

    # Step 6 (lab kernel): the retry on a new table; step 7: T freed.  On
    # the lab kernel the two may stop in either order (RCU decides when the
    # grace period ends): both are read when they stop, printed in order.
    if TODAY:
        bp_free = fork.BatchFreeing(page)
        freeing = "tlb_remove_table_rcu"
    else:
        bp_free = fork.break_table_free("pte_free_now", page)
        freeing = "pte_free_now"
    want = {freeing}
    if not dummy:
        bp_move = gdb.Breakpoint("folio_move_anon_rmap")
        want.add("folio_move_anon_rmap")
    seen = {}
    while want:
        stop = fork.cont()
        if stop not in want:
            expect(False, "unexpected stop %s" % stop)
            break
        want.discard(stop)
        if stop == "folio_move_anon_rmap":
            bp_move.enabled = False
            seen[stop] = {"new": fork.read_ulong(pmdp), "hits": int(site()["hits"]),
                          "names": fork.frames()}
        else:
            bp_free.enabled = False
            seen[stop] = {"names": fork.frames(), "entries": fork.table_entries(table_pfn)}
    if "folio_move_anon_rmap" in seen:
        r = seen["folio_move_anon_rmap"]
        fork.step(6, "move_pages() retried: a new table at dst, the guard passes, the page moves")
        fork.show("*dst_pmd now", fork.pmd_text(r["new"]))
        fork.show("call chain", " <- ".join(r["names"][:3]))
        expect(r["new"] != 0 and fork.entry_pfn(r["new"]) != table_pfn, "dst's pmd points to a new table, not T")
        expect(MOVER in r["names"], "the move is %s()'s retry" % MOVER)
        expect(r["hits"] == 1, "the retry did not open the window again")
        if freeing in seen:
            yield    # one 'lab-next' per step, though both stops are behind us
    if freeing in seen:
        r = seen[freeing]
        used = sum(1 for e in r["entries"] if e)
        fork.step(7, "grace period over: %s" % ("tlb_remove_table_rcu() frees T's batch" if TODAY
                                                  else "pte_free_now(T) frees T"))
        fork.show("call chain", " <- ".join(r["names"][:2]))
        fork.show("T's entries before the free", "%d non-zero" % used)
        expect("rcu_do_batch" in r["names"], "%s() runs from rcu_do_batch()" % freeing)
        if dummy:
            expect(used == 1 and fork.entry_pfn(r["entries"][idx]) == src_pfn,
                   "T is freed while it still maps the moved page: nothing will ever unmap it")
        else:
            expect(used == 0, "T is freed all none, as the reclaimer left it")

    yield

    if interactive:
        return
    fork.run_to_exit()
    log = fork.console_log()
    lines = log.splitlines()
    fork.step("end", "the guest's view, and the kernel's report")
    for line in lines:
        if line.startswith("ptmove: "):
            fork.show("console", line)
        elif RSS_REPORT.search(line):
            # the mm's address is a hashed %p: different on every run
            # and on 7.x the pid of the task that freed it differs too
            line = re.sub(r"\bmm:\S+", "mm:<hashed>", line.split("] ", 1)[-1])
            fork.show("console", re.sub(r"Pid:\d+", "Pid:<pid>", line))
    expect("ptmove: A: UFFDIO_MOVE = 0, moved 4096 bytes" in log, "UFFDIO_MOVE reports success, 4096 bytes moved")
    expect("ptmove: src reads 0/4096 pattern bytes, 4096 zero bytes" in log,
           "the source reads zeros: its page was moved away")
    rss = [l for l in lines if RSS_REPORT.search(l)]
    if dummy:
        expect("ptmove: dst reads 0/4096 pattern bytes, 4096 zero bytes: THE PAGE IS LOST" in log,
               "dst reads 4096 zero bytes: the pattern is lost")
        expect(len(rss) == 1, "the kernel reports the leak when the mm is freed: "
               "BUG: Bad rss-counter state ... MM_ANONPAGES val:1")
    else:
        expect("ptmove: dst reads 4096/4096 pattern bytes, 0 zero bytes: the page arrived" in log,
               "dst reads the pattern: the page arrived")
        expect(not rss, "no rss-counter report")
    expect("lab: done" in log, "the guest script ran to its end")
    # Every other kernel report fails the lab, on both kernels.
    fork.expect_clean_console("\n".join(l for l in lines if not RSS_REPORT.search(l)))


# The kernel each variant's steps are written for (scripts/lab.sh builds it).
WANTS = {
    "dummy": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_DST_DUMMY": "y"},
    "live": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_DST_DUMMY": None},
}

fork.lab_main(steps, FIRST_STOP, "lab 5 (UFFDIO_MOVE vs the reclaimer, %s kernel)" % VARIANT,
              VARIANT, WANTS.get(VARIANT, {"LAB_VARIANT is dummy or live, not " + VARIANT: "y"}))
