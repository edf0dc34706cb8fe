#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checkpoints and proofs made by the hallmark command, checked by the command and by
independent_proofs.py (no hallmark code): every record's inclusion proof and every
consistency proof verifies with the verifier key alone; altered bytes are refused by
both; the forgeries a hash chain lets through are caught by an earlier checkpoint.

    proofs_test.py HALLMARK_CLI SOURCE_DIR
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from forgery import append_forged, forge, sql_copy  # noqa: E402

CHECKER = os.path.join(HERE, "independent_proofs.py")
FAILURES = []


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=120)


def expect(condition, what, p=None):
    if not condition:
        FAILURES.append(what + (f": exit {p.returncode}, {p.stdout.strip()[:300]!r} {p.stderr.strip()[:300]!r}"
                                if p is not None else ""))


class Run:
    def __init__(self, cli, source, tmp):
        self.cli, self.tmp = cli, tmp
        self.rules = os.path.join(source, "examples", "quickstart", "labels.rules")
        self.assessment = json.load(open(os.path.join(source, "examples", "quickstart", "cluster.json")))
        self.log, self.key = os.path.join(tmp, "d.log"), os.path.join(tmp, "key")
        self.n = 0

    def h(self, *args):
        return run(self.cli, *args)

    def record(self, count):
        for _ in range(count):
            self.n += 1
            a = json.loads(json.dumps(self.assessment))
            a["cluster"]["id"] = f"ZZP-{self.n:03d}"
            path = os.path.join(self.tmp, "a.json")
            json.dump(a, open(path, "w"))
            p = self.h("eval", "--rules", self.rules, path, "--record", self.log)
            expect(p.returncode == 0, "eval --record", p)

    def checkpoint(self):
        out = os.path.join(self.tmp, f"checkpoint-{self.n}")
        p = self.h("log", "checkpoint", self.log, "--key", self.key, "--out", out)
        expect(p.returncode == 0, "log checkpoint", p)
        return out

    def both_check(self, proof, valid, what):
        h = self.h("log", "check-proof", proof, "--key", self.key + ".pub")
        i = run(sys.executable, CHECKER, "check-proof", proof, "--key", self.key + ".pub")
        want = 0 if valid else 1
        expect(h.returncode == want, f"{what}: hallmark check-proof should exit {want}", h)
        expect(i.returncode == want, f"{what}: independent_proofs should exit {want}", i)


def flip_all(r, proof, rng, what, flips):
    data = open(proof, "rb").read()
    bad = os.path.join(r.tmp, "flipped")
    for _ in range(flips):
        at = rng.randrange(len(data))
        altered = bytearray(data)
        altered[at] ^= 1 << rng.randrange(8)
        open(bad, "wb").write(bytes(altered))
        r.both_check(bad, False, f"{what}, byte {at} altered")


def test_proofs(r, rng):
    p = r.h("log", "keygen", "test.example/decisions", "--out", r.key)
    expect(p.returncode == 0 and os.stat(r.key).st_mode & 0o077 == 0, "keygen: a private signer key file", p)
    checkpoints = []
    for batch in (5, 4, 3):
        r.record(batch)
        checkpoints.append(r.checkpoint())
    v = run(sys.executable, CHECKER, "vectors", os.path.join(HERE, "vectors", "merkle_vectors.json"))
    expect(v.returncode == 0, "independent_proofs.py on the RFC 6962/9162 vectors", v)
    for rid in range(1, r.n + 1):
        proof = os.path.join(r.tmp, f"proof-{rid}")
        p = r.h("log", "prove", r.log, str(rid), "--out", proof)
        expect(p.returncode == 0, f"log prove {rid}", p)
        r.both_check(proof, True, f"record {rid}'s inclusion proof")
        flip_all(r, proof, rng, f"record {rid}'s inclusion proof", 6)
    for old in checkpoints:
        proof = os.path.join(r.tmp, "consistency")
        p = r.h("log", "consistency", r.log, old, "--out", proof)
        expect(p.returncode == 0, f"log consistency from {old}", p)
        r.both_check(proof, True, f"consistency from {os.path.basename(old)}")
        flip_all(r, proof, rng, f"consistency from {os.path.basename(old)}", 12)
    other = os.path.join(r.tmp, "other")
    expect(r.h("log", "keygen", "test.example/decisions", "--out", other).returncode == 0, "a second keygen")
    p = r.h("log", "check-proof", os.path.join(r.tmp, "proof-1"), "--key", other + ".pub")
    expect(p.returncode == 1, "a proof checked with another key of the same name", p)
    p = r.h("log", "check-proof", os.path.join(r.tmp, "proof-1"), "--key", os.path.join(r.tmp, "missing.pub"))
    expect(p.returncode == 2, "check-proof with a missing key file: bad input", p)
    return checkpoints


