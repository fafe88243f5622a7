#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/coccicheck.sh [copy-recheck|lock-identity|today|fixtures]: run
# scripts/coccinelle/locks/pte_nolock.cocci with the kernel's own wrapper
# (make coccicheck in build/linux) on mm/, arch/arm/mm and arch/powerpc/mm,
# print the reports and compare them with
# scripts/coccinelle/locks/pte_nolock.expected.  Every run passes spatch
# the macro file scripts/coccinelle/locks/pte_nolock.macros.h (SPFLAGS).
#
# "today": the rules on today's kernel, Debian's linux-source-7.3 as the
# 7.3 recipe materializes it (build/7.3/linux; made first when missing,
# RECIPE=7.3 scripts/tree.sh): the base's files (tag fork-base, exported,
# without the fork's 7.3 patches) of mm/ and arch/{arm,powerpc,s390}/mm,
# compared with scripts/coccinelle/locks/pte_nolock.expected-7.3.  It
# fails as well when spatch did not parse a call the rules look at: the
# calls and definitions that tests/coccinelle/census.cocci sees must be the
# ones the source text holds (tests/coccinelle/census-text.pl); a function
# spatch cannot parse is skipped without a word (7.x's __context_unsafe()
# without the macro file); and the check must still fail on
# arch/s390/mm/gmap_helpers.c when the macro file is left out.
# NO_MACRO_FILE=1 leaves it out of the whole run, to watch the check fail.
# The files the fork's 7.3 patches change get no report as the tip has them.
#
# "fixtures" (or "rule1", its old name): every rule on its fixtures,
# tests/coccinelle/ruleN/*.c: buggy callers written as the rule's adversary
# (a line that carries a "want: rule N" comment must get rule N's report)
# and the correct forms they are told apart from (functions ok_*, files
# ok-*.c: no report).  scripts/coccicheck-fixtures.py prints the table,
# per rule: buggy fixtures reported / marked, correct fixtures silent /
# total, and fails on any other verdict.
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
case $variant in
tip | copy-recheck | lock-identity | today | rule1 | fixtures) ;;
*) die "usage: $0 [copy-recheck|lock-identity|today|fixtures]" ;;
esac
need spatch coccinelle
# today's part reads build/7.3/linux (and makes it when missing), not build/linux
[ "$variant" = today ] || need_tree
# PTE_NOLOCK_COCCI: another semantic patch in its place (tests/check-coccicheck.sh
# shows with it that the fixtures' verdicts can fail).
COCCI=${PTE_NOLOCK_COCCI:-$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.cocci}
EXPECTED=$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.expected
out=$BUILD/coccicheck
mkdir -p "$out"

MACROS=$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.macros.h
SPFLAGS="--macro-file $MACROS"
[ -z "${NO_MACRO_FILE:-}" ] || SPFLAGS=
# spatch's workers keep their temporary directories in the directory it
# runs in unless told otherwise: in build/linux, where a run that is
# stopped halfway would leave them as "uncommitted edits" that make tree
# then refuses to pass.
mkdir -p "$out/tmp"
SPFLAGS="$SPFLAGS --tmp-dir $out/tmp/spatch"

# run DIR...: the kernel's make coccicheck, report mode, on each DIR.
# RUN_TREE and RUN_COCCI name another tree and semantic patch.
# A semantic patch that spatch cannot read, or a Python error in it, makes
# no report at all: that is a failure, never "0 reports, all expected".
run() {
	local d raw
	raw=$(mktemp)
	for d in "$@"; do
		make -s -C "${RUN_TREE:-$TREE}" coccicheck MODE=report \
			COCCI="${RUN_COCCI:-$COCCI}" M="$d" SPFLAGS="$SPFLAGS" >"$raw" 2>&1 || true
		if grep -qE 'semantic error|minus: parse error|plus: parse error|^EXN:|Traceback|Python failure' "$raw"; then
			grep -E -m 5 -A 3 'semantic error|parse error|^EXN:|Traceback|Python failure' "$raw" | sed 's/^/  spatch: /' >&2
			rm -f "$raw"
			die "spatch failed on ${RUN_COCCI:-$COCCI} (above): no report can be trusted"
		fi
		grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$raw" || true
	done
	rm -f "$raw"
}

# run_in ROOT DIR...: run on ROOT/DIR for each DIR, the paths of the reports
# made relative to ROOT (7.x's wrapper prints ./FILE for M=DIR).
run_in() {
	local root=$1 d
	shift
	for d in "$@"; do
		run "$root/$d" | sed -E "s|^\./|$d/|; s|^$root/||"
	done
}

