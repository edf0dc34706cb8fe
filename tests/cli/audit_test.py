#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What an auditor reads from the log commands (issue 22, items 11 to 16).

    audit_test.py HALLMARK_CLI SOURCE_DIR

- log list: each record's label, validity and overrides, in aligned columns; --format json.
- replay --since/--until select by assessed_on, --recorded-since by recorded_at; bad
  dates are usage errors (exit 2).
- replay names the recorded and the recomputed side, on a log whose label was forged
  with every later hash and the Merkle tree recomputed (tests/log/forgery.py), which
  verify alone passes.
- an override grants its label's validity (shown by log override, show and list, in
  JSON too); an unknown --label gets a suggestion.
- log show of an altered record says so before anything else (exit 1).
- verify, replay, log list and log show --format json parse as JSON, exit codes as text.
Expected labels and dates come from `hallmark eval` of the same input and from the rule
file's text, not from this file. Exit 0 when all holds, 1 with what does not.
"""
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

CLI = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(SOURCE, "tests", "log"))
from forgery import forge, sql_copy  # noqa: E402  (the forger's tools, no hallmark code)

RULES_DIR = os.path.join(SOURCE, "rules")
EXAMPLES = os.path.join(SOURCE, "examples", "assessments")
# record id -> assessment, in recording order; record 5 overrides record 3
INPUTS = ["gold-energy-de.json", "silver-food-se.json", "bronze-2019-energy-is.json", "none-ineligible-ict-pl.json",
          None, "gold-renewal-aviation-de.json"]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def check(condition, message):
    if not condition:
        fail(message)
    return condition


def hallmark(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


def show(p):
    return "exit %d, stdout %r, stderr %r" % (p.returncode, p.stdout[:600], p.stderr[:600])


def as_json(p, what):
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        fail("%s: not JSON (%s): %s" % (what, e, show(p)))
        return None


def evaluated(name):
    """The decision hallmark eval makes for an example: what the log must agree with."""
    p = hallmark("eval", "--methodology", "ECEI", "--rules-dir", RULES_DIR, os.path.join(EXAMPLES, name),
                 "--format", "json")
    if p.returncode != 0:
        sys.exit("eval %s: %s" % (name, show(p)))
    return json.loads(p.stdout)


def make_log(log):
    for rid, name in enumerate(INPUTS, start=1):
        if name is None:
            p = hallmark("log", "override", log, "3", "--expert", "B. Auditor", "--justification", "site visit",
                         "--label", "silver")
        else:
            p = hallmark("eval", "--methodology", "ECEI", "--rules-dir", RULES_DIR, os.path.join(EXAMPLES, name),
                         "--record", log)
        if p.returncode != 0:
            sys.exit("making record %d: %s" % (rid, show(p)))
    p = hallmark("log", "override", log, "6", "--expert", "C. Auditor", "--justification", "confirmed",
                 "--label", "gold")
    if p.returncode != 0:
        sys.exit("making record 7: " + show(p))


def valid_years(label, rules_file):
    """`valid N years` of a label, read from the rule file's text."""
    text = open(rules_file, encoding="utf-8").read()
    block = re.search(r"label %s .*?\n  valid (\d+) years" % label, text, re.S)
    return int(block.group(1))


