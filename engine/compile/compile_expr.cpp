// SPDX-License-Identifier: Apache-2.0
// Phase 3: expressions are type-checked and compiled into evaluation nodes in one walk.
#include "engine/compile/compiler.hpp"
#include "engine/values/names.hpp"

#include <hallmark/limits.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {

std::string describe(const type& t)
{
    switch (t.kind) {
    case vtype::boolean: return "a condition";
    case vtype::number:
        if (t.percent) return "a percentage";
        return t.unit.empty() ? (t.integral ? "a whole number" : "a number") : "a number in " + t.unit;
    case vtype::date: return "a date";
    case vtype::duration: return t.unit == "days" ? "a duration in days" : "a duration in months or years";
    case vtype::choice: return "a choice";
    case vtype::choice_set: return "a set of choices";
    case vtype::criterion_set: return "a set of criteria";
    case vtype::group: return "a group";
    case vtype::error: return "an invalid value";
    }
    return "a value";
}

namespace {

std::string unit_name(const std::string& u) { return u.empty() ? "no unit" : u; }

op compare_op(const std::string& s)
{
    if (s == "=") return op::eq;
    if (s == "!=") return op::ne;
    if (s == "<") return op::lt;
    if (s == "<=") return op::le;
    if (s == ">") return op::gt;
    return op::ge;
}

}  // namespace

compiler::typed compiler::expr(const ast::expr& e)
{
    using k = ast::expr_kind;
    switch (e.kind) {
    case k::number: {
        type t = type::number(e.unit, e.number.is_integer() && !e.flag);
        t.percent = e.flag;
        return {constant(value::of(e.number)), t};
    }
    case k::date: return {constant(value::of(e.date_value)), type::of(vtype::date)};
    case k::duration: {
        value v;
        v.kind = value::tag::duration;
        v.months = e.span.months;
        v.days = e.span.days;
        type t = type::of(vtype::duration);
        t.unit = e.unit == "days" ? "days" : "months";  // years are months
        return {constant(v), t};
    }
    case k::boolean: return {constant(value::of(e.flag)), type::boolean()};
    case k::string:
        error(e.pos, fmt::format("a string (\"{}\") can only be compared with a choice, e.g. sector = \"{}\"", e.text,
                                 e.text));
        return error_result();
    case k::set: error(e.pos, "a set {...} can only follow 'in', e.g. x in {1, 2}"); return error_result();
    case k::name: return name(e);
    case k::member: return member(e);
    case k::call: return call(e);
    case k::quantifier: return quantifier(e);
    case k::negate: return negate(e);
    case k::logical_not: {
        auto a = boolean(e.args[0], "'not'");
        return {fold(emit(op::logical_not, {a.node}, 0, 0, e.source), e), type::boolean()};
    }
    case k::arithmetic: return arithmetic(e);
    case k::compare: return compare(e);
    case k::in_range: return in_range(e);
    case k::in_set: return in_set(e);
    case k::all_of:
    case k::any_of: return logic(e);
    case k::conditional: return conditional(e);
    }
    return error_result();
}

compiler::typed compiler::boolean(const ast::expr& e, const char* what)
{
    auto r = expr(e);
    if (r.t.kind != vtype::boolean && r.t.kind != vtype::error) {
        error(e.pos, fmt::format("{} needs a condition, but '{}' is {}", what, e.source, describe(r.t)));
        r.t = type{};
    }
    return r;
}

