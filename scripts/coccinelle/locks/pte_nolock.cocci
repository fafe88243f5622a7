// SPDX-License-Identifier: GPL-2.0-only
/// Find callers of pte_offset_map_ro_nolock() and pte_offset_map_rw_nolock()
/// that break the rules of the two helpers (see the kernel-doc in
/// mm/pgtable-generic.c and Documentation/mm/pte-nolock/):
///
///  1. an rw user whose pmd value is never rechecked.  A recheck compares
///     the mapped value, not written again since the map, with a value
///     read from the same entry after the map (pmdp_get_lockless(),
///     pmdp_get(), READ_ONCE(), *pmd; directly or through a variable),
///     with pmd_same() or in a helper of the same file (one or two calls
///     down) that compares its pmd_t parameter so with its pmd_t *
///     parameter; and its result decides: it sits in an if whose
///     "changed" branch leaves (return, goto, break, continue) or whose
///     "same" branch does the work, or in a variable such an if tests, or
///     it is returned.  A pmd_same() of the value with itself, with a copy
///     read before the map, with another entry, thrown away, only logged
///     or counted, is no recheck.  Also a recheck: by pfn with a value read
///     from the same entry after the map and tested present and not a leaf
///     (walk_pte_table_same() written inline).  Not reported: the pmd lock
///     of that entry held at the map (the entry cannot change: 7.3's
///     zap_pte_table_if_empty()), or the value going to a variable named
///     dummy_* with a comment just above the call that says why (pte_same()
///     on a non-none entry, or exclusive mmap_lock plus an argument that
///     retract_page_tables() cannot reach);
///  2. a pmd_same() recheck whose live side reads a pmd_t on the stack: a
///     local copy, directly or through a pointer to it, in the function
///     itself or through a pmd_t * parameter that a caller in the same file
///     passes as &local or as a pointer to a local, or hands on one call
///     further up.  It compares the copy with itself and can never fail;
///  3. a pte_offset_map_ro_nolock() user that writes to the table: through
///     a PTE writer (set_pte*(), pte_clear(), every ptep_*() but the
///     readers, the batched *_ptes()), a store (*pte = , pte[i] = ,
///     WRITE_ONCE()), or a function of the same file, one or two calls
///     down, that writes through its pte_t * parameter; the write's
///     argument is the mapped pointer (not another table's);
///  4. a pmd_same() recheck reached on a path where the lock the helper
///     returned is not even mentioned (so not taken) since the map, or
///     after that lock was dropped and not taken again; a write to the
///     table before its recheck; or a lock looked up again after the map
///     (pte_lockptr(), ptlock_ptr()) instead of the one the helper
///     returned;
///  5. an rw user with a dummy pmd value whose entry must be none to go on
///     ("if (!pte_none(...))" leaves, or "if (pte_none(...))" does the work
///     without giving the table up): pte_same() on a none entry cannot
///     tell a live table from a detached one, so a dummy is no decision
///     there (6.13's move_pages_pte() dst);
///  6. update_mmu_cache_range()'s vmf dereferenced, there or up to three
///     calls down, directly or through a copy of the pointer, on a path
///     with no NULL test of it first (a mention that is no test, like a
///     log line, does not count): update_mmu_cache() passes NULL
///     (arch/arm/include/asm/tlbflush.h:636 of fork-base);
///  7. a table mapped by a nolock helper into a local and left mapped on a
///     path to a return, also when the pointer was copied (a loop's cursor)
///     and neither was unmapped: pte_unmap() ends the RCU read-side
///     section that the map began (returning the table itself hands it to
///     the caller, as 7.3's try_get_locked_pte() does);
///  8. a pmd_same() recheck that runs only when two locks differ: inside
///     "if (lock1 != lock2)", in the else of "if (lock1 == lock2)", after
///     "lock1 != lock2 &&" in one condition, behind a variable that holds
///     that comparison, or behind the split PTE lock configuration
///     (CONFIG_SPLIT_PTE_PTLOCKS).  It asks which lock is held, not whether
///     a lock was dropped.  Without split PTE locks the PTE lock and the
///     pmd lock are one lock, and the check is skipped exactly when that
///     lock was dropped and retaken (Linux 7.3.4's
///     try_collapse_pte_mapped_thp() step 4, the fork's finding); recheck
///     whenever the lock was dropped.  Locks are told by their names (ptl,
///     pml, *lock*), as a structure's field has no type without headers.
///
/// Each rule has buggy callers it must report and correct forms it must
/// not, in tests/coccinelle/ruleN/ (scripts/coccicheck.sh fixtures).
///
/// False positives: a rule 1 recheck done by a function in another file or
/// more than two calls down, a dummy whose comment (naming the dummy,
/// pmd_same() or the recheck) is more than 20 lines above the call, a
/// recheck reached through a path that takes the lock through a wrapper
/// not named in rule 4.  False negatives: a rule 2 copy more than one call
/// up, or behind a folded pmd level (pmd_offset() of a pud_t copy); rule 8
/// behind "if (lock1 == lock2) goto skip;"; and in context mode rule 1
/// reports every rw map that has no inline or pmd-lock excuse (the
/// deciding recheck is judged by Python, which context mode skips).  The
/// list of known ones is in Documentation/mm/pte-nolock/exercises.rst.
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

