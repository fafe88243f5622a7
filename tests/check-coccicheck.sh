#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coccicheck's five parts: the tip reports only what
# scripts/coccinelle/locks/pte_nolock.expected lists, the
# CONFIG_PTLAB_COPY_RECHECK variant gets its rule 2 report, Linux
# 7.3.4's try_collapse_pte_mapped_thp() its rule 8 report, rule 1 reports
# exactly the marked callers of tests/coccinelle/rule1/rule1.c, and today's
# kernel (build/7.3/linux's base, made if missing) reports only what
# scripts/coccinelle/locks/pte_nolock.expected-7.3 lists, with every call
# the rules look at parsed.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/coccicheck.sh"
"$FORK_ROOT/scripts/coccicheck.sh" copy-recheck
"$FORK_ROOT/scripts/coccicheck.sh" lock-identity
"$FORK_ROOT/scripts/coccicheck.sh" rule1
"$FORK_ROOT/scripts/coccicheck.sh" today
