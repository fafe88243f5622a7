#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make deps: install the Debian packages the fork needs. As root it runs
# apt-get; otherwise it prints the exact command. Quick when all are there.
#
# Usage: deps.sh [lab]
#   lab   only what the lab path needs (the kernel build, QEMU,
#         GDB): make lab-N installs these, so a first lab does not wait
#         for the docs, the cross compilers and the checkers
#   (none) every package: make deps, make check

set -euo pipefail

lab_packages=(
	# the base is not installed: make tree downloads Debian's
	# linux-source-6.12 of the tested version into build/debs with apt
	# (scripts/fetch-lib.sh), which checks it with the archive keyring
	debian-archive-keyring
	# building the lab kernel
	build-essential flex bison bc libelf-dev cpio xz-utils git python3 ccache
	# guest and debugger
	qemu-system-x86 busybox-static gdb tmux
)
other_packages=(
	# the powerpc cross build: ppc64le_defconfig signs modules
	# (CONFIG_MODULE_SIG_SHA512) and has a trusted keyring
	# (CONFIG_SYSTEM_TRUSTED_KEYRING: arch/powerpc/configs/ppc64_defconfig:80,
	# 402 of fork-base), whose host tools link OpenSSL
	libssl-dev
	# cross compilers for the arch patches (powerpc 02, arm 05), and sparse
	gcc-powerpc64le-linux-gnu gcc-arm-linux-gnueabi sparse
	# checkpatch's SPDX licence check (scripts/spdxcheck.py)
	python3-ply python3-git
	# the kernel's mm selftests, built static
	libcap-dev libnuma-dev
	# docs: Sphinx, Graphviz, and a browser to look at the result
	python3-sphinx python3-sphinx-rtd-theme python3-yaml graphviz fonts-dejavu-core chromium nodejs npm
	# linting the fork's own scripts
	shellcheck
	# review practice: the semantic patches (make coccicheck) and the protocol model (make model)
	coccinelle spin
)

case ${1:-} in
lab)
	what="the lab path's"
	packages=("${lab_packages[@]}")
	;;
"")
	what="all"
	packages=("${lab_packages[@]}" "${other_packages[@]}")
	;;
*)
	echo "usage: deps.sh [lab]" >&2
	exit 2
	;;
esac

missing=()
for p in "${packages[@]}"; do
	case $p in
	nodejs | npm)
		# a node from another source (for example NodeSource) is just as good
		command -v "${p/nodejs/node}" >/dev/null 2>&1 && continue
		;;
	esac
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

if [ ${#missing[@]} = 0 ]; then
	echo "deps: $what ${#packages[@]} packages are installed"
	exit 0
fi

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	echo "deps: as root, run:  apt-get update && $line" >&2
	exit 1
fi
echo "==> [$(date +%T)] deps: installing ${#missing[@]} packages: ${missing[*]}"
start=$SECONDS
apt-get update -q
DEBIAN_FRONTEND=noninteractive $line
echo "deps: installed in $((SECONDS - start)) s"
