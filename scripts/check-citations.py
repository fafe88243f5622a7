#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check every path:line citation of kernel (or repository) source.

A citation is PATH:LINE or PATH:FIRST-LAST (PATH has at least one '/'),
optionally continued by ", LINE[-LAST]" (the same file), or a bare
":LINE[-LAST]" of at least two digits, which continues the last PATH cited
before it in the same file.

The tree a citation is read in:

  1. named next to it: right after the citation (or after the last one of a
     group joined by "," or "and"), as "of TREE", "in TREE", "from TREE" or
     ", TREE"; or right before the path, as "TREE path:line" or
     "TREE's path:line". TREE is one of
        fork-base         the base commit of build/linux (tag fork-base),
                          the Debian version in patches/base-version
        the fork          build/linux's tip: the series applied, with the
                          fork's own files
        patch NN          build/linux after patch NN of patches/series
        6.12.N, 7.N.N     Linux X.Y.Z as Debian's linux-source package
                          ships it (the tarball in build/debs, fetched by
                          exact version with scripts/fetch-lib.sh if
                          needed); fork-base's git tree when it is that
                          version
        this repository   the files of this repository
  2. otherwise the file's default, one line anywhere in it (near the top
     by convention) that reads "citations: TREE" after the file's comment
     leader: ".. citations: fork-base" in RST, "# citations: ..." or
     "// citations: ..." or "/* citations: ... */" elsewhere;
  3. otherwise, for patches/NNNN-*.patch, the tree the patch applies to:
     build/linux at the patch's parent commit (patches/0000-cover-letter,
     which is not applied, defaults to fork-base).

What the citation names: the identifiers of the citing text right before
it, back to the previous citation or the start of the clause (a sentence,
a ";"-clause, a paragraph or a table cell), plus the rest of the parenthesis the
citation sits in. Identifiers are foo() names, the words of ``literals``,
words with an underscore, and upper-case symbols (a CONFIG_FOO also
matches FOO, as Kconfig writes it). Citations joined by "," or "and" share
their identifiers and tree; a citation that is the whole of a table cell
takes those of the row's first cell.

Tolerance: for PATH:LINE, one of the identifiers must occur (as a whole
word) on lines LINE-3 to LINE+3; for PATH:FIRST-LAST, on one of lines
FIRST to LAST. In a C file, a function the text names also matches a
line (the first line of a range) inside that function's body, from its
definition at column 0 to the "}" at column 0 that closes it.

Anything that cannot be checked fails: no identifier next to the
citation, no tree, an unknown tree, a tree that cannot be had (unless
--allow-missing TREE), a file not in the tree, a line past its end.

Scanned: Documentation/ (pages, transcripts), patches/*.patch (the
message and the lines the patch adds), README.md, labs/, mm/, include/.
A file that says in its first lines that it is generated ("Generated
by ... Do not edit") is skipped: its citations are checked in its source
(Documentation/mm/pte-nolock/model-scenarios.inc: labs/model/scenarios/).
Transcripts are lab output and have no default: a citation there must
name its tree.

Extracted files are cached per tree in build/citations/TREE/.
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINUX = os.path.join(ROOT, "build", "linux")
CACHE = os.path.join(ROOT, "build", "citations")
TOLERANCE = 3
RST = False     # whether the file being scanned is reStructuredText

TREE_RE = (r"(?:fork-base|the\s+fork|patch\s+\d{2,4}|\d+\.\d+\.\d+"
           r"|this\s+repository)")
PATH_RE = r"(?<![\w/.@-])((?:[A-Za-z0-9_.+-]+/)+[A-Za-z0-9_.+-]*[A-Za-z0-9_+-])"
NUM_RE = r"(\d+)(?:-(\d+))?"
CITE_RE = re.compile(
    PATH_RE + r":" + NUM_RE + r"(?![\w:/])"
    r"|(?<![\w/.)\]:])(?<=[\s(`'\"])" + r":(\d{2,})(?:-(\d+))?(?![\w:/])")
CONT_RE = re.compile(r",\s*(\d+)(?:-(\d+))?(?![\w.:/])")
AFTER_TREE_RE = re.compile(
    r"[`'*\"]*(?:,\s*|\s+(?:of|in|from)\s+)(" + TREE_RE + r")(?![\w.-])")
BEFORE_TREE_RE = re.compile(
    r"(?<![\w.-])(" + TREE_RE + r")(?:'s)?\s+[`'\"]*$")
DEFAULT_RE = re.compile(
    r"^\s*(?:\.\.|#|//|/?\*|;|<!--)?\s*citations:\s*(" + TREE_RE +
    r")\s*(?:\*/|-->)?\s*$", re.M)
