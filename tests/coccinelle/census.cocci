// SPDX-License-Identifier: GPL-2.0-only
/// The parse check of scripts/coccicheck.sh: report every call of a name
/// that pte_nolock.cocci's rules look at (the two helpers, pmd_same(),
/// update_mmu_cache_range()) and every definition of one, in the code
/// spatch parsed.  A call that the source text holds but this census does
/// not report is in a function spatch skipped (a parse error): the rules
/// never saw it.  Not a rule of its own: scripts/coccicheck.sh compares
/// its report with tests/coccinelle/census-text.pl's scan of the text.
///
// Confidence: High
// Copyright: (C) 2026 Teaching Fork Maintainers (pte-nolock fork only)
// Comments: fork-only; run with the same Options and macro file as
// Comments: pte_nolock.cocci, so that spatch parses the files as it does
// Options: --no-includes --include-headers

virtual report

@call@
identifier f = {pte_offset_map_ro_nolock, pte_offset_map_rw_nolock, pmd_same, update_mmu_cache_range};
position p;
@@

f@p(...)

@def@
identifier f = {pte_offset_map_ro_nolock, pte_offset_map_rw_nolock, pmd_same, update_mmu_cache_range};
type T;
position p;
@@

T f@p(...) { ... }

@script:python depends on report@
p << call.p;
f << call.f;
@@

coccilib.report.print_report(p[0], "census: %s" % f)

@script:python depends on report@
p << def.p;
f << def.f;
@@

coccilib.report.print_report(p[0], "census: %s" % f)
