#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: time the steps a developer waits for, on this machine, and
# print them as a table: a no-op make tree, make tree after an overlay edit,
# a no-op make kernel, make kernel after touching one mm/ file, one boot.
# It needs a built tree and kernel (make kernel) and leaves them as they were.

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tree-lib.sh"

need_tree
[ -f "$KBUILD/vmlinux" ] || die "no lab kernel yet: run 'make kernel' first"
results=()

# timed NAME COMMAND...: run quietly, record the wall time in seconds.
timed() {
	local name=$1 start
	shift
	start=$(date +%s%N)
	"$@" >"$BUILD/bench-step.log" 2>&1 || {
		tail -n 20 "$BUILD/bench-step.log" >&2
		die "bench step '$name' failed"
	}
	results+=("$(printf '| %-50s | %8.1f |' "$name" "$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)")")
	echo "${results[-1]}"
}

timed "make tree (no-op)" "$FORK_ROOT/scripts/tree.sh"
overlay_file=$(overlay_map | head -n 1 | cut -f1)
if [ -n "$overlay_file" ]; then
	# a copy first: whatever happens, the file is put back as it was
	saved=$(mktemp)
	cp -p "$FORK_ROOT/$overlay_file" "$saved"
	trap 'cp -p "$saved" "$FORK_ROOT/$overlay_file"; rm -f "$saved"' EXIT
	echo >>"$FORK_ROOT/$overlay_file"
	timed "make tree (one overlay file changed)" "$FORK_ROOT/scripts/tree.sh"
	cp -p "$saved" "$FORK_ROOT/$overlay_file"
	"$FORK_ROOT/scripts/tree.sh" >/dev/null
fi
timed "make kernel (no-op)" "$FORK_ROOT/scripts/kernel.sh"
touch "$TREE/mm/pgtable-generic.c"
# CCACHE_RECACHE: compile for real, as after an edit (a touch alone would
# be a cache hit)
CCACHE_RECACHE=1 timed "make kernel (one mm/ file recompiled, relinked)" "$FORK_ROOT/scripts/kernel.sh"
timed "make boot (QEMU TCG, to the marker and power-off)" "$FORK_ROOT/scripts/boot.sh"

printf '\n| %-50s | %8s |\n|%s|%s|\n' "step ($(nproc) CPUs, $(date +%F))" "seconds" \
	"----------------------------------------------------" "----------"
printf '%s\n' "${results[@]}"
