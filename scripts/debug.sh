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
#
# GDB gets the variables the lab scripts read on its own command line
# (env VAR=value gdb ...): a pane that tmux new-window or split-window
# starts inherits the tmux server's environment, not this shell's, so an
# exported LAB_VARIANT would not reach it when a tmux server already runs.
#
# One guest at a time: the QEMU side holds build/lab.lock while it runs, and
# a second make lab-N or make debug is refused (make lab-N asks before it
# rebuilds anything: scripts/lab-known.sh).

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"

need gdb gdb
need flock util-linux
need_guest
debug_lock_free
port=$(free_port)
init=$BUILD/debug-$port.gdb
gdb_init "$init" "$port"
gdb_env=()
for v in $GDB_ENV_VARS; do
	[ -z "${!v+set}" ] || gdb_env+=("$v=${!v}")
done
gdb_cmd=(env "${gdb_env[@]}" gdb -q -nx -x "$init")
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
	# The guest's console stays on the screen after QEMU exits, until the
	# reader presses Enter (QEMU exits when the guest powers off, or when
	# GDB quits and kills it).
	printf -v qemu_line '%q ' flock "$DEBUG_LOCK" "${QEMU[@]}" -serial mon:stdio
	qemu_line+="; printf '\\n[the guest has exited: its console stays here; press Enter to close this pane]\\n'; read -r _"
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
flock "$DEBUG_LOCK" "${QEMU[@]}" -serial "file:$log" -monitor none </dev/null &
qemu_pid=$!
trap 'kill "$qemu_pid" 2>/dev/null || true' EXIT
"${gdb_cmd[@]}"
