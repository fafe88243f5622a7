#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a SPIN error trail of labs/model/nolock.pml into a Graphviz figure.

Input (stdin): the output of 'spin -t -T' replaying the trail. The model
prints one line per step that a figure shows:

    @@|LANE|BADGES|TEXT|MEMORY

LANE is w0/w1 (walkers), d1/d2/d3/d4 (retract, reclaim, munmap, collapse),
f0 (a page fault), y0 (MGLRU's Accessed-bit clearing), rcu, or bad (the
violated property); BADGES is a comma list of rcu, ptl, pml, and norcu
(a walker outside RCU: no badge); TEXT may
mark code with `backticks`; MEMORY, when not empty, is what the step did
to shared memory, or, starting with '<', what it read there. The figure follows diagrams/README: a lane per CPU,
badges for what the CPU holds, numbered steps, a memory lane, a double
border on the outcome.

Usage: trail2dot.py SCENARIO.pml <trail.txt >figure.dot
The scenario's '// title:' and '// lane NAME:' comments label the figure.
A scenario that defines SHARED_PTL 1 has one lock in the roles of pml and
ptl: the figure draws them as one badge, mm->page_table_lock.
"""

import html
import os
import re
import sys

BLUE = ('#1d4ed8', '#dbeafe', '#eff6ff')
ORANGE = ('#c2410c', '#ffedd5', '#fff7ed')
GREEN = ('#15803d', '#dcfce7', '#f0fdf4')
GREY = '#4b5563'
RED = '#b91c1c'
PURPLE = '#6d28d9'

BADGES = {
    'rcu': ('RCU', GREEN[0]),
    'pml': ('pml', PURPLE),
    'ptl': ('ptl(T)', PURPLE),
    'norcu': None,
}
SHARED_LOCK = ('mm-&gt;page_table_lock', PURPLE)

OUTCOMES = {
    'write_detached': 'a write landed in T after T left the pmd:<BR/>'
                      'no walk finds it, and T is freed with it',
    'use_after_free': 'an access to memory that was already freed',
    'stale_read': 'a reader took an entry of a detached table<BR/>'
                  'for the live page table',
    'wrong_table': 'the walker acts on a new table in T\'s old page<BR/>'
                   'as if it were T, which it mapped',
    'bad_free': 'the none pmd\'s page (on x86, pfn 0) is freed<BR/>'
                'as a page table, '
                'and T, freed by the reclaimer, leaves<BR/>'
                'the mm\'s count of tables twice',
}

DEFAULT_LANES = {
    'w0': 'a walker', 'w1': 'a second walker',
    'd1': 'retract_page_tables()', 'd2': 'empty-table reclaim',
    'd3': 'munmap, free_pgtables()', 'd4': 'try_collapse_pte_mapped_thp()',
    'f0': 'a page fault', 'y0': 'MGLRU, the pmd\'s Accessed bit', 'rcu': 'RCU',
}


def die(msg):
    sys.stderr.write('trail2dot: %s\n' % msg)
    sys.exit(1)


def rich(text):
    """Escape TEXT for an HTML label; `code` in the mono font."""
    out = []
    for i, part in enumerate(text.split('`')):
        part = html.escape(part)
        if i % 2:
            out.append('<FONT FACE="DejaVu Sans Mono">%s</FONT>' % part)
        else:
            out.append(part)
    return ''.join(out)


def wrap(text, width=34):
    """Break TEXT into lines of about WIDTH characters, never inside `code`."""
    words, cur, lines, n = [], [], [], 0
    for i, part in enumerate(text.split('`')):
        if i % 2:
            words.append('`%s`' % part)
        else:
            words.extend(part.split())
    # glue punctuation that follows code to it
    glued = []
    for w in words:
        if glued and re.match(r'^[:;,.)]+$', w.strip('`')) and not w.startswith('`'):
            glued[-1] += w
        else:
            glued.append(w)
    for w in glued:
        length = len(w.replace('`', ''))
        if cur and n + 1 + length > width:
            lines.append(' '.join(cur))
            cur, n = [], 0
        cur.append(w)
        n += length + (1 if n else 0)
    if cur:
        lines.append(' '.join(cur))
    return ''.join('%s<BR ALIGN="LEFT"/>' % rich(l) for l in lines)


def step_label(num, badges, text):
    """The step number and the badges on top (always three cells, as in
    the hand-drawn figures), the text below."""
    cells = ['<TD ALIGN="LEFT"><B>%d</B></TD>' % num]
    for b in badges:
        name, colour = SHARED_LOCK if b == 'lock' else BADGES[b]
        cells.append('<TD BGCOLOR="%s"><FONT COLOR="white"> %s </FONT></TD>' % (colour, name))
    while len(cells) < 3:
        cells.append('<TD> </TD>')
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">\n'
            '<TR>%s</TR>\n<TR><TD COLSPAN="%d" ALIGN="LEFT">%s</TD></TR></TABLE>>'
            % (''.join(cells), len(cells), wrap(text)))


def main():
    if len(sys.argv) != 2:
        die('usage: trail2dot.py SCENARIO.pml <trail >figure.dot')
    scen = sys.argv[1]
    title, lanes, shared = None, dict(DEFAULT_LANES), False
    with open(scen, encoding='utf-8') as f:
        for line in f:
            if re.match(r'^#define\s+SHARED_PTL\s+1\b', line):
                shared = True
            m = re.match(r'^//\s*title:\s*(.*\S)', line)
            if m:
                title = m.group(1)
            m = re.match(r'^//\s*lane\s+(\w+):\s*(.*\S)', line)
            if m:
                lanes[m.group(1)] = m.group(2)
    if not title:
        die('%s has no "// title:" line' % scen)

    steps, bad = [], None
    for line in sys.stdin:
        line = line.strip()
        if not line.startswith('@@|'):
            continue
        fields = line.split('|')
        if len(fields) != 5:
            die('malformed step line: %r' % line)
        _, lane, badges, text, mem = fields
        if lane == 'bad':
            bad = text.split()[-1]
            break
        badges = [b for b in badges.split(',') if b]
        for b in badges:
            if b not in BADGES:
                die('unknown badge %r in %r' % (b, line))
        badges = [b for b in badges if BADGES[b]]
        if shared and ('pml' in badges or 'ptl' in badges):
            badges = [b for b in badges if b not in ('pml', 'ptl')] + ['lock']
        reads = mem.startswith('<')
        steps.append((lane, badges, text, mem.lstrip('<'), reads))
    if not steps or not bad:
        die('no steps or no violation in the trail: is this an error trail?')

    # CPU numbers: walkers are CPU0, CPU2; detachers CPU1, CPU3, in order
    cpu, nw, nd = {}, 0, 0
    for lane, _, _, _, _ in steps:
        if lane in cpu or lane == 'rcu':
            continue
        if lane.startswith('w'):
            cpu[lane] = 2 * nw
            nw += 1
        else:
            cpu[lane] = 2 * nd + 1
            nd += 1
    order = sorted(cpu, key=lambda l: cpu[l])
    if any(s[0] == 'rcu' for s in steps):
        order.append('rcu')

    name = os.path.splitext(os.path.basename(scen))[0]
    out = []
    emit = out.append
    emit('// SPDX-License-Identifier: GPL-2.0')
    emit('//')
    emit('// Generated by make model (labs/model/trail2dot.py) from the shortest')
    emit('// error trail SPIN finds for labs/model/scenarios/%s.pml.' % name)
    emit('// Do not edit: change the model and run make model.')
    emit('// Visual language: see diagrams/README.')
    emit('digraph %s {' % re.sub(r'\W', '_', 'model_' + name))
    emit('\tnewrank=true;')
    emit('\trankdir=TB;')
    emit('\tnodesep=0.25;')
    emit('\tranksep=0.22;')
    emit('\tfontname="DejaVu Sans";')
    emit('\tfontsize=11;')
    emit('\tlabel=<<B>%s</B><BR/>the shortest counterexample SPIN finds>;' % rich(title))
    emit('\tlabelloc=t;')
    emit('\tnode [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10, '
         'margin="0.10,0.05", penwidth=1.4];')
    emit('\tedge [fontname="DejaVu Sans", fontsize=9, arrowsize=0.7];')

    for lane in order:
        colours = GREEN if lane == 'rcu' else (BLUE if lane.startswith('w') else ORANGE)
        head = '<B>RCU</B>' if lane == 'rcu' else \
            '<B>CPU%d</B>: %s' % (cpu[lane], rich(lanes.get(lane, lane)))
        emit('')
        emit('\tsubgraph cluster_%s {' % lane)
        emit('\t\tlabel=<%s>;' % head)
        emit('\t\tstyle="rounded,filled"; fillcolor="%s"; color="%s"; fontcolor="%s";'
             % (colours[2], colours[0], colours[0]))
        emit('\t\tnode [fillcolor="%s", color="%s"];' % (colours[1], colours[0]))
        emit('\t\th_%s [style=invis, width=0, height=0, fixedsize=true, label=""];' % lane)
        for n, (l, badges, text, _, _) in enumerate(steps, 1):
            if l == lane:
                emit('\t\ts%d [label=%s];' % (n, step_label(n, badges, text)))
        emit('\t}')

    mems = [(n, s[3]) for n, s in enumerate(steps, 1) if s[3]]
    emit('')
    emit('\tsubgraph cluster_mem {')
    emit('\t\tlabel=<<B>memory</B>>;')
    emit('\t\tstyle="rounded,dashed"; color="%s"; fontcolor="%s";' % (GREY, GREY))
    emit('\t\tnode [shape=note, style=filled, fillcolor="#f3f4f6", color="%s"];' % GREY)
    emit('\t\th_mem [style=invis, width=0, height=0, fixedsize=true, label=""];')
    for n, mem in mems:
        emit('\t\tm%d [label=<%s>];' % (n, wrap(mem, 28)))
    emit('\t}')

    emit('')
    emit('\toutcome [shape=box, style="rounded,filled", peripheries=2, fillcolor="#fee2e2", '
         'color="%s", label=<<B>Outcome</B>: <FONT FACE="DejaVu Sans Mono">%s</FONT><BR/>%s>];'
         % (RED, html.escape(bad), OUTCOMES.get(bad, html.escape(bad))))

    emit('')
    emit('\t// column order: lanes, then memory')
    emit('\t{ rank=same; %s -> h_mem [style=invis]; }'
         % ' -> '.join('h_%s' % l for l in order))
    for lane in order:
        first = next(n for n, s in enumerate(steps, 1) if s[0] == lane)
        emit('\th_%s -> s%d [style=invis];' % (lane, first))
    if mems:
        emit('\th_mem -> m%d [style=invis];' % mems[0][0])
    emit('\t// time rows, kept in step order')
    for n, mem in enumerate([s[3] for s in steps], 1):
        emit('\t{ rank=same; s%d;%s }' % (n, ' m%d;' % n if mem else ''))
    for n in range(1, len(steps)):
        emit('\ts%d -> s%d [style=invis];' % (n, n + 1))
    emit('\t{ rank=same; outcome; }')
    emit('\ts%d -> outcome [color="%s", style=bold];' % (len(steps), RED))

    emit('\t// program order (solid, lane colour)')
    for lane in order:
        seq = [n for n, s in enumerate(steps, 1) if s[0] == lane]
        colour = GREEN[0] if lane == 'rcu' else (BLUE[0] if lane.startswith('w') else ORANGE[0])
        if len(seq) > 1:
            emit('\t%s [color="%s", penwidth=1.6];'
                 % (' -> '.join('s%d' % n for n in seq), colour))

    emit('\t// what each step did to memory (dashed)')
    if len(mems) > 1:
        emit('\t%s [color="%s", style=dashed, arrowhead=none];'
             % (' -> '.join('m%d' % n for n, _ in mems), GREY))
    # red where the access decides the race: the detach, and the last step
    for n, mem in mems:
        if steps[n - 1][4]:
            emit('\ts%d -> m%d [dir=back, color="%s", style=dashed, label="reads"];' % (n, n, GREY))
            continue
        decides = 'detached' in mem or n == len(steps)
        colour = RED if steps[n - 1][0] != 'rcu' and decides else GREY
        emit('\ts%d -> m%d [color="%s", style=dashed];' % (n, n, colour))

    emit('\t// RCU dependencies (dotted green)')
    queued = [n for n, s in enumerate(steps, 1) if 'call_rcu()' in s[2]]
    freed = [n for n, s in enumerate(steps, 1) if s[0] == 'rcu']
    for q in queued:
        later = [f for f in freed if f > q]
        if later:
            emit('\ts%d -> s%d [color="%s", style=dotted, penwidth=1.6, constraint=false];'
                 % (q, later[0], GREEN[0]))
    emit('}')
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
