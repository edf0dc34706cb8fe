#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Marks the public API of include/hallmark/ with HALLMARK_API (hallmark/export.hpp).

The library is compiled with hidden visibility, so a shared libhallmark exports exactly
what carries HALLMARK_API: every class and struct defined in a public header, and every
function declared there but defined in the library. This script adds the mark where it
is missing; with --check it changes nothing and fails listing what is unmarked (a test
runs it that way, so a new public function cannot be forgotten).

    scripts/annotate_api.py [--check] [SOURCE_DIR]
"""
import pathlib
import re
import sys

MARK = "HALLMARK_API"
# Declarations that are not exported symbols of their own.
NOT_FUNCTIONS = re.compile(
    r"^\s*(inline|template|using|namespace|enum|typedef|static|constexpr|friend\s+constexpr|"
    r"return|if|for|while|switch|case|default|public|private|protected|#|//|/\*|\*|}|\{|\)|:)")
TYPE = re.compile(r"^(\s*)(class|struct)\s+(?!" + MARK + r")([A-Za-z_]\w*)\s*(final\s*)?(:[^;{]*)?\{?\s*$")
ATTRIBUTE = re.compile(r"^(\s*(?:\[\[[^\]]*\]\]\s*)*)(.*)$")


def statement(lines, i):
    """The declaration starting at line i, joined up to its ';' or '{'."""
    text = ""
    for line in lines[i:i + 12]:
        text += " " + line.strip()
        if ";" in line or "{" in line:
            break
    return text


def is_function_declaration(lines, i, depth):
    line = lines[i]
    if not line.strip() or MARK in line or NOT_FUNCTIONS.match(ATTRIBUTE.match(line).group(2)):
        return False
    if depth == 0:
        # At namespace scope: a declaration, not a definition with a body.
        text = statement(lines, i)
        return "(" in text and text.rstrip().endswith(";") and "=" not in text.split("(")[0]
    # In a class: only friends are free functions the class's own mark does not cover.
    stripped = line.strip()
    text = statement(lines, i)
    return stripped.startswith("friend ") and not re.match(r"friend\s+(class|struct)\b", stripped) \
        and text.rstrip().endswith(";") \
        and "{" not in text and not re.search(r"=\s*(default|delete)\s*;", text)


def mark(line):
    if line.strip().startswith("friend "):
        return line.replace("friend ", "friend " + MARK + " ", 1)
    lead, rest = ATTRIBUTE.match(line).groups()
    return lead + MARK + " " + rest


def annotate(text):
    lines = text.split("\n")
    out, missing = [], []
    braces = []  # what each open brace belongs to: "namespace" or "other"
    continuation = False
    for i, line in enumerate(lines):
        code = line.split("//")[0]
        new = line
        if not continuation and not line.lstrip().startswith(("//", "#")):
            m = TYPE.match(line)
            if m and not code.rstrip().endswith(";"):
                new = "%s%s %s %s" % (m.group(1), m.group(2), MARK, line[m.end(2):].lstrip())
            elif is_function_declaration(lines, i, braces.count("other")):
                new = mark(line)
        if new != line:
            missing.append("%d: %s" % (i + 1, line.strip()))
        out.append(new)
        for c in code:
            if c == "{":
                braces.append("namespace" if code.lstrip().startswith("namespace") else "other")
            elif c == "}" and braces:
                braces.pop()
        # A declaration spanning lines is marked on its first line only.
        continuation = bool(code.strip()) and not code.rstrip().endswith((";", "{", "}", ":")) and \
            not line.lstrip().startswith(("#", "//"))
    return "\n".join(out), missing


def with_export_include(text):
    """The header with export.hpp included first among its includes."""
    lines = text.split("\n")
    at = next((i for i, l in enumerate(lines) if l.startswith("#include")), None)
    if at is None:  # after the comment that follows #pragma once
        at = lines.index("#pragma once") + 1
        while lines[at].startswith("//"):
            at += 1
        lines.insert(at, "")
    lines.insert(at, "#include <hallmark/export.hpp>")
    return "\n".join(lines)


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parent.parent)
    unmarked = []
    for header in sorted((root / "include/hallmark").glob("*.hpp")):
        if header.name in ("export.hpp", "version.hpp", "limits.hpp"):
            continue
        text = header.read_text()
        new, missing = annotate(text)
        unmarked += ["%s:%s" % (header.relative_to(root), m) for m in missing]
        if missing and not check:
            if "<hallmark/export.hpp>" not in new:
                new = with_export_include(new)
            header.write_text(new)
    if check and unmarked:
        print("not marked HALLMARK_API (run scripts/annotate_api.py):\n  " + "\n  ".join(unmarked))
        return 1
    print("%d declarations %s" % (len(unmarked), "to mark" if check else "marked"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
