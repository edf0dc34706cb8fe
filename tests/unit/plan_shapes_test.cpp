// SPDX-License-Identifier: Apache-2.0
// The flat plan's second stage (points tiers, gold thresholds, `or`, linear forms, sets,
// dates and history, quantifiers) must decide exactly as the tree evaluator does, the
// reference: random rule sets of those shapes, their thresholds hit and missed by the
// smallest step, values missing or beyond the plan's integers; the shipped ECEI rules
// wholly on the plan; and what stays on the tree named with a reason.
#include "test_support.hpp"

#include "bench/splitmix64.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"
#include "plan_generator.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <set>

using namespace hallmark;

namespace {

struct rng : bench::splitmix64 {
    int below(int n) { return static_cast<int>(splitmix64::below(n)); }
};

struct outcome_of_case {
    bool bound = false, on_plan = false;
    int plan = -1, tree = -1;
};

// Plan and tree on one assessment, with and without vector compares, and the full
// decision (which checks the two agree itself, throwing if not).
outcome_of_case both_ways(const rule_set& rules, const std::string& json)
{
    const auto a = read_assessment(json, "generated.json");
    BOOST_TEST_REQUIRE(a.ok(), json);
    const auto& p = engine::program_of(rules);
    const auto bound = engine::bind(p, a.value());
    if (!std::holds_alternative<engine::bound_input>(bound)) return {};
    const auto& in = std::get<engine::bound_input>(bound);
    outcome_of_case out{true, engine::decided_on_plan(p, in), engine::decide_label(p, in),
                        engine::decide_label_by_tree(p, in)};
    if (out.on_plan)
        BOOST_TEST(engine::plan_label(p.fast, in.fast, true) == engine::plan_label(p.fast, in.fast, false));
    const auto decided = rules.evaluate(a.value()).value().label;
    BOOST_TEST(decided.value_or("none") == (out.tree < 0 ? "none" : p.labels[out.tree].id), json);
    return out;
}

std::string gaps_of(const engine::plan& pl)
{
    std::string out;
    for (const auto& g : pl.coverage.gaps) out += g.what + ": " + g.why + "\n";
    return out;
}

const char* assessment_on(const char* indicators)
{
    static std::string text;
    text = fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{{}}}}})", indicators);
    return text.c_str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan_shapes)

BOOST_AUTO_TEST_CASE(random_shapes_decide_as_the_tree)
{
    rng r{{20261207}};
    int rule_sets = 0, cases = 0, on_plan = 0;
    std::set<int> labels;
    for (int round = 0; round < 400; ++round) {
        plan_generator::generator<rng> g{r};
        const auto text = g.rules();
        const auto compiled = compile_string(text, "shapes.rules");
        if (!compiled.ok()) continue;  // e.g. two labels with the same requirements
        ++rule_sets;
        const auto& pl = engine::program_of(*compiled).fast;
        BOOST_TEST_REQUIRE(pl.complete, text << gaps_of(pl));
        for (int k = 0; k < 40; ++k) {
            const auto json = g.assessment();
            const auto got = both_ways(*compiled, json);
            if (!got.bound) continue;
            BOOST_TEST(got.plan == got.tree, text << json);
            ++cases;
            on_plan += got.on_plan;
            labels.insert(got.tree);
        }
    }
    BOOST_TEST_MESSAGE(fmt::format("{} rule sets, {} assessments, {} on the plan", rule_sets, cases, on_plan));
    BOOST_TEST(rule_sets >= 300);
    BOOST_TEST(on_plan > cases * 8 / 10);  // the rest: values beyond the plan's integers
    BOOST_TEST(on_plan < cases);
    BOOST_TEST(labels.size() == 4U);  // every label and none occur
}

BOOST_AUTO_TEST_CASE(shipped_ecei_versions_decide_wholly_on_the_plan)
{
    const std::string dir = std::string(HALLMARK_SOURCE_DIR);
    for (const char* version : {"2013", "2019", "2020"}) {
        const auto loaded = compile_file(dir + "/rules/ecei/" + version + ".rules");
        BOOST_TEST_REQUIRE(loaded.ok(), loaded.render());
        const auto& pl = engine::program_of(*loaded).fast;
        BOOST_TEST(pl.complete, version << "\n" << gaps_of(pl));
        BOOST_TEST(pl.coverage.criteria_on_plan == pl.coverage.criteria, version);
        BOOST_TEST(pl.coverage.label_parts_on_plan == pl.coverage.label_parts, version);
        int examples = 0;
        for (const auto& input : std::filesystem::directory_iterator(dir + "/examples/assessments")) {
            if (input.path().extension() != ".json") continue;
            const auto got = both_ways(*loaded, test_support::slurp(input.path()));
            if (!got.bound) continue;  // another version's indicators
            BOOST_TEST(got.on_plan, input.path());
            BOOST_TEST(got.plan == got.tree, input.path());
            ++examples;
        }
        BOOST_TEST(examples >= 4, version);
    }
}

BOOST_AUTO_TEST_CASE(thresholds_hit_exactly_and_missed_by_the_smallest_step)
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
label gold
  requires points(all) >= 5.5
  valid 1 year
