#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Does patches/series apply, in order, to every linux-source-6.12 that
# apt offers, to the pinned base (patches/base-version) and to the
# installed one? One line per version; a failing version names the patch
# and the file.
#
# For each version other than the installed one, the .deb is fetched with
# 'apt-get download' (no install; about 150 MB, kept in build/series/debs),
# the files the patches touch are extracted from its tarball into a scratch
# git repository, and each patch is checked with 'git apply --check' and
# then applied, so that the next one is checked on top of it; the fork-only
# files that patches/series attaches to a patch join it there, as in make tree.
#
# Verdict: the pinned version and every newer one must take the whole
# series (else exit 1). A version older than the pinned one that does not
# is reported, but is not a failure: the fork accepts newer 6.12.y bases,
# not older ones (tree.sh says "older ... untested" for those).
#
# Environment: SERIES_VERSIONS="v1 v2" tries only these versions (no apt
# query); the tests use it.

# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/series-lib.sh"

need git git
need dpkg-deb dpkg
need apt-get apt
need xz xz-utils

out=$SERIES_OUT/apply
debs=$SERIES_OUT/debs
mkdir -p "$out" "$debs"

mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "patches/series lists no patches"
for p in "${patches[@]}"; do
	[ -f "$PATCHES/$p" ] || die "patches/series names $p, which is not in patches/"
done
pinned=$(pinned_base_version)
installed=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null || true)

# The files the patches touch, as paths in Debian's tarball.
files=$out/files.list
for p in "${patches[@]}"; do patch_files "$PATCHES/$p"; done | sort -u >"$files"
files_hash=$(sha1sum <"$files" | cut -d' ' -f1)

