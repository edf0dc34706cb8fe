# SPDX-License-Identifier: Apache-2.0
"""The module as `cmake --install` puts it in a prefix (package.install): it finds the
installed libhallmark_c by itself and decides the quickstart as the command does."""
import os
import subprocess
import sys

from conftest import SOURCE


def test_the_installed_module_decides():
    code = ("import sys, hallmark; r = hallmark.compile_file(sys.argv[1]); "
            "sys.stdout.write(r.evaluate_json(open(sys.argv[2]).read())); print(hallmark.__file__, file=sys.stderr)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HALLMARK_LIBRARY")}
    env["PYTHONPATH"] = os.environ["HALLMARK_PREFIX_PYTHON"]
    quickstart = SOURCE / "examples" / "quickstart"
    r = subprocess.run([sys.executable, "-c", code, str(quickstart / "labels.rules"), str(quickstart / "cluster.json")],
                       capture_output=True, text=True, env=env, cwd="/")
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith(os.environ["HALLMARK_PREFIX_PYTHON"])
    assert r.stdout == (SOURCE / "tests" / "golden" / "quickstart_cluster.json").read_text()
