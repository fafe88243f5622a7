# SPDX-License-Identifier: GPL-2.0
"""The fork's small GDB helpers, loaded after the kernel's vmlinux-gdb.py.

Batch checks use expect() and finish(): every failed expectation is
printed as "FAIL: ..." and makes finish() exit GDB with status 1, so a
check cannot pass by accident.
"""

import gdb

_failures = []


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
    task = gdb.parse_and_eval("$lx_current()")
    return task["comm"].string()


# ---------------------------------------------------------------------------
# Helpers for the labs (labs/gdb/lab-*.py).  x86-64, 4- or 5-level paging.

import os
import re

PAGE_SHIFT = 12
PTRS_PER_TABLE = 512
PTE_PFN_MASK = 0x000FFFFFFFFFF000       # physical address bits of an entry
_PRESENT = 1 << 0
_PSE = 1 << 7                           # a leaf at pud or pmd level
ULONG = (1 << 64) - 1


def ulong(value):
    """A gdb.Value (or int) as a Python int, without the sign."""
    return int(value) & ULONG


def _symbol_or(name, default):
    try:
        return ulong(gdb.parse_and_eval(name))
    except gdb.error:
        return default


def page_offset_base():
    """Where the kernel's direct map of physical memory starts."""
    return _symbol_or("page_offset_base", 0xFFFF888000000000)


def vmemmap_base():
    """Where the array of struct page starts (SPARSEMEM_VMEMMAP)."""
    return _symbol_or("vmemmap_base", 0xFFFFEA0000000000)


def l5_enabled():
    """True when the guest runs with 5-level paging (then p4d is real)."""
    return _symbol_or("__pgtable_l5_enabled", 0) != 0


def entry_pfn(entry):
    """The page frame an entry (pgd/p4d/pud/pmd/pte value) points to."""
    return (ulong(entry) & PTE_PFN_MASK) >> PAGE_SHIFT


def phys_to_virt(phys):
    return page_offset_base() + phys


def pfn_to_page(pfn):
    """struct page * of a pfn, as a gdb.Value."""
    page_t = gdb.lookup_type("struct page")
    addr = vmemmap_base() + pfn * page_t.sizeof
    return gdb.Value(addr).cast(page_t.pointer())


def page_to_pfn(page):
    page_t = gdb.lookup_type("struct page")
    return (ulong(page) - vmemmap_base()) // page_t.sizeof


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


LEVEL_SHIFTS = [("pgd", 39), ("p4d", 39), ("pud", 30), ("pmd", 21), ("pte", 12)]


def walk(mm, addr):
    """Walk mm's page tables down to addr's pte, the way pgd_offset() ...
    pte_offset_kernel() do.  Returns a list of dicts, one per level:
    level, index, table (virtual address of the table), entry_addr, entry.
    Stops early at a none entry or a leaf."""
    steps = []
    table = ulong(mm["pgd"])
    shifts = list(LEVEL_SHIFTS)
    if l5_enabled():
        shifts[0] = ("pgd", 48)
    for level, shift in shifts:
        if level == "p4d" and not l5_enabled():
            # folded: the p4d "table" is the pgd entry itself
            steps.append(dict(steps[-1], level="p4d", folded=True))
            continue
        index = (addr >> shift) & (PTRS_PER_TABLE - 1)
        entry_addr = table + 8 * index
        entry = read_ulong(entry_addr)
        steps.append({"level": level, "index": index, "table": table,
                      "entry_addr": entry_addr, "entry": entry,
                      "folded": False})
        if not entry & _PRESENT or level == "pte":
            break
        if level in ("pud", "pmd") and entry & _PSE:
            break
        table = phys_to_virt(entry_pfn(entry) << PAGE_SHIFT)
    return steps


def held_locks(task=None):
    """Names and lockdep_map addresses of the locks lockdep says task holds."""
    if task is None:
        task = gdb.parse_and_eval("$lx_current()")
    locks = []
    for i in range(int(task["lockdep_depth"])):
        inst = task["held_locks"][i]["instance"]
        name = inst["name"]
        locks.append((name.string() if ulong(name) else "?", ulong(inst)))
    return locks


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


def step(n, what):
    """A step heading of a lab transcript."""
    print("--- step %s: %s" % (n, what), flush=True)


def show(label, value):
    print("    %-28s %s" % (label, value), flush=True)


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


def ptlab_site(name):
    """ptlab's record of one site (mm/ptlab.c: ptlab_sites[])."""
    sites = gdb.parse_and_eval("ptlab_sites")
    lo, hi = sites.type.range()
    for i in range(lo, hi + 1):
        if sites[i]["name"].string() == name:
            return sites[i]
    raise gdb.GdbError("no ptlab site %s" % name)


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

    def invoke(self, arg, from_tty):
        if self.steps is None:
            raise gdb.GdbError("no lab loaded")
        try:
            next(self.steps)
        except StopIteration:
            print("lab: no more steps; 'continue' lets the guest finish.")
            self.steps = iter(())


_lab_next = _LabNext()


_breakpoints = {}


def breakpoint_once(location):
    """The breakpoint at location, made on first use: a lab's first step
    and lab_main() both ask for it, and GDB must hold only one."""
    if location not in _breakpoints:
        _breakpoints[location] = gdb.Breakpoint(location)
    return _breakpoints[location]


def lab_main(steps, first_location, name):
    """Run a lab: in batch (LAB_BATCH set) every step, asserted, then
    finish(); interactively only its first breakpoint (at first_location),
    with 'lab-next' to go step by step (assertions are printed, not
    fatal)."""
    if os.environ.get("LAB_BATCH"):
        try:
            for _ in steps():
                pass
        except Exception as err:  # a broken step is a failed check
            expect(False, "the lab script itself failed: %s: %s" % (type(err).__name__, err))
        finish()
        return
    breakpoint_once(first_location)
    _lab_next.steps = steps(interactive=True)
    print("%s: first breakpoint set. Type 'lab-next' for each step "
          "(or 'continue' and look around yourself)." % name)


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
