#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes BENCHMARKS.md from one run of bench/run.sh: Google Benchmark's JSON output,
the machine description and the profiles it left in the given directory.

    python3 bench/report.py build/bench-results > BENCHMARKS.md

Every figure is a median of repetitions in that one run; every comparison is a ratio
between two figures of the same run."""
import json
import os
import sys


def load(directory):
    with open(os.path.join(directory, "bench.json")) as f:
        data = json.load(f)
    benchmarks = data["benchmarks"]
    # The value types' own binary (bench/values.cpp), when this run had it.
    values = os.path.join(directory, "values.json")
    if os.path.exists(values):
        with open(values) as f:
            benchmarks += json.load(f)["benchmarks"]
    runs = {}
    for b in benchmarks:
        # Settings Google Benchmark appends to the name are not part of it here.
        name = "/".join(p for p in b.get("run_name", b["name"]).split("/")
                        if not p.startswith(("iterations:", "repeats:", "min_time:")) and p != "manual_time")
        # Medians where there were repetitions; single runs (the batch) as they are.
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        if b.get("run_type") == "iteration" and name in runs:
            continue
        runs[name] = b
    return data["context"], runs


def seconds_per_iteration(b):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
    return b["real_time"] * scale


def per_record_ns(b):
    return seconds_per_iteration(b) / b.get("records", 1) * 1e9


def fmt_ns(ns):
    if ns >= 100_000:
        return f"{ns / 1000:,.0f} µs"
    if ns >= 10_000:
        return f"{ns / 1000:,.1f} µs"
    return f"{ns:,.0f} ns"


def ratio(x):
    return f"{x:,.2f}×" if x < 10 else f"{x:,.0f}×"


def ecei2020_examples():
    """How many example assessments there are, and how many are dated under ECEI 2020."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "assessments")
    dates = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                dates.append(json.load(f)["assessed_on"])
    return len(dates), sum(d >= "2020-07-01" for d in dates)


def compile_memory(directory):
    """bench/compile_memory.cpp's lines, by growth factor; empty when this run had none."""
    path = os.path.join(directory, "compile_memory.jsonl")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {m["times"]: m for m in map(json.loads, f) if m.get("ok")}


def memory_per_source_byte(m):
    return (m["peak_after_kib"] - m["peak_before_kib"]) * 1024 / m["source_bytes"]


