#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/worktree-state.sh record|compare [DIR [STATE]]: what make check
# leaves in the working tree outside build/.
#
# "record" writes STATE (default $WORKTREE_STATE, or
# build/checks/worktree-at-start): one line
# per entry of "git status --porcelain" in DIR (default: the repository),
# untracked files one by one, with the object id of the file's content
# ("-" when there is no file), so that a file the developer had already
# edited, and a check then changed again, is told apart.  tests/run.sh
# records it before the first check.
#
# "compare" fails when the state now differs from STATE, and says what: a
# file the run created, changed or deleted, or an edit of the developer's
# that it undid.  It judges only what changed since "record": uncommitted
# edits made before the run are not the run's.  (An edit made by hand
# while the run was going is reported too: the check cannot tell it from
# the run's.)
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmd=${1:-}
dir=${2:-$FORK_ROOT}
state=${3:-${WORKTREE_STATE:-$BUILD/checks/worktree-at-start}}

# state_of DIR: the lines, sorted.  -z keeps odd file names whole; the
# second name of a rename or copy entry is its origin and is skipped.
state_of() {
	local entry xy path oid skip=
	git -C "$1" rev-parse --git-dir >/dev/null 2>&1 || die "$1 is not a git working tree"
	git -C "$1" status --porcelain=v1 -z --untracked-files=all -- . ':(exclude)build' |
		while IFS= read -r -d '' entry; do
			if [ -n "$skip" ]; then
				skip=
				continue
			fi
			xy=${entry:0:2}
			path=${entry:3}
			case $xy in R* | C*) skip=1 ;; esac
			oid=-
			if [ -f "$1/$path" ] && [ ! -L "$1/$path" ]; then
				oid=$(git -C "$1" hash-object -- "$path")
			fi
			printf '%s %s\t%s\n' "$xy" "$path" "$oid"
		done | LC_ALL=C sort
}

case $cmd in
record)
	mkdir -p "$(dirname "$state")"
	state_of "$dir" >"$state.tmp"
	mv "$state.tmp" "$state"
	;;
compare)
	[ -f "$state" ] ||
		die "no record of the working tree at ${state#"$FORK_ROOT"/}: this check judges a make check run (tests/run.sh records it before the first check)"
	now=$(mktemp)
	trap 'rm -f "$now"' EXIT
	state_of "$dir" >"$now"
	if ! cmp -s "$state" "$now"; then
		echo "the working tree outside build/ changed during this run (git status --porcelain; '+' now, '-' at the start, with each file's content id):"
		{ LC_ALL=C diff "$state" "$now" || true; } | sed -n 's/^> /  + /p; s/^< /  - /p'
		die "the run left files in the working tree: write them under build/ (or remove them) in the check that makes them; an edit made by hand while the run went on shows here too"
	fi
	n=$(wc -l <"$now")
	if [ "$n" = 0 ]; then
		echo "worktree: git status --porcelain is empty outside build/"
	else
		echo "worktree: nothing changed outside build/ during the run; the $n entries of git status --porcelain there were there before it (the developer's own)"
	fi
	;;
*)
	die "usage: $0 record|compare [DIR [STATE]]"
	;;
esac
