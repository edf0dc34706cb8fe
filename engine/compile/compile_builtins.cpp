// SPDX-License-Identifier: Apache-2.0
// The built-in functions: one table, one row each (in compiler::call below).
//
// A row names the function, how many arguments it takes (and says so when it is
// called with too few or too many), and how it is compiled: either by one of the shared
// type rules, with an evaluation function of its argument values (the function then
// runs as op::call, and is folded where its row says so and its arguments are
// constants), or, for a function that reads groups, criteria or areas, by a compiler of
// its own that emits the ops of engine/program/ir.hpp.
//
// To add a built-in function, touch three files:
//   1. here: its evaluation function below (unknown in, unknown out, as the others) and
//      its row in the table, with the type rule its arguments follow (a new rule is
//      also a value of type_rule in compiler.hpp and its case in typed_call below);
//   2. docs/language.md: its line in the table of functions, and its use in the example
//      that follows it;
//   3. its tests: a `let` and an `expect value` in tests/corpus/ok/ for what it computes,
//      and a line in tests/corpus/fail/functions_misuse.rules for a wrong call.
// The editors' grammar highlights any name followed by `(` as a call, so it needs no
// change; tests/editors/grammar_test.py reads the names from this table and checks.
#include "engine/compile/compiler.hpp"
#include "engine/values/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace hallmark::engine {
namespace {

constexpr std::size_t any_number = std::numeric_limits<std::size_t>::max();

// Evaluation functions: `a[i]` evaluates argument i when asked, so a function can stop
// at the first unknown argument, as the ops do. Which arguments each reads, and in what
// order, decides which failure a decision reports: keep it when changing one.

// min, max and sum: the first unknown argument is the result.
template <class Combine>
value fold_numbers(const call_args& a, Combine combine)
{
    value acc = a[0];
    for (std::uint32_t i = 1; i < a.size() && acc.known(); ++i) {
        const value v = a[i];
        if (!v.known()) return v;
        combine(acc, v);
    }
    return acc;
}

value fn_min(const call_args& a)
{
    return fold_numbers(a, [](value& acc, const value& v) {
        if (v.number < acc.number) acc = v;
    });
}

value fn_max(const call_args& a)
{
    return fold_numbers(a, [](value& acc, const value& v) {
        if (!(v.number < acc.number)) acc = v;
    });
}

value fn_sum(const call_args& a)
{
    return fold_numbers(a, [](value& acc, const value& v) { acc.number = acc.number + v.number; });
}

value fn_abs(const call_args& a)
{
    const value x = a[0];
    return x.known() ? value::of(x.number.abs()) : x;
}

value fn_round(const call_args& a)
{
    const value x = a[0];
    if (!x.known()) return x;
    const value places = a[1];
    if (!places.known()) return places;
    return value::of(x.number.round(static_cast<int>(places.number.to_int64().value_or(0))));
}

// Both dates are read before either is looked at, as the ops did before this table,
// so a failure in the second is reported even when the first is unknown.
template <class Between>
value dates_apart(const call_args& a, Between between)
{
    const value from = a[0];
    const value to = a[1];
    if (!from.known()) return from;
    if (!to.known()) return to;
    return value::of(decimal::from_int(between(from.day, to.day)));
}

// The date functions are hidden friends of `date`, found only with an argument.
value fn_years_between(const call_args& a)
{
    return dates_apart(a, [](date f, date t) { return years_between(f, t); });
}

value fn_months_between(const call_args& a)
{
    return dates_apart(a, [](date f, date t) { return months_between(f, t); });
}

value fn_days_between(const call_args& a)
{
    return dates_apart(a, [](date f, date t) { return days_between(f, t); });
}

value fn_is_known(const call_args& a) { return value::of(a[0].known()); }

}  // namespace

builtin_fn builtin_named(std::string_view name)
{
    if (name == "is_known") return fn_is_known;
    if (name == "years_between") return fn_years_between;
    if (name == "months_between") return fn_months_between;
    if (name == "days_between") return fn_days_between;
    return nullptr;
}

struct compiler::builtin {
    const char* name;
    std::size_t min_args, max_args;
    const char* takes;                             // for the arity message: "count takes one set, or one group"
    type_rule rule;                                // how its arguments are checked and its result typed
    builtin_fn eval;                               // its value from its arguments' values; null for type_rule::own
    bool folds;                                    // constant arguments: evaluated once, at compile time
    typed (compiler::*compile)(const ast::expr&);  // type_rule::own: its compiler
};

