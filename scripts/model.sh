#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make model: check every scenario of the protocol model with SPIN.
# For each labs/model/scenarios/*.pml: spin -a, gcc, ./pan (exhaustive,
# breadth-first, so that an error trail is the shortest one and the same
# on every run), then the verdict: "holds", or the property the trail
# names. A scenario that defines a probe ("#define PROBE (condition)")
# asks whether a state is reachable instead: its verdict is "reachable"
# (the trail ends in that state) or "unreachable". Prints a table scenario | expected | got | states | depth | time
# and exits non-zero if any verdict differs from the one the scenario
# declares ("// expect: ..."); every scenario names its source
# ("// source: ..."). A scenario with "// figure: NAME" has its
# trail drawn into NAME.dot (labs/model/trail2dot.py).
#
# Environment:
#   MODEL_SCENARIOS=DIR  the scenarios (default: labs/model/scenarios)
#   MODEL_FIGURES=DIR    where the figures go (default: diagrams)
#   MODEL_TABLE=FILE     the verdict table the model page includes
#                        (default: Documentation/mm/pte-nolock/model-scenarios.inc)
#   MODEL_WORK=DIR       spin's and pan's files (default: build/model)

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need spin spin
need gcc gcc
need python3 python3

scenarios=${MODEL_SCENARIOS:-$FORK_ROOT/labs/model/scenarios}
figures=${MODEL_FIGURES:-$FORK_ROOT/diagrams}
table=${MODEL_TABLE:-$FORK_ROOT/Documentation/mm/pte-nolock/model-scenarios.inc}
work=${MODEL_WORK:-$BUILD/model}
converter=$FORK_ROOT/labs/model/trail2dot.py

