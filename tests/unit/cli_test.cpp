// SPDX-License-Identifier: Apache-2.0
// The command as scripts use it: exit codes, output streams, whole-or-nothing files.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using namespace test_support;
namespace fs = std::filesystem;

namespace {

const std::string hallmark_cli = HALLMARK_CLI;
const std::string rules_file = source_path("examples/quickstart/labels.rules");
const std::string cluster = source_path("examples/quickstart/cluster.json");

std::string temp_file(const std::string& name, const std::string& text)
{
    const auto dir = fs::temp_directory_path() / ("hallmark-cli-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(check_exit_codes_and_all_errors_at_once)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " check " + rules_file, out) == 0, out);
    const auto bad = temp_file("bad.rules", "methodology \"A\" version \"1\"\nindicator x : count\n"
                                            "criterion C\n  requires y > 1\ncriterion D\n  requires x > 1 FTE\n");
    BOOST_TEST(run(hallmark_cli + " check " + bad, out) == 1);
    BOOST_TEST(out.find("bad.rules:4:12: error: unknown name 'y'") != std::string::npos, out);
    BOOST_TEST(out.find("bad.rules:6:12: error: cannot compare") != std::string::npos, out);
    BOOST_TEST(run(hallmark_cli + " check /nonexistent.rules", out) == 2);
    BOOST_TEST(out.find("/nonexistent.rules: error: cannot read the file") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(test_command_summarises_last)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test " + rules_file, out) == 0, out);
    BOOST_TEST(out.substr(out.rfind('\n', out.size() - 2) + 1) == "6 passed, 0 failed\n");
    const auto failing =
        temp_file("failing.rules", "methodology \"A\" version \"1\"\nindicator x : count\n"
                                   "criterion C\n  requires x > 1\nlabel L\n  requires C\n  valid 1 year\n"
                                   "test \"wrong\" {\n  assessed_on 2020-01-01\n  given x = 1\n"
                                   "  expect label L\n}\n");
    BOOST_TEST(run(hallmark_cli + " test " + failing, out) == 1);
    BOOST_TEST(out.find("failing.rules:8: FAIL: wrong") != std::string::npos, out);
    // Every expectation beside the decision, mismatches marked, then how the labels came out.
    BOOST_TEST(out.find("    line  expectation  expected  actual\n"
                        "  x 11    label        L         no label\n"
                        "    decided: no label; L not_met (C)\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("0 passed, 1 failed") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(test_filter_runs_the_matching_cases)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test --filter '*Gold*|Silver*' " + rules_file, out) == 0, out);
    BOOST_TEST(out == "4 not matching --filter\n2 passed, 0 failed\n");
    BOOST_TEST(run(hallmark_cli + " test --filter 'full marks earn ?\?\?\?' " + rules_file, out) == 0, out);
    BOOST_TEST(out == "5 not matching --filter\n1 passed, 0 failed\n");
    // The whole name must match; brackets are plain characters.
    BOOST_TEST(run(hallmark_cli + " test --filter 'Gold' " + rules_file, out) == 0, out);
    BOOST_TEST(out == "6 not matching --filter\n0 passed, 0 failed\n");
    BOOST_TEST(run(hallmark_cli + " test --filter '(' " + rules_file, out) == 0, out);
}

// Issue 14: --filter was a std::regex, which backtracks exponentially: `(a|aa)*c` on a
// long name never returned. The glob matcher is bounded by pattern × name length.
BOOST_AUTO_TEST_CASE(test_filter_cannot_hang)
{
    const std::string name(60, 'a');
    const auto file = temp_file("filter.rules", "methodology \"A\" version \"1\"\nindicator x : count\n"
                                                "criterion C requires x > 1\nlabel L requires C valid 1 year\ntest \"" +
                                                    name +
                                                    "\" {\n  assessed_on 2020-01-01\n  given x = 2\n"
                                                    "  expect criterion C met\n}\n");
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test --filter '(a|aa)*c' " + file, out) == 0, out);
    BOOST_TEST(out == "1 not matching --filter\n0 passed, 0 failed\n");
    const std::string stars = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*";
    BOOST_TEST(run(hallmark_cli + " test --filter '" + stars + "b' " + file, out) == 0, out);
    BOOST_TEST(out == "1 not matching --filter\n0 passed, 0 failed\n");
    BOOST_TEST(run(hallmark_cli + " test --filter '" + stars + "' " + file, out) == 0, out);
    BOOST_TEST(out == "0 not matching --filter\n1 passed, 0 failed\n");
}

BOOST_AUTO_TEST_CASE(eval_prints_a_decision_or_exits_2)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " eval --rules " + rules_file + " " + cluster, out) == 0, out);
    BOOST_TEST(out.find("Decision: bronze, valid until 2026-05-31 (renewal)") != std::string::npos, out);
    BOOST_TEST(run(hallmark_cli + " eval --rules " + rules_file + " --format json " + cluster, out) == 0);
    BOOST_TEST(out.find("\"label\": \"bronze\"") != std::string::npos, out);

    const auto malformed =
        temp_file("malformed.json", "{\"assessed_on\": \"2023-01-01\",\n \"indicators\": {\"x\": }\n}");
    BOOST_TEST(run(hallmark_cli + " eval --rules " + rules_file + " " + malformed, out) == 2);
    BOOST_TEST(out.find("malformed.json:2:") != std::string::npos, out);
    BOOST_TEST(out.find("Decision") == std::string::npos, out);

    const auto wrong = temp_file("wrong.json", R"({"assessed_on": "2023-01-01", "indicators": {"staff": "lots"}})");
    BOOST_TEST(run(hallmark_cli + " eval --rules " + rules_file + " " + wrong, out) == 2);
    BOOST_TEST(out.find("indicators.staff") != std::string::npos, out);

