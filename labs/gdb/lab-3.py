# SPDX-License-Identifier: GPL-2.0
# Lab 3, the race (Documentation/mm/pte-nolock/lab-3-race.rst): the MGLRU
# walker's recheck, against the live pmd entry, catches the table that
# MADV_COLLAPSE detached in its window (steps 1-7); a flip of the pmd's
# Accessed bit in the window does not make it fail (steps 8-10; the "raw"
# kernel, CONFIG_PTLAB_RAW_PMD_RECHECK, compares raw values and does); and
# a walker that does not get the PTE lock after a window leaves ptlab idle
# (steps 11-12).  The steps are in lab_race.py.
#
# Interactive (make lab-3): the first breakpoint is set; 'lab-next' runs to
# each next step.  Batch (make lab-3-check, LAB_BATCH=1): every step,
# asserted.  LAB_VARIANT (set by scripts/lab-check.sh): "live" (the
# default) or "raw".

import os

import fork
import lab_race

VARIANT = os.environ.get("LAB_VARIANT", "live")


def steps(interactive=False):
    yield from lab_race.steps(VARIANT, interactive, finish=False)
    yield from lab_race.young_steps(VARIANT)
    yield from lab_race.trylock_steps()
    if not interactive:
        lab_race.finish_guest()


# The kernel each variant's steps are written for (scripts/lab.sh builds it).
WANTS = {
    "live": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_RAW_PMD_RECHECK": None},
    "raw": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_RAW_PMD_RECHECK": "y"},
}

fork.lab_main(steps, lab_race.FIRST_STOP, "lab 3 (the race, %s kernel)" % VARIANT,
              VARIANT, WANTS.get(VARIANT, {"LAB_VARIANT is live or raw, not " + VARIANT: "y"}))
