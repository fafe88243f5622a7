// SPDX-License-Identifier: GPL-2.0
//
// munmap's free_pgtables() frees T with no ptl and no grace period; it
// relies on the VMA being unreachable.  A walker that holds neither
// mmap_lock nor the VMA lock (an outsider) may still be inside T, and
// its RCU read section does not help.
//
// source: the note on free_pgtables() above __pte_offset_map_lock()
//   (610d06576737; its free_pgtables() at mm/pgtable-generic.c:359);
//   without PARAVIRT, x86 does not select MMU_GATHER_RCU_TABLE_FREE
//   (arch/x86/Kconfig:273)
// expect: use_after_free
// citations: fork-base
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W0_MMAP 0
#define MUNMAP 1
#include "../nolock.pml"
