// SPDX-License-Identifier: Apache-2.0
// Decisions: exact bytes for a known input, the same answers from many threads, and
// the reasons a decision gives.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace test_support;

namespace {

hallmark::rule_set quickstart()
{
    auto r = hallmark::compile_file(source_path("examples/quickstart/labels.rules"));
    if (!r.ok()) throw std::runtime_error(r.render());
    return *r;
}

hallmark::decision decide(const hallmark::rule_set& rules, const std::string& json)
{
    auto a = hallmark::read_assessment(json, "input.json");
    if (!a.ok()) throw std::runtime_error(hallmark::render_all(a.diagnostics()));
    auto d = rules.evaluate(a.value());
    if (!d.ok()) throw std::runtime_error(hallmark::render_all(d.diagnostics()));
    return d.value();
}

// A spread of assessments: every label, missing values, renewals.
std::string synthetic(int i)
{
    const int participants = (i * 7) % 90;
    const int smes = participants * ((i * 3) % 10) / 10;
    std::ostringstream s;
    s << R"({"assessed_on": "2023-)" << (1 + i % 12 < 10 ? "0" : "") << 1 + i % 12 << R"(-28", "indicators": {)";
    s << R"("participants": )" << participants << R"(, "smes": )" << smes;
    if (i % 5) s << R"(, "staff": ")" << (i % 4) << "." << (i % 10) << '"';
    s << R"(, "kinds": )" << (i % 3 ? R"(["industry", "research"])" : R"(["public"])");
    s << R"(, "strategy": )" << (i % 2 ? "true" : "false") << R"(, "founded": "2010-01-01")";
    s << R"(, "budget": "100000", "private": ")" << (i * 997) % 90000 << R"(", "public_share": )" << (i * 13) % 101;
    if (i % 7 == 0) s << R"(, "improvements": ["Q1", "Q4"])";
    s << R"(}, "history": [{"label": "bronze", "assessed_on": "2021-)" << (1 + i % 12 < 10 ? "0" : "") << 1 + i % 12
      << R"(-01", "valid_until": "2023-01-01"}]})";
    return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decision)

BOOST_AUTO_TEST_CASE(json_output_is_pinned_byte_for_byte)
{
    const auto rules = quickstart();
    const auto d = decide(rules, slurp(source_path("examples/quickstart/cluster.json")));
    BOOST_TEST(hallmark::to_json(d) == slurp(source_path("tests/golden/quickstart_cluster.json")));
}

BOOST_AUTO_TEST_CASE(input_hash_ignores_layout_and_key_order)
{
    const auto rules = quickstart();
    const auto a = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"participants":20,"smes":5}})");
    const auto b =
        decide(rules, "{\n \"indicators\": {\"smes\": 5.0, \"participants\": 20},\n \"assessed_on\": \"2023-01-01\"}");
    BOOST_TEST(a.input_sha256 == b.input_sha256);
    const auto c = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"participants":21,"smes":5}})");
    BOOST_TEST(a.input_sha256 != c.input_sha256);
    BOOST_TEST(a.input_sha256.size() == 64u);
}

BOOST_AUTO_TEST_CASE(eight_threads_share_one_rule_set)
{
    const auto rules = quickstart();
    std::vector<std::string> inputs, expected;
    for (int i = 0; i < 300; ++i) inputs.push_back(synthetic(i));
    for (const auto& in : inputs) expected.push_back(hallmark::to_json(decide(rules, in)));
    std::set<std::string> labels;
    for (const auto& in : inputs) labels.insert(decide(rules, in).label.value_or("none"));
    BOOST_TEST(labels.size() >= 3u);  // the inputs reach several different labels
    std::vector<std::vector<std::string>> got(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round)
                for (std::size_t i = 0; i < inputs.size(); ++i) {
                    auto j = hallmark::to_json(decide(rules, inputs[(i + t * 37) % inputs.size()]));
                    if (round == 4) got[t].push_back(std::move(j));
                }
        });
    for (auto& th : threads) th.join();
    for (int t = 0; t < 8; ++t)
        for (std::size_t i = 0; i < inputs.size(); ++i) BOOST_TEST(got[t][i] == expected[(i + t * 37) % inputs.size()]);
}

