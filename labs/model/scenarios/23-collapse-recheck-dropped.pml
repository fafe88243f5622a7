// SPDX-License-Identifier: GPL-2.0
//
// The same collapse and reclaim on one lock, with step 4 rechecking
// pmd_same() whenever the ptl was dropped after step 2, whatever the
// identity of the two locks: the collapse sees the none pmd and gives
// up.
//
// source: the fork's patch 07 (collapse_pte_mapped_thp(): "the check
//   runs whenever pml was not already held since step 2"); the fork's
//   fix for 7.3.4, patches/7.3/0003
// expect: holds
#define W0 W_NONE
#define INIT_PTE page
#define COLLAPSE 1
#define COLLAPSE_RECHECK RC_DROPPED
#define SHARED_PTL 1
#define RECLAIM 1
#include "../nolock.pml"
