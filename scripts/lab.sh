#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab-N: lab N's guest in QEMU and GDB side by side (tmux when there is
# a terminal), the lab's GDB script loaded and its first breakpoint set.
# In GDB, 'lab-next' runs to the next step and explains it.
#
# Lab 3 boots the lab kernel (LAB3_KERNEL=live, the default) or the kernel
# whose MGLRU recheck compares raw pmd values (LAB3_KERNEL=raw).
# Lab 4 boots the kernel whose MGLRU recheck compares the stack copy
# (LAB4_KERNEL=copy, the default) or the lab kernel (LAB4_KERNEL=live).
# Lab 5 boots the kernel whose UFFDIO_MOVE guards dst with pte_same() only
# (LAB5_KERNEL=dummy, the default) or the lab kernel (LAB5_KERNEL=live).
# KASAN=1: the same kernels, built with Generic KASAN (their own directories).

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

n=${1:?usage: lab.sh N}
lab_known "$n"
script=$FORK_ROOT/labs/gdb/lab-$n.py
[ -f "$script" ] || die "no GDB script $script"

# pick VAR DEFAULT ALLOWED...: the kernel a lab's variable names, checked.
pick() {
	local var=$1 value=${!1:-$2}
	shift 2
	case " $* " in
	*" $value "*) echo "$value" ;;
	*) die "$var must be one of: $*; not '$value'" ;;
	esac
}

if [ -n "$KSUFFIX" ]; then
	build_live_kernel
elif [ "$n" != 1 ]; then
	need_ptlab_kernel "$KBUILD"	# lab 1 needs no window
fi
kdir=$LIVE_KBUILD
# LAB_VARIANT names the kernel for the lab's GDB script, which holds its
# steps to it and refuses a kernel built for another variant.
LAB_VARIANT=
case $n in
3)
	LAB_VARIANT=$(pick LAB3_KERNEL live live raw)
	[ "$LAB_VARIANT" != raw ] || { build_raw_kernel; kdir=$RAW_KBUILD; }
	;;
4)
	LAB_VARIANT=$(pick LAB4_KERNEL copy copy live)
	[ "$LAB_VARIANT" != copy ] || { build_copy_kernel; kdir=$COPY_KBUILD; }
	;;
5)
	LAB_VARIANT=$(pick LAB5_KERNEL dummy dummy live)
	[ "$LAB_VARIANT" != dummy ] || { build_dst_dummy_kernel; kdir=$DUMMY_KBUILD; }
	;;
6)
	LAB_VARIANT=$(pick LAB6_KERNEL lockptr lockptr fixed)
	build_nr2_kernels
	kdir=$NR2_KBUILD
	[ "$LAB_VARIANT" != lockptr ] || kdir=$NR2_LOCKPTR_KBUILD
	;;
esac
export LAB_VARIANT LAB_KDIR=${kdir#"$FORK_ROOT"/}
export BZIMAGE=$kdir/arch/x86/boot/bzImage VMLINUX=$kdir/vmlinux
page=$(cd "$FORK_ROOT/Documentation/mm/pte-nolock" && echo lab-"$n"-*.rst)
echo "lab $n: the page: build/docs/Documentation/output/mm/pte-nolock/${page%.rst}.html ('make htmldocs'), or Documentation/mm/pte-nolock/$page"
echo "lab $n: in GDB (in tmux, the right pane) type 'lab-next' for each step; 'quit' ends the lab"
echo "lab $n: kernel $LAB_KDIR${LAB_VARIANT:+ (the $LAB_VARIANT kernel)}"
DEBUG_RUN=lab-$n DEBUG_GDB_X=$script exec "$FORK_ROOT/scripts/debug.sh"