BOOST_AUTO_TEST_CASE(missing_value_makes_label_not_assessable_and_names_it)
{
    const auto rules = quickstart();
    const auto d = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"participants":20,"smes":5,
        "kinds":["industry","research"],"founded":"2015-01-01"}})");
    BOOST_TEST(!d.label.has_value());
    const auto& bronze = d.labels.back();
    BOOST_TEST(bronze.id == "bronze");
    BOOST_TEST(hallmark::to_string(bronze.result) == "not_assessable");
    BOOST_TEST((bronze.because == std::vector<std::string>{"E1"}));
    BOOST_TEST((bronze.missing == std::vector<std::string>{"staff"}));
    BOOST_TEST(d.next_label.value_or("") == "bronze");
}

BOOST_AUTO_TEST_CASE(history_is_checked)
{
    const auto rules = quickstart();
    auto check = [&](const std::string& history, const std::string& expected) {
        auto a = hallmark::read_assessment(R"({"assessed_on":"2023-11-30","indicators":{},"history":)" + history + "}",
                                           "in.json");
        BOOST_REQUIRE(a.ok());
        auto d = rules.evaluate(a.value());
        BOOST_REQUIRE(!d.ok());
        const auto text = hallmark::render_all(d.diagnostics());
        BOOST_TEST(text.find(expected) != std::string::npos, text);
    };
    // A misspelt label would silently lose a renewal.
    check(R"([{"label":"bronz","assessed_on":"2021-05-31","valid_until":"2023-05-31"}])",
          "history[0].label: \"bronz\" is not a label of QUICKSTART 1 (did you mean 'bronze'?)");
    check(R"([{"label":"bronze","assessed_on":"2024-05-31","valid_until":"2026-05-31"}])",
          "history[0].assessed_on: 2024-05-31 is not before the assessment date 2023-11-30");
    check(R"([{"label":"bronze","assessed_on":"2021-05-31","valid_until":"2021-01-01"}])",
          "history[0].valid_until: 2021-01-01 is before its assessed_on 2021-05-31");
}

BOOST_AUTO_TEST_CASE(unreported_inputs_are_named_when_a_label_is_not_met)
{
    const auto rules = quickstart();
    // Everything but smes: Bronze fails on complete(structure) and says what is missing.
    const auto d = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"participants":20,
        "kinds":["industry","research"],"staff":"1","founded":"2015-01-01"}})");
    const auto& bronze = d.labels.back();
    BOOST_TEST(hallmark::to_string(bronze.result) == "not_met");
    BOOST_TEST((bronze.because == std::vector<std::string>{"complete(structure)"}));
    BOOST_TEST((bronze.missing == std::vector<std::string>{"smes"}));
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_indicator)
{
    const auto rules = quickstart();
    auto check = [&](const std::string& indicators, const std::string& expected) {
        auto a =
            hallmark::read_assessment(R"({"assessed_on":"2023-01-01","indicators":)" + indicators + "}", "in.json");
        BOOST_REQUIRE(a.ok());
        auto d = rules.evaluate(a.value());
        BOOST_REQUIRE(!d.ok());
        const auto text = hallmark::render_all(d.diagnostics());
        BOOST_TEST(text.find(expected) != std::string::npos, text);
    };
    check(R"({"participants": true})", "indicators.participants: expected a whole number of 0 or more, got true");
    check(R"({"participants": -1})", "indicators.participants: expected a whole number of 0 or more, got -1");
    check(R"({"participants": 2.5})", "got 2.5");
    check(R"({"participants": 100001})", "indicators.participants: 100001 is outside the declared range 0..100000");
    check(R"({"participant": 1})", "unknown indicator 'participant' for QUICKSTART 1 (did you mean 'participants'?)");
    check(R"({"founded": "2021-02-29"})", "indicators.founded: \"2021-02-29\" is not a calendar date");
    check(R"({"kinds": ["industry", "industri"]})", "\"industri\" is not one of its choices \"industry\", "
                                                    "\"research\", \"public\", \"other\" (did you mean 'industry'?)");
    // A unit other than the declared one names both; a unit on a number without one too.
    check(R"({"staff": "2.5 EUR"})",
          "indicators.staff: \"2.5 EUR\" is in EUR, but this indicator is counted in FTE: give the number alone or "
          "with FTE");
    check(R"({"participants": "12 FTE"})",
          "\"12 FTE\" has the unit FTE, but this indicator is a number without a unit");
    check(R"({"staff": "FTE 2.5"})", "expected a decimal number in FTE, got \"FTE 2.5\"");
    check(R"({"staff": "1001 FTE"})", "1001 FTE is outside the declared range 0 FTE..1000 FTE");
    check(R"({"improvements": ["Q9"]})", "\"Q9\" is not a criterion");
    check(R"({"public_share": 101})", "101% is outside the declared range 0%..100%");
    check(R"({"staff": "1001"})", "1001 FTE is outside the declared range 0 FTE..1000 FTE");
}

