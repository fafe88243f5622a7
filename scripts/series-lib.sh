# SPDX-License-Identifier: GPL-2.0
# What the series checks (check-series, selftests) share: which entries of
# patches/series are the series, the commit of each patch in build/linux,
# the lab config fragment as a given tree understands it, warning logs
# normalized for comparison, and the kernels left for make selftests.
# shellcheck shell=bash

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tree-lib.sh"
# make check-series runs on either recipe: its scripts set
# SERIES_ANY_RECIPE=yes before sourcing this file. make selftests and the
# tests of the checks (tests/check-series.sh) are written for 6.12's series.
[ "${SERIES_ANY_RECIPE:-}" = yes ] || only_recipe_612 "check-series and selftests"

# SERIES_PATCHES_DIR: take the patches (and series file) from another
# directory; the tests of the checks use it for patches made to fail.
if [ -n "${SERIES_PATCHES_DIR:-}" ]; then
	PATCHES=$SERIES_PATCHES_DIR
	SERIES=${FORK_SERIES:-$PATCHES/series}
fi

# The shape of the queue, per recipe (read by the scripts that source this):
#   SERIES_LEN       entries 0001..SERIES_LEN are the series: on 6.12 the
#                    14 patches of the upstream series, later entries the
#                    fork's own; on 7.3 the whole queue, all the fork's own
#   SERIES_SHOWN     how messages name the series file
#   COVER_REQUIRED   yes: the queue must have a cover letter (6.12's holds
#                    the series' cover text and the checkpatch exceptions);
#                    7.3's queue has none, so no exception
#   SERIES_HISTORY   yes: the history part (pte_offset_map_nolock gone
#                    after the series' patch 13), which only 6.12 has
#   SERIES_CROSS     the cross builds of series-build.sh (6.12: the arch
#                    patches 02 and 05; 7.3's queue touches no arch/)
#   CHECKPATCH_AS_MADE  yes: checkpatch reads each commit as make tree made
#                    it (git format-patch of the tree's commit: the patch
#                    and the files series attaches to it), not the patch
#                    file alone
# shellcheck disable=SC2034
case $RECIPE in
6.12)
	SERIES_LEN=14
	SERIES_SHOWN=patches/series
	COVER_REQUIRED=yes
	SERIES_HISTORY=yes
	SERIES_CROSS="ppc arm"
	CHECKPATCH_AS_MADE=
	;;
*)
	SERIES_LEN=$(series_patches | wc -l)
	SERIES_SHOWN=${SERIES#"$FORK_ROOT"/}
	COVER_REQUIRED=
	SERIES_HISTORY=
	SERIES_CROSS=
	CHECKPATCH_AS_MADE=yes
	;;
esac
# shellcheck disable=SC2034
COVER_LETTER=$PATCHES/0000-cover-letter.patch
# shellcheck disable=SC2034
SERIES_OUT=$BUILD/series
# shellcheck disable=SC2034
KERNELS=$BUILD/series-kernels	# bzImages that check-series leaves for selftests
APPLIED_LIST=$TREE/.git/fork-applied

# series_entry N: the patches/series entry numbered N (2 -> 0002-*.patch).
series_entry() {
	local want
	want=$(printf '%04d-' "$((10#$1))")
	series_patches | grep -m1 "^$want" || true
}

# patch_number FILE: "02" for 0002-foo.patch.
patch_number() {
	local n=${1%%-*}
	printf '%02d' "$((10#$n))"
}

# patch_commit FILE: the commit of build/linux that patch FILE became.
patch_commit() {
	[ -f "$APPLIED_LIST" ] || return 0
	awk -v p="$1" '$1 == p { print $3 }' "$APPLIED_LIST"
}

# series_end: the patches/series entry that ends the series (0014, or the
# last entry before it while the series is still being written).
series_end() {
	local p last=
	while IFS= read -r p; do
		[ "$((10#${p%%-*}))" -le "$SERIES_LEN" ] 2>/dev/null && last=$p
	done < <(series_patches)
	echo "$last"
}

# series_complete: patches/series starts with 0001..0014, in order.
series_complete() {
	local i=0 p
	while IFS= read -r p; do
		i=$((i + 1))
		[ $i -le "$SERIES_LEN" ] || break
		case $p in "$(printf '%04d-' $i)"*) ;; *) return 1 ;; esac
	done < <(series_patches)
	[ $i -ge "$SERIES_LEN" ]
}

