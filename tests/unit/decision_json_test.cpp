// SPDX-License-Identifier: Apache-2.0
// append_json_line writes the decision straight from the evaluation; it must give the
// bytes of to_json_line(evaluate(a)) for every input, decisions and failures alike.
#include "bench/workload.hpp"
#include "test_support.hpp"

#include <hallmark/decision.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>

using namespace test_support;

namespace {

struct tally {
    int decisions = 0, failures = 0;
};

// One input through both paths. The line is appended to text already in `out`, which
// must stay in front of it, and a failure leaves `out` as it was.
void agree(const hallmark::rule_set& rules, const std::string& json, const std::string& name, tally& t)
{
    auto a = hallmark::read_assessment(json, name);
    if (!a.ok()) return;
    const auto d = rules.evaluate(a.value());
    std::string out = "before\n";
    const auto line = hallmark::append_json_line(rules, a.value(), out);
    BOOST_TEST_CONTEXT(name)
    {
        BOOST_TEST_REQUIRE(line.ok() == d.ok());
        if (!d.ok()) {
            ++t.failures;
            BOOST_TEST(out == "before\n");
            BOOST_TEST(hallmark::render_all(line.diagnostics()) == hallmark::render_all(d.diagnostics()));
            return;
        }
        ++t.decisions;
        BOOST_TEST(out == "before\n" + hallmark::to_json_line(d.value()));
        BOOST_TEST(line.value().value_or("no label") == d.value().label.value_or("no label"));
    }
}

std::vector<std::string> lines_of(const std::string& path)
{
    std::istringstream in(slurp(path));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

// Quick-start assessments with every label, missing values, a division by zero
// (no participants), renewals, and dates at the end of the calendar.
std::string quickstart_input(int i)
{
    const int participants = (i * 7) % 90;
    std::ostringstream s;
    s << R"({"assessed_on": ")" << (i % 17 == 0 ? "9999-11-" : "2023-05-") << 10 + i % 18 << R"(", "indicators": {)";
    s << R"("participants": )" << participants << R"(, "smes": )" << participants * ((i * 3) % 10) / 10;
    if (i % 5) s << R"(, "staff": ")" << (i % 4) << "." << (i % 10) << '"';
    s << R"(, "kinds": )" << (i % 3 ? R"(["industry", "research"])" : R"(["public"])");
    if (i % 11) s << R"(, "strategy": )" << (i % 2 ? "true" : "false");
    s << R"(, "founded": "2010-01-01", "budget": "100000", "private": ")" << (i * 997) % 90000 << '"';
    s << R"(, "public_share": )" << (i * 13) % 101;
    if (i % 7 == 0) s << R"(, "improvements": ["Q1", "Q4"])";
    s << R"(}, "history": [{"label": "bronze", "assessed_on": "2021-0)" << 1 + i % 9
      << R"(-01", "valid_until": "2023-0)" << 1 + i % 9 << R"(-01"}]})";
    return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decision_json)

BOOST_AUTO_TEST_CASE(ecei_examples_and_portfolio_give_the_same_bytes)
{
    std::vector<std::pair<std::string, std::string>> inputs;
    for (const auto& e : std::filesystem::directory_iterator(source_path("examples/assessments")))
        if (e.path().extension() == ".json") inputs.emplace_back(e.path().filename().string(), slurp(e.path()));
    const auto peers = lines_of(source_path("examples/portfolio/peers.jsonl"));
    for (std::size_t i = 0; i < peers.size(); ++i)
        inputs.emplace_back("peers.jsonl:" + std::to_string(i + 1), peers[i]);
    for (const char* version : {"2013", "2019", "2020"}) {
        auto compiled = hallmark::compile_file(source_path(std::string("rules/ecei/") + version + ".rules"));
        BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
        tally t;
        for (const auto& [name, json] : inputs) agree(compiled.value(), json, name, t);
        BOOST_TEST_MESSAGE(version << ": " << t.decisions << " decisions, " << t.failures << " failures");
        BOOST_TEST(t.decisions > 3);
    }
}

BOOST_AUTO_TEST_CASE(errors_missing_values_and_failed_validity_give_the_same_bytes)
{
    auto compiled = hallmark::compile_file(source_path("examples/quickstart/labels.rules"));
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    tally t;
    for (int i = 0; i < 400; ++i) agree(compiled.value(), quickstart_input(i), "input " + std::to_string(i), t);
    BOOST_TEST(t.decisions > 300);
    BOOST_TEST(t.failures > 0);  // validity past 9999-12-31: the failure path is exercised too
}

BOOST_AUTO_TEST_CASE(the_synthetic_workload_gives_the_same_bytes)
{
    const auto rules = test_support::rules(bench::rules_text());
    tally t;
    for (const auto& r : bench::generate(1000)) agree(rules, bench::to_json(r), "synthetic", t);
    BOOST_TEST(t.decisions == 1000);
}

BOOST_AUTO_TEST_SUITE_END()
