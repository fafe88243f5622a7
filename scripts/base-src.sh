#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the path of a checkout of the base (tag fork-base) beside the tree,
# build/base-src, creating it on first use. Checks compare against it.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tree
base_src=$BUILD/base-src
exec 9>"$BUILD/.base-src.lock"
flock 9
want=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
if [ ! -e "$base_src/.git" ] || [ "$(git -C "$base_src" rev-parse HEAD)" != "$want" ]; then
	step "checking out the base into ${base_src#"$FORK_ROOT"/} (about 20 s)" >&2
	git -C "$TREE" worktree prune
	rm -rf "$base_src"
	git -C "$TREE" worktree add -q --detach "$base_src" "$want"
fi
echo "$base_src"
