// SPDX-License-Identifier: Apache-2.0
// The recourse plan (hallmark/plan.hpp): on random small rule sets it finds what an
// independent brute force over a grid of values finds, every plan it gives reaches its
// target when evaluated again, and the options, value kinds and questions behave as
// documented. The shipped examples, history conditions and the command are in
// recourse_examples_test.cpp; the flat plan's tests are plan_test.cpp.
#include "recourse_support.hpp"
#include "test_support.hpp"

#include "bench/splitmix64.hpp"

#include <hallmark/plan.hpp>

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>
#include <fstream>

#include <filesystem>
#include <map>

using namespace hallmark;
using namespace test_support;
using recourse_support::reaches;

namespace {

struct rng : bench::splitmix64 {
    int below(int n) { return static_cast<int>(splitmix64::below(n)); }
    bool chance(int percent) { return below(100) < percent; }
};

enum class kind { count, number, percent, boolean };

struct indicator {
    std::string id;
    kind k = kind::count;
};

struct generated {
    std::string text;
    std::vector<indicator> indicators;
    // Per criterion: (indicator, constant as written without the % sign) it compares.
    std::vector<std::vector<std::pair<int, std::string>>> compares;
    std::map<std::string, std::vector<int>> label_criteria;  // the criteria each label reads
};

std::string constant(rng& r, kind k)
{
    if (k == kind::percent) return std::to_string(r.below(101));
    if (k == kind::count) return std::to_string(r.below(21));
    return decimal::from_scaled(r.below(101), r.below(2)).to_string();
}

// "i1 >= 3", "i2 < 40%", "not i0": one indicator against a constant.
std::string comparison(rng& r, generated& g)
{
    const int i = r.below(static_cast<int>(g.indicators.size()));
    const auto& ind = g.indicators[i];
    if (ind.k == kind::boolean) return (r.chance(30) ? "not " : "") + ind.id;
    const char* ops[] = {">=", ">", "<=", "<"};
    const std::string c = constant(r, ind.k);
    g.compares.back().emplace_back(i, c);
    return fmt::format("{} {} {}{}", ind.id, ops[r.below(4)], c, ind.k == kind::percent ? "%" : "");
}

generated random_rules(rng& r)
{
    generated g;
    g.text = "methodology \"RECOURSE\" version \"1\"\n\n";
    const char* types[] = {"count", "decimal", "percent", "boolean"};
    const int n = 2 + r.below(3);
    for (int i = 0; i < n; ++i) {
        const auto k = static_cast<kind>(r.below(4));
        g.indicators.push_back({fmt::format("i{}", i), k});
        g.text += fmt::format("indicator i{} : {}\n", i, types[static_cast<int>(k)]);
    }
    const int criteria = 2 + r.below(4);
    bool tiers = false;
    for (int c = 0; c < criteria; ++c) {
        g.compares.emplace_back();
        g.text += fmt::format("\ncriterion C{} group g\n  requires {}\n", c, comparison(r, g));
        if (r.chance(50)) continue;
        tiers = true;
        g.text += fmt::format("  points 5 when {}\n         3 when {}\n         0 otherwise\n", comparison(r, g),
                              comparison(r, g));
    }
    const int labels = 2 + r.below(2);
    for (int l = 0; l < labels; ++l) {
        const int one = r.below(criteria);
        std::string req = r.chance(50) ? "all(g)" : fmt::format("C{}", one);
        auto& read = g.label_criteria[fmt::format("L{}", l)];
        for (int c = 0; c < criteria; ++c)
            if (req == "all(g)" || c == one) read.push_back(c);
        if (tiers && r.chance(50)) {
            req += fmt::format(" and points(g) >= {}", 3 + r.below(8));
            read.clear();
            for (int c = 0; c < criteria; ++c) read.push_back(c);  // points(g) reads every member
        }
        g.text += fmt::format("\nlabel L{}\n  requires {}\n  valid 2 years\n", l, req);
    }
    return g;
}

// The constants indicator `i` is compared with in the criteria label `target` reads.
std::vector<std::string> thresholds(const generated& g, const std::string& target, int i)
{
    std::vector<std::string> out;
    for (int c : g.label_criteria.at(target))
        for (const auto& [ind, constant] : g.compares[c])
            if (ind == i) out.push_back(constant);
    return out;
}

// The grid of values worth trying for one indicator, in shown units: each threshold
// and one step of its precision either side, and the value answered.
std::vector<std::string> grid(const indicator& ind, const std::string& now, const std::vector<std::string>& ts)
{
    const bool unanswered = now == "null";
    if (ind.k == kind::boolean)
        return unanswered ? std::vector<std::string>{"null", "true", "false"}
                          : std::vector<std::string>{"true", "false"};
    // An unanswered number may also be answered with anything: 0 stands for that.
    std::vector<decimal> values{unanswered ? decimal::from_int(0) : decimal::parse(now).value()};
    for (const auto& t : ts) {
        const auto c = decimal::parse(t).value();
        const auto step = c.places() == 0 ? decimal::from_int(1) : decimal::from_scaled(1, c.places());
        values.insert(values.end(), {c - step, c, c + step});
    }
    std::vector<std::string> out;
    for (const auto& v : values)
        if (!(ind.k == kind::count && v.is_negative())) out.push_back(v.to_string());
    if (unanswered) out.push_back("null");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string random_value(rng& r, const generated& g, int i)
{
    const auto& ind = g.indicators[i];
    if (r.chance(10)) return "null";
    if (ind.k == kind::boolean) return r.chance(50) ? "true" : "false";
    std::vector<std::string> ts;
    for (const auto& c : g.compares)
        for (const auto& [j, constant] : c)
            if (j == i) ts.push_back(constant);
    if (!ts.empty() && r.chance(70)) {
        const auto& t = ts[r.below(static_cast<int>(ts.size()))];
        const auto v = decimal::parse(t).value() + decimal::from_int(r.below(5) - 2);
        if (!(ind.k == kind::count && v.is_negative())) return v.to_string();
    }
    return constant(r, ind.k);
}

assessment document(const std::vector<std::pair<std::string, std::string>>& values)
{
    std::vector<std::string> fields;
    for (const auto& [id, v] : values) fields.push_back(fmt::format("\"{}\": {}", id, v));
    return read_assessment(
               fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{{}}}}})", fmt::join(fields, ", ")),
               "random")
        .value();
}

