# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Tests of "make install" and of the man page. Sourced by run.sh.

root=$work/root
make -s install DESTDIR="$root" PREFIX=/usr >"$work/install.log" 2>&1
check "install succeeds" test $? = 0
check "install: binary" test -x "$root/usr/sbin/ipppctl"
check "install: man page" cmp -s ipppctl.8 "$root/usr/share/man/man8/ipppctl.8"
check "install: bash completion" \
	cmp -s ipppctl.bash-completion "$root/usr/share/bash-completion/completions/ipppctl"

if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww -z ipppctl.8 >"$work/groff" 2>&1
	check "man page renders without warnings" test ! -s "$work/groff"
fi

# Every keyword of the help texts is documented.
for keyword in set show clear test pass active pass-file active-file \
	       direction dev peer dialmode idle dial-delay queue-len acfc pfc \
	       dial hangup monitor -force -b -n -j -p -s -d -V; do
	check "man page documents $keyword" grep -q -- "$keyword" ipppctl.8
done
