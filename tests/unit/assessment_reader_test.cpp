// SPDX-License-Identifier: Apache-2.0
// Reading assessment documents: exact number text, the canonical form and its hash,
// and one diagnostic per problem, each naming the file and the JSON path.
#include "hallmark/assessment.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using hallmark::assessment;
using hallmark::diagnostic;
using hallmark::raw_value;
using hallmark::read_assessment;

namespace {

std::string describe(const std::vector<diagnostic>& ds)
{
    std::string out;
    for (const auto& d : ds) {
        out += d.source + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + "\n";
    }
    return out;
}

// A document that must read cleanly; its diagnostics become the failure message.
assessment read_ok(const std::string& text)
{
    auto result = read_assessment(text, "input.json");
    if (!result.ok()) { throw std::runtime_error("unexpected diagnostics:\n" + describe(result.diagnostics())); }
    return std::move(result).value();
}

// A document that must fail; every diagnostic must name the source.
std::vector<diagnostic> read_bad(const std::string& text)
{
    auto result = read_assessment(text, "input.json");
    if (result.ok()) { throw std::runtime_error("document was accepted: " + text); }
    auto ds = std::move(result).diagnostics();
    for (const auto& d : ds) BOOST_TEST(d.source == "input.json");
    return ds;
}

// The only diagnostic of a document with exactly one problem.
diagnostic read_one_error(const std::string& text)
{
    auto ds = read_bad(text);
    BOOST_TEST_REQUIRE(ds.size() == 1u, describe(ds));
    return ds.front();
}

const raw_value& indicator(const assessment& a, const std::string& name)
{
    for (const auto& [n, v] : a.indicators) {
        if (n == name) return v;
    }
    throw std::runtime_error("no indicator " + name);
}

std::string with_indicators(const std::string& indicators)
{
    return R"({"assessed_on": "2023-11-30", "indicators": )" + indicators + "}";
}

const std::string example = R"({
  "cluster": {"id": "LTU-LITEK", "name": "LITEK", "country": "LT",
              "portfolio": "Micro, nano and optical technologies"},
  "assessed_on": "2023-11-30",
  "history": [{"label": "bronze", "assessed_on": "2021-05-31", "valid_until": "2023-05-31"}],
  "indicators": {"participants": 57, "staff": "1.5", "strategy": true, "founded": "2009-04-01"}
})";

}  // namespace

BOOST_AUTO_TEST_SUITE(assessment_reader)

BOOST_AUTO_TEST_CASE(reads_the_contract_example)
{
    const assessment a = read_ok(example);
    BOOST_TEST(a.source == "input.json");
    BOOST_TEST(a.cluster_id == "LTU-LITEK");
    BOOST_TEST(a.cluster_json == R"({"country":"LT","id":"LTU-LITEK","name":"LITEK",)"
                                 R"("portfolio":"Micro, nano and optical technologies"})");
    BOOST_TEST(a.assessed_on.to_string() == "2023-11-30");
    BOOST_TEST_REQUIRE(a.history.size() == 1u);
    BOOST_TEST(a.history[0].label == "bronze");
    BOOST_TEST(a.history[0].assessed_on.to_string() == "2021-05-31");
    BOOST_TEST_REQUIRE(a.history[0].valid_until.has_value());
    BOOST_TEST(a.history[0].valid_until->to_string() == "2023-05-31");

    BOOST_TEST_REQUIRE(a.indicators.size() == 4u);
    BOOST_TEST(a.indicators[0].first == "founded");  // sorted by name
    BOOST_TEST(a.indicators[1].first == "participants");
    BOOST_TEST(a.indicators[2].first == "staff");
    BOOST_TEST(a.indicators[3].first == "strategy");
    BOOST_TEST((indicator(a, "participants").type == raw_value::kind::number));
    BOOST_TEST(indicator(a, "participants").text == "57");
    BOOST_TEST((indicator(a, "staff").type == raw_value::kind::string));
    BOOST_TEST(indicator(a, "staff").text == "1.5");
    BOOST_TEST((indicator(a, "strategy").type == raw_value::kind::boolean));
    BOOST_TEST(indicator(a, "strategy").boolean);
}

