#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-series: is patches/series a series a reviewer can trust?
#   layout      patches/series starts with 0001..0014, in order; every
#               listed file exists, every numbered patch is listed; the
#               cover letter (0000) exists and is not listed; every file
#               attached to a patch exists and the patch does not carry it
#   apply       applies in order to the tested base; every newer 6.12.y
#               Debian offers is tried, drift a warning (series-apply.sh)
#   tree        make tree: build/linux, one commit per patch
#   checkpatch  --strict: 0 errors, 0 warnings, or excepted in the cover
#               letter (scripts/series-checkpatch.sh)
#   build       every patch builds (W=1, sparse) with no new warning, the
#               series end and the last patch build vmlinux, powerpc and arm
#               compile patches 02 and 05, git grep finds no
#               pte_offset_map_nolock after patch 13 (scripts/series-build.sh)
#   history     at the tip of build/linux (fork patches and overlay too),
#               pte_offset_map_nolock is named only in history text: the
#               fork's own pages under Documentation/ (files the base does
#               not have), which tell what the series replaced
#   boot        the series kernel (patch 14, lab config) boots in QEMU
# Every part runs; the end lists each with its time and verdict.
# SERIES_PARTS="layout history ..." runs only those parts (while working on
# one); make check always runs them all.
#
# RECIPE=7.3: the same parts on the 7.3 queue (patches/7.3/series), all
# of it the fork's own: layout (no cover letter, so no checkpatch
# exception); apply to the tested 7.3 base, every newer 7.3.y and the
# newest linux-source-7.N above 7.3 tried, drift a warning; checkpatch on
# each commit as made (attached files included); every patch built with
# W=1 and sparse (a sparse that parses 7.3: scripts/series-sparse.sh),
# the last one's vmlinux too; the lab kernel of the queue's end boots.
# No history part (6.12's series only) and no cross build (the queue
# touches no arch/; series-build.sh fails a patch that does). Not in
# make check (README, "Today's kernel").

SERIES_ANY_RECIPE=yes
# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/series-lib.sh"

S=$FORK_ROOT/scripts
mkdir -p "$SERIES_OUT"
results=()
fail=0
last_rc=0

# part NAME COMMAND...: run one part, keep its verdict and time.
part() {
	local name=$1 t=$SECONDS rc=0
	shift
	last_rc=0
	if [ -n "${SERIES_PARTS:-}" ] && ! grep -qw -- "$name" <<<"$SERIES_PARTS"; then
		return 0
	fi
	step "series: $name"
	"$@" || rc=$?
	last_rc=$rc
	if [ $rc = 0 ]; then
		results+=("ok   $name ($((SECONDS - t)) s)")
	else
		results+=("FAIL $name ($((SECONDS - t)) s)")
		fail=1
	fi
}

