#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Walk patches/series commit by commit in one worktree of build/linux
# (build/series/src) and one out-of-tree build (build/series/obj, the lab
# config plus the selftests' needs: tinyconfig + labs/kernel.config +
# labs/ptlab.config + labs/selftests.config, less the
# options a commit does not have yet), so that every build is
# incremental:
#
#   base        vmlinux + bzImage with W=1; sparse (C=2) on every object
#               that a patch touches; powerpc and arm objects with W=1.
#   each patch  the objects of the .c files it touches (all of the series'
#               objects when it touches a header) with W=1 and sparse;
#               powerpc's arch/powerpc/mm/pgtable.o when it touches
#               arch/powerpc or a header, arm's arch/arm/mm/fault-armv.o when
#               it touches arch/arm or a header; patch 02 and patch 05 must
#               compile them, and the proof is printed.
#   patch 13..14  git grep pte_offset_map_nolock finds nothing at all.
#   series end  (patch 14) vmlinux + bzImage with W=1; kept for selftests.
# The fork's own patches after the series get the per-patch builds too,
# each commit on its own (with the files patches/series attaches to it, as
# make tree put them in; no overlay files): every commit must build; the
# whole tip is built by make kernel (check "kernel"), so not again here.
#
# A warning (gcc W=1, sparse, linker, objtool) counts as new when its
# normalized form (file and text, without line numbers) occurs more often
# than in the base's logs. Any new warning fails the check.
#
# Cross builds also run sparse on their two objects (the arch object and
# mm/pgtable-generic.o). Cross configs (the ones the series was written with):
#   powerpc  ppc64le_defconfig + CONFIG_DEBUG_KERNEL=y CONFIG_DEBUG_VM=y
#            (assert_pte_locked() is under CONFIG_DEBUG_VM)
#   arm      multi_v5_defconfig (ARMv5: adjust_pte() is under
#            __LINUX_ARM_ARCH__ < 6)
#
# RECIPE=7.3 (patches/7.3/series, build/7.3/series): the same walk on the
# 7.3 tree, with the recipe's lab config (labs/7.3.config last) and the
# sparse of scripts/series-sparse.sh (the base shows that Debian 12's
# cannot parse the tree); no cross build and no pte_offset_map_nolock
# grep (6.12's series only): a patch of the 7.3 queue that touches an
# arch/ other than x86 fails until a cross build is set up for it here.

SERIES_ANY_RECIPE=yes
# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/series-lib.sh"

need make make
need gcc gcc
if [ -n "$RECIPE_SPARSE" ]; then
	sparse=$("$FORK_ROOT/scripts/series-sparse.sh") || die "no sparse that parses $RECIPE_TREE_NAME (above)"
else
	need sparse sparse
	sparse=sparse
fi
if [ -n "$SERIES_CROSS" ]; then
	need powerpc64le-linux-gnu-gcc gcc-powerpc64le-linux-gnu
	need arm-linux-gnueabi-gcc gcc-arm-linux-gnueabi
fi
need_tree
[ -s "$APPLIED_LIST" ] || die "$RECIPE_TREE_NAME has no patches applied: run 'make tree'"

wt=$SERIES_OUT/src
obj=$SERIES_OUT/obj
logs=$SERIES_OUT/logs
frag=$SERIES_OUT/fragment.config
rm -rf "$logs"
mkdir -p "$logs" "$KERNELS"
cc=$(kernel_cc)
ccache=
command -v ccache >/dev/null 2>&1 && ccache="ccache "
fail=0
failed() {
	echo "    FAIL $*"
	fail=1
}

mapfile -t patches < <(series_patches)
commits=()
for p in "${patches[@]}"; do
	c=$(patch_commit "$p")
	[ -n "$c" ] || die "$RECIPE_TREE_NAME has no commit for $p: run 'make tree'"
	commits+=("$c")
done
end=$(series_end)

