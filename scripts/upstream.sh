#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make upstream (RECIPE=7.3): the khugepaged fix and its selftest as a
# submission, in build/upstream/, written by 'git format-patch
# --cover-letter' from a worktree of the 7.3 tree's base (tag fork-base)
# with patches/7.3/upstream/ applied, then checked.  It never sends mail.
#
#   scripts/upstream.sh              the submission and every check
#   scripts/upstream.sh selftest-lab make check's part: the selftest on
#                                    lab 6's two kernels (7.3.4's step 4
#                                    must fail it, the fork's fix pass it)
#   scripts/upstream.sh measure KERNEL_DIR NAME [CPUS]
#                                    one exposure row: the selftest on a
#                                    kernel built elsewhere, recorded as
#                                    czr-NAME, not asserted
#
# The patches in patches/7.3/upstream/ carry no author and no sign-off: a
# person adds them by sending.  Author and Signed-off-by come from 'git
# config user.name/user.email' when both are set and the address can
# receive mail (not at a domain reserved by RFC 2606/6761: example.*,
# *.example, *.invalid, *.test, *.localhost); otherwise the files have
# neither, and one line says a person must sign off.
#
# Checks, each one line: the fix's diff is the queue's 0003 diff;
# checkpatch --strict; git am on the base; the kernel build (the base with
# the selftest only, and with the fix too); the selftest on both, booted in
# QEMU: it must fail on the first and pass on the second.
#
# Environment: UPSTREAM_KERNELS=0 skips the kernels and the selftest runs;
# CZR_ARGS (default "-n 2000 -t 60") are the selftest's options on the
# fixed kernel (the unfixed run stops at the first failure).  Who is
# exposed is measured, not asserted: both kernels again on one vCPU, and
# with UPSTREAM_UP=1 two more kernels built without SMP, preemptible
# (labs/smp-off.config), run on one vCPU.  Each run's console log and the
# record of its result lines are kept in build/upstream/records/.

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"

[ "$RECIPE" = 7.3 ] || die "make upstream is written for today's kernel: run it with RECIPE=7.3"
mode=${1:-all}
case $mode in
all | selftest-lab | measure) ;;
*) die "usage: scripts/upstream.sh [selftest-lab | measure KERNEL_DIR NAME [CPUS]]" ;;
esac
need_tree

UP=$RECIPE_PATCHES/upstream
OUT=${UPSTREAM_OUT:-$FORK_ROOT/build/upstream}
SRC=$BUILD/upstream-src
HDR=$BUILD/upstream-headers
UNFIXED_KBUILD=$BUILD/kernel-upstream-base
FIXED_KBUILD=$BUILD/kernel-upstream-fixed
STANDIN='make upstream <upstream@fork.invalid>'
CZR_ARGS=${CZR_ARGS:--n 2000 -t 60}
base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
mapfile -t patches < <(grep -vE '^(#|$)' "$UP/series" | sed "s|^|$UP/|")
[ "${#patches[@]}" = 2 ] || die "$UP/series must list the fix and the selftest"

# ok/fail MESSAGE: one result line each; fail counts.
failed=0
ok() { echo "upstream: ok: $*"; }
fail() {
	echo "upstream: FAIL: $*"
	failed=$((failed + 1))
}

# The identity a submission is sent by, or nothing.
identity() {
	local name email
	name=$(git -C "$FORK_ROOT" config user.name || true)
	email=$(git -C "$FORK_ROOT" config user.email || true)
	[ -n "$name" ] && [ -n "$email" ] || return 0
	case ${email##*@} in
	example.com | example.net | example.org | *.example | *.invalid | *.test | *.localhost | localhost)
		note "git config user.email '$email' is at a reserved domain that receives no mail: not signing with it"
		return 0
		;;
	esac
	echo "$name <$email>"
}

