#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make selftests: the kernel's own mm selftests, from the BASE tree, built
# static, run in the guest (TCG, 2 CPUs) on the base kernel and on the
# series kernel (build/linux at patch 14), both with the lab config. Writes
# the table build/selftests/results.md and fails when:
#   - a test's result differs between the two kernels (status, the
#     kselftest totals, or a kernel warning during the test), or
#   - a test that labs/selftests.list marks "run" skipped, or
#   - a test did not finish on a kernel (timeout, guest died).
#
# Steps: make headers (O=) of the base; build tools/testing/selftests/mm
# from a copy of the base's tools/ (the base tree stays clean); pack the
# listed programs into an initramfs at /selftests; the two kernels (the
# ones check-series left in build/series-kernels when they match, else
# built here); boot each with labs/guest/run/selftests.sh.
#
# The base's khugepaged.c (6.12.117, 6.12.118) uses KSFT_SKIP without including
# kselftest.h: when it does not compile as shipped, it is compiled with
# "-include" of a header that defines _GNU_SOURCE (as khugepaged.c does
# first) and includes ../kselftest.h. Nothing in the kernel tree changes.
#
# Environment: SELFTESTS_LIST (default labs/selftests.list), SELFTESTS_ONLY
# ("name ..." a subset), SELFTESTS_KERNELS ("base series" by default),
# FRAGMENTS (as make kernel), QEMU_MEM (default 2G here).

# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/series-lib.sh"

list=${SELFTESTS_LIST:-$FORK_ROOT/labs/selftests.list}
read -r -a kernels <<<"${SELFTESTS_KERNELS:-base series}"
export QEMU_MEM=${QEMU_MEM:-2G}
ST=$BUILD/selftests
mkdir -p "$ST"

need make make
need gcc gcc
need git git
need_file /usr/include/sys/capability.h libcap-dev
need_file /usr/include/numa.h libnuma-dev
need_file /usr/lib/x86_64-linux-gnu/libc.a libc6-dev
[ -f "$list" ] || die "no test list at $list"

# The entries of the list: "name timeout need command..." lines.
entries() {
	local name rest
	while read -r name rest; do
		case $name in '' | '#'*) continue ;; esac
		if [ -n "${SELFTESTS_ONLY:-}" ] && ! grep -qw -- "$name" <<<"$SELFTESTS_ONLY"; then
			continue
		fi
		printf '%s %s\n' "$name" "$rest"
	done <"$list"
}
mapfile -t tests < <(entries)
[ ${#tests[@]} -gt 0 ] || die "no tests selected from $list"
total_timeout=0
for t in "${tests[@]}"; do
	read -r name timeout need prog _ <<<"$t"
	[[ $timeout =~ ^[0-9]+$ ]] || die "$list: $name: timeout '$timeout' is not a number of seconds"
	case $need in run | any) ;; *) die "$list: $name: NEED is '$need', not run or any" ;; esac
	[ -n "$prog" ] || die "$list: $name has no command"
	total_timeout=$((total_timeout + timeout + 15))
done

# --- the selftests, from the base ---------------------------------------------
build_selftests() {
	local base_src src hdr bin force log
	"$FORK_ROOT/scripts/tree.sh" >/dev/null
	base_src=$("$FORK_ROOT/scripts/base-src.sh")
	hdr=$ST/headers
	src=$ST/src
	bin=$ST/bin
	step "selftests: make headers of the base (O=${hdr#"$FORK_ROOT"/}, about 10 s)"
	make -s -C "$base_src" O="$hdr" headers >/dev/null
	# a copy of what the mm selftests read from the tree: their sources
	# write local_config.* next to themselves
	local want
	want=$(tree_git rev-parse "$BASE_TAG^{commit}")
	if [ "$(cat "$src/.commit" 2>/dev/null)" != "$want" ]; then
		rm -rf "$src" "$bin"
		mkdir -p "$src"
		tree_git archive "$want" tools mm/gup_test.h lib/test_hmm_uapi.h include/vdso | tar -x -C "$src"
		echo "$want" >"$src/.commit"
	fi
	mkdir -p "$bin"
	local -a mk=(make -C "$src/tools/testing/selftests/mm" OUTPUT="$bin"
		KHDR_INCLUDES="-isystem $hdr/usr/include" USERLDFLAGS=-static)
	log=$ST/build.log
	: >"$log"
	step "selftests: building tools/testing/selftests/mm static (about 1 minute cold)"
	if ! "${mk[@]}" "$bin/khugepaged" >>"$log" 2>&1; then
		if grep -q "KSFT_SKIP.*undeclared" "$log"; then
			force=$ST/force-kselftest.h
			printf '#define _GNU_SOURCE\n#include "%s"\n' \
				"$src/tools/testing/selftests/kselftest.h" >"$force"
			note "khugepaged.c uses KSFT_SKIP without kselftest.h (base bug): compiling it with -include ${force#"$FORK_ROOT"/}"
			"${mk[@]}" USERCFLAGS="-include $force" "$bin/khugepaged" >>"$log" 2>&1 ||
				die "khugepaged does not build even with kselftest.h forced in (log: $log)"
		else
			die "khugepaged does not build (log: $log)"
		fi
	fi
	# -k: an mm test this guest never runs may fail to build without
	# stopping the others; the listed ones are checked below
	"${mk[@]}" -k -j"$JOBS" >>"$log" 2>&1 || note "some mm selftests did not build (log: $log)"
}

