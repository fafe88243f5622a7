#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/checkpatch.pl --strict on every patch of patches/series: no
# errors and no warnings ("CHECK" notes are shown, and allowed).
#
# A justified exception is listed in the cover letter,
# patches/0000-cover-letter.patch, on one line that names the patch number
# and checkpatch's type, for example
#     0009 WARNING:LONG_LINE: the format string stays on one line
# Every reported error or warning must match such a line; exceptions that
# match nothing are shown, so they can be dropped.
#
# checkpatch runs without git (GIT_DIR points nowhere): build/linux holds
# the base as one commit, without upstream history, so git mode would call
# every upstream commit id that a message cites "unknown". Without git,
# checkpatch's git_commit_info() returns no id (6.12's
# git_commit_info() at scripts/checkpatch.pl:1231-1234 of fork-base; 7.3's
# git_commit_info() at scripts/checkpatch.pl:1263-1266 of 7.3.4), so a
# Fixes: or "commit <id>" line is still reported (6.12's UNKNOWN_COMMIT_ID
# at scripts/checkpatch.pl:3528 of fork-base; 7.3's UNKNOWN_COMMIT_ID at
# scripts/checkpatch.pl:3590 of 7.3.4): shown, and not counted, since no
# tree here can look the id up. 6.12's series cites none; 7.3's 0003 has
# a Fixes: line.
#
# RECIPE=7.3 (CHECKPATCH_AS_MADE, scripts/series-lib.sh): each commit of
# build/7.3/linux as git format-patch writes it, so that the files
# patches/7.3/series attaches to a patch (mm/ptlab.c, include/linux/ptlab.h)
# are checked with it. The 7.3 queue has no cover letter: no exceptions.

SERIES_ANY_RECIPE=yes
# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/series-lib.sh"

need perl perl
need_tree
checkpatch=$TREE/scripts/checkpatch.pl
[ -x "$checkpatch" ] || die "no $checkpatch: run 'make tree'"
out=$SERIES_OUT/checkpatch
mkdir -p "$out"

# Exceptions: "NNNN TYPE" pairs from the cover letter.
exceptions=$out/exceptions
if [ -f "$COVER_LETTER" ]; then
	{ grep -oE '\b[0-9]{4}\b.*\b(ERROR|WARNING):[A-Z0-9_]+' "$COVER_LETTER" || true; } |
		sed -E 's/^([0-9]{4}).*\b((ERROR|WARNING):[A-Z0-9_]+)$/\1 \2/' | sort -u >"$exceptions"
else
	[ -z "$COVER_REQUIRED" ] ||
		note "no cover letter at ${COVER_LETTER#"$FORK_ROOT"/}: no checkpatch exceptions can be listed"
	: >"$exceptions"
fi

fail=0
used=$out/used
: >"$used"
n=0
while IFS= read -r p; do
	n=$((n + 1))
	num=${p%%-*}
	log=$out/${p%.patch}.log
	input=$PATCHES/$p
	as_made=
	if [ -n "$CHECKPATCH_AS_MADE" ]; then
		c=$(patch_commit "$p")
		[ -n "$c" ] || die "$RECIPE_TREE_NAME has no commit for $p: run 'make tree'"
		input=$out/${p%.patch}.as-made.patch
		tree_git format-patch --stdout -1 "$c" >"$input"
		attached=$(attached_files "$p" | tr '\n' ' ')
		as_made=" (the commit as made${attached:+, with ${attached% }})"
	fi
	# checkpatch exits 1 on any error or warning; the totals line decides
	(cd "$TREE" && GIT_DIR=/nonexistent "$checkpatch" --strict --show-types --color=never \
		"$input") >"$log" 2>&1 || true
	total=$(grep -m1 '^total:' "$log" || true)
	[ -n "$total" ] || {
		echo "    FAIL $p: checkpatch printed no totals (log: $log)"
		fail=1
		continue
	}
	bad=0
	while IFS= read -r issue; do
		type=${issue%%: *}
		if grep -qxF "$num $type" "$exceptions"; then
			echo "$num $type" >>"$used"
			echo "    $p: $issue (excepted in the cover letter)"
		elif [ "$type" = WARNING:UNKNOWN_COMMIT_ID ]; then
			echo "    $p: $issue (not counted: no upstream history here to look the id up in)"
		else
			echo "    $p: $issue"
			bad=$((bad + 1))
		fi
	done < <(grep -E '^(ERROR|WARNING):' "$log")
	if [ $bad = 0 ]; then
		echo "    ok   $p$as_made: ${total#total: }"
	else
		echo "    FAIL $p$as_made: ${total#total: }; $bad not excepted in the cover letter (log: $log)"
		fail=1
	fi
done < <(series_patches)
[ $n -gt 0 ] || die "patches/series lists no patches"

while read -r num type; do
	grep -qxF "$num $type" "$used" ||
		note "the cover letter excepts $type for patch $num, but checkpatch does not report it"
done <"$exceptions"
[ $fail = 0 ] || die "checkpatch --strict reports errors or warnings that the cover letter does not except (above)"
if [ -f "$COVER_LETTER" ] || [ -n "$COVER_REQUIRED" ]; then
	echo "checkpatch --strict: $n patches, 0 errors and 0 warnings outside the cover letter's exceptions"
else
	echo "checkpatch --strict: $n patches, 0 errors and 0 warnings (no cover letter, no exception)"
fi