# prepare_src: the worktree $SRC at the base, with two branches made from
# patches/7.3/upstream/: upstream-fixed (fix + selftest) and
# upstream-unfixed (the selftest alone).  A checkout rewrites only the files
# that differ, so the kernels built from $SRC rebuild only what changed.
prepare_src() {
	local author=$1 p msg i branch
	if [ ! -e "$SRC/.git" ]; then
		rm -rf "$SRC.new"
		git -C "$TREE" worktree add -q --detach "$SRC.new" "$base"
		mv "$SRC.new" "$SRC"
		git -C "$SRC" worktree repair >/dev/null
	fi
	git -C "$SRC" checkout -q -f --detach "$base"
	git -C "$SRC" clean -qfd -- tools/testing/selftests/mm
	msg=$(mktemp)
	for i in 0 1; do
		p=${patches[$i]}
		git -C "$SRC" mailinfo "$msg" "$msg.diff" <"$p" >"$msg.info"
		git -C "$SRC" apply --index "$msg.diff" ||
			die "$(basename "$p") does not apply to the base"
		{
			sed -n 's/^Subject: //p' "$msg.info"
			echo
			cat "$msg"
		} >"$msg.all"
		GIT_AUTHOR_NAME=${author% <*} GIT_AUTHOR_EMAIL=$(echo "${author#*<}" | tr -d '>') \
			GIT_COMMITTER_NAME=${author% <*} GIT_COMMITTER_EMAIL=$(echo "${author#*<}" | tr -d '>') \
			git -C "$SRC" commit -q --no-verify -F "$msg.all"
	done
	git -C "$SRC" branch -f upstream-fixed HEAD
	# the selftest alone, on the base
	git -C "$SRC" checkout -q -f --detach "$base"
	git -C "$SRC" -c user.name="${author% <*}" -c user.email="$(echo "${author#*<}" | tr -d '>')" \
		cherry-pick upstream-fixed >/dev/null
	git -C "$SRC" branch -f upstream-unfixed HEAD
	for branch in upstream-fixed upstream-unfixed; do
		git -C "$SRC" rev-parse -q --verify "$branch" >/dev/null || die "no branch $branch in $SRC"
	done
	rm -f "$msg" "$msg".*
}

# build_selftest DIR: the selftest, static, from $SRC's upstream-fixed
# (the mm selftests' own Makefile, against the base's exported headers).
build_selftest() {
	local dir=$1
	git -C "$SRC" checkout -q -f upstream-fixed
	if [ ! -d "$HDR/usr/include/linux" ]; then
		make -s -C "$SRC" O="$HDR" headers >/dev/null
	fi
	mkdir -p "$dir"
	make -s -C "$SRC/tools/testing/selftests/mm" OUTPUT="$dir" "$dir/collapse_zap_race" \
		KHDR_INCLUDES="-isystem $HDR/usr/include" LDFLAGS=-static >/dev/null
	# the test's own file also builds with -Wextra -Werror
	gcc -Wall -Wextra -Werror -O2 -I "$SRC/tools/testing/selftests" \
		-isystem "$HDR/usr/include" -I "$SRC/tools/include" -fsyntax-only \
		"$SRC/tools/testing/selftests/mm/collapse_zap_race.c"
	[ -x "$dir/collapse_zap_race" ] || die "the selftest did not build"
}

# build_kernel BRANCH DIR [SEED]: the base's lab config without split PTE
# locks or the lab window (labs/upstream.config), from $SRC at BRANCH.
build_kernel() {
	local branch=$1 dir=$2 seed=${3:-}
	git -C "$SRC" checkout -q -f "$branch"
	if [ ! -e "$dir" ] && [ -n "$seed" ] && [ -f "$seed/arch/x86/boot/bzImage" ]; then
		cp -a "$seed" "$dir.seeding"
		mv "$dir.seeding" "$dir"
	fi
	KERNEL_SRC=$SRC KERNEL_OUT=$dir TARGETS=bzImage \
		FRAGMENTS="$FORK_ROOT/labs/kernel.config $FORK_ROOT/labs/7.3.config $FORK_ROOT/labs/nr-cpus-2.config $FORK_ROOT/labs/upstream.config ${VARIANT:-}" \
		"$FORK_ROOT/scripts/kernel.sh" >&2
	if grep -q '^CONFIG_SPLIT_PTE_PTLOCKS=y' "$dir/.config" || ! grep -qx 'CONFIG_PT_RECLAIM=y' "$dir/.config"; then
		die "$dir: not the configuration the race needs (no split PTE locks, PT_RECLAIM)"
	fi
}

# run_selftest KERNEL_DIR NAME EXPECT ARGS: boot KERNEL_DIR with the
# selftest packed at /extra, run it with ARGS; EXPECT is fail or pass.
# Keeps the console log and a record of its result lines in $OUT/records.
run_selftest() {
	local kdir=$1 name=$2 expect=$3 args=$4 log rec rc=0 initrd
	log=$OUT/records/czr-$name.console.log
	rec=$OUT/records/czr-$name.txt
	initrd=$OUT/records/czr-initramfs.cpio.gz
	mkdir -p "$OUT/records"
	if [ ! -f "$initrd" ] || [ "$OUT/selftest/collapse_zap_race" -nt "$initrd" ]; then
		local gen=$kdir/usr/gen_init_cpio
		[ -x "$gen" ] || gen=$KBUILD/usr/gen_init_cpio
		GEN_INIT_CPIO=$gen "$FORK_ROOT/scripts/initramfs.sh" "$initrd" "$OUT/selftest" /extra >&2
	fi
	BZIMAGE=$kdir/arch/x86/boot/bzImage INITRD=$initrd
	qemu_argv collapse-zap-race "fork.czr=${args// /,}"
	# CZR_CPUS=1: one vCPU (the exposure rows)
	[ "${CZR_CPUS:-2}" = 2 ] || QEMU=("${QEMU[@]/#2,sockets=2,cores=1/1}")
	step "selftest on ${kdir#"$FORK_ROOT"/} ($name, expected to $expect): collapse_zap_race $args" >&2
	timeout "${CZR_TIMEOUT:-900}" "${QEMU[@]}" -serial stdio -monitor none </dev/null >"$log" 2>&1 || rc=$?
	{
		echo "# collapse_zap_race $args on ${kdir#"$FORK_ROOT"/} ($name), $(date -u +%F)"
		grep -aE '^(lab: czr|# |ok |not ok |1\.\.)|BUG:|Kernel panic|kernel BUG' "$log" | tr -d '\r'
	} >"$rec"
	sed 's/^/    /' "$rec"
	[ "$rc" = 0 ] || { fail "$name: QEMU exited with $rc (console: ${log#"$FORK_ROOT"/})"; return; }
	case $expect in
	measure)
		echo "upstream: measured: $name: $(grep -aE '^(ok|not ok) 1' "$log" | tr -d '\r' || echo 'no TAP result')"
		;;
	fail)
		if grep -aq '^not ok 1 VmPTE fell' "$log"; then
			ok "$name: the selftest fails, as it must without the fix ($(grep -a '^not ok 1' "$log" | tr -d '\r'))"
		elif ! grep -aqE '^(ok|not ok) 1' "$log" && grep -aqE 'Kernel panic|BUG: Bad page state' "$log"; then
			ok "$name: the kernel went down under the selftest before it could report, as it may without the fix ($(grep -aoE 'Kernel panic[^\r]*|BUG: Bad page state[^\r]*' "$log" | head -n 1))"
		else
			fail "$name: the selftest did not fail (console: ${log#"$FORK_ROOT"/})"
		fi
		;;
	pass)
		if grep -aq '^ok 1 VmPTE never fell' "$log" && ! grep -aqE "$KERNEL_PROBLEMS" "$log"; then
			ok "$name: the selftest passes, no kernel report ($(grep -a '^ok 1' "$log" | tr -d '\r'))"
		else
			fail "$name: the selftest failed or the kernel reported (console: ${log#"$FORK_ROOT"/})"
		fi
		;;
	esac
}

