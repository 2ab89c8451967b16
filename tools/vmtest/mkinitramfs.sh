#!/bin/bash
# Build the initramfs that boots one Debian kernel and runs the ippp suite.
#
# Usage:
#   mkinitramfs.sh -k KVER -o FILE [-m ippp.ko] [-s SELFTESTS] [-t IPPPCTL]
#                  [-d DEMO] [-b BENCH] [-y KSRC] [-n ippp.ko]
#
#   -k KVER       kernel release; its modules are read from
#                 build/kernels/KVER (tools/vmtest/kernels.sh fetch KVER)
#   -o FILE       the compressed cpio archive to write
#   -m ippp.ko    the module built for KVER; it becomes extra/ippp.ko
#   -s DIR        a kselftest install directory, copied to /kselftest
#   -t IPPPCTL    the ipppctl binary, copied to /usr/bin/ipppctl
#   -d DEMO       a script copied to /vmtest/demo.sh
#   -b DIR        the benchmark (bench.sh and its programs), copied to
#                 /vmtest/bench
#   -y KSRC       a Linux source tree, such as build/linux-source-6.12: its
#                 YNL CLI (tools/net/ynl) with the netlink schemas and this
#                 project's Documentation/netlink/specs/ippp.yaml go to
#                 /opt/ynl, with the host's Python 3 and only the modules
#                 the CLI loads
#   -n ippp.ko    a CONFIG_IPPP_FILTER=n build of the module for KVER,
#                 copied to /vmtest/ippp-nofilter.ko for the suite's
#                 nofilter_module test
#
# The archive contains busybox-static with every applet link, bash, dash as
# /bin/sh, iproute2, coreutils' timeout and stdbuf (kselftest's runner calls
# them by absolute path), the shared libraries and dynamic loader each
# binary needs, the kernel modules named in tools/vmtest/modules plus
# ippp.ko's dependencies, and tools/vmtest/init.sh as /init. Missing
# optional inputs only warn, so the VM still boots and the suite reports
# what is missing.
set -euo pipefail

VMTEST=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$VMTEST/../.." && pwd)
BUILD=${BUILD:-$TOP/build}

# Host programs; kselftest's runner.sh calls these two by absolute path.
REQUIRED_PROGS="/usr/bin/timeout /usr/bin/stdbuf bash dash ip jq"
# Copied when the host has them: jq for tests that read ipppctl -j output,
# the rest as debugging aids for "make vm".
OPTIONAL_PROGS="ss tc bridge tcpdump strace"
STDBUF_LIB=/usr/libexec/coreutils/libstdbuf.so
# Debian's interpreter, for which setup-host.sh installs yaml and jsonschema.
PYTHON=/usr/bin/python3
PYTHON_DIST=/usr/lib/python3/dist-packages

die()
{
	echo "mkinitramfs: $*" >&2
	exit 1
}

warn()
{
	echo "mkinitramfs: warning: $*" >&2
}

usage()
{
	awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0" >&2
	exit 1
}

kver=
output=
module=
selftests=
ipppctl=
demo=
bench=
ynl=
nofilter=
while getopts 'k:o:m:s:t:d:b:y:n:h' opt; do
	case "$opt" in
	k) kver=$OPTARG ;;
	o) output=$OPTARG ;;
	m) module=$OPTARG ;;
	s) selftests=$OPTARG ;;
	t) ipppctl=$OPTARG ;;
	d) demo=$OPTARG ;;
	b) bench=$OPTARG ;;
	y) ynl=$OPTARG ;;
	n) nofilter=$OPTARG ;;
	*) usage ;;
	esac
done
if [ -z "$kver" ] || [ -z "$output" ]; then
	usage
fi

kdir=$BUILD/kernels/$kver
[ -f "$kdir/.unpacked" ] ||
	die "$kdir is not unpacked; run tools/vmtest/kernels.sh fetch $kver"

