#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Does patches/series apply, in order, to the tested base
# (patches/base-version) and to every linux-source-6.12 the suites offer?
# One line per 6.12.y; a failing version names the patch and the file.
# RECIPE=7.3: patches/7.3/series, every linux-source-7.3 (one per 7.3.y),
# and, as today's kernel moves on (RECIPE_NEWER_SERIES), the newest
# version of the newest linux-source-7.N offered with N above 3: a newer
# one, tried like a newer 7.3.y, whose failure is drift.
#
# Each version's .deb comes by exact version through the same fetch path
# as make tree (scripts/fetch-lib.sh: apt-get download into build/debs,
# about 150 MB each, kept); the files the patches touch are extracted from
# its tarball into a scratch git repository, and each patch is checked
# with 'git apply --check' and then applied, so that the next one is
# checked on top of it; the fork-only files that patches/series attaches
# to a patch join it there, as in make tree. Of each upstream 6.12.y the
# tested package is tried if it is that y, else the newest Debian revision
# (bookworm's 6.12.118-1~deb12u1 and trixie's 6.12.118-1 are one 6.12.y).
#
# Verdict: the tested base must be offered and take the whole series, else
# exit 1. A newer version that does not take it is drift: a named result
# ("6.12.119-1: 0012 does not apply"), written to build/checks/series.warnings
# for make check's summary, not a failure: the tested base is what a
# newcomer gets. Older versions are listed, not tried: the queue is
# refreshed for the tested base, and tree.sh calls them untested.
#
# Environment: SERIES_VERSIONS="v1 v2" tries only these versions (no apt
# query, no newer series); the tests use it. SERIES_NEWER_SERIES=MAJOR.N
# plays linux-source-MAJOR.N as the newer series, offered or not newer
# (to see a drift warning while apt offers no newer series).

SERIES_ANY_RECIPE=yes
# shellcheck source=scripts/series-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/series-lib.sh"

need git git
need dpkg-deb dpkg
need apt-get apt
need xz xz-utils

out=$SERIES_OUT/apply
mkdir -p "$out"

mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "patches/series lists no patches"
for p in "${patches[@]}"; do
	[ -f "$PATCHES/$p" ] || die "patches/series names $p, which is not in patches/"
done
pinned=$(pinned_base_version)
case ${SERIES_NEWER_SERIES:-} in
"" | [0-9]*.[0-9]*) ;;
*) die "SERIES_NEWER_SERIES=$SERIES_NEWER_SERIES: want a series such as ${BASE_SERIES%%.*}.4" ;;
esac

# The files the patches touch, as paths in Debian's tarball.
files=$out/files.list
for p in "${patches[@]}"; do patch_files "$PATCHES/$p"; done | sort -u >"$files"
files_hash=$(sha1sum <"$files" | cut -d' ' -f1)

