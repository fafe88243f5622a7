// SPDX-License-Identifier: GPL-2.0-only
/// Find callers of pte_offset_map_ro_nolock() and pte_offset_map_rw_nolock()
/// that break the rules of the two helpers (see the kernel-doc in
/// mm/pgtable-generic.c and Documentation/mm/pte-nolock/):
///
///  1. an rw user whose pmd value is never rechecked: compared with
///     pmd_same(), or by pfn with a value read from the same entry after the
///     map and tested present and not a leaf (walk_pte_table_same() written
///     inline), neither in the function nor in a function of the same file
///     it is passed to; unless the pmd lock of that entry is held at the map
///     (the entry cannot change: 7.3's zap_pte_table_if_empty()), or the
///     value goes to a variable named dummy_* with a comment just above
///     the call that says why (pte_same() on a non-none entry, or exclusive
///     mmap_lock plus an argument that retract_page_tables() cannot reach);
///  2. a pmd_same() recheck whose live side reads a pmd_t on the stack: a
///     local copy, in the function itself or through a pmd_t * parameter
///     that a caller in the same file passes as &local.  It compares the
///     copy with itself and can never fail;
///  3. a pte_offset_map_ro_nolock() user that writes to the table;
///  4. a pmd_same() recheck reached on a path where the lock the helper
///     returned is not even mentioned (so not taken) since the map, or a
///     lock read again with pte_lockptr() after the map instead of the one
///     the helper returned;
///  5. an rw user with a dummy pmd value whose entry must be none to go on:
///     pte_same() on a none entry cannot tell a live table from a detached
///     one, so a dummy is no decision there (6.13's move_pages_pte() dst);
///  6. update_mmu_cache_range()'s vmf dereferenced, there or one or two
///     calls down, with no test of it first: update_mmu_cache() passes NULL
///     (arch/arm/include/asm/tlbflush.h:636 on 6.12);
///  7. a table mapped by a nolock helper into a local and left mapped on a
///     path to a return: pte_unmap() ends the RCU read-side section that
///     the map began (returning the table itself hands it to the caller,
///     as 7.3's try_get_locked_pte() does);
///  8. a pmd_same() recheck that runs only inside "if (lock1 != lock2)":
///     it asks which lock is held, not whether a lock was dropped.  Without
///     split PTE locks the PTE lock and the pmd lock are one lock, and the
///     check is skipped exactly when that lock was dropped and retaken
///     (Linux 7.3.4's try_collapse_pte_mapped_thp() step 4, the fork's
///     finding); recheck whenever the lock was dropped.
///
/// False positives: a rule 1 recheck done by a function in another file or
/// more than two calls down, a dummy whose comment (naming the dummy,
/// pmd_same() or the recheck) is more than 20 lines above the call, a
/// recheck reached through a path that takes the lock through a wrapper
/// not named in rule 4.  Rule 8 sees only a recheck nested in the braces of
/// "if (lock1 != lock2)", not one behind "if (lock1 == lock2) ... else".  The list of known ones and of false negatives is
/// in Documentation/mm/pte-nolock/exercises.rst.
///
/// On Linux 7.x give spatch pte_nolock.macros.h (SPFLAGS="--macro-file
/// .../pte_nolock.macros.h"): without it spatch skips the functions
/// annotated __context_unsafe() without a word.
///
// Confidence: Moderate
// Copyright: (C) 2026 Teaching Fork Maintainers (pte-nolock fork only)
// Comments: fork-only semantic patch; it proposes no fix
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

import re

seen = set()

# One report per place and message, however many bindings led to it.
def once(pos, msg):
	key = (pos.file, pos.line, pos.column, msg)
	if key in seen:
		return False
	seen.add(key)
	return True

def rep(pos, msg):
	if once(pos, msg):
		coccilib.report.print_report(pos, msg)

def key(pos):
	return (pos.file, pos.line, pos.column)

# Positions of recheck calls whose result decides, and of rw maps with such
# a recheck (rule 1).
decided = set()
rechecked = set()

