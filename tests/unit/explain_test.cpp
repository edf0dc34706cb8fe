// SPDX-License-Identifier: Apache-2.0
// An explanation worked out on the flat plan (every step run, criteria and label parts
// read from its bits) must be the tree's, the reference, in every part: each criterion's
// outcome, tier, points, gold value and error, each label's outcome, reasons, missing
// inputs and error, the award, what the next label lacks, and the decision JSON written
// from it. Random rule sets of every shape the plan takes, the shipped ECEI versions on
// the examples and the portfolio, thresholds hit and missed by the smallest step, missing
// values, values beyond the plan, and a division by zero (which the tree must explain).
#include "test_support.hpp"

#include "bench/splitmix64.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"
#include "engine/run/decision_json.hpp"
#include "engine/run/explain.hpp"
#include "plan_generator.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <sstream>

using namespace hallmark;

namespace {

struct rng : bench::splitmix64 {
    int below(int n) { return static_cast<int>(splitmix64::below(n)); }
};

struct tally {
    int on_plan = 0, by_tree = 0;
};

std::string texts(const std::vector<const std::string*>& items)
{
    std::string out;
    for (const auto* s : items) out += *s + "|";
    return out;
}

std::string parts_text(const std::vector<outcome>& parts)
{
    std::string out;
    for (auto o : parts) out += std::string(to_string(o)) + " ";
    return out;
}

std::string value_text(const engine::value& v)
{
    if (!v.known()) return "unknown";
    if (v.kind == engine::value::tag::boolean) return v.flag ? "true" : "false";
    return v.number.to_string();
}

// The decision line written from an explanation, or the error that stopped it.
std::string written(const engine::program& p, const engine::bound_input& in, const assessment& a, engine::evaluator& ev,
                    const engine::explanation& e)
{
    std::string out;
    try {
        engine::append_decision(p, in, a, ev, e, out);
    } catch (const std::exception& x) {
        return std::string("error: ") + x.what();
    }
    return out;
}

void same_criteria(const engine::program& p, engine::evaluator& plan_ev, engine::evaluator& tree_ev,
                   const engine::explanation& by_plan, const engine::explanation& by_tree)
{
    for (std::uint32_t c = 0; c < p.criteria.size(); ++c) {
        BOOST_TEST_CONTEXT("criterion " << p.criteria[c].id)
        {
            BOOST_TEST(to_string(by_plan.criteria[c].result) == to_string(by_tree.criteria[c].result));
            BOOST_TEST(to_string(by_plan.criteria[c].gold) == to_string(by_tree.criteria[c].gold));
            BOOST_TEST(by_plan.criteria[c].tier == by_tree.criteria[c].tier);
            const auto& x = plan_ev.criterion(c);
            const auto& y = tree_ev.criterion(c);
            BOOST_TEST(to_string(x.result) == to_string(y.result));
            BOOST_TEST(x.tier == y.tier);
            BOOST_TEST(value_text(x.points) == value_text(y.points));
            BOOST_TEST(value_text(x.gold) == value_text(y.gold));
            BOOST_TEST(x.error == y.error);
        }
    }
}

void same_labels(const engine::explanation& by_plan, const engine::explanation& by_tree)
{
    BOOST_TEST(by_plan.awarded == by_tree.awarded);
    BOOST_TEST_REQUIRE(by_plan.labels.size() == by_tree.labels.size());
    for (std::size_t l = 0; l < by_plan.labels.size(); ++l) {
        const auto& x = by_plan.labels[l];
        const auto& y = by_tree.labels[l];
        BOOST_TEST(to_string(x.result) == to_string(y.result), "label " << l);
        BOOST_TEST(x.error == y.error, "label " << l);
        BOOST_TEST(texts(x.because) == texts(y.because), "label " << l);
        BOOST_TEST(x.missing == y.missing, "label " << l);
    }
    BOOST_TEST(texts(by_plan.next_missing) == texts(by_tree.next_missing));
    BOOST_TEST(parts_text(by_plan.parts) == parts_text(by_tree.parts));
}

// One assessment explained both ways; returns whether the plan explained it.
bool compare(const rule_set& rules, const std::string& json, tally& t)
{
    const auto a = read_assessment(json, "explained.json");
    if (!a.ok()) return false;
    const auto& p = engine::program_of(rules);
    const auto bound = engine::bind(p, a.value());
    if (!std::holds_alternative<engine::bound_input>(bound)) return false;
    const auto& in = std::get<engine::bound_input>(bound);
    engine::explanation by_plan, by_tree;
    engine::evaluator plan_ev(p, &in), tree_ev(p, &in);
    engine::explain(p, in, plan_ev, by_plan);  // throws if the plan's two runs disagree
    engine::explain_by_tree(p, in, tree_ev, by_tree);
    BOOST_TEST_CONTEXT(json)
    {
        BOOST_TEST(!by_tree.on_plan);
        same_criteria(p, plan_ev, tree_ev, by_plan, by_tree);
        same_labels(by_plan, by_tree);
        BOOST_TEST(written(p, in, a.value(), plan_ev, by_plan) == written(p, in, a.value(), tree_ev, by_tree));
    }
    ++(by_plan.on_plan ? t.on_plan : t.by_tree);
    return by_plan.on_plan;
}

std::vector<std::string> lines_of(const std::string& path)
{
    std::istringstream in(test_support::slurp(path));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string assessment_on(const std::string& indicators)
{
    return fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{{}}}}})", indicators);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain)

