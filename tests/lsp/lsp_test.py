#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`hallmark lsp` from outside: the real binary spoken to over a pipe, as an editor
does. Checks each feature: diagnostics as the text changes (the same as
`hallmark check --strict`, in UTF-16 columns) and their clearing, a base version's
unsaved buffer preferred over its file, hover, definition and references across
`extends` (rules/ecei/2020.rules -> 2013.rules), the outline, formatting, completion,
running a test, malformed messages, the message size limit, shutdown and exit.

Usage: lsp_test.py HALLMARK SOURCE_DIR"""
import json, os, queue, re, subprocess, sys, tempfile, threading

HALLMARK, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ECEI = os.path.join(SOURCE, "rules", "ecei")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def uri(path):
    return "file://" + path


def utf16_column(line, byte_column):
    """The UTF-16 column of a 1-based byte column of a line."""
    prefix = line.encode("utf-8")[: byte_column - 1].decode("utf-8")
    return len(prefix.encode("utf-16-le")) // 2


class client:
    """A `hallmark lsp` process and the messages it sends, read by a thread."""

    def __init__(self):
        self.proc = subprocess.Popen([HALLMARK, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.inbox, self.next_id = queue.Queue(), 1
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.inbox.put(None)
                    return
                header += c
            length = int(re.search(rb"Content-Length: (\d+)", header).group(1))
            self.inbox.put(json.loads(out.read(length)))

    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, accept, what):
        while True:
            try:
                m = self.inbox.get(timeout=30)
            except queue.Empty:
                raise SystemExit(f"no answer: {what}")
            if m is None:
                raise SystemExit(f"the server ended while waiting for: {what}")
            if accept(m):
                return m

    def request(self, method, params):
        self.next_id += 1
        i = self.next_id
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == i and "method" not in m, method)

    def diagnostics(self, path):
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri(path),
                      "diagnostics of " + path)
        return m["params"]["diagnostics"]

    def open(self, path, text=None):
        text = open(path, encoding="utf-8").read() if text is None else text
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri(path), "languageId": "hallmark", "version": 1, "text": text}})
        return self.diagnostics(path)

    def change(self, path, text, version=2):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": version},
                                               "contentChanges": [{"text": text}]})

    def at(self, method, path, line, character, **extra):
        return self.request(method, {"textDocument": {"uri": uri(path)},
                                     "position": {"line": line, "character": character}, **extra})


def position_of(path, needle, nth=0):
    """(line, UTF-16 character) of the nth occurrence of `needle` in a file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    seen = 0
    for n, line in enumerate(lines):
        for m in re.finditer(r"\b" + re.escape(needle) + r"\b", line):
            if seen == nth:
                return n, len(line[: m.start()].encode("utf-16-le")) // 2
            seen += 1
    raise SystemExit(f"{needle} not in {path}")


def strict_check(path):
    """What `hallmark check --strict` says: (line, byte column, severity, message)."""
    r = subprocess.run([HALLMARK, "check", "--strict", path], capture_output=True, text=True)
    return [(int(m[1]), int(m[2]), m[3], m[4]) for m in re.finditer(r"^.*?:(\d+):(\d+): (error|warning): (.*)$",
                                                                       r.stderr, re.M)]


BROKEN = """methodology "T" version "1"
area a "Zone à risque 😀"
indicator staff : count in a "Combien d'employés ? 😀"
indicator unused : count in a "never read"
criterion C1 "Effectifs é 😀" in a requires "é😀" = "x" and stafff >= 3
  advice "Embauchez."
label ok "OK" requires C1
  valid 2 years
"""
# Only a warning left: an indicator nothing reads.
WARNED = BROKEN.replace("requires \"é😀\" = \"x\" and stafff >= 3", "requires staff >= 3")
FIXED = WARNED.replace('indicator unused : count in a "never read"\n', "")


