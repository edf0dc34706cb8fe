#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`hallmark check --format json` and `--format sarif` on real files, with python3-jsonschema.

    check_formats_test.py HALLMARK_CLI

- the SARIF output validates against a subset of the SARIF 2.1.0 schema written here
  (the parts hallmark writes, with the constraints of the OASIS standard on them), and
  says the same as the text output: one result per diagnostic, same level, message,
  line, and the column in characters;
- the JSON output lists every file and every diagnostic;
- exit statuses are those of the text output: 0 clean, 1 errors or strict warnings,
  2 a file that cannot be read.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("error: the Python module jsonschema is missing: install python3-jsonschema "
             "(Debian/Ubuntu; scripts/bootstrap.sh lists it) or `pip install jsonschema`")

CLI = sys.argv[1]
failures = []

# What SARIF 2.1.0 (OASIS, sarif-schema-2.1.0.json) requires of the objects hallmark
# writes: sarifLog, run, tool, toolComponent, result, message, location,
# physicalLocation, artifactLocation and region.
REGION = {"type": "object", "properties": {
    "startLine": {"type": "integer", "minimum": 1},
    "startColumn": {"type": "integer", "minimum": 1}}}
LOCATION = {"type": "object", "properties": {"physicalLocation": {
    "type": "object",
    "properties": {"artifactLocation": {"type": "object", "properties": {"uri": {"type": "string", "format": "uri-reference"}}},
                   "region": REGION},
    "anyOf": [{"required": ["artifactLocation"]}, {"required": ["address"]}]}}}
RESULT = {"type": "object", "required": ["message"], "properties": {
    "ruleId": {"type": "string"},
    "level": {"enum": ["none", "note", "warning", "error"]},
    "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
                "properties": {"text": {"type": "string"}}},
    "locations": {"type": "array", "minItems": 0, "uniqueItems": True, "items": LOCATION}}}
SARIF = {"type": "object", "required": ["version", "runs"], "properties": {
    "$schema": {"type": "string", "format": "uri"},
    "version": {"enum": ["2.1.0"]},
    "runs": {"type": ["array", "null"], "minItems": 0, "items": {
        "type": "object", "required": ["tool"], "properties": {
            "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                "type": "object", "required": ["name"],
                "properties": {"name": {"type": "string"}, "version": {"type": "string"}}}}},
            "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
            "results": {"type": ["array", "null"], "minItems": 0, "items": RESULT}}}}}}

BROKEN = """methodology "T" version "1"
  title "Ελληνικά"
indicator staff : decimal unit FTE
indicator unused : count
criterion M1 "Ομάδα" requires staff >= 0.5 FTE
  advice "x"
criterion M2 "Συμμετοχή" requires staf >= 1 FTE
label bronze requires M1 and M2 valid 2 years
"""
STRICT = """methodology "T" version "1"
indicator staff : decimal unit FTE
indicator unused : count
criterion M1 "Team" requires staff >= 0.5 FTE
  advice "x"
label bronze requires M1 valid 2 years
"""
SYNTAX = """methodology "T" version "1"
indicator x : interger
criterion C1 requries x >= 1
"""


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def run(*args, cwd):
    p = subprocess.run([CLI, "check", *args], cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def text_diagnostics(stderr):
    """(file, line, column, level, message) of each text diagnostic."""
    out = []
    for line in stderr.splitlines():
        m = re.match(r"^(.+?):(\d+):(\d+): (error|warning|note): (.*)$", line)
        if m:
            out.append((m[1], int(m[2]), int(m[3]), m[4], m[5]))
    return out


def main():
    validator = jsonschema.Draft7Validator(SARIF, format_checker=jsonschema.FormatChecker())
    with tempfile.TemporaryDirectory() as work:
        for name, text in [("broken.rules", BROKEN), ("strict.rules", STRICT), ("syntax.rules", SYNTAX)]:
            with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                f.write(text)
        cases = [(["broken.rules"], 1), (["--strict", "strict.rules"], 1), (["strict.rules"], 0),
                 (["syntax.rules"], 1), (["missing.rules", "strict.rules"], 2)]
        for args, status in cases:
            rc_text, _, stderr = run(*args, cwd=work)
            rc, out, err = run("--format", "sarif", *args, cwd=work)
            check(f"{args} sarif status", rc == status == rc_text, f"{rc} (text: {rc_text}), expected {status}")
            check(f"{args} sarif stderr", err == "", err)
            log = json.loads(out)
            errors = sorted(validator.iter_errors(log), key=str)
            check(f"{args} sarif schema", not errors, "; ".join(e.message for e in errors[:5]))
            results = log["runs"][0]["results"]
            expected = text_diagnostics(stderr)
            located = [r for r in results if "region" in r["locations"][0]["physicalLocation"]]
            check(f"{args} one result per diagnostic", len(located) == len(expected),
                  f"{len(located)} results, {len(expected)} diagnostics:\n{stderr}")
            for r, (file, line, col, level, message) in zip(located, expected):
                where = r["locations"][0]["physicalLocation"]
                check(f"{args} result", r["level"] == level and message.startswith(r["message"]["text"])
                      and where["artifactLocation"]["uri"] == file and where["region"]["startLine"] == line,
                      f"{r} vs {(file, line, col, level, message)}")
            rc, out, _ = run("--format", "json", *args, cwd=work)
            doc = json.loads(out)
            check(f"{args} json status", rc == status)
            check(f"{args} json files", [f["file"] for f in doc["files"]] == [a for a in args if a.endswith(".rules")])
            check(f"{args} json diagnostics", len([d for d in doc["diagnostics"] if d["line"] > 0]) == len(expected),
                  out)

        # Columns in characters: the Greek title before M2's error is not counted in bytes.
        _, out, _ = run("--format", "sarif", "broken.rules", cwd=work)
        staf = [r for r in json.loads(out)["runs"][0]["results"] if "staf" in r["message"]["text"]]
        check("staf found", len(staf) == 1, out)
        if staf:
            region = staf[0]["locations"][0]["physicalLocation"]["region"]
            check("column in characters", (region["startLine"], region["startColumn"]) == (7, 35), region)

        # The warning's name is the SARIF rule id, and what `allow` takes.
        _, out, _ = run("--format", "sarif", "--strict", "strict.rules", cwd=work)
        rules = [r.get("ruleId") for r in json.loads(out)["runs"][0]["results"]]
        check("rule id", rules == ["unused_indicator"], rules)
        _, out, _ = run("--format", "json", "--strict", "strict.rules", cwd=work)
        d = json.loads(out)["diagnostics"][0]
        check("json code", d["code"] == "unused_indicator" and d["severity"] == "warning", d)

        # Every broken declaration, with its suggestion.
        _, out, _ = run("--format", "json", "syntax.rules", cwd=work)
        messages = [d["message"] for d in json.loads(out)["diagnostics"]]
        check("syntax errors", len(messages) == 2 and "did you mean 'integer'" in messages[0]
              and "did you mean 'requires'" in messages[1], messages)

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("check formats: ok")


main()
