#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# htmldocs of the fork tree, compared with htmldocs of the base:
#   1. no warning at all from a file the fork adds (the pte-nolock pages),
#   2. no warning that the base does not have (compared as sets, with line
#      numbers and build paths taken out),
#   3. no symbol documented twice by kernel-doc directives (the "Duplicate
#      C declaration" of a full build, found without one),
#   4. the kernel-doc of both new helpers is in the HTML,
#   5. every figure of the guide is an SVG image in the HTML, not the DOT
#      source that kfigure falls back to when it cannot run dot.
# The base is the tag fork-base of build/linux, checked out as a git
# worktree in build/base-src (created when missing). Its warnings are
# cached in build/docs-base/ while fork-base and SPHINXDIRS stay the same.
#
# FULL=1 compares full builds (many minutes each); SPHINXDIRS as for
# scripts/htmldocs.sh (default: mm).

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need_tree
need dot graphviz
need python3 python3

FULL=${FULL:-0}
SPHINXDIRS=${SPHINXDIRS:-mm}
base_src=$BUILD/base-src
fork_out=$BUILD/docs
base_out=$BUILD/docs-base
guide_rel=Documentation/mm/pte-nolock
fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=1
}
run() {
	echo "+ $*"
	"$@"
}

# --- the base source: a worktree of fork-base --------------------------------
base_commit=$(git -C "$TREE" rev-parse --verify -q "$BASE_TAG^{commit}") ||
	die "$TREE has no tag $BASE_TAG: run 'make tree'"
if ! head=$(git -C "$base_src" rev-parse -q --verify HEAD 2>/dev/null); then
	# missing, or left over from an earlier build/linux that was recreated
	if [ -e "$base_src" ]; then
		note "$base_src is not a worktree of $TREE any more: recreating it"
		rm -rf "$base_src"
	fi
	step "htmldocs check: checking out $BASE_TAG into $base_src (once)"
	git -C "$TREE" worktree prune
	run git -C "$TREE" worktree add -f --detach "$base_src" "$BASE_TAG" >/dev/null
elif [ "$head" != "$base_commit" ]; then
	step "htmldocs check: moving $base_src to $BASE_TAG"
	run git -C "$base_src" checkout -q -f --detach "$base_commit"
fi

# --- build both ----------------------------------------------------------------
if [ "$FULL" = 1 ]; then scope=FULL; else scope="SPHINXDIRS=$SPHINXDIRS"; fi
stamp="$base_commit $scope"
if [ -f "$base_out/stamp" ] && [ "$(cat "$base_out/stamp")" = "$stamp" ] &&
	[ -f "$base_out/htmldocs.log" ]; then
	echo "base: reusing the warnings of $base_out ($scope, $BASE_TAG unchanged)"
else
	step "htmldocs check: base ($BASE_TAG), $scope"
	rm -f "$base_out/stamp"
	run env CLEAN=1 FULL="$FULL" SPHINXDIRS="$SPHINXDIRS" DOCS_SRC="$base_src" \
		DOCS_OUT="$base_out" bash "$FORK_ROOT/scripts/htmldocs.sh"
	echo "$stamp" >"$base_out/stamp"
fi
step "htmldocs check: fork (build/linux), $scope"
run env CLEAN=1 FULL="$FULL" SPHINXDIRS="$SPHINXDIRS" DOCS_OUT="$fork_out" \
	bash "$FORK_ROOT/scripts/htmldocs.sh"

# --- 1 and 2: warnings ------------------------------------------------------------
# Normalize: drop the source and output directories, line numbers, and
# sphinx's progress prefixes, so that moved lines and other build paths do
# not count as new.
normalize() { # LOG SRC OUT
	local src_p out_p build_p
	src_p=$(cd "$2" && pwd -P)
	out_p=$(cd "$3" && pwd -P)
	build_p=$(cd "$BUILD" && pwd -P)
	grep -E 'WARNING|ERROR|[Ww]arning:|[Ee]rror:' "$1" |
		sed -e "s|$2/||g" -e "s|$3/||g" -e "s|$BUILD/||g" \
			-e "s|$src_p/||g" -e "s|$out_p/||g" -e "s|$build_p/||g" \
			-e 's/:[0-9][0-9]*:/:/g' -e 's/ line [0-9][0-9]*/ line N/g' \
			-e 's/[[:space:]][[:space:]]*/ /g' |
		sort -u
}
normalize "$base_out/htmldocs.log" "$base_src" "$base_out" >"$fork_out/warnings.base"
normalize "$fork_out/htmldocs.log" "$TREE" "$fork_out" >"$fork_out/warnings.fork"
comm -13 "$fork_out/warnings.base" "$fork_out/warnings.fork" >"$fork_out/warnings.new"
nbase=$(wc -l <"$fork_out/warnings.base")
nfork=$(wc -l <"$fork_out/warnings.fork")
nnew=$(wc -l <"$fork_out/warnings.new")
nlines=$(grep -cE 'WARNING|ERROR|[Ww]arning:|[Ee]rror:' "$fork_out/htmldocs.log" || true)
echo "warnings ($scope): base $nbase, fork $nfork, new in the fork $nnew"
# The list goes into the log, so that a reader sees what the warnings are
# (all from base pages, normally) and a new one stands out.
echo "+ the fork's warnings, normalized (full log: $fork_out/htmldocs.log):"
sed 's/^/    /' "$fork_out/warnings.fork"
if [ "$nnew" = 0 ]; then
	echo "htmldocs ($scope): $nfork warnings ($nlines lines), all also in the base; 0 new"
else
	echo "htmldocs ($scope): $nfork warnings ($nlines lines), $nnew of them new"
fi

