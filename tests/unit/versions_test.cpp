// SPDX-License-Identifier: Apache-2.0
// Choosing a version from a rules directory, and resolving `extends`: a broken or
// ambiguous directory is an error, never a silent choice of another version.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace test_support;
namespace fs = std::filesystem;

namespace {

const std::string hallmark_cli = HALLMARK_CLI;

// A fresh directory holding ECEI's shipped versions.
fs::path ecei_copy(const std::string& name)
{
    const auto dir = fs::temp_directory_path() / ("hallmark-versions-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(source_path("rules/ecei")))
        if (e.path().extension() == ".rules") fs::copy_file(e.path(), dir / e.path().filename());
    return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A 2024 revision of ECEI 2020 with `header` lines in place of its own.
std::string revision(const std::string& header)
{
    return "methodology \"ECEI\" version \"2024\"\n" + header +
           "\nreplace label bronze \"Bronze\"\n"
           "  requires all(eligibility)\n  valid 2 years\n";
}

const std::string assessment_2024 = R"({"cluster": {"id": "X", "name": "X"}, "assessed_on": "2024-09-01",
  "indicators": {}})";

bool has(const std::vector<hallmark::diagnostic>& ds, const std::string& text, hallmark::severity level)
{
    for (const auto& d : ds)
        if (d.level == level && (d.source + ": " + d.message).find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(versions)

BOOST_AUTO_TEST_CASE(the_shipped_directory_is_clean)
{
    const auto c = hallmark::find_versions(source_path("rules/ecei"));
    BOOST_TEST(c.ok(), hallmark::render_all(c.diagnostics()));
    BOOST_TEST(c.value().size() == 3u);
    BOOST_TEST(*c.value().at(2).base_version == "2019");
}

BOOST_AUTO_TEST_CASE(a_revision_that_does_not_parse_is_an_error_not_skipped)
{
    const auto dir = ecei_copy("syntax");
    write(dir / "2024.rules", revision("  effective 2024-06-01\n  extend \"ECEI\" version \"2020\""));
    const auto c = hallmark::find_versions(dir.string());
    BOOST_TEST(!c.ok());
    BOOST_TEST(c.diagnostics().at(0).source == (dir / "2024.rules").string());
    BOOST_TEST(c.diagnostics().at(0).line == 3u);
    BOOST_TEST(c.diagnostics().at(0).message.find("found 'extend'") != std::string::npos,
               c.diagnostics().at(0).message);

    // Through the CLI: exit 2, the file named, nothing decided, by date or by name.
    write(dir / "a.json", assessment_2024);
    for (const std::string which : {"ECEI", "ECEI@2024", "ECEI@2020"}) {
        for (const std::string command : {"eval", "batch"}) {
            std::string out;
            const auto cmd = hallmark_cli + " " + command + " --methodology " + which + " --rules-dir " + dir.string() +
                             " " + (dir / "a.json").string();
            BOOST_TEST(run(cmd, out) == 2, cmd);
            BOOST_TEST(out.find("2024.rules:3:3: error: expected a declaration") != std::string::npos, out);
            BOOST_TEST(out.find("\"label\"") == std::string::npos, out);
        }
    }
}

// Candidates are read for their syntax with only the header kept (issue 18): a syntax
// error deep in a test body still makes the directory an error, at its place.
BOOST_AUTO_TEST_CASE(a_syntax_error_in_a_candidates_test_is_found)
{
    const auto dir = ecei_copy("test_syntax");
    write(dir / "2024.rules",
          revision("  effective 2024-06-01\n  extends \"ECEI\" version \"2020\"") + "test \"t\" {\n  given x = \n}\n");
    const auto c = hallmark::find_versions(dir.string());
    BOOST_REQUIRE(!c.ok());
    BOOST_TEST(c.diagnostics().at(0).source == (dir / "2024.rules").string());
    BOOST_TEST(c.diagnostics().at(0).line == 9u, hallmark::render_all(c.diagnostics()));
    write(dir / "a.json", assessment_2024);
    std::string out;
    BOOST_TEST(
        run(hallmark_cli + " eval --methodology ECEI --rules-dir " + dir.string() + " " + (dir / "a.json").string(),
            out) == 2,
        out);
    BOOST_TEST(out.find("2024.rules:9:") != std::string::npos, out);
}

// Choosing by headers, compiling the chosen chain, then checking the rest (what `eval
// --rules-dir` does so that no file is matched twice) finds every syntax error that
// reading whole files finds, wherever it is: in the chosen file, in one of its bases, or
// in a file of the directory that is not compiled at all.
BOOST_AUTO_TEST_CASE(headers_then_the_rest_find_what_whole_files_find)
{
    const auto dir = ecei_copy("headers_then_rest");
    const auto clean = hallmark::find_versions(dir.string(), hallmark::version_scan::headers);
    BOOST_REQUIRE(clean.ok());
    BOOST_TEST(clean.value().size() == hallmark::find_versions(dir.string()).value().size());
    const auto chain = hallmark::compile_file((dir / "2020.rules").string());
    BOOST_REQUIRE(chain.ok());
    BOOST_TEST(chain.sources.size() == 3u);
    BOOST_TEST(hallmark::check_rule_syntax(clean.value(), chain.sources).empty());

    // A revision that extends nothing of the chain, broken after its header: the header
    // scan accepts the directory, and the rest's check names the line.
    write(dir / "2024.rules",
          revision("  effective 2024-06-01\n  extends \"ECEI\" version \"2020\"") + "criterion ( oops\n");
    const auto headers = hallmark::find_versions(dir.string(), hallmark::version_scan::headers);
    BOOST_REQUIRE(headers.ok());
    const auto whole = hallmark::find_versions(dir.string());
    BOOST_REQUIRE(!whole.ok());
    const auto rest = hallmark::check_rule_syntax(headers.value(), chain.sources);
    BOOST_REQUIRE(hallmark::has_errors(rest));
    BOOST_TEST(hallmark::render_all(rest) == hallmark::render_all(whole.diagnostics()));
    // The files a compile read are skipped however their path is spelt.
    std::vector<hallmark::rule_source> spelt_otherwise;
    for (const auto& s : chain.sources)
        spelt_otherwise.push_back({(dir / "." / fs::path(s.name).filename()).string(), ""});
    BOOST_TEST(hallmark::render_all(hallmark::check_rule_syntax(headers.value(), spelt_otherwise)) ==
               hallmark::render_all(rest));
    // Through the command: the 2020 version is in force, the broken 2024 file not
    // compiled, and still the directory is refused.
    write(dir / "a.json", std::string(R"({"cluster": {"id": "X", "name": "X"}, "assessed_on": "2023-09-01",
        "indicators": {}})"));
    std::string out;
    BOOST_TEST(
        run(hallmark_cli + " eval --methodology ECEI --rules-dir " + dir.string() + " " + (dir / "a.json").string(),
            out) == 2,
        out);
    BOOST_TEST(out.find("2024.rules:7:11: error: expected a name") != std::string::npos, out);
    // A header that does not parse is found by the header scan itself.
    write(dir / "2024.rules", "methodology \"ECEI\" versio \"2024\"\n");
    BOOST_TEST(!hallmark::find_versions(dir.string(), hallmark::version_scan::headers).ok());
}

BOOST_AUTO_TEST_CASE(two_versions_on_one_day_are_an_error)
{
    const auto dir = ecei_copy("same_day");
    write(dir / "2024.rules", revision("  effective 2020-07-01\n  extends \"ECEI\" version \"2019\""));
    const auto c = hallmark::find_versions(dir.string());
    BOOST_TEST(has(c.diagnostics(), "both take effect on 2020-07-01", hallmark::severity::error),
               hallmark::render_all(c.diagnostics()));
}

BOOST_AUTO_TEST_CASE(a_revision_before_its_base_is_an_error)
{
    const auto dir = ecei_copy("before_base");
    write(dir / "2024.rules", revision("  effective 2020-06-30\n  extends \"ECEI\" version \"2020\""));
    const auto c = hallmark::find_versions(dir.string());
    BOOST_TEST(
        has(c.diagnostics(), "takes effect on 2020-06-30, not after its base \"2020\"", hallmark::severity::error),
        hallmark::render_all(c.diagnostics()));
    // Compiling the revision on its own says so at its effective date.
    const auto r = hallmark::compile_file((dir / "2024.rules").string());
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.render().find("2024.rules:2:3: error: version \"2024\" takes effect on 2020-06-30, not after its "
                               "base version \"2020\" (effective 2020-07-01)") != std::string::npos,
               r.render());
    // The same day as its base is no better.
    write(dir / "2024.rules", revision("  effective 2020-07-01\n  extends \"ECEI\" version \"2020\""));
    BOOST_TEST(!hallmark::compile_file((dir / "2024.rules").string()).ok());
}

BOOST_AUTO_TEST_CASE(entries_that_are_not_regular_files_are_skipped_with_a_warning)
{
    const auto dir = ecei_copy("special");
    BOOST_REQUIRE(::mkfifo((dir / "fifo.rules").c_str(), 0600) == 0);
    fs::create_symlink("/dev/zero", dir / "zzz.rules");
    // Finding the base of 2020 must neither block on the FIFO nor read /dev/zero.
    const auto r = hallmark::compile_file((dir / "2020.rules").string());
    BOOST_TEST(r.ok(), r.render());
    BOOST_TEST(has(r.diagnostics(), "fifo.rules: skipped while looking for a base version: not a regular file",
                   hallmark::severity::warning));
    BOOST_TEST(has(r.diagnostics(), "zzz.rules: skipped", hallmark::severity::warning));
    const auto c = hallmark::find_versions(dir.string());
    BOOST_TEST(c.ok(), hallmark::render_all(c.diagnostics()));
    BOOST_TEST(has(c.diagnostics(), "zzz.rules: skipped: not a regular file", hallmark::severity::warning));
}

BOOST_AUTO_TEST_CASE(a_base_is_found_by_its_header_even_beside_a_broken_file)
{
    // A broken unrelated file does not hide the base; its header problem is a warning.
    const auto dir = ecei_copy("broken_neighbour");
    write(dir / "aaa.rules", "methodlogy \"X\" version \"1\"\n");
    const auto r = hallmark::compile_file((dir / "2020.rules").string());
    BOOST_TEST(r.ok(), r.render());
    BOOST_TEST(has(r.diagnostics(), "aaa.rules: skipped while looking for a base version: expected",
                   hallmark::severity::warning),
               r.render());
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_an_error)
{
    const auto c = hallmark::find_versions("/nonexistent-hallmark-dir");
    BOOST_TEST(!c.ok());
}

BOOST_AUTO_TEST_SUITE_END()
