// SPDX-License-Identifier: Apache-2.0
// Syntax errors: where, what was expected, what was found; the caret under the column.
#include "test_support.hpp"

#include "engine/api/rule_set_access.hpp"
#include "engine/program/program.hpp"
#include <hallmark/text.hpp>

#include <boost/test/unit_test.hpp>

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

    const auto e = test_support::errors("methodology \"A\" version \"1\"\n# caf\xe9\n");
    BOOST_TEST(e.find("test.rules:2:6: error: the byte 0xE9 is not valid UTF-8") != std::string::npos, e);
}

BOOST_AUTO_TEST_SUITE_END()
