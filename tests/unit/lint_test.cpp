// SPDX-License-Identifier: Apache-2.0
// check --strict: each warning on a file made to trigger it, nothing on clean files,
// nothing without --strict.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

using namespace hallmark;

namespace {

const std::string head = R"(methodology "LINT" version "1"
  effective 2024-01-01
indicator staff : decimal unit FTE
indicator participants : count
)";

// "LINE:COLUMN: message" for every warning, in order.
std::vector<std::string> warnings(const std::string& body)
{
    compile_options strict;
    strict.strict = true;
    const auto r = compile_string(head + body, "lint.rules", strict);
    BOOST_TEST_REQUIRE(r.ok(), r.render());
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics())
        if (d.level == severity::warning) out.push_back(fmt::format("{}:{}: {}", d.line, d.column, d.message));
    // Without --strict the same file is silent.
    const auto plain = compile_string(head + body, "lint.rules");
    BOOST_TEST(plain.diagnostics().empty(), plain.render());
    return out;
}

const std::string team = R"(criterion E1 "Team" group baseline
  requires staff >= 0.5 FTE
  advice "Hire."
)";
const std::string bronze = R"(label bronze "Bronze"
  requires all(baseline)
  valid 2 years
)";

std::string points(const std::string& tiers)
{
    return team + "criterion Q1 \"Points\" group baseline\n  points " + tiers + "\n  advice \"More.\"\n" +
           "criterion E2 \"Members\" group baseline\n  requires participants >= 1\n  advice \"Grow.\"\n" + bronze;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lint)

BOOST_AUTO_TEST_CASE(a_clean_file_has_no_warnings)
{
    BOOST_TEST(warnings(points("3 when staff >= 3 FTE\n         1 when staff >= 1 FTE\n         0 otherwise")).empty());
}

BOOST_AUTO_TEST_CASE(unused_indicators_and_criteria)
{
    const auto w = warnings(team + "criterion Lone \"Unused\"\n  requires staff >= 1 FTE\n  advice \"x\"\n" + bronze);
    BOOST_TEST_REQUIRE(w.size() == 2u);
    BOOST_TEST(w[0] == "4:1: indicator 'participants' is not used by any criterion or label");
    BOOST_TEST(w[1] == "8:1: criterion 'Lone' is not used by any label (directly, through a group or through another "
                       "criterion)");
}

BOOST_AUTO_TEST_CASE(a_criterion_used_through_another_is_used)
{
    const auto w = warnings(team + "criterion Base \"Members\"\n  requires participants >= 3\n  advice \"x\"\n" +
                            "criterion E2 \"Needs Base\" group baseline\n  requires Base\n  advice \"y\"\n" + bronze);
    BOOST_TEST(w.empty());
}

BOOST_AUTO_TEST_CASE(a_tier_that_can_never_be_chosen)
{
    const auto w = warnings(points("3 when staff >= 2 FTE\n         5 when staff >= 3 FTE\n         0 otherwise"));
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "10:10: this tier can never be chosen: whenever 'staff >= 3 FTE' holds, so does "
                       "'staff >= 2 FTE' (line 9), which comes first");
}

BOOST_AUTO_TEST_CASE(overlapping_tiers)
{
    const auto w = warnings(points("3 when staff in 2 FTE..4 FTE\n         2 when staff in 1 FTE..3 FTE\n"
                                   "         0 otherwise"));
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "10:10: this tier overlaps 'staff in 2 FTE..4 FTE' (line 9): where both hold, the earlier tier "
                       "decides");
}