# Cross builds: ARCH, compiler prefix, defconfig, extra options, the object
# that must be built, and a symbol that proves the code under test is in it.
declare -A X_ARCH=([ppc]=powerpc [arm]=arm)
declare -A X_CROSS=([ppc]=powerpc64le-linux-gnu- [arm]=arm-linux-gnueabi-)
declare -A X_DEFCONFIG=([ppc]=ppc64le_defconfig [arm]=multi_v5_defconfig)
declare -A X_EXTRA=([ppc]="CONFIG_DEBUG_KERNEL=y CONFIG_DEBUG_VM=y" [arm]="")
declare -A X_OBJ=([ppc]=arch/powerpc/mm/pgtable.o [arm]=arch/arm/mm/fault-armv.o)
declare -A X_SYM=([ppc]=assert_pte_locked [arm]=update_mmu_cache_range)
declare -A X_PATCH=([ppc]=02 [arm]=05)

# x86 make in the worktree, with exactly the flags kernel.sh uses.
kx() {
	make -C "$wt" O="$obj" CC="$cc" LOCALVERSION= W=1 -j"$JOBS" "$@"
}

xmake() {
	local a=$1
	shift
	make -C "$wt" O="$SERIES_OUT/obj-$a" ARCH="${X_ARCH[$a]}" CROSS_COMPILE="${X_CROSS[$a]}" \
		CC="${ccache}${X_CROSS[$a]}gcc" W=1 C=2 CHECK=sparse -j"$JOBS" "$@"
}

# progress: a dot line every 200 build steps
progress() {
	awk '/^  [A-Z]+ /{ n++; if (n % 200 == 0) { printf "    ... %d steps\n", n; fflush() } }'
}

# full_build LABEL: vmlinux + bzImage of the worktree with W=1 (kernel.sh).
full_build() {
	local label=$1 start=$SECONDS
	fork_fragment "$(git -C "$wt" rev-parse HEAD)" "$frag"
	# kernel.sh's progress lines on the terminal, all of it in the .out file
	if ! KERNEL_SRC=$wt KERNEL_OUT=$obj FRAGMENTS=$frag TARGETS="vmlinux bzImage" KMAKEFLAGS="W=1" \
		"$FORK_ROOT/scripts/kernel.sh" 2>&1 | tee "$logs/$label.out" | sed -u -n -E '/^(==>|    \.\.\.)/p'; then
		tail -n 30 "$logs/$label.out" >&2
		return 1
	fi
	cp "$obj/build.log" "$logs/$label.log"
	echo "    $label: vmlinux + bzImage (W=1) in $((SECONDS - start)) s"
}

# keep_kernel WHICH COMMIT: leave the bzImage for make selftests.
keep_kernel() {
	mkdir -p "$KERNELS/$1"
	cp "$obj/arch/x86/boot/bzImage" "$KERNELS/$1/bzImage"
	kernel_stamp "$2" "$frag" >"$KERNELS/$1/stamp"
}

