#!/bin/sh
# Install what building and testing ippp needs on a Debian 12 host.
#
# Idempotent and quiet when nothing is missing. Adds the bookworm-backports
# suite (for the 6.12 kernel, its headers and linux-source-6.12) from the
# same mirror the host's bookworm entry already uses.
set -eu

if [ "$(id -u)" -ne 0 ]; then
	echo "setup-host: must run as root to install packages" >&2
	exit 1
fi

BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.sources

add_backports()
{
	if grep -rqs 'bookworm-backports' /etc/apt/sources.list \
		/etc/apt/sources.list.d/; then
		return 1
	fi

	uri=$(awk '/^URIs:/ { u = $2 }
		   /^Suites:/ && u != "" && $0 ~ /bookworm( |$)/ { print u; exit }' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	if [ -z "$uri" ]; then
		uri=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' \
			/etc/apt/sources.list 2>/dev/null || true)
	fi
	if [ -z "$uri" ]; then
		echo "setup-host: no bookworm entry found in the apt sources" >&2
		exit 1
	fi

	cat > "$BACKPORTS" <<-SRC
	Types: deb
	URIs: $uri
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	SRC
	return 0
}

PACKAGES="build-essential bc bison flex libelf-dev libssl-dev kmod cpio
xz-utils zstd rsync busybox-static iproute2 tcpdump
pkg-config libnl-3-dev libnl-genl-3-dev libpcap-dev libjson-c-dev
sparse valgrind python3 python3-yaml python3-jsonschema jq gcc-multilib
bash-completion
cppcheck dkms linux-headers-cloud-amd64"
# bookworm's qemu 7.2 corrupts guest EFLAGS under TCG (spurious #DB
# warnings, double faults at boot), so the guest runs on the backports qemu.
BACKPORTS_PACKAGES="linux-source-6.12 qemu-system-x86"

missing=""
for p in $PACKAGES $BACKPORTS_PACKAGES; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing="$missing $p"
done

updated=0
if add_backports; then
	apt-get update -q >/dev/null
	updated=1
fi

# The headers of both test kernels, resolved through the release and the
# backports linux-headers-cloud-amd64 metapackages, so the exact ABI
# numbers are whatever the archive carries today.
HEADERS=$("$(dirname "$0")/kernels.sh" headers)
RELEASE_HEADERS=$(echo "$HEADERS" | awk '$2 !~ /-backports$/ { print $1 }')
BP_HEADERS=$(echo "$HEADERS" | awk '$2 ~ /-backports$/ { print $1 }')
for p in $RELEASE_HEADERS $BP_HEADERS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing="$missing $p"
done
qemu_version=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
if [ -n "$qemu_version" ] &&
	dpkg --compare-versions "$qemu_version" lt 1:8; then
	missing="$missing qemu-system-x86"
fi

[ -n "$missing" ] || exit 0

echo "setup-host: installing$missing"
[ "$updated" -eq 1 ] || apt-get update -q >/dev/null
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $PACKAGES $RELEASE_HEADERS \
	>/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends -t bookworm-backports \
	$BACKPORTS_PACKAGES $BP_HEADERS >/dev/null
