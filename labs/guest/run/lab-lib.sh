# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the labs' guest scripts (busybox sh); sourced, not run.
# shellcheck shell=sh

PTLAB=/sys/kernel/debug/ptlab
LRU_GEN=/sys/kernel/debug/lru_gen

lab_say() {
	echo "lab: $*"
}

lab_fail() {
	echo "lab: FAIL: $*"
	exit 1
}

# lab_wait WHAT TENTHS COMMAND...: poll COMMAND every 0.1 s (guest time).
lab_wait() {
	what=$1
	n=$2
	shift 2
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || lab_fail "timed out waiting for $what"
		sleep 0.1
	done
}

# The status line of one ptlab site.
ptlab_status() {
	grep "^$1 " "$PTLAB/status"
}

ptlab_in_state() {
	ptlab_status "$1" | grep -q " state=$2 "
}

ptlab_ctl() {
	echo "$*" >"$PTLAB/control" || lab_fail "ptlab control refused: $*"
}

# Start ptvictim in the background; sets VICTIM_PID and VICTIM_ADDR.
start_victim() {
	rm -f /tmp/ptvictim.ready
	ptvictim &
	lab_wait "ptvictim" 100 test -s /tmp/ptvictim.ready
	read -r VICTIM_PID VICTIM_ADDR </tmp/ptvictim.ready
	lab_say "victim pid $VICTIM_PID maps the memfd at $VICTIM_ADDR"
}

# The newest generation (max_seq) of memcg 0, node 0 in debugfs lru_gen.
lru_max_seq() {
	awk '$1 == "memcg" { m = $2 } $1 == "node" { n = $2 }
	     $1 ~ /^[0-9]+$/ && NF >= 4 && m == 0 && n == 0 && $1 > max { max = $1 }
	     END { print max + 0 }' "$LRU_GEN"
}

# The race of labs 3 and 4: the MGLRU walker (CPU 0) holds the victim's PTE
# table in the ptlab window while MADV_COLLAPSE (CPU 1) detaches it.
lab_race() {
	start_victim
	seq=$(lru_max_seq)
	lab_say "lru_gen max_seq $seq"

	# Step 1-2: arm the window, then age on CPU 0.
	ptlab_ctl arm mglru_walk "$VICTIM_PID" "$VICTIM_ADDR"
	taskset 1 sh -c "echo '+ 0 0 $seq 200 1' >$LRU_GEN" &
	walker=$!
	lab_wait "the walker's window" 100 ptlab_in_state mglru_walk window
	lab_say "walker in the window: $(ptlab_status mglru_walk)"

	# Steps 3-4: detach the table from CPU 1.
	taskset 2 ptcollapse "$VICTIM_PID"
	lab_say "collapse done"

	# Steps 5-6: let the walker take the lock and recheck.
	ptlab_ctl release mglru_walk
	wait "$walker" || lab_fail "aging failed"
	lab_wait "the recheck" 50 ptlab_in_state mglru_walk idle
	lab_say "after: $(ptlab_status mglru_walk)"

	# Step 7: the table is freed after a grace period; give it time.
	sleep 1
	stop_victim
}

stop_victim() {
	kill "$VICTIM_PID"
	wait "$VICTIM_PID" 2>/dev/null
}

# Arm the window for a fresh victim, age on CPU 0, wait for the window;
# sets WALKER to the aging shell's pid.
window_for_fresh_victim() {
	start_victim
	seq=$(lru_max_seq)
	ptlab_ctl arm mglru_walk "$VICTIM_PID" "$VICTIM_ADDR"
	taskset 1 sh -c "echo '+ 0 0 $seq 200 1' >$LRU_GEN" &
	WALKER=$!
	lab_wait "the walker's window" 100 ptlab_in_state mglru_walk window
	lab_say "walker in the window: $(ptlab_status mglru_walk)"
}

# Lab 3, steps 8-10: GDB flips the Accessed bit of the victim's pmd while
# the walker sits in the window; nothing detaches the table.
lab_pmd_young() {
	window_for_fresh_victim
	ptlab_ctl release mglru_walk
	wait "$WALKER" || lab_fail "aging failed"
	lab_wait "the recheck" 50 ptlab_in_state mglru_walk idle
	lab_say "after the Accessed bit flip: $(ptlab_status mglru_walk)"
	stop_victim
}

# Lab 3, steps 11-12: the walker does not get T's ptl after the window (GDB
# marks it taken).  The site must be idle at once, and a later walk of the
# same PMD, with no window, must not be recorded as this window's recheck.
lab_trylock_fail() {
	window_for_fresh_victim
	ptlab_ctl release mglru_walk
	wait "$WALKER" || lab_fail "aging failed"
	after=$(ptlab_status mglru_walk)
	lab_say "after the failed trylock: $after"
	case $after in
	*" state=idle "*) ;;
	*) lab_fail "the site waits for a recheck that will not come" ;;
	esac
	seq=$(lru_max_seq)
	echo "+ 0 0 $seq 200 1" >"$LRU_GEN" || lab_fail "aging failed"
	later=$(ptlab_status mglru_walk)
	lab_say "after a later walk: $later"
	[ "$later" = "$after" ] || lab_fail "a later walk changed the site's record"
	stop_victim
}


