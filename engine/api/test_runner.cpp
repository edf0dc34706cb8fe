// SPDX-License-Identifier: Apache-2.0
// `test` cases written in rule files: given values, expected decisions.
#include <hallmark/rule_set.hpp>

#include "engine/api/coverage.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/api/test_runner.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace hallmark {
namespace {

using engine::program;

std::string show_label(const decision& d)
{
    if (!d.label) return "no label";
    return *d.label + (d.valid_until ? " valid until " + d.valid_until->to_string() : "");
}

std::string label_reasons(const decision& d)
{
    std::vector<std::string> parts;
    for (const auto& l : d.labels)
        parts.push_back(
            fmt::format("{} {}{}", l.id, to_string(l.result),
                        l.because.empty() ? "" : " (" + fmt::format("{}", fmt::join(l.because, ", ")) + ")"));
    return fmt::format("{}", fmt::join(parts, "; "));
}

void add_row(test_result& r, const ast::expectation& e, std::string what, std::string expected, std::string actual)
{
    const bool matches = expected == actual;
    r.rows.push_back({e.pos.line, std::move(what), std::move(expected), std::move(actual), matches});
}

void check_label(const ast::expectation& e, const decision& d, test_result& r)
{
    const std::optional<std::string> want = e.target.empty() ? std::nullopt : std::optional(e.target);
    const bool same = d.label == want && (!e.valid_until || d.valid_until == e.valid_until);
    std::string wanted = want ? *want : "no label";
    if (e.valid_until) wanted += " valid until " + e.valid_until->to_string();
    // Validity is compared only when the test states it.
    add_row(r, e, "label", wanted, same ? wanted : show_label(d));
    if (!same)
        r.failures.push_back(
            fmt::format("line {}: expected {}, got {} [{}]", e.pos.line, wanted, show_label(d), label_reasons(d)));
}

void check_criterion(const ast::expectation& e, const decision& d, test_result& r)
{
    auto it = std::find_if(d.criteria.begin(), d.criteria.end(), [&](const auto& c) { return c.id == e.target; });
    if (it == d.criteria.end()) {
        add_row(r, e, "criterion " + e.target, e.outcome, "absent");
        r.failures.push_back(fmt::format("line {}: there is no criterion '{}'", e.pos.line, e.target));
        return;
    }
    std::string why = it->missing.empty() ? "" : fmt::format(", missing {}", fmt::join(it->missing, ", "));
    if (!it->error.empty()) why += ", " + it->error;
    const std::string got = to_string(it->result);
    r.rows.push_back({e.pos.line, "criterion " + e.target, e.outcome,
                      got == e.outcome ? got : got + (why.empty() ? "" : " (" + why.substr(2) + ")"),
                      got == e.outcome});
    if (got != e.outcome)
        r.failures.push_back(
            fmt::format("line {}: expected criterion {} {}, got {}{}", e.pos.line, e.target, e.outcome, got, why));
    if (!e.points) return;
    const std::string scored = it->points ? it->points->to_string() : "no points";
    add_row(r, e, "criterion " + e.target + " points", e.points->to_string(), scored);
    if (it->points != e.points)
        r.failures.push_back(fmt::format("line {}: expected criterion {} to score {}, got {}", e.pos.line, e.target,
                                         e.points->to_string(), scored));
}

void check_points(const ast::expectation& e, const decision& d, test_result& r)
{
    auto it = std::find_if(d.points.begin(), d.points.end(), [&](const auto& g) { return g.group == e.target; });
    if (it == d.points.end()) {
        add_row(r, e, "points " + e.target, e.points->to_string(), "no points");
        r.failures.push_back(fmt::format("line {}: group '{}' has no points", e.pos.line, e.target));
        return;
    }
    const std::string got = it->earned.to_string() + (it->complete ? "" : " (incomplete)");
    add_row(r, e, "points " + e.target, e.points->to_string(), got);
    if (!it->complete || it->earned != *e.points)
        r.failures.push_back(
            fmt::format("line {}: expected {} points in {}, got {}", e.pos.line, e.points->to_string(), e.target, got));
}

// The expected value written the way `show` writes the actual one. A plain number
// for a percentage counts in percentage points, as in `given`.
std::string expected_text(const program& p, const ast::literal& l, const engine::type& t, std::string& problem)
{
    if (l.missing) return "unknown";
    const ast::expr& e = l.value.kind == ast::expr_kind::negate ? l.value.args[0] : l.value;
    const bool negative = &e != &l.value;
    switch (e.kind) {
    case ast::expr_kind::number: {
        if (!e.unit.empty() && e.unit != t.unit) {
            problem = fmt::format("the expected value is in {}, but the value is in {}", e.unit,
                                  t.unit.empty() ? "no unit" : t.unit);
            return (negative ? "-" : "") + e.number.to_string() + " " + e.unit;
        }
        decimal d = t.percent && !e.flag ? e.number / decimal::from_int(100) : e.number;
        return engine::show(p, engine::value::of(negative ? -d : d), t);
    }
    case ast::expr_kind::boolean: return e.flag ? "true" : "false";
    case ast::expr_kind::date: return e.date_value.to_string();
    case ast::expr_kind::string: return "\"" + e.text + "\"";
    case ast::expr_kind::set: {
        std::vector<std::string> items;
        for (const auto& item : e.args) items.push_back(item.text);
        std::sort(items.begin(), items.end());
        return fmt::format("{{{}}}", fmt::join(items, ", "));
    }
    default: problem = "an expected value must be a literal"; return {};
    }
}

void check_value(const program& p, const ast::expectation& e, const engine::bound_input& in, test_result& r)
{
    engine::evaluator ev(p, &in);
    const int let = p.find_let(e.target);
    const int ind = p.find_indicator(e.target);
    if (let < 0 && ind < 0) {
        r.rows.push_back({e.pos.line, "value " + e.target, "a value", "no such let or indicator", false});
        r.failures.push_back(fmt::format("line {}: '{}' is neither a let nor an indicator", e.pos.line, e.target));
        return;
    }
    const engine::type t = let >= 0 ? p.lets[let].static_type : p.indicators[ind].static_type;
    const engine::value got = let >= 0 ? ev.eval(p.lets[let].node) : in.values[ind];
    std::string problem;
    const std::string want = expected_text(p, e.value, t, problem);
    const std::string have = engine::show(p, got, t);
    if (!problem.empty()) {
        // The row shows what came out; the problem says why the two cannot be compared.
        r.rows.push_back({e.pos.line, "value " + e.target, want, have, false});
        r.failures.push_back(fmt::format("line {}: {}", e.pos.line, problem));
        return;
    }
    add_row(r, e, "value " + e.target, want, have);
    if (want != have)
        r.failures.push_back(fmt::format("line {}: expected {} = {}, got {}", e.pos.line, e.target, want, have));
}

test_result run_one(const program& p, const ast::test_decl& t, engine::coverage_collector* coverage)
{
    test_result r;
    r.name = t.name;
    r.source = t.pos.file < p.files.size() ? p.files[t.pos.file].path : std::string();
    r.line = t.pos.line;
    if (t.pos.file > 0 && t.pos.file <= p.lineage.size()) r.origin = p.lineage[t.pos.file - 1];
    assessment a = engine::test_assessment(p, t, r.failures);
    auto bound = engine::bind(p, a);
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&bound)) {
        for (const auto& d : *problems) r.failures.push_back(d.message);
        return r;
    }
    const auto& in = std::get<engine::bound_input>(bound);
    decision d;
    try {
        d = engine::decide(p, in, a, coverage);
    } catch (const arithmetic_error& e) {
        r.failures.push_back(std::string("the label's validity cannot be computed: ") + e.what());
        return r;
    }
    if (coverage) {
        coverage->labels(d);
        coverage->test_done();
    }
    for (const auto& e : t.expectations) {
        switch (e.kind) {
        case ast::expectation_kind::label: check_label(e, d, r); break;
        case ast::expectation_kind::criterion: check_criterion(e, d, r); break;
        case ast::expectation_kind::group_points: check_points(e, d, r); break;
        case ast::expectation_kind::value: check_value(p, e, in, r); break;
        }
    }
    if (t.expectations.empty()) r.failures.push_back("the test expects nothing; add an 'expect' line");
    r.decided = show_label(d) + "; " + label_reasons(d);
    r.passed = r.failures.empty();
    return r;
}

