#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make boot: boot the lab kernel in QEMU (TCG, 2 CPUs), wait for the marker
# that /init prints, power off. Exit 0 only when the marker was seen.
# make shell: the same guest, interactive (BOOT_RUN= empty).
#
# Environment: BOOT_RUN (guest run script, default "boot"), BOOT_TIMEOUT (s).

# shellcheck source=scripts/qemu-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu-lib.sh"

run=${BOOT_RUN-boot}
timeout=${BOOT_TIMEOUT:-180}
need_guest
qemu_argv "$run"

if [ -z "$run" ]; then
	echo "interactive guest: 'reboot -f' in the guest (or Ctrl-A X) leaves QEMU"
	exec "${QEMU[@]}" -serial mon:stdio
fi

log=$BUILD/boot-$run.log
step "booting $(basename "$BZIMAGE") in QEMU (${QEMU_ACCEL}, 2 CPUs), console: ${log#"$FORK_ROOT"/}"
start=$SECONDS
rc=0
timeout "$timeout" "${QEMU[@]}" -serial stdio -monitor none </dev/null >"$log" 2>&1 || rc=$?
marker=$(grep -a '^fork: booted ' "$log" | tr -d '\r' | head -n 1 || true)
if [ -z "$marker" ]; then
	tail -n 40 "$log" >&2
	[ $rc = 124 ] && die "no boot marker within ${timeout} s (console tail above)"
	die "QEMU exited with $rc before the boot marker (console tail above)"
fi
echo "$marker"
# Every lab races two CPUs; a guest that found one is of no use to them.
case $marker in
*" on 2 CPUs") ;;
*) die "the guest did not find its 2 CPUs ('$marker'; the MP table lists one CPU per socket: QEMU needs -smp 2,sockets=2)" ;;
esac
[ $rc = 0 ] || die "QEMU exited with $rc after the marker (console: $log)"
if kernel_problems "$log" >&2; then
	die "the kernel reported a problem during boot (above)"
fi
echo "boot ok in $((SECONDS - start)) s"
