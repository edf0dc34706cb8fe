// SPDX-License-Identifier: Apache-2.0
// The recourse plan on the shipped examples and rules: a verified plan (or the reason
// there is none) to each label above each example's, two golden plans, conditions on
// the history (a reassessment window, one already passed, a later version in force),
// and `hallmark plan`'s exit codes and options.
#include "recourse_support.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace hallmark;
using namespace test_support;
using recourse_support::reaches;

namespace {

// The version of ECEI in force on the assessment's date, from rules/.
rule_set ecei_for(const assessment& a)
{
    const auto versions = find_versions(source_path("rules")).value();
    const auto entry = select_version(versions, "ECEI", std::nullopt, a.assessed_on).value();
    return compile_file(entry.path).value();
}

// "target status changes": a plan to each label above the one decided, each checked
// here by evaluating the changed assessment.
std::string plans_for(const std::string& file)
{
    const auto a = read_assessment_file(source_path("examples/assessments/" + file)).value();
    const auto rules = ecei_for(a);
    const auto d = rules.evaluate(a).value();
    std::string out;
    for (const auto& l : d.labels) {
        if (d.label && l.id == *d.label) break;
        plan_options o;
        o.target = l.id;
        const auto p = make_plan(rules, a, o).value();
        if (p.status == plan_status::plan) {
            BOOST_TEST(p.verified);
            BOOST_TEST(reaches(rules, apply_plan(a, p), l.id), file + " " + l.id);
        }
        const std::string why = p.why.empty()                                      ? ""
                                : p.why.find("more than") != std::string::npos     ? " (changes)"
                                : p.why.find("not an answer") != std::string::npos ? " (history)"
                                                                                   : " (" + p.why + ")";
        out += fmt::format("{} {} {}{}{}; ", l.id, to_string(p.status), p.changes.size(), p.minimal ? " minimal" : "",
                           why);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recourse_examples)

BOOST_AUTO_TEST_CASE(every_example_has_a_verified_plan_or_a_reason)
{
    // Silver needs a reassessment 18 to 24 months after a Bronze one: none of the examples
    // has one in reach. Gold takes more than three answers but where one is missing.
    const std::map<std::string, std::string> expected = {
        {"bigscience-dk.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"bronze-2019-energy-is.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"bronze-exempt-food-es.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"bronze-late-renewal-no.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"gold-2013-energy-dk.json", ""},
        {"gold-energy-de.json", ""},
        {"gold-missing-minimum-se.json", "gold plan 1; silver no_plan 0 (history); "},
        {"gold-renewal-aviation-de.json", ""},
        {"ineustar.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"litek.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"none-incomplete-ict-fi.json",
         "gold no_plan 0 (changes); silver no_plan 0 (history); bronze plan 1 minimal; "},
        {"none-ineligible-ict-pl.json",
         "gold no_plan 0 (changes); silver no_plan 0 (history); bronze plan 1 minimal; "},
        {"none-no-eccp-aviation-lt.json", "gold plan 1; silver no_plan 0 (history); bronze plan 1 minimal; "},
        {"qoot-cluster.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"silver-2013-ict-ee.json", "gold plan 1; "},
        {"silver-food-se.json", "gold plan 1; "},
    };
    for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/assessments"))) {
        const auto file = entry.path().filename().string();
        if (entry.path().extension() != ".json") continue;
        const auto actual = plans_for(file);
        const auto it = expected.find(file);
        BOOST_TEST((it != expected.end() && it->second == actual), file + ": " + actual);
    }
}

BOOST_AUTO_TEST_CASE(golden_plans_of_an_unlabelled_cluster)
{
    const auto a = read_assessment_file(source_path("examples/assessments/none-no-eccp-aviation-lt.json")).value();
    const auto rules = ecei_for(a);
    for (const std::string target : {"bronze", "gold"}) {
        plan_options o;
        o.target = target;
        const auto p = make_plan(rules, a, o).value();
        BOOST_TEST(to_json(p) == slurp(source_path("tests/golden/plan_none-no-eccp-aviation-lt_" + target + ".json")),
                   to_json(p));
    }
}

// Silver 18 to 24 months after Bronze, both needing n >= 3: version `v` of "H", in
// effect from `effective` (none when empty).
std::string history_rules(const std::string& v, const std::string& effective = {})
{
    return fmt::format(R"(methodology "H" version "{}"
{}indicator n : count
criterion A group g
  requires n >= 3
label silver
  requires all(g) and months_between(history.bronze.assessed_on, assessed_on) in 18..24
  valid 2 years
label bronze
  requires all(g)
  valid 2 years
)",
                       v, effective.empty() ? "" : "  effective " + effective + "\n");
}

BOOST_AUTO_TEST_CASE(a_history_condition_moves_the_date_into_its_window)
{
    const auto rules = test_support::rules(history_rules("1"));
    const auto text = [](const char* history) {
        return fmt::format(R"({{"assessed_on": "2025-01-10", "history": [{}], "indicators": {{"n": 2}}}})", history);
    };
    auto a =
        read_assessment(text(R"({"label": "bronze", "assessed_on": "2024-01-15", "valid_until": "2026-01-15"})"), "h")
            .value();
    plan_options o;
    o.target = "silver";
    auto p = make_plan(rules, a, o);
    BOOST_REQUIRE(p.ok());
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_REQUIRE(p->conditions.size() == 1u);
    BOOST_TEST(p->conditions[0].find("reassess between 2025-07-15 and 2026-02-14") == 0, p->conditions[0]);
    BOOST_TEST(p->reassess_on->to_string() == "2025-07-15");
    BOOST_TEST(p->changes.size() == 1u);
    BOOST_TEST(reaches(rules, apply_plan(a, *p), "silver"));
    a = read_assessment(text(""), "h").value();
    p = make_plan(rules, a, o);
    BOOST_TEST(p->status == plan_status::no_plan);
    BOOST_TEST(p->why.find("the history has no earlier label") == 0, p->why);
    // A window already passed: no plan, and when the window was.
    a = read_assessment(text(R"({"label": "bronze", "assessed_on": "2022-01-15", "valid_until": "2024-01-15"})"), "h")
            .value();
    p = make_plan(rules, a, o);
    BOOST_TEST(p->status == plan_status::no_plan);
    BOOST_TEST(p->why ==
                   "\"months_between(history.bronze.assessed_on, assessed_on) in 18..24\" does not hold on any date "
                   "from 2025-01-10 on (it held for assessments from 2023-07-15 to 2024-02-14); that is not an answer "
                   "to change",
               p->why);
}

BOOST_AUTO_TEST_CASE(a_plan_for_a_later_date_names_the_version_in_force_then)
{
    // Version 2 takes effect between the assessment and the reassessment the plan needs.
    scratch_dir dir("versions");
    std::ofstream(dir.path("1.rules")) << history_rules("1", "2024-01-01");
    std::ofstream(dir.path("2.rules")) << history_rules("2", "2025-06-01");
    std::ofstream(dir.path("a.json")) << R"({"assessed_on": "2025-01-10", "indicators": {"n": 2},
              "history": [{"label": "bronze", "assessed_on": "2024-01-15", "valid_until": "2026-01-15"}]})";
    std::string out;
    const std::string cli = std::string(HALLMARK_CLI) + " plan --target silver --rules-dir " + dir.path("") + " ";
    BOOST_TEST(run(cli + "--methodology H " + dir.path("a.json"), out) == 0, out);
    BOOST_TEST(out.find("on 2025-07-15 the rules in force are H 2, not 1 that this plan was verified with: plan again "
                        "with --methodology H@2") != std::string::npos,
               out);
    // Pinned to a version: the expert chose it; nothing to add.
    BOOST_TEST(run(cli + "--methodology H@1 " + dir.path("a.json"), out) == 0, out);
    BOOST_TEST(out.find("rules in force") == std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(the_command_exits_0_1_or_2)
{
    const std::string cli =
        std::string(HALLMARK_CLI) + " plan --methodology ECEI --rules-dir " + source_path("rules") + " ";
    const std::string example = source_path("examples/assessments/none-no-eccp-aviation-lt.json");
    std::string out;
    BOOST_TEST(run(cli + example, out) == 0);
    // Labels by their titles, indicators by id and question.
    BOOST_TEST(out.find("To reach Cluster Management Excellence Label BRONZE - Striving for Cluster Excellence "
                        "(verified, minimal): change 1 answer:\n  - ") == 0,
               out);
    BOOST_TEST(run(cli + example + " --target gold --format json", out) == 0);
    BOOST_TEST(out.find("\"verified\": true") != std::string::npos, out);
    BOOST_TEST(run(cli + source_path("examples/assessments/gold-energy-de.json"), out) == 0);
    BOOST_TEST(out == "Cluster Management Excellence Label GOLD already holds as answered (decided: Cluster Management "
                      "Excellence Label GOLD).\n",
               out);
    BOOST_TEST(run(cli + example + " --target silver", out) == 1);
    BOOST_TEST(out.find("No plan reaches Cluster Management Excellence Label SILVER (decided: no label): the history "
                        "has no earlier label that \"a Bronze label awarded before\" needs") == 0,
               out);
    BOOST_TEST(run(cli + example + " --target gold --keep eccp_profile --max-changes 1", out) == 1);
    BOOST_TEST(run(cli + example + " --target goldd", out) == 2);
    BOOST_TEST(out.find("did you mean 'gold'") != std::string::npos, out);
    BOOST_TEST(run(cli + example + " --keep nosuch", out) == 2);
    BOOST_TEST(run(cli + "missing.json", out) == 2);
    BOOST_TEST(run(cli + example + " --max-changes 0", out) == 2);
    BOOST_TEST(run(std::string(HALLMARK_CLI) + " plan " + example, out) == 2);  // no rules
    BOOST_TEST(run(std::string(HALLMARK_CLI) + " plan --help", out) == 0);
    BOOST_TEST(out.find("--max-changes") != std::string::npos, out);
    scratch_dir dir("plan");
    BOOST_TEST(run(cli + example + " --format json --out " + dir.path("plan.json"), out) == 0);
    BOOST_TEST(slurp(dir.path("plan.json")) ==
               slurp(source_path("tests/golden/plan_none-no-eccp-aviation-lt_bronze.json")));
}

BOOST_AUTO_TEST_SUITE_END()
