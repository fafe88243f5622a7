#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make export: write the commits of build/linux after the base back into
# patches/ (git format-patch, numbered names, series updated), and copy
# fork-only files edited in the tree back to the repository: the overlay's,
# and the files patches/series attaches to a patch (which stay out of the
# .patch file; the patch's series line names them).

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
mapfile -t exported < <(series_lines "$tmp/series" | cut -d' ' -f1)
for f in "${exported[@]}"; do
	[ -e "$PATCHES/$f" ] || continue
	in_list "$f" "${listed[@]}" ||
		die "patches/$f is not in patches/series, and export would overwrite it: rename or list it first"
done
# write every new patch first, then remove the listed ones that are gone
for f in "${exported[@]}"; do
	cmp -s "$tmp/$f" "$PATCHES/$f" || cp "$tmp/$f" "$PATCHES/$f"
done
for f in "${listed[@]}"; do
	in_list "$f" "${exported[@]}" || rm -f "$PATCHES/$f"
done
# the comment lines that open patches/series stay
{
	[ ! -f "$SERIES" ] || awk '/^[[:space:]]*(#|$)/ { print; next } { exit }' "$SERIES"
	cat "$tmp/series"
} >"$tmp/series.new"
mapfile -t was_attached < <(all_attached | cut -f1)
mv "$tmp/series.new" "$SERIES"
for f in "${was_attached[@]}"; do
	grep -qxF -- "$f" < <(cut -f1 "$tmp/attached") ||
		note "$f is changed by no commit of $TREE any more: patches/series no longer attaches it, and the next make tree puts it in the overlay commit (remove it from the repository if the patch that built it is gone)"
done
for f in "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$f" ] || continue
	f=$(basename "$f")
	case $f in 0000-*) continue ;; esac
	grep -qxF -- "$f" < <(series_patches) || note "patches/$f is not in patches/series: kept as it is"
done
echo "exported ${#exported[@]} patches to patches/"

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

# The same for the attached files, which the tree holds in their patch's commit.
while IFS= read -r f; do
	made=$(attached_as_made "$f")
	head=$(tree_git rev-parse "HEAD:$f")
	if [ -e "$FORK_ROOT/$f" ] &&
		[ "$(git hash-object "$FORK_ROOT/$f")" != "$made" ] &&
		[ "$(git hash-object "$FORK_ROOT/$f")" != "$head" ]; then
		die "$f was edited both in the repository and in $TREE: merge by hand (git -C $TREE show HEAD:$f)"
	fi
	mkdir -p "$FORK_ROOT/$(dirname "$f")"
	tree_git show "HEAD:$f" >"$FORK_ROOT/$f"
	attached_set_made "$f" "$head"
	echo "copied back $f"
	n=$((n + 1))
done < <(attached_edited_in_tree "$tmp/attached")
[ $n = 0 ] || echo "$n fork-only files copied back"

# The patch files are now those of the tree's commits: record them so (make
# tree keeps them, and check-series finds each patch's commit).
while IFS=$'\t' read -r p c; do
	echo "$p $(entry_hash "$p") $c"
done < <(paste <(series_patches) <(patch_commits)) >"$tmp/applied"
mv "$tmp/applied" "$TREE/.git/fork-applied"

# Record the tree as exported. Its stamp is current only if the repository
# holds nothing newer (say, overlay files edited there): then the next make
# tree has nothing to do; otherwise it syncs them.
state_set head "$(tree_git rev-parse HEAD)"
if overlay_matches_tree; then
	state_set stamp "$(recipe_stamp "$(state_get base)")"
fi