// A base's test run against the revision: what it expects and the revision decides
// otherwise is a change the revision made, reported as such rather than as a failure.
void as_base_test(test_result& r)
{
    if (r.passed) return;
    for (const auto& row : r.rows)
        if (!row.matches)
            r.changes.push_back(
                row.actual == "absent"
                    ? fmt::format("expects {} {}; this revision has no {}", row.what, row.expected, row.what)
                    : fmt::format("expects {} {}; this revision decides {}", row.what, row.expected, row.actual));
    // Problems that are not one expectation: a value the revision no longer accepts, ...
    for (const auto& f : r.failures) {
        const bool said = std::any_of(r.rows.begin(), r.rows.end(), [&](const test_row& row) {
            return !row.matches && f.rfind(fmt::format("line {}: ", row.line), 0) == 0;
        });
        if (!said) r.changes.push_back("cannot run as written: " + f);
    }
}

}  // namespace

std::vector<test_result> rule_set::run_tests() const { return run_tests(test_options{}).results; }

test_run rule_set::run_tests(const test_options& options) const
{
    test_run out;
    const auto& p = engine::program_of(*this);
    if (!p.tests_read)
        throw std::logic_error("rule_set::run_tests: the rule set was compiled without its tests "
                               "(compile_options::read_tests is false)");
    std::optional<engine::coverage_collector> coverage;
    if (options.coverage) coverage.emplace(p);
    engine::coverage_collector* watch = coverage ? &*coverage : nullptr;
    for (const auto& t : p.tests) out.results.push_back(run_one(p, t, watch));
    if (options.base_tests || p.with_base_tests)
        for (const auto& t : p.base_tests) {
            out.results.push_back(run_one(p, t, watch));
            as_base_test(out.results.back());
        }
    if (coverage) out.coverage = coverage->report();
    return out;
}

}  // namespace hallmark
