// SPDX-License-Identifier: GPL-2.0
//
// The lock-identity gap: 7.3.4's try_collapse_pte_mapped_thp() drops
// the ptl after step 2 and, in step 4, rechecks the pmd only if the ptl
// is not the pmd lock.  Without split PTE locks both are
// mm->page_table_lock, so the recheck is skipped though the lock was
// dropped; MADV_DONTNEED's empty-table reclaim frees T in the gap, and
// step 4 counts off and frees the "table" of a none pmd (on x86, the
// struct page of pfn 0).
//
// source: the fork's finding on Debian's 7.3.4, which lab 6 shows on a
//   7.3 lab kernel with NR_CPUS=2 and 7.3.4's step 4; status upstream
//   not known here: try_collapse_pte_mapped_thp() drops ptl with spin_unlock()
//   (mm/khugepaged.c:2028-2029 of 7.3.4) and rechecks pmd_same() only
//   if ptl != pml (mm/khugepaged.c:2040-2042 of 7.3.4);
//   SPLIT_PTE_PTLOCKS needs NR_CPUS >= 4 (mm/Kconfig:606-614 of 7.3.4);
//   the reclaim clears the pmd, still under the lock it zapped with, in
//   zap_empty_pte_table() (mm/memory.c:1982 of 7.3.4), or else in
//   zap_pte_table_if_empty() (mm/memory.c:1997 of 7.3.4), then frees T
//   with pte_free_tlb() (mm/memory.c:2115 of 7.3.4); the model's reclaim
//   lets go of the lock between the zap and the clear, which admits both
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