# ptlab's debugfs interface refuses every bad write with EINVAL, says why
# (status's last_error line, the kernel log) and leaves the state unchanged;
# concurrent writers and readers are safe.  PID must be a process with ADDR
# (page aligned, not anonymous) mapped and nothing at 0x10000000.
ptlab_state() {
	grep -v '^last_error: ' "$PTLAB/status"
}

ptlab_interface_check() {
	pid=$1
	addr=$2
	before=$(ptlab_state)
	bad=0
	long=$(printf '%0200d' 0)
	while IFS='|' read -r cmd why; do
		if err=$({ echo "$cmd" >"$PTLAB/control"; } 2>&1); then
			lab_fail "ptlab accepted a bad write: '$cmd'"
		fi
		case $err in
		*"Invalid argument"*) bad=$((bad + 1)) ;;
		*) lab_fail "ptlab refused '$cmd' without EINVAL: $err" ;;
		esac
		reason=$(grep '^last_error: ' "$PTLAB/status")
		case $reason in
		*"$why"*) ;;
		*) lab_fail "ptlab refused '$cmd' but status says '$reason', not '$why'" ;;
		esac
	done <<-EOF
	garbage|unknown command 'garbage'
	arm|arm: no site given
	release|release: no site given
	arm nosuchsite $pid $addr|unknown site 'nosuchsite'
	arm filemap_recheck 999999 $addr|no process 999999
	arm mglru_walk 99999 0x10000000000|no process 99999
	arm filemap_recheck -1 $addr|no process -1
	arm filemap_recheck 2 $addr|no process 2 with an mm
	arm filemap_recheck x$pid $addr|pid 'x$pid' is not a number
	arm filemap_recheck $pid $((addr + 1))|is not page aligned
	arm filemap_recheck $pid 0x10000000|is not mapped in process $pid
	arm uffd_move $pid 0x10000000|is not mapped in process $pid
	arm filemap_recheck $pid zzz|address 'zzz' is not a number
	arm filemap_recheck $pid $addr 0|timeout 0 ms is not in
	arm filemap_recheck $pid $addr 99999|timeout 99999 ms is not in
	arm filemap_recheck $pid $addr 100 extra|more than 5 words
	arm filemap_recheck $pid $long|command too long
	release filemap_recheck|site filemap_recheck is not armed
	reset nosuchsite|unknown site 'nosuchsite'
	arm mglru_walk $pid|arm: usage
	reclaim $pid $addr|reclaim: usage
	reclaim $pid 0x10000000 0x1000|not non-zero multiples of
	reclaim $pid 0x10000000 0x200000|is not inside one anonymous VMA
	reclaim x 0x10000000 0x200000|pid 'x' is not a number
	reclaim 999999 0x10000000 0x200000|no process 999999
	reclaim off|the reclaimer is not armed
	EOF
	[ "$(ptlab_state)" = "$before" ] || lab_fail "a refused write changed ptlab's state"
	dmesg | grep -q 'ptlab: control: ' || lab_fail "no refusal reached the kernel log"
	# A good arm, refused re-arm, release (disarms), reset.
	ptlab_ctl arm filemap_recheck "$pid" "$addr" 100
	if echo "arm filemap_recheck $pid $addr" 2>/dev/null >"$PTLAB/control"; then
		lab_fail "ptlab armed an armed site twice"
	fi
	ptlab_in_state filemap_recheck armed || lab_fail "arm did not arm"
	ptlab_ctl release filemap_recheck
	ptlab_in_state filemap_recheck idle || lab_fail "release did not disarm"
	# Concurrent writers and readers (the window is never hit: no fault).
	writers=
	for w in 1 2 3; do
		(
			i=0
			while [ $i -lt 30 ]; do
				echo "arm filemap_recheck $pid $addr 100" 2>/dev/null >"$PTLAB/control"
				echo "garbage $w" 2>/dev/null >"$PTLAB/control"
				cat "$PTLAB/status" >/dev/null
				echo "release filemap_recheck" 2>/dev/null >"$PTLAB/control"
				i=$((i + 1))
			done
		) &
		writers="$writers $!"
	done
	for w in $writers; do
		wait "$w"
	done
	echo "release filemap_recheck" 2>/dev/null >"$PTLAB/control"
	ptlab_in_state filemap_recheck idle || lab_fail "concurrent use left the site busy"
	ptlab_ctl reset filemap_recheck
	lab_say "ptlab interface: $bad bad writes refused with EINVAL and a reason, state unchanged; concurrent use ok"
}
