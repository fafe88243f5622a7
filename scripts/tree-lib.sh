# SPDX-License-Identifier: GPL-2.0
# What make tree and make export share: the base package, the overlay map,
# the stamp of the recipe, and the state recorded inside build/linux.
# shellcheck shell=bash

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PATCHES=$RECIPE_PATCHES		# the recipe's queue (scripts/recipe.sh)
# shellcheck source=scripts/fetch-lib.sh
. "$FORK_ROOT/scripts/fetch-lib.sh"
SERIES=${FORK_SERIES:-$PATCHES/series}	# FORK_SERIES: try another patch list
STATE=$TREE/.git/fork-state
FIGURES_IN_TREE=Documentation/mm/pte-nolock/figures

# Fork identity used for the commits that tooling makes (base, overlay).
export GIT_AUTHOR_NAME="Teaching Fork Maintainers"
export GIT_AUTHOR_EMAIL="maintainers@pte-nolock.invalid"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
export GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

tree_git() {
	git -C "$TREE" "$@"
}


pinned_base_version() {
	tested_base_version
}

# patches/series: one entry a line, the patch file first, then the fork-only
# files (plain files of this repository, at their kernel-tree path) that join
# the commit of that patch; '#' starts a comment.

# series_lines [FILE]: the entries of patches/series (or FILE), fields
# separated by one space, comments and blanks dropped.
series_lines() {
	local f=${1:-$SERIES}
	[ -f "$f" ] || return 0
	sed -e 's/#.*//' "$f" | awk 'NF { $1 = $1; print }'
}

# The patch files named in patches/series, in order.
series_patches() {
	series_lines | awk '{ print $1 }'
}

# attached_files PATCH: the fork-only files that join PATCH's commit.
attached_files() {
	series_lines | awk -v p="$1" '$1 == p { for (i = 2; i <= NF; i++) print $i }'
}

# all_attached: "path<TAB>patch" for every file attached to a patch.
all_attached() {
	series_lines | awk '{ for (i = 2; i <= NF; i++) printf "%s\t%s\n", $i, $1 }'
}

