#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every shell script of the fork is shellcheck clean.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v shellcheck >/dev/null || { echo "error: install Debian package 'shellcheck' (make deps)" >&2; exit 1; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.sh' .ci/run)
shellcheck -x "${files[@]}"
echo "shellcheck: ${#files[@]} scripts clean"