GROUP_GAP_RE = re.compile(r"^[`'\"\s]*(?:,|\s+and|,\s*and)?[`'\"\s]*$")
BOUNDARY_RE = re.compile(
    r"(?:(?<![.\w]\w)(?<!e\.g)(?<!i\.e)\.(?=\s)|;(?=\s)|\n\s*\n"
    r"|\n\s*(?:\*\s+)?-\s|^\s*(?:\*\s+)?-\s)")
ROW_RE = re.compile(r"\n\s*\*\s+-\s")
# prose words that look like symbols but name nothing in the source
STOP = {"THP", "RCU", "TLB", "GUP", "VMA", "VMAs", "PTE", "PMD", "PTEs",
        "SMP", "CPU", "CPUs", "ARM", "MGLRU", "KASAN", "QEMU", "GDB", "LRU",
        "API", "RST", "SPIN", "UFFD", "NOTE", "THPs", "TCG", "PV", "NULL",
        "true", "false", "and", "the", "for", "not"}


def die(msg):
    print("check-citations: " + msg, file=sys.stderr)
    sys.exit(2)


class Unavailable(Exception):
    pass


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, **kw).stdout


# --- trees ------------------------------------------------------------

class Tree:
    def __init__(self, name):
        self.name = name
        self.files = {}

    def lines(self, path):
        """The file's lines, None if it is not in the tree."""
        if path not in self.files:
            self.load([path])
        return self.files[path]

    def load(self, paths):
        raise NotImplementedError


class RepoTree(Tree):
    def load(self, paths):
        for p in paths:
            f = os.path.join(ROOT, p)
            self.files[p] = read_lines(f) if os.path.isfile(f) else None


class GitTree(Tree):
    def __init__(self, name, commit):
        super().__init__(name)
        self.commit = commit

    def load(self, paths):
        paths = [p for p in paths if p not in self.files]
        if not paths:
            return
        req = "".join("%s:%s\n" % (self.commit, p) for p in paths).encode()
        out = run(["git", "-C", LINUX, "cat-file", "--batch"], input=req)
        pos = 0
        for p in paths:
            nl = out.index(b"\n", pos)
            head = out[pos:nl].split()
            pos = nl + 1
            if head[-1] == b"missing" or head[1] != b"blob":
                self.files[p] = None
                continue
            size = int(head[2])
            self.files[p] = out[pos:pos + size].decode(
                "utf-8", "replace").split("\n")
            pos += size + 1


