// SPDX-License-Identifier: GPL-2.0
//
// An rw walker without a recheck against retract_page_tables(): it takes
// T's ptl after T left the pmd and fills a none entry of the detached
// table.
//
// source: David Hildenbrand's case (a) for the recheck,
//   https://lore.kernel.org/all/f79bbfc9-bb4c-4da4-9902-2e73817dd135@redhat.com/;
//   6.12 walk_pte_range() has none after its pte_offset_map_nolock()
//   (mm/vmscan.c:3411); lab 4 takes the
//   fork's recheck away
// expect: write_detached
// citations: fork-base
// figure: model-no-recheck
// title: An rw walker without a recheck writes into a detached table
// lane w0: an rw walker, no recheck
// lane d1: MADV_COLLAPSE, retract_page_tables()
#define W0 W_RW
#define W0_GUARD G_NONE
#define RETRACT 1
#include "../nolock.pml"
