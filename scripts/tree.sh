#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make tree: materialize build/linux, a git tree of
#   1. the Debian linux-source-6.12 base (tag fork-base), fetched by exact
#      version into build/debs (scripts/fetch-lib.sh; BASE= chooses),
#   2. one commit per entry of patches/series (git am), amended with the
#      fork-only files that the entry attaches to it (mm/ptlab.c, ...),
#   3. one commit holding the overlay of fork-only files.
#
# Re-running re-applies only from the first patch that changed, and never
# throws away work in build/linux that is not in the repository, unless told
# to with DISCARD=1.
#
# Usage: tree.sh [--then COMMAND [ARG...]]
#   --then  run COMMAND when the tree's files are final (make kernel runs
#           the build so). On a fresh tree that is before the history is
#           written, and the two run side by side; otherwise after.

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tree-lib.sh"

APPLIED=$TREE/.git/fork-applied	# "patch-file sha1 commit" per applied patch
DISCARD=${DISCARD:-0}

need git git
need tar tar
need xz xz-utils

base_resolve
pkgver=$BASE_VERSION
kver=${pkgver%%-*}
pinned=$(pinned_base_version)
case $kver in
"$BASE_SERIES".*) ;;
*) die "$BASE_PACKAGE $pkgver is Linux $kver, not $BASE_SERIES.y: the fork's patches are for $BASE_SERIES only" ;;
esac
if dpkg --compare-versions "$pkgver" gt "$pinned"; then
	note "base $pkgver is newer than the tested base $pinned: accepted; a patch that no longer applies will be named"
elif dpkg --compare-versions "$pkgver" lt "$pinned"; then
	note "base $pkgver is older than the tested base $pinned: accepted, but untested"
fi
stamp=$(recipe_stamp "$pkgver")

# Settings that keep exported patches byte-identical however the tree is
# stored: git's automatic abbreviation grows once objects are packed.
tree_git_config() {
	git -C "$1" config core.abbrev 12
}

# Refuse to touch a tree that holds work the repository does not have.
check_nothing_unexported() {
	local dirty head
	dirty=$(tree_git status --porcelain --untracked-files=normal | head -n 20)
	head=$(tree_git rev-parse HEAD)
	if [ "$DISCARD" = 1 ]; then
		[ -z "$dirty" ] || note "DISCARD=1: dropping uncommitted edits in $TREE"
		tree_git reset -q --hard
		tree_git clean -q -fd
		return 0
	fi
	if [ -n "$dirty" ]; then
		printf '%s\n' "$dirty" >&2
		die "$TREE has uncommitted edits (above). Commit them and run 'make export' to keep them, or run 'make tree DISCARD=1' to throw them away"
	fi
	if [ "$head" != "$(state_get head)" ] && ! tree_is_exported; then
		tree_git log --oneline "$(state_get head)..HEAD" 2>/dev/null | head -n 20 >&2 || true
		die "$TREE has commits that are not in patches/ (git -C $TREE log $BASE_TAG..HEAD). Run 'make export' to keep them, or 'make tree DISCARD=1' to throw them away"
	fi
}

# extract_tarball DIR: the base's files into DIR, the .gitignore mended.
extract_tarball() {
	local dir=$1 tarball
	tarball=$(base_tarball_of "$pkgver")
	rm -rf "$dir"
	mkdir -p "$dir"
	step "extracting ${tarball#"$FORK_ROOT"/} ($BASE_PACKAGE $pkgver)"
	# Debian's tarball is xz in many blocks: xz can decompress them on
	# every CPU (about 10 s on 2 instead of 15)
	tar -I "xz -T$JOBS" -xf "$tarball" -C "$dir" --strip-components=1
	# Debian's tarball ignores every top-level path ('/*'), for its packaging
	# repository; drop that stanza so git status works in the tree.
	awk '
		/^#$/ { held = held $0 "\n"; next }
		/^# Debian packaging/ { skip = 1; held = ""; next }
		skip && /^!\/debian\/$/ { skip = 0; next }
		skip { next }
		{ printf "%s", held; held = ""; print }
		END { printf "%s", held }' "$dir/.gitignore" >"$dir/.gitignore.fork"
	mv "$dir/.gitignore.fork" "$dir/.gitignore"
	git -C "$dir" init -q -b fork
	git -C "$dir" config core.compression 1
	git -C "$dir" config gc.auto 0
	tree_git_config "$dir"
}

