# SPDX-License-Identifier: GPL-2.0
# Lab 6, what the recheck cannot see (Documentation/mm/pte-nolock/
# lab-6-lock-identity.rst), on 7.3 only: try_collapse_pte_mapped_thp()
# drops the table's lock after step 2 and retakes it in step 4, and
# without split PTE locks that lock is the pmd lock.
#
# CPU 0: ptcollapse-race's thread 1, MADV_COLLAPSE of a PTE-mapped shmem
#        THP: step 2 has cleared the 512 entries of T and dropped the lock;
#        it spins in the ptlab window before step 4's pmd_lock().
# CPU 1: thread 2, MADV_DONTNEED of the same 2 MiB: zap_pte_range() finds T
#        empty, clears the pmd and frees T (PT_RECLAIM).
# Then the window is released and step 4 decides.
#
# LAB_VARIANT (set by scripts/lab-check.sh) says which kernel this is; both
# have NR_CPUS=2, so no split page-table locks:
# "lockptr": CONFIG_PTLAB_LOCKPTR_RECHECK, 7.3.4's step 4, which rechecks
#            only if ptl != pml: it collapses the none pmd, frees the page
#            at pfn 0 as a page table, and the kernel reports it;
# "fixed":   the fork's patches/7.3/0003: the recheck fails, the collapse
#            gives up (EINVAL).

import os
import re

import gdb
import fork

VARIANT = os.environ.get("LAB_VARIANT", "lockptr")
RACE_ADDR = 0x50000000000       # labs/guest/ptcollapse-race.c
FIRST_STOP = fork.window_break()
BAD_PAGE = re.compile(r"BUG: Bad page state in process \S+ +pfn:00000$")
PGTABLES = re.compile(r"BUG: non-zero pgtables_bytes on freeing mm: -4096$")


def site():
    return fork.ptlab_site("khugepaged_collapse")


def config_lines(names):
    """The lines of the booted kernel's .config (next to the vmlinux GDB
    loaded) that set or unset the options in names."""
    path = os.path.join(fork.kernel_dir(), ".config")
    if not os.path.exists(path):
        return None
    want = re.compile(r"^(# )?(%s)[= ]" % "|".join(names))
    with open(path) as f:
        return [line.strip() for line in f if want.match(line)]


def page_table_lock(mm):
    return mm["page_table_lock"].address


