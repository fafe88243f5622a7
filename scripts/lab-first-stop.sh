#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lab-first-stop.sh N: what 'make lab-N' does, without a human: the guest
# stopped on a free gdbstub port, GDB (batch) with the kernel's scripts and
# labs/gdb/lab-N.py loaded as in the interactive lab (its first breakpoint
# set), then one 'continue'. When the guest stops at that breakpoint GDB
# prints "fork-first-stop: lab N at FUNCTION after S s" and kills the guest.
# make bench times it; exit 0 only when the marker was printed.
#
# Environment: BZIMAGE, VMLINUX (default: the lab kernel), FIRST_STOP_TIMEOUT
# (seconds, default 240).

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

n=${1:?usage: lab-first-stop.sh N}
lab_known "$n"
script=$FORK_ROOT/labs/gdb/lab-$n.py
[ -f "$script" ] || die "no GDB script $script"
timeout=${FIRST_STOP_TIMEOUT:-240}
need gdb gdb
need_guest
[ "$n" = 1 ] || need_ptlab_kernel "$(dirname "$VMLINUX")"

mkdir -p "$BUILD/checks"
port=$(free_port)
init=$BUILD/checks/first-stop-$n-$port.gdb
log=$BUILD/checks/first-stop-$n-$port.console.log
stopper=$BUILD/checks/first-stop-$n-$port.py
gdb_init "$init" "$port"
cat >"$stopper" <<EOF
import time
import gdb
start = time.monotonic()
gdb.execute("continue")
where = gdb.selected_frame().name()
print("fork-first-stop: lab $n at %s after %.1f s" % (where, time.monotonic() - start))
gdb.execute("kill")
EOF
qemu_argv "lab-$n"
"${QEMU[@]}" -gdb "tcp:127.0.0.1:$port" -S -serial "file:$log" -monitor none </dev/null 2>"$log.qemu" &
qemu_pid=$!
trap 'kill "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; rm -f "$init" "$stopper" "$log.qemu"' EXIT

out=$(timeout "$timeout" gdb -q -nx -batch -x "$init" -x "$script" -x "$stopper" </dev/null 2>&1) || true
marker=$(grep -m1 '^fork-first-stop: ' <<<"$out" || true)
if [ -z "$marker" ]; then
	printf '%s\n' "$out" | tail -n 20 >&2
	echo "--- guest console tail (${log#"$FORK_ROOT"/}) ---" >&2
	tail -n 20 "$log" "$log.qemu" >&2 || true
	die "lab $n: GDB did not reach the first breakpoint within ${timeout} s"
fi
echo "$marker"
rm -f "$log"
