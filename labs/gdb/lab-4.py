# SPDX-License-Identifier: GPL-2.0
# Lab 4, without the recheck (Documentation/mm/pte-nolock/lab-4-no-recheck.rst):
# the race of lab 3 on the kernel built with CONFIG_PTLAB_COPY_RECHECK, where
# the walker rechecks a stack copy and walks the detached table; then, for
# comparison, on the lab kernel, where the recheck catches it.
# LAB_VARIANT (set by scripts/lab-check.sh) says which kernel this is:
# "copy" (the default) or "live".

import os

import fork
import lab_race

VARIANT = os.environ.get("LAB_VARIANT", "copy")
# The kernel each variant's steps are written for (scripts/lab.sh builds it).
WANTS = {
    "copy": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_COPY_RECHECK": "y"},
    "live": {"CONFIG_PTLAB": "y", "CONFIG_PTLAB_COPY_RECHECK": None},
}

fork.lab_main(lambda interactive=False: lab_race.steps(VARIANT, interactive),
              lab_race.FIRST_STOP, "lab 4 (without the recheck, %s kernel)" % VARIANT,
              VARIANT, WANTS.get(VARIANT, {"LAB_VARIANT is copy or live, not " + VARIANT: "y"}))