BOOST_AUTO_TEST_CASE(random_shapes_explain_as_the_tree)
{
    rng r{{20261208}};
    tally t;
    int rule_sets = 0, explaining = 0;
    for (int round = 0; round < 300; ++round) {
        plan_generator::generator<rng> g{r};
        const auto text = g.rules();
        const auto compiled = compile_string(text, "shapes.rules");
        if (!compiled.ok()) continue;
        ++rule_sets;
        explaining += engine::program_of(*compiled).fast.explains;
        for (int k = 0; k < 30; ++k) BOOST_TEST_CONTEXT(text) compare(*compiled, g.assessment(), t);
    }
    BOOST_TEST_MESSAGE(
        fmt::format("{} rule sets ({} explained on the plan), {} assessments on the plan, {} on the tree", rule_sets,
                    explaining, t.on_plan, t.by_tree));
    BOOST_TEST(rule_sets >= 200);
    BOOST_TEST(explaining > rule_sets * 8 / 10);
    BOOST_TEST(t.on_plan > (t.on_plan + t.by_tree) * 6 / 10);
    BOOST_TEST(t.by_tree > 0);  // values beyond the plan, divisions by zero
}

BOOST_AUTO_TEST_CASE(ecei_examples_and_portfolio_explain_on_the_plan_as_the_tree)
{
    std::vector<std::string> inputs;
    for (const auto& e : std::filesystem::directory_iterator(test_support::source_path("examples/assessments")))
        if (e.path().extension() == ".json") inputs.push_back(test_support::slurp(e.path()));
    for (auto& line : lines_of(test_support::source_path("examples/portfolio/peers.jsonl")))
        inputs.push_back(std::move(line));
    for (const char* version : {"2013", "2019", "2020"}) {
        const auto compiled = compile_file(test_support::source_path(std::string("rules/ecei/") + version + ".rules"));
        BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
        BOOST_TEST(engine::program_of(*compiled).fast.explains, version);
        tally t;
        for (const auto& json : inputs) compare(*compiled, json, t);
        BOOST_TEST_MESSAGE(fmt::format("{}: {} on the plan, {} on the tree", version, t.on_plan, t.by_tree));
        BOOST_TEST(t.on_plan > 3, version);
        BOOST_TEST(t.by_tree == 0, version);
    }
}

BOOST_AUTO_TEST_CASE(thresholds_missing_values_and_values_beyond_the_plan)
{
    const auto rules = test_support::rules(R"(methodology "EDGE" version "1"
indicator a : count
indicator b : count
indicator x : decimal
indicator y : decimal
criterion P group all
  points 4 when a >= 50% of b
         1.5 when x - y >= 0.25
         0 otherwise
  gold when points >= 4
criterion Q group all
  points 3.5 when x >= 2 * y
         0 otherwise
criterion R group all
  requires a / b >= 0.5
  points 2 when x >= 1
         0 otherwise
label gold
  requires points(all) >= 5.5
  valid 1 year
label silver
  requires gold(P) or points(Q) > 3
  valid 1 year
label bronze
  requires R and complete(all)
  valid 1 year
)");
    BOOST_TEST_REQUIRE(engine::program_of(rules).fast.explains);
    struct row {
        const char* values;
        bool on_plan;
    };
    const row rows[] = {
        {R"("a": 5, "b": 10, "x": 1, "y": 0.5)", true},             // hit exactly
        {R"("a": 4, "b": 10, "x": 0.75, "y": 0.5)", true},          // 0.25 hit exactly
        {R"("a": 4, "b": 10, "x": 0.74999999, "y": 0.5)", true},    // missed by 10^-8
        {R"("a": 5, "b": 10, "x": 0.99999999, "y": 0.5)", true},    // Q missed by 10^-8
        {R"("a": 5, "b": 10, "y": 0.5)", true},                     // x missing
        {R"("b": 10)", true},                                       // most missing
        {R"()", true},                                              // all missing
        {R"("a": 5, "b": 10, "x": 0.999999999, "y": 0.5)", false},  // more places than kept
        {R"("a": 5, "b": 10, "x": 1e30, "y": 0.5)", false},         // beyond the integers
        {R"("a": 5, "b": 0, "x": 1, "y": 0.5)", false},             // a division by zero: its error
        // x missing, y too large for the plan: the tree still computes 2 * y (both sides
        // of a comparison), which overflows at 10^36 and is reported as Q's error.
        {R"("a": 5, "b": 10, "y": 500000000000000000000000000000000000)", false},
        {R"("a": 5, "b": 10, "y": 1e30)", false},  // the same, within the decimals
    };
    tally t;
    for (const auto& r : rows) BOOST_TEST(compare(rules, assessment_on(r.values), t) == r.on_plan, r.values);
}

BOOST_AUTO_TEST_SUITE_END()