class report:
    def __init__(self, directory):
        self.dir = directory
        self.context, self.runs = load(directory)
        self.lines = []

    def out(self, text=""):
        self.lines.append(text)

    def get(self, name):
        return self.runs.get(name)

    def ns(self, name):
        b = self.get(name)
        return per_record_ns(b) if b else None

    def cpu_ns(self, name):
        b = self.get(name)
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        return b["cpu_time"] * scale / b.get("records", 1) * 1e9

    def peers(self, mode):
        prefix = "synthetic/peer/"
        return sorted(
            (n[len(prefix):-len("/" + mode)], self.ns(n))
            for n in self.runs if n.startswith(prefix) and n.endswith("/" + mode))

    def goals(self):
        hand = self.ns("synthetic/hand_loop")
        label = self.ns("synthetic/hallmark/label/engine_format")
        converting = self.ns("synthetic/hallmark/label/converting")
        explained = self.ns("synthetic/hallmark/explained/bound")
        rows = []
        rows.append(("decision only, values in hallmark's own format, within 2× of the hand-written loop",
                     f"{ratio(label / hand)} ({fmt_ns(label)} against {fmt_ns(hand)})", label <= 2 * hand))
        for peer, ns in self.peers("loaded"):
            rows.append((f"faster than {peer}, values in each engine's format",
                         f"{ratio(ns / label)} faster ({fmt_ns(label)} against {fmt_ns(ns)})", label < ns))
        for peer, ns in self.peers("converting"):
            faster = converting < ns
            verdict = f"{ratio(ns / converting)} faster" if faster else f"{ratio(converting / ns)} slower"
            rows.append((f"faster than {peer}, converting each record",
                         f"{verdict} ({fmt_ns(converting)} against {fmt_ns(ns)})", faster))
        rows.append(("full explanation within 5× of the hand-written loop",
                     f"{ratio(explained / hand)} ({fmt_ns(explained)} against {fmt_ns(hand)})", explained <= 5 * hand))
        for fmt in ("jsonl", "csv"):
            parse = self.get(f"batch/{fmt}/parse_only")
            for jobs in (1, 2):
                b = self.get(f"batch/{fmt}/hallmark_batch/jobs:{jobs}")
                if not parse or not b:
                    continue
                share = seconds_per_iteration(parse) / seconds_per_iteration(b)
                rows.append((f"batch {fmt.upper()} on {jobs} thread{'s' if jobs > 1 else ''}: at least half the "
                             "parse-only throughput", f"{share:.2f} of it", share >= 0.5))
        small, big = self.get("compile/ecei-2013-x1"), self.get("compile/ecei-2013-x100")
        if small and big:
            per_kib = lambda b: seconds_per_iteration(b) / (b["bytes"] / 1024) * 1e6
            growth = per_kib(big) / per_kib(small)
            rows.append(("compile time linear in file size (µs per KiB, 100× file against 1×)",
                         f"{ratio(growth)} ({per_kib(small):.0f} → {per_kib(big):.0f} µs per KiB)", growth <= 1.5))
        self.out("## Goals (issue 8), from this run")
        self.out()
        self.out("| goal | measured | met |")
        self.out("|---|---|---|")
        for goal, measured, met in rows:
            self.out(f"| {goal} | {measured} | {'yes' if met else '**no**'} |")
        self.out()

    def synthetic(self):
        hand = self.ns("synthetic/hand_loop")
        self.out("## The reference workload (synthetic-40/30)")
        self.out()
        self.out(f"{int(self.get('synthetic/hand_loop')['records']):,} generated records (seeded), 40 indicators, "
                 "30 criteria, 3 labels (bench/synthetic-40-30.rules). Before anything is timed, every engine and "
                 "every hallmark path is checked to give the hand-written loop's label for every record.")
        self.out()
        self.out("| engine, path | per record | ratio to the hand-written loop |")
        self.out("|---|---:|---:|")
        names = {
            "synthetic/hand_loop": "hand-written C++ loop (the limit)",
            "synthetic/hallmark/label/engine_format": "hallmark, label only, values in the plan's own slots",
            "synthetic/hallmark/label/bound": "hallmark, label only, values bound (`decide_label`)",
            "synthetic/hallmark/label/tree": "hallmark, label only, by the tree evaluator (no plan)",
            "synthetic/hallmark/label/converting": "hallmark, label only, converting: 40 `typed_input` setters",
            "synthetic/hallmark/label/from_assessment": "hallmark, label only, from an `assessment` struct",
            "synthetic/hallmark/label/from_json": "hallmark, label only, from JSON text",
            "synthetic/hallmark/explained/bound": "hallmark, full explanation (`decision`), values bound",
            "synthetic/hallmark/explained/json_in_json_out": "hallmark, JSON text in, decision JSON out",
        }
        for key, label in names.items():
            ns = self.ns(key)
            if ns is not None:
                self.out(f"| {label} | {fmt_ns(ns)} | {ratio(ns / hand)} |")
        for mode, what in (("loaded", "values in its format"), ("converting", "converting each record")):
            for peer, ns in self.peers(mode):
                self.out(f"| {peer}, {what} | {fmt_ns(ns)} | {ratio(ns / hand)} |")
        self.out()

    def ecei(self):
        self.out("## The shipped ECEI rules on the example assessments")
        self.out()
        self.out("Values bound; per assessment. `label` is the label alone, `explained` the full decision.")
        self.out()
        self.out("| rule file | assessments | label | explained | explained / label |")
        self.out("|---|---:|---:|---:|---:|")
        for name in sorted(self.runs):
            if name.startswith("ecei/") and name.endswith("/label"):
                file = name[len("ecei/"):-len("/label")]
                label, explained = self.ns(name), self.ns(f"ecei/{file}/explained")
                count = int(self.get(name)["records"])
                self.out(f"| `{file}` | {count} | {fmt_ns(label)} | {fmt_ns(explained)} | {ratio(explained / label)} |")
        self.out()

    def ecei2020(self):
        hand = self.ns("ecei2020/hand_written")
        if hand is None:
            return
        c = self.context
        records = int(self.get("ecei2020/hand_written")["records"])
        self.out("## ECEI 2020: the real rules (issue 18)")
        self.out()
        examples, in_force = ecei2020_examples()
        self.out(f"`rules/ecei/2020.rules` with its bases on {records:,} assessments: the {examples} example "
                 f"assessments (`examples/assessments`; {in_force} are dated on or after 2020-07-01, when ECEI 2020 "
                 f"took effect, the other {examples - in_force} are decided by the 2020 rules all the same), then "
                 "portfolio-like and perturbed ones generated from fixed seeds (bench/ecei_corpus.cpp: thresholds hit "
                 "exactly and missed by the smallest step, values left out or null, earlier labels on the edges of "
                 "Silver's 18..24 months, improvement areas, unknown operands of tier conditions). Before anything is "
                 "timed, hallmark's label-only decision, its tree evaluator, its full decision, `label_of`, the "
                 "hand-written C++ decision (bench/ecei_native.cpp) and the Lua version (bench/ecei_2020.lua) on "
                 "Lua 5.4 and on LuaJIT, with its compiler and without, are checked to give the same label on every "
                 "input (also the test `bench.ecei_agree`, on a smaller corpus); the labels they agreed on: "
                 f"{c.get('ecei2020 corpus', '(not recorded)')}. Wall time per assessment, median of the repetitions, "
                 "and CPU time beside it (on a machine shared with other work, wall time also counts the waits); "
                 "the Lua engines are called once per assessment through the C API, the records already in Lua "
                 "tables.")
        self.out()
        self.out(f"**Flat plan:** {c.get('ecei2020 flat plan', '(not recorded)')}. Decisions not on the plan run "
                 "on the tree evaluator. Not on the plan, and why: "
                 f"{c.get('ecei2020 not on the plan', '(not recorded in this run)') or 'nothing'}.")
        self.out()
        self.out("| path, values bound | per assessment | ratio to the hand-written decision | CPU time per "
                 "assessment | ratio in CPU time |")
        self.out("|---|---:|---:|---:|---:|")
        hand_cpu = self.cpu_ns("ecei2020/hand_written")
        rows = [("ecei2020/hand_written", "hand-written C++ decision (the limit)"),
                ("ecei2020/hallmark/label/bound", "hallmark, label only (`decide_label`)"),
                ("ecei2020/hallmark/label/tree", "hallmark, label only, by the tree evaluator"),
                ("ecei2020/hallmark/explained/indexes", "hallmark, full explanation kept as indexes and bit masks "
                 "(`explain`: every criterion, points tier, gold level, label and reason; what `batch` writes from)"),
                ("ecei2020/hallmark/explained/json_line", "hallmark, the same explanation written as a decision JSON "
                 "line (`append_decision`, a reused buffer)"),
                ("ecei2020/hallmark/explained/bound", "hallmark, full decision as the public `decision` struct with "
                 "its strings (`decide`)"),
                ("ecei2020/hallmark/explained/json_in_json_out", "hallmark, JSON text in, decision JSON out")]
        rows += sorted((n, f"{n[len('ecei2020/peer/'):-len('/loaded')]}, one Lua call per assessment")
                       for n in self.runs if n.startswith("ecei2020/peer/"))
        for key, label in rows:
            ns, cpu = self.ns(key), self.cpu_ns(key)
            if ns is not None:
                self.out(f"| {label} | {fmt_ns(ns)} | {ratio(ns / hand)} | {fmt_ns(cpu)} | {ratio(cpu / hand_cpu)} |")
        self.out()
        self.ecei2020_reading()
        self.ecei2020_eval()
        self.ecei2020_goals()

    def ecei2020_reading(self):
        simd = self.get("ecei2020/read/simdjson_ondemand")
        if not simd:
            return
        self.out("Reading the same corpus as one JSON Lines file, one thread: simdjson (Debian `libsimdjson-dev`, "
                 "On-Demand, every value visited, numbers kept as text) merely parsing it; hallmark's reader "
                 "(`corpus_reader`, as `batch` reads) without evaluating; `hallmark batch --rules "
                 "rules/ecei/2020.rules FILE --jobs 1`, a child process writing the decision JSON to /dev/null.")
        self.out()
        self.out("| run | per assessment | assessments per second | share of simdjson's throughput |")
        self.out("|---|---:|---:|---:|")
        base = seconds_per_iteration(simd) / simd["records"]
        for key, label in (("ecei2020/read/simdjson_ondemand", "simdjson, parse only"),
                           ("ecei2020/read/hallmark_reader", "hallmark's reader, parse only"),
                           ("ecei2020/batch/jobs:1", "`hallmark batch`, 1 thread: read, decide, write")):
            b = self.get(key)
            if not b:
                continue
            per = seconds_per_iteration(b) / b["records"]
            self.out(f"| {label} | {fmt_ns(per * 1e9)} | {1 / per:,.0f} | {base / per:.3f} |")
        self.out()

    def ecei2020_eval(self):
        rows = [(n, self.get(n)) for n in ("ecei2020/eval_process/rules", "ecei2020/eval_process/rules_dir")]
        if not any(b for _, b in rows):
            return
        self.out("`hallmark eval` of `examples/assessments/litek.json` as a process, from start to exit (wall time, "
                 "median of 20 runs, and the process's own CPU time, mean of the same runs; started with "
                 "`posix_spawn`, waited for without polling):")
        self.out()
        self.out("| command | wall time | CPU time |")
        self.out("|---|---:|---:|")
        commands = {"ecei2020/eval_process/rules": "`hallmark eval --rules rules/ecei/2020.rules litek.json`",
                    "ecei2020/eval_process/rules_dir": "`hallmark eval --methodology ECEI --rules-dir rules litek.json`"}
        for name, b in rows:
            if b:
                cpu = b.get("child_cpu_ms")
                cpu_text = f"{cpu:,.1f} ms" if cpu is not None else "—"
                self.out(f"| {commands[name]} | {seconds_per_iteration(b) * 1e3:,.1f} ms | {cpu_text} |")
        self.out()

    def ecei2020_goals(self):
        hand = self.ns("ecei2020/hand_written")
        label = self.ns("ecei2020/hallmark/label/bound")
        explained = self.ns("ecei2020/hallmark/explained/indexes")
        written = self.ns("ecei2020/hallmark/explained/json_line")
        rows = [("label only, values bound, within 3× of the hand-written decision",
                 f"{ratio(label / hand)} ({fmt_ns(label)} against {fmt_ns(hand)})", label <= 3 * hand)]
        for n in sorted(self.runs):
            if n.startswith("ecei2020/peer/LuaJIT"):
                ns = self.ns(n)
                verdict = f"{ratio(ns / label)} faster" if label < ns else f"{ratio(label / ns)} slower"
                rows.append((f"label only faster than {n.split('/')[2]}", f"{verdict} ({fmt_ns(label)} against "
                             f"{fmt_ns(ns)})", label < ns))
        # The full explanation: kept as indexes and bit masks, strings only when written.
        # The written line is beside it (informative: writing is part of the batch goal).
        rows.append(("full explanation (as indexes) within 20× of the hand-written decision",
                     f"{ratio(explained / hand)} ({fmt_ns(explained)} against {fmt_ns(hand)})", explained <= 20 * hand))
        if written:
            rows.append(("(informative) the explanation written as a decision JSON line",
                         f"{ratio(written / hand)} ({fmt_ns(written)} against {fmt_ns(hand)})", None))
        simd, batch = self.get("ecei2020/read/simdjson_ondemand"), self.get("ecei2020/batch/jobs:1")
        if simd and batch:
            share = (seconds_per_iteration(simd) / simd["records"]) / (seconds_per_iteration(batch) / batch["records"])
            rows.append(("batch, 1 thread, at least 25 % of simdjson's parse-only throughput", f"{share:.1%}",
                         share >= 0.25))
        ev = self.get("ecei2020/eval_process/rules")
        if ev:
            ms = seconds_per_iteration(ev) * 1e3
            rows.append(("`hallmark eval` of one example as a process within 5 ms", f"{ms:,.1f} ms", ms <= 5))
        memory = compile_memory(self.dir).get(100)
        if memory:
            per_byte = memory_per_source_byte(memory)
            rows.append(("compile peak memory at most 10 bytes per source byte (2013 grown 100×)",
                         f"{per_byte:.1f} bytes", per_byte <= 10))
        plan = self.context.get("ecei2020 flat plan", "")
        on, _, rest = plan.partition(" of ")
        total = rest.split(" ")[0] if rest else ""
        if on and total:
            rows.append(("every decision on the fast path (the flat plan)", f"{int(on):,} of {int(total):,}",
                         on == total))
        self.out("Goals of issue 18 on this run:")
        self.out()
        self.out("| goal | measured | met |")
        self.out("|---|---|---|")
        for goal, measured, met in rows:
            self.out(f"| {goal} | {measured} | {'—' if met is None else 'yes' if met else '**no**'} |")
        self.out()

    def compile(self):
        self.out("## Compiling (parse + check + compile)")
        self.out()
        self.out("| rule file | KiB | ms | µs per KiB |")
        self.out("|---|---:|---:|---:|")
        for name in sorted(self.runs, key=lambda n: (not n.startswith("compile/rules"), len(n), n)):
            if name.startswith("compile/"):
                b = self.get(name)
                s = seconds_per_iteration(b)
                kib = b["bytes"] / 1024
                self.out(f"| `{name[len('compile/'):]}` | {kib:,.0f} | {s * 1e3:,.1f} | {s * 1e6 / kib:,.0f} |")
        self.out()
        self.out("`rules/ecei/2019.rules` and `2020.rules` extend 2013, so compiling them compiles 2013 too. "
                 "`ecei-2013-xN` is 2013 grown N times in size with renamed copies of its declarations "
                 "(bench/workload.cpp, `scaled_rules`).")
        self.out()
        memory = compile_memory(self.dir)
        if memory:
            self.out("Peak memory of compiling (`build/bench/hallmark_bench_compile_memory N`, one process per size: "
                     "the peak resident size after compiling minus the peak before, with the source already in "
                     "memory):")
            self.out()
            self.out("| rule file | KiB | peak memory added | bytes per source byte |")
            self.out("|---|---:|---:|---:|")
            for times, m in sorted(memory.items()):
                added = (m["peak_after_kib"] - m["peak_before_kib"]) / 1024
                self.out(f"| `ecei-2013-x{times}` | {m['source_bytes'] / 1024:,.0f} | {added:,.1f} MiB | "
                         f"{memory_per_source_byte(m):.1f} |")
            self.out()

    def values(self):
        rows = sorted(n for n in self.runs if n.startswith("values/"))
        if not rows:
            return
        self.out("## Values (decimal and calendar operations alone)")
        self.out()
        self.out("`build/bench/hallmark_bench_values` (bench/values.cpp): one operation at a time over 1,024 seeded "
                 "operand pairs, CPU time; the name's last part says which path the operands take (`fine`: 10 to 18 "
                 "places; `rounded`: products with more than 18 places; `wide`: intermediates beyond 128 bits).")
        self.out()
        self.out("| operation | ns per operation |")
        self.out("|---|---:|")
        for name in rows:
            self.out(f"| `{name[len('values/'):]}` | {1e9 / self.get(name)['items_per_second']:,.1f} |")
        self.out()

    def batch(self):
        rows = [n for n in self.runs if n.startswith("batch/")]
        if not rows:
            self.out("## Batch\n\nNot run this time (`NO_BATCH=1`).\n")
            return
        self.out("## Batch")
        self.out()
        records = int(self.get(rows[0])["records"])
        self.out(f"`hallmark batch --rules bench/synthetic-40-30.rules FILE --jobs N` over {records:,} generated "
                 "records, full decision JSON per line to /dev/null, run as a child process (peak memory is its own). "
                 "Parse-only reads the same file with the same reader (`corpus_reader`, one thread) and evaluates "
                 "nothing.")
        self.out()
        self.out("| input | run | seconds | records per second | share of parse-only throughput | peak memory |")
        self.out("|---|---|---:|---:|---:|---:|")
        for fmt in ("jsonl", "csv"):
            parse = self.get(f"batch/{fmt}/parse_only")
            for run in ("parse_only", "hallmark_batch/jobs:1", "hallmark_batch/jobs:2"):
                b = self.get(f"batch/{fmt}/{run}")
                if not b:
                    continue
                s = seconds_per_iteration(b)
                share = seconds_per_iteration(parse) / s if parse else float("nan")
                peak = f"{b['peak_rss_mib']:,.0f} MiB" if "peak_rss_mib" in b else "—"
                self.out(f"| {fmt.upper()} | {run.replace('hallmark_batch/', 'batch ')} | {s:,.1f} | "
                         f"{b['records'] / s:,.0f} | {share:.2f} | {peak} |")
        self.out()

    def profiles(self):
        self.out("## Where the time goes (sampled profiles from this run)")
        self.out()
        for name in ("synthetic/hallmark/label/bound", "synthetic/hallmark/label/converting",
                     "synthetic/hallmark/explained/bound", "synthetic/hallmark/label/from_json"):
            path = os.path.join(self.dir, name.replace("/", "_") + ".profile")
            if not os.path.exists(path):
                continue
            self.out(f"`{name}`, top symbols by samples:")
            self.out()
            self.out("```")
            with open(path) as f:
                for line in f:
                    self.out(line.rstrip()[:140])
            self.out("```")
            self.out()

    def machine(self):
        self.out("## Machine and how to reproduce")
        self.out()
        with open(os.path.join(self.dir, "machine.txt")) as f:
            for line in f:
                self.out(f"- {line.strip()}")
        c = self.context
        self.out(f"- Google Benchmark: {c.get('num_cpus')} CPUs at {c.get('mhz_per_cpu')} MHz as it reports, "
                 f"load average at the start {', '.join(f'{x:.2f}' for x in c.get('load_avg', []))}")
        for key, value in sorted(c.items()):
            if key.startswith(("peer", "ecei2020 engine")):
                self.out(f"- {key}: {value}")
        self.out()
        self.out("Reproduce with `bench/run.sh` (installs the Debian packages it needs, builds in `build/` as `scripts/bootstrap.sh` does, "
                 "runs everything, rewrites this file). `RECORDS=100000 bench/run.sh` makes the batch quicker; "
                 "`NO_BATCH=1` skips it. The benchmark binary alone: `build/bench/hallmark_bench --no_batch "
                 "--benchmark_filter=synthetic`; the value types alone: `build/bench/hallmark_bench_values`.")
        self.out()

    def write(self):
        self.out("# BENCHMARKS")
        self.out()
        self.out("Generated by `bench/run.sh` from one run on the machine described at the end; do not edit by "
                 "hand (the analysis comes from `bench/analysis.md`). Absolute times depend on the machine; the "
                 "ratios are the point, and each compares two figures from the same run.")
        self.out()
        self.goals()
        analysis = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
        if os.path.exists(analysis):
            with open(analysis) as f:
                self.out(f.read().rstrip())
            self.out()
        self.synthetic()
        self.ecei()
        self.ecei2020()
        self.compile()
        self.values()
        self.batch()
        self.profiles()
        # bench/serve_load.sh and bench/python_bench.py measure separately and keep their
        # sections beside them.
        for kept in ("serve_load.md", "python_bench.md"):
            path = os.path.join(os.path.dirname(os.path.abspath(__file__)), kept)
            if os.path.exists(path):
                with open(path) as f:
                    self.out(f.read().rstrip())
                self.out()
        self.machine()
        return "\n".join(self.lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(report(sys.argv[1] if len(sys.argv) > 1 else "build/bench-results").write())
