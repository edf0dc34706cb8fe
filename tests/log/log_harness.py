# SPDX-License-Identifier: Apache-2.0
"""What the decision log's fault tests share (faults_test.py): the programs under test,
running them, reading a log without hallmark, and the checks made after every fault.
faults_test.py's main sets CLI, WRITER, SOURCE, RULES and ASSESSMENT before any test runs.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
VERIFIER = os.path.join(HERE, "independent_verify.py")
CLI = WRITER = SOURCE = RULES = ASSESSMENT = None
LATER = []  # failures that let the test go on; reported when it ends


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(cmd, timeout=120, **kw):
    """Runs cmd; returns CompletedProcess with text stdout/stderr (rc < 0: a signal)."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out after {timeout} s: {' '.join(cmd)}")


def show(p):
    return f"exit {p.returncode}, stdout {p.stdout.strip()[:300]!r}, stderr {p.stderr.strip()[:300]!r}"


def hallmark(*args, **kw):
    return run([CLI, *args], **kw)


def independent(path, export=False, timeout=120):
    return run([sys.executable, VERIFIER, *(["--export"] if export else []), path], timeout=timeout)


def record(log, assessment=None, expert=None, **kw):
    """One `eval --record`; fails unless it exits 0."""
    cmd = ["eval", "--rules", RULES, assessment or ASSESSMENT, "--record", log]
    p = hallmark(*cmd, *(["--expert", expert] if expert else []), **kw)
    check(p.returncode == 0, f"hallmark {' '.join(cmd)}: {show(p)}")


def override(log, decision, *label):
    cmd = ["log", "override", log, str(decision), "--expert", "Ann \u00c5berg",
           "--justification", "Site visit:\n\"no\" strategy \u2028 \x01"]
    p = hallmark(*cmd, *label)
    if p.returncode != 0 and label != ("--no-label",):  # go on without the label; fail later
        LATER.append(f"hallmark {' '.join(cmd + list(label))}: {show(p)}")
        p = hallmark(*cmd, "--no-label")
    check(p.returncode == 0, f"log override {log} {decision}: {show(p)}")


def query(log, sql, timeout=60):
    """Runs a read-only query, retrying while the log is busy, locked or not created yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            db = sqlite3.connect(f"file:{log}?mode=ro", uri=True, timeout=5)
            try:
                return db.execute(sql).fetchall()
            finally:
                db.close()
        except sqlite3.Error as e:
            if time.monotonic() > deadline:
                raise Failure(f"cannot read {log}: {e}")
            time.sleep(0.05)


def count(log):
    return query(log, "SELECT count(*) FROM records")[0][0]


def head_of(p):
    m = re.search(r"head ([0-9a-f]{64})", p.stdout)
    return m.group(1) if m else None


def verifies(log, what=""):
    """Both verifiers must say the log is intact; returns the head hash."""
    h = hallmark("verify", log)
    check(h.returncode == 0, f"{what}hallmark verify {log}: {show(h)}")
    i = independent(log)
    check(i.returncode == 0, f"{what}independent_verify {log}: {show(i)}")
    return head_of(i)


def all_whole(log):
    """Every record is stored whole: ids 1..N, each body JSON with its own id."""
    rows = query(log, "SELECT id, body FROM records ORDER BY id")
    for n, (rid, body) in enumerate(rows, start=1):
        check(rid == n, f"record ids are not 1..N: {n}th is {rid}")
        check(json.loads(body)["id"] == rid, f"record {rid}: body has another id")
    return len(rows)


def assessments(directory, n):
    """n variants of the quick-start assessment, cluster ids ZZT-CASE-0001 ..."""
    base = json.load(open(ASSESSMENT, encoding="utf-8"))
    paths = []
    for k in range(1, n + 1):
        a = json.loads(json.dumps(base))
        a["cluster"]["id"] = f"ZZT-CASE-{k:04d}"
        a["cluster"]["name"] = f"Case {k} \u00e9\u00df \"quoted\""
        a["indicators"]["participants"] = 40 + k
        a["indicators"]["smes"] = 20 + k % 7
        a["indicators"]["public_share"] = 50 + k
        path = os.path.join(directory, f"case{k:02d}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(a, f, ensure_ascii=False)
        paths.append(path)
    return paths