# Rule 1: the functions of the file that recheck a pmd value they are
# passed (rechecker*).
checkers = set()

# Rule 8: an expression that names a lock.
def is_lock(e):
	return re.search(r"ptl|pml|lock", e) is not None

# Rule 4: rechecks done by a function that is passed the lock.
lock_passed = set()

# Rule 3: the PTE writers seen.
pte_writers = set()

# Rule 2: the index of the pmd_t * parameter that a function maps and
# rechecks through.
pp_index = {}

def pp_index_ok(f, es):
	es = str(es)
	n = 0 if not es.strip() else len(split_args(es))
	return n in pp_index.get(f, set())

# "a, f(b, c), d" -> ["a", "f(b, c)", "d"]
def split_args(text):
	out, depth, cur = [], 0, ""
	for ch in text:
		if ch in "([{":
			depth += 1
		elif ch in ")]}":
			depth -= 1
		if ch == "," and depth == 0:
			out.append(cur)
			cur = ""
		else:
			cur += ch
	out.append(cur)
	return out

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
// from a pmd_t * parameter there and then (the parameters' names found by
// rparams) (the fork's
// walk_pte_table_same()): a caller may hand them the pmd value and the entry
// to recheck.  A helper that compares the value with itself, or with a
// copy, is none.
// Functions of this file that compare a pmd_t parameter with a value read
// from a pmd_t * parameter there and then (the fork's
// walk_pte_table_same()), directly or through a variable, whichever comes
// first in the list: a caller may hand them the pmd value and the entry to
// recheck.  A helper that compares the value with itself, or with a copy,
// is none.
@rechecker@
typedef pmd_t;
identifier f, pv, pp;
parameter list ps1, ps2;
type T;
@@

T f(ps1, pmd_t pv, ps2, pmd_t *pp, ...)
{
  <+...
(
  pmd_same(pv, \(pmdp_get_lockless(pp)\|pmdp_get(pp)\|READ_ONCE(*pp)\|*pp\))
|
  pmd_same(\(pmdp_get_lockless(pp)\|pmdp_get(pp)\|READ_ONCE(*pp)\|*pp\), pv)
)
  ...+>
}

@rechecker_b@
identifier f, pv, pp;
parameter list ps1, ps2;
type T;
@@

T f(ps1, pmd_t *pp, ps2, pmd_t pv, ...)
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
identifier f, pv, pp, live;
parameter list ps1, ps2;
type T;
@@

