#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make debug: the guest stopped on a free gdbstub port, and GDB attached with
# vmlinux, the kernel's vmlinux-gdb.py (lx-*) and the fork's helpers. In a
# terminal with tmux the two sit side by side; otherwise the guest's console
# goes to a log file and GDB runs in the foreground.
#
# Environment: DEBUG_RUN (guest run script; empty = shell), DEBUG_GDB_X (extra
# GDB scripts, space separated: a lab's first breakpoints).

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"

need gdb gdb
need_guest
port=$(free_port)
init=$BUILD/debug-$port.gdb
gdb_init "$init" "$port"
gdb_cmd=(gdb -q -nx -x "$init")
for x in ${DEBUG_GDB_X:-}; do
	gdb_cmd+=(-x "$x")
done
qemu_argv "${DEBUG_RUN:-}"
QEMU+=(-gdb "tcp:127.0.0.1:$port" -S)

cat <<EOM
gdbstub: 127.0.0.1:$port (the guest waits for 'continue')
attach another GDB: gdb -q -nx -x ${init#"$FORK_ROOT"/}
EOM

if [ -t 0 ] && [ -t 1 ] && command -v tmux >/dev/null 2>&1; then
	session=fork-debug-$port
	printf -v qemu_line '%q ' "${QEMU[@]}" -serial mon:stdio
	printf -v gdb_line '%q ' "${gdb_cmd[@]}"
	if [ -n "${TMUX:-}" ]; then
		tmux new-window -n "$session" "$qemu_line"
		tmux split-window -h -t "$session" "$gdb_line"
	else
		tmux new-session -d -s "$session" -x 200 -y 50 "$qemu_line"
		tmux split-window -h -t "$session" "$gdb_line"
		exec tmux attach -t "$session"
	fi
	exit 0
fi

log=$BUILD/debug-$port.console.log
echo "guest console: ${log#"$FORK_ROOT"/} (no tmux or no terminal)"
"${QEMU[@]}" -serial "file:$log" -monitor none </dev/null &
qemu_pid=$!
trap 'kill "$qemu_pid" 2>/dev/null || true' EXIT
"${gdb_cmd[@]}"
