// SPDX-License-Identifier: GPL-2.0
//
// The lock-identity gap: 7.3.4's try_collapse_pte_mapped_thp() drops
// the ptl after step 2 and, in step 4, rechecks the pmd only if the ptl
// is not the pmd lock.  Without split PTE locks both are
// mm->page_table_lock, so the recheck is skipped though the lock was
// dropped; MADV_DONTNEED's empty-table reclaim frees T in the gap, and
// step 4 counts off and frees the "table" of a none pmd (pfn 0).
//
// source: the fork's finding on Debian's 7.3.4 (today.md), reproduced on
//   stock 7.3.4 with NR_CPUS=2 (issue 21), status upstream not known
//   here: try_collapse_pte_mapped_thp() drops ptl with spin_unlock()
//   (mm/khugepaged.c:2028-2029 of 7.3.4) and rechecks pmd_same() only
//   if ptl != pml (mm/khugepaged.c:2038-2047 of 7.3.4);
//   SPLIT_PTE_PTLOCKS needs NR_CPUS >= 4 (mm/Kconfig:606-614 of 7.3.4);
//   the reclaim is zap_pte_table_if_empty() (mm/memory.c:1997 of 7.3.4)
// expect: bad_free
// figure: model-lock-identity
// title: One lock for ptl and pml: step 4 skips its recheck and frees a none pmd
// lane d4: MADV_COLLAPSE, try_collapse_pte_mapped_thp() (7.3.4)
// lane d2: MADV_DONTNEED, empty-table reclaim
#define W0 W_NONE
#define INIT_PTE page
#define COLLAPSE 1
#define COLLAPSE_RECHECK RC_SPLIT_ONLY
#define SHARED_PTL 1
#define RECLAIM 1
#include "../nolock.pml"
