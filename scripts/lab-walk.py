#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make lab-N-walk: do what a reader of lab N's page does, in tmux.

In a tmux server of its own, the walk types the command the page starts
the lab with (``make lab-N``, with RECIPE= and LABN_KERNEL= as the page
gives them) into a shell, so that make lab-N opens QEMU and GDB as panes
of a new window, exactly as it does for a reader who works in tmux.  In
the GDB pane it types 'lab-next' for each step and, at each stop, the
commands the page lists (labs/gdb/lab_steps.py), and it fails on:

- a step heading on the screen that is not the page's next one (number
  and words: the lab's transcripts, scripts/lab-steps.py), or a
  'lab-next' that prints two steps, or none;
- a FAIL line, an unknown symbol, a Python exception or traceback, a
  memory error, or a refused kernel, in anything GDB prints;
- a command whose output does not show what the page says it shows;
- a lab that does not end with "no more steps", a guest whose console
  does not end with "lab: done".

--continue walks the other way a reader may go: 'continue' at the first
stop, then 'lab-next', which must say that the guest has finished and how
to start again, with no FAIL and no traceback.

Usage: lab-walk.py N [VARIANT] [--continue]   (RECIPE from the environment)
The GDB pane's whole text is kept in build/checks/lab-N-walk-*.log.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "labs", "gdb"))
import lab_steps  # noqa: E402

# What GDB and the lab's script print when something went wrong.
ERRORS = re.compile(r"FAIL:|No symbol|Python Exception|Traceback|Error occurred in Python|"
                    r"NameError|Cannot access memory|refused:|Undefined command|"
                    r"A syntax error|is not defined|There is no member named|"
                    r"No frame selected|Invalid cast|Attempt to take contents of a non-pointer")
HEADING = re.compile(r"^--- step (\S+): (.*)$", re.M)
PROMPT = "(gdb)"
# What the reader's shell must not inherit from make check: the lab's own
# variables (the walk proves they reach GDB without them), the recipe (the
# page's command names it), make's.
DROP = ("RECIPE", "LAB_VARIANT", "LAB_RECIPE", "LAB_KDIR", "VMLINUX", "BZIMAGE", "LAB_BATCH",
        "LAB_TRANSCRIPT", "FORK_CONSOLE_LOG", "LAB_ANY_KERNEL", "TMUX", "TMUX_PANE",
        "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")


