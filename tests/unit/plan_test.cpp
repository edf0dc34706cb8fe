// SPDX-License-Identifier: Apache-2.0
// The flat plan (engine/plan_*.cpp) must decide exactly as the tree evaluator does:
// random rule sets of every shape the plan takes, values on and beside every
// threshold, unreported values, numbers too big for its integers; the shipped rules.
#include "test_support.hpp"

#include "bench/splitmix64.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <set>

using namespace hallmark;

namespace {

// The benchmarks' generator: the same cases on every machine.
struct rng : bench::splitmix64 {
    int below(int n) { return static_cast<int>(splitmix64::below(n)); }
    bool chance(int percent) { return below(100) < percent; }
};

// A decimal with 0 to 3 places, between -50 and 50.
std::string random_number(rng& r, bool whole)
{
    const int places = whole ? 0 : r.below(4);
    int scale = 1;
    for (int i = 0; i < places; ++i) scale *= 10;
    const int coefficient = r.below(100 * scale + 1) - (whole ? 0 : 50 * scale);
    return decimal::parse(fmt::format("{}e-{}", coefficient, places)).value().to_string();
}

struct generated {
    std::string text;
    std::vector<std::string> constants;  // numbers the criteria compare with
};

std::string criterion_requirement(rng& r, generated& g)
{
    const int n = r.below(4);
    switch (r.below(7)) {
    case 0:
    case 1: {
        const char* ops[] = {">=", ">", "<=", "<", "=", "!="};
        const std::string c = random_number(r, n == 0);
        g.constants.push_back(c);
        const std::string name = n == 0 ? "whole" : fmt::format("x{}", n);
        const std::string op = ops[r.below(6)];
        return r.chance(30) ? fmt::format("{} {} {}", c,
                                          op == ">="   ? "<="
                                          : op == "<=" ? ">="
                                          : op == ">"  ? "<"
                                          : op == "<"  ? ">"
                                                       : op,
                                          name)
                            : fmt::format("{} {} {}", name, op, c);
    }
    case 2: {
        std::string lo = random_number(r, false), hi = random_number(r, false);
        if (decimal::parse(hi).value() < decimal::parse(lo).value()) std::swap(lo, hi);
        g.constants.push_back(lo);
        g.constants.push_back(hi);
        return fmt::format("x{} {}in {}..{}", 1 + r.below(3), r.chance(30) ? "not " : "", lo, hi);
    }
    case 3: return fmt::format("{}flag{}", r.chance(30) ? "not " : "", r.below(3));
    case 4: return fmt::format("kind {} \"k{}\"", r.chance(50) ? "=" : "!=", r.below(4));
    default: return fmt::format("kind {}in {{\"k{}\", \"k{}\"}}", r.chance(30) ? "not " : "", r.below(4), r.below(4));
    }
}

std::string label_requirement(rng& r, int criteria, int label)
{
    std::vector<std::string> parts;
    parts.push_back(fmt::format("at_least({}, all)", criteria - 2 * label - r.below(3)));
    if (r.chance(40)) parts.push_back(fmt::format("C{}", r.below(criteria)));
    if (r.chance(20)) parts.push_back(r.chance(50) ? "all(core)" : "any(core)");
    return fmt::format("{}", fmt::join(parts, " and "));
}

generated random_rules(rng& r)
{
    generated g;
    g.text = "methodology \"PLAN\" version \"1\"\n\nindicator whole : count\n";
    for (int i = 1; i <= 3; ++i)
        g.text += fmt::format("indicator x{} : decimal\nindicator flag{} : boolean\n", i, i - 1);
    g.text += "indicator kind : one of (k0, k1, k2, k3)\n\n";
    const int criteria = 6 + r.below(10);
    for (int c = 0; c < criteria; ++c)
        g.text += fmt::format("criterion C{} group all{}\n  requires {}\n", c, c < 3 ? ", core" : "",
                              criterion_requirement(r, g));
    for (int l = 0; l < 3; ++l)
        g.text += fmt::format("\nlabel L{}\n  requires {}\n  valid 2 years\n", l, label_requirement(r, criteria, l));
    return g;
}

// Values on, just beside and far from the thresholds, sometimes not reported.
std::string random_assessment(rng& r, const generated& g)
{
    auto near = [&](bool whole) -> std::string {
        if (g.constants.empty() || r.chance(10)) return random_number(r, whole);
        const auto base = decimal::parse(g.constants[r.below(static_cast<int>(g.constants.size()))]).value();
        const char* steps[] = {"0", "0.0001", "-0.0001", "0.001", "-0.001", "1", "-1", "0.00000000001"};
        auto v = base + decimal::parse(steps[r.below(8)]).value();
        if (whole) v = v.abs().round(0);
        return v.to_string();
    };
    std::vector<std::string> fields;
    if (!r.chance(10)) fields.push_back(fmt::format("\"whole\": {}", near(true)));
    for (int i = 1; i <= 3; ++i) {
        if (!r.chance(10)) fields.push_back(fmt::format("\"x{}\": \"{}\"", i, near(false)));
        if (!r.chance(10)) fields.push_back(fmt::format("\"flag{}\": {}", i - 1, r.chance(60) ? "true" : "false"));
    }
    if (!r.chance(10)) fields.push_back(fmt::format("\"kind\": \"k{}\"", r.below(4)));
    return fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{{}}}}})", fmt::join(fields, ", "));
}