T f(ps1, pmd_t pv, ps2, pmd_t *pp, ...)
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

@rechecker_varb@
identifier f, pv, pp, live;
parameter list ps1, ps2;
type T;
@@

T f(ps1, pmd_t *pp, ps2, pmd_t pv, ...)
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

@script:python@
f << rechecker.f;
@@

checkers.add(f)

@script:python@
f << rechecker_b.f;
@@

checkers.add(f)

@script:python@
f << rechecker_var.f;
@@

checkers.add(f)

@script:python@
f << rechecker_varb.f;
@@

checkers.add(f)

// ... or hand both on to such a function (one level more).
@rechecker2@
identifier f = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f};
identifier g, pv, pp;
parameter list ps1, ps2;
type T;
@@

T g(ps1, pmd_t pv, ps2, pmd_t *pp, ...)
{
  <+...
(
  f(..., pv, ..., pp, ...)
|
  f(..., pp, ..., pv, ...)
)
  ...+>
}

@rechecker2b@
identifier f = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f};
identifier g, pv, pp;
parameter list ps1, ps2;
type T;
@@

T g(ps1, pmd_t *pp, ps2, pmd_t pv, ...)
{
  <+...
(
  f(..., pv, ..., pp, ...)
|
  f(..., pp, ..., pv, ...)
)
  ...+>
}

@script:python@
g << rechecker2.g;
@@

checkers.add(g)

@script:python@
g << rechecker2b.g;
@@

checkers.add(g)

// A recheck: the mapped value, not written again since the map, compared
// with a value read from the same entry after the map (directly, through a
// variable, or in a helper above).  The position pc is the comparison's.
@r1_same exists@
identifier v;
expression mm, pmd, addr, ptlp, E;
identifier chk = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f, rechecker2.g, rechecker2b.g};
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
identifier chk = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f, rechecker2.g, rechecker2b.g};
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
position pc = {r1_same.pc, r1_same_ptr.pc, r1_same_var.pc};
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
position pc = {r1_same.pc, r1_same_ptr.pc, r1_same_var.pc};
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
position pc = {r1_same.pc, r1_same_ptr.pc, r1_same_var.pc};
@@

return <+... fn@pc(es) ...+>;

@script:python@
pc << r1_dec_ret.pc;
@@

decided.add(key(pc[0]))

// A function of the file that hands the value and the entry on to a
// rechecker (move_present_pte() to move_pte_pair_unchanged()) acts on the
// result itself.
@r1_dec_pass@
identifier g = {rechecker2.g, rechecker2b.g};
position pc = {r1_same.pc, r1_same_ptr.pc, r1_same_var.pc};
@@

g@pc(...)

@script:python@
pc << r1_dec_pass.pc;
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

// 2a': through a pointer to the copy.
@r2a_alias exists@
local idexpression pmd_t x;
identifier q;
expression v, E;
position p;
@@

(
pmd_t *q = &x;
|
q = &x;
)
... when != q = E
(
* pmd_same@p(v, \(pmdp_get_lockless(q)\|pmdp_get(q)\|*q\|READ_ONCE(*q)\))
|
* pmd_same@p(\(pmdp_get_lockless(q)\|pmdp_get(q)\|*q\|READ_ONCE(*q)\), v)
)

@script:python depends on report@
p << r2a_alias.p;
x << r2a_alias.x;
q << r2a_alias.q;
@@

rep(p[0],
	"rule 2: pmd_same() reads %s, a local copy of the pmd, through %s: the recheck compares the copy with itself" % (x, q))

@script:python depends on org@
p << r2a_alias.p;
x << r2a_alias.x;
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
identifier chk;
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

@script:python r2def2_chk@
chk << r2def2.chk;
@@

if chk not in checkers:
	cocci.include_match(False)

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

@script:python@
f << r2def.f;
n << r2def.n;
@@

pp_index.setdefault(f, set()).add(int(n))

