// SPDX-License-Identifier: Apache-2.0
// Phase 3, continued: the built-in functions, one small compiler each, found through
// one table that also knows how many arguments each takes.
#include "engine/compile/compiler.hpp"
#include "engine/values/names.hpp"

#include <fmt/format.h>

#include <limits>

namespace hallmark::engine {
namespace {

constexpr std::size_t any_number = std::numeric_limits<std::size_t>::max();

struct builtin {
    const char* name;
    std::size_t min_args, max_args;
    const char* takes;  // for the arity message: "count takes one set, or one group"
    compiler::typed (compiler::*compile)(const ast::expr&);
};

}  // namespace

compiler::typed compiler::call(const ast::expr& e)
{
    // Inside a member, so the table may name the private compilers.
    static const builtin table[] = {
        {"all", 1, any_number, "a group, or conditions separated by ','", &compiler::fn_all_any},
        {"any", 1, any_number, "a group, or conditions separated by ','", &compiler::fn_all_any},
        {"count", 1, 1, "one set, or one group", &compiler::fn_count},
        {"count_met", 1, 1, "one group", &compiler::fn_count_met},
        {"at_least", 2, any_number, "a number and a group, or a number and conditions", &compiler::fn_at_least},
        {"points", 1, 1, "one criterion or group", &compiler::fn_points},
        {"max_points", 1, 1, "one criterion or group", &compiler::fn_points},
        {"met", 1, 1, "one criterion", &compiler::fn_met_gold},
        {"gold", 1, 1, "one criterion", &compiler::fn_met_gold},
        {"complete", 1, 1, "one group or area", &compiler::fn_complete},
        {"is_known", 1, 1, "one value", &compiler::fn_is_known},
        {"min", 1, any_number, "one or more numbers", &compiler::fn_min_max_sum},
        {"max", 1, any_number, "one or more numbers", &compiler::fn_min_max_sum},
        {"sum", 1, any_number, "one or more numbers", &compiler::fn_min_max_sum},
        {"abs", 1, 1, "one number", &compiler::fn_min_max_sum},
        {"round", 2, 2, "a number and the number of decimal places, e.g. round(x, 2)", &compiler::fn_round},
        {"years_between", 2, 2, "two dates, the earlier first", &compiler::fn_between},
        {"months_between", 2, 2, "two dates, the earlier first", &compiler::fn_between},
        {"days_between", 2, 2, "two dates, the earlier first", &compiler::fn_between},
    };
    std::vector<std::string> names;
    for (const auto& b : table) {
        names.push_back(b.name);
        if (e.text != b.name) continue;
        if (e.args.size() < b.min_args || e.args.size() > b.max_args) {
            error(e.pos, fmt::format("{} takes {}", e.text, b.takes));
            return error_result();
        }
        return (this->*b.compile)(e);
    }
    error(e.pos, fmt::format("unknown function '{}'{}", e.text, did_you_mean(e.text, names)));
    return error_result();
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

compiler::typed compiler::fn_is_known(const ast::expr& e)
{
    auto a = expr(e.args[0]);
    return {emit(op::is_known, {a.node}, 0, 0, e.source), type::boolean()};
}

compiler::typed compiler::fn_min_max_sum(const ast::expr& e)
{
    const op code = e.text == "min" ? op::min : e.text == "max" ? op::max : e.text == "sum" ? op::sum_n : op::abs;
    return numeric_n_ary(e, code);
}

compiler::typed compiler::fn_round(const ast::expr& e)
{
    auto x = expr(e.args[0]);
    const auto& p = e.args[1];
    const auto places = p.kind == ast::expr_kind::number ? p.number.to_int64() : std::nullopt;
    if (!places || *places < 0 || *places > decimal::max_scale) {
        error(p.pos, fmt::format("round needs a whole number of places from 0 to {}", decimal::max_scale));
        return error_result();
    }
    if (x.t.kind != vtype::number) {
        if (x.t.kind != vtype::error) error(e.pos, fmt::format("round needs a number, got {}", describe(x.t)));
        return error_result();
    }
    type t = x.t;
    t.integral = *places == 0 || x.t.integral;
    return {fold(emit(op::round, {x.node, constant(value::of(p.number))}, 0, 0, e.source), e), t};
}

compiler::typed compiler::fn_between(const ast::expr& e)
{
    const char f = e.text.front();
    return date_between(e, f == 'y' ? op::years_between : f == 'm' ? op::months_between : op::days_between);
}

}  // namespace hallmark::engine
