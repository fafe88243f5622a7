#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-doc -Wall over the files whose kernel-doc the pte-nolock guide
# shows: no warning that the base (tag fork-base) does not already have,
# and both new helpers documented with Context: and Return: sections.
# Warnings are compared with line numbers taken out, so moved lines do not
# count as new.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need_tree
need perl perl

files=(mm/pgtable-generic.c include/linux/mm.h include/linux/pgtable.h)
kdoc=$TREE/scripts/kernel-doc
work=$BUILD/kernel-doc
fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=1
}

git -C "$TREE" rev-parse --verify -q "$BASE_TAG^{commit}" >/dev/null ||
	die "$TREE has no tag $BASE_TAG: run 'make tree'"
rm -rf "$work"
mkdir -p "$work/base"

for f in "${files[@]}"; do
	[ -f "$TREE/$f" ] || die "$TREE/$f is missing"
	mkdir -p "$work/base/$(dirname "$f")"
	git -C "$TREE" show "$BASE_TAG:$f" >"$work/base/$f"

	echo "+ scripts/kernel-doc -Wall -none $f   (fork, then base)"
	(cd "$TREE" && "$kdoc" -Wall -none "$f") >"$work/fork.raw" 2>&1 || true
	(cd "$work/base" && "$kdoc" -Wall -none "$f") >"$work/base.raw" 2>&1 || true
	for side in fork base; do
		sed -E 's/^([^:]+):[0-9]+:/\1:/' "$work/$side.raw" | sort -u >"$work/$side.txt"
	done
	new=$(comm -13 "$work/base.txt" "$work/fork.txt")
	nb=$(wc -l <"$work/base.txt")
	nf=$(wc -l <"$work/fork.txt")
	echo "  $f: base $nb warnings, fork $nf"
	if [ -n "$new" ]; then
		grep -F -f <(printf '%s\n' "$new" | sed -E 's/^[^:]+://') "$work/fork.raw" | sed 's/^/  new: /' >&2
		bad "$f: kernel-doc warnings that the base does not have"
	fi
done

# A kernel-doc pitfall that kernel-doc itself does not report: in a comment
# line, "*@name:" (say, "attached to *@pmd: ...") starts a new description
# of parameter @name, so the rest of the paragraph silently moves there.
for f in "${files[@]}"; do
	echo "+ grep '*@name:' in the kernel-doc of $f   (fork, then base)"
	pat='^[[:space:]]*\*.+\*@[A-Za-z_][A-Za-z0-9_]*[[:space:]]*:'
	nf=$(grep -cE "$pat" "$TREE/$f" || true)
	nb=$(grep -cE "$pat" "$work/base/$f" || true)
	if [ "$nf" -gt "$nb" ]; then
		grep -nE "$pat" "$TREE/$f" | sed "s|^|  $f:|" >&2
		bad "$f: '*@name:' in a kernel-doc comment ends the paragraph and rewrites @name's description (write '*@name' without the colon right after it)"
	fi
done

# The helpers the guide is about must have complete kernel-doc.
check_doc() { # FILE FUNCTION
	local out
	echo "+ scripts/kernel-doc -rst -function $2 $1"
	out=$(cd "$TREE" && "$kdoc" -rst -function "$2" "$1" 2>&1)
	if ! grep -q "^\.\. c:function::.*\b$2\b" <<<"$out"; then
		bad "$1: no kernel-doc for $2()"
		return
	fi
	grep -Eq '^[[:space:]]*\*\*Context\*\*' <<<"$out" || bad "$1: $2() kernel-doc has no Context: section"
	grep -Eq '^[[:space:]]*\*\*Return\*\*' <<<"$out" || bad "$1: $2() kernel-doc has no Return: section"
}
check_doc mm/pgtable-generic.c pte_offset_map_ro_nolock
check_doc mm/pgtable-generic.c pte_offset_map_rw_nolock

[ $fail = 0 ] || die "kernel-doc check failed"
echo "kernel-doc: ${#files[@]} files with no new warnings; both nolock helpers documented"
