#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make htmldocs: the kernel's own `make htmldocs` on the fork tree, built out
# of tree into build/docs. By default only the documentation directories
# that hold the guide and the labs (SPHINXDIRS=mm: Documentation/mm/), which
# takes seconds; FULL=1 builds the whole tree, which takes many minutes.
#
# Environment:
#   FULL=1          build every directory (ignores SPHINXDIRS)
#   SPHINXDIRS=...  which Documentation/ subdirectories (default: mm)
#   CLEAN=1         start from an empty output directory (all warnings again)
#   DOCS_SRC=DIR    kernel source to build (default: build/linux)
#   DOCS_OUT=DIR    output directory (default: build/docs)
# The build log, warnings included, is kept in $DOCS_OUT/htmldocs.log.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
only_recipe_612 "make htmldocs"

FULL=${FULL:-0}
SPHINXDIRS=${SPHINXDIRS:-mm}
CLEAN=${CLEAN:-0}
src=${DOCS_SRC:-$TREE}
out=${DOCS_OUT:-$BUILD/docs}

if [ -z "${DOCS_SRC:-}" ]; then
	need_tree
fi
[ -f "$src/Documentation/Makefile" ] || die "$src is not a kernel source tree"
need make make
need sphinx-build python3-sphinx
# Without dot, kfigure quietly puts the DOT source in the page instead of a
# picture: refuse to build rather than produce that.
need dot graphviz
python3 -c 'import yaml' 2>/dev/null || die "python3 cannot import yaml: install Debian package 'python3-yaml' (or run 'make deps')"

if [ "$FULL" = 1 ]; then
	dirs=()
	what="the whole Documentation tree (FULL=1; many minutes)"
else
	read -r -a dirs <<<"$SPHINXDIRS"
	what="SPHINXDIRS=${dirs[*]}"
fi

if [ "$CLEAN" = 1 ] && [ -d "$out/Documentation" ]; then
	step "htmldocs: CLEAN=1, removing $out/Documentation"
	rm -rf "$out/Documentation"
fi
mkdir -p "$out"
log=$out/htmldocs.log

step "htmldocs: $what, from $src into $out (-j$JOBS)"
start=$SECONDS
args=(-C "$src" O="$out" -j"$JOBS" htmldocs)
[ ${#dirs[@]} = 0 ] || args+=(SPHINXDIRS="${dirs[*]}")
# Sphinx prints a line per document only when verbose; a heartbeat shows
# that a long (FULL=1) build is still alive.
(
	while sleep 60; do
		printf '==> [%s] htmldocs: still building (%d s)\n' "$(date +%T)" $((SECONDS - start)) >&2
	done
) &
beat=$!
trap 'kill "$beat" 2>/dev/null || true' EXIT
set +e
# With -j1 make starts no jobserver and Sphinx would fall back to -jauto;
# PARALLELISM is what the kernel's parallel-wrapper.sh uses instead.
PARALLELISM=$JOBS make "${args[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
kill "$beat" 2>/dev/null || true
trap - EXIT

elapsed=$((SECONDS - start))
[ "$rc" = 0 ] || die "htmldocs failed (exit $rc) after $elapsed s; log: $log"
nwarn=$(grep -c -E 'WARNING|ERROR|warning:|error:' "$log" || true)
html=$out/Documentation/output
echo "htmldocs: done in $elapsed s, $nwarn warning lines (log: $log)"
if [ ${#dirs[@]} = 0 ]; then
	echo "htmldocs: open $html/index.html"
else
	for d in "${dirs[@]}"; do
		echo "htmldocs: open $html/$d/index.html"
	done
fi
guide=$html/mm/pte-nolock/index.html
[ -f "$guide" ] && echo "htmldocs: the pte-nolock guide is $guide"
exit 0