compiler::typed compiler::name(const ast::expr& e)
{
    const expr_scope& here = scope();
    if (!here.quant_var.empty() && e.text == here.quant_var)
        return {emit(op::var_met, {}, 0, 0, e.source), type::boolean()};
    auto it = symbols_.find(e.text);
    if (it == symbols_.end()) {
        if (e.text == "assessed_on") return {emit(op::assessed_on, {}, 0, 0, e.source), type::of(vtype::date)};
        if (e.text == "points" && here.self_criterion >= 0) {
            const int self = here.self_criterion;
            if (criterion_tierless_[self])
                error(e.pos, fmt::format("criterion '{}' has no 'points' tiers", prog_.criteria[self].id));
            return {emit(op::criterion_points, {}, self, 0, e.source), type::number()};
        }
        for (auto kind : {ast::decl_kind::indicator, ast::decl_kind::let, ast::decl_kind::criterion})
            if (const auto* r = removed_here(e.text, kind)) {
                removed_message(*r, e.pos);
                return error_result();
            }
        auto names = names_of({symbol_kind::indicator, symbol_kind::let, symbol_kind::criterion});
        names.push_back("assessed_on");
        error(e.pos, fmt::format("unknown name '{}'{}", e.text, did_you_mean(e.text, names)));
        return error_result();
    }
    const auto& s = it->second;
    switch (s.kind) {
    case symbol_kind::indicator:
        if (retired_use(e.text, e.pos)) return error_result();
        if (here.inputs) here.inputs->insert(s.index);
        return {emit(op::indicator, {}, s.index, 0, e.source), prog_.indicators[s.index].static_type};
    case symbol_kind::let: return let_ref(s.index, e);
    case symbol_kind::criterion:
        if (here.criteria) here.criteria->insert(s.index);
        return {emit(op::criterion_met, {}, s.index, 0, e.source), type::boolean()};
    case symbol_kind::group:
        error(e.pos, fmt::format("'{}' is a group of criteria; use all({}), any({}), count_met({}) or points({})",
                                 e.text, e.text, e.text, e.text, e.text));
        return error_result();
    case symbol_kind::area:
        error(e.pos, fmt::format("'{}' is an area; use complete({}) to ask whether all its indicators are reported "
                                 "(to put a criterion in an area, write 'in {}' before its 'requires')",
                                 e.text, e.text, e.text));
        return error_result();
    case symbol_kind::label:
        error(e.pos, fmt::format("'{}' is a label; an earlier award is read as history.{}.assessed_on or "
                                 "history.{}.valid_until",
                                 e.text, e.text, e.text));
        return error_result();
    }
    return error_result();
}

compiler::typed compiler::let_ref(int index, const ast::expr& e)
{
    const let_slot& slot = let_slots_[index];
    if (slot.state == let_state::compiling) {
        std::string path;
        for (const auto& s : scopes_)
            if (!s.let.empty()) path += s.let + " -> ";
        error(e.pos, fmt::format("'{}' depends on itself: {}{}", e.text, path, e.text));
        return error_result();
    }
    if (slot.state == let_state::pending && lets_open() >= limits::max_let_depth) {
        if (!let_chain_reported_)
            error(e.pos,
                  fmt::format("lets refer to lets too deeply here (the limit is {} levels)", limits::max_let_depth));
        let_chain_reported_ = true;
        return error_result();
    }
    if (slot.state == let_state::pending) compile_let(index, e.text);
    auto& here = scope();
    here.chain = std::max(here.chain, slot.chain);
    if (here.inputs) here.inputs->insert(slot.inputs.begin(), slot.inputs.end());
    if (here.criteria) here.criteria->insert(slot.criteria.begin(), slot.criteria.end());
    return {prog_.lets[index].node, prog_.lets[index].static_type};
}

// In a scope of its own: the let reads no quantifier variable and no `points` of the
// declaration that happens to name it first.
void compiler::compile_let(int index, const std::string& name)
{
    let_slot& slot = let_slots_[index];
    slot.state = let_state::compiling;
    typed r;
    {
        const scope_push own(
            scopes_,
            {.where = let_decls_[index]->pos, .inputs = &slot.inputs, .criteria = &slot.criteria, .let = name});
        r = expr(let_decls_[index]->value);
        slot.chain = scope().chain + 1;
    }
    check_let_chain(index);
    prog_.lets[index].node = r.node;
    prog_.lets[index].static_type = r.t;
    slot.state = let_state::done;
}

