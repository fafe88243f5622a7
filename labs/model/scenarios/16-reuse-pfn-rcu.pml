// SPDX-License-Identifier: GPL-2.0
//
// Scenario 14's walk_pte_table_same() inside the RCU read-side section
// that pte_offset_map_rw_nolock() enters, against the same
// retract_page_tables() and page reuse, and MGLRU clearing the pmd's
// Accessed bit (which the pfn comparison sees through): T's page
// cannot be freed, let alone reused, before the walker leaves RCU.
//
// source: the fork's patch 12 (walk_pte_table_same() and its comment);
//   rcu_read_lock() in __pte_offset_map()
//   (mm/pgtable-generic.c:282 of fork-base)
// expect: holds
// citations: fork-base
#define W0 W_RW
#define W0_GUARD G_PFN_SAME
#define W0_RCU 1
#define RETRACT 1
#define REUSE 1
#define PTL_IN_PAGE 1
#define YOUNG 1
#include "../nolock.pml"