if [ "$mode" = measure ]; then
	[ $# -ge 3 ] || die "usage: scripts/upstream.sh measure KERNEL_DIR NAME [CPUS]"
	[ -x "$OUT/selftest/collapse_zap_race" ] || die "no selftest in $OUT/selftest: run make upstream first"
	CZR_CPUS=${4:-1} run_selftest "$(cd "$2" && pwd)" "$3" measure "${CZR_MEASURE_ARGS:--n 1000000 -t 120}"
	exit
fi

if [ "$mode" = selftest-lab ]; then
	# make check: lab 6's kernels, built by the today-labs check.
	# shellcheck source=scripts/lab-lib.sh
	. "$FORK_ROOT/scripts/lab-lib.sh"
	need_guest
	build_nr2_kernels
	prepare_src "$STANDIN"
	build_selftest "$OUT/selftest"
	run_selftest "$NR2_LOCKPTR_KBUILD" lab-lockptr fail "-n 2000 -t 120"
	run_selftest "$NR2_KBUILD" lab-fixed pass "$CZR_ARGS"
	[ "$failed" = 0 ]
	exit
fi

# 1. The submission.
who=$(identity)
prepare_src "${who:-$STANDIN}"
rm -rf "$OUT.new"
mkdir -p "$OUT.new"
# To: the maintainers; Cc: reviewers and lists (the 7.3 tree's own list).
maint=$(cd "$SRC" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-keywords --no-fixes "${patches[@]}")
to=() cc=()
while IFS= read -r line; do
	addr=${line%% (*}
	case $line in
	*"(maintainer:"*) to+=("--to=$addr") ;;
	*) cc+=("--cc=$addr") ;;
	esac
