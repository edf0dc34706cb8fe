#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares two runs of hallmark_bench (Google Benchmark JSON), path by path: a Markdown
table of the medians before and after, their ratio, and every path slower by more than
the tolerance (5 % unless given) listed at the end. For a change that must not cost
speed (a refactoring), run the same benchmark on both commits, one after the other, on
an otherwise idle machine.

    python3 bench/compare.py BEFORE.json AFTER.json [--tolerance 0.05]

Exit 1 when a path is slower than the tolerance allows."""
import json
import sys

from report import seconds_per_iteration


def medians(path):
    """Each path's median (or its single run), by name."""
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        runs.setdefault(b.get("run_name", b["name"]), b)
    return runs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tolerance = 0.05
    if "--tolerance" in sys.argv:
        tolerance = float(sys.argv[sys.argv.index("--tolerance") + 1])
        args.remove(str(sys.argv[sys.argv.index("--tolerance") + 1]))
    before, after = medians(args[0]), medians(args[1])
    print("| path | before | after | after / before |")
    print("|---|---:|---:|---:|")
    slower = []
    for name in before:
        if name not in after:
            continue
        b, a = seconds_per_iteration(before[name]) * 1e9, seconds_per_iteration(after[name]) * 1e9
        r = a / b
        print(f"| {name} | {b:,.1f} ns | {a:,.1f} ns | {r:.3f} |")
        if r > 1 + tolerance:
            slower.append(f"{name}: {r:.3f}")
    only = sorted(set(before) ^ set(after))
    if only:
        print("\nIn one run only: " + ", ".join(only))
    if slower:
        print(f"\nSlower by more than {tolerance:.0%}:\n  " + "\n  ".join(slower))
        return 1
    print(f"\nNo path slower by more than {tolerance:.0%}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