compiler::typed compiler::call(const ast::expr& e)
{
    using r = type_rule;
    // Inside a member, so the table may name the private compilers.
    static const builtin table[] = {
        {"all", 1, any_number, "a group, or conditions separated by ','", r::own, nullptr, false,
         &compiler::fn_all_any},
        {"any", 1, any_number, "a group, or conditions separated by ','", r::own, nullptr, false,
         &compiler::fn_all_any},
        {"count", 1, 1, "one set, or one group", r::own, nullptr, false, &compiler::fn_count},
        {"count_met", 1, 1, "one group", r::own, nullptr, false, &compiler::fn_count_met},
        {"at_least", 2, any_number, "a number and a group, or a number and conditions", r::own, nullptr, false,
         &compiler::fn_at_least},
        {"points", 1, 1, "one criterion or group", r::own, nullptr, false, &compiler::fn_points},
        {"max_points", 1, 1, "one criterion or group", r::own, nullptr, false, &compiler::fn_points},
        {"met", 1, 1, "one criterion", r::own, nullptr, false, &compiler::fn_met_gold},
        {"gold", 1, 1, "one criterion", r::own, nullptr, false, &compiler::fn_met_gold},
        {"complete", 1, 1, "one group or area", r::own, nullptr, false, &compiler::fn_complete},
        {"is_known", 1, 1, "one value", r::any_value, fn_is_known, false, nullptr},
        {"min", 1, any_number, "one or more numbers", r::numbers_alike, fn_min, true, nullptr},
        {"max", 1, any_number, "one or more numbers", r::numbers_alike, fn_max, true, nullptr},
        {"sum", 1, any_number, "one or more numbers", r::numbers_alike, fn_sum, true, nullptr},
        {"abs", 1, 1, "one number", r::numbers_alike, fn_abs, true, nullptr},
        {"round", 2, 2, "a number and the number of decimal places, e.g. round(x, 2)", r::number_and_places, fn_round,
         true, nullptr},
        {"years_between", 2, 2, "two dates, the earlier first", r::two_dates, fn_years_between, true, nullptr},
        {"months_between", 2, 2, "two dates, the earlier first", r::two_dates, fn_months_between, true, nullptr},
        {"days_between", 2, 2, "two dates, the earlier first", r::two_dates, fn_days_between, true, nullptr},
    };
    std::vector<std::string> names;
    for (const auto& b : table) {
        names.push_back(b.name);
        if (e.text != b.name) continue;
        if (e.args.size() < b.min_args || e.args.size() > b.max_args) {
            error(e.pos, fmt::format("{} takes {}", e.text, b.takes));
            return error_result();
        }
        return typed_call(e, b);
    }
    error(e.pos, fmt::format("unknown function '{}'{}", e.text, did_you_mean(e.text, names)));
    return error_result();
}

compiler::typed compiler::typed_call(const ast::expr& e, const builtin& b)
{
    switch (b.rule) {
    case type_rule::own: return (this->*b.compile)(e);
    case type_rule::any_value: {
        const auto x = expr(e.args[0]);
        return emit_call(e, b, {x.node}, type::boolean());
    }
    case type_rule::numbers_alike: return numbers_alike(e, b);
    case type_rule::number_and_places: return number_and_places(e, b);
    case type_rule::two_dates: return two_dates(e, b);
    }
    return error_result();
}

// op::call of `b` on `kids`, folded when its row says so.
compiler::typed compiler::emit_call(const ast::expr& e, const builtin& b, const std::vector<std::uint32_t>& kids,
                                    const type& t)
{
    auto slot = std::find(prog_.functions.begin(), prog_.functions.end(), b.eval);
    if (slot == prog_.functions.end()) slot = prog_.functions.insert(slot, b.eval);
    const auto n = emit(op::call, kids, static_cast<std::uint32_t>(slot - prog_.functions.begin()), 0, e.source);
    return {b.folds ? fold(n, e) : n, t};
}

// One or more numbers of one unit: a number of that unit, whole if they all are.
compiler::typed compiler::numbers_alike(const ast::expr& e, const builtin& b)
{
    std::vector<std::uint32_t> kids;
    type t;
    for (const auto& a : e.args) {
        auto r = expr(a);
        if (r.t.kind == vtype::error) return error_result();
        if (kids.empty()) t = r.t;
        else if (!same_number_kind(t, r.t, a, e.text.c_str())) return error_result();
        t.integral = t.integral && r.t.integral;
        kids.push_back(r.node);
    }
    if (t.kind != vtype::number) {
        error(e.pos, fmt::format("{} needs numbers, got {}", e.text, describe(t)));
        return error_result();
    }
    return emit_call(e, b, kids, t);
}