// The decision JSON without its input_sha256, which identifies the document's own text.
std::string without_input_hash(std::string json)
{
    const auto at = json.find("\"input_sha256\"");
    BOOST_REQUIRE(at != std::string::npos);
    json.erase(at, json.find(',', at) - at);
    return json;
}

// A person writes a number with its unit ("2.5 FTE", "420000 EUR", "82 %"): the declared
// unit is taken off and the decision is the one of the number alone, to the byte (but
// for the hash of the document, whose text differs).
BOOST_AUTO_TEST_CASE(numbers_may_carry_their_declared_unit)
{
    const auto rules = quickstart();
    const auto plain = without_input_hash(hallmark::to_json(decide(
        rules, R"({"assessed_on":"2023-01-01","indicators":{"staff":"2.5","budget":420000,"public_share":82}})")));
    for (const char* with_units : {R"({"staff":"2.5 FTE","budget":"420000 EUR","public_share":"82 %"})",
                                   R"({"staff":"2.5FTE","budget":"420000  EUR","public_share":"82%"})",
                                   R"({"staff":"25e-1 FTE","budget":"4.2e5 EUR","public_share":"82.0 %"})"}) {
        const auto d = decide(rules, std::string(R"({"assessed_on":"2023-01-01","indicators":)") + with_units + "}");
        BOOST_TEST(without_input_hash(hallmark::to_json(d)) == plain, with_units);
    }
}

// Percentages given as fractions are read exactly, in percentage points, but a person is
// told when every percentage is below 1 and some above 0; the reports open with it.
BOOST_AUTO_TEST_CASE(percentages_all_below_one_are_flagged)
{
    const auto rules = quickstart();
    auto warning = [&](const std::string& share) {
        const auto d = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"public_share":)" + share + "}}");
        return hallmark::fraction_percent_warning(d, rules.catalogue());
    };
    const auto flagged = warning("0.82");
    BOOST_REQUIRE(flagged.has_value());
    BOOST_TEST(flagged->find("every percentage in this assessment is below 1 (public_share 0.82%)") == 0u, *flagged);
    BOOST_TEST(!warning("82").has_value());
    BOOST_TEST(!warning("1").has_value());
    BOOST_TEST(!warning("0").has_value());  // zero is a plausible share, not a fraction
    BOOST_TEST(warning("\"0.999999\"").has_value());

    const auto d = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"public_share":0.82}})");
    BOOST_TEST(hallmark::to_markdown(d, rules.catalogue()).find("> **Warning:** every percentage") !=
               std::string::npos);
    BOOST_TEST(hallmark::to_html(d, rules.catalogue()).find("<p class=\"warning\"><strong>Warning:</strong> every") !=
               std::string::npos);
    const auto fine = decide(rules, R"({"assessed_on":"2023-01-01","indicators":{"public_share":82}})");
    BOOST_TEST(hallmark::to_markdown(fine, rules.catalogue()).find("Warning") == std::string::npos);
}

// Names from input are shown with their control characters escaped, so a stray CR does
// not make "unknown indicator 'smes' (did you mean 'smes'?)".
BOOST_AUTO_TEST_CASE(control_characters_in_names_are_shown_escaped)
{
    const auto rules = quickstart();
    auto a = hallmark::read_assessment(R"({"assessed_on":"2023-01-01","indicators":{"smes\r":3,"x\u001b[2J":1}})",
                                       "in.json");
    BOOST_REQUIRE(a.ok());
    auto d = rules.evaluate(a.value());
    BOOST_REQUIRE(!d.ok());
    const auto text = hallmark::render_all(d.diagnostics());
    BOOST_TEST(text.find("unknown indicator 'smes\\r' for QUICKSTART 1 (did you mean 'smes'?)") != std::string::npos,
               text);
    BOOST_TEST(text.find("x\\x1b[2J") != std::string::npos, text);
    BOOST_TEST(text.find('\r') == std::string::npos);
    BOOST_TEST(text.find('\x1b') == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