@script:python@
f << r2def2.fn;
n << r2def2.n;
@@

pp_index.setdefault(f, set()).add(int(n))

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

// ... or passes a pointer to a local there.
@r2call_alias exists@
identifier f = {r2def.f, r2def2.fn};
expression list es;
local idexpression pmd_t x;
identifier q;
expression E;
position p;
@@

(
pmd_t *q = &x;
|
q = &x;
)
... when != q = E
* f@p(es, q, ...)

@script:python r2call_alias_arg@
f << r2call_alias.f;
es << r2call_alias.es;
@@

# q must sit where the function takes the pmd_t * it rechecks through
if not pp_index_ok(f, es):
	cocci.include_match(False)

@script:python depends on report@
p << r2call_alias.p;
f << r2call_alias.f;
x << r2call_alias.x;
q << r2call_alias.q;
@@

rep(p[0],
	"rule 2: %s() is passed %s, a pointer to %s, a local copy of the pmd: its recheck compares the copy with itself" % (f, q, x))

@script:python depends on org@
p << r2call_alias.p;
f << r2call_alias.f;
x << r2call_alias.x;
@@

todo(p[0], "rule 2: %s() is passed a pointer to the local copy %s" % (f, x))

// ... and one call further up: a function that hands its pmd_t * parameter
// on to such a function, itself passed &local.
@r2up@
identifier f = {r2def.f, r2def2.fn};
expression list es;
identifier g, pp;
parameter list[m] ps;
type T;
@@

T g(ps, pmd_t *pp, ...)
{
  ... when any
  f(es, pp, ...)
  ... when any
}

@script:python r2up_arg@
f << r2up.f;
es << r2up.es;
@@

if not pp_index_ok(f, es):
	cocci.include_match(False)

@r2callup@
identifier r2up.g;
expression list[r2up.m] es;
local idexpression pmd_t x;
position p;
@@

* g@p(es, &x, ...)

@script:python depends on report@
p << r2callup.p;
f << r2up.f;
g << r2up.g;
x << r2callup.x;
@@

rep(p[0],
	"rule 2: %s() is passed &%s, a local copy of the pmd, and hands it to %s(), whose recheck compares the copy with itself" % (g, x, f))

@script:python depends on org@
p << r2callup.p;
g << r2up.g;
x << r2callup.x;
@@

todo(p[0], "rule 2: %s() is passed &%s, a local copy" % (g, x))

// ---------------------------------------------------------------------
// Rule 3: a read-only user that writes to the table.

// The helpers that write a PTE: set_pte*(), pte_clear(), every ptep_*()
// but the two readers, and the batched ones (clear_full_ptes(), ...).
@r3w@
identifier wr =~ "^(__)?(set_ptes?|set_pte_at|set_pte|pte_clear|ptep_[a-z_]+|clear_[a-z_]*ptes|wrprotect_ptes|get_and_clear_[a-z_]*ptes|pte_update)$";
expression list es;
position p;
@@

wr@p(es)

@script:python@
wr << r3w.wr;
@@

if wr in ("ptep_get", "ptep_get_lockless", "ptep_get_lockless_norecheck"):
	cocci.include_match(False)
else:
	pte_writers.add(wr)

// Functions of this file that write through a pte_t * parameter, and those
// that hand one on to them (which function does the write does not matter).
@r3h@
identifier f, pp;
identifier wr = {r3w.wr};
parameter list ps;
type T;
@@

T f(ps, pte_t *pp, ...)
{
  <+...
(
  wr(..., <+... pp ...+>, ...)
|
  WRITE_ONCE(*<+... pp ...+>, ...)
|
  *<+... pp ...+> = ...
|
  pp[...] = ...
)
  ...+>
}

@r3h2@
identifier h = {r3h.f};
identifier f, pp;
parameter list ps;
type T;
@@

T f(ps, pte_t *pp, ...)
{
  <+...
  h(..., <+... pp ...+>, ...)
  ...+>
}

