#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every public header compiles on its own, warning-free, as a C++20 user's first
include: it includes what it uses and nothing in it trips -Wall -Wextra.

    headers_test.py CXX SOURCE_DIR"""
import pathlib
import subprocess
import sys
import tempfile


def main():
    cxx, src = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = []
    headers = sorted((src / "include/hallmark").glob("*.hpp"))
    with tempfile.TemporaryDirectory() as tmp:
        probe = pathlib.Path(tmp) / "probe.cpp"
        for h in headers:
            probe.write_text("#include <hallmark/%s>\n" % h.name)
            r = subprocess.run([cxx, "-std=c++20", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                                "-I", str(src / "include"), str(probe)], capture_output=True, text=True)
            if r.returncode != 0:
                failures.append("%s:\n%s" % (h.name, r.stderr[-1500:]))
    if len(headers) < 10 or failures:
        print("\n".join(failures) or "found only %d public headers" % len(headers))
        return 1
    print("%d public headers compile alone with -Wall -Wextra -Werror" % len(headers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