# c_objects FILE...: x86 objects of the touched .c files.
c_objects() {
	local f
	for f in "$@"; do
		case $f in
		*.c) ;;
		*) continue ;;
		esac
		case $f in
		arch/x86/*) ;;
		arch/* | tools/* | scripts/* | Documentation/* | samples/* | usr/*) continue ;;
		esac
		echo "${f%.c}.o"
	done
}

indent() {
	sed 's/^/        /'
}

# check_new LABEL LOG: compare LOG's warnings with the base's.
check_new() {
	local label=$1 log=$2 new
	normalize_warnings "$wt" <"$log" >"$logs/$label.warn"
	new=$(new_warnings "$logs/base.warn" "$logs/$label.warn")
	if [ -n "$new" ]; then
		failed "$label: new warnings (log: $log):"
		indent <<<"$new"
		return 1
	fi
}

# cross A LABEL MUST: build A's object (and mm/pgtable-generic.o); MUST=1:
# prove that the object was compiled now, with the code under test.
cross() {
	local a=$1 label=$2 must=$3 o=$SERIES_OUT/obj-$1 log t new
	log=$logs/$label-$a.log
	t=$logs/.$label-$a.start
	touch "$t"
	sleep 1
	rm -f "$o/${X_OBJ[$a]}"
	if ! xmake "$a" "${X_OBJ[$a]}" mm/pgtable-generic.o >"$log" 2>&1; then
		failed "$label: ${X_ARCH[$a]} build of ${X_OBJ[$a]} failed (log: $log)"
		grep -E 'error' "$log" | head -n 10 | indent
		return 0
	fi
	normalize_warnings "$wt" <"$log" >"$logs/$label-$a.warn"
	new=$(new_warnings "$logs/base-$a.warn" "$logs/$label-$a.warn")
	[ -z "$new" ] || {
		failed "$label: new ${X_ARCH[$a]} warnings (log: $log):"
		indent <<<"$new"
	}
	if [ "$must" != 1 ]; then
		[ -n "$new" ] || echo "    $label: ${X_ARCH[$a]} built ${X_OBJ[$a]} and mm/pgtable-generic.o: no new warnings"
		return 0
	fi
	local why=()
	grep -qE "^  CC +${X_OBJ[$a]}\$" "$log" && why+=("CC ${X_OBJ[$a]} in the log")
	[ "$o/${X_OBJ[$a]}" -nt "$t" ] && why+=("object newer than the step's start")
	"${X_CROSS[$a]}nm" "$o/${X_OBJ[$a]}" 2>/dev/null | grep -qE " T ${X_SYM[$a]}\$" &&
		why+=("defines ${X_SYM[$a]}()")
	if [ ${#why[@]} = 3 ]; then
		echo "    $label: ${X_ARCH[$a]} (${X_DEFCONFIG[$a]}${X_EXTRA[$a]:+ + ${X_EXTRA[$a]}}) compiled ${X_OBJ[$a]}: ${why[*]/%/;} no new W=1 warnings"
	else
		failed "$label: no proof that ${X_ARCH[$a]} compiled ${X_OBJ[$a]} with ${X_SYM[$a]}() (have: ${why[*]:-nothing}; log: $log)"
	fi
}

cross_config() {
	local a=$1 o=$SERIES_OUT/obj-$1 tmp opt
	tmp=$o/.fork-config
	mkdir -p "$tmp"
	local -a xc=(make -s -C "$wt" O="$tmp" ARCH="${X_ARCH[$a]}" CROSS_COMPILE="${X_CROSS[$a]}")
	"${xc[@]}" "${X_DEFCONFIG[$a]}" >/dev/null
	if [ -n "${X_EXTRA[$a]}" ]; then
		tr ' ' '\n' <<<"${X_EXTRA[$a]}" >"$tmp/extra.config"
		ARCH=${X_ARCH[$a]} CROSS_COMPILE=${X_CROSS[$a]} \
			"$wt/scripts/kconfig/merge_config.sh" -m -O "$tmp" "$tmp/.config" "$tmp/extra.config" >/dev/null
		"${xc[@]}" olddefconfig >/dev/null
		for opt in ${X_EXTRA[$a]}; do
			grep -qxF "$opt" "$tmp/.config" || die "${X_DEFCONFIG[$a]} does not keep $opt"
		done
	fi
	cmp -s "$tmp/.config" "$o/.config" || cp "$tmp/.config" "$o/.config"
}

# Kbuild's line when it finds the checker unfit and builds without it
# (scripts/checker-valid.sh, which 7.3.4's Makefile:1310-1311 runs: sparse
# must parse __typeof_unqual__): sparse then never runs, and the build
# passes all the same.
UNFIT='is not available or not up to date'

# sparse_ran LOG OBJ...: Kbuild ran the checker on every OBJ's source;
# else print what is missing and return 1. Checked on a recipe with a
# sparse of its own (RECIPE_SPARSE), whose Kbuild may refuse a checker.
sparse_ran() {
	local log=$1 o bad=0
	shift
	[ -n "$RECIPE_SPARSE" ] || return 0
	if grep -q "$UNFIT" "$log"; then
		echo "    Kbuild did not run sparse: $(grep -m1 "$UNFIT" "$log" | sed 's#^.*Makefile:[0-9]*: ##') (log: $log)"
		return 1
	fi
	for o in "$@"; do
		grep -qE "^  CHECK +(.*/)?${o%.o}\.c\$" "$log" || {
			echo "    sparse did not check ${o%.o}.c (no CHECK line; log: $log)"
			bad=1
		}
	done
	return $bad
}