# files the fork adds: committed (patches, overlay) or not yet committed
mapfile -t added < <({
	git -C "$TREE" diff --name-only --diff-filter=A "$BASE_TAG"
	git -C "$TREE" ls-files --others --exclude-standard
	echo "$guide_rel/"
} | sort -u)
own=0
for f in "${added[@]}"; do
	[ -n "$f" ] || continue
	if grep -F -- "$f" "$fork_out/warnings.fork"; then
		own=1
	fi
done
[ $own = 0 ] || bad "the warnings above come from files the fork adds"
if [ "$nnew" != 0 ]; then
	sed 's/^/  new: /' "$fork_out/warnings.new" >&2
	bad "$nnew warnings that the base build does not have (list: $fork_out/warnings.new)"
fi

# --- 3: nothing documented twice -------------------------------------------
echo "+ kernel-doc directives that document the guide's symbols elsewhere"
python3 - "$TREE" <<'PY' || bad "a symbol of the guide is documented twice (see above)"
import glob, os, re, subprocess, sys

tree = sys.argv[1]
guide = 'Documentation/mm/pte-nolock/'
kdoc = os.path.join(tree, 'scripts/kernel-doc')
directive = re.compile(r'^\s*\.\.\s+kernel-doc::\s*(\S+)\s*$')
option = re.compile(r'^\s+:([a-z-]+):\s*(.*)$')

def directives():
    for rst in sorted(glob.glob(os.path.join(tree, 'Documentation/**/*.rst'), recursive=True)):
        lines = open(rst, encoding='utf-8', errors='replace').read().split('\n')
        for i, line in enumerate(lines):
            m = directive.match(line)
            if not m:
                continue
            opts = {}
            for nxt in lines[i + 1:]:
                o = option.match(nxt)
                if not o:
                    break
                opts[o.group(1)] = o.group(2)
            yield os.path.relpath(rst, tree), i + 1, m.group(1), opts

def command(src, opts):
    # the same choices Documentation/sphinx/kerneldoc.py makes
    cmd = [kdoc, '-rst']
    if 'functions' in opts:
        opts['identifiers'] = opts['functions']
    files = []
    if 'export' in opts:
        cmd.append('-export'); files = opts['export'].split()
    elif 'internal' in opts:
        cmd.append('-internal'); files = opts['internal'].split()
    elif 'doc' in opts:
        cmd += ['-function', opts['doc']]
    elif 'identifiers' in opts:
        ids = opts['identifiers'].split()
        for i in ids:
            cmd += ['-function', i]
        if not ids:
            cmd.append('-no-doc-sections')
    for i in opts.get('no-identifiers', '').split():
        cmd += ['-nosymbol', i]
    for pat in files:
        for f in glob.glob(os.path.join(tree, pat)):
            cmd += ['-export-file', f]
    return cmd + [os.path.join(tree, src)]

decl = re.compile(r'^\.\. c:(?:function|macro)::\s+(.*?)\s*\(')
all_dirs = list(directives())
ours = [d for d in all_dirs if d[0].startswith(guide)]
files = {d[2] for d in ours}
seen = {}
for rst, line, src, opts in all_dirs:
    if src not in files:
        continue
    out = subprocess.run(command(src, dict(opts)), capture_output=True, text=True).stdout
    for l in out.split('\n'):
        m = decl.match(l)
        if m:
            name = m.group(1).split()[-1].lstrip('*')
            seen.setdefault(name, []).append('%s:%d' % (rst, line))
dups = {n: w for n, w in seen.items() if len(w) > 1}
for n, w in sorted(dups.items()):
    print('  %s() is documented by %s' % (n, ', '.join(w)))
print('  %d symbols from %s, %d documented twice' % (len(seen), ', '.join(sorted(files)), len(dups)))
sys.exit(1 if dups else 0)
PY

# --- 4 and 5: the guide's HTML ------------------------------------------------------
html=$fork_out/Documentation/output
guide_html=$html/mm/pte-nolock	# the same path in a FULL build and with SPHINXDIRS=mm
[ -d "$guide_html" ] || bad "no HTML for the guide at $guide_html"
if [ -d "$guide_html" ]; then
	for helper in pte_offset_map_ro_nolock pte_offset_map_rw_nolock; do
		echo "+ grep the kernel-doc entry of $helper() in $guide_html/guide.html"
		grep -q "id=\"c\\.$helper\"" "$guide_html/guide.html" 2>/dev/null ||
			bad "no kernel-doc entry for $helper() in $guide_html/guide.html"
	done
	n=0
	while read -r rst fig; do
		name=${fig%.dot}
		page=$guide_html/$(basename "$rst" .rst).html
		n=$((n + 1))
		echo "+ figure $fig: an SVG <img>/<object> in $(basename "$page")"
		grep -Eq "<(img|object)[^>]*(src|data)=\"[^\"]*/$name\\.svg\"" "$page" ||
			bad "figure $fig is not an SVG image in $page"
		svg=$(find "$html" -path '*/_images/*' -name "$name.svg" -size +0 -print -quit)
		[ -n "$svg" ] || bad "rendered $name.svg is missing from the HTML output"
	done < <(grep -o 'kernel-figure:: *figures/[^ ]*\.dot' "$TREE/$guide_rel"/*.rst |
		sed -E 's|^([^:]*):.*figures/|\1 |')
	[ $n -ge 5 ] || bad "only $n figures in the guide, expected at least 5"
	if grep -l -E 'digraph[[:space:]]' "$guide_html"/*.html; then
		bad "the pages above show DOT source instead of a figure (kfigure could not run dot)"
	fi
fi

[ $fail = 0 ] || die "htmldocs check failed"
echo "htmldocs: $nfork warnings ($nlines lines), all also in the base; 0 new; $n figures rendered, kernel-doc present"