// The message of a refusal; empty for a success.
template <class outcome>
std::string why(const outcome& r)
{
    return r.ok() ? std::string() : r.diagnostics().front().message;
}

// The same values through hallmark::typed_input, as a host would set them; nothing
// for inputs with sets, which it does not take.
std::optional<std::optional<std::string>> label_through_input(const rule_set& rules, const assessment& a)
{
    typed_input in(rules);
    in.set_assessed_on(a.assessed_on);
    for (const auto& [id, raw] : a.indicators) {
        const auto found = in.indicator(id);
        BOOST_TEST_REQUIRE(found.ok(), id);
        const int i = found.value();
        const auto kind = hallmark::engine::program_of(rules).indicators[i].kind;
        result<void> set;
        if (raw.type == raw_value::kind::array) return std::nullopt;
        if (raw.type == raw_value::kind::null) continue;
        if (raw.type == raw_value::kind::boolean) set = in.set(i, raw.boolean);
        else if (kind == ast::type_kind::choice) set = in.set_choice(i, raw.text);
        else if (kind == ast::type_kind::date) set = in.set(i, date::parse(raw.text).value());
        else set = in.set(i, decimal::parse(raw.text).value());
        BOOST_TEST(set.ok(), render_all(set.diagnostics()));
    }
    return rules.label_of(in);
}

// The label by the plan where it applies, by the tree always, and by the full decision.
struct labels {
    int plan, tree;
    std::optional<std::string> decided;
};

labels decide_three_ways(const rule_set& rules, const std::string& json)
{
    const auto a = read_assessment(json, "generated.json").value();
    const auto& p = hallmark::engine::program_of(rules);
    const auto bound = engine::bind(p, a);
    BOOST_TEST_REQUIRE(std::holds_alternative<engine::bound_input>(bound), json);
    const auto& in = std::get<engine::bound_input>(bound);
    if (p.fast.complete && in.fast.usable)  // with and without the processor's vector compares
        BOOST_TEST(engine::plan_label(p.fast, in.fast, true) == engine::plan_label(p.fast, in.fast, false), json);
    const auto decided = rules.evaluate(a).value().label;
    BOOST_TEST((rules.label_of(a).value() == decided), json);  // the public calls
    if (const auto through_input = label_through_input(rules, a)) BOOST_TEST((*through_input == decided), json);
    return {engine::decide_label(p, in), engine::decide_label_by_tree(p, in), decided};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan)

BOOST_AUTO_TEST_CASE(random_rules_decide_as_the_tree)
{
    rng r{{20261124}};
    int rule_sets = 0, by_plan = 0, labelled = 0;
    for (int round = 0; round < 300; ++round) {
        const auto g = random_rules(r);
        const auto compiled = compile_string(g.text, "plan.rules");
        if (!compiled.ok()) continue;  // e.g. two labels with the same requirements
        ++rule_sets;
        const auto& rules = *compiled;
        BOOST_TEST_REQUIRE(hallmark::engine::program_of(rules).fast.complete, g.text);
        // Single tests and counts over groups need no second stage: the fastest path.
        BOOST_TEST(hallmark::engine::program_of(rules).fast.steps.empty(), g.text);
        for (int k = 0; k < 60; ++k) {
            const auto json = random_assessment(r, g);
            const auto got = decide_three_ways(rules, json);
            BOOST_TEST(got.plan == got.tree, g.text << json);
            const auto& l = hallmark::engine::program_of(rules).labels;
            const std::string by_tree = got.tree < 0 ? "none" : l[got.tree].id;
            BOOST_TEST(by_tree == got.decided.value_or("none"), json);
            by_plan += 1;
            labelled += got.tree >= 0;
        }
    }
    BOOST_TEST_MESSAGE(fmt::format("{} rule sets, {} assessments, {} labelled", rule_sets, by_plan, labelled));
    BOOST_TEST(rule_sets >= 250);
    // The cases reach both outcomes often enough to mean something.
    BOOST_TEST(labelled > by_plan / 10);
    BOOST_TEST(labelled < by_plan * 9 / 10);
}

