// SPDX-License-Identifier: Apache-2.0
// `hallmark batch`'s reader and decider of clean JSON documents (line_decider) against
// read_assessment and append_json_line, which it stands in for: the same line and label
// for every document it decides, and it declines exactly the documents those report a
// problem for (so that theirs are the messages). One decider reads each whole sequence,
// so that nothing of one record can be left over for the next.
#include "test_support.hpp"

#include <hallmark/corpus.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/json_writer.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

using hallmark::assessment;
using hallmark::raw_value;
using test_support::source_path;

namespace {

using members = std::vector<std::pair<std::string, std::string>>;  // name, value as JSON

std::string json_string(std::string_view text)
{
    std::string out;
    hallmark::append_json_string(out, text);
    return out;
}

std::string json_of(const raw_value& v)
{
    switch (v.type) {
    case raw_value::kind::null: return "null";
    case raw_value::kind::boolean: return v.boolean ? "true" : "false";
    case raw_value::kind::number: return v.text;
    case raw_value::kind::string: return json_string(v.text);
    case raw_value::kind::array: break;
    }
    std::string out = "[";
    for (const auto& item : v.items) out += (out.size() > 1 ? "," : "") + json_string(item);
    return out + "]";
}

// A compact document of `a`'s cluster, date and history, with `indicators` as given.
std::string document(const assessment& a, const members& indicators, const std::string& history_label = "")
{
    std::string out = R"({"assessed_on":")" + a.assessed_on.to_string() + R"(","cluster":)" + a.cluster_json;
    if (!a.history.empty()) {
        out += R"(,"history":[)";
        for (std::size_t i = 0; i < a.history.size(); ++i) {
            const auto& h = a.history[i];
            out += std::string(i > 0 ? "," : "") + R"({"assessed_on":")" + h.assessed_on.to_string() + R"(","label":)" +
                   json_string(history_label.empty() ? h.label : history_label) + R"(,"valid_until":)" +
                   (h.valid_until ? json_string(h.valid_until->to_string()) : "null") + "}";
        }
        out += "]";
    }
    out += R"(,"indicators":{)";
    for (std::size_t i = 0; i < indicators.size(); ++i)
        out += (i > 0 ? "," : "") + json_string(indicators[i].first) + ":" + indicators[i].second;
    return out + "}}";
}

// Values put in place of an indicator's: of every type, in and out of range and limits,
// numbers in every spelling, units, dates, sets with repeats and strangers.
const std::vector<std::string> replacements = {"null",
                                               "0",
                                               "-0",
                                               "1",
                                               "-1",
                                               "7",
                                               "2.50",
                                               "1e2",
                                               "1E-1",
                                               "0.1000",
                                               "0.001",
                                               "100.5",
                                               "1000000",
                                               "12345678901234567890123",
                                               "1e400",
                                               "true",
                                               "false",
                                               R"("abc")",
                                               R"("2.5")",
                                               R"("2.5 FTE")",
                                               R"("2.5FTE")",
                                               R"("2 EUR")",
                                               R"("33.3 %")",
                                               R"("2023-02-29")",
                                               R"("2020-02-29")",
                                               "[]",
                                               R"(["industry"])",
                                               R"(["industry","industry"])",
                                               R"(["research","public"])",
                                               "[1]",
                                               "{}",
                                               R"("industry")",
                                               R"(["E1","E2"])",
                                               R"(["E1","E1"])",
                                               R"(["E2","E1"])",
                                               R"(["nope"])",
                                               R"("\u0031")",
                                               R"("007")",
                                               R"("-0.0")",
                                               R"("1.")",
                                               R"(".5")",
                                               R"("+1")",
                                               R"(" 1")",
                                               R"("-0")",
                                               R"("0.50")",
                                               "123456789012345678",
                                               "1234567890123456789",
                                               "-99.999999999999999",
                                               R"("0.000000000000000001")",
                                               "0.0000000000000000001",
                                               "0.000000000000000001",
                                               R"("12345678901234567.8")"};

struct rng {
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    std::size_t below(std::size_t n)
    {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        return static_cast<std::size_t>(state % n);
    }
};

// `a` rewritten with one to three changes: values replaced, an indicator dropped or
// misspelt, the keys out of order, a history label misspelt.
std::string mutated(const assessment& a, rng& r)
{
    members indicators;
    for (const auto& [name, v] : a.indicators) indicators.emplace_back(name, json_of(v));
    std::string history_label;
    for (std::size_t k = 0, edits = 1 + r.below(3); k < edits && !indicators.empty(); ++k) {
        auto& member = indicators[r.below(indicators.size())];
        switch (r.below(6)) {
        case 0: member.first += "x"; break;
        case 1: indicators.erase(indicators.begin() + static_cast<std::ptrdiff_t>(r.below(indicators.size()))); break;
        case 2: std::swap(indicators.front(), indicators.back()); break;
        case 3: history_label = r.below(2) == 0 ? "bronz" : "gold"; break;
        default: member.second = replacements[r.below(replacements.size())]; break;
        }
    }
    return document(a, indicators, history_label);
}

// Decides every document with one decider, each as the reference would; returns how
// many it decided.
std::size_t decide_all(const hallmark::rule_set& rules, const std::vector<std::string>& docs)
{
    hallmark::line_decider decider;
    const hallmark::line_decider::chooser choose = [&rules](const assessment&) { return &rules; };
    std::size_t decided = 0;
    for (const auto& text : docs) {
        auto read = hallmark::read_assessment(text, "in.jsonl");
        std::string want = "before\n";
        const auto written = read.ok() ? hallmark::append_json_line(rules, read.value(), want)
                                       : hallmark::result<std::optional<std::string>>(read.diagnostics());
        std::string line = "before\n";
        std::optional<std::string> label = "stale";
        const bool ok = decider.decide(text, choose, line, label);
        BOOST_TEST(ok == written.ok(), text);
        BOOST_TEST(line == (ok ? want : std::string("before\n")), text);
        if (ok && written.ok()) BOOST_TEST((label == written.value()), text);
        decided += ok ? 1 : 0;
    }
    return decided;
}

// The documents of `dir` as written, then each as one compact line.
std::vector<assessment> examples(const std::string& dir, std::vector<std::string>& docs)
{
    std::vector<assessment> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        docs.push_back(test_support::slurp(entry.path()));
        auto read = hallmark::read_assessment(docs.back(), "in.json");
        if (read.ok()) out.push_back(read.value());
    }
    for (const auto& a : out) {
        members indicators;
        for (const auto& [name, v] : a.indicators) indicators.emplace_back(name, json_of(v));
        docs.push_back(document(a, indicators));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(line_decider)

BOOST_AUTO_TEST_CASE(ecei_examples_and_their_mutants_decide_as_the_reference)
{
    const auto rules = hallmark::compile_file(source_path("rules/ecei/2020.rules"));
    BOOST_TEST_REQUIRE(rules.ok(), rules.render());
    std::vector<std::string> docs;
    const auto seeds = examples(source_path("examples/assessments"), docs);
    BOOST_TEST_REQUIRE(seeds.size() >= 10u);
    const std::size_t clean = docs.size();
    rng r;
    for (int i = 0; i < 1500; ++i) {
        docs.push_back(mutated(seeds[r.below(seeds.size())], r));
        // Now and then a clean one again, after whatever the mutant left behind.
        if (i % 5 == 0) docs.push_back(docs[r.below(clean)]);
    }
    const auto decided = decide_all(rules.value(), docs);
    // Both outcomes are covered: many decided, many declined.
    BOOST_TEST(decided > 300u);
    BOOST_TEST(decided < docs.size() - 300u);
}

// A set of criteria (values pointing into the binder's storage), a percentage and a
// unit, under the quickstart rules.
BOOST_AUTO_TEST_CASE(quickstart_sets_of_criteria_decide_as_the_reference)
{
    const auto rules = hallmark::compile_file(source_path("examples/quickstart/labels.rules"));
    BOOST_TEST_REQUIRE(rules.ok(), rules.render());
    const auto text = test_support::slurp(source_path("examples/quickstart/cluster.json"));
    const auto seed = hallmark::read_assessment(text, "cluster.json");
    BOOST_TEST_REQUIRE(seed.ok());
    std::vector<std::string> docs{text};
    rng r;
    for (int i = 0; i < 600; ++i) docs.push_back(i % 3 == 0 ? text : mutated(seed.value(), r));
    const auto decided = decide_all(rules.value(), docs);
    BOOST_TEST(decided > 200u);
    BOOST_TEST(decided < docs.size() - 50u);
}

// No rules for a document: declined, and nothing written.
BOOST_AUTO_TEST_CASE(no_rules_declines)
{
    hallmark::line_decider decider;
    std::string line;
    std::optional<std::string> label;
    const auto text = test_support::slurp(source_path("examples/quickstart/cluster.json"));
    BOOST_TEST(!decider.decide(
        text, [](const assessment&) { return nullptr; }, line, label));
    BOOST_TEST(line.empty());
}

BOOST_AUTO_TEST_SUITE_END()
