#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The series checks can fail, and the series passes them:
#   1. a patch made not to apply is named, with its file;
#   2. a checkpatch error fails, and passes once the cover letter excepts it;
#   3. a warning that only moved is not new, an added one is;
# then make check-series on patches/series.

# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/series-lib.sh"

S=$FORK_ROOT/scripts
tmp=$BUILD/checks/series-tests
rm -rf "$tmp"
mkdir -p "$tmp"
"$S/tree.sh" >/dev/null

# 1. Break a context line of patch 09 (or the last patch touching a .c file).
victim=$(series_entry 9)
[ -n "$victim" ] || victim=$(series_patches | tail -n 1)
[ -n "$victim" ] || die "patches/series lists no patches"
mkdir -p "$tmp/apply"
cp "$PATCHES"/* "$tmp/apply/"
file=$(sed -n -E 's#^diff --git a/([^ ]+) .*#\1#p' "$PATCHES/$victim" | head -n 1)
awk '/^@@ / && !done { hunk = 1; print; next }
	hunk && /^ / && !done { print $0 " /* broken */"; done = 1; next }
	{ print }' "$PATCHES/$victim" >"$tmp/apply/$victim"
if out=$(SERIES_PATCHES_DIR=$tmp/apply SERIES_VERSIONS=$(pinned_base_version) "$S/series-apply.sh" 2>&1); then
	printf '%s\n' "$out"
	die "a patch with a broken context line was reported as applying"
fi
grep -F "$victim does not apply (file $file;" <<<"$out" >/dev/null || {
	printf '%s\n' "$out"
	die "the apply failure does not name $victim and $file"
}
echo "apply: a broken $victim is named with its file $file"

# 2. A patch with trailing whitespace (a checkpatch ERROR).
mkdir -p "$tmp/cp"
tree_git show "$BASE_TAG:mm/memory.c" >"$tmp/cp/a"
{
	cat "$tmp/cp/a"
	echo "/* a line made to fail checkpatch */ "
} >"$tmp/cp/b"
{
	cat <<-'EOF'
	From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
	From: Fork Checks <checks@pte-nolock.invalid>
	Date: Sun, 17 Nov 2024 00:00:00 +0000
	Subject: [PATCH] mm: a patch made to fail checkpatch

	The tests of the series checks use this patch: it adds a line with
	trailing whitespace, which checkpatch reports as an error.

	Signed-off-by: Fork Checks <checks@pte-nolock.invalid>
	---
	EOF
	echo "diff --git a/mm/memory.c b/mm/memory.c"
	diff -u --label a/mm/memory.c --label b/mm/memory.c "$tmp/cp/a" "$tmp/cp/b" || true
	echo "-- "
	echo "2.39.5"
} >"$tmp/cp/0001-mm-checks.patch"
echo 0001-mm-checks.patch >"$tmp/cp/series"
cp "$PATCHES/base-version" "$tmp/cp/"
if out=$(SERIES_PATCHES_DIR=$tmp/cp "$S/series-checkpatch.sh" 2>&1); then
	printf '%s\n' "$out"
	die "a patch with trailing whitespace passed the checkpatch check"
fi
grep -q 'ERROR:TRAILING_WHITESPACE' <<<"$out" || {
	printf '%s\n' "$out"
	die "the checkpatch failure does not name TRAILING_WHITESPACE"
}
printf 'Subject: [PATCH 0/1] checks\n\nExceptions:\n  0001 ERROR:TRAILING_WHITESPACE: made so on purpose\n' \
	>"$tmp/cp/0000-cover-letter.patch"
out=$(SERIES_PATCHES_DIR=$tmp/cp "$S/series-checkpatch.sh" 2>&1) || {
	printf '%s\n' "$out"
	die "an error the cover letter excepts still fails the checkpatch check"
}
echo "checkpatch: an error fails; the same error, excepted in the cover letter, passes"

# 3. Warning comparison: moved is not new, added is, offsets do not matter.
cat >"$tmp/base.log" <<-EOF
	/src/mm/memory.c:100:5: warning: unused variable 'x' [-Wunused-variable]
	/src/mm/memory.c:200:9: warning: context imbalance in 'f' - unexpected unlock
	vmlinux.o: warning: objtool: g+0x12: unreachable instruction
EOF
cat >"$tmp/new.log" <<-EOF
	  CC      mm/memory.o
	/src/mm/memory.c:120:5: warning: unused variable 'x' [-Wunused-variable]
	/src/mm/memory.c:230:9: warning: context imbalance in 'f' - unexpected unlock
	vmlinux.o: warning: objtool: g+0x40: unreachable instruction
	/src/mm/memory.c:130:1: warning: no previous prototype for 'h' [-Wmissing-prototypes]
	/src/mm/memory.c:140:5: warning: unused variable 'x' [-Wunused-variable]
EOF
normalize_warnings /src <"$tmp/base.log" >"$tmp/base.warn"
normalize_warnings /src <"$tmp/new.log" >"$tmp/new.warn"
new=$(new_warnings "$tmp/base.warn" "$tmp/new.warn")
want="mm/memory.c: warning: no previous prototype for 'h' [-Wmissing-prototypes]
mm/memory.c: warning: unused variable 'x' [-Wunused-variable]"
[ "$new" = "$want" ] || die "warning comparison: got
$new
want
$want"
echo "warnings: moved ones are not new; an added one and a second copy of an old one are"

"$S/check-series.sh"
