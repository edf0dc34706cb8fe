#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The generated JSON Schema against real documents, with python3-jsonschema.

    schema_test.py HALLMARK_CLI SOURCE_DIR

- every example assessment validates against the schema of the version its date chooses;
- the quick-start cluster validates against the quick-start schema;
- every bad input the engine rejects for a type, range, choice, missing or unknown-name
  reason is rejected by the schema too; the others are listed with the reason a schema
  cannot say it, and what the schema does with them is checked as well;
- the blank JSON template is read by `hallmark eval` and valid; the CSV template's
  header, with one row, is read by `hallmark batch`.
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("error: the Python module jsonschema is missing: install python3-jsonschema "
             "(Debian/Ubuntu; scripts/bootstrap.sh lists it) or `pip install jsonschema`")

CLI, SRC = sys.argv[1], sys.argv[2]
BAD = os.path.join(SRC, "tests/corpus/bad_input")
ECEI = ["--methodology", "ECEI", "--rules-dir", os.path.join(SRC, "rules")]
failures = []

# The engine's reason for each bad input, and whether the schema says it too.
SCHEMA_REJECTS = {
    "boolean_number.json": "type", "boolean_string.json": "type", "choice_number.json": "type",
    "choice_unknown.json": "choice", "cluster_not_object.json": "type", "count_fraction.json": "type",
    "count_negative.json": "type", "count_over_range.json": "range", "count_word.json": "type",
    "date_as_number.json": "type", "date_feb_30.json": "type (calendar date)",
    "date_indicator_not_leap.json": "type (calendar date)", "date_month_13.json": "type (calendar date)",
    "date_wrong_format.json": "type", "decimal_boolean.json": "type", "decimal_hex.json": "type",
    "decimal_nan.json": "type", "decimal_with_other_unit.json": "type",
    "history_bad_date.json": "type (calendar date)", "history_missing_label.json": "missing key",
    "history_not_array.json": "type", "history_unknown_label.json": "unknown name",
    "indicators_not_object.json": "type", "missing_assessed_on.json": "missing key",
    "not_an_object.json": "type", "percent_over_range.json": "range", "set_not_array.json": "type",
    "set_number_item.json": "type", "set_repeated_item.json": "choice (listed twice)",
    "set_unknown_item.json": "choice", "staff_below_range.json": "range",
    "unknown_indicator.json": "unknown name", "unknown_top_key.json": "unknown name",
}
# Rejected by the engine for what JSON Schema cannot express. The second item is what
# happens outside the engine: "unparsable" (Python's json refuses it too), "accepted"
# (the schema accepts it: only the engine catches it), "rejected" (the schema happens to
# reject it for another reason).
NOT_EXPRESSIBLE = {
    "comment.json": ("malformed JSON", "unparsable"),
    "empty.json": ("malformed JSON", "unparsable"),
    "trailing_garbage.json": ("malformed JSON", "unparsable"),
    "truncated.json": ("malformed JSON", "unparsable"),
    "whitespace_only.json": ("malformed JSON", "unparsable"),
    "nul_byte.json": ("malformed JSON", "unparsable"),
    "invalid_utf8.json": ("malformed JSON (ill-formed UTF-8)", "unparsable"),
    "lone_surrogate.json": ("malformed JSON (lone surrogate, which Python's json accepts)", "accepted"),
    "deep_nesting.json": ("nesting depth limit of the reader", "rejected"),
    "duplicate_indicator.json": ("duplicate key (a parser keeps one of them)", "accepted"),
    "duplicate_top_key.json": ("duplicate key (a parser keeps one of them)", "accepted"),
    "history_after_assessment.json": ("history date order (compares two values)", "accepted"),
    "number_19_fraction_digits.json": ("decimal digit limits", "accepted"),
    "number_400_digits.json": ("decimal digit limits", "accepted"),
    "number_400_digits_string.json": ("decimal digit limits", "accepted"),
    "number_huge_exponent.json": ("decimal digit limits", "accepted"),
    "number_tiny_exponent.json": ("decimal digit limits", "accepted"),
    "number_huge_exponent_string.json": ("decimal digit limits", "accepted"),
}


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(*args, stdin=None):
    return subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin)


def generated_schema(*selection):
    r = run("schema", *selection)
    if r.returncode != 0:
        sys.exit("error: hallmark schema %s: exit %d\n%s" % (" ".join(selection), r.returncode, r.stderr))
    schema = json.loads(r.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def no_constant(name):
    raise ValueError("not JSON: " + name)


def load(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"), parse_constant=no_constant)


def errors(validator, document):
    return [e.message for e in validator.iter_errors(document)]


def check_examples():
    schemas = {}
    folder = os.path.join(SRC, "examples/assessments")
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".json")):
        path = os.path.join(folder, name)
        r = run("eval", *ECEI, "--format", "json", path)
        if r.returncode != 0:
            fail("%s: hallmark eval exit %d: %s" % (name, r.returncode, r.stderr))
            continue
        version = json.loads(r.stdout)["methodology"]["version"]
        if version not in schemas:
            schemas[version] = generated_schema("--methodology", "ECEI@" + version, "--rules-dir",
                                                os.path.join(SRC, "rules"))
        found = errors(schemas[version], load(path))
        if found:
            fail("%s (ECEI %s) does not validate: %s" % (name, version, found))
    if len(schemas) < 2:
        fail("the examples chose %d versions; expected several" % len(schemas))


