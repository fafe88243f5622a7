#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make export: write the commits of build/linux after the base back into
# patches/ (git format-patch, numbered names, series updated), and copy
# fork-only files edited in the tree back to the repository.

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tree-lib.sh"

need_tree
dirty=$(tree_git status --porcelain --untracked-files=normal | head -n 20)
if [ -n "$dirty" ]; then
	printf '%s\n' "$dirty" >&2
	die "$TREE has uncommitted edits (above): commit them first, then run 'make export'"
fi

# A patch commit must not touch fork-only files: those live in the overlay.
overlay_paths=$(overlay_in_tree | cut -f1)
for c in $(patch_commits); do
	while IFS= read -r f; do
		if grep -qxF -- "$f" <<<"$overlay_paths"; then
			die "commit $(tree_git log -1 --format='%h ("%s")' "$c") changes $f, a fork-only file: amend the overlay commit instead (or edit it in the repository)"
		fi
	done < <(tree_git diff-tree --no-commit-id --name-only -r "$c")
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
format_patches_into "$tmp"

# Replace the patches the old series listed; patch files that it did not
# list are someone's work in progress: keep them, and never overwrite them.
mapfile -t listed < <(series_patches)
while IFS= read -r f; do
	[ -e "$PATCHES/$f" ] || continue
	printf '%s\n' "${listed[@]}" | grep -qxF -- "$f" ||
		die "patches/$f is not in patches/series, and export would overwrite it: rename or list it first"
done <"$tmp/series"
for f in "${listed[@]}"; do
	rm -f "$PATCHES/$f"
done
while IFS= read -r f; do
	cp "$tmp/$f" "$PATCHES/$f"
done <"$tmp/series"
cp "$tmp/series" "$SERIES"
for f in "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$f" ] || continue
	f=$(basename "$f")
	case $f in 0000-*) continue ;; esac
	grep -qxF -- "$f" "$SERIES" || note "patches/$f is not in patches/series: kept as it is"
done
echo "exported $(wc -l <"$SERIES") patches to patches/"

# A fork-only file edited in the tree goes back to the repository only if
# the repository's copy is still what make tree put in: an edit made in
# the repository since is never overwritten.
oc=$(overlay_as_made)
n=0
while IFS=$'\t' read -r f dst; do
	if [ -e "$FORK_ROOT/$dst" ] &&
		[ "$(git hash-object "$FORK_ROOT/$dst")" != "$(tree_git rev-parse "$oc:$f")" ] &&
		! tree_git show "HEAD:$f" | cmp -s - "$FORK_ROOT/$dst"; then
		die "$dst was edited both in the repository and in $TREE: merge by hand (git -C $TREE show HEAD:$f)"
	fi
	mkdir -p "$FORK_ROOT/$(dirname "$dst")"
	tree_git show "HEAD:$f" >"$FORK_ROOT/$dst"
	echo "copied back $dst"
	n=$((n + 1))
done < <(overlay_edited_in_tree)
[ $n = 0 ] || echo "$n fork-only files copied back"

# Record the tree as exported. Its stamp is current only if the repository
# holds nothing newer (say, overlay files edited there): then the next make
# tree has nothing to do; otherwise it syncs them.
state_set head "$(tree_git rev-parse HEAD)"
if overlay_matches_tree; then
	state_set stamp "$(recipe_stamp "$(state_get base)")"
fi
