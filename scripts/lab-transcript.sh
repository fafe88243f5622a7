#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare one lab run's transcript with the copy its page shows, or, with
# TRANSCRIPT_UPDATE=1 (make lab-transcripts), write that copy.
#
# Usage: lab-transcript.sh RAW NAME
#   RAW   the transcript lines the lab's GDB script wrote ($LAB_TRANSCRIPT,
#         see labs/gdb/fork.py)
#   NAME  lab-N, or lab-N-VARIANT for a lab that runs on several kernels
# The copy is Documentation/mm/pte-nolock/transcripts/NAME.txt; the lab's
# page shows it with ".. literalinclude::".  RAW is normalized first
# (scripts/lab-transcript-normalize.py: pids, pfns, kernel addresses become
# numbered placeholders).  Exit 1, with a diff, when they differ.
#
# A new lab gets this by doing nothing special: scripts/lab-check.sh calls
# it after every passing run of every lab; 'make lab-transcripts' writes
# the first copy, and the page includes it.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

raw=${1:?usage: lab-transcript.sh RAW NAME}
name=${2:?usage: lab-transcript.sh RAW NAME}
need python3 python3
[ -s "$raw" ] || die "no transcript in $raw: the lab's GDB script wrote none"
dir=$FORK_ROOT/Documentation/mm/pte-nolock/transcripts
copy=$dir/$name.txt
rel=${copy#"$FORK_ROOT"/}
new=$raw.normalized
python3 "$FORK_ROOT/scripts/lab-transcript-normalize.py" "$raw" >"$new"

if [ "${TRANSCRIPT_UPDATE:-0}" = 1 ]; then
	mkdir -p "$dir"
	if [ -f "$copy" ] && cmp -s "$new" "$copy"; then
		echo "transcript $rel: unchanged"
	else
		cp "$new" "$copy"
		echo "transcript $rel: written ($(wc -l <"$copy") lines); review it with git diff"
	fi
	exit 0
fi
[ -f "$copy" ] || die "no $rel: run 'make lab-transcripts' to write it"
if diff -u --label "$rel (the page's)" --label "this run's, normalized" "$copy" "$new"; then
	echo "transcript $rel: this run's matches the page's ($(wc -l <"$copy") lines)"
else
	echo "transcript $rel: this run's differs from the page's (above); if the change is" \
		"meant, 'make lab-transcripts' refreshes it"
	exit 1
fi
