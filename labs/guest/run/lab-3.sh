# SPDX-License-Identifier: GPL-2.0
# Lab 3, the race: the MGLRU walker (CPU 0) holds the victim's PTE table from
# pte_offset_map_rw_nolock() in the ptlab window while MADV_COLLAPSE (CPU 1)
# detaches and frees it; the walker's pmd_same() recheck must catch it.
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

lab_race
