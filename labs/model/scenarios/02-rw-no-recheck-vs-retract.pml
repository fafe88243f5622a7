// SPDX-License-Identifier: GPL-2.0
//
// An rw walker without a recheck against retract_page_tables(): it
// takes T's ptl after T left the pmd and fills a none entry of the
// detached table (David's case (a), series-facts.md section 0).  6.12's
// MGLRU walk_pte_range() has no pmd_same() (section 6.5); lab 4 takes
// the fork's recheck away (through a copy: scenario 07) and shows the
// walker inside the detached table.
//
// expect: write_detached
// figure: model-no-recheck
// title: An rw walker without a recheck writes into a detached table
// lane w0: an rw walker, no recheck
// lane d1: MADV_COLLAPSE, retract_page_tables()
#define W0 W_RW
#define W0_GUARD G_NONE
#define RETRACT 1
#include "../nolock.pml"