def test_forgeries(r, checkpoints):
    data = open(r.log, "rb").read()
    work, pub = os.path.join(r.tmp, "work"), r.key + ".pub"
    early = checkpoints[0]

    def caught(path, what):
        h = r.h("verify", path, "--since-checkpoint", early, "--key", pub)
        i = run(sys.executable, CHECKER, "check-since", path, early, "--key", pub)
        expect(h.returncode == 1, f"{what}: verify --since-checkpoint should fail", h)
        expect(i.returncode == 1, f"{what}: independent check-since should fail", i)
    # Edit plus full re-hash (chain and tree), the stored checkpoints removed: verify passes.
    relabel = lambda b: b.update(expert="A. Forger")  # noqa: E731
    path = forge(data, work, 3, relabel, "DELETE FROM checkpoints")
    expect(r.h("verify", path).returncode == 0, "a forged history rebuilt whole passes plain verify")
    caught(path, "record 3 edited, chain and tree recomputed")
    # The same with the stored checkpoints kept: plain verify catches it (their roots).
    path = forge(data, work, 3, relabel)
    expect(r.h("verify", path).returncode == 1, "a forged history under its own stored checkpoints")
    # The last records replaced (cut, then forged ones appended): the head moves on.
    path = forge(data, work, r.n, lambda b: b.update(expert="Late Forger"), "DELETE FROM checkpoints")
    h = r.h("verify", path, "--since-checkpoint", checkpoints[-1], "--key", pub)
    expect(h.returncode == 1, "the last record replaced: caught by the checkpoint that signed it", h)
    # A record appended by someone without the key: in the chain and the tree, but no
    # signed checkpoint covers it, so no proof of it verifies with the real key.
    path = append_forged(data, work, lambda b: b.update(expert="Appending Forger"))
    expect(r.h("verify", path).returncode == 0, "an appended record passes plain verify")
    p = r.h("log", "prove", path, str(r.n + 1))
    expect(p.returncode == 2 and "no checkpoint" in p.stderr, "no proof of an appended record", p)
    forger_key = os.path.join(r.tmp, "forger")
    r.h("log", "keygen", "test.example/decisions", "--out", forger_key)
    shutil.copy(path, path + ".signed")
    p = r.h("log", "checkpoint", path + ".signed", "--key", forger_key)
    expect(p.returncode == 0, "the forger signs his own checkpoint", p)
    p = r.h("log", "prove", path + ".signed", str(r.n + 1), "--out", os.path.join(r.tmp, "forged-proof"))
    expect(p.returncode == 0, "the forger's proof", p)
    r.both_check(os.path.join(r.tmp, "forged-proof"), False, "an appended record proved under the forger's key")
    h = r.h("verify", path + ".signed", "--since-checkpoint", checkpoints[-1], "--key", forger_key + ".pub")
    expect(h.returncode == 1, "the real checkpoint checked with the forger's key", h)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="hallmark-proofs-")
    r = Run(argv[1], argv[2], tmp)
    checkpoints = test_proofs(r, random.Random(2121))
    test_forgeries(r, checkpoints)
    for f in FAILURES:
        print("FAIL:", f)
    if FAILURES:
        print(f"{len(FAILURES)} failures; files kept in {tmp}")
        return 1
    shutil.rmtree(tmp)
    print(f"ok: {r.n} records, {len(checkpoints)} checkpoints")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
