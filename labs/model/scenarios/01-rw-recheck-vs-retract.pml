// SPDX-License-Identifier: GPL-2.0
//
// The fork's rw walker: pte_offset_map_rw_nolock(), then T's ptl, then
// pmd_same() against the real pmd entry, against retract_page_tables().
// The recheck sees the detach, the walker backs off and maps again, finds
// no table.  Source: series patch 12, 2441774f2d28 (walk_pte_range()),
// series-facts.md section 1.1; lab 3 replays this on the real kernel.
//
// expect: holds
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define RETRACT 1
#include "../nolock.pml"
