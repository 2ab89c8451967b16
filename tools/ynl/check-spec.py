#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/netlink/specs/ippp.yaml against the schema and the UAPI.

Usage: check-spec.py KSRC

KSRC is a Linux source tree; its Documentation/netlink schemas and
tools/net/ynl/ynl-gen-c.py are used, and nothing is written into it.

1. The spec must validate against the schema its "protocol" names.
2. ynl-gen-c.py renders the UAPI header the spec describes, and every
   constant, enumerator and string it defines must have the same value in
   uapi/linux/ippp.h. The __*_MAX enumerators count the attributes and
   commands, so an attribute or command added to the header alone fails.
3. Every IPPP_* name of uapi/linux/ippp.h must appear in the rendered
   header, except the few that the spec cannot describe (UNSPEC entries
   and the *_ALL masks).

Prints one line per problem and exits 1 if there is any.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/ippp.yaml")
UAPI = os.path.join(TOP, "uapi")
# Names of the real header that no spec entry renders.
NOT_IN_SPEC = re.compile(r"^(_UAPI_LINUX_IPPP_H|IPPP_\w*UNSPEC|IPPP_\w+_ALL)$")
NAME = re.compile(r"\b(_{0,2}IPPP_[A-Z0-9_]+)\b")


def validate(ksrc, spec):
    protocol = spec.get("protocol", "genetlink")
    path = os.path.join(ksrc, "Documentation/netlink", protocol + ".yaml")
    with open(path) as stream:
        schema = yaml.safe_load(stream)
    jsonschema.validate(spec, schema)


def render_uapi(ksrc, work):
    """Render the spec's UAPI header into WORK/gen/linux/ippp.h."""
    # ynl-gen-c.py looks for the schema next to the spec's directory and
    # for MAINTAINERS above it to find the root of a kernel tree.
    root = os.path.join(work, "tree")
    netlink = os.path.join(root, "Documentation/netlink")
    os.makedirs(os.path.join(netlink, "specs"))
    open(os.path.join(root, "MAINTAINERS"), "w").close()
    for name in os.listdir(os.path.join(ksrc, "Documentation/netlink")):
        if name.endswith(".yaml"):
            shutil.copy(os.path.join(ksrc, "Documentation/netlink", name), netlink)
    spec = shutil.copy(SPEC, os.path.join(netlink, "specs"))

    header = os.path.join(work, "gen/linux/ippp.h")
    os.makedirs(os.path.dirname(header))
    subprocess.run([sys.executable, os.path.join(ksrc, "tools/net/ynl/ynl-gen-c.py"),
                    "--mode", "uapi", "--header", "--spec", spec, "-o", header],
                   check=True, timeout=120, stdout=subprocess.DEVNULL)
    return header


def defined_names(header):
    """Return the IPPP_* names HEADER defines, and which are strings."""
    with open(header) as stream:
        text = re.sub(r"/\*.*?\*/", "", stream.read(), flags=re.S)
    names, strings = [], set()
    for line in text.splitlines():
        match = re.match(r"\s*#define\s+(\w+)\s+(.*)", line)
        if match:
            name, value = match.groups()
            if name.startswith("IPPP_") and value:
                names.append(name)
                if value.startswith('"'):
                    strings.add(name)
            continue
        match = re.match(r"\s*(_{0,2}IPPP_[A-Z0-9_]+)\s*(=|,|$)", line)
        if match:
            names.append(match.group(1))
    return names, strings


def print_values(names, strings, include, work, tag):
    """Compile and run a program that prints NAMES as INCLUDE defines them."""
    source = os.path.join(work, tag + ".c")
    program = os.path.join(work, tag)
    with open(source, "w") as stream:
        stream.write("#include <stdio.h>\n#include <linux/ippp.h>\n\n")
        stream.write("int main(void)\n{\n")
        for name in names:
            if name in strings:
                stream.write(f'\tprintf("{name} %s\\n", {name});\n')
            else:
                stream.write(f'\tprintf("{name} %lld\\n", (long long)({name}));\n')
        stream.write("\treturn 0;\n}\n")
    result = subprocess.run(["cc", "-I", include, "-o", program, source],
                            capture_output=True, text=True)
    if result.returncode:
        return None, result.stderr
    run = subprocess.run([program], capture_output=True, text=True, check=True)
    return run.stdout.splitlines(), ""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ksrc = sys.argv[1]
    problems = []

    with open(SPEC) as stream:
        spec = yaml.safe_load(stream)
    try:
        validate(ksrc, spec)
    except jsonschema.ValidationError as error:
        problems.append(f"schema: {error.message} at {list(error.absolute_path)}")

    with tempfile.TemporaryDirectory() as work:
        header = render_uapi(ksrc, work)
        names, strings = defined_names(header)
        rendered, _ = print_values(names, strings, os.path.dirname(os.path.dirname(header)),
                                   work, "rendered")
        real, error = print_values(names, strings, UAPI, work, "real")
        if real is None:
            problems.append("uapi/linux/ippp.h lacks names the spec defines:\n" + error)
        else:
            for want, got in zip(rendered, real):
                if want != got:
                    problems.append(f"spec gives {want}, uapi/linux/ippp.h {got}")

        with open(os.path.join(UAPI, "linux/ippp.h")) as stream:
            uapi_text = re.sub(r"/\*.*?\*/", "", stream.read(), flags=re.S)
        for name in sorted(set(NAME.findall(uapi_text)) - set(names)):
            if not NOT_IN_SPEC.match(name):
                problems.append(f"{name} of uapi/linux/ippp.h is not in the spec")

    for problem in problems:
        print(f"check-spec: {problem}")
    if problems:
        sys.exit(1)
    print(f"check-spec: {os.path.relpath(SPEC, TOP)} matches its schema and uapi/linux/ippp.h")


if __name__ == "__main__":
    main()
