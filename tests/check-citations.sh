#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every path:line citation of the pages, transcripts, patches, README,
# labs, diagrams, the fork's C and the comments of scripts/ resolves, in the
# tree it names (or its file's default), to a line that holds what it names
# (scripts/check-citations.py says how). First, that each guard can fail:
#   1. planted drift: copies of files with one citation moved by +5, +15
#      and -40 lines must fail, naming that citation. The citations are
#      ones the earlier rules let through at every shift: a call-site cell
#      (once it named only the function around its line), the struct ptdesc
#      citation (once it matched any line that says "struct"), the model's
#      do_pte_missing() citation (stale once, and accepted through
#      handle_pte_fault()'s body), a member of a group, and a 7.3.4 one;
#   2. the mutation check: with a rule that accepts an identifier 40 lines
#      away, moving the citations of one page must leave more than 5 % of
#      them accepted, and --mutate must fail;
#   3. the pin: a pin file with one entry changed, one without it, one
#      with an entry nothing cites, a missing one and a malformed one must
#      each fail, naming the citation (and make citations-pin);
# then every citation, for real, with the mutation check and the pin.
# A tree that is not here yet is fetched by exact version, as make tree
# fetches the base: 6.12.y through the 6.12 recipe, 7.3.4 through the 7.3
# recipe's tested version (patches/7.3/base-version).
set -euo pipefail
cd "$(dirname "$0")/.."

checker=scripts/check-citations.py
pin=tests/citations.pin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# plant FILE PATH:LINE BY: a copy of FILE whose first citation PATH:LINE
# is moved by BY lines (to line 1 at least, as --mutate does) must fail,
# naming the moved citation.
plant() {
	local file=$1 cite=$2 by=$3 line moved copy out
	line=$((${cite##*:} + by))
	[ "$line" -ge 1 ] || line=1
	moved=${cite%:*}:$line
	copy=$tmp/$(basename "$file")
	python3 - "$file" "$cite" "$moved" >"$copy" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
new, n = re.subn(re.escape(sys.argv[2]) + r"(?![\d-])", sys.argv[3], text,
                 count=1)
if not n:
    sys.exit("%s no longer cites %s: plant another citation" %
             (sys.argv[1], sys.argv[2]))
sys.stdout.write(new)
EOF
	if out=$(python3 "$checker" --as "$file" "$copy"); then
		echo "$out"
		fail "the checker passed $file with $cite moved to $moved"
	fi
	grep -F "$moved of " <<<"$out" ||
		{ echo "$out"; fail "the checker failed $file with $cite moved to $moved, but not on that citation"; }
}

for by in 5 15 -40; do
	echo "--- planted: each citation moved by $by lines"
	plant Documentation/mm/pte-nolock/call-sites.rst mm/khugepaged.c:1746 "$by"
	plant Documentation/mm/pte-nolock/glossary.rst include/linux/mm_types.h:468 "$by"
	plant labs/model/nolock.pml mm/memory.c:5799 "$by"
	plant Documentation/mm/pte-nolock/call-sites.rst arch/arm/Kconfig.platforms:10 "$by"
	plant Documentation/mm/pte-nolock/today.rst mm/khugepaged.c:1978 "$by"
done
echo "planted: every moved citation failed, as it must"

echo "--- the mutation check on a weak rule (an identifier 40 lines away counts)"
if out=$(python3 "$checker" --mutate --tolerance 40 Documentation/mm/pte-nolock/call-sites.rst); then
	echo "$out"
	fail "--mutate passed a rule that accepts an identifier 40 lines away"
fi
grep -E '^mutation' <<<"$out" || true
grep -qF "still accepted: the rules would not see them drift" <<<"$out" ||
	{ echo "$out"; fail "--mutate failed, but not for the share still accepted"; }
echo "mutation check: failed on the weak rule, as it must"

echo "--- the pin: an entry changed, one missing, one nothing cites; no pin file; a malformed one"
page=Documentation/mm/pte-nolock/glossary.rst
entry=$(printf 'fork-base\tinclude/linux/mm_types.h:468\t')
[ -f "$pin" ] || fail "$pin is missing: make citations-pin writes it"
grep -q "^$entry" "$pin" || fail "$pin has no entry for $page's include/linux/mm_types.h:468: pin another"
sed "s|^\\($entry\\)[0-9a-f]*|\\1000000000000|" "$pin" >"$tmp/changed.pin"
grep -v "^$entry" "$pin" >"$tmp/missing.pin"
for kind in changed missing; do
	if out=$(python3 "$checker" --pin "$tmp/$kind.pin" "$page"); then
		echo "$out"
		fail "the checker passed a pin with $page's citation $kind"
	fi
	grep -F "include/linux/mm_types.h:468 of fork-base" <<<"$out" | grep -F "$page:" ||
		{ echo "$out"; fail "a pin with the entry $kind failed, but not on it"; }
	grep -qF "make citations-pin" <<<"$out" ||
		{ echo "$out"; fail "a pin with the entry $kind failed without saying how to re-pin"; }
done
if out=$(python3 "$checker" --pin "$tmp/none.pin" "$page"); then
	echo "$out"
	fail "the checker passed with no pin file"
fi
grep -F "does not exist: make citations-pin writes it" <<<"$out" ||
	{ echo "$out"; fail "no pin file failed, but did not say so"; }
printf 'fork-base\tmm/memory.c:1\n' >"$tmp/bad.pin"
if python3 "$checker" --pin "$tmp/bad.pin" "$page" 2>"$tmp/err"; then
	fail "the checker took a pin line that is not TREE, PATH:LINES, HASH, TEXT"
fi
cat "$tmp/err"
grep -qF "bad.pin:1: not TREE" "$tmp/err" || fail "a bad pin line failed, but without naming it"
# the whole set: a pinned line that nothing cites any more
{ cat "$pin"; printf 'fork-base\tmm/memory.c:1\t000000000000\tnobody cites this\n'; } >"$tmp/extra.pin"
if out=$(python3 "$checker" --pin "$tmp/extra.pin"); then
	echo "$out"
	fail "the checker passed a pin with an entry that nothing cites"
fi
grep -F "mm/memory.c:1 of fork-base is pinned, but nothing cites it now" <<<"$out" ||
	{ echo "$out"; fail "a pin with an entry nothing cites failed, but not on it"; }
echo "pin: failed on each, as it must"

echo "--- bad command lines"
bad_usage() {
	local want=$1
	shift
	if python3 "$checker" "$@" 2>"$tmp/err"; then
		fail "the checker took: $*"
	fi
	cat "$tmp/err"
	grep -qF "$want" "$tmp/err" || fail "the checker refused '$*' without saying '$want'"
}
bad_usage "takes exactly one FILE" --as "$page" "$page" "$page"
bad_usage "give no FILE" --write-pin "$tmp/w.pin" "$page"
bad_usage "0 or more" --tolerance -1 "$page"
bad_usage "no such file" "$tmp/nothing.rst"

echo "--- every citation"
python3 "$checker" --mutate --pin "$pin"