done <<<"$maint"
[ "${#to[@]}" -gt 0 ] || die "get_maintainer.pl named no maintainer"
signoff=()
[ -z "$who" ] || signoff=(-s)
# No Message-Id or threading here: git send-email threads what it sends.
# format-patch writes the committer's identity: the sender's, or the
# stand-in, whose From: header (and its folded lines) is then dropped.
who_or_standin=${who:-$STANDIN}
git -C "$SRC" -c user.name="${who_or_standin% <*}" -c user.email="$(echo "${who_or_standin#*<}" | tr -d '>')" \
	format-patch -q --cover-letter --no-thread "${signoff[@]}" \
	"${to[@]}" "${cc[@]}" -o "$OUT.new" "$base..upstream-fixed" >/dev/null
if [ -z "$who" ]; then
	for f in "$OUT.new"/*.patch; do
		awk 'hdr && /^From: / { skip = 1; next }
		     hdr && skip && /^[ \t]/ { next }
		     { skip = 0 }
		     /^$/ { hdr = 0 }
		     NR == 1 { hdr = 1 }
		     { print }' "$f" >"$f.tmp"
		mv "$f.tmp" "$f"
	done
fi
# The cover letter: its subject and story from patches/7.3/upstream/.
cover=$(ls "$OUT.new"/0000-*.patch)
subject=$(sed -n '1s/^Subject: //p' "$UP/cover-letter.txt")
python3 - "$cover" "$subject" "$UP/cover-letter.txt" "$FORK_ROOT/Documentation/mm/pte-nolock/records" <<'EOF'
import glob, os, re, sys
cover, subject, tmpl, records = sys.argv[1:]
blurb = open(tmpl).read().split("\n", 2)[2]
# @RECORDS@: a table of the committed selftest records, one row each
kernels = {"unfixed": "7.3.4", "fixed": "7.3.4 + patch 1"}
lines = []
for rec in sorted(glob.glob(os.path.join(records, "czr-*.txt")), key=lambda r: ("fixed" in os.path.basename(r).replace("unfixed", ""), r)):
    name = os.path.basename(rec)[4:-4]
    if name.endswith(".report"):
        continue
    base, _, variant = name.partition("-")
    text = open(rec).read()
    cpus = re.search(r"(\d+) CPUs", text)
    rounds = re.search(r"# (\d+) rounds; MADV_COLLAPSE: 0 (\d+), EINVAL (\d+)", text)
    result = re.search(r"^((?:not )?ok) 1 (.*)$", text, re.M)
    smp = "no SMP, PREEMPT" if variant == "smp-off" else "NR_CPUS=2"
    lines.append("  %-16s %-16s %5s  %6s  %-6s  %s" % (
        kernels.get(base, base), smp, cpus.group(1) if cpus else "?",
        rounds.group(1) if rounds else "?", rounds.group(3) if rounds else "?",
        result.group(1) + ": " + result.group(2) if result else "no result (console)"))
if lines:
    lines.insert(0, "  %-16s %-16s %5s  %6s  %-6s  %s" % ("kernel", "config", "vCPUs", "rounds", "EINVAL", "selftest"))
if not lines:
    lines = ["  (no record in Documentation/mm/pte-nolock/records/ yet)"]
blurb = blurb.replace("@RECORDS@", "\n".join(lines))
text = open(cover).read()
text = text.replace("*** SUBJECT HERE ***", subject).replace("*** BLURB HERE ***", blurb.rstrip("\n"))
# the shortlog groups by author: no author, no heading (the stand-in's)
text = re.sub(r"\nmake upstream \(\d+\):\n", "\n", text)
open(cover, "w").write(text)
EOF
rm -rf "$OUT.old"
[ ! -d "$OUT" ] || mv "$OUT" "$OUT.old"
mv "$OUT.new" "$OUT"
[ ! -d "$OUT.old/records" ] || mv "$OUT.old/records" "$OUT/records"
[ ! -d "$OUT.old/selftest" ] || mv "$OUT.old/selftest" "$OUT/selftest"
rm -rf "$OUT.old"
files=("$OUT"/*.patch)
echo "upstream: ${#files[@]} files in ${OUT#"$FORK_ROOT"/}: ${files[*]##*/}"
echo "upstream: To/Cc from scripts/get_maintainer.pl of the 7.3 tree:"
printf '    %s\n' "${maint//$'\n'/$'\n'    }"
echo "upstream: (get_maintainer.pl --fixes would also Cc the author of the commit in Fixes:, which this tree's history does not hold)"
if [ -n "$who" ]; then
	echo "upstream: author and Signed-off-by: $who"
