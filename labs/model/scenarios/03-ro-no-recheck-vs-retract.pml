// SPDX-License-Identifier: GPL-2.0
//
// A reader with pte_offset_map_ro_nolock() and no recheck, against
// retract_page_tables(): it may read T after T left the pmd, but T is all
// none and still allocated, so it reads what the live page table says.
//
// source: bd6ad65ddcbb (filemap_fault_recheck_pte_none()); the ro
//   paragraph of 66efef9b1a7d
// expect: holds
#define W0 W_RO
#define W0_GUARD G_NONE
#define RETRACT 1
#include "../nolock.pml"
