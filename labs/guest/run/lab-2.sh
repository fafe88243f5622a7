# SPDX-License-Identifier: GPL-2.0
# Lab 2, read-only: ptreader faults in a hole of an mlocked ramfs mapping,
# which makes filemap_fault() call filemap_fault_recheck_pte_none(), a
# pte_offset_map_ro_nolock() reader.  The window is armed with a short
# timeout and never released: the reader goes on by itself afterwards.
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

mkdir -p /tmp/ram
mount -t ramfs ramfs /tmp/ram || lab_fail "cannot mount ramfs"
rm -f /tmp/ptreader.ready /tmp/ptreader.go
ptreader /tmp/ram/file &
reader=$!
lab_wait "ptreader" 100 test -s /tmp/ptreader.ready
read -r pid addr page1 </tmp/ptreader.ready
lab_say "reader pid $pid maps /tmp/ram/file at $addr; will fault page $page1"
ptlab_interface_check "$pid" "$page1"
ptlab_ctl arm filemap_recheck "$pid" "$page1" 500
touch /tmp/ptreader.go
wait "$reader" || lab_fail "ptreader failed"
lab_say "after: $(ptlab_status filemap_recheck)"
ptlab_in_state filemap_recheck idle || lab_fail "the window did not close"
lab_say "done"