BASE_DATE="2024-11-17T00:00:00+0000"

base_message() {
	cat <<-EOF
	Linux $kver from Debian $BASE_PACKAGE $pkgver

	The base of the teaching fork: /usr/src/$BASE_PACKAGE.tar.xz from the Debian
	package $BASE_PACKAGE, version $pkgver (Linux $kver), extracted as is.

	One change: the top-level .gitignore loses Debian's packaging stanza
	('/*' and '!/debian/'), which ignores every top-level path and would
	hide the whole tree from git status.
	EOF
}

extract_base() {
	local new=$BUILD/.linux-new
	extract_tarball "$new"
	step "committing the base (about 30 s)"
	git -C "$new" add -A -f
	base_message | GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		git -C "$new" commit -q -F -
	git -C "$new" tag -a -m "$BASE_PACKAGE $pkgver" "$BASE_TAG"
	rm -rf "$TREE"
	mv "$new" "$TREE"
	state_set base "$pkgver"
	: >"$APPLIED"
}

# --- a fresh tree with a command alongside (tree.sh --then COMMAND) ----------
#
# On a fresh machine the lab kernel's build is the long wait, and a cold
# tree is 45 s of it: 15 of them extracting, 30 committing what was
# extracted. The build needs the files, not the history, so the fresh path
# puts the finished tree's files in place first (every patch applied with
# git apply, the fork-only files copied in), starts COMMAND on them, and
# writes the history while it runs: the base commit taken from the files
# with every patch reversed in a scratch index, then the patch commits
# with git am (as a tree made step by step has them) in a worktree that
# holds only the files the series touches. At the end the history must
# hold exactly the files the build used, or the tree is refused.

UNFINISHED=$BUILD/.linux-unfinished	# exists while the history is being written

# The paths the series and the fork-only files touch, as sparse-checkout
# patterns (anchored, one path each).
touched_paths() {
	local p
	while IFS= read -r p; do
		sed -n -E 's#^diff --git a/([^ ]+) b/([^ ]+)$#\1\n\2#p' "$PATCHES/$p"
	done < <(series_patches)
	all_attached | cut -f1
	overlay_map | cut -f2
}

# fresh_files DIR: the finished tree's files in DIR (a fresh extraction).
# False, with DIR gone, when a patch or file does not go in cleanly: the
# step-by-step path then names the problem. (Called in a condition, where
# set -e does not apply: each step checks its own failure.)
fresh_files() {
	local dir=$1 p src dst
	while IFS= read -r p; do
		git -C "$dir" apply "$PATCHES/$p" 2>/dev/null || break
		p=
	done < <(series_patches)
	if [ -n "$p" ]; then
		rm -rf "$dir"
		return 1
	fi
	while IFS=$'\t' read -r src dst; do
		if [ -e "$dir/$dst" ] || ! mkdir -p "$dir/$(dirname "$dst")" ||
			! cp "$FORK_ROOT/$src" "$dir/$dst"; then
			rm -rf "$dir"
			return 1
		fi
	done < <(all_attached | awk -F'\t' '{ print $1 "\t" $1 }'; overlay_map)
}

# The history of the files the fresh path put in place (see above).
fresh_history() {
	local idx=$TREE/.git/index.fork-base wt=$BUILD/.linux-history base
	local -a reversed
	step "committing the base and the patches, alongside"
	tree_git add -A -f
	cp "$TREE/.git/index" "$idx"
	{ all_attached | cut -f1; overlay_map | cut -f2; } |
		GIT_INDEX_FILE=$idx tree_git rm -q --cached --pathspec-from-file=-
	# one git apply for all of them (it applies them in the order given)
	mapfile -t reversed < <(series_patches | tac | sed "s#^#$PATCHES/#")
	GIT_INDEX_FILE=$idx tree_git apply --cached -R "${reversed[@]}"
	base=$(base_message | GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		tree_git commit-tree "$(GIT_INDEX_FILE=$idx tree_git write-tree)")
	rm -f "$idx"
	tree_git update-ref refs/heads/fork "$base"
	tree_git tag -a -m "$BASE_PACKAGE $pkgver" "$BASE_TAG" "$base"
	state_set base "$pkgver"
	: >"$APPLIED"

	rm -rf "$wt"
	tree_git worktree prune
	tree_git worktree add -q --no-checkout --detach "$wt" "$BASE_TAG"
	touched_paths | sort -u | sed 's#^#/#' | git -C "$wt" sparse-checkout set --no-cone --stdin
	TREE=$wt apply_series
	TREE=$wt sync_overlay
	tree_git update-ref refs/heads/fork "$(git -C "$wt" rev-parse HEAD)"
	tree_git worktree remove --force "$wt"
	[ "$(tree_git write-tree)" = "$(tree_git rev-parse 'HEAD^{tree}')" ] ||
		die "the history of build/linux does not hold the files the build started on (a fault of make tree's fresh path): run 'make tree' again for the step-by-step path"
}

