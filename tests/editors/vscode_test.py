#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The VS Code extension of editors/vscode, built and packaged as a user does, in the
build tree (never in the source tree), then tested without VS Code.

    vscode_test.py SOURCE_DIR WORK_DIR HALLMARK

Copies the extension's sources to WORK_DIR, installs its locked npm packages (`npm ci`,
from npm's cache when it has them), packages it with `npm run package` (esbuild's bundle,
then `vsce package`) and checks the .vsix holds exactly the bundle, the grammar's copy,
the language configuration, the licence and the manifest. Then vscode_test.js loads the
bundle under a stub of `vscode`, activates it against HALLMARK and drives a session
through the client's protocol library (see there).

nodejs and npm are test packages (scripts/bootstrap.sh --tests); without them the test
fails and says so. Exit 77 (skipped) only when npm's registry cannot be reached and the
packages are not in npm's cache; 0 when all holds, 1 otherwise, 2 on bad usage.
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile

SKIP = 77
# What npm and packaging make in editors/vscode (ignored by git): not copied.
MADE = ("node_modules", "dist", "syntaxes", "LICENSE", "*.vsix")
PACKAGED = {"extension.vsixmanifest", "[Content_Types].xml", "extension/package.json",
            "extension/dist/extension.js", "extension/language-configuration.json",
            "extension/syntaxes/hallmark.tmLanguage.json", "extension/LICENSE.txt"}


def run(cmd, cwd, **kw):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=cwd, text=True, **kw)


def copy_sources(src, work):
    """editors/vscode with the grammar and licence its vscode:prepublish copies from
    ../hallmark.tmLanguage.json and ../../LICENSE, in the same layout."""
    ext = os.path.join(work, "editors", "vscode")
    shutil.rmtree(os.path.join(ext, "src"), ignore_errors=True)
    shutil.copytree(os.path.join(src, "editors", "vscode"), ext, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*MADE))
    shutil.copyfile(os.path.join(src, "editors", "hallmark.tmLanguage.json"),
                    os.path.join(work, "editors", "hallmark.tmLanguage.json"))
    shutil.copyfile(os.path.join(src, "LICENSE"), os.path.join(work, "LICENSE"))
    return ext


def install(ext):
    """npm ci, unless node_modules was installed from this very lock file. None or an exit status."""
    lock = open(os.path.join(ext, "package-lock.json"), encoding="utf-8").read()
    stamp = os.path.join(ext, "node_modules", ".installed-from-lock")
    if os.path.exists(stamp) and open(stamp, encoding="utf-8").read() == lock:
        print("node_modules is installed from this package-lock.json")
        return None
    # From npm's cache alone first (quick, and no network when it has every package), then
    # from the registry if it answers.
    ci = ["npm", "ci", "--no-audit", "--no-fund"]
    r = run(ci + ["--offline"], ext, capture_output=True)
    if r.returncode != 0:
        reachable = registry_answers(ext)
        if reachable is not True:
            print(f"SKIP: npm's cache lacks the packages and npm's registry cannot be reached:\n{reachable}")
            return SKIP
        r = run(ci, ext, capture_output=True)
    print(r.stdout + r.stderr)
    if r.returncode != 0:
        print("FAIL: npm ci failed although the registry answers")
        return 1
    with open(stamp, "w", encoding="utf-8") as f:
        f.write(lock)
    return None


def registry_answers(ext):
    """True, or why npm's registry does not answer (one try, no retries)."""
    try:
        r = run(["npm", "ping", "--fetch-retries=0", "--fetch-timeout=20000"], ext, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "npm ping got no answer in 60 seconds"
    return True if r.returncode == 0 else r.stderr.strip()


def check_vsix(ext, vsix):
    failures = []
    if os.path.exists(vsix):
        os.remove(vsix)
    r = run(["npm", "run", "package", "--", "--out", vsix], ext, capture_output=True)
    print(r.stdout[-2000:] + r.stderr[-2000:])
    if r.returncode != 0 or not os.path.exists(vsix):
        return ["npm run package wrote no .vsix"]
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        for name in sorted(names):
            print("  vsix:", name)
        if names != PACKAGED:
            failures.append(f".vsix holds {sorted(names - PACKAGED)} more and lacks {sorted(PACKAGED - names)}")
        manifest = json.loads(z.read("extension/package.json")) if "extension/package.json" in names else {}
        if manifest.get("main") != "./dist/extension.js":
            failures.append(f"the packaged package.json's main is {manifest.get('main')}")
        source_grammar = open(os.path.join(ext, "..", "hallmark.tmLanguage.json"), "rb").read()
        if "extension/syntaxes/hallmark.tmLanguage.json" in names and \
                z.read("extension/syntaxes/hallmark.tmLanguage.json") != source_grammar:
            failures.append("the packaged grammar is not editors/hallmark.tmLanguage.json")
    return failures


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    src, work, hallmark = (os.path.abspath(a) for a in argv[1:])
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        print(f"FAIL: no {' and no '.join(missing)}: run scripts/bootstrap.sh --tests (nodejs, npm)")
        return 1
    ext = copy_sources(src, work)
    status = install(ext)
    if status is not None:
        return status
    failures = check_vsix(ext, os.path.join(work, "hallmark.vsix"))
    for f in failures:
        print("FAIL:", f)
    r = run(["node", os.path.join(os.path.dirname(os.path.abspath(__file__)), "vscode_test.js"), ext, hallmark], work)
    return 1 if failures or r.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