shopt -s nullglob
files=("$scenarios"/*.pml)
[ ${#files[@]} -gt 0 ] || die "no scenarios (*.pml) in $scenarios"
mkdir -p "$work" "$figures" "$(dirname "$table")"

# The same search for every scenario: safety properties (assertions,
# invalid end states), breadth-first, no bitstate hashing. -O0: the
# models are small, so compiling pan costs more than running it.
PAN_CFLAGS=(-w -O0 -DSAFETY -DBFS)

step "model: ${#files[@]} scenarios from $scenarios (spin $(spin -V | awk '{ print $3 }'), pan ${PAN_CFLAGS[*]})"
rows=()
bad=0
total_start=$EPOCHREALTIME
for src in "${files[@]}"; do
	name=$(basename "$src" .pml)
	expect=$(sed -n 's|^// *expect: *\([a-z_]*\).*|\1|p' "$src" | head -n 1)
	[ -n "$expect" ] || die "$src declares no verdict (a line '// expect: holds' or '// expect: PROPERTY')"
	figure=$(sed -n 's|^// *figure: *\([a-z0-9-]*\).*|\1|p' "$src" | head -n 1)
	probe=0
	grep -q '^#define PROBE[ (]' "$src" && probe=1
	dir=$work/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	start=$EPOCHREALTIME
	(cd "$dir" && spin -a "$src") >"$dir/spin.log" 2>&1 ||
		die "spin -a failed on $src: $(tail -n 3 "$dir/spin.log")"
	(cd "$dir" && gcc "${PAN_CFLAGS[@]}" -o pan pan.c) >"$dir/gcc.log" 2>&1 ||
		die "gcc failed on the verifier of $src: $(tail -n 3 "$dir/gcc.log")"
	(cd "$dir" && ./pan) >"$dir/pan.out" 2>&1 || true
	ms=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
	states=$(awk '/states, stored$/ { print $1; exit }' "$dir/pan.out")
	depth=$(sed -n 's/.*depth reached \([0-9]*\).*/\1/p' "$dir/pan.out" | head -n 1)
	errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$dir/pan.out" | head -n 1)
	if [ -z "$states" ] || [ -z "$depth" ] || [ -z "$errors" ]; then
		die "cannot read pan's result for $src: see $dir/pan.out"
	fi
	trail=("$dir"/*.trail)
	if [ "$errors" = 0 ]; then
		got=holds
		[ $probe = 0 ] || got=unreachable
	elif [ ${#trail[@]} = 1 ]; then
		(cd "$dir" && spin -t -T -k "${trail[0]}" "$src") >"$dir/trail.txt" 2>&1 || true
		got=$(sed -n 's/^@@|bad||VIOLATION \([a-z_]*\)|.*/\1/p' "$dir/trail.txt" | head -n 1)
		# a probe's trail ends in the state it asked for
		[ "$got" != reached ] || got=reachable
		if [ -z "$got" ]; then
			if grep -q 'invalid end state' "$dir/pan.out"; then
				got=deadlock
			else
				got=unnamed-error
			fi
		fi
	else
		got=no-trail
	fi
	if [ -n "$figure" ]; then
		if [ "$errors" != 0 ] && [ -s "$dir/trail.txt" ]; then
			python3 "$converter" "$src" <"$dir/trail.txt" >"$dir/$figure.dot" ||
				die "trail2dot.py failed on the trail of $src"
			cp "$dir/$figure.dot" "$figures/$figure.dot"
		else
			note "$name asks for figure $figure, but SPIN found no error trail to draw"
			got="$got (no figure)"
		fi
	fi
	mark=ok
	if [ "$got" != "$expect" ]; then
		mark=DIFFERS
		bad=$((bad + 1))
	fi
	# what the scenario checks (its first comment paragraph) and its
	# source (the "// source:" line and the indented lines after it)
	what=$(awk '
		NR > 2 && /^\/\/ *$/ { para = 1 }
		!para && NR > 2 && /^\/\// { sub(/^\/\/ */, ""); printf "%s ", $0 }
		/^\/\/ source:/ { src = 1; sub(/^\/\/ source: */, ""); printf "Source: %s ", $0; next }
		src && /^\/\/   / { sub(/^\/\/ */, ""); printf "%s ", $0; next }
		{ src = 0 }' "$src" | sed 's/ *$//; s/|/-/g')
	case $what in *Source:*) ;; *) die "$src has no '// source:' line" ;; esac
	rows+=("$name|$expect|$got|$states|$depth|$ms|$mark|$what")
done
total_ms=$(awk -v a="$total_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')

# the table on the terminal
{
	printf 'scenario|expected|got|states|depth|time|\n'
	for r in "${rows[@]}"; do
		IFS='|' read -r n e g s d t m _ <<<"$r"
		printf '%s|%s|%s|%s|%s|%d.%02d s|%s\n' "$n" "$e" "$g" "$s" "$d" $((t / 1000)) $((t % 1000 / 10)) \
			"$([ "$m" = ok ] || echo "<-- differs")"
	done
} | column -t -s '|'

# the table the model page includes: nothing in it depends on the machine
{
	echo '.. SPDX-License-Identifier: GPL-2.0'
	echo '.. Generated by make model (scripts/model.sh). Do not edit.'
	echo
	echo '.. list-table::'
	echo '   :header-rows: 1'
	echo '   :widths: 22 48 10 10 5 5'
	echo
	echo '   * - scenario'
	echo '     - what it checks, and its source'
	echo '     - expected'
	echo '     - SPIN says'
	echo '     - states stored'
	echo '     - depth'
	for r in "${rows[@]}"; do
		IFS='|' read -r n e g s d _ _ w <<<"$r"
		# shellcheck disable=SC2016 # the backquotes are reStructuredText
		printf '   * - ``%s``\n     - %s\n     - %s\n     - %s\n     - %s\n     - %s\n' \
			"$n" "$w" "$e" "$g" "$s" "$d"
	done
} >"$table.tmp"
mv "$table.tmp" "$table"

echo "model: ${#rows[@]} scenarios in $((total_ms / 1000)).$((total_ms % 1000 / 100)) s; figures in $figures; table in $table"
[ $bad = 0 ] || die "$bad of ${#rows[@]} verdicts differ from the declared ones"
echo "model: all ${#rows[@]} verdicts as declared"
