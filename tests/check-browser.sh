#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Open the built pte-nolock guide in headless Chromium (tests/browser/):
# every figure on every page must be an SVG image with a non-zero rendered
# size. Full-page screenshots go to build/screenshots/. Builds the docs
# first (scripts/htmldocs.sh) when the guide's HTML is not there yet.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need_tree
need node nodejs
need npm npm
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
need_file "$CHROMIUM" chromium

browser=$FORK_ROOT/tests/browser
src=$TREE/Documentation/mm/pte-nolock
html=$BUILD/docs/Documentation/output/mm/pte-nolock
shots=$BUILD/screenshots

[ -d "$src" ] || die "no $src in the tree: run 'make tree'"
if [ ! -f "$html/index.html" ]; then
	step "browser check: no guide HTML yet, building it"
	bash "$FORK_ROOT/scripts/htmldocs.sh"
fi

# playwright-core only drives the system Chromium: it downloads no browser
if [ ! -d "$browser/node_modules/playwright-core" ] ||
	[ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
	step "browser check: npm ci in tests/browser"
	(cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) ||
		die "npm ci failed in tests/browser (needs the npm registry)"
fi

# page=figure,figure for each page of the guide, from its kernel-figure lines
specs=()
for rst in "$src"/*.rst; do
	name=$(basename "$rst" .rst)
	figs=$({ grep -o 'kernel-figure:: *figures/[^ ]*\.dot' "$rst" || true; } |
		sed 's|.*figures/||; s|\.dot$||' | paste -sd, -)
	specs+=("$name=$figs")
done

step "browser check: ${#specs[@]} pages in $CHROMIUM"
echo "+ node tests/browser/check-guide.mjs $html $shots ${specs[*]}"
CHROMIUM=$CHROMIUM node "$browser/check-guide.mjs" "$html" "$shots" "${specs[@]}" ||
	die "browser check failed"
echo "browser: screenshots in $shots"