else
	echo "upstream: no author and no Signed-off-by: a person must sign off (git config user.name/user.email) before sending"
fi

# 2. The fix is the queue's 0003, line for line.
diff_of() { sed -n '/^diff --git /,$p' "$1" | sed '/^-- $/,$d' | grep -v '^index '; }
if cmp -s <(diff_of "${patches[0]}") <(diff_of "$(ls "$RECIPE_PATCHES"/0003-*.patch)"); then
	ok "the fix's diff is patches/7.3/0003's"
else
	fail "the fix's diff differs from patches/7.3/0003's"
fi

# 3. checkpatch --strict.  Accepted: ids the tree cannot resolve (it has
# no history; the ids are upstream's), the new selftest file's MAINTAINERS
# question (tools/testing/selftests/mm/ is already listed: see the Cc
# list), and, unsigned, the missing sign-off.
allowed=UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES
[ -n "$who" ] || allowed=$allowed,MISSING_SIGN_OFF
checkpatch() {
	(cd "$SRC" && perl scripts/checkpatch.pl --strict --show-types "$@" 2>&1) || true
}
for p in "$OUT"/000[1-9]-*.patch; do
	res=$(checkpatch --ignore "$allowed" "$p" | grep -E '^total:' || true)
	seen=$(checkpatch "$p" | grep -oE '^(WARNING|ERROR|CHECK):[A-Z_]+' | sort | uniq -c |
		tr -s ' ' | tr '\n' ',' || true)
	case $res in
	"total: 0 errors, 0 warnings, 0 checks"*)
		ok "checkpatch --strict $(basename "$p"): $res (accepted: ${seen%,})" ;;
	*) fail "checkpatch --strict $(basename "$p"): $res" ;;
	esac
