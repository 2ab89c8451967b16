#!/bin/bash
# Resolve and fetch the kernels that the test suite boots.
#
# The matrix is Debian's linux-image-cloud-amd64 metapackage in two suites:
# the newest build in the host's release (its main, security and updates
# archives) and the newest in its backports suite. The exact ABI version is
# read from the metapackage's Depends, so a rebuilt kernel in the archive is
# picked up without editing anything here.
#
# Usage:
#   kernels.sh list                 print "KVER SUITE" for each kernel
#   kernels.sh headers              print "PACKAGE SUITE" for their headers
#   kernels.sh fetch KVER           download and unpack linux-image-KVER
#
# fetch leaves build/kernels/KVER/vmlinuz, its config and lib/modules/KVER
# (with modules.dep), and caches the .deb in build/kernels/debs/.
set -euo pipefail

export LC_ALL=C

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
KERNELS=$BUILD/kernels

die()
{
	echo "kernels: $*" >&2
	exit 1
}

# Print "VERSION SUITE" for the newest version of metapackage $1 in the
# release suites and in backports. apt-cache policy lists versions newest
# first, each followed by the archives that carry it.
metapackage_versions()
{
	apt-cache policy "$1" | awk '
		/Version table:/ { table = 1; next }
		!table { next }
		$1 !~ /^[0-9]+$/ {
			version = ($1 == "***") ? $2 : $1
			next
		}
		NF >= 3 {
			suite = $3
			sub(/\/.*/, "", suite)
			kind = (suite ~ /-backports$/) ? "backports" : "release"
			if (!(kind in seen)) {
				seen[kind] = 1
				print kind, version, suite
			}
		}' | sort -r | awk '{ print $2, $3 }'
}

# Print "PACKAGE SUITE" for what each resolved metapackage version depends on,
# matching $2 (the name pattern of the versioned package).
resolve()
{
	local meta=$1 pattern=$2 version suite dep

	metapackage_versions "$meta" | while read -r version suite; do
		dep=$(apt-cache depends "$meta=$version" |
			awk -v re="$pattern" '$1 == "Depends:" && $2 ~ re {
				print $2; exit }')
		[ -n "$dep" ] || die "$meta $version has no dependency matching $pattern"
		echo "$dep $suite"
	done
}

cmd_list()
{
	local out

	out=$(resolve linux-image-cloud-amd64 '^linux-image-[0-9]')
	if [ "$(echo "$out" | grep -c .)" -ne 2 ]; then
		echo "$out" >&2
		die "expected one release and one backports kernel; run tools/vmtest/setup-host.sh (it adds backports and runs apt-get update)"
	fi
	echo "$out" | sed 's/^linux-image-//'
}

cmd_headers()
{
	resolve linux-headers-cloud-amd64 '^linux-headers-[0-9]'
}

# Unpack the image package for $1 into $KERNELS/$1. Debian moved modules
# from /lib/modules to /usr/lib/modules in later packages; both are accepted
# and the result always sits under lib/modules so depmod -b finds it.
unpack()
{
	local kver=$1 deb=$2 dest=$KERNELS/$1 tmp moddir

	tmp=$(mktemp -d "$KERNELS/.unpack.XXXXXX")
	dpkg-deb -x "$deb" "$tmp"

	moddir=
	for d in "$tmp/lib/modules/$kver" "$tmp/usr/lib/modules/$kver"; do
		if [ -d "$d" ]; then
			moddir=$d
		fi
	done
	[ -n "$moddir" ] || die "$deb contains no modules directory for $kver"
	[ -f "$tmp/boot/vmlinuz-$kver" ] || die "$deb contains no /boot/vmlinuz-$kver"

	rm -rf "$dest"
	mkdir -p "$dest/lib/modules"
	mv "$tmp/boot/vmlinuz-$kver" "$dest/vmlinuz"
	if [ -f "$tmp/boot/config-$kver" ]; then
		mv "$tmp/boot/config-$kver" "$dest/config"
	fi
	mv "$moddir" "$dest/lib/modules/$kver"
	rm -rf "$tmp"

	depmod -b "$dest" "$kver"
	touch "$dest/.unpacked"
}

cmd_fetch()
{
	local kver=${1:-} pkg deb

	[ -n "$kver" ] || die "usage: kernels.sh fetch KVER"
	pkg=linux-image-$kver

	if [ -f "$KERNELS/$kver/.unpacked" ]; then
		return 0
	fi

	mkdir -p "$KERNELS/debs"
	deb=$(find "$KERNELS/debs" -name "${pkg}_*.deb" | head -n 1)
	if [ -z "$deb" ]; then
		echo "kernels: downloading $pkg"
		# apt drops privileges to _apt for downloads; the cache directory
		# is made writable for it so apt does not fall back to root.
		chmod 0777 "$KERNELS/debs" 2>/dev/null || true
		(cd "$KERNELS/debs" && apt-get download -q "$pkg") ||
			die "apt-get download $pkg failed; the archive may have replaced it, so run apt-get update and retry"
		deb=$(find "$KERNELS/debs" -name "${pkg}_*.deb" | head -n 1)
		[ -n "$deb" ] || die "apt-get download left no ${pkg}_*.deb"
	fi

	echo "kernels: unpacking $(basename "$deb")"
	unpack "$kver" "$deb"
}

case "${1:-}" in
list)
	cmd_list
	;;
headers)
	cmd_headers
	;;
fetch)
	shift
	cmd_fetch "$@"
	;;
*)
	echo "usage: kernels.sh { list | headers | fetch KVER }" >&2
	exit 1
	;;
esac