BOOST_AUTO_TEST_CASE(more_than_64_criteria_span_words_of_outcomes)
{
    std::string text = "methodology \"WIDE\" version \"1\"\nindicator x : decimal\nindicator y : decimal\n";
    for (int c = 0; c < 70; ++c)
        text += fmt::format("criterion C{} group {}\n  requires {} >= {}\n", c, c % 2 ? "all, odd" : "all",
                            c < 60 ? "x" : "y", c);
    text += "label gold\n  requires at_least(65, all) and all(odd)\n  valid 1 year\n";
    text += "label silver\n  requires at_least(40, all) and C65\n  valid 1 year\n";
    text += "label bronze\n  requires any(odd)\n  valid 1 year\n";
    const auto compiled = compile_string(text, "wide.rules");
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    BOOST_TEST_REQUIRE(hallmark::engine::program_of(*compiled).fast.words == 2U);
    BOOST_TEST(hallmark::engine::program_of(*compiled).fast.complete);
    std::set<int> seen;
    for (const char* x : {"0", "1", "39.5", "45", "59", "70"})
        for (const char* y : {"0", "61", "65", "64.99", "70"}) {
            const auto got = decide_three_ways(
                *compiled,
                fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{"x": "{}", "y": "{}"}}}})", x, y));
            BOOST_TEST(got.plan == got.tree, x << " " << y);
            seen.insert(got.tree);
        }
    BOOST_TEST(seen.size() == 4U);  // gold, silver, bronze and none all occur
}

BOOST_AUTO_TEST_CASE(numbers_beyond_the_plan_fall_back_to_the_tree)
{
    const auto compiled = compile_string(R"(methodology "BIG" version "1"
indicator x : decimal
criterion C group all
  requires x >= 0.5
label gold
  requires all(all)
  valid 1 year
)",
                                         "big.rules");
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    BOOST_TEST(hallmark::engine::program_of(*compiled).fast.complete);
    for (const char* x :
         {"1e30", "-1e30", "0.5", "0.499999999999999999", "0.500000000000000001", "999999999999999999.5"}) {
        const auto got = decide_three_ways(
            *compiled, fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{"x": "{}"}}}})", x));
        BOOST_TEST(got.plan == got.tree, x);
    }
}

