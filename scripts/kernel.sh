#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make kernel: build the lab kernel out of tree, from tinyconfig plus the
# config fragment(s), and check that Kconfig kept every option asked for.
#
# Environment (all optional):
#   KERNEL_SRC   source tree            (default build/linux)
#   KERNEL_OUT   build directory        (default build/kernel)
#   FRAGMENTS    config fragments       (default: the recipe's, scripts/recipe.sh;
#                                        6.12: labs/kernel.config labs/ptlab.config)
#   TARGETS      make targets           (default: bzImage vmlinux scripts_gdb)
#   KMAKEFLAGS   extra make arguments   (for example W=1)
#   CONFIG_ONLY  1: make and check the config, build nothing

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

src=${KERNEL_SRC:-$TREE}
out=${KERNEL_OUT:-$KBUILD}
read -r -a fragments <<<"${FRAGMENTS:-$RECIPE_FRAGMENTS}"
targets=${TARGETS:-bzImage vmlinux scripts_gdb}
read -r -a extra <<<"${KMAKEFLAGS:-}"

need make make
need gcc gcc
need flex flex
need bison bison
need bc bc
need_file /usr/include/libelf.h libelf-dev
[ -f "$src/Makefile" ] || die "no kernel source at $src: run 'make tree' first"
mkdir -p "$out"
cc=$(kernel_cc)

# kmake ARGS...: make in the source tree, building into $out.
kmake() {
	make -C "$src" O="$out" CC="$cc" LOCALVERSION= "${extra[@]}" "$@"
}

# The fragments' option lines, the last one for each symbol: merge_config
# lets a later fragment override an earlier one (labs/7.3.config turns off
# what 7.3 no longer has), so only the last line is what was asked for.
wanted_lines() {
	grep -hE '^(CONFIG_[A-Za-z0-9_]+=.*|# CONFIG_[A-Za-z0-9_]+ is not set)$' "${fragments[@]}" |
		awk '{ sym = $0; sub(/^# /, "", sym); sub(/[= ].*/, "", sym)
			if (!(sym in line)) order[++n] = sym
			line[sym] = $0 }
		END { for (i = 1; i <= n; i++) print line[order[i]] }'
}

# Lines of the fragments that Kconfig dropped or changed.
config_misses() {
	local line sym
	wanted_lines |
		while IFS= read -r line; do
			case $line in
			"# "*)
				sym=${line#\# }
				sym=${sym%% *}
				! grep -q "^$sym=" "$1" || echo "$line (Kconfig has: $(grep "^$sym=" "$1"))"
				;;
			*)
				grep -qxF -- "$line" "$1" ||
					echo "$line (Kconfig has: $(grep -E "^(# )?${line%%=*}[= ]" "$1" || echo 'nothing: a dependency is missing'))"
				;;
			esac
		done
}

# Make the config in a scratch directory; replace .config only when it
# changed, so an unchanged config does not trigger a rebuild.
# The stamp: the fragments and what Kconfig reads (the Kconfig files,
# tinyconfig's fragments and kconfig itself), by content, not the commit:
# an edit of C code must not cost a reconfiguration. Content, not git:
# on a fresh tree the build starts before the tree's history is written
# (tree.sh --then).
kconfig_state() {
	(cd "$src" && find . -path ./.git -prune -o -type f \( -name 'Kconfig*' \
		-o -path './kernel/configs/*' -o -path './arch/x86/configs/*' \
		-o -path './scripts/kconfig/*' \) -print | LC_ALL=C sort | xargs -r sha1sum)
}
stamp=$({ cat "${fragments[@]}" "$src/Makefile"; kconfig_state; } | sha1sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.fork-config-stamp" 2>/dev/null)" != "$stamp" ]; then
	step "configuring: tinyconfig + $(basename -a "${fragments[@]}" | tr '\n' ' ')"
	cfg=$out/.fork-config
	mkdir -p "$cfg"
	make -s -C "$src" O="$cfg" tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$cfg" "$cfg/.config" "${fragments[@]}" >/dev/null
	make -s -C "$src" O="$cfg" olddefconfig >/dev/null
	misses=$(config_misses "$cfg/.config")
	if [ -n "$misses" ]; then
		printf '  %s\n' "$misses" >&2
		die "Kconfig did not keep these options of the fragments (above): fix ${fragments[*]}"
	fi
	cmp -s "$cfg/.config" "$out/.config" || cp "$cfg/.config" "$out/.config"
	echo "$stamp" >"$out/.fork-config-stamp"
fi
if [ "${CONFIG_ONLY:-0}" = 1 ]; then
	echo "config: every line of ${fragments[*]#"$FORK_ROOT"/} honoured (${out#"$FORK_ROOT"/}/.config)"
	exit 0
fi

log=$out/build.log
step "building $targets in ${out#"$FORK_ROOT"/} with $cc, -j$JOBS (log: ${log#"$FORK_ROOT"/})"
start=$SECONDS
# A cold build's progress is shown out of the steps (Kbuild's "  CC ...",
# "  LD ..." lines) that a cold build of the recipe's lab kernel took when
# it was recorded (labs/kernel-build-steps), with the time left at the
# pace so far; a rebuild shows only its count.
total=
if [ ! -f "$out/vmlinux" ]; then
	total=$(awk -v r="$RECIPE" '$1 == r { print $2 }' "$FORK_ROOT/labs/kernel-build-steps")
fi
# shellcheck disable=SC2086
if ! kmake -j"$JOBS" $targets 2>&1 | tee "$log" |
	awk -v total="${total:-0}" -v t0="$(date +%s)" '
	/^  [A-Z]+ / {
		n++
		if (n % 250) next
		if (total > n) {
			t = systime() - t0
			printf "    ... %d of about %d steps (%d%%), %d s so far, about %d s left\n",
				n, total, 100 * n / total, t, t * (total - n) / n
		} else {
			printf "    ... %d steps\n", n
		}
		fflush()
	}'; then
	grep -E 'error|Error' "$log" | head -n 30 >&2 || tail -n 30 "$log" >&2
	die "kernel build failed (full log: $log)"
fi
echo "kernel built in $((SECONDS - start)) s: ${out#"$FORK_ROOT"/}/arch/x86/boot/bzImage, vmlinux, vmlinux-gdb.py"
