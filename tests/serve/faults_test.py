#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fault tests of `hallmark serve` with a decision log, run by CTest (serve.faults):

    faults_test.py HALLMARK_CLI SOURCE_DIR [TEST ...]

kill: the service records decisions for several client threads (Python's http.client,
keep-alive connections) and is killed with SIGKILL while requests are in flight, three
times. After each kill `hallmark verify` and tests/log/independent_verify.py find the
log intact, every acknowledged record (201 with an id and a hash) is in
`hallmark log export` with that hash and that client's expert, ids run 1..N, and at
most one record per client is in the log without an acknowledgement (the one in flight).
The service is started again on the same log; ids go on from N+1 and the records read
back over GET /api/v1/decisions/ID. At the end it stops on SIGTERM with exit 0.

refuse: a log with one byte of a record changed (with Python's sqlite3) makes
`hallmark serve --log` exit 2 with a message naming the log, print no "listening", and
leave the log and its directory as they were.

sigterm: a SIGTERM sent as soon as the service prints its "listening" line stops it
with exit 0, in each of 100 starts (SIGTERM_STARTS=N).

Exits 0 when every test passed; prints what failed. Name tests to run only those.
ACKS=N changes the acknowledgements per round before the kill (50), CLIENTS=N the
client threads (6).
"""
import hashlib
import http.client
import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = SOURCE = RULES = VERIFIER = None
ACKS = int(os.environ.get("ACKS", "50"))
CLIENTS = int(os.environ.get("CLIENTS", "6"))
ASSESSMENTS = []  # (name, body bytes, decision as `hallmark eval --format json` prints it)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(cmd, timeout=120, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out after {timeout} s: {' '.join(cmd)}")


def show(p):
    return f"exit {p.returncode}, stdout {p.stdout.strip()[:300]!r}, stderr {p.stderr.strip()[:300]!r}"


# ---------------------------------------------------------------- the service

class Service:
    """`hallmark serve` on a free port of 127.0.0.1, with its stderr in a file."""

    def __init__(self, log, tmp, name):
        self.err_path = os.path.join(tmp, f"{name}.stderr")
        self.err = open(self.err_path, "w")
        self.p = subprocess.Popen([CLI, "serve", "--rules-dir", RULES, "--listen", "127.0.0.1:0", "--log", log],
                                  stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            first = self.lines.get(timeout=60)
        except queue.Empty:
            self.p.kill()
            raise Failure(f"{name}: no 'listening' line in 60 s; stderr: {self.stderr()!r}")
        m = re.match(r"hallmark serve: listening on http://127\.0\.0\.1:(\d+)/", first or "")
        if not m:
            self.p.kill()
            self.p.wait()
            raise Failure(f"{name}: expected the 'listening' line, got {first!r} (exit {self.p.returncode}); "
                          f"stderr: {self.stderr()!r}")
        self.port = int(m.group(1))

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def stderr(self):
        self.err.flush()
        with open(self.err_path, errors="replace") as f:
            return f.read()[-1000:]

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None):
        c = self.connection()
        try:
            c.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def kill(self):
        self.p.send_signal(signal.SIGKILL)
        self.p.wait(timeout=30)
        check(self.p.returncode == -signal.SIGKILL, f"the service ended with {self.p.returncode}, not SIGKILL")

    def stop(self):
        """SIGTERM: the service stops and exits 0."""
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise Failure("the service did not stop within 30 s of SIGTERM")
        check(self.p.returncode == 0, f"after SIGTERM the service exited {self.p.returncode}: {self.stderr()!r}")


def record_path(expert):
    return f"/api/v1/decisions?methodology=ECEI&expert={expert}"


def acknowledged(status, body, what):
    """(id, hash, decision) from a 201, or a Failure."""
    check(status == 201, f"{what}: expected 201, got {status}: {body[:300]!r}")
    j = json.loads(body)
    check(isinstance(j.get("record"), int) and j["record"] > 0, f"{what}: no record id in {body[:200]!r}")
    check(re.fullmatch(r"[0-9a-f]{64}", j.get("hash", "")), f"{what}: no hash in {body[:200]!r}")
    return j["record"], j["hash"], j.get("decision")


class Load:
    """CLIENTS threads posting recordings until the service dies or stop() is called.
    acks: (id, hash, expert, assessment index), each a 201 read in full."""

    def __init__(self, service, round_):
        self.service, self.round = service, round_
        self.lock = threading.Lock()
        self.acks, self.errors, self.unexpected = [], [], []
        self.in_flight = 0
        self.killing = threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(k,), daemon=True) for k in range(CLIENTS)]
        for t in self.threads:
            t.start()

    def _client(self, k):
        expert = f"r{self.round}-client{k}"
        conn = self.service.connection()
        rng = random.Random(k * 1000 + self.round)
        while not self.killing.is_set():
            i = rng.randrange(len(ASSESSMENTS))
            with self.lock:
                self.in_flight += 1
            try:
                conn.request("POST", record_path(expert), body=ASSESSMENTS[i][1],
                             headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                status, body = r.status, r.read()
            except (OSError, http.client.HTTPException) as e:
                with self.lock:
                    self.in_flight -= 1
                    (self.errors if self.killing.is_set() else self.unexpected).append(f"{expert}: {e!r}")
                conn.close()
                if self.killing.is_set():
                    return
                conn = self.service.connection()
                continue
            with self.lock:
                self.in_flight -= 1
                try:
                    j = json.loads(body) if status == 201 else None
                    ack = (j["record"], j["hash"], expert, i, j["decision"]) if j else None
                except (ValueError, KeyError, TypeError):
                    ack = None
                if ack:
                    self.acks.append(ack)
                else:
                    self.unexpected.append(f"{expert}: HTTP {status}: {body[:200]!r}")
        conn.close()

    def count(self):
        with self.lock:
            return len(self.acks)

    def join(self):
        for t in self.threads:
            t.join(timeout=60)
            check(not t.is_alive(), f"round {self.round}: a client thread still runs 60 s after the kill")


# ---------------------------------------------------------------- checks of the log

def verify(log, what):
    """hallmark verify and the independent verifier: intact; returns the record count."""
    h = run([CLI, "verify", log])
    check(h.returncode == 0, f"{what}: hallmark verify {log}: {show(h)}")
    m = re.search(r"intact: (\d+) records?", h.stdout)
    check(m, f"{what}: hallmark verify does not say 'intact: N records': {h.stdout!r}")
    i = run([sys.executable, VERIFIER, log])
    check(i.returncode == 0, f"{what}: independent_verify {log}: {show(i)}")
    check(f"intact: {m.group(1)} records" in i.stdout,
          f"{what}: the verifiers count differently: {h.stdout.strip()!r} / {i.stdout.strip()!r}")
    return int(m.group(1))


def exported(log, tmp):
    """id -> (hash, record body dict) from `hallmark log export`."""
    out = os.path.join(tmp, "export.jsonl")
    if os.path.exists(out):
        os.remove(out)
    p = run([CLI, "log", "export", log, "--out", out])
    check(p.returncode == 0, f"hallmark log export: {show(p)}")
    records = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            if "record" in j:
                records[j["record"]["id"]] = (j["hash"], j["record"])
    return records


def check_acks(records, acks, what):
    ids = sorted(records)
    check(ids == list(range(1, len(ids) + 1)), f"{what}: record ids are not 1..{len(ids)}")
    for rid, h, expert, i, _ in acks:
        check(rid in records, f"{what}: acknowledged record {rid} ({expert}) is not in the log "
                              f"({len(records)} records)")
        got, body = records[rid]
        check(got == h, f"{what}: record {rid}: acknowledged hash {h}, the log has {got}")
        check(body.get("expert") == expert, f"{what}: record {rid}: acknowledged for {expert}, "
                                            f"the log says {body.get('expert')!r}")
        check(body.get("kind") == "decision", f"{what}: record {rid} is a {body.get('kind')!r}")
    check(len({a[0] for a in acks}) == len(acks), f"{what}: one id acknowledged twice")


# ---------------------------------------------------------------- the tests

def test_kill(tmp):
    log = os.path.join(tmp, "serve.db")
    acked = []  # every acknowledgement of every round
    n, in_flight_at_kills = 0, []
    for round_ in range(1, 4):
        s = Service(log, tmp, f"round{round_}")
        if round_ > 1:  # the records of the rounds before read back over HTTP
            for rid, h, *_ in random.sample(acked, 5) + [acked[-1]]:
                status, body = s.request("GET", f"/api/v1/decisions/{rid}")
                check(status == 200, f"round {round_}: GET record {rid}: {status} {body[:200]!r}")
                check(json.loads(body)["hash"] == h, f"round {round_}: GET record {rid}: another hash")
            status, body = s.request("GET", f"/api/v1/decisions/{n + 1}")
            check(status == 404, f"round {round_}: GET record {n + 1} (not written yet): {status}")
        load = Load(s, round_)
        deadline = time.monotonic() + 300
        while load.count() < ACKS:
            check(s.p.poll() is None, f"round {round_}: the service exited {s.p.returncode}: {s.stderr()!r}")
            check(time.monotonic() < deadline, f"round {round_}: fewer than {ACKS} acknowledgements in 300 s")
            time.sleep(0.01)
        time.sleep(random.uniform(0, 0.2))
        with load.lock:  # the clients send no more requests
            load.killing.set()
            in_flight = load.in_flight
        s.kill()
        load.join()
        acks = list(load.acks)  # every 201 read in full, before or after the kill
        in_flight_at_kills.append(in_flight)
        check("error" not in s.stderr(), f"round {round_}: the service's error output: {s.stderr()!r}")
        check(not load.unexpected, f"round {round_}: before the kill: {len(load.unexpected)} failed "
                                   f"requests, e.g. {load.unexpected[:3]}")
        first = min(a[0] for a in acks)
        check(first == n + 1, f"round {round_}: the first acknowledged id is {first}; the log had {n} records")
        for _, _, expert, i, decision in acks[:20]:
            check(decision == ASSESSMENTS[i][2],
                  f"round {round_}: the decision acknowledged for {ASSESSMENTS[i][0]} is not the one "
                  f"`hallmark eval` makes")
        acked += acks
        count = verify(log, f"after kill {round_}")
        records = exported(log, tmp)
        check(len(records) == count, f"after kill {round_}: verify says {count} records, the export has "
                                     f"{len(records)}")
        check_acks(records, acked, f"after kill {round_}")
        unacked = count - n - len(acks)
        check(0 <= unacked <= CLIENTS, f"after kill {round_}: {unacked} records of this round were never "
                                       f"acknowledged (at most {CLIENTS} clients had one in flight)")
        print(f"  round {round_}: {len(acks)} acknowledged, {in_flight} requests in flight at the kill, "
              f"{count} records after it ({unacked} recorded but not acknowledged); "
              f"{len(load.errors)} requests failed by the kill; both verifiers: intact", flush=True)
        n = count
    check(sum(in_flight_at_kills) > 0, f"no request was in flight at any of the kills: {in_flight_at_kills}")
    # started once more: ids go on from n + 1, the log still verifies, SIGTERM stops it
    s = Service(log, tmp, "final")
    ids = []
    for k in range(5):
        name, body, decision = ASSESSMENTS[k % len(ASSESSMENTS)]
        rid, h, d = acknowledged(*s.request("POST", record_path("final"), body), f"final recording {k}")
        check(d == decision, f"final recording of {name}: another decision than `hallmark eval`")
        ids.append(rid)
        acked.append((rid, h, "final", k, d))
    check(ids == list(range(n + 1, n + 6)), f"after the restart the ids are {ids}, expected {n + 1}..{n + 5}")
    status, body = s.request("GET", "/api/v1/log/verify")
    check(status == 200 and json.loads(body).get("intact") is True, f"GET /api/v1/log/verify: {status} {body!r}")
    s.stop()
    check(verify(log, "at the end") == n + 5, "at the end: not n + 5 records")
    check_acks(exported(log, tmp), acked, "at the end")
    print(f"  restarted: records {n + 1}..{n + 5}, verified, stopped on SIGTERM; "
          f"{len(acked)} acknowledgements in all, each in the log with its hash")


def snapshot(directory):
    """name -> (size, mtime_ns, sha256) of each file in the directory."""
    out = {}
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        st = os.stat(path)
        with open(path, "rb") as f:
            out[name] = (st.st_size, st.st_mtime_ns, hashlib.sha256(f.read()).hexdigest())
    return out


def unchanged(before, after, what):
    """The files there before are as they were; a new file may only be SQLite's empty
    -wal or its -shm index, which any reader of a WAL database (hallmark verify, the
    independent verifier) leaves beside the log: nothing was written to the log."""
    check({k: after.get(k) for k in before} == before,
          f"{what}: the refusing service changed the log: {before} -> {after}")
    new = {k: v for k, v in after.items() if k not in before}
    for name, (size, _, _) in new.items():
        check(name.endswith("-shm") or name.endswith("-wal") and size == 0,
              f"{what}: the refusing service left {name} ({size} bytes)")
    if new:
        print(f"  note: {what}: the refusing service left {', '.join(sorted(new))} beside the log "
              f"(as hallmark verify does)")


def test_refuse(tmp):
    good = os.path.join(tmp, "good.db")
    s = Service(good, tmp, "refuse-setup")
    for k in range(3):
        acknowledged(*s.request("POST", record_path("setup"), ASSESSMENTS[k][1]), f"setup recording {k}")
    s.stop()
    check(verify(good, "before the flip") == 3, "the set-up log should hold 3 records")
    db = sqlite3.connect(good)
    body, = db.execute("SELECT body FROM records WHERE id = 2").fetchone()
    db.close()
    raw = body if isinstance(body, bytes) else body.encode()
    at = raw.index(b'"expert":"setup"') + len(b'"expert":"s')
    for what, edit in [
            ("one byte of record 2's body", lambda b: b[:at] + bytes([b[at] ^ 0x01]) + b[at + 1:]),
            ("record 2's hash column", None)]:
        d = os.path.join(tmp, "bad-" + ("body" if edit else "hash"))
        os.makedirs(d)
        log = shutil.copy(good, os.path.join(d, "bad.db"))
        db = sqlite3.connect(log)
        if edit:
            flipped = edit(raw)
            check(flipped != raw and len(flipped) == len(raw), "the flip changed nothing")
            db.execute("UPDATE records SET body = ? WHERE id = 2",
                       (flipped if isinstance(body, bytes) else flipped.decode(),))
        else:
            db.execute("UPDATE records SET hash = substr(hash, 1, 10) || "
                       "(CASE substr(hash, 11, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(hash, 12) WHERE id = 2")
        db.commit()
        db.close()
        before = snapshot(d)
        time.sleep(0.05)  # a write would then show in the mtime
        p = run([CLI, "serve", "--rules-dir", RULES, "--listen", "127.0.0.1:0", "--log", log], timeout=60)
        after = snapshot(d)
        h = run([CLI, "verify", log])
        check(h.returncode == 1, f"{what}: hallmark verify should find the log not intact: {show(h)}")
        print(f"  {what}: verify {h.stdout.strip()!r}; serve {show(p)}")
        check(p.returncode == 2, f"{what}: hallmark serve on a log that does not verify: {show(p)}")
        check("listening" not in p.stdout, f"{what}: the service listened: {p.stdout!r}")
        check("does not verify" in p.stderr and log in p.stderr,
              f"{what}: the message does not say that '{log}' does not verify: {p.stderr!r}")
        unchanged(before, after, what)
    # a log that is not a log at all: refused the same way, and left as it was
    d = os.path.join(tmp, "not-a-log")
    os.makedirs(d)
    log = os.path.join(d, "junk.db")
    with open(log, "wb") as f:
        f.write(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    before = snapshot(d)
    p = run([CLI, "serve", "--rules-dir", RULES, "--listen", "127.0.0.1:0", "--log", log], timeout=60)
    print(f"  a file that is not a log: serve {show(p)}")
    check(p.returncode == 2 and "listening" not in p.stdout and "junk.db" in p.stderr,
          f"hallmark serve on a file that is not a log: {show(p)}")
    unchanged(before, snapshot(d), "a file that is not a log")


def test_sigterm(tmp):
    """A SIGTERM sent as soon as the service says it listens stops it (exit 0), every time:
    one that came before httplib's listen loop ran used to be lost."""
    starts = int(os.environ.get("SIGTERM_STARTS", "100"))
    lost = 0
    for k in range(starts):
        p = subprocess.Popen([CLI, "serve", "--rules-dir", RULES, "--listen", "127.0.0.1:0"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = p.stdout.readline()
        check(line.startswith("hallmark serve: listening on "), f"start {k}: {line!r}")
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
            check(p.returncode == 0, f"start {k}: after SIGTERM the service exited {p.returncode}")
        except subprocess.TimeoutExpired:
            lost += 1
            p.kill()
            p.wait()
        p.stdout.close()
    print(f"  {starts} starts, each sent SIGTERM right after the 'listening' line: {lost} did not stop")
    check(lost == 0, f"{lost} of {starts} starts ignored a SIGTERM sent right after the 'listening' line")


TESTS = {"kill": test_kill, "refuse": test_refuse, "sigterm": test_sigterm}


def main(argv):
    global CLI, SOURCE, RULES, VERIFIER
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    CLI, SOURCE = (os.path.abspath(a) for a in argv[1:3])
    # A copy, so that a rebuild during the run does not swap the program under it.
    bin_dir = tempfile.mkdtemp(prefix="hallmark-bin-")
    # hallmark-serve beside it: `hallmark serve` runs the program next to the command.
    shutil.copy2(os.path.join(os.path.dirname(CLI), "hallmark-serve"), bin_dir)
    CLI = shutil.copy2(CLI, bin_dir)
    RULES = os.path.join(SOURCE, "rules")
    VERIFIER = os.path.join(SOURCE, "tests", "log", "independent_verify.py")
    examples = os.path.join(SOURCE, "examples", "assessments")
    for name in sorted(os.listdir(examples)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(examples, name)
        p = run([CLI, "eval", "--methodology", "ECEI", "--rules-dir", RULES, "--format", "json", path])
        if p.returncode == 0:  # the examples that make a decision (some are refused on purpose)
            with open(path, "rb") as f:
                ASSESSMENTS.append((name, f.read(), json.loads(p.stdout)))
    failed = []
    if len(ASSESSMENTS) < 5:
        print(f"only {len(ASSESSMENTS)} example assessments make a decision")
        failed.append("setup")
    for name in ([] if failed else argv[3:] or TESTS):
        tmp, start = tempfile.mkdtemp(prefix=f"hallmark-serve-{name}-"), time.monotonic()
        print(f"{name}:", flush=True)
        try:
            TESTS[name](tmp)
            print(f"{name}: passed ({time.monotonic() - start:.1f} s)", flush=True)
            shutil.rmtree(tmp)
        except Failure as e:
            failed.append(name)
            print(f"{name}: FAILED ({time.monotonic() - start:.1f} s): {e}  [files kept in {tmp}]", flush=True)
        except Exception as e:  # a bug in this script, or an unexpected state
            failed.append(name)
            print(f"{name}: ERROR {type(e).__name__}: {e}  [files kept in {tmp}]", flush=True)
    shutil.rmtree(bin_dir)
    print(f"{len(argv[3:] or TESTS) - len(failed)} passed, {len(failed)} failed"
          + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
