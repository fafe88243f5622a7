# SPDX-License-Identifier: GPL-2.0
# Lab 4, without the recheck: the same race as lab 3.  On the kernel built
# with CONFIG_PTLAB_COPY_RECHECK the walker's recheck compares a stack copy
# and walks the detached table; on the lab kernel the recheck catches it.
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

lab_race
lab_say "done"
