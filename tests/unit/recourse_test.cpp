// SPDX-License-Identifier: Apache-2.0
// The recourse plan (hallmark/plan.hpp, `hallmark plan`): on random small rule sets it
// finds what an independent brute force over a grid of values finds, every plan it
// gives reaches its target when evaluated again, and the shipped examples reach the
// labels above theirs as recorded here. (The flat plan's tests are plan_test.cpp.)
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

namespace hallmark {
// For Boost.Test's messages.
std::ostream& operator<<(std::ostream& out, plan_status s) { return out << to_string(s); }
}  // namespace hallmark

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

bool reaches(const rule_set& rules, const assessment& a, const std::string& target)
{
    auto d = rules.evaluate(a);
    if (!d.ok()) return false;
    for (const auto& l : d->labels)
        if (l.id == target) return l.result == outcome::met;
    return false;
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

// The version of ECEI in force on the assessment's date, from rules/.
rule_set ecei_for(const assessment& a)
{
    const auto versions = find_versions(source_path("rules")).value();
    const auto entry = select_version(versions, "ECEI", std::nullopt, a.assessed_on).value();
    return compile_file(entry.path).value();
}

// "target status changes": a plan to each label above the one decided, each checked
// here by evaluating the changed assessment.
std::string plans_for(const std::string& file)
{
    const auto a = read_assessment_file(source_path("examples/assessments/" + file)).value();
    const auto rules = ecei_for(a);
    const auto d = rules.evaluate(a).value();
    std::string out;
    for (const auto& l : d.labels) {
        if (d.label && l.id == *d.label) break;
        plan_options o;
        o.target = l.id;
        const auto p = make_plan(rules, a, o).value();
        if (p.status == plan_status::plan) {
            BOOST_TEST(p.verified);
            BOOST_TEST(reaches(rules, apply_plan(a, p), l.id), file + " " + l.id);
        }
        const std::string why = p.why.empty()                                      ? ""
                                : p.why.find("more than") != std::string::npos     ? " (changes)"
                                : p.why.find("not an answer") != std::string::npos ? " (history)"
                                                                                   : " (" + p.why + ")";
        out += fmt::format("{} {} {}{}{}; ", l.id, to_string(p.status), p.changes.size(), p.minimal ? " minimal" : "",
                           why);
    }
    return out;
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

BOOST_AUTO_TEST_CASE(every_example_has_a_verified_plan_or_a_reason)
{
    // Silver needs a reassessment 18 to 24 months after a Bronze one: none of the examples
    // has one in reach. Gold takes more than three answers but where one is missing.
    const std::map<std::string, std::string> expected = {
        {"bigscience-dk.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"bronze-2019-energy-is.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"bronze-exempt-food-es.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"bronze-late-renewal-no.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"gold-2013-energy-dk.json", ""},
        {"gold-energy-de.json", ""},
        {"gold-missing-minimum-se.json", "gold plan 1; silver no_plan 0 (history); "},
        {"gold-renewal-aviation-de.json", ""},
        {"ineustar.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"litek.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"none-incomplete-ict-fi.json",
         "gold no_plan 0 (changes); silver no_plan 0 (history); bronze plan 1 minimal; "},
        {"none-ineligible-ict-pl.json",
         "gold no_plan 0 (changes); silver no_plan 0 (history); bronze plan 1 minimal; "},
        {"none-no-eccp-aviation-lt.json", "gold plan 1; silver no_plan 0 (history); bronze plan 1 minimal; "},
        {"qoot-cluster.json", "gold no_plan 0 (changes); silver no_plan 0 (history); "},
        {"silver-2013-ict-ee.json", "gold plan 1; "},
        {"silver-food-se.json", "gold plan 1; "},
    };
    for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/assessments"))) {
        const auto file = entry.path().filename().string();
        if (entry.path().extension() != ".json") continue;
        const auto actual = plans_for(file);
        const auto it = expected.find(file);
        BOOST_TEST((it != expected.end() && it->second == actual), file + ": " + actual);
    }
}

BOOST_AUTO_TEST_CASE(golden_plans_of_an_unlabelled_cluster)
{
    const auto a = read_assessment_file(source_path("examples/assessments/none-no-eccp-aviation-lt.json")).value();
    const auto rules = ecei_for(a);
    for (const std::string target : {"bronze", "gold"}) {
        plan_options o;
        o.target = target;
        const auto p = make_plan(rules, a, o).value();
        BOOST_TEST(to_json(p) == slurp(source_path("tests/golden/plan_none-no-eccp-aviation-lt_" + target + ".json")),
                   to_json(p));
    }
}

// Silver 18 to 24 months after Bronze, both needing n >= 3: version `v` of "H", in
// effect from `effective` (none when empty).
std::string history_rules(const std::string& v, const std::string& effective = {})
{
    return fmt::format(R"(methodology "H" version "{}"
{}indicator n : count
criterion A group g
  requires n >= 3
label silver
  requires all(g) and months_between(history.bronze.assessed_on, assessed_on) in 18..24
  valid 2 years
label bronze
  requires all(g)
  valid 2 years
)",
                       v, effective.empty() ? "" : "  effective " + effective + "\n");
}