pack_guest() {
	local guest=$ST/guest t prog
	rm -rf "$guest"
	mkdir -p "$guest"
	for t in "${tests[@]}"; do
		read -r _ _ _ prog _ <<<"$t"
		[ -x "$ST/bin/$prog" ] || die "$prog was not built (log: $ST/build.log)"
		cp "$ST/bin/$prog" "$guest/"
	done
	printf '%s\n' "${tests[@]}" >"$guest/list"
	# the packer, from the base's own source (no lab kernel build needed)
	gcc -O2 -o "$ST/gen_init_cpio" "$TREE/usr/gen_init_cpio.c"
	GEN_INIT_CPIO=$ST/gen_init_cpio "$FORK_ROOT/scripts/initramfs.sh" "$ST/initramfs.cpio.gz" "$guest" /selftests
	echo "    initramfs: ${#tests[@]} tests, $(du -h "$ST/initramfs.cpio.gz" | cut -f1)"
}

# --- the kernels ----------------------------------------------------------------
# kernel WHICH: prints the bzImage of the base or series kernel. Reuses the
# one check-series left when its commit and config fragment are the same.
kernel() {
	local which=$1 src commit frag out end
	if [ "$which" = base ]; then
		commit=$(tree_git rev-parse "$BASE_TAG^{commit}")
	else
		end=$(series_end)
		[ -n "$end" ] || die "patches/series has no series patch: nothing to compare with the base"
		series_complete || note "the series is incomplete: the series kernel is at $end"
		commit=$(patch_commit "$end")
		[ -n "$commit" ] || die "build/linux has no commit for $end: run 'make tree'"
	fi
	frag=$ST/$which.config
	fork_fragment "$commit" "$frag"
	if [ -f "$KERNELS/$which/bzImage" ] &&
		[ "$(cat "$KERNELS/$which/stamp" 2>/dev/null)" = "$(kernel_stamp "$commit" "$frag")" ]; then
		echo "    $which kernel: ${KERNELS#"$FORK_ROOT"/}/$which/bzImage (left by check-series, same commit and config)" >&2
		echo "$KERNELS/$which/bzImage"
		return
	fi
	if [ "$which" = base ]; then
		src=$("$FORK_ROOT/scripts/base-src.sh")
	else
		src=$ST/series-src
		worktree_at "$src" "$commit" >&2
	fi
	out=$ST/kernel-$which
	step "$which kernel: $(git -C "$src" log -1 --format='%h %s') (about 5 minutes cold)" >&2
	KERNEL_SRC=$src KERNEL_OUT=$out FRAGMENTS=$frag TARGETS=bzImage "$FORK_ROOT/scripts/kernel.sh" >&2 ||
		die "the $which kernel does not build"
	echo "$out/arch/x86/boot/bzImage"
}

# --- a run --------------------------------------------------------------------------
run_guest() {
	local which=$1 bz=$2 log=$ST/$1.console.log rc=0 start=$SECONDS
	step "$which kernel: running ${#tests[@]} tests in the guest (at most $((total_timeout / 60)) minutes; console: ${log#"$FORK_ROOT"/})"
	BZIMAGE=$bz INITRD=$ST/initramfs.cpio.gz BOOT_RUN=selftests BOOT_TIMEOUT=$((total_timeout + 120)) \
		"$FORK_ROOT/scripts/boot.sh" >"$ST/$which.boot.out" 2>&1 || rc=$?
	cp "$BUILD/boot-selftests.log" "$log" 2>/dev/null || : >"$log"
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
	grep -a '^fork: selftests env' "$log" | sed 's/^fork: /    /' || true
	[ $rc = 0 ] || note "$which: boot.sh exited $rc ($(tail -n 1 "$ST/$which.boot.out"))"
	grep -a -q '^fork: selftests done' "$log" || note "$which: the guest did not finish the list"
	echo "    $which: guest ran $((SECONDS - start)) s"
}

# --- main ---------------------------------------------------------------------------
start_all=$SECONDS
fail=0
build_selftests
pack_guest
declare -A bzimage kernel_desc
for which in "${kernels[@]}"; do
	bzimage[$which]=$(kernel "$which")
	if [ "$which" = base ]; then
		kernel_desc[$which]=$(tree_git log -1 --format='%h %s' "$BASE_TAG^{commit}")
	else
		kernel_desc[$which]=$(tree_git log -1 --format='%h %s' "$(patch_commit "$(series_end)")")
	fi
	kernel_desc[$which]="${kernel_desc[$which]} (build/${bzimage[$which]#"$BUILD"/})"
done
for which in "${kernels[@]}"; do
	run_guest "$which" "${bzimage[$which]}"
done

"$FORK_ROOT/scripts/series-selftests-table.sh" "$ST" "${kernels[@]}" || fail=1
{
	echo
	echo "Run on $(date -u '+%F %H:%M UTC') by scripts/selftests.sh, list ${list#"$FORK_ROOT"/}:"
	echo "QEMU ${QEMU_ACCEL:-tcg}, 2 CPUs, $QEMU_MEM; base $BASE_PACKAGE $(state_get base) (tested $(pinned_base_version))."
	for which in "${kernels[@]}"; do
		echo "- $which kernel: ${kernel_desc[$which]}"
	done
} >>"$ST/results.md"
echo "selftests: ${#tests[@]} tests on ${#kernels[@]} kernels in $((SECONDS - start_all)) s; table: ${ST#"$FORK_ROOT"/}/results.md"
[ $fail = 0 ] || die "the selftests differ between the kernels, or did not really run (above)"
echo "selftests: same results on ${kernels[*]}"
