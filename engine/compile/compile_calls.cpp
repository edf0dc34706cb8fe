// SPDX-License-Identifier: Apache-2.0
// Phase 3, continued: built-in functions, quantifiers and set membership.
#include "engine/compile/compiler.hpp"
#include "engine/values/names.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {
int compiler::group_arg(const ast::expr& e)
{
    if (e.kind == ast::expr_kind::name) {
        auto it = symbols_.find(e.text);
        if (it != symbols_.end() && it->second.kind == symbol_kind::group) return it->second.index;
    }
    error(e.pos,
          fmt::format("expected a group of criteria, got '{}'{}", e.source,
                      e.kind == ast::expr_kind::name ? did_you_mean(e.text, names_of({symbol_kind::group})) : ""));
    return -1;
}

int compiler::criterion_arg(const ast::expr& e, bool& is_var)
{
    is_var = false;
    const expr_scope& here = scope();
    if (e.kind == ast::expr_kind::name) {
        if (!here.quant_var.empty() && e.text == here.quant_var) {
            is_var = true;
            return 0;
        }
        auto it = symbols_.find(e.text);
        if (it != symbols_.end() && it->second.kind == symbol_kind::criterion) {
            // A criterion's own points are computed before its other clauses read them.
            const bool own_points = it->second.index == here.self_criterion && here.reading_points;
            if (here.criteria && !own_points) here.criteria->insert(it->second.index);
            return it->second.index;
        }
    }
    error(e.pos,
          fmt::format("expected a criterion, got '{}'{}", e.source,
                      e.kind == ast::expr_kind::name ? did_you_mean(e.text, names_of({symbol_kind::criterion})) : ""));
    return -1;
}

compiler::typed compiler::group_call(const ast::expr& e, op code)
{
    const int g = group_arg(e.args[0]);
    if (g < 0) return error_result();
    if (auto* read = scope().criteria)
        for (auto c : prog_.groups[g].members) read->insert(c);
    // all(G) and complete(G) ask something of every member: a new member is a new requirement.
    if (code == op::group_all || code == op::group_complete) every_member_groups_.insert(g);
    const type t = code == op::group_count_met ? type::number({}, true)
                   : code == op::group_points  ? type::number()
                                               : type::boolean();
    return {emit(code, {}, g, 0, e.source), t};
}

compiler::typed compiler::criterion_call(const ast::expr& e, bool gold)
{
    bool is_var = false;
    const int c = criterion_arg(e.args[0], is_var);
    if (c < 0) return error_result();
    if (is_var) return {emit(gold ? op::var_gold : op::var_met, {}, 0, 0, e.source), type::boolean()};
    return {emit(gold ? op::criterion_gold : op::criterion_met, {}, c, 0, e.source), type::boolean()};
}

compiler::typed compiler::points_call(const ast::expr& e, bool maximum)
{
    const ast::expr& a = e.args[0];
    auto it = a.kind == ast::expr_kind::name ? symbols_.find(a.text) : symbols_.end();
    if (it != symbols_.end() && it->second.kind == symbol_kind::group) {
        if (maximum) return {constant(value::of(prog_.groups[it->second.index].max_points)), type::number()};
        return group_call(e, op::group_points);
    }
    const bool known_criterion = it != symbols_.end() && it->second.kind == symbol_kind::criterion;
    const std::string& var = scope().quant_var;
    if (!known_criterion && !(a.kind == ast::expr_kind::name && a.text == var && !var.empty())) {
        error(a.pos, fmt::format("{} needs a criterion or a group, got '{}'{}", e.text, a.source,
                                 a.kind == ast::expr_kind::name
                                     ? did_you_mean(a.text, names_of({symbol_kind::criterion, symbol_kind::group}))
                                     : ""));
        return error_result();
    }
    bool is_var = false;
    const int c = [&] {
        const scope_set reading(scope().reading_points, true);
        return criterion_arg(a, is_var);
    }();
    if (c < 0) return error_result();
    if (maximum && is_var) {
        error(e.pos, "max_points needs a criterion or group named in the rules");
        return error_result();
    }
    if (!is_var && criterion_tierless_[c]) error(a.pos, fmt::format("criterion '{}' has no 'points' tiers", a.text));
    if (maximum) return {constant(value::of(prog_.criteria[c].max_points)), type::number()};
    if (is_var) return {emit(op::var_points, {}, 0, 0, e.source), type::number()};
    return {emit(op::criterion_points, {}, c, 0, e.source), type::number()};
}

