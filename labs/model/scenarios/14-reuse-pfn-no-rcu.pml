// SPDX-License-Identifier: GPL-2.0
//
// The fork's MGLRU recheck, walk_pte_table_same() (present, not a leaf,
// same pfn), in a walker that is not inside an RCU read-side section,
// against retract_page_tables() and a fault that gets T's freed page
// back as a new table T2 for the same pmd.  The pfn is T's: the check
// passes and the walker acts on T2 as if it were T.
//
// source: the fork's patch 12 (walk_pte_table_same() in mm/vmscan.c,
//   whose comment rests the pfn comparison on RCU)
// expect: wrong_table
// citations: fork-base
#define W0 W_RW
#define W0_GUARD G_PFN_SAME
#define W0_RCU 0
#define RETRACT 1
#define REUSE 1
#define PTL_IN_PAGE 1
#include "../nolock.pml"