BOOST_AUTO_TEST_CASE(tiers_whose_points_do_not_follow_their_thresholds)
{
    auto w = warnings(points("3 when staff >= 3 FTE\n         4 when staff > 1 FTE\n         0 otherwise"));
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "10:10: tier order is not monotone: the looser 'staff > 1 FTE' gives 4 points, more than the "
                       "stricter 'staff >= 3 FTE' before it (3 points)");
    // Fewer is better works the same way round.
    BOOST_TEST(warnings(points("3 when staff <= 1 FTE\n         1 when staff <= 2 FTE\n         0 otherwise")).empty());
    w = warnings(points("3 when staff >= 3 FTE\n         5 otherwise"));
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "10:10: tier order is not monotone: 'otherwise' gives 5 points, more than 'staff >= 3 FTE' "
                       "before it (3 points)");
}

BOOST_AUTO_TEST_CASE(a_lower_label_stricter_than_a_higher_one)
{
    const auto w = warnings(team +
                            "criterion E2 \"Members\" group baseline\n  requires participants >= 1\n"
                            "  advice \"Grow.\"\n" +
                            "label silver \"Silver\"\n  requires all(baseline) and participants >= 20 \"20 members\"\n"
                            "  valid 2 years\n"
                            "label bronze \"Bronze\"\n  requires all(baseline) and 30 <= participants \"30 members\"\n"
                            "  valid 2 years\n");
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "15:30: the lower label 'bronze' requires '30 <= participants', which is stricter than "
                       "'participants >= 20' of the higher label 'silver'");
}

// Issue 17: a part of a label's requirement that names no criterion or group needs words.
BOOST_AUTO_TEST_CASE(a_label_part_without_words)
{
    const auto w = warnings(team + "criterion E2 \"Members\"\n  requires participants >= 1\n  advice \"Grow.\"\n" +
                            "label silver \"Silver\"\n  requires all(baseline) and E2 and gold(E2)\n"
                            "       and participants >= 20\n       and staff >= 1 FTE \"one full-time manager\"\n"
                            "  valid 2 years\n" +
                            bronze);
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "13:12: label silver: the requirement part 'participants >= 20' has no words for the report; "
                       "add them as a string after it: participants >= 20 \"WHAT IT ASKS\"");
    // A requirement of one part is a part too.
    const auto one = warnings(team + "label bronze \"Bronze\"\n  requires staff >= 1 FTE and E1\n  valid 2 years\n");
    BOOST_TEST_REQUIRE(one.size() == 2u);
    BOOST_TEST(one[0] == "4:1: indicator 'participants' is not used by any criterion or label");
    BOOST_TEST(one[1].rfind("9:12: label bronze: the requirement part 'staff >= 1 FTE' has no words", 0) == 0, one[1]);
}

BOOST_AUTO_TEST_CASE(advice_missing_where_a_label_depends_on_it)
{
    const auto w = warnings(team + "criterion E2 \"Members\" group baseline\n  requires participants >= 1\n" + bronze);
    BOOST_TEST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0] == "8:1: criterion 'E2' decides label 'bronze' but has no advice for a cluster that does not "
                       "meet it");
}

BOOST_AUTO_TEST_CASE(shipped_rule_files_are_clean_under_strict)
{
    compile_options strict;
    strict.strict = true;
    for (const char* f : {"rules/ecei/2013.rules", "rules/ecei/2019.rules", "rules/ecei/2020.rules",
                          "examples/quickstart/labels.rules"}) {
        const auto r = compile_file(test_support::source_path(f), strict);
        BOOST_TEST(r.ok(), f);
        BOOST_TEST(r.diagnostics().empty(), f << ":\n" << r.render());
    }
}

BOOST_AUTO_TEST_CASE(check_strict_exits_1_on_a_warning)
{
    const auto dir = std::filesystem::temp_directory_path() / ("hallmark-lint-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = (dir / "w.rules").string();
    std::ofstream(file) << head << team << bronze;
    std::string out;
    BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " check " + file, out) == 0, out);
    BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " check --strict " + file, out) == 1, out);
    BOOST_TEST(out.find(file + ":4:1: warning: indicator 'participants' is not used by any criterion or label") !=
                   std::string::npos,
               out);
    BOOST_TEST(out.find(file + ": ok (LINT 1), 1 warning\n") != std::string::npos, out);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
