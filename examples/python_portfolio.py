#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Decides the 600 synthetic clusters of examples/portfolio with the ECEI rules (the
version in force on each assessment date) and prints how many of each country reached
each label. Run from the repository after building (docs/bindings.md):

    PYTHONPATH=build/python python3 examples/python_portfolio.py
"""
import collections
import datetime
import decimal
import json
import pathlib
import sys

import hallmark

HERE = pathlib.Path(__file__).resolve().parent
LABELS = ["gold", "silver", "bronze", None]


def decide(records, rules_dir):
    """The decisions of `records` (dicts), each under the version in force on its date,
    a batch call per version."""
    by_version = collections.defaultdict(list)
    for i, record in enumerate(records):
        on = datetime.date.fromisoformat(record["assessed_on"])
        by_version[hallmark.select_version(rules_dir, "ECEI", on=on)].append(i)
    decisions = [None] * len(records)
    for path, indexes in by_version.items():
        rules = hallmark.compile_file(path)
        for i, d in zip(indexes, rules.evaluate_many([records[i] for i in indexes])):
            decisions[i] = d
    return decisions


def main(portfolio=HERE / "portfolio" / "peers.jsonl", rules_dir=HERE.parent / "rules"):
    with open(portfolio, encoding="utf-8") as f:
        records = [json.loads(line, parse_float=decimal.Decimal) for line in f if line.strip()]
    counts = collections.defaultdict(collections.Counter)
    for d in decide(records, rules_dir):
        counts[d["cluster"]["country"]][d["label"]] += 1
    print("country  " + "".join("%8s" % (label or "none") for label in LABELS) + "   total")
    for country in sorted(counts):
        row = counts[country]
        print("%-7s  " % country + "".join("%8d" % row[label] for label in LABELS) + "%8d" % sum(row.values()))
    total = collections.Counter()
    for row in counts.values():
        total.update(row)
    print("all      " + "".join("%8d" % total[label] for label in LABELS) + "%8d" % sum(total.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
