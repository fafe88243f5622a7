// SPDX-License-Identifier: GPL-2.0
//
// Two detachers: 6.12's retract_page_tables(), which looks at the pmd
// only before it takes pml, against empty-table reclaim.  If reclaim
// detaches and frees T in between, retract locks T's freed ptlock and
// frees T again.
//
// source: Qi Zheng's answer in Jann Horn's review thread,
//   https://lore.kernel.org/all/CAG48ez1S3nU0qzf6zZYAOTGO=RmK_2z+ZvHLzrpfamQ4uGK4hg@mail.gmail.com/;
//   fixed by 6c18ec9af86c
// expect: use_after_free
#define W0 W_NONE
#define RETRACT 1
#define RETRACT_RECHECK 0
#define RECLAIM 1
#include "../nolock.pml"
