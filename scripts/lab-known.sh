#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lab-known.sh N [guest]: exit 0 if lab N runs on this recipe, else say
# why.  The Makefile asks before it builds anything for make lab-N and
# lab-N-check, so that a lab of another recipe is refused at once.  With
# "guest" (make lab-N), also refuse while another lab's guest runs
# (scripts/qemu-lib.sh, debug_lock_free), before anything is rebuilt under it.

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

lab_known "${1:?usage: lab-known.sh N [guest]}"
case ${2:-} in
'') ;;
guest) debug_lock_free ;;
*) die "usage: lab-known.sh N [guest]" ;;
esac
