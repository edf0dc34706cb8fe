# SPDX-License-Identifier: Apache-2.0
"""Shared by the pytest suites of the Python module (run by ctest, tests/python/CMakeLists.txt):
where the sources and the command are, and how to run the command."""
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("HALLMARK_SOURCE", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("HALLMARK_CLI", str(SOURCE / "build" / "hallmark"))
QUICKSTART = SOURCE / "examples" / "quickstart"
RULES_DIR = SOURCE / "rules"
ASSESSMENTS = SOURCE / "examples" / "assessments"


def run_cli(*args, cwd=None):
    """The command's (exit code, stdout, stderr)."""
    r = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture(scope="session")
def quickstart():
    import hallmark
    return hallmark.compile_file(QUICKSTART / "labels.rules")


@pytest.fixture(scope="session")
def cluster_text():
    return (QUICKSTART / "cluster.json").read_text(encoding="utf-8")
