// SPDX-License-Identifier: GPL-2.0
//
// The same walker outside RCU with the full pmd_same() recheck: T2's
// pmd entry has T's bits exactly, so pmd_same() is fooled as the pfn
// comparison is (ABA).  The recheck cannot tell a table from a new one
// in the same page; only the grace period that keeps T's page from
// being reused can.
//
// source: __pte_offset_map() enters RCU before it reads the pmd
//   (mm/pgtable-generic.c:282 of fork-base); x86's pmd_populate()
//   writes the table's address and the same flags every time
//   (set_pmd() at arch/x86/include/asm/pgalloc.h:84 of fork-base)
// expect: wrong_table
// citations: fork-base
// figure: model-reuse-aba
// title: Outside RCU, pmd_same() takes a new table in T's page for T
// lane w0: an rw walker outside RCU, pmd_same()
// lane d1: MADV_COLLAPSE, retract_page_tables()
// lane f0: a page fault, pte_alloc()
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W0_RCU 0
#define RETRACT 1
#define REUSE 1
#define PTL_IN_PAGE 1
#include "../nolock.pml"