# patch_files FILE: the paths a patch file touches (old and new names).
patch_files() {
	sed -n -E 's#^diff --git a/([^ ]+) b/([^ ]+)$#\1\n\2#p' "$1" | sort -u
}

# commit_files COMMIT: the paths a commit of build/linux touches.
commit_files() {
	tree_git diff-tree --no-commit-id --name-only -r "$1"
}

# The config fragments of the series checks' kernels (check-series, make
# selftests): the lab kernel's, plus what the mm selftests need; on 7.3
# (no make selftests) the recipe's lab kernel's.
SERIES_FRAGMENTS="$FORK_ROOT/labs/kernel.config $FORK_ROOT/labs/ptlab.config $FORK_ROOT/labs/selftests.config"
[ "$RECIPE" = 6.12 ] || SERIES_FRAGMENTS=$RECIPE_FRAGMENTS

# fork_fragment REV OUT: the config fragments (FRAGMENTS, default
# SERIES_FRAGMENTS) into OUT, less the
# options that build/linux at REV does not define (the lab window's
# CONFIG_PTLAB*, before the patch that adds them). Prints the dropped
# options on stderr.
fork_fragment() {
	local rev=$1 out=$2 known line sym
	local -a frags
	read -r -a frags <<<"${FRAGMENTS:-$SERIES_FRAGMENTS}"
	known=$(mktemp)
	tree_git grep -h -E '^[[:space:]]*(menu)?config [A-Za-z0-9_]+' "$rev" -- '*Kconfig*' |
		awk '{ print "CONFIG_" $2 }' | sort -u >"$known"
	: >"$out"
	cat "${frags[@]}" | while IFS= read -r line; do
		sym=$(sed -n -E 's/^(# )?(CONFIG_[A-Za-z0-9_]+)[= ].*/\2/p' <<<"$line")
		if [ -n "$sym" ] && ! grep -qxF "$sym" "$known"; then
			note "$sym: not defined at $(tree_git rev-parse --short "$rev^{commit}"); left out of that kernel's config"
			continue
		fi
		printf '%s\n' "$line" >>"$out"
	done
	rm -f "$known"
}

# normalize_warnings SRC: stdin is a build log; stdout its warnings and
# errors (compiler, sparse, linker, objtool, modpost) as "file: text",
# without the source path, line and column numbers or code offsets, so that
# a warning that only moved compares equal. Sorted, duplicates kept.
normalize_warnings() {
	local src=$1
	grep -aE '(warning|error): |^WARNING: ' |
		sed -E -e "s#$src/##g" -e 's#^(\.\./|\./)+##' \
			-e 's#^([^: ]+):[0-9]+(:[0-9]+)?: #\1: #' \
			-e 's#\+0x[0-9a-f]+(/0x[0-9a-f]+)?#+0x?#g' \
			-e 's#\x1b\[[0-9;]*[mK]##g' |
		LC_ALL=C sort || true
}

# new_warnings BASE NEW: the lines of normalized list NEW that occur more
# often than in normalized list BASE (files).
new_warnings() {
	awk 'NR == FNR { base[$0]++; next } { n[$0]++ }
		END { for (w in n) if (n[w] > base[w]) print w }' "$1" "$2" | LC_ALL=C sort
}

# kernel_stamp COMMIT FRAGMENT: identifies a lab-config kernel of a commit.
kernel_stamp() {
	echo "commit=$1 fragment=$(sha1sum <"$2" | cut -d' ' -f1)"
}

# worktree_at DIR COMMIT: a detached worktree of the tree (build/linux) at DIR, at COMMIT.
worktree_at() {
	local dir=$1 commit=$2
	if ! git -C "$dir" rev-parse --git-dir >/dev/null 2>&1 ||
		[ "$(git -C "$dir" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)" != "$TREE/.git" ]; then
		step "creating a worktree of $RECIPE_TREE_NAME at ${dir#"$FORK_ROOT"/} (about 20 s)"
		rm -rf "$dir"
		tree_git worktree prune
		tree_git worktree add -q --detach "$dir" "$commit"
	fi
	git -C "$dir" checkout -q -f --detach "$commit"
}
