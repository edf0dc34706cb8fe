#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that set-up stays two commands, as the README promises.

    check_setup.py REPO_ROOT

The README's first two ```sh blocks are one command each: the first runs
scripts/bootstrap.sh (build dependencies only) and then the example, the second runs
scripts/bootstrap.sh --tests and then ctest; .ci/run runs the second word for word.
scripts/bootstrap.sh installs the packages only the tests need (Boost.Test, Python and
its test modules, Chromium and its driver, the Lua engines of bench.ecei_agree, lcov, nodejs and npm) only with
--tests. That the build itself needs none of them is checked by the test
setup.build_without_test_packages (tests/CMakeLists.txt).
Exit 0 when all holds, 1 with what does not, 2 on bad usage.
"""
import os
import re
import sys

TEST_ONLY = {"libboost-test-dev", "python3", "python3-jsonschema", "python3-selenium", "chromium", "chromium-driver",
             "poppler-utils", "liblua5.4-0", "libluajit-5.1-2", "fish", "zsh",
             "python3-cryptography", "python3-cffi", "python3-pytest",
             "lcov", "nodejs", "npm"}


def sh_blocks(readme):
    return re.findall(r"^```sh\n(.*?)^```", readme, re.M | re.S)


def packages(bootstrap, name):
    m = re.search(rf'^{name}="([^"]*)"', bootstrap, re.M)
    return set(m.group(1).split()) if m else None


def problems(repo):
    def read(path):
        with open(os.path.join(repo, path), encoding="utf-8") as f:
            return f.read()

    blocks = [b.strip() for b in sh_blocks(read("README.md"))[:2]]
    if len(blocks) < 2 or any("\n" in b for b in blocks):
        return ["README.md: the first two ```sh blocks must be one command each"]
    build, test = blocks
    found = []
    if not build.startswith("./scripts/bootstrap.sh && build/hallmark eval "):
        found.append(f"README.md: first command is not bootstrap.sh then the example: {build}")
    if not test.startswith("./scripts/bootstrap.sh --tests && ctest "):
        found.append(f"README.md: second command is not bootstrap.sh --tests then ctest: {test}")
    if test not in read(".ci/run").splitlines():
        found.append(f".ci/run does not run the README's test command: {test}")
    bootstrap = read("scripts/bootstrap.sh")
    build_packages, test_packages = packages(bootstrap, "build_packages"), packages(bootstrap, "test_packages")
    if build_packages is None or test_packages is None:
        return found + ["scripts/bootstrap.sh: no build_packages=\"...\" or test_packages=\"...\" line"]
    if build_packages & TEST_ONLY:
        found.append(f"scripts/bootstrap.sh: the build installs test packages {sorted(build_packages & TEST_ONLY)}")
    if TEST_ONLY - test_packages:
        found.append(f"scripts/bootstrap.sh --tests misses {sorted(TEST_ONLY - test_packages)}")
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    found = problems(os.path.abspath(argv[1]))
    for p in found:
        print(f"FAIL {p}")
    if not found:
        print("set-up ok: two commands, .ci/run runs the second")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
