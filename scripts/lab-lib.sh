# SPDX-License-Identifier: GPL-2.0
# What make lab-N and make lab-N-check share: which labs exist, and the
# kernels they boot.  Sourced by scripts/lab.sh and scripts/lab-check.sh.
# shellcheck shell=bash

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"

LABS="1 2 3 4 5"
# The lab-4 kernel: the lab kernel plus CONFIG_PTLAB_COPY_RECHECK.
COPY_KBUILD=$BUILD/kernel-copy-recheck
# The lab-5 kernel: the lab kernel plus CONFIG_PTLAB_DST_DUMMY.
DUMMY_KBUILD=$BUILD/kernel-dst-dummy

lab_known() {
	case " $LABS " in
	*" $1 "*) return 0 ;;
	esac
	die "no lab '$1': the labs are $LABS"
}

# The kernel must carry the lab window, or the labs have nothing to show.
need_ptlab_kernel() {
	local config=$1/.config
	[ -f "$config" ] || die "no $config: run 'make kernel' first"
	grep -qx 'CONFIG_PTLAB=y' "$config" ||
		die "$1 has no CONFIG_PTLAB=y: build it with labs/ptlab.config ('make kernel' does by default; a FRAGMENTS list must name it)"
}

# Build (or bring up to date) the lab-4 kernel with the recheck against the
# stack copy, in $COPY_KBUILD.  It has the same fragments as the lab kernel
# plus one line, and the same source tree.
build_copy_kernel() {
	local frag=$BUILD/ptlab-copy-recheck.config fragments
	fragments=${FRAGMENTS:-$FORK_ROOT/labs/kernel.config}
	case " $fragments " in
	*ptlab.config*) ;;
	*) fragments="$fragments $FORK_ROOT/labs/ptlab.config" ;;
	esac
	mkdir -p "$BUILD"
	printf '# Lab 4 only: the MGLRU walker rechecks against a stack copy.\nCONFIG_PTLAB_COPY_RECHECK=y\n' >"$frag"
	FRAGMENTS="$fragments $frag" KERNEL_OUT=$COPY_KBUILD "$FORK_ROOT/scripts/kernel.sh" >&2
	grep -qx 'CONFIG_PTLAB_COPY_RECHECK=y' "$COPY_KBUILD/.config" ||
		die "$COPY_KBUILD lacks CONFIG_PTLAB_COPY_RECHECK=y"
}

# Build (or bring up to date) the lab-5 kernel whose UFFDIO_MOVE guards its
# destination with pte_same() only, in $DUMMY_KBUILD: the lab kernel's
# fragments plus one line, the same source tree.
build_dst_dummy_kernel() {
	local frag=$BUILD/ptlab-dst-dummy.config fragments
	fragments=${FRAGMENTS:-$FORK_ROOT/labs/kernel.config}
	case " $fragments " in
	*ptlab.config*) ;;
	*) fragments="$fragments $FORK_ROOT/labs/ptlab.config" ;;
	esac
	mkdir -p "$BUILD"
	printf '# Lab 5 only: UFFDIO_MOVE rechecks dst with pte_same() only.\nCONFIG_PTLAB_DST_DUMMY=y\n' >"$frag"
	FRAGMENTS="$fragments $frag" KERNEL_OUT=$DUMMY_KBUILD "$FORK_ROOT/scripts/kernel.sh" >&2
	grep -qx 'CONFIG_PTLAB_DST_DUMMY=y' "$DUMMY_KBUILD/.config" ||
		die "$DUMMY_KBUILD lacks CONFIG_PTLAB_DST_DUMMY=y"
}