LEAVES = re.compile(r"\b(return|goto|break|continue)\b")
# Calls that decide nothing: logs, warnings, counters, traces.
IDLE = re.compile(r"^(pr_\w+|printk\w*|dev_\w+|WARN\w*|trace_\w+|count_\w+|\w+_inc|\w+_dec|\w+_add|\w+_sub|likely|unlikely|ptlab_\w+)$")

def negated(cond, name):
	return re.search(r"!\s*(?:(?:un)?likely\s*\(\s*)?%s\b" % re.escape(name), cond) is not None

def works(stmt):
	return any(not IDLE.match(c) for c in re.findall(r"\b(\w+)\s*\(", stmt)) or \
		LEAVES.search(stmt) is not None

# Whether "if (cond) s1 else s2" lets the result of name decide: a
# "changed" branch that leaves, or a "same" branch that does the work.
def decides(cond, name, s1, s2):
	if negated(cond, name):
		return LEAVES.search(s1) is not None
	return works(s1) or LEAVES.search(s2) is not None

def todo(pos, msg):
	if once(pos, msg):
		coccilib.org.print_todo(pos, msg)

def before_lock(p1, p2, lock, mode):
	if mode == "report":
		rep(p2[0],
			"rule 4: the pmd recheck is reached without taking %s, the lock that pte_offset_map_rw_nolock() on line %s returned: the pmd may change right after it" % (lock, p1[0].line))
	else:
		todo(p2[0], "rule 4: the pmd recheck before the lock")
		cocci.print_secs("pte_offset_map_rw_nolock()", p1)

// ---------------------------------------------------------------------
// Rule 1: an rw user that never rechecks its pmd value.

// Functions of this file that compare a pmd_t parameter with a value read
// from a pmd_t * parameter there and then (the fork's
// walk_pte_table_same()): a caller may hand them the pmd value and the entry
// to recheck.  A helper that compares the value with itself, or with a
// copy, is none.
@rparams@
typedef pmd_t;
identifier f, pv, pp;
parameter list ps1, ps2;
type T;
@@

(
T f(ps1, pmd_t pv, ps2, pmd_t *pp, ...) { ... }
|
T f(ps1, pmd_t *pp, ps2, pmd_t pv, ...) { ... }
)

@rechecker@
identifier rparams.pv, rparams.pp;
identifier f = {rparams.f};
type T;
@@

T f(...)
{
  <+...
(
  pmd_same(pv, \(pmdp_get_lockless(pp)\|pmdp_get(pp)\|READ_ONCE(*pp)\|*pp\))
|
  pmd_same(\(pmdp_get_lockless(pp)\|pmdp_get(pp)\|READ_ONCE(*pp)\|*pp\), pv)
)
  ...+>
}

@rechecker_var@
identifier rparams.pv, rparams.pp;
identifier f = {rparams.f};
identifier live;
type T;
@@

T f(...)
{
  ... when any
(
  pmd_t live = \(pmdp_get_lockless(pp)\|pmdp_get(pp)\|READ_ONCE(*pp)\|*pp\);
|
  live = \(pmdp_get_lockless(pp)\|pmdp_get(pp)\|READ_ONCE(*pp)\|*pp\);
)
  ... when any
(
  pmd_same(pv, live)
|
  pmd_same(live, pv)
|
  pmd_pfn(pv) == pmd_pfn(live)
|
  pmd_pfn(live) == pmd_pfn(pv)
|
  pmd_pfn(pv) != pmd_pfn(live)
|
  pmd_pfn(live) != pmd_pfn(pv)
)
  ... when any
}

// ... or hand both on to such a function (one level more).
@rparams2@
identifier g, pv, pp;
parameter list ps1, ps2;
type T;
@@

(
T g(ps1, pmd_t pv, ps2, pmd_t *pp, ...) { ... }
|
T g(ps1, pmd_t *pp, ps2, pmd_t pv, ...) { ... }
)

