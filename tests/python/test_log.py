# SPDX-License-Identifier: Apache-2.0
"""Recording to a decision log and verifying it, as the command does."""
import sqlite3

import pytest

import hallmark
from conftest import QUICKSTART, run_cli


def test_record_then_verify(tmp_path, quickstart, cluster_text):
    path = tmp_path / "decisions.db"
    with hallmark.DecisionLog(path) as log:
        first, decision = log.record(quickstart, cluster_text, expert="A. Auditor")
        second, _ = log.record(quickstart, cluster_text)
    assert (first, second) == (1, 2) and decision == quickstart.evaluate(cluster_text)
    verdict = hallmark.verify_log(path)
    assert verdict["intact"] is True and verdict["records"] == 2
    code, out, _ = run_cli("verify", "--format", "json", path)
    assert code == 0 and hallmark._convert.loads(out) == verdict
    # The command reads what the module recorded: the recorded decision replays identically.
    code, out, err = run_cli("replay", path)
    assert code == 0, err
    head = verdict["head"]
    assert hallmark.verify_log(path, head=head)["intact"] is True


def test_an_altered_log_is_not_intact(tmp_path, quickstart, cluster_text):
    path = tmp_path / "decisions.db"
    log = hallmark.DecisionLog(path)
    log.record(quickstart, cluster_text)
    log.close()
    log.close()  # closing twice is harmless
    with sqlite3.connect(path) as db:
        # The record's body (docs/auditing.md, "The format"): its label altered.
        changed = db.execute("update records set body = replace(body, 'bronze', 'gold')").rowcount
    assert changed == 1
    verdict = hallmark.verify_log(path)
    assert verdict["intact"] is False and verdict["problems"]
    code, out, _ = run_cli("verify", "--format", "json", path)
    assert code == 1 and hallmark._convert.loads(out) == verdict


def test_log_errors(tmp_path, quickstart, cluster_text):
    with pytest.raises(hallmark.LogError) as e:
        hallmark.verify_log(tmp_path / "missing.db")
    code, _, err = run_cli("verify", "--format", "json", tmp_path / "missing.db")
    assert code == 2 and e.value.message == err
    with pytest.raises(hallmark.InputError, match="64 hex"):
        hallmark.verify_log(tmp_path / "missing.db", head="abc")
    with pytest.raises(hallmark.LogError):
        hallmark.DecisionLog(tmp_path / "no" / "such" / "dir.db")
    with hallmark.DecisionLog(tmp_path / "d.db") as log:
        with pytest.raises(hallmark.InputError):
            log.record(quickstart, '{"assessed_on": "2024-01-01", "indicators": {"bogus": 1}}')
    assert hallmark.verify_log(tmp_path / "d.db")["records"] == 0
