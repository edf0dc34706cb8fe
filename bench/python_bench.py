#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Decisions per second from Python (not a test): the ECEI 2020 rules on the synthetic
portfolio's records of 2020 and later (examples/portfolio/peers.jsonl), decided

  - one RuleSet.evaluate_json call per record (the decision JSON text),
  - one RuleSet.evaluate call per record (the decision as a dict: Decimal, date),
  - one RuleSet.evaluate_many call for all of them (1 thread, and one per core),
  - one `hallmark eval` process per record (each compiles the rules again),

each checked first to give the command's bytes. Prints a Markdown section, writes it to
build/bench-results/python_bench.md and puts it into BENCHMARKS.md ("Python module");
bench/report.py keeps it when it regenerates the file.

    PYTHONPATH=build/python python3 bench/python_bench.py [--processes N] [--rounds N]
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build" / "python"))
import hallmark  # noqa: E402

TITLE = "## Python module (issue 20)"


def best_rate(count, run, rounds):
    """Records per second of the fastest of `rounds` runs of run()."""
    best = None
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return count / best


def process_rate(cli, rules_path, records, n):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, record in enumerate(records[:n]):
            p = os.path.join(tmp, "r%d.json" % i)
            with open(p, "w") as f:
                f.write(record)
            paths.append(p)
        start = time.perf_counter()
        for p in paths:
            subprocess.run([cli, "eval", "--format", "json", "--rules", rules_path, p], check=True,
                           stdout=subprocess.DEVNULL)
        return len(paths) / (time.perf_counter() - start)


def section(rows, count, n_processes, rounds):
    lines = [TITLE, "",
             "`bench/python_bench.py`: the ECEI 2020 rules on the %d records of `examples/portfolio/peers.jsonl` "
             "assessed in 2020 or later, from CPython through the module (cffi over `libhallmark_c`), against one "
             "`hallmark eval` process per record (%d of them, each compiling the rules again). Every way was first "
             "checked to give the command's bytes. Best of %d rounds; records per second of wall time."
             % (count, n_processes, rounds), "",
             "| how | decisions/s | vs one process per record |", "|---|---:|---:|"]
    base = rows[-1][1]
    for name, rate in rows:
        lines.append("| %s | %s | %.0f× |" % (name, format(round(rate), ","), rate / base))
    load = ", ".join("%.2f" % x for x in os.getloadavg())
    lines += ["", "- machine: %s, %d cores, Python %s, load average at the end %s" % (
        platform.processor() or platform.machine(), os.cpu_count(), platform.python_version(), load),
        "- measured %s UTC, commit %s" % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), commit()), "",
        "The batch call releases the interpreter lock and spreads the records over the library's threads; "
        "one call per record pays the conversion to and from JSON text in Python each time, and `evaluate` "
        "also types the decision (Decimal, date). Other work on the machine slows every figure; the ratios "
        "are the point."]
    return "\n".join(lines) + "\n"


def commit():
    r = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return r.stdout.strip() or "unknown"


def put_into_benchmarks(text):
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text(encoding="utf-8")
    if TITLE in old:
        start = old.index(TITLE)
        end = old.find("\n## ", start + len(TITLE))
        new = old[:start] + text + (old[end:] if end >= 0 else "")
    else:
        at = old.index("## Machine and how to reproduce")
        new = old[:at] + text + "\n" + old[at:]
    path.write_text(new, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=100, help="hallmark eval runs (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each in-process way (best counts)")
    parser.add_argument("--cli", default=str(ROOT / "build" / "hallmark"))
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md as it is")
    args = parser.parse_args()

    lines = (ROOT / "examples" / "portfolio" / "peers.jsonl").read_text(encoding="utf-8").splitlines()
    records = [line for line in lines if json.loads(line)["assessed_on"] >= "2020"]
    rules_path = str(ROOT / "rules" / "ecei" / "2020.rules")
    rules = hallmark.compile_file(rules_path)
    for record in records[:20]:
        out = subprocess.run([args.cli, "eval", "--format", "json", "--rules", rules_path, "-"], input=record,
                             capture_output=True, text=True, check=True).stdout
        assert rules.evaluate_json(record) == out
    assert rules.evaluate_many(records, as_json=True) == [rules.evaluate_json(r) for r in records]

    n = len(records)
    rows = [
        ("`evaluate_json`, one call per record", best_rate(n, lambda: [rules.evaluate_json(r) for r in records],
                                                           args.rounds)),
        ("`evaluate` (a dict back), one call per record",
         best_rate(n, lambda: [rules.evaluate(r) for r in records], args.rounds)),
        ("`evaluate_many(as_json=True)`, 1 thread",
         best_rate(n, lambda: rules.evaluate_many(records, threads=1, as_json=True), args.rounds)),
        ("`evaluate_many(as_json=True)`, one thread per core",
         best_rate(n, lambda: rules.evaluate_many(records, as_json=True), args.rounds)),
        ("`evaluate_many` (dicts back), one thread per core",
         best_rate(n, lambda: rules.evaluate_many(records), args.rounds)),
        ("one `hallmark eval` process per record", process_rate(args.cli, rules_path, records, args.processes)),
    ]
    text = section(rows, n, min(args.processes, n), args.rounds)
    sys.stdout.write(text)
    out = ROOT / "build" / "bench-results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "python_bench.md").write_text(text, encoding="utf-8")
    (ROOT / "bench" / "python_bench.md").write_text(text, encoding="utf-8")
    if not args.no_write:
        put_into_benchmarks(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