@rechecker2@
identifier f = {rechecker.f, rechecker_var.f};
identifier rparams2.pv, rparams2.pp;
identifier g = {rparams2.g};
type T;
@@

T g(...)
{
  <+...
(
  f(..., pv, ..., pp, ...)
|
  f(..., pp, ..., pv, ...)
)
  ...+>
}

// A recheck: the mapped value, not written again since the map, compared
// with a value read from the same entry after the map (directly, through a
// variable, or in a helper above).  The position pc is the comparison's.
@r1_same exists@
identifier v;
expression mm, pmd, addr, ptlp, E;
identifier chk = {rechecker.f, rechecker_var.f, rechecker2.g};
position p, pc;
@@

pte_offset_map_rw_nolock@p(mm, pmd, addr, &v, ptlp)
... when != v = E
    when != &v
(
pmd_same@pc(v, \(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\))
|
pmd_same@pc(\(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\), v)
|
chk@pc(..., v, ..., pmd, ...)
|
chk@pc(..., pmd, ..., v, ...)
)

@r1_same_var exists@
identifier v, live;
expression mm, pmd, addr, ptlp, E;
position p, pc;
@@

pte_offset_map_rw_nolock@p(mm, pmd, addr, &v, ptlp)
... when != v = E
    when != &v
(
live = \(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\);
|
pmd_t live = \(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\);
)
... when != v = E
    when != live = E
(
pmd_same@pc(v, live)
|
pmd_same@pc(live, v)
)

@r1_same_ptr exists@
expression mm, pmd, addr, ptlp, E;
expression vp;
identifier chk = {rechecker.f, rechecker_var.f, rechecker2.g};
position p, pc;
@@

pte_offset_map_rw_nolock@p(mm, pmd, addr, vp, ptlp)
... when != *vp = E
(
pmd_same@pc(*vp, \(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\))
|
pmd_same@pc(\(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\), *vp)
|
chk@pc(..., *vp, ..., pmd, ...)
)

// ... whose result decides: in the condition of an if whose branch leaves
// (return, goto, break, continue) when the condition says "changed", and
// does work (calls something other than a log or a counter) when it says
// "same"; or kept in a variable that such an if tests; or returned.  A
// result thrown away, logged or counted decides nothing.  decided holds the
// positions of the calls whose result decides.
@r1_dec_if exists@
identifier fn;
expression list es;
expression C;
statement S1, S2;
position pc;
@@

(
if (\(C \& <+... fn@pc(es) ...+>\)) S1 else S2
|
if (\(C \& <+... fn@pc(es) ...+>\)) S1
)

@script:python@
fn << r1_dec_if.fn;
c << r1_dec_if.C;
s1 << r1_dec_if.S1;
s2 << r1_dec_if.S2 = "";
pc << r1_dec_if.pc;
@@

if decides(c, fn, s1, s2):
	decided.add(key(pc[0]))

@r1_dec_var exists@
identifier fn, b;
expression list es;
expression C, E;
statement S1, S2;
position pc;
@@

b = <+... fn@pc(es) ...+>;
... when != b = E
(
if (\(C \& <+... b ...+>\)) S1 else S2
|
if (\(C \& <+... b ...+>\)) S1
)

@script:python@
b << r1_dec_var.b;
c << r1_dec_var.C;
s1 << r1_dec_var.S1;
s2 << r1_dec_var.S2 = "";
pc << r1_dec_var.pc;
@@

if decides(c, b, s1, s2):
	decided.add(key(pc[0]))

@r1_dec_ret exists@
identifier fn;
expression list es;
position pc;
@@

return <+... fn@pc(es) ...+>;

@script:python@
pc << r1_dec_ret.pc;
@@

decided.add(key(pc[0]))

// A map whose value gets a recheck that decides.
@script:python@
p << r1_same.p;
pc << r1_same.pc;
@@

if key(pc[0]) in decided:
	rechecked.add(key(p[0]))

@script:python@
p << r1_same_ptr.p;
pc << r1_same_ptr.pc;
@@