BOOST_AUTO_TEST_CASE(numbers_keep_their_exact_text)
{
    const assessment a =
        read_ok(with_indicators(R"({"a": 1.50, "b": 0.1, "c": 1e3, "d": -0.000, "e": 123456789012345678901234567890,)"
                                R"( "f": 0.30000000000000004, "g": -7})"));
    BOOST_TEST(indicator(a, "a").text == "1.50");
    BOOST_TEST(indicator(a, "b").text == "0.1");
    BOOST_TEST(indicator(a, "c").text == "1e3");
    BOOST_TEST(indicator(a, "d").text == "-0.000");
    BOOST_TEST(indicator(a, "e").text == "123456789012345678901234567890");
    BOOST_TEST(indicator(a, "f").text == "0.30000000000000004");
    BOOST_TEST(indicator(a, "g").text == "-7");
    // The canonical form spells the same values as canonical decimals.
    BOOST_TEST(a.canonical == R"({"assessed_on":"2023-11-30","indicators":{"a":1.5,"b":0.1,"c":1000,"d":0,)"
                              R"("e":123456789012345678901234567890,"f":0.30000000000000004,"g":-7}})");
}

BOOST_AUTO_TEST_CASE(every_indicator_kind)
{
    const assessment a =
        read_ok(with_indicators(R"({"n": null, "t": true, "f": false, "s": "text", "l": ["x", "y"], "e": []})"));
    BOOST_TEST((indicator(a, "n").type == raw_value::kind::null));
    BOOST_TEST((indicator(a, "t").type == raw_value::kind::boolean));
    BOOST_TEST(indicator(a, "t").boolean);
    BOOST_TEST(!indicator(a, "f").boolean);
    BOOST_TEST(indicator(a, "s").text == "text");
    BOOST_TEST((indicator(a, "l").type == raw_value::kind::array));
    BOOST_TEST((indicator(a, "l").items == std::vector<std::string>{"x", "y"}));
    BOOST_TEST((indicator(a, "e").type == raw_value::kind::array));
    BOOST_TEST(indicator(a, "e").items.empty());
}

BOOST_AUTO_TEST_CASE(optional_parts_may_be_absent_or_null)
{
    const assessment a = read_ok(with_indicators("{}"));
    BOOST_TEST(a.cluster_json == "{}");
    BOOST_TEST(a.cluster_id.empty());
    BOOST_TEST(a.history.empty());
    BOOST_TEST(a.indicators.empty());
    const assessment b = read_ok(R"({"assessed_on": "2023-11-30", "indicators": {}, "cluster": null, "history": [)"
                                 R"({"label": "gold", "assessed_on": "2020-01-01", "valid_until": null}]})");
    BOOST_TEST(b.cluster_json == "{}");
    BOOST_TEST_REQUIRE(b.history.size() == 1u);
    BOOST_TEST(!b.history[0].valid_until.has_value());
}

BOOST_AUTO_TEST_CASE(canonical_form_ignores_key_order_and_whitespace)
{
    const std::string reordered =
        "{\"indicators\":{\"strategy\":true,\"staff\":\"1.5\",\"founded\":\"2009-04-01\","
        "\"participants\":5.70e1},\r\n\t\"history\":[{\"valid_until\":\"2023-05-31\","
        "\"assessed_on\":\"2021-05-31\",\"label\":\"bronze\"}],\"assessed_on\":\"2023-11-30\","
        "\"cluster\":{\"portfolio\":\"Micro, nano and optical technologies\","
        "\"country\":\"LT\",\"name\":\"LITEK\",\"id\":\"LTU-LITEK\"}}";
    const assessment a = read_ok(example);
    const assessment b = read_ok(reordered);
    BOOST_TEST(a.canonical == b.canonical);
    BOOST_TEST(hallmark::sha256_hex(a.canonical) == hallmark::sha256_hex(b.canonical));
    BOOST_TEST(a.canonical == R"({"assessed_on":"2023-11-30","cluster":{"country":"LT","id":"LTU-LITEK",)"
                              R"("name":"LITEK","portfolio":"Micro, nano and optical technologies"},)"
                              R"("history":[{"assessed_on":"2021-05-31","label":"bronze",)"
                              R"("valid_until":"2023-05-31"}],"indicators":{"founded":"2009-04-01",)"
                              R"("participants":57,"staff":"1.5","strategy":true}})");
    // The number's own text is kept even though the canonical forms agree.
    BOOST_TEST(indicator(b, "participants").text == "5.70e1");
}

