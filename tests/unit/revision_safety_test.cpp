// SPDX-License-Identifier: Apache-2.0
// Safe revisions (issue 19, item 3): a retired indicator keeps old assessments deciding;
// `check --strict` says when a label the revision did not touch now requires more, puts
// warnings that point into a base file on the revision line that caused them; `allow`
// silences a warning on purpose, with a reason.
#include "test_support.hpp"

#include <hallmark/format.hpp>

#include <boost/test/unit_test.hpp>

namespace {

const std::string base = R"(methodology "S" version "1"
area governance "Governance"
indicator staff    : decimal unit FTE in governance
indicator strategy : boolean in governance
indicator awards   : count
criterion E1 "Team" group eligibility
  requires staff >= 0.5 FTE
  advice "a"
criterion G1 "Governance answered" group eligibility
  requires complete(governance)
  advice "b"
criterion Q1 "Awards"
  requires awards >= 1
  advice "c"
label gold "Gold"
  requires all(eligibility) and Q1
  valid 2 years
label bronze "Bronze"
  requires all(eligibility)
  valid 2 years
)";

const std::string head = "methodology \"S\" version \"2\"\n  extends \"S\" version \"1\"\n";

hallmark::compile_result compile(const std::string& revision, bool strict = true)
{
    hallmark::compile_options o;
    o.strict = strict;
    o.find_base = [](const std::string&, const std::string&) {
        return std::optional<hallmark::rule_source>({"base.rules", base});
    };
    return hallmark::compile_string(head + revision, "rev.rules", o);
}

std::string warnings_of(const hallmark::compile_result& r)
{
    std::string out;
    for (const auto& d : r.diagnostics())
        if (d.level == hallmark::severity::warning)
            out += d.source + ":" + std::to_string(d.line) + ": " + d.message + " [" + d.code + "]\n";
    return out;
}

// The label drops Q1, so gold asks for something else; `awards` is then used by nothing.
const std::string drop_q1 = "remove criterion Q1\n"
                            "replace label gold \"Gold\"\n  requires all(eligibility) and staff >= 2 FTE \"two FTE\"\n"
                            "  valid 2 years\n";

const std::string old_assessment = R"({"assessed_on": "2024-05-01",
  "indicators": {"staff": 1, "strategy": true, "awards": 3}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(revision_safety)

BOOST_AUTO_TEST_CASE(the_base_alone_is_clean)
{
    hallmark::compile_options o;
    o.strict = true;
    const auto r = hallmark::compile_string(base, "base.rules", o);
    BOOST_TEST(r.ok());
    BOOST_TEST(r.diagnostics().empty(), r.render());
}

BOOST_AUTO_TEST_CASE(removing_an_indicator_rejects_old_assessments)
{
    const auto r = compile(drop_q1 + "remove indicator awards\n");
    BOOST_REQUIRE(r.ok());
    const auto in = hallmark::read_assessment(old_assessment, "old.json");
    BOOST_REQUIRE(in.ok());
    BOOST_TEST(!r->evaluate(in.value()).ok());
}

BOOST_AUTO_TEST_CASE(a_retired_indicator_keeps_old_assessments_deciding)
{
    const auto r = compile(drop_q1 + "retire indicator awards because \"Q1 is no longer scored\"\n");
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(warnings_of(r).empty(), warnings_of(r));  // not "unused": retired on purpose
    const auto in = hallmark::read_assessment(old_assessment, "old.json");
    BOOST_REQUIRE(in.ok());
    const auto d = r->evaluate(in.value());
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(d.value().label.value_or("none") == "bronze");
    // Its type is still checked: a retired count is still a count.
    const auto bad =
        hallmark::read_assessment(R"({"assessed_on": "2024-05-01", "indicators": {"awards": "many"}})", "bad.json");
    BOOST_REQUIRE(bad.ok());
    BOOST_TEST(!r->evaluate(bad.value()).ok());
}

BOOST_AUTO_TEST_CASE(a_retired_indicator_cannot_be_used)
{
    const auto r = compile(drop_q1 + "retire indicator awards because \"no longer scored\"\n"
                                     "criterion Q2 \"Awards again\" requires awards >= 2\n",
                           false);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.render().find("rev.rules:8:38: error: indicator 'awards' is retired (rev.rules:7: \"no longer "
                               "scored\"); it is still accepted in input, but no rule can use it") != std::string::npos,
               r.render());
    // Still used by the base's Q1, which the revision keeps: an error there too.
    const auto kept = compile("retire indicator awards because \"x\"\n", false);
    BOOST_TEST(kept.render().find("base.rules:13:12: error: indicator 'awards' is retired") != std::string::npos,
               kept.render());
}

BOOST_AUTO_TEST_CASE(retire_needs_a_base_indicator)
{
    const auto unknown = compile("retire indicator award because \"x\"\n", false);
    BOOST_TEST(unknown.render().find("cannot retire indicator 'award': \"S\" version \"1\" has no such indicator") !=
                   std::string::npos,
               unknown.render());
    const auto alone = hallmark::compile_string(base + "retire indicator awards because \"x\"\n", "alone.rules");
    BOOST_TEST(alone.render().find("'retire' needs a base version, but this file extends none") != std::string::npos,
               alone.render());
}

