# SPDX-License-Identifier: GPL-2.0
#
# make              build ippp.ko for KDIR and ipppctl
# make check        build and run the kselftest suite on every kernel of the
#                   test matrix under qemu (as root: installs host packages)
# make vm           boot one test kernel to a shell (KVER=6.1 or 6.12)
# make demo         boot one test kernel and run tools/vmtest/demo.sh
# make bench        benchmark one test kernel (default 6.12) under qemu and
#                   write BENCHMARKS.md and BENCHMARKS.json
# make install      install the module (kbuild modules_install) and ipppctl
# make lint         checkpatch, sparse and W=1 on the module, warnings and
#                   cppcheck on ipppctl (tools/vmtest/lint.sh); make check
#                   runs it first
# make check-packaging
#                   dkms build and install of dkms.conf, and make install
#                   into a scratch DESTDIR, for each kernel of the matrix
# make clean        remove build products, including build/

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= $(CURDIR)/build
export BUILD
VMTEST := tools/vmtest

# KVER picks the kernel for vm, demo and bench (default: the backports one),
# and KVER=debug runs check on the debug kernel alone (KASAN, UBSAN,
# lockdep, kmemleak, failslab; tools/vmtest/debug-kernel.sh), which check
# otherwise runs after the Debian kernels unless VMTEST_DEBUG_KERNEL=0;
# TESTS=collection:test[,...] limits check, vm and demo to those tests, and
# TESTS=phase[,...] limits bench to datapath, filter, control or memory.
KVER ?=
TESTS ?=
VMTEST_ARGS = $(if $(KVER),-k $(KVER)) $(if $(TESTS),-t $(TESTS))

all: module tool

module:
	$(MAKE) -C kernel KDIR=$(KDIR)

tool:
	$(MAKE) -C tools/ipppctl

check: lint check-packaging
	$(VMTEST)/check.sh -m run $(VMTEST_ARGS)

check-packaging:
	$(VMTEST)/packaging.sh

vm:
	$(VMTEST)/check.sh -m shell $(VMTEST_ARGS)

demo:
	$(VMTEST)/check.sh -m demo $(VMTEST_ARGS)

bench:
	$(VMTEST)/check.sh -m bench $(VMTEST_ARGS)

# Debian's headers set CONFIG_MODULE_SIG_ALL but ship no signing key, so
# kbuild would print SSL errors and install the module unsigned anyway.
# Sign only when the key that CONFIG_MODULE_SIG_KEY names is there.
SIG_KEY = $(patsubst "%",%,$(shell sed -n 's/^CONFIG_MODULE_SIG_KEY=//p' $(KDIR)/.config 2>/dev/null))
NO_SIGN = $(if $(wildcard $(KDIR)/$(SIG_KEY) $(SIG_KEY)),,CONFIG_MODULE_SIG_ALL=)

install: all
	$(MAKE) -C kernel KDIR=$(KDIR) INSTALL_MOD_PATH=$(DESTDIR) $(NO_SIGN) \
		modules_install
	$(MAKE) -C tools/ipppctl DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) install

lint:
	$(VMTEST)/lint.sh

clean:
	if [ -d $(KDIR) ]; then $(MAKE) -C kernel KDIR=$(KDIR) clean; fi
	if [ -f tools/ipppctl/Makefile ]; then $(MAKE) -C tools/ipppctl clean; fi
	rm -f $(addprefix selftests/ippp/,$(notdir $(basename $(wildcard selftests/ippp/*.c))))
	rm -rf $(BUILD)

.PHONY: all module tool check check-packaging vm demo bench install lint \
	clean
