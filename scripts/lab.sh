#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab-N: lab N's guest in QEMU and GDB side by side (tmux when there is
# a terminal), the lab's GDB script loaded and its first breakpoint set.
# In GDB, 'lab-next' runs to the next step and explains it.
#
# Lab 4 boots the kernel whose MGLRU recheck compares the stack copy
# (LAB4_KERNEL=copy, the default) or the lab kernel (LAB4_KERNEL=live).
# Lab 5 boots the kernel whose UFFDIO_MOVE guards dst with pte_same() only
# (LAB5_KERNEL=dummy, the default) or the lab kernel (LAB5_KERNEL=live).

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

n=${1:?usage: lab.sh N}
lab_known "$n"
script=$FORK_ROOT/labs/gdb/lab-$n.py
[ -f "$script" ] || die "no GDB script $script"

[ "$n" = 1 ] || need_ptlab_kernel "$KBUILD"	# lab 1 needs no window
if [ "$n" = 4 ] && [ "${LAB4_KERNEL:-copy}" = copy ]; then
	build_copy_kernel
	export BZIMAGE=$COPY_KBUILD/arch/x86/boot/bzImage VMLINUX=$COPY_KBUILD/vmlinux
fi
if [ "$n" = 5 ]; then
	export LAB_VARIANT=${LAB5_KERNEL:-dummy}
	if [ "$LAB_VARIANT" = dummy ]; then
		build_dst_dummy_kernel
		export BZIMAGE=$DUMMY_KBUILD/arch/x86/boot/bzImage VMLINUX=$DUMMY_KBUILD/vmlinux
	fi
fi
echo "lab $n: guide Documentation/mm/pte-nolock/lab-$n-*.rst; in GDB type 'lab-next' for each step"
DEBUG_RUN=lab-$n DEBUG_GDB_X=$script exec "$FORK_ROOT/scripts/debug.sh"
