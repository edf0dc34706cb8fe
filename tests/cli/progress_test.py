#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The progress line of the long commands, seen on a pseudo-terminal.

    progress_test.py HALLMARK_CLI SOURCE_DIR

Each of `batch`, `diff --corpus`, `verify`, `replay` and `log import` runs twice: with
standard error on a pseudo-terminal (Python's pty) and with it on a pipe. On the
terminal the last progress line is always drawn: it names the total (records of the
log, or bytes of the input file) and a percentage, and ends in a newline. On the pipe
no progress text appears at all. Standard output and output files are byte-identical
in both runs, and with the progress lines taken out, the terminal's other messages are
exactly the pipe's: a message never runs into the line. `replay` also runs with both
standard output and standard error on one terminal, and `batch` reads `-` too (no total
then while it runs: a count and a rate). Nothing depends on timing: a fast
run draws only the final line, and only that is asserted.
Exit 0 when all holds, 1 with what does not.
"""
import errno
import fcntl
import json
import os
import pathlib
import pty
import re
import select
import subprocess
import struct
import sys
import tempfile
import termios

CLI = os.path.abspath(sys.argv[1])
SOURCE = pathlib.Path(sys.argv[2]).resolve()
RULES = SOURCE / "rules"
EXAMPLES = SOURCE / "examples" / "assessments"
TASKS = ("batch", "diff", "verify", "replay", "import")
# A progress line: erased and redrawn in place, "TASK: ..." up to the next redraw or newline.
LINE = re.compile(r"\r\x1b\[K(?:(?:%s): [^\r\n]*(?:\r?\n)?)?" % "|".join(TASKS))
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def read_terminal(master, process):
    """Everything written to the terminal until the command exits and closes it."""
    data = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            process.kill()
            fail("timed out reading the terminal")
            break
        try:
            chunk = os.read(master, 65536)
        except OSError as e:  # EIO: the command has exited and closed the terminal
            if e.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        data += chunk
    return data


def run(args, cwd, terminal, stdin=None, columns=0):
    """(exit status, stdout bytes, stderr text). terminal: None (pipes), "stderr" (stderr on a
    pseudo-terminal, stdout to a file) or "both" (both on one pseudo-terminal; stdout empty)."""
    out_path = os.path.join(cwd, "stdout.%s" % terminal)
    with open(out_path, "wb") as out, open(stdin or os.devnull, "rb") as given:
        if terminal is None:
            r = subprocess.run([CLI] + args, cwd=cwd, stdin=given, stdout=out, stderr=subprocess.PIPE,
                               timeout=120)
            status, err = r.returncode, r.stderr.decode()
        else:
            master, slave = pty.openpty()
            if columns:  # rows, columns, and pixels (unused)
                fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
            p = subprocess.Popen([CLI] + args, cwd=cwd, stdin=given,
                                 stdout=slave if terminal == "both" else out, stderr=slave)
            os.close(slave)
            # The terminal turns "\n" into "\r\n"; the messages are compared without that.
            err = read_terminal(master, p).decode().replace("\r\n", "\n")
            os.close(master)
            status = p.wait(timeout=120)
    return status, pathlib.Path(out_path).read_bytes(), err


def files_of(cwd, names):
    return {n: (pathlib.Path(cwd) / n).read_bytes() for n in names if (pathlib.Path(cwd) / n).exists()}


def check(task, args, cwd, total, detail="", outputs=(), setup=None, terminal="stderr", stdin=None, columns=0):
    """Runs `args` on a terminal and on pipes; `total` is a regex of what the last line counts,
    `detail` of what it adds after the percentage. With `stdin` (a file read as `-`) there is
    no total while the work runs: a count and a rate. With `columns`, the terminal is that
    wide and no line may fill it (it would wrap), so `total` is not checked."""
    results = {}
    for mode in (terminal, None):
        if setup:
            setup()
        results[mode] = run(args, cwd, mode, stdin, columns) + (files_of(cwd, outputs),)
    (t_status, t_out, t_err, t_files), (p_status, p_out, p_err, p_files) = results[terminal], results[None]
    name = "%s (%s on a terminal)" % (" ".join(args[:2]), terminal)
    if t_status != p_status:
        fail("%s: exit %d on a terminal, %d on a pipe" % (name, t_status, p_status))
    if terminal != "both" and t_out != p_out:
        fail("%s: standard output differs with a terminal" % name)
    if t_files != p_files or len(p_files) != len(outputs):
        fail("%s: output files differ with a terminal (or are missing): %s" % (name, sorted(p_files)))
    lines = [m.group(0) for m in LINE.finditer(t_err) if m.group(0) != "\r\x1b[K"]
    last = r"\r\x1b\[K%s: %s \(100%%\)%s, in \d+:\d\d\n$" % (task, total, detail)
    if columns:
        last = r"\r\x1b\[K%s: .{1,%d}\n$" % (task, columns - 3 - len(task))
        if any(len(line.strip("\r\n")) - 3 >= columns for line in lines):
            fail("%s: a progress line as wide as the terminal (%d columns): %r" % (name, columns, lines))
    if not lines or not re.match(last, lines[-1]):
        fail("%s: the last progress line is not %r: %r" % (name, last, lines[-1:] or t_err[-300:]))
    for line in lines[:-1]:  # drawn while the work ran, if it took long enough to draw any
        if stdin is None and not re.search(r"\(\d{1,3}%\)", line):
            fail("%s: a progress line without a percentage: %r" % (name, line))
        if stdin is not None and (not re.search(r": \d+ \w+(, [^,]*)?(, \d+/s)?$", line.rstrip()) or "%" in line):
            fail("%s: a progress line of standard input is not a count and a rate: %r" % (name, line))
    if "\r" in p_err or "\x1b" in p_err or re.search(r"^(%s): " % "|".join(TASKS), p_err, re.M):
        fail("%s: progress text on a pipe: %r" % (name, p_err[:300]))
    messages = LINE.sub("", t_err)
    expected = p_out.decode() + p_err if terminal == "both" else p_err
    # With both on one terminal, the order of the two streams' lines is the terminal's.
    same = sorted(messages.splitlines()) == sorted(expected.splitlines()) if terminal == "both" else messages == expected
    if not same or "\r" in messages or "\x1b" in messages:
        fail("%s: the terminal's messages are not the pipe's:\n%r\n%r" % (name, messages[:600], expected[:600]))
    print("ok: %s: %r" % (name, lines[-1].strip()))


def corpus(cwd, copies):
    """The example assessments as JSON Lines, `copies` times over, and two bad rows."""
    rows = [json.dumps(json.loads(p.read_text())) for p in sorted(EXAMPLES.glob("*.json"))]
    text = "\n".join(rows * copies) + "\n{\"not\": \"an assessment\"}\nnot JSON\n"
    path = pathlib.Path(cwd) / "corpus.jsonl"
    path.write_text(text)
    return path, len(rows) * copies + 2


def make_log(cwd):
    count = 0
    for rounds in range(2):
        for p in sorted(EXAMPLES.glob("*.json")):
            r = subprocess.run([CLI, "eval", "--methodology", "ECEI", "--rules-dir", str(RULES), str(p), "--record",
                                "decisions.log", "--format", "json"], cwd=cwd, capture_output=True)
            if r.returncode not in (0, 1):
                sys.exit("eval --record %s: exit %d %s" % (p, r.returncode, r.stderr.decode()))
            count += 1
    return count


def main():
    with tempfile.TemporaryDirectory() as cwd:
        path, rows = corpus(cwd, 150)
        size = r"[\d.]+ [kMG]?B"
        check("batch", ["batch", "--methodology", "ECEI", "--rules-dir", str(RULES), "corpus.jsonl", "--out",
                        "decisions.jsonl", "--summary"], cwd,
              r"(%s)/\1" % size, ", %d assessments, 2 with errors" % rows, outputs=["decisions.jsonl"])
        check("batch", ["batch", "--methodology", "ECEI", "--rules-dir", str(RULES), "corpus.jsonl"], cwd,
              r"(%s)/\1" % size, ", %d assessments, 2 with errors" % rows)
        check("batch", ["batch", "--methodology", "ECEI", "--rules-dir", str(RULES), "corpus.jsonl"], cwd, "",
              columns=40)
        check("batch", ["batch", "--methodology", "ECEI", "--rules-dir", str(RULES), "-"], cwd,
              r"%d assessments" % rows, ", 2 with errors", stdin=path)
        check("diff", ["diff", str(RULES / "ecei/2019.rules"), str(RULES / "ecei/2020.rules"), "--corpus",
                       "corpus.jsonl", "--format", "json"], cwd, r"(%s)/\1" % size, ", %d rows" % rows)
        records = make_log(cwd)
        check("verify", ["verify", "decisions.log"], cwd, r"%d/%d records" % (records, records))
        check("replay", ["replay", "decisions.log"], cwd, r"%d/%d records replayed" % (records, records))
        check("replay", ["replay", "decisions.log", "--rules", str(RULES / "ecei/2019.rules")], cwd, r"%d/%d records replayed" % (records, records),
              terminal="both")
        subprocess.run([CLI, "log", "export", "decisions.log", "--out", "export.jsonl"], cwd=cwd, check=True)

        def no_copy():
            (pathlib.Path(cwd) / "copy.log").unlink(missing_ok=True)

        check("import", ["log", "import", "export.jsonl", "copy.log"], cwd, r"%d/%d records" % (records, records),
              outputs=["copy.log"], setup=no_copy)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
