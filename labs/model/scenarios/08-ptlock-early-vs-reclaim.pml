// SPDX-License-Identifier: GPL-2.0
//
// The fork's rw walker, with the recheck, against a reclaimer whose
// pte_free_defer() frees the ptlock at once and only the page after the
// grace period (ALLOC_SPLIT_PTLOCKS): the walker's spin_lock() on the
// ptlock touches freed memory before it can recheck anything.  Source:
// series-facts.md section 5.3 (syzbot; the reverted 2f3443770437, then
// the pagetable_dtor() series, 92ec7fd136a1).
//
// expect: use_after_free
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define RECLAIM 1
#define PTLOCK_EARLY 1
#include "../nolock.pml"
