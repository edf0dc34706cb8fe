// SPDX-License-Identifier: Apache-2.0
// Rule-file corpora: every tests/corpus/ok/*.rules compiles and its tests pass; every
// tests/corpus/fail/*.rules gives exactly the errors written inside it:
//   # error: TEXT          an error on this line whose message contains TEXT
//   # error line N: TEXT   an error on line N (for lines that cannot hold a comment)
// A file that cannot hold comments at all (an empty file) has them in FILE.expected.
// tests/corpus/bad_input/*.json are bad assessments; expected.txt lists every
// diagnostic each gives against catalogue.rules. Each failure names its file.
#include <hallmark/assessment.hpp>
#include <hallmark/limits.hpp>
#include <hallmark/rule_set.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> corpus_files(const char* kind)
{
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(HALLMARK_SOURCE_DIR) / "tests/corpus" / kind))
        if (e.path().extension() == ".rules") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

struct expected_error {
    std::size_t line;
    std::string text;
    bool seen = false;
};

std::vector<expected_error> expectations(const fs::path& file)
{
    const fs::path sidecar = fs::path(file.string() + ".expected");
    std::ifstream in(fs::exists(sidecar) ? sidecar : file);
    std::vector<expected_error> out;
    const std::regex here(R"(#\s*error:\s*(.*\S))"), there(R"(#\s*error line (\d+):\s*(.*\S))");
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (std::regex_search(line, m, there)) out.push_back({std::stoul(m[1]), m[2]});
        else if (std::regex_search(line, m, here)) out.push_back({n, m[1]});
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(ok_files_compile_and_pass_their_tests)
{
    const auto files = corpus_files("ok");
    BOOST_TEST(files.size() > 0u);
    for (const auto& f : files) {
        BOOST_TEST_CONTEXT(f.filename().string())
        {
            auto r = hallmark::compile_file(f.string());
            BOOST_TEST(r.ok(), r.render());
            if (!r.ok()) continue;
            for (const auto& t : r->run_tests()) {
                std::string why;
                for (const auto& w : t.failures) why += "\n    " + w;
                BOOST_TEST(t.passed, "test \"" << t.name << "\" failed:" << why);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(fail_files_give_exactly_their_errors)
{
    const auto files = corpus_files("fail");
    BOOST_TEST(files.size() > 0u);
    for (const auto& f : files) {
        BOOST_TEST_CONTEXT(f.filename().string())
        {
            auto expected = expectations(f);
            BOOST_TEST(!expected.empty(), "the file states no expected error");
            // A failing revision may extend a good version kept in ok/.
            hallmark::compile_options o;
            o.search_dirs.push_back((fs::path(HALLMARK_SOURCE_DIR) / "tests/corpus/ok").string());
            auto r = hallmark::compile_file(f.string(), o);
            BOOST_TEST(!r.ok(), "the rules compiled");
            for (const auto& d : r.diagnostics()) {
                if (d.level != hallmark::severity::error) continue;
                auto match = std::find_if(expected.begin(), expected.end(), [&](const expected_error& e) {
                    return !e.seen && e.line == d.line && d.message.find(e.text) != std::string::npos;
                });
                BOOST_TEST((match != expected.end()),
                           "unexpected error " << d.line << ":" << d.column << ": " << d.message);
                if (match != expected.end()) match->seen = true;
            }
            for (const auto& e : expected) BOOST_TEST(e.seen, "missing error on line " << e.line << ": " << e.text);
        }
    }
}

// One line of bad_input/expected.txt: "FILE: LINE:COLUMN: MESSAGE".
struct expected_input_error {
    std::string file;
    std::size_t line, column;
    std::string message;
};

std::vector<expected_input_error> input_expectations(const fs::path& dir)
{
    std::ifstream in(dir / "expected.txt");
    const std::regex entry(R"(^([^:]+): (\d+):(\d+): (.*)$)");
    std::vector<expected_input_error> out;
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (line.empty() || line[0] == '#') continue;
        BOOST_REQUIRE_MESSAGE(std::regex_match(line, m, entry), "malformed line in expected.txt: " << line);
        out.push_back({m[1], std::stoul(m[2]), std::stoul(m[3]), m[4]});
    }
    return out;
}

// Reading and then evaluating: every problem is a diagnostic of one stage or the other.
std::vector<hallmark::diagnostic> input_diagnostics(const hallmark::rule_set& rules, const std::string& path)
{
    auto read = hallmark::read_assessment_file(path);
    if (!read.ok()) return read.diagnostics();
    auto r = rules.evaluate(read.value());
    if (!r.ok()) return r.diagnostics();
    return {};
}

BOOST_AUTO_TEST_CASE(bad_assessments_give_exactly_their_errors)
{
    const auto dir = fs::path(HALLMARK_SOURCE_DIR) / "tests/corpus/bad_input";
    auto compiled = hallmark::compile_file((dir / "catalogue.rules").string());
    BOOST_REQUIRE_MESSAGE(compiled.ok(), compiled.render());
    const auto expected = input_expectations(dir);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".json") continue;
        ++files;
        const auto name = e.path().filename().string();
        BOOST_TEST_CONTEXT(name)
        {
            std::vector<expected_input_error> want;
            for (const auto& x : expected)
                if (x.file == name) want.push_back(x);
            const auto got = input_diagnostics(*compiled, e.path().string());
            BOOST_TEST(!want.empty(), "expected.txt says nothing about it");
            BOOST_TEST(got.size() == want.size(), hallmark::render_all(got));
            for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
                BOOST_TEST(got[i].line == want[i].line);
                BOOST_TEST(got[i].column == want[i].column);
                BOOST_TEST(got[i].message.find(want[i].message) != std::string::npos,
                           got[i].message << " does not contain " << want[i].message);
            }
        }
    }
    BOOST_TEST(files >= 40u);
}

// Inputs too large to keep in the repository are made here: a 10 MB line in a rule file
// and in an assessment, and a rule file that is one long comment.
BOOST_AUTO_TEST_CASE(giant_inputs_are_refused_whole)
{
    const std::string line(10 * 1024 * 1024, 'x');
    const std::string text = "methodology \"A\" version \"1\"\nlet v = \"" + line + "\"\n";
    auto rules = hallmark::compile_string(text, "giant.rules");
    BOOST_TEST(!rules.ok());
    BOOST_REQUIRE_EQUAL(rules.diagnostics().size(), 1u);
    BOOST_TEST(rules.diagnostics()[0].message ==
               "file is " + std::to_string(text.size()) + " bytes; the limit is 8388608");

    auto read = hallmark::read_assessment(
        "{\"assessed_on\": \"2023-11-30\", \"indicators\": {\"x\": \"" + line + "\"}}", "giant.json");
    BOOST_REQUIRE(!read.ok());
    const auto& ds = read.diagnostics();
    BOOST_REQUIRE_EQUAL(ds.size(), 1u);
    BOOST_TEST(ds[0].message == "document is larger than 8388608 bytes");

    // Just under the limit, one line of comment is read and found to hold no header.
    const std::string comment = "#" + std::string(hallmark::limits::max_file_bytes - 2, 'c') + "\n";
    auto only_comment = hallmark::compile_string(comment, "comment.rules");
    BOOST_REQUIRE_EQUAL(only_comment.diagnostics().size(), 1u);
    BOOST_TEST(only_comment.diagnostics()[0].line == 2u);
    BOOST_TEST(only_comment.diagnostics()[0].message.find("expected 'methodology") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
