// SPDX-License-Identifier: GPL-2.0-only
/// A census, not a bug finder: list the places where code lets go of a
/// page-table lock and then acts again under one, and every lockless map
/// of a PTE table (Documentation/mm/pte-nolock/audit.rst reads each one).
///
///  gap: in one function, a PTE lock or pmd lock is released
///       (spin_unlock() of a page-table lock, pte_unmap_unlock()) and, on
///       some path after it, a page-table lock is taken again or a PTE
///       table mapped again (found by path), and a value from before the
///       release is read after that: a pmd_t or pte_t value or a pte_t *
///       table pointer, in a variable or in a vm_fault-style field
///       (orig_pte, orig_pmd, pte), with no write to it between (found in
///       line order, not by path; a relock that assigns it makes it
///       fresh).  One report per function, at its first such release; the
///       message lists each release with the relocks it reaches that carry
///       something, and the values carried.
///  map: every call of pte_offset_map(), pte_offset_map_ro_nolock() or
///       pte_offset_map_rw_nolock(): a PTE table mapped without its lock.
///
/// A page-table lock is recognized by its name: ptl, pml, a name that
/// begins or ends with ptl, or page_table_lock, also as a field.  Files
/// whose name holds "hugetlb" are left out: their locks guard hugetlb
/// entries, and no PTE table of theirs is mapped by the helpers above.
///
/// What it cannot see: a gap whose release and relock are in different
/// functions (a helper that unlocks and returns, a caller that locks
/// again, a walk that calls back per table), a decision kept in a plain
/// int or bool or in a return value, a value carried in a variable of
/// another type (a folio, a pfn) or only through a pmd_t * pointer, a lock
/// that is not named like one, and locks taken inside macros it does not
/// know.  A retry through "goto" back to the map is a path like any other
/// and is found, but what it carries is judged in line order, which a
/// loop can fool either way; a retry that calls the function again is not
/// seen.
///
// Confidence: Moderate
// Copyright: (C) 2026 Teaching Fork Maintainers (pte-nolock fork only)
// Comments: fork-only; a census for a human audit, it proposes no fix.
// Comments: Run with pte_nolock.macros.h as a macro file on Linux 7.x.
// Comments: The report is put together at the end (finalize), from every
// Comments: spatch process of a parallel run (make coccicheck J=N).
// Options: --no-includes --include-headers

virtual org
virtual report

@initialize:python@
@@

import re

# a page-table lock, by name: ptl, pml, *ptl*, page_table_lock
PTL = re.compile(r"(?:^|->|\.|&)(?:\w*ptl\w*|pml|page_table_lock)$")
# a carried value: a variable or a field, not a dereference or a call
CARRIED = re.compile(r"^\w+(?:(?:->|\.)\w+)*$")

pairs = {}      # (file, function) -> {(line, col): (release, relock lines)}
reads = {}      # (file, function) -> {value: {(line, col)}}
writes = {}     # (file, function) -> {value: {(line, col)}}
maps = []
mode = ["report"]

# What a parallel run (make coccicheck's J, spatch --jobs) hands to
# finalize from each process: plain values only, so a place is a tuple
# (file, line, column, end column), not a position.
import coccinelle
coccinelle.pairs, coccinelle.reads, coccinelle.writes = pairs, reads, writes
coccinelle.maps, coccinelle.mode = maps, mode

def place(pos):
	p = pos[0]
	return (p.file, int(p.line), int(p.column), int(p.column_end))

def compact(e):
	return re.sub(r"\s+", "", str(e))

def skip(pos):
	return "hugetlb" in pos.file.split("/")[-1]

def note(p, v, where):
	if CARRIED.match(v):
		where.setdefault((p[0].file, p[0].current_element), {}).setdefault(v, set()).add(
			(int(p[0].line), int(p[0].column)))

def carried_over(key, rel, acq, top):
	"""The values read after the relock ACQ (a line) with no write, in line
	order, between the release REL and ACQ, nor between ACQ and the read;
	for a relock above the release (a loop or a goto back), none between
	TOP, the first relock the release reaches, and ACQ.  Line order, not
	paths: what the audit reads first, not a proof."""
	out = set()
	for v, rs in reads.get(key, {}).items():
		ws = writes.get(key, {}).get(v, set())
		wl = sorted(l for l, c in ws)
		rl = sorted(l for l, c in rs if (l, c) not in ws)
		for r in rl:
			if r <= acq:
				continue
			between = [w for w in wl if acq <= w < r]
			if between:
				continue
			if acq > rel and [w for w in wl if rel < w < acq]:
				continue
			if acq < rel and [w for w in wl if top <= w < acq]:
				continue
			out.add(v)
			break
	return out

// A release, and a path from it to a relock or a map.
@gap exists@
identifier fn;
expression L, L2, P;
position pr, pa;
@@