check_layout() {
	local p f bad=0 last dir
	last=$(printf '%04d' "$SERIES_LEN")
	dir=${PATCHES#"$FORK_ROOT"/}/
	if [ "$SERIES_LEN" -gt 0 ] && series_complete; then
		echo "    $SERIES_SHOWN starts with 0001..$last: $(series_patches | wc -l) entries"
	else
		echo "    FAIL $SERIES_SHOWN does not start with 0001..$last in order:"
		series_patches | head -n "$SERIES_LEN" | sed 's/^/        /'
		bad=1
	fi
	while IFS= read -r p; do
		[ -f "$PATCHES/$p" ] || {
			echo "    FAIL $SERIES_SHOWN names $p, which is not in $dir"
			bad=1
		}
	done < <(series_patches)
	while IFS=$'\t' read -r f p; do
		if [ ! -f "$FORK_ROOT/$f" ]; then
			echo "    FAIL $SERIES_SHOWN attaches $f to $p, but the repository has no $f"
			bad=1
		elif grep -qxF -- "$f" <(patch_files "$PATCHES/$p"); then
			echo "    FAIL $p carries $f, which $SERIES_SHOWN attaches to it as a plain file (make export takes it out)"
			bad=1
		else
			echo "    $p: + $f (plain file)"
		fi
	done < <(all_attached)
	for p in "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		p=$(basename "$p")
		[ "$p" = "$(basename "$COVER_LETTER")" ] && continue
		grep -qxF -- "$p" < <(series_patches) || {
			echo "    FAIL $dir$p is not listed in $SERIES_SHOWN"
			bad=1
		}
	done
	if [ ! -f "$COVER_LETTER" ] && [ -z "$COVER_REQUIRED" ]; then
		echo "    no cover letter ($dir$(basename "$COVER_LETTER")): none is required here, and checkpatch excepts nothing"
	elif [ ! -f "$COVER_LETTER" ]; then
		echo "    FAIL no cover letter: $dir$(basename "$COVER_LETTER")"
		bad=1
	elif grep -qxF -- "$(basename "$COVER_LETTER")" < <(series_patches); then
		echo "    FAIL the cover letter is listed in $SERIES_SHOWN (it is not applied)"
		bad=1
	else
		echo "    cover letter: $dir$(basename "$COVER_LETTER") (not applied)"
	fi
	return $bad
}

check_history() {
	local hits f bad=0 n=0
	hits=$(tree_git grep -n -F pte_offset_map_nolock HEAD -- || true)
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		f=${line#HEAD:}
		f=${f%%:*}
		if [[ $f == Documentation/* ]] && ! tree_git cat-file -e "$BASE_TAG:$f" 2>/dev/null; then
			n=$((n + 1))
		else
			echo "    FAIL ${line#HEAD:}"
			bad=1
		fi
	done <<<"$hits"
	echo "    tip $(tree_git rev-parse --short HEAD): $n mentions in the fork's own Documentation pages (history text, allowed)"
	[ $bad = 0 ] || echo "    pte_offset_map_nolock is gone after patch 13: only the fork's own pages may tell its history"
	return $bad
}

boot_series() {
	local bz=$KERNELS/series/bzImage want
	want=$(patch_commit "$(series_end)")
	if [ ! -f "$bz" ] || ! grep -q "commit=$want " "$KERNELS/series/stamp" 2>/dev/null; then
		echo "    FAIL no series kernel of the current series (the build part makes it)"
		return 1
	fi
	gcc -O2 -o "$SERIES_OUT/gen_init_cpio" "$TREE/usr/gen_init_cpio.c"
	GEN_INIT_CPIO=$SERIES_OUT/gen_init_cpio "$S/initramfs.sh" "$SERIES_OUT/initramfs.cpio.gz"
	BZIMAGE=$bz INITRD=$SERIES_OUT/initramfs.cpio.gz BOOT_RUN=boot "$S/boot.sh"
}

start=$SECONDS
part layout check_layout
part apply "$S/series-apply.sh"
part tree "$S/tree.sh"
if [ -d "$TREE/.git" ] && [ "$last_rc" = 0 ]; then
	part checkpatch "$S/series-checkpatch.sh"
	part build "$S/series-build.sh"
	[ -z "$SERIES_HISTORY" ] || part history check_history
	part boot boot_series
elif [ -n "$SERIES_HISTORY" ]; then
	results+=("FAIL checkpatch, build, history, boot: not run without build/linux (make tree failed)")
else
	results+=("FAIL checkpatch, build, boot: not run without $RECIPE_TREE_NAME (make tree failed)")
fi

echo "check-series ($((SECONDS - start)) s):"
printf '  %s\n' "${results[@]}"
[ $fail = 0 ] || die "check-series failed (above)"
if [ -n "${SERIES_PARTS:-}" ]; then
	echo "check-series: these parts passed: $SERIES_PARTS (all parts: make check-series)"
elif [ "$RECIPE" = 6.12 ]; then
	echo "check-series: the series applies, builds at every patch, is clean and boots"
else
	echo "check-series: the $RECIPE queue ($SERIES_SHOWN) applies, builds at every patch (W=1, sparse), is checkpatch clean and boots"
fi
