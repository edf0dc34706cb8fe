// SPDX-License-Identifier: Apache-2.0
// Test coverage (`hallmark test --coverage`): the goals of each kind of rule, the
// boundaries of comparisons with constants (exact, per operator and precision), the
// shipped ECEI rules fully covered, and the text, JSON and lcov outputs.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace test_support;
using hallmark::coverage_item;
using hallmark::coverage_report;

namespace {

const std::string head = R"(methodology "COV" version "1"
indicator n     : count
indicator share : percent
indicator staff : decimal unit FTE
indicator day   : date
indicator kind  : one of (a, b)
)";

coverage_report coverage_of(const std::string& text)
{
    const auto run = rules(text).run_tests({.coverage = true});
    for (const auto& t : run.results) BOOST_TEST(t.passed, t.name << ": " << (t.failures.empty() ? "" : t.failures[0]));
    BOOST_REQUIRE(run.coverage.has_value());
    return *run.coverage;
}

const coverage_item& item(const coverage_report& r, const std::string& name)
{
    const auto it =
        std::find_if(r.items.begin(), r.items.end(), [&](const coverage_item& i) { return i.name == name; });
    if (it == r.items.end()) throw std::runtime_error("no coverage item " + name);
    return *it;
}

std::vector<std::string> goals(const coverage_item& i)
{
    std::vector<std::string> out;
    for (const auto& g : i.goals) out.push_back(g.name);
    return out;
}

