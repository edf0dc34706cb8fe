// SPDX-License-Identifier: Apache-2.0
// Building the flat plan: recognizes criteria that test one indicator against
// constants and labels made of such criteria, and fixes each indicator's scale.
#include "engine/program/plan.hpp"

#include "engine/program/program.hpp"

#include <algorithm>
#include <bit>

namespace hallmark::engine {
namespace {

using tk = slot_test::kind;

// A recognized test before the indicator's scale is known: constants still decimals.
struct shape {
    tk how = tk::ge;
    std::uint32_t slot = 0;
    std::uint32_t criterion = 0;
    std::vector<decimal> numbers;  // numeric tests; empty for choices and booleans
    std::int64_t a = 0;            // choice index or mask
};

const node* child(const program& p, const node& n, std::uint32_t i)
{
    return &p.nodes[p.child_list[n.first_child + i]];
}

bool is_indicator(const program& p, const node* n, vtype kind)
{
    return n->code == op::indicator && p.indicators[n->index].static_type.kind == kind;
}

const value* constant_of(const program& p, const node* n, value::tag kind)
{
    if (n->code != op::constant) return nullptr;
    const value& v = p.constants[n->index];
    return v.kind == kind ? &v : nullptr;
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

// `indicator OP constant` or `constant OP indicator`, numbers or choices.
std::optional<shape> comparison_shape(const program& p, const node& n)
{
    const node* x = child(p, n, 0);
    const node* y = child(p, n, 1);
    const bool flipped = x->code == op::constant;
    if (flipped) std::swap(x, y);
    const auto how = comparison_kind(n.code, flipped);
    if (!how || x->code != op::indicator) return std::nullopt;
    if (is_indicator(p, x, vtype::number))
        if (const value* c = constant_of(p, y, value::tag::number)) return shape{*how, x->index, 0, {c->number}, 0};
    if ((*how == tk::eq || *how == tk::ne) && is_indicator(p, x, vtype::choice))
        if (const value* c = constant_of(p, y, value::tag::choice))
            return shape{*how, x->index, 0, {}, static_cast<std::int64_t>(c->bits)};
    return std::nullopt;
}

std::optional<shape> range_shape(const program& p, const node& n)
{
    const node* x = child(p, n, 0);
    const value* lo = constant_of(p, child(p, n, 1), value::tag::number);
    const value* hi = constant_of(p, child(p, n, 2), value::tag::number);
    if (!is_indicator(p, x, vtype::number) || !lo || !hi) return std::nullopt;
    return shape{n.aux != 0 ? tk::out_of_range : tk::in_range, x->index, 0, {lo->number, hi->number}, 0};
}

// `choice in {"a", "b"}`: the set a constant mask, the element an indicator.
std::optional<shape> choices_shape(const program& p, const node& n)
{
    const value* mask = constant_of(p, child(p, n, 0), value::tag::set);
    const node* x = child(p, n, 1);
    if (!mask || !is_indicator(p, x, vtype::choice) || mask->bits >> 63) return std::nullopt;
    return shape{n.aux != 0 ? tk::not_in_mask : tk::in_mask, x->index, 0, {}, static_cast<std::int64_t>(mask->bits)};
}

std::optional<shape> shape_of(const program& p, const node& n)
{
    switch (n.code) {
    case op::indicator:
        if (is_indicator(p, &n, vtype::boolean)) return shape{tk::is_true, n.index, 0, {}, 0};
        return std::nullopt;
    case op::logical_not:
        if (const node* x = child(p, n, 0); is_indicator(p, x, vtype::boolean))
            return shape{tk::is_false, x->index, 0, {}, 0};
        return std::nullopt;
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge: return comparison_shape(p, n);
    case op::in_range: return range_shape(p, n);
    case op::choice_in_set: return choices_shape(p, n);
    // Unlike the evaluator, a `default:` is right here: the plan recognizes a few shapes
    // and leaves every other op, new ones included, to the tree, which is always exact.
    default: return std::nullopt;
    }
}

// 2 * c * 10^scale, the slot form of a constant; nothing when it does not fit.
std::optional<std::int64_t> slot_constant(const decimal& c, int scale)
{
    bool inexact = false;
    const auto q = c.floor_scaled(scale, inexact);
    if (!q || inexact) return std::nullopt;
    return 2 * *q;
}

std::optional<slot_test> finish(const shape& s, int scale)
{
    slot_test t{s.how, s.slot, s.criterion, s.a, 0};
    if (s.numbers.empty()) return t;
    const auto a = slot_constant(s.numbers[0], scale);
    if (!a) return std::nullopt;
    t.a = *a;
    if (s.numbers.size() > 1) {
        const auto b = slot_constant(s.numbers[1], scale);
        if (!b) return std::nullopt;
        t.b = *b;
    }
    return t;
}

// Positions of the tests, by criterion; -1 when the criterion has none.
using positions = std::vector<int>;

std::optional<std::vector<std::uint64_t>> mask_of(const program& p, std::uint32_t group, const positions& at,
                                                  std::size_t words)
{
    std::vector<std::uint64_t> mask(words, 0);
    for (auto c : p.groups[group].members) {
        if (at[c] < 0) return std::nullopt;
        mask[at[c] / 64] |= std::uint64_t{1} << (at[c] % 64);
    }
    return mask;
}

// One top-level part of a label's requirement as a count: appended to the plan, or
// false when the plan cannot take it.
bool add_label_part(const program& p, const conjunct& c, const positions& at, plan& pl)
{
    const node& n = p.nodes[c.node];
    std::optional<std::vector<std::uint64_t>> mask;
    std::int64_t need = 1;
    switch (n.code) {
    case op::criterion_met:
        if (at[n.index] < 0) return false;
        mask.emplace(pl.words, 0);
        (*mask)[at[n.index] / 64] |= std::uint64_t{1} << (at[n.index] % 64);
        break;
    case op::group_all:
    case op::group_any:
        mask = mask_of(p, n.index, at, pl.words);
        if (mask && n.code == op::group_all) {
            need = 0;
            for (auto w : *mask) need += std::popcount(w);
        }
        break;
    case op::at_least_group: {
        const value* wanted = constant_of(p, child(p, n, 0), value::tag::number);
        const auto count = wanted ? wanted->number.to_int64() : std::nullopt;
        if (!count) return false;
        need = *count;
        mask = mask_of(p, n.index, at, pl.words);
        break;
    }
    default: return false;
    }
    if (!mask) return false;
    pl.needs.push_back(need);
    pl.masks.insert(pl.masks.end(), mask->begin(), mask->end());
    return true;
}

// Runs of one kind, cut at word boundaries so each loop fills one word of outcomes.
std::vector<test_run> runs_of(const std::vector<slot_test>& tests, std::uint32_t from)
{
    std::vector<test_run> out;
    for (std::uint32_t i = from; i < tests.size(); ++i)
        if (out.empty() || out.back().how != tests[i].how || i % 64 == 0) out.push_back({tests[i].how, i, i + 1});
        else out.back().end = i + 1;
    return out;
}

// Tests that become `operand > constant`, with the operand negated where they look down.
bool is_greater_form(tk how)
{
    return how == tk::ge || how == tk::gt || how == tk::le || how == tk::lt || how == tk::is_true ||
           how == tk::is_false;
}

// The constant k and the operand's sign with which the test is `sign * x > k`. Values
// are integers (slot form), so x >= c is x > c - 1 and x <= c is -x > -(c + 1).
std::pair<std::int64_t, std::int8_t> greater_form(const slot_test& t)
{
    switch (t.how) {
    case tk::ge: return {t.a - 1, 1};
    case tk::gt: return {t.a, 1};
    case tk::le: return {-(t.a + 1), -1};
    case tk::lt: return {-t.a, -1};
    case tk::is_true: return {0, 1};
    case tk::is_false: return {-1, -1};
    default: return {t.a, 1};
    }
}

// Tests for every criterion whose requirement has a recognized shape.
std::vector<slot_test> criterion_tests(const program& p, std::vector<int>& scale)
{
    std::vector<shape> shapes;
    for (std::uint32_t c = 0; c < p.criteria.size(); ++c) {
        const auto& info = p.criteria[c];
        if (!info.requirement) continue;
        auto s = shape_of(p, p.nodes[*info.requirement]);
        if (!s) continue;
        s->criterion = c;
        auto& k = scale[s->slot];
        k = std::max(k, 0);
        for (const auto& d : s->numbers) k = std::max(k, d.places());
        shapes.push_back(std::move(*s));
    }
    std::vector<slot_test> tests;
    for (const auto& s : shapes)
        if (auto t = finish(s, scale[s.slot])) tests.push_back(*t);
    std::stable_sort(tests.begin(), tests.end(), [](const slot_test& x, const slot_test& y) {
        return std::pair(!is_greater_form(x.how), x.how) < std::pair(!is_greater_form(y.how), y.how);
    });
    return tests;
}

}  // namespace

plan build_plan(const program& p)
{
    plan pl;
    pl.scale.assign(p.indicators.size(), -1);
    pl.tests = criterion_tests(p, pl.scale);
    pl.words = (pl.tests.size() + 63) / 64;
    positions at(p.criteria.size(), -1);
    for (std::size_t i = 0; i < pl.tests.size(); ++i) {
        at[pl.tests[i].criterion] = static_cast<int>(i);
        const auto [k, sign] = greater_form(pl.tests[i]);
        pl.greater += is_greater_form(pl.tests[i].how);
        pl.a.push_back(k);
        pl.sign.push_back(sign);
        pl.b.push_back(pl.tests[i].b);
    }
    pl.runs = runs_of(pl.tests, pl.greater);
    pl.tests_of.resize(p.indicators.size());
    for (std::uint32_t i = 0; i < pl.tests.size(); ++i) pl.tests_of[pl.tests[i].slot].push_back(i);
    pl.complete = !p.labels.empty();
    for (const auto& label : p.labels) {
        for (const auto& c : label.conjuncts) pl.complete = add_label_part(p, c, at, pl) && pl.complete;
        pl.label_ends.push_back(static_cast<std::uint32_t>(pl.needs.size()));
    }
    return pl;
}

}  // namespace hallmark::engine