std::size_t compiler::lets_open() const
{
    return static_cast<std::size_t>(
        std::count_if(scopes_.begin(), scopes_.end(), [](const expr_scope& s) { return !s.let.empty(); }));
}

// The limit is on the chain's length, whatever order the lets are declared in.
void compiler::check_let_chain(int index)
{
    if (let_slots_[index].chain <= limits::max_let_depth || let_chain_reported_) return;
    let_chain_reported_ = true;
    error(let_decls_[index]->pos, fmt::format("let '{}' ends a chain of {} lets that refer to lets; the limit is {}",
                                              let_decls_[index]->id, let_slots_[index].chain, limits::max_let_depth));
}

compiler::typed compiler::member(const ast::expr& e)
{
    const ast::expr& inner = e.args[0];
    const bool shape = inner.kind == ast::expr_kind::member && inner.args[0].kind == ast::expr_kind::name &&
                       inner.args[0].text == "history";
    if (!shape || (e.text != "assessed_on" && e.text != "valid_until")) {
        error(e.pos, fmt::format("'{}' has no field '{}'; fields exist only as history.LABEL.assessed_on and "
                                 "history.LABEL.valid_until",
                                 inner.source.empty() ? inner.text : inner.source, e.text));
        return error_result();
    }
    auto it = symbols_.find(inner.text);
    if (it == symbols_.end() || it->second.kind != symbol_kind::label) {
        error(inner.pos, fmt::format("unknown label '{}' in history{}", inner.text,
                                     did_you_mean(inner.text, names_of({symbol_kind::label}))));
        return error_result();
    }
    auto [slot, fresh] = history_slots_.try_emplace(inner.text, static_cast<int>(prog_.history_labels.size()));
    if (fresh) prog_.history_labels.push_back(inner.text);
    const op field = e.text == "assessed_on" ? op::history_assessed_on : op::history_valid_until;
    return {emit(field, {}, slot->second, 0, e.source), type::of(vtype::date)};
}

compiler::typed compiler::negate(const ast::expr& e)
{
    auto a = expr(e.args[0]);
    if (a.t.kind != vtype::number && a.t.kind != vtype::duration && a.t.kind != vtype::error) {
        error(e.pos, fmt::format("cannot negate {}", describe(a.t)));
        return error_result();
    }
    return {fold(emit(op::negate, {a.node}, 0, 0, e.source), e), a.t};
}

compiler::typed compiler::arithmetic(const ast::expr& e)
{
    auto a = expr(e.args[0]);
    auto b = expr(e.args[1]);
    if (a.t.kind == vtype::error || b.t.kind == vtype::error) return error_result();
    const std::string& o = e.text;
    if (o == "+" || o == "-") {
        if (a.t.kind == vtype::date && b.t.kind == vtype::duration)
            return {fold(emit(o == "+" ? op::add : op::sub, {a.node, b.node}, 0, 0, e.source), e), a.t};
        if (a.t.kind == vtype::date && b.t.kind == vtype::date) {
            error(e.pos, "cannot subtract dates; use days_between, months_between or years_between");
            return error_result();
        }
        if (!same_number_kind(a.t, b.t, e, o == "+" ? "add" : "subtract")) return error_result();
        type t = type::number(a.t.unit, a.t.integral && b.t.integral);
        t.percent = a.t.percent && b.t.percent;
        return {fold(emit(o == "+" ? op::add : op::sub, {a.node, b.node}, 0, 0, e.source), e), t};
    }
    if (a.t.kind != vtype::number || b.t.kind != vtype::number) {
        error(e.pos, fmt::format("'{}' needs numbers, but got {} and {}", o, describe(a.t), describe(b.t)));
        return error_result();
    }
    if (o == "/") {
        if (a.t.unit.empty() && !b.t.unit.empty()) {
            error(e.pos, fmt::format("cannot divide a number without unit by {}: the result would have no known unit",
                                     b.t.unit));
            return error_result();
        }
        if (!a.t.unit.empty() && !b.t.unit.empty() && a.t.unit != b.t.unit) {
            error(e.pos,
                  fmt::format("cannot divide {} by {}: the result would need a compound unit", a.t.unit, b.t.unit));
            return error_result();
        }
        // A divisor that folds to zero fails on every input: say so now, not per decision.
        const value* divisor = is_constant(b.node) ? &prog_.constants[prog_.nodes[b.node].index] : nullptr;
        if (divisor && divisor->known() && divisor->number.is_zero()) {
            error(e.pos, fmt::format("division by zero in '{}'", e.source));
            return error_result();
        }
        return {fold(emit(op::div, {a.node, b.node}, 0, 0, e.source), e),
                type::number(a.t.unit == b.t.unit ? "" : a.t.unit)};
    }
    if (!a.t.unit.empty() && !b.t.unit.empty()) {
        error(e.pos,
              fmt::format("cannot multiply {} by {}: the result would need a compound unit", a.t.unit, b.t.unit));
        return error_result();
    }
    const op code = o == "of" ? op::percent_of : op::mul;
    return {fold(emit(code, {a.node, b.node}, 0, 0, e.source), e),
            type::number(a.t.unit.empty() ? b.t.unit : a.t.unit, a.t.integral && b.t.integral)};
}