done

# 4. git am on the base, in a scratch worktree; unsigned patches get the
# stand-in author in a copy, since git am needs one.
am=$BUILD/upstream-am
git -C "$TREE" worktree remove -f "$am" 2>/dev/null || rm -rf "$am"
git -C "$TREE" worktree prune
git -C "$TREE" worktree add -q --detach "$am" "$base"
amdir=$(mktemp -d)
for p in "$OUT"/000[1-9]-*.patch; do
	if grep -q '^From: ' "$p"; then
		cp "$p" "$amdir/"
	else
		sed "0,/^Subject: /s//From: $STANDIN\nSubject: /" "$p" >"$amdir/$(basename "$p")"
	fi
done
if git -C "$am" -c user.name=check -c user.email=check@fork.invalid am -q "$amdir"/*.patch 2>&1 &&
	git -C "$am" diff --quiet upstream-fixed HEAD --; then
	ok "git am of the ${#patches[@]} patches on the 7.3 base ($BASE_TAG): clean, same tree as the worktree"
else
	fail "git am on the 7.3 base"
fi
rm -rf "$amdir"
git -C "$TREE" worktree remove -f "$am"

# 5. The kernels and the selftest on both.
if [ "${UPSTREAM_KERNELS:-1}" = 1 ]; then
	need qemu-system-x86_64 qemu-system-x86
	build_selftest "$OUT/selftest"
	build_kernel upstream-unfixed "$UNFIXED_KBUILD"
	ok "kernel built: the base with the selftest only (${UNFIXED_KBUILD#"$FORK_ROOT"/})"
	build_kernel upstream-fixed "$FIXED_KBUILD" "$UNFIXED_KBUILD"
	ok "kernel built: the base with the fix and the selftest (${FIXED_KBUILD#"$FORK_ROOT"/})"
	run_selftest "$UNFIXED_KBUILD" unfixed fail "-n 2000 -t 120"
	run_selftest "$FIXED_KBUILD" fixed pass "$CZR_ARGS"
	# Who is exposed, measured (not asserted): the same kernels on one
	# vCPU, then, with UPSTREAM_UP=1, kernels without SMP, preemptible
	# (labs/smp-off.config), without and with the fix.
	CZR_CPUS=1 run_selftest "$UNFIXED_KBUILD" unfixed-1cpu measure "-n 1000000 -t 120"
	CZR_CPUS=1 run_selftest "$FIXED_KBUILD" fixed-1cpu measure "-n 1000000 -t 120"
	if [ "${UPSTREAM_UP:-0}" = 1 ]; then
		VARIANT=$FORK_ROOT/labs/smp-off.config build_kernel upstream-unfixed "$UNFIXED_KBUILD-up"
		VARIANT=$FORK_ROOT/labs/smp-off.config build_kernel upstream-fixed "$FIXED_KBUILD-up" "$UNFIXED_KBUILD-up"
		CZR_CPUS=1 run_selftest "$UNFIXED_KBUILD-up" unfixed-smp-off measure "-n 1000000 -t 120"
		CZR_CPUS=1 run_selftest "$FIXED_KBUILD-up" fixed-smp-off measure "-n 1000000 -t 120"
	fi
else
	note "UPSTREAM_KERNELS=0: no kernel built, the selftest not run"
fi
echo "upstream: $failed failed; nothing was sent"
[ "$failed" = 0 ]