def test_list(log, decisions, silver_until):
    p = hallmark("log", "list", log)
    if not check(p.returncode == 0, "log list: " + show(p)):
        return
    lines = p.stdout.splitlines()
    check(len(lines) == 1 + len(INPUTS) + 1, "log list: a header and one line per record: %r" % lines)
    header = lines[0]
    label_at, valid_at = header.find("label"), header.find("valid until")
    check(label_at > 0 and valid_at > label_at, "log list header has label and valid until columns: %r" % header)
    for rid, line in enumerate(lines[1:], start=1):
        check(line.split()[0] == str(rid), "log list line %d: %r" % (rid, line))
        if rid in decisions:
            label = decisions[rid]["label"] or "no label"
            until = decisions[rid]["valid_until"] or "-"
        else:
            label, until = ("silver", silver_until) if rid == 5 else ("gold", decisions[6]["valid_until"])
        check(line[label_at:].startswith(label + " "), "log list record %d: label %s in its column: %r"
              % (rid, label, line))
        check(line[valid_at:].startswith(until + " "), "log list record %d: valid until %s in its column: %r"
              % (rid, until, line))
    check("overridden by 5" in lines[3], "log list: record 3 marked overridden by 5: %r" % lines[3])
    check("override of 3" in lines[5], "log list: record 5 marked as an override of 3: %r" % lines[5])
    j = hallmark("log", "list", log, "--format", "json")
    doc = as_json(j, "log list --format json")
    if doc is None:
        return
    check(j.returncode == 0 and [r["id"] for r in doc["records"]] == list(range(1, 8)),
          "log list --format json lists records 1 to 7: " + show(j))
    by_id = {r["id"]: r for r in doc["records"]}
    for rid in decisions:
        check(by_id[rid]["label"] == decisions[rid]["label"] and
              by_id[rid]["valid_until"] == decisions[rid]["valid_until"],
              "log list --format json record %d: %r, eval says %r %r" % (rid, by_id[rid], decisions[rid]["label"],
                                                                        decisions[rid]["valid_until"]))
    check(by_id[3]["overridden_by"] == [5] and by_id[5]["overrides"] == 3 and by_id[5]["kind"] == "override",
          "log list --format json: record 3 overridden by 5: %r %r" % (by_id[3], by_id[5]))
    check(by_id[5]["label"] == "silver" and by_id[5]["valid_until"] == silver_until,
          "log list --format json: override 5 grants silver until %s: %r" % (silver_until, by_id[5]))


def test_filters(log):
    def replayed(*args):
        p = hallmark("replay", log, "--format", "json", *args)
        doc = as_json(p, "replay %s" % (args,))
        return p, ([d["record"] for d in doc["decisions"]] if doc else None)

    decisions = [i for i, n in enumerate(INPUTS, start=1) if n]
    on = {i: evaluated(INPUTS[i - 1])["assessed_on"] for i in decisions}
    since, until = "2021-01-01", "2022-06-30"
    p, ids = replayed("--since", since, "--until", until)
    want = [i for i in decisions if since <= on[i] <= until]
    check(p.returncode == 0 and ids == want and 0 < len(want) < len(decisions),
          "replay --since %s --until %s selects by assessed_on %r: got %r, %s" % (since, until, want, ids, show(p)))
    p, ids = replayed("--since", on[2])
    check(ids == [i for i in decisions if on[i] >= on[2]], "replay --since %s (inclusive): %r" % (on[2], ids))
    p, ids = replayed("--until", on[2])
    check(ids == [i for i in decisions if on[i] <= on[2]], "replay --until %s (inclusive): %r" % (on[2], ids))
    today = datetime.datetime.now(datetime.timezone.utc).date()
    p, ids = replayed("--recorded-since", (today - datetime.timedelta(days=2)).isoformat())
    check(ids == decisions, "replay --recorded-since two days ago selects every decision: %r" % ids)
    p, ids = replayed("--recorded-since", (today + datetime.timedelta(days=2)).isoformat() + "T00:00:00Z")
    check(p.returncode == 0 and ids == [], "replay --recorded-since a later time selects none: %r" % ids)
    t = hallmark("replay", log, "--since", since, "--until", until)
    check(t.returncode == 0 and "%d decisions replayed" % len(want) in t.stdout, "replay text, filtered: " + show(t))
    for args in (["--since", "2026-02-31"], ["--until", "2024-13-01"], ["--since", "2024-01-31T00:00:00Z"],
                 ["--since", "2023-01-01", "--until", "2022-01-01"], ["--recorded-since", "yesterday"],
                 ["--recorded-since", "2024-01-31T25:00:00Z"]):
        for fmt in ("text", "json"):
            b = hallmark("replay", log, "--format", fmt, *args)
            check(b.returncode == 2 and b.stdout == "" and "error:" in b.stderr,
                  "replay %s --format %s: exit 2, nothing on stdout: %s" % (args, fmt, show(b)))
    h = hallmark("replay", "--help")
    check("assessed_on" in h.stdout and "recorded_at" in h.stdout and "--recorded-since" in h.stdout
          and "--until" in h.stdout, "replay --help says what each date is compared with: " + h.stdout)
    c = hallmark("completion", "bash")
    check("--recorded-since" in c.stdout and "--until" in c.stdout, "bash completion offers the new options")


