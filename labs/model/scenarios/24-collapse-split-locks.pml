// SPDX-License-Identifier: GPL-2.0
//
// 7.3.4's step 4 as it is, with split PTE locks: ptl != pml, so its
// recheck runs, and the collapse gives up on the none pmd.  The gap of
// scenario 22 is one of configuration, not of the code path.
//
// source: the pmd_same() under "if (ptl != pml)" in
//   try_collapse_pte_mapped_thp() (mm/khugepaged.c:2040-2042 of 7.3.4)
// expect: holds
#define W0 W_NONE
#define INIT_PTE page
#define COLLAPSE 1
#define COLLAPSE_RECHECK RC_SPLIT_ONLY
#define SHARED_PTL 0
#define RECLAIM 1
#include "../nolock.pml"
