# SPDX-License-Identifier: GPL-2.0
# The submission's selftest (patches/7.3/upstream/0002), booted by
# scripts/upstream-selftest.sh with the binary packed at /extra: it races
# MADV_COLLAPSE against MADV_DONTNEED on a PTE-mapped shmem THP and fails
# when VmPTE falls.  fork.czr="-n N -t S" (commas for spaces) passes its
# options.  Its TAP output is printed as it comes; the last line is
#   lab: czr-end rc=N
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

args=
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case $arg in
	fork.czr=*) args=$(echo "${arg#fork.czr=}" | tr ',' ' ') ;;
	esac
done

lab_say "czr: $(uname -r) $(uname -v), $(grep -c '^processor' /proc/cpuinfo) CPUs, options '$args'"
rc=0
# $args is a list of options
# shellcheck disable=SC2086
/extra/collapse_zap_race $args || rc=$?
# The mm is freed at exit (check_mm()); let a CPU that still holds it as
# its lazy TLB mm let go, and give RCU time to free the tables.
taskset 1 true 2>/dev/null
taskset 2 true 2>/dev/null
sleep 1
lab_say "czr-end rc=$rc"