# fresh_along COMMAND...: the fresh path; it exits when done. It returns
# only when the files did not go in cleanly (nothing started, nothing left
# behind), for the step-by-step path to take over.
fresh_along() {
	local new=$BUILD/.linux-new start=$SECONDS rc=0
	extract_tarball "$new"
	step "applying $(series_patches | wc -l) patches and the fork-only files to the files; '$*' starts on them"
	if ! fresh_files "$new"; then
		note "the series or a fork-only file does not go in cleanly: making the tree step by step"
		return 0
	fi
	: >"$UNFINISHED"
	mv "$new" "$TREE"
	"$@" &
	along=$!
	# however this script ends, COMMAND is not left running unwaited
	trap 'wait_along' EXIT
	# COMMAND (the build) is what the user waits for: the history takes
	# what CPU time it leaves over
	renice -n 19 -p $$ >/dev/null
	fresh_history
	rm -f "$UNFINISHED"
	finish_state
	echo "$RECIPE_TREE_NAME: its history written in $((SECONDS - start)) s, alongside '$*'"
	trap - EXIT
	wait "$along" || rc=$?
	exit $rc
}

along=
# shellcheck disable=SC2317  # run by the EXIT trap
wait_along() {
	[ -n "$along" ] || return 0
	note "make tree failed; waiting for the command alongside (pid $along) to end"
	wait "$along" || true
}

