#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check every path:line citation of kernel (or repository) source.

A citation is PATH:LINE or PATH:FIRST-LAST (PATH has at least one '/'),
optionally continued by ", LINE[-LAST]" (the same file), or a bare
":LINE[-LAST]" of at least two digits, which continues the last PATH cited
before it in the same file. In a comment, the ":LINE" may start the next
line of the comment ("mm/khugepaged.c" at the end of one line, ":1698" at
the start of the next).

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
a ";"-clause, a paragraph or a table cell), plus the rest of the
parenthesis the citation sits in. Identifiers are foo() names, &foo, the
words of ``literals`` (and of `literals` outside RST), words with an
underscore, and upper-case symbols; C and Kconfig keywords, common English
words and prose acronyms are not (STOP below). A citation that is the
whole of a table cell takes the identifiers of the row's first cell; one
that opens its clause with nothing else before it ("mm/memory.c:2005,
zap_pte_table_if_empty(): ..."), those of the rest of the clause.

What must be there, with no tolerance:

  PATH:LINE           one of the identifiers, on LINE itself;
  PATH:FIRST-LAST     one of them on FIRST or on LAST (a range starts or
                      ends at what it is cited for); a range of more than
                      12 lines must name what is on FIRST. (Any line of a
                      range was too weak: moved by 5 lines, a range of
                      8 still holds most of what it held; --mutate below.)

An identifier is there when the line writes it as a whole word (a
CONFIG_FOO also matches FOO, as Kconfig writes it). So a function's name
matches its definition line, a call, a comment that names it, and no line
of its body that does not write it. A line (or a range's first line) may
also be the return type of a definition whose name, at column 0 within
the next two lines, is one of the identifiers ("static int" above
"foo(...)").

A group of citations joined by "," or "and" (A:10, 18, 28) shares the
text's identifiers and tree, and each citation is checked on its own
lines. When the text names exactly as many identifiers as the group has
citations, the k-th citation must hold the k-th identifier ("``A``,
``B`` and ``C`` (f.c:10, 18, 28)"); otherwise each must hold one of them.

Anything that cannot be checked fails: no identifier next to the
citation, no tree, an unknown tree, a tree that cannot be had (unless
--allow-missing TREE), a file not in the tree, a line past its end.

--mutate measures the rules on today's citations: every citation that
holds is moved by +5, +15 and -40 lines (a range keeps its length; the
first line stays at 1 or more) and checked again, with its group. The
share of moved citations still accepted is printed for each shift and
tree; above 5 % at any shift the run fails: the rules would not see a
citation drift.

--pin FILE compares each citation with a record of what it cited when a
human last read it: TREE, PATH:LINES, a hash of the cited lines and the
first of them. Any difference fails, and names the citing lines to re-read
(the base moved, a patch changed the cited code, a page cites something
new, or nothing cites a pinned line any more). --write-pin FILE rewrites
the record after that re-read (make citations-pin); it refuses while a
citation fails. A tree that cannot be had keeps its old entries.

Scanned: Documentation/ (pages, transcripts), patches/*.patch (the
message and the lines the patch adds), README.md, labs/ (the model's .pml
files too), mm/, include/, diagrams/, and the comments of scripts/
(scripts/coccinelle/ too): whole-line comments, "#" or, in .cocci files,
"//". A file that says in its first lines that it is generated
("Generated by ... Do not edit") is skipped: its citations are checked in
its source (Documentation/mm/pte-nolock/model-scenarios.inc:
labs/model/scenarios/). Transcripts are lab output and have no default: a
citation there must name its tree.

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
LONG_RANGE = 12          # a longer range names what is on its first line
SHIFTS = (5, 15, -40)    # the mutation check's moves
MUTATION_LIMIT = 5.0     # per cent of moved citations still accepted
RST = False     # whether the file being scanned is reStructuredText

TREE_RE = (r"(?:fork-base|the\s+fork|patch\s+\d{2,4}|\d+\.\d+\.\d+"
           r"|this\s+repository)")
PATH_RE = r"(?<![\w/.@-])((?:[A-Za-z0-9_.+-]+/)+[A-Za-z0-9_.+-]*[A-Za-z0-9_+-])"
NUM_RE = r"(\d+)(?:-(\d+))?"
CITE_RE = re.compile(
    PATH_RE + r"(?:\n[ \t]*)?:" + NUM_RE + r"(?![\w:/])"
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
# a clause ends at a period before a space (not the one of "e.g." or
# "i.e."), a ";", a blank line, or a list item / table cell
BOUNDARY_RE = re.compile(
    r"(?:(?<!e\.g)(?<!i\.e)\.(?=\s)|;(?=\s)|\n\s*\n"
    r"|\n\s*(?:\*\s+)?-\s|^\s*(?:\*\s+)?-\s)")
ROW_RE = re.compile(r"\n\s*\*\s+-\s")
# the comment leader of a line outside RST and Markdown, blanked so that a
# citation may run on to the next line of its comment
LEADER_RE = re.compile(r"^([ \t]*)(//+|#+|/\*+|\*(?!/))", re.M)

# Words that name nothing in the source, or too much: prose acronyms, C
# and Kconfig keywords, common English words.
STOP = set("""
THP THPs RCU TLB GUP VMA VMAs PTE PTEs PMD CPU CPUs ARM MGLRU KASAN
QEMU GDB LRU API RST SPIN UFFD NOTE TCG NULL
auto break case char const continue default define defined do double elif
else endif enum error extern float for goto if ifdef ifndef include inline
int long register restrict return short signed sizeof static struct
switch typedef typeof undef union unsigned void volatile while bool true
false asm
config menuconfig choice endchoice comment menu endmenu source depends on
select imply prompt help tristate string hex def_bool def_tristate range
visible modules
the and for not nor with that this these those from when which then than
into onto only also each every none some all any are was were has have
had its but can may must will would should could does did done been being
over under after before while until since because both either neither
other another same such more most less least just very here there where
what who whom whose how why yes one two three first last next back out off
per via get got set see let use used uses now new old own our you your
they them their start end begin
""".split())


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
    for top in ("Documentation", "labs", "mm", "include", "diagrams",
                "scripts"):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                out.append(os.path.relpath(os.path.join(d, f), ROOT))
    pdir = os.path.join(ROOT, "patches")
    out += ["patches/" + f for f in sorted(os.listdir(pdir))
            if f.endswith(".patch")]
    out.append("README.md")
    return sorted(out)


def patch_text(text):
    """A patch's message and the lines it adds; other lines blanked."""
    out = []
    in_diff = False
    for line in text.split("\n"):
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


def comments_text(text, shown):
    """A script's whole-line comments ("//" in a .cocci file, "#" in any
    other, not "#!"); other lines blanked."""
    leader = "//" if shown.endswith(".cocci") else "#"
    out = []
    for line in text.split("\n"):
        s = line.lstrip()
        keep = s.startswith(leader) and not s.startswith("#!")
        out.append(line if keep else "")
    return "\n".join(out)


def text_of(path, shown):
    """The text to scan, with lines that are not scanned blanked (so that
    offsets still give line numbers), and outside RST and Markdown the
    comment leaders blanked; None for a file not scanned."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError:
        return None
    head = "\n".join(text.split("\n")[:3])
    if re.search(r"Generated by .*Do not edit", head):
        return None
    if shown.endswith(".patch"):
        return patch_text(text)
    if shown.startswith("scripts/"):
        text = comments_text(text, shown)
    if shown.endswith((".rst", ".inc", ".md")):
        return text
    return LEADER_RE.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def identifiers(text):
    """Names in TEXT: the words of ``literals`` (and of `literals`, outside
    RST, where single backquotes are links and roles), foo() names, &foo,
    words with an underscore, upper-case symbols; none of STOP."""
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
    ids += re.findall(r"(?<![\w&])&([A-Za-z_][A-Za-z0-9_]*)", plain)
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
        self.tree_err = None
        self.ids = []
        self.group = [self]

    def claim(self):
        n = str(self.first) if self.last is None else \
            "%d-%d" % (self.first, self.last)
        return "%s:%s" % (self.path, n)

    def where(self):
        return "%s:%d" % (self.src, self.line)

    def moved(self, by):
        """A copy moved by BY lines (a range keeps its length), in a copy
        of its group."""
        first = max(1, self.first + by)
        c = Citation(self.src, self.line, self.start, self.end, self.path,
                     first, None if self.last is None
                     else self.last + first - self.first)
        c.tree, c.tree_err, c.ids = self.tree, self.tree_err, self.ids
        c.group = [c if m is self else m for m in self.group]
        return c


def citations_in(src, text):
    """Citations of TEXT, in order, with their continuations."""
    out = []
    last_path = None
    for m in CITE_RE.finditer(text):
        if m.group(1):
            path, a, b = m.group(1), m.group(2), m.group(3)
            last_path = path
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


def groups_of(text, cits):
    """Citations joined by "," or "and" (or a continuation)."""
    groups = []
    for c in cits:
        gap = text[groups[-1][-1].end:c.start] if groups else None
        if gap is not None and GROUP_GAP_RE.match(gap) and "\n\n" not in gap:
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def tree_of(text, first, last, default):
    m = AFTER_TREE_RE.match(text, last.end)
    if not m:
        m = BEFORE_TREE_RE.search(text, max(0, first.start - 40),
                                  first.start)
    return re.sub(r"\s+", " ", m.group(1)) if m else default


def context_ids(text, first, last, prev_end):
    """The identifiers a group names: the text back to the previous
    citation or the clause start, and the rest of its parenthesis."""
    lo = max(clause_start(text, first.start, 0), prev_end)
    before = text[lo:first.start]
    if prev_end and lo == prev_end:
        # right after a citation in ``...``: its closing quotes
        before = before.lstrip("`")
    after = ""
    depth = text.count("(", lo, first.start) - \
        text.count(")", lo, first.start)
    if depth > 0 or text[first.start - 1:first.start] == "(":
        close = text.find(")", last.end)
        if close != -1:
            after = text[last.end:close].lstrip("`")
            after = re.split(r"[.;]\s", after)[0]
    ids = identifiers(before)
    ids += [i for i in identifiers(after) if i not in ids]
    if not ids and not before.strip(" \n`(#/*"):
        # a citation that opens its clause: the rest of the clause
        # ("PATH:LINE, foo(): ...")
        b = BOUNDARY_RE.search(text, last.end)
        ids = identifiers(text[last.end:b.start() if b else len(text)])
    if not ids and not before.strip(" \n`(") and \
            ROW_RE.search(text, 0, first.start):
        # the whole of a table cell: the row's first cell
        row = list(ROW_RE.finditer(text, 0, first.start))[-1]
        cell_end = re.compile(r"\n\s*-\s").search(text, row.end())
        end = first.start
        if cell_end and cell_end.start() < end:
            end = cell_end.start()
        ids = identifiers(text[row.end():end])
    return ids


def annotate(text, cits, default):
    prev_end = 0
    for g in groups_of(text, cits):
        first, last = g[0], g[-1]
        tree = tree_of(text, first, last, default)
        ids = context_ids(text, first, last, prev_end)
        for c in g:
            c.tree, c.ids, c.group = tree, ids, g
        prev_end = last.end


# --- checking ---------------------------------------------------------

WORD_RES = {}


def writes(line, ident):
    """Whether LINE writes IDENT as a whole word (CONFIG_FOO: or FOO)."""
    names = [ident]
    if ident.startswith("CONFIG_"):
        names.append(ident[len("CONFIG_"):])
    for name in names:
        if name not in WORD_RES:
            WORD_RES[name] = re.compile(r"(?<![\w])" + re.escape(name) +
                                        r"(?![\w])")
        if WORD_RES[name].search(line):
            return True
    return False


def return_type_of(lines, ln, ident):
    """Whether line LN starts, at column 0, the definition of IDENT whose
    name opens one of the next two lines ("static int" / "foo(...)")."""
    t = lines[ln - 1]
    if not re.match(r"[A-Za-z_]", t) or t.rstrip().endswith((";", "{")):
        return False
    for nxt in lines[ln:ln + 2]:
        if nxt.startswith(ident + "("):
            return True
        if not re.match(r"[A-Za-z_]", nxt) or nxt.rstrip().endswith(";"):
            return False
    return False


def searched(cit, tolerance):
    """The lines (1-based) that must hold an identifier: the line; a
    range's first or last line; a long range's first line."""
    def near(ln):
        return range(ln - tolerance, ln + tolerance + 1)
    if cit.last is None or cit.last - cit.first + 1 > LONG_RANGE:
        return near(cit.first)
    return list(near(cit.first)) + list(near(cit.last))


def holds(cit, lines, ident, tolerance):
    for ln in searched(cit, tolerance):
        if 1 <= ln <= len(lines) and (
                writes(lines[ln - 1], ident) or
                (ln == cit.first and return_type_of(lines, ln, ident))):
            return True
    return False


class Checker:
    def __init__(self, trees, tolerance=0):
        self.trees = trees
        self.tolerance = tolerance

    def lines_of(self, cit):
        """(lines, None), or (None, (why, there)) if they cannot be had."""
        if cit.path is None:
            return None, ("a bare :LINE with no path cited before it", None)
        if not cit.tree:
            return None, (cit.tree_err or "no tree: name one next to it or "
                          "a file default (citations: TREE)", None)
        try:
            lines = self.trees.get(cit.tree).lines(cit.path)
        except Unavailable as e:
            if cit.tree in self.trees.allow_missing:
                return None, ("UNCHECKED", str(e))
            return None, (str(e), None)
        if lines is None:
            return None, ("%s is not in %s" % (cit.path, cit.tree), None)
        n = len(lines) - (1 if lines and lines[-1] == "" else 0)
        if cit.last is not None and cit.last < cit.first:
            return None, ("the range ends before it starts", None)
        if max(cit.first, cit.last or 0) > n:
            return None, ("past the end of the file (%d lines)" % n, None)
        return lines[:n], None

    def check(self, cit):
        """None if the citation holds, else (why, the lines cited)."""
        lines, err = self.lines_of(cit)
        if err:
            return err
        if not cit.ids:
            return "no identifier next to it to match", None
        group = cit.group
        own = cit.ids
        if len(group) > 1 and len(cit.ids) == len(group):
            own = [cit.ids[group.index(cit)]]
        if any(holds(cit, lines, i, self.tolerance) for i in own):
            return None
        if cit.last is None:
            there = [lines[cit.first - 1]]
        else:
            there = lines[cit.first - 1:cit.last][:4]
            if cit.last - cit.first >= 4:
                there.append("...")
        if own is not cit.ids:
            why = "citation %d of %d, which name %d identifiers, must " \
                "hold its own, %s" % (group.index(cit) + 1, len(group),
                                      len(group), own[0])
        elif cit.last is not None and cit.last - cit.first + 1 > LONG_RANGE:
            why = "a range of more than %d lines must name what is on " \
                "its first line" % LONG_RANGE
            there = there[:1]
        elif cit.last is not None:
            why = "a range must name what is on its first or last line"
            there = [lines[cit.first - 1], "...", lines[cit.last - 1]]
        else:
            why = "none of the identifiers is there"
        return why, there

    def pin_of(self, cit):
        """(hash, first cited line) of a citation whose lines can be had."""
        lines, err = self.lines_of(cit)
        if err:
            return None
        cited = lines[cit.first - 1:(cit.last or cit.first)]
        h = hashlib.sha1("\n".join(cited).encode()).hexdigest()[:12]
        return h, " ".join(cited[0].split())[:100]


# --- the mutation check -----------------------------------------------

def mutation(checker, accepted, verbose):
    """Move each accepted citation by each of SHIFTS; print the share
    still accepted per shift and tree; return the worst share (%)."""
    worst = 0.0
    figures = []
    for by in SHIFTS:
        per_tree = {}
        for c in accepted:
            m = c.moved(by)
            ok = checker.check(m) is None
            t = per_tree.setdefault(c.tree, [0, 0])
            t[0] += ok
            t[1] += 1
            if ok and verbose:
                print("mutation %+d: %s: %s of %s still accepted [%s]" % (
                    by, c.where(), m.claim(), c.tree, " ".join(c.ids[:6])))
        kept = sum(t[0] for t in per_tree.values())
        share = 100.0 * kept / len(accepted) if accepted else 0.0
        worst = max(worst, share)
        print("mutation %+d: %d/%d still accepted (%.1f%%): %s" % (
            by, kept, len(accepted), share, ", ".join(
                "%s %d/%d" % (k, v[0], v[1])
                for k, v in sorted(per_tree.items()))))
        figures.append("%+d %.1f%%" % (by, share))
    return worst, ", ".join(figures)


# --- the pin ----------------------------------------------------------

PIN_HEAD = """\
# Generated by scripts/check-citations.py --write-pin (make citations-pin)
# after a human re-read every citation. Do not edit.
# TREE<TAB>PATH:LINES<TAB>sha1 of the cited lines (12)<TAB>the first line
"""


def pins_of(checker, cits):
    """{(tree, claim): (hash, text, [citing places])}."""
    out = {}
    for c in cits:
        p = checker.pin_of(c)
        if p is None:
            continue
        key = (c.tree, c.claim())
        out.setdefault(key, (p[0], p[1], []))[2].append(c.where())
    return out


def read_pin(path):
    pins = {}
    if not os.path.isfile(path):
        return pins
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                die("%s:%d: not TREE, PATH:LINES, HASH, TEXT (tab-separated)"
                    % (path, n))
            pins[(parts[0], parts[1])] = (parts[2], parts[3])
    return pins


def write_pin(path, now, old, unavailable):
    keep = {k: v for k, v in old.items() if k[0] in unavailable}
    rows = dict(keep)
    rows.update({k: (v[0], v[1]) for k, v in now.items()})
    with open(path, "w", encoding="utf-8") as f:
        f.write(PIN_HEAD)
        for (tree, claim), (h, text) in sorted(rows.items()):
            f.write("%s\t%s\t%s\t%s\n" % (tree, claim, h, text))
    return len(rows)


def compare_pin(path, now, unavailable, whole):
    """Print each difference; return how many."""
    old = read_pin(path)
    if not old and not os.path.isfile(path):
        print("pin: %s does not exist: make citations-pin writes it" % path)
        return 1
    diffs = []
    for key, (h, text, where) in sorted(now.items()):
        tree, claim = key
        if key not in old:
            diffs.append("%s cites %s of %s, not pinned: `%s`" % (
                ", ".join(where), claim, tree, text))
        elif old[key][0] != h:
            diffs.append("%s cites %s of %s, which changed: pinned `%s`, "
                         "now `%s`" % (", ".join(where), claim, tree,
                                       old[key][1], text))
    if whole:
        for key in sorted(set(old) - set(now)):
            if key[0] not in unavailable:
                diffs.append("%s of %s is pinned, but nothing cites it now"
                             " (`%s`)" % (key[1], key[0], old[key][1]))
    for d in diffs:
        print("pin: " + d)
    if diffs:
        print("pin: %d citations differ from %s: re-read each in its tree "
              "(the citing text must still hold for what is there now), "
              "fix the page if not, then run make citations-pin and commit "
              "%s" % (len(diffs), os.path.relpath(path, ROOT),
                      os.path.relpath(path, ROOT)))
    return len(diffs)


# --- main -------------------------------------------------------------

def scan(files, as_name, trees):
    """Every citation of FILES, annotated."""
    global RST
    out = []
    for f in files:
        path = f if os.path.isabs(f) else os.path.join(ROOT, f)
        if not os.path.isfile(path):
            die("%s: no such file" % f)
        shown = as_name or os.path.relpath(path, ROOT)
        text = text_of(path, shown)
        if text is None:
            continue
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
        annotate(text, cits, default)
        for c in cits:
            c.tree_err = default_err
        out += cits
    return out


def prefetch(trees, cits):
    """Load each tree's cited files at once (one tar run per tarball)."""
    want = {}
    for c in cits:
        if c.tree and c.path:
            want.setdefault(c.tree, set()).add(c.path)
    for name, paths in sorted(want.items()):
        try:
            trees.get(name).load(sorted(paths))
        except Unavailable:
            pass      # each citation says so


def report(checker, cits, verbose):
    """Check every citation; print failures; return (accepted, failed,
    unchecked, trees that cannot be had)."""
    accepted, failed, unchecked, unavailable = [], [], [], set()
    for c in cits:
        res = checker.check(c)
        if verbose:
            print("%s: %s of %s [%s] %s" % (
                c.where(), c.claim(), c.tree, " ".join(c.ids[:6]),
                "ok" if res is None else "FAIL"))
        if res is None:
            accepted.append(c)
            continue
        why, there = res
        if why == "UNCHECKED":
            unchecked.append(c)
            unavailable.add(c.tree)
            print("%s: %s of %s: not checked (--allow-missing): %s"
                  % (c.where(), c.claim(), c.tree, there))
            continue
        failed.append(c)
        print("%s: %s of %s, naming %s: %s" % (
            c.where(), c.claim(), c.tree or "(no tree)",
            ", ".join(c.ids[:8]) or "(nothing)", why))
        for t in there or []:
            print("    there: " + t.strip())
    return accepted, failed, unchecked, unavailable


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--allow-missing", action="append", default=[],
                    metavar="TREE", help="a tree that cannot be had is "
                    "not a failure (its citations are not checked)")
    ap.add_argument("--as", dest="as_name", metavar="NAME",
                    help="report the one FILE under this name")
    ap.add_argument("--mutate", action="store_true",
                    help="also move every accepted citation by %s lines; "
                    "fail if more than %g%%%% are still accepted" % (
                        ", ".join("%+d" % s for s in SHIFTS),
                        MUTATION_LIMIT))
    ap.add_argument("--pin", metavar="FILE",
                    help="fail on any difference from this pin file")
    ap.add_argument("--write-pin", metavar="FILE",
                    help="rewrite this pin file (the whole scanned set)")
    ap.add_argument("--tolerance", type=int, default=0, metavar="N",
                    help="accept an identifier N lines away (only to show "
                    "that --mutate fails on a weak rule)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every citation checked (and, with --mutate,"
                    " every moved one still accepted)")
    ap.add_argument("files", nargs="*", help="files to check (default: "
                    "the scanned set, see the top of this file)")
    args = ap.parse_args()
    if args.as_name and len(args.files) != 1:
        die("--as NAME takes exactly one FILE")
    if args.write_pin and args.files:
        die("--write-pin pins the whole scanned set: give no FILE")
    if args.tolerance < 0:
        die("--tolerance takes a number of lines, 0 or more")
    trees = Trees(args.allow_missing)
    cits = scan(args.files or scanned_files(), args.as_name, trees)
    prefetch(trees, cits)
    checker = Checker(trees, args.tolerance)
    accepted, failed, unchecked, unavailable = report(checker, cits,
                                                      args.verbose)
    per_tree = {}
    for c in accepted + failed:
        per_tree[c.tree] = per_tree.get(c.tree, 0) + 1
    summary = "citations: %d checked (%s), %d failed, %d not checked" % (
        len(accepted) + len(failed), ", ".join(
            "%s %d" % (k or "none", v)
            for k, v in sorted(per_tree.items(), key=lambda kv: str(kv[0]))),
        len(failed), len(unchecked))
    bad = bool(failed)
    if args.mutate:
        worst, figures = mutation(checker, accepted, args.verbose)
        summary += "; moved and still accepted: %s (limit %g%%)" % (
            figures, MUTATION_LIMIT)
        if worst > MUTATION_LIMIT:
            print("mutation: more than %g%% of the moved citations are still "
                  "accepted: the rules would not see them drift (-v lists "
                  "them; name what only the cited line holds)" %
                  MUTATION_LIMIT)
            bad = True
    if args.pin:
        now = pins_of(checker, accepted)
        n = compare_pin(args.pin, now, unavailable, not args.files)
        summary += "; pin: %d of %d cited lines differ" % (n, len(now))
        bad = bad or n > 0
    if args.write_pin:
        if failed:
            print(summary)
            die("not pinning while %d citations fail" % len(failed))
        n = write_pin(args.write_pin, pins_of(checker, accepted),
                      read_pin(args.write_pin), unavailable)
        summary += "; pinned %d in %s" % (
            n, os.path.relpath(args.write_pin, ROOT))
    print(summary)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