// A number and a literal count of decimal places: a number of the same unit.
compiler::typed compiler::number_and_places(const ast::expr& e, const builtin& b)
{
    auto x = expr(e.args[0]);
    const auto& p = e.args[1];
    const auto places = p.kind == ast::expr_kind::number ? p.number.to_int64() : std::nullopt;
    if (!places || *places < 0 || *places > decimal::max_scale) {
        error(p.pos, fmt::format("{} needs a whole number of places from 0 to {}", e.text, decimal::max_scale));
        return error_result();
    }
    if (x.t.kind != vtype::number) {
        if (x.t.kind != vtype::error) error(e.pos, fmt::format("{} needs a number, got {}", e.text, describe(x.t)));
        return error_result();
    }
    type t = x.t;
    t.integral = *places == 0 || x.t.integral;
    return emit_call(e, b, {x.node, constant(value::of(p.number))}, t);
}

// Two dates: a whole number.
compiler::typed compiler::two_dates(const ast::expr& e, const builtin& b)
{
    auto a = expr(e.args[0]);
    auto z = expr(e.args[1]);
    for (const auto* r : {&a, &z})
        if (r->t.kind != vtype::date && r->t.kind != vtype::error) {
            error(e.pos, fmt::format("{} needs two dates, got {}", e.text, describe(r->t)));
            return error_result();
        }
    if (a.t.kind == vtype::error || z.t.kind == vtype::error) return error_result();
    return emit_call(e, b, {a.node, z.node}, type::number({}, true));
}

bool compiler::names_kind(const ast::expr& e, symbol_kind kind) const
{
    if (e.kind != ast::expr_kind::name) return false;
    auto it = symbols_.find(e.text);
    return it != symbols_.end() && it->second.kind == kind;
}

compiler::typed compiler::fn_all_any(const ast::expr& e)
{
    const bool all = e.text == "all";
    if (e.args.size() == 1 && names_kind(e.args[0], symbol_kind::group))
        return group_call(e, all ? op::group_all : op::group_any);
    const auto& a = e.args[0];
    if (e.args.size() == 1 && a.kind == ast::expr_kind::name && !symbols_.count(a.text) &&
        a.text != scope().quant_var) {
        group_arg(a);  // most likely a misspelt group: say so, with a suggestion
        return error_result();
    }
    ast::expr chain = e;
    chain.kind = all ? ast::expr_kind::all_of : ast::expr_kind::any_of;
    return logic(chain);
}

compiler::typed compiler::fn_count_met(const ast::expr& e) { return group_call(e, op::group_count_met); }

compiler::typed compiler::fn_complete(const ast::expr& e)
{
    const auto& a = e.args[0];
    if (names_kind(a, symbol_kind::area)) {
        const int area = symbols_.at(a.text).index;
        if (auto* read = scope().inputs)
            for (auto i : prog_.areas[area].indicators) read->insert(i);
        return {emit(op::area_complete, {}, area, 0, e.source), type::boolean()};
    }
    if (!names_kind(a, symbol_kind::group)) {
        auto names = names_of({symbol_kind::group, symbol_kind::area});
        error(a.pos, fmt::format("complete needs a group of criteria or an area, got '{}'{}", a.source,
                                 a.kind == ast::expr_kind::name ? did_you_mean(a.text, names) : ""));
        return error_result();
    }
    return group_call(e, op::group_complete);
}

compiler::typed compiler::fn_count(const ast::expr& e)
{
    if (names_kind(e.args[0], symbol_kind::group)) return group_call(e, op::group_count_met);
    auto s = expr(e.args[0]);
    if (s.t.kind != vtype::choice_set && s.t.kind != vtype::criterion_set) {
        if (s.t.kind != vtype::error) error(e.pos, fmt::format("count needs a set or a group, got {}", describe(s.t)));
        return error_result();
    }
    return {emit(op::set_count, {s.node}, 0, 0, e.source), type::number({}, true)};
}

compiler::typed compiler::fn_at_least(const ast::expr& e)
{
    auto need = expr(e.args[0]);
    if (need.t.kind != vtype::number || !need.t.integral || !need.t.unit.empty()) {
        error(e.args[0].pos, "at_least needs a whole number first");
        return error_result();
    }
    if (e.args.size() == 2 && names_kind(e.args[1], symbol_kind::group)) {
        const int g = symbols_.at(e.args[1].text).index;
        if (auto* read = scope().criteria)
            for (auto c : prog_.groups[g].members) read->insert(c);
        return {emit(op::at_least_group, {need.node}, g, 0, e.source), type::boolean()};
    }
    std::vector<std::uint32_t> kids{need.node};
    for (std::size_t i = 1; i < e.args.size(); ++i) kids.push_back(boolean(e.args[i], "at_least").node);
    return {fold(emit(op::at_least_n, kids, 0, 0, e.source), e), type::boolean()};
}

compiler::typed compiler::fn_points(const ast::expr& e) { return points_call(e, e.text == "max_points"); }

compiler::typed compiler::fn_met_gold(const ast::expr& e) { return criterion_call(e, e.text == "gold"); }

}  // namespace hallmark::engine
