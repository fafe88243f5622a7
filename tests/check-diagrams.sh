#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every diagrams/*.dot renders with Graphviz without a warning, to a
# non-empty SVG and PNG (scripts/diagrams.sh), and every figure that the
# guide references exists.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need dot graphviz

out=$BUILD/diagrams
fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=1
}

shopt -s nullglob
sources=("$FORK_ROOT"/diagrams/*.dot)
[ ${#sources[@]} -ge 5 ] || die "expected at least 5 diagrams/*.dot, found ${#sources[@]}"

echo "+ scripts/diagrams.sh"
rm -rf "$out"
bash "$FORK_ROOT/scripts/diagrams.sh"

for src in "${sources[@]}"; do
	name=$(basename "$src" .dot)
	# dot prints layout and HTML-label problems on stderr but still succeeds
	echo "+ dot -Tsvg diagrams/$name.dot (warnings are failures)"
	if ! msgs=$(dot -Tsvg -o /dev/null "$src" 2>&1); then
		bad "diagrams/$name.dot does not render: $msgs"
	elif [ -n "$msgs" ]; then
		bad "diagrams/$name.dot renders with warnings: $msgs"
	fi
	for fmt in svg png; do
		[ -s "$out/$name.$fmt" ] || bad "build/diagrams/$name.$fmt is missing or empty"
	done
	grep -q '<svg' "$out/$name.svg" 2>/dev/null || bad "build/diagrams/$name.svg is not an SVG"
	grep -q 'SPDX-License-Identifier' "$src" || bad "diagrams/$name.dot has no SPDX line"
done

# Lab 3 replays the rw race by these step numbers: all seven must be there
rw=$FORK_ROOT/diagrams/rw-vs-retract.dot
if [ -f "$rw" ]; then
	for n in 1 2 3 4 5 6 7; do
		grep -q "<B>$n</B>" "$rw" || bad "diagrams/rw-vs-retract.dot lost step $n (Lab 3 refers to it)"
	done
else
	bad "diagrams/rw-vs-retract.dot is missing (Lab 3 refers to its steps)"
fi

# every kernel-figure in the guide names a diagram that exists
docdir=$FORK_ROOT/Documentation/mm/pte-nolock
if [ -d "$docdir" ]; then
	while read -r fig; do
		[ -f "$FORK_ROOT/diagrams/$fig" ] || bad "$docdir uses figures/$fig, but diagrams/$fig does not exist"
	done < <(grep -ho 'kernel-figure:: *figures/[^ ]*' "$docdir"/*.rst | sed 's|.*figures/||' | sort -u)
fi

[ $fail = 0 ] || die "diagram check failed"
echo "diagrams: ${#sources[@]} rendered to SVG and PNG, no warnings"