stage=$(mktemp -d "${TMPDIR:-/tmp}/vmtest-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# A merged-/usr layout: every binary lands in usr/bin and every library in
# usr/lib*, whatever directory the host or busybox names for it.
make_layout()
{
	mkdir -p "$stage"/usr/{bin,lib,lib64} "$stage"/{proc,sys,dev,tmp,run}
	mkdir -p "$stage"/{etc,root,vmtest} "$stage/var/tmp"
	ln -s usr/bin "$stage/bin"
	ln -s usr/bin "$stage/sbin"
	ln -s bin "$stage/usr/sbin"
	ln -s usr/lib "$stage/lib"
	ln -s usr/lib64 "$stage/lib64"
	ln -s ../run "$stage/var/run"

	printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
		> "$stage/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' > "$stage/etc/group"
	printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost\n' > "$stage/etc/hosts"
	printf 'export PS1="vmtest:\\w# "\n' > "$stage/etc/profile"
}

# Copy the shared libraries and the dynamic loader that ELF file $1 loads,
# at the paths ldd reports, so the loader's search finds them.
copy_libs()
{
	local elf=$1 line lib

	if ! ldd "$elf" > "$stage/.ldd" 2>&1; then
		# ldd exits non-zero for static binaries.
		grep -q 'not a dynamic executable' "$stage/.ldd" && return 0
		cat "$stage/.ldd" >&2
		die "ldd $elf failed"
	fi
	if grep -q 'not found' "$stage/.ldd"; then
		cat "$stage/.ldd" >&2
		die "$elf needs libraries the host does not have"
	fi
	while read -r line; do
		for lib in $line; do
			case "$lib" in
			/*)
				if [ ! -e "$stage$lib" ]; then
					mkdir -p "$stage$(dirname "$lib")"
					cp -L "$lib" "$stage$lib"
				fi
				;;
			esac
		done
	done < "$stage/.ldd"
	rm -f "$stage/.ldd"
}

# Copy the libraries of every ELF executable under directory $1.
copy_elf_libs()
{
	local f

	while IFS= read -r -d '' f; do
		if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
			copy_libs "$f"
		fi
	done < <(find "$1" -type f -perm -u+x -print0)
}

# Copy executable $1 (a path, or a name looked up in PATH) to usr/bin.
copy_prog()
{
	local path

	path=$(command -v "$1" 2>/dev/null) || return 1
	cp -L "$path" "$stage/usr/bin/$(basename "$path")"
	copy_libs "$path"
}

copy_programs()
{
	local p

	for p in $REQUIRED_PROGS; do
		copy_prog "$p" || die "$p not found on the host; run tools/vmtest/setup-host.sh"
	done
	for p in $OPTIONAL_PROGS; do
		copy_prog "$p" || true
	done

	# /bin/sh is dash, as on Debian. Debian's busybox-static ash prefers its
	# own applets to PATH, so "ip" in system() would run busybox ip.
	ln -s dash "$stage/usr/bin/sh"

	# stdbuf works by preloading this library into the program it runs.
	mkdir -p "$stage$(dirname "$STDBUF_LIB")"
	cp -L "$STDBUF_LIB" "$stage$STDBUF_LIB"
	copy_libs "$STDBUF_LIB"

	if [ -n "$ipppctl" ]; then
		if [ -x "$ipppctl" ]; then
			cp -L "$ipppctl" "$stage/usr/bin/ipppctl"
			copy_libs "$ipppctl"
		else
			warn "$ipppctl not built; the VM has no ipppctl"
		fi
	fi
}

# Link every busybox applet that no host program already provides.
install_busybox()
{
	local bb applet

	bb=$(command -v busybox) || die "busybox not found; run tools/vmtest/setup-host.sh"
	if ldd "$bb" >/dev/null 2>&1; then
		die "$bb is dynamically linked; install busybox-static"
	fi
	cp -L "$bb" "$stage/usr/bin/busybox"
	for applet in $("$bb" --list); do
		if [ "$applet" != busybox ] && [ ! -e "$stage/usr/bin/$applet" ]; then
			ln -s busybox "$stage/usr/bin/$applet"
		fi
	done
}

# Print the module files (one path per line) that loading module $1 takes,
# dependencies first, from the kernel's own module tree. Built-in modules
# print nothing.
module_files()
{
	local out

	out=$(modprobe --show-depends -S "$kver" -d "$kdir" "$1" 2>&1) ||
		die "module $1 for $kver: $out"
	echo "$out" | awk '$1 == "insmod" { print $2 }'
}

# Copy module file $1 (under $kdir) into the initramfs uncompressed, so
# busybox insmod and kernels without in-kernel decompression load it.
copy_module()
{
	local src=$1 rel dest decompress

	rel=${src#"$kdir"/}
	case "$rel" in
	*.ko.xz) decompress="xz -dc" ;;
	*.ko.zst) decompress="zstd -qdc" ;;
	*.ko.gz) decompress="gzip -dc" ;;
	*.ko) decompress="cat" ;;
	*) die "unsupported module compression: $src" ;;
	esac

	dest=$stage/${rel%.ko*}.ko
	mkdir -p "$(dirname "$dest")"
	$decompress "$src" > "$dest"
}

install_modules()
{
	local moddir=lib/modules/$kver wanted name files file dep f

	wanted=$(grep -v '^#' "$VMTEST/modules" | awk 'NF { print $1 }')

	mkdir -p "$stage/$moddir"
	if [ -n "$module" ] && [ -f "$module" ]; then
		mkdir -p "$stage/$moddir/extra"
		cp "$module" "$stage/$moddir/extra/ippp.ko"
		for dep in $(modinfo -F depends "$module" | tr ',' ' '); do
			wanted="$wanted $dep"
		done
		if [ "$(modinfo -F vermagic "$module" | awk '{ print $1 }')" != "$kver" ]; then
			die "$module was built for $(modinfo -F vermagic "$module"), not $kver"
		fi
	elif [ -n "$module" ]; then
		warn "$module not built; the VM has no ippp module"
	fi

	for name in $wanted; do
		files=$(module_files "$name")
		for file in $files; do
			copy_module "$file"
		done
	done

	for f in modules.order modules.builtin modules.builtin.modinfo; do
		if [ -f "$kdir/$moddir/$f" ]; then
			cp "$kdir/$moddir/$f" "$stage/$moddir/"
		fi
	done
	depmod -b "$stage" "$kver"
}

install_payload()
{
	cp "$VMTEST/init.sh" "$stage/init"
	chmod 0755 "$stage/init"

	if [ -n "$selftests" ]; then
		[ -x "$selftests/run_kselftest.sh" ] ||
			die "$selftests has no run_kselftest.sh; run make -C selftests/ippp install"
		cp -a "$selftests" "$stage/kselftest"
		copy_elf_libs "$stage/kselftest"
	fi
	if [ -n "$demo" ] && [ -f "$demo" ]; then
		cp "$demo" "$stage/vmtest/demo.sh"
	fi
	if [ -n "$bench" ]; then
		cp -a "$bench" "$stage/vmtest/bench"
		copy_elf_libs "$stage/vmtest/bench"
	fi
	# Outside /lib/modules, so that modprobe never picks this build.
	if [ -n "$nofilter" ] && [ ! -f "$nofilter" ]; then
		warn "$nofilter not built; the suite skips nofilter_module"
	elif [ -n "$nofilter" ]; then
		if [ "$(modinfo -F vermagic "$nofilter" | awk '{ print $1 }')" != "$kver" ]; then
			die "$nofilter was built for $(modinfo -F vermagic "$nofilter"), not $kver"
		fi
		cp "$nofilter" "$stage/vmtest/ippp-nofilter.ko"
	fi
}

# Copy the Python module in file $1, which lies under directory $2, with
# its compiled form. A module inside a package brings the whole top-level
# package, without its tests, because packages import their parts lazily.
copy_python_module()
{
	local path=$1 root=$2 rel top name

	rel=${path#"$root"/}
	top=${rel%%/*}
	mkdir -p "$stage$root"
	if [ "$top" != "$rel" ]; then
		[ -d "$stage$root/$top" ] ||
			rsync -a --exclude=test/ --exclude=tests/ "$root/$top" "$stage$root/"
		return 0
	fi
	cp "$path" "$stage$path"
	name=${rel%.py}
	for path in "$root"/__pycache__/"$name".cpython-*.pyc; do
		if [ -f "$path" ]; then
			mkdir -p "$stage$root/__pycache__"
			cp "$path" "$stage$path"
		fi
	done
}

# Install the YNL CLI of $ynl with this project's spec under /opt/ynl, in
# the layout cli.py expects (the schema next to the specs directory), and
# the Python modules it loads, as python-modules.py lists them.
install_ynl()
{
	local stdlib path dest=$stage/opt/ynl spec=$TOP/Documentation/netlink/specs/ippp.yaml

	[ -n "$ynl" ] || return 0
	[ -f "$ynl/tools/net/ynl/cli.py" ] ||
		die "$ynl has no tools/net/ynl/cli.py; run tools/vmtest/linux-source.sh"
	[ -x "$PYTHON" ] || die "$PYTHON not found; run tools/vmtest/setup-host.sh"

	copy_prog "$PYTHON"
	stdlib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
	"$PYTHON" -I "$VMTEST/python-modules.py" "$ynl" "$spec" > "$stage/.modules" ||
		die "python-modules.py failed; are python3-yaml and python3-jsonschema installed?"
	while read -r path; do
		case "$path" in
		"$stdlib"/lib-dynload/*)
			mkdir -p "$stage$stdlib/lib-dynload"
			cp "$path" "$stage$path"
			copy_libs "$path"
			;;
		"$stdlib"/*)
			copy_python_module "$path" "$stdlib"
			;;
		"$PYTHON_DIST"/*)
			copy_python_module "$path" "$PYTHON_DIST"
			;;
		esac
	done < "$stage/.modules"
	rm -f "$stage/.modules"

	mkdir -p "$dest/tools/net/ynl/lib" "$dest/Documentation/netlink/specs"
	cp "$ynl/tools/net/ynl/cli.py" "$dest/tools/net/ynl/"
	cp "$ynl"/tools/net/ynl/lib/*.py "$dest/tools/net/ynl/lib/"
	cp "$ynl"/Documentation/netlink/genetlink*.yaml "$dest/Documentation/netlink/"
	cp "$spec" "$dest/Documentation/netlink/specs/"
}

# Compress with zstd when the kernel config has CONFIG_RD_ZSTD, else with
# gzip.
write_archive()
{
	local compress="gzip -6"

	if grep -qx 'CONFIG_RD_ZSTD=y' "$kdir/config" 2>/dev/null &&
	   command -v zstd >/dev/null; then
		compress="zstd -q -T0 -9"
	fi
	mkdir -p "$(dirname "$output")"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | $compress > "$output.tmp"
	mv "$output.tmp" "$output"
}

make_layout
copy_programs
install_busybox
install_modules
install_payload
install_ynl
write_archive
