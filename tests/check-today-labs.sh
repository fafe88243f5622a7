#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The labs on today's kernel (RECIPE=7.3): the 7.3 tree, its lab kernel
# and its guest (made here when missing; the tree is usually there already,
# from the citations check), then every lab of the recipe in batch GDB,
# each run compared with its -7.3 transcript, then each lab as a reader
# types it in tmux (tests/check-lab-walks.sh), then lab 6's race without
# the window (scripts/lab-stress.sh), then the labs named in
# TODAY_KASAN_LABS on Generic KASAN builds.
#
# TODAY_KASAN_LABS is empty by default: a KASAN build of the 7.3 lab kernel
# is a second cold kernel build (973 s on 2026-12-04, on a loaded 2-core
# machine), which make check's budget does not hold next to 6.12's KASAN
# labs.  'RECIPE=7.3 KASAN=1 make lab-5-check' runs lab 5 there (README).

set -euo pipefail
export RECIPE=7.3
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

cd "$FORK_ROOT"
make -s initramfs
for n in $RECIPE_LABS; do
	step "today's kernel: lab $n"
	scripts/lab-check.sh "$n"
done
step "today's kernel: the labs as a reader types them (tmux)"
tests/check-lab-walks.sh
step "today's kernel: lab 6 without the window (random timing)"
scripts/lab-stress.sh
for n in ${TODAY_KASAN_LABS:-}; do
	step "today's kernel: lab $n on Generic KASAN builds"
	KASAN=1 scripts/lab-check.sh "$n"
done
