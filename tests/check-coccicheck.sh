#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coccicheck's three parts: the tip reports only what
# scripts/coccinelle/locks/pte_nolock.expected lists, the
# CONFIG_PTLAB_COPY_RECHECK variant gets its rule 2 report, and Linux
# 7.3.4's try_collapse_pte_mapped_thp() its rule 8 report.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/coccicheck.sh"
"$FORK_ROOT/scripts/coccicheck.sh" copy-recheck
"$FORK_ROOT/scripts/coccicheck.sh" lock-identity