def test_lifecycle_and_errors(c):
    r = c.request("textDocument/hover", {})
    check(r.get("error", {}).get("code") == -32002, f"a request before initialize: {r}")
    r = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    caps = r["result"]["capabilities"]
    for cap in ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider",
                "documentFormattingProvider", "completionProvider", "codeLensProvider", "executeCommandProvider"]:
        check(cap in caps, f"capability {cap}: {caps}")
    check(caps.get("positionEncoding") == "utf-16", f"positions in UTF-16: {caps}")
    c.notify("initialized", {})
    c.raw(b"Content-Length: 5\r\n\r\n{bad}")
    r = c.wait(lambda m: "error" in m, "a malformed body")
    check(r["error"]["code"] == -32700 and r["id"] is None, f"a body that is not JSON: {r}")
    c.raw(b"Content-Length: 3\r\n\r\n[1]")
    r = c.wait(lambda m: "error" in m, "a JSON array")
    check(r["error"]["code"] == -32600, f"a message that is not an object: {r}")
    c.raw(b"Content-Type: x\r\n\r\n")
    r = c.wait(lambda m: "error" in m, "a header without Content-Length")
    check(r["error"]["code"] == -32700, f"no Content-Length: {r}")
    r = c.request("no/such/method", {})
    check(r.get("error", {}).get("code") == -32601, f"an unknown method: {r}")
    r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.rules"}})
    check(r.get("error", {}).get("code") == -32602, f"a request without a position: {r}")
    r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.rules"}, "position": "x"})
    check(r.get("error", {}).get("code") == -32602, f"a position of the wrong type: {r}")
    c.raw(b"Content-Length: 200003\r\n\r\n" + b"[" * 100000 + b"{}" + b"]" * 100001)
    r = c.wait(lambda m: "error" in m, "JSON nested too deeply")
    check(r["error"]["code"] == -32600 and "nested deeper" in r["error"]["message"], f"deep nesting: {r}")
    c.notify("textDocument/didOpen", {"textDocument": 7})  # a bad notification gets no answer and no crash
    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///not-open.rules"}})
    check(r.get("error", {}).get("code") == -32602, f"a document that is not open: {r}")


def test_diagnostics(c, tmp):
    path = os.path.join(tmp, "broken.rules")
    with open(path, "w", encoding="utf-8") as f:
        f.write(BROKEN)
    expected = strict_check(path)
    check(any(s == "error" for _, _, s, _ in expected), f"the broken file has errors for check: {expected}")
    got = c.open(path, BROKEN)
    lines = BROKEN.split("\n")
    want = sorted((l - 1, utf16_column(lines[l - 1], col), 1 if s == "error" else 2, msg) for l, col, s, msg in expected)
    have = sorted((d["range"]["start"]["line"], d["range"]["start"]["character"], d["severity"], d["message"])
                  for d in got)
    check(want == have, f"the diagnostics of `check --strict`, in UTF-16 columns:\n  want {want}\n  have {have}")
    stafff = [d for d in got if "stafff" in d["message"]]
    line5 = lines[4]
    units = len(line5[: line5.index("stafff")].encode("utf-16-le")) // 2
    check(units == line5.index("stafff") + 2 == len(line5[: line5.index("stafff")].encode()) - 6,
          "the test line holds two emoji (two UTF-16 units each) and two 'é' (two bytes each)")
    check(stafff and stafff[0]["range"]["start"] == {"line": 4, "character": units}
          and stafff[0]["range"]["end"]["character"] == units + 6,
          f"the misspelt name after 'é' and an emoji, in UTF-16 units ({units}): {stafff}")
    # Syntax errors recover at the next declaration: every broken declaration is shown.
    c.change(path, 'methodology "D" version "1"\nindicator x : interger\ncriterion C1\n  requries x >= 1\n'
                   'let y = (x\n', 2)
    got = c.diagnostics(path)
    check([d["range"]["start"]["line"] for d in got] == [1, 3, 5] and all(d["severity"] == 1 for d in got)
          and "did you mean 'requires'" in got[1]["message"], f"every syntax error, with suggestions: {got}")
    c.change(path, WARNED)
    got = c.diagnostics(path)
    check(len(got) == 1 and got[0]["severity"] == 2 and "unused" in got[0]["message"]
          and got[0].get("code") == "unused_indicator", f"a strict warning, with its name: {got}")
    c.change(path, FIXED, 3)
    check(c.diagnostics(path) == [], "the diagnostics are cleared once the text is fixed")
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri(path)}})
    check(c.diagnostics(path) == [], "closing a document clears its diagnostics")


def test_bom_and_crlf(c, tmp):
    """hallmark counts the first line's columns from after a byte-order mark; the
    protocol counts the mark (one UTF-16 unit). Line ends CRLF."""
    path = os.path.join(tmp, "bom.rules")
    text = '\ufeffmethodology "é😀" version "1" titel "x"\r\narea a "A"\r\n'
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    expected = strict_check(path)
    got = c.open(path, text)
    check(len(expected) == 1 and len(got) == 1, f"one syntax error: {expected} {got}")
    if expected and got:
        line, col = expected[0][:2]
        first = text.split("\r\n")[0]
        want = 1 + utf16_column(first[1:], col)
        check(got[0]["range"]["start"] == {"line": line - 1, "character": want} and len(first[: first.index("titel")].encode("utf-16-le")) // 2 == want,
              f"the column after a byte-order mark and an emoji: {got[0]['range']} want {want}")
    c.change(path, text.replace("titel", "title"))
    got = c.diagnostics(path)
    check([(d["severity"], d["range"]["start"]) for d in got] == [(2, {"line": 0, "character": 0})],
          f"fixed: a warning about the whole file (hallmark line 0) at the start: {got}")
    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(path)}})["result"]
    check([(x["name"], x["selectionRange"]["start"]["character"]) for x in r] == [("é😀", 13), ("a", 5)],
          f"the outline of a file with a byte-order mark: {r}")
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri(path)}})
    c.diagnostics(path)


