#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make base-versions: every version of the base package that the suites
# offer (through the private apt configuration, scripts/fetch-lib.sh),
# newest first, with the tested one, the one build/linux is made of and
# the ones already in build/debs marked.

# shellcheck source=scripts/tree-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tree-lib.sh"

tested=$(tested_base_version)
made=$(state_get base)
mapfile -t offered < <(offered_versions)
echo "$BASE_PACKAGE in $BASE_SUITES (newest first):"
for v in "${offered[@]}"; do
	tags=()
	[ "$v" = "$tested" ] && tags+=(tested)
	[ "$v" = "$made" ] && tags+=("$RECIPE_TREE_NAME")
	if [ -n "$(deb_of "$v")" ] || [ -s "$DEBS/${BASE_PACKAGE}_${v#*:}.tar.xz" ]; then
		tags+=(downloaded)
	fi
	echo "  $v${tags[*]:+  (${tags[*]})}"
done
in_list "$tested" "${offered[@]}" ||
	echo "the tested base $tested is no longer offered: make tree takes the newest (BASE=VERSION picks one)"
