# SPDX-License-Identifier: GPL-2.0
# Lab 3, the race: the MGLRU walker (CPU 0) holds the victim's PTE table from
# pte_offset_map_rw_nolock() in the ptlab window while MADV_COLLAPSE (CPU 1)
# detaches and frees it; the walker's recheck must catch it.  Then, with a
# fresh victim each: the pmd's Accessed bit flips in the window (the recheck
# must not fail on the lab kernel), and the walker's trylock fails after the
# window (ptlab must go idle).
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

lab_race
lab_pmd_young
lab_trylock_fail
lab_say "done"
