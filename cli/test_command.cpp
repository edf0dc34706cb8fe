// SPDX-License-Identifier: Apache-2.0
// `hallmark test`: the test cases written in rule files, the bases' tests a revision
// runs against itself, and what the tests covered (text, JSON, lcov).
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <hallmark/hallmark.hpp>
#include <hallmark/json_writer.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace hallmark::cli {

namespace {

// True when `why` ("line N: expected X, got Y") restates a row marked as not matching.
bool said_by_a_row(const test_result& t, const std::string& why)
{
    for (const auto& r : t.rows)
        if (!r.matches && why.rfind(fmt::format("line {}: expected ", r.line), 0) == 0) return true;
    return false;
}

// A failing test: every expectation beside what the rules decided, mismatches marked.
void print_failure(const std::string& file, const test_result& t)
{
    std::cout << fmt::format("{}:{}: FAIL: {}\n", file, t.line, t.name);
    std::size_t what = 11, expected = 8;
    for (const auto& r : t.rows) {
        what = std::max(what, r.what.size());
        expected = std::max(expected, r.expected.size());
    }
    if (!t.rows.empty()) {
        std::cout << fmt::format("    {:<5} {:<{}}  {:<{}}  {}\n", "line", "expectation", what, "expected", expected,
                                 "actual");
        for (const auto& r : t.rows)
            std::cout << fmt::format("  {} {:<5} {:<{}}  {:<{}}  {}\n", r.matches ? ' ' : 'x', r.line, r.what, what,
                                     r.expected, expected, r.actual);
        if (!t.decided.empty()) std::cout << "    decided: " << t.decided << "\n";
    }
    // Every failure a marked row does not already say: problems that are not about one
    // expectation (a given value that does not fit, ...) and why a row could not match.
    for (const auto& why : t.failures)
        if (!said_by_a_row(t, why)) std::cout << "    " << why << "\n";
}

// `*` matches any run of characters, `?` one character, anything else itself; the
// whole name must match. One star is backtracked to at a time, so the work is at most
// pattern length × name length (std::regex backtracked exponentially on `(a|aa)*c`).
bool glob_match(std::string_view pattern, std::string_view name)
{
    std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (star != std::string_view::npos) {
            p = star + 1;  // let the last star swallow one more character
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

// `--filter`: globs separated by `|`, any of which may match.
bool matches_filter(std::string_view filter, std::string_view name)
{
    for (std::size_t from = 0;;) {
        const auto bar = filter.find('|', from);
        if (glob_match(filter.substr(from, bar - from), name)) return true;
        if (bar == std::string_view::npos) return false;
        from = bar + 1;
    }
}

struct tally {
    std::size_t passed = 0, failed = 0, changed = 0, skipped = 0;
};

const char* status_of(const test_result& t) { return t.passed ? "passed" : t.changes.empty() ? "failed" : "changed"; }

// A base's test the revision decides otherwise: where it is written, what changed.
void print_changed(const std::string& file, const test_result& t)
{
    std::cout << fmt::format("{}:{}: CHANGED: base test \"{}\" ({}) under {}\n", t.source, t.line, t.name, t.origin,
                             file);
    for (const auto& c : t.changes) std::cout << "    " << c << "\n";
}

void print_text(const std::string& file, const test_result& t, bool verbose)
{
    const std::string where = t.origin.empty() ? file : t.source;
    if (t.passed) {
        if (verbose)
            std::cout << fmt::format("{}:{}: ok: {}{}\n", where, t.line, t.name,
                                     t.origin.empty() ? "" : " (base test, " + t.origin + ")");
    } else if (!t.changes.empty()) {
        print_changed(file, t);
    } else {
        print_failure(where, t);
    }
}

void write_result(json_writer& w, const test_result& t)
{
    w.begin_object().key("name").string(t.name).key("file").string(t.source);
    w.key("line").raw_number(std::to_string(t.line)).key("status").string(status_of(t));
    if (!t.origin.empty()) w.key("base").string(t.origin);
    w.key("failures").begin_array();
    if (t.changes.empty())
        for (const auto& f : t.failures) w.string(f);
    w.end_array().key("changes").begin_array();
    for (const auto& c : t.changes) w.string(c);
    w.end_array().end_object();
}

struct file_run {
    std::string file;
    bool compiled = false;
    test_run run;
};

void count(const test_options& o, file_run& fr, tally& n)
{
    auto& results = fr.run.results;
    const auto before = results.size();
    std::erase_if(results,
                  [&](const test_result& t) { return !o.filter.empty() && !matches_filter(o.filter, t.name); });
    n.skipped += before - results.size();
    for (const auto& t : results) {
        if (t.passed) ++n.passed;
        else if (!t.changes.empty()) ++n.changed;
        else ++n.failed;
    }
}

void print_json(const std::vector<file_run>& runs, const tally& n, bool filtered)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("files").begin_array();
    for (const auto& fr : runs) {
        w.begin_object().key("file").string(fr.file).key("compiled").boolean(fr.compiled).key("tests").begin_array();
        for (const auto& t : fr.run.results) write_result(w, t);
        w.end_array();
        if (fr.run.coverage) {
            w.key("coverage");
            fr.run.coverage->write_json(w);
        }
        w.end_object();
    }
    w.end_array();
    w.key("passed").raw_number(std::to_string(n.passed)).key("failed").raw_number(std::to_string(n.failed));
    w.key("changed").raw_number(std::to_string(n.changed));
    if (filtered) w.key("not_matching_filter").raw_number(std::to_string(n.skipped));
    w.end_object();
    std::cout << out << "\n";
}

bool write_lcov(const std::string& path, const std::vector<file_run>& runs)
{
    std::string text;
    for (const auto& fr : runs)
        if (fr.run.coverage) text += fr.run.coverage->lcov();
    if (write_atomically(path, text)) return true;
    std::cerr << fmt::format("{}: error: cannot write the lcov file\n", path);
    return false;
}

}  // namespace

int run_tests(const test_options& o)
{
    tally n;
    bool unreadable = false;
    std::vector<file_run> runs;
    const bool text = o.format == "text";
    for (const auto& f : o.files) {
        const auto compiled = compile_input(f, {});
        if (!compiled) {
            unreadable = true;
            continue;
        }
        file_run fr{f, compiled->ok(), {}};
        if (!compiled->ok()) {
            if (text) std::cout << fmt::format("{}: FAIL: the rules do not compile\n", f);
            ++n.failed;
            runs.push_back(std::move(fr));
            continue;
        }
        fr.run = (*compiled)->run_tests({.coverage = o.coverage || !o.lcov.empty(), .base_tests = o.base_tests});
        count(o, fr, n);
        if (text)
            for (const auto& t : fr.run.results) print_text(f, t, o.verbose);
        runs.push_back(std::move(fr));
    }
    if (text) {
        if (!o.filter.empty()) std::cout << fmt::format("{} not matching --filter\n", n.skipped);
        std::cout << fmt::format(
            "{} passed, {} failed{}\n", n.passed, n.failed,
            n.changed ? fmt::format(", {} base test{} changed by the revision", n.changed, n.changed == 1 ? "" : "s")
                      : "");
        if (o.coverage)
            for (const auto& fr : runs)
                if (fr.run.coverage) std::cout << fr.run.coverage->text();
    } else {
        print_json(runs, n, !o.filter.empty());
    }
    if (!o.lcov.empty() && !write_lcov(o.lcov, runs)) return exit_bad_input;
    if (unreadable) return exit_bad_input;
    return n.failed == 0 ? exit_ok : exit_failed;
}

}  // namespace hallmark::cli
