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

# A lab's GDB script refuses a kernel built for another of its variants
# (labs/gdb/fork.py, lab_main()): lab 3's raw steps on the lab kernel.
step "lab 3's raw steps on the lab kernel: refused"
out=$(BZIMAGE=$KBUILD/arch/x86/boot/bzImage VMLINUX=$KBUILD/vmlinux LAB_VARIANT=raw \
	LAB_BATCH=1 scripts/gdb-batch.sh lab-3 labs/gdb/lab-3.py 120 2>&1) &&
	die "lab 3's raw steps ran on the lab kernel ($KBUILD) instead of being refused"
grep -F "the 'raw' steps need a kernel with CONFIG_PTLAB_RAW_PMD_RECHECK=y" <<<"$out" ||
	{ printf '%s\n' "$out" | tail -n 20; die "lab 3 failed on the wrong kernel, but not with its refusal"; }

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
