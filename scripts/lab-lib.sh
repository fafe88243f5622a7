# SPDX-License-Identifier: GPL-2.0
# What make lab-N and make lab-N-check share: which labs exist, and the
# kernels they boot.  Sourced by scripts/lab.sh and scripts/lab-check.sh.
# shellcheck shell=bash

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"
LABS=$RECIPE_LABS
# Every lab of every recipe, for the message that names another recipe's.
ALL_LABS="1 2 3 4 5 6"
# The GDB scripts' few per-version lines read the recipe (labs/gdb/fork.py).
export LAB_RECIPE=$RECIPE
# KASAN=1: every kernel a lab boots is a Generic KASAN build of the same
# fragments (labs/kasan.config added), each in its own directory, NAME-kasan.
case ${KASAN:-0} in
0 | "") KSUFFIX= ;;
1) KSUFFIX=-kasan ;;
*) die "KASAN must be 1 or unset, not '$KASAN'" ;;
esac
# The lab kernel: make kernel's, or its KASAN build.
LIVE_KBUILD=$KBUILD
[ -z "$KSUFFIX" ] || LIVE_KBUILD=$BUILD/kernel$KSUFFIX
# The lab-4 kernel: the lab kernel plus CONFIG_PTLAB_COPY_RECHECK.
COPY_KBUILD=$BUILD/kernel-copy-recheck$KSUFFIX
# The lab-3 "raw" kernel: the lab kernel plus CONFIG_PTLAB_RAW_PMD_RECHECK.
RAW_KBUILD=$BUILD/kernel-raw-pmd-recheck$KSUFFIX
# The lab-5 kernel: the lab kernel plus CONFIG_PTLAB_DST_DUMMY.
DUMMY_KBUILD=$BUILD/kernel-dst-dummy$KSUFFIX
# The lab-6 kernels (7.3): the lab kernel without split page-table locks
# (labs/nr-cpus-2.config), and that kernel plus
# CONFIG_PTLAB_LOCKPTR_RECHECK (7.3.4's step 4, before the fork's fix).
NR2_KBUILD=$BUILD/kernel-nr2$KSUFFIX
NR2_LOCKPTR_KBUILD=$BUILD/kernel-nr2-lockptr$KSUFFIX

lab_known() {
	case " $LABS " in
	*" $1 "*) return 0 ;;
	esac
	case " $ALL_LABS " in
	*" $1 "*) die "lab $1 does not run on RECIPE=$RECIPE: $RECIPE_LABS_WHY" ;;
	esac
	die "no lab '$1': the labs of RECIPE=$RECIPE are $LABS ($RECIPE_LABS_WHY)"
}

# The kernel must carry the lab window, or the labs have nothing to show.
need_ptlab_kernel() {
	local config=$1/.config
	[ -f "$config" ] || die "no $config: run 'make kernel' first"
	grep -qx 'CONFIG_PTLAB=y' "$config" ||
		die "$1 has no CONFIG_PTLAB=y: build it with labs/ptlab.config ('make kernel' does by default; a FRAGMENTS list must name it)"
}

# seed_variant DIR: a variant that has never been built starts as a copy of
# its lab kernel's build directory (make kernel's, or the KASAN one), when
# that one is built.  A variant differs by one option line, and Kbuild
# rebuilds only the objects that depend on a changed option, so the first
# build of a variant takes a minute instead of a cold build.  (ccache in
# depend mode, lib.sh, would hit for the rest too, but only after Kbuild
# ran it once for each of them; the copy runs nothing for them.)
seed_variant() {
	local dir=$1 from=${2:-$LIVE_KBUILD}
	[ "$dir" != "$from" ] || return 0
	[ ! -e "$dir" ] || return 0
	[ -f "$from/vmlinux" ] || return 0
	step "seeding ${dir#"$FORK_ROOT"/} from ${from#"$FORK_ROOT"/} (a copy: only what the option changes is rebuilt)" >&2
	rm -rf "$dir.seeding"
	cp -a "$from" "$dir.seeding"
	rm -f "$dir.seeding/.fork-config-stamp"
	mv "$dir.seeding" "$dir"
}