if key(pc[0]) in decided:
	rechecked.add(key(p[0]))

@script:python@
p << r1_same_var.p;
pc << r1_same_var.pc;
@@

if key(pc[0]) in decided:
	rechecked.add(key(p[0]))

// The recheck written inline (what walk_pte_table_same() does, in the
// caller): a value read from the same entry after the map, its pfn compared
// with the mapped value's, and tested present and not a leaf.
@r1_inline exists@
typedef pmd_t;
identifier v, live;
expression mm, pmd, addr, ptlp;
position p;
@@

pte_offset_map_rw_nolock@p(mm, pmd, addr, &v, ptlp)
...
(
live = \(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\);
|
pmd_t live = \(pmdp_get_lockless(pmd)\|pmdp_get(pmd)\|READ_ONCE(*pmd)\|*pmd\);
)
...
(
pmd_pfn(v) == pmd_pfn(live)
|
pmd_pfn(live) == pmd_pfn(v)
|
pmd_pfn(v) != pmd_pfn(live)
|
pmd_pfn(live) != pmd_pfn(v)
)

@r1_inline_present exists@
identifier r1_inline.live;
position r1_inline.p;
position p1;
expression mm, pmd, addr, arg, ptlp;
@@

pte_offset_map_rw_nolock@p@p1(mm, pmd, addr, arg, ptlp)
...
pmd_present(live)

@r1_ok_inline exists@
identifier r1_inline.live;
position r1_inline_present.p1;
position p2;
expression mm, pmd, addr, arg, ptlp;
@@

pte_offset_map_rw_nolock@p1@p2(mm, pmd, addr, arg, ptlp)
...
pmd_leaf(live)

// The pmd lock of the same entry held across the map (7.3's
// zap_pte_table_if_empty()): the entry cannot change before it is dropped,
// so the value read is the live one.
@r1_ok_lock exists@
typedef spinlock_t;
expression mm, mm2, pmd, addr, arg, ptlp;
expression pml, E;
identifier l;
position p;
@@

(
pml = pmd_lock(mm2, pmd);
|
spinlock_t *l = pmd_lock(mm2, pmd);
|
pml = pmd_lockptr(mm2, pmd);
... when != pml = E
spin_lock(pml);
)
... when != spin_unlock(\(pml\|l\))
    when != pml = E
pte_offset_map_rw_nolock@p(mm, pmd, addr, arg, ptlp)

@r1 depends on !context@
expression mm, pmd, addr, arg, ptlp;
position p != {r1_ok_inline.p2, r1_ok_lock.p};
@@

pte_offset_map_rw_nolock@p(mm, pmd, addr, arg, ptlp)

@r1c depends on context@
expression mm, pmd, addr, arg, ptlp;
position p != {r1_ok_inline.p2, r1_ok_lock.p};
@@

* pte_offset_map_rw_nolock@p(mm, pmd, addr, arg, ptlp)

@script:python r1_dummy depends on !context@
p << r1.p;
arg << r1.arg;
@@

import re

# A comment line within the lines_up lines above the call that says why
# the pmd value is not rechecked (it names the dummy, pmd_same() or the
# recheck).
def commented_above(path, line, lines_up=20):
	try:
		with open(path, errors="replace") as src:
			text = src.readlines()
	except OSError:
		return False
	first = max(0, line - 1 - lines_up)
	for l in text[first:line - 1]:
		s = l.strip()
		if not (s.startswith("/*") or s.startswith("*") or s.startswith("//")):
			continue
		if re.search(r"dummy|pmd_same|recheck", s):
			return True
	return False

# A recheck that decides (above): not reported.
if key(p[0]) in rechecked:
	cocci.include_match(False)

# A declared dummy with a comment is a deliberate decision: not reported.
m = re.match(r"^&\s*(\w+)$", arg.strip())
if m and re.match(r"^dummy\w*$", m.group(1)) and \
   commented_above(p[0].file, int(p[0].line)):
	cocci.include_match(False)