// One test per value of `name`, each expecting that value back, so that every test passes.
std::string tests_for(const std::vector<std::string>& values, const std::string& name = "n")
{
    std::string out;
    for (const auto& v : values) {
        std::string label = v;  // a choice's quotes do not go into the test's name
        std::erase(label, '"');
        out += "test \"" + name + " " + label + "\" { assessed_on 2024-01-01 given " + name + " = " + v +
               " expect value " + name + " = " + v + " }\n";
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(coverage)

BOOST_AUTO_TEST_CASE(each_operator_has_its_two_sides)
{
    const std::string rules = head + R"(
criterion GE requires n >= 30
criterion GT requires n > 30
criterion LE requires n <= 30
criterion LT requires n < 30
criterion EQ requires n = 30
criterion NE requires n != 30
criterion MIRROR requires 30 <= n
label l requires GE valid 1 year
)";
    const auto r = coverage_of(rules + tests_for({"30"}));
    using v = std::vector<std::string>;
    BOOST_TEST(goals(item(r, "n >= 30")) == (v{"at 30", "just below: 29"}), boost::test_tools::per_element());
    BOOST_TEST(goals(item(r, "n > 30")) == (v{"at 30", "just above: 31"}), boost::test_tools::per_element());
    BOOST_TEST(goals(item(r, "n <= 30")) == (v{"at 30", "just above: 31"}), boost::test_tools::per_element());
    BOOST_TEST(goals(item(r, "n < 30")) == (v{"at 30", "just below: 29"}), boost::test_tools::per_element());
    BOOST_TEST(goals(item(r, "n = 30")) == (v{"at 30", "just below: 29", "just above: 31"}),
               boost::test_tools::per_element());
    BOOST_TEST(goals(item(r, "n != 30")) == (v{"at 30", "just below: 29", "just above: 31"}),
               boost::test_tools::per_element());
    // A constant on the left is the same boundary seen from the other side.
    BOOST_TEST(goals(item(r, "30 <= n")) == (v{"at 30", "just below: 29"}), boost::test_tools::per_element());
    BOOST_TEST(!item(r, "n >= 30").covered());
    BOOST_TEST(item(r, "n >= 30").missing() == v{"just below: 29"}, boost::test_tools::per_element());
    // 29 and 31 complete every one of them; 28 is not "just below".
    const auto all = coverage_of(rules + tests_for({"30", "29", "31"}));
    for (const auto* name : {"n >= 30", "n > 30", "n <= 30", "n < 30", "n = 30", "n != 30", "30 <= n"})
        BOOST_TEST(item(all, name).covered(), name);
    BOOST_TEST(!item(coverage_of(rules + tests_for({"30", "28"})), "n >= 30").covered());
}

BOOST_AUTO_TEST_CASE(precision_of_decimals_percentages_dates_and_choices)
{
    const std::string rules = head + R"(
criterion S requires staff >= 0.5 FTE
criterion P requires share >= 60%
criterion D requires day < 2020-01-01
criterion K requires kind = "a"
label l requires S valid 1 year
)";
    const auto r =
        coverage_of(rules + tests_for({"0.5 FTE", "0.45 FTE"}, "staff") + tests_for({"60", "59.5"}, "share") +
                    tests_for({"2020-01-01", "2019-12-31"}, "day") + tests_for({"\"a\""}, "kind"));
    using v = std::vector<std::string>;
    // One unit of the threshold's last digit: 0.45 is just below 0.5, as 0.4 would be.
    BOOST_TEST(goals(item(r, "staff >= 0.5 FTE")) == (v{"at 0.5 FTE", "just below: 0.4 FTE <= x < 0.5 FTE"}),
               boost::test_tools::per_element());
    BOOST_TEST(item(r, "staff >= 0.5 FTE").covered());
    // A percentage steps in percentage points.
    BOOST_TEST(goals(item(r, "share >= 60%")) == (v{"at 60%", "just below: 59% <= x < 60%"}),
               boost::test_tools::per_element());
    BOOST_TEST(item(r, "share >= 60%").covered());
    BOOST_TEST(goals(item(r, "day < 2020-01-01")) == (v{"at 2020-01-01", "just below: 2019-12-31"}),
               boost::test_tools::per_element());
    BOOST_TEST(item(r, "day < 2020-01-01").covered());
    // A choice has no order: equal and different.
    BOOST_TEST(goals(item(r, "kind = \"a\"")) == (v{"= \"a\"", "!= \"a\""}), boost::test_tools::per_element());
    BOOST_TEST(item(r, "kind = \"a\"").missing() == v{"!= \"a\""}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(criteria_tiers_labels_and_points)
{
    const std::string rules = head + R"(
criterion Q points 5 when n >= 80
                   3 when n >= 50
                   0 otherwise
  gold when points >= 5
label l requires Q valid 1 year
)";
    const auto r = coverage_of(rules + tests_for({"80"}));
    using v = std::vector<std::string>;
    // A criterion's points take only its tiers' values: the nearest below 5 is 3.
    BOOST_TEST(goals(item(r, "points >= 5")) == (v{"at 5", "just below: 3 (the nearest tier)"}),
               boost::test_tools::per_element());
    const auto& q = item(r, "Q");
    BOOST_TEST(q.goals.size() == 3u);
    BOOST_TEST(q.missing() == (v{"not_met"}), boost::test_tools::per_element());  // not assessable is optional
    BOOST_TEST(q.goals[2].optional);
    BOOST_TEST(item(r, "Q tier 1: 5 when n >= 80").covered());
    BOOST_TEST(!item(r, "Q tier 3: 0 otherwise").covered());
    BOOST_TEST(item(r, "l").missing() == v{"not met"}, boost::test_tools::per_element());
    BOOST_TEST(r.tests == 1u);
    // The short circuit of tiers: at 80 the second tier's comparison is never made.
    BOOST_TEST(item(r, "n >= 50").evaluated == 0u);
}

BOOST_AUTO_TEST_CASE(ranges_have_two_boundaries)
{
    const auto r = coverage_of(head + "criterion R requires n in 18..24\nlabel l requires R valid 1 year\n" +
                               tests_for({"18", "17", "24", "25"}));
    const auto& range = item(r, "n in 18..24");
    using v = std::vector<std::string>;
    BOOST_TEST(goals(range) == (v{"at 18", "just below: 17", "at 24", "just above: 25"}),
               boost::test_tools::per_element());
    BOOST_TEST(range.covered());
}

BOOST_AUTO_TEST_CASE(outputs)
{
    const auto r =
        coverage_of(head + "criterion C requires n >= 30\nlabel l requires C valid 1 year\n" + tests_for({"30"}));
    const std::string text = r.text();
    BOOST_TEST(text.find("test.rules: criteria 0/1, labels 0/1, thresholds 0/1") != std::string::npos, text);
    BOOST_TEST(text.find("threshold n >= 30 (in C): never just below: 29") != std::string::npos, text);
    const std::string json = r.json();
    BOOST_TEST(json.find("\"goal\": \"just below: 29\",") != std::string::npos, json);
    const std::string lcov = r.lcov();
    BOOST_TEST(lcov.find("SF:test.rules\n") != std::string::npos, lcov);
    BOOST_TEST(lcov.find("BRDA:7,0,0,1\n") != std::string::npos, lcov);  // criterion C met once
    BOOST_TEST(lcov.find("end_of_record\n") != std::string::npos, lcov);
}

// The shipped ECEI rules: every comparison with a constant tested on both sides, every
// tier chosen, every criterion met and not met, every label met and not met.
BOOST_AUTO_TEST_CASE(ecei_rules_are_fully_covered)
{
    for (const char* version : {"2013", "2019", "2020"}) {
        const auto compiled = hallmark::compile_file(source_path(std::string("rules/ecei/") + version + ".rules"));
        BOOST_REQUIRE_MESSAGE(compiled.ok(), compiled.render());
        const auto run = compiled->run_tests({.coverage = true, .base_tests = true});
        for (const auto& t : run.results) BOOST_TEST((t.passed || !t.changes.empty()), version << ": " << t.name);
        const auto& c = *run.coverage;
        for (const auto& i : c.items) {
            if (i.what != coverage_item::kind::threshold && i.what != coverage_item::kind::tier) continue;
            BOOST_TEST(i.covered(), version << ": " << i.file << ":" << i.line << " " << i.name);
        }
        BOOST_TEST(c.total(coverage_item::kind::threshold) > 50u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