def test_open_base_preferred(c, tmp):
    base, rev = os.path.join(tmp, "base.rules"), os.path.join(tmp, "rev.rules")
    with open(base, "w") as f:
        f.write('methodology "B" version "1"\narea a "A"\nindicator x : count in a "x?"\n'
                  'criterion C "C" in a requires x >= 1\n  advice "More x."\nlabel ok "OK" requires C\n  valid 2 years\n')
    rev_text = 'methodology "B" version "2" extends "B" version "1"\nreplace criterion C "C" in a requires x >= 2\n' \
               '  advice "More x."\n'
    with open(rev, "w") as f:
        f.write(rev_text)
    check(c.open(rev) == [], "a revision with its base on disk is clean")
    broken_base = open(base).read().replace("indicator x", "indicator y").replace("requires x", "requires y")
    c.open(base, broken_base)
    got = c.diagnostics(rev)
    check(any("'x'" in d["message"] or " x" in d["message"] for d in got),
          f"the revision is checked against the unsaved buffer of its base: {got}")
    c.change(base, open(base).read())
    c.diagnostics(base)
    check(c.diagnostics(rev) == [], "and clean again when the base buffer is")
    # A base that exists only as an unsaved buffer: the revision waiting for it is checked again.
    waiting, unsaved = os.path.join(tmp, "waiting.rules"), os.path.join(tmp, "unsaved.rules")
    text = 'methodology "W" version "2" extends "W" version "1"\nlet double = x * 2\nlabel two "Two" requires double >= 2 "two x"\n  valid 1 year\n'
    got = c.open(waiting, text)
    check(any("cannot find the base version" in d["message"] for d in got), f"no base yet: {got}")
    c.open(unsaved, 'methodology "W" version "1"\nindicator x : count "x?"\nlabel one "One" requires x >= 1 "one x"\n'
                    '  valid 1 year\n')
    got = c.diagnostics(waiting)
    check(got == [], f"the revision finds its base in an unsaved buffer: {got}")
    r = c.at("textDocument/hover", waiting, 2, text.split("\n")[2].index("double"))["result"]
    check(r and "let double = x * 2" in r["contents"]["value"], f"hover on a let shows its line: {r}")
    r = c.at("textDocument/definition", waiting, 1, text.split("\n")[1].index("x"))["result"]
    check(r and r[0]["uri"] == uri(unsaved) and r[0]["range"]["start"] == {"line": 1, "character": 10},
          f"definition in the unsaved base: {r}")
    # A strict warning located in the base: shown at the revision's `extends`, linked to its place.
    with_unused = open(base).read() + '# "extends" in a comment is not the clause\nindicator u : count in a "unused"\n'
    c.change(base, with_unused, 3)
    c.diagnostics(base)
    got = c.diagnostics(rev)
    at = rev_text.index("extends")
    check(len(got) == 1 and got[0]["severity"] == 2 and got[0]["message"].startswith("indicator 'u'")
          and f"(at {base}:9, in the base version)" in got[0]["message"]
          and got[0]["range"]["start"] == {"line": 0, "character": at}
          and got[0]["relatedInformation"][0]["location"]["uri"] == uri(base)
          and got[0]["relatedInformation"][0]["location"]["range"]["start"]["line"] == 8,
          f"a warning located in the base, at `extends`: {got}")
    c.change(base, open(base).read(), 4)
    c.diagnostics(base)
    c.diagnostics(rev)


