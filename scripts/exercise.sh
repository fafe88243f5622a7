#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/exercise.sh N [check]: review exercise N (NN-*.patch in the
# recipe's RECIPE_EXERCISES: labs/exercises/, labs/exercises/7.3/) applied
# in a worktree of the recipe's tree of its own, never in the tree itself.
# Without "check": leave the worktree for the reviewer and say where it is.
# With "check": fresh worktree, apply, show the evidence that the
# exercises' evidence file names, and fail if it does not show.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The recipe's exercise numbers, for messages.
exercise_numbers() {
	local p nums=()
	for p in "$RECIPE_EXERCISES"/[0-9][0-9]-*.patch; do
		[ -e "$p" ] && nums+=("$(basename "$p" | cut -c1-2)")
	done
	echo "${nums[*]:-none}"
}

n=${1:-}
mode=${2:-open}
[[ $n =~ ^[0-9]+$ ]] || die "usage: $0 N [check] (N: an exercise number of RECIPE=$RECIPE: $(exercise_numbers))"
nn=$(printf '%02d' "$((10#$n))")
shopt -s nullglob
patches=("$RECIPE_EXERCISES/$nn"-*.patch)
[ "${#patches[@]}" = 1 ] ||
	die "no exercise $nn in ${RECIPE_EXERCISES#"$FORK_ROOT"/}/ (or more than one): the exercises of RECIPE=$RECIPE are $(exercise_numbers)"
patch=${patches[0]}
name=$(basename "$patch" .patch)
need_tree
need git git
COCCI_REL=scripts/coccinelle/locks/pte_nolock.cocci
COCCI_MACROS_REL=scripts/coccinelle/locks/pte_nolock.macros.h

# The checks share one worktree, reset to the tree's HEAD each time (a
# fresh checkout of the kernel costs a minute); the reviewer's is per
# exercise.  The checks' worktree is check/linux, and the kernels they
# build from it are check/OBJ beside it: the same relative path from build
# directory to source as the recipe's own kernels (kernel/ and linux/), so
# that ccache (CCACHE_BASEDIR, lib.sh) hits for every file the patch does
# not change.
tip=$(git -C "$TREE" rev-parse HEAD)
checks=$BUILD/exercises/check
if [ "$mode" = check ]; then
	wt=$checks/linux
	# the layout before check/linux: check/ itself was the worktree
	if [ -e "$checks/.git" ]; then
		note "moving the checks' worktree to ${wt#"$FORK_ROOT"/}"
		rm -rf "$checks" "$BUILD"/exercises/obj-{x86,arm,kasan}
	fi
else
	wt=$BUILD/exercises/$name
fi
# A worktree left from an earlier build/linux (make tree DISCARD=1 makes a
# new repository) is no worktree of this one any more: make it again.
if [ -d "$wt" ] && ! git -C "$wt" rev-parse --git-dir >/dev/null 2>&1; then
	note "$wt belongs to an earlier build/linux: making it again"
	rm -rf "$wt"
fi
if [ ! -d "$wt" ]; then
	git -C "$TREE" worktree prune
	mkdir -p "$(dirname "$wt")"
	git -C "$TREE" worktree add -q --detach "$wt" "$tip"
	fresh=1
fi
if [ "$mode" = check ] || [ -n "${fresh:-}" ]; then
	git -C "$wt" am --abort >/dev/null 2>&1 || true
	git -C "$wt" reset -q --hard "$tip"
	git -C "$wt" clean -q -fdx
	git -C "$wt" -c user.name=exercise -c user.email=exercise@pte-nolock.invalid \
		am -q "$patch" || die "$name does not apply to $(git -C "$TREE" rev-parse --short HEAD)"
fi

if [ "$mode" != check ]; then
	echo "exercise $nn ($name): the patch is applied in $wt"
	echo "  read it:   git -C $wt show"
	echo "  the page:  Documentation/mm/pte-nolock/exercises.rst (question, hint; answers at the end)"
	exit 0
fi
[ "$mode" = check ] || die "unknown mode '$mode' (want: check)"

IFS=$'\t' read -r _ kind what < <(grep -E "^$nn"$'\t' "$RECIPE_EXERCISES/evidence") ||
	die "${RECIPE_EXERCISES#"$FORK_ROOT"/}/evidence has no line for $nn"
mapfile -t files < <(git -C "$wt" diff --name-only HEAD~1 HEAD -- '*.c')
[ "${#files[@]}" -gt 0 ] || die "$name touches no .c file"