# Apply patches/series from the first entry that differs from what is applied.
apply_series() {
	local -a want=() have=()
	local p i keep=0 at err
	while IFS= read -r p; do
		[ -f "$PATCHES/$p" ] || die "patches/series names $p, which is not in patches/"
		want+=("$p $(entry_hash "$p")")
	done < <(series_patches)
	[ -f "$APPLIED" ] || : >"$APPLIED"
	mapfile -t have <"$APPLIED"
	while [ $keep -lt ${#want[@]} ] && [ $keep -lt ${#have[@]} ] &&
		[ "${want[$keep]}" = "${have[$keep]% *}" ]; do
		keep=$((keep + 1))
	done
	if [ $keep = 0 ]; then
		at=$BASE_TAG
	else
		at=${have[$((keep - 1))]##* }
	fi
	tree_git reset -q --hard "$at"
	printf '%s\n' "${have[@]:0:$keep}" | grep -v '^$' >"$APPLIED" || true
	step "applying ${#want[@]} patches (${keep} unchanged, kept)"
	for ((i = keep; i < ${#want[@]}; i++)); do
		p=${want[$i]% *}
		printf '    %s\n' "$p"
		if ! err=$(tree_git am -q --committer-date-is-author-date "$PATCHES/$p" 2>&1); then
			tree_git am --abort >/dev/null 2>&1 || true
			state_set head "$(tree_git rev-parse HEAD)"
			state_set stamp none
			printf '%s\n' "$err" | grep -E '^(error|Patch failed)' >&2 || printf '%s\n' "$err" >&2
			die "patch $p does not apply to Linux $kver ($BASE_PACKAGE $pkgver; tested base: $pinned). The failing file is named above; refresh the patch for this base, or pick another with BASE=VERSION ('make base-versions' lists those offered)"
		fi
		attach_files "$p"
		echo "${want[$i]} $(tree_git rev-parse HEAD)" >>"$APPLIED"
	done
	# what the tree now holds of every attached file (make export compares)
	all_attached | while IFS=$'\t' read -r f p; do
		echo "$f $(git hash-object "$FORK_ROOT/$f")"
	done >"$ATTACHED_MADE"
}

# attach_files PATCH: add the fork-only files that patches/series attaches
# to PATCH into the commit git am just made of it (amend), so that the
# commit builds on its own while the files stay plain files in the repository.
attach_files() {
	local p=$1 f date
	while IFS= read -r f; do
		if tree_git cat-file -e "$BASE_TAG:$f" 2>/dev/null; then
			die "patches/series attaches $f to $p, but the base has $f: attach only files the fork adds; change a base file in the patch itself"
		fi
		if tree_git cat-file -e "HEAD:$f" 2>/dev/null; then
			note "$p (or a patch before it) has $f too; the repository's $f replaces it ('make export' takes it out of the patch)"
		fi
		mkdir -p "$TREE/$(dirname "$f")"
		cp "$FORK_ROOT/$f" "$TREE/$f"
		tree_git add -f -- "$f"
	done < <(attached_files "$p")
	tree_git diff --cached --quiet && return 0
	date=$(tree_git log -1 --format=%cI)
	GIT_COMMITTER_DATE=$date tree_git commit -q --amend --no-edit --no-verify
	attached_files "$p" | sed 's/^/        + /'
}

sync_overlay() {
	local src dst n=0
	while IFS=$'\t' read -r src dst; do
		mkdir -p "$TREE/$(dirname "$dst")"
		cp "$FORK_ROOT/$src" "$TREE/$dst"
		tree_git add -f -- "$dst"
		n=$((n + 1))
	done < <(overlay_map)
	if tree_git diff --cached --quiet; then
		return 0
	fi
	step "overlay: $n fork-only files"
	overlay_map | cut -f2 | { grep -E '^(mm|include)/.*\.[ch]$' || true; } | while IFS= read -r src; do
		note "$src is attached to no patch in patches/series: it joins the overlay commit, after every patch. Name it on the line of the patch that builds it"
	done
	GIT_AUTHOR_DATE="2024-11-17T00:00:00+0000" GIT_COMMITTER_DATE="2024-11-17T00:00:00+0000" \
		tree_git commit -q -F - <<-EOF
	fork: overlay of fork-only files

	Files that exist only in the fork, copied from its repository by
	'make tree'. Edit them in the repository, or here and then run
	'make export'.

	Fork-Overlay: yes
	EOF
}

# What the tree is made of, recorded for the next make tree and make export.
finish_state() {
	state_set overlay "$(overlay_commit)"
	state_set head "$(tree_git rev-parse HEAD)"
	state_set stamp "$stamp"
	echo "$RECIPE_TREE_NAME: Linux $kver ($BASE_PACKAGE $pkgver) + $(series_patches | wc -l) patches + overlay, at $(tree_git rev-parse --short HEAD)"
}

# then_or_exit: run the --then command in place of this script, if any.
then_or_exit() {
	[ ${#then_cmd[@]} = 0 ] || exec "${then_cmd[@]}"
	exit 0
}

then_cmd=()
case ${1:-} in
--then)
	shift
	[ $# -gt 0 ] || die "usage: tree.sh [--then COMMAND [ARG...]]"
	then_cmd=("$@")
	;;
"") ;;
*) die "usage: tree.sh [--then COMMAND [ARG...]]" ;;
esac

mkdir -p "$BUILD"
if [ -e "$UNFINISHED" ]; then
	note "an earlier make tree stopped while writing the history of $TREE: making it again"
	rm -rf "$TREE" "$BUILD/.linux-history"
	rm -f "$UNFINISHED"
fi
if [ -d "$TREE/.git" ]; then
	tree_git_config "$TREE"
	check_nothing_unexported
	if [ "$(state_get stamp)" = "$stamp" ] &&
		[ "$(state_get head)" = "$(tree_git rev-parse HEAD)" ]; then
		echo "$RECIPE_TREE_NAME is up to date ($BASE_PACKAGE $pkgver, $(series_patches | wc -l) patches)"
		then_or_exit
	fi
	[ "$(state_get base)" = "$pkgver" ] || extract_base
else
	[ ! -e "$TREE" ] || die "$TREE exists but is not a git tree: move it away"
	[ ${#then_cmd[@]} = 0 ] || fresh_along "${then_cmd[@]}"
	extract_base
fi

apply_series
sync_overlay
finish_state
then_or_exit
