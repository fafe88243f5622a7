#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make diagrams: render every diagrams/*.dot on its own, to SVG and PNG in
# build/diagrams/, without Sphinx. Handy while drawing; htmldocs renders the
# same files through kfigure.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need dot graphviz

out=$BUILD/diagrams
mkdir -p "$out"
shopt -s nullglob
sources=("$FORK_ROOT"/diagrams/*.dot)
[ ${#sources[@]} -gt 0 ] || die "no diagrams/*.dot to render"

step "diagrams: rendering ${#sources[@]} files into $out"
for src in "${sources[@]}"; do
	name=$(basename "$src" .dot)
	for fmt in svg png; do
		dot -T"$fmt" -o "$out/$name.$fmt" "$src" ||
			die "dot failed on diagrams/$name.dot ($fmt)"
	done
	echo "  $name: $name.svg, $name.png"
done
echo "diagrams: $out"
