#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# series-selftests-table.sh DIR KERNEL...: the verdict of make selftests.
# Reads DIR/guest/list (the tests as packed into the guest) and each
# DIR/KERNEL.console.log (the guest's console, with the markers of
# labs/guest/run/selftests.sh), writes DIR/results.md and DIR/KERNEL/NAME.log
# (each test's output), prints the table, and exits 1 when:
#   - a test's result differs between the kernels: its status (pass, skip,
#     fail(rc), timeout, missing), its kselftest totals (or its count of
#     "... OK" and "... Fail" steps, for khugepaged), or a kernel warning
#     printed while it ran;
#   - a test that the list marks "run" skipped;
#   - a test did not finish (timeout, missing), or the kernel printed a
#     warning, a BUG or an Oops at any time.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir=${1:?usage: series-selftests-table.sh DIR KERNEL...}
shift
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || die "usage: series-selftests-table.sh DIR KERNEL..."
list=$dir/guest/list
[ -f "$list" ] || die "no $list"
for which in "${kernels[@]}"; do
	[ -f "$dir/$which.console.log" ] || die "no console log $dir/$which.console.log"
done

# a kernel report on the console: lib.sh's KERNEL_PROBLEMS, plus reports
# a test can provoke that no lab does; only in printk lines (they carry a
# timestamp), as the tests print their own "WARNING"s
splat="^\[ *[0-9]+\.[0-9]+\] .*($KERNEL_PROBLEMS|general protection|possible .*deadlock|INFO: task .* blocked)"

# result WHICH NAME TIMEOUT: "status [(totals)] [+ KERNEL WARNING]|seconds"
result() {
	local which=$1 name=$2 timeout=$3 log sect end rc secs res totals
	log=$dir/$which.console.log
	sect=$dir/$which/$name.log
	mkdir -p "$dir/$which"
	awk -v b="fork: selftest-begin $name " -v e="fork: selftest-end $name " \
		'index($0, b) == 1 { on = 1 } on { print } index($0, e) == 1 { on = 0 }' "$log" >"$sect"
	end=$(grep -a "^fork: selftest-end $name " "$sect" | tail -n 1 || true)
	if [ -z "$end" ]; then
		echo "missing|"
		return
	fi
	rc=$(sed -E 's/.* rc=([0-9]+).*/\1/' <<<"$end")
	secs=$(sed -E 's/.* secs=([0-9]+).*/\1/' <<<"$end")
	case $rc in
	0) res=pass ;;
	4) res=skip ;;
	124 | 137 | 143) if [ "$secs" -ge "$timeout" ]; then res=timeout; else res="fail(rc=$rc)"; fi ;;
	*) res="fail(rc=$rc)" ;;
	esac
	totals=$(grep -a -E '^# Totals: ' "$sect" | tail -n 1 |
		sed -E 's/^# Totals: //; s/ ?(xfail|xpass|error):0//g' || true)
	# uffd-unit-tests counts its own cases
	[ -n "$totals" ] || totals=$(grep -a -E '^Userfaults unit tests: ' "$sect" | tail -n 1 |
		sed -E 's/^Userfaults unit tests: pass=([0-9]+), skip=([0-9]+), fail=([0-9]+).*/pass:\1 fail:\3 skip:\2/' || true)
	# khugepaged and the like print "... OK" / "... Fail" per step, no totals
	[ -n "$totals" ] || totals=$(sed 's/\x1b\[[0-9;]*m//g' "$sect" |
		awk '/(^|[. ])OK$/ { ok++ } /(^|[. ])(Fail|Timeout)$/ { bad++ }
			END { if (ok + bad) printf "ok:%d fail:%d", ok, bad }')
	[ -z "$totals" ] || res="$res ($totals)"
	if grep -a -q -E "$splat" "$sect"; then
		res="$res + KERNEL WARNING"
	fi
	echo "$res|$secs"
}

table=$dir/results.md
problems=()
header="| test | command |"
rule="|---|---|"
for which in "${kernels[@]}"; do
	header="$header $which |"
	rule="$rule---|"
done
for which in "${kernels[@]}"; do
	header="$header $which s |"
	rule="$rule--:|"
done
printf '%s\n%s\n' "$header" "$rule" >"$table"
n=0
while read -r name timeout need cmd; do
	case $name in '' | '#'*) continue ;; esac
	n=$((n + 1))
	row="| $name | \`$cmd\` |"
	secs_row=
	first=
	for which in "${kernels[@]}"; do
		IFS='|' read -r res secs < <(result "$which" "$name" "$timeout")
		row="$row $res |"
		secs_row="$secs_row ${secs:--} |"
		case $res in
		missing* | timeout* | *"KERNEL WARNING"*) problems+=("$name on $which: $res") ;;
		skip*) [ "$need" != run ] || problems+=("$name on $which: skipped, but the list says it must run") ;;
		esac
		if [ -z "$first" ]; then
			first=$res
		elif [ "$res" != "$first" ]; then
			problems+=("$name: ${kernels[0]} gave '$first', $which gave '$res'")
		fi
	done
	echo "$row$secs_row" >>"$table"
done <"$list"
[ $n -gt 0 ] || die "$list lists no test"

# a kernel report outside any test (boot, setup) counts too
for which in "${kernels[@]}"; do
	c=$(grep -a -c -E "$splat" "$dir/$which.console.log" || true)
	[ "$c" = 0 ] || problems+=("$which: $c kernel warning lines in $dir/$which.console.log")
done

cat "$table"
if [ ${#problems[@]} -gt 0 ]; then
	printf '  %s\n' "${problems[@]}" >&2
	exit 1
fi
echo "the same results on ${kernels[*]}: $n tests"