# upstream_of VERSION: the 6.12.y (7.3.y) a Debian version packages.
upstream_of() {
	local v=${1#*:}
	echo "${v%%-*}"
}

# one_per_upstream: stdin's versions (newest first), one per 6.12.y: the
# tested one for its y, else the newest Debian revision.
one_per_upstream() {
	awk -v t="$pinned" '
		{ u = $0; sub(/^[0-9]+:/, "", u); sub(/-.*/, "", u) }
		$0 == t { pick[u] = $0; fixed[u] = 1; if (!(u in order)) { order[u] = ++n; ups[n] = u }; next }
		!(u in order) { order[u] = ++n; ups[n] = u; pick[u] = $0; next }
		END { for (i = 1; i <= n; i++) print pick[ups[i]] }'
}

# tarball_of VERSION: stream Debian's source tarball of VERSION on stdout.
tarball_of() {
	local tarball
	tarball=$(base_tarball_of "$1") || return 1
	cat "$tarball"
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

offered=()
if [ -n "${SERIES_VERSIONS:-}" ]; then
	read -r -a versions <<<"$SERIES_VERSIONS"
	offered=("${versions[@]}")
else
	mapfile -t offered < <(offered_versions)
	mapfile -t versions < <({ printf '%s\n' "${offered[@]}"; echo "$pinned"; } | sort_versions | one_per_upstream)
fi

step "applying ${#patches[@]} patches to ${#versions[@]} versions of $BASE_PACKAGE, one per $BASE_SERIES.y (tested: $pinned)"
fail=0
tried=0
summary=$out/summary.txt

# judge VERSION LABEL MUST DRIFT NAME: try VERSION, print and record its
# line; MUST=1: a failure fails the check; DRIFT=1: a failure is a warning
# for make check's summary, naming the version as "NAME (VERSION)".
judge() {
	local v=$1 label=$2 must=$3 drift=$4 name=$5 res line why bad_patch bad_file
	tried=$((tried + 1))
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
	if [ "${res%% *}" = ok ]; then
		line="ok   $line"
	elif [ "$must" = 1 ]; then
		line="FAIL $line"
		fail=1
	elif [ "$drift" = 1 ]; then
		line="DRIFT $line"
		if [ "${res%% *}" = FAIL ]; then
			why="patch ${bad_patch%%-*} does not apply (${bad_file})"
		else
			why="could not be fetched or extracted"
		fi
		echo "series: $(upstream_of "$v") ($name): $why; newer than the tested base: see README, 'When a newer base breaks'" >>"$warnings"
	fi
	echo "    $line"
	echo "$line" >>"$summary"
}
warnings=$BUILD/checks/series.warnings
mkdir -p "$BUILD/checks"
: >"$summary"
: >"$warnings"
if ! in_list "$pinned" "${offered[@]}"; then
	line="FAIL $pinned (tested): no longer offered by $BASE_SUITES. Refresh the queue for the newest (BASE=newest make tree names the first patch that fails) and record it in patches/base-version"
	echo "    $line"
	echo "$line" >>"$summary"
	fail=1
fi
for v in "${versions[@]}"; do
	tags=()
	drift=0
	must=0
	if [ "$v" = "$pinned" ]; then
		tags+=(tested)
		must=1
	elif dpkg --compare-versions "$v" lt "$pinned"; then
		# the queue is refreshed for the tested base; an older one is
		# not supported, and trying it would only cost a download
		line="skip $v (older): older than the tested base, not tried"
		echo "    $line"
		echo "$line" >>"$summary"
		continue
	else
		tags+=(newer)
		must=0
		drift=1
	fi
	label="$v${tags[*]:+ (${tags[*]})}"
	judge "$v" "$label" "$must" "$drift" "$v"
done

# Today's kernel moves on: the newest version of the newest series above
# the recipe's (linux-source-7.N, N > 3) is tried as a newer version.
if [ -n "${RECIPE_NEWER_SERIES:-}" ] && [ -z "${SERIES_VERSIONS:-}" ]; then
	newer=${SERIES_NEWER_SERIES:-$(newest_newer_series)}
	if [ -z "$newer" ]; then
		line="none newer series: $BASE_PACKAGE is the newest offered (no linux-source-${BASE_SERIES%%.*}.N with N above ${BASE_SERIES#*.} in $BASE_SUITES)"
		echo "    $line"
		echo "$line" >>"$summary"
	else
		BASE_SERIES=$newer
		BASE_PACKAGE=linux-source-$newer
		mapfile -t newer_versions < <(offered_versions)
		[ ${#newer_versions[@]} -gt 0 ] || die "apt names $BASE_PACKAGE but offers no version of it"
		v=${newer_versions[0]}
		judge "$v" "$v ($BASE_PACKAGE, newer series)" 0 1 "$v, $BASE_PACKAGE"
	fi
fi

[ $fail = 0 ] || die "the series does not apply to the tested base $pinned, or it is no longer offered (above)"
if [ -s "$warnings" ]; then
	echo "series applies to the tested base $pinned; $(wc -l <"$warnings") newer version(s) do not (DRIFT above, a warning in make check's summary)"
else
	echo "series applies to the tested base $pinned and every newer version ($tried tried, $((${#versions[@]} - tried)) older listed)"
fi
