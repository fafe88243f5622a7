#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/coccicheck.sh [copy-recheck|lock-identity]: run scripts/coccinelle/locks/
# pte_nolock.cocci with the kernel's own wrapper (make coccicheck in
# build/linux) on mm/, arch/arm/mm and arch/powerpc/mm, print the reports
# and compare them with scripts/coccinelle/locks/pte_nolock.expected.
#
# "lock-identity": rule 8 on today's kernel, mm/khugepaged.c of the 7.3
# recipe's tested base (fetched by exact version, as make tree fetches a
# base): try_collapse_pte_mapped_thp() rechecks only if ptl != pml, and
# rule 8 must report it, as it must stay silent on the fork's tip, whose
# step 4 rechecks whenever it retook the lock (patch 07).
#
# "copy-recheck": the same on the code a CONFIG_PTLAB_COPY_RECHECK=y kernel
# compiles.  That option is an IS_ENABLED() in mm/vmscan.c, which spatch does
# not evaluate; so a copy of mm/vmscan.c gets the expression the compiler
# folds it to, and the rules run on that copy.  Rule 2 must report it.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

variant=${1:-tip}
need spatch coccinelle
need_tree
COCCI=$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.cocci
EXPECTED=$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.expected
out=$BUILD/coccicheck
mkdir -p "$out"

# run DIR...: the kernel's make coccicheck, report mode, on each DIR.
run() {
	local d
	for d in "$@"; do
		make -s -C "$TREE" coccicheck MODE=report COCCI="$COCCI" M="$d" 2>&1 |
			grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' || true
	done
}

case $variant in
tip)
	step "make coccicheck MODE=report COCCI=$COCCI M=mm/ arch/arm/mm/ arch/powerpc/mm/"
	run mm/ arch/arm/mm/ arch/powerpc/mm/ | sort -u >"$out/tip.log"
	sed 's/^/  /' "$out/tip.log"
	sed -E 's/:[0-9]+:[0-9]+-[0-9]+: /: /; s/ on line [0-9]+/ on line N/g' "$out/tip.log" |
		sort -u >"$out/tip.got"
	grep -v '^#' "$EXPECTED" | sort -u >"$out/tip.want" || true
	if ! diff -u "$out/tip.want" "$out/tip.got" >"$out/tip.diff"; then
		sed 's/^/  /' "$out/tip.diff"
		die "pte_nolock.cocci reports on the tip differ from $(basename "$EXPECTED") (- expected, + got)"
	fi
	echo "coccicheck: $(wc -l <"$out/tip.log") reports on the tip, all expected"
	;;
copy-recheck)
	src=$TREE/mm/vmscan.c
	grep -q 'IS_ENABLED(CONFIG_PTLAB_COPY_RECHECK)' "$src" ||
		die "$src has no IS_ENABLED(CONFIG_PTLAB_COPY_RECHECK): is patch 0018 applied?"
	mkdir -p "$out/copy-recheck/mm"
	# IS_ENABLED(CONFIG_PTLAB_COPY_RECHECK) is 1 in that kernel, so the
	# compiler keeps the first operand of the ?: and drops the second.
	perl -0pe 's/IS_ENABLED\(CONFIG_PTLAB_COPY_RECHECK\)\s*\?\s*(&\w+)\s*:\s*[^,]+,/$1,/' \
		"$src" >"$out/copy-recheck/mm/vmscan.c"
	! cmp -s "$src" "$out/copy-recheck/mm/vmscan.c" ||
		die "could not fold IS_ENABLED(CONFIG_PTLAB_COPY_RECHECK) in $src"
	step "make coccicheck MODE=report COCCI=$COCCI M=$out/copy-recheck/mm (vmscan.c as CONFIG_PTLAB_COPY_RECHECK=y compiles it)"
	{ diff -u "$src" "$out/copy-recheck/mm/vmscan.c" || true; } | sed -n '/^@@/,$p' | sed 's/^/  /'
	run "$out/copy-recheck/mm" >"$out/copy-recheck.log"
	sed 's/^/  /' "$out/copy-recheck.log"
	grep -q 'rule 2: walk_pte_range() is passed &val' "$out/copy-recheck.log" ||
		die "rule 2 did not report the copy recheck in the CONFIG_PTLAB_COPY_RECHECK variant"
	echo "coccicheck copy-recheck: rule 2 reports walk_pmd_range() passing &val"
	;;
lock-identity)
	today=$(head -n 1 "$FORK_ROOT/patches/7.3/base-version")
	tarball=$(RECIPE=7.3 bash -c '. "$1/scripts/fetch-lib.sh" && base_tarball_of "$2"' _ "$FORK_ROOT" "$today")
	mkdir -p "$out/lock-identity/mm"
	tar -xJOf "$tarball" linux-source-7.3/mm/khugepaged.c >"$out/lock-identity/mm/khugepaged.c"
	step "make coccicheck MODE=report COCCI=$COCCI M=$out/lock-identity/mm (mm/khugepaged.c of linux-source-7.3 $today)"
	run "$out/lock-identity/mm" >"$out/lock-identity.log"
	sed 's/^/  /' "$out/lock-identity.log"
	grep -q 'khugepaged.c:[0-9:-]*: rule 8: the pmd recheck runs only if ptl != pml' "$out/lock-identity.log" ||
		die "rule 8 did not report try_collapse_pte_mapped_thp()'s recheck guarded by ptl != pml in $today"
	echo "coccicheck lock-identity: rule 8 reports the ptl != pml recheck of $today"
	;;
*)
	die "usage: $0 [copy-recheck|lock-identity]"
	;;
esac