@r3 exists@
expression mm, pmd, addr, ptlp, E;
expression P;
identifier wr = {r3w.wr, r3h.f, r3h2.f};
position p1, p2;
@@

P = pte_offset_map_ro_nolock@p1(mm, pmd, addr, ptlp);
... when != pte_unmap(P)
    when != P = E
(
* wr@p2(..., <+... P ...+>, ...)
|
* WRITE_ONCE@p2(*<+... P ...+>, ...)
|
* *<+... P ...+> =@p2 E
|
* P[...] =@p2 E
)

@script:python depends on report@
p1 << r3.p1;
p2 << r3.p2;
@@

rep(p2[0],
	"rule 3: a write to the table mapped with pte_offset_map_ro_nolock() on line %s: use the rw helper and recheck" % p1[0].line)

@script:python depends on org@
p1 << r3.p1;
p2 << r3.p2;
@@

todo(p2[0], "rule 3: a write on a read-only mapping")
cocci.print_secs("pte_offset_map_ro_nolock()", p1)

// ---------------------------------------------------------------------
// Rule 4: a recheck before the lock, or a lock read again.

@r4a1 exists@
expression mm, pmd, addr;
expression pl;
identifier v;
identifier chk = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f, rechecker2.g, rechecker2b.g};
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
identifier chk = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f, rechecker2.g, rechecker2b.g};
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

// The lock taken and dropped again before the recheck: nothing holds the
// pmd entry when it is compared.
@r4u exists@
expression mm, pmd, addr;
expression pl;
identifier v;
identifier chk = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f, rechecker2.g, rechecker2b.g};
position p1, p2;
@@

pte_offset_map_rw_nolock@p1(mm, pmd, addr, &v, &pl)
...
\(spin_unlock(pl)\|pte_unmap_unlock(..., pl)\)
... when != pl
(
* pmd_same@p2(v, ...)
|
* pmd_same@p2(..., v)
|
* chk@p2(..., v, ...)
)

// ... unless the recheck is done by a function that is passed the lock
// (move_zeropage_pte() takes dst_ptl itself, double_pt_lock()).
@r4u_pass exists@
expression r4u.pl;
position r4u.p2;
identifier fn;
position q;
@@

fn@p2@q(..., <+... pl ...+>, ...)

@script:python@
q << r4u_pass.q;
@@

lock_passed.add(key(q[0]))

@script:python depends on report@
p1 << r4u.p1;
p2 << r4u.p2;
l << r4u.pl;
@@

if key(p2[0]) not in lock_passed:
	rep(p2[0],
	"rule 4: the pmd recheck comes after %s, the lock that pte_offset_map_rw_nolock() on line %s returned, was dropped: the pmd may change right after it" % (l, p1[0].line))

@script:python depends on org@
p2 << r4u.p2;
@@

if key(p2[0]) not in lock_passed:
	todo(p2[0], "rule 4: the pmd recheck after the lock was dropped")

// A write to the table before the recheck: what the recheck should have
// kept from a detached table has happened already.
@r4w exists@
expression mm, pmd, addr, ptlp, P;
identifier v;
identifier chk = {rechecker.f, rechecker_b.f, rechecker_var.f, rechecker_varb.f, rechecker2.g, rechecker2b.g};
identifier wr = {r3w.wr, r3h.f, r3h2.f};
position p1, p2;
@@

P = pte_offset_map_rw_nolock@p1(mm, pmd, addr, &v, ptlp);
... when != pmd_same(v, ...)
    when != pmd_same(..., v)
    when != chk(..., v, ...)
(
* wr@p2(..., <+... P ...+>, ...)
|
* WRITE_ONCE@p2(*<+... P ...+>, ...)
)
...
\(pmd_same(v, ...)\|pmd_same(..., v)\|chk(..., v, ...)\)

