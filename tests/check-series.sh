#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The series checks can fail, and the series passes them:
#   1. a patch made not to apply is named, with its file; a patch that
#      applies to the tested base but not to a newer one is drift (a
#      warning, not a failure); a tested base nobody offers fails;
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
find "$PATCHES" -maxdepth 1 -type f -exec cp -t "$tmp/apply/" {} +
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

# 1b. Drift. Play an older offered version as the tested base, and the
# real tested base as the newer one: a one-line patch made against the
# older version, on a line the newer one changed, applies to the first
# and not to the second.
tested=$(pinned_base_version)
older=$(offered_versions | while IFS= read -r v; do
	if dpkg --compare-versions "$v" lt "$tested"; then
		echo "$v"
		break
	fi
done)
[ -n "$older" ] || die "no offered version older than $tested to play the tested base in the drift test"
mkdir -p "$tmp/drift/old" "$tmp/drift/new" "$tmp/drift/patches"
mapfile -t touched < <(for p in $(series_patches); do patch_files "$PATCHES/$p"; done | sort -u)
for v in "$older" "$tested"; do
	dir=$tmp/drift/new
	[ "$v" = "$older" ] && dir=$tmp/drift/old
	tar -xJf "$(base_tarball_of "$v")" -C "$dir" --strip-components=1 \
		"${touched[@]/#/$BASE_PACKAGE/}" 2>/dev/null || true
done
drift_file=
for f in "${touched[@]}"; do
	if [ -f "$tmp/drift/old/$f" ] && [ -f "$tmp/drift/new/$f" ] &&
		! cmp -s "$tmp/drift/old/$f" "$tmp/drift/new/$f"; then
		drift_file=$f
		break
	fi
done
[ -n "$drift_file" ] || die "the files the series touches are the same in $older and $tested: no drift to play"
# the first line of the older file that the newer one changed
line=$({ diff "$tmp/drift/old/$drift_file" "$tmp/drift/new/$drift_file" || true; } | sed -n -E '1s/^([0-9]+)(,[0-9]+)?[cd].*/\1/p')
[ -n "$line" ] || die "no changed line of $drift_file between $older and $tested to build the drift patch on"
sed "${line}s#\$# /* drift */#" "$tmp/drift/old/$drift_file" >"$tmp/drift/changed"
{
	printf 'From: Fork Checks <checks@pte-nolock.invalid>\nSubject: [PATCH] drift\n\n---\n'
	echo "diff --git a/$drift_file b/$drift_file"
	diff -u --label "a/$drift_file" --label "b/$drift_file" "$tmp/drift/old/$drift_file" "$tmp/drift/changed" || true
} >"$tmp/drift/patches/0001-drift.patch"
echo 0001-drift.patch >"$tmp/drift/patches/series"
echo "$older" >"$tmp/drift/patches/base-version"
out=$(SERIES_PATCHES_DIR=$tmp/drift/patches SERIES_VERSIONS="$older $tested" "$S/series-apply.sh" 2>&1) || {
	printf '%s\n' "$out"
	die "drift in a newer version failed the apply check; it must be a warning"
}
if ! grep -qF "ok   $older (tested)" <<<"$out" ||
	! grep -qF "DRIFT $tested (newer): 0001-drift.patch does not apply (file $drift_file;" <<<"$out"; then
	printf '%s\n' "$out"
	die "the drift result does not name the newer version, the patch and $drift_file"
fi
grep -qF "${tested%%-*} ($tested): patch 0001 does not apply ($drift_file)" "$BUILD/checks/series.warnings" ||
	die "no drift warning for make check's summary: $(cat "$BUILD/checks/series.warnings")"
echo "apply: a patch of $older that $tested no longer takes ($drift_file:$line) is drift, a warning, not a failure"

# 1c. A tested base that is no longer offered fails.
echo 6.12.999-1 >"$tmp/drift/patches/base-version"
if out=$(SERIES_PATCHES_DIR=$tmp/drift/patches SERIES_VERSIONS="$tested" "$S/series-apply.sh" 2>&1); then
	printf '%s\n' "$out"
	die "a tested base that nobody offers passed the apply check"
fi
grep -qF "6.12.999-1 (tested): no longer offered" <<<"$out" || {
	printf '%s\n' "$out"
	die "unclear failure for a tested base nobody offers"
}
echo "apply: a tested base that is no longer offered fails"

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
