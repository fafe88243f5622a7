// SPDX-License-Identifier: GPL-2.0
//
// Two detachers: 6.12's retract_page_tables(), which looks at the pmd
// only before taking pml, against empty-table reclaim.  If reclaim frees
// T in between, retract locks T's ptlock and frees T again.  Source:
// series-facts.md section 4 (Qi's answer to Jann), fixed by 6c18ec9af86c.
//
// expect: use_after_free
#define W0 W_NONE
#define RETRACT 1
#define RETRACT_RECHECK 0
#define RECLAIM 1
#include "../nolock.pml"
