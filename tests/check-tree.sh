#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The tree round trip: make tree, make export changes nothing in the
# repository, a second make tree is a no-op, and work in build/linux that is
# not in the repository is refused and kept.

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/tree-lib.sh"

recipe_hash() {
	(cd "$FORK_ROOT" && { find patches diagrams Documentation mm include -type f 2>/dev/null || true; } |
		sort | xargs -r sha1sum | sha1sum)
}

# A marker line of this check must never outlive it (one once reached a
# rendered page): refuse to start when an earlier run left one behind.
if leftover=$(cd "$FORK_ROOT" && git grep --untracked -l -e '^\.\. fork check: ' -- Documentation diagrams); then
	die "a marker of an earlier tree check is still in: $leftover (remove the '.. fork check:' line)"
fi

"$FORK_ROOT/scripts/tree.sh"
before=$(recipe_hash)
"$FORK_ROOT/scripts/export.sh"
[ "$(recipe_hash)" = "$before" ] || {
	git -C "$FORK_ROOT" status --short -- patches
	die "make export changed the repository after make tree (above)"
}
echo "round trip: make tree && make export leaves the repository unchanged"

start=$(date +%s%N)
out=$("$FORK_ROOT/scripts/tree.sh")
grep -q 'up to date' <<<"$out" || die "a second make tree was not a no-op: $out"
echo "no-op make tree: $((($(date +%s%N) - start) / 1000000)) ms"

# An uncommitted edit is refused, and kept.
echo "/* fork check */" >>"$TREE/README"
if out=$("$FORK_ROOT/scripts/tree.sh" 2>&1); then
	die "make tree did not refuse an uncommitted edit"
fi
grep -q 'uncommitted edits' <<<"$out" || die "unclear refusal: $out"
tail -n 1 "$TREE/README" | grep -q 'fork check' || die "make tree lost the uncommitted edit"
tree_git checkout -q README
echo "uncommitted edit: refused and kept"

# A commit that is not exported is refused, and kept.
echo "/* fork check */" >>"$TREE/README"
tree_git commit -q -a -m "fork check: an unexported commit"
if out=$("$FORK_ROOT/scripts/tree.sh" 2>&1); then
	die "make tree did not refuse an unexported commit"
fi
grep -q 'not in patches' <<<"$out" || die "unclear refusal: $out"
tree_git log -1 --format=%s | grep -q 'unexported commit' || die "make tree lost the commit"
tree_git reset -q --hard HEAD~1
echo "unexported commit: refused and kept"
"$FORK_ROOT/scripts/tree.sh" | grep -q 'up to date' || die "tree not back to its exported state"

