// SPDX-License-Identifier: Apache-2.0
// The assessment reader's fast path against the reference reader it falls back to:
// whatever the fast path accepts must be byte for byte what the reference reads (the
// canonical text is hashed into every decision and log), and whatever the reference
// refuses the fast path must decline, so that the reference's message and position are
// the ones reported. Also: every clean document takes the fast path.
#include "engine/input/json_scan.hpp"
#include "engine/input/readers.hpp"

#include <hallmark/assessment.hpp>
#include <hallmark/corpus.hpp>
#include <hallmark/decimal.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

using hallmark::assessment;
using hallmark::read_assessment;
using hallmark::detail::read_assessment_reference;
using hallmark::detail::read_clean_assessment;

namespace {

std::string describe(const hallmark::raw_value& v)
{
    std::string out = std::to_string(static_cast<int>(v.type)) + (v.boolean ? " true " : " false ") + v.text + " [";
    for (const auto& i : v.items) out += i + ";";
    return out + "] " + std::to_string(v.line) + ":" + std::to_string(v.column);
}

// Every field, as text, so that a difference shows in the failure message.
std::string describe(const assessment& a)
{
    std::string out = a.source + "\n" + a.cluster_json + "\n" + a.cluster_id + "\n" + a.assessed_on.to_string() + "\n";
    for (const auto& h : a.history) {
        out += "history " + h.label + " " + h.assessed_on.to_string() + " " +
               (h.valid_until ? h.valid_until->to_string() : "-") + " " + std::to_string(h.line) + ":" +
               std::to_string(h.column) + "\n";
    }
    for (const auto& [name, v] : a.indicators) out += name + " = " + describe(v) + "\n";
    return out + a.canonical;
}

std::string describe(const std::vector<hallmark::diagnostic>& ds)
{
    std::string out;
    for (const auto& d : ds) out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + "\n";
    return out;
}

// What a reader made of `text`: the assessment or the diagnostics, as text.
std::string outcome(const hallmark::result<assessment>& r)
{
    return r.ok() ? "ok\n" + describe(r.value()) : "refused\n" + describe(r.diagnostics());
}

// The fast path agrees with the reference; returns whether the reference accepts.
bool agrees(const std::string& text)
{
    const auto reference = read_assessment_reference(text, "in.json");
    BOOST_TEST(outcome(read_assessment(text, "in.json")) == outcome(reference), text);
    assessment fast;
    fast.source = "in.json";
    const bool clean = read_clean_assessment(text, fast);
    BOOST_TEST(clean == reference.ok(), text);
    if (clean && reference.ok()) BOOST_TEST(describe(fast) == describe(reference.value()), text);
    return reference.ok();
}

std::string doc(const std::string& indicators, const std::string& extra = "")
{
    return R"({"assessed_on": "2023-11-30", )" + extra + R"("indicators": )" + indicators + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fast_reader)

BOOST_AUTO_TEST_CASE(clean_documents_read_the_same)
{
    BOOST_TEST(agrees(R"({
  "cluster": {"id": "LTU-LITEK", "name": "LITEK", "country": "LT", "portfolio": "Micro, nano"},
  "assessed_on": "2023-11-30",
  "history": [{"label": "bronze", "assessed_on": "2021-05-31", "valid_until": "2023-05-31"},
              {"valid_until": null, "assessed_on": "2019-01-02", "label": "silver"}],
  "indicators": {"participants": 57, "staff": "1.5", "strategy": true, "set": ["a", "b"], "none": null,
                 "off": false, "empty": []}
})"));
    BOOST_TEST(agrees(doc("{}", R"("cluster": null, "history": null, )")));
    BOOST_TEST(agrees(doc("{}", R"("cluster": {"id": null, "deep": {"b": [1, {"z": 1, "a": 2}], "a": 0}}, )")));
}

// Columns count bytes: a value after multi-byte characters starts further right.
BOOST_AUTO_TEST_CASE(positions_after_multibyte_text_crlf_and_bom)
{
    BOOST_TEST(agrees(doc(R"({"é": "Ünïcödé €𝄞", "b": 1})")));
    BOOST_TEST(agrees("{\"assessed_on\": \"2023-11-30\",\r\n  \"indicators\": {\"ä\": \"ö\",\r\n \"n\": 2}}\r\n"));
    BOOST_TEST(agrees("\xEF\xBB\xBF" + doc(R"({"a": 1})")));
    BOOST_TEST(agrees("\xEF\xBB\xBF{\n\"assessed_on\": \"2023-11-30\",\n\"indicators\": {\"a\":\n\t1}}"));
    BOOST_TEST(agrees(doc(R"({"a": 1})", R"("history": [{"label": "é", "assessed_on": "2021-05-31"}], )")));
    assessment a;
    BOOST_TEST_REQUIRE(read_clean_assessment("{\"assessed_on\": \"2023-11-30\",\n \"indicators\": {\"é\": 1}}", a));
    BOOST_TEST(a.indicators.at(0).second.line == 2u);
    BOOST_TEST(a.indicators.at(0).second.column == 23u);
    // Problems after multi-byte text are placed by the reference reader.
    BOOST_TEST(!agrees(doc(R"({"é": {"€": 1}})")));
    BOOST_TEST(!agrees("{\"assessed_on\": \"2023-11-30\",\r\n \"indicators\": {\"ä\": 1, \"ä\": 2}}"));
    BOOST_TEST(!agrees("\xEF\xBB\xBF{\"assessed_on\": 1, \"indicators\": {}}"));
    BOOST_TEST(!agrees("\xEF\xBB{}"));
}

BOOST_AUTO_TEST_CASE(escapes)
{
    BOOST_TEST(agrees(doc(R"({"s": "q\" b\\ s\/ \b\f\n\r\t", "u": "\u00e9\u20AC\ud834\uDD1E\u0000\u001f"})")));
    BOOST_TEST(agrees(doc(R"({"k\u00e9y": 1, "k\"": 2, "kéz": 3})")));
    BOOST_TEST(!agrees(doc(R"({"k\u00e9y": 1, "kéy": 3})")));  // one key, written twice
    BOOST_TEST(agrees(doc(R"({"a": 1})", R"("cluster": {"i\u0064": "x\ty"}, )")));
    for (const char* bad :
         {R"("\ud834")", R"("\ud834x")", R"("\ud834\u0041")", R"("\udd1e")", R"("\u12")", R"("\u12g4")", R"("\x")",
          R"("\)", R"("\u)", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"", "\"\x80\"",
          "\"a\tb\"", "\"a\x7f\"", "\"\xF0\x9F\x98\x80\"", "\"\xEF\xBF\xBF\""}) {
        agrees(doc(std::string(R"({"s": )") + bad + "}"));
        agrees(doc(std::string(R"({"s": [)") + bad + "]}"));
    }
}

BOOST_AUTO_TEST_CASE(numbers_at_every_edge)
{
    const std::string digits36(36, '9'), digits37(37, '9');
    for (const std::string& n : std::vector<std::string>{"0",
                                                         "-0",
                                                         "-0.0",
                                                         "0.000",
                                                         "1.50",
                                                         "-1.50",
                                                         "10",
                                                         "100.0100",
                                                         "1e3",
                                                         "1E+3",
                                                         "1e-3",
                                                         "-1.5e2",
                                                         "0e999999",
                                                         "1e999999",
                                                         "1e-999999",
                                                         "0.000000000000000001",
                                                         "0.0000000000000000001",
                                                         "1.0000000000000000000000",
                                                         "123456789012345678",
                                                         "12345678901234567890",
                                                         "18446744073709551615",
                                                         "18446744073709551616",
                                                         "-9223372036854775808",
                                                         "-9223372036854775809",
                                                         digits36,
                                                         digits37,
                                                         "-" + digits36,
                                                         digits36 + ".0",
                                                         digits37 + "e-1",
                                                         "1" + std::string(400, '0'),
                                                         "1e400",
                                                         "01",
                                                         "1.",
                                                         ".5",
                                                         "-",
                                                         "+1",
                                                         "1e",
                                                         "1e+",
                                                         "--1",
                                                         "-01",
                                                         "1.5.5",
                                                         "0x10",
                                                         "1_0",
                                                         "Infinity",
                                                         "NaN"}) {
        agrees(doc(R"({"n": )" + n + "}"));
        agrees(doc(R"({"n": [)" + n + "]}"));
        agrees(doc("{}", R"("cluster": {"n": )" + n + "}, "));
    }
}

BOOST_AUTO_TEST_CASE(canonical_numbers_match_decimal)
{
    for (const std::string& n : std::vector<std::string>{"0", "-0", "-0.0", "1.50", "0.050", "-12.3400", "1e3",
                                                         "1.5e-2", "123456789.123456789", std::string(36, '1'),
                                                         "7." + std::string(18, '5'), "7." + std::string(19, '5')}) {
        std::string out;
        const auto expected = hallmark::decimal::parse(n);
        BOOST_TEST(hallmark::detail::canonical_number(n, out) == expected.has_value(), n);
        if (expected) BOOST_TEST(out == expected->to_string(), n);
    }
}

BOOST_AUTO_TEST_CASE(keys_types_and_duplicates)
{
    for (const std::string extra :
         {R"("cluster": {"id": 1}, )", R"("cluster": [], )", R"("cluster": {"a": 1, "a": 1}, )", R"("colour": 1, )",
          R"("history": {}, )", R"("history": [1], )", R"("history": [{"label": "x"}], )",
          R"("history": [{"label": 1, "assessed_on": "2021-01-01"}], )",
          R"("history": [{"label": "x", "assessed_on": "2021-02-30"}], )",
          R"("history": [{"label": "x", "assessed_on": "2021-01-01", "valid_until": 5}], )",
          R"("history": [{"label": "x", "assessed_on": "2021-01-01", "extra": 5}], )", R"("assessed_on": "x", )"}) {
        BOOST_TEST(!agrees(doc("{}", extra)), extra);
    }
    for (const std::string indicators : {R"({"a": {}})", R"({"a": [1]})", R"({"a": ["x", null]})",
                                         R"({"a": 1, "a": 1})", R"({"b": [{"x": 1, "x": 2}]})", "[]", "1", "null"}) {
        BOOST_TEST(!agrees(doc(indicators)), indicators);
    }
    BOOST_TEST(!agrees(R"({"indicators": {}})"));
    BOOST_TEST(!agrees(R"({"assessed_on": "2023-11-30"})"));
    BOOST_TEST(!agrees("[]"));
    BOOST_TEST(!agrees("\"x\""));
}

BOOST_AUTO_TEST_CASE(malformed_text)
{
    for (const std::string& text : std::vector<std::string>{"",
                                                            " ",
                                                            "{",
                                                            "{\"assessed_on\"",
                                                            "{\"a\" 1}",
                                                            "{\"a\": 1,}",
                                                            "[1 2]",
                                                            "{} {}",
                                                            "{}x",
                                                            "tru",
                                                            "nul",
                                                            "{\"a\": tru}",
                                                            "{\"a\": truex}",
                                                            "{\"a\": 1\n \"b\": 2}",
                                                            std::string("{\"a\": \"x\0y\"}", 12),
                                                            std::string("{\0}", 3),
                                                            "{\"a\":\v1}",
                                                            "{'a': 1}",
                                                            "{\"a\": 1]",
                                                            "[1}"}) {
        BOOST_TEST(!agrees(text), text);
    }
    BOOST_TEST(!agrees(doc(R"({"a": 1})") + "\n x"));
    BOOST_TEST(agrees(doc(R"({"a": 1})") + "\n \t\r\n"));
}

// Containers inside "cluster" may nest up to the limit; one level more is refused.
BOOST_AUTO_TEST_CASE(nesting_at_the_limit)
{
    const auto nested = [](std::size_t depth) {
        return doc("{}", R"("cluster": )" + std::string(depth, '[') + std::string(depth, ']') + ", ");
    };
    // The document and the cluster's value: 1 + 63 = 64 containers.
    BOOST_TEST(!agrees(nested(63)));  // an array is not an object: refused, but not for depth
    const auto objects = [](std::size_t depth) {
        std::string inner = "1";
        for (std::size_t i = 0; i < depth; ++i) inner = R"({"a": )" + inner + "}";
        return doc("{}", R"("cluster": )" + inner + ", ");
    };
    BOOST_TEST(agrees(objects(63)));
    BOOST_TEST(!agrees(objects(64)));
    BOOST_TEST(!agrees(std::string(100000, '[')));
}

// More values than a thread's scanner keeps room for: read, then the room let go.
BOOST_AUTO_TEST_CASE(large_documents)
{
    std::string items;
    for (int i = 0; i < 40000; ++i) items += (i ? ", " : "") + std::to_string(i % 3 == 0 ? i : -i) + ".50";
    BOOST_TEST(agrees(doc(R"({"a": 1})", R"("cluster": {"values": [)" + items + "]}, ")));
    BOOST_TEST(agrees(doc(R"({"a": 1})")));
}

// Compact, keys in order, all canonical but a number or two and the keys of a history
// entry: copied in runs of members (json_canonical.cpp, write_in_runs).
const std::string compact_doc =
    R"({"assessed_on":"2023-11-30","cluster":{"id":"X","n":[1,2.0],"z":{"y":1,"x":2}},)"
    R"("history":[{"label":"gold","assessed_on":"2020-01-31"}],)"
    R"("indicators":{"a":1,"b":2.50,"c":"x","d":["p","q"],"e":true,"f":null,"h":-0,"i":3}})";

BOOST_AUTO_TEST_CASE(members_copied_in_runs)
{
    BOOST_TEST(agrees(compact_doc));
    BOOST_TEST(agrees(R"({"assessed_on":"2023-11-30","indicators":{"a":1, "b":2,"c":3 ,"d":4,"e":1e1,"f":5}})"));
    BOOST_TEST(agrees(R"({"assessed_on":"2023-11-30","indicators":{"a":1.0,"b":2,"c":"\u0041","d":4}})"));
    BOOST_TEST(!agrees(R"({"assessed_on":"2023-11-30","indicators":{"a":1.0,"b":2,"b":3}})"));
    assessment a;
    BOOST_TEST_REQUIRE(read_clean_assessment(compact_doc, a));
    BOOST_TEST(a.canonical == R"({"assessed_on":"2023-11-30","cluster":{"id":"X","n":[1,2],"z":{"x":2,"y":1}},)"
                              R"("history":[{"assessed_on":"2020-01-31","label":"gold"}],)"
                              R"("indicators":{"a":1,"b":2.5,"c":"x","d":["p","q"],"e":true,"f":null,"h":0,"i":3}})");
    BOOST_TEST(a.cluster_json == R"({"id":"X","n":[1,2],"z":{"x":2,"y":1}})");
}

// Byte flips, deletions and insertions over clean documents: a small deterministic fuzz
// of the agreement (tests/fuzz/fuzz_assessment.cpp runs the same check unbounded).
BOOST_AUTO_TEST_CASE(mutated_documents_agree)
{
    const std::vector<std::string> seeds = {
        R"({"cluster": {"id": "X-1", "n": [1.50, -0, 2e3]}, "assessed_on": "2023-11-30", "history": [{"label": "gold", "assessed_on": "2020-01-31", "valid_until": null}], "indicators": {"a": 57, "b": "1.5", "c": true, "d": ["x", "y"], "é": "\u00e9\ud834\udd1e", "f": null}})",
        "{\r\n \"assessed_on\": \"2023-11-30\",\r\n \"indicators\": {\"z\": 0.10, \"a\": \"q\\\"\"}\r\n}", compact_doc};
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    const auto next = [&state] {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        return state;
    };
    const std::string alphabet = "{}[]\":,.-+eE0159 \n\\u\xC3\xA9\xED\xA0trfnl";
    std::size_t accepted = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string text = seeds[next() % seeds.size()];
        for (std::uint64_t k = 0, edits = 1 + next() % 3; k < edits; ++k) {
            const std::size_t at = next() % text.size();
            const char c = alphabet[next() % alphabet.size()];
            switch (next() % 3) {
            case 0: text[at] = c; break;
            case 1: text.erase(at, 1); break;
            default: text.insert(at, 1, c); break;
            }
        }
        accepted += agrees(text) ? 1 : 0;
    }
    // Some survive the edits (in strings, whitespace): both kinds of outcome are covered.
    BOOST_TEST(accepted > 100u);
    BOOST_TEST(accepted < 3900u);
}

// JSON Lines as batch reads them, in 64 KiB chunks: records that straddle a chunk
// boundary, clean or not, read as they read alone (their diagnostics on their line).
BOOST_AUTO_TEST_CASE(records_across_chunk_boundaries_in_a_corpus)
{
    std::vector<std::string> records;
    std::string text = "\xEF\xBB\xBF";
    for (std::size_t i = 0; text.size() < 3 * 64 * 1024; ++i) {
        const std::string pad(i * 37 % 2000, 'x');
        std::string record = i % 7 == 3    ? doc(R"({"a": 1, "a": 2})")  // a duplicate key
                             : i % 11 == 5 ? doc(R"({"s": ")" + pad + R"(", "n": 1.50})").substr(0, 40)  // cut short
                                           : doc(R"({"s": ")" + pad + R"(\u00e9", "é": [")" + std::to_string(i) +
                                                 R"("], "n": )" + std::to_string(i) + ".10}");
        records.push_back(record);
        text += record + (i % 2 == 0 ? "\r\n" : "\n");
    }
    std::istringstream in(text);
    hallmark::corpus_reader reader(in, "c.jsonl", false, {});
    hallmark::corpus_reader::record r;
    std::size_t n = 0;
    while (reader.next(r)) {
        BOOST_TEST_REQUIRE(n < records.size());
        auto item = reader.read(r);
        auto alone = read_assessment_reference(records[n], "c.jsonl");
        if (!alone.ok())
            for (auto& d : alone.diagnostics()) d.line = n + 1;
        BOOST_TEST(item.line == n + 1);
        BOOST_TEST(outcome(item.read) == outcome(alone), "record " << n + 1);
        ++n;
    }
    BOOST_TEST(n == records.size());
}

BOOST_AUTO_TEST_SUITE_END()