decimal cost_of(const std::string& from, const std::string& to)
{
    if (from == to) return decimal::from_int(0);
    const auto f = decimal::parse(from), t = decimal::parse(to);
    if (!f || !t) return decimal::from_int(1);  // booleans, and answering what was unanswered
    const auto diff = *t - *f;
    const auto mag = f->is_negative() ? -*f : *f;
    return (diff.is_negative() ? -diff : diff) / std::max(mag, decimal::from_int(1));
}

// The fewest changes (then the least total relative change) over the whole grid.
struct best_found {
    std::size_t changes = 0;
    decimal cost;
    bool any = false;
};

void brute_force(const rule_set& rules, const generated& g, const std::vector<std::string>& now,
                 const std::string& target, std::size_t max_changes, std::vector<std::string>& trial, best_found& best)
{
    const std::size_t at = trial.size();
    if (at == g.indicators.size()) {
        std::size_t changes = 0;
        decimal cost;
        for (std::size_t i = 0; i < at; ++i) {
            changes += trial[i] != now[i];
            cost = cost + cost_of(now[i], trial[i]);
        }
        if (changes > max_changes) return;
        if (best.any && (changes > best.changes || (changes == best.changes && !(cost < best.cost)))) return;
        std::vector<std::pair<std::string, std::string>> values;
        for (std::size_t i = 0; i < at; ++i) values.emplace_back(g.indicators[i].id, trial[i]);
        if (!reaches(rules, document(values), target)) return;
        best = {changes, cost, true};
        return;
    }
    for (const auto& v : grid(g.indicators[at], now[at], thresholds(g, target, static_cast<int>(at)))) {
        trial.push_back(v);
        brute_force(rules, g, now, target, max_changes, trial, best);
        trial.pop_back();
    }
}

// The label above the one decided, or the lowest: what a plan aims at by default.
std::string next_up(const decision& d)
{
    if (!d.label) return d.labels.back().id;
    for (std::size_t i = 0; i < d.labels.size(); ++i)
        if (d.labels[i].id == *d.label) return d.labels[i == 0 ? 0 : i - 1].id;
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recourse)

