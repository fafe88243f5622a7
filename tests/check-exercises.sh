#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make exercises-check: every review exercise applies to the tip and its
# check shows the bug (or, for the reasoning-only ones, applies and runs).
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/exercises-check.sh"
