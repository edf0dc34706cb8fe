# SPDX-License-Identifier: Apache-2.0
"""examples/python_portfolio.py prints the label distribution the command's batch gives;
the Python steps of docs/bindings.md and the README run as written."""
import collections
import json
import os
import re
import subprocess
import sys

from conftest import RULES_DIR, SOURCE, run_cli

PORTFOLIO = SOURCE / "examples" / "portfolio" / "peers.jsonl"


def test_the_portfolio_example_counts_what_the_batch_decides():
    r = subprocess.run([sys.executable, str(SOURCE / "examples" / "python_portfolio.py")], capture_output=True,
                       text=True, check=True)
    rows = [line.split() for line in r.stdout.splitlines()]
    assert rows[0] == ["country", "gold", "silver", "bronze", "none", "total"]
    printed = {row[0]: [int(n) for n in row[1:]] for row in rows[1:]}

    code, out, err = run_cli("batch", "--methodology", "ECEI", "--rules-dir", RULES_DIR, PORTFOLIO)
    assert code == 0, err
    counts = collections.defaultdict(collections.Counter)
    for line in out.splitlines():
        d = json.loads(line)
        counts[d["cluster"]["country"]][d["label"]] += 1
    expected = {c: [row[label] for label in ("gold", "silver", "bronze", None)] + [sum(row.values())]
                for c, row in counts.items()}
    assert printed.pop("all")[-1] == 600
    assert printed == expected


def python_blocks(path):
    """The ```python blocks of a Markdown file."""
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_the_documented_python_runs(tmp_path):
    blocks = python_blocks(SOURCE / "docs" / "bindings.md") + python_blocks(SOURCE / "README.md")
    assert len(blocks) >= 2
    for block in blocks:
        # From the repository root, as the docs say; the module from PYTHONPATH (build/python).
        r = subprocess.run([sys.executable, "-c", block], cwd=SOURCE, capture_output=True, text=True,
                           env=dict(os.environ))
        assert r.returncode == 0, block + r.stderr


def test_the_documented_c_program(tmp_path):
    # docs/bindings.md's C program, built as the page says (-std=c11 -Wall -Wextra) against
    # the library of this build, prints what `hallmark eval --format json` prints.
    import hallmark
    import shutil
    block = re.findall(r"```c\n(.*?)```", (SOURCE / "docs" / "bindings.md").read_text(encoding="utf-8"), re.S)[0]
    (tmp_path / "program.c").write_text(block)
    library = hallmark._native.library_path()
    subprocess.run([shutil.which("cc") or "cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", str(SOURCE / "include"),
                    str(tmp_path / "program.c"), library, "-Wl,-rpath," + os.path.dirname(os.path.realpath(library)),
                    "-o", str(tmp_path / "program")], check=True)
    r = subprocess.run([str(tmp_path / "program")], cwd=SOURCE, capture_output=True, text=True)
    document = re.search(r'const char\* json = "(.*)";', block).group(1).replace('\\"', '"')
    (tmp_path / "input.json").write_text(document)
    code, out, _ = run_cli("eval", "--format", "json", "--rules", SOURCE / "examples/quickstart/labels.rules",
                           tmp_path / "input.json")
    assert (r.returncode, r.stdout) == (code, out) and code == 0
