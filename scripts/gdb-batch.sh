#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run one GDB script against a fresh guest, in batch mode: the guest starts
# stopped on a free gdbstub port, runs /fork/run/RUN.sh, and the script
# asserts what it sees (labs/gdb/fork.py: expect(), finish()).
#
# Usage: gdb-batch.sh RUN SCRIPT.py [TIMEOUT_SECONDS]
# The console log is in build/checks/RUN-<port>.console.log; its path is
# exported to the script as FORK_CONSOLE_LOG.

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"

run=${1:?usage: gdb-batch.sh RUN SCRIPT.py [TIMEOUT]}
script=${2:?usage: gdb-batch.sh RUN SCRIPT.py [TIMEOUT]}
timeout=${3:-300}
need gdb gdb
need_guest
[ -f "$script" ] || die "no GDB script $script"

mkdir -p "$BUILD/checks"
port=$(free_port)
init=$BUILD/checks/$run-$port.gdb
export FORK_CONSOLE_LOG=$BUILD/checks/$run-$port.console.log
gdb_init "$init" "$port"
qemu_argv "$run" "${GUEST_APPEND:-}"
"${QEMU[@]}" -gdb "tcp:127.0.0.1:$port" -S -serial "file:$FORK_CONSOLE_LOG" -monitor none </dev/null &
qemu_pid=$!
trap 'kill "$qemu_pid" 2>/dev/null || true' EXIT

rc=0
timeout "$timeout" gdb -q -nx -batch -x "$init" -x "$script" </dev/null || rc=$?
if [ $rc != 0 ]; then
	echo "--- guest console tail (${FORK_CONSOLE_LOG#"$FORK_ROOT"/}) ---" >&2
	tail -n 25 "$FORK_CONSOLE_LOG" >&2 || true
	[ $rc = 124 ] && die "GDB script $(basename "$script") timed out after ${timeout} s"
	die "GDB script $(basename "$script") failed (exit $rc)"
fi
