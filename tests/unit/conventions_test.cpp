// SPDX-License-Identifier: Apache-2.0
// What every command shares: exit codes, messages a person can act on, and output that
// carries no markup from rule text or input into a report.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using namespace test_support;
namespace fs = std::filesystem;

namespace {

const std::string hallmark_cli = HALLMARK_CLI;

// Files written here last as long as the test run.
const test_support::scratch_dir scratch("conventions");

std::string temp_file(const std::string& name, const std::string& text) { return scratch.write(name, text); }

const std::string small_rules = R"(methodology "M" version "1"
  effective 2020-01-01
indicator staff : decimal unit FTE "Staff"
indicator n : count "Members"
criterion staff_E1 "Staff <script>alert(1)</script>" group base
  requires staff >= 1 FTE
  advice "Hire *more* [people](http://x) | <b>now</b>"
label bronze "Bronze"
  requires all(base)
  valid 2 years
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(conventions)

BOOST_AUTO_TEST_CASE(every_unmet_expectation_shows_what_came_out)
{
    const auto rules = temp_file("expect.rules", small_rules + R"(
test "units" {
  assessed_on 2023-01-01
  given staff = 2.5 FTE, n = 5
  expect value staff = 2 EUR
  expect value n = 5
}
)");
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test " + rules, out) == 1, out);
    // The failing line is marked and shows the actual value, with the reason below it.
    BOOST_TEST(out.find("x 15    value staff  2 EUR     2.5 FTE") != std::string::npos, out);
    BOOST_TEST(out.find("2.5 FTE") != std::string::npos, out);
    BOOST_TEST(out.find("line 15: the expected value is in EUR, but the value is in FTE") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(markdown_carries_no_html_or_markup_from_rules)
{
    const auto rules = temp_file("md.rules", small_rules);
    const auto a = temp_file("md.json", R"({"cluster": {"id": "X"}, "assessed_on": "2023-01-01",
      "indicators": {"staff": 0.5, "n": 3}})");
    std::string out;
    BOOST_TEST(run(hallmark_cli + " eval --format md --rules " + rules + " " + a, out) == 0, out);
    BOOST_TEST(out.find("<script>") == std::string::npos, out);
    BOOST_TEST(out.find("<b>") == std::string::npos, out);
    BOOST_TEST(out.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos, out);
    BOOST_TEST(out.find("Hire \\*more\\* \\[people\\](http://x) \\| &lt;b&gt;now&lt;/b&gt;") != std::string::npos, out);
    // Identifiers keep their inner underscores readable.
    BOOST_TEST(out.find("| staff_E1 |") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(an_unreadable_file_is_exit_2_everywhere)
{
    const std::string rules = source_path("examples/quickstart/labels.rules");
    const std::string cluster = source_path("examples/quickstart/cluster.json");
    const std::string missing = "/nonexistent-hallmark/x";
    for (const std::string& args : std::vector<std::string>{
             "check " + missing + ".rules", "test " + missing + ".rules", "test " + rules + " " + missing + ".rules",
             "fmt " + missing + ".rules", "eval --rules " + missing + ".rules " + cluster,
             "eval --rules " + rules + " " + missing + ".json", "batch --rules " + rules + " " + missing + ".jsonl",
             "diff " + missing + ".rules " + rules, "diff " + rules + " " + rules + " --corpus " + missing + ".csv",
             "verify " + missing + ".db", "replay " + missing + ".db", "log list " + missing + ".db",
             "log show " + missing + ".db 1", "log export " + missing + ".db",
             "log import " + missing + ".jsonl " + missing + ".db", std::string("check /"), std::string("test /")}) {
        std::string out;
        BOOST_TEST(run(hallmark_cli + " " + args, out) == 2, args << ": " << out);
        BOOST_TEST(out.find("error") != std::string::npos, args << ": " << out);
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_command_is_named_with_the_list)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " chek x.rules", out) == 2);
    BOOST_TEST(out.find("error: unknown command 'chek' (did you mean 'check'?); the commands are: check, test, fmt, "
                        "eval, batch, diff, plan, schema, template, serve, lsp, verify, replay, log") !=
                   std::string::npos,
               out);
    BOOST_TEST(run(hallmark_cli + " \"$(printf '\\033[31m')\"", out) == 2);
    BOOST_TEST(out.find("unknown command '\\x1b[31m'") != std::string::npos, out);
    BOOST_TEST(run(hallmark_cli, out) == 2);
}

BOOST_AUTO_TEST_CASE(diff_exit_code_says_whether_anything_changed)
{
    const auto v2019 = source_path("rules/ecei/2019.rules"), v2020 = source_path("rules/ecei/2020.rules");
    std::string out;
    BOOST_TEST(run(hallmark_cli + " diff " + v2019 + " " + v2020, out) == 0);
    BOOST_TEST(run(hallmark_cli + " diff --exit-code " + v2019 + " " + v2020, out) == 1);
    BOOST_TEST(run(hallmark_cli + " diff --exit-code " + v2020 + " " + v2020, out) == 0, out);
}

BOOST_AUTO_TEST_SUITE_END()
