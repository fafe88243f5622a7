#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coccicheck's five parts: the tip reports only what
# scripts/coccinelle/locks/pte_nolock.expected lists, the
# CONFIG_PTLAB_COPY_RECHECK variant gets its rule 2 report, Linux
# 7.3.4's try_collapse_pte_mapped_thp() its rule 8 report, every rule
# reports exactly the marked buggy callers of its fixtures in
# tests/coccinelle/ruleN/ and none of the correct ones (a table), and today's
# kernel (build/7.3/linux's base, made if missing) reports only what
# scripts/coccinelle/locks/pte_nolock.expected-7.3 lists, with every call
# the rules look at parsed; then the fixtures part must fail with a
# semantic patch spatch cannot read and with one that reports nothing.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/coccicheck.sh"
"$FORK_ROOT/scripts/coccicheck.sh" copy-recheck
"$FORK_ROOT/scripts/coccicheck.sh" lock-identity
"$FORK_ROOT/scripts/coccicheck.sh" fixtures
"$FORK_ROOT/scripts/coccicheck.sh" today

# The fixtures' verdicts can fail: with a semantic patch that spatch cannot
# read, and with one that reads but reports nothing, the fixtures part must
# refuse, each with its own message.
g=$BUILD/coccicheck/can-fail
mkdir -p "$g"
printf '@r@\nidentifier f;\n@@\n\n* f(\n' >"$g/unreadable.cocci"
printf '// Reports nothing.\nvirtual report\n\n@r@\n@@\n\n* no_such_function_anywhere()\n' >"$g/silent.cocci"
for c in unreadable:'spatch failed on' silent:'fixture verdicts wrong'; do
	name=${c%%:*}
	want=${c#*:}
	if PTE_NOLOCK_COCCI=$g/$name.cocci "$FORK_ROOT/scripts/coccicheck.sh" fixtures >"$g/$name.log" 2>&1; then
		sed 's/^/  /' "$g/$name.log"
		die "coccicheck.sh fixtures passed with $name.cocci: the fixtures' verdicts cannot fail"
	fi
	grep -q "error: .*$want" "$g/$name.log" || {
		sed 's/^/  /' "$g/$name.log"
		die "coccicheck.sh fixtures failed with $name.cocci, but not with '$want'"
	}
	echo "coccicheck fixtures: refused, as it must, with $name.cocci: $(grep -m1 "^error: " "$g/$name.log")"
done
