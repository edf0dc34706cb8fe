#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What the `hallmark` command loads when it starts.

    static_command_test.py HALLMARK_CLI SOURCE_DIR

Registered only when the build links the command's C++ runtime, fmt, libsodium and
SQLite statically (cmake/hallmark_static_command.cmake). It asserts the program needs
no shared library but the C library's (readelf -d: libc, libm, the dynamic loader),
imports no symbol versioned by libstdc++ (GLIBCXX_, CXXABI_) or libgcc_s (GCC_), and
still works where each static piece is used: fmt (a diagnostic), libsodium (the input's
SHA-256 in a decision), SQLite (a decision log written, then verified).
Exit 0 when all holds, 1 with what does not.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ALLOWED = {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


def readelf(option, program):
    return subprocess.run(["readelf", option, "--wide", program], capture_output=True, text=True,
                          check=True).stdout


def needed_libraries(program):
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-d", program)))


def foreign_symbol_versions(program):
    versions = set(re.findall(r"Name: ((?:GLIBCXX|CXXABI|GCC)_[0-9.]+)", readelf("-V", program)))
    return sorted(versions)


def run(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, text=True)


def check_it_works(cli, source, problems):
    example = source / "examples" / "quickstart"
    done = run(cli, "eval", "--rules", str(example / "labels.rules"), str(example / "cluster.json"),
               "--format", "json")
    if done.returncode not in (0, 1) or len(json.loads(done.stdout).get("input_sha256", "")) != 64:
        problems.append(f"eval --format json: exit {done.returncode}: {done.stdout[:200]} {done.stderr[:200]}")
    bad = run(cli, "check", str(source / "README.md"))
    if bad.returncode == 0 or "README.md:3:1: error: expected" not in bad.stderr:
        problems.append(f"check of a file that is no rule file: exit {bad.returncode}, {bad.stderr[:200]!r}")
    with tempfile.TemporaryDirectory() as tmp:
        log = pathlib.Path(tmp) / "decisions.db"
        record = run(cli, "eval", "--rules", str(example / "labels.rules"), str(example / "cluster.json"),
                     "--record", str(log))
        verify = run(cli, "verify", str(log))
        if record.returncode not in (0, 1) or verify.returncode != 0:
            problems.append(f"decision log: eval --record exit {record.returncode} ({record.stderr[:200]}), "
                            f"verify exit {verify.returncode} ({verify.stdout[:200]} {verify.stderr[:200]})")


def main():
    cli, source = sys.argv[1], pathlib.Path(sys.argv[2])
    problems = []
    extra = needed_libraries(cli) - ALLOWED
    if extra:
        problems.append(f"the command needs shared libraries beyond the C library's: {sorted(extra)}")
    foreign = foreign_symbol_versions(cli)
    if foreign:
        problems.append(f"the command imports symbols of libstdc++ or libgcc_s: {foreign}")
    check_it_works(cli, source, problems)
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
