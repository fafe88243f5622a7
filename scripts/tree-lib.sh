# SPDX-License-Identifier: GPL-2.0
# What make tree and make export share: the base package, the overlay map,
# the stamp of the recipe, and the state recorded inside build/linux.
# shellcheck shell=bash

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE_PACKAGE=linux-source-6.12
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
PATCHES=$FORK_ROOT/patches
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

base_package_version() {
	need_file "$BASE_TARBALL" "$BASE_PACKAGE"
	dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null ||
		die "$BASE_TARBALL exists but package $BASE_PACKAGE is not installed (run 'make deps')"
}

pinned_base_version() {
	head -n 1 "$PATCHES/base-version"
}

# The patch files named in patches/series, in order (comments and blanks skipped).
series_patches() {
	[ -f "$SERIES" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$SERIES" | grep -v '^$' || true
}

# Overlay: "repo-path<TAB>tree-path" for every fork-only file, tracked or new.
overlay_map() {
	(cd "$FORK_ROOT" &&
		git ls-files --cached --others --exclude-standard -- Documentation mm include |
		while IFS= read -r f; do
			[ -f "$f" ] && printf '%s\t%s\n' "$f" "$f"
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
			echo "patch $p $(sha1sum <"$PATCHES/$p" | cut -d' ' -f1)"
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

# Write the tree's patch commits as numbered patches plus a series file into $1.
format_patches_into() {
	local out=$1 n=0 c name
	mkdir -p "$out"
	: >"$out/series"
	for c in $(patch_commits); do
		n=$((n + 1))
		name=$(tree_git format-patch --zero-commit --no-signature -N \
			--start-number "$n" -1 -o "$out" "$c")
		basename "$name" >>"$out/series"
	done
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
	diff -q <(series_patches) "$tmp/series" >/dev/null || rc=1
	while [ $rc = 0 ] && IFS= read -r f; do
		cmp -s "$tmp/$f" "$PATCHES/$f" || rc=1
	done <"$tmp/series"
	while [ $rc = 0 ] && IFS=$'\t' read -r f dst; do
		tree_git show "HEAD:$f" | cmp -s - "$FORK_ROOT/$dst" || rc=1
	done < <(overlay_edited_in_tree)
	rm -rf "$tmp"
	return $rc
}

# True when the tree holds exactly the repository's fork-only files.
overlay_matches_tree() {
	local src dst
	[ "$(overlay_map | wc -l)" = "$(overlay_in_tree | wc -l)" ] || return 1
	while IFS=$'\t' read -r src dst; do
		[ "$(git hash-object "$FORK_ROOT/$src")" = "$(tree_git rev-parse "HEAD:$dst" 2>/dev/null)" ] || return 1
	done < <(overlay_map)
}