BOOST_AUTO_TEST_CASE(a_history_condition_moves_the_date_into_its_window)
{
    const auto rules = test_support::rules(history_rules("1"));
    const auto text = [](const char* history) {
        return fmt::format(R"({{"assessed_on": "2025-01-10", "history": [{}], "indicators": {{"n": 2}}}})", history);
    };
    auto a =
        read_assessment(text(R"({"label": "bronze", "assessed_on": "2024-01-15", "valid_until": "2026-01-15"})"), "h")
            .value();
    plan_options o;
    o.target = "silver";
    auto p = make_plan(rules, a, o);
    BOOST_REQUIRE(p.ok());
    BOOST_REQUIRE(p->status == plan_status::plan);
    BOOST_REQUIRE(p->conditions.size() == 1u);
    BOOST_TEST(p->conditions[0].find("reassess between 2025-07-15 and 2026-02-14") == 0, p->conditions[0]);
    BOOST_TEST(p->reassess_on->to_string() == "2025-07-15");
    BOOST_TEST(p->changes.size() == 1u);
    BOOST_TEST(reaches(rules, apply_plan(a, *p), "silver"));
    a = read_assessment(text(""), "h").value();
    p = make_plan(rules, a, o);
    BOOST_TEST(p->status == plan_status::no_plan);
    BOOST_TEST(p->why.find("the history has no earlier label") == 0, p->why);
    // A window already passed: no plan, and when the window was.
    a = read_assessment(text(R"({"label": "bronze", "assessed_on": "2022-01-15", "valid_until": "2024-01-15"})"), "h")
            .value();
    p = make_plan(rules, a, o);
    BOOST_TEST(p->status == plan_status::no_plan);
    BOOST_TEST(p->why ==
                   "\"months_between(history.bronze.assessed_on, assessed_on) in 18..24\" does not hold on any date "
                   "from 2025-01-10 on (it held for assessments from 2023-07-15 to 2024-02-14); that is not an answer "
                   "to change",
               p->why);
}

BOOST_AUTO_TEST_CASE(a_plan_for_a_later_date_names_the_version_in_force_then)
{
    // Version 2 takes effect between the assessment and the reassessment the plan needs.
    scratch_dir dir("versions");
    std::ofstream(dir.path("1.rules")) << history_rules("1", "2024-01-01");
    std::ofstream(dir.path("2.rules")) << history_rules("2", "2025-06-01");
    std::ofstream(dir.path("a.json")) << R"({"assessed_on": "2025-01-10", "indicators": {"n": 2},
              "history": [{"label": "bronze", "assessed_on": "2024-01-15", "valid_until": "2026-01-15"}]})";
    std::string out;
    const std::string cli = std::string(HALLMARK_CLI) + " plan --target silver --rules-dir " + dir.path("") + " ";
    BOOST_TEST(run(cli + "--methodology H " + dir.path("a.json"), out) == 0, out);
    BOOST_TEST(out.find("on 2025-07-15 the rules in force are H 2, not 1 that this plan was verified with: plan again "
                        "with --methodology H@2") != std::string::npos,
               out);
    // Pinned to a version: the expert chose it; nothing to add.
    BOOST_TEST(run(cli + "--methodology H@1 " + dir.path("a.json"), out) == 0, out);
    BOOST_TEST(out.find("rules in force") == std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(the_command_exits_0_1_or_2)
{
    const std::string cli =
        std::string(HALLMARK_CLI) + " plan --methodology ECEI --rules-dir " + source_path("rules") + " ";
    const std::string example = source_path("examples/assessments/none-no-eccp-aviation-lt.json");
    std::string out;
    BOOST_TEST(run(cli + example, out) == 0);
    // Labels by their titles, indicators by id and question.
    BOOST_TEST(out.find("To reach Cluster Management Excellence Label BRONZE - Striving for Cluster Excellence "
                        "(verified, minimal): change 1 answer:\n  - ") == 0,
               out);
    BOOST_TEST(run(cli + example + " --target gold --format json", out) == 0);
    BOOST_TEST(out.find("\"verified\": true") != std::string::npos, out);
    BOOST_TEST(run(cli + source_path("examples/assessments/gold-energy-de.json"), out) == 0);
    BOOST_TEST(out == "Cluster Management Excellence Label GOLD already holds as answered (decided: Cluster Management "
                      "Excellence Label GOLD).\n",
               out);
    BOOST_TEST(run(cli + example + " --target silver", out) == 1);
    BOOST_TEST(out.find("No plan reaches Cluster Management Excellence Label SILVER (decided: no label): the history "
                        "has no earlier label that \"a Bronze label awarded before\" needs") == 0,
               out);
    BOOST_TEST(run(cli + example + " --target gold --keep eccp_profile --max-changes 1", out) == 1);
    BOOST_TEST(run(cli + example + " --target goldd", out) == 2);
    BOOST_TEST(out.find("did you mean 'gold'") != std::string::npos, out);
    BOOST_TEST(run(cli + example + " --keep nosuch", out) == 2);
    BOOST_TEST(run(cli + "missing.json", out) == 2);
    BOOST_TEST(run(cli + example + " --max-changes 0", out) == 2);
    BOOST_TEST(run(std::string(HALLMARK_CLI) + " plan " + example, out) == 2);  // no rules
    BOOST_TEST(run(std::string(HALLMARK_CLI) + " plan --help", out) == 0);
    BOOST_TEST(out.find("--max-changes") != std::string::npos, out);
    scratch_dir dir("plan");
    BOOST_TEST(run(cli + example + " --format json --out " + dir.path("plan.json"), out) == 0);
    BOOST_TEST(slurp(dir.path("plan.json")) ==
               slurp(source_path("tests/golden/plan_none-no-eccp-aviation-lt_bronze.json")));
}

BOOST_AUTO_TEST_SUITE_END()
