// SPDX-License-Identifier: Apache-2.0
// The ECEI methodology in rules/ecei: its own test cases, the example assessments with
// their published or intended decisions, and the choice of version by date.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace test_support;
namespace fs = std::filesystem;

namespace {

const std::string rules_dir = source_path("rules");
const std::string ecei_dir = source_path("rules/ecei");
const std::string examples_dir = source_path("examples/assessments");

std::vector<std::string> ecei_files()
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(ecei_dir))
        if (e.path().extension() == ".rules") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

struct expected_line {
    std::string file, label, valid_until;
};

std::vector<expected_line> expected_decisions()
{
    std::vector<expected_line> out;
    std::ifstream in(examples_dir + "/expected.txt");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        expected_line e;
        words >> e.file >> e.label >> e.valid_until;
        out.push_back(e);
    }
    return out;
}

hallmark::date day(const char* text) { return *hallmark::date::parse(text); }

// The rule set in force for an assessment, as `eval --methodology ECEI --rules-dir rules` picks it.
std::optional<hallmark::rule_set> rules_for(const hallmark::assessment& a, std::string& why)
{
    const auto chosen =
        hallmark::select_version(hallmark::find_versions(rules_dir).value(), "ECEI", std::nullopt, a.assessed_on);
    if (!chosen) {
        why = "no ECEI version in force on " + a.assessed_on.to_string();
        return std::nullopt;
    }
    auto compiled = hallmark::compile_file(chosen->path);
    if (!compiled.ok()) {
        why = compiled.render();
        return std::nullopt;
    }
    return std::move(compiled).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ecei)

BOOST_AUTO_TEST_CASE(every_rule_file_checks_and_passes_its_own_tests)
{
    const auto files = ecei_files();
    BOOST_TEST(files.size() >= 3u);
    std::size_t total = 0;
    for (const auto& file : files) {
        auto compiled = hallmark::compile_file(file);
        BOOST_TEST_REQUIRE(compiled.ok(), file << " does not compile:\n" << compiled.render());
        BOOST_TEST(compiled->test_count() > 0u, file << " has no test cases");
        for (const auto& r : compiled->run_tests()) {
            ++total;
            std::string failures;
            for (const auto& f : r.failures) failures += "\n    " + f;
            BOOST_TEST(r.passed, file << ":" << r.line << ": test \"" << r.name << "\" failed:" << failures);
        }
    }
    BOOST_TEST(total >= 40u, "only " << total << " test cases across rules/ecei");
}

BOOST_AUTO_TEST_CASE(examples_get_their_expected_decisions)
{
    const auto expected = expected_decisions();
    BOOST_TEST(expected.size() >= 12u);
    for (const auto& e : expected) {
        const std::string path = examples_dir + "/" + e.file;
        auto read = hallmark::read_assessment_file(path);
        BOOST_TEST_REQUIRE(read.ok(), e.file << " cannot be read");
        const auto& a = read.value();
        std::string why;
        const auto rules = rules_for(a, why);
        BOOST_TEST_REQUIRE(rules.has_value(), e.file << ": " << why);
        auto result = rules->evaluate(a);
        if (!result.ok()) {
            std::string text;
            for (const auto& d : result.diagnostics()) text += "\n    " + d.message;
            BOOST_TEST(false, e.file << " is rejected by ECEI " << rules->version() << ":" << text);
            continue;
        }
        const auto& d = result.value();
        const std::string label = d.label.value_or("none");
        const std::string until = d.valid_until ? d.valid_until->to_string() : "-";
        BOOST_TEST(label == e.label,
                   e.file << " (ECEI " << d.version << "): label " << label << ", expected " << e.label);
        BOOST_TEST(until == e.valid_until,
                   e.file << " (ECEI " << d.version << "): valid until " << until << ", expected " << e.valid_until);
    }
}

BOOST_AUTO_TEST_CASE(the_command_agrees_on_the_seed_clusters)
{
    const std::string cli = HALLMARK_CLI;
    for (const auto& e : expected_decisions()) {
        std::string out;
        const int rc = run(cli + " eval --methodology ECEI --rules-dir " + rules_dir + " " + examples_dir + "/" +
                               e.file + " --format json",
                           out);
        BOOST_TEST(rc == 0, e.file << ": exit " << rc << "\n" << out);
        const std::string want_label = e.label == "none" ? "\"label\": null" : "\"label\": \"" + e.label + "\"";
        const std::string want_until =
            e.valid_until == "-" ? "\"valid_until\": null" : "\"valid_until\": \"" + e.valid_until + "\"";
        BOOST_TEST(out.find(want_label) != std::string::npos, e.file << ": expected " << want_label << " in\n" << out);
        BOOST_TEST(out.find(want_until) != std::string::npos, e.file << ": expected " << want_until << " in\n" << out);
    }
}

BOOST_AUTO_TEST_CASE(the_version_in_force_is_chosen_by_date)
{
    const auto all = hallmark::find_versions(rules_dir).value();
    auto version_on = [&](const char* on) {
        const auto v = hallmark::select_version(all, "ECEI", std::nullopt, day(on));
        return v ? v->version : std::string("(none)");
    };
    BOOST_TEST(version_on("2019-07-25") == "2013");  // Qoot Cluster
    BOOST_TEST(version_on("2019-11-14") == "2013");
    BOOST_TEST(version_on("2019-11-15") == "2019");  // the eligibility criteria take effect
    BOOST_TEST(version_on("2020-06-30") == "2019");
    BOOST_TEST(version_on("2020-07-01") == "2020");
    BOOST_TEST(version_on("2023-11-30") == "2020");  // INEUSTAR, LITEK
    BOOST_TEST(version_on("2012-12-31") == "(none)");

    const auto pinned = hallmark::select_version(all, "ECEI", std::string("2019"), day("2023-11-30"));
    BOOST_TEST_REQUIRE(pinned.has_value());
    BOOST_TEST(pinned->version == "2019");
    BOOST_TEST(fs::path(pinned->path).filename().string() == "2019.rules");

    std::string out;
    const std::string cli = HALLMARK_CLI;
    BOOST_TEST(run(cli + " eval --methodology ECEI@2019 --rules-dir " + rules_dir + " " + examples_dir +
                       "/bigscience-dk.json --format json",
                   out) == 0,
               out);
    BOOST_TEST(out.find("\"version\": \"2019\"") != std::string::npos, out);
    BOOST_TEST(run(cli + " eval --methodology ECEI --rules-dir " + rules_dir + " " + examples_dir +
                       "/qoot-cluster.json --format json",
                   out) == 0,
               out);
    BOOST_TEST(out.find("\"version\": \"2013\"") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
