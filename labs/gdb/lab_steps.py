# SPDX-License-Identifier: GPL-2.0
"""What a reader does at each step of a lab: the one source of the lab
pages' "Steps" lists and of the commands the interactive check types.

A step's heading is not here: it is what the lab's GDB script prints
("--- step N: ..."), kept in the lab's transcripts
(Documentation/mm/pte-nolock/transcripts/), which every lab check
compares with a real run.  scripts/lab-steps.py makes each page's list
(Documentation/mm/pte-nolock/lab-N-steps.inc) from those headings and
this table, and refuses a step that one has and the other lacks;
scripts/lab-walk.py drives 'make lab-N' in tmux, types 'lab-next' and
each step's commands, and fails when the screen's heading is not the
page's or a command fails.

Plain Python, no gdb: the generator and the walk import it outside GDB.

STEPS[lab] is a list of Step.  A step's text is reStructuredText.
"""


class Step:
    """One 'lab-next' of a lab.

    number: the step as the screen numbers it ("1", ..., "end").
    see: what to notice on the screen (text for the page).
    commands: what the reader types at this stop; each works there (the
        walk types them and fails on an error).
    answer: what those commands show.
    expect: a regular expression per command that its output must match
        (None: only that it prints no error).
    only: the variants whose run has this step (None: every variant).
    """

    def __init__(self, number, see, commands=(), answer="", expect=None, only=None):
        self.number = str(number)
        self.see = see
        self.commands = list(commands)
        self.answer = answer
        self.expect = list(expect) if expect else [None] * len(self.commands)
        self.only = only
        assert len(self.expect) == len(self.commands), number


# Each lab's kernels (scripts/lab.sh's LABN_KERNEL), the default first,
# and the recipes it runs on.
VARIANTS = {1: [None], 2: [None], 3: ["live", "raw"], 4: ["copy", "live"],
            5: ["dummy", "live"], 6: ["lockptr", "fixed"]}
RECIPES = {1: ["6.12"], 2: ["6.12"], 3: ["6.12", "7.3"], 4: ["6.12", "7.3"],
           5: ["6.12", "7.3"], 6: ["7.3"]}


def start_command(lab, variant, recipe):
    """The command a lab's page starts it with, on one kernel."""
    words = []
    if recipe != "6.12":
        words.append("RECIPE=%s" % recipe)
    if variant is not None and variant != VARIANTS[lab][0]:
        words.append("LAB%d_KERNEL=%s" % (lab, variant))
    return " ".join(words + ["make lab-%d" % lab])


# Commands that work at any stop of labs 2-6: the lab sets $lab_site, the
# window's record (mm/ptlab.c, struct ptlab_site_info), at step 1.
SITE = "p/x *$lab_site"
PMD_NOW = "p/x *(unsigned long *)$lab_site->pmdp"

