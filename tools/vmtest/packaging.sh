#!/bin/bash
# Check the two ways the module is packaged, for each kernel of the matrix,
# against that kernel's installed headers:
#
#   - dkms.conf: "dkms add", "dkms build" and "dkms install" in a DKMS tree,
#     source tree, install tree and signing key of their own under
#     build/packaging, so nothing is added to /var/lib/dkms, /usr/src or
#     /lib/modules of the host;
#   - "make install DESTDIR=... PREFIX=/usr" from a copy of the source tree,
#     which must stage ippp.ko for that kernel and ipppctl, and nothing
#     outside lib/modules, usr/sbin and usr/share.
#
# Usage: packaging.sh
#
# Needs dkms (tools/vmtest/setup-host.sh installs it, as root).
set -euo pipefail

VMTEST=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$VMTEST/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
WORK=$BUILD/packaging
MAKE=${MAKE:-make}

failures=0

step()
{
	echo "packaging: [${SECONDS}s] $*"
}

fail()
{
	echo "packaging: $*" >&2
	failures=$((failures + 1))
}

# Copy the sources that a release tarball would carry to $1, without build
# products and without build/.
copy_sources()
{
	mkdir -p "$1"
	rsync -a --exclude=/build --exclude=/.git --exclude='*.o' \
		--exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='.*.d' --exclude=Module.symvers \
		--exclude=modules.order --exclude=/tools/ipppctl/ipppctl \
		--exclude='/tools/ipppctl/tests/ipppctl-*' \
		"$TOP/" "$1/"
}

# Print the value of "KEY=value" in dkms.conf ($1 = KEY).
dkms_conf_value()
{
	sed -n "s/^$1=\"\\(.*\\)\"\$/\\1/p" "$TOP/dkms.conf"
}

# Fail unless $1 is a module built for kernel $2.
check_module()
{
	local ko=$1 kver=$2 vermagic

	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null | awk '{ print $1 }')
	if [ "$vermagic" != "$kver" ]; then
		fail "$ko has vermagic \"$vermagic\", expected $kver"
	fi
}

test_dkms()
{
	local kver=$1 name version dkms_dir args kdir=/usr/src/linux-headers-$1
	local installed

	name=$(dkms_conf_value PACKAGE_NAME)
	version=$(dkms_conf_value PACKAGE_VERSION)
	[ -n "$name" ] && [ -n "$version" ] || {
		fail "dkms.conf sets no PACKAGE_NAME or PACKAGE_VERSION"
		return
	}

	step "dkms add, build and install $name/$version for $kver"
	dkms_dir=$WORK/dkms-$kver
	rm -rf "$dkms_dir"
	copy_sources "$dkms_dir/src/$name-$version"
	mkdir -p "$dkms_dir/tree" "$dkms_dir/install/$kver"
	args=(-m "$name" -v "$version" -k "$kver"
		--sourcetree "$dkms_dir/src" --dkmstree "$dkms_dir/tree"
		--installtree "$dkms_dir/install" --kernelsourcedir "$kdir"
		--no-depmod)

	# dkms signs with a key it creates in /var/lib/dkms unless these name
	# another one; a throwaway key keeps the host unchanged.
	export mok_signing_key=$dkms_dir/mok.key
	export mok_certificate=$dkms_dir/mok.pub
	if ! dkms add "${args[@]}" > "$dkms_dir/add.log" 2>&1 ||
	   ! dkms build "${args[@]}" > "$dkms_dir/build.log" 2>&1 ||
	   ! dkms install "${args[@]}" > "$dkms_dir/install.log" 2>&1; then
		cat "$dkms_dir"/*.log
		fail "dkms failed for $kver (logs in $dkms_dir)"
		return
	fi

	installed=$(find "$dkms_dir/install/$kver" -name 'ippp.ko*' | head -n 1)
	if [ -z "$installed" ]; then
		fail "dkms install left no ippp.ko in $dkms_dir/install/$kver"
		return
	fi
	check_module "$installed" "$kver"
}

test_make_install()
{
	local kver=$1 src=$WORK/src-$1 dest=$WORK/destdir-$1 ko files

	step "make install DESTDIR=... PREFIX=/usr for $kver"
	rm -rf "$src" "$dest"
	copy_sources "$src"
	if ! "$MAKE" -s -C "$src" install KDIR="/usr/src/linux-headers-$kver" \
		DESTDIR="$dest" PREFIX=/usr > "$WORK/install-$kver.log" 2>&1; then
		cat "$WORK/install-$kver.log"
		fail "make install failed for $kver"
		return
	fi

	ko=$(find "$dest/lib/modules/$kver" -name 'ippp.ko*' 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		fail "make install staged no ippp.ko under $dest/lib/modules/$kver"
	else
		check_module "$ko" "$kver"
	fi
	if [ ! -x "$dest/usr/sbin/ipppctl" ]; then
		fail "make install staged no executable $dest/usr/sbin/ipppctl"
	fi
	# The module, the tool and its documentation, under PREFIX=/usr.
	files=$(cd "$dest" && find . -type f | grep -v -e '^\./lib/modules/' \
		-e '^\./usr/sbin/' -e '^\./usr/share/') || true
	if [ -n "$files" ]; then
		fail "make install staged files outside lib/modules, usr/sbin and usr/share: $files"
	fi
	# Messages about signing mean the module went out unsigned by accident.
	if grep -Ei 'SSL error|sign-file' "$WORK/install-$kver.log"; then
		fail "make install for $kver printed signing errors"
	fi
}

# What dkms or make install would change on the host if they escaped their
# scratch directories.
host_state()
{
	find /var/lib/dkms /usr/src /lib/modules -maxdepth 3 2>/dev/null | sort
}

command -v dkms >/dev/null ||
	{ echo "packaging: dkms not found; run tools/vmtest/setup-host.sh as root" >&2; exit 1; }
mkdir -p "$WORK"
before=$(host_state)

for kver in $("$VMTEST/kernels.sh" list | awk '{ print $1 }'); do
	if [ ! -d "/usr/src/linux-headers-$kver" ]; then
		fail "/usr/src/linux-headers-$kver not found; run tools/vmtest/setup-host.sh as root"
		continue
	fi
	test_dkms "$kver"
	test_make_install "$kver"
done

if [ "$(host_state)" != "$before" ]; then
	diff <(echo "$before") <(host_state) || true
	fail "the checks changed /var/lib/dkms, /usr/src or /lib/modules of the host"
fi

if [ "$failures" -ne 0 ]; then
	step "$failures check(s) failed"
	exit 1
fi
step "dkms and make install work for every kernel"