def test_forged_replay(log, tmp, decisions):
    data = open(log, "rb").read()
    recorded = decisions[2]["label"]
    forged_label = next(l for l in ("gold", "bronze") if l != recorded)
    key = '\n  "label": "%s"' % recorded

    def relabel(b):
        check(key in b["decision"], "record 2's decision has its label line %r" % key)
        b["decision"] = b["decision"].replace(key, '\n  "label": "%s"' % forged_label, 1)

    path = forge(data, os.path.join(tmp, "forged"), 2, relabel)
    v = hallmark("verify", path)
    check(v.returncode == 0, "the forgery (chain and Merkle tree recomputed) passes verify: " + show(v))
    r = hallmark("replay", path)
    words = "recorded %s, recomputed %s" % (forged_label, recorded)
    line = next((l for l in r.stdout.splitlines() if l.startswith("record 2 ")), "")
    check(r.returncode == 1 and words in line, "replay of the forged log says %r for record 2: %s" % (words, show(r)))
    j = hallmark("replay", path, "--format", "json")
    doc = as_json(j, "replay --format json of the forged log")
    if doc is not None:
        two = next((d for d in doc["decisions"] if d["record"] == 2), {})
        check(j.returncode == 1 and two.get("identical") is False and
              two.get("recorded") == {"label": forged_label} and two.get("recomputed") == {"label": recorded} and
              doc["differ"] == 1 and doc["identical"] == doc["replayed"] - 1,
              "replay --format json of the forged log: record 2 recorded %s, recomputed %s: %s"
              % (forged_label, recorded, show(j)))
    # a new version: the recorded side is named too
    i = hallmark("replay", path, "--rules", os.path.join(RULES_DIR, "ecei", decisions[2]["methodology"]["version"] + ".rules"))
    line = next((l for l in i.stdout.splitlines() if l.startswith("record 2 ")), "")
    check("recorded %s, under the new rules %s" % (forged_label, recorded) in line,
          "replay --rules names the recorded side: " + show(i))


def test_override(log, silver_until, decisions):
    p = hallmark("log", "override", log, "1", "--expert", "B. Auditor", "--justification", "x", "--label", "silvr")
    check(p.returncode == 2 and "did you mean 'silver'?" in p.stderr and "gold, silver, bronze" in p.stderr,
          "override --label silvr suggests silver and lists the labels: " + show(p))
    s = hallmark("log", "show", log, "5")
    check(s.returncode == 0 and re.search(r"valid until\s+%s" % silver_until, s.stdout),
          "log show of override 5 shows silver valid until %s: %s" % (silver_until, show(s)))
    s = hallmark("log", "show", log, "3")
    check(re.search(r"\b5\s.*silver\s+%s\s" % silver_until, s.stdout),
          "log show of record 3 lists override 5 with silver until %s: %s" % (silver_until, show(s)))
    j = as_json(hallmark("log", "show", log, "7", "--format", "json"), "log show 7 --format json")
    if j is not None:
        # the renewal rule applies to an override as to the decision: the same date
        check(j["label"] == "gold" and j["valid_until"] == decisions[6]["valid_until"] and
              j["decision"]["record"] == 6 and j["overridden_by"] == [],
              "override 7 grants gold until %s, as the renewed decision: %r" % (decisions[6]["valid_until"], j))
    j = as_json(hallmark("log", "show", log, "3", "--format", "json"), "log show 3 --format json")
    if j is not None:
        body = json.loads(j["body"])
        check(j["hash_matches"] is True and body["id"] == 3 and j["decision"] is None and
              [(o["record"], o["label"], o["valid_until"]) for o in j["overridden_by"]] == [(5, "silver", silver_until)],
              "log show 3 --format json: its body and override 5: %r" % j)


def altered_copy(log, tmp, rid, label):
    """A copy where record rid's decision claims `label`; its hash left as it was."""
    path = sql_copy(open(log, "rb").read(), os.path.join(tmp, "altered"))
    db = sqlite3.connect(path)
    body = json.loads(db.execute("SELECT body FROM records WHERE id = ?", (rid,)).fetchone()[0])
    decision = json.loads(body["decision"])
    decision["label"] = label
    body["decision"] = json.dumps(decision, indent=2) + "\n"
    db.execute("UPDATE records SET body = ? WHERE id = ?", (json.dumps(body, separators=(",", ":")), rid))
    db.commit()
    db.close()
    return path


