#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coccicheck's two halves: the tip reports only what
# scripts/coccinelle/locks/pte_nolock.expected lists, and the
# CONFIG_PTLAB_COPY_RECHECK variant gets its rule 2 report.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/coccicheck.sh"
"$FORK_ROOT/scripts/coccicheck.sh" copy-recheck
