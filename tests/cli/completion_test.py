#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`hallmark completion SHELL` driven the way each shell drives it.

    completion_test.py HALLMARK_CLI BUILD_DIR

- bash: the script is sourced and its function called with COMP_WORDS as bash sets
  them; subcommands, nested subcommands, options, an option's choices, file names.
- fish: the script is sourced and `complete -C` asks fish what it would offer.
- zsh: the script loads after compinit (through bashcompinit) and registers _hallmark.
- a shell it does not know is a usage error (exit 2).
- `cmake --install` of BUILD_DIR puts the man page (help2man, with a section for every
  command and nested command of --help), the bash and the fish script where those
  shells look for them.
Exit 0 when all holds, 1 with what does not.
"""
import os
import shutil
import subprocess
import sys
import tempfile

CLI = os.path.abspath(sys.argv[1])
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def script(shell):
    r = subprocess.run([CLI, "completion", shell], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("hallmark completion %s: exit %d %s" % (shell, r.returncode, r.stderr))
    path = os.path.join(WORK, "hallmark." + shell)
    with open(path, "w") as f:
        f.write(r.stdout)
    return path


def bash_offers(words):
    """What bash completes for the command line `words` (the last one being typed)."""
    array = " ".join("'%s'" % w for w in words)
    program = 'source "$1"; COMP_WORDS=(%s); COMP_CWORD=%d; _hallmark; printf "%%s\\n" "${COMPREPLY[@]}"' % (
        array, len(words) - 1)
    r = subprocess.run(["bash", "-c", program, "bash", BASH], capture_output=True, text=True, cwd=WORK)
    if r.returncode != 0:
        fail("bash %s: exit %d %s" % (words, r.returncode, r.stderr))
    return set(r.stdout.split())


def check_bash():
    cases = [
        (["hallmark", "ev"], {"eval"}),
        (["hallmark", "log", "sh"], {"show"}),
        (["hallmark", "log", ""], {"show", "list", "export", "import", "override"}),
        (["hallmark", "eval", "--fo"], {"--format"}),
        (["hallmark", "eval", "--format", ""], {"text", "json", "md", "html"}),
        (["hallmark", "eval", "--rules", "lab"], {"labels.rules"}),
        (["hallmark", "eval", "--rules", "labels.rules", "clu"], {"cluster.json"}),
        (["hallmark", "completion", ""], {"cluster.json", "labels.rules"}),
        (["hallmark", "log", "show", "--format", "h"], {"html"}),
    ]
    for words, wanted in cases:
        got = bash_offers(words)
        if not wanted <= got:
            fail("bash %s: offers %s, expected at least %s" % (words, sorted(got), sorted(wanted)))
    if bash_offers(["hallmark", "eval", "--format", "x"]):
        fail("bash offers a --format value starting with x")


def check_fish():
    if not shutil.which("fish"):
        fail("fish is not installed (scripts/bootstrap.sh --tests installs it)")
        return
    fish = script("fish")
    cases = [("hallmark ev", "eval"), ("hallmark log sh", "show"), ("hallmark eval --format ", "json"),
             ("hallmark replay --", "--rules"), ("hallmark eval --rules lab", "labels.rules")]
    for line, wanted in cases:
        r = subprocess.run(["fish", "--no-config", "-c", "source $argv[1]; complete -C$argv[2]", fish, line],
                           capture_output=True, text=True, cwd=WORK)
        offered = [l.split("\t")[0] for l in r.stdout.splitlines()]
        if r.returncode != 0 or wanted not in offered:
            fail("fish %r: offers %s (exit %d %s), expected %s" % (line, offered, r.returncode, r.stderr, wanted))


def check_zsh():
    if not shutil.which("zsh"):
        fail("zsh is not installed (scripts/bootstrap.sh --tests installs it)")
        return
    zsh = script("zsh")
    program = 'autoload -U compinit && compinit -u -D; source "$1"; print -r -- $_comps[hallmark]'
    r = subprocess.run(["zsh", "-f", "-c", program, "zsh", zsh], capture_output=True, text=True, cwd=WORK)
    if r.returncode != 0 or "_hallmark" not in r.stdout:
        fail("zsh: hallmark's completion is %r (exit %d %s)" % (r.stdout.strip(), r.returncode, r.stderr))


def check_usage():
    r = subprocess.run([CLI, "completion", "powershell"], capture_output=True, text=True)
    if r.returncode != 2 or r.stdout:
        fail("hallmark completion powershell: exit %d, output %r" % (r.returncode, r.stdout[:80]))
    r = subprocess.run([CLI, "completion", "--help"], capture_output=True, text=True)
    if r.returncode != 0 or "source <(hallmark completion bash)" not in r.stdout:
        fail("hallmark completion --help: exit %d %r" % (r.returncode, r.stdout[:200]))


def check_installed(build):
    prefix = os.path.join(WORK, "prefix")
    r = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True)
    if r.returncode != 0:
        fail("cmake --install: exit %d %s" % (r.returncode, r.stderr[-500:]))
        return
    for path in ("share/bash-completion/completions/hallmark", "share/fish/vendor_completions.d/hallmark.fish"):
        if not os.path.isfile(os.path.join(prefix, path)):
            fail("not installed: " + path)
    man = os.path.join(prefix, "share/man/man1/hallmark.1")
    if not os.path.isfile(man):
        fail("not installed: share/man/man1/hallmark.1")
        return
    page = open(man, encoding="utf-8").read()
    top = subprocess.run([CLI, "--help"], capture_output=True, text=True).stdout
    commands = [l.split()[0] for l in top.split("Subcommands:")[1].splitlines() if l.startswith("  ")]
    for command in commands + ["log show", "log list"]:
        if '.SS "hallmark %s"' % command not in page:
            fail("the man page has no section for hallmark %s" % command)
    if not page.startswith(".\\\" DO NOT MODIFY THIS FILE!") or ".TH HALLMARK" not in page or "EXIT STATUS" not in page:
        fail("the man page is not help2man's with an EXIT STATUS section: %r" % page[:200])


WORK = tempfile.mkdtemp(prefix="hallmark-completion-")
for name in ("labels.rules", "cluster.json"):
    open(os.path.join(WORK, name), "w").close()
BASH = script("bash")
check_bash()
check_fish()
check_zsh()
check_usage()
check_installed(os.path.abspath(sys.argv[2]))
print("%d failures" % len(failures) if failures else "all completion checks passed")
sys.exit(1 if failures else 0)
