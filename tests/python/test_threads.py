# SPDX-License-Identifier: Apache-2.0
"""One compiled rule set shared by many threads, and the batch call's own threads."""
import concurrent.futures
import decimal
import json

import pytest

import hallmark
from conftest import ASSESSMENTS, RULES_DIR

PORTFOLIO = ASSESSMENTS.parent / "portfolio" / "peers.jsonl"


@pytest.fixture(scope="module")
def ecei():
    return hallmark.compile_version(RULES_DIR, "ECEI", version="2020")


@pytest.fixture(scope="module")
def records():
    lines = PORTFOLIO.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if json.loads(line)["assessed_on"] >= "2020"][:120]


def test_python_threads_share_one_rule_set(ecei, records):
    alone = [ecei.evaluate_json(r) for r in records]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        rounds = list(pool.map(lambda k: [ecei.evaluate_json(r) for r in records[k % 3::3]], range(24)))
    for k, decided in enumerate(rounds):
        assert decided == alone[k % 3::3]


def test_label_inputs_one_per_thread(ecei):
    def label(k):
        values = ecei.input()
        values.set("participants", k)
        return values.label()

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        labels = list(pool.map(label, range(64)))
    assert labels == [label(k) for k in range(64)]


@pytest.mark.parametrize("threads", [0, 1, 3, 256])
def test_the_batch_call_keeps_the_order(ecei, records, threads):
    alone = [ecei.evaluate_json(r) for r in records]
    assert ecei.evaluate_many(records, threads=threads, as_json=True) == alone
    as_dicts = [json.loads(r, parse_float=decimal.Decimal) for r in records[:10]]
    assert ecei.evaluate_many(as_dicts, threads=threads) == [ecei.evaluate(r) for r in records[:10]]


def test_the_batch_call_says_which_failed(ecei, records):
    batch = records[:5] + ['{"assessed_on": "2024-01-01", "indicators": {"bogus": 1}}'] + records[5:8]
    with pytest.raises(hallmark.InputError) as e:
        ecei.evaluate_many(batch, threads=2)
    assert e.value.index == 5 and "bogus" in e.value.message
    mixed = ecei.evaluate_many(batch, threads=2, errors="return", as_json=True)
    assert isinstance(mixed[5], hallmark.InputError) and mixed[5].index == 5
    assert mixed[:5] + mixed[6:] == [ecei.evaluate_json(r) for r in records[:8]]
    assert ecei.evaluate_many([]) == []
    # limits::max_evaluation_threads, one past: refused, for every record.
    with pytest.raises(hallmark.HallmarkError, match="257 threads asked for; at most 256") as e:
        ecei.evaluate_many(records[:3], threads=257)
    assert e.value.status == "misuse" and e.value.index == 0
    with pytest.raises(ValueError):
        ecei.evaluate_many(records, threads=-1)