BOOST_AUTO_TEST_CASE(canonical_strings_are_escaped_and_unicode_escapes_decoded)
{
    const assessment a = read_ok(with_indicators(R"({"q": "say \"hi\"\n", "u": "\u00e9\/"})"));
    BOOST_TEST(indicator(a, "q").text == "say \"hi\"\n");
    BOOST_TEST(indicator(a, "u").text == "é/");
    BOOST_TEST(a.canonical == R"({"assessed_on":"2023-11-30","indicators":{"q":"say \"hi\"\n","u":"é/"}})");
}

BOOST_AUTO_TEST_CASE(keys_sort_bytewise)
{
    const assessment a = read_ok(with_indicators(R"({"b": 1, "B": 2, "é": 3, "a_": 4, "a": 5})"));
    BOOST_TEST(a.canonical == R"({"assessed_on":"2023-11-30","indicators":{"B":2,"a":5,"a_":4,"b":1,"é":3}})");
    BOOST_TEST(a.indicators.front().first == "B");
    BOOST_TEST(a.indicators.back().first == "é");
}

BOOST_AUTO_TEST_CASE(sha256_of_known_inputs)
{
    BOOST_TEST(hallmark::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(hallmark::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(assessed_on_of_the_wrong_type)
{
    const diagnostic d = read_one_error(R"({"assessed_on": 20231130, "indicators": {}})");
    BOOST_TEST(d.message == R"(assessed_on: expected a date string "YYYY-MM-DD", got a number)");
    BOOST_TEST(d.line == 1u);
    BOOST_TEST(d.column == 17u);
}

BOOST_AUTO_TEST_CASE(assessed_on_that_is_not_a_day)
{
    BOOST_TEST(read_one_error(R"({"assessed_on": "2021-02-29", "indicators": {}})").message ==
               R"(assessed_on: "2021-02-29" is not a day of the calendar)");
    BOOST_TEST(read_one_error(R"({"assessed_on": "30.11.2023", "indicators": {}})").message ==
               R"(assessed_on: "30.11.2023" is not a date of the form YYYY-MM-DD)");
}

BOOST_AUTO_TEST_CASE(required_keys_must_be_present)
{
    const auto ds = read_bad("{}");
    BOOST_TEST_REQUIRE(ds.size() == 2u, describe(ds));
    BOOST_TEST(ds[0].message == "assessed_on: required key is missing");
    BOOST_TEST(ds[1].message == "indicators: required key is missing");
    BOOST_TEST(ds[0].line == 1u);
    BOOST_TEST(ds[0].column == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key_is_an_error)
{
    const auto typo = read_one_error(R"({"assessed_on": "2023-11-30", "indicators": {}, "histroy": []})");
    BOOST_TEST(typo.message == R"(histroy: unknown key; did you mean "history"?)");
    BOOST_TEST(typo.column == 49u);
    const auto other = read_one_error(R"({"assessed_on": "2023-11-30", "indicators": {}, "comment": "x"})");
    BOOST_TEST(other.message == "comment: unknown key; expected cluster, assessed_on, history or indicators");
}

BOOST_AUTO_TEST_CASE(top_level_must_be_an_object)
{
    BOOST_TEST(read_one_error("[]").message == "(document): expected an object at the top level, got an array");
}

BOOST_AUTO_TEST_CASE(nested_object_as_indicator)
{
    const diagnostic d = read_one_error(with_indicators(R"({"staff": {"value": 1}})"));
    BOOST_TEST(d.message == "indicators.staff: expected null, a boolean, a number, a string or an array of "
                            "strings, got an object");
    BOOST_TEST(d.column == 55u);
}

BOOST_AUTO_TEST_CASE(indicator_arrays_hold_only_strings)
{
    const auto ds = read_bad(with_indicators(R"({"areas": ["a", 2, ["b"]]})"));
    BOOST_TEST_REQUIRE(ds.size() == 2u, describe(ds));
    BOOST_TEST(ds[0].message == "indicators.areas[1]: expected a string, got a number");
    BOOST_TEST(ds[1].message == "indicators.areas[2]: expected a string, got an array");
}

BOOST_AUTO_TEST_CASE(odd_names_are_quoted_in_paths)
{
    const diagnostic d = read_one_error(with_indicators(R"({"a.b c": {}})"));
    BOOST_TEST(d.message.rfind(R"(indicators["a.b c"]: expected null)", 0) == 0u, d.message);
}

BOOST_AUTO_TEST_CASE(history_entries_are_checked)
{
    const auto ds = read_bad(R"({"assessed_on": "2023-11-30", "indicators": {}, "history": [)"
                             R"({"label": "gold", "assessed_on": "2020-01-01"}, )"
                             R"({"label": 3, "assessed_on": "2020-13-01", "valid_untill": "2022-01-01"}, "silver"]})");
    BOOST_TEST_REQUIRE(ds.size() == 4u, describe(ds));
    BOOST_TEST(ds[0].message == "history[1].label: expected a string, got a number");
    BOOST_TEST(ds[1].message == R"(history[1].assessed_on: "2020-13-01" is not a day of the calendar)");
    BOOST_TEST(ds[2].message == R"(history[1].valid_untill: unknown key; did you mean "valid_until"?)");
    BOOST_TEST(ds[3].message == "history[2]: expected an object, got a string");
}

BOOST_AUTO_TEST_CASE(cluster_must_be_an_object_with_a_string_id)
{
    BOOST_TEST(read_one_error(R"({"cluster": "LITEK", "assessed_on": "2023-11-30", "indicators": {}})").message ==
               "cluster: expected an object, got a string");
    BOOST_TEST(read_one_error(R"({"cluster": {"id": 7}, "assessed_on": "2023-11-30", "indicators": {}})").message ==
               "cluster.id: expected a string, got a number");
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors_anywhere)
{
    const auto ds = read_bad(R"({"assessed_on": "2023-11-30", "cluster": {"id": "A", "id": "B"},)"
                             R"( "indicators": {"x": 1, "y": 2, "x": 3}})");
    BOOST_TEST_REQUIRE(ds.size() == 2u, describe(ds));
    BOOST_TEST(ds[0].message == "cluster.id: duplicate key");
    BOOST_TEST(ds[0].column == 54u);
    BOOST_TEST(ds[1].message == "indicators.x: duplicate key");
}

BOOST_AUTO_TEST_CASE(numbers_beyond_exact_decimals_are_errors)
{
    const auto ds = read_bad(with_indicators(R"({"a": 0.1234567890123456789, "b": 1e-400})"));
    BOOST_TEST_REQUIRE(ds.size() == 2u, describe(ds));
    BOOST_TEST(ds[0].message.rfind("indicators.a: 0.1234567890123456789 is not an exact decimal", 0) == 0u);
    BOOST_TEST(ds[1].message.rfind("indicators.b: 1e-400 is not an exact decimal", 0) == 0u);
    // Beyond the range of a double the JSON library stops; the message is the same kind.
    const diagnostic huge = read_one_error(with_indicators(R"({"c": [1, 2e400]})"));
    BOOST_TEST(huge.message.rfind("indicators.c[1]: 2e400 is not an exact decimal", 0) == 0u, huge.message);
    BOOST_TEST(huge.column == 55u);
}

BOOST_AUTO_TEST_CASE(many_problems_are_reported_at_once_in_document_order)
{
    const auto ds = read_bad("{\n"
                             "  \"assessed_on\": \"2021-02-29\",\n"
                             "  \"indicator\": {},\n"
                             "  \"history\": 5,\n"
                             "  \"cluster\": {\"id\": [], \"n\": 1e-30}\n"
                             "}\n");
    BOOST_TEST_REQUIRE(ds.size() == 6u, describe(ds));
    BOOST_TEST(ds[0].message == "indicators: required key is missing");
    BOOST_TEST(ds[1].message == R"(assessed_on: "2021-02-29" is not a day of the calendar)");
    BOOST_TEST(ds[1].line == 2u);
    BOOST_TEST(ds[1].column == 18u);
    BOOST_TEST(ds[2].message == R"(indicator: unknown key; did you mean "indicators"?)");
    BOOST_TEST(ds[2].line == 3u);
    BOOST_TEST(ds[3].message == "history: expected an array of earlier labels, got a number");
    BOOST_TEST(ds[3].line == 4u);
    BOOST_TEST(ds[4].message == "cluster.id: expected a string, got an array");
    BOOST_TEST(ds[5].message.rfind("cluster.n: 1e-30 is not an exact decimal", 0) == 0u);
    BOOST_TEST(ds[5].line == 5u);
    BOOST_TEST(ds[5].column == 30u);
}

BOOST_AUTO_TEST_CASE(malformed_json_gives_line_and_column)
{
    const diagnostic eof = read_one_error("{\n  \"assessed_on\": \"2023-11-30\",\n  \"indicators\": {}\n");
    BOOST_TEST(eof.message == "malformed JSON: unexpected end of input; expected ',' or '}'");
    BOOST_TEST(eof.line == 3u);
    BOOST_TEST(eof.column == 19u);

    const diagnostic comma = read_one_error("{\"a\": 1\n \"b\": 2}");
    BOOST_TEST(comma.message == "malformed JSON: unexpected string literal; expected ',' or '}'");
    BOOST_TEST(comma.line == 2u);
    BOOST_TEST(comma.column == 2u);

    const diagnostic literal = read_one_error("{\"a\": [1,\n  tru]}");
    BOOST_TEST(literal.message == "malformed JSON: invalid literal");
    BOOST_TEST(literal.line == 2u);
    BOOST_TEST(literal.column == 3u);

    const diagnostic number = read_one_error("{\"a\": -x}");
    BOOST_TEST(number.message == "malformed JSON: invalid number; expected digit after '-'");
    BOOST_TEST(number.column == 8u);

    const diagnostic trailing = read_one_error("{\"a\": 1,}");
    BOOST_TEST(trailing.message == "malformed JSON: unexpected '}'; expected a quoted member name");
    BOOST_TEST(trailing.column == 9u);

    BOOST_TEST(read_one_error("").message == "malformed JSON: unexpected end of input; expected a value");
    BOOST_TEST(read_one_error("{} {}").message == "malformed JSON: unexpected '{'; expected end of input");
    // No trace of the JSON library's own message format.
    BOOST_TEST(read_one_error("[1 2]").message.find("json.exception") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_a_diagnostic_not_a_crash)
{
    const diagnostic d = read_one_error(std::string(100000, '['));
    BOOST_TEST(d.message == "malformed JSON: arrays and objects nest deeper than 64 levels");
    BOOST_TEST(d.line == 1u);
    BOOST_TEST(d.column == 65u);

    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
    BOOST_TEST(read_one_error(objects).message == "malformed JSON: arrays and objects nest deeper than 64 levels");

    // Exactly at the limit is fine as far as nesting goes (the indicator is then refused).
    const std::string at_limit = with_indicators(R"({"x": )" + std::string(62, '[') + std::string(62, ']') + "}");
    const auto ds = read_bad(at_limit);
    BOOST_TEST(ds.front().message.find("nest deeper") == std::string::npos, describe(ds));
}

BOOST_AUTO_TEST_CASE(reads_files_in_binary)
{
    const auto path =
        std::filesystem::temp_directory_path() / ("hallmark_assessment_reader_" + std::to_string(::getpid()) + ".json");
    {
        std::ofstream out(path, std::ios::binary);
        out << "{\r\n\"assessed_on\": \"2023-11-30\",\r\n\"indicators\": {\"s\": \"a\\r\\nb\"}}";
    }
    auto result = hallmark::read_assessment_file(path.string());
    std::filesystem::remove(path);
    BOOST_TEST_REQUIRE(result.ok());
    const assessment& a = result.value();
    BOOST_TEST(a.source == path.string());
    BOOST_TEST(indicator(a, "s").text == "a\r\nb");
}

BOOST_AUTO_TEST_CASE(missing_file_is_a_diagnostic)
{
    auto result = hallmark::read_assessment_file("/nonexistent/dir/assessment.json");
    BOOST_TEST_REQUIRE(!result.ok());
    const auto& ds = result.diagnostics();
    BOOST_TEST_REQUIRE(ds.size() == 1u);
    BOOST_TEST(ds[0].source == "/nonexistent/dir/assessment.json");
    BOOST_TEST(ds[0].line == 0u);
    BOOST_TEST(ds[0].message == "cannot read the file: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()
