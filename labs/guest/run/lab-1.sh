# SPDX-License-Identifier: GPL-2.0
# Lab 1, walk to a PTE table: ptvictim maps a 2 MiB memfd at 1 TiB, touches
# every page and calls getppid(), where GDB stops and walks its page tables.
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

start_victim
grep -E '^10000000000-' "/proc/$VICTIM_PID/maps"
sleep 1
kill "$VICTIM_PID"
wait "$VICTIM_PID" 2>/dev/null
lab_say "done"
