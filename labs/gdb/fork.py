# SPDX-License-Identifier: GPL-2.0
"""The fork's small GDB helpers, loaded after the kernel's vmlinux-gdb.py.

Batch checks use expect() and finish(): every failed expectation is
printed as "FAIL: ..." and makes finish() exit GDB with status 1, so a
check cannot pass by accident.
"""

import os

import gdb

_failures = []

# The recipe whose kernel this is (scripts/lab-lib.sh): "6.12" or "7.3".
# The labs' per-version lines read it; nothing else differs.
RECIPE = os.environ.get("LAB_RECIPE", "6.12")


def expect(ok, what):
    """Record one assertion of a lab check, and print it as it happens."""
    print(("PASS: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        _failures.append(what)
    return ok


def finish():
    """Kill the guest and leave GDB with 0 only if every expectation held."""
    try:
        gdb.execute("kill", to_string=True)
    except gdb.error:
        pass
    status = 1 if _failures else 0
    print("fork-gdb: %d failed expectation(s)" % len(_failures), flush=True)
    gdb.execute("quit %d" % status)


def run_until_stop(timeout_hint=""):
    """Continue the guest; return when any breakpoint stops it."""
    gdb.execute("continue", to_string=True)


def current_comm():
    """The comm of the task running on the stopped CPU (uses lx_current)."""
    task = current_task()
    return task["comm"].string()


# ---------------------------------------------------------------------------
# Helpers for the labs (labs/gdb/lab-*.py).  x86-64, 4- or 5-level paging.
#
# They build on the kernel's own scripts/gdb/linux/ where 6.12 has what
# the labs need:
# - the page-table walk is pgtable.py's, the code behind translate-vm
#   (walk() below only names its levels and starts it from an mm);
# - the direct map's base is pgtable.py's _page_offset_base();
# - struct page is utils.get_page_type().
# 6.12's mm.py page ops (pfn_to_page(), page_to_pfn(), page_address(),
# the lx-pfn_to_page command) would be the place for pfn <-> struct page,
# but page_ops() there supports aarch64 only ("Only support aarch64 now";
# lab 1 shows it).  So on x86 pfn_to_page() evaluates the kernel's own
# x86 definition, vmemmap = (struct page *)vmemmap_base, on the running
# kernel's variable (arch/x86/include/asm/pgtable_64_types.h); nothing
# here hard-codes a base address.

import os
import re

from linux import mm as lx_mm
from linux import pgtable as lx_pgtable
from linux import utils as lx_utils

PAGE_SHIFT = 12
PTRS_PER_TABLE = 512
PTE_PFN_MASK = 0x000FFFFFFFFFF000       # physical address bits of an entry
ULONG = (1 << 64) - 1


def ulong(value):
    """A gdb.Value (or int) as a Python int, without the sign."""
    return int(value) & ULONG


def page_offset_base():
    """Where the kernel's direct map of physical memory starts
    (scripts/gdb/linux/pgtable.py reads it the same way)."""
    return ulong(lx_pgtable._page_offset_base())


def kernel_page_ops():
    """The kernel's mm.py page ops for this target, or the GDB error that
    says why there are none (6.12: aarch64 only)."""
    try:
        return lx_mm.page_ops().ops, None
    except gdb.GdbError as err:
        return None, str(err)


def l5_enabled():
    """True when the guest runs with 5-level paging (CR4.LA57), the test
    translate-vm makes."""
    return bool(ulong(gdb.parse_and_eval("$cr4")) & (1 << 12))


def entry_pfn(entry):
    """The page frame an entry (pgd/p4d/pud/pmd/pte value) points to."""
    return (ulong(entry) & PTE_PFN_MASK) >> PAGE_SHIFT


def phys_to_virt(phys):
    """__va(): the direct-map address of a physical address."""
    return page_offset_base() + phys


def pfn_to_page(pfn):
    """struct page * of a pfn, as a gdb.Value: the kernel's page ops where
    6.12 has them, else x86's vmemmap + pfn on the kernel's vmemmap_base."""
    ops, _ = kernel_page_ops()
    if ops is not None:
        return ops.pfn_to_page(pfn)
    page_p = lx_utils.get_page_type().pointer()
    return (gdb.parse_and_eval("vmemmap_base").cast(page_p) + pfn)


def page_to_pfn(page):
    ops, _ = kernel_page_ops()
    if ops is not None:
        return ops.page_to_pfn(page)
    page_p = lx_utils.get_page_type().pointer()
    base = gdb.parse_and_eval("vmemmap_base").cast(page_p)
    return int(gdb.Value(ulong(page)).cast(page_p) - base)


def page_ptdesc(page):
    """The struct ptdesc overlaying a page-table page (same address)."""
    return gdb.Value(ulong(page)).cast(
        gdb.lookup_type("struct ptdesc").pointer())


def ptdesc_ptl(ptdesc):
    """The split page-table lock of a ptdesc (a pointer when ALLOC_SPLIT_PTLOCKS)."""
    ptl = ptdesc["ptl"]
    if ptl.type.code == gdb.TYPE_CODE_PTR:
        return ptl
    return ptl.address


def read_ulong(addr):
    """The 64-bit value at kernel virtual address addr."""
    ptr = gdb.Value(addr).cast(gdb.lookup_type("unsigned long").pointer())
    return ulong(ptr.dereference())


# pgtable.py numbers the levels as x86 does (5 or 4 down to 1); the kernel's
# C names them.  With 4 levels the p4d is folded into the pgd.
_LEVEL_NAMES = {5: ["pgd", "p4d", "pud", "pmd", "pte"], 4: ["pgd", "pud", "pmd", "pte"]}
_LEVEL_SHIFT = {5: 48, 4: 39, 3: 30, 2: 21, 1: 12}


def walk(mm, addr):
    """Walk mm's page tables down to addr's pte, the way pgd_offset() ...
    pte_offset_kernel() do.  Returns a list of dicts, one per level:
    level, index, table (virtual address of the table), entry_addr, entry,
    folded.  Stops early at a none entry or a leaf.

    The walk itself is the kernel's scripts/gdb/linux/pgtable.py (what
    translate-vm prints), started from mm->pgd instead of CR3, so that it
    works for any mm.  What this adds, and translate-vm does not print: the
    kernel's names of the levels (and the folded p4d), each level's index,
    and the kernel virtual address of each table: the pmd entry's address
    and the table's are what the nolock helpers are about."""
    levels = 5 if l5_enabled() else 4
    names = _LEVEL_NAMES[levels]
    pgd_phys = ulong(mm["pgd"]) - page_offset_base()
    entry = lx_pgtable.Cr3(pgd_phys, levels).next_entry(addr)
    steps = []
    while entry is not None:
        level = entry.page_hierarchy_level
        index = (addr >> _LEVEL_SHIFT[level]) & (PTRS_PER_TABLE - 1)
        entry_addr = ulong(entry.address)
        steps.append({"level": names[levels - level], "index": index,
                      "table": entry_addr - 8 * index, "entry_addr": entry_addr,
                      "entry": ulong(entry.page_entry_binary_data), "folded": False})
        if levels == 4 and level == 4:
            # p4d_offset() returns the pgd entry itself
            steps.append(dict(steps[-1], level="p4d", folded=True))
        entry = entry.next_entry(addr)
    return steps


def current_task():
    """The task_struct running on the stopped CPU (the kernel's $lx_current()).

    Up to 6.x the kernel's GDB scripts return the task_struct itself; 7.x's
    return a pointer to it.  Either way this returns the struct."""
    task = gdb.parse_and_eval("$lx_current()")
    if task.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        task = task.dereference()
    return task


def held_locks(task=None):
    """Names and lockdep_map addresses of the locks lockdep says task holds."""
    if task is None:
        task = current_task()
    locks = []
    for i in range(int(task["lockdep_depth"])):
        inst = task["held_locks"][i]["instance"]
        name = inst["name"]
        locks.append((name.string() if ulong(name) else "?", ulong(inst)))
    return locks


# The spinlocks a lab has named ("pml", "T's ptl"): label -> lock address.
_lock_labels = {}


def label_lock(label, lock_ptr):
    """Name the spinlock at lock_ptr, for held_lock_names() and lab-locks."""
    _lock_labels[label] = ulong(lock_ptr)


def spinlock_map(lock_addr):
    """The lockdep_map address of the spinlock at lock_addr (what lockdep
    records for a held spinlock: &lock->rlock.dep_map, not the lock)."""
    lock = gdb.Value(lock_addr).cast(gdb.lookup_type("spinlock_t").pointer())
    return ulong(lock.dereference()["rlock"]["dep_map"].address)


def held_lock_names(task=None):
    """The locks task holds, in the order it took them: a lock the lab has
    named (label_lock()) as "label 0xLOCK", any other by its lockdep name."""
    labels = dict((spinlock_map(addr), "%s %#x" % (label, addr))
                  for label, addr in _lock_labels.items())
    return [labels.get(addr, name) for name, addr in held_locks(task)]


class _LabLocks(gdb.Command):
    """lab-locks: the locks the task on this CPU holds, per lockdep.
    Locks the lab has named (pml, T's ptl) show their name and the lock's
    own address, which the step lines print; others their lockdep name and
    the address of their lockdep map."""

    def __init__(self):
        super().__init__("lab-locks", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        labels = dict((spinlock_map(addr), (label, addr)) for label, addr in _lock_labels.items())
        task = current_task()
        print("%s (pid %d) on CPU%d holds:" % (task["comm"].string(), int(task["pid"]), cpu()))
        for name, addr in held_locks(task):
            if addr in labels:
                label, lock = labels[addr]
                print("  %-28s lock %#x (lockdep: %s)" % (label, lock, name))
            else:
                print("  %-28s lockdep map %#x" % (name, addr))


_LabLocks()


def task_at(addr):
    """The task_struct at addr, read afresh."""
    return gdb.Value(addr).cast(
        gdb.lookup_type("struct task_struct").pointer()).dereference()


def holds(lock_ptr, task=None):
    """True when task holds the spinlock at lock_ptr (per lockdep)."""
    want = ulong(lock_ptr.dereference()["rlock"]["dep_map"].address)
    return any(addr == want for _, addr in held_locks(task))


def holds_named(name, task=None):
    return any(n == name for n, _ in held_locks(task))


def frames():
    """Function names from the selected frame outwards."""
    names = []
    frame = gdb.selected_frame()
    while frame is not None and len(names) < 64:
        names.append(frame.name() or "??")
        try:
            frame = frame.older()
        except gdb.error:
            break
    return names


def find_frame(name):
    """The innermost frame of function name, or None."""
    frame = gdb.newest_frame()
    while frame is not None:
        if frame.name() == name:
            return frame
        try:
            frame = frame.older()
        except gdb.error:
            return None
    return None


def cpu():
    """The CPU (GDB thread number minus one) that stopped."""
    return gdb.selected_thread().num - 1


def stop_name():
    """The function the guest stopped in, without a GCC clone suffix."""
    name = gdb.selected_frame().name() or "??"
    return name.split(".")[0]


def cont():
    """Continue; return the function of the breakpoint that stopped the
    guest, or None when the guest is gone (powered off)."""
    try:
        gdb.execute("continue", to_string=True)
    except gdb.error:
        return None
    if not gdb.selected_inferior().pid:
        return None
    try:
        return stop_name()
    except gdb.error:
        return None


def next_stop(function, what, bp=None):
    """Continue and expect the guest to stop in function (what: the
    expectation, to which the failure adds where it did stop); then disable
    bp, a breakpoint set for this one stop.  Returns the stop's function."""
    stop = cont()
    expect(stop == function, "%s (got %s)" % (what, stop))
    if bp is not None:
        bp.enabled = False
    return stop


def break_table_free(function, page):
    """A breakpoint on function (pte_free_defer or pte_free_now) that stops
    only for the PTE table whose struct page is at page."""
    bp = gdb.Breakpoint(function)
    if function == "pte_free_now":
        bp.condition = "head == &((struct page *)%#x)->rcu_head" % ulong(page)
    else:
        bp.condition = "pgtable == (struct page *)%#x" % ulong(page)
    return bp


# Where the labs' window spins (mm/ptlab.c).
WINDOW = "ptlab_hold"


def window_break():
    """The breakpoint location that stops in the window: the first
    instruction of ptlab_hold() that the line table gives to mm/ptlab.c.
    GCC gives the function's very first instruction, and the one after its
    prologue, to msecs_to_jiffies(), which it inlined there; a breakpoint on
    either would be reported on include/linux/jiffies.h, not on the window."""
    sym = gdb.lookup_static_symbol(WINDOW) or gdb.lookup_global_symbol(WINDOW)
    if sym is None or sym.symtab is None:
        return WINDOW
    start = ulong(sym.value().address)
    block = gdb.block_for_pc(start)
    while block is not None and block.function is None:
        block = block.superblock
    if block is None:
        return WINDOW
    pcs = [e.pc for e in sym.symtab.linetable() if start <= e.pc < block.end and e.line]
    return "*%#x" % min(pcs) if pcs else WINDOW


class Window:
    """The first stop of a lab, in ptlab_hold(): what the window's site
    recorded (mm/ptlab.c) and who is in it.  task: the task in the window
    (task_addr, its address, to know it again); mm: its mm; pmdval: P, the
    pmd value the table was mapped from; pmdp: the pmd entry's address;
    table_pfn and page: the table T."""

    def __init__(self, site_name, bp):
        stop = cont()
        expect(stop == WINDOW, "first stop is the ptlab window (got %s)" % stop)
        bp.enabled = False
        s = ptlab_site(site_name)
        set_lab_site(site_name)
        self.task = current_task()
        self.task_addr = ulong(self.task.address)
        self.mm = self.task["mm"]
        self.pmdval = ulong(s["pmdval"]["pmd"])
        self.pmdp = ulong(s["pmdp"])
        self.table_pfn = ulong(s["table_pfn"])
        self.page = pfn_to_page(self.table_pfn)


def pt_reclaim_steps(w, site_name, who, step2, step3):
    """Steps 2 and 3 of a lab whose table T (w, a Window) 7.x's own
    empty-table reclaim frees while who ("the mover", "the collapser")
    spins in the window: madvise(MADV_DONTNEED) on CPU1 reaches
    zap_pte_range() in w's mm, which clears the pmd and hands T to
    ___pte_free_tlb().  step2 and step3 are the steps' titles."""
    # zap_pte_range() is inlined: no pmd argument to test, but while the
    # window holds its task, only the lab's own madvise() zaps in that mm
    bp_zap = InMm("zap_pte_range", w.mm)
    bp_free_tlb = gdb.Breakpoint("___pte_free_tlb")
    bp_free_tlb.condition = "pte == (struct page *)%#x" % ulong(w.page)

    next_stop("zap_pte_range", "next stop: zap_pte_range() in the lab's mm", bp_zap)
    names = frames()
    step(2, "CPU%d: %s" % (cpu(), step2))
    show("call chain", " <- ".join(names[:6]))
    show("*pmd", pmd_text(read_ulong(w.pmdp)))
    show("ptlab state", "%d (window): %s still spins" % (int(ptlab_site(site_name)["state"]), who))
    expect(cpu() == 1, "the zapper runs on CPU1")
    expect(any(n.startswith("madvise") or n == "do_madvise" for n in names),
           "the zap runs from madvise()")
    expect(int(ptlab_site(site_name)["state"]) == PTLAB_WINDOW, "%s is still in the window" % who)
    expect(read_ulong(w.pmdp) == w.pmdval, "*pmd is still P")

    yield

    next_stop("___pte_free_tlb", "next stop: ___pte_free_tlb(T)", bp_free_tlb)
    names = frames()
    after = read_ulong(w.pmdp)
    step(3, "CPU1: %s" % step3)
    show("call chain", " <- ".join(names[:4]))
    show("*pmd now", pmd_text(after))
    show("T still a page table", page_is_table(w.page))
    expect("zap_pte_range" in names, "the kernel's own zap_pte_range() frees T (PT_RECLAIM)")
    expect(after == 0, "the pmd reads 0: T is detached")
    expect(page_is_table(w.page), "T stays allocated until the grace period ends")
    expect(int(ptlab_site(site_name)["state"]) == PTLAB_WINDOW,
           "%s is still in the window, under RCU" % who)

    yield


class InMm(gdb.Breakpoint):
    """A breakpoint that stops only in a task of the mm at mm_addr: for a
    function that the compiler inlined, whose arguments GDB cannot read."""

    def __init__(self, location, mm_addr):
        super().__init__(location)
        self.mm_addr = ulong(mm_addr)

    def stop(self):
        return ulong(current_task()["mm"]) == self.mm_addr


class BatchFreeing(gdb.Breakpoint):
    """7.x frees a page table that zap_pte_range() reclaimed through the
    mmu_gather: tlb_remove_table() collects it in a batch page, and
    tlb_remove_table_rcu() frees the whole batch after a grace period.
    This stops there only when the batch holds the table whose struct page
    (which is its struct ptdesc) is at page."""

    def __init__(self, page):
        super().__init__("tlb_remove_table_rcu")
        self.page = ulong(page)

    def stop(self):
        batch = gdb.parse_and_eval(
            "(struct mmu_table_batch *)((char *)head - "
            "(unsigned long)&((struct mmu_table_batch *)0)->rcu)")
        return any(ulong(batch["tables"][i]) == self.page
                   for i in range(int(batch["nr"])))


def run_to_exit():
    """Delete every breakpoint and let the guest run until it powers off."""
    gdb.execute("delete", to_string=True)
    while cont() is not None:
        pass


def expect_guest_finished(lines=()):
    """Let the guest run its script to the end, then expect in its console
    each (text, what) of lines, the script's "lab: done" and no kernel
    report (expect_clean_console())."""
    run_to_exit()
    log = console_log()
    for text, what in lines:
        expect(text in log, what)
    expect("lab: done" in log, "the guest script ran to its end")
    expect_clean_console(log)


# ---------------------------------------------------------------------------
# Transcripts.  What a lab prints for its reader is its transcript, and each
# line says where it comes from:
#   --- step N: title       a step heading: the script's words
#       label    value      a value GDB read from the guest (at most decoded:
#                           an entry's pfn, a state's name)
#       (gdb) command       a GDB command; its output follows, indented
#       # text              the script's annotation, not read from the guest
#                           (also at the end of a line, after "  # ")
# The PASS:/FAIL: lines of the assertions are not part of it.  When
# LAB_TRANSCRIPT names a file (scripts/lab-check.sh sets it), every
# transcript line also goes there; scripts/lab-transcript.sh normalizes it
# and compares it with the page's copy in
# Documentation/mm/pte-nolock/transcripts/.

def transcript(line):
    """Print one transcript line, and keep it in $LAB_TRANSCRIPT."""
    print(line, flush=True)
    path = os.environ.get("LAB_TRANSCRIPT")
    if path:
        with open(path, "a") as f:
            f.write(line.rstrip() + "\n")


def step(n, what):
    """A step heading of a lab transcript."""
    transcript("--- step %s: %s" % (n, what))


def show(label, value, note=None):
    """A value read from the guest, optionally with the script's note."""
    line = "    %-28s %s" % (label, value)
    transcript(line + ("  # " + note if note else ""))


def note(text):
    """The script's annotation: a line that was not read from the guest."""
    transcript("    # " + text)


def gdb_show(command, keep=None):
    """Run a GDB command, print it and the lines of its output that keep()
    accepts (all by default); return the whole output, or the GDB error's
    text when the command fails (shown as such)."""
    transcript("    (gdb) " + command)
    try:
        out = gdb.execute(command, to_string=True)
    except gdb.error as err:
        transcript("      error: %s" % err)
        return "error: %s" % err
    for line in out.splitlines():
        if keep is None or keep(line):
            transcript("      " + line.rstrip())
    return out


def console_problems():
    """The console lines that fail a lab: scripts/lib.sh's KERNEL_PROBLEMS
    and LAB_PROBLEMS (exported to GDB by the scripts that start it), and a
    failed step of the guest's own script. None outside those scripts."""
    kernel = os.environ.get("KERNEL_PROBLEMS")
    lab = os.environ.get("LAB_PROBLEMS")
    if not kernel or not lab:
        return None
    return re.compile("%s|%s|lab: FAIL" % (kernel, lab))


def console_log():
    path = os.environ.get("FORK_CONSOLE_LOG")
    if not path or not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").replace("\r", "")


def expect_clean_console(text=None):
    """The guest's console has no kernel warning, lockdep, DEBUG_VM,
    page_table_check or rss-counter report (and no failed lab step)."""
    if text is None:
        text = console_log()
    problems = console_problems()
    if problems is None:
        return expect(False, "KERNEL_PROBLEMS and LAB_PROBLEMS are not set: "
                      "start GDB through make (scripts/lib.sh exports them)")
    bad = [line for line in text.splitlines() if problems.search(line)]
    for line in bad[:10]:
        print("    console: " + line, flush=True)
    return expect(not bad, "console log: no WARNING/BUG/lockdep/rss-counter/"
                  "page_table_check report (%d lines read)" % len(text.splitlines()))


# mm/ptlab.c's enum ptlab_state: a task spins in the window
PTLAB_WINDOW = 2


def ptlab_site(name):
    """ptlab's record of one site (mm/ptlab.c: ptlab_sites[])."""
    sites = gdb.parse_and_eval("ptlab_sites")
    lo, hi = sites.type.range()
    for i in range(lo, hi + 1):
        if sites[i]["name"].string() == name:
            return sites[i]
    raise gdb.GdbError("no ptlab site %s" % name)


def set_lab_site(name):
    """$lab_site: the record of the lab's site, for the reader's commands at
    any later stop (in ptlab_hold() it is also the argument s)."""
    gdb.set_convenience_variable("lab_site", ptlab_site(name).address)


PGTY_TABLE = 0xF2


def page_is_table(page):
    """True while page is typed as a page table (PageTable())."""
    return (ulong(page["page_type"]) >> 24) & 0xFF == PGTY_TABLE


def pmd_lock_of(pmdp):
    """The split pmd lock (pmd_lockptr()) of the pmd entry at pmdp."""
    pfn = (ulong(pmdp) - page_offset_base()) >> PAGE_SHIFT
    return ptdesc_ptl(page_ptdesc(pfn_to_page(pfn)))


def pmd_text(value):
    value = ulong(value)
    if not value:
        return "0x0 (none: no table)"
    return "%#x (table pfn %#x)" % (value, entry_pfn(value))


class _LabNext(gdb.Command):
    """lab-next: run the loaded lab to its next step and explain it."""

    def __init__(self):
        super().__init__("lab-next", gdb.COMMAND_USER)
        self.steps = None
        self.name = "the lab"
        self.again = "make lab-N"
        self.resumed = False    # the guest ran outside lab-next
        self.inside = False
        self.done = False       # no step left
        gdb.events.cont.connect(self._on_cont)

    def _on_cont(self, event):
        if not self.inside and self.steps is not None:
            self.resumed = True

    def _stop(self, why):
        print("%s: %s\n%s: to start over, quit GDB ('quit') and run '%s' again."
              % (self.name, why, self.name, self.again), flush=True)
        self.steps = iter(())
        self.done = True

    def invoke(self, arg, from_tty):
        if self.steps is None:
            raise gdb.GdbError("no lab loaded")
        if not guest_alive():
            self._stop("the guest has finished (it ran to its end, or was "
                       "killed), so there is no next step")
            return
        if self.resumed:
            self._stop("the guest was resumed outside 'lab-next' (a 'continue', "
                       "'next', 'step' or 'finish'), so the lab cannot tell which "
                       "step it is at any more (commands that only read, such as "
                       "p, bt, up, info and lab-locks, never do this)")
            return
        self.inside = True
        gdb.set_convenience_variable("lab_stepping", 1)
        try:
            next(self.steps)
        except StopIteration:
            print("%s: no more steps; 'continue' lets the guest finish." % self.name)
            self.steps = iter(())
            self.done = True
        except (gdb.error, gdb.MemoryError, ValueError, KeyError) as err:
            self._stop("this step could not read the guest (%s: %s): the guest "
                       "is not where the lab expected it" % (type(err).__name__, err))
        finally:
            self.inside = False
            # 2: no step left, so 'continue' needs no warning any more
            gdb.set_convenience_variable("lab_stepping", 2 if self.done else 0)


def guest_alive():
    """True while GDB is attached to a running guest (QEMU has not exited)."""
    inferior = gdb.selected_inferior()
    try:
        return bool(inferior.pid) and bool(inferior.threads())
    except gdb.error:
        return False


_lab_next = _LabNext()


_breakpoints = {}


def breakpoint_once(location):
    """The breakpoint at location, made on first use: a lab's first step
    and lab_main() both ask for it, and GDB must hold only one."""
    if location not in _breakpoints:
        _breakpoints[location] = gdb.Breakpoint(location)
    return _breakpoints[location]


def kernel_dir():
    """The build directory of the kernel GDB loaded (its vmlinux's)."""
    return os.path.dirname(os.path.abspath(gdb.current_progspace().filename))


def kernel_config(names):
    """{option: value} for the options in names, as the .config beside the
    vmlinux GDB loaded sets them ("y", a value, or None for unset); None when
    there is no .config there."""
    path = os.path.join(kernel_dir(), ".config")
    if not os.path.exists(path):
        return None
    found = dict((name, None) for name in names)
    with open(path) as f:
        for line in f:
            key, sep, value = line.strip().partition("=")
            if sep and key in found:
                found[key] = value
    return found


def variant_mismatch(variant, wants):
    """Why the loaded kernel is not the variant's (wants: {option: "y" or
    None}), or None when it is."""
    config = kernel_config(wants)
    if config is None:
        return "no .config beside %s/vmlinux" % kernel_dir()
    wrong = ["%s=%s" % (k, v or "n") for k, v in sorted(wants.items()) if config[k] != v]
    if not wrong:
        return None
    return ("the '%s' steps need a kernel with %s, and %s/.config has %s"
            % (variant, ", ".join(wrong), kernel_dir(),
               ", ".join("%s=%s" % (k, config[k] or "n") for k in sorted(wants))))


def lab_main(steps, first_location, name, variant=None, wants=None, again=None):
    """Run a lab: in batch (LAB_BATCH set) every step, asserted, then
    finish(); interactively only its first breakpoint (at first_location),
    with 'lab-next' to go step by step (assertions are printed, not
    fatal).  variant and wants ({CONFIG_X: "y" or None}) name the kernel
    the steps are written for: on another kernel the lab refuses to start.
    again: the command that starts this lab afresh."""
    # An exercise's kernel (LAB_ANY_KERNEL, scripts/lab-check.sh) has the
    # variant's bug from its patch, not from the variant's option.
    mismatch = None
    if wants and not os.environ.get("LAB_ANY_KERNEL"):
        mismatch = variant_mismatch(variant, wants)
    if os.environ.get("LAB_BATCH"):
        if mismatch:
            expect(False, "%s: %s" % (name, mismatch))
            finish()
            return
        try:
            for _ in steps():
                pass
        except Exception as err:  # a broken step is a failed check
            expect(False, "the lab script itself failed: %s: %s" % (type(err).__name__, err))
        finish()
        return
    if mismatch:
        print("%s: refused: %s.\n%s: quit GDB and start the lab with the "
              "kernel you want (the lab's page, 'Steps', names the variable)."
              % (name, mismatch, name), flush=True)
        return
    breakpoint_once(first_location)
    _lab_next.steps = steps(interactive=True)
    _lab_next.name = name.split(" (")[0]
    if again is None:
        import lab_steps    # the page's own start command, as the page gives it
        again = lab_steps.start_command(int(_lab_next.name.split()[-1]), variant, RECIPE)
    _lab_next.again = again
    gdb.set_convenience_variable("lab_stepping", 0)
    # 'continue' (or 'c') typed by the reader: say where it leads first.
    gdb.execute("define hook-continue\n"
                "if $lab_stepping == 0\n"
                "echo lab: 'continue' leaves the lab's steps: the guest runs until "
                "some breakpoint stops it, or to its end, and 'lab-next' cannot "
                "go on after it.\\n\n"
                "end\nend", to_string=True)
    where = os.path.relpath(kernel_dir(), os.environ.get("FORK_ROOT", os.getcwd()))
    print("%s, kernel %s: first breakpoint set.\n"
          "Type 'lab-next' for each step (the page's 'Steps' list, same numbers).\n"
          "Look around at any stop; do not 'continue': that runs the guest to "
          "its end, past the lab's next stops." % (name, os.environ.get("LAB_KDIR", where)),
          flush=True)


def table_entries(pfn):
    """The 512 entries of the page table at pfn, as ints."""
    data = gdb.selected_inferior().read_memory(phys_to_virt(pfn << PAGE_SHIFT), 4096)
    raw = bytes(data)
    return [int.from_bytes(raw[i:i + 8], "little") for i in range(0, 4096, 8)]


def frame_arg(function, name):
    """An argument of the innermost frame of function, as an int, or None
    when that frame is not on the stack or the value is optimized out."""
    frame = find_frame(function)
    if frame is None:
        return None
    try:
        value = frame.read_var(name)
        if value.is_optimized_out:
            return None
        return ulong(value)
    except (gdb.error, ValueError):
        return None


def frame_pmd(function, name):
    """The pmd_t variable name in the innermost frame of function: (its
    value as an int, or None, and GDB's own word for it when it has no
    value: "no frame", "optimized out", or the error)."""
    frame = find_frame(function)
    if frame is None:
        return None, "no %s() frame" % function
    try:
        value = frame.read_var(name)
        if value.is_optimized_out:
            return None, "<optimized out>"
        return ulong(value["pmd"]), None
    except (gdb.error, ValueError) as err:
        return None, str(err)
