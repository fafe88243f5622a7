# SPDX-License-Identifier: GPL-2.0
"""The fork's small GDB helpers, loaded after the kernel's vmlinux-gdb.py.

Batch checks use expect() and finish(): every failed expectation is
printed as "FAIL: ..." and makes finish() exit GDB with status 1, so a
check cannot pass by accident.
"""

import gdb

_failures = []


def expect(ok, what):
    """Record one assertion of a lab check, and print it as it happens."""
    print(("PASS: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        _failures.append(what)
    return ok


def finish():
    """Kill the guest and leave GDB with 0 only if every expectation held."""
    try:
        gdb.execute("kill", to_string=True)
    except gdb.error:
        pass
    status = 1 if _failures else 0
    print("fork-gdb: %d failed expectation(s)" % len(_failures), flush=True)
    gdb.execute("quit %d" % status)


def run_until_stop(timeout_hint=""):
    """Continue the guest; return when any breakpoint stops it."""
    gdb.execute("continue", to_string=True)


def current_comm():
    """The comm of the task running on the stopped CPU (uses lx_current)."""
    task = gdb.parse_and_eval("$lx_current()")
    return task["comm"].string()
