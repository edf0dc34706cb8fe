// SPDX-License-Identifier: Apache-2.0
// Syntax errors: where, what was expected, what was found; the caret under the column.
#include "test_support.hpp"

#include "dsl/parser.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/program/program.hpp"
#include <hallmark/text.hpp>

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using test_support::errors;

namespace {
const std::string header = "methodology \"A\" version \"1\"\n";
}

BOOST_AUTO_TEST_SUITE(parser)

BOOST_AUTO_TEST_CASE(missing_paren_names_its_opener)
{
    const auto out = errors(header + "indicator x : count\nlet y = (1 + (x * 2)\nlet z = 1\n");
    BOOST_TEST(out.find("test.rules:4:1: error: expected ')' to close '(' at 3:9, found 'let'") != std::string::npos,
               out);
}

BOOST_AUTO_TEST_CASE(error_at_end_of_file_says_so)
{
    const auto out = errors(header + "let y = (1 + 2");
    BOOST_TEST(out.find("found the end of the file") != std::string::npos, out);
    BOOST_TEST(out.find("to close '(' at 2:9") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(source_line_and_caret_follow_the_message)
{
    const auto out = errors(header + "let y = 1 +\n");
    BOOST_TEST(out == "test.rules:3:1: error: expected an operand, found the end of the file\n\n^\n");
    const auto out2 = errors(header + "let y = \"abc\n");
    BOOST_TEST(out2 == "test.rules:2:13: error: expected '\"' to end the string, found the end of the line\n"
                       "let y = \"abc\n            ^\n");
}

// Issue 14: the whole source line was echoed, so a 5 MB line gave 10 MB on stderr. A
// window of at most 120 characters is shown, cuts marked, the caret still under the
// character the column names.
BOOST_AUTO_TEST_CASE(a_long_line_is_shown_as_a_window_around_the_column)
{
    auto caret_points_at = [](const std::string& out, std::string_view expected) {
        const auto lines_start = out.find('\n') + 1;
        const auto shown = out.substr(lines_start, out.find('\n', lines_start) - lines_start);
        const auto caret_line = out.substr(out.find('\n', lines_start) + 1);
        // Characters (not bytes) before the caret, in the shown line.
        const auto caret = caret_line.find('^');
        std::size_t chars = 0, i = 0;
        for (; i < shown.size() && chars < caret; ++i)
            if ((static_cast<unsigned char>(shown[i]) & 0xC0) != 0x80) ++chars;
        while (i < shown.size() && (static_cast<unsigned char>(shown[i]) & 0xC0) == 0x80) ++i;
        return shown.substr(i, expected.size()) == expected;
    };
    std::string terms;
    for (int i = 0; i < 200000; ++i) terms += "1 + ";
    // In the middle: cut on both sides.
    auto out = errors(header + "let x = " + terms + "@ + " + terms + "1\n");
    BOOST_TEST(out.size() < 600u, out.substr(0, 600));
    BOOST_TEST(out.find("test.rules:2:800009: error: expected an operand, found '@'\n…") != std::string::npos,
               out.substr(0, 600));
    BOOST_TEST(out.find("…\n ") != std::string::npos);
    BOOST_TEST(caret_points_at(out, "@ + 1"));
    // At the end of a long line, with multi-byte characters and a tab before it.
    out = errors(header + "let x = " + terms + "\"é\u4e2d\"\t+ \"ü\" @\n");
    BOOST_TEST(out.size() < 600u, out.substr(0, 600));
    BOOST_TEST(out.find("…1 + ") != std::string::npos, out);
    BOOST_TEST(out.find("@…") == std::string::npos, out);
    BOOST_TEST(out.find('\t', out.find('\n') + 1) != std::string::npos);
    BOOST_TEST(caret_points_at(out, "@"), out);
    // A short line is shown whole, as before.
    out = errors(header + "let x = 1 + @\n");
    BOOST_TEST(out.find("\nlet x = 1 + @\n            ^\n") != std::string::npos, out);
}

// Issue 14: a file saved with a UTF-8 byte-order mark (as Windows editors and
// spreadsheets write) is read as without it: same rules, same columns, and `fmt`
// drops the mark.
BOOST_AUTO_TEST_CASE(a_byte_order_mark_is_skipped)
{
    const std::string bom = "\xEF\xBB\xBF";
    const std::string text = header + "indicator x : count\ncriterion C requires x > 1\n";
    BOOST_TEST(errors(bom + text) == "(compiled)");
    BOOST_TEST(errors(bom + "methodology \"A\" version \"1\" @\n") == errors("methodology \"A\" version \"1\" @\n"));
    BOOST_TEST(errors(bom + "methodology \"A\" version \"1\" @\n").find(":1:29: error:") != std::string::npos);
    const auto formatted = hallmark::format_rules(bom + text, "bom.rules");
    BOOST_REQUIRE(formatted.ok());
    BOOST_TEST(formatted.value() == hallmark::format_rules(text, "bom.rules").value());
    BOOST_TEST(!formatted.value().starts_with(bom));
}

BOOST_AUTO_TEST_CASE(messages_never_name_pegtl_rules)
{
    for (const std::string bad : {"let", "let x", "let x =", "criterion", "criterion C points", "label L valid",
                                  "label L valid 2", "indicator i :", "indicator i : one", "test \"t\"", "test \"t\" {",
                                  "remove", "replace", "area", "criterion C points 5", "let x = if a", "@"}) {
        const auto out = errors(header + bad);
        BOOST_TEST_CONTEXT(bad)
        {
            BOOST_TEST(out.find("error: expected") != std::string::npos, out);
            BOOST_TEST(out.find("hallmark::") == std::string::npos, out);
            BOOST_TEST(out.find("tao::") == std::string::npos, out);
        }
    }
}

BOOST_AUTO_TEST_CASE(header_is_required)
{
    const auto out = errors("indicator x : count\n");
    BOOST_TEST(out.find("1:1: error: expected 'methodology") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(keywords_are_whole_words)
{
    // `in` must not match the start of `indicator`, nor `count` the start of `counter`.
    auto r = test_support::rules(header + "indicator interest : count range 0..5\nindicator counter : boolean\n"
                                          "criterion C\n  requires interest >= 1 and counter\n");
    BOOST_TEST(hallmark::engine::program_of(r).indicators.size() == 2u);
}

BOOST_AUTO_TEST_CASE(utf8_is_checked_before_parsing)
{
    using hallmark::first_invalid_utf8;
    constexpr auto ok = std::string_view::npos;
    BOOST_TEST(first_invalid_utf8("plain") == ok);
    BOOST_TEST(first_invalid_utf8("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80") == ok);  // é 中 😀
    BOOST_TEST(first_invalid_utf8("\xf4\x8f\xbf\xbf") == ok);                           // U+10FFFF
    BOOST_TEST(first_invalid_utf8("ab\xe9") == 2u);                                     // Latin-1
    BOOST_TEST(first_invalid_utf8("\xc0\xaf") == 0u);                                   // overlong '/'
    BOOST_TEST(first_invalid_utf8("\xe0\x80\xaf") == 0u);                               // overlong, 3 bytes
    BOOST_TEST(first_invalid_utf8("x\xed\xa0\x80") == 1u);                              // surrogate
    BOOST_TEST(first_invalid_utf8("\xf4\x90\x80\x80") == 0u);                           // past U+10FFFF
    BOOST_TEST(first_invalid_utf8("\xe4\xb8") == 0u);                                   // cut short
    BOOST_TEST(first_invalid_utf8("\x80") == 0u);                                       // lone continuation
    // ASCII is skipped eight bytes at a time: a bad byte or a cut sequence is found at
    // every offset around those steps, and a good sequence across a step is accepted.
    for (std::size_t at = 0; at < 40; ++at) {
        const std::string before(at, 'a'), after(40 - at, 'b');
        BOOST_TEST(first_invalid_utf8(before + "\xe9" + after) == at);
        BOOST_TEST(first_invalid_utf8(before + "\xe4\xb8" + after) == at);
        BOOST_TEST(first_invalid_utf8(before + "\xf0\x9f\x98\x80" + after) == ok);
        BOOST_TEST(first_invalid_utf8(before + "\xf0\x9f\x98\x80" + after + "\xff") == at + 4 + after.size());
    }

    const auto e = test_support::errors("methodology \"A\" version \"1\"\n# caf\xe9\n");
    BOOST_TEST(e.find("test.rules:2:6: error: the byte 0xE9 is not valid UTF-8") != std::string::npos, e);
}

// Issue 18: what only decides reads tests and fixtures for their syntax alone, and
// choosing a version reads only headers into a tree. Every way must find the same syntax
// errors at the same places, and keep every declaration it is asked for.
namespace {
using hallmark::dsl::reading;

std::string shown(const std::vector<hallmark::diagnostic>& ds)
{
    std::string s;
    for (const auto& d : ds)
        s += d.source + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + "\n";
    return s;
}

const std::string with_tests = header + R"(indicator n : count range 0..500
fixture base {
  assessed_on 2024-01-01
  given n = 10
}
criterion C requires n >= 5
test "from the fixture" from base { expect criterion C met }
label gold requires C
  valid 2 years
test "none" {
  assessed_on 2024-01-01
  given n = 1
  expect label none
}
)";
}  // namespace

BOOST_AUTO_TEST_CASE(every_reading_finds_the_same_syntax_errors)
{
    const std::string broken_test = header + "indicator n : count\ntest \"t\" {\n  given n = \n  expect label none\n}\n"
                                             "criterion C requires n >= \nlabel gold requires C\n";
    const std::string broken_fixture = header + "fixture f {\n  assessed_on 2024-13-01 given\n}\nlet x = (1\n";
    for (const auto& text : {with_tests, broken_test, broken_fixture, header + "test\n", header + "fixture 1 {}\n"}) {
        const auto all = hallmark::dsl::parse(text, "t.rules", 0);
        for (const auto how : {reading::decisions, reading::header}) {
            const auto some = hallmark::dsl::parse(text, "t.rules", 0, how);
            BOOST_TEST(shown(some.diagnostics) == shown(all.diagnostics), text);
            BOOST_TEST(some.file.has_value() == all.file.has_value(), text);
        }
    }
    const auto errs = shown(hallmark::dsl::parse(broken_test, "t.rules", 0, reading::decisions).diagnostics);
    BOOST_TEST(errs.find("t.rules:5:3:") != std::string::npos, errs);  // inside the test
    BOOST_TEST(errs.find("t.rules:8:1:") != std::string::npos, errs);  // and after it
}

BOOST_AUTO_TEST_CASE(reading_for_decisions_keeps_every_declaration_but_tests)
{
    const auto all = hallmark::dsl::parse(with_tests, "t.rules", 0);
    const auto decisions = hallmark::dsl::parse(with_tests, "t.rules", 0, reading::decisions);
    const auto head = hallmark::dsl::parse(with_tests, "t.rules", 0, reading::header);
    BOOST_REQUIRE(all.file && decisions.file && head.file);
    BOOST_TEST(decisions.diagnostics.empty(), shown(decisions.diagnostics));
    std::vector<std::string> kept;
    for (const auto& d : all.file->declarations)
        if (d.kind != hallmark::ast::decl_kind::test) kept.push_back(d.id());
    std::vector<std::string> got;
    for (const auto& d : decisions.file->declarations) got.push_back(d.id());
    BOOST_TEST(got == kept, boost::test_tools::per_element());
    BOOST_TEST(kept.size() == 3u);  // n, C, gold
    BOOST_TEST(head.file->declarations.empty());
    BOOST_TEST(head.file->head.name == "A");
    // The shipped files: the same declarations, read either way.
    for (const char* f : {"rules/ecei/2013.rules", "rules/ecei/2019.rules", "rules/ecei/2020.rules"}) {
        const auto text = test_support::slurp(test_support::source_path(f));
        const auto a = hallmark::dsl::parse(text, f, 0), b = hallmark::dsl::parse(text, f, 0, reading::decisions);
        BOOST_REQUIRE(a.file && b.file);
        std::size_t rules = 0;
        for (const auto& d : a.file->declarations) rules += d.kind != hallmark::ast::decl_kind::test;
        BOOST_TEST(b.file->declarations.size() == rules, f);
        BOOST_TEST(b.diagnostics.empty(), shown(b.diagnostics));
    }
}

// Compiled to decide only, a rule set decides as before, accepts a test the checker
// would refuse (it is not read), and will not pretend to run tests it never read.
BOOST_AUTO_TEST_CASE(a_rule_set_compiled_to_decide_has_no_tests)
{
    const std::string bad_test = with_tests + "test \"unknown\" { given nobody = 1 expect label gold }\n";
    const auto refused = hallmark::compile_string(bad_test, "t.rules");
    BOOST_TEST(!refused.ok());
    BOOST_TEST(refused.render().find("nobody") != std::string::npos, refused.render());
    hallmark::compile_options deciding;
    deciding.read_tests = false;
    const auto r = hallmark::compile_string(bad_test, "t.rules", deciding);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.render());
    BOOST_CHECK_THROW((void)r->run_tests(), std::logic_error);
    const auto full = hallmark::compile_string(with_tests, "t.rules");
    const auto same = hallmark::compile_string(with_tests, "t.rules", deciding);
    BOOST_REQUIRE(full.ok());
    BOOST_REQUIRE(same.ok());
    BOOST_TEST(full->run_tests().size() == 2u);
    for (const char* n : {"3", "5", "500"}) {
        const std::string doc = std::string(R"({"assessed_on": "2024-01-01", "indicators": {"n": )") + n + "}}";
        const auto a = hallmark::read_assessment(doc, "a.json");
        BOOST_REQUIRE(a.ok());
        BOOST_TEST(hallmark::to_json(same->evaluate(a.value()).value()) ==
                   hallmark::to_json(full->evaluate(a.value()).value()));
    }
}

BOOST_AUTO_TEST_SUITE_END()
