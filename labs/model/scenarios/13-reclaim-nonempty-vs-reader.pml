// SPDX-License-Identifier: GPL-2.0
//
// A reclaimer that trusts its own zap and does not check under the ptl
// that T is still all none.  A correct rw walker refills the entry
// between the zap and the reclaim, T leaves the pmd with a page in it,
// and a reader inside T reads that page although the address maps
// nothing any more.
//
// source: "mm: pgtable: fix incorrect reclaim of non-empty PTE pages",
//   lore 20250211072625.89188-1-zhengqi.arch@bytedance.com (fixes
//   6375e95f381e)
// expect: stale_read
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W1 W_RO
#define W1_GUARD G_NONE
#define RECLAIM 1
#define RECLAIM_ALLNONE 0
#include "../nolock.pml"