def test_navigation(c):
    rev, base = os.path.join(ECEI, "2020.rules"), os.path.join(ECEI, "2013.rules")
    c.open(rev)
    line, char = position_of(rev, "service_types")
    r = c.at("textDocument/hover", rev, line, char)["result"]
    text = r["contents"]["value"] if r else ""
    check("count" in text and "range: 0..8" in text and "service" in text.lower(), f"hover on an indicator: {text}")
    line, char = position_of(rev, "Q4_7")
    text = c.at("textDocument/hover", rev, line, char)["result"]["contents"]["value"]
    check("Activities and services" in text and "advice" in text and "5 when" in text, f"hover on a criterion: {text}")
    line, char = position_of(rev, "gold", nth=0)
    lines = open(rev, encoding="utf-8").read().split("\n")
    label_line = next(n for n, l in enumerate(lines) if "expect label gold" in l)
    text = c.at("textDocument/hover", rev, label_line, lines[label_line].index("gold") + 1)["result"]["contents"]["value"]
    check("**label** `gold`" in text and "GOLD" in text, f"hover on a label: {text}")
    line, char = position_of(rev, "service_types")
    r = c.at("textDocument/definition", rev, line, char + 2)["result"]
    want_line, want_char = position_of(base, "service_types")
    check(len(r) == 1 and r[0]["uri"] == uri(base) and r[0]["range"]["start"] == {"line": want_line, "character": want_char},
          f"definition across extends, 2020 -> 2013 ({want_line}:{want_char}): {r}")
    r = c.at("textDocument/references", rev, line, char, context={"includeDeclaration": True})["result"]
    files = {x["uri"] for x in r}
    check(uri(rev) in files and uri(base) in files and len(r) >= 4, f"references in both files: {r}")
    no_decl = c.at("textDocument/references", rev, line, char, context={"includeDeclaration": False})["result"]
    check(len(no_decl) == len(r) - 1, f"includeDeclaration false leaves the declaration out: {len(no_decl)} {len(r)}")
    line, char = position_of(rev, "gold_strategy")
    r = c.at("textDocument/definition", rev, line, char)["result"]
    check(r and r[0]["uri"] == uri(base), f"an area's definition in the base: {r}")
    return rev


def test_outline_format_completion(c, tmp):
    rev = os.path.join(ECEI, "2020.rules")
    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(rev)}})["result"]
    names = {(s["name"], s["kind"]) for s in r}
    check(("international_strategy", 8) in names and ("Q4_7", 12) in names and ("ECEI", 2) in names,
          f"the outline: {sorted(names)[:12]}")
    check(any(s["kind"] == 6 and s["name"].startswith("Gold") for s in r), "tests are in the outline")
    # Fixtures (SymbolKind Struct, 23), each selecting its name; a retired indicator.
    fixtures = os.path.join(tmp, "fixtures.rules")
    text = open(os.path.join(SOURCE, "tests", "corpus", "ok", "fixtures_base.rules"), encoding="utf-8").read()
    text += 'indicator old_count : count\nretire indicator old_count because "no longer asked"\n'
    with open(fixtures, "w", encoding="utf-8") as f:
        f.write(text)
    c.open(fixtures)
    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(fixtures)}})["result"]
    for name in ("eligible", "small_team"):
        found = [s for s in r if s["name"] == name]
        line, char = position_of(fixtures, name)
        check(len(found) == 1 and found[0]["kind"] == 23 and found[0]["detail"] == "fixture"
              and found[0]["selectionRange"]["start"] == {"line": line, "character": char},
              f"fixture {name} in the outline at {line}:{char}: {found}")
    check(sum(s["name"] == "old_count" for s in r) == 2, f"the retired indicator in the outline: {r[-2:]}")
    path = os.path.join(tmp, "messy.rules")
    messy = 'methodology "M" version "1"\narea a "A"\nindicator  x:count in a "x?"\nlabel ok "OK" requires x>=1\n'
    with open(path, "w") as f:
        f.write(messy)
    c.open(path, messy)
    r = c.request("textDocument/formatting", {"textDocument": {"uri": uri(path)},
                                              "options": {"tabSize": 2, "insertSpaces": True}})["result"]
    want = subprocess.run([HALLMARK, "fmt", path], capture_output=True, text=True).stdout
    check(len(r) == 1 and r[0]["newText"] == want and r[0]["range"]["start"] == {"line": 0, "character": 0},
          f"formatting gives `hallmark fmt`'s text: {r}")
    c.change(path, messy + "criterion (\n")
    c.diagnostics(path)
    r = c.request("textDocument/formatting", {"textDocument": {"uri": uri(path)}, "options": {}})
    check(r.get("error", {}).get("code") == -32803, f"formatting a broken text is refused: {r}")
    lines = open(rev, encoding="utf-8").read().split("\n")
    n = next(i for i, l in enumerate(lines) if "s3_alignment" in l)
    items = c.at("textDocument/completion", rev, n, 0)["result"]["items"]
    labels = {i["label"]: i for i in items}
    check("service_types" in labels and "requires" in labels and "co_designed" in labels and "Q4_7" in labels,
          f"completion of names, keywords, choices: {len(items)} items")
    check(labels.get("co_designed", {}).get("sortText", "").startswith("0"), "the line's own choices first")
    # Every keyword of the grammar is offered as one (CompletionItemKind Keyword, 14).
    with open(os.path.join(SOURCE, "dsl", "grammar.hpp"), encoding="utf-8") as f:
        grammar_words = set(re.findall(r'TAO_PEGTL_KEYWORD\("(\w+)"\)', f.read()))
    offered = {i["label"] for i in items if i["kind"] == 14}
    check(len(grammar_words) > 50 and grammar_words <= offered,
          f"completion offers every keyword of dsl/grammar.hpp; missing {sorted(grammar_words - offered)}")


