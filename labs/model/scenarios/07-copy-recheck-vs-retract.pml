// SPDX-License-Identifier: GPL-2.0
//
// The recheck made against a copy of the pmd: walk_pte_range() is handed
// a pointer to walk_pmd_range()'s stack copy, so pmd_same() compares the
// copy with itself and always passes.
//
// source: 2441774f2d28 as merged for 6.13; upstream called
//   walk_pte_range(&val, ...) from 6.13 to 7.3.4
//   (mm/vmscan.c:3774 of 7.3.4); lab 4 (CONFIG_PTLAB_COPY_RECHECK)
//   rebuilds it on 6.12.118
// expect: write_detached
#define W0 W_RW
#define W0_GUARD G_PMD_COPY
#define RETRACT 1
#include "../nolock.pml"
