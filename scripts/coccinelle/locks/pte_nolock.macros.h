/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Macros spatch must know to parse the files pte_nolock.cocci runs on.
 * spatch reads no kernel header (--no-includes) and, where a function's
 * head carries an annotation it does not know, skips the whole function
 * without a word: rules then stay silent on code they never saw. Pass it
 * as an extra macro file (spatch --macro-file, which adds to spatch's own
 * standard.h), e.g.
 *
 *   make coccicheck MODE=report COCCI=.../pte_nolock.cocci M=arch/s390/mm \
 *        SPFLAGS="--macro-file .../pte_nolock.macros.h"
 *
 * scripts/coccicheck.sh passes it on every run, and its "today" part fails
 * when a call the rules look at is in code spatch did not parse.
 */

/*
 * Linux 7.x's context analysis (include/linux/compiler-context-analysis.h):
 * a function attribute between the parameter list and the body, e.g.
 * arch/s390/mm/gmap_helpers.c's try_get_locked_pte(), a
 * pte_offset_map_rw_nolock() user.
 */
#define __context_unsafe(comment)
#define __no_context_analysis