def check_quickstart():
    validator = generated_schema("--rules", os.path.join(SRC, "examples/quickstart/labels.rules"))
    found = errors(validator, load(os.path.join(SRC, "examples/quickstart/cluster.json")))
    if found:
        fail("examples/quickstart/cluster.json does not validate: %s" % found)


def check_bad_outside_engine(name, path, validator):
    reason, outcome = NOT_EXPRESSIBLE[name]
    try:
        document = load(path)
    except ValueError:
        if outcome != "unparsable":
            fail("%s: Python's json refuses it, listed as %r" % (name, outcome))
        return
    if outcome == "unparsable":
        fail("%s: listed as unparsable, but Python's json reads it" % name)
    elif (outcome == "accepted") != (not errors(validator, document)):
        fail("%s: listed as %r by the schema (%s), which it is not" % (name, outcome, reason))


def check_bad_inputs():
    rules = os.path.join(BAD, "catalogue.rules")
    validator = generated_schema("--rules", rules)
    names = sorted(n for n in os.listdir(BAD) if n.endswith(".json"))
    unlisted = [n for n in names if (n in SCHEMA_REJECTS) == (n in NOT_EXPRESSIBLE)]
    if unlisted:
        fail("bad inputs listed in neither or both lists: %s" % unlisted)
    for name in names:
        path = os.path.join(BAD, name)
        if run("eval", "--rules", rules, path).returncode != 2:
            fail("%s: the engine does not reject it (exit 2)" % name)
        if name in NOT_EXPRESSIBLE:
            check_bad_outside_engine(name, path, validator)
        elif name in SCHEMA_REJECTS and not errors(validator, load(path)):
            fail("%s: rejected by the engine (%s) but valid by the schema" % (name, SCHEMA_REJECTS[name]))


def check_units():
    """Numbers written with their declared unit: the engine and the schema both take them,
    and both refuse another unit."""
    rules = os.path.join(SRC, "examples/quickstart/labels.rules")
    validator = generated_schema("--rules", rules)
    cases = [({"staff": "2.5 FTE", "budget": "420000 EUR", "public_share": "82 %"}, True),
             ({"staff": "2.5FTE", "public_share": "82%"}, True),
             ({"staff": "2.5 EUR"}, False), ({"budget": "420000 FTE"}, False), ({"participants": "5 FTE"}, False)]
    with tempfile.TemporaryDirectory() as tmp:
        for indicators, good in cases:
            document = {"assessed_on": "2023-01-01", "indicators": indicators}
            path = os.path.join(tmp, "units.json")
            with open(path, "w") as f:
                json.dump(document, f)
            code = run("eval", "--rules", rules, path).returncode
            if (code != 2) != good:
                fail("units %s: hallmark eval exit %d" % (indicators, code))
            if (not errors(validator, document)) != good:
                fail("units %s: the schema %s it" % (indicators, "refuses" if good else "accepts"))


def check_templates(selection, validator):
    blank = run("template", *selection)
    if blank.returncode != 0:
        fail("template %s: exit %d %s" % (selection, blank.returncode, blank.stderr))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "blank.json")
        with open(path, "w") as f:
            f.write(blank.stdout)
        r = run("eval", *selection, path)
        if r.returncode != 0:
            fail("hallmark eval of the blank template %s: exit %d %s" % (selection, r.returncode, r.stderr))
        found = errors(validator, json.loads(blank.stdout))
        if found:
            fail("the blank template %s does not validate: %s" % (selection, found))
        header = run("template", *selection, "--format", "csv").stdout
        columns = header.rstrip("\n").split(",")
        row = ["X-1" if c == "cluster_id" else json.loads(blank.stdout)["assessed_on"] if c == "assessed_on" else ""
               for c in columns]
        csv = os.path.join(tmp, "blank.csv")
        with open(csv, "w") as f:
            f.write(header + ",".join(row) + "\n")
        r = run("batch", *selection, csv)
        if r.returncode != 0 or '"errors"' in r.stdout or len(r.stdout.splitlines()) != 1:
            fail("hallmark batch of the CSV template %s: exit %d\n%s%s" % (selection, r.returncode, r.stdout,
                                                                           r.stderr))
        sheet = run("template", *selection, "--format", "md").stdout
        for indicator in json.loads(blank.stdout)["indicators"]:
            if "`%s`" % indicator not in sheet:
                fail("the interview sheet %s lacks indicator %s" % (selection, indicator))


def check_usage():
    for args in (["schema"], ["template", *ECEI, "--format", "xml"], ["schema", "--rules", "x", *ECEI],
                 ["schema", "--methodology", "NOPE", "--rules-dir", os.path.join(SRC, "rules")]):
        r = run(*args)
        if r.returncode != 2:
            fail("hallmark %s: exit %d, expected 2" % (" ".join(args), r.returncode))
    for command in ("schema", "template"):
        r = run(command, "--help")
        if r.returncode != 0 or "latest" not in r.stdout:
            fail("hallmark %s --help: exit %d, or no word of the latest version" % (command, r.returncode))


def main():
    check_examples()
    check_quickstart()
    check_bad_inputs()
    check_units()
    check_templates(ECEI, generated_schema(*ECEI))
    quickstart = ["--rules", os.path.join(SRC, "examples/quickstart/labels.rules")]
    check_templates(quickstart, generated_schema(*quickstart))
    check_usage()
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("all schema checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
