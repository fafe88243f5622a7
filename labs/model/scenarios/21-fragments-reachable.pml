// SPDX-License-Identifier: GPL-2.0
//
// Scenario 20 is not vacuous: the walker that mapped T holds the lock
// of T's page while U, the other fragment of that page, is installed
// in the pmd, which is the state in which a same-pfn comparison is
// fooled and pmd_same() is not.
//
// source: scenario 20's configuration
// expect: reachable
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define RETRACT 1
#define FRAGMENTS 1
#define PROBE (saw_T[0] && mapped[0] == TAB_T && live_tab == TAB_U && ptl == OWN_W0)
#include "../nolock.pml"
