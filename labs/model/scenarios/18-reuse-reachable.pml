// SPDX-License-Identifier: GPL-2.0
//
// Scenario 17 is not vacuous: in its configuration the walker maps T,
// T is detached and freed, its page comes back as T2 at the same pmd,
// and the walker, having mapped again, holds T2's lock.  Reuse happens;
// RCU only keeps it out of the window in which the walker looks at T.
//
// source: scenario 17's configuration
// expect: reachable
#define W0 W_RW
#define W0_GUARD G_PMD_SAME
#define W0_RCU 1
#define RETRACT 1
#define REUSE 1
#define PTL_IN_PAGE 1
#define YOUNG 1
#define PROBE (saw_T[0] && live_tab == TAB_T2 && mapped[0] == TAB_T2 && ptl == OWN_W0)
#include "../nolock.pml"