bool compiler::same_number_kind(const type& a, const type& b, const ast::expr& e, const char* what)
{
    if (a.kind != vtype::number || b.kind != vtype::number) {
        error(e.pos, fmt::format("cannot {} {} and {}", what, describe(a), describe(b)));
        return false;
    }
    if (a.unit != b.unit) {
        error(e.pos, fmt::format("cannot {} {} and {}: units differ ({} vs {}){}", what, describe(a), describe(b),
                                 unit_name(a.unit), unit_name(b.unit),
                                 a.unit.empty() || b.unit.empty() ? "; write the unit after the number, e.g. 0.5 " +
                                                                        (a.unit.empty() ? b.unit : a.unit)
                                                                  : ""));
        return false;
    }
    return true;
}

// A string literal meets a choice: it becomes the choice's index, or an error.
compiler::typed compiler::string_against(const ast::expr& lit, const type& other)
{
    if (other.kind != vtype::choice && other.kind != vtype::choice_set) {
        error(lit.pos, fmt::format("a string (\"{}\") can only be compared with a choice, not with {}", lit.text,
                                   describe(other)));
        return error_result();
    }
    const auto& choices = prog_.indicators[other.domain].choices;
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == lit.text) {
            value v;
            v.kind = value::tag::choice;
            v.bits = i;
            type t = type::of(vtype::choice);
            t.domain = other.domain;
            return {constant(v), t};
        }
    error(lit.pos, fmt::format("\"{}\" is not a choice of '{}'{}", lit.text, prog_.indicators[other.domain].id,
                               did_you_mean(lit.text, choices)));
    return error_result();
}

