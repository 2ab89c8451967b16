#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the Python modules that the kernel's YNL CLI loads, one file a line.

Usage: python-modules.py KSRC SPEC

KSRC is a Linux source tree (tools/net/ynl and Documentation/netlink are
read) and SPEC a YNL spec. The script imports what tools/net/ynl/cli.py
imports, validates SPEC against its schema with jsonschema, and prints
the file of every module loaded by then, so that mkinitramfs.sh can copy
only those into the VM. Run it with the interpreter the VM gets.
"""

import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ksrc, spec = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.join(ksrc, "tools/net/ynl"))

    # cli.py's own imports, and those a traceback needs when a test fails.
    import argparse  # noqa: F401
    import json  # noqa: F401
    import linecache  # noqa: F401
    import pprint  # noqa: F401
    import time  # noqa: F401
    import traceback  # noqa: F401
    from lib import SpecFamily  # the YNL library, with yaml

    schema = os.path.join(ksrc, "Documentation/netlink/genetlink-c.yaml")
    SpecFamily(spec, schema)  # loads jsonschema and everything it needs

    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path:
            print(os.path.abspath(path))


if __name__ == "__main__":
    main()
