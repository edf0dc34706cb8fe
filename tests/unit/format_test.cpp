// SPDX-License-Identifier: Apache-2.0
// `hallmark fmt`: the canonical layout parses back to the same rules, is stable, and
// keeps every comment.
#include "test_support.hpp"

#include <hallmark/rule_diff.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

using test_support::slurp;

namespace {

std::vector<fs::path> every_rule_file()
{
    std::vector<fs::path> out;
    for (const char* dir : {"examples", "rules", "tests/corpus/ok"}) {
        const auto root = fs::path(HALLMARK_SOURCE_DIR) / dir;
        if (!fs::exists(root)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.path().extension() == ".rules") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string formatted(const std::string& text)
{
    auto r = hallmark::format_rules(text, "f.rules");
    if (!r.ok()) return "ERROR " + hallmark::render_all(r.diagnostics(), text);
    return r.value();
}

std::size_t comments(const std::string& text)
{
    std::size_t n = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (in_string && text[i] == '\\') ++i;
        else if (text[i] == '"') in_string = !in_string;
        else if (text[i] == '\n') in_string = false;
        else if (!in_string && text[i] == '#') {
            ++n;
            while (i < text.size() && text[i] != '\n') ++i;
        }
    }
    return n;
}

// The example assessments and the first peers of the portfolio.
const std::vector<hallmark::assessment>& example_inputs()
{
    static const auto inputs = [] {
        std::vector<hallmark::assessment> out;
        for (const auto& e : fs::directory_iterator(fs::path(HALLMARK_SOURCE_DIR) / "examples/assessments"))
            if (e.path().extension() == ".json")
                if (auto r = hallmark::read_assessment_file(e.path().string()); r.ok()) out.push_back(r.value());
        std::ifstream peers(fs::path(HALLMARK_SOURCE_DIR) / "examples/portfolio/peers.jsonl");
        std::string line;
        for (int i = 0; i < 50 && std::getline(peers, line); ++i)
            if (auto r = hallmark::read_assessment(line, "peers.jsonl"); r.ok()) out.push_back(r.value());
        return out;
    }();
    return inputs;
}

// The decision JSON without the hash of the rule text, which formatting changes.
std::string without_rules_hash(hallmark::decision d)
{
    d.rules_sha256.clear();
    return hallmark::to_json(d);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(format)

BOOST_AUTO_TEST_CASE(formatting_is_stable_and_keeps_meaning_and_comments)
{
    const auto files = every_rule_file();
    BOOST_TEST(files.size() >= 2u);
    std::size_t decisions_compared = 0;
    for (const auto& f : files) {
        BOOST_TEST_CONTEXT(f.string())
        {
            const auto text = slurp(f);
            const auto once = formatted(text);
            BOOST_TEST(once.rfind("ERROR", 0) != 0u, once);
            BOOST_TEST(formatted(once) == once);
            BOOST_TEST(comments(once) == comments(text));
            // Same decisions: the formatted rules pass the same tests (bases found beside the file).
            hallmark::compile_options o;
            o.search_dirs.push_back(f.parent_path().string());
            auto before = hallmark::compile_file(f.string());
            auto after = hallmark::compile_string(once, f.string(), o);
            BOOST_TEST(before.ok() == after.ok(), after.render());
            if (!before.ok() || !after.ok()) continue;
            BOOST_TEST(before->test_count() == after->test_count());
            for (const auto& t : after->run_tests()) BOOST_TEST(t.passed, t.name);
            // The same rule set, declaration by declaration ...
            for (const auto& c : hallmark::diff_rules(*before, *after))
                BOOST_ERROR(c.kind << " " << c.id << " " << c.field << ": " << c.before << " -> " << c.after);
            // ... and the same decision for every example assessment it can evaluate.
            for (const auto& input : example_inputs()) {
                auto x = before->evaluate(input), y = after->evaluate(input);
                BOOST_TEST(x.ok() == y.ok(), input.source);
                if (!x.ok() || !y.ok()) continue;
                BOOST_TEST(without_rules_hash(x.value()) == without_rules_hash(y.value()), input.source);
                ++decisions_compared;
            }
        }
    }
    // The ECEI versions evaluate the 16 examples and 50 peers they fit.
    BOOST_TEST(decisions_compared >= 100u);
}

BOOST_AUTO_TEST_CASE(shipped_rules_are_canonical)
{
    for (const auto& f : every_rule_file()) {
        if (f.string().find("tests/corpus") != std::string::npos) continue;  // hand-written test input
        BOOST_TEST_CONTEXT(f.string()) { BOOST_TEST(formatted(slurp(f)) == slurp(f)); }
    }
}

BOOST_AUTO_TEST_CASE(layout_is_canonical)
{
    const std::string messy = "methodology \"A\"   version \"1\"  # the header\n"
                              "indicator  x:count\n\n\n# about y\nindicator yy : decimal unit EUR\n"
                              "let s=x*2+(x-1)*3\ncriterion C group g\n  points 10 when x>=5\n  2 otherwise # low\n";
    BOOST_TEST(formatted(messy) == "methodology \"A\" version \"1\"  # the header\n\n"
                                   "indicator x  : count\n# about y\nindicator yy : decimal unit EUR\n\n"
                                   "let s = x * 2 + (x - 1) * 3\n\n"
                                   "criterion C group g\n  points 10 when x >= 5\n          2 otherwise  # low\n");
}

// Issue 17: words for a label's requirement parts survive formatting, one part a line.
BOOST_AUTO_TEST_CASE(words_of_label_requirement_parts_round_trip)
{
    const std::string h = "methodology \"A\" version \"1\"\n\nindicator a : boolean\nindicator n : count\n\n"
                          "criterion C \"Team\" group g\n  requires a\n";
    const std::string messy = h + "label l requires all(g) and n>=3 \"three members\" and (a or n = 1) \"a or one\""
                                  " and not a valid 1 year\n";
    const std::string want = h + "\nlabel l\n  requires all(g)\n       and n >= 3 \"three members\"\n"
                                 "       and (a or n = 1) \"a or one\"\n       and not a\n  valid 1 year\n";
    BOOST_TEST(formatted(messy) == want);
    BOOST_TEST(formatted(want) == want);
    // One part with words stays on one line.
    const std::string one = h + "\nlabel l\n  requires n >= 3 \"three members\"\n  valid 1 year\n";
    BOOST_TEST(formatted(one) == one);
    // Words join parts with `and` only; an `or` goes in brackets.
    const auto bad = formatted(h + "label l requires a \"w\" or n = 1 valid 1 year\n");
    BOOST_TEST(bad.find("a requirement whose parts have words joins them with 'and' only; put an 'or' in brackets: "
                        "(A or B) \"WORDS\", found 'or'") != std::string::npos,
               bad);
}

BOOST_AUTO_TEST_CASE(parentheses_only_where_needed)
{
    const std::string h =
        "methodology \"A\" version \"1\"\nindicator a : boolean\nindicator b : boolean\nindicator c : boolean\n";
    auto let_line = [&](const std::string& e) {
        const auto out = formatted(h + "let v = " + e + "\n");
        const auto at = out.find("let v = ");
        return out.substr(at + 8, out.find('\n', at) - at - 8);
    };
    BOOST_TEST(let_line("(a and b) or c") == "a and b or c");
    BOOST_TEST(let_line("a and (b or c)") == "a and (b or c)");
    BOOST_TEST(let_line("not (a and b)") == "not (a and b)");
    BOOST_TEST(let_line("1 - (2 - 3)") == "1 - (2 - 3)");
    BOOST_TEST(let_line("(1 - 2) - 3") == "1 - 2 - 3");
    BOOST_TEST(let_line("(if a then 1 else 2) + 3") == "(if a then 1 else 2) + 3");
    BOOST_TEST(let_line("33.30%") == "33.3%");
    // Found by fuzz_rules: a doubled minus was printed as `--x`; brackets instead of it
    // added nesting (issue 14), so a second minus is set apart by a space.
    BOOST_TEST(let_line("-(-1)") == "- -1");
    BOOST_TEST(let_line("- -(1 - 2)") == "- -(1 - 2)");
    BOOST_TEST(let_line("1 - -1") == "1 - -1");
    // `0 days` and `0 years` differ: only days compare with days.
    BOOST_TEST(let_line("0 days") == "0 days");
    BOOST_TEST(let_line("0 months") == "0 months");
}

// Issue 14: a run of unary minus signs within the nesting limit was printed as nested
// `-(-(-(...)))`, beyond it, so `fmt -w` wrote a file that no longer parsed.
BOOST_AUTO_TEST_CASE(a_run_of_minus_signs_formats_to_text_that_parses)
{
    for (std::size_t n : {2u, 40u, 63u}) {
        const std::string text =
            "methodology \"A\" version \"1\"\nindicator r : count\nlet b = 999 - " + std::string(n, '-') + "r\n";
        BOOST_TEST_CONTEXT(n)
        {
            BOOST_TEST(hallmark::compile_string(text, "f.rules").ok());
            const auto once = formatted(text);
            BOOST_TEST(once.find("ERROR") == std::string::npos, once);
            BOOST_TEST(formatted(once) == once);
            BOOST_TEST(hallmark::compile_string(once, "f.rules").ok(), once);
        }
    }
}

// Found by fuzz_rules: a comment after `expect criterion X met` was printed twice, and
// its text became part of the expected outcome, so the test could never pass.
BOOST_AUTO_TEST_CASE(comment_after_an_expected_outcome)
{
    const std::string text = "methodology \"A\" version \"1\"\nindicator x : count\ncriterion C requires x > 1\n"
                             "test \"t\" {\n  assessed_on 2020-01-01\n  given x = 2\n"
                             "  expect criterion C met  # why\n}\n";
    const auto once = formatted(text);
    BOOST_TEST(comments(once) == 1u);
    BOOST_TEST(formatted(once) == once);
    const auto results = test_support::rules(text).run_tests();
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    BOOST_TEST(results[0].passed);
}

// Issue 19: `allow` lines stay where they were written (beside what they silence, with
// their comment), not moved to the end of the file; one at the end stays at the end.
BOOST_AUTO_TEST_CASE(allow_lines_stay_in_place)
{
    const std::string text = "methodology \"A\" version \"1\"\nindicator x : count\nindicator spare : count\n"
                             "# kept for the annual report\n"
                             "allow unused_indicator spare because \"reported, not decided\"\n"
                             "criterion C requires x > 1\n"
                             "allow missing_advice C because \"self-explanatory\"\n";
    const auto once = formatted(text);
    BOOST_TEST(once == "methodology \"A\" version \"1\"\n\n"
                       "indicator x     : count\nindicator spare : count\n\n"
                       "# kept for the annual report\n"
                       "allow unused_indicator spare because \"reported, not decided\"\n\n"
                       "criterion C\n  requires x > 1\n\n"
                       "allow missing_advice C because \"self-explanatory\"\n");
    BOOST_TEST(formatted(once) == once);
}

// Files that fail to compile still format when they parse; their layout is as stable.
BOOST_AUTO_TEST_CASE(failing_corpus_formats_stably)
{
    std::size_t checked = 0;
    for (const auto& e : fs::directory_iterator(fs::path(HALLMARK_SOURCE_DIR) / "tests/corpus/fail")) {
        const auto text = slurp(e.path());
        const auto once = formatted(text);
        if (once.starts_with("ERROR")) continue;
        ++checked;
        BOOST_TEST(formatted(once) == once, e.path().filename());
        BOOST_TEST(comments(once) == comments(text), e.path().filename());
    }
    BOOST_TEST(checked > 20u);
}

BOOST_AUTO_TEST_SUITE_END()
