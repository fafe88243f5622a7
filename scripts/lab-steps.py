#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make each lab page's "Steps" list from the two places that say what a
step is: its heading, as the lab's GDB script prints it (the lab's
transcripts, which every lab check compares with a real run), and what
the reader does there (labs/gdb/lab_steps.py).

  lab-steps.py write   rewrite Documentation/mm/pte-nolock/lab-N-steps.inc
  lab-steps.py check   exit 1 when a file is not what write would make, or
                       when a transcript and the table disagree on the steps
  lab-steps.py walk N VARIANT RECIPE
                       print the steps an interactive run shows, one a line:
                       NUMBER<tab>HEADING (for scripts/lab-walk.py)
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "labs", "gdb"))
import lab_steps  # noqa: E402

DOC = os.path.join(ROOT, "Documentation", "mm", "pte-nolock")
TRANSCRIPTS = os.path.join(DOC, "transcripts")

VARIANTS = lab_steps.VARIANTS
RECIPES = lab_steps.RECIPES
# What the variable LABN_KERNEL calls each kernel, on the page.
KERNEL_WORDS = {"live": "the lab kernel", "raw": "the raw kernel",
                "copy": "the copy kernel", "dummy": "the dummy kernel",
                "lockptr": 'the "lockptr" kernel', "fixed": "the fixed kernel"}
# Steps a batch run prints after the guest has finished: not a 'lab-next'.
BATCH_ONLY = {5: ["end"], 6: ["end"]}
HEADING = re.compile(r"^--- step (\S+): (.*)$")


def transcript_name(lab, variant, recipe):
    name = "lab-%d" % lab
    if variant is not None:
        name += "-" + variant
    if recipe != "6.12":
        name += "-" + recipe
    return os.path.join(TRANSCRIPTS, name + ".txt")


def transcript_steps(lab, variant, recipe):
    """[(number, heading)] of a transcript, the batch-only steps left out."""
    path = transcript_name(lab, variant, recipe)
    steps = []
    with open(path) as f:
        for line in f:
            m = HEADING.match(line.rstrip("\n"))
            if m and m.group(1) not in BATCH_ONLY.get(lab, ()):
                steps.append((m.group(1), m.group(2)))
    return steps


def table_steps(lab, variant):
    return [s for s in lab_steps.STEPS[lab] if s.only is None or variant in s.only]


def disagreements(lab):
    """Where the table and the transcripts of lab disagree on which steps
    an interactive run has, in which order."""
    problems = []
    for recipe in RECIPES[lab]:
        for variant in VARIANTS[lab]:
            path = transcript_name(lab, variant, recipe)
            if not os.path.exists(path):
                problems.append("no transcript %s" % os.path.relpath(path, ROOT))
                continue
            have = [n for n, _ in transcript_steps(lab, variant, recipe)]
            want = [s.number for s in table_steps(lab, variant)]
            if have != want:
                problems.append("lab %d, %s, %s: the transcript's steps are %s, "
                                "labs/gdb/lab_steps.py's %s" % (
                                    lab, variant or "its kernel", recipe,
                                    " ".join(have), " ".join(want)))
    return problems


start_command = lab_steps.start_command


def indent(text, by="   "):
    return "\n".join(by + line if line else "" for line in text.splitlines())


def wrap(text, width=72, by="   "):
    lines, line = [], ""
    for word in text.split():
        if line and len(by) + len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    if line:
        lines.append(line)
    return "\n".join(by + line for line in lines)


def page(lab):
    recipe = RECIPES[lab][0]
    default = VARIANTS[lab][0]
    headings = {}
    for r in RECIPES[lab]:
        for v in VARIANTS[lab]:
            for number, heading in transcript_steps(lab, v, r):
                headings.setdefault(number, []).append((v, r, heading))
    out = [".. Made by scripts/lab-steps.py from labs/gdb/lab_steps.py and the",
           "   lab's transcripts: edit those, then run 'make lab-steps'.", ""]
    starts = ["``%s``" % start_command(lab, default, recipe)]
    for r in RECIPES[lab]:
        for v in VARIANTS[lab]:
            if (v, r) != (default, recipe):
                starts.append("``%s`` (%s%s)" % (
                    start_command(lab, v, r), KERNEL_WORDS.get(v, "its kernel"),
                    "" if r == recipe else ", on %s" % r))
    intro = ("Start the lab with %s. Other kernels: %s. " % (starts[0], "; ".join(starts[1:]))
             if len(starts) > 1 else "Start the lab with %s. " % starts[0])
    intro += ("QEMU and GDB open side by side (:ref:`the two panes "
              "<pte_nolock_lab_panes>`). Then type ``lab-next`` once for each step "
              "below; the screen heads each one ``--- step N: ...``, with the "
              "number and the words given here. At each stop, type the commands "
              "listed (they work there) and look around; do not type "
              "``continue`` until the last step, because it runs the guest past "
              "the lab's next stops.")
    out += [wrap(intro, by=""), ""]
    for step in lab_steps.STEPS[lab]:
        shown = headings.get(step.number, [])
        main = [h for v, r, h in shown if (v, r) == (default, recipe)]
        first = main[0] if main else shown[0][2]
        out.append("**Step %s**: ``%s``" % (step.number, first))
        others = []
        for v, r, h in shown:
            if h != first and (v, r) != (default, recipe):
                where = " and ".join(x for x in (KERNEL_WORDS.get(v) if v != default else None,
                                                 "on %s" % r if r != recipe else None) if x)
                line = "On %s: ``%s``" % (where, h)
                if line not in others:
                    others.append(line)
        for line in others:
            out.append(wrap(line.replace("On on", "On"), by="   ") + ".")
        if step.only:
            out.append(wrap("(Only on %s.)" % " and ".join(KERNEL_WORDS[v] for v in step.only)))
        out.append("")
        out.append(wrap(step.see))
        if step.commands:
            out += ["", "   Type::", ""]
            out += ["      (gdb) %s" % c for c in step.commands]
        if step.answer:
            out += ["", wrap(step.answer)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def inc_path(lab):
    return os.path.join(DOC, "lab-%d-steps.inc" % lab)


def main(argv):
    if len(argv) < 2 or argv[1] not in ("write", "check", "walk"):
        sys.exit("usage: lab-steps.py write|check|walk N VARIANT RECIPE")
    if argv[1] == "walk":
        if len(argv) != 5:
            sys.exit("usage: lab-steps.py walk N VARIANT RECIPE")
        lab, variant, recipe = int(argv[2]), argv[3], argv[4]
        if variant in ("", "-"):
            variant = VARIANTS[lab][0]
        for number, heading in transcript_steps(lab, variant, recipe):
            print("%s\t%s" % (number, heading))
        return 0
    failed = 0
    for lab in sorted(lab_steps.STEPS):
        for problem in disagreements(lab):
            print("lab-steps: %s" % problem)
            failed = 1
        if failed:
            continue
        text = page(lab)
        path = inc_path(lab)
        rel = os.path.relpath(path, ROOT)
        old = open(path).read() if os.path.exists(path) else None
        if argv[1] == "write":
            if old != text:
                with open(path, "w") as f:
                    f.write(text)
                print("lab-steps: %s written" % rel)
        elif old != text:
            print("lab-steps: %s is not what labs/gdb/lab_steps.py and the transcripts "
                  "make: run 'make lab-steps' and review the diff" % rel)
            failed = 1
        else:
            print("lab-steps: %s matches the table and the transcripts (%d steps)"
                  % (rel, len(lab_steps.STEPS[lab])))
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
