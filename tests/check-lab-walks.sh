#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The labs as a reader lives them (scripts/lab-walk.py): the pages' Steps
# lists made from the table and the transcripts (scripts/lab-steps.py
# check), then every lab of the recipe, every kernel its page offers,
# typed into tmux; lab 3 also with 'continue' at the first stop.
# RECIPE=7.3: today's kernel's labs.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

cd "$FORK_ROOT"
python3 scripts/lab-steps.py check
make -s initramfs
failed=0
for n in $RECIPE_LABS; do
	step "lab $n as a reader types it (tmux)"
	if [ "$n" = 3 ]; then
		CONTINUE=1 scripts/lab-walk.sh "$n" || failed=1
	else
		scripts/lab-walk.sh "$n" || failed=1
	fi
done
exit $failed