@script:python depends on report@
p1 << r4w.p1;
p2 << r4w.p2;
v << r4w.v;
@@

rep(p2[0],
	"rule 4: the table mapped on line %s is written before %s is rechecked: recheck first" % (p1[0].line, v))

@script:python depends on org@
p2 << r4w.p2;
@@

todo(p2[0], "rule 4: a write before the pmd recheck")

@r4b exists@
identifier nolock =~ "^pte_offset_map_r[ow]_nolock$";
expression list es;
expression mm, pmd;
position p1, p2;
@@

nolock@p1(es)
... when any
(
* pte_lockptr@p2(mm, pmd)
|
* ptlock_ptr@p2(...)
)

@script:python depends on report@
p1 << r4b.p1;
p2 << r4b.p2;
nolock << r4b.nolock;
@@

rep(p2[0],
	"rule 4: the lock is looked up again after %s() on line %s returned the lock of the table it mapped: lock that one" % (nolock, p1[0].line))

@script:python depends on org@
p1 << r4b.p1;
p2 << r4b.p2;
@@

todo(p2[0], "rule 4: the lock looked up again after a nolock map")
cocci.print_secs("the nolock map", p1)

// ---------------------------------------------------------------------
// Rule 5: a dummy pmd value in front of an entry that must be none.

@r5 exists@
identifier d =~ "^dummy";
expression P;
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
* if@p2 (\(!pte_none(\(ptep_get\|ptep_get_lockless\)(P))\|unlikely(!pte_none(\(ptep_get\|ptep_get_lockless\)(P)))\)) S
)

// The test turned round, the work inside "if (pte_none(...))": reported
// unless that branch gives the table up (pte_unmap(), handle_pte_fault())
// or leaves (copy_pte_range() skips a none entry with continue).
@r5p exists@
identifier d =~ "^dummy";
expression P;
expression mm, pmd, addr, ptlp, o;
statement S;
position p1, p2;
@@

P = pte_offset_map_rw_nolock@p1(mm, pmd, addr, &d, ptlp);
... when any
(
o = \(ptep_get\|ptep_get_lockless\)(P);
... when any
* if@p2 (\(pte_none(o)\|likely(pte_none(o))\)) S
|
* if@p2 (\(pte_none(\(ptep_get\|ptep_get_lockless\)(P))\|likely(pte_none(\(ptep_get\|ptep_get_lockless\)(P)))\)) S
)

@script:python r5p_ok@
s << r5p.S;
@@

# A branch that gives the table up or leaves is no "go on".
if re.search(r"\bpte_unmap(_unlock)?\b", s) or LEAVES.search(s):
	cocci.include_match(False)

@script:python depends on report@
p1 << r5p.p1;
p2 << r5p.p2;
d << r5p.d;
@@

rep(p2[0], "rule 5: the table mapped on line %s with dummy %s goes on only with a none entry: pte_same() on a none entry cannot see a detached table, so keep the pmd value and recheck it" % (p1[0].line, d))

@script:python depends on org@
p2 << r5p.p2;
@@

todo(p2[0], "rule 5: dummy pmd value in front of a none entry")

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

// The functions update_mmu_cache_range() hands its vmf to before any test
// of it, and those they hand it on to, three calls down.
@r6a exists@
identifier g, vmf;
expression E;
statement S;
type T;
@@

T update_mmu_cache_range(struct vm_fault *vmf, ...)
{
  ... when != \(!vmf\|vmf == NULL\|vmf != NULL\|NULL == vmf\|NULL != vmf\|vmf && E\|vmf || E\)
      when != if (vmf) S
  g(..., vmf, ...)
  ... when any
}

@r6b exists@
identifier r6a.g;
identifier h, v;
expression E;
statement S;
type T;
@@

T g(..., struct vm_fault *v, ...)
{
  ... when != \(!v\|v == NULL\|v != NULL\|NULL == v\|NULL != v\|v && E\|v || E\)
      when != if (v) S
  h(..., v, ...)
  ... when any
}

