# SPDX-License-Identifier: GPL-2.0
# make check, "gdb": GDB attached to the guest with the kernel's own scripts.
# lx-dmesg shows the boot log, a breakpoint on a kernel function is hit, and
# lx-ps / $lx_current() see the task that hit it.

import gdb
import fork

bp = gdb.Breakpoint("__x64_sys_sync")
gdb.execute("continue")

# The entry point inlines __do_sys_sync, so GDB may name either frame.
frame = gdb.selected_frame()
fork.expect(bp.hit_count == 1 and "sys_sync" in frame.name(),
            "breakpoint on __x64_sys_sync hit (frame %s)" % frame.name())
comm = fork.current_comm()
fork.expect(comm == "sync", "$lx_current() is the guest's sync process (%s)" % comm)

bt = gdb.execute("bt", to_string=True)
fork.expect("do_syscall_64" in bt, "backtrace goes through do_syscall_64")

dmesg = gdb.execute("lx-dmesg", to_string=True)
fork.expect("Linux version 6.12." in dmesg, "lx-dmesg shows the boot log")
for line in dmesg.splitlines():
    if "Linux version" in line:
        print("    " + line[:120])
fork.expect("Run /init as init process" in dmesg, "lx-dmesg shows /init starting")

ps = gdb.execute("lx-ps", to_string=True)
fork.expect(" sync" in ps, "lx-ps lists the sync task")

fork.finish()
