// SPDX-License-Identifier: GPL-2.0
//
// The same munmap against a walker that holds mmap_lock for read and
// finds the VMA before it maps: munmap cannot take mmap_lock for write
// while the walker is inside, and after the downgrade the walker cannot
// find the VMA.
//
// source: vms_complete_munmap_vmas() in mm/vma.c (mmap_write_downgrade()
//   at mm/vma.c:1159, then vms_clear_ptes() and its free_pgtables() at
//   mm/vma.c:1120);
//   610d06576737
// expect: holds
// citations: fork-base
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W0_MMAP 1
#define MUNMAP 1
#include "../nolock.pml"