@script:python depends on report@
p << r1.p;
arg << r1.arg;
@@

rep(p[0],
	"rule 1: pmd value %s of pte_offset_map_rw_nolock() is never rechecked, with pmd_same() or by pfn (a dummy needs a dummy_* name and a comment)" % arg)

@script:python depends on org@
p << r1.p;
arg << r1.arg;
@@

todo(p[0],
	"rule 1: pmd value %s is never rechecked" % arg)

// ---------------------------------------------------------------------
// Rule 2: a recheck whose live side is a copy on the stack.

// 2a: in the function itself.
@r2a@
local idexpression pmd_t x;
expression v;
position p;
@@

(
* pmd_same@p(v, \(pmdp_get_lockless(&x)\|pmdp_get(&x)\|*&x\|READ_ONCE(*&x)\))
|
* pmd_same@p(\(pmdp_get_lockless(&x)\|pmdp_get(&x)\|*&x\|READ_ONCE(*&x)\), v)
)

@script:python depends on report@
p << r2a.p;
x << r2a.x;
@@

rep(p[0],
	"rule 2: pmd_same() reads %s, a local copy of the pmd: the recheck compares the copy with itself" % x)

@script:python depends on org@
p << r2a.p;
x << r2a.x;
@@

todo(p[0], "rule 2: pmd_same() reads the local copy %s" % x)

// 2b: a function that maps a table from a pmd_t * parameter and rechecks
// by reading that parameter again ...
@r2def@
identifier f, pp;
type T;
parameter list[n] ps;
expression v, mm, addr, vp, ptlp;
position pr;
@@

T f(ps, pmd_t *pp, ...)
{
  ... when any
  pte_offset_map_rw_nolock(mm, pp, addr, vp, ptlp)
  ... when any
(
  pmd_same@pr(v, \(pmdp_get_lockless(pp)\|pmdp_get(pp)\|*pp\|READ_ONCE(*pp)\))
|
  pmd_same@pr(\(pmdp_get_lockless(pp)\|pmdp_get(pp)\|*pp\|READ_ONCE(*pp)\), v)
)
  ... when any
}

// ... or that hands the value and that same parameter to a helper of this
// file which does the comparison (the fork's walk_pte_table_same()).
@r2def2@
identifier fn, pp, v;
identifier chk = {rechecker.f, rechecker_var.f, rechecker2.g};
type T;
parameter list[n] ps;
expression mm, addr, ptlp;
position pr;
@@

T fn(ps, pmd_t *pp, ...)
{
  ... when any
  pte_offset_map_rw_nolock(mm, pp, addr, &v, ptlp)
  ... when any
(
  chk@pr(..., v, ..., pp, ...)
|
  chk@pr(..., pp, ..., v, ...)
)
  ... when any
}

@r2call2@
identifier r2def2.fn;
expression list[r2def2.n] es;
local idexpression pmd_t x;
position p;
@@

* fn@p(es, &x, ...)

@script:python depends on report@
p << r2call2.p;
pr << r2def2.pr;
f << r2def2.fn;
x << r2call2.x;
@@

rep(p[0],
	"rule 2: %s() is passed &%s, a local copy of the pmd, and its recheck on line %s compares the copy with itself" % (f, x, pr[0].line))

@script:python depends on org@
p << r2call2.p;
pr << r2def2.pr;
f << r2def2.fn;
x << r2call2.x;
@@

todo(p[0], "rule 2: %s() is passed &%s, a local copy" % (f, x))
cocci.print_secs("the recheck on the copy", pr)

// ... and a caller of it in this file that passes &local there.
@r2call@
identifier r2def.f;
expression list[r2def.n] es;
local idexpression pmd_t x;
position p;
@@

* f@p(es, &x, ...)

@script:python depends on report@
p << r2call.p;
pr << r2def.pr;
f << r2def.f;
x << r2call.x;
@@

rep(p[0],
	"rule 2: %s() is passed &%s, a local copy of the pmd, and its recheck on line %s compares the copy with itself" % (f, x, pr[0].line))

