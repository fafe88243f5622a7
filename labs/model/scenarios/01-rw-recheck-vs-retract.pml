// SPDX-License-Identifier: GPL-2.0
//
// The fork's rw walker: it maps T with pte_offset_map_rw_nolock(), takes
// T's ptl, and compares pmdval with the live pmd entry (pmd_same()),
// against retract_page_tables().  The recheck sees the detach; the walker
// backs off, maps again and finds no table.
//
// source: 2441774f2d28 (walk_pte_range()), as the fork carries it:
//   against the live entry; lab 3 replays it
// expect: holds
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define RETRACT 1
#include "../nolock.pml"