offered_versions() {
	local v
	v=$(apt-cache madison "$BASE_PACKAGE" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
	if [ -z "$v" ] && [ "$(id -u)" = 0 ]; then
		step "apt knows no $BASE_PACKAGE versions: apt-get update" >&2
		apt-get update -q >&2 || true
		v=$(apt-cache madison "$BASE_PACKAGE" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
	fi
	[ -n "$v" ] || note "apt offers no $BASE_PACKAGE version (run 'apt-get update' as root): only the pinned and installed versions are tried"
	printf '%s\n' "$v"
}

# tarball_of VERSION: stream Debian's source tarball of VERSION on stdout.
tarball_of() {
	local v=$1 deb
	if [ "$v" = "$installed" ] && [ -f "$BASE_TARBALL" ]; then
		cat "$BASE_TARBALL"
		return
	fi
	deb=$(find "$debs" -maxdepth 1 -name "${BASE_PACKAGE}_${v/*:/}_all.deb" | head -n 1)
	if [ -z "$deb" ]; then
		step "downloading $BASE_PACKAGE=$v (about 150 MB) into ${debs#"$FORK_ROOT"/}" >&2
		(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$BASE_PACKAGE=$v" >&2) ||
			return 1
		deb=$(find "$debs" -maxdepth 1 -name "${BASE_PACKAGE}_*${v/*:/}*_all.deb" | head -n 1)
		[ -n "$deb" ] || return 1
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$BASE_PACKAGE.tar.xz"
}

# prepare VERSION DIR: DIR holds the touched files of VERSION (cached by the
# list of files), committed in a scratch git repository.
prepare() {
	local v=$1 dir=$2 err
	if [ -f "$dir/.files-hash" ] && [ "$(cat "$dir/.files-hash")" = "$files_hash" ]; then
		git -C "$dir/t" reset -q --hard && git -C "$dir/t" clean -q -fdx
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir/x"
	step "extracting the $(wc -l <"$files") files the patches touch from $BASE_PACKAGE $v (about 15 s)"
	err=$dir/tar.err
	if ! tarball_of "$v" >"$dir/src.tar.xz"; then
		rm -f "$dir/src.tar.xz"
		return 1
	fi
	# A file that a patch creates is not in the tarball: tar names it and
	# exits 2; any other complaint is an error.
	mapfile -t members < <(sed "s#^#$BASE_PACKAGE/#" "$files")
	tar -xJf "$dir/src.tar.xz" -C "$dir/x" "${members[@]}" 2>"$err" || true
	rm -f "$dir/src.tar.xz"
	if grep -v -e 'Not found in archive' -e 'Exiting with failure status' "$err" >&2; then
		return 1
	fi
	mv "$dir/x/$BASE_PACKAGE" "$dir/t" 2>/dev/null || mkdir -p "$dir/t"
	git -C "$dir/t" init -q
	git -C "$dir/t" add -A -f
	git -C "$dir/t" -c user.name=fork -c user.email=fork@invalid commit -q --allow-empty -m "$v"
	echo "$files_hash" >"$dir/.files-hash"
}

# try VERSION: prints "ok N" or "FAIL patch file" and returns 0/1.
try() {
	local v=$1 dir=$out/${1//[:~]/_} p msg file
	prepare "$v" "$dir" >&2 || { echo "NOFETCH"; return 1; }
	for p in "${patches[@]}"; do
		if ! msg=$(git -C "$dir/t" apply --check "$PATCHES/$p" 2>&1); then
			file=$(sed -n -E 's/^error: (patch failed: )?([^:]+):.*/\2/p' <<<"$msg" | head -n 1)
			printf '%s\n' "$msg" >"$dir/failure.txt"
			echo "FAIL $p ${file:-?}"
			return 1
		fi
		git -C "$dir/t" apply "$PATCHES/$p"
		# the fork-only files patches/series attaches to it, as make tree does
		while IFS= read -r file; do
			mkdir -p "$dir/t/$(dirname "$file")"
			cp "$FORK_ROOT/$file" "$dir/t/$file"
		done < <(attached_files "$p")
	done
	echo "ok ${#patches[@]}"
}

if [ -n "${SERIES_VERSIONS:-}" ]; then
	read -r -a versions <<<"$SERIES_VERSIONS"
else
	mapfile -t versions < <({ offered_versions; echo "$pinned"; [ -z "$installed" ] || echo "$installed"; } |
		grep -v '^$' | sort -u)
fi
# newest first
mapfile -t versions < <(printf '%s\n' "${versions[@]}" | sort -u -r -V)

step "applying ${#patches[@]} patches to ${#versions[@]} versions of $BASE_PACKAGE (pinned: $pinned)"
fail=0
summary=$out/summary.txt
: >"$summary"
for v in "${versions[@]}"; do
	tags=()
	[ "$v" = "$pinned" ] && tags+=(pinned)
	[ "$v" = "$installed" ] && tags+=(installed)
	if dpkg --compare-versions "$v" lt "$pinned"; then
		tags+=(older)
		must=0
	else
		must=1
		dpkg --compare-versions "$v" gt "$pinned" && tags+=(newer)
	fi
	label="$v${tags[*]:+ (${tags[*]})}"
	res=$(try "$v") || true
	case $res in
	ok*) line="$label: all ${res#ok } patches apply" ;;
	NOFETCH)
		line="$label: could not be fetched or extracted"
		;;
	FAIL*)
		read -r _ bad_patch bad_file <<<"$res"
		line="$label: $bad_patch does not apply (file $bad_file; details: ${out#"$FORK_ROOT"/}/${v//[:~]/_}/failure.txt)"
		;;
	esac
	if [ "${res%% *}" != ok ]; then
		if [ $must = 1 ]; then
			line="FAIL $line"
			fail=1
		else
			line="note $line: older than the pinned base, not supported"
		fi
	else
		line="ok   $line"
	fi
	echo "    $line"
	echo "$line" >>"$summary"
done
[ $fail = 0 ] || die "the series does not apply to the pinned base or a newer one (above)"
echo "series applies to the pinned base and every newer version (${#versions[@]} versions tried)"
