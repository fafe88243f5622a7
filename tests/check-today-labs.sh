#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The labs on today's kernel (RECIPE=7.3): the 7.3 tree, its lab kernel
# and its guest (made here when missing; the tree is usually there already,
# from the citations check), then every lab of the recipe in batch GDB,
# each run compared with its -7.3 transcript, then lab 6's race without
# the window (scripts/lab-stress.sh), then the labs that KASAN must see
# (TODAY_KASAN_LABS) on Generic KASAN builds.

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
step "today's kernel: lab 6 without the window (random timing)"
scripts/lab-stress.sh
for n in ${TODAY_KASAN_LABS:-5}; do
	step "today's kernel: lab $n on Generic KASAN builds"
	KASAN=1 scripts/lab-check.sh "$n"
done
