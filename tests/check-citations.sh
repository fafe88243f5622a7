#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every path:line citation of the pages, transcripts, patches, README, labs
# and the fork's C resolves, in the tree it names (or its file's default),
# to lines that hold what it names (scripts/check-citations.py says how).
#   1. the check can fail: a copy of a page with one citation's line moved
#      by 400 must fail, naming that citation;
#   2. then every citation, for real.
# A tree that is not here yet is fetched by exact version, as make tree
# fetches the base: 6.12.y through the 6.12 recipe, 7.3.4 through the 7.3
# recipe's tested version (patches/7.3/base-version).
set -euo pipefail
cd "$(dirname "$0")/.."

checker=scripts/check-citations.py
page=Documentation/mm/pte-nolock/glossary.rst
# the page's first single-line citation, path:LINE, which the copy moves
cite=$(grep -m 1 -oE '[a-z/_-]+\.[ch]:[0-9]+[^0-9-]' "$page")
cite=${cite%?}
line=${cite##*:}
# 400 lines away: far enough that what the citation names is not there by
# chance
if [ "$line" -gt 450 ]; then moved=$((line - 400)); else moved=$((line + 400)); fi
planted=$(mktemp --suffix=.rst)
trap 'rm -f "$planted"' EXIT
sed "0,\\|$cite|s||${cite%:*}:$moved|" "$page" >"$planted"
cmp -s "$page" "$planted" && { echo "FAIL: could not plant a wrong line in $page" >&2; exit 1; }
echo "planted: $page with $cite moved to ${cite%:*}:$moved"
if out=$(python3 "$checker" --as "$page" "$planted"); then
	echo "$out"
	echo "FAIL: the checker passed a citation moved by 400 lines" >&2
	exit 1
fi
echo "$out"
grep -qF "${cite%:*}:$moved of " <<<"$out" ||
	{ echo "FAIL: the checker failed, but not on the planted citation" >&2; exit 1; }
echo "planted: failed as it must"

python3 "$checker"
