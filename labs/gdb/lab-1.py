# SPDX-License-Identifier: GPL-2.0
# Lab 1, walk to a PTE table (Documentation/mm/pte-nolock/lab-1-walk.rst).
#
# GDB stops in ptvictim's getppid() call, with ptvictim's page tables live
# in CR3, and walks from the user address 0x10000000000 down pgd, p4d, pud and
# pmd to the pte with the kernel's own helpers (lx-ps, $lx_current(), the
# maple tree, pgtable.py's walk behind translate-vm), labelled level by
# level by the fork's small helpers (labs/gdb/fork.py).  It ends at the PTE
# table's struct page, its ptdesc and its split page-table lock.

import gdb
import fork
from linux import mapletree

ADDR = 0x10000000000
FIRST_STOP = "__x64_sys_getppid"


def steps(interactive=False):
    bp = fork.breakpoint_once(FIRST_STOP)
    expect = fork.expect

    # getppid() is also called by busybox sh: stop until ptvictim calls it.
    for _ in range(50):
        stop = fork.cont()
        if stop is None or "getppid" not in stop or fork.current_comm() == "ptvictim":
            break
    if not expect(stop is not None and "getppid" in stop and fork.current_comm() == "ptvictim",
                  "stopped in ptvictim's getppid() (%s)" % stop):
        return
    bp.enabled = False
    task = fork.current_task()
    mm = task["mm"]
    fork.step(1, "the process and its mm (lx-ps, $lx_current())")
    fork.gdb_show("lx-ps", keep=lambda line: "ptvictim" in line or "COMM" in line)
    fork.show("$lx_current()->pid", int(task["pid"]))
    fork.show("mm", "%#x" % fork.ulong(mm))
    fork.show("mm->pgd", "%#x" % fork.ulong(mm["pgd"]))
    vma = mapletree.mtree_load(mm["mm_mt"], ADDR)
    vma = vma.cast(gdb.lookup_type("struct vm_area_struct").pointer())
    if not expect(fork.ulong(vma) != 0, "the maple tree has a VMA at %#x" % ADDR):
        return
    fork.show("VMA (mtree_load)", "%#x: %#x-%#x flags %#x" % (
        fork.ulong(vma), fork.ulong(vma["vm_start"]), fork.ulong(vma["vm_end"]),
        fork.ulong(vma["vm_flags"])))
    expect(fork.ulong(vma["vm_start"]) <= ADDR < fork.ulong(vma["vm_end"]),
           "the maple tree finds the VMA that covers %#x" % ADDR)
    expect(fork.ulong(vma["anon_vma"]) == 0, "the shared memfd VMA has no anon_vma")
    cr3 = fork.ulong(gdb.parse_and_eval("$cr3")) & fork.PTE_PFN_MASK
    pgd_phys = fork.ulong(mm["pgd"]) - fork.page_offset_base()
    fork.show("CR3 (page-table base)", "%#x (pfn %#x)" % (cr3, cr3 >> fork.PAGE_SHIFT))
    fork.show("virt_to_phys(mm->pgd)", "%#x (pfn %#x)" % (pgd_phys, pgd_phys >> fork.PAGE_SHIFT))
    expect(cr3 == pgd_phys, "CR3 holds ptvictim's pgd: its tables are the live ones")
    yield

    fork.step(2, "pgd -> p4d -> pud -> pmd -> pte, entry by entry")
    walk = fork.walk(mm, ADDR)
    for lvl in walk:
        if lvl["folded"]:
            fork.show("p4d", "folded: CR4.LA57 = 0",
                      note="4-level paging: p4d_offset() returns the pgd entry itself")
            continue
        fork.show("%s[%d]" % (lvl["level"], lvl["index"]),
                  "table %#x, entry at %#x = %#x (pfn %#x)" % (
                      lvl["table"], lvl["entry_addr"], lvl["entry"], fork.entry_pfn(lvl["entry"])))
    levels = [lvl["level"] for lvl in walk]
    expect(levels[-1] == "pte", "the walk reaches a pte (levels: %s)" % " ".join(levels))
    indices = dict((lvl["level"], lvl["index"]) for lvl in walk if not lvl["folded"])
    want = {"pgd": (ADDR >> 39) & 511, "pud": (ADDR >> 30) & 511,
            "pmd": (ADDR >> 21) & 511, "pte": (ADDR >> 12) & 511}
    expect(indices == want and want == {"pgd": 2, "pud": 0, "pmd": 0, "pte": 0},
           "the indices are bits 47-39, 38-30, 29-21 and 20-12 of %#x: "
           "pgd[2] pud[0] pmd[0] pte[0] (walk: %s)" % (ADDR, indices))
    pmd = [lvl for lvl in walk if lvl["level"] == "pmd"][0]
    pte = walk[-1]
    # for the reader's commands at step 3 (lab-1-walk.rst)
    gdb.set_convenience_variable("lab_pmd", gdb.Value(pmd["entry"]).cast(
        gdb.lookup_type("unsigned long")))
    expect(pmd["index"] == 0 and pte["index"] == 0, "%#x is entry 0 of its pmd and pte tables" % ADDR)
    expect(pmd["entry"] & 1 and not pmd["entry"] & (1 << 7), "the pmd entry is present and not huge: it points to a PTE table")
    expect(pte["entry"] & 1, "the pte is present (ptvictim wrote the page)")
    fork.note("the same walk as the kernel's translate-vm prints it, from CR3:")
    tv = fork.gdb_show("translate-vm %#x" % ADDR, keep=lambda line: (
        "entry address" in line or "page physical address" in line or
        line.startswith("level") or line.startswith("cr3")))
    expect(("%x" % (pte["entry"] & fork.PTE_PFN_MASK)) in tv.lower(),
           "translate-vm reaches the same physical page")
    yield

    fork.step(3, "the PTE table's page, ptdesc and split ptlock")
    table_pfn = fork.entry_pfn(pmd["entry"])
    page = fork.pfn_to_page(table_pfn)
    ptdesc = fork.page_ptdesc(page)
    ptl = fork.ptdesc_ptl(ptdesc)
    gdb.set_convenience_variable("lab_ptdesc", ptdesc)
    fork.show("table pfn", "%#x" % table_pfn)
    fork.show("table kernel address", "%#x (= pte table in step 2: %#x)" % (
        fork.phys_to_virt(table_pfn << 12), pte["table"]))
    fork.show("struct page / ptdesc", "%#x" % fork.ulong(page))
    fork.show("page_type", "%#x (top byte %#x = PGTY_table)" % (
        fork.ulong(page["page_type"]) & 0xFFFFFFFF, (fork.ulong(page["page_type"]) >> 24) & 0xFF))
    fork.show("ptdesc->ptl", "%#x (kmem_cache 'page->ptl': ALLOC_SPLIT_PTLOCKS)" % fork.ulong(ptl))
    name = ptl.dereference()["rlock"]["dep_map"]["name"].string()
    fork.show("ptl lockdep name", name)
    fork.show("&mm->page_table_lock", "%#x" % fork.ulong(mm["page_table_lock"].address))
    # Two fields of the ptdesc, not the whole of it: its pt_index/pt_mm
    # union is not used for an x86 PTE table, and its value differs from
    # boot to boot.
    fork.gdb_show("p/x ((struct ptdesc *)%#x)->__page_type" % fork.ulong(ptdesc))
    fork.gdb_show("p/x ((struct ptdesc *)%#x)->ptl" % fork.ulong(ptdesc))
    ops, why = fork.kernel_page_ops()
    fork.note("the kernel's own pfn -> struct page command, on x86:")
    out = fork.gdb_show("lx-pfn_to_page %d" % table_pfn)
    expect(ops is None and "aarch64" in out and "aarch64" in why,
           "6.12's mm.py page ops support aarch64 only, so fork.pfn_to_page() uses "
           "x86's vmemmap_base (labs/gdb/fork.py says so)")
    expect(fork.phys_to_virt(table_pfn << 12) == pte["table"], "the pmd entry points to the table the pte was read from")
    expect(fork.page_is_table(page), "the table's page is typed PGTY_table")
    expect(fork.ulong(ptl) != 0 and fork.ulong(ptl) != fork.ulong(mm["page_table_lock"].address),
           "the table has its own split lock, not mm->page_table_lock")
    expect(name == "ptlock_ptr(ptdesc)", "lockdep knows it as ptlock_ptr(ptdesc), set up by ptlock_init()")
    expect(not fork.holds(ptl), "nobody holds it now (ptvictim is in a syscall, not in the table)")
    yield

    fork.step(4, "the pte maps the memfd's page cache folio")
    data_page = fork.pfn_to_page(fork.entry_pfn(pte["entry"]))
    mapping = fork.ulong(data_page["mapping"])
    f_mapping = fork.ulong(vma["vm_file"]["f_mapping"])
    fork.show("pte -> struct page", "%#x, index %d" % (fork.ulong(data_page), int(data_page["index"])))
    fork.show("page->mapping", "%#x" % mapping)
    fork.show("vma->vm_file->f_mapping", "%#x" % f_mapping)
    expect(mapping == f_mapping, "the pte's page belongs to the memfd's address_space")
    expect(int(data_page["index"]) == 0, "and is page 0 of the file")
    yield

    if interactive:
        return
    fork.expect_guest_finished()


fork.lab_main(steps, FIRST_STOP, "lab 1 (walk to a PTE table)")
