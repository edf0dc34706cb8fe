#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks editors/hallmark.tmLanguage.json, the TextMate grammar of the rule language.

Usage: grammar_test.py SOURCE_DIR (Python 3 stdlib only; exit 0 on success, 1 on failure).
A small TextMate tokenizer (match/captures, begin/end, includes of #repository and $self; line by
line, leftmost match first, earlier pattern on a tie, a region's end before its patterns) runs the
grammar over every shipped rule file. Checked: every non-blank character gets a scope other than
meta.* (plain names get variable.other.hallmark); every keyword of dsl/grammar.hpp (the kw_ rules
and other keyword literals) and built-in function of engine/compile/compile_builtins.cpp is highlighted as
one alone and wherever it occurs in the files (a declared name right after its keyword may be
entity.name.*); comments and strings swallow keywords; units follow the grammar; the VS Code
extension's package.json copies the grammar when it is packaged and is sound.
"""
import json
import pathlib
import re
import sys

KEYWORDISH = ("keyword.", "storage.", "support.", "constant.language", "variable.language")
ROOT_SCOPE = "source.hallmark"
failures = []


def fail(msg):
    failures.append(msg)


class Tokenizer:
    def __init__(self, grammar):
        self.grammar = grammar
        self.repo = grammar.get("repository", {})
        self.cache = {}

    def regex(self, text):
        if text not in self.cache:
            self.cache[text] = re.compile(text)
        return self.cache[text]

    def expand(self, patterns, seen=()):
        """The rules of a pattern list, with includes replaced by what they name."""
        out = []
        for p in patterns:
            inc = p.get("include")
            if inc is None:
                out.append(p)
                continue
            target = self.grammar if inc in ("$self", "$base") else self.repo[inc[1:]]
            if id(target) in seen:
                continue
            if "match" in target or "begin" in target:
                out.append(target)
            else:
                out.extend(self.expand(target.get("patterns", []), seen + (id(target),)))
        return out

    @staticmethod
    def paint(scopes, m, base, name, captures):
        """Give the characters of match m the scopes base + name, then those of the captures."""
        outer = base + ([name] if name else [])
        for i in range(m.start(), m.end()):
            scopes[i] = list(outer)
        for group, cap in sorted((captures or {}).items(), key=lambda kv: int(kv[0])):
            if m.start(int(group)) >= 0 and cap.get("name"):
                for i in range(m.start(int(group)), m.end(int(group))):
                    scopes[i].append(cap["name"])

    def tokenize(self, lines):
        """Yield, for each line, one list of scopes per character."""
        stack = [(self.grammar, [ROOT_SCOPE])]  # open regions: (rule, scopes inside it)
        for line in lines:
            text = line + "\n"  # as editors feed lines to the grammar
            scopes = [None] * len(text)
            pos, steps = 0, 0
            while pos < len(text):
                steps += 1
                if steps > 10 * len(text) + 100:
                    raise RuntimeError("tokenizer loops on: " + line)
                rule, base = stack[-1]
                best, best_rule = None, None
                if "end" in rule:  # the end wins a tie with the region's patterns
                    best, best_rule = self.regex(rule["end"]).search(text, pos), "end"
                for p in self.expand(rule.get("patterns", [])):
                    m = self.regex(p.get("match") or p["begin"]).search(text, pos)
                    if m and (best is None or m.start() < best.start()):
                        best, best_rule = m, p
                if best is None:
                    break
                for i in range(pos, best.start()):
                    scopes[i] = list(base)
                if best_rule == "end":
                    caps = rule.get("endCaptures", rule.get("captures"))
                    self.paint(scopes, best, base, None, caps)
                    stack.pop()
                elif "match" in best_rule:
                    self.paint(scopes, best, base, best_rule.get("name"), best_rule.get("captures"))
                else:
                    caps = best_rule.get("beginCaptures", best_rule.get("captures"))
                    self.paint(scopes, best, base, best_rule.get("name"), caps)
                    inner = base + [n for n in (best_rule.get("name"), best_rule.get("contentName")) if n]
                    stack.append((best_rule, inner))
                if best.end() > pos:
                    pos = best.end()
                elif best_rule == "end" or "begin" in best_rule:
                    pass  # an empty end or begin changes the stack: progress
                else:
                    scopes[pos] = scopes[pos] or list(base)
                    pos += 1
            base = stack[-1][1]
            yield [s if s is not None else list(base) for s in scopes[: len(line)]]


def significant(scopes):
    return [s for s in scopes if s != ROOT_SCOPE and not s.startswith("meta.")]


def keywordish(scopes):
    return any(s.startswith(KEYWORDISH) for s in significant(scopes))


def in_comment_or_string(scopes):
    return any(s.startswith(("comment.", "string.")) for s in scopes)


def grammar_words(src):
    """Keywords of dsl/grammar.hpp, each with a line to try it in, and the built-in functions."""
    hpp = (src / "dsl/grammar.hpp").read_text()
    words = {w: w for w in re.findall(r'struct\s+kw_\w+\s*:\s*tok<TAO_PEGTL_KEYWORD\("(\w+)"\)>', hpp)}
    if len(words) < 20:
        fail("dsl/grammar.hpp: found only %d kw_ rules; did their form change?" % len(words))
    groups = {}
    for struct, body in re.findall(r"struct\s+(\w+)\s*:((?:(?!\bstruct\b).)*?)\{\s*\};", hpp, re.S):
        for w in re.findall(r'TAO_PEGTL_(?:STRING|KEYWORD)\("([A-Za-z_]\w*)"\)', body):
            groups.setdefault(struct, set()).add(w)
            if w not in words:  # words outside the kw_ rules: say where they are used
                words[w] = {"duration_unit": "2 " + w, "outcome": "expect criterion C1 " + w}.get(struct, w)
    cpp = (src / "engine/compile/compile_builtins.cpp").read_text()
    builtins = re.findall(r'\{"([a-z_]+)",\s*\d+,', cpp)
    if len(builtins) < 10:
        fail("engine/compile/compile_builtins.cpp: found only %d built-in functions" % len(builtins))
    return words, builtins, groups


def scopes_of(tok, line, word):
    """The scopes of the characters of `word` in a one-line text (its last occurrence)."""
    start, scopes = line.rindex(word), next(tok.tokenize([line]))
    return [scopes[i] for i in range(start, start + len(word))]


def check_words(tok, words, builtins, groups):
    for word, line in sorted(words.items()):
        scopes = scopes_of(tok, line, word)
        if not all(keywordish(s) for s in scopes):
            fail("keyword %r is not highlighted as a keyword in %r: %s" % (word, line, significant(scopes[0])))
    for f in builtins:
        line = "let x = %s(y)" % f
        if not all("support.function.builtin.hallmark" in s for s in scopes_of(tok, line, f)):
            fail("built-in %r is not support.function.builtin in %r" % (f, line))
    # The calls pattern takes any name before "(" (so a new built-in needs no grammar
    # change), but never a keyword there: `not (a or b)` is an operator and a group.
    for word in ("not", "and", "or", "in", "of", "if", "then", "else", "when", "otherwise"):
        line = "requires x %s (y)" % word
        if any(scope.startswith("support.function") for s in scopes_of(tok, line, word) for scope in s):
            fail("keyword %r before a parenthesis is highlighted as a call in %r" % (word, line))
    # Any name after a number is its unit, except the words the grammar excludes.
    not_units = groups.get("reserved_word", set()) | groups.get("clause_word", set())
    for word in sorted(not_units | groups.get("duration_unit", set())):
        if any("keyword.other.unit.hallmark" in s for s in scopes_of(tok, "x = 1 " + word, word)):
            fail("%r after a number is highlighted as a unit, but the grammar never reads it as one" % word)
    for line, word in (("x >= 0.5 FTE", "FTE"), ("x = 33.3 %", "%"), ("x = 2 years", "years")):
        if not any(s.startswith("keyword.other.unit") for s in scopes_of(tok, line, word)[0]):
            fail("%r in %r is not highlighted as a unit" % (word, line))


def check_swallowing(tok):
    line = '# criterion C1 requires x and "y" # 2020-01-01'
    if not all(any(s.startswith("comment.line.number-sign") for s in c) for c in next(tok.tokenize([line]))):
        fail("a comment does not cover the whole line: %r" % line)
    line = 'advice "requires x and not \\"criterion\\" # no comment \\t" requires'
    end = line.rindex('"') + 1
    scopes = next(tok.tokenize([line]))
    for i in range(line.index('"'), end):
        if "string.quoted.double.hallmark" not in scopes[i] or keywordish(scopes[i]):
            fail("column %d of %r: %s, expected a plain string" % (i + 1, line, scopes[i]))
            break
    escapes = [i for m in re.finditer(r"\\.", line) for i in (m.start(), m.start() + 1)]
    if not all("constant.character.escape.hallmark" in scopes[i] for i in escapes):
        fail("the escapes in %r are not constant.character.escape" % line)
    if not keywordish(scopes[-1]) or in_comment_or_string(scopes[-1]):
        fail("the string in %r does not end at its closing quote" % line)


def check_file(tok, path, rel, words, builtins):
    lines = path.read_text(encoding="utf-8").split("\n")
    gaps, misses = [], []
    word_re = re.compile(r"(?<![A-Za-z0-9_])(%s)(?![A-Za-z0-9_])" % "|".join(sorted(words, key=len, reverse=True)))
    call_re = re.compile(r"(?<![A-Za-z0-9_.])(%s)(?=\s*\()" % "|".join(builtins))
    for n, (line, scopes) in enumerate(zip(lines, tok.tokenize(lines)), 1):
        bare = "".join(" " if ch.isspace() or significant(s) else ch for ch, s in zip(line, scopes))
        for m in re.finditer(r"\S+", bare):
            gaps.append("%s:%d:%d: %r has no scope" % (rel, n, m.start() + 1, m.group()))
        for m in list(word_re.finditer(line)) + list(call_re.finditer(line)):
            s = scopes[m.start()]
            if in_comment_or_string(s):
                continue
            is_call = m.re is call_re
            ok = ("support.function.builtin.hallmark" in s) if is_call else (
                keywordish(s) or any(x.startswith("entity.name.") for x in s))
            if not ok:
                misses.append("%s:%d:%d: %s %r is %s" % (rel, n, m.start() + 1, "call" if is_call else "keyword",
                                                          m.group(1), significant(s) or "unscoped"))
    for what, items in (("scope gaps", gaps), ("keywords not highlighted", misses)):
        if items:
            fail("%s: %d %s, the first: \n    %s" % (rel, len(items), what, "\n    ".join(items[:5])))
    return len(lines)


def check_vscode(src, grammar):
    # The extension's grammar is a copy made when it is packaged (vscode:prepublish), not a
    # second file in the repository: its script must copy the one grammar to the path read.
    editors = src / "editors"
    copy = editors / "vscode/syntaxes/hallmark.tmLanguage.json"
    pkg_path = editors / "vscode/package.json"
    pkg = json.loads(pkg_path.read_text())
    script = pkg.get("scripts", {}).get("vscode:prepublish", "")
    if "copyFileSync('../hallmark.tmLanguage.json', 'syntaxes/hallmark.tmLanguage.json')" not in script:
        fail("package.json: vscode:prepublish does not copy ../hallmark.tmLanguage.json to syntaxes/")
    # The package keeps only what .vscodeignore lets through (tests/editors/vscode_test.py
    # packages it and reads the .vsix).
    ignore = (editors / "vscode/.vscodeignore").read_text().splitlines()
    if "!syntaxes/hallmark.tmLanguage.json" not in ignore:
        fail(".vscodeignore: the package leaves out syntaxes/hallmark.tmLanguage.json")
    contributes = pkg.get("contributes", {})
    langs = [l for l in contributes.get("languages", []) if l.get("id") == "hallmark"]
    if not langs or ".rules" not in langs[0].get("extensions", []):
        fail("package.json: no language 'hallmark' with the extension .rules")
    for conf in (pkg_path.parent / lang.get("configuration", "missing") for lang in langs):
        if not conf.is_file() or json.loads(conf.read_text()).get("comments", {}).get("lineComment") != "#":
            fail("package.json: language configuration %s is missing or has no lineComment '#'" % conf)
    grammars = contributes.get("grammars", [])
    if not any(g.get("language") == "hallmark" and g.get("scopeName") == grammar["scopeName"]
               and (pkg_path.parent / g.get("path", "missing")).resolve() == copy.resolve() for g in grammars):
        fail("package.json: no grammar for 'hallmark' with scopeName %s and path ./syntaxes/%s"
             % (grammar["scopeName"], copy.name))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: grammar_test.py SOURCE_DIR")
    src = pathlib.Path(sys.argv[1]).resolve()
    grammar = json.loads((src / "editors/hallmark.tmLanguage.json").read_text())
    if grammar.get("scopeName") != ROOT_SCOPE or grammar.get("fileTypes") != ["rules"]:
        fail("the grammar's scopeName must be %s and its fileTypes ['rules']" % ROOT_SCOPE)
    tok = Tokenizer(grammar)
    words, builtins, groups = grammar_words(src)
    check_words(tok, words, builtins, groups)
    check_swallowing(tok)
    files = sorted(set(src.glob("rules/**/*.rules")) | set(src.glob("examples/**/*.rules"))
                   | set(src.glob("tests/corpus/ok/*.rules")))
    if not files:
        fail("no rule files found under %s" % src)
    lines = sum(check_file(tok, f, f.relative_to(src), words, builtins) for f in files)
    check_vscode(src, grammar)
    print("editors grammar: %d keywords and %d built-in functions from the sources, %d rule files, %d lines"
          % (len(words), len(builtins), len(files), lines))
    for f in failures:
        print("FAIL:", f)
    print("grammar_test: %s" % ("%d failure(s)" % len(failures) if failures else "OK"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
