// SPDX-License-Identifier: GPL-2.0
//
// The same dst with the fix: a real pmdval and pmd_same() under the
// ptl, against the same reclaimer.
//
// source: dd95d2782a25; the fork's patch 11
// expect: holds
#define W0 W_FILL
#define W0_GUARD G_PMD_SAME
#define RECLAIM 1
#include "../nolock.pml"
