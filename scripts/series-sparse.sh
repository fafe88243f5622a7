#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The sparse that make check-series runs on the recipe's tree: prints its
# path on stdout (what it does, on stderr).
#
#   RECIPE_SPARSE empty (6.12)  the machine's sparse: Debian 12's 0.6.4,
#                               installed by make deps
#   RECIPE_SPARSE="SUITE VER"   (7.3) Debian's sparse source package VER of
#                               SUITE, built here into BUILD/sparse/bin.
#                               Debian 12's 0.6.4 cannot parse 7.3's
#                               headers (series-build.sh shows it on the
#                               base), and the binary package of a newer
#                               suite cannot run here: sid's sparse
#                               0.6.5~rc1-2 needs GLIBC_2.38 (bookworm has
#                               2.36) and gcc-16.
#
# The source package comes the way the base does (scripts/fetch-lib.sh): a
# private apt configuration, here with deb-src lines, under BUILD/sparse/apt
# whose mirror is the machine's own; 'apt-get source --download-only'
# checks each file against the suite's signed Sources index. Nothing is
# installed. What is built is the upstream source release, the .orig
# tarball, with one change: Debian's own patches are packaging (ld
# --as-needed, and a Makefile and cgcc that call gcc-16, which bookworm
# does not have) and are left out. The change: token.h's MAX_STRING, the
# longest token sequence sparse stringifies, from 8191 to 65535. 7.3's
# trace events stringify more (mm_vmscan_wakeup_kswapd at
# include/trace/events/vmscan.h:151 of 7.3.4: "error: too long token
# expansion"), and after any error sparse prints no warning for the rest
# of the file (warning() in the release's lib.c: "Shut up warnings after
# an error"), so mm/vmscan.c, which the queue patches, went unchecked: the
# release as it is reports 4 such errors on 7.3.4's mm/vmscan.c and
# nothing else, the changed one 2 warnings of the base's own code
# (tests/check-series-7.3.md). About 30 s, once; later runs reuse it
# while VER and the change are the same.
#
# When the suite no longer offers VER, the newest version it offers is
# built instead, with a note (as make tree does for the base).

# shellcheck source=scripts/fetch-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/fetch-lib.sh"

if [ -z "${RECIPE_SPARSE:-}" ]; then
	need sparse sparse
	command -v sparse
	exit 0
fi

read -r suite tested rest <<<"$RECIPE_SPARSE"
if [ -z "$suite" ] || [ -z "$tested" ] || [ -n "${rest:-}" ]; then
	die "RECIPE_SPARSE='$RECIPE_SPARSE' (scripts/recipe.sh): want 'KIND:SUITE VERSION', for example 'main:sid 0.6.5~rc1-2'"
fi
case $suite in
main:* | security:*) ;;
*) die "RECIPE_SPARSE: '$suite' is not KIND:SUITE (main:SUITE or security:SUITE; scripts/fetch-lib.sh)" ;;
esac

dir=$BUILD/sparse
bin=$dir/bin/sparse
stamp=$dir/bin/version
MAX_STRING=65535	# the one change to the release (above)
need gcc gcc
need make make

# The private apt: deb-src lines only; its lists live beside the build.
APT_DIR=$dir/apt
BASE_SUITES=$suite
APT_LINE_TYPE="deb-src"
BASE_PACKAGE=sparse	# what apt_update's progress line names

# offered_sources: the sparse source versions the suite offers, newest first.
offered_sources() {
	apt_setup
	apt_update
	fork_apt apt-cache showsrc sparse 2>/dev/null | sed -n 's/^Version: //p' | sort_versions
}

# built VERSION: what the stamp holds and --version prints
built() {
	echo "$1 (MAX_STRING $MAX_STRING)"
}

# The version: the tested one while it is built here or offered.
want=$tested
if [ ! -x "$bin" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$(built "$tested")" ]; then
	mapfile -t offered < <(offered_sources)
	[ ${#offered[@]} -gt 0 ] ||
		die "$suite offers no sparse source package (apt log: ${APT_DIR#"$FORK_ROOT"/}/update.log): no sparse that parses $RECIPE_TREE_NAME; set RECIPE_SPARSE (scripts/recipe.sh) to a suite that has one"
	if ! in_list "$tested" "${offered[@]}"; then
		want=${offered[0]}
		note "sparse $tested (the tested one) is no longer offered by $suite: building the newest, $want"
	fi
fi

if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$(built "$want")" ]; then
	echo "$bin"
	exit 0
fi

src=$dir/src
rm -rf "${src:?}" "${dir:?}/bin"
mkdir -p "$src" "$dir/bin"
step "sparse $want: Debian's source package from ${suite#*:} (apt-get source, about 0.5 MB), built into ${dir#"$FORK_ROOT"/} (about 30 s)" >&2
(cd "$src" && fork_apt apt-get source --download-only -q "sparse=$want" >&2) ||
	die "apt-get source --download-only sparse=$want failed (above)"
orig=$(find "$src" -maxdepth 1 -name "sparse_*.orig.tar.*" | head -n 1)
[ -n "$orig" ] || die "apt-get source sparse=$want left no .orig tarball in $src"
top=$(tar -tf "$orig" | sed -n 1p)
top=${top%%/*}
[ -n "$top" ] || die "$orig lists no files"
tar -xf "$orig" -C "$src"
[ -f "$src/$top/Makefile" ] || die "$orig has no $top/Makefile"
grep -qx '#define MAX_STRING 8191' "$src/$top/token.h" ||
	die "sparse $want's token.h does not define MAX_STRING as 8191: look again at the change scripts/series-sparse.sh makes"
sed -i "s/^#define MAX_STRING 8191\$/#define MAX_STRING $MAX_STRING/" "$src/$top/token.h"
# SPARSE_VERSION: --version then names what was built (the release's
# Makefile still says 0.6.4, and its git describe would read the fork's
# repository around it); HAVE_*=no: only the sparse program is wanted.
if ! make -C "$src/$top" -j"$JOBS" CC=gcc SPARSE_VERSION="$(built "$want")" \
	HAVE_LLVM=no HAVE_GTK=no HAVE_LIBXML=no HAVE_SQLITE=no sparse >"$dir/build.log" 2>&1; then
	tail -n 20 "$dir/build.log" >&2
	die "building sparse $want failed (log: ${dir#"$FORK_ROOT"/}/build.log)"
fi
cp "$src/$top/sparse" "$bin"
"$bin" --version >/dev/null 2>&1 || die "the sparse built from $want does not run ($bin --version)"
built "$want" >"$stamp"
echo "$bin"