@script:python depends on org@
p << r2call.p;
pr << r2def.pr;
f << r2def.f;
x << r2call.x;
@@

todo(p[0], "rule 2: %s() is passed &%s, a local copy" % (f, x))
cocci.print_secs("pmd_same() on the copy", pr)

// ---------------------------------------------------------------------
// Rule 3: a read-only user that writes to the table.

@r3 exists@
expression mm, pmd, addr, ptlp;
identifier wr =~ "^(set_pte_at|set_ptes|set_pte|pte_clear|ptep_clear|ptep_clear_flush|ptep_get_and_clear|ptep_get_and_clear_full|ptep_set_wrprotect|ptep_set_access_flags|ptep_test_and_clear_young|ptep_clear_flush_young|ptep_clear_young_notify|ptep_clear_flush_young_notify|ptep_modify_prot_start|ptep_modify_prot_commit|ptep_establish|clear_young_dirty_ptes|wrprotect_ptes|clear_full_ptes|get_and_clear_full_ptes)$";
position p1, p2;
@@

pte_offset_map_ro_nolock@p1(mm, pmd, addr, ptlp)
... when any
* wr@p2(...)

@script:python depends on report@
p1 << r3.p1;
p2 << r3.p2;
wr << r3.wr;
@@

rep(p2[0],
	"rule 3: %s() writes to a table mapped with pte_offset_map_ro_nolock() on line %s: use the rw helper and recheck" % (wr, p1[0].line))

@script:python depends on org@
p1 << r3.p1;
p2 << r3.p2;
wr << r3.wr;
@@

todo(p2[0], "rule 3: %s() on a read-only mapping" % wr)
cocci.print_secs("pte_offset_map_ro_nolock()", p1)

// ---------------------------------------------------------------------
// Rule 4: a recheck before the lock, or a lock read again.

@r4a1 exists@
expression mm, pmd, addr;
expression pl;
identifier v;
identifier chk = {rechecker.f, rechecker_var.f, rechecker2.g};
position p1, p2;
@@

pte_offset_map_rw_nolock@p1(mm, pmd, addr, &v, &pl)
... when != pl
(
* pmd_same@p2(v, ...)
|
* pmd_same@p2(..., v)
|
* chk@p2(..., v, ...)
)

@script:python depends on report@
p1 << r4a1.p1;
p2 << r4a1.p2;
l << r4a1.pl;
@@

mode = "report"

before_lock(p1, p2, l, mode)

@script:python depends on org@
p1 << r4a1.p1;
p2 << r4a1.p2;
l << r4a1.pl;
@@

mode = "org"

before_lock(p1, p2, l, mode)

@r4a2 exists@
expression mm, pmd, addr;
identifier plp;
identifier v;
identifier chk = {rechecker.f, rechecker_var.f, rechecker2.g};
position p1, p2;
@@

pte_offset_map_rw_nolock@p1(mm, pmd, addr, &v, plp)
... when != plp
(
* pmd_same@p2(v, ...)
|
* pmd_same@p2(..., v)
|
* chk@p2(..., v, ...)
)

@script:python depends on report@
p1 << r4a2.p1;
p2 << r4a2.p2;
l << r4a2.plp;
@@

mode = "report"

before_lock(p1, p2, l, mode)

@script:python depends on org@
p1 << r4a2.p1;
p2 << r4a2.p2;
l << r4a2.plp;
@@

mode = "org"

before_lock(p1, p2, l, mode)

@r4a3 exists@
expression mm, pmd, addr;
expression pl;
identifier vp;
position p1, p2;
@@

pte_offset_map_rw_nolock@p1(mm, pmd, addr, vp, &pl)
... when != pl
(
* pmd_same@p2(*vp, ...)
|
* pmd_same@p2(..., *vp)
)

@script:python depends on report@
p1 << r4a3.p1;
p2 << r4a3.p2;
l << r4a3.pl;
@@

mode = "report"

