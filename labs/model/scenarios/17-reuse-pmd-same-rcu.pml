// SPDX-License-Identifier: GPL-2.0
//
// Scenario 15's pmd_same() walker inside RCU, against the same
// retract_page_tables(), page reuse and Accessed-bit clearing, on
// which pmd_same() fails.  The model's walker then maps again, as
// pte_offset_map_lock() does; MGLRU's walk_pte_range() skips the table
// instead, which is the start of such a retry cut short.
//
// source: rcu_read_lock() in __pte_offset_map()
//   (mm/pgtable-generic.c:282 of fork-base); 2441774f2d28 (walk_pte_range()), as the fork
//   carries it
// expect: holds
// citations: fork-base
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W0_RCU 1
#define RETRACT 1
#define REUSE 1
#define PTL_IN_PAGE 1
#define YOUNG 1
#include "../nolock.pml"
