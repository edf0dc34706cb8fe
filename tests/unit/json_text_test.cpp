// SPDX-License-Identifier: Apache-2.0
// The hand-written JSON writer: string escaping, automatic separators, pretty layout,
// and refusal of call sequences that would produce invalid JSON.
#include "engine/values/json_text.hpp"

#include <boost/test/unit_test.hpp>

#include <hallmark/hashes.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using hallmark::json_quote;
using hallmark::json_style;
using hallmark::json_writer;

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(quotes_and_backslashes_are_escaped)
{
    BOOST_TEST(json_quote("") == R"("")");
    BOOST_TEST(json_quote("plain") == R"("plain")");
    BOOST_TEST(json_quote(R"(say "hi")") == R"("say \"hi\"")");
    BOOST_TEST(json_quote(R"(C:\dir)") == R"("C:\\dir")");
    BOOST_TEST(json_quote("a/b") == R"("a/b")");  // '/' needs no escape
}

BOOST_AUTO_TEST_CASE(control_characters_use_short_forms_or_u00xx)
{
    BOOST_TEST(json_quote("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    BOOST_TEST(json_quote(std::string("a\0b", 3)) == R"("a\u0000b")");
    BOOST_TEST(json_quote("\x01\x1f") == R"("\u0001\u001f")");
    BOOST_TEST(json_quote("\x7f") == "\"\x7f\"");  // DEL is not a control character in JSON
}

BOOST_AUTO_TEST_CASE(utf8_is_copied_unchanged)
{
    BOOST_TEST(json_quote("Vilnius – Kaunas ü €") == "\"Vilnius – Kaunas ü €\"");
    BOOST_TEST(json_quote("\xF0\x9F\x98\x80") == "\"\xF0\x9F\x98\x80\"");
}

// Strings are scanned eight bytes at a time: every byte value, at every position of
// strings shorter than, as long as and longer than a word, in a run of harmless bytes
// (ASCII and UTF-8 around it), must come out as the byte-by-byte definition says.
BOOST_AUTO_TEST_CASE(every_byte_is_escaped_alike_at_every_position)
{
    const auto one = [](unsigned char c) -> std::string {
        static constexpr char hex[] = "0123456789abcdef";
        switch (c) {
        case '"': return "\\\"";
        case '\\': return "\\\\";
        case '\b': return "\\b";
        case '\f': return "\\f";
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: break;
        }
        if (c < 0x20) return std::string("\\u00") + hex[c >> 4] + hex[c & 0xF];
        return std::string(1, static_cast<char>(c));
    };
    int wrong = 0;
    for (const int filler : {0x61, 0xC3, 0x7E})  // 'a', a UTF-8 lead byte, '~'
        for (std::size_t length = 1; length <= 19; ++length)
            for (std::size_t at = 0; at < length; ++at)
                for (int c = 0; c < 256; ++c) {
                    std::string text(length, static_cast<char>(filler));
                    text[at] = static_cast<char>(c);
                    std::string expected = "\"";
                    for (const char b : text) expected += one(static_cast<unsigned char>(b));
                    expected += '"';
                    if (json_quote(text) != expected && ++wrong < 5)
                        BOOST_TEST(json_quote(text) == expected, "byte " << c << " at " << at << " of " << length);
                }
    BOOST_TEST(wrong == 0);
}

BOOST_AUTO_TEST_CASE(append_json_string_appends)
{
    std::string out = "x=";
    hallmark::append_json_string(out, "a\"b");
    BOOST_TEST(out == R"(x="a\"b")");
}

BOOST_AUTO_TEST_CASE(compact_output_has_commas_and_no_whitespace)
{
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("name").string("LITEK");
    w.key("n").raw_number("1.5");
    w.key("ok").boolean(true);
    w.key("off").boolean(false);
    w.key("none").null();
    w.key("list").begin_array().raw_number("1").string("two").begin_object().end_object().end_array();
    w.key("empty").begin_array().end_array();
    w.end_object();
    BOOST_TEST(out == R"({"name":"LITEK","n":1.5,"ok":true,"off":false,"none":null,)"
                      R"("list":[1,"two",{}],"empty":[]})");
    BOOST_TEST(w.complete());
}

BOOST_AUTO_TEST_CASE(keys_are_escaped_too)
{
    std::string out;
    json_writer(out).begin_object().key("a\"\n").null().end_object();
    BOOST_TEST(out == R"({"a\"\n":null})");
}

BOOST_AUTO_TEST_CASE(pretty_output_indents_by_two_spaces)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object();
    w.key("a").raw_number("1");
    w.key("b").begin_array().raw_number("2").begin_object().key("c").null().end_object().end_array();
    w.key("d").begin_object().end_object();
    w.key("e").begin_array().end_array();
    w.end_object();
    const std::string expected = "{\n"
                                 "  \"a\": 1,\n"
                                 "  \"b\": [\n"
                                 "    2,\n"
                                 "    {\n"
                                 "      \"c\": null\n"
                                 "    }\n"
                                 "  ],\n"
                                 "  \"d\": {},\n"
                                 "  \"e\": []\n"
                                 "}";
    BOOST_TEST(out == expected);
}

