#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The protocol model (labs/model/):
#   1. every scenario reaches its declared verdict (scripts/model.sh);
#   2. the committed figures diagrams/model-*.dot and the verdict table
#      the model page includes are what the model produces now;
#   3. the check can fail: the runner must fail on a scenario whose
#      declared verdict is flipped, and on a probe declared reachable
#      whose state cannot be reached (which also shows the verdict
#      "unreachable" at work); the comparison of 2 must fail on a
#      planted stale figure.
# Nothing in the repository is written: the outputs go to build/.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need spin spin
need diff diffutils

out=$BUILD/check-model
rm -rf "$out"
mkdir -p "$out"
fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=1
}

# same_outputs DIR TABLE: DIR's figures and TABLE are the committed ones
same_outputs() {
	local dir=$1 tab=$2 f name rc=0
	for f in "$dir"/model-*.dot; do
		name=$(basename "$f")
		if [ ! -f "$FORK_ROOT/diagrams/$name" ]; then
			echo "  diagrams/$name is not committed: run 'make model' and commit it"
			rc=1
		elif ! diff -u "$FORK_ROOT/diagrams/$name" "$f" >"$out/$name.diff"; then
			echo "  diagrams/$name differs from what the model draws now (diff: $out/$name.diff):"
			head -n 20 "$out/$name.diff" | sed 's/^/    /'
			rc=1
		fi
	done
	for f in "$FORK_ROOT"/diagrams/model-*.dot; do
		[ -f "$dir/$(basename "$f")" ] ||
			{ echo "  diagrams/$(basename "$f") is no longer drawn by any scenario"; rc=1; }
	done
	if ! diff -u "$FORK_ROOT/Documentation/mm/pte-nolock/model-scenarios.inc" "$tab" >"$out/table.diff"; then
		echo "  Documentation/mm/pte-nolock/model-scenarios.inc differs from make model's table:"
		head -n 20 "$out/table.diff" | sed 's/^/    /'
		rc=1
	fi
	return $rc
}

shopt -s nullglob

# --- 1: the verdicts ----------------------------------------------------------
echo "+ scripts/model.sh (figures and table into $out)"
if ! MODEL_FIGURES="$out/figures" MODEL_TABLE="$out/model-scenarios.inc" MODEL_WORK="$out/work" \
	bash "$FORK_ROOT/scripts/model.sh"; then
	bad "a verdict differs from the declared one (table above)"
fi

# --- 2: the committed outputs -------------------------------------------------
figs=("$out"/figures/model-*.dot)
[ ${#figs[@]} -ge 2 ] || bad "the model drew ${#figs[@]} figures, expected at least 2"
echo "+ compare ${#figs[@]} figures and the table with the committed ones"
same_outputs "$out/figures" "$out/model-scenarios.inc" ||
	bad "committed model outputs are stale: run 'make model' and commit diagrams/model-*.dot and model-scenarios.inc"

# --- 3: the check can fail ------------------------------------------------------
# must_fail DIR NAME PATTERN WHY: scripts/model.sh on the one scenario
# DIR/scenarios/NAME.pml must fail, with a line matching PATTERN (the
# differing verdict); WHY says what the scenario is
must_fail() {
	local dir=$1 name=$2 pattern=$3 why=$4
	echo "+ scripts/model.sh on $why (must fail)"
	if MODEL_SCENARIOS="$dir/scenarios" MODEL_FIGURES="$dir/figures" MODEL_TABLE="$dir/table.inc" \
		MODEL_WORK="$dir/work" bash "$FORK_ROOT/scripts/model.sh" >"$dir/log" 2>&1; then
		cat "$dir/log"
		bad "the runner passed $why"
	elif ! grep -q "$pattern" "$dir/log"; then
		cat "$dir/log"
		bad "the runner failed on $why, but not by naming the differing verdict"
	else
		grep "$name" "$dir/log" | sed 's/^/  as required: /'
	fi
}

# a scenario whose expectation is flipped: the runner must say so and fail
flip=$out/flip
mkdir -p "$flip/scenarios"
ln -s "$FORK_ROOT/labs/model/nolock.pml" "$flip/nolock.pml"
src=$FORK_ROOT/labs/model/scenarios/02-rw-no-recheck-vs-retract.pml
[ -f "$src" ] || die "$src is missing: the flipped-verdict test uses it"
sed -e 's|^// expect: .*|// expect: holds|' -e '/^\/\/ figure:/d' "$src" >"$flip/scenarios/flipped.pml"
must_fail "$flip" flipped 'flipped .*holds .*write_detached .*differs' \
	"a scenario whose declared verdict is flipped"

# a probe declared reachable that cannot be: scenario 18's configuration,
# asking for T's page reused while the walker that mapped T (inside RCU)
# holds the lock; the runner must call it unreachable and fail
probe=$out/probe
mkdir -p "$probe/scenarios"
ln -s "$FORK_ROOT/labs/model/nolock.pml" "$probe/nolock.pml"
src=$FORK_ROOT/labs/model/scenarios/18-reuse-reachable.pml
[ -f "$src" ] || die "$src is missing: the unreachable-probe test uses it"
grep -q '^#define PROBE ' "$src" || die "$src defines no PROBE"
sed 's|^#define PROBE .*|#define PROBE (mapped[0] == TAB_T \&\& live_tab == TAB_T2 \&\& ptl == OWN_W0)|' \
	"$src" >"$probe/scenarios/unreachable.pml"
must_fail "$probe" unreachable 'unreachable .*reachable .*unreachable .*differs' \
	"a probe declared reachable that RCU makes unreachable"

# a stale figure: change one step's text in a copy of the fresh figures
stale=$out/stale
mkdir -p "$stale"
cp "$out"/figures/model-*.dot "$stale/" 2>/dev/null || true
victim=("$stale"/model-*.dot)
if [ ${#victim[@]} -gt 0 ]; then
	sed -i 's/the shortest counterexample/a counterexample of an older model/' "${victim[0]}"
	cmp -s "${victim[0]}" "$out/figures/$(basename "${victim[0]}")" &&
		die "planting a stale figure changed nothing in $(basename "${victim[0]}")"
	echo "+ the comparison on a planted stale figure $(basename "${victim[0]}") (must fail)"
	if same_outputs "$stale" "$out/model-scenarios.inc" >"$stale/log"; then
		bad "the comparison accepted a stale figure"
	else
		sed 's/^/  as required: /' "$stale/log" | head -n 3
	fi
fi

[ $fail = 0 ] || die "model check failed"
echo "model: all verdicts as declared, ${#figs[@]} figures and the table current; the check fails on a flipped verdict, on an unreachable probe and on a stale figure"