label silver
  requires gold(P) or points(Q) > 3
  valid 1 year
)");
    const auto& pl = engine::program_of(rules).fast;
    BOOST_TEST_REQUIRE(pl.complete, gaps_of(pl));
    struct row {
        const char* values;
        const char* label;
        bool on_plan;
    };
    const row rows[] = {
        {R"("a": 5, "b": 10, "x": 1, "y": 0.5)", "gold", true},               // 4 + 3.5, both hit exactly
        {R"("a": 4, "b": 10, "x": 0.75, "y": 0.5)", "none", true},            // 1.5 + 0: 0.25 hit exactly
        {R"("a": 4, "b": 10, "x": 0.74999999, "y": 0.5)", "none", true},      // missed by 10^-8
        {R"("a": 4, "b": 9, "x": 1, "y": 0.5)", "silver", true},              // 4 < 4.5: 1.5 + 3.5 = 5
        {R"("a": 5, "b": 10, "x": 0.99999999, "y": 0.5)", "silver", true},    // Q missed by 10^-8
        {R"("a": 5, "b": 10, "y": 0.5)", "silver", true},                     // x missing: Q not assessable
        {R"("a": 5, "b": 10, "x": 0.999999999, "y": 0.5)", "silver", false},  // more places than kept: the tree
        {R"("a": 5, "b": 10, "x": 1e30, "y": 0.5)", "gold", false},           // beyond the integers: the tree
    };
    for (const auto& r : rows) {
        const auto got = both_ways(rules, assessment_on(r.values));
        BOOST_TEST_REQUIRE(got.bound, r.values);
        BOOST_TEST(got.on_plan == r.on_plan, r.values);
        BOOST_TEST(got.plan == got.tree, r.values);
        const auto& labels = engine::program_of(rules).labels;
        BOOST_TEST((got.tree < 0 ? std::string("none") : labels[got.tree].id) == r.label, r.values);
    }
}

// The tree rounds a quotient to 18 places; the plan compares x with c·y, which is the
// same only while y·10^places(c) stays below 2·10^18. Beyond, the record goes to the tree.
BOOST_AUTO_TEST_CASE(ratios_compare_as_the_rounded_quotient)
{
    const auto rules = test_support::rules(R"(methodology "RATIO" version "1"
indicator a : count
indicator b : count
criterion HALF group all
  requires a / b >= 0.5
criterion TWO_THIRDS group all
  requires a / b >= 0.666666666666666667
label gold
  requires all(all)
  valid 1 year
label silver
  requires HALF
  valid 1 year
)");
    BOOST_TEST_REQUIRE(engine::program_of(rules).fast.complete, gaps_of(engine::program_of(rules).fast));
    struct row {
        const char* values;
        const char* label;
        bool on_plan;
    };
    const row rows[] = {
        {R"("a": 1, "b": 2)", "silver", false},  // 2·10^18 is the bound itself: the tree decides
        {R"("a": 2, "b": 3)", "gold", false},    // 2/3 rounds up onto the constant: only the tree sees it
        {R"("a": 1, "b": 0)", "none", true},     // a division by zero is unknown
        {R"("a": 1)", "none", true},             // b missing
    };
    for (const auto& r : rows) {
        const auto got = both_ways(rules, assessment_on(r.values));
        BOOST_TEST_REQUIRE(got.bound, r.values);
        BOOST_TEST(got.on_plan == r.on_plan, r.values);
        BOOST_TEST(got.plan == got.tree, r.values);
        const auto& labels = engine::program_of(rules).labels;
        BOOST_TEST((got.tree < 0 ? std::string("none") : labels[got.tree].id) == r.label, r.values);
    }
    const auto half = test_support::rules(R"(methodology "HALF" version "1"
indicator a : count
indicator b : count
criterion HALF group all
  requires a / b >= 0.5
label gold
  requires HALF
  valid 1 year
)");
    for (const char* values : {R"("a": 5, "b": 10)", R"("a": 4, "b": 9)", R"("a": 5, "b": 9)"}) {
        const auto got = both_ways(half, assessment_on(values));
        BOOST_TEST(got.on_plan, values);
        BOOST_TEST(got.plan == got.tree, values);
    }
}

