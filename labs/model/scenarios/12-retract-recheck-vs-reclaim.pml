// SPDX-License-Identifier: GPL-2.0
//
// The same two detachers with 6.14's recheck of the pmd state under pml
// in retract_page_tables().
//
// source: 6c18ec9af86c
// expect: holds
#define W0 W_NONE
#define RETRACT 1
#define RETRACT_RECHECK 1
#define RECLAIM 1
#include "../nolock.pml"
