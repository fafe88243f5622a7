#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The census of page-table lock gaps (scripts/coccinelle/locks/
# pte_lock_gaps.cocci), which Documentation/mm/pte-nolock/audit.rst reads
# row by row:
#   1. the fixture, tests/coccinelle/lock-gaps/gaps.c: the rule reports
#      exactly the lines marked "want: gap" and "want: map", with that kind;
#   2. today's kernel: mm/ and arch/{x86,arm64,arm,powerpc,s390}/mm of
#      Debian's linux-source-7.3 at the 7.3 recipe's tested version (the
#      tarball, fetched by exact version as make tree fetches a base),
#      compared with scripts/coccinelle/locks/pte_lock_gaps.expected-7.3,
#      report lines as they are (the tree does not move); and a parse
#      check: every call of a lockless map that the source text holds is in
#      the census, so no function was skipped without a word.
# spatch runs niced with one job; the 7.3 part takes some minutes.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need spatch coccinelle
COCCI=$FORK_ROOT/scripts/coccinelle/locks/pte_lock_gaps.cocci
MACROS=$FORK_ROOT/scripts/coccinelle/locks/pte_nolock.macros.h
EXPECTED=$FORK_ROOT/scripts/coccinelle/locks/pte_lock_gaps.expected-7.3
FIXTURE=$FORK_ROOT/tests/coccinelle/lock-gaps
DIRS=(mm arch/x86/mm arch/arm64/mm arch/arm/mm arch/powerpc/mm arch/s390/mm)
out=$FORK_ROOT/build/lock-gaps
mkdir -p "$out"

# census DIR: the rule's report on every C file under DIR, paths relative
# to DIR, sorted by path and line.
census() {
	(cd "$1" && nice -n 10 spatch -D report --very-quiet --sp-file "$COCCI" \
		--no-includes --include-headers --macro-file "$MACROS" -j 1 --dir .) |
		grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: (gap|map): ' |
		sed -E 's|^\./||; s|^([^:]+:[0-9]+):[0-9]+-[0-9]+: |\1: |' |
		sort -t: -k1,1 -k2,2n
}

step "the fixture: ${FIXTURE#"$FORK_ROOT"/}"
census "$FIXTURE" >"$out/fixture.log"
sed 's/^/  /' "$out/fixture.log"
sed -E 's/^([^:]+:[0-9]+): (gap|map): .*/\1 \2/' "$out/fixture.log" >"$out/fixture.got"
grep -nE 'want: (gap|map) \*/' "$FIXTURE/gaps.c" |
	sed -E 's/^([0-9]+):.*want: (gap|map) .*/gaps.c:\1 \2/' |
	sort -t: -k1,1 -k2,2n >"$out/fixture.want"
if ! diff -u "$out/fixture.want" "$out/fixture.got" >"$out/fixture.diff"; then
	sed 's/^/  /' "$out/fixture.diff"
	die "pte_lock_gaps.cocci on gaps.c: the lines it reports differ from the marked ones (- marked, + reported)"
fi
echo "lock-gaps fixture: $(grep -c ' gap$' "$out/fixture.want") gaps and $(grep -c ' map$' "$out/fixture.want") maps reported, the correct forms not"

today=$(head -n 1 "$FORK_ROOT/patches/7.3/base-version")
tarball=$(RECIPE=7.3 bash -c '. "$1/scripts/fetch-lib.sh" && base_tarball_of "$2"' _ "$FORK_ROOT" "$today")
src=$out/src
rm -rf "$src"
mkdir -p "$src"
tar -xJf "$tarball" -C "$src" --strip-components=1 "${DIRS[@]/#/linux-source-7.3/}"
step "the census on linux-source-7.3 $today: ${DIRS[*]}"
census "$src" >"$out/today.log"
sed 's/^/  /' "$out/today.log"

# The parse check: the lockless maps the text holds (comments, strings and
# preprocessor lines left out; calls, on indented lines, not definitions),
# against the census's map lines.
# shellcheck disable=SC2016
(cd "$src" && find . -name '*.c' ! -name '*hugetlb*' -print0 | xargs -0 perl -e '
	for my $f (@ARGV) {
		open(my $fh, "<", $f) or die "$f: $!";
		local $/;
		my $s = <$fh>;
		my $blank = sub { (my $x = shift) =~ s/[^\n]/ /g; $x };
		$s =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*")}{$blank->($1)}gse;
		$s =~ s{^([ \t]*#(?:[^\n]*\\\n)*[^\n]*)}{$blank->($1)}gme;
		(my $rel = $f) =~ s{^\./}{};
		my $n = 1;
		for my $l (split /\n/, $s, -1) {
			print "$rel:$n\n" if $l =~ /^\s+.*\bpte_offset_map(?:_r[ow]_nolock)?\s*\(/;
			$n++;
		}
	}') | sort -u >"$out/today.text"
grep ': map: ' "$out/today.log" | cut -d: -f1,2 | sort -u >"$out/today.maps"
if ! diff -u "$out/today.text" "$out/today.maps" >"$out/today.parse.diff"; then
	sed 's/^/  /' "$out/today.parse.diff"
	die "the census does not see every lockless map the text holds (- text, + census): a function spatch skipped?"
fi
echo "lock-gaps today: the census sees all $(wc -l <"$out/today.text") lockless maps the text holds"

grep -v '^#' "$EXPECTED" >"$out/today.want" || true
if ! diff -u "$out/today.want" "$out/today.log" >"$out/today.diff"; then
	sed 's/^/  /' "$out/today.diff"
	die "the census of $today differs from $(basename "$EXPECTED") (- expected, + got)"
fi
echo "lock-gaps today: $(grep -c ': gap: ' "$out/today.log") gaps and $(grep -c ': map: ' "$out/today.log") lockless maps, as expected; per file:"
cut -d: -f1 "$out/today.log" | sort | uniq -c | sed 's/^/  /'
