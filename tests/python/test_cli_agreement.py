# SPDX-License-Identifier: Apache-2.0
"""The module decides every example in examples/ with the same bytes as the command."""
import datetime
import decimal
import json

import pytest

import hallmark
from conftest import ASSESSMENTS, QUICKSTART, RULES_DIR, SOURCE, run_cli

PORTFOLIO = SOURCE / "examples" / "portfolio" / "peers.jsonl"
EXAMPLES = sorted(ASSESSMENTS.glob("*.json"))


def ecei_for(text):
    on = datetime.date.fromisoformat(json.loads(text)["assessed_on"])
    return hallmark.compile_version(RULES_DIR, "ECEI", on=on)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_assessment(path):
    text = path.read_text(encoding="utf-8")
    code, out, _ = run_cli("eval", "--format", "json", "--methodology", "ECEI", "--rules-dir", RULES_DIR, path)
    assert code == 0
    rules = ecei_for(text)
    assert rules.evaluate_json(text) == out
    # The same document as a dict, numbers as Decimal: the same bytes (the input hash too).
    assert rules.evaluate_json(json.loads(text, parse_float=decimal.Decimal)) == out
    assert rules.evaluate(text) == hallmark._convert.decision(out, rules._indicator_types())


def test_the_quickstart():
    rules = hallmark.compile_file(QUICKSTART / "labels.rules")
    code, out, _ = run_cli("eval", "--format", "json", "--rules", QUICKSTART / "labels.rules",
                           QUICKSTART / "cluster.json")
    assert code == 0 and rules.evaluate_json((QUICKSTART / "cluster.json").read_text()) == out
    assert out == (SOURCE / "tests" / "golden" / "quickstart_cluster.json").read_text()


def test_portfolio_records_one_by_one(tmp_path):
    # Every 60th of the 600 peers through `hallmark eval`, byte for byte.
    lines = PORTFOLIO.read_text(encoding="utf-8").splitlines()[::60]
    rules = ecei_for(lines[0])
    for i, line in enumerate(lines):
        path = tmp_path / ("peer%d.json" % i)
        path.write_text(line)
        code, out, _ = run_cli("eval", "--format", "json", "--rules", hallmark.select_version(
            RULES_DIR, "ECEI", on=datetime.date.fromisoformat(json.loads(line)["assessed_on"])), path)
        assert code == 0
        assert ecei_for(line).evaluate_json(line) == out, i
    assert rules.name == "ECEI"


def test_the_whole_portfolio_as_batch_decides():
    # All 600 through `hallmark batch` (JSON Lines) and through evaluate_many: the same
    # decisions, member for member (the batch writes one line each, evaluate_many the
    # indented form of `eval`).
    code, out, err = run_cli("batch", "--methodology", "ECEI", "--rules-dir", RULES_DIR, PORTFOLIO)
    assert code == 0, err
    lines = PORTFOLIO.read_text(encoding="utf-8").splitlines()
    by_version = {}
    for i, line in enumerate(lines):
        version = hallmark.select_version(RULES_DIR, "ECEI", on=datetime.date.fromisoformat(
            json.loads(line)["assessed_on"]))
        by_version.setdefault(version, []).append(i)
    ours = [None] * len(lines)
    for path, indexes in by_version.items():
        decided = hallmark.compile_file(path).evaluate_many([lines[i] for i in indexes], threads=2, as_json=True)
        for i, text in zip(indexes, decided):
            ours[i] = json.loads(text)
    assert [json.loads(line) for line in out.splitlines()] == ours
