#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`hallmark serve` from outside: every endpoint of docs/service.md, every error status,
the token rule, reloading (an endpoint and SIGHUP) with a broken revision, the limits,
and the same decision bytes as `hallmark eval --format json` for every example.

Usage: api_test.py HALLMARK SOURCE_DIR"""
import glob, http.client, json, os, shutil, signal, socket, subprocess, sys, tempfile, time

HALLMARK, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLES = sorted(glob.glob(os.path.join(SOURCE, "examples", "assessments", "*.json")))
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


class service:
    """A `hallmark serve` on a free loopback port, stopped at the end of the block."""

    def __init__(self, rules_dir, *args):
        self.proc = subprocess.Popen([HALLMARK, "serve", "--rules-dir", rules_dir, "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening on http://127.0.0.1:" not in line:
            self.proc.kill()
            raise SystemExit(f"the service did not start: {line!r} {self.proc.stderr.read()}")
        self.port = int(line.split("127.0.0.1:")[1].split("/")[0])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            failures.append("the service did not stop on SIGTERM")
            return
        # 0 after a signal to stop; a sanitizer's report (a race, a leak) makes it another.
        check(self.proc.returncode == 0,
              f"the service exited {self.proc.returncode} on SIGTERM: {self.proc.stderr.read()[-2000:]}")

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def json(self, method, path, body=None, headers=None):
        status, h, data = self.request(method, path, body, headers)
        return status, json.loads(data)


def cli(*args, cwd=None):
    return subprocess.run([HALLMARK, *args], capture_output=True, cwd=cwd)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_reading(s):
    status, h, body = s.request("GET", "/api/v1/health")
    health = json.loads(body)
    check(status == 200 and health["status"] == "ok" and health["versions"] == 3, f"health: {status} {body!r}")
    for header in ("x-content-type-options", "referrer-policy", "x-frame-options", "cache-control"):
        check(header in h, f"health has no {header} header")
    status, m = s.json("GET", "/api/v1/methodologies")
    versions = [v["version"] for v in m["methodologies"][0]["versions"]]
    check(status == 200 and m["methodologies"][0]["name"] == "ECEI" and versions == ["2013", "2019", "2020"],
          f"methodologies: {m}")
    v2020 = m["methodologies"][0]["versions"][2]
    check(v2020["effective"] == "2020-07-01" and v2020["extends"] == "ECEI 2019", f"ECEI 2020 entry: {v2020}")
    status, c = s.json("GET", "/api/v1/methodologies/ECEI/2020")
    check(status == 200 and c.get("name") == "ECEI" and c.get("version") == "2020" and c.get("sha256") == v2020["sha256"],
          f"catalogue of ECEI 2020: {status} {str(c)[:200]}")
    status, h, body = s.request("GET", "/api/v1/methodologies/ECEI/2020/schema")
    check(status == 200 and h["content-type"].startswith("application/schema+json") and json.loads(body),
          f"schema: {status} {h.get('content-type')}")
    status, template = s.json("GET", "/api/v1/methodologies/ECEI/2020/template")
    check(status == 200 and "indicators" in template, f"template: {status}")
    status, h, body = s.request("GET", "/api/v1/methodologies/ECEI/2020/template?format=csv")
    check(status == 200 and h["content-type"].startswith("text/csv"), f"csv template: {status} {h}")
    status, e = s.json("GET", "/api/v1/methodologies/ECEI/2020/template?format=xml")
    check(status == 400 and e["error"] == "bad_request", f"template format xml: {status} {e}")
    status, e = s.json("GET", "/api/v1/methodologies/ECEI/2030")
    check(status == 404 and e["error"] == "unknown_version" and "2013, 2019, 2020" in e["message"],
          f"unknown version: {status} {e}")
    status, e = s.json("GET", "/api/v1/nothing")
    check(status == 404 and e["error"] == "not_found", f"unknown endpoint: {status} {e}")
    # A path that exists under another method: 405 with Allow, not "no such endpoint".
    for method, path, allow in (("GET", "/api/v1/evaluate", "POST"), ("POST", "/api/v1/health", "GET"),
                                ("DELETE", "/api/v1/decisions/1", "GET"), ("PUT", "/api/v1/decisions", "POST")):
        status, h, body = s.request(method, path)
        e = json.loads(body) if body else {}
        check(status == 405 and h.get("allow") == allow and e.get("error") == "method_not_allowed"
              and path in e.get("message", ""), f"{method} {path}: {status} {h.get('allow')} {e}")
    status, e = s.json("GET", "/api/v1/health", headers={"Host": "evil.example:8080"})
    check(status == 403 and e["error"] == "host_not_allowed", f"a foreign Host on loopback: {status} {e}")
    for host in ("localhost:1", "127.0.0.1", "[::1]:8080"):
        status, h, body = s.request("GET", "/api/v1/health", headers={"Host": host})
        check(status == 200, f"Host {host}: {status}")
    status, h, body = s.request("GET", "/")
    check(status == 200 and h["content-type"].startswith("text/html") and
          "default-src 'none'" in h.get("content-security-policy", ""), f"page: {status} {h}")
    for script in ("/dom.js", "/questions.js", "/plan.js", "/decision.js", "/questionnaire.js"):
        status, h, body = s.request("GET", script)
        check(status == 200 and h["content-type"].startswith("text/javascript"), f"{script}: {status} {h}")
    status, e = s.json("GET", "/nosuch.js")
    check(status == 404 and e["error"] == "not_found", f"a script the page does not have: {status} {e}")


def test_decisions_match_cli(s):
    for path in EXAMPLES:
        body = read(path)
        expected = cli("eval", "--methodology", "ECEI", "--rules-dir", os.path.join(SOURCE, "rules"),
                       "--format", "json", path)
        status, h, got = s.request("POST", "/api/v1/evaluate?methodology=ECEI", body)
        check(status == 200 and got == expected.stdout, f"{os.path.basename(path)}: HTTP differs from hallmark eval")
        version = json.loads(got)["methodology"]["version"]
        status, h, pinned = s.request("POST", f"/api/v1/evaluate?methodology=ECEI@{version}", body)
        check(pinned == expected.stdout, f"{os.path.basename(path)}: pinned to {version} differs")
    # Without a methodology: the only one the service has.
    status, h, got = s.request("POST", "/api/v1/evaluate", read(EXAMPLES[0]))
    check(status == 200, f"evaluate without methodology: {status}")
    for fmt in ("html", "md", "text"):
        expected = cli("eval", "--methodology", "ECEI", "--rules-dir", os.path.join(SOURCE, "rules"),
                       "--format", fmt, EXAMPLES[0]).stdout
        status, h, got = s.request("POST", f"/api/v1/evaluate?methodology=ECEI&format={fmt}", read(EXAMPLES[0]))
        check(status == 200 and got == expected, f"format {fmt} differs from hallmark eval")


def test_plan(s):
    """POST /api/v1/plan answers what `hallmark plan --format json` prints."""
    path = os.path.join(SOURCE, "examples", "assessments", "none-no-eccp-aviation-lt.json")
    for target in ("", "gold", "silver"):
        args = ["plan", "--methodology", "ECEI", "--rules-dir", os.path.join(SOURCE, "rules"), "--format", "json", path]
        query = "/api/v1/plan?methodology=ECEI"
        if target:
            args += ["--target", target]
            query += "&target=" + target
        expected = cli(*args).stdout
        status, h, got = s.request("POST", query, read(path))
        check(status == 200 and got == expected, f"plan to {target or 'the next label'}: {status} differs from hallmark plan")
    plan = json.loads(s.request("POST", "/api/v1/plan?methodology=ECEI", read(path))[2])
    check(plan["status"] == "plan" and plan["verified"] and plan["target"] == "bronze", f"plan: {plan}")
    status, e = s.json("POST", "/api/v1/plan?methodology=ECEI&target=goldd", read(path))
    check(status == 400 and "did you mean 'gold'" in e["message"], f"unknown target: {status} {e}")


def test_bad_input(s, work):
    bad = b'{"assessed_on": "2023-11-30", "indicators": {"staff_fte": "lots", "participants": -3, "nope": 1}}'
    # The CLI reads the same bytes from a file called "request": the messages must agree.
    with open(os.path.join(work, "request"), "wb") as f:
        f.write(bad)
    expected = cli("eval", "--methodology", "ECEI", "--rules-dir", os.path.join(SOURCE, "rules"), "request",
                   cwd=work)
    status, e = s.json("POST", "/api/v1/evaluate?methodology=ECEI", bad)
    lines = [l for l in expected.stderr.decode().splitlines() if l.startswith("request:")]
    check(status == 400 and e["error"] == "bad_assessment", f"bad assessment: {status} {e}")
    check([d["text"] for d in e["diagnostics"]] == lines, f"messages differ: {e['diagnostics']} vs {lines}")
    check(any(d["indicator"] == "nope" and d["line"] == 1 and d["column"] > 1 for d in e["diagnostics"]),
          f"no position or indicator for the unknown indicator: {e}")
    status, e = s.json("POST", "/api/v1/evaluate?methodology=ECEI", b"{not json")
    check(status == 400 and e["diagnostics"][0]["line"] == 1, f"malformed JSON: {status} {e}")
    status, e = s.json("POST", "/api/v1/evaluate?methodology=EC", read(EXAMPLES[0]))
    check(status == 404 and e["error"] == "unknown_version", f"unknown methodology: {status} {e}")
    status, e = s.json("POST", "/api/v1/evaluate?methodology=ECEI@1999", read(EXAMPLES[0]))
    check(status == 404 and "2013, 2019, 2020" in e["message"], f"unknown version: {status} {e}")
    status, e = s.json("POST", "/api/v1/evaluate?methodology=ECEI", read(EXAMPLES[0]),
                       {"Content-Type": "text/plain"})
    check(status == 415 and e["error"] == "unsupported_media_type", f"wrong content type: {status} {e}")
    status, e = s.json("POST", "/api/v1/evaluate?methodology=ECEI", b" " * (1024 * 1024 + 1))
    check(status == 413 and e["error"] == "payload_too_large", f"body over the limit: {status} {e}")
    status, e = s.json("POST", "/api/v1/evaluate?methodology=../../../etc/passwd", read(EXAMPLES[0]))
    check(status == 404, f"a path as methodology: {status} {e}")


def test_log(s, log):
    body = read(EXAMPLES[0])
    status, e = s.json("POST", "/api/v1/decisions?methodology=ECEI", body)
    check(status == 400 and "expert" in e["message"], f"record without expert: {status} {e}")
    status, h, raw = s.request("POST", "/api/v1/decisions?methodology=ECEI&expert=Ana%20Expert", body)
    made = json.loads(raw)
    check(status == 201 and h.get("location") == f"/api/v1/decisions/{made['record']}", f"record: {status} {h}")
    status, h, decision = s.request("POST", "/api/v1/evaluate?methodology=ECEI", body)
    check(json.dumps(made["decision"]) == json.dumps(json.loads(decision)), "the recorded decision differs")
    status, r = s.json("GET", f"/api/v1/decisions/{made['record']}")
    check(status == 200 and r["hash"] == made["hash"] and r["record"]["expert"] == "Ana Expert",
          f"read record: {status} {r}")
    status, e = s.json("GET", "/api/v1/decisions/999")
    check(status == 404 and e["error"] == "unknown_record", f"unknown record: {status} {e}")
    status, v = s.json("GET", "/api/v1/log/verify")
    check(status == 200 and v["intact"] and v["records"] == 1 and v["head"] == made["hash"], f"verify: {v}")
    check(cli("verify", log).returncode == 0, "hallmark verify disagrees with the service")


def test_concurrent(s):
    """Many clients at once, recording and reloading among them: every answer is the one a
    client alone gets (and, under TSan in CI, no data race)."""
    import threading
    expected = {p: s.request("POST", "/api/v1/evaluate?methodology=ECEI", read(p))[2] for p in EXAMPLES}
    wrong = []

    def client(k):
        for i in range(12):
            path = EXAMPLES[(k + i) % len(EXAMPLES)]
            if i % 5 == 4:
                status, h, body = s.request("POST", f"/api/v1/decisions?methodology=ECEI&expert=c{k}", read(path))
                if status != 201 or json.dumps(json.loads(body)["decision"]) != json.dumps(json.loads(expected[path])):
                    wrong.append((path, status))
            elif i == 6 and k == 0:
                status, h, body = s.request("POST", "/api/v1/reload")
                if status != 200:
                    wrong.append(("reload", status))
            else:
                status, h, body = s.request("POST", "/api/v1/evaluate?methodology=ECEI", read(path))
                if status != 200 or body != expected[path]:
                    wrong.append((path, status))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not wrong, f"concurrent requests answered differently: {wrong[:5]}")
    status, v = s.json("GET", "/api/v1/log/verify")
    check(v["intact"], f"the log after concurrent recording: {v}")


def test_port_in_use(s, rules):
    """A second service on a port taken is refused, not started beside the first."""
    try:
        r = subprocess.run([HALLMARK, "serve", "--rules-dir", rules, "--listen", f"127.0.0.1:{s.port}"],
                           capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired as e:  # it started and served
        check(False, f"a second service on port {s.port} started: {e.stdout!r}")
        return
    check(r.returncode == 2 and "in use" in r.stderr and "listening" not in r.stdout,
          f"a second service on port {s.port}: {r.returncode} {r.stdout!r} {r.stderr!r}")


def test_no_log(rules):
    with service(rules) as s:
        status, e = s.json("POST", "/api/v1/decisions?methodology=ECEI&expert=A", read(EXAMPLES[0]))
        check(status == 404 and e["error"] == "no_log", f"record without a log: {status} {e}")
        status, e = s.json("GET", "/api/v1/log/verify")
        check(status == 404, f"verify without a log: {status}")


def test_token(rules, work):
    r = subprocess.run([HALLMARK, "serve", "--rules-dir", rules, "--listen", "0.0.0.0:0"], capture_output=True,
                       text=True, timeout=30)
    check(r.returncode == 2 and "--token-file" in r.stderr, f"beyond loopback without a token: {r}")
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as f:
        f.write("short\n")
    r = subprocess.run([HALLMARK, "serve", "--rules-dir", rules, "--token-file", token_file], capture_output=True,
                       text=True, timeout=30)
    check(r.returncode == 2 and "at least 16" in r.stderr, f"a short token: {r}")
    token = "s3cret-token-for-the-test-only"
    with open(token_file, "w") as f:
        f.write(token + "\n")
    with service(rules, "--token-file", token_file, "--log", os.path.join(work, "token.log")) as s:
        path = "/api/v1/decisions?methodology=ECEI&expert=A"
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer " + token + "x"}):
            status, e = s.json("POST", path, read(EXAMPLES[0]), headers)
            check(status == 401 and e["error"] == "unauthorized", f"record with {headers}: {status}")
        status, e = s.json("POST", "/api/v1/reload", b"", {"Authorization": "Bearer nope"})
        check(status == 401, f"reload without the token: {status}")
        status, made = s.json("POST", path, read(EXAMPLES[0]), {"Authorization": "Bearer " + token})
        check(status == 201, f"record with the token: {status} {made}")
        # Reading and evaluating need no token.
        status, h, _ = s.request("POST", "/api/v1/evaluate?methodology=ECEI", read(EXAMPLES[0]))
        check(status == 200, f"evaluate with a token configured: {status}")


def wait_for_generation(s, generation):
    for _ in range(100):
        status, m = s.json("GET", "/api/v1/methodologies")
        if m["generation"] == generation:
            return m
        time.sleep(0.1)
    return m


def test_reload(work):
    rules = os.path.join(work, "rules")
    shutil.copytree(os.path.join(SOURCE, "rules"), rules)
    with service(rules) as s:
        broken = os.path.join(rules, "ecei", "2099.rules")
        with open(broken, "w") as f:
            f.write('methodology "ECEI" version "2099"\n  effective 2099-01-01\n  extends "ECEI" version "2020"\n'
                    'indicator x: count\ncriterion X requires x >>> 1\n')
        status, e = s.json("POST", "/api/v1/reload")
        check(status == 422 and e["error"] == "rules_do_not_compile" and e["generation"] == 1 and
              e["diagnostics"][0]["line"] > 0, f"reload with a broken file: {status} {e}")
        status, h, _ = s.request("POST", "/api/v1/evaluate?methodology=ECEI", read(EXAMPLES[0]))
        check(status == 200, "the old rules stopped serving after a failed reload")
        status, m = s.json("GET", "/api/v1/methodologies")
        check(m["generation"] == 1 and len(m["methodologies"][0]["versions"]) == 3, f"after a failed reload: {m}")
        os.remove(broken)
        with open(os.path.join(rules, "ecei", "2020.rules")) as f:
            text = f.read()
        with open(os.path.join(rules, "ecei", "2099.rules"), "w") as f:
            f.write(text.replace('version "2020"', 'version "2099"', 1).replace("2020-07-01", "2099-01-01", 1))
        status, r = s.json("POST", "/api/v1/reload")
        check(status == 200 and r["generation"] == 2 and r["versions"] == 4, f"reload: {status} {r}")
        os.remove(os.path.join(rules, "ecei", "2099.rules"))
        s.proc.send_signal(signal.SIGHUP)
        m = wait_for_generation(s, 3)
        check(m["generation"] == 3 and len(m["methodologies"][0]["versions"]) == 3, f"SIGHUP reload: {m}")


def test_slow_client(s):
    """A client that never finishes its request is dropped after the read timeout."""
    sock = socket.create_connection(("127.0.0.1", s.port))
    sock.sendall(b"POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\n")
    sock.settimeout(30)
    start = time.monotonic()
    try:
        data = sock.recv(100)
    except (ConnectionResetError, socket.timeout):
        data = b""
    elapsed = time.monotonic() - start
    sock.close()
    check(elapsed < 25, f"a stalled request held its connection for {elapsed:.0f} s ({data!r})")


def main():
    work = tempfile.mkdtemp(prefix="hallmark-serve-")
    rules = os.path.join(SOURCE, "rules")
    log = os.path.join(work, "decisions.log")
    try:
        with service(rules, "--log", log) as s:
            test_reading(s)
            test_decisions_match_cli(s)
            test_plan(s)
            test_bad_input(s, work)
            test_log(s, log)
            test_concurrent(s)
            test_port_in_use(s, rules)
            test_slow_client(s)
        test_no_log(rules)
        test_token(rules, work)
        test_reload(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