BOOST_AUTO_TEST_CASE(random_rule_sets_match_a_brute_force_and_every_plan_verifies)
{
    rng r;
    r.state = 17;
    int plans = 0, none = 0, holding = 0, refused = 0;
    for (int round = 0; round < 1000;) {
        const auto g = random_rules(r);
        auto compiled = compile_string(g.text, "random.rules");
        // The compiler refuses labels that can never be awarded (a lower one implied
        // by a higher one); such rule sets are drawn again.
        if (!compiled.ok()) {
            BOOST_REQUIRE_MESSAGE(compiled.render().find("can never be awarded") != std::string::npos,
                                  g.text + compiled.render());
            BOOST_REQUIRE(++refused < 5000);
            continue;
        }
        ++round;
        std::vector<std::string> now;
        std::vector<std::pair<std::string, std::string>> values;
        for (std::size_t i = 0; i < g.indicators.size(); ++i) {
            now.push_back(random_value(r, g, static_cast<int>(i)));
            values.emplace_back(g.indicators[i].id, now.back());
        }
        const auto a = document(values);
        plan_options o;
        o.max_changes = 1 + r.below(3);
        auto p = make_plan(*compiled, a, o);
        BOOST_REQUIRE(p.ok());
        BOOST_TEST(p->target == next_up(compiled->evaluate(a).value()));
        std::vector<std::string> trial;
        best_found best;
        brute_force(*compiled, g, now, p->target, o.max_changes, trial, best);
        const std::string context = g.text + "\n" + a.canonical + "\n" + to_json(*p);
        if (!best.any) {
            ++none;
            BOOST_TEST(p->status == plan_status::no_plan, context);
            continue;
        }
        if (best.changes == 0) {
            ++holding;
            BOOST_TEST(p->status == plan_status::already_holds, context);
            continue;
        }
        ++plans;
        BOOST_REQUIRE_MESSAGE(p->status == plan_status::plan, context);
        BOOST_TEST(p->verified);
        BOOST_TEST(p->minimal, context);  // every comparison is one indicator against a constant
        BOOST_TEST(reaches(*compiled, apply_plan(a, *p), p->target), context);
        BOOST_TEST(p->changes.size() == best.changes, context);
        decimal cost;
        for (const auto& c : p->changes) {
            const auto before =
                std::find_if(values.begin(), values.end(), [&](auto& v) { return v.first == c.indicator; });
            const std::string to =
                c.value.type == raw_value::kind::boolean ? (c.value.boolean ? "true" : "false") : c.value.text;
            cost = cost + cost_of(before->second, to);
        }
        BOOST_TEST(cost.to_string() == best.cost.to_string(), context);
    }
    BOOST_TEST_MESSAGE(
        fmt::format("{} plans, {} without, {} holding; {} rule sets refused", plans, none, holding, refused));
    // The generator must exercise every outcome, or the test proves less than it says.
    BOOST_TEST(plans > 200);
    BOOST_TEST(none > 20);
    BOOST_TEST(holding > 20);
}