before_lock(p1, p2, l, mode)

@script:python depends on org@
p1 << r4a3.p1;
p2 << r4a3.p2;
l << r4a3.pl;
@@

mode = "org"

before_lock(p1, p2, l, mode)

@r4a4 exists@
expression mm, pmd, addr;
identifier plp;
identifier vp;
position p1, p2;
@@

pte_offset_map_rw_nolock@p1(mm, pmd, addr, vp, plp)
... when != plp
(
* pmd_same@p2(*vp, ...)
|
* pmd_same@p2(..., *vp)
)

@script:python depends on report@
p1 << r4a4.p1;
p2 << r4a4.p2;
l << r4a4.plp;
@@

mode = "report"

before_lock(p1, p2, l, mode)

@script:python depends on org@
p1 << r4a4.p1;
p2 << r4a4.p2;
l << r4a4.plp;
@@

mode = "org"

before_lock(p1, p2, l, mode)

@r4b exists@
identifier nolock =~ "^pte_offset_map_r[ow]_nolock$";
expression list es;
expression mm, pmd;
position p1, p2;
@@

nolock@p1(es)
... when any
* pte_lockptr@p2(mm, pmd)

@script:python depends on report@
p1 << r4b.p1;
p2 << r4b.p2;
nolock << r4b.nolock;
@@

rep(p2[0],
	"rule 4: pte_lockptr() reads the pmd again after %s() on line %s returned the lock of the table it mapped: lock that one" % (nolock, p1[0].line))

@script:python depends on org@
p1 << r4b.p1;
p2 << r4b.p2;
@@

todo(p2[0], "rule 4: pte_lockptr() after a nolock map")
cocci.print_secs("the nolock map", p1)

// ---------------------------------------------------------------------
// Rule 5: a dummy pmd value in front of an entry that must be none.

@r5 exists@
identifier d =~ "^dummy";
local idexpression P;
expression mm, pmd, addr, ptlp, o;
statement S;
position p1, p2;
@@

P = pte_offset_map_rw_nolock@p1(mm, pmd, addr, &d, ptlp);
... when any
(
o = \(ptep_get\|ptep_get_lockless\)(P);
... when any
* if@p2 (\(!pte_none(o)\|unlikely(!pte_none(o))\)) S
|
* if@p2 (\(!pte_none(ptep_get(P))\|unlikely(!pte_none(ptep_get(P)))\)) S
)

@script:python depends on report@
p1 << r5.p1;
p2 << r5.p2;
d << r5.d;
@@

mode = "report"

msg = "rule 5: the table mapped on line %s with dummy %s goes on only with a none entry: pte_same() on a none entry cannot see a detached table, so keep the pmd value and recheck it" % (p1[0].line, d)
if mode == "report":
	rep(p2[0], msg)
else:
	todo(p2[0], "rule 5: dummy pmd value in front of a none entry")

@script:python depends on org@
p1 << r5.p1;
p2 << r5.p2;
d << r5.d;
@@

mode = "org"

msg = "rule 5: the table mapped on line %s with dummy %s goes on only with a none entry: pte_same() on a none entry cannot see a detached table, so keep the pmd value and recheck it" % (p1[0].line, d)
if mode == "report":
	rep(p2[0], msg)
else:
	todo(p2[0], "rule 5: dummy pmd value in front of a none entry")

// ---------------------------------------------------------------------
// Rule 6: update_mmu_cache_range()'s vmf may be NULL.

@r6a@
identifier g, vmf;
type T;
@@

T update_mmu_cache_range(struct vm_fault *vmf, ...)
{
  <+...
  g(..., vmf, ...)
  ...+>
}

@r6b@
identifier r6a.g;
identifier h, v;
type T;
@@

T g(..., struct vm_fault *v, ...)
{
  <+...
  h(..., v, ...)
  ...+>
}

@r6 exists@
identifier F = {update_mmu_cache_range, r6a.g, r6b.h};
identifier v, fld;
type T;
position p;
@@