# entry_hash PATCH: what the commit of PATCH is made of: the patch file, and
# its attached files (the patch file's sha1 alone when it has none).
entry_hash() {
	local p=$1 f
	local -a files
	mapfile -t files < <(attached_files "$p")
	if [ ${#files[@]} = 0 ]; then
		sha1sum <"$PATCHES/$p" | cut -d' ' -f1
		return
	fi
	for f in "${files[@]}"; do
		[ -f "$FORK_ROOT/$f" ] || die "patches/series attaches $f to $p, but the repository has no file $f"
	done
	{
		sha1sum <"$PATCHES/$p"
		for f in "${files[@]}"; do
			echo "$f $(sha1sum <"$FORK_ROOT/$f" | cut -d' ' -f1)"
		done
	} | sha1sum | cut -d' ' -f1
}

# Overlay: "repo-path<TAB>tree-path" for every fork-only file, tracked or new,
# that joins the overlay commit: not the files attached to a patch.
OVERLAY_DIRS=$RECIPE_OVERLAY	# none for a recipe without an overlay yet
overlay_map() {
	local attached
	# no directories: no overlay (git ls-files without a path lists all)
	[ -n "$OVERLAY_DIRS" ] || return 0
	attached=$(all_attached | cut -f1)
	# shellcheck disable=SC2086
	(cd "$FORK_ROOT" &&
		git ls-files --cached --others --exclude-standard -- $OVERLAY_DIRS |
		while IFS= read -r f; do
			[ -f "$f" ] || continue
			grep -qxF -- "$f" <<<"$attached" || printf '%s\t%s\n' "$f" "$f"
		done
		git ls-files --cached --others --exclude-standard -- 'diagrams/*.dot' |
		while IFS= read -r f; do
			[ -f "$f" ] && printf '%s\t%s/%s\n' "$f" "$FIGURES_IN_TREE" "${f#diagrams/}"
		done) | sort -u
}

# One hash over everything a materialized tree is made of.
recipe_stamp() {
	{
		echo "base $1"
		series_patches | while IFS= read -r p; do
			echo "patch $p $(entry_hash "$p")"
		done
		overlay_map | while IFS=$'\t' read -r src dst; do
			echo "overlay $dst $(sha1sum <"$FORK_ROOT/$src" | cut -d' ' -f1)"
		done
	} | sha1sum | cut -d' ' -f1
}

state_get() {
	[ -f "$STATE" ] || return 0
	sed -n "s/^$1=//p" "$STATE" | tail -n 1
}

state_set() {
	local key=$1 value=$2 tmp
	tmp=$(mktemp)
	if [ -f "$STATE" ]; then
		grep -v "^$key=" "$STATE" >"$tmp" || true
	else
		: >"$tmp"
	fi
	echo "$key=$value" >>"$tmp"
	mv "$tmp" "$STATE"
}

# True for the commit that make tree made of the overlay files.
is_overlay_commit() {
	[ "$(tree_git log -1 --format='%(trailers:key=Fork-Overlay,valueonly)' "$1")" = yes ]
}

# Commits after the base that came from patches (not the overlay commit), oldest first.
patch_commits() {
	local c
	for c in $(tree_git rev-list --reverse "$BASE_TAG..HEAD"); do
		is_overlay_commit "$c" || echo "$c"
	done
}

# Write the tree's patch commits as numbered patches plus a series file into
# $1. A file that patches/series attaches to a patch stays out of the patch
# file: it is named on the patch's series line instead, and listed in
# $1/attached as "path<TAB>commit". Each attached file must be changed by
# one commit only, and that commit must change something else too (the
# Makefile line that builds it, say).
format_patches_into() {
	local out=$1 n=0 c name f owner files line
	local -a mine excl
	local -A owners=()
	files=$(all_attached | cut -f1)
	mkdir -p "$out"
	: >"$out/series"
	: >"$out/attached"
	for c in $(patch_commits); do
		n=$((n + 1))
		mine=()
		excl=()
		while IFS= read -r f; do
			grep -qxF -- "$f" <<<"$files" || continue
			owner=${owners[$f]:-}
			[ -z "$owner" ] ||
				die "$f, a file patches/series attaches to one patch, is changed by two commits of $TREE: $(tree_git log -1 --format='%h ("%s")' "$owner") and $(tree_git log -1 --format='%h ("%s")' "$c"). Squash the change into the first (git rebase -i $BASE_TAG, 'fixup'), then run 'make export'"
			owners[$f]=$c
			mine+=("$f")
			excl+=(":(exclude)$f")
		done < <(tree_git diff-tree --no-commit-id --name-only -r "$c")
		if [ ${#mine[@]} -gt 0 ] &&
			[ -z "$(tree_git diff-tree --no-commit-id --name-only -r "$c" -- . "${excl[@]}")" ]; then
			die "commit $(tree_git log -1 --format='%h ("%s")' "$c") changes only files that patches/series attaches to it (${mine[*]}): a patch must change something else too (the line of a Makefile that builds them)"
		fi
		name=$(tree_git format-patch --zero-commit --no-signature -N \
			--start-number "$n" -1 -o "$out" "$c" -- . "${excl[@]}")
		line=$(basename "$name")
		# attached files in the order the series names them
		for f in $files; do
			if in_list "$f" "${mine[@]}"; then
				line="$line $f"
				printf '%s\t%s\n' "$f" "$c" >>"$out/attached"
			fi
		done
		echo "$line" >>"$out/series"
	done
}

# The attached files as make tree copied them in: "path blob" lines.
ATTACHED_MADE=$TREE/.git/fork-attached

# attached_as_made PATH: the blob make tree put in for PATH ("none" if
# none). A tree made before patches/series attached PATH has no record: what
# git am made of the patch then is what make tree put in.
attached_as_made() {
	local b p c
	b=$({ awk -v f="$1" '$1 == f { print $2 }' "$ATTACHED_MADE" 2>/dev/null || true; } | tail -n 1)
	if [ -z "$b" ]; then
		p=$(all_attached | awk -F'\t' -v f="$1" '$1 == f { print $2 }')
		c=$(awk -v p="$p" '$1 == p { print $3 }' "$TREE/.git/fork-applied" 2>/dev/null || true)
		[ -z "$c" ] || b=$(tree_git rev-parse -q --verify "$c:$1" 2>/dev/null || true)
	fi
	echo "${b:-none}"
}

# attached_set_made PATH BLOB: record BLOB as what the tree and the
# repository agree on for PATH.
attached_set_made() {
	local tmp
	tmp=$(mktemp)
	awk -v f="$1" '$1 != f' "$ATTACHED_MADE" 2>/dev/null >"$tmp" || true
	echo "$1 $2" >>"$tmp"
	mv "$tmp" "$ATTACHED_MADE"
}

# attached_edited_in_tree ATTACHED: the paths of ATTACHED (a file of
# format_patches_into) that the tree changed since make tree copied them in.
attached_edited_in_tree() {
	local f c
	while IFS=$'\t' read -r f c; do
		[ "$(tree_git rev-parse "HEAD:$f" 2>/dev/null || echo none)" = "$(attached_as_made "$f")" ] ||
			echo "$f"
	done <"$1"
}

# Fork-only files as the tree has them at HEAD: "tree-path<TAB>repo-path".
overlay_in_tree() {
	local c
	for c in $(tree_git rev-list "$BASE_TAG..HEAD"); do
		if is_overlay_commit "$c"; then
			tree_git diff-tree --no-commit-id --name-only -r "$c"
		fi
	done | sort -u | while IFS= read -r f; do
		tree_git cat-file -e "HEAD:$f" 2>/dev/null || continue
		case $f in
		"$FIGURES_IN_TREE"/*) printf '%s\tdiagrams/%s\n' "$f" "${f#"$FIGURES_IN_TREE"/}" ;;
		*) printf '%s\t%s\n' "$f" "$f" ;;
		esac
	done
}

# The last overlay commit of the tree (empty if none).
overlay_commit() {
	local c
	for c in $(tree_git rev-list "$BASE_TAG..HEAD"); do
		if is_overlay_commit "$c"; then
			echo "$c"
			return 0
		fi
	done
}

# The overlay commit as make tree made it, even if amended since.
overlay_as_made() {
	local oc
	oc=$(state_get overlay)
	if [ -n "$oc" ] && tree_git cat-file -e "$oc^{commit}" 2>/dev/null; then
		echo "$oc"
	else
		overlay_commit
	fi
}

# Fork-only files changed in the tree since make tree copied them in:
# "tree-path<TAB>repo-path".
overlay_edited_in_tree() {
	local f dst oc
	oc=$(overlay_as_made)
	while IFS=$'\t' read -r f dst; do
		[ "$(tree_git rev-parse "HEAD:$f")" = "$(tree_git rev-parse "$oc:$f" 2>/dev/null || echo none)" ] ||
			printf '%s\t%s\n' "$f" "$dst"
	done < <(overlay_in_tree)
}

# True when every commit and every fork-only file edited in the tree is
# already in the repository.
tree_is_exported() {
	local tmp rc=0 f dst
	tmp=$(mktemp -d)
	format_patches_into "$tmp"
	diff -q <(series_lines) <(series_lines "$tmp/series") >/dev/null || rc=1
	while [ $rc = 0 ] && IFS= read -r f; do
		cmp -s "$tmp/$f" "$PATCHES/$f" || rc=1
	done < <(series_lines "$tmp/series" | cut -d' ' -f1)
	while [ $rc = 0 ] && IFS=$'\t' read -r f dst; do
		tree_git show "HEAD:$f" | cmp -s - "$FORK_ROOT/$dst" || rc=1
	done < <(overlay_edited_in_tree)
	while [ $rc = 0 ] && IFS= read -r f; do
		tree_git show "HEAD:$f" | cmp -s - "$FORK_ROOT/$f" || rc=1
	done < <(attached_edited_in_tree "$tmp/attached")
	rm -rf "$tmp"
	return $rc
}

# True when the tree holds exactly the repository's fork-only files, the
# overlay's and the attached ones.
overlay_matches_tree() {
	local src dst
	while IFS=$'\t' read -r src dst; do
		[ -f "$FORK_ROOT/$src" ] &&
			[ "$(git hash-object "$FORK_ROOT/$src")" = "$(tree_git rev-parse "HEAD:$src" 2>/dev/null)" ] || return 1
	done < <(all_attached)
	[ "$(overlay_map | wc -l)" = "$(overlay_in_tree | wc -l)" ] || return 1
	while IFS=$'\t' read -r src dst; do
		[ "$(git hash-object "$FORK_ROOT/$src")" = "$(tree_git rev-parse "HEAD:$dst" 2>/dev/null)" ] || return 1
	done < <(overlay_map)
}