def test_altered(log, tmp, decisions):
    forged = next(l for l in ("gold", "silver") if l != decisions[3]["label"])
    path = altered_copy(log, tmp, 3, forged)
    for args, start in (([], "Record 3:"), (["--format", "md"], "# Record 3:"), (["--format", "html"], "<h1>")):
        s = hallmark("log", "show", path, "3", *args)
        warning = s.stdout.find("record 3 does not match its hash")
        check(s.returncode == 1 and 0 <= warning < s.stdout.find(start),
              "log show %s of an altered record says so before %r: %s" % (args, start, show(s)))
    s = hallmark("log", "show", path, "3")
    check(s.stdout.startswith("WARNING: record 3 does not match its hash"),
          "the first line of log show is the warning: " + show(s))
    s = hallmark("log", "show", path, "5")
    check(s.returncode == 1 and s.stdout.startswith("WARNING: record 3 does not match its hash"),
          "log show of an override of an altered decision warns first: " + show(s))
    j = hallmark("log", "show", path, "3", "--format", "json")
    doc = as_json(j, "log show --format json of an altered record")
    if doc is not None:
        check(j.returncode == 1 and doc["hash_matches"] is False and doc["label"] == forged,
              "log show --format json: hash_matches false, the label the file now holds: " + show(j))
    l = hallmark("log", "list", path)
    line = next((x for x in l.stdout.splitlines() if x.split()[0] == "3"), "")
    check(l.returncode == 0 and "ALTERED" in line, "log list marks the altered record: " + show(l))
    s = hallmark("log", "show", log, "3")
    check(s.returncode == 0 and "WARNING" not in s.stdout, "log show of an intact record: no warning: " + show(s))


def test_json_exit_codes(log, tmp):
    v = hallmark("verify", log, "--format", "json")
    doc = as_json(v, "verify --format json")
    check(v.returncode == 0 and doc and doc["intact"] is True and doc["records"] == 7, "verify json: " + show(v))
    r = hallmark("replay", log, "--format", "json")
    doc = as_json(r, "replay --format json")
    if doc is not None:
        check(r.returncode == 0 and doc["verified"] is True and doc["differ"] == 0 and
              doc["replayed"] == 5 and doc["overrides_not_replayed"] == 2 and
              all(d["identical"] and d["recorded"] == d["recomputed"] for d in doc["decisions"]),
              "replay --format json of an intact log: " + show(r))
    broken = sql_copy(open(log, "rb").read(), os.path.join(tmp, "broken"), "DELETE FROM records WHERE id = 2")
    for fmt in ("text", "json"):
        b = hallmark("replay", broken, "--format", fmt)
        check(b.returncode == 1, "replay --format %s of a log that does not verify: exit 1: %s" % (fmt, show(b)))
    doc = as_json(hallmark("replay", broken, "--format", "json"), "replay --format json, log not verified")
    check(doc is not None and doc["verified"] is False and doc["problem"] and doc["decisions"] == [],
          "replay --format json says the log did not verify: %r" % doc)
    for cmd in (["replay"], ["log", "list"], ["log", "show"], ["verify"]):
        missing = os.path.join(tmp, "missing.log")
        args = cmd + [missing] + (["1"] if cmd == ["log", "show"] else []) + ["--format", "json"]
        m = hallmark(*args)
        check(m.returncode == 2 and m.stdout == "", "%s of a missing log: exit 2, nothing on stdout: %s"
              % (" ".join(cmd), show(m)))
    m = hallmark("log", "show", log, "99", "--format", "json")
    check(m.returncode == 2 and m.stdout == "", "log show of a record not in the log: exit 2: " + show(m))


def main():
    tmp = tempfile.mkdtemp(prefix="hallmark-audit-")
    try:
        log = os.path.join(tmp, "decisions.log")
        make_log(log)
        decisions = {i: evaluated(n) for i, n in enumerate(INPUTS, start=1) if n}
        bronze = decisions[3]
        rules_file = os.path.join(RULES_DIR, "ecei", "%s.rules" % bronze["methodology"]["version"])
        check(not json.loads(open(os.path.join(EXAMPLES, INPUTS[2])).read()).get("history"),
              "record 3's input has no earlier award (its silver validity starts from assessed_on)")
        on = datetime.date.fromisoformat(bronze["assessed_on"])
        silver_until = on.replace(year=on.year + valid_years("silver", rules_file)).isoformat()
        check(decisions[6]["valid_until"] != (datetime.date.fromisoformat(decisions[6]["assessed_on"]).replace(
            year=int(decisions[6]["assessed_on"][:4]) + 2)).isoformat(), "record 6 is a renewal")
        test_list(log, decisions, silver_until)
        test_filters(log)
        test_forged_replay(log, tmp, decisions)
        test_override(log, silver_until, decisions)
        test_altered(log, tmp, decisions)
        test_json_exit_codes(log, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("all audit CLI checks hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
