// SPDX-License-Identifier: Apache-2.0
// `hallmark test` as scripts and CI use it: --coverage as text and JSON, --lcov rendered
// by genhtml, --with-base-tests, and the help naming the options.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using namespace test_support;
namespace fs = std::filesystem;

namespace {

const std::string hallmark_cli = HALLMARK_CLI;
const std::string ecei_2013 = source_path("rules/ecei/2013.rules");
const std::string ecei_2020 = source_path("rules/ecei/2020.rules");

}  // namespace

BOOST_AUTO_TEST_SUITE(test_command)

BOOST_AUTO_TEST_CASE(help_names_the_options)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test --help", out) == 0, out);
    for (const char* option : {"--coverage", "--lcov", "--with-base-tests", "--format"})
        BOOST_TEST(out.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_CASE(coverage_as_text_and_json)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test --coverage " + ecei_2013, out) == 0, out);
    BOOST_TEST(out.find("coverage of ECEI 2013 by ") != std::string::npos, out);
    BOOST_TEST(out.find("2013.rules: criteria ") != std::string::npos, out);
    BOOST_TEST(out.find("thresholds ") != std::string::npos, out);
    BOOST_TEST(run(hallmark_cli + " test --coverage --format json " + ecei_2013, out) == 0, out);
    BOOST_TEST(out.find("\"coverage\": {") != std::string::npos, out);
    BOOST_TEST(out.find("\"threshold\": {") != std::string::npos, out);
    BOOST_TEST(out.find("\"status\": \"passed\"") != std::string::npos, out);
    // The JSON is one document a script can read.
    std::string json;
    run(hallmark_cli + " test --coverage --format json " + ecei_2013, json);
    scratch_dir dir("test_command_json");
    std::ofstream(dir.dir / "out.json") << json;
    BOOST_TEST(run("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
                   "assert d[\"failed\"] == 0 and d[\"files\"][0][\"coverage\"][\"items\"]' " +
                       (dir.dir / "out.json").string(),
                   out) == 0,
               out);
}

BOOST_AUTO_TEST_CASE(lcov_renders_with_genhtml)
{
    scratch_dir dir("test_command_lcov");
    const auto info = (dir.dir / "ecei.info").string();
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test --lcov " + info + " " + ecei_2013, out) == 0, out);
    const std::string tracefile = slurp(info);
    BOOST_TEST(tracefile.find("SF:" + ecei_2013 + "\n") != std::string::npos);
    BOOST_TEST(tracefile.find("BRDA:") != std::string::npos);
    const auto html = dir.dir / "html";
    BOOST_TEST(run("genhtml --branch-coverage --quiet -o " + html.string() + " " + info, out) == 0, out);
    BOOST_TEST(fs::exists(html / "index.html"));
    bool page_for_rules = false;
    for (const auto& e : fs::recursive_directory_iterator(html))
        page_for_rules = page_for_rules || e.path().filename() == "2013.rules.gcov.html";
    BOOST_TEST(page_for_rules);
    // An lcov file that cannot be written is bad input.
    BOOST_TEST(run(hallmark_cli + " test --lcov /nonexistent/dir/x.info " + ecei_2013, out) == 2, out);
}

BOOST_AUTO_TEST_CASE(base_tests_report_what_the_revision_changes)
{
    std::string out;
    BOOST_TEST(run(hallmark_cli + " test --with-base-tests " + ecei_2020, out) == 0, out);
    // 2020 drops Q1_4 and Q4_9: a base test that expects them is reported as changed.
    BOOST_TEST(out.find("CHANGED: base test") != std::string::npos, out);
    BOOST_TEST(out.find("this revision") != std::string::npos, out);
    BOOST_TEST(out.find("base tests changed by the revision") != std::string::npos, out);
    BOOST_TEST(out.find("FAIL") == std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
