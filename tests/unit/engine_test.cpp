// SPDX-License-Identifier: Apache-2.0
// The compiled evaluation tree and its semantics: folding, flat logic, three-valued
// logic, exact numbers, errors as values.
#include "test_support.hpp"

#include "engine/api/rule_set_access.hpp"
#include "engine/program/program.hpp"

#include <boost/test/unit_test.hpp>

using namespace test_support;
using hallmark::engine::op;

namespace {

const std::string header = "methodology \"A\" version \"1\"\n";

// The outcome of criterion C for the given indicator values (JSON members).
std::string outcome_of(const hallmark::rule_set& r, const std::string& indicators)
{
    auto a = hallmark::read_assessment(R"({"assessed_on":"2020-02-29","indicators":{)" + indicators + "}}", "t.json");
    auto d = r.evaluate(a.value());
    if (!d.ok()) return hallmark::render_all(d.diagnostics());
    for (const auto& c : d.value().criteria)
        if (c.id == "C") return hallmark::to_string(c.result) + (c.error.empty() ? "" : " (" + c.error + ")");
    return "?";
}

hallmark::rule_set criterion(const std::string& indicators, const std::string& requirement)
{
    return rules(header + indicators + "criterion C\n  requires " + requirement + "\n");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(constants_fold_at_compile_time)
{
    auto r = rules(header + "indicator x : count\nlet k = (1 + 2) * 3\ncriterion C\n  requires x >= k\n");
    const auto& p = hallmark::engine::program_of(r);
    const auto& let = p.nodes[p.lets[0].node];
    BOOST_TEST((let.code == op::constant));
    BOOST_TEST(p.constants[let.index].number.to_string() == "9");
}

BOOST_AUTO_TEST_CASE(overflow_in_constants_is_a_compile_error)
{
    const auto out = errors(header + "let k = 100000000000000000000 * 100000000000000000000\n");
    BOOST_TEST(out.find("test.rules:2:9: error: decimal overflow in") != std::string::npos, out);
    const auto zero = errors(header + "let k = 1 / (2 - 2)\n");
    BOOST_TEST(zero.find("error: division by zero in") != std::string::npos, zero);
}

BOOST_AUTO_TEST_CASE(and_or_chains_are_flat)
{
    auto r =
        criterion("indicator a : boolean\nindicator b : boolean\nindicator c : boolean\n", "(a and b) and (c and a)");
    const auto& p = hallmark::engine::program_of(r);
    const auto& n = p.nodes[*p.criteria[0].requirement];
    BOOST_TEST((n.code == op::all_n));
    BOOST_TEST(n.child_count == 4u);
}

BOOST_AUTO_TEST_CASE(names_resolve_to_slots)
{
    auto r = criterion("indicator a : count\nindicator b : count\n", "b > 1");
    const auto& p = hallmark::engine::program_of(r);
    const auto& cmp = p.nodes[*p.criteria[0].requirement];
    const auto& lhs = p.nodes[p.child_list[cmp.first_child]];
    BOOST_TEST((lhs.code == op::indicator));
    BOOST_TEST(lhs.index == 1u);
}

// Each kind of membership has its own op (see engine/program/ir.hpp), and `aux`
// only ever says "negated".
BOOST_AUTO_TEST_CASE(membership_ops_say_what_they_test)
{
    auto r = rules(header + "indicator s : one of (a, b)\nindicator k : set of (a, b)\n"
                            "indicator imp : set of criterion\ncriterion A group g\n  requires s = \"a\"\n"
                            "let in_list = s not in {\"a\"}\nlet has = \"b\" in k\nlet named = A in imp\n"
                            "let var_set = all(c in imp: c not in imp)\nlet var_group = any(c in imp: c in g)\n");
    const auto& p = hallmark::engine::program_of(r);
    const auto code_of = [&](const char* let) { return p.nodes[p.lets[p.find_let(let)].node]; };
    BOOST_TEST((code_of("in_list").code == op::choice_in_set));
    BOOST_TEST(code_of("in_list").aux == 1u);
    BOOST_TEST((code_of("has").code == op::choice_in_set));
    BOOST_TEST(code_of("has").aux == 0u);
    BOOST_TEST((code_of("named").code == op::criterion_in_set));
    const auto body = [&](const char* let) { return p.nodes[p.child_list[code_of(let).first_child + 1]]; };
    BOOST_TEST((body("var_set").code == op::var_in_set));
    BOOST_TEST(body("var_set").aux == 1u);
    BOOST_TEST((body("var_group").code == op::var_in_group));
}

// The built-in functions of values run as op::call, through the program's functions;
// constant arguments fold at compile time (is_known's stay, as before the table).
BOOST_AUTO_TEST_CASE(builtin_functions_are_calls)
{
    auto r = rules(header + "indicator x : count\nlet k = max(1, 2) + round(1.25, 1)\nlet m = min(x, 3)\n"
                            "let n = min(x, 4)\nlet q = is_known(5)\n");
    const auto& p = hallmark::engine::program_of(r);
    const auto node_of = [&](const char* let) { return p.nodes[p.lets[p.find_let(let)].node]; };
    BOOST_TEST((node_of("k").code == op::constant));
    BOOST_TEST(p.constants[node_of("k").index].number.to_string() == "3.3");
    BOOST_TEST((node_of("m").code == op::call));
    BOOST_TEST(node_of("m").child_count == 2u);
    BOOST_TEST((node_of("q").code == op::call));
    BOOST_TEST(p.functions.size() == 4u);  // max, round, min and is_known: each once
}

BOOST_AUTO_TEST_CASE(kleene_logic)
{
    auto r = criterion("indicator a : boolean\nindicator b : boolean\n", "a and b");
    BOOST_TEST(outcome_of(r, R"("b": false)") == "not_met");        // unknown and false = false
    BOOST_TEST(outcome_of(r, R"("b": true)") == "not_assessable");  // unknown and true = unknown
    BOOST_TEST(outcome_of(r, R"("a": true, "b": true)") == "met");
    auto o = criterion("indicator a : boolean\nindicator b : boolean\n", "a or b");
    BOOST_TEST(outcome_of(o, R"("b": true)") == "met");              // unknown or true = true
    BOOST_TEST(outcome_of(o, R"("b": false)") == "not_assessable");  // unknown or false = unknown
    BOOST_TEST(outcome_of(o, R"("a": null, "b": false)") == "not_assessable");
    auto n = criterion("indicator a : boolean\n", "not a");
    BOOST_TEST(outcome_of(n, "") == "not_assessable");
    BOOST_TEST(outcome_of(n, R"("a": false)") == "met");
    auto k = criterion("indicator a : boolean\n", "is_known(a)");
    BOOST_TEST(outcome_of(k, "") == "not_met");
}

BOOST_AUTO_TEST_CASE(at_least_counts_unknowns_both_ways)
{
    auto r = criterion("indicator a : boolean\nindicator b : boolean\nindicator c : boolean\n", "at_least(2, a, b, c)");
    BOOST_TEST(outcome_of(r, R"("a": true, "b": true)") == "met");
    BOOST_TEST(outcome_of(r, R"("a": false, "b": false)") == "not_met");
    BOOST_TEST(outcome_of(r, R"("a": true, "b": false)") == "not_assessable");
}

BOOST_AUTO_TEST_CASE(decimals_are_exact)
{
    auto r = criterion("indicator x : decimal\n", "x + 0.2 = 0.3");
    BOOST_TEST(outcome_of(r, R"("x": 0.1)") == "met");
    BOOST_TEST(outcome_of(r, R"("x": "0.1")") == "met");
    auto share = criterion("indicator a : count\nindicator b : count\n", "a / b >= 33.3%");
    BOOST_TEST(outcome_of(share, R"("a": 333, "b": 1000)") == "met");
    BOOST_TEST(outcome_of(share, R"("a": 332999, "b": 1000000)") == "not_met");
    BOOST_TEST(outcome_of(share, R"("a": 1, "b": 3)") == "met");
    auto third = criterion("indicator a : count\n", "a / 3 = 0.333333333333333333");
    BOOST_TEST(outcome_of(third, R"("a": 1)") == "met");
}

BOOST_AUTO_TEST_CASE(percentages_are_never_rounded)
{
    auto r = criterion("indicator s : percent\n", "s >= 33.3%");
    BOOST_TEST(outcome_of(r, R"("s": "33.3")") == "met");
    BOOST_TEST(outcome_of(r, R"("s": "33.2999999999999999")") == "not_met");  // 16 digits: exact
    BOOST_TEST(outcome_of(r, R"("s": "33.29999999999999999")").find("too many for an exact percentage") !=
               std::string::npos);
    BOOST_TEST(errors(header + "let x = 33.29999999999999999%\n").find("at most 16 digits after the point") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(runtime_arithmetic_errors_are_reported_values)
{
    auto r = criterion("indicator a : count\nindicator b : count\n", "a / b > 1");
    BOOST_TEST(outcome_of(r, R"("a": 1, "b": 0)") == "not_assessable (division by zero in 'a / b')");
    auto big = criterion("indicator a : decimal\n", "a * a > 1");
    BOOST_TEST(outcome_of(big, R"("a": "100000000000000000000")") == "not_assessable (decimal overflow in 'a * a')");
}

BOOST_AUTO_TEST_CASE(arithmetic_errors_in_labels_are_reported_too)
{
    auto r =
        rules(header + "indicator a : count\nindicator b : count\nlabel L\n  requires a / b > 1\n  valid 1 year\n");
    auto in = hallmark::read_assessment(R"({"assessed_on":"2020-01-01","indicators":{"a":1,"b":0}})", "t.json");
    const auto d = r.evaluate(in.value()).value();
    BOOST_TEST(hallmark::to_string(d.labels[0].result) == "not_assessable");
    BOOST_TEST(d.labels[0].error == "division by zero in 'a / b'");
    BOOST_TEST(hallmark::to_json(d).find("\"error\": \"division by zero in 'a / b'\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(calendar_arithmetic)
{
    auto r = criterion("indicator d : date\n", "d + 1 year = 2021-02-28 and d + 1 month = 2020-03-29");
    BOOST_TEST(outcome_of(r, R"("d": "2020-02-29")") == "met");
    auto m = criterion("indicator d : date\n", "months_between(d, assessed_on) in 18..24");
    BOOST_TEST(outcome_of(m, R"("d": "2018-08-29")") == "met");      // 18 months before 2020-02-29
    BOOST_TEST(outcome_of(m, R"("d": "2018-08-31")") == "met");      // + 18 months clamps to 2020-02-29
    BOOST_TEST(outcome_of(m, R"("d": "2018-09-01")") == "not_met");  // one day short of 18 months
    BOOST_TEST(outcome_of(m, R"("d": "2018-02-28")") == "met");      // 24 months
    BOOST_TEST(outcome_of(m, R"("d": "2018-01-31")") == "not_met");  // 24 months and more
}

// Issue 14: durations were ordered by months first, so `1000 days < 1 month` held and
// `400 days >= 1 year` did not. Days and months do not compare; months and years do.
BOOST_AUTO_TEST_CASE(durations_compare_only_within_one_kind)
{
    const std::string message =
        "cannot compare a duration in days with a duration in months or years: a month has no fixed number of days";
    auto out = errors(header + "let x = 1000 days < 1 month\n");
    BOOST_TEST(out.find("test.rules:2:9: error: " + message) != std::string::npos, out);
    out = errors(header + "let x = 1 year <= 400 days\n");
    BOOST_TEST(out.find("cannot compare a duration in months or years with a duration in days") != std::string::npos,
               out);
    // Through lets and negation, and `=` too: run time can never meet the two kinds.
    out = errors(header + "let a = 30 days\nlet b = -1 month\nlet x = a = -b\n");
    BOOST_TEST(out.find("test.rules:4:9: error: " + message) != std::string::npos, out);
    out = errors(header + "indicator f : boolean\nlet x = if f then 1 month else 0 days\n");
    BOOST_TEST(out.find("both branches of 'if' must have the same type; got a duration in months or years and a "
                        "duration in days") != std::string::npos,
               out);
    // Within one kind the order is exact.
    auto r =
        criterion("indicator e : boolean\n",
                  "e and 18 months > 1 year and 12 months = 1 year and 400 days > 365 days and -1 year < 0 months");
    BOOST_TEST(outcome_of(r, R"("e": true)") == "met");
}

// Issue 14: near the end of the calendar a renewal failed with "date outside ..."
// because the window end and the validity from the assessment were computed although
// the documented steps did not need them.
BOOST_AUTO_TEST_CASE(renewal_near_the_end_of_the_calendar)
{
    auto r = rules(header + "indicator e : boolean\ncriterion E requires e\nlabel l\n  requires E\n  valid 1 month\n"
                            "  renewal within 1 year after expiry extends 3 months from previous expiry\n");
    auto decide = [&](const std::string& on, const std::string& previous_until) {
        auto in = hallmark::read_assessment(R"({"assessed_on":")" + on + R"(","indicators":{"e":true},)" +
                                                R"("history":[{"label":"l","assessed_on":"9999-01-01",)" +
                                                R"("valid_until":")" + previous_until + R"("}]})",
                                            "t.json");
        auto d = r.evaluate(in.value());
        if (!d.ok()) return hallmark::render_all(d.diagnostics());
        const auto& x = d.value();
        return x.valid_until->to_string() + (x.renewed ? " renewed" : "");
    };
    BOOST_TEST(decide("9999-07-01", "9999-06-01") == "9999-09-01 renewed");
    // The validity from the assessment is only computed when no renewal applies ...
    auto y = rules(header + "indicator e : boolean\ncriterion E requires e\nlabel l\n  requires E\n  valid 1 year\n"
                            "  renewal within 1 year after expiry extends 3 months from previous expiry\n");
    auto in = hallmark::read_assessment(R"({"assessed_on":"9999-07-01","indicators":{"e":true},)"
                                        R"("history":[{"label":"l","assessed_on":"9999-01-01",)"
                                        R"("valid_until":"9999-06-01"}]})",
                                        "t.json");
    auto d = y.evaluate(in.value());
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(d.value().valid_until->to_string() == "9999-09-01");
    // ... and a renewal that does not fit is still an error, never a wrong date.
    BOOST_TEST(decide("9999-12-01", "9999-11-01").find("date outside 0001-01-01..9999-12-31") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