# Fork-only files flow both ways, and neither side's edit is lost.  (sed
# reads all of its input: head would close the pipe after one line, and
# under pipefail the writer's SIGPIPE would end this script without a word.)
victim=$(overlay_map | sed -n 1p)
if [ -n "$victim" ]; then
	src=${victim%%$'\t'*}
	dst=${victim#*$'\t'}
	# the edits below are to the developer's own repository: take this
	# check's marker lines out again however it ends (only those: an edit
	# made meanwhile by someone else stays)
	unmark_overlay() {
		sed -i '/^\.\. fork check: /d' "$FORK_ROOT/$src"
	}
	trap unmark_overlay EXIT

	# Edited in the repository: export keeps it, make tree carries it in.
	echo ".. fork check: repository edit" >>"$FORK_ROOT/$src"
	"$FORK_ROOT/scripts/export.sh" >/dev/null
	grep -q 'repository edit' "$FORK_ROOT/$src" || die "make export overwrote a repository edit of $src"
	"$FORK_ROOT/scripts/tree.sh" >/dev/null
	tree_git show "HEAD:$dst" | grep -q 'repository edit' || die "make tree did not carry $src into the tree"
	echo "overlay edited in the repository: kept by export, synced by tree"

	# Edited in the tree (overlay commit amended): export copies it back.
	sed -i '/^\.\. fork check: /d' "$TREE/$dst"
	echo ".. fork check: tree edit" >>"$TREE/$dst"
	tree_git commit -q -a --amend --no-edit
	"$FORK_ROOT/scripts/export.sh" >/dev/null
	grep -q 'tree edit' "$FORK_ROOT/$src" || die "make export did not copy back $dst"
	echo "overlay edited in the tree: copied back by export"

	unmark_overlay
	trap - EXIT
	"$FORK_ROOT/scripts/tree.sh" >/dev/null
	"$FORK_ROOT/scripts/tree.sh" | grep -q 'up to date' || die "tree not back to its exported state"
fi

# Attached files (patches/series names them after a patch: mm/ptlab.c, ...)
# flow both ways too, always inside their patch's commit, never in the
# patch file.
attached=$(all_attached | sed -n 1p)
if [ -n "$attached" ]; then
	af=${attached%%$'\t'*}
	ap=${attached#*$'\t'}
	n_before=$(series_patches | grep -n -xF -- "$ap" | cut -d: -f1)
	patch_commit_of() {
		awk -v p="$1" '$1 == p { print $3 }' "$TREE/.git/fork-applied"
	}
	carries() {
		grep -q "^diff --git a/$af " "$PATCHES/$ap"
	}
	! carries || die "patches/$ap carries $af, which patches/series attaches to it"
	tree_git cat-file -e "$(patch_commit_of "$ap"):$af" ||
		die "the commit of $ap in the tree has no $af"
	unmark_attached() {
		sed -i '\#^/\* fork check: .* \*/$#d' "$FORK_ROOT/$af"
	}
	trap unmark_attached EXIT

	# Edited in the repository: make tree re-applies from its patch, whose
	# commit now has the edit; the patch file still does not carry it.
	echo "/* fork check: repository edit */" >>"$FORK_ROOT/$af"
	out=$("$FORK_ROOT/scripts/tree.sh")
	grep -q "($((n_before - 1)) unchanged, kept)" <<<"$out" ||
		die "an edit of $af did not re-apply from $ap: $out"
	tree_git show "$(patch_commit_of "$ap"):$af" | grep -q 'repository edit' ||
		die "make tree did not carry the edit of $af into the commit of $ap"
	"$FORK_ROOT/scripts/export.sh" >/dev/null
	grep -q 'repository edit' "$FORK_ROOT/$af" || die "make export lost the repository edit of $af"
	! carries || die "make export wrote $af into patches/$ap"
	echo "$af edited in the repository: make tree re-applies from $ap and puts it in that commit; not in the patch file"

	# Edited in the tree (a fixup of the patch's commit): refused by make
	# tree until exported; a second commit changing it is refused by export;
	# make export writes it back to the file, not to the patch.
	unmark_attached
	"$FORK_ROOT/scripts/tree.sh" >/dev/null
	# what export may write: the patches and the attached file
	patches_hash() {
		(cd "$FORK_ROOT" && find patches -type f | sort | xargs sha1sum -- "$af" | sha1sum)
	}
	before=$(patches_hash)
	echo "/* fork check: tree edit */" >>"$TREE/$af"
	tree_git commit -q -m "fork check: a second commit that changes $af" -- "$af"
	if out=$("$FORK_ROOT/scripts/export.sh" 2>&1); then
		die "make export accepted two commits that change $af"
	fi
	grep -q 'changed by two commits' <<<"$out" || die "unclear refusal: $out"
	[ "$(patches_hash)" = "$before" ] || die "a refused make export changed the repository"
	tree_git reset -q --soft HEAD~1
	tree_git commit -q --fixup="$(patch_commit_of "$ap")" -- "$af"
	GIT_SEQUENCE_EDITOR=: tree_git rebase -q -i --autosquash "$BASE_TAG" >/dev/null 2>&1 ||
		die "rebase --autosquash of the fork check's fixup failed"
	if out=$("$FORK_ROOT/scripts/tree.sh" 2>&1); then
		die "make tree did not refuse an unexported edit of $af"
	fi
	grep -q 'not in patches' <<<"$out" || die "unclear refusal: $out"
	"$FORK_ROOT/scripts/export.sh" >/dev/null
	grep -q 'tree edit' "$FORK_ROOT/$af" || die "make export did not copy the tree's $af back"
	! carries || die "make export wrote $af into patches/$ap"
	unmark_attached
	[ "$(patches_hash)" = "$before" ] || die "make export changed more than $af"
	echo "$af edited in the tree: refused by make tree until exported, a second commit refused by export, copied back to the file by export"

	trap - EXIT
	"$FORK_ROOT/scripts/tree.sh" >/dev/null
	"$FORK_ROOT/scripts/tree.sh" | grep -q 'up to date' || die "tree not back to its exported state"
fi

# Which base make tree takes (scripts/fetch-lib.sh, base_resolve), with
# the suites' answer (SUITES_OFFER) stubbed: the tested version while it is offered, the
# newest (said in one line) once it is not, BASE=newest and BASE=VERSION,
# and a clear refusal of a version nobody offers.
resolve() {
	(
		offered_versions() { tr ' ' '\n' <<<"$SUITES_OFFER"; }
		tested_base_version() { echo 6.12.200-1; }
		deb_of() { :; }
		base_resolve 2>&1
		echo "-> $BASE_VERSION"
	)
}
expect_resolve() {
	local want=$1 got
	got=$(resolve) || true
	grep -qF -- "$want" <<<"$got" || die "base_resolve with BASE='${BASE:-}' and offered '$SUITES_OFFER': want '$want', got: $got"
}
SUITES_OFFER="6.12.201-1 6.12.200-1 6.12.199-1" BASE='' expect_resolve "-> 6.12.200-1"
SUITES_OFFER="6.12.202-1 6.12.201-1" BASE='' expect_resolve "the tested base linux-source-6.12 6.12.200-1 is no longer offered: taking the newest, 6.12.202-1"
SUITES_OFFER="6.12.201-1 6.12.200-1" BASE=newest expect_resolve "-> 6.12.201-1"
SUITES_OFFER="6.12.201-1 6.12.200-1" BASE=6.12.201-1 expect_resolve "-> 6.12.201-1"
SUITES_OFFER="6.12.201-1 6.12.200-1" BASE=6.12.150-1 expect_resolve "BASE=6.12.150-1: linux-source-6.12 6.12.150-1 is not offered. Offered: 6.12.201-1 6.12.200-1"
echo "base choice: tested while offered, else the newest (said), BASE=newest, BASE=VERSION, an unknown BASE refused"

# The fresh path (tree.sh --then: make kernel and make lab-N on a fresh
# clone) starts its command on the finished files before the history is
# written, and that history is the one the step-by-step path makes: the
# same commits, to the id, and a clean tree.
scratch=$BUILD/checks/tree-fresh
rm -rf "$scratch"
mkdir -p "$scratch"
# shellcheck disable=SC2016
out=$(BUILD=$scratch DEBS=$DEBS APT_DIR=$APT_DIR "$FORK_ROOT/scripts/tree.sh" --then sh -c '
	[ -e "$1/.linux-unfinished" ] && [ -f "$1/linux/mm/ptlab.c" ] &&
		echo "fork check: started on the files, history unfinished"' _ "$scratch")
grep -q 'started on the files, history unfinished' <<<"$out" ||
	die "tree.sh --then did not start its command on the finished files before the history: $out"
for rev in "$BASE_TAG^{commit}" HEAD; do
	[ "$(git -C "$scratch/linux" rev-parse "$rev")" = "$(tree_git rev-parse "$rev")" ] ||
		die "the fresh path's $rev is not the step-by-step tree's"
done
[ -z "$(git -C "$scratch/linux" status --porcelain)" ] || die "the fresh path left a tree that is not clean"
"$FORK_ROOT/scripts/tree.sh" | grep -q 'up to date' || die "tree not up to date"
echo "fresh path: the build's command started on the files before the history; fork-base and HEAD ($(tree_git rev-parse --short HEAD)) as step by step"
rm -rf "$scratch"
