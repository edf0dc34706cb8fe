#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when a source file we own does not name its licence.

    check_spdx.py REPO_ROOT

Every C++ or JavaScript file, CMake file, shell or Python script (a file starting with `#!` counts as a
script) must carry `SPDX-License-Identifier: Apache-2.0` in a comment on its first line,
or on its second line after a shebang: the licence stays with a file copied on its own.
Build trees (any directory holding a CMakeCache.txt) and hidden directories other than
.ci are skipped, so files CMake generates are not checked, and so are what npm installs
and bundles (node_modules/ and dist/ of editors/vscode, ignored by git). Exit 0 when every file has
the line, 1 with the files that do not, 2 on bad usage.
"""
import os
import sys

CPP = (".cpp", ".hpp", ".h", ".js")
HASH = (".cmake", ".py", ".sh")
NPM_OUTPUT = ("node_modules", "dist")
SPDX = "SPDX-License-Identifier: Apache-2.0"


def comment_mark(path, first_line):
    """The comment a licence line of this file starts with, or None if it is no source file."""
    name = os.path.basename(path)
    if name.endswith(CPP):
        return "//"
    if name.endswith(HASH) or name == "CMakeLists.txt" or first_line.startswith("#!"):
        return "#"
    return None


def check(path):
    """(is it a source file, why it lacks its licence line or None)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [f.readline().rstrip("\n") for _ in range(2)]
    except (UnicodeDecodeError, OSError):
        return False, None  # binary data, not source
    mark = comment_mark(path, lines[0])
    if mark is None:
        return False, None
    expected = f"{mark} {SPDX}"
    where = 1 if lines[0].startswith("#!") else 0
    if lines[where] != expected:
        return True, f"line {where + 1} should be '{expected}'"
    return True, None


def source_files(root):
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if (not d.startswith(".") or d == ".ci")
                         and d not in NPM_OUTPUT and not os.path.exists(os.path.join(top, d, "CMakeCache.txt")))
        for name in sorted(files):
            yield os.path.join(top, name)


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    failures, checked = [], 0
    for path in source_files(root):
        is_source, why = check(path)
        checked += is_source
        if why:
            failures.append(f"{os.path.relpath(path, root)}: {why}")
    for f in failures:
        print(f"FAIL {f}")
    if failures:
        print(f"{len(failures)} file(s) without the licence line")
        return 1
    print(f"licence lines ok: {checked} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
