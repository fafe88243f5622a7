#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make exercises-check, for each recipe: every review exercise applies to
# the recipe's tip and its check shows the bug (or, for the reasoning-only
# ones, applies and runs).  Today's kernel's exercise needs its tree and
# lab guest, which the today-labs check leaves; made here when missing.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/exercises-check.sh"
step "exercises of today's kernel (RECIPE=7.3)"
RECIPE=7.3 make -s -C "$FORK_ROOT" initramfs
RECIPE=7.3 "$FORK_ROOT/scripts/exercises-check.sh"