BOOST_AUTO_TEST_CASE(writes_after_existing_text_and_top_level_scalars)
{
    std::string out = "prefix ";
    json_writer w(out);
    w.string("s");
    BOOST_TEST(out == R"(prefix "s")");
    BOOST_TEST(w.complete());
}

BOOST_AUTO_TEST_CASE(depth_and_completeness_are_tracked)
{
    std::string out;
    json_writer w(out);
    w.begin_array().begin_object();
    BOOST_TEST(w.depth() == 2u);
    w.key("k");
    BOOST_TEST(!w.complete());
    w.null().end_object().end_array();
    BOOST_TEST(w.depth() == 0u);
    BOOST_TEST(w.complete());
}

BOOST_AUTO_TEST_CASE(misuse_throws_instead_of_writing_invalid_json)
{
    std::string out;
    {
        json_writer w(out);
        w.begin_object();
        BOOST_CHECK_THROW(w.null(), std::logic_error);  // value without a key
    }
    {
        json_writer w(out);
        BOOST_CHECK_THROW(w.key("k"), std::logic_error);  // key outside an object
        w.begin_array();
        BOOST_CHECK_THROW(w.key("k"), std::logic_error);      // key inside an array
        BOOST_CHECK_THROW(w.end_object(), std::logic_error);  // mismatched end
    }
    {
        json_writer w(out);
        w.begin_object().key("k");
        BOOST_CHECK_THROW(w.key("again"), std::logic_error);  // key twice in a row
        BOOST_CHECK_THROW(w.end_object(), std::logic_error);  // key without a value
    }
    {
        json_writer w(out);
        BOOST_CHECK_THROW(w.end_array(), std::logic_error);  // nothing open
    }
}

BOOST_AUTO_TEST_CASE(number_shaped_text)
{
    using hallmark::number_shaped;
    for (const char* yes : {"0", "-1", "12.50", "1e3", "-1.5E-3", "1e+30"}) {
        BOOST_TEST(number_shaped(yes), yes);
        BOOST_TEST(number_shaped(yes, true), yes);
    }
    for (const char* no : {"", "-", "1.", ".5", "1e", "1e+", "12a", "+1", " 1", "0x10"}) {
        BOOST_TEST(!number_shaped(no), no);
        BOOST_TEST(!number_shaped(no, true), no);
    }
    // Leading zeros: a number to bind, not one JSON would write.
    BOOST_TEST(number_shaped("007"));
    BOOST_TEST(!number_shaped("007", true));
    BOOST_TEST(number_shaped("0.07", true));
}

// append_decimal writes without a temporary string what to_string returns: integers,
// fractions below one, negatives, and coefficients too large for its integer path.
BOOST_AUTO_TEST_CASE(append_decimal_writes_what_to_string_returns)
{
    std::vector<std::string> texts = {"0",
                                      "-0",
                                      "1",
                                      "-1",
                                      "0.05",
                                      "-0.05",
                                      "1.5",
                                      "120",
                                      "100.25",
                                      "0.000000000000000001",
                                      "-0.000000000000000001",
                                      "1152921504606846975",
                                      "1152921504606846976",
                                      "-1152921504606846977",
                                      "123456789012345678.123456789012345678",
                                      "999999999999999999999999999999999999",
                                      "-1.10",
                                      "1e3",
                                      "2.5e-7"};
    for (std::int64_t v = -2005; v <= 2005; v += 7)
        for (int places = 0; places <= 5; ++places)
            texts.push_back(hallmark::decimal::from_scaled(v, places).to_string());
    for (const auto& t : texts) {
        const auto d = hallmark::decimal::parse(t);
        BOOST_TEST_REQUIRE(d.has_value(), t);
        std::string out = "x";
        hallmark::append_decimal(out, *d);
        BOOST_TEST(out == "x" + d->to_string());
    }
}

// The input hash of a decision line: sha256_hex's text, for every length around the
// block boundaries (the SHA extensions' path and libsodium's must agree on each).
BOOST_AUTO_TEST_CASE(write_sha256_hex_writes_the_hash)
{
    std::string text;
    for (std::size_t n = 0; n < 300; ++n) {
        std::string out(66, '"');
        hallmark::write_sha256_hex(text, out.data() + 1);
        BOOST_TEST(out == json_quote(hallmark::sha256_hex(text)));
        text += static_cast<char>(n * 37 + 11);
    }
}

BOOST_AUTO_TEST_SUITE_END()
