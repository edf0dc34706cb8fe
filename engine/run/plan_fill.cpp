// SPDX-License-Identifier: Apache-2.0
// Laying a record out for the flat plan: each test's operand as an integer, computed
// operands included, and the sets of criteria its steps read. Whatever the integers
// cannot hold exactly marks the record unusable, and it is decided by the tree.
#include "engine/program/plan.hpp"
#include "engine/run/evaluate.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>

namespace hallmark::engine {
namespace {

using sk = operand_source::kind;

// Operands stay below this, so that negating, doubling and the tests' constants
// (`a - 1`, `-(a + 1)`) never overflow.
constexpr std::int64_t operand_limit = std::int64_t{1} << 60;

// What test i's operand is for one record.
struct filled {
    std::int64_t x = 0;
    bool unknown = false;
    bool fits = true;         // else the record falls back to the tree
    bool tree_error = false;  // unknown where the tree reports an arithmetic error
};

// Operand of test i, from the value of the indicator it reads.
filled fill_indicator(const plan& pl, const bound_input& in, std::size_t i)
{
    const auto slot = pl.tests[i].slot;
    const value& v = in.values[slot];
    if (!v.known()) return {0, true};
    if (v.kind == value::tag::number) {
        bool inexact = false;
        const auto q = v.number.floor_scaled(pl.scale[slot], inexact);
        if (!q) return {0, false, false};
        return {pl.sign[i] * (2 * *q + inexact)};
    }
    if (v.kind == value::tag::boolean) return {pl.sign[i] * static_cast<std::int64_t>(v.flag)};
    return {static_cast<std::int64_t>(v.bits)};
}

std::optional<date> date_read(const date_ref& r, const bound_input& in)
{
    switch (r.from) {
    case date_ref::kind::indicator:
        if (in.values[r.index].known()) return in.values[r.index].day;
        return std::nullopt;
    case date_ref::kind::assessed_on: return in.assessed_on;
    case date_ref::kind::history_assessed: return in.history_assessed[r.index];
    case date_ref::kind::history_valid: return in.history_valid[r.index];
    case date_ref::kind::constant: return r.day;
    }
    return std::nullopt;
}

// The date, moved as the tree moves it (arithmetic_error beyond the calendar).
std::optional<date> date_at(const date_ref& r, const bound_input& in)
{
    auto d = date_read(r, in);
    if (d && (r.months != 0 || r.days != 0)) d = d->add_months(r.months).add_days(r.days);
    return d;
}

bool known_at(const date_ref& r, const bound_input& in)
{
    if (r.from == date_ref::kind::indicator) return in.values[r.index].known();
    return date_read(r, in).has_value();
}

// What a computed operand yields: nothing when a value it reads is unknown.
struct computed {
    std::optional<std::int64_t> v;
    bool fits = true;
    bool tree_error = false;  // unknown where the tree reports an arithmetic error
};

// sum of factor * X + offset, each X a value exactly at its term's scale.
// An unknown term makes the sum unknown, but the terms after it are still checked: the
// tree computes both sides of a comparison whatever one of them is, and reports an
// overflow on the known side as the criterion's error (`x >= 2 * y`, x missing, y near
// 10^36). So a known term the plan cannot hold sends the record to the tree either way.
computed linear(const plan& pl, const operand_source& src, const bound_input& in)
{
    std::int64_t sum = src.offset;
    bool unknown = false;
    for (std::uint32_t j = src.first; j < src.first + src.count; ++j) {
        const auto& t = pl.terms[j];
        const value& v = in.values[t.indicator];
        if (!v.known()) {
            unknown = true;
            continue;
        }
        bool inexact = false;
        const auto x = v.number.floor_scaled(t.scale, inexact);
        std::int64_t product = 0;
        if (!x || inexact || __builtin_mul_overflow(*x, t.factor, &product) ||
            __builtin_add_overflow(sum, product, &sum))
            return {std::nullopt, false};
    }
    if (unknown) return {};
    return {sum};
}

// x·10^k - C·y for `x / y OP c` (plan_shapes.cpp, ratio_shape), x and y at the scale
// where both are exact; y = 0 is unknown, as the tree's division by zero.
computed ratio(const plan& pl, const operand_source& src, const bound_input& in)
{
    const value& x = in.values[pl.terms[src.first].indicator];
    const value& y = in.values[pl.terms[src.first + 1].indicator];
    if (!x.known() || !y.known()) return {};
    const int places = std::max(x.number.places(), y.number.places());
    bool inexact = false;
    const auto a = x.number.floor_scaled(places, inexact);
    const auto b = y.number.floor_scaled(places, inexact);
    if (!a || !b) return {std::nullopt, false};
    if (*b == 0) return {std::nullopt, true, true};
    std::int64_t unit = 1, bound = 0, left = 0, right = 0, out = 0;
    for (int k = 0; k < src.scale; ++k) unit *= 10;
    if (*b < 0 || __builtin_mul_overflow(*b, unit, &bound) || bound >= 2'000'000'000'000'000'000 ||
        __builtin_mul_overflow(*a, unit, &left) || __builtin_mul_overflow(src.offset, *b, &right) ||
        __builtin_sub_overflow(left, right, &out))
        return {std::nullopt, false};
    return {out};
}

std::optional<std::int64_t> whole(const operand_source& src, const bound_input& in)
{
    const value* v = nullptr;
    switch (src.how) {
    case sk::is_known: return known_at(src.from, in) ? 1 : 0;
    case sk::area_complete: return 1;  // see fill_source
    case sk::set_count:
        v = &in.values[src.index];
        if (!v->known()) return std::nullopt;
        return v->kind == value::tag::criterion_set ? v->count : std::popcount(v->bits);
    default: break;
    }
    const auto from = date_at(src.from, in);
    if (src.how == sk::date_value) return from ? std::optional<std::int64_t>(from->serial()) : std::nullopt;
    const auto to = date_at(src.to, in);
    if (!from || !to) return std::nullopt;
    if (src.how == sk::days_between) return days_between(*from, *to);
    if (src.how == sk::months_between) return months_between(*from, *to);
    return years_between(*from, *to);
}

// A whole number v at the scale of its constants: v * 10^scale.
computed scaled(std::optional<std::int64_t> v, int scale)
{
    if (!v) return {};
    std::int64_t x = *v;
    for (int k = 0; k < scale; ++k)
        if (__builtin_mul_overflow(x, 10, &x)) return {std::nullopt, false};
    return {x};
}

computed compute(const program& p, const operand_source& src, const bound_input& in)
{
    if (src.how == sk::linear) return linear(p.fast, src, in);
    if (src.how == sk::ratio) return ratio(p.fast, src, in);
    if (src.how == sk::area_complete) {
        bool all = true;
        for (auto i : p.areas[src.index].indicators) all = all && in.values[i].known();
        return {all ? 1 : 0};
    }
    return scaled(whole(src, in), src.scale);
}

filled fill_source(const program& p, const bound_input& in, std::size_t i)
{
    const plan& pl = p.fast;
    computed c;
    try {
        c = compute(p, pl.sources[pl.tests[i].source], in);
    } catch (const arithmetic_error&) {
        c = {std::nullopt, false};  // a date beyond the calendar: the tree says what it means
    }
    if (!c.fits || (c.v && (*c.v >= operand_limit || *c.v <= -operand_limit))) return {0, false, false};
    if (!c.v) return {0, true, true, c.tree_error};
    return {pl.sign[i] * 2 * *c.v, false, true, c.tree_error};
}

filled fill_test(const program& p, const bound_input& in, std::size_t i)
{
    if (p.fast.tests[i].source == slot_test::no_source) return fill_indicator(p.fast, in, i);
    return fill_source(p, in, i);
}

// Operands within this fit 32 bits with room: the tests' constants, clamped to 32 bits
// (plan::narrow_a), then order them exactly as the 64-bit ones.
constexpr std::int64_t narrow_limit = std::int64_t{INT32_MAX} - 1;

bool fits_narrow(const filled& f) { return f.x >= -narrow_limit && f.x <= narrow_limit; }

// Test i's operand and unknown bit, in the record's width.
void store(const filled& f, std::size_t i, slots& out)
{
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    if (f.unknown) out.unknown()[i / 64] |= bit;
    else out.unknown()[i / 64] &= ~bit;
    const std::int64_t x = f.unknown ? 0 : f.x;
    if (out.narrow) out.operands<std::int32_t>()[i] = static_cast<std::int32_t>(x);
    else out.operands<std::int64_t>()[i] = x;
}

// The sets of criteria quantifiers read, as bit masks.
void fill_sets(const plan& pl, const bound_input& in, slots& out)
{
    for (std::size_t k = 0; k < pl.set_indicators.size(); ++k) {
        const value& v = in.values[pl.set_indicators[k]];
        if (!v.known()) continue;
        out.set_known()[k] = 1;
        for (std::uint32_t j = 0; j < v.count; ++j)
            out.sets()[k * pl.criterion_words + v.items[j] / 64] |= std::uint64_t{1} << (v.items[j] % 64);
    }
}

void mark_reported(const bound_input& in, std::uint32_t i, slots& out)
{
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    if (in.values[i].known()) out.unreported[i / 64] &= ~bit;
    else out.unreported[i / 64] |= bit;
}

}  // namespace

void slots::lay_out(std::size_t tests, std::size_t sets, std::size_t set_words, bool narrow_operands)
{
    narrow = narrow_operands;
    tests_ = static_cast<std::uint32_t>(tests);
    known_at_ = static_cast<std::uint32_t>(8 * ((tests + 63) / 64));
    sets_at_ = known_at_ + static_cast<std::uint32_t>(8 * ((sets + 7) / 8));
    operands_at_ = sets_at_ + static_cast<std::uint32_t>(8 * sets * set_words);
    const std::size_t used = operands_at_ + tests * (narrow ? 4 : 8) + 32;  // 32: vector loads past the last
    size_ = static_cast<std::uint32_t>(used);
    if (used > local_bytes) return heap_.assign(used, std::byte{0});
    heap_.clear();
    std::fill_n(local_.data(), used, std::byte{0});
}

void fill_slots(const program& p, const bound_input& in, slots& out)
{
    const plan& pl = p.fast;
    thread_local std::vector<filled> operands;
    operands.resize(pl.tests.size());
    bool narrow = true;
    out.usable = true;
    out.tree_error = false;
    for (std::size_t i = 0; i < pl.tests.size(); ++i) {
        const auto& f = operands[i] = fill_test(p, in, i);
        out.usable = out.usable && f.fits;
        out.tree_error = out.tree_error || f.tree_error;
        narrow = narrow && fits_narrow(f);
    }
    out.lay_out(pl.tests.size(), pl.set_indicators.size(), pl.criterion_words, narrow);
    for (std::size_t i = 0; i < pl.tests.size(); ++i) store(operands[i], i, out);
    fill_sets(pl, in, out);
    out.unreported.assign((in.values.size() + 63) / 64, 0);
    for (std::uint32_t i = 0; i < in.values.size(); ++i) mark_reported(in, i, out);
}

void refill_slots(const program& p, const bound_input& in, std::uint32_t indicator, slots& out)
{
    const plan& pl = p.fast;
    if (out.tests() != pl.tests.size()) return fill_slots(p, in, out);
    // A value too big for the plan may have been replaced, and computed operands read
    // several values: look at them all again.
    if (!out.usable || pl.refill_all || !pl.set_indicators.empty()) return fill_slots(p, in, out);
    for (auto i : pl.tests_of[indicator]) {
        const auto f = fill_test(p, in, i);
        if (!f.fits || (out.narrow && !fits_narrow(f))) return fill_slots(p, in, out);  // says which, and widens
        store(f, i, out);
    }
    mark_reported(in, indicator, out);
}

}  // namespace hallmark::engine
