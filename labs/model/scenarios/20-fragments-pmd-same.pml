// SPDX-License-Identifier: GPL-2.0
//
// The same fragments with pmd_same(): U's pmd entry holds another
// address in the same page, so the raw values differ and the walker
// backs off, maps U and writes there.
//
// source: powerpc's pte_fragment_alloc()
//   (arch/powerpc/mm/pgtable-frag.c:99 of fork-base); 2441774f2d28 (walk_pte_range()), as the
//   fork carries it
// expect: holds
// citations: fork-base
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define RETRACT 1
#define FRAGMENTS 1
#include "../nolock.pml"
