#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# What the fork ships stands on its own: no page, transcript, model
# scenario, comment, check, guest script or patch message gives as its
# source a tracker entry ("issue 21", "issues 20, 21") or a file that is
# not in the repository (a "dossier", the reference notes kept beside the
# repository, anything under a "shared/" directory).  A reader can open a
# path:line of a named tree, a commit id, a lore Message-ID or a file of
# this repository; nothing else counts as a source.
#
# Ordinary words still pass: "an issue", "issues with", "at issue",
# "shared" and "MAP_SHARED/MAP_PRIVATE" do not match; only "issue" or
# "issues" followed by a number, the words "dossier" and "series-facts",
# the file names today.md and anchors.md, and "shared/" as a path
# component do.
#
# Usage: tests/check-no-tracker.sh [FILE...]
#   without FILE: every file git tracks (or is about to) under the
#   shipped paths below; with FILE: those files only.  Either way the
#   pattern is first tried on planted lines, which it must catch, and on
#   ordinary ones, which it must pass.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pattern='(^|[^[:alnum:]_])issues?[[:space:]]+#?[0-9]|dossier|series-facts|(^|[^[:alnum:]_])(today|anchors)\.md|(^|[^[:alnum:]_.-])shared/'
shipped=(Documentation labs tests scripts patches mm include diagrams README.md Makefile)

# First, the check can fail, and ordinary words pass: each planted line
# must match, each ordinary one must not.
planted=(
	'found in issue 21, item 4'
	'Today'"'"'s kernel (issues 20, 21): labs 3-6'
	'// dossier: series-facts.md section 5.2'
	'the fork'"'"'s finding (today.md)'
	'see ../shared/reference/anchors.md'
)
ordinary=(
	'an issue with the recheck, at issue here; issues remain'
	'MAP_SHARED/MAP_PRIVATE, shared memory, a shared lock'
	'tissue 3, reissue 4'
)
for l in "${planted[@]}"; do
	grep -qiE -- "$pattern" <<<"$l" || { echo "no-tracker: the pattern misses a planted line: $l" >&2; exit 1; }
done
for l in "${ordinary[@]}"; do
	! grep -qiE -- "$pattern" <<<"$l" || { echo "no-tracker: the pattern takes an ordinary line: $l" >&2; exit 1; }
done
echo "no-tracker: ${#planted[@]} planted lines caught, ${#ordinary[@]} ordinary ones passed"

if [ $# -gt 0 ]; then
	files=("$@")
else
	# the files a commit would ship: tracked, and new ones not ignored;
	# not this script, which has to spell the patterns out
	mapfile -t listed < <(git ls-files --cached --others --exclude-standard -- "${shipped[@]}" |
		grep -vx 'tests/check-no-tracker.sh')
	files=()
	for f in "${listed[@]}"; do
		[ -f "$f" ] && files+=("$f")	# not a tracked file deleted since
	done
fi
[ ${#files[@]} -gt 0 ] || { echo "no-tracker: no files to read" >&2; exit 1; }

hits=$(printf '%s\0' "${files[@]}" | xargs -0 grep -nIiE -- "$pattern" /dev/null || true)
if [ -n "$hits" ]; then
	printf '%s\n' "$hits"
	n=$(printf '%s\n' "$hits" | wc -l)
	echo "no-tracker: $n line(s) above cite a tracker entry or a file outside the repository;" \
		"cite a path:line of a named tree, a commit id, a lore Message-ID or a file of this repository instead" >&2
	exit 1
fi
echo "no-tracker: ${#files[@]} shipped files cite no tracker entry and no file outside the repository"