compiler::typed compiler::quantifier(const ast::expr& e)
{
    if (e.text != "all" && e.text != "any") {
        error(e.pos, fmt::format("'{}(x in S: ...)' is not a quantifier; use all(...) or any(...)", e.text));
        return error_result();
    }
    if (!scope().quant_var.empty()) {
        error(e.pos, "quantifiers cannot be nested");
        return error_result();
    }
    auto set = expr(e.args[0]);
    if (set.t.kind != vtype::criterion_set) {
        if (set.t.kind != vtype::error)
            error(e.args[0].pos, fmt::format("a quantifier runs over a set of criteria, got {}", describe(set.t)));
        return error_result();
    }
    const auto body = [&] {
        const scope_set var(scope().quant_var, e.var());
        return boolean(e.args[1], "the quantifier's body");
    }();
    return {emit(e.text == "all" ? op::quantify_all : op::quantify_any, {set.node, body.node}, 0, 0, e.source),
            type::boolean()};
}

// `c in quality`: is a criterion (or the quantifier's variable) a member of a group?
compiler::typed compiler::in_group(const ast::expr& e, std::uint8_t negated)
{
    const int g = symbols_.at(e.args[1].text).index;
    bool is_var = false;
    const int c = criterion_arg(e.args[0], is_var);
    if (c < 0) return error_result();
    if (!is_var) {
        const auto& members = prog_.groups[g].members;
        const bool member = std::find(members.begin(), members.end(), static_cast<std::uint32_t>(c)) != members.end();
        return {constant(value::of(member != static_cast<bool>(negated))), type::boolean()};
    }
    return {emit(op::var_in_group, {}, g, negated, e.source), type::boolean()};
}

// `x in {a, b}`: choices become one bit mask; numbers and dates a chain of `=`.
compiler::typed compiler::in_literal_set(const ast::expr& e, std::uint8_t negated)
{
    const ast::expr& lhs = e.args[0];
    const ast::expr& rhs = e.args[1];
    auto x = expr(lhs);
    if (x.t.kind == vtype::error) return error_result();
    if (x.t.kind == vtype::choice) {
        value mask;
        mask.kind = value::tag::set;
        for (const auto& item : rhs.args) {
            if (item.kind != ast::expr_kind::string) {
                error(item.pos, "a set of choices holds strings, e.g. {\"industry\", \"research\"}");
                return error_result();
            }
            auto c = string_against(item, x.t);
            if (c.t.kind == vtype::error) return error_result();
            mask.bits |= std::uint64_t{1} << prog_.constants[prog_.nodes[c.node].index].bits;
        }
        return {fold(emit(op::choice_in_set, {constant(mask), x.node}, 0, negated, e.source), e), type::boolean()};
    }
    if (x.t.kind != vtype::number && x.t.kind != vtype::date) {
        error(lhs.pos, fmt::format("'in {{...}}' tests numbers, dates or choices, not {}", describe(x.t)));
        return error_result();
    }
    std::vector<std::uint32_t> tests;
    for (const auto& item : rhs.args) {
        auto v = expr(item);
        if (v.t.kind == vtype::error) return error_result();
        if (v.t.kind != x.t.kind || (x.t.kind == vtype::number && !same_number_kind(x.t, v.t, item, "compare")))
            return error_result();
        tests.push_back(emit(op::eq, {x.node, v.node}, 0, 0, item.source));
        prog_.node_pos.back() = item.pos;  // test coverage names each value of the set
    }
    std::uint32_t any = fold(emit(op::any_n, tests, 0, 0, e.source), e);
    if (negated) any = fold(emit(op::logical_not, {any}, 0, 0, e.source), e);
    return {any, type::boolean()};
}

compiler::typed compiler::in_set(const ast::expr& e)
{
    const std::uint8_t negated = e.text == "not in";
    const ast::expr& lhs = e.args[0];
    const ast::expr& rhs = e.args[1];
    if (rhs.kind == ast::expr_kind::set) return in_literal_set(e, negated);
    if (rhs.kind == ast::expr_kind::name && symbols_.count(rhs.text) &&
        symbols_.at(rhs.text).kind == symbol_kind::group)
        return in_group(e, negated);
    auto s = expr(rhs);
    if (s.t.kind == vtype::criterion_set) {
        bool is_var = false;
        const int c = criterion_arg(lhs, is_var);
        if (c < 0) return error_result();
        if (is_var) return {emit(op::var_in_set, {s.node}, 0, negated, e.source), type::boolean()};
        return {emit(op::criterion_in_set, {s.node}, c, negated, e.source), type::boolean()};
    }
    if (s.t.kind == vtype::choice_set) {
        auto x = lhs.kind == ast::expr_kind::string ? string_against(lhs, s.t) : expr(lhs);
        if (x.t.kind == vtype::error) return error_result();
        if (x.t.kind != vtype::choice || x.t.domain != s.t.domain) {
            error(lhs.pos, fmt::format("'in' here needs one of the choices of '{}'", prog_.indicators[s.t.domain].id));
            return error_result();
        }
        return {emit(op::choice_in_set, {s.node, x.node}, 0, negated, e.source), type::boolean()};
    }
    if (s.t.kind != vtype::error)
        error(rhs.pos,
              fmt::format("'in' needs a set {{...}}, a range LOW..HIGH or a set indicator; got {}", describe(s.t)));
    return error_result();
}

}  // namespace hallmark::engine