// Steps run only as labels need them, and a label is given up at its first failing part:
// here gold fails on all(core) before its points are computed, and silver and bronze
// then need those points' steps, which were grouped under gold's part.
BOOST_AUTO_TEST_CASE(labels_given_up_early_leave_later_labels_exact)
{
    const auto rules = test_support::rules(R"(methodology "LAZY" version "1"
indicator a : count
indicator b : count
indicator c : boolean
criterion P group all
  points 5 when a >= 10 and b >= 2
         3 when a >= 5 or b >= 5
         0 otherwise
  gold when points >= 5
criterion Q group all, core
  requires b >= 1 and c
label gold
  requires all(core) and points(all) >= 5
  valid 1 year
label silver
  requires gold(P) or a >= 100
  valid 1 year
label bronze
  requires complete(core) and not (points(P) < 3)
  valid 1 year
)");
    const auto& pl = engine::program_of(rules).fast;
    BOOST_TEST_REQUIRE(pl.complete, gaps_of(pl));
    std::set<engine::plan_step::kind> kinds;
    for (const auto& st : pl.steps) kinds.insert(st.how);
    BOOST_TEST(kinds.count(engine::plan_step::kind::all_in_word) == 1U);  // `and` as one mask test
    BOOST_TEST(kinds.count(engine::plan_step::kind::any_in_word) == 1U);  // `or` likewise
    BOOST_TEST(pl.group_ends.size() == pl.needs.size());
    std::set<std::string> labels;
    for (const char* a : {"4", "5", "9", "10", "100", ""})
        for (const char* b : {"0", "1", "2", "4", "5", ""})
            for (const char* c : {"true", "false", ""}) {
                std::vector<std::string> fields;
                if (*a) fields.push_back(fmt::format(R"("a": {})", a));
                if (*b) fields.push_back(fmt::format(R"("b": {})", b));
                if (*c) fields.push_back(fmt::format(R"("c": {})", c));
                const auto values = fmt::format("{}", fmt::join(fields, ", "));
                const auto got = both_ways(rules, assessment_on(values.c_str()));
                BOOST_TEST_REQUIRE(got.bound, values);
                BOOST_TEST(got.on_plan, values);
                BOOST_TEST(got.plan == got.tree, values);
                labels.insert(got.tree < 0 ? "none" : engine::program_of(rules).labels[got.tree].id);
            }
    BOOST_TEST(labels.size() == 4U);  // gold, silver, bronze and none all occur
}

// More tests than a record's slots keep inline (128), and more positions than its
// unknown bits do (4 words): the heap takes over, and decisions stay the tree's.
BOOST_AUTO_TEST_CASE(plans_beyond_the_inline_slots_decide_as_the_tree)
{
    std::string text = "methodology \"WIDE\" version \"1\"\nindicator x : decimal\nindicator y : decimal\n";
    for (int c = 0; c < 150; ++c)
        text +=
            fmt::format("criterion C{} group all{}\n  points 2 when x >= {} and y >= {}\n         1 when x >= {} or "
                        "y < {}\n         0 otherwise\n",
                        c, c % 3 ? "" : ", third", c, c % 7, c / 2, c % 5);
    text += "label gold\n  requires points(all) >= 200 and all(third)\n  valid 1 year\n";
    text += "label silver\n  requires points(all) >= 100\n  valid 1 year\n";
    text += "label bronze\n  requires at_least(3, third)\n  valid 1 year\n";
    const auto rules = test_support::rules(text);
    const auto& pl = engine::program_of(rules).fast;
    BOOST_TEST_REQUIRE(pl.complete, gaps_of(pl));
    BOOST_TEST_REQUIRE(pl.tests.size() > 128U);
    BOOST_TEST_REQUIRE(pl.words > 4U);
    std::set<int> seen;
    for (const char* x : {"0", "1", "2", "40", "74.5", "75", "120", "149", "150", ""})
        for (const char* y : {"0", "3", "4.99", "5", "7", ""}) {
            std::vector<std::string> fields;
            if (*x) fields.push_back(fmt::format(R"("x": {})", x));
            if (*y) fields.push_back(fmt::format(R"("y": {})", y));
            const auto values = fmt::format("{}", fmt::join(fields, ", "));
            const auto got = both_ways(rules, assessment_on(values.c_str()));
            BOOST_TEST_REQUIRE(got.bound, values);
            BOOST_TEST(got.on_plan, values);
            BOOST_TEST(got.plan == got.tree, values);
            seen.insert(got.tree);
        }
    BOOST_TEST(seen.size() == 4U);
}

BOOST_AUTO_TEST_CASE(what_the_plan_cannot_take_is_named)
{
    const auto rules = test_support::rules(R"(methodology "GAPS" version "1"
indicator x : decimal
indicator y : decimal
criterion A group all
  requires x * y >= 1
criterion B group all
  requires x >= 0.5
label gold
  requires all(all)
  valid 1 year
label silver
  requires B
  valid 1 year
)");
    const auto& pl = engine::program_of(rules).fast;
    BOOST_TEST(!pl.complete);
    BOOST_TEST(pl.coverage.criteria == 2U);
    BOOST_TEST(pl.coverage.criteria_on_plan == 1U);
    BOOST_TEST(pl.coverage.label_parts == 2U);
    BOOST_TEST(pl.coverage.label_parts_on_plan == 1U);
    const auto gaps = gaps_of(pl);
    BOOST_TEST(gaps.find("criterion A: 'x * y >= 1'") != std::string::npos, gaps);
    BOOST_TEST(gaps.find("label gold, part 1") != std::string::npos, gaps);
    const auto got = both_ways(rules, assessment_on(R"("x": 2, "y": 1)"));
    BOOST_TEST(!got.on_plan);
    BOOST_TEST(got.plan == 0);
}

BOOST_AUTO_TEST_SUITE_END()