T F(..., struct vm_fault *v, ...)
{
  ... when != v
* v->fld@p
  ... when any
}

@script:python depends on report@
p << r6.p;
F << r6.F;
v << r6.v;
@@

mode = "report"

msg = "rule 6: %s->... in %s(), reached from update_mmu_cache_range(), whose vmf is NULL when update_mmu_cache() calls it: test it first" % (v, F)
if mode == "report":
	rep(p[0], msg)
else:
	todo(p[0], "rule 6: vmf may be NULL here")

@script:python depends on org@
p << r6.p;
F << r6.F;
v << r6.v;
@@

mode = "org"

msg = "rule 6: %s->... in %s(), reached from update_mmu_cache_range(), whose vmf is NULL when update_mmu_cache() calls it: test it first" % (v, F)
if mode == "report":
	rep(p[0], msg)
else:
	todo(p[0], "rule 6: vmf may be NULL here")

// ---------------------------------------------------------------------
// Rule 7: a return with the table still mapped.

@r7 exists@
identifier nolock =~ "^pte_offset_map_r[ow]_nolock$";
local idexpression P;
expression list es;
expression E;
statement S, S2, S3;
position p1, p2;
@@

P = nolock@p1(es);
... when != P
if (\(!P\|unlikely(!P)\)) S
... when != pte_unmap(<+... P ...+>)
    when != pte_unmap_unlock(<+... P ...+>, ...)
    when != P = E
    when != E = P
    when != P++
    when != P += E
    when != if (P) S2
    when != if (P) S2 else S3
(
  return P;
|
* return@p2 ...;
)

@script:python depends on report@
p1 << r7.p1;
p2 << r7.p2;
P << r7.P;
nolock << r7.nolock;
@@

mode = "report"

msg = "rule 7: return with %s still mapped by %s() on line %s: pte_unmap() it, or the RCU read-side section the map began is never ended" % (P, nolock, p1[0].line)
if mode == "report":
	rep(p2[0], msg)
else:
	todo(p2[0], "rule 7: return with the table still mapped")

@script:python depends on org@
p1 << r7.p1;
p2 << r7.p2;
P << r7.P;
nolock << r7.nolock;
@@

mode = "org"

msg = "rule 7: return with %s still mapped by %s() on line %s: pte_unmap() it, or the RCU read-side section the map began is never ended" % (P, nolock, p1[0].line)
if mode == "report":
	rep(p2[0], msg)
else:
	todo(p2[0], "rule 7: return with the table still mapped")

// ---------------------------------------------------------------------
// Rule 8: a recheck that runs only when two lock pointers differ.

// An if without an else in SmPL matches only an if without one in C: the
// else form is spelled out (exercise 10's "} else { same = true; }").
@r8 depends on !context exists@
spinlock_t *L1;
spinlock_t *L2;
expression E1, E2;
statement S;
position p1, p2;
@@

(
if@p1 (L1 != L2) { <+... pmd_same@p2(E1, E2) ...+> } else S
|
if@p1 (L1 != L2) { <+... pmd_same@p2(E1, E2) ...+> }
)

@r8c depends on context exists@
spinlock_t *L1;
spinlock_t *L2;
expression E1, E2;
statement S;
@@

(
if (L1 != L2) { <+...
* pmd_same(E1, E2)
  ...+> } else S
|
if (L1 != L2) { <+...
* pmd_same(E1, E2)
  ...+> }
)

@script:python depends on report@
p1 << r8.p1;
p2 << r8.p2;
L1 << r8.L1;
L2 << r8.L2;
@@

rep(p2[0], "rule 8: the pmd recheck runs only if %s != %s (line %s): where the two are one lock (no split PTE locks) it is skipped although that lock was dropped; recheck whenever the lock was dropped" % (L1, L2, p1[0].line))

@script:python depends on org@
p1 << r8.p1;
p2 << r8.p2;
@@

todo(p2[0], "rule 8: the pmd recheck guarded by a lock comparison")
cocci.print_secs("if", p1)