compiler::typed compiler::compare(const ast::expr& e)
{
    const bool ls = e.args[0].kind == ast::expr_kind::string;
    const bool rs = e.args[1].kind == ast::expr_kind::string;
    typed a = ls ? typed{} : expr(e.args[0]);
    typed b = rs ? typed{} : expr(e.args[1]);
    if (ls && rs) {
        error(e.pos, "comparing two strings is always decided; compare a choice indicator with a string");
        return error_result();
    }
    if (ls) a = string_against(e.args[0], b.t);
    if (rs) b = string_against(e.args[1], a.t);
    if (a.t.kind == vtype::error || b.t.kind == vtype::error) return error_result();
    const op code = compare_op(e.text);
    if (a.t.kind != b.t.kind) {
        error(e.pos, fmt::format("cannot compare {} with {}", describe(a.t), describe(b.t)));
        return error_result();
    }
    if (a.t.kind == vtype::duration && a.t.unit != b.t.unit) {
        error(e.pos, fmt::format("cannot compare {} with {}: a month has no fixed number of days", describe(a.t),
                                 describe(b.t)));
        return error_result();
    }
    if (a.t.kind == vtype::number) {
        if (!same_number_kind(a.t, b.t, e, "compare")) return error_result();
        const bool a_lit = e.args[1 - 1].kind == ast::expr_kind::number,
                   b_lit = e.args[1].kind == ast::expr_kind::number;
        if ((a.t.percent && b_lit && !b.t.percent) || (b.t.percent && a_lit && !a.t.percent)) {
            error(e.pos, "a percentage is compared with a plain number; write the number with '%', e.g. 30%");
            return error_result();
        }
    } else if ((code != op::eq && code != op::ne) && a.t.kind != vtype::date && a.t.kind != vtype::duration) {
        error(e.pos, fmt::format("'{}' orders numbers, dates and durations, not {}", e.text, describe(a.t)));
        return error_result();
    } else if (a.t.kind == vtype::choice && a.t.domain != b.t.domain) {
        error(e.pos, "these two choices come from different lists");
        return error_result();
    } else if (a.t.kind == vtype::choice_set || a.t.kind == vtype::criterion_set) {
        error(e.pos, "sets cannot be compared; use 'in' or count(...)");
        return error_result();
    }
    return {fold(emit(code, {a.node, b.node}, 0, 0, e.source), e), type::boolean()};
}

compiler::typed compiler::in_range(const ast::expr& e)
{
    auto x = expr(e.args[0]);
    auto lo = expr(e.args[1]);
    auto hi = expr(e.args[2]);
    if (x.t.kind == vtype::error || lo.t.kind == vtype::error || hi.t.kind == vtype::error) return error_result();
    if (x.t.kind == vtype::number) {
        if (!same_number_kind(x.t, lo.t, e, "compare") || !same_number_kind(x.t, hi.t, e, "compare"))
            return error_result();
    } else if (x.t.kind != vtype::date || lo.t.kind != vtype::date || hi.t.kind != vtype::date) {
        error(e.pos, fmt::format("a range LOW..HIGH holds numbers or dates; got {} in {}..{}", describe(x.t),
                                 describe(lo.t), describe(hi.t)));
        return error_result();
    }
    const std::uint8_t negated = e.text == "not in";
    return {fold(emit(op::in_range, {x.node, lo.node, hi.node}, 0, negated, e.source), e), type::boolean()};
}

compiler::typed compiler::logic(const ast::expr& e)
{
    const op code = e.kind == ast::expr_kind::all_of ? op::all_n : op::any_n;
    std::vector<std::uint32_t> kids;
    for (const auto& a : e.args) {
        auto r = boolean(a, code == op::all_n ? "'and'" : "'or'");
        const node& n = prog_.nodes[r.node];
        // (a and b) and c: one flat node, so evaluation walks a list instead of a tree.
        if (n.code == code)
            for (std::uint32_t i = 0; i < n.child_count; ++i) kids.push_back(prog_.child_list[n.first_child + i]);
        else kids.push_back(r.node);
    }
    return {fold(emit(code, kids, 0, 0, e.source), e), type::boolean()};
}

compiler::typed compiler::conditional(const ast::expr& e)
{
    auto c = boolean(e.args[0], "'if'");
    auto a = expr(e.args[1]);
    auto b = expr(e.args[2]);
    if (a.t.kind == vtype::error || b.t.kind == vtype::error) return error_result();
    if (a.t.kind != b.t.kind || ((a.t.kind == vtype::number || a.t.kind == vtype::duration) && a.t.unit != b.t.unit)) {
        error(e.pos, fmt::format("both branches of 'if' must have the same type; got {} and {}", describe(a.t),
                                 describe(b.t)));
        return error_result();
    }
    type t = a.t;
    t.integral = a.t.integral && b.t.integral;
    return {fold(emit(op::conditional, {c.node, a.node, b.node}, 0, 0, e.source), e), t};
}

}  // namespace hallmark::engine
