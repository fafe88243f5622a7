#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Normalize a lab transcript (labs/gdb/fork.py's transcript lines): replace
the values that change from run to run, and from build to build, with
stable placeholders, numbered in the order they first appear, so that
equal values stay visibly equal:

  pid 51, ->pid 51         pid <pid-1> (and every other whole-word 51)
  pfn 0x283c               pfn <pfn-1>  (also after a label "... pfn")
  0xffff888002841000       <addr-1>  (any kernel virtual address)
  0x283c067                (<pfn-1> << 12 | 0x67)  (a value whose pfn
                           field is a pfn the transcript names)
  10300                    <pfn-1>  (a decimal of 1000 or more that is a
                           pfn the transcript names, as lx-pfn_to_page
                           takes it)

Everything else (the lab's own user addresses, flags, counts, names) is
kept.  Usage: lab-transcript-normalize.py RAW > NORMALIZED
"""

import re
import sys

PFN_MASK = 0x000FFFFFFFFFF000
HEX = re.compile(r"\b0x[0-9a-fA-F]+\b")


def main(path):
    with open(path) as f:
        text = f.read()
    pids, pfns, addrs = {}, {}, {}

    def number(table, key, kind):
        if key not in table:
            table[key] = "<%s-%d>" % (kind, len(table) + 1)
        return table[key]

    # Learn pids and pfns in order of appearance.
    for m in re.finditer(r"(?:\bpid|->pid)\s+(\d+)\b", text):
        number(pids, m.group(1), "pid")
    for m in re.finditer(r"\bpfn\s+(0x[0-9a-fA-F]+)\b", text):
        number(pfns, int(m.group(1), 16), "pfn")

    def hexval(m):
        v = int(m.group(0), 16)
        if v >= 0xFFFF800000000000:
            return number(addrs, v, "addr")
        if v in pfns and re.search(r"\bpfn\s+$", m.string[:m.start()]):
            return pfns[v]
        pfn = (v & PFN_MASK) >> 12
        if v >= 0x1000 and pfn in pfns:
            flags = v & ~PFN_MASK
            return "(%s << 12%s)" % (pfns[pfn], " | %#x" % flags if flags else "")
        return m.group(0)

    out = []
    for line in text.splitlines():
        line = HEX.sub(hexval, line)
        line = re.sub(r"(?<![\w<-])\d{4,}\b",
                      lambda m: pfns.get(int(m.group(0)), m.group(0)), line)
        for pid, name in pids.items():
            line = re.sub(r"(?<![\w<-])%s\b" % pid, name, line)
        out.append(line.rstrip())
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: lab-transcript-normalize.py RAW")
    main(sys.argv[1])
