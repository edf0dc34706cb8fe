// SPDX-License-Identifier: Apache-2.0
// The tests of the flat plan: one operand against constants. The operand is one
// indicator, or computed when the record is laid out from a few values (a linear form
// of numbers, a date function, the size of a set, whether values are known), always so
// that the integers order it exactly as the tree's decimals do.
#include "engine/compile/plan_shapes.hpp"

#include "engine/compile/compiler.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {
namespace {

using tk = slot_test::kind;
using sk = operand_source::kind;

// Places kept of a fractional indicator in a linear form: a value with more makes its
// record fall back to the tree, which keeps them all.
constexpr int linear_places = 8;

bool is_indicator(const program& p, const node* n, vtype kind)
{
    return n->code == op::indicator && p.indicators[n->index].static_type.kind == kind;
}

std::optional<tk> comparison_kind(op code, bool flipped)
{
    switch (code) {
    case op::eq: return tk::eq;
    case op::ne: return tk::ne;
    case op::lt: return flipped ? tk::gt : tk::lt;
    case op::le: return flipped ? tk::ge : tk::le;
    case op::gt: return flipped ? tk::lt : tk::gt;
    case op::ge: return flipped ? tk::le : tk::ge;
    default: return std::nullopt;
    }
}

// `choice OP constant` or `constant OP choice`, for = and !=.
std::optional<shape> choice_comparison(const program& p, const node& n)
{
    const node* x = child(p, n, 0);
    const node* y = child(p, n, 1);
    if (x->code == op::constant) std::swap(x, y);
    if ((n.code != op::eq && n.code != op::ne) || !is_indicator(p, x, vtype::choice)) return std::nullopt;
    const value* c = constant_of(p, y, value::tag::choice);
    if (!c) return std::nullopt;
    return shape{n.code == op::eq ? tk::eq : tk::ne, x->index, {}, static_cast<std::int64_t>(c->bits), {}, {}};
}

// --- linear forms of numbers ------------------------------------------------------

struct linear_form {
    std::vector<std::pair<std::uint32_t, decimal>> terms;  // indicator, factor
    decimal constant;
};

// A product the tree computes exactly: more than 18 places would be rounded.
decimal exact_product(const decimal& a, const decimal& b)
{
    if (a.places() + b.places() > decimal::max_scale) throw arithmetic_error("a product the tree rounds");
    return a * b;
}

linear_form times(linear_form f, const decimal& k)
{
    for (auto& t : f.terms) t.second = exact_product(t.second, k);
    f.constant = exact_product(f.constant, k);
    return f;
}

// a + sign * b; an indicator on both sides is refused, since cancelling it could hide an
// overflow the tree meets.
std::optional<linear_form> combined(linear_form a, const linear_form& b, int sign)
{
    for (const auto& t : b.terms) {
        if (std::any_of(a.terms.begin(), a.terms.end(), [&](const auto& u) { return u.first == t.first; }))
            return std::nullopt;
        a.terms.emplace_back(t.first, sign < 0 ? -t.second : t.second);
    }
    a.constant = sign < 0 ? a.constant - b.constant : a.constant + b.constant;
    return a;
}

std::optional<linear_form> linear_of(const program& p, const node& n);

std::optional<linear_form> linear_product(const program& p, const node& n)
{
    const auto a = linear_of(p, *child(p, n, 0));
    const auto b = linear_of(p, *child(p, n, 1));
    if (!a || !b) return std::nullopt;
    if (a->terms.empty()) return times(*b, a->constant);
    if (b->terms.empty()) return times(*a, b->constant);
    return std::nullopt;
}

std::optional<linear_form> linear_of(const program& p, const node& n)
{
    switch (n.code) {
    case op::constant:
        if (const value* c = constant_of(p, &n, value::tag::number)) return linear_form{{}, c->number};
        return std::nullopt;
    case op::indicator:
        if (!is_indicator(p, &n, vtype::number)) return std::nullopt;
        return linear_form{{{n.index, decimal::from_int(1)}}, {}};
    case op::negate:
        if (auto a = linear_of(p, *child(p, n, 0))) return times(*a, decimal::from_int(-1));
        return std::nullopt;
    case op::add:
    case op::sub: {
        auto a = linear_of(p, *child(p, n, 0));
        auto b = linear_of(p, *child(p, n, 1));
        if (!a || !b) return std::nullopt;
        return combined(std::move(*a), *b, n.code == op::sub ? -1 : 1);
    }
    case op::mul:
    case op::percent_of: return linear_product(p, n);
    default: return std::nullopt;
    }
}

// `x * k + c OP constants` with k = 1 or -1 is a test of x alone, with the constants moved.
std::optional<shape> single_indicator(const linear_form& f, tk how, std::vector<decimal> numbers)
{
    if (f.terms.size() != 1) return std::nullopt;
    const auto& [x, k] = f.terms[0];
    const bool up = k == decimal::from_int(1);
    if (!up && !(k == decimal::from_int(-1))) return std::nullopt;
    for (auto& c : numbers) c = up ? c - f.constant : f.constant - c;
    if (!up) {
        how = mirrored(how);
        std::reverse(numbers.begin(), numbers.end());  // a range's ends swap
    }
    return shape{how, x, std::move(numbers), 0, {}, {}};
}

// The operand `f` at one scale S, exact for values of at most `linear_places` places
// (none for whole numbers): 2 * (sum of K_j * X_j + K0), X_j a value times 10^s_j.
std::optional<shape> linear_shape(const program& p, const linear_form& f, tk how, std::vector<decimal> numbers)
{
    if (auto s = single_indicator(f, how, numbers)) return s;
    if (f.terms.empty()) return std::nullopt;
    std::vector<int> places;
    int scale = f.constant.places();
    for (const auto& c : numbers) scale = std::max(scale, c.places());
    for (const auto& [x, k] : f.terms) {
        places.push_back(p.indicators[x].static_type.integral ? 0 : linear_places);
        scale = std::max(scale, k.places() + places.back());
    }
    if (scale > decimal::max_scale) return std::nullopt;
    shape out{how, 0, std::move(numbers), 0, operand_source{sk::linear}, {}};
    bool inexact = false;
    for (std::size_t j = 0; j < f.terms.size(); ++j) {
        const auto factor = f.terms[j].second.floor_scaled(scale - places[j], inexact);
        if (!factor) return std::nullopt;
        out.terms.push_back({f.terms[j].first, places[j], *factor});
    }
    const auto offset = f.constant.floor_scaled(scale, inexact);
    if (!offset) return std::nullopt;
    out.source->offset = *offset;
    out.source->scale = scale;
    return out;
}

// --- integers computed from dates and sets -----------------------------------------

std::optional<date_ref> date_of(const program& p, const node& n);

// `date + duration` or `date - duration`, the duration a constant: moved as date_shift
// moves it in the tree, months first, when the record is laid out.
std::optional<date_ref> moved_date(const program& p, const node& n)
{
    const value* span = constant_of(p, child(p, n, 1), value::tag::duration);
    auto d = span ? date_of(p, *child(p, n, 0)) : std::nullopt;
    if (!d || d->months != 0 || d->days != 0) return std::nullopt;  // one move, as the tree makes it
    const std::int64_t sign = n.code == op::sub ? -1 : 1;
    d->months = sign * span->months;
    d->days = sign * span->days;
    return d;
}

std::optional<date_ref> date_of(const program& p, const node& n)
{
    switch (n.code) {
    case op::indicator:
        if (is_indicator(p, &n, vtype::date)) return date_ref{date_ref::kind::indicator, n.index, {}};
        return std::nullopt;
    case op::assessed_on: return date_ref{date_ref::kind::assessed_on, 0, {}};
    case op::history_assessed_on: return date_ref{date_ref::kind::history_assessed, n.index, {}};
    case op::history_valid_until: return date_ref{date_ref::kind::history_valid, n.index, {}};
    case op::constant:
        if (const value* c = constant_of(p, &n, value::tag::date)) return date_ref{date_ref::kind::constant, 0, c->day};
        return std::nullopt;
    case op::add:
    case op::sub: return moved_date(p, n);
    default: return std::nullopt;
    }
}

std::optional<operand_source> date_function(const program& p, const node& n)
{
    const builtin_fn f = p.functions[n.index];
    const sk how = f == builtin_named("days_between")     ? sk::days_between
                   : f == builtin_named("months_between") ? sk::months_between
                   : f == builtin_named("years_between")  ? sk::years_between
                                                          : sk::linear;
    if (how == sk::linear || n.child_count != 2) return std::nullopt;
    const auto from = date_of(p, *child(p, n, 0));
    const auto to = date_of(p, *child(p, n, 1));
    if (!from || !to) return std::nullopt;
    operand_source s{how};
    s.from = *from;
    s.to = *to;
    return s;
}

// A whole number computed from values: a date function, a set's size, a date itself.
std::optional<operand_source> integer_source(const program& p, const node& n)
{
    if (n.code == op::call) return date_function(p, n);
    if (n.code == op::set_count) {
        const node* s = child(p, n, 0);
        if (!is_indicator(p, s, vtype::choice_set) && !is_indicator(p, s, vtype::criterion_set)) return std::nullopt;
        operand_source out{sk::set_count};
        out.index = s->index;
        return out;
    }
    if (n.code == op::constant) return std::nullopt;
    const auto d = date_of(p, n);
    if (!d) return std::nullopt;
    operand_source out{sk::date_value};
    out.from = *d;
    return out;
}

// The constant an integer source meets: a number, or a date as its serial day.
std::optional<decimal> integer_constant(const program& p, const node* n)
{
    if (const value* c = constant_of(p, n, value::tag::number)) return c->number;
    if (const value* c = constant_of(p, n, value::tag::date)) return decimal::from_int(c->day.serial());
    return std::nullopt;
}

std::optional<shape> integer_shape(operand_source s, tk how, std::vector<decimal> numbers)
{
    for (const auto& c : numbers) s.scale = std::max(s.scale, c.places());
    return shape{how, 0, std::move(numbers), 0, s, {}};
}

// Two dates compared: `a OP b` is `days_between(b, a) OP 0`.
std::optional<shape> dates_compared(const program& p, const node* x, const node* y, tk how)
{
    if (x->code == op::constant || y->code == op::constant) return std::nullopt;
    const auto a = date_of(p, *x);
    const auto b = date_of(p, *y);
    if (!a || !b) return std::nullopt;
    operand_source s{sk::days_between};
    s.from = *b;
    s.to = *a;
    return integer_shape(s, how, {decimal()});
}

// `x / y OP c`, x and y indicators. The tree rounds the quotient to 18 places, but for
// y > 0 with y·10^places(c) below 2·10^18 (at the scale both are exact), a quotient on
// either side of c stays more than half a unit of the 18th place away from it, so the
// rounded quotient compares with c as x·10^places(c) compares with C·y, C = c·10^places(c).
// Records outside those bounds fall back (plan_fill.cpp).
std::optional<shape> ratio_shape(const program& p, const node* x, const node* y, tk how)
{
    const value* c = constant_of(p, y, value::tag::number);
    if (!c || x->code != op::div) return std::nullopt;
    const node* a = child(p, *x, 0);
    const node* b = child(p, *x, 1);
    if (!is_indicator(p, a, vtype::number) || !is_indicator(p, b, vtype::number)) return std::nullopt;
    bool inexact = false;
    const auto coefficient = c->number.floor_scaled(c->number.places(), inexact);
    if (!coefficient) return std::nullopt;
    operand_source s{sk::ratio};
    s.offset = *coefficient;
    s.scale = c->number.places();
    return shape{how, 0, {decimal()}, 0, s, {{a->index, 0, 1}, {b->index, 0, 1}}};
}

std::optional<shape> comparison_shape(const program& p, const node& n)
{
    if (auto s = choice_comparison(p, n)) return s;
    const node* x = child(p, n, 0);
    const node* y = child(p, n, 1);
    const auto how = comparison_kind(n.code, false);
    if (!how) return std::nullopt;
    if (auto s = dates_compared(p, x, y, *how)) return s;
    const bool flipped = x->code == op::constant;
    if (flipped) std::swap(x, y);
    if (auto c = integer_constant(p, y))
        if (auto s = integer_source(p, *x)) return integer_shape(*s, flipped ? mirrored(*how) : *how, {*c});
    if (auto s = ratio_shape(p, x, y, flipped ? mirrored(*how) : *how)) return s;
    const auto a = linear_of(p, *child(p, n, 0));
    const auto b = linear_of(p, *child(p, n, 1));
    if (!a || !b) return std::nullopt;
    const auto difference = combined(*a, *b, -1);
    if (!difference) return std::nullopt;
    return linear_shape(p, *difference, *how, {decimal()});
}

std::optional<shape> range_shape(const program& p, const node& n)
{
    const auto lo = integer_constant(p, child(p, n, 1));
    const auto hi = integer_constant(p, child(p, n, 2));
    if (!lo || !hi) return std::nullopt;
    const tk how = n.aux != 0 ? tk::out_of_range : tk::in_range;
    if (auto s = integer_source(p, *child(p, n, 0))) return integer_shape(*s, how, {*lo, *hi});
    if (auto f = linear_of(p, *child(p, n, 0))) return linear_shape(p, *f, how, {*lo, *hi});
    return std::nullopt;
}

// `choice in {"a", "b"}` (a constant mask, the element an indicator), or `"a" in set`.
std::optional<shape> choices_shape(const program& p, const node& n)
{
    const node* set = child(p, n, 0);
    const node* x = child(p, n, 1);
    const bool negated = n.aux != 0;
    const value* mask = constant_of(p, set, value::tag::set);
    if (mask && is_indicator(p, x, vtype::choice) && !(mask->bits >> 63))
        return shape{negated ? tk::not_in_mask : tk::in_mask, x->index, {},
                     static_cast<std::int64_t>(mask->bits),   {},       {}};
    const value* element = constant_of(p, x, value::tag::choice);
    if (element && is_indicator(p, set, vtype::choice_set) && element->bits < 63)
        return shape{negated ? tk::lacks_bit : tk::has_bit,    set->index, {},
                     static_cast<std::int64_t>(element->bits), {},         {}};
    return std::nullopt;
}

// is_known of a value read directly: an indicator or an earlier award's date.
std::optional<shape> known_shape(const program& p, const node& n)
{
    if (p.functions[n.index] != builtin_named("is_known") || n.child_count != 1) return std::nullopt;
    const node* x = child(p, n, 0);
    operand_source s{sk::is_known};
    if (x->code == op::indicator) s.from = {date_ref::kind::indicator, x->index, {}};
    else if (x->code == op::history_assessed_on || x->code == op::history_valid_until) s.from = *date_of(p, *x);
    else return std::nullopt;
    return shape{tk::is_true, 0, {}, 0, s, {}};
}

std::optional<shape> area_shape(const node& n)
{
    operand_source s{sk::area_complete};
    s.index = n.index;
    return shape{tk::is_true, 0, {}, 0, s, {}};
}

std::optional<shape> recognized(const program& p, const node& n)
{
    switch (n.code) {
    case op::indicator:
        if (is_indicator(p, &n, vtype::boolean)) return shape{tk::is_true, n.index, {}, 0, {}, {}};
        return std::nullopt;
    case op::logical_not: {
        std::string ignored;
        if (auto s = shape_of(p, *child(p, n, 0), ignored)) return negated(*s);
        return std::nullopt;
    }
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge: return comparison_shape(p, n);
    case op::in_range: return range_shape(p, n);
    case op::choice_in_set: return choices_shape(p, n);
    case op::call: return known_shape(p, n);
    case op::area_complete: return area_shape(n);
    // Unlike the evaluator, a `default:` is right here: the plan recognizes a few shapes
    // and leaves every other op, new ones included, to the tree, which is always exact.
    default: return std::nullopt;
    }
}

}  // namespace

