#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make kernel builds, with every option of the fragment honoured; a
# fragment asking for an option Kconfig cannot give is refused by name; the
# selftests' kernels' fragments (labs/selftests.config on top) are honoured
# too; and the lab kernel has none of the selftests' extra options.

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

# The series checks' and selftests' kernels: the lab fragments plus
# labs/selftests.config, every line honoured (configured only, not built).
FRAGMENTS="$FORK_ROOT/labs/kernel.config $FORK_ROOT/labs/ptlab.config $FORK_ROOT/labs/selftests.config" \
	KERNEL_OUT="$BUILD/checks/selftests-config" CONFIG_ONLY=1 "$FORK_ROOT/scripts/kernel.sh"

# The lab kernel stays lean: no option that only the selftests ask for,
# but those Kconfig turns on by itself (PROC_PAGE_MONITOR: default y with
# PROC_FS; the selftests' fragment names it so that they keep it).
default_on='CONFIG_PROC_PAGE_MONITOR=y'
extra=$(grep -hE '^CONFIG_[A-Za-z0-9_]+=' "$FORK_ROOT/labs/selftests.config" |
	grep -vxF -f <(cat "$FORK_ROOT/labs/kernel.config" "$FORK_ROOT/labs/ptlab.config"; echo "$default_on") |
	grep -xF -f - "$KBUILD/.config" || true)
[ -z "$extra" ] || die "the lab kernel ($KBUILD/.config) has options only the selftests need: $(tr "\n" " " <<<"$extra")"
echo "lab kernel: none of labs/selftests.config's options"