class TarTree(Tree):
    """A Debian linux-source tarball; files extracted once into the cache."""

    def __init__(self, name, version):
        super().__init__(name)
        self.version = version
        self.dir = os.path.join(CACHE, version)
        self.missing_file = os.path.join(self.dir, ".missing")

    def load(self, paths):
        paths = [p for p in paths if p not in self.files]
        missing = set()
        if os.path.exists(self.missing_file):
            missing = set(open(self.missing_file).read().split())
        todo = [p for p in paths if p not in missing and
                not os.path.isfile(os.path.join(self.dir, p))]
        if todo:
            self.extract(todo, missing)
        for p in paths:
            f = os.path.join(self.dir, p)
            self.files[p] = read_lines(f) if os.path.isfile(f) else None

    def extract(self, todo, missing):
        if getattr(self, "error", None):
            raise self.error
        try:
            tarball = tarball_of(self.version, self.name)
        except Unavailable as e:
            self.error = e
            raise
        top = run(["sh", "-c", "xz -dc \"$1\" | tar -t | head -n 1", "sh",
                   tarball], stderr=subprocess.DEVNULL).decode()
        top = top.split("/")[0]
        os.makedirs(self.dir, exist_ok=True)
        subprocess.run(["tar", "-xJf", tarball, "-C", self.dir,
                        "--strip-components=1"] +
                       ["%s/%s" % (top, p) for p in todo],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for p in todo:
            if not os.path.isfile(os.path.join(self.dir, p)):
                missing.add(p)
        with open(self.missing_file, "w") as f:
            f.write("".join(p + "\n" for p in sorted(missing)))


def entry_hash(name):
    """What make tree records for patches/series entry NAME (tree-lib.sh's
    entry_hash): the patch file's sha1, or, when the entry attaches
    fork-only files, one sha1 over the patch's and theirs."""
    def sha1_file(path):
        with open(path, "rb") as f:
            return hashlib.sha1(f.read()).hexdigest()
    attached = []
    with open(os.path.join(ROOT, "patches", "series")) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if words and words[0] == name:
                attached = words[1:]
    patch = sha1_file(os.path.join(ROOT, "patches", name))
    if not attached:
        return patch
    text = "%s  -\n" % patch
    for a in attached:
        text += "%s %s\n" % (a, sha1_file(os.path.join(ROOT, a)))
    return hashlib.sha1(text.encode()).hexdigest()


def recipe_base_version(series):
    """The tested version of the recipe for SERIES, if there is one:
    patches/SERIES/base-version (scripts/recipe.sh)."""
    f = os.path.join(ROOT, "patches", series, "base-version")
    if os.path.isfile(f):
        with open(f) as fh:
            return fh.readline().strip()
    return None


def tarball_of(version, name):
    """build/debs' tarball of VERSION, made by scripts/fetch-lib.sh."""
    series = ".".join(version.split(".")[:2])
    t = os.path.join(ROOT, "build", "debs", "linux-source-%s_%s.tar.xz" %
                     (series, version.split(":")[-1]))
    if os.path.isfile(t) and os.path.getsize(t) > 0:
        return t
    deb = re.sub(r"\.tar\.xz$", "_all.deb", t)
    if not os.path.isfile(deb) and not os.path.isfile(
            os.path.join(ROOT, "build", "debs", "linux-source-%s_%s.tar.xz"
                         % (series, version))):
        if not re.match(r"\d+\.\d+\.\d+-", version) or (
                recipe_base_version(series) != version and
                not any(f.startswith("linux-source-%s_" % series)
                        for f in os.listdir(os.path.dirname(t)))):
            raise Unavailable("tree %s: build/debs has no linux-source-%s "
                              "of Linux %s (fetch it by exact version, as "
                              "scripts/fetch-lib.sh does for the base)" %
                              (name, series, name))
    try:
        out = run(["bash", "-c", '. scripts/fetch-lib.sh && '
                   'BASE_SERIES=%s base_tarball_of "$1"' % series,
                   "bash", version], cwd=ROOT, stderr=subprocess.PIPE,
                  env=dict(os.environ, BASE_SERIES=series,
                           RECIPE=series if recipe_base_version(series)
                           else os.environ.get("RECIPE", "")))
    except subprocess.CalledProcessError as e:
        raise Unavailable("tree %s: no tarball of linux-source-%s %s "
                          "(scripts/fetch-lib.sh base_tarball_of: %s)" %
                          (name, series, version,
                           e.stderr.decode().strip().splitlines()[-1:]))
    return out.decode().strip().splitlines()[-1]


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().split("\n")


class Trees:
    def __init__(self, allow_missing):
        self.cache = {}
        self.allow_missing = allow_missing
        self.applied = None

    def fork_applied(self):
        """[(patch file, commit)] of build/linux, checked against patches/."""
        if self.applied is None:
            f = os.path.join(LINUX, ".git", "fork-applied")
            if not os.path.isfile(f):
                raise Unavailable("build/linux has no fork-applied list: "
                                  "run make tree")
            self.applied = []
            for line in open(f):
                name, sha, commit = line.split()[:3]
                pf = os.path.join(ROOT, "patches", name)
                if not os.path.isfile(pf):
                    raise Unavailable("build/linux applied %s, which "
                                      "patches/ no longer has: run make tree"
                                      % name)
                if entry_hash(name) != sha:
                    raise Unavailable("build/linux is older than patches/%s:"
                                      " run make tree" % name)
                self.applied.append((name, commit))
        return self.applied

    def base_version(self):
        with open(os.path.join(ROOT, "patches", "base-version")) as f:
            return f.readline().strip()

    def fork_base_kernel(self):
        """Linux X.Y.Z of the fork-base commit, if it is the tested base."""
        try:
            msg = run(["git", "-C", LINUX, "log", "-1", "--format=%s",
                       "fork-base"], stderr=subprocess.DEVNULL).decode()
        except (subprocess.CalledProcessError, FileNotFoundError):
            return None
        if self.base_version() not in msg:
            return None
        m = re.match(r"Linux (\S+) ", msg)
        return m.group(1) if m else None

    def get(self, name):
        name = re.sub(r"\s+", " ", name)
        if name not in self.cache:
            try:
                self.cache[name] = self.make(name)
            except Unavailable as e:
                self.cache[name] = e
        t = self.cache[name]
        if isinstance(t, Unavailable):
            raise t
        return t

    def make(self, name):
        if name == "this repository":
            return RepoTree(name)
        if name == "fork-base":
            if self.fork_base_kernel():
                return GitTree(name, "fork-base")
            return TarTree(name, self.base_version())
        if name == "the fork":
            commit = self.fork_applied()[-1][1]
            return GitTree(name, commit)
        m = re.match(r"patch (\d+)$", name)
        if m:
            for pname, commit in self.fork_applied():
                if int(pname[:4]) == int(m.group(1)):
                    return GitTree(name, commit)
            raise Unavailable("tree %s: no such patch in build/linux" % name)
        if re.match(r"\d+\.\d+\.\d+$", name):
            if self.fork_base_kernel() == name:
                return GitTree(name, "fork-base")
            return TarTree(name, self.debian_version(name))
        raise Unavailable("unknown tree %r" % name)

    def debian_version(self, kernel):
        """The Debian linux-source version of Linux KERNEL: the tested
        base's Debian suffix if build/debs has it, else any there."""
        series = ".".join(kernel.split(".")[:2])
        suffix = self.base_version().split("-", 1)[1]
        debs = os.path.join(ROOT, "build", "debs")
        pref = "%s-%s" % (kernel, suffix)
        have = []
        if os.path.isdir(debs):
            for f in sorted(os.listdir(debs)):
                m = re.match(r"linux-source-%s_(%s-[^_]+?)(?:_all\.deb|"
                             r"\.tar\.xz)$" % (re.escape(series),
                                               re.escape(kernel)), f)
                if m:
                    have.append(m.group(1))
        if not have:
            # another recipe's tested base (patches/SERIES/base-version),
            # fetched through that recipe's suites
            tested = recipe_base_version(series)
            if tested and tested.split(":")[-1].split("-")[0] == kernel:
                return tested
        if not have and series != ".".join(
                self.base_version().split(".")[:2]):
            return kernel      # unknown: tarball_of says so
        if pref in have or not have:
            return pref
        return have[-1]

    def for_patch(self, fname):
        base = os.path.basename(fname)
        if base.startswith("0000-"):
            return "fork-base"
        applied = self.fork_applied()
        for i, (pname, commit) in enumerate(applied):
            if pname == base:
                if i == 0:
                    return "fork-base"
                return "patch %s" % applied[i - 1][0][:4]
        raise Unavailable("%s is not applied in build/linux: run make tree"
                          % base)


# --- scanning ---------------------------------------------------------

def scanned_files():
    out = []
    for top in ("Documentation", "labs", "mm", "include"):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                out.append(os.path.relpath(os.path.join(d, f), ROOT))
    pdir = os.path.join(ROOT, "patches")
    out += ["patches/" + f for f in sorted(os.listdir(pdir))
            if f.endswith(".patch")]
    out.append("README.md")
    return sorted(out)


def text_of(path, shown):
    """The text to scan, with lines that are not scanned blanked (so that
    offsets still give line numbers): for a patch, the message and the
    added lines."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError:
        return None
    head = "\n".join(text.split("\n")[:3])
    if re.search(r"Generated by .*Do not edit", head):
        return None
    if not shown.endswith(".patch"):
        return text
    lines = text.split("\n")
    out = []
    in_diff = False
    for line in lines:
        if line == "---" or line.startswith("diff --git "):
            in_diff = True
            out.append("")
            continue
        if not in_diff:
            out.append(line)
        elif line.startswith("+") and not line.startswith("+++"):
            out.append(" " + line[1:])
        else:
            out.append("")
    return "\n".join(out)


def identifiers(text):
    """Names in TEXT: the words of ``literals`` (and of `literals`, outside
    RST, where single backquotes are links and roles), foo() names, words
    with an underscore, upper-case symbols."""
    ids = []
    lits = [r"``(.+?)``"]
    if not RST:
        lits.append(r"`([^`\n]+)`")
    plain = text
    for lit_re in lits:
        for m in re.finditer(lit_re, plain, re.S):
            ids += re.findall(r"[A-Za-z_][A-Za-z0-9_]{2,}", m.group(1))
        plain = re.sub(lit_re, " ", plain, flags=re.S)
    if RST:
        plain = re.sub(r"`[^`]*`_*", " ", plain)
    ids += re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\(\)", plain)
    ids += re.findall(r"(?<![\w-])([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+)"
                      r"(?![\w-])", plain)
    ids += re.findall(r"(?<![\w-])([A-Z][A-Z0-9_]{2,})(?![\w-])", plain)
    seen = []
    for i in ids:
        if i not in STOP and i not in seen and not i.isdigit():
            seen.append(i)
    return seen


class Citation:
    def __init__(self, src, line, start, end, path, first, last):
        self.src, self.line = src, line
        self.start, self.end = start, end
        self.path, self.first, self.last = path, first, last
        self.tree = None
        self.ids = []
        self.group = None

    def claim(self):
        n = str(self.first) if self.last is None else \
            "%d-%d" % (self.first, self.last)
        return "%s:%s" % (self.path, n)


def citations_in(src, text):
    """Citations of TEXT, in order, with their continuations."""
    out = []
    last_path = None
    for m in CITE_RE.finditer(text):
        if m.group(1):
            path, a, b = m.group(1), m.group(2), m.group(3)
            last_path = path
        else:
            if last_path is None:
                path = None
            else:
                path = last_path
            a, b = m.group(4), m.group(5)
        line = text.count("\n", 0, m.start()) + 1
        out.append(Citation(src, line, m.start(), m.end(), path, int(a),
                            int(b) if b else None))
        pos = m.end()
        while True:
            c = CONT_RE.match(text, pos)
            if not c:
                break
            out.append(Citation(src, text.count("\n", 0, c.start()) + 1,
                                c.start(), c.end(), path, int(c.group(1)),
                                int(c.group(2)) if c.group(2) else None))
            pos = c.end()
    return out


def clause_start(text, pos, floor):
    start = floor
    for b in BOUNDARY_RE.finditer(text, floor, pos):
        start = b.end()
    return start


def annotate(src, text, cits, default):
    # groups: joined by "," or "and" (or a continuation)
    groups = []
    for c in cits:
        if groups and GROUP_GAP_RE.match(text[groups[-1][-1].end:c.start]) \
                and "\n\n" not in text[groups[-1][-1].end:c.start]:
            groups[-1].append(c)
        else:
            groups.append([c])
    prev_end = 0
    for g in groups:
        first, last = g[0], g[-1]
        # tree
        tree = None
        m = AFTER_TREE_RE.match(text, last.end)
        if m:
            tree = m.group(1)
        else:
            m = BEFORE_TREE_RE.search(text, max(0, first.start - 40),
                                      first.start)
            if m:
                tree = m.group(1)
        tree = re.sub(r"\s+", " ", tree) if tree else default
        # identifiers: back to the previous citation or the clause start
        cstart = clause_start(text, first.start, 0)
        lo = max(cstart, prev_end)
        # (a context that starts right after a citation in ``...`` starts
        # with the literal's closing quotes)
        before = text[lo:first.start].lstrip("`")
        after = ""
        depth = text.count("(", lo, first.start) - \
            text.count(")", lo, first.start)
        if depth > 0 or text[first.start - 1:first.start] == "(":
            close = text.find(")", last.end)
            if close != -1:
                after = text[last.end:close].lstrip("`")
                after = re.split(r"[.;]\s", after)[0]
        ids = identifiers(before) + [i for i in identifiers(after)
                                     if i not in identifiers(before)]
        if not ids and not before.strip(" \n`(") and \
                ROW_RE.search(text, 0, first.start):
            # the whole of a table cell: the row's first cell
            row = list(ROW_RE.finditer(text, 0, first.start))[-1]
            cell_end = re.compile(r"\n\s*-\s").search(text, row.end())
            end = first.start
            if cell_end and cell_end.start() < end:
                end = cell_end.start()
            ids = identifiers(text[row.end():end])
        for c in g:
            c.tree, c.ids = tree, ids
        prev_end = last.end


def inside_function(lines, name, line):
    """Whether LINE (1-based) is in the body of C function NAME: its
    definition starts at column 0 above LINE, and no "}" at column 0
    closes it before LINE."""
    r = re.compile(r"^(?:[A-Za-z_].*)?(?<![\w])" + re.escape(name) + r"\(")
    for i in range(min(line, len(lines)) - 1, -1, -1):
        t = lines[i]
        if t.startswith("}") and i != line - 1:
            return False
        if r.match(t) and not t.rstrip().endswith(";"):
            return True
    return False


def check(cit, trees, allow_missing):
    """None if the citation holds, else (what, what is there)."""
    if cit.path is None:
        return "a bare :LINE with no path cited before it", None
    if not cit.tree and cit.tree_err:
        return cit.tree_err, None
    if not cit.tree:
        return "no tree: name one next to it or a file default " \
            "(citations: TREE)", None
    if not cit.ids:
        return "no identifier next to it to match", None
    try:
        lines = trees.get(cit.tree).lines(cit.path)
    except Unavailable as e:
        if cit.tree in allow_missing:
            return "UNCHECKED", str(e)
        return str(e), None
    if lines is None:
        return "%s is not in %s" % (cit.path, cit.tree), None
    n = len(lines) - (1 if lines and lines[-1] == "" else 0)
    if cit.last is None:
        lo, hi = cit.first - TOLERANCE, cit.first + TOLERANCE
    else:
        lo, hi = cit.first, cit.last
        if hi < lo:
            return "the range ends before it starts", None
    if cit.first > n or (cit.last or 0) > n:
        return "past the end of the file (%d lines)" % n, None
    lo, hi = max(1, lo), min(n, hi)
    window = lines[lo - 1:hi]
    for ident in cit.ids:
        names = [ident]
        if ident.startswith("CONFIG_"):
            names.append(ident[len("CONFIG_"):])
        for name in names:
            r = re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])")
            if any(r.search(w) for w in window):
                return None
    if cit.path.endswith((".c", ".h")):
        for ident in cit.ids:
            if inside_function(lines, ident, cit.first):
                return None
    if cit.last is None:
        there = [lines[cit.first - 1]]
    else:
        there = lines[cit.first - 1:cit.last][:4]
        if cit.last - cit.first >= 4:
            there.append("...")
    return "none of the identifiers is there", there


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--allow-missing", action="append", default=[],
                    metavar="TREE", help="a tree that cannot be had is "
                    "not a failure (its citations are not checked)")
    ap.add_argument("--as", dest="as_name", metavar="NAME",
                    help="report the one FILE under this name")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every citation checked")
    ap.add_argument("files", nargs="*", help="files to check (default: "
                    "the scanned set, see the top of this file)")
    args = ap.parse_args()
    trees = Trees(args.allow_missing)
    files = args.files or scanned_files()
    checked = failed = unchecked = 0
    per_tree = {}
    for f in files:
        path = f if os.path.isabs(f) else os.path.join(ROOT, f)
        shown = args.as_name or os.path.relpath(path, ROOT)
        text = text_of(path, shown)
        if text is None:
            continue
        global RST
        RST = shown.endswith((".rst", ".inc"))
        cits = citations_in(shown, text)
        if not cits:
            continue
        m = DEFAULT_RE.search(text)
        default = re.sub(r"\s+", " ", m.group(1)) if m else None
        default_err = None
        if default is None and shown.startswith("patches/"):
            try:
                default = trees.for_patch(shown)
            except Unavailable as e:
                default_err = "its default, the tree the patch applies " \
                    "to: %s" % e
        annotate(shown, text, cits, default)
        for c in cits:
            c.tree_err = default_err
        for c in cits:
            checked += 1
            per_tree[c.tree] = per_tree.get(c.tree, 0) + 1
            res = check(c, trees, args.allow_missing)
            if args.verbose:
                print("%s:%d: %s of %s [%s] %s" % (
                    shown, c.line, c.claim(), c.tree, " ".join(c.ids[:6]),
                    "ok" if res is None else "FAIL"))
            if res is None:
                continue
            why, there = res
            if why == "UNCHECKED":
                unchecked += 1
                print("%s:%d: %s of %s: not checked (--allow-missing): %s"
                      % (shown, c.line, c.claim(), c.tree, there))
                continue
            failed += 1
            print("%s:%d: %s of %s, naming %s: %s" % (
                shown, c.line, c.claim(), c.tree or "(no tree)",
                ", ".join(c.ids[:8]) or "(nothing)", why))
            for t in there or []:
                print("    there: " + t.strip())
    trees_s = ", ".join("%s %d" % (k or "none", v)
                        for k, v in sorted(per_tree.items(),
                                           key=lambda kv: str(kv[0])))
    print("citations: %d checked (%s), %d failed, %d not checked" %
          (checked - unchecked, trees_s, failed, unchecked))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
