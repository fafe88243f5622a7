// SPDX-License-Identifier: GPL-2.0
//
// PTE fragments: T's page holds a second table U, with its own entries
// but the same pfn and the same ptlock.  A walker inside RCU with the
// fork's same-pfn comparison, against retract_page_tables() and a fault
// that installs U in the pmd T left: the walker takes the page's lock,
// finds U's pfn equal to T's, and writes into the detached T.  RCU does
// not help: T is not freed, it is only no longer installed.
//
// source: powerpc's pte_fragment_alloc()
//   (arch/powerpc/mm/pgtable-frag.c:99 of fork-base); one ptlock per
//   page: pte_lockptr() finds it through pmd_page()
//   (include/linux/mm.h:3002 of fork-base); the
//   fork's patch 12 (walk_pte_table_same())
// expect: write_detached
// citations: fork-base
// figure: model-fragments
// title: A same-pfn recheck cannot tell two fragments of one page apart
// lane w0: an rw walker, same-pfn recheck
// lane d1: MADV_COLLAPSE, retract_page_tables()
// lane f0: a page fault, pte_alloc()
#define W0 W_RW
#define W0_GUARD G_PFN_SAME
#define RETRACT 1
#define FRAGMENTS 1
#include "../nolock.pml"
