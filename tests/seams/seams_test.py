#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The build enforces the pipeline's seams (docs/architecture.md, "Seams").

For each case, a one-line source including a header is compiled with exactly the flags
the build uses for a real source of a folder (from compile_commands.json). An include
across a forbidden seam must fail because that header is not found; the
allowed includes beside them must compile, so a failure is the seam and not the probe.

    seams_test.py BUILD_DIR
"""
import json
import pathlib
import shlex
import subprocess
import sys
import tempfile

# (a source of the folder whose flags are used, the include, allowed?)
CASES = [
    ("dsl/parser.cpp", "<hallmark/rule_set.hpp>", False),     # dsl knows nothing of evaluation
    ("dsl/parser.cpp", '"engine/program/program.hpp"', False),
    ("dsl/parser.cpp", '"dsl/grammar.hpp"', True),
    ("engine/values/names.cpp", '"engine/run/evaluate.hpp"', False),
    ("engine/run/evaluate.cpp", '"dsl/grammar.hpp"', False),   # PEGTL stays inside dsl/
    ("engine/run/evaluate.cpp", '"engine/compile/compiler.hpp"', False),
    ("engine/run/evaluate.cpp", '"engine/program/program.hpp"', True),
    ("engine/compile/compile_expr.cpp", '"engine/run/evaluate.hpp"', True),
    ("audit/store.cpp", '"engine/run/evaluate.hpp"', False),  # audit: public headers only
    ("audit/store.cpp", '"engine/values/json_text.hpp"', False),
    ("audit/store.cpp", "<hallmark/rule_set.hpp>", True),
    ("report/decision_report.cpp", '"engine/run/decide.hpp"', False),
    ("report/decision_report.cpp", "<hallmark/decision.hpp>", True),
    ("cli/main.cpp", '"engine/values/json_text.hpp"', False),  # the command: public headers only
    ("cli/main.cpp", '"audit/record.hpp"', False),
    ("cli/main.cpp", "<hallmark/json_writer.hpp>", True),
    ("lsp/server.cpp", '"dsl/grammar.hpp"', False),         # the language server: public headers only
    ("lsp/server.cpp", '"dsl/ast.hpp"', False),
    ("lsp/server.cpp", '"engine/api/rule_set_access.hpp"', False),
    ("lsp/server.cpp", '"lsp/names.hpp"', True),
    ("lsp/server.cpp", "<hallmark/rule_set.hpp>", True),
    ("cli/main.cpp", '"lsp/names.hpp"', False),             # the command sees only lsp/lsp.hpp
    ("cli/main.cpp", '"lsp/lsp.hpp"', True),
]


def command_for(commands, source):
    for c in commands:
        if pathlib.Path(c["file"]).as_posix().endswith("/" + source):
            return c
    raise SystemExit("no compile command for %s in compile_commands.json" % source)


def probe(entry, include, work):
    src = work / "probe.cpp"
    src.write_text("#include %s\nint seam_probe;\n" % include)
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = True
            continue
        out.append(a)
    out += ["-fsyntax-only", str(src)]
    return subprocess.run(out, cwd=entry["directory"], capture_output=True, text=True)


def missing(header, stderr):
    """The compiler said it cannot find `header` (GCC's and clang's wording)."""
    return "%s: No such file or directory" % header in stderr or "'%s' file not found" % header in stderr


def main():
    build = pathlib.Path(sys.argv[1])
    commands = json.loads((build / "compile_commands.json").read_text())
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for source, include, allowed in CASES:
            r = probe(command_for(commands, source), include, pathlib.Path(tmp))
            header = include.strip('<>"')
            if allowed and r.returncode != 0:
                failures.append("%s may include %s, but it failed:\n%s" % (source, include, r.stderr[-800:]))
            elif not allowed and (r.returncode == 0 or not missing(header, r.stderr)):
                failures.append("%s must not see %s, but %s" % (
                    source, include, "it compiled" if r.returncode == 0 else "it failed otherwise:\n" + r.stderr[-800:]))
            else:
                print("ok: %s %s %s" % (source, "includes" if allowed else "cannot include", include))
    if failures:
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
