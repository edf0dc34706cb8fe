// SPDX-License-Identifier: Apache-2.0
// The public catalogue: what a compiled rule set declares, as tools outside the engine
// read it (reports, diff, schema generators, an editor's hover).
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

namespace {

hallmark::rule_set quickstart()
{
    auto r = hallmark::compile_file("examples/quickstart/labels.rules");
    if (!r.ok()) throw std::runtime_error(r.render());
    return *r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalogue)

BOOST_AUTO_TEST_CASE(methodology_and_areas)
{
    const auto rules = quickstart();
    const auto& c = rules.catalogue();
    BOOST_TEST(c.name == "QUICKSTART");
    BOOST_TEST(c.version == "1");
    BOOST_TEST(c.title == "Quick-start cluster labels");
    BOOST_TEST(c.effective->to_string() == "2020-01-01");
    BOOST_TEST(c.sha256 == rules.sha256());
    BOOST_TEST(!c.base().has_value());
    BOOST_TEST_REQUIRE(c.areas.size() == 3U);
    BOOST_TEST(c.areas[1].id == "governance");
    BOOST_TEST(c.areas[1].title == "Cluster management and governance");
    BOOST_TEST(c.areas[1].location.line == 8U);
    BOOST_TEST(c.indicators[c.areas[1].indicators.front()].id == "staff");
}

BOOST_AUTO_TEST_CASE(indicators)
{
    const auto rules = quickstart();
    const auto& c = rules.catalogue();
    const auto* staff = c.find_indicator("staff");
    BOOST_TEST_REQUIRE(staff);
    BOOST_TEST(std::string(hallmark::to_string(staff->type)) == "decimal");
    BOOST_TEST(staff->unit == "FTE");
    BOOST_TEST(staff->low->to_string() == "0");
    BOOST_TEST(staff->high->to_string() == "1000");
    BOOST_TEST(staff->question == "Cluster management staff");
    BOOST_TEST(c.areas[*staff->area].id == "governance");
    BOOST_TEST(staff->location.file == "examples/quickstart/labels.rules");
    BOOST_TEST(staff->location.line == 15U);
    BOOST_TEST(staff->location.column == 1U);
    // Percentages in the units documents use, not the engine's fractions.
    const auto* share = c.find_indicator("public_share");
    BOOST_TEST_REQUIRE(share);
    BOOST_TEST((share->type == hallmark::indicator_type::percent));
    BOOST_TEST(share->high->to_string() == "100");
    const auto* kinds = c.find_indicator("kinds");
    BOOST_TEST_REQUIRE(kinds);
    BOOST_TEST(kinds->choices == (std::vector<std::string>{"industry", "research", "public", "other"}),
               boost::test_tools::per_element());
    BOOST_TEST(!c.find_indicator("nope"));
    BOOST_TEST(!c.find_indicator("sme_share"));  // a let, not an indicator
}

BOOST_AUTO_TEST_CASE(criteria_and_groups)
{
    const auto rules = quickstart();
    const auto& c = rules.catalogue();
    const auto* e1 = c.find_criterion("E1");
    BOOST_TEST_REQUIRE(e1);
    BOOST_TEST(e1->title == "Dedicated cluster management team");
    BOOST_TEST(*e1->requirement == "staff >= 0.5 FTE");
    BOOST_TEST(e1->groups == (std::vector<std::string>{"eligibility", "baseline"}), boost::test_tools::per_element());
    BOOST_TEST(!e1->area.has_value());
    BOOST_TEST(e1->tiers.empty());
    const auto* q2 = c.find_criterion("Q2");
    BOOST_TEST_REQUIRE(q2);
    BOOST_TEST_REQUIRE(q2->tiers.size() == 3U);
    BOOST_TEST(*q2->tiers[1].when == "sme_share >= 33.3%");
    BOOST_TEST(!q2->tiers[2].when.has_value());
    BOOST_TEST(q2->max_points.to_string() == "10");
    BOOST_TEST(*q2->gold == "points >= 10");
    BOOST_TEST(q2->advice == "Recruit SMEs until they make up half of the participants.");
    BOOST_TEST((q2->location == *rules.criterion_location("Q2")));
    const auto* quality = c.find_group("quality");
    BOOST_TEST_REQUIRE(quality);
    BOOST_TEST(quality->has_points);
    BOOST_TEST(quality->members.size() == 4U);
}

BOOST_AUTO_TEST_CASE(labels_and_declarations)
{
    const auto rules = quickstart();
    const auto& c = rules.catalogue();
    BOOST_TEST_REQUIRE(c.labels.size() == 3U);
    BOOST_TEST(c.labels[0].id == "gold");
    BOOST_TEST(c.labels[2].rank == 2U);
    const auto* bronze = c.find_label("bronze");
    BOOST_TEST_REQUIRE(bronze);
    BOOST_TEST(bronze->valid->months == 24);
    BOOST_TEST_REQUIRE(bronze->renews.has_value());
    BOOST_TEST(bronze->renews->extends.months == 36);
    BOOST_TEST(bronze->requirement == (std::vector<std::string>{"all(eligibility)", "complete(structure)"}),
               boost::test_tools::per_element());
    BOOST_TEST(bronze->requirement_words == (std::vector<std::string>{"", "every structure indicator answered"}),
               boost::test_tools::per_element());
    const auto* silver = c.find_label("silver");
    BOOST_TEST_REQUIRE(silver);
    BOOST_TEST_REQUIRE(silver->requirement_words.size() == silver->requirement.size());
    BOOST_TEST(silver->requirement[1] == "count(improvements) = 2");
    BOOST_TEST(silver->requirement_words[1] == "two improvement areas named");
    BOOST_TEST(silver->requirement_words[0] == "");
    BOOST_TEST((bronze->location == *rules.label_location("bronze")));
    BOOST_TEST(!c.declarations.empty());
    BOOST_TEST(c.declarations.front().kind == "area");
    BOOST_TEST(c.declarations.front().id == "structure");
}

BOOST_AUTO_TEST_SUITE_END()