# census TREE ROOT OUT DIR...: the parse check's two sides for ROOT/DIR...:
# OUT.census what tests/coccinelle/census.cocci sees through TREE's make
# coccicheck, OUT.text what the source text holds; OUT.unparsed the lines
# only in the text (in code spatch skipped), OUT.unmatched the reverse.
census() {
	local tree=$1 root=$2 o=$3
	shift 3
	RUN_TREE=$tree RUN_COCCI=$FORK_ROOT/tests/coccinelle/census.cocci run_in "$root" "$@" |
		sed -E 's/^([^:]+:[0-9]+):[0-9]+-[0-9]+: /\1: /' | sort -u >"$o.census"
	( cd "$root" && grep -rlE --include='*.[ch]' \
		'pte_offset_map_r[ow]_nolock|pmd_same|update_mmu_cache_range' "$@" ) |
		sed "s|^|$root/|" | xargs perl "$FORK_ROOT/tests/coccinelle/census-text.pl" "$root" |
		sort -u >"$o.text"
	[ -s "$o.text" ] || die "census-text.pl found no call in $root ($*)"
	comm -23 "$o.text" "$o.census" >"$o.unparsed"
	comm -13 "$o.text" "$o.census" >"$o.unmatched"
}

# normalize: "FILE: message", line and column numbers dropped.
normalize() {
	sed -E 's/:[0-9]+:[0-9]+-[0-9]+: /: /; s/ on line [0-9]+/ on line N/g; s/\(line [0-9]+\)/(line N)/g' |
		sort -u
}

# compare_expected NAME EXPECTED WHAT: $out/NAME.log (reports) against the
# EXPECTED file's lines (line numbers dropped on both sides); WHAT names
# the code in messages.
compare_expected() {
	local name=$1 expected=$2 what=$3
	normalize <"$out/$name.log" >"$out/$name.got"
	grep -v '^#' "$expected" | sort -u >"$out/$name.want" || true
	if ! diff -u "$out/$name.want" "$out/$name.got" >"$out/$name.diff"; then
		sed 's/^/  /' "$out/$name.diff"
		die "pte_nolock.cocci reports on $what differ from $(basename "$expected") (- expected, + got)"
	fi
	echo "coccicheck: $(wc -l <"$out/$name.log") reports on $what, all expected"
}

case $variant in
tip)
	step "make coccicheck MODE=report COCCI=$COCCI M=mm/ arch/arm/mm/ arch/powerpc/mm/"
	run mm/ arch/arm/mm/ arch/powerpc/mm/ | sort -u >"$out/tip.log"
	sed 's/^/  /' "$out/tip.log"
	compare_expected tip "$EXPECTED" "the tip"
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
	# and is silent once the fork's fix (the 7.3 queue's khugepaged patch,
	# which touches nothing else) rechecks whenever the lock was retaken
	fix=$(grep -l '^+++ b/mm/khugepaged.c' "$FORK_ROOT"/patches/7.3/[0-9]*-mm-khugepaged-*.patch | head -n 1)
	[ -n "$fix" ] || die "no mm/khugepaged.c fix in patches/7.3/"
	rm -rf "$out/lock-identity-fixed"
	mkdir -p "$out/lock-identity-fixed/mm"
	cp "$out/lock-identity/mm/khugepaged.c" "$out/lock-identity-fixed/mm/"
	patch -s -p1 -d "$out/lock-identity-fixed" <"$fix" || die "${fix#"$FORK_ROOT"/} does not apply to $today's mm/khugepaged.c"
	step "make coccicheck MODE=report COCCI=$COCCI M=$out/lock-identity-fixed/mm (with ${fix#"$FORK_ROOT"/})"
	run "$out/lock-identity-fixed/mm" >"$out/lock-identity-fixed.log"
	sed 's/^/  /' "$out/lock-identity-fixed.log"
	! grep -q 'rule 8' "$out/lock-identity-fixed.log" ||
		die "rule 8 still reports mm/khugepaged.c with the fix applied"
	echo "coccicheck lock-identity: rule 8 is silent on $today's mm/khugepaged.c with ${fix#"$FORK_ROOT"/patches/}"
	;;