def steps(interactive=False):
    expect = fork.expect
    unfixed = VARIANT == "lockptr"
    bp_hold = fork.breakpoint_once(FIRST_STOP)

    # Step 1: thread 1 emptied T in step 2, dropped the lock, and waits.
    w = fork.Window("khugepaged_collapse", bp_hold)
    me, me_addr, mm = w.task, w.task_addr, w.mm
    pmdval, pmdp, table_pfn, page = w.pmdval, w.pmdp, w.table_pfn, w.page
    mm_lock = page_table_lock(mm)
    fork.label_lock("&mm->page_table_lock (pml and ptl)", mm_lock)
    names = fork.frames()
    entries = fork.table_entries(table_pfn)
    config = config_lines(["CONFIG_NR_CPUS", "CONFIG_SPLIT_PTE_PTLOCKS"])
    fork.step(1, "CPU%d: MADV_COLLAPSE emptied T in step 2 and dropped its lock; step 4 is next" % fork.cpu())
    fork.show("collapser", "pid %d (%s) on CPU%d" % (int(me["pid"]), me["comm"].string(), fork.cpu()))
    fork.show("call chain", " <- ".join(names[:6]))
    fork.show("pmd entry at", "%#x" % pmdp)
    fork.show("pgt_pmd = P", fork.pmd_text(pmdval))
    fork.show("table T: struct page", "%#x (pfn %#x)" % (fork.ulong(page), table_pfn))
    fork.show("T's entries", "%d non-zero" % sum(1 for e in entries if e))
    fork.show("kernel .config", ", ".join(config or ["(not found)"]))
    fork.show("ptl and pml", "both &mm->page_table_lock (%#x)" % fork.ulong(mm_lock))
    fork.show("collapser holds", ", ".join(n for n, _ in fork.held_locks()))
    expect("try_collapse_pte_mapped_thp" in names, "the window sits in try_collapse_pte_mapped_thp()")
    expect("madvise_collapse" in names, "reached from madvise(MADV_COLLAPSE)")
    expect(fork.cpu() == 0, "the collapser runs on CPU0")
    expect(pmdval != 0 and fork.entry_pfn(pmdval) == table_pfn, "P points to the mapped table T")
    expect(fork.read_ulong(pmdp) == pmdval, "the live pmd still equals P")
    expect(not any(entries), "step 2 cleared all 512 entries of T")
    expect(config is not None and "CONFIG_NR_CPUS=2" in config and
           "CONFIG_SPLIT_PTE_PTLOCKS=y" not in config,
           "NR_CPUS=2, no split PTE locks: pte_lockptr() is &mm->page_table_lock, as pmd_lockptr() is")
    expect(fork.holds_named("rcu_read_lock"), "the collapser holds the RCU read lock of the map")
    expect(not fork.holds(mm_lock), "the collapser holds no page-table lock: step 2 dropped it")

    yield

    yield from fork.pt_reclaim_steps(
        w, "khugepaged_collapse", "the collapser",
        "madvise(MADV_DONTNEED) of the whole 2 MiB: zap_pte_range() finds T empty",
        "the pmd cleared under &mm->page_table_lock -> pte_free_tlb(T), mm_dec_nr_ptes()")

    bp_seen = gdb.Breakpoint("ptlab_recheck_seen")

    # Step 4: the window released; step 4 takes pml and decides.
    fork.next_stop("ptlab_recheck_seen", "next stop: step 4's decision, reported to ptlab", bp_seen)
    s = site()
    live = fork.read_ulong(pmdp)
    fork.step(4, "window released: CPU%d pmd_lock() = &mm->page_table_lock, the lock step 2 dropped" % fork.cpu())
    fork.show("collapser holds", ", ".join(n for n, _ in fork.held_locks()))
    fork.show("ptl == pml", "yes: the recheck %s" % ("is skipped (if (ptl != pml))" if unfixed else "runs all the same"))
    fork.show("pmd_same(P, *pmd)", "%s vs %s -> %s" % (fork.pmd_text(pmdval), fork.pmd_text(live),
                                                     "same" if live == pmdval else "CHANGED"))
    fork.show("site: last_same", int(s["last_same"]))
    expect(fork.ulong(fork.current_task().address) == me_addr, "the same collapser task resumed")
    expect(fork.holds(mm_lock), "the collapser holds &mm->page_table_lock (ptl and pml at once)")
    expect(live == 0, "the pmd is still 0")
    if unfixed:
        expect(int(s["last_same"]) == 1, "step 4 went ahead without a recheck")
    else:
        expect(int(s["last_same"]) == 0, "step 4's recheck failed")

    yield

    pfn0 = fork.pfn_to_page(0)
    if unfixed:
        bp_flush = gdb.Breakpoint("pmdp_collapse_flush")
        bp_flush.condition = "pmdp == (pmd_t *)%#x" % pmdp
        bp_defer = fork.break_table_free("pte_free_defer", pfn0)

        # Step 5: the collapse of a none pmd.
        fork.next_stop("pmdp_collapse_flush", "next stop: pmdp_collapse_flush() of the cleared pmd", bp_flush)
        fork.step(5, "CPU0: pmdp_collapse_flush() of a pmd that is already 0")
        fork.show("*pmd", fork.pmd_text(fork.read_ulong(pmdp)))
        expect(fork.read_ulong(pmdp) == 0, "step 4 clears a pmd that MADV_DONTNEED already cleared")

        yield

        fork.next_stop("pte_free_defer", "next stop: pte_free_defer() of pmd_pgtable(0)", bp_defer)
        fork.step(6, "CPU0: mm_dec_nr_ptes() a second time; pte_free_defer(mm, pmd_pgtable(0))")
        fork.show("pgtable", "%#x: struct page of pfn 0, not T (%#x)" % (fork.ulong(gdb.parse_and_eval("pgtable")),
                                                                        fork.ulong(page)))
        expect(fork.ulong(gdb.parse_and_eval("pgtable")) == fork.ulong(pfn0),
               "the page queued for freeing as a page table is pfn 0's")

        yield

    # Step 7: T itself is freed once, after the grace period.
    bp_batch = fork.BatchFreeing(page)
    fork.next_stop("tlb_remove_table_rcu", "next stop: the RCU free of T's batch", bp_batch)
    s = site()
    counters = dict((k, int(s[k])) for k in ("hits", "recheck_failures", "detached_walks"))
    fork.step(7, "grace period over: tlb_remove_table_rcu() frees T, once")
    fork.show("call chain", " <- ".join(fork.frames()[:2]))
    fork.show("ptlab counters", counters)
    expect("rcu_do_batch" in fork.frames(), "from rcu_do_batch()")
    if unfixed:
        expect(counters == {"hits": 1, "recheck_failures": 0, "detached_walks": 1},
               "ptlab counts one window and one collapse of a table no longer installed")
    else:
        expect(counters == {"hits": 1, "recheck_failures": 1, "detached_walks": 0},
               "ptlab counts one window and one failed recheck")

    yield

    if interactive:
        return
    fork.run_to_exit()
    log = fork.console_log()
    lines = log.splitlines()
    fork.step("end", "the guest's view, and the kernel's report")
    # the guest's lines, then the kernel's: the two interleave differently
    # from run to run
    reports = []
    for line in lines:
        text = line.split("] ", 1)[-1]
        if text.startswith("ptcollapse-race: thread"):
            fork.show("console", text)
        elif BAD_PAGE.search(text) or PGTABLES.search(text):
            reports.append(text)
    for text in reports:
        fork.show("console", re.sub(r"process \S+ +", "process <comm> ", text))
    bad_page = [r for r in reports if BAD_PAGE.search(r)]
    pgtables = [r for r in reports if PGTABLES.search(r)]
    expect("ptcollapse-race: thread 2: MADV_DONTNEED = 0 while thread 1 was in the window" in log,
           "MADV_DONTNEED ran while the collapser was in the window")
    if unfixed:
        expect("ptcollapse-race: thread 1: MADV_COLLAPSE = 0 (ok)" in log,
               "MADV_COLLAPSE reports success")
        expect(len(bad_page) == 1, "the kernel reports freeing pfn 0: BUG: Bad page state ... pfn:00000")
        expect(len(pgtables) == 1, "and, when the mm goes, BUG: non-zero pgtables_bytes on freeing mm: -4096")
        rest = "\n".join(l for l in lines if not (BAD_PAGE.search(l) or PGTABLES.search(l)))
        # the bad-page report's own lines; nothing else may appear
        expect(not re.search(r"kernel BUG|Oops|Kernel panic|KASAN|WARNING:", rest),
               "no other kind of kernel report (no oops, panic, WARNING)")
    else:
        expect("ptcollapse-race: thread 1: MADV_COLLAPSE = -1 (EINVAL)" in log,
               "MADV_COLLAPSE gives up: EINVAL")
        expect(not reports, "no bad page, no pgtables_bytes report")
        fork.expect_clean_console(log)
    expect("lab: done" in log, "the guest script ran to its end")


# The kernel each variant's steps are written for (scripts/lab.sh builds it).
WANTS = {
    "lockptr": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_LOCKPTR_RECHECK": "y"},
    "fixed": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_LOCKPTR_RECHECK": None},
}

fork.lab_main(steps, FIRST_STOP, "lab 6 (lock identity, %s kernel)" % VARIANT,
              VARIANT, WANTS.get(VARIANT, {"LAB_VARIANT is lockptr or fixed, not " + VARIANT: "y"}))