// A record's operands are 32-bit when every one of them fits (slots::narrow), else
// 64-bit, with the constants clamped to 32 bits for the first: values and thresholds on
// both sides of that edge (big's operand is 2·big, d's 2·floor(10·d) + 1 when inexact,
// and 2^31 - 2 is the last narrow one) decide as the tree, as does a typed input whose
// record crosses the edge and back.
BOOST_AUTO_TEST_CASE(operands_on_both_sides_of_32_bits_decide_as_the_tree)
{
    const auto compiled = compile_string(R"(methodology "WIDE" version "1"
indicator big : count
indicator d : decimal
indicator small : count range 0..100
criterion A group all
  requires big >= 1073741823
criterion B group all
  requires big < 1073741824
criterion C group all
  requires d > -1073741823.5
criterion D group all
  requires d <= 107374182.3
criterion E group all
  requires small = 50
label gold
  requires at_least(4, all)
  valid 1 year
label bronze
  requires at_least(2, all)
  valid 1 year
)",
                                         "wide.rules");
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    const auto& p = hallmark::engine::program_of(*compiled);
    BOOST_TEST_REQUIRE(p.fast.complete);
    int narrow = 0, wide = 0;
    for (const char* big : {"0", "1073741822", "1073741823", "1073741824", "2147483647", "4294967296", ""})
        for (const char* d : {"0.05", "107374182.3", "107374182.35", "107374182.4", "-107374182.3", "-1073741823.5",
                              "-1073741823.49", "-1073741823.51", ""})
            for (const char* small : {"0", "50", ""}) {
                std::vector<std::string> fields;
                if (*big) fields.push_back(fmt::format(R"("big": {})", big));
                if (*d) fields.push_back(fmt::format(R"("d": "{}")", d));
                if (*small) fields.push_back(fmt::format(R"("small": {})", small));
                const auto json =
                    fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{{}}}}})", fmt::join(fields, ", "));
                const auto got = decide_three_ways(*compiled, json);
                BOOST_TEST(got.plan == got.tree, json);
                const auto bound = engine::bind(p, read_assessment(json, "wide.json").value());
                const auto& in = std::get<engine::bound_input>(bound);
                (in.fast.narrow ? narrow : wide) += in.fast.usable;
            }
    BOOST_TEST(narrow > 30);
    BOOST_TEST(wide > 50);
    // A typed input refreshing one value at a time: narrow, wide, back to a narrow value.
    typed_input in(*compiled);
    const int big = in.indicator("big").value(), d = in.indicator("d").value(), small = in.indicator("small").value();
    BOOST_TEST(in.set(small, decimal::from_int(50)).ok());
    BOOST_TEST(in.set(d, *decimal::parse("107374182.3")).ok());
    BOOST_TEST(in.set(big, decimal::from_int(1073741823)).ok());
    BOOST_TEST(compiled->label_of(in).value_or("none") == "gold");  // A B C D E
    BOOST_TEST(in.set(big, decimal::from_int(1073741824)).ok());
    BOOST_TEST(compiled->label_of(in).value_or("none") == "gold");  // A C D E
    BOOST_TEST(in.set(d, *decimal::parse("107374182.35")).ok());
    BOOST_TEST(compiled->label_of(in).value_or("none") == "bronze");  // A C E
    BOOST_TEST(in.set(big, decimal::from_int(1073741822)).ok());
    BOOST_TEST(compiled->label_of(in).value_or("none") == "bronze");  // B C E
    BOOST_TEST(in.set(d, *decimal::parse("-1073741823.5")).ok());
    BOOST_TEST(compiled->label_of(in).value_or("none") == "bronze");  // B D E
    BOOST_TEST(in.set(d, *decimal::parse("-1073741823.49")).ok());
    BOOST_TEST(compiled->label_of(in).value_or("none") == "gold");  // B C D E
}

BOOST_AUTO_TEST_CASE(rules_the_plan_cannot_take_use_the_tree)
{
    const auto compiled = compile_string(R"(methodology "MIX" version "1"
indicator x : decimal
indicator y : decimal
criterion A group all
  requires x * y >= 1
criterion B group all
  requires x >= 0.5
label gold
  requires at_least(2, all)
  valid 1 year
label silver
  requires B
  valid 1 year
)",
                                         "mix.rules");
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    BOOST_TEST(!hallmark::engine::program_of(*compiled).fast.complete);
    const auto got = decide_three_ways(*compiled, R"({"assessed_on": "2025-01-01", "indicators": {"x": 2, "y": 0.5}})");
    BOOST_TEST(got.plan == 0);
    BOOST_TEST(got.tree == 0);
}

BOOST_AUTO_TEST_CASE(shipped_rules_label_as_their_decisions)
{
    int checked = 0;
    for (const auto& file : std::filesystem::directory_iterator(std::string(HALLMARK_SOURCE_DIR) + "/rules/ecei")) {
        const auto loaded = compile_file(file.path().string());
        BOOST_TEST_REQUIRE(loaded.ok(), loaded.render());
        for (const auto& input :
             std::filesystem::directory_iterator(std::string(HALLMARK_SOURCE_DIR) + "/examples/assessments")) {
            const auto a = read_assessment_file(input.path().string());
            if (!a.ok()) continue;
            const auto bound = engine::bind(hallmark::engine::program_of(*loaded), a.value());
            if (!std::holds_alternative<engine::bound_input>(bound)) continue;  // another version's indicators
            const auto got = decide_three_ways(*loaded, test_support::slurp(input.path()));
            BOOST_TEST(got.plan == got.tree, input.path());
            ++checked;
        }
    }
    BOOST_TEST(checked >= 8);
}

