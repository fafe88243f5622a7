# SPDX-License-Identifier: GPL-2.0
# The base by exact version: Debian's linux-source-N .deb, fetched with
# 'apt-get download' into build/debs through a private apt configuration
# under build/apt, so that nothing is installed, upgraded or downgraded on
# the machine. apt's own signature chain (the Debian archive keyring)
# vouches for what it downloads. The mirrors are the machine's own: read
# from its apt sources, never written into the repository.
# shellcheck shell=bash

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# What the recipe says about its base (scripts/recipe.sh, one place each):
#   BASE_PACKAGE  the Debian source package
#   BASE_SUITES   where to look for it: "main:SUITE" (the machine's
#                 Debian archive mirror) or "security:SUITE" (its
#                 security mirror)
#   base-version  the tested version, first line of patches/base-version
BASE_SERIES=${BASE_SERIES:-$RECIPE_SERIES}
BASE_PACKAGE=linux-source-$BASE_SERIES
BASE_SUITES=${BASE_SUITES:-$RECIPE_SUITES}
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
APT_DIR=${APT_DIR:-$RECIPE_APT}
DEBS=${DEBS:-$RECIPE_DEBS}	# DEBS, APT_DIR: shared by scratch builds (tests)
# apt's lists older than this are refreshed before a version is looked up
APT_MAX_AGE_MIN=${APT_MAX_AGE_MIN:-360}

# machine_sources: "URI SUITE" for every enabled deb source of the machine,
# one-line (sources.list, *.list) and deb822 (*.sources) formats.
machine_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" {
			i = 2
			if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
			print $i, $(i + 1)
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush(u, s) {
			if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no")
				for (u = 1; u <= nu; u++)
					for (s = 1; s <= ns; s++)
						print uri[u], suite[s]
			nu = ns = 0; types = enabled = ""
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		tolower($1) == "types:" { types = $0; sub(/^[^:]*:/, "", types) }
		tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uri[++nu] = $i }
		tolower($1) == "suites:" { for (i = 2; i <= NF; i++) suite[++ns] = $i }
		tolower($1) == "enabled:" { enabled = tolower($2) }
		END { flush() }' "$f"
	done
}

# mirror_of KIND: the machine's Debian mirror of KIND, "main" (a source
# whose suite is a plain code name such as bookworm) or "security" (a
# suite ending in -security).
mirror_of() {
	local pattern
	case $1 in
	main) pattern='^[a-z]+$' ;;
	security) pattern='^[a-z]+-security$' ;;
	*) die "mirror_of: unknown kind $1" ;;
	esac
	machine_sources | awk -v p="$pattern" '$2 ~ p { print $1; exit }'
}