# machine_sparse: why the recipe has a sparse of its own: the machine's
# (Debian 12's, when installed) on the first of the series' objects: what
# Kbuild says of it, or its errors counted and the first shown; the check
# does not depend on it.
machine_sparse() {
	local o=${series_objs[0]} log=$logs/base-machine-sparse.log n first=
	if ! command -v sparse >/dev/null 2>&1; then
		echo "    base: no machine sparse to compare with (Debian 12's: make deps)"
		return 0
	fi
	kx C=2 CHECK=sparse "$o" >"$log" 2>&1 || true
	if grep -q "$UNFIT" "$log"; then
		echo "    base: the machine's sparse $(sparse --version), refused by $RECIPE_TREE_NAME's Kbuild: \"$(grep -m1 "$UNFIT" "$log" | sed 's#^.*Makefile:[0-9]*: ##')\" (it does not parse __typeof_unqual__, scripts/checker-valid.sh)"
		return 0
	fi
	n=$(grep -c 'error: ' "$log" || true)
	[ "$n" = 0 ] || first=", first: $(grep -m1 'error: ' "$log" | sed "s#$wt/##")"
	echo "    base: the machine's sparse $(sparse --version) on $o: $n errors$first"
}

# --- base -------------------------------------------------------------------
step "base: worktree at $BASE_TAG, lab config, W=1 (about 5 minutes cold, less with ccache)"
worktree_at "$wt" "$BASE_TAG"
git -C "$wt" clean -q -fd
full_build base-vmlinux || die "the base does not build (log: $logs/base-vmlinux.out)"
keep_kernel base "$(tree_git rev-parse "$BASE_TAG^{commit}")"

# every x86 object that some patch touches, and that the lab config builds
# (at the base: an object a patch's new file left in the build directory
# on an earlier run is not one)
mapfile -t all_files < <(for c in "${commits[@]}"; do commit_files "$c"; done | sort -u)
series_objs=()
for o in $(c_objects "${all_files[@]}"); do
	[ -f "$obj/$o" ] && [ -f "$wt/${o%.o}.c" ] && series_objs+=("$o")
done
step "base: sparse on ${#series_objs[@]} objects: ${series_objs[*]}"
kx C=2 CHECK="$sparse" "${series_objs[@]}" >"$logs/base-sparse.log" 2>&1 ||
	die "sparse on the base failed (log: $logs/base-sparse.log)"
sparse_ran "$logs/base-sparse.log" "${series_objs[@]}" ||
	die "sparse did not check the base's objects (above)"
cat "$logs/base-vmlinux.log" "$logs/base-sparse.log" | normalize_warnings "$wt" >"$logs/base.warn"
echo "    base: $(wc -l <"$logs/base.warn") warnings (W=1 + sparse), the reference"
if [ -n "$RECIPE_SPARSE" ]; then
	echo "    base: sparse $("$sparse" --version) (${sparse#"$FORK_ROOT"/}) on them: $(grep -c 'error: ' "$logs/base-sparse.log" || true) errors, $(grep -c 'warning: ' "$logs/base-sparse.log" || true) warnings"
	# after the reference: a checker that fails makes Kbuild delete the object
	machine_sparse
fi

for a in $SERIES_CROSS; do
	step "base: ${X_ARCH[$a]} ${X_DEFCONFIG[$a]}${X_EXTRA[$a]:+ + ${X_EXTRA[$a]}}, ${X_OBJ[$a]} (about 20 s: only the prepare steps and two objects)"
	cross_config "$a"
	xmake "$a" "${X_OBJ[$a]}" mm/pgtable-generic.o 2>&1 | tee "$logs/base-$a.log" | progress ||
		die "the base does not build for ${X_ARCH[$a]} (log: $logs/base-$a.log)"
	normalize_warnings "$wt" <"$logs/base-$a.log" >"$logs/base-$a.warn"
done

