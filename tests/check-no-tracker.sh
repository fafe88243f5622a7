#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# What the fork ships stands on its own: no page, transcript, model
# scenario, comment, check, guest script or patch message gives as its
# source a tracker entry (the word "issue" or "issues" and a number) or a
# file that is not in the repository: the reference notes kept beside it
# (by name, or by the word for such a collection of notes), anything
# under a directory named shared.  A reader can open a path:line of a
# named tree, a commit id, a lore Message-ID or a file of this
# repository; nothing else counts as a source.
#
# Ordinary words still pass: "an issue", "issues with", "at issue",
# "shared" and "MAP_SHARED/MAP_PRIVATE" do not match.  This file spells
# the patterns so that they do not match themselves, and is scanned too.
#
# Usage: tests/check-no-tracker.sh [FILE...]
#   without FILE: every file git tracks (or is about to) under the
#   shipped paths below; with FILE: those files only.  Either way the
#   pattern is first tried on planted lines, which it must catch, and on
#   ordinary ones, which it must pass.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pattern='(^|[^[:alnum:]_])issues?[[:space:]]+#?[0-9]|dossie[r]|series-fact[s]|(^|[^[:alnum:]_])(toda[y]|anchor[s])[.]md|(^|[^[:alnum:]_.-])share[d]/'
shipped=(Documentation labs tests scripts patches mm include diagrams README.md Makefile)

# First, the check can fail, and ordinary words pass: each planted line
# must match, each ordinary one must not.
planted=(
	'found in iss''ue 21, item 4'
	'labs on 7.3 (iss''ues 20, 21): labs 3-6'
	'// dossi''er: series-fa''cts.md section 5.2'
	'the finding (toda''y.md)'
	'see ../sha''red/reference/ancho''rs.md'
)
ordinary=(
	'an issue with the recheck, at issue here; issues remain'
	'MAP_SHARED/MAP_PRIVATE, shared memory, a shared lock'
	'tissues 3 and 4 were reissued 5 times'
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
	# the files a commit would ship: tracked, and new ones not ignored
	mapfile -t listed < <(git ls-files --cached --others --exclude-standard -- "${shipped[@]}")
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
