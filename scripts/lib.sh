# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the fork's scripts. Source it; do not run it.
# shellcheck shell=bash

set -euo pipefail

# Used by the scripts that source this file.
# shellcheck disable=SC2034
FORK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# RECIPE: which tree (6.12, the default, or 7.3); sets BUILD and the rest
# of what differs per tree.
# shellcheck source=scripts/recipe.sh
. "$FORK_ROOT/scripts/recipe.sh"
# shellcheck disable=SC2034
TREE=$BUILD/linux		# the materialized kernel tree (make tree)
# shellcheck disable=SC2034
KBUILD=$BUILD/kernel		# out-of-tree build of the lab kernel (make kernel)
# shellcheck disable=SC2034
BASE_TAG=fork-base		# tag of the base commit in $TREE
# shellcheck disable=SC2034
JOBS=${JOBS:-$(nproc)}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

note() {
	printf 'note: %s\n' "$*" >&2
}

# A progress line for a long step, with the time it started.
step() {
	printf '==> [%s] %s\n' "$(date +%T)" "$*"
}

# in_list WORD WORD...: true when the first word is one of the others (no
# pipe into grep -q, whose early exit would fail the writer under pipefail).
in_list() {
	local w=$1 x
	shift
	for x in "$@"; do
		[ "$x" = "$w" ] && return 0
	done
	return 1
}

# need COMMAND PACKAGE: stop with a message naming the Debian package.
need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: install Debian package '$2' (or run 'make deps')"
}

# need_file PATH PACKAGE
need_file() {
	[ -e "$1" ] ||
		die "'$1' not found: install Debian package '$2' (or run 'make deps')"
}

need_tree() {
	[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree' first"
}

# ccache hits survive a move of the checkout (a CI clone elsewhere): paths
# under the checkout are hashed relative to it.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$FORK_ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# Depend mode: on a miss, ccache compiles once and reads the headers from
# the compiler's own dependency file (Kbuild passes -Wp,-MMD), instead of
# running the preprocessor first to hash its output. With an empty cache
# the lab kernel built in 231 s so, 299 s without (README, "How long it
# takes"); hits are as before.
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}

# The compiler wrapper: ccache when present, plain gcc otherwise.
kernel_cc() {
	if command -v ccache >/dev/null 2>&1; then
		echo "ccache gcc"
	else
		echo "gcc"
	fi
}

# What the kernel prints when one of its checkers (lockdep, DEBUG_VM,
# PAGE_TABLE_CHECK, RCU, the rss counters) found a problem. Exported: the
# labs' GDB scripts (labs/gdb/fork.py) read the same pattern, with the
# lab-only reports of LAB_PROBLEMS added.
export KERNEL_PROBLEMS='WARNING:|BUG:|Oops|Kernel panic|kernel BUG|bad rss-counter|page_table_check|suspicious RCU usage|possible circular locking|possible recursive locking|inconsistent lock state'
# A lab window left open too long: RCU stall reports and lockdep's own
# internal warnings.
export LAB_PROBLEMS='detected stalls|DEBUG_LOCKS_WARN'

# The line a Generic KASAN kernel prints once KASAN is on
# (its pr_info() at arch/x86/mm/kasan_init_64.c:455 of fork-base): a KASAN
# run without it proves nothing, whatever else its console says or does not say.
KASAN_BANNER='KernelAddressSanitizer initialized'
export KASAN_BANNER

# kernel_problems LOG: print the reports found in a console log; false if none.
kernel_problems() {
	grep -aE -A4 "$KERNEL_PROBLEMS" "$1" | head -n 40
	grep -aqE "$KERNEL_PROBLEMS" "$1"
}
