#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares runs of hallmark_bench (Google Benchmark JSON) before and after a change, path
by path: a Markdown table of each side's time, their ratio, and every path slower by
more than the tolerance (5 % unless given) listed at the end. For a change that must not
cost speed (a refactoring), run both commits' benchmarks alternately, several rounds, on
an otherwise idle machine, with --benchmark_repetitions; each side's figure is then the
best repetition of all its runs (the least disturbed by the rest of the machine, which on
a shared virtual machine moves single runs by tens of percent).

    python3 bench/compare.py BEFORE.json[,BEFORE2.json...] AFTER.json[,...] [--tolerance 0.05]

Exit 1 when a path is slower than the tolerance allows."""
import json
import sys

from report import seconds_per_iteration


def best(paths):
    """Each path's fastest repetition over all the runs, in ns per iteration."""
    runs = {}
    for path in paths.split(","):
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("run_type") == "aggregate":
                continue
            name = b.get("run_name", b["name"])
            ns = seconds_per_iteration(b) * 1e9
            runs[name] = min(runs.get(name, ns), ns)
    return runs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tolerance = 0.05
    if "--tolerance" in sys.argv:
        tolerance = float(sys.argv[sys.argv.index("--tolerance") + 1])
        args.remove(str(sys.argv[sys.argv.index("--tolerance") + 1]))
    before, after = best(args[0]), best(args[1])
    print("| path | before | after | after / before |")
    print("|---|---:|---:|---:|")
    slower = []
    for name in before:
        if name not in after:
            continue
        b, a = before[name], after[name]
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
