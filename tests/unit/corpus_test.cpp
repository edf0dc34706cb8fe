// Rule-file corpora: every tests/corpus/ok/*.rules compiles and its tests pass; every
// tests/corpus/fail/*.rules gives exactly the errors written inside it:
//   # error: TEXT          an error on this line whose message contains TEXT
//   # error line N: TEXT   an error on line N (for lines that cannot hold a comment)
// Each failure names its file.
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
    std::ifstream in(file);
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
            BOOST_TEST(r.rules.has_value(), r.render());
            if (!r.rules) continue;
            for (const auto& t : r.rules->run_tests()) {
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
            BOOST_TEST(!r.rules.has_value(), "the rules compiled");
            for (const auto& d : r.diagnostics) {
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

BOOST_AUTO_TEST_SUITE_END()
