// SPDX-License-Identifier: GPL-2.0
//
// pte_same() as the guard, on an entry that was present when read (the
// none case takes the locked path), with a dummy pmdval, against both
// retract_page_tables() and empty-table reclaim: a table is emptied
// before it leaves the pmd, so a present entry never matches in a
// detached table.  Source: d9c1ddf37b4c (handle_pte_fault()),
// series-facts.md sections 1.1 (06) and 9 (the rule for writers).
//
// expect: holds
#define W0 W_RW
#define W0_GUARD G_PTE_SAME
#define INIT_PTE page
#define RETRACT 1
#define RECLAIM 1
#include "../nolock.pml"
