// SPDX-License-Identifier: GPL-2.0
//
// The same two detachers with 6.14's recheck of the pmd state under pml
// in retract_page_tables().
//
// source: 6c18ec9af86c
// dossier: series-facts.md section 4
// expect: holds
#define W0 W_NONE
#define RETRACT 1
#define RETRACT_RECHECK 1
#define RECLAIM 1
#include "../nolock.pml"
