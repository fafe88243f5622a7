# SPDX-License-Identifier: GPL-2.0
# Lab 3, the race (Documentation/mm/pte-nolock/lab-3-race.rst): the MGLRU
# walker's pmd_same() recheck, against the live pmd entry, catches the table
# that MADV_COLLAPSE detached in its window.  The steps are in lab_race.py.
#
# Interactive (make lab-3): the first breakpoint is set; 'lab-next' runs to
# each next step.  Batch (make lab-3-check, LAB_BATCH=1): every step,
# asserted.

import fork
import lab_race

fork.lab_main(lambda interactive=False: lab_race.steps("live", interactive),
              lab_race.FIRST_STOP, "lab 3 (the race)")