# apt_setup: the private apt configuration, written once per set of suites.
# APT_LINE_TYPE=deb-src: source packages instead of binary ones (the sparse
# that check-series builds for a tree Debian 12's cannot parse:
# scripts/series-sparse.sh).
apt_setup() {
	local s kind suite uri want
	need apt-get apt
	need_file "$DEBIAN_KEYRING" debian-archive-keyring
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" \
		"$APT_DIR/sources.list.d" "$APT_DIR/preferences.d" "$DEBS"
	want=$(for s in $BASE_SUITES; do
		kind=${s%%:*}
		suite=${s#*:}
		uri=$(mirror_of "$kind")
		[ -n "$uri" ] ||
			die "the machine's apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/) name no Debian $kind mirror: add one, or install $BASE_PACKAGE by hand and set BASE to its version"
		echo "${APT_LINE_TYPE:-deb} [signed-by=$DEBIAN_KEYRING] $uri $suite main"
	done)
	if [ "$want" != "$(cat "$APT_DIR/sources.list" 2>/dev/null)" ]; then
		printf '%s\n' "$want" >"$APT_DIR/sources.list"
		rm -rf "$APT_DIR/lists"
		mkdir -p "$APT_DIR/lists/partial"
	fi
	cat >"$APT_DIR/apt.conf" <<-EOF
	Dir::Etc::sourcelist "$APT_DIR/sources.list";
	Dir::Etc::sourceparts "$APT_DIR/sources.list.d";
	Dir::Etc::preferences "$APT_DIR/preferences";
	Dir::Etc::preferencesparts "$APT_DIR/preferences.d";
	Dir::State::lists "$APT_DIR/lists";
	Dir::Cache "$APT_DIR/cache";
	Acquire::Languages "none";
	APT::Sandbox::User "$(id -un)";
	EOF
}

fork_apt() {
	APT_CONFIG=$APT_DIR/apt.conf "$@"
}

# apt_update [force]: refresh the private lists when missing or stale.
apt_update() {
	local stamp=$APT_DIR/lists/.updated
	if [ "${1:-}" != force ] && [ -f "$stamp" ] &&
		[ -z "$(find "$stamp" -mmin +"$APT_MAX_AGE_MIN")" ]; then
		return 0
	fi
	step "apt: reading which $BASE_PACKAGE versions $BASE_SUITES offer (private lists in ${APT_DIR#"$FORK_ROOT"/})" >&2
	fork_apt apt-get update -q >"$APT_DIR/update.log" 2>&1 || {
		cat "$APT_DIR/update.log" >&2
		die "apt-get update of the private lists failed (above; log: $APT_DIR/update.log)"
	}
	touch "$stamp"
}

# offered_versions: every version of BASE_PACKAGE the suites offer, newest first.
offered_versions() {
	apt_setup
	apt_update
	fork_apt apt-cache madison "$BASE_PACKAGE" 2>/dev/null |
		awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u | sort_versions
}

# sort_versions: stdin's Debian versions, newest first.
sort_versions() {
	local -a all
	local a b n
	mapfile -t all
	[ ${#all[@]} -gt 0 ] || return 0
	printf '%s\n' "${all[@]}" | awk 'NF' | sort -u |
		while IFS= read -r a; do
			n=0
			for b in "${all[@]}"; do
				if dpkg --compare-versions "$b" gt "$a"; then
					n=$((n + 1))
				fi
			done
			echo "$n $a"
		done | sort -n -u | cut -d' ' -f2
}

# deb_of VERSION: the cached .deb of VERSION (empty if none).
deb_of() {
	local v=${1#*:}
	[ -d "$DEBS" ] || return 0
	find "$DEBS" -maxdepth 1 -name "${BASE_PACKAGE}_${v}_all.deb" | head -n 1
}

# fetch_deb VERSION: the .deb of VERSION in build/debs (downloaded when not
# there yet); prints its path.
fetch_deb() {
	local v=$1 deb
	deb=$(deb_of "$v")
	if [ -z "$deb" ]; then
		apt_setup
		apt_update
		step "downloading $BASE_PACKAGE=$v (about 150 MB) into ${DEBS#"$FORK_ROOT"/}" >&2
		if ! (cd "$DEBS" && fork_apt apt-get download -q "$BASE_PACKAGE=$v" >&2); then
			apt_update force
			(cd "$DEBS" && fork_apt apt-get download -q "$BASE_PACKAGE=$v" >&2) ||
				die "apt-get download $BASE_PACKAGE=$v failed (above). The versions offered: make base-versions"
		fi
		deb=$(deb_of "$v")
		[ -n "$deb" ] || die "apt-get download $BASE_PACKAGE=$v left no ${BASE_PACKAGE}_${v#*:}_all.deb in $DEBS"
	fi
	echo "$deb"
}

# base_tarball_of VERSION: the path of VERSION's source tarball
# (linux-source-N.tar.xz), taken out of its .deb once; the .deb goes.
base_tarball_of() {
	local v=$1 deb tarball
	tarball=$DEBS/${BASE_PACKAGE}_${v#*:}.tar.xz
	if [ ! -s "$tarball" ]; then
		deb=$(fetch_deb "$v")
		need dpkg-deb dpkg
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$BASE_PACKAGE.tar.xz" >"$tarball.part" ||
			die "$deb holds no ./usr/src/$BASE_PACKAGE.tar.xz"
		mv "$tarball.part" "$tarball"
		# The tarball is all that is read from now on: keep the disk
		# for the builds (a .deb is as large again).
		rm -f "$deb"
	fi
	echo "$tarball"
}

tested_base_version() {
	head -n 1 "$PATCHES/base-version"
}

# base_resolve: which version the tree is made of, in BASE_VERSION (read
# by the scripts that source this file).
#   BASE unset or "tested"  the tested version (patches/base-version); when
#                           the suites no longer offer it, the newest one
#   BASE=newest             the newest version offered
#   BASE=VERSION            exactly VERSION
# A version whose tarball or .deb is already in build/debs needs no network.
# shellcheck disable=SC2034
base_resolve() {
	local want=${BASE:-tested} tested newest was
	local -a offered
	tested=$(tested_base_version)
	case $want in
	tested | "$tested")
		if [ -n "$(deb_of "$tested")" ] || [ -s "$DEBS/${BASE_PACKAGE}_${tested#*:}.tar.xz" ]; then
			BASE_VERSION=$tested
			return 0
		fi
		mapfile -t offered < <(offered_versions)
		if in_list "$tested" "${offered[@]}"; then
			BASE_VERSION=$tested
			return 0
		fi
		was=$BASE_PACKAGE
		! take_newer_series || mapfile -t offered < <(offered_versions)
		[ ${#offered[@]} -gt 0 ] || die "the suites ($BASE_SUITES) offer no $BASE_PACKAGE at all: see $APT_DIR/update.log"
		newest=${offered[0]}
		note "the tested base $was $tested is no longer offered: taking the newest, $newest (BASE=VERSION picks another; 'make base-versions' lists them)"
		BASE_VERSION=$newest
		;;
	newest)
		mapfile -t offered < <(offered_versions)
		[ ${#offered[@]} -gt 0 ] || die "the suites ($BASE_SUITES) offer no $BASE_PACKAGE at all: see $APT_DIR/update.log"
		BASE_VERSION=${offered[0]}
		;;
	*)
		if [ -z "$(deb_of "$want")" ] && [ ! -s "$DEBS/${BASE_PACKAGE}_${want#*:}.tar.xz" ]; then
			mapfile -t offered < <(offered_versions)
			in_list "$want" "${offered[@]}" ||
				die "BASE=$want: $BASE_PACKAGE $want is not offered. Offered: ${offered[*]:-none} ('make base-versions')"
		fi
		BASE_VERSION=$want
		;;
	esac
}

# newest_newer_series: the newest series MAJOR.N after BASE_SERIES (same
# major) of which the suites offer a linux-source package; empty if none.
newest_newer_series() {
	local major=${BASE_SERIES%%.*} minor=${BASE_SERIES#*.}
	fork_apt apt-cache pkgnames "linux-source-$major." 2>/dev/null |
		sed -n -E "s/^linux-source-$major\.([0-9]+)\$/\1/p" |
		awk -v m="$minor" '$1 > m' | sort -n | tail -n 1 |
		sed "s/^/$major./"
}

# take_newer_series: for a recipe that follows today's kernel
# (RECIPE_NEWER_SERIES), once its tested version is gone the base is the
# newest series offered: BASE_SERIES and BASE_PACKAGE move to it, with a
# note. False, changing nothing, for other recipes or when there is none.
take_newer_series() {
	local newer
	[ -n "${RECIPE_NEWER_SERIES:-}" ] || return 1
	newer=$(newest_newer_series)
	[ -n "$newer" ] || return 1
	note "today's kernel has moved on: linux-source-$newer, the newest series offered, stands in for $BASE_PACKAGE"
	BASE_SERIES=$newer
	BASE_PACKAGE=linux-source-$newer
}
