#!/bin/sh
# Extract the parts of Debian's linux-source-6.12 that the build uses:
# kselftest's lib.mk, headers and runner, checkpatch and its data files,
# and the YNL tools with the netlink specs.
#
# Usage: linux-source.sh [DEST]     (default build/linux-source-6.12)
#
# The extraction is cached; a stamp file records the size and mtime of the
# tarball it came from, so an upgraded linux-source package is re-extracted.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
TARBALL=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
DEST=${1:-$BUILD/linux-source-6.12}
STAMP=$DEST/.extracted

if [ ! -r "$TARBALL" ]; then
	echo "linux-source: $TARBALL not found; run tools/vmtest/setup-host.sh as root" >&2
	exit 1
fi

want=$(stat -c '%s %Y' "$TARBALL")
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
	exit 0
fi

echo "linux-source: extracting from $TARBALL"
mkdir -p "$(dirname "$DEST")"
tmp=$(mktemp -d "$(dirname "$DEST")/.linux-source.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Every path in the tarball starts with linux-source-6.12/, which the
# --wildcards patterns match with a leading '*'.
tar -xJf "$TARBALL" -C "$tmp" --strip-components=1 --wildcards \
	'*/tools/testing/selftests/lib.mk' \
	'*/tools/testing/selftests/kselftest*' \
	'*/tools/testing/selftests/run_kselftest.sh' \
	'*/scripts/checkpatch.pl' \
	'*/scripts/spelling.txt' \
	'*/scripts/const_structs.checkpatch' \
	'*/tools/net/ynl/*' \
	'*/Documentation/netlink/*'

for f in tools/testing/selftests/lib.mk \
	 tools/testing/selftests/kselftest_harness.h \
	 tools/testing/selftests/kselftest/runner.sh \
	 tools/testing/selftests/run_kselftest.sh \
	 scripts/checkpatch.pl; do
	if [ ! -f "$tmp/$f" ]; then
		echo "linux-source: $TARBALL has no $f" >&2
		exit 1
	fi
done

rm -rf "$DEST"
mv "$tmp" "$DEST"
chmod 0755 "$DEST"
trap - EXIT
echo "$want" > "$STAMP"
