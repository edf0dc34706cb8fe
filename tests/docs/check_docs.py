#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that the examples and outputs in docs/language.md and docs/semantics.md are true.

    check_docs.py REPO_ROOT HALLMARK [DOC.md ...]

REPO_ROOT is the repository (the docs are REPO_ROOT/docs/*.md unless DOC.md files are
given) and HALLMARK the hallmark binary. Exit status 0 when everything matches, 1 with a
list of mismatches otherwise, 2 on bad usage.

Each doc is processed top to bottom in its own temporary directory, which holds links to
REPO_ROOT/examples and REPO_ROOT/rules. An HTML comment on the line just before a fenced
block says what to do with it:

  <!-- prelude -->       the ```hallmark block is the file the later fragments extend
  <!-- file: NAME -->    the block is written to NAME (and not checked by itself)
  <!-- run: COMMAND -->  COMMAND is run by the shell, with `hallmark` on PATH; its stderr
                         followed by its stdout must equal the block
  <!-- checks-base: NAME --> the ```hallmark block is written to NAME, must pass
                         `hallmark check`, and is the base file of the tables of error
                         messages that follow it (see below)

A ```hallmark block without a comment is checked with `hallmark check` (no error, no
warning) and, when it has tests, `hallmark test`: as it stands when it starts with
`methodology`, otherwise appended to the prelude (plus a label when it declares none,
to avoid the "no label" warning).

SHA-256 hashes (64 hex digits) change with every edit of an example file, so `run`
outputs are compared with every hash masked. The hashes are still checked for
consistency: a hash written twice in a doc must be printed the same both times, and
two different hashes must be printed different. A hash whose value is out of date is
reported as a note, without failing.

Tables of error messages: after a `checks-base` block, every table whose last column is
headed `message` is checked row by row. The cell before the message is the example: one
or more code spans separated by ` / `, each a line added at the end of the base file.
A first line starting with a criterion clause (`requires`, `points`, `gold`, `advice`)
becomes `criterion T ...`. A criterion the row declares replaces the base's criterion
of the same name, and labels the row declares replace all the labels of the base. A line starting with `methodology` starts a file of its
own, without the base (the first such file is the one checked; the others are written
next to it). A few examples described in words are generated (see GENERATED). The file
is checked with `hallmark check` and the message must appear in the output as
`: error: MESSAGE` (or `: warning: ...` for a message starting with `warning:`) at the
end of a line.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

HASH = re.compile(r"\b[0-9a-f]{64}\b")
DIRECTIVE = re.compile(r"\s*<!--\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^```(\w*)\s*$")
DUMMY_LABEL = '\nlabel doc_check "added by the checker" requires 1 = 1 valid 1 year\n'
CRITERION_CLAUSES = ("requires", "points", "gold", "advice")


class Checker:
    def __init__(self, repo, hallmark, tmp):
        self.repo = repo
        self.hallmark = hallmark
        self.tmp = tmp
        self.failures = []
        self.notes = []
        self.counts = {}
        self.doc_to_actual = {}
        self.actual_to_doc = {}
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        link = os.path.join(bindir, "hallmark")
        try:
            os.symlink(hallmark, link)
        except OSError:
            shutil.copy2(hallmark, link)
        self.env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), LC_ALL="C")

    # ---- helpers -------------------------------------------------------------------

    def fail(self, where, text):
        self.failures.append(f"{where}: {text}")

    def run(self, args, cwd):
        r = subprocess.run(args, cwd=cwd, capture_output=True, encoding="utf-8", errors="replace",
                           env=self.env, shell=isinstance(args, str))
        return r.returncode, r.stderr + r.stdout

    def count(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1

    # ---- one doc -------------------------------------------------------------------

    def check_doc(self, path):
        rel = os.path.relpath(path, self.repo)
        work = os.path.join(self.tmp, re.sub(r"\W", "_", rel))
        os.makedirs(work)
        for d in ("examples", "rules"):
            if os.path.isdir(os.path.join(self.repo, d)):
                os.symlink(os.path.join(self.repo, d), os.path.join(work, d))
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        prelude = None
        base = None  # (name, text) of the latest checks-base
        directive = None
        table = None  # the header cells of the table being read
        i = 0
        while i < len(lines):
            line = lines[i]
            where = f"{rel}:{i + 1}"
            m = DIRECTIVE.match(line)
            if m:
                directive = m.group(1)
                i += 1
                continue
            if line.startswith("## "):
                base = None
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
                if table is None:
                    table = cells
                elif not re.fullmatch(r"[-:| ]+", line) and table[-1] == "message":
                    if base is None:
                        self.fail(where, "a table of messages with no checks-base before it")
                    else:
                        self.check_row(where, cells, base, work)
                i += 1
                continue
            table = None
            m = FENCE.match(line)
            if not m:
                if line.strip():
                    directive = None
                i += 1
                continue
            lang = m.group(1)
            start = i + 1
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                i += 1
            if i == len(lines):
                self.fail(where, "unclosed code block")
                break
            body = "\n".join(lines[start:i]) + "\n"
            i += 1
            if directive is None:
                if lang == "hallmark":
                    prelude = self.check_example(where, body, prelude, work, start)
            elif directive == "prelude":
                prelude = self.check_example(where, body, None, work, start, is_prelude=True)
            elif directive.startswith("file:"):
                self.write(work, directive.split(":", 1)[1].strip(), body)
                self.count("files written")
            elif directive.startswith("run:"):
                self.check_run(where, directive.split(":", 1)[1].strip(), body, work)
            elif directive.startswith("checks-base:"):
                name = directive.split(":", 1)[1].strip()
                self.write(work, name, body)
                rc, out = self.run([self.hallmark, "check", name], work)
                if rc != 0 or ": error:" in out or ": warning:" in out:
                    self.fail(where, f"the checks base {name} does not pass `hallmark check`:\n{out}")
                base = (name, body)
                self.count("files written")
            else:
                self.fail(where, f"unknown directive <!-- {directive} -->")
            directive = None

    @staticmethod
    def write(work, name, text):
        full = os.path.join(work, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)

    # ---- ```hallmark examples ------------------------------------------------------

    def check_example(self, where, body, prelude, work, line, is_prelude=False):
        """Checks one example; returns the prelude for the examples that follow."""
        self.count("rule examples")
        if is_prelude:
            text = body + DUMMY_LABEL
        elif re.match(r"(\s*#.*\n|\s*\n)*\s*methodology\b", body):
            text = body
        elif prelude is None:
            self.fail(where, "a fragment before any <!-- prelude --> block")
            return prelude
        else:
            text = prelude + "\n" + body
            if not re.search(r"^(replace\s+)?label\s", body, re.M):
                text += DUMMY_LABEL
        name = f"example_{line}.rules"
        self.write(work, name, text)
        rc, out = self.run([self.hallmark, "check", name], work)
        if rc != 0 or ": error:" in out or ": warning:" in out:
            self.fail(where, f"`hallmark check` of this example (as {name}) reports:\n{indent(out)}")
        elif re.search(r'^\s*test\s+"', body, re.M):
            rc, out = self.run([self.hallmark, "test", name], work)
            if rc != 0:
                self.fail(where, f"`hallmark test` of this example (as {name}) reports:\n{indent(out)}")
        return body if is_prelude else prelude

    # ---- <!-- run: --> -------------------------------------------------------------

    def check_run(self, where, cmd, expected, work):
        self.count("command outputs")
        _, actual = self.run(cmd, work)
        if HASH.sub("<sha256>", actual) != HASH.sub("<sha256>", expected):
            diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                "in the doc", "printed"))
            self.fail(where, f"the output of `{cmd}` differs (hashes masked):\n{indent(diff)}")
            return
        for d, a in zip(HASH.findall(expected), HASH.findall(actual)):
            a0, seen_a = self.doc_to_actual.setdefault(d, (a, where))
            d0, seen_d = self.actual_to_doc.setdefault(a, (d, where))
            if a0 != a:
                self.fail(where, f"`{cmd}` prints {a} where the doc has {d}, but at {seen_a} "
                                 f"the same hash of the doc stands for {a0}")
            elif d0 != d:
                self.fail(where, f"`{cmd}` prints {a} where the doc has {d}, but at {seen_d} "
                                 f"the doc writes that printed hash as {d0}")
            elif d != a:
                self.notes.append(f"{where}: hash {d} is now {a} (not an error; update it when convenient)")

    # ---- tables of messages --------------------------------------------------------

    def check_row(self, where, cells, base, work):
        self.count("error messages")
        if len(cells) < 2:
            self.fail(where, "a table row with fewer than two cells")
            return
        m = re.fullmatch(r"`(.+)`", cells[-1])
        if not m:
            self.fail(where, f"the message cell is not a code span: {cells[-1]}")
            return
        message = m.group(1)
        files = self.row_files(where, cells[-2], base)
        if files is None:
            return
        # The first file is checked in the work folder (so that a revision finds the
        # doc's base files there); any others go with it and are removed afterwards.
        written = []
        for name, text in files:
            self.write(work, name, text)
            written.append(name)
        rc, out = self.run([self.hallmark, "check", files[0][0]], work)
        for name in written[1:]:
            os.remove(os.path.join(work, name))
        if message.startswith("warning: "):
            pattern = re.escape(": " + message) + "$"
        else:
            pattern = re.escape(": error: " + message) + "$"
        if not re.search(pattern, out, re.M):
            shown = "".join(f"--- {n}\n{t}" for n, t in files)
            self.fail(where, f"the message `{message}` is not printed for this example.\n"
                             f"{indent(shown)}  hallmark check printed:\n{indent(out)}")

    GENERATED = {
        "a 65-character name": lambda base: [base + "indicator " + "x" * 65 + " : count\n"],
        "65 nested parentheses": lambda base: [base + "let d = " + "(" * 65 + "1" + ")" * 65 + "\n"],
        "a file with criteria and no label": lambda base: [drop_blocks(base, r"label\s")],
        "a file not starting with the header": lambda base: [drop_blocks(base, r"methodology\s")],
    }

    def row_files(self, where, cell, base):
        name, text = base
        if cell in self.GENERATED:
            return [(name, t) for t in self.GENERATED[cell](text)]
        if not re.fullmatch(r"`[^`]+`( / `[^`]+`)*", cell):
            self.fail(where, f"the example cell is neither code spans joined by ' / ' nor a "
                             f"description the checker knows (see GENERATED): {cell}")
            return None
        lines = re.findall(r"`([^`]+)`", cell)
        if lines[0].split()[0] in CRITERION_CLAUSES:
            lines[0] = "criterion T " + lines[0]
        own, files = [], []
        for line in lines:
            if line.startswith("methodology"):
                files.append([line])
            elif files:
                files[-1].append(line)
            else:
                own.append(line)
        first = text
        for line in own:
            m = re.match(r"criterion\s+(\w+)", line)
            if m:
                first = drop_blocks(first, r"criterion\s+" + re.escape(m.group(1)) + r"\b")
            elif re.match(r"label\s", line):
                first = drop_blocks(first, r"label\s")
        out = []
        if own or not files:
            out.append((name, first + "".join(l + "\n" for l in own)))
        stem, ext = os.path.splitext(name)
        for k, f in enumerate(files):
            out.append((name if not out else f"{stem}_{k + 1}{ext}", "".join(l + "\n" for l in f)))
        return out


def drop_blocks(text, start):
    """The text without the declarations whose first line matches `start`: that line and
    the indented lines after it."""
    out, dropping = [], False
    for line in text.splitlines(True):
        if line.strip() and not line[0].isspace():
            dropping = re.match(start, line) is not None
        if not dropping:
            out.append(line)
    return "".join(out)


def indent(text):
    return "".join("    " + l for l in text.splitlines(True)) if text else "    (nothing)\n"


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    repo = os.path.abspath(argv[1])
    hallmark = os.path.abspath(argv[2])
    docs = [os.path.abspath(d) for d in argv[3:]] or [os.path.join(repo, "docs", d) for d in ("language.md", "semantics.md")]
    if not os.access(hallmark, os.X_OK):
        print(f"check_docs.py: {hallmark} is not an executable", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hallmark-docs-") as tmp:
        c = Checker(repo, hallmark, tmp)
        for d in docs:
            c.check_doc(d)
    for n in c.notes:
        print(f"note: {n}")
    summary = ", ".join(f"{v} {k}" for k, v in c.counts.items())
    if c.failures:
        print(f"{len(c.failures)} mismatch(es) between the docs and hallmark:\n")
        for f in c.failures:
            print(f"FAIL {f}")
        print(f"checked: {summary}")
        return 1
    print(f"docs ok: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
