// SPDX-License-Identifier: GPL-2.0
//
// The fork's rw walker, with its recheck, against a reclaimer whose
// pte_free_defer() frees the ptlock at once and the page only after the
// grace period (a separately allocated ptlock, ALLOC_SPLIT_PTLOCKS): the
// walker's spin_lock() touches freed memory before it can recheck.
//
// source: the syzbot report on PT_RECLAIM and "mm: pgtable: make ptlock
//   be freed by RCU",
//   https://lore.kernel.org/all/20241210084431.91414-1-zhengqi.arch@bytedance.com/;
//   replaced by the pagetable_dtor() series (92ec7fd136a1)
// expect: use_after_free
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define RECLAIM 1
#define PTLOCK_EARLY 1
#include "../nolock.pml"