# build_variant_kernel DIR COMMENT [CONFIG_X=y]: build (or bring up to date)
# the lab kernel's fragments plus the given option line, and labs/kasan.config
# when KASAN=1, in DIR, from the same source tree.  With no option line and
# no KASAN this is make kernel's own build: use $KBUILD for that instead.
# VARIANT_FRAGMENT adds a fragment after the recipe's; VARIANT_SEED names
# the build directory a new DIR starts as a copy of (seed_variant).
build_variant_kernel() {
	local dir=$1 comment=$2 line=${3:-} frag fragments
	fragments=${FRAGMENTS:-$RECIPE_FRAGMENTS}
	[ -z "${VARIANT_FRAGMENT:-}" ] || fragments="$fragments $VARIANT_FRAGMENT"
	case " $fragments " in
	*ptlab.config*) ;;
	*) fragments="$fragments $FORK_ROOT/labs/ptlab.config" ;;
	esac
	[ -z "$KSUFFIX" ] || fragments="$fragments $FORK_ROOT/labs/kasan.config"
	mkdir -p "$BUILD"
	seed_variant "$dir" "${VARIANT_SEED:-$LIVE_KBUILD}"
	if [ -n "$line" ]; then
		frag=$BUILD/$(basename "$dir").config
		printf '# %s\n%s\n' "$comment" "$line" >"$frag"
		fragments="$fragments $frag"
	fi
	FRAGMENTS="$fragments" KERNEL_OUT=$dir "$FORK_ROOT/scripts/kernel.sh" >&2
	[ -z "$line" ] || grep -qxF -- "$line" "$dir/.config" || die "$dir lacks $line"
	[ -z "$KSUFFIX" ] || grep -qx 'CONFIG_KASAN_GENERIC=y' "$dir/.config" ||
		die "$dir lacks CONFIG_KASAN_GENERIC=y"
}

# The lab kernel itself: make kernel has built it, unless KASAN=1.
build_live_kernel() {
	if [ -n "$KSUFFIX" ]; then
		build_variant_kernel "$LIVE_KBUILD" "KASAN build of the lab kernel"
	fi
	need_ptlab_kernel "$LIVE_KBUILD"
}

# The lab-4 kernel: the MGLRU walker rechecks against a stack copy.
build_copy_kernel() {
	build_variant_kernel "$COPY_KBUILD" "Lab 4 only: the MGLRU walker rechecks against a stack copy." \
		CONFIG_PTLAB_COPY_RECHECK=y
}

# The lab-3 "raw" kernel: the MGLRU walker's recheck compares raw pmd values.
build_raw_kernel() {
	build_variant_kernel "$RAW_KBUILD" "Lab 3 only: the MGLRU walker rechecks the raw pmd value." \
		CONFIG_PTLAB_RAW_PMD_RECHECK=y
}

# The lab-5 kernel: UFFDIO_MOVE guards its destination with pte_same() only.
build_dst_dummy_kernel() {
	build_variant_kernel "$DUMMY_KBUILD" "Lab 5 only: UFFDIO_MOVE rechecks dst with pte_same() only." \
		CONFIG_PTLAB_DST_DUMMY=y
}

# The lab-6 kernels.  Two CPUs change what every file sees (NR_CPUS), so
# the first build of the first one is a full build; the second one, which
# differs by one option, starts as a copy of the first.
build_nr2_kernels() {
	VARIANT_FRAGMENT=$FORK_ROOT/labs/nr-cpus-2.config build_variant_kernel "$NR2_KBUILD" \
		"Lab 6: the lab kernel without split page-table locks."
	VARIANT_FRAGMENT=$FORK_ROOT/labs/nr-cpus-2.config VARIANT_SEED=$NR2_KBUILD \
		build_variant_kernel "$NR2_LOCKPTR_KBUILD" \
		"Lab 6 only: khugepaged rechecks only when the PTE and pmd locks differ." \
		CONFIG_PTLAB_LOCKPTR_RECHECK=y
	local k
	for k in "$NR2_KBUILD" "$NR2_LOCKPTR_KBUILD"; do
		grep -qx 'CONFIG_NR_CPUS=2' "$k/.config" || die "$k lacks CONFIG_NR_CPUS=2"
		! grep -q '^CONFIG_SPLIT_PTE_PTLOCKS=y' "$k/.config" ||
			die "$k has split PTE locks: lab 6 needs them off"
	done
}