# The rules, from the repository (the overlay may lag behind an edit), by
# the tree's own make coccicheck, on a copy of each touched file in a
# scratch directory: Linux 7.x takes only a directory for M=, and enters
# it (so COCCI is absolute).  The reports name the files as in the tree.
scratch=$BUILD/exercises/cocci-scratch
rm -rf "$scratch"
for f in "${files[@]}"; do
	mkdir -p "$scratch/$(dirname "$f")"
	cp "$wt/$f" "$scratch/$f"
done
out=$BUILD/exercises/$name.cocci.log
: >"$out"
for d in $(printf '%s\n' "${files[@]}" | xargs -n 1 dirname | sort -u); do
	make -s -C "$wt" coccicheck MODE=report COCCI="$FORK_ROOT/$COCCI_REL" M="$scratch/$d" \
		SPFLAGS="--macro-file $FORK_ROOT/$COCCI_MACROS_REL" 2>&1 |
		grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' |
		sed -E "s|^\./|$d/|; s|^$scratch/||" >>"$out" || true
done
echo "exercise $nn ($name): touches ${files[*]}"
sed 's/^/  coccicheck: /' "$out"

# What it touches must still build: the compiler is no evidence of these
# bugs, and that is part of the lesson.  x86 objects with the lab kernel's
# fragments, arm ones with multi_v5_defconfig (adjust_pte() is ARMv5 code);
# each in a build directory of its own that every exercise reuses.
# EXERCISE_BUILD=0 skips it.
if [ "${EXERCISE_BUILD:-1}" = 1 ]; then
	x86=() arm=()
	for f in "${files[@]}"; do
		case $f in
		arch/arm/*) arm+=("${f%.c}.o") ;;
		arch/*) note "no cross build for $f here" ;;
		*) x86+=("${f%.c}.o") ;;
		esac
	done
	blog=$BUILD/exercises/$name.build.log
	: >"$blog"
	if [ "${#x86[@]}" -gt 0 ]; then
		KERNEL_SRC=$wt KERNEL_OUT=$checks/obj-x86 TARGETS="${x86[*]}" \
			"$FORK_ROOT/scripts/kernel.sh" >>"$blog" 2>&1 ||
			die "exercise $nn: ${x86[*]} does not build for x86 (log: $blog)"
		echo "  built: ${x86[*]} (x86, the lab kernel's config)"
	fi
	if [ "${#arm[@]}" -gt 0 ]; then
		need arm-linux-gnueabi-gcc gcc-arm-linux-gnueabi
		aout=$checks/obj-arm
		acc="arm-linux-gnueabi-gcc"
		! command -v ccache >/dev/null || acc="ccache $acc"
		amake() {
			make -C "$wt" O="$aout" ARCH=arm CROSS_COMPILE=arm-linux-gnueabi- \
				CC="$acc" -j"$JOBS" "$@" >>"$blog" 2>&1
		}
		[ -f "$aout/.config" ] || amake multi_v5_defconfig ||
			die "exercise $nn: arm multi_v5_defconfig failed (log: $blog)"
		amake "${arm[@]}" ||
			die "exercise $nn: ${arm[*]} does not build for arm (log: $blog)"
		echo "  built: ${arm[*]} (arm, multi_v5_defconfig)"
	fi
fi
# kasan_evidence: a Generic KASAN lab kernel built from the patched tree (a
# build directory of its own, which later checks reuse), and lab 3's race on
# it, driven by lab 3's own GDB script: the console must show the report
# "BUG: KASAN: $what", with pte_free_defer() in its "Freed by" stack.  Lab
# 3's expectations after the report are not the evidence: the report is.
kasan_evidence() {
	local kobj=$checks/kernel-kasan klog=$BUILD/exercises/$name.kasan.log
	local stamp=$BUILD/exercises/.kasan-start console report
	[ -f "$BUILD/initramfs.cpio.gz" ] || die "exercise $nn needs the lab guest: run 'make initramfs' first"
	step "exercise $nn: a KASAN lab kernel from the patched tree in ${kobj#"$FORK_ROOT"/} (cold: about 5 minutes)"
	KERNEL_SRC=$wt KERNEL_OUT=$kobj \
		FRAGMENTS="$RECIPE_FRAGMENTS $FORK_ROOT/labs/kasan.config" \
		"$FORK_ROOT/scripts/kernel.sh" >"$klog" 2>&1 ||
		die "exercise $nn: the KASAN kernel does not build (log: $klog)"
	step "exercise $nn: lab 3's race on it (its GDB script, in batch)"
	touch "$stamp"
	LAB_BATCH=1 LAB_VARIANT=live BZIMAGE=$kobj/arch/x86/boot/bzImage VMLINUX=$kobj/vmlinux \
		"$FORK_ROOT/scripts/gdb-batch.sh" lab-3 "$FORK_ROOT/labs/gdb/lab-3.py" 240 >>"$klog" 2>&1 || true
	console=$(find "$BUILD/checks" -name 'lab-3-*.console.log' -newer "$stamp" -print | head -n 1)
	rm -f "$stamp"
	[ -n "$console" ] || die "exercise $nn: the guest left no console log (log: $klog)"
	grep -aqF "$KASAN_BANNER" "$console" ||
		die "exercise $nn: KASAN did not start in the guest (console: $console)"
	report=$(grep -a -m1 "BUG: KASAN: $what" "$console" || true)
	[ -n "$report" ] ||
		die "exercise $nn: no 'BUG: KASAN: $what' report in the race (console: $console; log: $klog)"
	# the stack under "Freed by task", up to the next blank line
	awk '/Freed by task/ { f = 1 } f && /^[[:space:]]*$/ { exit } f' "$console" |
		grep -q 'pte_free_defer' ||
		die "exercise $nn: the report's 'Freed by' stack does not name pte_free_defer() (console: $console)"
	echo "  evidence: lab 3's race on a KASAN kernel of the patched tree:"
	echo "    ${report#*] }"
	grep -a -m1 -E '(Read|Write) of size' "$console" | sed 's/^[^]]*] /    /'
	echo "    and its 'Freed by' stack names pte_free_defer(), before the grace period"
	echo "  console: ${console#"$FORK_ROOT"/}"
}

# lab_evidence: WHAT is "N VARIANT [FRAGMENT]".  A lab kernel built from
# the patched tree (the recipe's fragments, then labs/FRAGMENT), in a build
# directory of its own that later checks reuse, must fail lab N the way
# its VARIANT kernel does: lab N's batch check, held to what it expects of
# that kernel (the bug happening, and the kernel's reports of it), passes.
lab_evidence() {
	local lab variant fragment kobj klog frags report line
	read -r lab variant fragment <<<"$what"
	kobj=$checks/kernel-lab-$lab
	klog=$BUILD/exercises/$name.lab.log
	frags=$RECIPE_FRAGMENTS
	[ -z "$fragment" ] || frags="$frags $FORK_ROOT/labs/$fragment"
	[ -f "$BUILD/initramfs.cpio.gz" ] ||
		die "exercise $nn needs the lab guest: run 'RECIPE=$RECIPE make initramfs' first"
	step "exercise $nn: lab $lab's kernel from the patched tree in ${kobj#"$FORK_ROOT"/}"
	KERNEL_SRC=$wt KERNEL_OUT=$kobj FRAGMENTS="$frags" \
		"$FORK_ROOT/scripts/kernel.sh" >"$klog" 2>&1 ||
		die "exercise $nn: lab $lab's kernel does not build from the patched tree (log: $klog)"
	step "exercise $nn: lab $lab in batch on it, expecting what its $variant kernel does"
	if ! LAB_KERNEL="$kobj $variant" "$FORK_ROOT/scripts/lab-check.sh" "$lab" >>"$klog" 2>&1; then
		tail -n 30 "$klog" | sed 's/^/  | /'
		die "exercise $nn: lab $lab did not show its $variant kernel's failure on the patched kernel (log: $klog)"
	fi
	echo "  evidence: lab $lab's check of the $variant kernel passes on a kernel of the patched tree:"
	grep -E '^--- step|^    (ptl == pml|site: last_same|pmd_same)' "$klog" | sed 's/^/    /'
	report=$(grep -E '^    console +(BUG|WARNING|kernel BUG)' "$klog" | sed 's/^    console *//') || true
	[ -n "$report" ] || die "exercise $nn: lab $lab passed, but its transcript quotes no kernel report (log: $klog)"
	while IFS= read -r line; do
		echo "    the kernel: $line"
	done <<<"$report"
}

case $kind in
cocci)
	grep -qF "$what" "$out" ||
		die "exercise $nn: expected a '$what' report from pte_nolock.cocci, got none"
	echo "  evidence: pte_nolock.cocci '$what' reports it (the tip has no such report: make coccicheck)"
	;;
kasan)
	kasan_evidence
	;;
lab)
	lab_evidence
	;;
reasoning)
	echo "  evidence: reasoning only ($what); see exercises.rst"
	;;
*)
	die "${RECIPE_EXERCISES#"$FORK_ROOT"/}/evidence: unknown kind '$kind' for $nn"
	;;
esac