fn(...) {
... when any
(
spin_unlock@pr(L)
|
pte_unmap_unlock@pr(P, L)
)
... when any
(
spin_lock@pa(L2)
|
spin_lock_nested@pa(L2, ...)
|
spin_trylock@pa(L2)
|
pmd_lock@pa(...)
|
pte_offset_map_lock@pa(...)
|
pte_alloc_map_lock@pa(...)
|
pte_offset_map@pa(...)
|
pte_offset_map_ro_nolock@pa(...)
|
pte_offset_map_rw_nolock@pa(...)
|
pmd_trans_huge_lock@pa(...)
)
... when any
}

@script:python depends on gap@
fn << gap.fn;
L << gap.L;
L2 << gap.L2 = "";
pr << gap.pr;
pa << gap.pa;
@@

if skip(pr[0]) or not PTL.search(compact(L)) or \
   (L2 != "" and not PTL.search(compact(L2))):
	cocci.include_match(False)
else:
	pairs.setdefault((pr[0].file, fn), {}).setdefault(
		(int(pr[0].line), int(pr[0].column)), (place(pr), set()))[1].add(int(pa[0].line))

// The values the function could carry: pmd_t, pte_t and pte_t * variables,
// and the fields that hold a remembered entry or a mapped table; where
// each is read and where it is assigned.
@occ depends on gap@
typedef pmd_t;
typedef pte_t;
idexpression {pmd_t, pte_t, pte_t *} V;
position p;
@@

V@p

@script:python depends on occ@
V << occ.V;
p << occ.p;
@@

note(p, compact(V), reads)

@occf depends on gap@
expression S;
identifier fld = {orig_pte, orig_pmd, pte};
position p;
@@

S->fld@p

@script:python depends on occf@
S << occf.S;
fld << occf.fld;
p << occf.p;
@@

note(p, "%s->%s" % (compact(S), fld), reads)

@asg depends on gap@
typedef pmd_t;
typedef pte_t;
idexpression {pmd_t, pte_t, pte_t *} V;
expression E;
position p;
@@

(
V@p = E
|
V@p++
|
V@p--
|
V@p += E
|
V@p -= E
)

@script:python depends on asg@
V << asg.V;
p << asg.p;
@@

note(p, compact(V), writes)

@asgf depends on gap@
expression S, E;
identifier fld = {orig_pte, orig_pmd, pte};
position p;
@@

(
S->fld@p = E
|
S->fld@p++
|
S->fld@p += E
)

@script:python depends on asgf@
S << asgf.S;
fld << asgf.fld;
p << asgf.p;
@@

note(p, "%s->%s" % (compact(S), fld), writes)

@map@
identifier f = {pte_offset_map, pte_offset_map_ro_nolock, pte_offset_map_rw_nolock};
position p;
@@

f@p(...)

@script:python depends on map@
f << map.f;
p << map.p;
@@

if not skip(p[0]):
	maps.append((place(p), "map: %s() maps a PTE table without its lock: %s()" %
		     (p[0].current_element, f)))

@script:python depends on org@
@@

mode[0] = "org"

// One spatch process or several: each process's findings are merged here.
@finalize:python@
all_pairs << merge.pairs;
all_reads << merge.reads;
all_writes << merge.writes;
all_maps << merge.maps;
all_modes << merge.mode;
@@

pairs = {}
for part in all_pairs:
	for key, rels in part.items():
		for rel, (pr, acqs) in rels.items():
			pairs.setdefault(key, {}).setdefault(rel, (pr, set()))[1].update(acqs)
for whole, parts in ((reads, all_reads), (writes, all_writes)):
	merged = {}
	for part in parts:
		for key, vs in part.items():
			for v, ps in vs.items():
				merged.setdefault(key, {}).setdefault(v, set()).update(ps)
	whole.clear()
	whole.update(merged)
maps = [m for part in all_maps for m in part]
org = any(m[0] == "org" for m in all_modes)

# the lines coccilib.report.print_report() and coccilib.org.print_todo() print
def say(pos, msg):
	file, line, col, end = pos
	if org:
		print("* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s]]" %
		      (file, line, col, end, msg))
	else:
		print("%s:%d:%d-%d: %s" % (file, line, col, end, msg))

for key in sorted(pairs, key=lambda k: (k[0], min(pairs[k]))):
	file, fn = key
	parts = []
	values = set()
	pos = None
	for rel in sorted(pairs[key]):
		pr, acqs = pairs[key][rel]
		keep = []
		for a in sorted(acqs):
			c = carried_over(key, rel[0], a, min(acqs))
			if c:
				keep.append(a)
				values |= c
		if keep:
			pos = pos or pr
			parts.append("unlock :%d -> :%s" % (rel[0], ",".join(
				str(a) for a in keep)))
	if parts:
		say(pos, "gap: %s() lets go of a page-table lock and locks or maps again (%s), carrying %s" %
		    (fn, "; ".join(parts), ", ".join(sorted(values))))
seen = set()
for p, msg in sorted(maps, key=lambda m: (m[0][0], m[0][1])):
	k = (p[0], p[1], msg)
	if k not in seen:
		seen.add(k)
		say(p, msg)
