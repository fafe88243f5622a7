#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""scripts/coccicheck-fixtures.py ROOT REPORTS: judge pte_nolock.cocci's
reports on the fixtures under ROOT (tests/coccinelle/ruleN/*.c; other
directories there are not this script's).

A fixture line that ends in a comment "want: rule N" (or "want: rule N,
rule M") must get a report of each rule it names, on that line.  A function
named ok_*, and a whole file named ok-*.c, is a correct form: no report of
any rule may land in it.  Any other report is unexpected.  REPORTS holds
the reports, "FILE:LINE:COL-COL: rule N: ..." with FILE relative to ROOT.

Prints one table row per rule, "rule N  buggy fixtures reported R/W  correct
fixtures silent S/T", then what went wrong; exits 1 if anything did.
"""
import os
import re
import sys

if len(sys.argv) != 3:
    sys.exit("usage: coccicheck-fixtures.py ROOT REPORTS")
root, reports_path = sys.argv[1:]

WANT = re.compile(r"want:\s*(rule\s+\d+(?:\s*,\s*rule\s+\d+)*)\s*\*/")
OK_FN = re.compile(r"^\w[\w\s\*]*?\b(ok_\w+)\s*\(")
REPORT = re.compile(r"^(?:\./)?([^:]+):(\d+):\d+-\d+: rule (\d+): ")

wants = set()           # (file, line, rule)
correct = []            # (rule dir, name, file, first, last)
files = []
for d in sorted(os.listdir(root)):
    if re.match(r"rule\d+$", d) and os.path.isdir(os.path.join(root, d)):
        files += [os.path.join(d, n) for n in sorted(os.listdir(os.path.join(root, d)))
                  if n.endswith(".c")]
if not files:
    sys.exit("error: no fixture (.c) under %s" % root)

def rule_of(path):
    m = re.match(r"rule(\d+)/", path)
    if not m:
        sys.exit("error: fixture %s is not under a ruleN/ directory" % path)
    return int(m.group(1))

for f in sorted(files):
    rule = rule_of(f)
    with open(os.path.join(root, f)) as src:
        lines = src.read().split("\n")
    if os.path.basename(f).startswith("ok-"):
        correct.append((rule, os.path.basename(f), f, 1, len(lines)))
    start = None
    for i, text in enumerate(lines, 1):
        m = WANT.search(text)
        if m:
            for r in re.findall(r"\d+", m.group(1)):
                wants.add((f, i, int(r)))
        m = OK_FN.match(text)
        if m and not text.rstrip().endswith(";") and not os.path.basename(f).startswith("ok-"):
            start = (m.group(1), i)
        if text == "}" and start:
            correct.append((rule, start[0] + "()", f, start[1], i))
            start = None

got = set()
with open(reports_path) as rep:
    for text in rep:
        m = REPORT.match(text)
        if m:
            got.add((m.group(1), int(m.group(2)), int(m.group(3))))

rules = sorted({rule_of(f) for f in files})
bad = []
print("%-8s %-28s %s" % ("rule", "buggy fixtures reported", "correct fixtures silent"))
for r in rules:
    w = sorted(x for x in wants if x[2] == r)
    missed = [x for x in w if x not in got]
    ok = [c for c in correct if c[0] == r]
    loud = []
    for c in ok:
        hits = sorted(g for g in got if g[0] == c[2] and c[3] <= g[1] <= c[4])
        if hits:
            loud.append((c, hits))
    print("rule %-3d %-28s %s" % (r, "%d/%d" % (len(w) - len(missed), len(w)),
                                  "%d/%d" % (len(ok) - len(loud), len(ok))))
    for f, line, _ in missed:
        bad.append("rule %d: no report on %s:%d, which is marked 'want: rule %d'" % (r, f, line, r))
    for c, hits in loud:
        for f, line, gr in hits:
            bad.append("rule %d: a report on %s:%d in the correct form %s" % (gr, f, line, c[1]))
for f, line, r in sorted(got - wants):
    if not re.match(r"rule\d+/", f):
        continue
    if not any(c[2] == f and c[3] <= line <= c[4] for c in correct):
        bad.append("rule %d: a report on %s:%d, which no 'want' comment names" % (r, f, line))
for b in bad:
    print("  " + b)
if bad:
    sys.exit("error: %d fixture verdicts wrong (above): the rules of pte_nolock.cocci "
             "let a marked bug through, or report a correct form" % len(bad))
