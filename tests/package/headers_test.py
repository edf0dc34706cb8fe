#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every public header compiles on its own, warning-free, as a C++20 user's first
include: it includes what it uses and nothing in it trips -Wall -Wextra. The C API's
header, hallmark.h, also compiles as strict C11 (-pedantic) with the system's cc.

    headers_test.py CXX SOURCE_DIR"""
import pathlib
import shutil
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
        # The C header: as C11 by cc, and as C++ (extern "C") by the C++ compiler.
        c_probe = pathlib.Path(tmp) / "probe.c"
        c_probe.write_text("#include <hallmark/hallmark.h>\n")
        for compiler, standard, source in ((shutil.which("cc") or "cc", "-std=c11", c_probe),
                                           (cxx, "-std=c++20", probe)):
            if source is probe:
                probe.write_text("#include <hallmark/hallmark.h>\n")
            r = subprocess.run([compiler, standard, "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only",
                                "-I", str(src / "include"), str(source)], capture_output=True, text=True)
            if r.returncode != 0:
                failures.append("hallmark.h (%s):\n%s" % (standard, r.stderr[-1500:]))
    if len(headers) < 10 or failures:
        print("\n".join(failures) or "found only %d public headers" % len(headers))
        return 1
    print("%d public headers compile alone with -Wall -Wextra -Werror, and hallmark.h as C11 and C++"
          % len(headers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
