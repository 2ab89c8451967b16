#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the samples of tools/vmtest/bench/bench.sh into BENCHMARKS.md/.json.

Every conclusion is a ratio between cases measured in the same run. A ratio
of two data path cases is the median over repetitions of the ratio within
each repetition, because the repetitions interleave the cases and so each
pair saw the same host load. Absolute numbers are printed too, but they
describe an emulated CPU (qemu TCG) and mean little on their own.
"""

import argparse
import datetime
import json
import os
import statistics
import sys

DP_CASES = [
    ("veth", "veth pair"),
    ("line", "ippp line, no filters"),
    ("one-jit", "ippp line, one-instruction pass and active, JIT on"),
    ("realistic-tx-jit", "ippp line, realistic filters on the sender only, JIT on"),
    ("realistic-jit", "ippp line, realistic filters, JIT on"),
    ("realistic-nojit", "ippp line, realistic filters, JIT off"),
    ("worst-jit", "ippp line, 4096-instruction pass filter, JIT on"),
    ("worst-nojit", "ippp line, 4096-instruction pass filter, JIT off"),
]
FILTER_PROGS = [
    ("none", "no filter"),
    ("one", "one instruction (pass slot)"),
    ("pass", "realistic pass (pass slot)"),
    ("active", "realistic active (pass slot)"),
    ("pair", "realistic pass + active"),
    ("worst", "4096-instruction worst case (pass slot)"),
]
CONTROL_OPS = [
    ("create", "create the units added to reach the size (ip -batch)"),
    ("set", "filter set, netlink, back to back"),
    ("ioctl-set", "filter set, PPPIOCSPASS/ACTIVE per /dev/ipppN"),
    ("dump", "IPPP_CMD_FILTER_GET dump"),
    ("linkdump", "RTM_GETLINK dump (rtnetlink)"),
    ("cli-filter-show", "ipppctl filter show > /dev/null"),
    ("cli-link-show", "ip link show > /dev/null"),
]
# Targets: data path ratios, dump and memory ratios, and the largest
# allowed growth of a per-unit cost from 1,000 to 10,000 units before a
# cost counts as worse than linear (it allows for noise under TCG).
TARGET_VS_VETH = 0.90
TARGET_VS_LINE = 0.95
TARGET_DUMP = 2.0
TARGET_MEMORY = 1.5
LINEAR_GROWTH = 1.5


def median(values):
    return statistics.median(values) if values else None


def fmt(value, digits=2):
    if value is None:
        return "n/a"
    if isinstance(value, float) and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def load(path):
    samples = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                samples.append(json.loads(line))
            except json.JSONDecodeError as err:
                sys.exit(f"report: {path}:{number}: invalid JSON sample: {err}")
    return samples


def of_kind(samples, kind):
    return [s for s in samples if s.get("kind") == kind]


def paired_ratio(by_rep, num, den):
    """Median and range over repetitions of num/den within a repetition."""
    ratios = [
        by_rep[rep][num] / by_rep[rep][den]
        for rep in by_rep
        if num in by_rep[rep] and den in by_rep[rep] and by_rep[rep][den]
    ]
    if not ratios:
        return None
    return {"median": median(ratios), "min": min(ratios), "max": max(ratios)}


def summarize_datapath(samples):
    result = {}
    payloads = sorted({s["payload"] for s in samples})
    for payload in payloads:
        by_rep = {}
        cases = {}
        for s in samples:
            if s["payload"] != payload:
                continue
            pps = s["received"] * 1e9 / s["ns"]
            by_rep.setdefault(s["rep"], {})[s["case"]] = pps
            case = cases.setdefault(s["case"], {"pps": [], "sent": 0, "received": 0})
            case["pps"].append(pps)
            case["sent"] += s["sent"]
            case["received"] += s["received"]
        rows = {}
        for name, _ in DP_CASES:
            if name not in cases:
                continue
            c = cases[name]
            rows[name] = {
                "pps_median": median(c["pps"]),
                "pps_samples": c["pps"],
                "delivered": c["received"] / c["sent"] if c["sent"] else None,
                "vs_veth": paired_ratio(by_rep, name, "veth"),
                "vs_line": paired_ratio(by_rep, name, "line"),
            }
        result[str(payload)] = rows
    return result


def summarize_filter(samples):
    by_jit = {}
    for jit in (1, 0):
        by_rep = {}
        progs = {}
        verdicts = {}
        for s in samples:
            if s["jit"] != jit:
                continue
            ns = s["total_ns"] / s["runs"]
            by_rep.setdefault(s["rep"], {})[s["prog"]] = ns
            progs.setdefault(s["prog"], []).append(ns)
            verdicts.setdefault(s["prog"], set()).add(s["verdict"])
        rows = {}
        for name, _ in FILTER_PROGS:
            if name not in progs:
                continue
            rows[name] = {
                "ns_median": median(progs[name]),
                "ns_samples": progs[name],
                "vs_one": paired_ratio(by_rep, name, "one"),
                "verdicts": sorted(verdicts[name]),
            }
        by_jit["on" if jit else "off"] = rows
    return by_jit


def linear_fit(points):
    """Least squares ns = a + b * units; return a, b and R squared."""
    if len(points) < 2:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if not sxx:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return {"intercept_ns": a, "slope_ns_per_unit": b,
            "r2": 1 - ss_res / ss_tot if ss_tot else 1.0}


def summarize_control(samples):
    ops = {}
    for s in samples:
        op = ops.setdefault(s["op"], {})
        entry = op.setdefault(s["units"], {"ns": [], "count": s.get("count"),
                                           "bytes": s.get("bytes")})
        entry["ns"].append(s["ns"])
    result = {}
    for op, sizes in ops.items():
        rows = {}
        for units in sorted(sizes):
            ns = median(sizes[units]["ns"])
            # "create" adds count units to reach units; the others work on
            # all units.
            per = sizes[units]["count"] if op == "create" else units
            rows[str(units)] = {
                "ns_median": ns,
                "ns_samples": sizes[units]["ns"],
                "ns_per_unit": ns / per,
                "count": sizes[units]["count"],
                "bytes": sizes[units]["bytes"],
            }
        if op == "create":
            points = [(r["count"], r["ns_median"]) for r in rows.values()]
        else:
            points = [(int(u), r["ns_median"]) for u, r in rows.items()]
        growth = None
        if "1000" in rows and "10000" in rows:
            growth = rows["10000"]["ns_per_unit"] / rows["1000"]["ns_per_unit"]
        result[op] = {"sizes": rows, "fit": linear_fit(points),
                      "per_unit_growth_1000_to_10000": growth}
    return result


def memory_delta(snaps, label, base):
    if label not in snaps or base not in snaps:
        return None
    after, before = snaps[label], snaps[base]
    devices = after["devices"]
    info = {}
    for field in ("Slab", "SUnreclaim", "SReclaimable", "VmallocUsed",
                  "Percpu", "MemFree", "MemAvailable"):
        if field in after["meminfo"] and field in before["meminfo"]:
            info[field] = after["meminfo"][field] - before["meminfo"][field]
    kernel = info.get("Slab", 0) + info.get("VmallocUsed", 0) + info.get("Percpu", 0)

    def top(key, scale):
        delta = {}
        for name, value in after[key].items():
            d = value - before[key].get(name, 0)
            if d:
                delta[name] = d * scale
        ranked = sorted(delta.items(), key=lambda kv: -kv[1])[:6]
        return [{"name": n, "bytes_per_device": b / devices} for n, b in ranked]

    return {
        "devices": devices,
        "delta_kib": info,
        "kernel_bytes_per_device": kernel * 1024 / devices,
        "memfree_bytes_per_device": -info.get("MemFree", 0) * 1024 / devices,
        "top_slab": top("slab_bytes", 1),
        "top_vmalloc": top("vmalloc_pages", 4096),
    }


def summarize_memory(samples):
    snaps = {s["label"]: s for s in samples}
    result = {
        "ippp_units": memory_delta(snaps, "ippp-units", "ippp-base"),
        "ippp_filters": memory_delta(snaps, "ippp-filters", "ippp-base"),
        "veth": memory_delta(snaps, "veth", "veth-base"),
    }
    if result["ippp_filters"] and result["veth"]:
        result["ratio_ippp_filters_to_veth"] = (
            result["ippp_filters"]["kernel_bytes_per_device"]
            / result["veth"]["kernel_bytes_per_device"])
    if result["ippp_units"] and result["veth"]:
        result["ratio_ippp_units_to_veth"] = (
            result["ippp_units"]["kernel_bytes_per_device"]
            / result["veth"]["kernel_bytes_per_device"])
    return result


def targets(summary):
    """List each target with its measured value and whether it is met."""
    out = []
    for payload, rows in summary.get("datapath", {}).items():
        for case in ("realistic-jit", "realistic-nojit"):
            row = rows.get(case)
            if not row:
                continue
            jit = "JIT on" if case.endswith("-jit") else "JIT off"
            for key, limit, what in (("vs_veth", TARGET_VS_VETH, "veth"),
                                     ("vs_line", TARGET_VS_LINE, "the unfiltered line")):
                if row[key]:
                    value = row[key]["median"]
                    out.append({
                        "target": f"realistic filters, {payload}-byte payload, {jit}: "
                                  f">= {limit:.2f} x {what}",
                        "measured": value, "met": value >= limit})
    control = summary.get("control", {})
    dump, link = control.get("dump"), control.get("linkdump")
    if dump and link and "10000" in dump["sizes"] and "10000" in link["sizes"]:
        value = (dump["sizes"]["10000"]["ns_per_unit"]
                 / link["sizes"]["10000"]["ns_per_unit"])
        out.append({"target": f"filter dump per unit at 10,000 units <= {TARGET_DUMP:.1f} x "
                              "rtnetlink link dump per link",
                    "measured": value, "met": value <= TARGET_DUMP})
    for op in ("create", "set", "ioctl-set", "dump", "linkdump",
               "cli-filter-show", "cli-link-show"):
        growth = control.get(op, {}).get("per_unit_growth_1000_to_10000")
        if growth is not None:
            out.append({"target": f"{op}: linear in units (per-unit cost at 10,000 "
                                  f"<= {LINEAR_GROWTH:.1f} x at 1,000)",
                        "measured": growth, "met": growth <= LINEAR_GROWTH})
    ratio = summary.get("memory", {}).get("ratio_ippp_filters_to_veth")
    if ratio is not None:
        out.append({"target": f"kernel memory per unit with two filters <= "
                              f"{TARGET_MEMORY:.1f} x per veth device",
                    "measured": ratio, "met": ratio <= TARGET_MEMORY})
    return out


def ratio_cell(r):
    if not r:
        return "n/a"
    return f"{r['median']:.3f} ({r['min']:.3f}-{r['max']:.3f})"


def md_datapath(lines, summary, programs):
    lines += ["## Data path", ""]
    if programs:
        lines += [
            f"UDP datagrams one way from namespace bench-a to bench-b, sent by "
            f"`udp_flood` (sendmmsg, 64 per call, pinned to CPU {programs['dp_cpu']}) "
            f"for {programs['dp_ms']} ms per run, {programs['dp_reps']} repetitions, "
            "to a socket that never reads; "
            "counted as `rx_packets` of the far device (veth: vb, ippp: pb). "
            "Filters sit on both ends of the line, as two pppd peers would have "
            "them, so each packet runs the sender's outbound and the receiver's "
            "inbound programs; the \"sender only\" case has them on the sending "
            "unit alone. Ratios are medians of per-repetition ratios, with "
            "their range. Every other repetition runs the cases in reverse order.",
            ""]
    for payload, rows in summary.items():
        lines += [f"### {payload}-byte payload", "",
                  "| case | packets/s (median) | delivered | ratio to veth | ratio to unfiltered line |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for name, label in DP_CASES:
            row = rows.get(name)
            if not row:
                continue
            delivered = f"{row['delivered'] * 100:.1f}%" if row["delivered"] is not None else "n/a"
            lines.append(f"| {label} | {fmt(row['pps_median'], 0)} | {delivered} | "
                         f"{ratio_cell(row['vs_veth'])} | {ratio_cell(row['vs_line'])} |")
        lines.append("")


def md_filter(lines, summary, programs):
    lines += ["## Filter cost", "",
              "Mean time of one `ippp_filter_run()` on a 64-byte outbound "
              "IPv4/UDP packet, as the transmit path calls it (pseudo-header "
              "push and pull, the programs, the counters), measured in the "
              "kernel by /sys/kernel/debug/ippp/filter_run of an "
              "`IPPP_BENCH=1` build, in batches of 256 for 300 ms per sample. "
              "Ratios are to the one-instruction program with the same JIT "
              "setting.", ""]
    if programs:
        lines += [f"Instructions: realistic pass {programs['pass_len']}, "
                  f"realistic active {programs['active_len']}, worst case "
                  f"{programs['worst_len']}.", ""]
    lines += ["| program | JIT on: ns | ratio to one insn | JIT off: ns | ratio to one insn |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for name, label in FILTER_PROGS:
        on = summary.get("on", {}).get(name)
        off = summary.get("off", {}).get(name)
        if not on and not off:
            continue
        cells = []
        for row in (on, off):
            cells += [fmt(row["ns_median"], 1) if row else "n/a",
                      ratio_cell(row["vs_one"]) if row else "n/a"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")


def md_control(lines, summary):
    lines += ["## Control plane", "",
              "Units in their own namespace, each with the realistic pass and "
              "active filters once `filter set` has run. `nl_bench` sends one "
              "request per unit and waits for its ACK before the next; dumps "
              "read every message into a 1 MiB buffer. Medians of "
              "repetitions; per-unit cost is the median divided by units.", ""]
    sizes = sorted({int(u) for op in summary.values() for u in op["sizes"]})
    lines += ["| operation | " + " | ".join(f"{s:,} unit{'s' if s != 1 else ''}: us/unit"
                                        for s in sizes)
              + " | slope us/unit (R²) | growth 1k -> 10k |",
              "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: | ---: |"]
    for op, label in CONTROL_OPS:
        data = summary.get(op)
        if not data:
            lines.append(f"| {label} | " + " | ".join("not measured" for _ in sizes)
                         + " | | |")
            continue
        cells = []
        for s in sizes:
            row = data["sizes"].get(str(s))
            cells.append(fmt(row["ns_per_unit"] / 1000, 1) if row else "n/a")
        fit = data["fit"]
        fit_cell = (f"{fit['slope_ns_per_unit'] / 1000:.1f} ({fit['r2']:.3f})"
                    if fit else "n/a")
        growth = data["per_unit_growth_1000_to_10000"]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {fit_cell} | "
                     f"{fmt(growth) if growth is not None else 'n/a'} |")
    lines.append("")
    if "ioctl-set" not in summary:
        lines += ["The ioctl variant was not measured: the VM had no /dev/ipppN.", ""]
    dump, link = summary.get("dump"), summary.get("linkdump")
    if dump and link:
        lines += ["| units | filter dump: ms | bytes/unit | link dump: ms | bytes/link | per-unit ratio |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for s in sizes:
            d, l = dump["sizes"].get(str(s)), link["sizes"].get(str(s))
            if not d or not l:
                continue
            lines.append(
                f"| {s:,} | {d['ns_median'] / 1e6:.2f} | {d['bytes'] / s:,.0f} | "
                f"{l['ns_median'] / 1e6:.2f} | {l['bytes'] / max(l['count'], 1):,.0f} | "
                f"{d['ns_per_unit'] / l['ns_per_unit']:.2f} |")
        lines += ["", "The link dump also returns `lo`, one link more than there are units.", ""]


def md_memory(lines, summary):
    lines += ["## Memory", "",
              "Deltas of /proc/meminfo after creating the devices (all down) in "
              "a fresh namespace, after the caches were dropped and slab and "
              "vmalloc use had settled. Kernel memory is Slab + VmallocUsed + "
              "Percpu; Percpu grows in whole chunks, so it is coarse. veth "
              "devices come in pairs; the cost is per device.", ""]
    rows = [("ippp_units", "ippp unit, no filters"),
            ("ippp_filters", "ippp unit, realistic pass + active"),
            ("veth", "veth device")]
    lines += ["| device | count | kernel bytes/device | Slab | VmallocUsed | Percpu | MemFree drop |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, label in rows:
        m = summary.get(key)
        if not m:
            continue
        d = m["delta_kib"]
        per = lambda f: fmt(d.get(f, 0) * 1024 / m["devices"], 0)
        lines.append(f"| {label} | {m['devices']:,} | {fmt(m['kernel_bytes_per_device'], 0)} | "
                     f"{per('Slab')} | {per('VmallocUsed')} | {per('Percpu')} | "
                     f"{fmt(m['memfree_bytes_per_device'], 0)} |")
    lines.append("")
    for key, label in rows:
        m = summary.get(key)
        if not m:
            continue
        slab = ", ".join(f"{t['name']} {t['bytes_per_device']:,.0f}" for t in m["top_slab"])
        vm = ", ".join(f"{t['name']} {t['bytes_per_device']:,.0f}" for t in m["top_vmalloc"])
        lines += [f"- {label}, largest slab caches (bytes/device): {slab}",
                  f"- {label}, vmalloc by caller (bytes/device): {vm or 'none'}"]
    lines.append("")


def render(summary, host, findings):
    lines = ["# ippp benchmarks", "",
             "Written by `make bench` (tools/vmtest/bench); do not edit by hand. "
             "The VM is emulated by qemu TCG, which runs every instruction "
             "through a translator, so absolute numbers are far below real "
             "hardware and are shown only beside the ratios that the "
             "conclusions come from.", "",
             "| | |", "| --- | --- |",
             f"| kernel | {host['kernel']} |",
             f"| date | {host['date']} |",
             f"| host CPU | {host['cpu']}, {host['cores']} cores |",
             f"| emulator | {host['qemu']}, TCG, {host['vcpus']} vCPUs, "
             f"{host['memory_mib']} MiB |", ""]
    tlist = summary["targets"]
    if tlist:
        lines += ["## Targets", "", "| target | measured | result |",
                  "| --- | ---: | --- |"]
        for t in tlist:
            lines.append(f"| {t['target']} | {t['measured']:.3f} | "
                         f"{'met' if t['met'] else '**missed**'} |")
        lines.append("")
    if findings:
        lines += [findings.rstrip(), ""]
    programs = summary.get("programs")
    if summary.get("datapath"):
        md_datapath(lines, summary["datapath"], programs)
    if summary.get("filter"):
        md_filter(lines, summary["filter"], programs)
    if summary.get("control"):
        md_control(lines, summary["control"])
    if any(summary.get("memory", {}).values()):
        md_memory(lines, summary["memory"])
    return "\n".join(lines).rstrip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", required=True, help="bench.jsonl from the VM")
    parser.add_argument("--md", required=True, help="Markdown report to write")
    parser.add_argument("--json", required=True, help="JSON report to write")
    parser.add_argument("--cpu", default="unknown", help="host CPU model")
    parser.add_argument("--cores", type=int, default=0, help="host CPU cores")
    parser.add_argument("--qemu", default="unknown", help="qemu version line")
    parser.add_argument("--memory", type=int, default=0, help="guest memory, MiB")
    parser.add_argument("--findings",
                        default=os.path.join(os.path.dirname(__file__), "findings.md"),
                        help="Markdown included after the targets")
    args = parser.parse_args()

    samples = load(args.samples)
    vm = next(iter(of_kind(samples, "vm")), {})
    errors = of_kind(samples, "error")
    programs = next(iter(of_kind(samples, "programs")), None)
    summary = {
        "programs": programs,
        "datapath": summarize_datapath(of_kind(samples, "datapath")),
        "filter": summarize_filter(of_kind(samples, "filter")),
        "control": summarize_control(of_kind(samples, "control")),
        "memory": summarize_memory(of_kind(samples, "memory")),
        "complete": bool(of_kind(samples, "end")),
        "errors": [e["message"] for e in errors],
    }
    summary["targets"] = targets(summary)
    host = {
        "kernel": vm.get("kernel", "unknown"),
        # The run's date is when the VM wrote its last sample, so that
        # rendering the same samples again keeps it.
        "date": datetime.datetime.fromtimestamp(
            os.path.getmtime(args.samples), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": args.cpu, "cores": args.cores, "qemu": args.qemu,
        "vcpus": vm.get("cpus"), "memory_mib": args.memory,
    }
    findings = ""
    if os.path.exists(args.findings):
        with open(args.findings, encoding="utf-8") as f:
            findings = f.read()

    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"host": host, "summary": summary, "samples": samples}, f, indent=1)
        f.write("\n")
    with open(args.md, "w", encoding="utf-8") as f:
        f.write(render(summary, host, findings))
    if errors or not summary["complete"]:
        print("report: the benchmark did not complete: " + "; ".join(summary["errors"]),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