STEPS = {
    1: [
        Step(1, "GDB stopped in *ptvictim*'s ``getppid()`` (the breakpoint is on "
             "``__x64_sys_getppid``; the screen reports ``__do_sys_getppid`` in "
             "``kernel/sys.c``, which it calls; busybox's shell calls it too, and "
             "``lab-next`` goes on until the caller is ptvictim). The step prints "
             "the process, its mm and the VMA at 0x10000000000. The lab's ``lx-ps`` "
             "line keeps only ptvictim; typed, ``lx-ps`` lists every task.",
             ["lx-ps", "p $lx_current()->comm", "p/x $lx_current()->mm->pgd", "p/x $cr3"],
             "CR3 without its low flag bits is ``virt_to_phys(mm->pgd)``: the tables "
             "GDB reads are the ones the CPU uses right now.",
             [r"ptvictim", r'"ptvictim', r"0xffff", r"0x[0-9a-f]+"]),
        Step(2, "The walk, level by level. Each index is a slice of the address: "
             "bits 47-39 for the pgd, 38-30 for the pud, 29-21 for the pmd, 20-12 "
             "for the pte. On a 4-level guest the p4d is folded: ``p4d_offset()`` "
             "returns the pgd entry itself. Each present entry holds the physical "
             "address of the next table, which the kernel reaches through the "
             "direct map. The step also runs the kernel's own ``translate-vm`` and "
             "keeps only its lines of addresses; typed, it prints every bit of "
             "every entry. It sets ``$lab_pmd`` to the pmd entry's value.",
             ["translate-vm 0x10000000000", "p/x $lab_pmd"],
             "``$lab_pmd`` is the ``pmd[0]`` entry the step printed: the PTE table's "
             "physical address, with flags 0x67 in its low bits.",
             [r"entry address", r"= 0x[0-9a-f]+67"]),
        Step(3, "The pmd entry turned into the PTE table's page. x86's "
             "``pfn_to_page()`` is ``vmemmap_base + pfn``; the kernel's own "
             "``lx-pfn_to_page`` supports arm64 only in 6.12, and the step shows its "
             "error. A page-table page is described by ``struct ptdesc``, which "
             "overlays ``struct page``; the step sets ``$lab_ptdesc`` to it.",
             ["p (struct page *)vmemmap_base + (($lab_pmd & 0x000ffffffffff000) >> 12)",
              "p/x $lab_ptdesc->__page_type", "p/x $lab_ptdesc->ptl",
              "p $lab_ptdesc->ptl->rlock.dep_map.name"],
             "The first value is the ``struct page / ptdesc`` line of the step. The "
             "top byte of ``__page_type`` is ``PGTY_table`` (0xf2). ``ptl`` points to "
             "the table's own lock, allocated apart (``ALLOC_SPLIT_PTLOCKS``: with "
             "lockdep a spinlock is too big for the page), which lockdep calls "
             "``ptlock_ptr(ptdesc)``; it is not ``mm->page_table_lock``.",
             [r"struct page \*\) 0xffff", r"= 0xf2", r"= 0xffff", r"ptlock_ptr\(ptdesc\)"]),
        Step(4, "The pte maps page 0 of the memfd: the data page's ``mapping`` is "
             "the file's ``address_space``. ``lab-next`` once more says there are "
             "no more steps; ``continue`` lets the guest finish.",
             ["p $lx_current()->comm"], "Still ptvictim, in its ``getppid()``.",
             [r"ptvictim"]),
    ],
    2: [
        Step(1, "GDB stopped in the window, ``ptlab_hold()``: *ptreader*'s fault "
             "mapped T with ``pte_offset_map_ro_nolock()``. The call chain runs "
             "``mlock`` → ``__mm_populate`` → ``handle_mm_fault`` → "
             "``filemap_fault`` → ``filemap_fault_recheck_pte_none``.",
             ["bt 8", "lab-locks", SITE],
             "``lab-locks`` lists ``rcu_read_lock``, taken by ``__pte_offset_map()`` "
             "and dropped by ``pte_unmap()``, and the mmap_lock; not T's ptl. "
             "``pmdval`` in the window's record is 0: the ro helper hands back no "
             "pmd value.",
             [r"filemap_fault", r"rcu_read_lock", r"table_pfn"]),
        Step(2, "Why reading T is safe even if T were detached now: the step's "
             "notes. Nothing runs in the guest between step 1 and this one.",
             ["p $lab_site->state"], "Still 2, ``PTLAB_WINDOW``: the reader spins.",
             [r"= (2|PTLAB_WINDOW)"]),
        Step(3, "Nobody releases the window, so it times out (the guest arms it "
             "with 500 ms, labs/guest/run/lab-2.sh), and GDB stops when the fault reads page 1 in: the recheck "
             "found the pte still none and returned 0.",
             ["p $lab_site->timeouts", "lab-locks"],
             "One timeout. The reader holds neither T's ptl nor the RCU read lock "
             "any more.",
             [r"= (0x)?1\b", r"holds"]),
    ],
    3: [
        Step(1, "The walker, on CPU0, mapped T with ``pte_offset_map_rw_nolock()`` "
             "and spins in the window. GDB reports the stop on ``ptlab_hold()``'s "
             "first line in ``mm/ptlab.c``; ``s`` is the window's record, which the "
             "step also puts in ``$lab_site`` for later steps.",
             ["bt 8", "p/x *s", "p $lx_current()->comm", "lab-locks"],
             "``pmdval`` is P, the value ``__pte_offset_map()`` read, and "
             "``table_pfn`` is T's pfn, as the step lines print them (``p/x``: hex "
             "on both). The walker, the guest's shell writing to MGLRU's debugfs "
             "file, holds ``rcu_read_lock`` and not T's ptl. A plain ``bt`` goes on "
             "past the system call's entry into frames that mean nothing: the "
             "count keeps to the real ones.",
             [r"walk_pte_range", r"pmdval = \{\s*pmd = 0x[0-9a-f]+", r"kswapd|bash|sh|ptage|\"",
              r"rcu_read_lock"]),
        Step(2, "GDB is on CPU1 now, in ``retract_page_tables()``: "
             "``MADV_COLLAPSE`` is about to detach T while CPU0 still spins. ``s`` "
             "does not exist in this frame; the record is ``$lab_site``.",
             ["p $lab_site->state", "bt 6"],
             "``state`` is 2 (``PTLAB_WINDOW``): CPU0 is still in the window.",
             [r"= (2|PTLAB_WINDOW)", r"retract_page_tables"]),
        Step(3, "``pmdp_collapse_flush()`` on the victim's pmd: the detacher holds "
             "the pmd lock (pml) and T's ptl, and ``*pmd`` is still P.",
             ["lab-locks", PMD_NOW],
             "``lab-locks`` names pml and T's ptl, with the lock addresses the "
             "steps print (T's ptl is step 1's ``T's split ptlock``); "
             "``i_mmap_rwsem`` is the file's, taken by ``retract_page_tables()``.",
             [r"pml .*\n(.*\n)*.*T's ptl|T's ptl .*\n(.*\n)*.*pml", r"= 0x[0-9a-f]+"]),
        Step(4, "``pte_free_defer(T)``: the pmd reads 0, and T is still a page "
             "table. The stop is on the function's first line, before its "
             "``call_rcu()``.",
             [PMD_NOW, "p pgtable"],
             "0: T is detached. ``pgtable`` is T's ``struct page``.",
             [r"= 0x0\b", r"\(pgtable_t\) 0xffff"]),
        Step(5, "The window was released; the walker took T's ptl with "
             "``spin_trylock()``. GDB stops in ``ptlab_recheck_seen()``, where "
             "ptlab has recorded what the recheck saw.",
             ["lab-locks"],
             "The walker holds T's ptl (the lock is still allocated: the same "
             "address as at step 1) and still the RCU read lock.",
             [r"T's ptl"]),
        Step(6, "The recheck's answer, at the same stop: P against the live entry, "
             "0, which installs no table. ``walk_pte_range()`` now unlocks, calls "
             "``pte_unmap()`` and returns false.",
             ["p $lab_site->last_same", "p/x $lab_site->pmd_at_recheck", "up",
              "info frame"],
             "``last_same`` is 0: CHANGED. ``up`` is ``ptlab_recheck()``, whose "
             "``same`` argument the frame line shows.",
             [r"= (0|false)", r"pmd = 0x0", r"ptlab_recheck", r"frame at"]),
        Step(7, "The grace period is over: ``pte_free_now(T)`` runs from "
             "``rcu_do_batch()`` for the same T, and then hands it to "
             "``__free_pages()``. The walker no longer holds T's ptl, and the grace "
             "period could end only because it left its RCU read-side section.",
             ["bt 10"], "``rcu_do_batch()`` below ``pte_free_now()``.",
             [r"rcu_do_batch|rcu_core"]),
        Step("end", "ptlab's counters for the race: one window, one failed recheck, "
             "no timeout, no walk of a detached table.",
             [SITE], "``hits`` 1, ``recheck_failures`` 1, ``state`` 0 (idle).",
             [r"recheck_failures = 0x1"]),
        Step(8, "A fresh victim, nothing to detach: CPU0 in the window again, and "
             "GDB flips the Accessed bit of the live pmd entry, as a second MGLRU "
             "walker or the CPU would.",
             [PMD_NOW, "p/x $lab_site->pmdval"],
             "The two differ in bit 5 (0x20) only.",
             [r"= 0x[0-9a-f]+", r"pmd = 0x[0-9a-f]+"]),
        Step(9, "The walker's recheck, on the flipped entry.",
             ["p $lab_site->last_same"],
             "1 on the lab kernel: the same table is still installed. 0 on the "
             "raw kernel (``LAB3_KERNEL=raw``): the bits differ.",
             [r"= (0|1|true|false)"]),
        Step(10, "The walk is over, and GDB counts T's young entries: the lab "
             "kernel's walker aged them; the raw kernel's skipped T.",
             ["p $lab_site->hits"], "The window counters since boot.",
             [r"= \d+"]),
        Step(11, "A third victim: CPU0 in the window; GDB marks T's ptl taken, so "
             "the walker's ``spin_trylock()`` will fail.",
             ["p $lab_site->trylock_failures"], "None so far.",
             [r"= 0"]),
        Step(12, "The walker gave up T's ptl: ptlab records no recheck and goes "
             "idle. ``lab-next`` once more says there are no more steps; "
             "``continue`` lets the guest finish.",
             ["p $lab_site->state", "p $lab_site->trylock_failures"],
             "``state`` 0 (idle), one failed trylock.",
             [r"= (0|PTLAB_IDLE)", r"= 1"]),
    ],
    4: [
        Step(1, "As in lab 3: the walker mapped T and spins in the window.",
             ["p/x *s"], "P and T's pfn, as in lab 3.", [r"pmdval"]),
        Step(2, "CPU1 in ``retract_page_tables()``, CPU0 still in the window.",
             ["p $lab_site->state"], "2, the window.", [r"= (2|PTLAB_WINDOW)"]),
        Step(3, "``pmdp_collapse_flush()``: the detacher holds pml and T's ptl.",
             ["lab-locks"], "pml and T's ptl, by name.", [r"pml"]),
        Step(4, "``pte_free_defer(T)``: the pmd reads 0.",
             [PMD_NOW], "0.", [r"= 0x0\b"]),
        Step(5, "The walker took T's ptl; GDB stops in ``ptlab_recheck_seen()``.",
             ["lab-locks"], "T's ptl and the RCU read lock.", [r"T's ptl"]),
        Step(6, "The recheck's answer. On the copy kernel the walker was handed "
             "``walk_pmd_range()``'s stack copy, which still holds P.",
             ["frame function walk_pte_range", "p pmd", "p $lab_site->last_same"],
             "On the copy kernel ``pmd`` points into the stack (not the page "
             "table's entry the step names), and ``last_same`` is 1: the recheck "
             "said 'same' about a detached table. On the lab kernel "
             "(``LAB4_KERNEL=live``) it is the entry itself, and 0.",
             [r"walk_pte_range", r"pmd_t \*\) 0x|optimized out", r"= (0|1|true|false)"]),
        Step(7, "``pte_free_now(T)`` after the grace period, as in lab 3; T's "
             "entries are still all none: the walk of the detached table wrote "
             "nothing.",
             ["bt 10"], "``rcu_do_batch()`` below it.", [r"rcu_do_batch|rcu_core"]),
        Step("end", "ptlab's counters: on the copy kernel ``detached_walks`` 1. "
             "``lab-next`` once more says there are no more steps; ``continue`` "
             "lets the guest finish.",
             [SITE], "``detached_walks`` 1 on the copy kernel, 0 on the lab kernel.",
             [r"detached_walks = 0x[01]"]),
    ],
    5: [
        Step(1, "Process A's ``UFFDIO_MOVE`` mapped dst's table T with "
             "``pte_offset_map_rw_nolock()`` and spins in the window on CPU0. The "
             "step prints P (``dst_pmdval``), T's pfn and T's 512 entries, all none.",
             ["bt 10", "p/x $lab_site->pmdval"], "``move_pages_pte()`` in the chain.",
             [r"move_pages", r"pmd = 0x[0-9a-f]+"]),
        Step(2, "CPU1: ``madvise(MADV_DONTNEED)`` on dst. On 6.12 the lab's "
             "reclaimer looks at T; on 7.3 the kernel's own ``zap_pte_range()`` "
             "may reclaim it. ``*pmd`` is still P; A still spins.",
             [PMD_NOW, "p $lab_site->state"], "P, and the window state 2.",
             [r"= 0x[0-9a-f]+", r"= (2|PTLAB_WINDOW)"]),
        Step(3, "The pmd is cleared and T goes to its deferred free; it stays "
             "allocated, because A is inside an RCU read-side section.",
             [PMD_NOW], "0.", [r"= 0x0\b"]),
        Step(4, "The window released, ``double_pt_lock()`` done, both locks held, "
             "the guard about to run. The step prints each check: ``pte_same()`` "
             "on src and dst holds, ``pmd_same(P, *dst_pmd)`` would fail.",
             ["lab-locks"], "A holds T's ptl and src's ptl.", [r"holds"]),
        Step(5, "The guard's outcome. With ``pte_same()`` only (the dummy kernel), "
             "``set_pte_at()`` wrote the page into T, which no pmd maps; on the lab "
             "kernel (``LAB5_KERNEL=live``) nothing was written and the move "
             "returns ``-EAGAIN``.",
             ["p $lab_site->last_same"], "1 on the dummy kernel, 0 on the lab kernel.",
             [r"= (0|1|true|false)"]),
        Step(6, "Lab kernel only: ``move_pages()`` retried, with a new table at "
             "dst, and the move goes through. On this kernel the guest stops twice "
             "for steps 6 and 7, at the retry and at T's free, in whichever order "
             "RCU's grace period decides; the lab reads each stop as it comes and "
             "prints the two steps in the figure's order, so GDB may already stand "
             "at the second stop.",
             [PMD_NOW], "A new table's entry, not 0.", [r"= 0x[1-9a-f][0-9a-f]*"],
             only=("live",)),
        Step(7, "The grace period is over, and T is freed: on the dummy kernel "
             "while it still maps the moved page. ``lab-next`` once more says "
             "there are no more steps; ``continue`` lets the guest finish, and its "
             "console shows what ptmove read back (and, on the dummy kernel, the "
             "kernel's ``Bad rss-counter state`` report).",
             ["p $lab_site->hits"], "One window: the retry did not open it again.",
             [r"= 1\b"]),
    ],
    6: [
        Step(1, "The collapser, in ``try_collapse_pte_mapped_thp()``, emptied T "
             "in its step 2, dropped the lock, and spins in the window before its "
             "step 4. The step prints the booted kernel's ``.config`` lines: "
             "``CONFIG_NR_CPUS=2`` and no split PTE locks.",
             ["bt 8", "p/x $lab_site->pmdval"],
             "``try_collapse_pte_mapped_thp()`` and ``madvise_collapse()`` in the "
             "chain; P.",
             [r"try_collapse_pte_mapped_thp", r"pmd = 0x[0-9a-f]+"]),
        Step(2, "CPU1: ``madvise(MADV_DONTNEED)`` of the whole 2 MiB reaches "
             "``zap_pte_range()``, which finds T empty.",
             [PMD_NOW], "Still P.", [r"= 0x[0-9a-f]+"]),
        Step(3, "The pmd cleared under ``&mm->page_table_lock``, T handed to "
             "``pte_free_tlb()``; T stays a page table until a grace period ends.",
             [PMD_NOW], "0.", [r"= 0x0\b"]),
        Step(4, "The window released: the collapser takes ``pmd_lock()``, which "
             "is ``&mm->page_table_lock``, the lock its step 2 dropped. The step "
             "prints ``pmd_same(P, *pmd)`` and what step 4 decided.",
             ["lab-locks", "p $lab_site->last_same"],
             "The collapser holds the mm's page_table_lock. ``last_same`` 1 on the "
             "\"lockptr\" kernel, which did not look; 0 on the fixed kernel "
             "(``LAB6_KERNEL=fixed``).",
             [r"page_table_lock", r"= (0|1|true|false)"]),
        Step(5, "\"lockptr\" kernel only: ``pmdp_collapse_flush()`` of a pmd that "
             "is already 0.",
             [PMD_NOW], "0.", [r"= 0x0\b"], only=("lockptr",)),
        Step(6, "\"lockptr\" kernel only: ``pte_free_defer()`` of "
             "``pmd_pgtable(0)``, the ``struct page`` of pfn 0, not T.",
             ["p pgtable"], "Compare with T's ``struct page`` from step 1.",
             [r"\(pgtable_t\) 0x"], only=("lockptr",)),
        Step(7, "The grace period is over: ``tlb_remove_table_rcu()`` frees the "
             "batch that holds T, once. ``lab-next`` once more says there are no "
             "more steps; ``continue`` lets the program print what "
             "``MADV_COLLAPSE`` returned, and on the \"lockptr\" kernel the console "
             "shows ``BUG: Bad page state`` for pfn 0.",
             ["bt 10"], "``rcu_do_batch()`` below it.", [r"rcu_do_batch|rcu_core"]),
    ],
}
