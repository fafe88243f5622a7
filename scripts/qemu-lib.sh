# SPDX-License-Identifier: GPL-2.0
# How the fork starts its guest and its debugger; sourced by boot, debug,
# and the GDB checks.
# shellcheck shell=bash

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BZIMAGE=${BZIMAGE:-$KBUILD/arch/x86/boot/bzImage}
VMLINUX=${VMLINUX:-$KBUILD/vmlinux}
INITRD=${INITRD:-$BUILD/initramfs.cpio.gz}
QEMU_MEM=${QEMU_MEM:-1G}
# TCG by default: guests hang under KVM on these machines (design.md §4).
QEMU_ACCEL=${QEMU_ACCEL:-tcg}

need_guest() {
	need qemu-system-x86_64 qemu-system-x86
	[ -f "$BZIMAGE" ] || die "no kernel at $BZIMAGE: run 'make kernel' first"
	[ -f "$INITRD" ] || die "no initramfs at $INITRD: run 'make initramfs' first"
}

# qemu_argv RUN [EXTRA_APPEND]: fill the array QEMU with a guest that runs
# /fork/run/RUN.sh (empty RUN: an interactive shell).
qemu_argv() {
	# no_timer_check: under TCG on a loaded host the IO-APIC timer check can
	# miss its ticks and panic ("IO-APIC + timer doesn't work!")
	local run=$1 append="console=ttyS0 nokaslr panic=-1 no_timer_check ${2:-}"
	[ -z "$run" ] || append="$append fork.run=$run"
	# Two sockets of one CPU: the lab kernel has no ACPI and finds its
	# CPUs in SeaBIOS's MP table, which lists only the first logical CPU
	# of each package (SeaBIOS src/fw/mptable.c).
	# shellcheck disable=SC2034 # used by the scripts that source this file
	QEMU=(qemu-system-x86_64 -accel "$QEMU_ACCEL" -smp "2,sockets=2,cores=1" -m "$QEMU_MEM"
		-kernel "$BZIMAGE" -initrd "$INITRD" -append "$append"
		-display none -no-reboot)
}

# A TCP port nobody listens on, so that two debug sessions can run at once.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# gdb_init FILE PORT: the commands that attach GDB with the kernel's scripts.
gdb_init() {
	[ -f "$VMLINUX" ] || die "no $VMLINUX: run 'make kernel' first"
	[ -f "$(dirname "$VMLINUX")/vmlinux-gdb.py" ] ||
		die "no vmlinux-gdb.py beside $VMLINUX: the kernel needs CONFIG_GDB_SCRIPTS (make kernel)"
	cat >"$1" <<-EOF
	set pagination off
	set confirm off
	set auto-load python-scripts off
	file $VMLINUX
	source $(dirname "$VMLINUX")/vmlinux-gdb.py
	python import sys; sys.path.insert(0, "$FORK_ROOT/labs/gdb"); import fork
	target remote 127.0.0.1:$2
	EOF
}

# The variables the fork's GDB scripts read (labs/gdb/*.py), handed to GDB
# on its command line by scripts/debug.sh.
# shellcheck disable=SC2034 # used by the scripts that source this file
GDB_ENV_VARS="LAB_VARIANT LAB_RECIPE LAB_KDIR VMLINUX KERNEL_PROBLEMS LAB_PROBLEMS FORK_CONSOLE_LOG LAB_TRANSCRIPT LAB_BATCH"

# Held by the guest of make lab-N and make debug while it runs, so that a
# second one does not rebuild the kernel and the initramfs under the first.
DEBUG_LOCK=${DEBUG_LOCK:-$BUILD/lab.lock}

# debug_lock_free: die, saying what to do, when a lab's guest is running.
debug_lock_free() {
	mkdir -p "$BUILD"
	flock -n "$DEBUG_LOCK" true || die "a lab (or make debug) is already running here: its guest holds ${DEBUG_LOCK#"$FORK_ROOT"/}. Quit its GDB ('quit') and close its QEMU pane first (tmux: 'tmux list-windows' shows a fork-debug-PORT window); one lab at a time, because both use build/initramfs.cpio.gz and the kernel builds"
}
