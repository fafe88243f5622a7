#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab-transcripts [LABS='1 3']: run each lab's check once and write its
# normalized transcript into Documentation/mm/pte-nolock/transcripts/, the
# copy its page includes and that make lab-N-check compares with.  Only a
# passing run writes.  Review the result with git diff before committing.

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

labs=${*:-$LABS}
failed=()
for n in $labs; do
	lab_known "$n"
	step "lab-transcripts: lab $n"
	TRANSCRIPT_UPDATE=1 "$FORK_ROOT/scripts/lab-check.sh" "$n" || failed+=("$n")
done
[ ${#failed[@]} = 0 ] || die "lab(s) ${failed[*]} failed: their transcripts were not written"
git -C "$FORK_ROOT" status --short -- Documentation/mm/pte-nolock/transcripts
