#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab-N-walk [VARIANT=name] [CONTINUE=1]: lab N as a reader does it,
# in a tmux server of its own: 'make lab-N' typed into a shell there,
# 'lab-next' and the page's commands at each step (scripts/lab-walk.py).
# With no VARIANT, every kernel the lab's page offers, one walk each;
# CONTINUE=1 adds the walk that types 'continue' at the first stop.

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

n=${1:?usage: lab-walk.sh N [VARIANT]}
lab_known "$n"
need tmux tmux
need python3 python3
variants=${2:-}
if [ -z "$variants" ]; then
	case $n in
	3) variants="live raw" ;;
	4) variants="copy live" ;;
	5) variants="dummy live" ;;
	6) variants="lockptr fixed" ;;
	*) variants=- ;;
	esac
fi
failed=0
for v in $variants; do
	args=("$n")
	[ "$v" = - ] || args+=("$v")
	python3 "$FORK_ROOT/scripts/lab-walk.py" "${args[@]}" || failed=1
done
if [ "${CONTINUE:-0}" = 1 ]; then
	python3 "$FORK_ROOT/scripts/lab-walk.py" "$n" --continue || failed=1
fi
exit $failed