@r6c exists@
identifier r6b.h;
identifier k, v;
expression E;
statement S;
type T;
@@

T h(..., struct vm_fault *v, ...)
{
  ... when != \(!v\|v == NULL\|v != NULL\|NULL == v\|NULL != v\|v && E\|v || E\)
      when != if (v) S
  k(..., v, ...)
  ... when any
}

// A dereference that the same expression guards: "v && v->f", "!v || v->f".
@r6ok@
identifier v, fld;
expression E;
position p;
@@

(
v && <+... v->fld@p ...+>
|
v != NULL && <+... v->fld@p ...+>
|
!v || <+... v->fld@p ...+>
|
v == NULL || <+... v->fld@p ...+>
|
v ? <+... v->fld@p ...+> : E
)

@r6 exists@
identifier F = {update_mmu_cache_range, r6a.g, r6b.h, r6c.k};
identifier v, fld;
expression E;
statement S;
type T;
position p != r6ok.p;
@@

T F(..., struct vm_fault *v, ...)
{
  ... when != \(!v\|v == NULL\|v != NULL\|NULL == v\|NULL != v\|v && E\|v || E\)
      when != if (v) S
* v->fld@p
  ... when any
}

// ... or through a copy of the pointer.
@r6_alias exists@
identifier F = {update_mmu_cache_range, r6a.g, r6b.h, r6c.k};
identifier v, a, fld;
expression E;
statement S;
type T;
position p != r6ok.p;
@@

T F(..., struct vm_fault *v, ...)
{
  ... when != \(!v\|v == NULL\|v != NULL\|NULL == v\|NULL != v\|v && E\|v || E\)
      when != if (v) S
(
  struct vm_fault *a = v;
|
  a = v;
)
  ... when != \(!a\|a == NULL\|a != NULL\|NULL == a\|NULL != a\|a && E\|a || E\)
      when != if (a) S
      when != \(!v\|v == NULL\|v != NULL\|NULL == v\|NULL != v\|v && E\|v || E\)
      when != if (v) S
* a->fld@p
  ... when any
}

@script:python depends on report@
p << r6_alias.p;
F << r6_alias.F;
v << r6_alias.v;
a << r6_alias.a;
@@

rep(p[0], "rule 6: %s->... (a copy of %s) in %s(), reached from update_mmu_cache_range(), whose vmf is NULL when update_mmu_cache() calls it: test it first" % (a, v, F))

@script:python depends on org@
p << r6_alias.p;
@@

todo(p[0], "rule 6: vmf may be NULL here")

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
if (\(!P\|unlikely(!P)\|P == NULL\|unlikely(P == NULL)\|NULL == P\)) S
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

// ... or copied into another pointer (a loop's cursor) that goes out with
// neither unmapped.
@r7_copy exists@
identifier nolock =~ "^pte_offset_map_r[ow]_nolock$";
local idexpression P, Q;
expression list es;
expression E;
statement S, S2, S3;
position p1, p2;
@@

P = nolock@p1(es);
... when != P
if (\(!P\|unlikely(!P)\|P == NULL\|unlikely(P == NULL)\|NULL == P\)) S
... when != pte_unmap(<+... P ...+>)
    when != pte_unmap_unlock(<+... P ...+>, ...)
    when != P = E
Q = P;
... when != pte_unmap(<+... \(P\|Q\) ...+>)
    when != pte_unmap_unlock(<+... \(P\|Q\) ...+>, ...)
    when != P = E
    when != Q = E
    when != E = \(P\|Q\)
    when != if (\(P\|Q\)) S2
    when != if (\(P\|Q\)) S2 else S3
(
  return \(P\|Q\);
|
* return@p2 ...;
)

