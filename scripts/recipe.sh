# SPDX-License-Identifier: GPL-2.0
# The recipes: what differs between the trees the fork makes, as data, read
# in this one place. Sourced by scripts/lib.sh before anything else; no
# script is copied per version.
#
#   RECIPE=6.12  (default) the teaching fork: Debian's linux-source-6.12
#                with the series (patches/), in build/
#   RECIPE=7.3   today's kernel: Debian's linux-source-7.3 with the fork's
#                changes written for today's code (patches/7.3/), in build/7.3/
#
# For each recipe:
#   RECIPE_SERIES     the Linux series of the base (linux-source-SERIES)
#   RECIPE_SUITES     where the private apt looks for it (scripts/fetch-lib.sh)
#   RECIPE_PATCHES    the patch queue: series, patches, base-version
#   BUILD             the recipe's build directory. BUILD given in the
#                     environment names the build root; 6.12 builds in the
#                     root itself, as it always has, another recipe in a
#                     subdirectory of it named after the recipe, so that its
#                     linux/ and kernel/ never meet 6.12's
#   RECIPE_DEBS       the .deb cache: build/debs, one for every recipe (the
#                     files are named by package and version, so they never
#                     collide, and the citation checker finds every tree's
#                     tarball there)
#   RECIPE_APT        the private apt configuration: one per recipe, since
#                     fetch-lib.sh drops its lists whenever the suites change
#                     and two recipes sharing one would refetch them on every
#                     switch
#   RECIPE_FRAGMENTS  the lab kernel's config fragments, merged in order
#                     (a later fragment's line for a symbol wins)
#   RECIPE_OVERLAY    the repository's directories of fork-only files that
#                     make tree copies into the tree (the overlay)
#   RECIPE_TREE_NAME  how messages name the materialized tree
#   RECIPE_NEWER_SERIES  set: when the tested version is gone, the newest
#                     linux-source-MAJOR.N offered with N above the recipe's
#                     stands in (today's kernel moves on; fetch-lib.sh)
#   RECIPE_LABS       the labs that run on this recipe's kernel
#   RECIPE_LABS_WHY   why the other labs do not, said by make lab-N
#   RECIPE_EXERCISES  the review exercises written for this recipe's tree:
#                     NN-*.patch and their evidence file
#   RECIPE_TRANSCRIPT_SUFFIX  added to a lab transcript's name
#                     (Documentation/mm/pte-nolock/transcripts/), so that
#                     each recipe's runs are compared with their own
#   RECIPE_SPARSE     the sparse of make check-series: empty for the
#                     machine's (Debian 12's, make deps), else "SUITE
#                     VERSION": Debian's sparse source package of that
#                     suite, by exact version, built into BUILD/sparse
#                     (scripts/series-sparse.sh)
# shellcheck shell=bash

RECIPE=${RECIPE:-6.12}
RECIPES="6.12 7.3"

# only_recipe_612 WHAT: stop when RECIPE is not 6.12. What calls it (the
# docs, the series checks, the selftests, the bench, make check itself)
# is written for 6.12's tree and holds no data for another recipe; run with
# RECIPE=7.3, it would act on the 7.3 build with 6.12's expectations.
only_recipe_612() {
	[ "$RECIPE" = 6.12 ] && return 0
	printf 'error: %s: not ported to RECIPE=%s yet (README, "Today'"'"'s kernel"); without RECIPE it runs on 6.12\n' "$1" "$RECIPE" >&2
	exit 1
}

# recipe_build_dir ROOT SUBDIR: the recipe's build directory under ROOT. A
# ROOT that already ends in /SUBDIR is that directory (a script started by
# another one of the same recipe inherits its BUILD).
recipe_build_dir() {
	case $1 in
	*/"$2") echo "$1" ;;
	*) echo "$1/$2" ;;
	esac
}

# Read by the scripts that source this file.
# shellcheck disable=SC2034
case $RECIPE in
6.12)
	RECIPE_SERIES=6.12
	RECIPE_SUITES="security:bookworm-security main:trixie security:trixie-security"
	RECIPE_PATCHES=$FORK_ROOT/patches
	BUILD=${BUILD:-$FORK_ROOT/build}
	RECIPE_DEBS=$BUILD/debs
	RECIPE_APT=$BUILD/apt
	RECIPE_FRAGMENTS="$FORK_ROOT/labs/kernel.config $FORK_ROOT/labs/ptlab.config"
	RECIPE_OVERLAY="Documentation mm include scripts/coccinelle"
	RECIPE_TREE_NAME=build/linux
	RECIPE_NEWER_SERIES=
	RECIPE_LABS="1 2 3 4 5"
	RECIPE_LABS_WHY="lab 6 shows a gap of 7.3's khugepaged, which 6.12 (the fork's patch 07) does not have, and is 7.3-only: run it with RECIPE=7.3, which downloads Debian's linux-source-7.3 and builds its kernels first (README, 'How long it takes')"
	RECIPE_EXERCISES=$FORK_ROOT/labs/exercises
	RECIPE_TRANSCRIPT_SUFFIX=
	RECIPE_SPARSE=
	;;
7.3)
	RECIPE_SERIES=7.3
	# 7.3.y is in trixie-backports; sid moves on to newer 7.N first
	RECIPE_SUITES="main:trixie-backports main:sid"
	RECIPE_PATCHES=$FORK_ROOT/patches/7.3
	RECIPE_DEBS=${BUILD:-$FORK_ROOT/build}
	RECIPE_DEBS=${RECIPE_DEBS%/7.3}/debs
	BUILD=$(recipe_build_dir "${BUILD:-$FORK_ROOT/build}" 7.3)
	RECIPE_APT=$BUILD/apt
	# labs/7.3.config last: what moved in Kconfig since 6.12, and the lab
	# window's options, which the 7.3 tree does not have yet
	RECIPE_FRAGMENTS="$FORK_ROOT/labs/kernel.config $FORK_ROOT/labs/ptlab.config $FORK_ROOT/labs/7.3.config"
	# the fork's pages and lab C are written for 6.12: none joins 7.3 yet
	RECIPE_OVERLAY=
	RECIPE_TREE_NAME=build/7.3/linux
	RECIPE_NEWER_SERIES=yes
	RECIPE_LABS="3 4 5 6"
	# labs 1 and 2 read the series' own conversions of 6.12 (the page
	# walk of lab 1, the ro site of lab 2): there is nothing to convert
	# on 7.3, where every call site has used the helpers since 6.13
	RECIPE_LABS_WHY="labs 1 and 2 step through the series' conversions of 6.12's call sites and are 6.12-only; on 7.3 run them without RECIPE (Documentation/mm/pte-nolock/today.rst)"
	RECIPE_EXERCISES=$FORK_ROOT/labs/exercises/7.3
	RECIPE_TRANSCRIPT_SUFFIX=-7.3
	# Debian 12's sparse 0.6.4 cannot parse 7.3 and sid's binary needs
	# glibc 2.38: the source release in sid's source package, built here
	RECIPE_SPARSE="main:sid 0.6.5~rc1-2"
	;;
*)
	printf 'error: RECIPE=%s: no such recipe (the recipes: %s)\n' "$RECIPE" "$RECIPES" >&2
	exit 1
	;;
esac
