# SPDX-License-Identifier: Apache-2.0
"""Each function of the Python module, and what it does with bad input."""
import datetime
import decimal
import json

import pytest

import hallmark
from conftest import ASSESSMENTS, QUICKSTART, RULES_DIR, SOURCE, run_cli

D = decimal.Decimal


def test_version_is_the_commands():
    code, out, _ = run_cli("--version")
    assert code == 0 and out.strip() == hallmark.version()


def test_compile_file_gives_the_rule_set(quickstart):
    assert (quickstart.name, quickstart.version) == ("QUICKSTART", "1")
    assert quickstart.title == "Quick-start cluster labels"
    assert len(quickstart.sha256) == 64 and quickstart.warnings == ""


def test_compile_string_names_its_source():
    rules = hallmark.compile_string((QUICKSTART / "labels.rules").read_text(), name="mine.rules")
    assert rules.name == "QUICKSTART"
    with pytest.raises(hallmark.CompileError) as e:
        hallmark.compile_string('methodology "T" version "1"\nindicator x: count\ncriterion C requires y > 1\n',
                                name="t.rules")
    d = next(d for d in e.value.diagnostics if d.severity == "error")
    assert (d.source, d.line, d.column, d.message) == ("t.rules", 3, 22, "unknown name 'y'")
    assert "t.rules:3:22: error: unknown name 'y'\n" in e.value.message
    assert e.value.status == "bad input"


def test_compile_errors_are_the_commands(tmp_path):
    bad = tmp_path / "bad.rules"
    bad.write_text('methodology "T" version "1"\nindicator x: count\ncriterion C requires y >\n')
    with pytest.raises(hallmark.CompileError) as e:
        hallmark.compile_file(bad)
    code, _, err = run_cli("eval", "--format", "json", "--rules", bad, QUICKSTART / "cluster.json")
    assert code == 2 and e.value.message == err
    with pytest.raises(hallmark.CompileError, match="missing.rules"):
        hallmark.compile_file(tmp_path / "missing.rules")


def test_evaluate_types_the_decision(quickstart, cluster_text):
    d = quickstart.evaluate(cluster_text)
    assert d["label"] == "bronze" and isinstance(d["label"], str)
    assert d["assessed_on"] == datetime.date(2023, 11, 30)
    assert d["valid_until"] == datetime.date(2026, 5, 31)
    assert d["labels"][0]["outcome"] == "not_met"
    q3 = next(c for c in d["criteria"] if c["id"] == "Q3")
    assert q3["points"] == D("0") and isinstance(q3["points"], D)
    assert q3["values"]["private"] == D("60000.5") and q3["values"]["public_share"] == D("75.9")
    q4 = next(c for c in d["criteria"] if c["id"] == "Q4")
    assert q4["values"] == {"strategy": True, "founded": datetime.date(2009, 4, 1)}
    assert d["points"]["quality"] == {"earned": D("30"), "max": D("40"), "complete": True}
    assert d["cluster"]["country"] == "LT"


def test_a_dict_decides_as_its_text_does(quickstart, cluster_text):
    as_dict = json.loads(cluster_text, parse_float=D)
    assert quickstart.evaluate_json(as_dict) == quickstart.evaluate_json(cluster_text)
    as_dict["indicators"]["founded"] = datetime.date(2009, 4, 1)
    assert quickstart.evaluate_json(as_dict) == quickstart.evaluate_json(cluster_text.encode())


def test_floats_are_refused_not_rounded(quickstart, cluster_text):
    as_dict = json.loads(cluster_text, parse_float=D)
    as_dict["indicators"]["staff"] = 1.5
    with pytest.raises(TypeError, match="indicators.staff"):
        quickstart.evaluate(as_dict)
    as_dict["indicators"]["staff"] = D("NaN")
    with pytest.raises(ValueError, match="indicators.staff"):
        quickstart.evaluate(as_dict)
    with pytest.raises(TypeError):
        quickstart.evaluate(["not", "a", "dict"])


@pytest.mark.parametrize("document", [
    '{"assessed_on": "2024-01-01", "indicators": {"staff": 1.5,,}}',
    '{"assessed_on": "2024-01-01", "indicators": {"staff": true, "bogus": 3}}',
    '{"assessed_on": "2024-02-30", "indicators": {}}',
    '{"assessed_on": "2024-01-01", "indicators": {"participants": -4}}',
])
def test_bad_assessments_give_the_commands_messages(quickstart, tmp_path, document):
    path = tmp_path / "bad.json"
    path.write_text(document)
    with pytest.raises(hallmark.InputError) as e:
        quickstart.evaluate(document, name=str(path))
    code, out, err = run_cli("eval", "--format", "json", "--rules", QUICKSTART / "labels.rules", path)
    assert (code, out) == (2, "") and e.value.message == err
    assert e.value.diagnostics and all(d.source == str(path) for d in e.value.diagnostics)