@script:python depends on report@
p1 << r7_copy.p1;
p2 << r7_copy.p2;
P << r7_copy.P;
Q << r7_copy.Q;
nolock << r7_copy.nolock;
@@

rep(p2[0], "rule 7: return with %s (and its copy %s) still mapped by %s() on line %s: pte_unmap() it, or the RCU read-side section the map began is never ended" % (P, Q, nolock, p1[0].line))

@script:python depends on org@
p2 << r7_copy.p2;
@@

todo(p2[0], "rule 7: return with the table still mapped")

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
expression L1, L2, E1, E2;
statement S;
position p1, p2;
@@

(
if@p1 (L1 != L2) { <+... pmd_same@p2(E1, E2) ...+> } else S
|
if@p1 (L1 != L2) { <+... pmd_same@p2(E1, E2) ...+> }
|
if@p1 (L1 == L2) S else { <+... pmd_same@p2(E1, E2) ...+> }
|
if@p1 (<+... L1 != L2 && <+... pmd_same@p2(E1, E2) ...+> ...+>) S
|
if@p1 (<+... L1 == L2 || <+... pmd_same@p2(E1, E2) ...+> ...+>) S
)

@script:python r8_locks@
L1 << r8.L1;
L2 << r8.L2;
@@

# Two locks, by their names (the type of a structure's field is not seen
# without the headers): ptl, pml, *lock*.
if not (is_lock(L1) and is_lock(L2)):
	cocci.include_match(False)

// The comparison kept in a variable first.
@r8v depends on !context exists@
identifier B;
expression L1, L2, E1, E2, E;
statement S;
position p1, p2;
@@

(
B = (L1 != L2);
|
B = L1 != L2;
|
bool B = (L1 != L2);
|
bool B = L1 != L2;
)
... when != B = E
(
if@p1 (B) { <+... pmd_same@p2(E1, E2) ...+> } else S
|
if@p1 (B) { <+... pmd_same@p2(E1, E2) ...+> }
|
if@p1 (<+... B && <+... pmd_same@p2(E1, E2) ...+> ...+>) S
)

@script:python r8v_locks@
L1 << r8v.L1;
L2 << r8v.L2;
@@

if not (is_lock(L1) and is_lock(L2)):
	cocci.include_match(False)

// The table layout asked instead of the locks: split PTE locks or not.
@r8s depends on !context exists@
identifier cfg =~ "SPLIT_PTE_PTLOCKS|SPLIT_PTLOCK_CPUS";
expression E1, E2;
statement S;
position p1, p2;
@@

(
if@p1 (<+... cfg ...+>) { <+... pmd_same@p2(E1, E2) ...+> } else S
|
if@p1 (<+... cfg ...+>) { <+... pmd_same@p2(E1, E2) ...+> }
|
if@p1 (<+... cfg && <+... pmd_same@p2(E1, E2) ...+> ...+>) S
)

@script:python depends on report@
p1 << r8v.p1;
p2 << r8v.p2;
B << r8v.B;
L1 << r8v.L1;
L2 << r8v.L2;
@@

rep(p2[0], "rule 8: the pmd recheck runs only if %s (%s != %s, line %s): where the two are one lock (no split PTE locks) it is skipped although that lock was dropped; recheck whenever the lock was dropped" % (B, L1, L2, p1[0].line))

@script:python depends on report@
p1 << r8s.p1;
p2 << r8s.p2;
cfg << r8s.cfg;
@@

rep(p2[0], "rule 8: the pmd recheck runs only with %s (line %s): without split PTE locks the PTE lock is the pmd lock, dropped and retaken all the same; recheck whenever the lock was dropped" % (cfg, p1[0].line))

@script:python depends on org@
p2 << r8v.p2;
@@

todo(p2[0], "rule 8: the pmd recheck guarded by a lock comparison")

@script:python depends on org@
p2 << r8s.p2;
@@

todo(p2[0], "rule 8: the pmd recheck guarded by the split PTE lock configuration")

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
