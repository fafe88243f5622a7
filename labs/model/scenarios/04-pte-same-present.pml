// SPDX-License-Identifier: GPL-2.0
//
// pte_same() as the guard, with a dummy pmdval, on an entry that was
// present when read (a none entry takes the locked path), against both
// retract_page_tables() and empty-table reclaim: a table is emptied
// before it leaves the pmd, so a present entry never matches in a
// detached table.  retract has the fork's recheck under pml: with
// 6.12's, the two detachers race each other as in scenario 11.
//
// source: d9c1ddf37b4c (handle_pte_fault()); David Hildenbrand,
//   https://lore.kernel.org/all/42aba316-2b01-4fdb-9aff-9e670aac4c6e@redhat.com/
// expect: holds
#define W0 W_RW
#define W0_GUARD G_PTE_SAME
#define INIT_PTE page
#define RETRACT 1
#define RECLAIM 1
#include "../nolock.pml"
