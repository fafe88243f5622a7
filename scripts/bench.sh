#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: time the steps a developer waits for, on this machine, and
# print them as one table.
#
#   fresh path  (FRESH=1 only) what 'make lab-3' does on a fresh clone, in a
#               scratch build directory with an empty ccache: make deps-lab,
#               make kernel (a cold make tree with the build alongside, as
#               the Makefile runs them), make initramfs, lab 3's guest to
#               its first breakpoint; and their sum
#   edit        make tree / make kernel no-ops; one mm/ file edited (a line
#               of code appended to the repository's mm/ptlab.c, which joins
#               patch 0018's commit) -> make tree, make kernel (ptlab.c
#               compiled for real, files make tree rewrote unchanged cached),
#               make initramfs, lab 3 at its first breakpoint; and their sum
#   boot        make boot
#   labs        each make lab-N-check (BENCH_LABS="1 2 ..." picks, an
#               empty BENCH_LABS none; default every lab), its time and verdict
#
# It needs a built tree and kernel (make kernel) and leaves them as they
# were: the appended line is taken out again however the run ends (only that
# line: an edit someone else makes meanwhile stays). The fresh path is for an
# idle machine: on a loaded one its cold figure means little.

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tree-lib.sh"
only_recipe_612 "make bench"

S=$FORK_ROOT/scripts
FRESH=${FRESH:-0}
need_tree
[ -f "$KBUILD/vmlinux" ] || die "no lab kernel yet: run 'make kernel' first"
[ -f "$BUILD/initramfs.cpio.gz" ] || die "no initramfs yet: run 'make initramfs' first"
results=()
load=$(cut -d' ' -f1 /proc/loadavg)
steplog=$BUILD/bench-step.log

now() { date +%s%N; }
secs() { echo "scale=1; ($2 - $1) / 1000000000" | bc -l; }

# row NAME SECONDS [NOTE]
row() {
	results+=("$(printf '| %-58s | %8.1f | %s |' "$1" "$2" "${3:-}")")
	echo "${results[-1]}"
}

# timed NAME COMMAND...: run quietly, record the wall time; the seconds are
# left in $last.
last=0
timed() {
	local name=$1 start
	shift
	start=$(now)
	"$@" >"$steplog" 2>&1 || {
		tail -n 20 "$steplog" >&2
		die "bench step '$name' failed (log: $steplog)"
	}
	last=$(secs "$start" "$(now)")
	row "$name" "$last"
}

add() { echo "$1 + $2" | bc -l; }

# settle: write back what earlier steps left in the page cache before a
# part is timed: a fresh machine has nothing to write back. (A fresh path
# started right after an earlier one's gigabytes were written and removed
# took 309 s where the same code had taken 234 s.)
settle() { sync; }

# --- the fresh path ---------------------------------------------------------
if [ "$FRESH" = 1 ]; then
	fresh=$BUILD/bench-fresh
	rm -rf "$fresh"
	mkdir -p "$fresh/ccache"
	total=0
	fr() {
		BUILD=$fresh CCACHE_DIR=$fresh/ccache "$@"
	}
	settle
	timed "fresh: make deps-lab" "$S/deps.sh" lab
	total=$(add "$total" "$last")
	# make kernel as the Makefile runs it: on a fresh tree, the build
	# starts on the tree's files while their history is written
	timed "fresh: make kernel (a cold tree, the build alongside; empty ccache, -j$JOBS)" \
		fr "$S/tree.sh" --then "$S/kernel.sh"
	total=$(add "$total" "$last")
	grep -h -E '^(build/linux: its history written|kernel built) in' "$steplog" | sed 's/^/    /'
	timed "fresh: make initramfs" fr "$S/initramfs.sh" "$fresh/initramfs.cpio.gz"
	total=$(add "$total" "$last")
	timed "fresh: lab 3 guest to its first breakpoint" fr "$S/lab-first-stop.sh" 3
	total=$(add "$total" "$last")
	row "fresh: make lab-3 -> first breakpoint (sum, goal 300 s)" "$total"
	# removed after the last figure: removing gigabytes writes to the disk too
fi

# --- one edit ---------------------------------------------------------------
settle
timed "make tree (no-op)" "$S/tree.sh"
timed "make kernel (no-op)" "$S/kernel.sh"

edited=$FORK_ROOT/mm/ptlab.c
[ -f "$edited" ] || die "no $edited to edit"
id=$(date +%s%N)
token="fork bench $id"
unedit() {
	sed -i "\\#/\\* $token \\*/\$#d" "$edited"
}
trap unedit EXIT
# a change of code, not a comment: ccache cannot have it (the files make
# tree rewrote with the same content are cache hits, as after a real edit)
echo "static const char fork_bench_${id}[] __maybe_unused = \"$id\"; /* $token */" >>"$edited"
total=0
timed "edit: make tree (mm/ptlab.c changed: from patch 0018)" "$S/tree.sh"
total=$(add "$total" "$last")
timed "edit: make kernel (mm/ptlab.c compiled, the rest cached, relinked)" "$S/kernel.sh"
total=$(add "$total" "$last")
timed "edit: make initramfs" "$S/initramfs.sh" "$BUILD/initramfs.cpio.gz"
total=$(add "$total" "$last")
timed "edit: lab 3 guest to its first breakpoint" "$S/lab-first-stop.sh" 3
total=$(add "$total" "$last")
row "edit -> make lab-3 at the first breakpoint (sum, goal 45 s)" "$total"
unedit
trap - EXIT
"$S/tree.sh" >/dev/null
"$S/kernel.sh" >/dev/null

# --- boot and the labs --------------------------------------------------------
timed "make boot (QEMU TCG, to the marker and the reset)" "$S/boot.sh"
all_labs=
for f in "$FORK_ROOT"/labs/gdb/lab-[0-9].py; do
	f=${f##*/lab-}
	all_labs="$all_labs ${f%.py}"
done
read -r -a labs <<<"${BENCH_LABS-$all_labs}"
for n in "${labs[@]}"; do
	start=$(now)
	if "$S/lab-check.sh" "$n" >"$steplog" 2>&1; then
		row "make lab-$n-check" "$(secs "$start" "$(now)")" pass
	else
		row "make lab-$n-check" "$(secs "$start" "$(now)")" "FAIL (log: build/bench-lab-$n.log)"
		cp "$steplog" "$BUILD/bench-lab-$n.log"
	fi
done

[ "$FRESH" != 1 ] || rm -rf "$BUILD/bench-fresh"

printf '\n| %-58s | %8s | %s |\n|%s|%s|%s|\n' \
	"step ($(nproc) CPUs, $(date -u '+%F %H:%M UTC'), load $load at the start)" \
	"seconds" "" \
	"------------------------------------------------------------" "----------" "---"
printf '%s\n' "${results[@]}"
