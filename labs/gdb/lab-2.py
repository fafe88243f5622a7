# SPDX-License-Identifier: GPL-2.0
# Lab 2, read-only (Documentation/mm/pte-nolock/lab-2-ro.rst).
#
# ptreader mlock()s a hole of its ramfs mapping; filemap_fault() calls
# filemap_fault_recheck_pte_none(), which maps the PTE table with
# pte_offset_map_ro_nolock() and, in the lab kernel, stops in the ptlab
# window.  GDB shows what the reader holds there (RCU, not the table's
# lock), what it reads (a none pte), and that it never writes; the window
# is never released, so it ends by its 500 ms timeout and the reader goes
# on by itself.

import gdb
import fork

ADDR = 0x10000000000
PAGE1 = ADDR + 4096
FIRST_STOP = fork.window_break()


def steps(interactive=False):
    bp = fork.breakpoint_once(FIRST_STOP)
    expect = fork.expect

    fork.next_stop(fork.WINDOW, "first stop is the ptlab window", bp)
    fork.set_lab_site("filemap_recheck")
    s = fork.ptlab_site("filemap_recheck")
    names = fork.frames()
    task = fork.current_task()
    table_pfn = fork.ulong(s["table_pfn"])
    page = fork.pfn_to_page(table_pfn)
    ptl = fork.ptdesc_ptl(fork.page_ptdesc(page))
    walk = fork.walk(task["mm"], PAGE1)
    pmd = [lvl for lvl in walk if lvl["level"] == "pmd"][0]
    pte = walk[-1]
    locks = [n for n, _ in fork.held_locks()]
    fork.step(1, "ptreader's fault maps the table with pte_offset_map_ro_nolock()")
    # Not the CPU: ptreader is not pinned, and either CPU may take the fault.
    fork.show("reader", "pid %d (%s)" % (int(task["pid"]), fork.current_comm()))
    fork.show("call chain", " <- ".join(names[:7]))
    fork.show("table T", "pfn %#x, struct page %#x" % (table_pfn, fork.ulong(page)))
    fork.show("pmd entry", fork.pmd_text(pmd["entry"]))
    fork.note("pmdval: not reported; the ro helper hands back no pmd value")
    fork.show("pte of page 1", "%#x (none: a hole)" % pte["entry"])
    fork.show("reader holds", ", ".join(locks))
    expect("filemap_fault_recheck_pte_none" in names and "filemap_fault" in names,
           "the window sits in filemap_fault_recheck_pte_none(), called by filemap_fault()")
    expect(any(n.startswith("populate") or n == "__mm_populate" or n == "__get_user_pages" for n in names),
           "the fault comes from mlock()'s populate")
    expect(fork.current_comm() == "ptreader", "the reader is ptreader")
    expect(fork.entry_pfn(pmd["entry"]) == table_pfn, "the live pmd points to the mapped table T")
    expect(pte["entry"] == 0, "the pte of page 1 is none")
    expect("rcu_read_lock" in locks, "the reader holds the RCU read lock (taken by the map)")
    expect(any("mmap_lock" in n for n in locks), "and the mmap_lock (mlock populates under it)")
    expect(not fork.holds(ptl), "but not T's ptl: ro readers may read without it")
    yield

    fork.step(2, "why reading T is safe even if T were detached now")
    fork.show("T is a page table", fork.page_is_table(page))
    fork.show("reader in an RCU section", fork.holds_named("rcu_read_lock"))
    fork.note("a detached T is freed by pte_free_defer() -> call_rcu(pte_free_now) (lab 3, step 4),")
    fork.note("so not before this reader leaves its RCU section; the reader tests pte_none(),")
    fork.note("then tests it again under ptl, and never writes an entry: a stale 'none' only")
    fork.note("sends the fault on")
    expect(fork.page_is_table(page), "T is a live page table while the reader holds it")
    yield

    bp_read = gdb.Breakpoint("simple_read_folio")
    stop = fork.cont()
    bp_read.enabled = False
    s = fork.ptlab_site("filemap_recheck")
    names = fork.frames()
    fork.step(3, "the window times out; the recheck returns 0 and the fault reads the page in")
    fork.show("call chain", " <- ".join(names[:6]))
    expect(stop == "simple_read_folio" and "filemap_fault" in names,
           "next stop: filemap_fault() reading page 1 in (ramfs simple_read_folio()): "
           "the recheck did not return VM_FAULT_NOPAGE (got %s)" % stop)
    expect(fork.current_comm() == "ptreader", "still ptreader's fault")
    counters = dict((k, int(s[k])) for k in ("hits", "recheck_failures", "timeouts", "detached_walks"))
    fork.show("ptlab counters", counters)
    fork.show("reader holds now", ", ".join(n for n, _ in fork.held_locks()))
    expect(counters["hits"] == 1 and counters["timeouts"] == 1,
           "one window, ended by its timeout, counted")
    expect(int(s["state"]) == 0, "the site is idle again")
    expect(not fork.holds(ptl) and not fork.holds_named("rcu_read_lock"),
           "T's ptl and the RCU read lock are dropped (pte_unmap())")
    yield

    if interactive:
        return
    fork.expect_guest_finished([
        ("ptreader: page 1 faulted in by mlock(), reads 0", "the fault completed normally"),
        ("bad writes refused with EINVAL and a reason, state unchanged; concurrent use ok",
         "ptlab's debugfs refused every bad write with EINVAL and a reason, unchanged, "
         "and survived concurrent use"),
    ])


fork.lab_main(steps, FIRST_STOP, "lab 2 (read-only)")