BOOST_AUTO_TEST_CASE(input_checks_values_and_follows_changes)
{
    const auto compiled = compile_string(R"(methodology "IN" version "1"
indicator members : count range 0..1000
indicator share : percent
indicator kind : one of (hub, network)
indicator founded : date
criterion A group all
  requires members >= 10
criterion B group all
  requires share >= 30%
criterion C group all
  requires kind = "hub"
label gold
  requires at_least(3, all)
  valid 1 year
label bronze
  requires at_least(2, all)
  valid 1 year
)",
                                         "in.rules");
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    const auto& rules = *compiled;
    typed_input in(rules);
    const int members = in.indicator("members").value(), share = in.indicator("share").value(),
              kind = in.indicator("kind").value();
    BOOST_TEST(why(in.indicator("nope")) == "the rule set declares no indicator 'nope'");
    BOOST_TEST(!rules.label_of(in).has_value());  // nothing reported
    BOOST_TEST(in.set(members, decimal::from_int(12)).ok());
    BOOST_TEST(in.set(share, *decimal::parse("30")).ok());  // 30 %, as a document gives it
    BOOST_TEST(rules.label_of(in).value_or("none") == "bronze");
    BOOST_TEST(in.set_choice(kind, "hub").ok());
    BOOST_TEST(rules.label_of(in).value_or("none") == "gold");
    BOOST_TEST(in.clear(kind).ok());
    BOOST_TEST(rules.label_of(in).value_or("none") == "bronze");
    BOOST_TEST(in.set(share, *decimal::parse("29.999")).ok());
    BOOST_TEST(rules.label_of(in).value_or("none") == "none");
    // Bad values are refused with the indicator named, and leave the old value.
    BOOST_TEST(why(in.set(members, *decimal::parse("1.5"))) ==
               "indicators.members: expected a whole number of 0 or more, got 1.5");
    BOOST_TEST(why(in.set(members, decimal::from_int(5000))) ==
               "indicators.members: 5000 is outside the declared range 0..1000");
    BOOST_TEST(why(in.set_choice(kind, "hubb")) ==
               "indicators.kind: \"hubb\" is not one of its choices \"hub\", \"network\" (did you mean 'hub'?)");
    BOOST_TEST(why(in.set(kind, true)) ==
               "indicators.kind: expected one of the strings \"hub\", \"network\", got true");
    BOOST_TEST(why(in.set(99, true)) == "there is no indicator number 99 (the rule set has 4)");
    BOOST_TEST(why(in.clear(-1)) == "there is no indicator number -1 (the rule set has 4)");
    BOOST_TEST(in.set(in.indicator("founded").value(), *date::parse("2009-04-01")).ok());
    BOOST_TEST(in.set(share, *decimal::parse("31")).ok());
    BOOST_TEST(rules.label_of(in).value_or("none") == "bronze");  // members is still 12
    // A copy is independent; an input of another rule set is refused.
    typed_input copy = in;
    BOOST_TEST(copy.clear(members).ok());
    BOOST_TEST(rules.label_of(in).value_or("none") == "bronze");
    BOOST_TEST(!rules.label_of(copy).has_value());
    const auto other = compile_string(R"(methodology "IN" version "1"
indicator members : count
criterion A group all
  requires members >= 10
label gold
  requires all(all)
  valid 1 year
)",
                                      "other.rules");
    BOOST_TEST_REQUIRE(other.ok(), other.render());
    BOOST_CHECK_THROW((void)other->label_of(in), std::invalid_argument);
}

// Each setter takes exactly its type: an int, a double or a string literal would
// otherwise convert to bool and set a boolean nobody meant.
template <class value>
constexpr bool settable = requires(typed_input& in, value v)
{
    (void)in.set(0, v);
};

static_assert(settable<bool>);
static_assert(settable<decimal>);
static_assert(settable<const decimal&>);
static_assert(settable<date>);
static_assert(!settable<int>);
static_assert(!settable<long>);
static_assert(!settable<unsigned>);
static_assert(!settable<double>);
static_assert(!settable<const char*>);
static_assert(!settable<std::string>);
static_assert(!settable<std::optional<decimal>>);

BOOST_AUTO_TEST_CASE(typed_input_setters_take_exactly_their_type)
{
    BOOST_TEST(settable<bool>);  // the checks above are compile-time; this names them in the log
}

BOOST_AUTO_TEST_SUITE_END()