# --- each patch ---------------------------------------------------------------
for i in "${!patches[@]}"; do
	p=${patches[$i]}
	c=${commits[$i]}
	num=$(patch_number "$p")
	label=$num
	git -C "$wt" checkout -q -f --detach "$c"
	mapfile -t files < <(commit_files "$c")
	objs=()
	hdr=0
	for f in "${files[@]}"; do
		case $f in include/* | arch/x86/include/* | mm/*.h) hdr=1 ;; esac
	done
	for o in $(c_objects "${files[@]}"); do
		[ -f "$wt/${o%.o}.c" ] || continue	# the patch deletes the file
		# built at the base, or new: build it; else the lab config has it off
		if [ -f "$obj/$o" ] || ! git -C "$wt" cat-file -e "$BASE_TAG:${o%.o}.c" 2>/dev/null; then
			objs+=("$o")
		else
			echo "    $num: ${o%.o}.c is not in the lab config's x86 build"
		fi
	done
	[ $hdr = 0 ] || objs+=("${series_objs[@]}")
	mapfile -t objs < <(printf '%s\n' "${objs[@]}" | grep -v '^$' | sort -u)
	step "patch $num: $(git -C "$wt" log -1 --format=%s)"
	if printf '%s\n' "${files[@]}" | grep -q 'Kconfig'; then
		fork_fragment "$c" "$frag"
		KERNEL_SRC=$wt KERNEL_OUT=$obj FRAGMENTS=$frag TARGETS=prepare KMAKEFLAGS="W=1" \
			"$FORK_ROOT/scripts/kernel.sh" >"$logs/$label-config.out" 2>&1 ||
			failed "$label: the lab config does not configure (log: $logs/$label-config.out)"
	fi
	if [ ${#objs[@]} -gt 0 ]; then
		if kx C=2 CHECK="$sparse" "${objs[@]}" >"$logs/$label.log" 2>&1; then
			if ! sparse_ran "$logs/$label.log" "${objs[@]}"; then
				failed "$label: sparse did not check every object (above)"
			else
				check_new "$label" "$logs/$label.log" &&
					echo "    $label: built ${objs[*]} (W=1, sparse): no new warnings"
			fi
		else
			failed "$label: does not build (log: $logs/$label.log)"
			grep -E 'error' "$logs/$label.log" | head -n 10 | indent
		fi
	else
		echo "    $label: touches no C file of the x86 build (${files[*]})"
	fi
	if [ -z "$SERIES_CROSS" ] && [ -n "$(printf '%s\n' "${files[@]}" | grep '^arch/' | grep -v '^arch/x86/' || true)" ]; then
		failed "$label: touches $(printf '%s\n' "${files[@]}" | grep '^arch/' | grep -v '^arch/x86/' | tr '\n' ' ')but scripts/series-build.sh has no cross build for $RECIPE (SERIES_CROSS, scripts/series-lib.sh)"
	fi
	for a in $SERIES_CROSS; do
		must=0
		[ "$num" = "${X_PATCH[$a]}" ] && must=1
		if [ $must = 1 ] || [ $hdr = 1 ] || printf '%s\n' "${files[@]}" | grep -q "^arch/${X_ARCH[$a]}/"; then
			cross "$a" "$label" "$must"
		fi
	done
	if [ -n "$SERIES_HISTORY" ] && [ "$((10#$num))" -ge 13 ] && [ "$((10#$num))" -le "$SERIES_LEN" ]; then
		if hits=$(git -C "$wt" grep -n -F pte_offset_map_nolock); then
			failed "$label: git grep pte_offset_map_nolock still finds:"
			indent <<<"$hits"
		else
			echo "    $label: git grep pte_offset_map_nolock finds nothing"
		fi
	fi
	if [ "$p" = "$end" ]; then
		step "series end ($num): vmlinux + bzImage with W=1"
		if full_build "$label-vmlinux"; then
			check_new "$label-vmlinux" "$logs/$label-vmlinux.log" &&
				echo "    $label: vmlinux: no new warnings"
			keep_kernel series "$c"
		else
			failed "$label: vmlinux does not build (log: $logs/$label-vmlinux.out)"
		fi
	fi
done

[ $fail = 0 ] || die "the series does not build cleanly at every patch (above; logs: ${logs#"$FORK_ROOT"/})"
if [ -n "$SERIES_CROSS" ]; then
	echo "every patch builds (W=1, sparse) with no new warnings; powerpc and arm proven; series kernel: ${KERNELS#"$FORK_ROOT"/}/series/bzImage"
else
	echo "every patch builds (W=1, sparse $("$sparse" --version)) with no new warnings; the queue's kernel: ${KERNELS#"$FORK_ROOT"/}/series/bzImage"
fi
