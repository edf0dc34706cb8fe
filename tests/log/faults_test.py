#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fault tests of the hallmark decision log, run by CTest:

    faults_test.py HALLMARK_CLI LOG_WRITER SOURCE_DIR [TEST ...]

Kills writers mid-transaction, runs writers concurrently, fills the disk, writes to a
read-only log, alters the file byte by byte and with SQL, and round-trips an export.
After every fault the log is checked by `hallmark verify` and by independent_verify.py,
which shares no code with hallmark. Exits 0 when every test passed; prints what failed.
Name tests (kill, concurrent, full_disk, read_only, environment, tamper, export, text) to
run only those.
FLIPS=N and FLIP_SEED=S change the number (300) and seed (1234) of the random byte flips;
FLIPS_STRICT=1 fails flips that only hallmark's SQLite file check calls damaged.
"""
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import log_harness as harness
from forgery import forge, sql_copy, tamper_copy
from log_harness import (Failure, all_whole, assessments, check, count, hallmark, head_of, independent, override, query,
                         record, run, show, verifies)

# ---------------------------------------------------------------- the tests

def test_kill(tmp):
    log, rng = os.path.join(tmp, "kill.db"), random.Random()
    before = 0
    for round_ in range(1, 4):
        w = subprocess.Popen([harness.WRITER, log, harness.RULES, harness.ASSESSMENT, "100000"])
        deadline = time.monotonic() + 300
        while count(log) < before + 50:
            check(w.poll() is None, f"round {round_}: log_writer exited {w.returncode}")
            check(time.monotonic() < deadline, f"round {round_}: fewer than 50 records in 300 s")
            time.sleep(0.02)
        if round_ == 1:  # both verifiers read the log while it grows
            live = hallmark("verify", log), independent(log)
            check(w.poll() is None, "the writer ended before the live verification")
            check(all(p.returncode == 0 for p in live),
                  f"verifying a growing log: {show(live[0])}; {show(live[1])}")
            print(f"  while the writer runs: {live[0].stdout.strip()[-60:]!r}; {live[1].stdout.strip()[:20]!r}")
        time.sleep(rng.uniform(0, 0.7))
        w.send_signal(signal.SIGKILL)
        w.wait()
        check(w.returncode == -signal.SIGKILL, f"round {round_}: writer ended with {w.returncode}")
        verifies(log, f"after kill {round_}: ")
        n = all_whole(log)
        check(n >= before + 50, f"round {round_}: {n} records after the kill, had {before} + 50")
        print(f"  round {round_}: killed at {n} records; both verifiers: intact")
        before = n


def test_concurrent(tmp):
    log, start = os.path.join(tmp, "concurrent.db"), time.monotonic()
    writers = [subprocess.Popen([harness.WRITER, log, harness.RULES, harness.ASSESSMENT, "1000", f"expert{k}"],
                                stderr=subprocess.PIPE, text=True) for k in range(4)]
    for k, w in enumerate(writers):
        try:
            _, err = w.communicate(timeout=1800)
        except subprocess.TimeoutExpired:
            for x in writers:
                x.kill()
            raise Failure("4 writers x 1000 decisions did not finish in 30 minutes")
        check(w.returncode == 0, f"writer expert{k} exited {w.returncode}: {err.strip()[:300]}")
    print(f"  4 writers x 1000 decisions: {time.monotonic() - start:.1f} s")
    rows = query(log, "SELECT id, body FROM records ORDER BY id")
    check([r[0] for r in rows] == list(range(1, 4001)),
          f"ids are not 1..4000 ({len(rows)} records)")
    experts, order = {}, [json.loads(body)["expert"] for _, body in rows]
    for e in order:
        experts[e] = experts.get(e, 0) + 1
    switches = sum(a != b for a, b in zip(order, order[1:]))
    print(f"  the writers interleaved: the expert changes {switches} times along the chain")
    check(experts == {f"expert{k}": 1000 for k in range(4)}, f"records per expert: {experts}")
    verifies(log)
    t = time.monotonic()
    p = hallmark("replay", log, timeout=1800)
    check(p.returncode == 0, f"hallmark replay: {show(p)}")
    print(f"  replay of 4000 decisions: {time.monotonic() - t:.1f} s")


def limited_fsize(limit):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_full_disk(tmp):
    log = os.path.join(tmp, "full.db")
    for _ in range(3):
        record(log)
    n, size = count(log), os.path.getsize(log)
    cmd = [harness.CLI, "eval", "--rules", harness.RULES, harness.ASSESSMENT, "--record", log]
    for limit in (4096, 1024, 512):
        p = run(cmd, preexec_fn=limited_fsize(limit))
        if p.returncode != 0:
            break
        print(f"  note: with a file size limit of {limit} bytes (log {size} bytes) the record was written")
        n = count(log)
    print(f"  file size limit {limit} bytes, log {size} bytes: {show(p)}")
    check(p.returncode == 2, f"eval --record on a full disk: expected exit 2, got {show(p)}")
    check(log in p.stderr or os.path.basename(log) in p.stderr, f"the message does not name the log: {p.stderr!r}")
    check(count(log) == n, f"record count changed from {n} to {count(log)}")
    verifies(log, "after the failed write: ")
    record(log)
    check(count(log) == n + 1, "the normal write after the full disk did not add one record")
    verifies(log, "after the next write: ")


def test_read_only(tmp):
    d = tempfile.mkdtemp(prefix="hallmark-ro-", dir="/tmp")
    try:
        os.chmod(d, 0o755)
        log = os.path.join(d, "ro.db")
        rules, assessment = shutil.copy(harness.RULES, d), shutil.copy(harness.ASSESSMENT, d)
        for f in (rules, assessment):
            os.chmod(f, 0o644)
        for _ in range(3):
            record(log)
        check(not os.path.exists(log + "-wal"), "a -wal file remained after clean writes")
        n = count(log)
        cmd = [harness.CLI, "eval", "--rules", rules, assessment, "--record", log]
        if os.geteuid() == 0:
            os.chmod(log, 0o644)
            def nobody():
                os.setgid(65534)
                os.setuid(65534)
            p = run(cmd, preexec_fn=nobody, cwd=d)
            how = "as uid 65534, log owned by root 0644"
        else:
            os.chmod(log, 0o444)
            p = run(cmd, cwd=d)
            how = "log mode 0444"
        print(f"  {how}: {show(p)}")
        check(p.returncode == 2, f"eval --record on a read-only log: expected exit 2, got {show(p)}")
        check(log in p.stderr or "ro.db" in p.stderr, f"the message does not name the log: {p.stderr!r}")
        check(re.search(r"read-only|read only|readonly|cannot be written|cannot write|not writable",
                        p.stderr, re.I), f"the message does not say the log is read-only: {p.stderr!r}")
        check(count(log) == n, f"record count changed from {n} to {count(log)}")
        verifies(log, "after the refused write: ")
    finally:
        shutil.rmtree(d)


def as_other_user():
    """preexec_fn that drops root (uid 65534), so that file modes apply; None when not root."""
    if os.geteuid() != 0:
        return None
    def nobody():
        os.setgid(65534)
        os.setuid(65534)
    return nobody


def not_tampering(p, what):
    """An environment failure is exit 2 naming the cause, never a verdict of tampering."""
    check(p.returncode in (0, 2), f"{what}: expected exit 0 or 2, got {show(p)}")
    check("NOT INTACT" not in p.stdout and "not a hallmark" not in p.stdout + p.stderr,
          f"{what}: reported as tampering: {show(p)}")


def test_environment(tmp):
    """A read-only directory, a file size limit, an unreadable file: cannot-read (2), not tampering (1)."""
    log = os.path.join(tmp, "env.db")
    for _ in range(3):
        record(log)
    d = tempfile.mkdtemp(prefix="hallmark-env-", dir="/tmp")
    try:
        os.chmod(d, 0o755)
        ro = shutil.copy(log, os.path.join(d, "ro.db"))
        os.chmod(ro, 0o444)
        os.chmod(d, 0o555)
        p = run([harness.CLI, "verify", ro], preexec_fn=as_other_user())
        print(f"  intact copy, mode 0444 in a read-only directory: {show(p)}")
        check(p.returncode == 0 and "intact: 3 records" in p.stdout, f"verify of a read-only copy: {show(p)}")
        check(os.listdir(d) == ["ro.db"], f"verify left files in a read-only directory: {os.listdir(d)}")
        os.chmod(d, 0o755)
        os.chmod(ro, 0o000)
        p = run([harness.CLI, "verify", ro], preexec_fn=as_other_user())
        print(f"  unreadable log (mode 000): {show(p)}")
        if os.geteuid() == 0 or not os.access(ro, os.R_OK):
            check(p.returncode == 2 and "ro.db" in p.stderr, f"verify of an unreadable log: {show(p)}")
    finally:
        os.chmod(d, 0o755)
        shutil.rmtree(d)
    copy = os.path.join(tmp, "copy")
    os.makedirs(copy)
    fresh = shutil.copy(log, os.path.join(copy, "env.db"))
    p = run([harness.CLI, "verify", fresh], preexec_fn=limited_fsize(0))
    print(f"  verify under a file size limit of 0: {show(p)}")
    not_tampering(p, "verify under a file size limit")
    new = os.path.join(tmp, "new.db")
    p = run([harness.CLI, "eval", "--rules", harness.RULES, harness.ASSESSMENT, "--record", new], preexec_fn=limited_fsize(0))
    print(f"  eval --record of a new log under a file size limit of 0: {show(p)}")
    check(p.returncode == 2 and "new.db" in p.stderr, f"eval --record on a full disk: {show(p)}")
    p = hallmark("verify", new)
    print(f"  ... then verify: {show(p)}")
    not_tampering(p, "verify after a creation that failed")


def names(p, k):
    return re.search(rf"\brecord {k}\b", p.stdout + p.stderr) is not None


def both_name(path, k, what):
    h, i = hallmark("verify", path), independent(path)
    print(f"  {what}: hallmark {h.stdout.strip()!r}; independent {i.stdout.strip()!r}")
    check(h.returncode == 1 and names(h, k), f"{what}: hallmark verify should name record {k}: {show(h)}")
    check(i.returncode == 1 and names(i, k), f"{what}: independent_verify should name record {k}: {show(i)}")


def page_owners(log):
    """page number -> table or index name, for the report."""
    try:
        return dict((p, n) for n, p in query(log, "SELECT name, pageno FROM dbstat"))
    except Failure:
        return {}


def test_tamper(tmp):
    log = os.path.join(tmp, "tamper.db")
    cases = assessments(tmp, 17)
    for k, a in enumerate(cases, start=1):  # records 1..10 and 13..19: quick-start decisions
        record(log, a, expert=f"auditor {k % 3}" if k % 2 else None)
        if k == 10:  # 11: an override; 12: an ECEI decision from three rule files
            override(log, 3, "--label", "silver")
            p = hallmark("eval", "--methodology", "ECEI", "--rules-dir", os.path.join(harness.SOURCE, "rules"),
                         os.path.join(harness.SOURCE, "examples", "assessments", "litek.json"), "--record", log)
            check(p.returncode == 0, f"eval --record of an ECEI decision: {show(p)}")
    override(log, 12, "--no-label")  # 20
    check(not os.path.exists(log + "-wal"), "a -wal file remained after the writers closed the log")
    data = open(log, "rb").read()
    work = os.path.join(tmp, "work")
    clusters = dict(query(log, "SELECT cluster_id, id FROM records"))
    orig_head = verifies(log)
    # (i) one byte of a cluster id inside a record's body (one not split across pages)
    cluster = next((c for c in sorted(c for c in clusters if c and c.startswith("ZZT"))[6:]
                    if c.endswith("7") and
                    data.count(b'"cluster_id":"%s"' % c.encode()) == 1), None)
    check(cluster, "no cluster id ending in 7 occurs exactly once in the file")
    marker, k = b'"cluster_id":"%s"' % cluster.encode(), clusters[cluster]
    altered = bytearray(data)
    altered[data.index(marker) + len(marker) - 2] ^= 0x01  # '7' -> '6'
    path = tamper_copy(bytes(altered), work)
    h, i = hallmark("verify", path), independent(path)
    print(f"  one byte of record {k}'s cluster id: hallmark {show(h)}; independent {show(i)}")
    check(h.returncode == 1 and names(h, k), f"hallmark verify should name record {k}: {show(h)}")
    check(i.returncode == 1 and names(i, k), f"independent_verify should name record {k}: {show(i)}")
    # (ii) 300 single-byte flips
    flips, seed = int(os.environ.get("FLIPS", 300)), int(os.environ.get("FLIP_SEED", 1234))
    rng, page_size = random.Random(seed), query(log, "PRAGMA page_size")[0][0]
    owners, disagreements, damage, bad, verdicts = page_owners(log), [], [], [], {}
    for n in range(flips):
        offset, xor = rng.randrange(len(data)), rng.randrange(1, 256)
        altered = bytearray(data)
        altered[offset] ^= xor
        path = tamper_copy(bytes(altered), work)
        page = offset // page_size + 1
        where = f"offset {offset} (page {page}, {owners.get(page, 'free/unknown')}) ^0x{xor:02x}"
        try:
            h = hallmark("verify", path, timeout=20)
            unchanged = open(path, "rb").read() == bytes(altered)
            i = independent(path, timeout=20)
        except Failure as e:
            bad.append(f"{where}: {e}")
            continue
        verdicts[(h.returncode, i.returncode)] = verdicts.get((h.returncode, i.returncode), 0) + 1
        if h.returncode not in (0, 1, 2) or (h.returncode == 2 and not i.stdout.startswith("file:")):
            bad.append(f"{where}: hallmark verify {show(h)}; independent: {i.stdout.strip()}")
        elif not unchanged:
            bad.append(f"{where}: hallmark verify wrote to the file")
        elif h.returncode == 1 and i.returncode == 0 and "damaged" in h.stdout:
            # SQLite's own check of the file finds damage (in b-tree bookkeeping, free
            # space ...) where every record still reads back intact: stricter, not wrong.
            damage.append(f"{where}: hallmark {h.stdout.strip()!r}; independent: {i.stdout.strip()}")
        elif (h.returncode == 0) != (i.returncode == 0):
            disagreements.append(f"{where}: hallmark {show(h)}; independent: {i.stdout.strip()}")
    print(f"  {flips} byte flips (seed {seed}): (hallmark exit, independent exit) -> count: {verdicts}")
    for line in bad + disagreements:
        print(f"    {line}")
    if damage:
        print(f"  {len(damage)} flips where only hallmark finds the file damaged (reported, not a "
              f"failure{'' if not os.environ.get('FLIPS_STRICT') else ', but FLIPS_STRICT is set'}):")
        for line in damage:
            print(f"    {line}")
    if os.environ.get("FLIPS_STRICT"):
        disagreements += damage
    check(not bad, f"{len(bad)} flips made hallmark verify crash, fail to read or write the file")
    check(not disagreements, f"{len(disagreements)} flips where the verifiers disagree")
    # (iii) SQL edits that keep the file well-formed
    path = sql_copy(data, work, "DELETE FROM records WHERE id = 5")
    h, i = hallmark("verify", path), independent(path)
    print(f"  record 5 deleted: hallmark {h.stdout.strip()!r}; independent {i.stdout.strip()!r}")
    check(h.returncode == 1 and (names(h, 5) or names(h, 6)), f"hallmark: {show(h)}")
    check(i.returncode == 1 and (names(i, 5) or names(i, 6)), f"independent: {show(i)}")
    rows = dict((r, (b, x)) for r, b, x in query(log, "SELECT id, body, hash FROM records"))
    path = sql_copy(data, work, ("UPDATE records SET body = ?, hash = ? WHERE id = 3", rows[4]),
                    ("UPDATE records SET body = ?, hash = ? WHERE id = 4", rows[3]))
    h, i = hallmark("verify", path), independent(path)
    print(f"  records 3 and 4 swapped: hallmark {h.stdout.strip()!r}; independent {i.stdout.strip()!r}")
    check(h.returncode == 1 and names(h, 3), f"hallmark: {show(h)}")
    check(i.returncode == 1 and names(i, 3), f"independent: {show(i)}")
    last = max(rows)
    path = sql_copy(data, work, f"DELETE FROM records WHERE id = {last}")
    h, i = hallmark("verify", path), independent(path)
    print(f"  last record deleted, head kept: hallmark {h.stdout.strip()!r}; independent {i.stdout.strip()!r}")
    check(h.returncode == 1, f"hallmark: {show(h)}")
    check(i.returncode == 1, f"independent: {show(i)}")
    path = sql_copy(data, work, f"DELETE FROM records WHERE id = {last}",
                    ("UPDATE head SET id = ?, hash = ?", (last - 1, rows[last - 1][1])))
    h = hallmark("verify", path)
    check(h.returncode == 1 and "Merkle tree" in h.stdout, f"last record and head cut, tree kept: {show(h)}")
    # ... and the subtrees that hold its leaf cut from the Merkle tree too, as a forger would
    path = sql_copy(data, work, f"DELETE FROM records WHERE id = {last}",
                    ("UPDATE head SET id = ?, hash = ?", (last - 1, rows[last - 1][1])),
                    f"DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > {last - 1}")
    verifies(path, "last record deleted, head moved back and tree cut: ")
    h = hallmark("verify", path, "--head", orig_head)
    print(f"  ... with --head <the old head>: {show(h)}")
    check(h.returncode == 1, f"verify --head <removed record's hash>: {show(h)}")
    h = hallmark("verify", path, "--head", rows[3][1])
    check(h.returncode == 0, f"verify --head <record 3's hash>: {show(h)}")
    # (iv) forgeries that recompute the chain: caught by the rules inside the records, by
    # replay, or only by a head published earlier
    path = forge(data, work, 5, lambda b: None)
    verifies(path, "the chain recomputed from record 5 with Python's json.dumps: ")
    relabel = lambda b: b.update(decision=b["decision"].replace('"label": "bronze"', '"label": "gold"', 1))
    path = forge(data, work, 5, relabel)
    check('"label": "gold"' in json.loads(query(path, "SELECT body FROM records WHERE id = 5")[0][0])["decision"],
          "the forgery did not change the label")
    verifies(path, "record 5's label forged, chain recomputed: ")
    h = hallmark("verify", path, "--head", orig_head)
    check(h.returncode == 1, f"forged chain, verify --head <the old head>: {show(h)}")
    r = hallmark("replay", path)
    print(f"  record 5's label forged, chain recomputed: verify --head old: exit {h.returncode}; "
          f"replay: exit {r.returncode}, {r.stdout.strip()[:200]!r}")
    check(r.returncode != 0 and names(r, 5), f"replay of a forged label should name record 5: {show(r)}")
    path = forge(data, work, 5, lambda b: b.update(input=b["input"].replace('"participants":45', '"participants":99')))
    both_name(path, 5, "record 5's input forged, chain recomputed")
    for target in (11, 13, 20):  # itself, a later decision, a later override
        path = forge(data, work, 11, lambda b: b.update(overrides=target),
                     f"UPDATE records SET overrides = {target} WHERE id = 11")
        both_name(path, 11, f"override 11 made to override record {target}, chain recomputed")
    path = forge(data, work, 6, lambda b: b.update(sources=b["sources"][::-1] * 2))
    both_name(path, 6, "record 6's sources doubled, chain recomputed")
    path = sql_copy(data, work, "UPDATE records SET cluster_id = 'ZZT-OTHER' WHERE id = 8")
    both_name(path, 8, "record 8's cluster_id column changed")
    path = sql_copy(data, work, "UPDATE records SET overrides = 2 WHERE id = 11")
    both_name(path, 11, "override 11's overrides column changed")
    path = sql_copy(data, work, "UPDATE rule_sources SET text = text || ' ' WHERE sha256 = "
                    "(SELECT sha256 FROM rule_sources ORDER BY length(text) LIMIT 1)")
    both_name(path, 1, "the quick-start rule source altered")
    path = sql_copy(data, work, "UPDATE rule_sources SET text = text || ' ' WHERE sha256 = "
                    "(SELECT sha256 FROM rule_sources ORDER BY length(text) DESC LIMIT 1)")
    both_name(path, 12, "an ECEI rule source altered")
    path = sql_copy(data, work, "DELETE FROM rule_sources WHERE sha256 = "
                    "(SELECT sha256 FROM rule_sources ORDER BY length(text) DESC LIMIT 1)")
    both_name(path, 12, "an ECEI rule source removed")


def test_export(tmp):
    log, out = os.path.join(tmp, "exp.db"), os.path.join(tmp, "exp.jsonl")
    for k, a in enumerate(assessments(tmp, 8), start=1):
        record(log, a, expert="ann" if k % 2 else None)
    head = verifies(log)
    p = hallmark("log", "export", log, "--out", out)
    check(p.returncode == 0, f"log export: {show(p)}")
    i = independent(out, export=True)
    check(i.returncode == 0 and head_of(i) == head, f"independent_verify --export: {show(i)}")
    new = os.path.join(tmp, "imported.db")
    p = hallmark("log", "import", out, new)
    check(p.returncode == 0, f"log import: {show(p)}")
    check(verifies(new, "imported log: ") == head, "the imported log has another head")
    lines = open(out, "rb").read().split(b"\n")
    number = next(n for n, line in enumerate(lines, start=1) if b'"cluster_id":"ZZT-CASE-0005"' in line)
    lines[number - 1] = lines[number - 1].replace(b'"cluster_id":"ZZT-CASE-0005"', b'"cluster_id":"ZZT-CASE-0006"')
    bad = os.path.join(tmp, "bad.jsonl")
    open(bad, "wb").write(b"\n".join(lines))
    i = independent(bad, export=True)
    check(i.returncode == 1 and names(i, 5), f"independent_verify --export on an altered export: {show(i)}")
    target = os.path.join(tmp, "bad.db")
    p = hallmark("log", "import", bad, target)
    print(f"  altered line {number}: import {show(p)}")
    check(p.returncode != 0, "import of an altered export succeeded")
    check(re.search(rf"\bline {number}\b|:{number}:", p.stdout + p.stderr, re.I), f"the message does not name line {number}")
    left = [f for f in os.listdir(tmp) if f.startswith("bad.db")]
    check(not left, f"the failed import left {left}")
    # the export cut short by its last record, and an import over an existing log
    lines = open(out, "rb").read().rstrip(b"\n").split(b"\n")
    open(bad, "wb").write(b"\n".join(lines[:-1]) + b"\n")
    i = independent(bad, export=True)
    check(i.returncode == 1, f"independent_verify --export on a cut export: {show(i)}")
    p = hallmark("log", "import", bad, target)
    print(f"  export without its last record: import {show(p)}")
    check(p.returncode != 0 and not os.path.exists(target), "import of a cut export succeeded")
    before = open(new, "rb").read()
    p = hallmark("log", "import", out, new)
    print(f"  import over an existing log: {show(p)}")
    check(p.returncode != 0, "import over an existing log succeeded")
    check(open(new, "rb").read() == before, "import over an existing log changed it")


def test_text(tmp):
    """Odd text in what is recorded: the records stay verifiable, or the command refuses."""
    log, odd = os.path.join(tmp, "text.db"), "\x7f \u0085 \u2028 \U0001F600 / \\ \" \x1f \x08\x0c\r\t\n"
    record(log, expert=odd)
    override(log, 1, "--label", "silver")
    p = hallmark("log", "override", log, "1", "--expert", odd, "--justification", odd, "--no-label")
    check(p.returncode == 0, f"override with odd text: {show(p)}")
    verifies(log, "odd but valid text: ")
    rules = os.path.join(os.fsencode(tmp), b"r\xff.rules")
    shutil.copy(harness.RULES, rules)
    for what, cmd in [
            ("expert", [harness.CLI, "eval", "--rules", harness.RULES, harness.ASSESSMENT, "--record", log, "--expert", b"x\xff"]),
            ("justification", [harness.CLI, "log", "override", log, "1", "--expert", "x",
                               "--justification", b"\xc3(", "--no-label"]),
            ("expert of an override", [harness.CLI, "log", "override", log, "1", "--expert", b"\xe2\x82",
                                       "--justification", "x", "--no-label"]),
            ("rule file name", [harness.CLI, "eval", "--rules", rules, harness.ASSESSMENT, "--record", log])]:
        n = count(log)
        p = run(cmd)
        h, i = hallmark("verify", log), independent(log)
        print(f"  invalid UTF-8 in the {what}: exit {p.returncode} ({count(log) - n} recorded); "
              f"verify: {h.stdout.strip()[-90:]!r}")
        if h.returncode != 0 or i.returncode != 0:
            harness.LATER.append(f"invalid UTF-8 in the {what}: the command exited {p.returncode} and "
                         f"recorded a record that does not verify: {h.stdout.strip()}")
            db = sqlite3.connect(log)  # take the bad record out again, to go on
            db.execute("DELETE FROM records WHERE id = (SELECT max(id) FROM records)")
            db.execute("UPDATE head SET id = (SELECT max(id) FROM records), "
                       "hash = (SELECT hash FROM records ORDER BY id DESC LIMIT 1)")
            db.commit()
            db.close()
            verifies(log, "after removing the bad record: ")
        else:
            check(p.returncode == 0 or count(log) == n, "a refused command recorded something")


TESTS = {"kill": test_kill, "concurrent": test_concurrent, "full_disk": test_full_disk,
         "read_only": test_read_only, "tamper": test_tamper, "export": test_export,
         "text": test_text, "environment": test_environment}


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    harness.CLI, harness.WRITER, harness.SOURCE = (os.path.abspath(a) for a in argv[1:4])
    # Run copies, so that a rebuild during the run does not swap the programs under it.
    bin_dir = tempfile.mkdtemp(prefix="hallmark-bin-", dir="/tmp")
    os.chmod(bin_dir, 0o755)  # the read-only test runs the command as another user
    harness.CLI, harness.WRITER = shutil.copy2(harness.CLI, bin_dir), shutil.copy2(harness.WRITER, bin_dir)
    harness.RULES = os.path.join(harness.SOURCE, "examples", "quickstart", "labels.rules")
    harness.ASSESSMENT = os.path.join(harness.SOURCE, "examples", "quickstart", "cluster.json")
    failed = []
    for name in argv[4:] or TESTS:
        tmp, start = tempfile.mkdtemp(prefix=f"hallmark-{name}-"), time.monotonic()
        print(f"{name}:", flush=True)
        try:
            del harness.LATER[:]
            TESTS[name](tmp)
            check(not harness.LATER, "; ".join(harness.LATER))
            print(f"{name}: passed ({time.monotonic() - start:.1f} s)", flush=True)
            shutil.rmtree(tmp)
        except Failure as e:
            failed.append(name)
            print(f"{name}: FAILED ({time.monotonic() - start:.1f} s): {e}  [files kept in {tmp}]",
                  flush=True)
        except Exception as e:  # a bug in this script, or an unexpected state
            failed.append(name)
            print(f"{name}: ERROR {type(e).__name__}: {e}  [files kept in {tmp}]", flush=True)
    shutil.rmtree(bin_dir)
    print(f"{len(argv[4:] or TESTS) - len(failed)} passed, {len(failed)} failed"
          + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