// A retired indicator in an area is no longer asked for by complete(AREA).
BOOST_AUTO_TEST_CASE(complete_no_longer_asks_for_a_retired_indicator)
{
    const auto r = compile("retire indicator strategy because \"asked elsewhere now\"\n");
    BOOST_REQUIRE(r.ok());
    const auto in = hallmark::read_assessment(R"({"assessed_on": "2024-05-01", "indicators": {"staff": 1}})", "a.json");
    BOOST_REQUIRE(in.ok());
    BOOST_TEST(r->evaluate(in.value()).value().label.value_or("none") == "bronze");
}

BOOST_AUTO_TEST_CASE(a_new_indicator_in_an_area_that_complete_reads_is_named_with_the_labels)
{
    const auto r = compile("indicator board : boolean in governance\n");
    BOOST_TEST(warnings_of(r) ==
                   "rev.rules:3: indicator 'board' is new in this revision and in area 'governance', which criterion "
                   "'G1' reads; labels 'gold', 'bronze', unchanged from the base, now require it to be reported "
                   "[new_requirement]\n",
               warnings_of(r));
}

BOOST_AUTO_TEST_CASE(a_group_that_gains_a_member_is_named_with_the_labels)
{
    const auto added = compile("indicator code : boolean\ncriterion E6 \"Code\" group eligibility\n  requires code\n"
                               "  advice \"d\"\n");
    BOOST_TEST(warnings_of(added) == "rev.rules:4: criterion 'E6' is new and in group eligibility in this revision, "
                                     "so labels 'gold', 'bronze', unchanged from the base, now require it "
                                     "[new_requirement]\n",
               warnings_of(added));
    // A replaced criterion that joins the group says so.
    const auto joined = compile("replace criterion Q1 \"Awards\" group eligibility\n  requires awards >= 1\n"
                                "  advice \"c\"\n");
    BOOST_TEST(warnings_of(joined).find("rev.rules:3: criterion 'Q1' joins group eligibility in this revision, so "
                                        "labels 'gold', 'bronze', unchanged") != std::string::npos,
               warnings_of(joined));
    // A label the revision writes itself says what it requires: no warning for it.
    const auto replaced = compile("indicator code : boolean\ncriterion E6 \"Code\" group eligibility\n"
                                  "  requires code\n  advice \"d\"\n"
                                  "replace label bronze \"Bronze\"\n  requires all(eligibility)\n  valid 2 years\n");
    BOOST_TEST(warnings_of(replaced).find("label 'gold', unchanged") != std::string::npos, warnings_of(replaced));
    BOOST_TEST(warnings_of(replaced).find("bronze") == std::string::npos, warnings_of(replaced));
}

// Removing Q1 leaves `awards`, declared in the base, unused: the warning is the
// revision's, on its `remove` line, and says where in the base the indicator is.
BOOST_AUTO_TEST_CASE(a_warning_in_a_base_file_is_put_on_the_revision_line_that_caused_it)
{
    const auto r = compile(drop_q1);
    BOOST_TEST(warnings_of(r) == "rev.rules:3: indicator 'awards' is not used by any criterion or label (at "
                                 "base.rules:5, in the base; caused by 'remove criterion Q1' in this revision) "
                                 "[unused_indicator]\n",
               warnings_of(r));
}

BOOST_AUTO_TEST_CASE(allow_silences_a_warning_with_a_reason)
{
    const auto r = compile(drop_q1 + "allow unused_indicator awards because \"kept for the annual report\"\n");
    BOOST_TEST(r.ok());
    BOOST_TEST(warnings_of(r).empty(), warnings_of(r));
    const auto other = compile(drop_q1 + "allow unused_criterion awards because \"wrong warning\"\n");
    BOOST_TEST(warnings_of(other).find("[unused_indicator]") != std::string::npos, warnings_of(other));
    BOOST_TEST(warnings_of(other).find("rev.rules:7: 'allow unused_criterion awards' silences no warning; remove it "
                                       "[unused_allow]") != std::string::npos,
               warnings_of(other));
}

BOOST_AUTO_TEST_CASE(allow_refuses_unknown_warnings_names_and_empty_reasons)
{
    const auto r = compile("allow unused_indicatr awards because \"x\"\nallow unused_indicator awrds because \"x\"\n"
                           "allow unused_indicator awards because \" \"\n",
                           false);
    const auto out = r.render();
    BOOST_TEST(!r.ok());
    BOOST_TEST(out.find("rev.rules:3:1: error: unknown warning 'unused_indicatr' in 'allow' (did you mean "
                        "'unused_indicator'?); the warnings are unused_indicator, ") != std::string::npos,
               out);
    BOOST_TEST(out.find("rev.rules:4:1: error: 'allow' names 'awrds', which is not declared (did you mean "
                        "'awards'?)") != std::string::npos,
               out);
    BOOST_TEST(out.find("rev.rules:5:1: error: 'allow' needs a reason") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(retire_and_allow_survive_formatting)
{
    const std::string text = head + "retire indicator   awards because \"no longer scored\"\n"
                                    "allow unused_indicator  awards   because \"kept\"\n";
    const auto formatted = hallmark::format_rules(text, "rev.rules");
    BOOST_REQUIRE(formatted.ok());
    BOOST_TEST(formatted.value().find("retire indicator awards because \"no longer scored\"\n") != std::string::npos,
               formatted.value());
    BOOST_TEST(formatted.value().find("allow unused_indicator awards because \"kept\"\n") != std::string::npos,
               formatted.value());
    BOOST_TEST(hallmark::format_rules(formatted.value(), "rev.rules").value() == formatted.value());
}

BOOST_AUTO_TEST_SUITE_END()
