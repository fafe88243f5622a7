// SPDX-License-Identifier: GPL-2.0
//
// The dst of move_pages_pte() as 6.13 has it: a dummy pmdval and
// pte_same() on the dst entry, which a move needs to be none, against
// 6.14-style empty-table reclaim.  none matches none in the detached
// table and the moved entry lands there.
//
// source: e9c74b543163, fixed by dd95d2782a25 (found by Jann Horn); lab 5
//   shows it on the real kernel
// expect: write_detached
// figure: model-none-entry-guard
// title: pte_same() on a none entry cannot see that T was reclaimed
// lane w0: UFFDIO_MOVE dst, pte_same() only
// lane d2: MADV_DONTNEED, empty-table reclaim
#define W0 W_FILL
#define W0_GUARD G_PTE_SAME
#define RECLAIM 1
#include "../nolock.pml"
