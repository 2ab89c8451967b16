#!/bin/bash
# Build the debug kernel of the test matrix: Debian's linux-source-6.12
# with tinyconfig, kvm_guest.config and tools/vmtest/debug-kernel.config
# (what the suite needs, plus KASAN, UBSAN, lockdep, kmemleak and failslab),
# and ippp built in that tree through the project's top-level Kconfig.
#
# Usage: debug-kernel.sh
#
# Prints the kernel release as the last line, and leaves the kernel where
# tools/vmtest/kernels.sh leaves the Debian ones: build/kernels/KVER/vmlinuz,
# config and lib/modules/KVER, plus build/kernels/KVER/ippp.ko.
#
# The extracted source is cached in build/debug-kernel/src, and the object
# tree in build/debug-kernel/obj-HASH, HASH covering the config fragment,
# kvm_guest.config and the tarball. A later run only rebuilds what changed,
# which is usually just ippp: kernel/, uapi/ and Kconfig are copied into
# drivers/net/ippp of the extracted tree before every build.
set -euo pipefail

VMTEST=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$VMTEST/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
TARBALL=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
FRAGMENT=$VMTEST/debug-kernel.config
WORK=$BUILD/debug-kernel
SRC=$WORK/src
JOBS=$(nproc 2>/dev/null || echo 1)
MAKE=${MAKE:-make}

die()
{
	echo "debug-kernel: $*" >&2
	exit 1
}

step()
{
	echo "debug-kernel: [${SECONDS}s] $*" >&2
}

# Extract the tarball once per version of it, without the documentation
# (but with Documentation/Kconfig, which the top-level Kconfig reads).
extract_source()
{
	local want tmp

	want=$(stat -c '%s %Y' "$TARBALL")
	if [ -f "$SRC/.extracted" ] && [ "$(cat "$SRC/.extracted")" = "$want" ]; then
		return 0
	fi
	step "extracting $TARBALL"
	mkdir -p "$WORK"
	tmp=$(mktemp -d "$WORK/.src.XXXXXX")
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1 \
		--exclude='linux-source-6.12/Documentation/[!K]*'
	rm -rf "$SRC"
	mv "$tmp" "$SRC"
	echo "$want" > "$SRC/.extracted"
}

# Put the project into drivers/net/ippp: Kconfig at the top (as the
# project's own), kernel/ and uapi/ beside it.
link_project()
{
	local dir=$SRC/drivers/net/ippp

	mkdir -p "$dir"
	cp "$TOP/Kconfig" "$dir/Kconfig"
	printf '# SPDX-License-Identifier: GPL-2.0\nobj-$(CONFIG_IPPP) += kernel/\n' \
		> "$dir/Makefile"
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='.*.d' \
		--exclude=Module.symvers --exclude=modules.order \
		"$TOP/kernel" "$TOP/uapi" "$dir/"
	grep -q 'drivers/net/ippp/Kconfig' "$SRC/drivers/net/Kconfig" ||
		echo 'source "drivers/net/ippp/Kconfig"' >> "$SRC/drivers/net/Kconfig"
	grep -q 'ippp/' "$SRC/drivers/net/Makefile" ||
		echo 'obj-$(CONFIG_IPPP) += ippp/' >> "$SRC/drivers/net/Makefile"
}

# Configure object tree $1 and check that every option of the fragment is
# set as requested.
configure()
{
	local obj=$1 line name value

	step "configuring (tinyconfig + kvm_guest.config + debug-kernel.config)"
	"$MAKE" -s -C "$SRC" O="$obj" ARCH=x86_64 tinyconfig > /dev/null
	(cd "$SRC" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$obj" \
		"$obj/.config" kernel/configs/kvm_guest.config "$FRAGMENT") > /dev/null
	"$MAKE" -s -C "$SRC" O="$obj" ARCH=x86_64 olddefconfig > /dev/null

	while read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$obj/.config" ||
				die "the fragment sets $line, but the merged config has $(grep "^${line%%=*}=" "$obj/.config" || echo "${line%%=*} not set")"
			;;
		'# CONFIG_'*' is not set')
			name=${line#\# }
			name=${name%% *}
			value=$(grep "^$name=" "$obj/.config" || true)
			[ -z "$value" ] || die "the fragment turns $name off, but the merged config has $value"
			;;
		esac
	done < "$FRAGMENT"
}

[ -r "$TARBALL" ] || die "$TARBALL not found; run tools/vmtest/setup-host.sh as root"
[ -f "$TOP/Kconfig" ] || die "$TOP/Kconfig not found"

hash=$( { stat -c '%s %Y' "$TARBALL"; cat "$FRAGMENT"; } | sha256sum | cut -c1-16)
obj=$WORK/obj-$hash

extract_source
link_project
if [ ! -f "$obj/.configured" ]; then
	# Object trees of other configs are stale, and take hundreds of MB each.
	find "$WORK" -mindepth 1 -maxdepth 1 -name 'obj-*' ! -name "obj-$hash" \
		-exec rm -rf {} +
	rm -rf "$obj"
	mkdir -p "$obj"
	configure "$obj"
	touch "$obj/.configured"
fi

step "building in $obj"
start=$SECONDS
if ! "$MAKE" -C "$SRC" O="$obj" ARCH=x86_64 -j"$JOBS" bzImage modules \
	> "$obj/build.log" 2>&1; then
	tail -n 60 "$obj/build.log" >&2
	die "the build failed (log: $obj/build.log)"
fi
# The release, with CONFIG_LOCALVERSION, is known once the build has run.
kver=$(cat "$obj/include/config/kernel.release")
step "built $kver in $((SECONDS - start))s"

dest=$BUILD/kernels/$kver
stage=$WORK/stage-$hash
rm -rf "$stage"
"$MAKE" -s -C "$SRC" O="$obj" ARCH=x86_64 INSTALL_MOD_PATH="$stage" \
	modules_install > /dev/null
rm -rf "$dest"
mkdir -p "$dest/lib/modules"
cp "$obj/arch/x86/boot/bzImage" "$dest/vmlinuz"
cp "$obj/.config" "$dest/config"
mv "$stage/lib/modules/$kver" "$dest/lib/modules/$kver"
rm -rf "$stage"
cp "$obj/drivers/net/ippp/kernel/ippp.ko" "$dest/ippp.ko"
touch "$dest/.unpacked"
echo "$kver"
