#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make kernel builds, with every option of the fragment honoured; and a
# fragment asking for an option Kconfig cannot give is refused by name.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

"$FORK_ROOT/scripts/kernel.sh"
for f in "$KBUILD/arch/x86/boot/bzImage" "$KBUILD/vmlinux" "$KBUILD/vmlinux-gdb.py"; do
	[ -e "$f" ] || die "make kernel did not produce $f"
done

bad=$BUILD/checks/impossible.config
echo "CONFIG_NUMA_BALANCING=y" >"$bad"	# needs NUMA, which the fragment leaves off
if out=$(FRAGMENTS="$FORK_ROOT/labs/kernel.config $bad" KERNEL_OUT="$BUILD/checks/kconfig-refusal" \
	"$FORK_ROOT/scripts/kernel.sh" 2>&1); then
	die "a fragment with an impossible option was accepted"
fi
grep -q 'CONFIG_NUMA_BALANCING=y' <<<"$out" || die "the refusal does not name the option: $out"
echo "an option Kconfig drops is refused by name:"
grep 'CONFIG_NUMA_BALANCING' <<<"$out"