def test_run_test(c, tmp):
    rev = os.path.join(ECEI, "2020.rules")
    lenses = c.request("textDocument/codeLens", {"textDocument": {"uri": uri(rev)}})["result"]
    check(lenses and all(l["command"]["command"] == "hallmark.runTest" for l in lenses), f"code lenses: {lenses}")
    check(lenses[0]["command"]["title"] == "Run all tests" and lenses[0]["command"]["arguments"] == [uri(rev)],
          f"a lens for all tests first: {lenses[0]}")
    args = lenses[1]["command"]["arguments"]
    r = c.request("workspace/executeCommand", {"command": "hallmark.runTest", "arguments": args})["result"]
    check(r["passed"] == 1 and r["failed"] == 0 and r["tests"][0]["name"] == args[1], f"one test run: {r}")
    everything = c.request("workspace/executeCommand", {"command": "hallmark.runTest", "arguments": [uri(rev)]})
    total = subprocess.run([HALLMARK, "test", rev], capture_output=True, text=True).stdout.strip().split("\n")[-1]
    got = everything["result"]
    check(f"{got['passed']} passed, {got['failed']} failed" == total, f"all tests as `hallmark test`: {got} {total}")
    path = os.path.join(tmp, "failing.rules")
    text = FIXED + 'test "wrong" {\n  assessed_on 2024-01-01\n  given staff = 1\n  expect label ok\n}\n'
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    c.open(path, text)
    r = c.request("workspace/executeCommand", {"command": "hallmark.runTest", "arguments": [uri(path), "wrong"]})
    check(r["result"]["failed"] == 1 and r["result"]["tests"][0]["failures"], f"a failing test: {r}")
    r = c.request("workspace/executeCommand", {"command": "hallmark.runTest", "arguments": [uri(path), "nope"]})
    check(r.get("error", {}).get("code") == -32602, f"an unknown test name: {r}")


def test_shutdown(c):
    r = c.request("shutdown", None)
    check("result" in r and r["result"] is None, f"shutdown: {r}")
    r = c.request("textDocument/hover", {})
    check(r.get("error", {}).get("code") == -32600, f"a request after shutdown: {r}")
    c.notify("exit", None)
    check(c.proc.wait(timeout=10) == 0, "exit after shutdown: status 0")


def test_exit_without_shutdown_and_limit():
    p = subprocess.run([HALLMARK, "lsp"], input=b'Content-Length: 33\r\n\r\n{"jsonrpc":"2.0","method":"exit"}',
                       capture_output=True, timeout=10)
    check(p.returncode == 1, f"exit without shutdown: status 1, got {p.returncode}")
    limit = 2 * 8 * 1024 * 1024 + 64 * 1024
    p = subprocess.run([HALLMARK, "lsp"], input=b"Content-Length: %d\r\n\r\n" % (limit + 1), capture_output=True,
                       timeout=30)
    check(b"over the limit" in p.stdout and b"-32600" in p.stdout, f"a message over the limit: {p.stdout[:300]}")
    p = subprocess.run([HALLMARK, "lsp", "--help"], capture_output=True, text=True, timeout=10)
    check(p.returncode == 0 and "language server" in p.stdout, f"lsp --help: {p.stdout}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        c = client()
        try:
            test_lifecycle_and_errors(c)
            test_diagnostics(c, tmp)
            test_bom_and_crlf(c, tmp)
            test_open_base_preferred(c, tmp)
            test_navigation(c)
            test_outline_format_completion(c, tmp)
            test_run_test(c, tmp)
            test_shutdown(c)
        finally:
            if c.proc.poll() is None:
                c.proc.kill()
        test_exit_without_shutdown_and_limit()
    if failures:
        print(f"{len(failures)} failed")
        sys.exit(1)
    print("ok")


main()