BOOST_AUTO_TEST_CASE(kept_indicators_are_not_changed_and_max_changes_is_respected)
{
    const auto rules = test_support::rules(R"(methodology "K" version "1"
indicator staff : decimal unit FTE
indicator share : percent
criterion A group g
  requires staff >= 0.5 FTE
criterion B group g
  requires share >= 80%
label silver
  requires all(g)
  valid 1 year
label bronze
  requires A
  valid 1 year
)");
    const auto a =
        read_assessment(R"({"assessed_on": "2025-01-01", "indicators": {"staff": 0.4, "share": 75}})", "k").value();
    plan_options o;
    o.target = "silver";
    auto p = make_plan(rules, a, o);
    BOOST_REQUIRE(p.ok());
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_TEST(p->minimal);
    BOOST_REQUIRE(p->changes.size() == 2u);
    BOOST_TEST(p->changes[0].indicator == "staff");
    BOOST_TEST(*p->changes[0].from == "0.4 FTE");
    BOOST_TEST(p->changes[0].to == "0.5 FTE");
    BOOST_TEST(p->changes[1].to == "80%");
    BOOST_TEST(to_text(*p).find("To reach silver (verified, minimal): change 2 answers:") == 0, to_text(*p));
    o.max_changes = 1;
    p = make_plan(rules, a, o);
    BOOST_TEST(p->status == plan_status::no_plan);
    BOOST_TEST(p->why == "it needs more than 1 changed answers");
    o.max_changes = 3;
    o.keep = {"share"};
    p = make_plan(rules, a, o);
    BOOST_TEST(p->status == plan_status::no_plan);
    BOOST_TEST(p->why == "it needs more than 3 changed answers with share kept as answered; a plan would change share",
               p->why);
    o.keep = {"shares"};
    p = make_plan(rules, a, o);
    BOOST_REQUIRE(!p.ok());
    BOOST_TEST(p.diagnostics()[0].message.find("did you mean 'share'") != std::string::npos);
    o.keep = {};
    o.target = "silvr";
    p = make_plan(rules, a, o);
    BOOST_REQUIRE(!p.ok());
    BOOST_TEST(p.diagnostics()[0].message.find("did you mean 'silver'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rules_without_labels_have_nothing_to_reach)
{
    const auto rules = compile_string(
        "methodology \"N\" version \"1\"\nindicator n : count\ncriterion A\n  requires n >= 3\n", "n.rules");
    BOOST_REQUIRE(rules.ok());
    const auto a = read_assessment(R"({"assessed_on": "2025-01-01", "indicators": {"n": 1}})", "n.json").value();
    const auto p = make_plan(*rules, a);
    BOOST_REQUIRE(!p.ok());
    BOOST_TEST(p.diagnostics()[0].message == "N 1 declares no label to reach");
    BOOST_TEST(p.diagnostics()[0].source == "n.json");
}

BOOST_AUTO_TEST_CASE(whole_numbers_choices_and_sets)
{
    const auto rules = test_support::rules(R"(methodology "W" version "1"
indicator n : count
indicator way : one of (a, b, c)
indicator kinds : set of (x, y, z)
indicator ids : set of criterion
criterion A group g
  requires n >= 2.5
criterion B group g
  requires way = "c"
criterion C group h
  requires count(kinds) >= 2
criterion D group h
  requires count(ids) >= 1
label top
  requires all(g) and all(h)
  valid 1 year
label mid
  requires all(g)
  valid 1 year
)");
    const auto a =
        read_assessment(
            R"({"assessed_on": "2025-01-01", "indicators": {"n": 1, "way": "a", "kinds": ["y"], "ids": ["A"]}})", "w")
            .value();
    plan_options o;
    o.target = "mid";
    auto p = make_plan(rules, a, o);
    BOOST_REQUIRE(p.ok());
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_TEST(p->minimal);
    BOOST_REQUIRE(p->changes.size() == 2u);
    BOOST_TEST(p->changes[0].to == "3");  // the whole number above 2.5, not 2.6
    BOOST_TEST(p->changes[1].to == "c");
    o.target = "top";
    p = make_plan(rules, a, o);
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_REQUIRE(p->changes.size() == 3u);
    BOOST_TEST(p->changes[2].to == "{x, y}");  // small sets are tried whole: exhaustive
    BOOST_TEST(reaches(rules, apply_plan(a, *p), "top"));
    // A set of criteria grows one element at a time: not exhaustive, and said so.
    BOOST_TEST(!p->minimal);
    BOOST_TEST(p->not_minimal_because.find("'ids'") != std::string::npos, p->not_minimal_because);
}

BOOST_AUTO_TEST_CASE(unanswered_indicators_become_questions)
{
    const auto rules = test_support::rules(R"(methodology "Q" version "1"
area a
indicator n : count in a
indicator f : boolean in a
criterion A group g
  requires complete(a) and n >= 3
label bronze
  requires all(g)
  valid 1 year
)");
    const auto a = read_assessment(R"({"assessed_on": "2025-01-01", "indicators": {"n": 5, "f": null}})", "q").value();
    auto p = make_plan(rules, a);
    BOOST_REQUIRE(p.ok());
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_REQUIRE(p->changes.size() == 1u);
    BOOST_TEST(!p->changes[0].from);
    BOOST_TEST(p->changes[0].indicator == "f");
    BOOST_TEST(to_text(*p).find("answer 1 question") != std::string::npos, to_text(*p));
    BOOST_TEST(to_json(*p).find("\"question\": true") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ratios_are_searched_but_not_claimed_minimal)
{
    const auto rules = test_support::rules(R"(methodology "R" version "1"
indicator members : count
indicator smes : count
criterion A group g
  requires smes >= 50% of members
label bronze
  requires all(g)
  valid 1 year
)");
    const auto a =
        read_assessment(R"({"assessed_on": "2025-01-01", "indicators": {"members": 40, "smes": 12}})", "r").value();
    auto p = make_plan(rules, a);
    BOOST_REQUIRE(p.ok());
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_TEST(!p->minimal);
    BOOST_TEST(p->not_minimal_because.find("ratios of indicators") != std::string::npos);
    // One change where none is not enough: the count is proven, the value is not.
    BOOST_TEST(p->fewest_changes);
    BOOST_TEST(to_text(*p).find("(verified, fewest changes; the values are not proven the least: ") !=
                   std::string::npos,
               to_text(*p));
    BOOST_TEST(reaches(rules, apply_plan(a, *p), "bronze"));
    BOOST_REQUIRE(p->changes.size() == 1u);
    // members 40 -> 24 costs 16/40, less than smes 12 -> 20 at 8/12
    BOOST_TEST(p->changes[0].indicator == "members");
    BOOST_TEST(p->changes[0].to == "24");
}

BOOST_AUTO_TEST_SUITE_END()
