// SPDX-License-Identifier: Apache-2.0
// Messages for methodology owners (issues 19 and 22): a misspelt keyword gets "did you
// mean", every broken declaration is reported in one run without errors it caused, and
// messages say why where the reason is not obvious.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using test_support::errors;
namespace fs = std::filesystem;

namespace {

const std::string header = "methodology \"A\" version \"1\"\n";

std::size_t count_of(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

hallmark::compile_options with_base(const std::string& base)
{
    hallmark::compile_options o;
    o.find_base = [base](const std::string&, const std::string&) {
        return std::optional<hallmark::rule_source>({"base.rules", base});
    };
    return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(messages)

BOOST_AUTO_TEST_CASE(a_misspelt_clause_keyword_gets_a_suggestion)
{
    const auto out = errors(header + "indicator x : count\ncriterion C1\n  requries x >= 1\n");
    BOOST_TEST(out.find("test.rules:4:3: error: expected a declaration") != std::string::npos, out);
    BOOST_TEST(out.find("found 'requries' (did you mean 'requires'?)") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(a_misspelt_header_clause_gets_a_suggestion)
{
    const auto out = errors(header + "  extend \"A\" version \"0\"\n");
    BOOST_TEST(out.find("found 'extend' (did you mean 'extends'?)") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(misspelt_words_inside_a_declaration_get_suggestions)
{
    const auto type = errors(header + "indicator x : interger\n");
    BOOST_TEST(type.find("found 'interger' (did you mean 'integer'?)") != std::string::npos, type);
    const auto tier = errors(header + "indicator x : count\ncriterion C1 points 5 when x > 1 0 otherwse\n");
    BOOST_TEST(tier.find("found 'otherwse' (did you mean 'otherwise'?)") != std::string::npos, tier);
    const auto duration = errors(header + "criterion C1 requires 1 = 1\nlabel l requires C1 valid 2 yeers\n");
    BOOST_TEST(duration.find("found 'yeers' (did you mean 'years'?)") != std::string::npos, duration);
}

BOOST_AUTO_TEST_CASE(no_suggestion_for_a_keyword_out_of_place_or_a_word_far_from_any)
{
    const auto misplaced = errors(header + "gold when 1 = 1\n");
    BOOST_TEST(misplaced.find("found 'gold'") != std::string::npos, misplaced);
    BOOST_TEST(misplaced.find("did you mean") == std::string::npos, misplaced);
    const auto far = errors(header + "rule x\n");
    BOOST_TEST(far.find("did you mean") == std::string::npos, far);
}

// Issue 22, item 8: "expected a unit name" did not say that `days` is reserved, or why.
BOOST_AUTO_TEST_CASE(a_duration_word_as_a_unit_says_why_it_is_reserved)
{
    for (const char* word : {"days", "day", "months", "year"}) {
        const auto out = errors(header + "indicator open : decimal unit " + word + "\n");
        BOOST_TEST(out.find(std::string("error: '") + word + "' cannot be a unit: the duration words") !=
                       std::string::npos,
                   out);
        BOOST_TEST(out.find("always read as a duration") != std::string::npos, out);
    }
    const auto other = errors(header + "indicator open : decimal unit 5\n");
    BOOST_TEST(other.find("expected a unit name") != std::string::npos, other);
}

BOOST_AUTO_TEST_CASE(every_broken_declaration_is_reported_once)
{
    const std::string text = header + "indicator x : count\n"            // 2
                                      "criterion C1 requires (x >= 1\n"  // 3: unclosed
                                      "criterion C2 requires x >= 2\n"   // 4: fine
                                      "let y = x +\n"                    // 5: no operand
                                      "indicator z : float\n"            // 6: no such type
                                      "label l requires C1 and C2 valid 1 year\n";
    const auto out = errors(text);
    BOOST_TEST(out.find("test.rules:4:1: error: expected ')' to close '(' at 3:23, found 'criterion'") !=
                   std::string::npos,
               out);
    BOOST_TEST(out.find("test.rules:6:1: error: expected an operand, found 'indicator'") != std::string::npos, out);
    BOOST_TEST(out.find("test.rules:6:15: error: expected a type") != std::string::npos, out);
    BOOST_TEST(count_of(out, ": error: ") == 3u, out);
}

// The label names C1, whose declaration was skipped: the checks of names do not run on
// a file with syntax errors, so there is no "unknown name 'C1'" caused by the skipping.
BOOST_AUTO_TEST_CASE(skipped_declarations_cause_no_further_errors)
{
    const auto out = errors(header + "indicator x : count\ncriterion C1 requires x >=\n"
                                     "label l requires C1 and unknown_thing valid 1 year\n");
    BOOST_TEST(count_of(out, ": error: ") == 1u, out);
    BOOST_TEST(out.find("unknown name") == std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(an_error_in_the_header_stops_at_once)
{
    const auto out = errors("methodology \"A\" versoin \"1\"\nindicator x : float\n");
    BOOST_TEST(count_of(out, ": error: ") == 1u, out);
    BOOST_TEST(out.find("expected 'version'") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(a_broken_test_block_is_skipped_as_a_whole)
{
    const auto out =
        errors(header + "indicator x : count\ncriterion C1 requires x >= 1\nlabel l requires C1 valid 1 year\n"
                        "test \"t\" {\n  assessed_on 2024-01-01\n  expect criterion C1 passed\n"
                        "  expect label l\n}\nlet bad = \n");
    BOOST_TEST(out.find("test.rules:7:23: error: expected met, not_met or not_assessable") != std::string::npos, out);
    BOOST_TEST(out.find("test.rules:11:1: error: expected an expression, found the end of the file") !=
                   std::string::npos,
               out);
    BOOST_TEST(count_of(out, ": error: ") == 2u, out);
}

// Issue 22, item 9: a test of a revision that expects a criterion the revision removed.
BOOST_AUTO_TEST_CASE(a_name_removed_in_this_revision_is_said_to_be_removed)
{
    const std::string base = "methodology \"A\" version \"1\"\nindicator x : count\n"
                             "criterion E3 requires x >= 1\ncriterion E4 requires x >= 2\n"
                             "label l requires E3 valid 1 year\n";
    const std::string revision = "methodology \"A\" version \"2\"\n  extends \"A\" version \"1\"\n"
                                 "remove criterion E4\n"
                                 "test \"t\" {\n  assessed_on 2024-01-01\n  given x = 3\n  expect criterion E4 met\n}\n"
                                 "criterion E5 requires E4\n";
    const auto r = hallmark::compile_string(revision, "rev.rules", with_base(base));
    const auto out = r.render();
    BOOST_TEST(!r.ok());
    BOOST_TEST(out.find("rev.rules:7:10: error: criterion 'E4' was removed in this revision ('remove criterion E4' "
                        "on line 3)") != std::string::npos,
               out);
    BOOST_TEST(out.find("rev.rules:9:23: error: criterion 'E4' was removed in this revision") != std::string::npos,
               out);
    BOOST_TEST(out.find("did you mean") == std::string::npos, out);
}

// Issue 22, item 10: a missing base version lists the versions of that methodology found.
BOOST_AUTO_TEST_CASE(a_missing_base_lists_the_versions_found)
{
    const auto dir = fs::temp_directory_path() / ("hallmark-messages-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "a.rules") << "methodology \"ECEI\" version \"2019\"\n";
    std::ofstream(dir / "b.rules") << "methodology \"ECEI\" version \"2013\"\n";
    std::ofstream(dir / "c.rules") << "methodology \"OTHER\" version \"7\"\n";
    std::ofstream(dir / "rev.rules") << "methodology \"ECEI\" version \"2024\"\n  extends \"ECEI\" version \"2021\"\n";
    const auto r = hallmark::compile_file((dir / "rev.rules").string());
    const auto out = r.render();
    fs::remove_all(dir);
    BOOST_TEST(out.find("no rule file declares methodology \"ECEI\" version \"2021\"; the versions of \"ECEI\" found "
                        "are \"2013\", \"2019\"\n") != std::string::npos,
               out);
}

BOOST_AUTO_TEST_SUITE_END()