today)
	today_dirs="mm arch/arm/mm arch/powerpc/mm arch/s390/mm"
	tree73=$(RECIPE=7.3 bash -c '. "$1/scripts/lib.sh" && echo "$TREE"' _ "$FORK_ROOT")
	if [ ! -d "$tree73/.git" ]; then
		step "no $tree73: RECIPE=7.3 scripts/tree.sh (a download of about 166 MB on a fresh clone)"
		RECIPE=7.3 "$FORK_ROOT/scripts/tree.sh"
	fi
	git -C "$tree73" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null ||
		die "$tree73 has no tag $BASE_TAG: make it again (RECIPE=7.3 make tree)"
	base73=$(git -C "$tree73" log -1 --format=%s "$BASE_TAG")
	# The base's files, not the tip's: the fork's 7.3 patch changes the
	# &val call that the expected report names.
	src=$out/today/base
	rm -rf "$src"
	mkdir -p "$src"
	# shellcheck disable=SC2086
	git -C "$tree73" archive "$BASE_TAG" -- $today_dirs | tar -x -C "$src"
	EXPECTED73=$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.expected-7.3
	step "make coccicheck MODE=report COCCI=$COCCI M=$today_dirs (${base73#Linux }; SPFLAGS=$SPFLAGS)"
	# shellcheck disable=SC2086
	RUN_TREE=$tree73 run_in "$src" $today_dirs | sort -u >"$out/today.log"
	sed 's/^/  /' "$out/today.log"

	# The parse check: every call of a name the rules look at, and every
	# definition of one, that the source text holds must be in code spatch
	# parsed.
	# shellcheck disable=SC2086
	census "$tree73" "$src" "$out/today" $today_dirs
	if [ -s "$out/today.unparsed" ] || [ -s "$out/today.unmatched" ]; then
		sed 's/^/  not parsed by spatch: /' "$out/today.unparsed"
		sed 's/^/  seen by spatch, not in the text scan: /' "$out/today.unmatched"
		die "spatch did not parse every call the rules look at ($(wc -l <"$out/today.unparsed") not parsed; 'spatch --parse-c --macro-file $MACROS FILE' shows why)"
	fi
	echo "coccicheck today: spatch parsed all $(wc -l <"$out/today.text") calls and definitions of pte_offset_map_r[ow]_nolock(), pmd_same() and update_mmu_cache_range()"
	# ... and the check still sees a skipped function: without the macro
	# file, try_get_locked_pte()'s map must be missing from the census.
	if [ -n "$SPFLAGS" ]; then
		SPFLAGS='' census "$tree73" "$src" "$out/today-nomacros" arch/s390/mm
		grep -q '^arch/s390/mm/gmap_helpers\.c:[0-9]*: census: pte_offset_map_rw_nolock$' \
			"$out/today-nomacros.unparsed" ||
			die "the parse check no longer fails on arch/s390/mm/gmap_helpers.c without the macro file: is it still a check?"
		echo "coccicheck today: without the macro file the parse check fails, as it must: $(paste -sd' ' "$out/today-nomacros.unparsed")"
	fi

	compare_expected today "$EXPECTED73" "${base73#Linux }"

	# The files the fork's 7.3 patches change, as the tip has them: no
	# report (patches/7.3/0001 passes pmd + i where the base passes &val).
	tipsrc=$out/today/tip
	rm -rf "$tipsrc"
	mkdir -p "$tipsrc"
	# shellcheck disable=SC2086
	mapfile -t changed < <(git -C "$tree73" diff --name-only "$BASE_TAG" HEAD -- $today_dirs | grep -E '\.[ch]$' || true)
	if [ "${#changed[@]}" -gt 0 ]; then
		git -C "$tree73" archive HEAD -- "${changed[@]}" | tar -x -C "$tipsrc"
		step "the same on the files the fork's 7.3 patches change, as the tip has them: ${changed[*]}"
		# shellcheck disable=SC2046
		RUN_TREE=$tree73 run_in "$tipsrc" $(printf '%s\n' "${changed[@]}" | xargs -n1 dirname | sort -u) \
			>"$out/today-tip.log"
		sed 's/^/  /' "$out/today-tip.log"
		[ ! -s "$out/today-tip.log" ] ||
			die "pte_nolock.cocci reports on the 7.3 tip's ${changed[*]}: the fork's 7.3 patches should leave none"
		echo "coccicheck today: no report on the 7.3 tip's ${changed[*]}"
	fi
	;;
rule1 | fixtures)
	fixtures=$FORK_ROOT/tests/coccinelle
	mapfile -t dirs < <(cd "$fixtures" && find . -maxdepth 1 -type d -name 'rule[0-9]*' | sed 's|^\./||' | sort -V)
	[ "${#dirs[@]}" -gt 0 ] || die "no fixture directory tests/coccinelle/ruleN"
	step "make coccicheck MODE=report COCCI=$COCCI M=tests/coccinelle/{$(IFS=,; echo "${dirs[*]}")}"
	run_in "$fixtures" "${dirs[@]}" | sort -u >"$out/fixtures.log"
	sed 's/^/  /' "$out/fixtures.log"
	python3 "$FORK_ROOT/scripts/coccicheck-fixtures.py" "$fixtures" "$out/fixtures.log"
	echo "coccicheck fixtures: every marked bug reported by its rule, every correct form silent"
	;;
*)
	die "usage: $0 [copy-recheck|lock-identity|today|fixtures]"
	;;
esac