tk mirrored(tk how)
{
    switch (how) {
    case tk::lt: return tk::gt;
    case tk::le: return tk::ge;
    case tk::gt: return tk::lt;
    case tk::ge: return tk::le;
    default: return how;
    }
}

const value* constant_of(const program& p, const node* n, value::tag kind)
{
    if (n->code != op::constant) return nullptr;
    const value& v = p.constants[n->index];
    return v.kind == kind ? &v : nullptr;
}

shape negated(shape s)
{
    switch (s.how) {
    case tk::ge: s.how = tk::lt; break;
    case tk::gt: s.how = tk::le; break;
    case tk::le: s.how = tk::gt; break;
    case tk::lt: s.how = tk::ge; break;
    case tk::eq: s.how = tk::ne; break;
    case tk::ne: s.how = tk::eq; break;
    case tk::in_range: s.how = tk::out_of_range; break;
    case tk::out_of_range: s.how = tk::in_range; break;
    case tk::in_mask: s.how = tk::not_in_mask; break;
    case tk::not_in_mask: s.how = tk::in_mask; break;
    case tk::is_true: s.how = tk::is_false; break;
    case tk::is_false: s.how = tk::is_true; break;
    case tk::has_bit: s.how = tk::lacks_bit; break;
    case tk::lacks_bit: s.how = tk::has_bit; break;
    }
    return s;
}

std::optional<shape> shape_of(const program& p, const node& n, std::string& why)
{
    try {
        if (auto s = recognized(p, n)) return s;
    } catch (const arithmetic_error& e) {
        why = fmt::format("'{}': {}", p.texts[n.source], e.what());
        return std::nullopt;
    }
    why = fmt::format("'{}' is not one operand against constants", p.texts[n.source]);
    return std::nullopt;
}

}  // namespace hallmark::engine