def test_select_version_by_date_and_name():
    path = hallmark.select_version(RULES_DIR, "ECEI", on=datetime.date(2020, 3, 10))
    assert path.endswith("2019.rules")
    assert hallmark.select_version(RULES_DIR, "ECEI", version="2013").endswith("2013.rules")
    assert hallmark.select_version(RULES_DIR, "ECEI").endswith("2020.rules")
    rules = hallmark.compile_version(RULES_DIR, "ECEI", on=datetime.date(2023, 11, 30))
    assert rules.version == "2020"
    with pytest.raises(hallmark.CompileError) as e:
        hallmark.select_version(RULES_DIR, "ECEI", version="1999")
    code, _, err = run_cli("eval", "--methodology", "ECEI@1999", "--rules-dir", RULES_DIR, QUICKSTART / "cluster.json")
    assert code == 2 and e.value.message == err
    with pytest.raises(TypeError):
        hallmark.select_version(RULES_DIR, "ECEI", on="2020-01-01")


def test_versions_lists_the_directory():
    found = hallmark.versions(RULES_DIR)
    assert [v["version"] for v in found if v["name"] == "ECEI"] == ["2013", "2019", "2020"]
    assert all(isinstance(v["effective"], datetime.date) for v in found)
    with pytest.raises(hallmark.CompileError):
        hallmark.versions(SOURCE / "no-such-directory")


def test_catalogue_schema_and_template_are_the_commands(quickstart):
    c = quickstart.catalogue()
    staff = next(i for i in c["indicators"] if i["id"] == "staff")
    assert staff["type"] == "decimal" and staff["maximum"] == D("1000") and staff["unit"] == "FTE"
    assert c["effective"] == datetime.date(2020, 1, 1)
    rules = QUICKSTART / "labels.rules"
    code, out, _ = run_cli("schema", "--rules", rules)
    assert code == 0 and quickstart.schema() == json.loads(out, parse_float=D)
    for fmt in ("json", "csv", "md"):
        code, out, _ = run_cli("template", "--format", fmt, "--rules", rules)
        assert code == 0 and quickstart.template(fmt) == out
    with pytest.raises(hallmark.InputError, match="json, csv or md"):
        quickstart.template("xml")


def test_the_label_alone_agrees_with_evaluate(quickstart, cluster_text):
    source = json.loads(cluster_text, parse_float=D)
    types = {i["id"]: i["type"] for i in quickstart.catalogue()["indicators"]}
    values = quickstart.input()
    values.set_assessed_on(datetime.date(2023, 11, 30))
    assert values.label() is None
    staff = values.index("staff")
    for name, value in source["indicators"].items():
        if types[name] == "date":
            value = datetime.date.fromisoformat(value)
        if isinstance(value, list):
            continue  # sets have no setter yet: the label path decides without them
        values.set(name, value)
    without_sets = dict(source, indicators={k: v for k, v in source["indicators"].items()
                                            if not isinstance(v, list)}, history=[])
    assert values.label() == quickstart.evaluate(without_sets)["label"]
    values.set(staff, D("0.1"))
    without_sets["indicators"]["staff"] = D("0.1")
    assert values.label() == quickstart.evaluate(without_sets)["label"]
    values.clear("staff")
    assert values.label() is None


def test_the_label_path_refuses_what_does_not_fit(quickstart):
    values = quickstart.input()
    with pytest.raises(hallmark.InputError, match="no indicator 'nope'"):
        values.index("nope")
    with pytest.raises(hallmark.InputError, match="indicators.staff"):
        values.set_decimal("staff", "1,5")
    with pytest.raises(hallmark.InputError):
        values.set("participants", D("2.5"))
    with pytest.raises(hallmark.InputError):
        values.set(999, 1)
    with pytest.raises(TypeError):
        values.set("staff", 1.5)


def test_examples_of_every_file_decide_as_expected():
    expected = {}
    for line in (ASSESSMENTS / "expected.txt").read_text().splitlines():
        name, label, _ = line.split()
        expected[name] = None if label == "none" else label
    for name, label in expected.items():
        text = (ASSESSMENTS / name).read_text()
        on = datetime.date.fromisoformat(json.loads(text)["assessed_on"])
        rules = hallmark.compile_version(RULES_DIR, "ECEI", on=on)
        assert rules.evaluate(text)["label"] == label, name


def test_the_stubs_and_docstrings_cover_the_module():
    import ast
    import inspect
    import pathlib
    stubs = ast.parse(pathlib.Path(hallmark.__file__).with_suffix(".pyi").read_text())
    declared = {node.name for node in stubs.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert set(hallmark.__all__) <= declared
    for name in hallmark.__all__:
        thing = getattr(hallmark, name)
        assert inspect.getdoc(thing), name
        if inspect.isclass(thing):
            for member, value in vars(thing).items():
                if not member.startswith("_") and (callable(value) or isinstance(value, property)):
                    assert inspect.getdoc(value), "%s.%s" % (name, member)
