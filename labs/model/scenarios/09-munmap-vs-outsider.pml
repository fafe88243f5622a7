// SPDX-License-Identifier: GPL-2.0
//
// free_pgtables() frees T with no ptl and no grace period; it relies on
// the VMA being unreachable.  A walker that holds neither mmap_lock nor
// the VMA lock (an outsider) may still be inside T: its RCU section does
// not help.  Source: the note of 610d06576737 kept by 66efef9b1a7d
// (series-facts.md section 2, point 1), section 6.3.
//
// expect: use_after_free
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W0_MMAP 0
#define MUNMAP 1
#include "../nolock.pml"