class Walk:
    def __init__(self, lab, variant, recipe, log):
        self.lab, self.variant, self.recipe = lab, variant, recipe
        self.socket = "fork-walk-%d" % os.getpid()
        self.problems = []
        self.log = log
        self.gdb = None
        self.typed = 0
        self.conf = tempfile.NamedTemporaryFile("w", suffix=".tmux.conf", delete=False)
        self.conf.write("set -g history-limit 200000\nset -g remain-on-exit off\n")
        self.conf.close()

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", self.conf.name] + list(args),
                              check=check, capture_output=True, text=True).stdout

    def problem(self, text):
        print("walk: PROBLEM: " + text, flush=True)
        self.problems.append(text)

    def screen(self, target):
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", target, check=False)

    def start(self, command):
        env = dict((k, v) for k, v in os.environ.items() if k not in DROP)
        subprocess.run(["tmux", "-L", self.socket, "-f", self.conf.name, "new-session", "-d",
                        "-s", "walk", "-x", "230", "-y", "50", "-c", ROOT,
                        "bash --norc --noprofile"], check=True, env=env)
        # the reader's own shell: make lab-N sees a terminal and $TMUX
        self.tmux("send-keys", "-t", "walk:0", command, "Enter")
        print("walk: typed '%s' in a tmux shell" % command, flush=True)
        deadline = time.time() + float(os.environ.get("WALK_BUILD_TIMEOUT", "2400"))
        while time.time() < deadline:
            names = self.tmux("list-windows", "-a", "-F", "#{session_name}:#{window_index} #{window_name}")
            for line in names.splitlines():
                target, name = line.split(" ", 1)
                if name.startswith("fork-debug-"):
                    self.gdb = target + ".1"
                    self.qemu = target + ".0"
                    return True
            shell = self.screen("walk:0")
            if re.search(r"^(make: \*\*\*|error: )", shell, re.M):
                self.problem("'%s' failed before GDB started:\n%s" % (
                    command, "\n".join(shell.rstrip().splitlines()[-15:])))
                return False
            time.sleep(1)
        self.problem("no QEMU/GDB window after %d s" % (time.time() - deadline))
        return False

    def wait_prompt(self, timeout):
        """The GDB pane's whole text, once GDB shows its prompt."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.screen(self.gdb)
            lines = text.rstrip().splitlines()
            if lines and lines[-1].strip() == PROMPT:
                return "\n".join(lines[:-1])
            time.sleep(0.3)
        return None

    def type(self, command, timeout=300):
        """Type command at GDB's prompt; return what it printed."""
        lines = self.screen(self.gdb).rstrip().splitlines()
        if not lines or lines[-1].strip() != PROMPT:
            self.problem("GDB shows no prompt before '%s'" % command)
            return ""
        base = len(lines) - 1       # the prompt line the command goes on
        self.tmux("send-keys", "-t", self.gdb, "-l", command)
        self.tmux("send-keys", "-t", self.gdb, "Enter")
        deadline = time.time() + timeout
        while True:
            lines = self.screen(self.gdb).rstrip().splitlines()
            if (len(lines) > base + 1 and lines[base].startswith(PROMPT + " " + command)
                    and lines[-1].strip() == PROMPT):
                break
            if time.time() > deadline:
                self.problem("'%s' did not return to GDB's prompt in %d s" % (command, timeout))
                return ""
            time.sleep(0.15)
        out = lines[base + 1:-1]
        self.typed += 1
        for line in out:
            if ERRORS.search(line):
                self.problem("'%s' printed: %s" % (command, line.strip()))
        return "\n".join(out)

    def banner(self):
        text = self.wait_prompt(180)
        if text is None:
            self.problem("GDB never showed its prompt")
            return False
        for line in text.splitlines():
            if ERRORS.search(line):
                self.problem("GDB's start printed: %s" % line.strip())
        m = re.search(r"^(lab \d .*), kernel (\S+): first breakpoint set", text, re.M)
        if not m:
            self.problem("no 'first breakpoint set' banner")
            return False
        want = "%s kernel" % self.variant if self.variant else None
        if want and want not in m.group(1):
            self.problem("the banner says '%s', not the %s kernel" % (m.group(1), self.variant))
        print("walk: banner: %s, kernel %s" % (m.group(1), m.group(2)), flush=True)
        return True

    def steps(self, expected):
        for number, heading in expected:
            out = self.type("lab-next")
            shown = HEADING.findall(out)
            if shown != [(number, heading)]:
                self.problem("lab-next showed %s; the page's next step is %s: %s" % (
                    ["%s: %s" % s for s in shown] or "no step", number, heading))
            step = [s for s in lab_steps.STEPS[self.lab] if s.number == number]
            typed = 0
            for command, pattern in zip(step[0].commands, step[0].expect) if step else ():
                got = self.type(command)
                typed += 1
                if pattern and not re.search(pattern, got, re.M):
                    self.problem("step %s: '%s' should match /%s/; the screen:\n%s" % (
                        number, command, pattern, got))
            print("walk: step %s: %s (%d commands)" % (number, heading, typed), flush=True)

    def finish(self):
        out = self.type("lab-next")
        if "no more steps" not in out:
            self.problem("after the last step, lab-next said: %s" % out.strip()[:300])
        out = self.type("continue", timeout=600)
        if "leaves the lab's steps" in out:
            self.problem("'continue' after the last step still warned that it leaves the steps")
        deadline = time.time() + 60
        while time.time() < deadline and "the guest has exited" not in self.screen(self.qemu):
            time.sleep(0.5)
        console = self.screen(self.qemu)
        if "lab: done" not in console:
            self.problem("the guest's console (the QEMU pane) has no 'lab: done'")
        if "the guest has exited" not in console:
            self.problem("the QEMU pane did not keep its console after the guest exited")
        else:
            print("walk: the guest finished; its pane keeps the console", flush=True)

    def continue_first(self, first):
        out = self.type("lab-next")
        if HEADING.findall(out)[:1] != [first]:
            self.problem("the first lab-next did not show step %s" % first[0])
        out = self.type("continue", timeout=600)
        if "leaves the lab's steps" not in out:
            self.problem("'continue' at the first stop did not say where it leads")
        out = self.type("lab-next")
        if "the guest has finished" not in out or "run '" not in out:
            self.problem("lab-next after the guest finished said: %s" % out.strip()[:300])
        else:
            print("walk: continue, then lab-next: %s" % out.strip().splitlines()[0], flush=True)

    def close(self):
        if self.gdb:
            with open(self.log, "w") as f:
                f.write(self.screen(self.gdb))
                f.write("\n=== QEMU pane ===\n")
                f.write(self.screen(self.qemu))
            self.tmux("send-keys", "-t", self.gdb, "quit", "Enter", check=False)
            time.sleep(1)
        self.tmux("kill-server", check=False)
        os.unlink(self.conf.name)


def expected_steps(lab, variant, recipe):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab-steps.py"),
                          "walk", str(lab), variant or "-", recipe],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\t", 1)) for line in out.splitlines()]


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    cont = "--continue" in argv
    if not args or not args[0].isdigit() or len(args) > 2:
        sys.exit("usage: lab-walk.py N [VARIANT] [--continue]")
    lab = int(args[0])
    variant = args[1] if len(args) > 1 else None
    recipe = os.environ.get("RECIPE", "6.12") or "6.12"
    if lab not in lab_steps.STEPS:
        sys.exit("lab-walk: no lab %d" % lab)
    expected = expected_steps(lab, variant, recipe)
    # the page's own command (scripts/lab-steps.py writes it on the page)
    command = lab_steps.start_command(lab, variant, recipe)
    build = os.path.join(ROOT, "build", recipe) if recipe != "6.12" else os.path.join(ROOT, "build")
    os.makedirs(os.path.join(build, "checks"), exist_ok=True)
    log = os.path.join(build, "checks", "lab-%d-walk-%s%s.log" % (
        lab, variant or "default", "-continue" if cont else ""))
    walk = Walk(lab, variant, recipe, log)
    try:
        if walk.start(command) and walk.banner():
            if cont:
                walk.continue_first(expected[0])
            else:
                walk.steps(expected)
                walk.finish()
    finally:
        walk.close()
    what = "lab %d walk (%s, %s%s)" % (lab, "%s kernel" % variant if variant else "its kernel",
                                       recipe, ", continue at the first stop" if cont else "")
    print("%s: %d steps, %d commands typed, %d problems; screen: %s" % (
        what, len(expected) if not cont else 1, walk.typed, len(walk.problems),
        os.path.relpath(log, ROOT)), flush=True)
    return 1 if walk.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
