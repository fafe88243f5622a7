#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Pack the guest's initramfs: busybox-static, labs/guest/init, the run
# scripts, the labs' static C programs, and optionally one extra directory.
#
# Usage: initramfs.sh [OUTPUT.cpio.gz [EXTRA_DIR [GUEST_PATH]]]
#   OUTPUT defaults to the recipe's build/initramfs.cpio.gz (make initramfs);
#   EXTRA_DIR is packed at GUEST_PATH (default /extra).
# Environment: GEN_INIT_CPIO, the packer of another build than build/kernel.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# the default is where boot.sh looks (qemu-lib.sh's INITRD), in the
# recipe's build directory
out=${1:-$BUILD/initramfs.cpio.gz}
extra=${2:-}
extra_at=${3:-/extra}
gen=${GEN_INIT_CPIO:-$KBUILD/usr/gen_init_cpio}	# GEN_INIT_CPIO: another kernel build's
busybox=/bin/busybox

need_file "$busybox" busybox-static
interp=$(readelf -l "$busybox" 2>/dev/null | grep -c 'program interpreter' || true)
[ "$interp" = 0 ] ||
	die "$busybox is not static: install Debian package 'busybox-static' (or run 'make deps')"
[ -x "$gen" ] || die "$gen is missing: run 'make kernel' first"
need gzip gzip

guest=$FORK_ROOT/labs/guest
bins=$BUILD/guest-bin
mkdir -p "$bins"
# The labs' guest programs: small static C files, and the headers they
# share (labs/guest/*.h), which rebuild every program when they change.
for c in "$guest"/*.c; do
	[ -e "$c" ] || continue
	b=$bins/$(basename "$c" .c)
	if [ ! -x "$b" ] || [ "$c" -nt "$b" ] ||
		[ -n "$(find "$guest" -maxdepth 1 -name '*.h' -newer "$b" -print -quit)" ]; then
		gcc -static -O2 -Wall -Wextra -Werror -o "$b" "$c"
	fi
done

list=$(mktemp)
trap 'rm -f "$list"' EXIT
{
	for d in /dev /proc /sys /tmp /bin /sbin /usr /usr/bin /usr/sbin /root /etc /fork /fork/bin /fork/run; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "nod /dev/null 0666 0 0 c 1 3"
	echo "file /bin/busybox $busybox 0755 0 0"
	echo "file /init $guest/init 0755 0 0"
	for f in "$guest"/run/*.sh; do
		echo "file /fork/run/$(basename "$f") $f 0644 0 0"
	done
	for f in "$bins"/*; do
		[ -e "$f" ] && echo "file /fork/bin/$(basename "$f") $f 0755 0 0"
	done
	if [ -n "$extra" ]; then
		(cd "$extra" && find . -mindepth 1 | sort) | while IFS= read -r f; do
			p=$extra_at/${f#./}
			if [ -d "$extra/$f" ]; then
				echo "dir $p 0755 0 0"
			else
				echo "file $p $extra/$f $(stat -c %a "$extra/$f") 0 0"
			fi
		done | sed "1i dir $extra_at 0755 0 0"
	fi
} >"$list"
"$gen" "$list" | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