    // Percentages that look like fractions decide as written, with a warning on stderr.
    const auto fractions =
        temp_file("fractions.json", R"({"assessed_on": "2023-01-01", "indicators": {"public_share": 0.6}})");
    run("(" + hallmark_cli + " eval --rules " + rules_file + " --format json " + fractions + " 2>/dev/null)", out);
    BOOST_TEST(out.find("warning") == std::string::npos, out);
    BOOST_TEST(out.find("\"label\"") != std::string::npos, out);
    run(hallmark_cli + " eval --rules " + rules_file + " " + fractions, out);
    BOOST_TEST(out.find("warning: every percentage in this assessment is below 1 (public_share 0.6%)") !=
                   std::string::npos,
               out);
}

BOOST_AUTO_TEST_CASE(eval_reports_in_markdown_and_html)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " eval --format md --rules " + rules_file + " " + cluster, out) == 0, out);
    BOOST_TEST(out.find("Label **Bronze**, valid until 2026-05-31 (renewal).") != std::string::npos, out);
    BOOST_TEST(out.find("| Q3 | Private funding | not met | 0 |") != std::string::npos, out);
    BOOST_TEST(run(hallmark_cli + " eval --format html --rules " + rules_file + " " + cluster, out) == 0, out);
    BOOST_TEST(out.find("<strong>Bronze</strong>") != std::string::npos, out);
    // A label part in the rule file's words, not its rule text.
    BOOST_TEST(out.find("<td>at least 80% of the quality points</td>") != std::string::npos, out);
    BOOST_TEST(out.find("max_points(quality)") == std::string::npos, out);
    BOOST_TEST(run(hallmark_cli + " eval --format pdf --rules " + rules_file + " " + cluster, out) == 2);
}

BOOST_AUTO_TEST_CASE(eval_out_is_written_whole_or_not_at_all)
{
    std::string out;
    const auto target = temp_file("decision.json", "previous contents");
    const auto wrong = temp_file("wrong2.json", R"({"assessed_on": "2023-01-01", "indicators": {"staff": true}})");
    BOOST_TEST(
        run(hallmark_cli + " eval --format json --rules " + rules_file + " --out " + target + " " + wrong, out) == 2);
    std::ifstream kept(target);
    std::string contents((std::istreambuf_iterator<char>(kept)), {});
    BOOST_TEST(contents == "previous contents");
    BOOST_TEST(
        run(hallmark_cli + " eval --format json --rules " + rules_file + " --out " + target + " " + cluster, out) == 0,
        out);
    std::ifstream written(target);
    std::string decision((std::istreambuf_iterator<char>(written)), {});
    BOOST_TEST(decision.find("\"label\": \"bronze\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(two_files_claiming_one_version_are_an_error)
{
    std::string out;
    const auto dir = fs::temp_directory_path() / ("hallmark-dup-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string text = "methodology \"D\" version \"1\"\n  effective 2020-01-01\nindicator x : count\n"
                             "criterion C\n  requires x > 1\nlabel l\n  requires C\n  valid 1 year\n";
    std::ofstream(dir / "a.rules") << text;
    std::ofstream(dir / "b.rules") << text;
    const auto input = temp_file("dup.json", R"({"assessed_on": "2021-01-01", "indicators": {"x": 2}})");
    BOOST_TEST(run(hallmark_cli + " eval --methodology D --rules-dir " + dir.string() + " " + input, out) == 2);
    BOOST_TEST(out.find("a.rules and ") != std::string::npos, out);
    BOOST_TEST(out.find("b.rules declare methodology \"D\" version \"1\"") != std::string::npos, out);
    std::ofstream(dir / "c.rules") << "methodology \"D\" version \"2\"\n  extends \"D\" version \"1\"\n";
    BOOST_TEST(run(hallmark_cli + " check " + (dir / "c.rules").string(), out) == 1);
    BOOST_TEST(out.find("declare methodology \"D\" version \"1\"") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " eval " + cluster, out) == 2);
    BOOST_TEST(run(hallmark_cli + " frobnicate", out) == 2);
}

BOOST_AUTO_TEST_CASE(embedding_example_runs)
{
    std::string out;
    BOOST_TEST(run(std::string(HALLMARK_EMBEDDING_EXAMPLE) + " " + rules_file + " " + cluster, out) == 0, out);
    BOOST_TEST(out == "QUICKSTART 1: bronze until 2026-05-31\n");
}

// hallmark's own failure is named, with its own exit status, never an abort (134) or an
// answer. Running out of memory is the failure a test can cause: a large rule file checked
// with the address space limited (not under sanitizers, which reserve far more).
#if defined(__has_feature)
#define HALLMARK_CLI_HAS_FEATURE(x) __has_feature(x)
#else
#define HALLMARK_CLI_HAS_FEATURE(x) 0
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !HALLMARK_CLI_HAS_FEATURE(address_sanitizer) && \
    !HALLMARK_CLI_HAS_FEATURE(thread_sanitizer)
BOOST_AUTO_TEST_CASE(out_of_memory_is_said_with_exit_3)
{
    std::string text = "methodology \"M\" version \"1\"\n\n";
    for (int i = 0; text.size() < 6'000'000; ++i) text += "indicator x" + std::to_string(i) + " : integer\n";
    const auto path = temp_file("big.rules", text);
    std::string out;
    BOOST_TEST(run(hallmark_cli + " check " + path, out) == 0, out.substr(0, 500));
    BOOST_TEST(run("ulimit -v 40000 && " + hallmark_cli + " check " + path, out) == 3, out.substr(0, 500));
    BOOST_TEST(out == "hallmark: out of memory\n", out.substr(0, 500));
}
#endif

BOOST_AUTO_TEST_SUITE_END()
